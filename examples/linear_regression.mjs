#!/usr/bin/env node
// Linear regression twice: first with a hand-written gradient-descent update (the "autograd
// only" tutorial), then the idiomatic way with nn.Linear, nn.MSELoss and optim.SGD.
//   node examples/linear_regression.mjs [--quick]
import * as torch from '@tensile/core';
import * as nn from '@tensile/nn';
import * as optim from '@tensile/optim';

const quick = process.argv.includes('--quick') || process.env.TENSILE_QUICK === '1';
function check(ok, message) {
  if (!ok) {
    console.error(`FAILED: ${message}`);
    process.exit(1);
  }
}

torch.manualSeed(0);
// Data: y = 2·x₁ − 3.4·x₂ + 4.2 + noise (the d2l.ai synthetic regression set)
const trueW = torch.tensor([[2.0], [-3.4]]); // float32: non-integer literals
const trueB = 4.2;
const n = quick ? 256 : 1000;
const X = torch.randn(n, 2);
const y = X.matmul(trueW).add(trueB).add(torch.randn(n, 1).mul(0.01));

// ---- 1. Manual updates -------------------------------------------------------------
// w = torch.zeros(2, 1, requires_grad=True); b = torch.zeros(1, requires_grad=True)
const w = torch.zeros([2, 1], { requiresGrad: true });
const b = torch.zeros(1, { requiresGrad: true });
const lr = 0.1;
const steps = quick ? 60 : 200;
let first = 0, last = 0;
for (let step = 0; step < steps; step++) {
  const pred = X.matmul(w).add(b); // X @ w + b
  const loss = pred.sub(y).pow(2).mean(); // ((pred - y) ** 2).mean()
  loss.backward();
  // with torch.no_grad(): w -= lr * w.grad; b -= lr * b.grad
  torch.noGrad(() => {
    w.sub_(w.grad.mul(lr));
    b.sub_(b.grad.mul(lr));
  });
  w.grad.zero_(); // w.grad.zero_()
  b.grad.zero_();
  if (step === 0) first = loss.item();
  last = loss.item();
  if (step % Math.floor(steps / 4) === 0) console.log(`manual  step ${String(step).padStart(3)}  loss ${last.toFixed(6)}`);
}
console.log(`manual: w = ${JSON.stringify(w.flatten().tolist().map((v) => +v.toFixed(3)))}, b = ${b.item().toFixed(3)}  (true [2, -3.4], 4.2)`);
check(last < first / 100, `manual loss did not decrease enough (${first} → ${last})`);
check(Math.abs(w.index(0, 0).item() - 2) < 0.05 && Math.abs(b.item() - 4.2) < 0.05, 'manual fit is off');

// ---- 2. nn.Linear + MSELoss + SGD ----------------------------------------------------
const model = new nn.Linear(2, 1); // model = nn.Linear(2, 1)
const criterion = new nn.MSELoss(); // criterion = nn.MSELoss()
const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 }); // optim.SGD(model.parameters(), lr=0.1)
let firstLoss = 0, lastLoss = 0;
for (let epoch = 0; epoch < steps; epoch++) {
  optimizer.zeroGrad(); // optimizer.zero_grad()
  const loss = criterion.forward(model.forward(X), y); // criterion(model(X), y)
  loss.backward(); // loss.backward()
  optimizer.step(); // optimizer.step()
  if (epoch === 0) firstLoss = loss.item();
  lastLoss = loss.item();
  if (epoch % Math.floor(steps / 4) === 0) console.log(`SGD     epoch ${String(epoch).padStart(3)}  loss ${lastLoss.toFixed(6)}`);
}
console.log(`SGD: weight = ${String(model.weight.detach())}, bias = ${String(model.bias.detach())}`);
check(lastLoss < firstLoss / 100, `SGD loss did not decrease enough (${firstLoss} → ${lastLoss})`);
check(Math.abs(model.bias.item() - 4.2) < 0.05, 'SGD bias is off');

// Prediction for a new point, without recording a graph: with torch.no_grad(): model(x_new)
const xNew = torch.tensor([[1.0, 1.0]], { dtype: 'float32' }); // whole numbers would give int64
const yNew = torch.noGrad(() => model.forward(xNew)).item();
console.log(`prediction at [1, 1]: ${yNew.toFixed(3)} (true ${(2 - 3.4 + 4.2).toFixed(3)})`);
check(Math.abs(yNew - 2.8) < 0.1, 'prediction is off');
if (quick) console.log('\nquick check passed');
