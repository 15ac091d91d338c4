// Core workloads (issue #2): each returns seconds per call (median); names match torch_twin.py.
import * as torch from '@tensile/core';
import { time } from './harness.mjs';

export function workloads() {
  const out = {};
  {
    const a = torch.tensor([1.5], { dtype: 'float32' }), b = torch.tensor([2.5], { dtype: 'float32' });
    out['add 1-element'] = time(() => a.add(b), { inner: 20000, reps: 9 });
    const ag = torch.tensor([1.5], { dtype: 'float32', requiresGrad: true });
    out['add 1-element (autograd)'] = time(() => ag.add(b), { inner: 20000, reps: 9 });
  }
  for (const n of [1024, 2048]) {
    const a = torch.randn(n, n), b = torch.randn(n, n);
    const s = time(() => a.matmul(b), { reps: n === 1024 ? 9 : 5, warmup: 1 });
    out[`sgemm ${n}^3`] = s;
  }
  {
    const n = 16 * 1024 * 1024;
    const a = torch.randn(n), b = torch.randn(n);
    out['add 16M'] = time(() => a.add(b), { reps: 9 });
    out['exp 16M'] = time(() => a.exp(), { reps: 9 });
    out['sum 16M'] = time(() => a.sum(), { reps: 15 });
  }
  {
    const logits = torch.randn(1024, 1000, { requiresGrad: true });
    const target = torch.randint(0, 1000, [1024]);
    out['cross-entropy fwd+bwd (1024,1000)'] = time(() => {
      const loss = logits.logSoftmax(1).gather(1, target.unsqueeze(1)).mean().neg();
      loss.backward();
      logits.grad = null;
    }, { reps: 15, warmup: 3 });
  }
  return out;
}

/** Figures derived from times (GFLOP/s for GEMMs). */
export const rates = {
  'sgemm 1024^3': (s) => `${((2 * 1024 ** 3) / s / 1e9).toFixed(0)} GFLOP/s`,
  'sgemm 2048^3': (s) => `${((2 * 2048 ** 3) / s / 1e9).toFixed(0)} GFLOP/s`,
};
