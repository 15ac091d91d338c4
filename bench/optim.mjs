// Optimizer workloads (issue #4): each returns seconds per call (median); names match torch_twin.py.
import * as torch from '@tensile/core';
import * as optim from '@tensile/optim';
import { time } from './harness.mjs';

/** The parameter shapes of an MLP 784-512-256-10 (≈535k parameters). */
export const MLP_SHAPES = [[512, 784], [512], [256, 512], [256], [10, 256], [10]];

export function workloads() {
  const out = {};
  torch.manualSeed(0);
  const params = MLP_SHAPES.map((s) => torch.randn(s).requiresGrad_(true));
  for (const p of params) p.grad = torch.randn(p.shape).mul(1e-2);
  const adam = new optim.Adam(params, { lr: 1e-3 });
  out['Adam step MLP 784-512-256-10'] = time(() => adam.step(), { reps: 31, warmup: 5, inner: 5 });
  const sgd = new optim.SGD(params, { lr: 1e-2, momentum: 0.9 });
  out['SGD momentum step MLP 784-512-256-10'] = time(() => sgd.step(), { reps: 31, warmup: 5, inner: 5 });
  return out;
}
