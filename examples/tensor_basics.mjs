#!/usr/bin/env node
// `npm run demo`: a tour of @tensile/core — tensors printed as PyTorch prints them, autograd,
// and a linear regression fitted with a hand-written gradient-descent loop.
import * as torch from '@tensile/core';

torch.manualSeed(0);
console.log('Tensile demo — tensors and autograd on the native addon\n');

const a = torch.tensor([[1, 2], [3, 4]], { dtype: 'float32' });
console.log('a =', String(a));
console.log('a @ a.T =', String(a.matmul(a.T)));
console.log('a.sum(1) =', String(a.sum(1)), '  a.max(1).indices =', String(a.max(1).indices));

const w = torch.tensor([1.5, -0.5], { dtype: 'float32', requiresGrad: true });
const y = w.pow(3).sum();
y.backward();
console.log('\nd/dw sum(w^3) =', String(w.grad), '(expected 3w^2 = [6.75, 0.75])');

// y = 3x - 2 + noise; recover slope and intercept with gradient descent
const x = torch.randn(1000, 1);
const target = x.mul(3).sub(2).add(torch.randn(1000, 1).mul(0.1));
const slope = torch.zeros(1, { requiresGrad: true });
const bias = torch.zeros(1, { requiresGrad: true });
const t0 = performance.now();
for (let step = 0; step < 200; step++) {
  const loss = x.mul(slope).add(bias).sub(target).pow(2).mean();
  loss.backward();
  torch.noGrad(() => {
    slope.sub_(slope.grad.mul(0.1));
    bias.sub_(bias.grad.mul(0.1));
  });
  slope.grad = null;
  bias.grad = null;
  if (step % 50 === 0) console.log(`step ${String(step).padStart(3)}  loss ${loss.item().toFixed(5)}`);
}
console.log(`\nfitted slope ${slope.item().toFixed(3)} (true 3), intercept ${bias.item().toFixed(3)} (true -2)` +
  ` in ${(performance.now() - t0).toFixed(0)} ms`);
