// Every optimizer and option set against PyTorch 1.13: parameters after each step (fused native
// kernels and the composed-op path, contiguous and strided parameters), state dicts with
// PyTorch's exact keys and values, and resuming from PyTorch's state dict.
import { describe, expect, test } from 'vitest';
import * as torch from '@tensile/core';
import * as optim from '@tensile/optim';
import { camel, decode, decodeTensor, expectClose, expectStateEqual, golden, tolerances, type EncodedTensor } from './fixture';

type Case = {
  name: string; optimizer: string; options: Record<string, unknown>; groups: { params: number[]; options: Record<string, unknown> }[] | null;
  dtype: torch.DType; start: EncodedTensor[]; grads: EncodedTensor[][]; after: EncodedTensor[][];
  state_dict_resume: unknown; state_dict_final: unknown;
};
const cases: Case[] = golden.optimizers;
const RESUME_AT: number = golden.resume_at;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const CLASSES: Record<string, new (params: any, opts?: any) => optim.Optimizer> = {
  SGD: optim.SGD, Adam: optim.Adam, AdamW: optim.AdamW, Adamax: optim.Adamax, NAdam: optim.NAdam, RAdam: optim.RAdam,
  RMSprop: optim.RMSprop, Adagrad: optim.Adagrad, Adadelta: optim.Adadelta,
};

/** Leaf parameters holding `values`; `strided` makes the first one a transposed (non-contiguous) view. */
function makeParams(values: EncodedTensor[], strided = false): torch.Tensor[] {
  return values.map((v, i) => {
    const t = decodeTensor(v);
    if (strided && i === 0 && t.ndim === 2) return t.t().contiguous().t().requiresGrad_(true);
    return t.requiresGrad_(true);
  });
}

function makeOptimizer(c: Case, params: torch.Tensor[]): optim.Optimizer {
  const Cls = CLASSES[c.optimizer];
  const opts = camel(c.options);
  if (!c.groups) return new Cls(params, opts);
  return new Cls(c.groups.map((g) => ({ params: g.params.map((i) => params[i]), ...camel(g.options) })), opts);
}

function runSteps(c: Case, opt: optim.Optimizer, params: torch.Tensor[], from: number, label: string): void {
  const [rtol, atol] = tolerances(c.dtype);
  for (let k = from; k < c.grads.length; k++) {
    params.forEach((p, i) => (p.grad = decodeTensor(c.grads[k][i])));
    opt.step();
    params.forEach((p, i) => {
      expect(p.dtype).toBe(c.dtype);
      expectClose(Array.from(p.detach().contiguous().toArray() as Float32Array), c.after[k][i].values as number[], rtol, atol, `${label} step ${k + 1} param ${i}`);
    });
  }
}

describe.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  test('fused native update matches PyTorch step by step', () => {
    const params = makeParams(c.start);
    const opt = makeOptimizer(c, params);
    runSteps(c, opt, params, 0, 'fused');
  });

  test('composed-op path matches PyTorch step by step', () => {
    const params = makeParams(c.start);
    const opt = makeOptimizer(c, params);
    opt._fused = false;
    runSteps(c, opt, params, 0, 'composed');
  });

  test('non-contiguous parameters (composed fallback) match PyTorch', () => {
    const params = makeParams(c.start, true);
    expect(params[0].isContiguous()).toBe(false);
    const opt = makeOptimizer(c, params);
    runSteps(c, opt, params, 0, 'strided');
  });

  test("stateDict() has PyTorch's keys and values", () => {
    const params = makeParams(c.start);
    const opt = makeOptimizer(c, params);
    runSteps(c, opt, params, 0, 'fused');
    const [rtol, atol] = tolerances(c.dtype);
    expectStateEqual(opt.stateDict(), c.state_dict_final, rtol, atol, 'state_dict');
  });

  test("loading PyTorch's state dict resumes PyTorch's trajectory", () => {
    const params = makeParams(c.after[RESUME_AT - 1]);
    const opt = makeOptimizer(c, params);
    opt.loadStateDict(decode(c.state_dict_resume) as optim.OptimizerStateDict);
    runSteps(c, opt, params, RESUME_AT, 'resumed');
  });
});

test('fused and composed paths give the same numbers on a larger parameter (multithreaded kernel)', () => {
  torch.manualSeed(1);
  for (const [Cls, opts] of [
    [optim.Adam, { lr: 1e-2, amsgrad: true, weightDecay: 0.1 }], [optim.AdamW, {}], [optim.SGD, { lr: 0.1, momentum: 0.9, nesterov: true }],
    [optim.RMSprop, { centered: true, momentum: 0.9 }], [optim.Adagrad, {}], [optim.Adadelta, {}], [optim.Adamax, {}], [optim.NAdam, {}],
    [optim.RAdam, { betas: [0.9, 0.9] }],
  ] as const) {
    const start = torch.randn(300, 257);
    const a = start.clone().requiresGrad_(true), b = start.clone().requiresGrad_(true);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const oa = new (Cls as any)([a], opts) as optim.Optimizer, ob = new (Cls as any)([b], opts) as optim.Optimizer;
    ob._fused = false;
    for (let k = 0; k < 7; k++) {
      const g = torch.randn(300, 257);
      a.grad = g;
      b.grad = g.clone();
      oa.step();
      ob.step();
    }
    const x = a.detach().toArray() as Float32Array, y = b.detach().toArray() as Float32Array;
    expectClose(x, Array.from(y), 1e-4, 1e-5, Cls.name);
  }
});

test('step bumps the version counter of updated parameters', () => {
  const p = torch.ones(4).requiresGrad_(true);
  const opt = new optim.Adam([p]);
  p.grad = torch.ones(4);
  const v = p._version;
  opt.step();
  expect(p._version).toBeGreaterThan(v);
  const q = torch.ones(3, 2).t().requiresGrad_(true); // strided: composed path
  const opt2 = new optim.SGD([q], { lr: 0.1 });
  q.grad = torch.ones(2, 3);
  const w = q._version;
  opt2.step();
  expect(q._version).toBeGreaterThan(w);
});
