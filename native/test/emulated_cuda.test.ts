/**
 * The CUDA backend end to end without a GPU: emulated_cuda/build.mjs compiles the addon with its
 * CUDA part for the host (fake CUDA runtime, cuBLAS, CUB and half types; every kernel launch runs
 * its blocks as std::threads), and the repository's CUDA test files then run against that addon
 * on two emulated GPUs, bindings, device plumbing, host code and kernels included. What it cannot
 * check: cuDNN (the emulated build has none: convolutions take the implicit GEMM), cuBLAS's and
 * CUB's own code, half-precision device arithmetic, timing. Skipped on a machine with a real GPU
 * (scripts/gpu-check.sh runs the same files there for real) and inside that run itself.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as torch from '@tensile/core';
import { canEmulateCuda, run } from './host_tools';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const nodeHeaders = existsSync(join(dirname(dirname(process.execPath)), 'include', 'node', 'node_api.h'));
// scripts/gpu-check.sh's GPU files, less the examples (training the demo on an emulated GPU would take hours)
const CUDA_TESTS = [
  'packages/core/test/cuda.test.ts',
  'packages/nn/test/cuda.test.ts',
  'packages/optim/test/grad_scaler.test.ts',
  'packages/nn/test/amp.test.ts',
];

describe.skipIf(!canEmulateCuda || !nodeHeaders || torch.cuda.isAvailable() || process.env.TENSILE_ADDON)(
  'the CUDA test files on emulated GPUs',
  () => {
    it('build the emulated CUDA addon, then pass every CUDA test on it', async () => {
      const build = await run(process.execPath, [join(root, 'native', 'test', 'emulated_cuda', 'build.mjs')]);
      expect(build.status, build.stderr.slice(-4000)).toBe(0);
      const addon = build.stdout.trim().split('\n').pop()!;
      const env = { ...process.env, TENSILE_ADDON: addon, TENSILE_EMULATED_GPUS: '2', TENSILE_EMULATED_GPU_MEMORY_MIB: '1024', TENSILE_REQUIRE_CUDA: '1', NO_COLOR: '1', FORCE_COLOR: '0' };
      const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
      const tests = await run(process.execPath, [vitest, 'run', ...CUDA_TESTS, '--testTimeout=300000'], { env, cwd: root });
      const report = (tests.stdout + tests.stderr).slice(-6000);
      expect(tests.status, report).toBe(0);
      // the CUDA tests ran rather than skipped (only the no-GPU test skips)
      const passed = Number(/Tests\s+(\d+) passed/.exec(report)?.[1] ?? 0);
      expect(passed, report).toBeGreaterThanOrEqual(60);
    }, 1_200_000);
  },
);
