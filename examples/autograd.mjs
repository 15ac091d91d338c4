#!/usr/bin/env node
// Autograd: PyTorch's automatic differentiation, line by line.
// Ported from the "Autograd" sections of the PyTorch tutorials (requires_grad, backward, .grad,
// zeroing gradients, torch.no_grad / detach, vector-Jacobian products, higher-order gradients).
//   node examples/autograd.mjs [--quick]
import * as torch from '@tensile/core';

const quick = process.argv.includes('--quick') || process.env.TENSILE_QUICK === '1';
function check(ok, message) {
  if (!ok) {
    console.error(`FAILED: ${message}`);
    process.exit(1);
  }
}
const close = (a, b, tol = 1e-4) => Math.abs(a - b) <= tol * (1 + Math.abs(b));

// x = torch.tensor([2.0], requires_grad=True); y = torch.tensor([3.0], requires_grad=True)
// JavaScript cannot tell 2.0 from 2, so a float tensor built from whole numbers names its dtype
// (torch.tensor([2]) is int64, as in PyTorch, and int64 tensors cannot require gradients).
const f32 = { dtype: 'float32', requiresGrad: true };
const x = torch.tensor([2.0], f32);
const y = torch.tensor([3.0], f32);

// z = x**2 + y**3; z.backward()
const z = x.pow(2).add(y.pow(3));
z.backward();
console.log('dz/dx = 2x  =', String(x.grad)); // tensor([4.])
console.log('dz/dy = 3y² =', String(y.grad)); // tensor([27.])
check(close(x.grad.item(), 4) && close(y.grad.item(), 27), 'wrong first derivatives');

// Gradients accumulate across backward calls, which is why training loops zero them.
x.pow(2).sum().backward();
console.log('after a second backward, x.grad =', String(x.grad), '(4 + 4 accumulated)');
check(close(x.grad.item(), 8), 'gradients did not accumulate');
x.grad.zero_(); // x.grad.zero_()
y.grad = null; // or drop it: x.grad = None
check(x.grad.item() === 0 && y.grad === null, 'gradients were not reset');

// A bigger graph: sigmoid(w·v + b), compared with the hand-derived gradient.
const w = torch.tensor([0.5, -1.0, 2.0], f32);
const b = torch.tensor(0.1, { requiresGrad: true });
const v = torch.tensor([1.0, 2.0, 3.0], { dtype: 'float32' });
const out = w.mul(v).sum().add(b).sigmoid();
out.backward();
const s = out.item();
console.log('d sigmoid(w·v + b) / dw =', String(w.grad), '  (expected s(1-s)·v)');
check(w.grad.tolist().every((g, i) => close(g, s * (1 - s) * [1, 2, 3][i])), 'wrong sigmoid gradient');
check(close(b.grad.item(), s * (1 - s)), 'wrong bias gradient');

// with torch.no_grad(): ... → torch.noGrad(() => ...)
const doubled = torch.noGrad(() => w.mul(2));
console.log('inside noGrad: requiresGrad =', doubled.requiresGrad);
// y = (x * 2).detach()
const detached = w.mul(2).detach();
console.log('after detach:  requiresGrad =', detached.requiresGrad);
check(!doubled.requiresGrad && !detached.requiresGrad, 'noGrad/detach still track gradients');

// A non-scalar output needs the vector of the vector-Jacobian product: y.backward(gradient=v)
const a = torch.tensor([1.0, 2.0, 3.0], f32);
const cube = a.pow(3);
cube.backward(torch.tensor([1.0, 0.1, 0.01]));
console.log('vjp of a³ with [1, 0.1, 0.01] =', String(a.grad), '(3a² · v)');
check(close(a.grad.tolist()[2], 0.27), 'wrong vector-Jacobian product');

// Intermediate tensors keep no .grad unless asked: h.retain_grad()
const p = torch.tensor([1.0, -2.0], f32);
const h = p.mul(3);
h.retainGrad();
h.pow(2).sum().backward();
console.log('retained grad of h = 3p:', String(h.grad), ' p.grad:', String(p.grad));
check(close(h.grad.tolist()[1], -12) && close(p.grad.tolist()[1], -36), 'wrong retained gradient');

// Hooks rewrite a gradient on its way back: x.register_hook(lambda g: g * 2)
const q = torch.tensor([1.0, 1.0], f32);
q.registerHook((g) => g.mul(2));
q.mul(5).sum().backward();
console.log('hooked gradient (5 doubled) =', String(q.grad));
check(close(q.grad.tolist()[0], 10), 'hook did not apply');

// Higher-order gradients: torch.autograd.grad(y, x, create_graph=True)
const t = torch.tensor(2.0, f32);
const f = t.pow(4); // f = t⁴
const [df] = torch.autograd.grad([f], [t], { createGraph: true }); // 4t³ = 32
const [d2f] = torch.autograd.grad([df], [t]); // 12t² = 48
console.log(`f = t⁴ at t = 2: f' = ${df.item()}, f'' = ${d2f.item()}`);
check(close(df.item(), 32) && close(d2f.item(), 48), 'wrong higher-order gradient');

// gradcheck compares analytic gradients with finite differences (in float64)
const inputs = [torch.randn(4, { dtype: 'float64', requiresGrad: true })];
const ok = torch.autograd.gradcheck((u) => u.tanh().mul(u).sum(), inputs);
console.log('gradcheck(tanh(u)·u) passed:', ok);
check(ok === true, 'gradcheck failed');

if (quick) console.log('\nquick check passed');
