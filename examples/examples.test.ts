// Runs every example in quick mode as its own process (`node examples/<name>.mjs --quick`), as a
// user would, and checks that it exits with 0. Each example asserts its own result in quick mode
// (loss decreased, accuracy above a threshold, resumed loss equal...) and exits with 1 otherwise.
// The children import the BUILT packages (packages/*/dist) by name, so build first
// (`npm test` does); two run at a time to suit a 2-core machine.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import * as torch from '@tensile/core';
// @ts-expect-error -- a plain ESM script without type declarations
import { listExamples } from './run.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'tensile-examples-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const built = ['core', 'nn', 'optim', 'data'].every((p) => existsSync(path.join(root, 'packages', p, 'dist', 'index.js')));
const examples: [string, string][] = listExamples();

/** Extra arguments per example (keep the demo's weights out of the source tree). */
const extraArgs: Record<string, string[]> = { demo: ['--out', path.join(tmp, 'mnist_cnn.pt')] };

// at most two children at once
let running = 0;
const waiting: (() => void)[] = [];
async function limited<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= 2) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function runExample(name: string, args: string[] = []): Promise<{ code: number | null; output: string; seconds: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [path.join(here, `${name}.mjs`), '--quick', ...(extraArgs[name] ?? []), ...args], {
      cwd: root,
      env: { ...process.env, TENSILE_QUICK: '1' },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output, seconds: (performance.now() - t0) / 1000 }));
  });
}

describe('examples', () => {
  it('run.mjs lists the examples, and the packages are built', () => {
    expect(built, 'packages/*/dist is missing: run `npm run build` (npm test builds first)').toBe(true);
    const names = examples.map(([n]) => n);
    for (const n of ['tensor_basics', 'autograd', 'linear_regression', 'tabular_classifier', 'mnist_cnn', 'demo',
      'model_summary', 'lstm_classifier', 'transformer_classifier', 'fine_tuning', 'training_tricks',
      'custom_losses', 'checkpoint_resume', 'metrics']) {
      expect(names).toContain(n);
    }
    expect(names).not.toContain('mnist_dataset'); // a helper module, not a program
  });

  it.skipIf(!built)('the built packages also load with require() (CommonJS)', async () => {
    const script = "const torch = require('@tensile/core'); const nn = require('@tensile/nn');" +
      "const optim = require('@tensile/optim'); const { DataLoader, TensorDataset } = require('@tensile/data');" +
      'const m = new nn.Linear(2, 1); new optim.SGD(m.parameters(), { lr: 0.1 });' +
      'const [[x]] = [...new DataLoader(new TensorDataset(torch.ones(4, 2)), { batchSize: 4 })];' +
      'console.log(m.forward(x).shape.join("x"));';
    const { code, output } = await limited(() => new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, ['-e', script], { cwd: root });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('close', (c) => resolve({ code: c, output: out }));
    }));
    expect(code, output).toBe(0);
    expect(output.trim()).toBe('4x1');
  });

  // the children import the built packages: a GPU they can use is a CUDA build with a device
  it.skipIf(!built || !torch.cuda.isAvailable())('the demo trains on the GPU to the accuracy it reaches on the CPU', async () => {
    const accuracy = async (device: string) => {
      const { code, output } = await limited(() => runExample('demo', ['--device', device]));
      expect(code, output.slice(-2000)).toBe(0);
      expect(output).toContain(`on ${device}`);
      return Number(/final test accuracy ([\d.]+)%/.exec(output)![1]);
    };
    const [gpu, cpu] = [await accuracy('cuda'), await accuracy('cpu')];
    expect(Math.abs(gpu - cpu)).toBeLessThan(2);
  }, 180_000);

  describe.concurrent.skipIf(!built)('quick mode', () => {
    for (const [name] of examples) {
      it(name, async () => {
        const { code, output, seconds } = await limited(() => runExample(name));
        if (code !== 0) console.error(`--- ${name} (exit ${code}) ---\n${output}`);
        expect(code, `${name} exited with ${code}:\n${output.slice(-2000)}`).toBe(0);
        if (name !== 'demo') expect(output).toContain('quick check passed');
        console.log(`${name}: ${seconds.toFixed(1)} s`);
      }, 90_000);
    }
  });
});
