// The Optimizer base class (groups, zeroGrad, closures, errors, repr), the fused-kernel entry,
// EarlyStopping, and training to a low loss on a small real problem.
import { expect, test } from 'vitest';
import * as torch from '@tensile/core';
import * as optim from '@tensile/optim';

test('param groups: per-group options, generators, camelCase keys, addParamGroup', () => {
  const a = torch.zeros(2).requiresGrad_(true), b = torch.zeros(3).requiresGrad_(true), c = torch.zeros(1).requiresGrad_(true);
  function* gen() { yield b; }
  const opt = new optim.Adam([{ params: [a], lr: 1e-4, weightDecay: 0.5 }, { params: gen() }], { lr: 1e-3 });
  expect(opt.paramGroups[0].lr).toBe(1e-4);
  expect(opt.paramGroups[0].weight_decay).toBe(0.5);
  expect(opt.paramGroups[1].lr).toBe(1e-3);
  expect(opt.paramGroups[1].params).toEqual([b]);
  expect(Object.keys(opt.paramGroups[0])).toEqual(['params', 'lr', 'weight_decay', 'betas', 'eps', 'amsgrad', 'maximize', 'foreach', 'capturable', 'differentiable', 'fused']);
  opt.addParamGroup({ params: c, betas: [0.5, 0.6] });
  expect(opt.paramGroups[2].betas).toEqual([0.5, 0.6]);
  expect(() => opt.addParamGroup({ params: [a] })).toThrow('some parameters appear in more than one parameter group');
  expect(opt.stateDict().param_groups.map((g) => g.params)).toEqual([[0], [1], [2]]);
});

test('constructor errors use PyTorch wording', () => {
  const p = torch.zeros(2).requiresGrad_(true);
  expect(() => new optim.SGD([p])).toThrow("parameter group didn't specify a value of required optimization parameter lr");
  expect(() => new optim.SGD([], { lr: 0.1 })).toThrow('optimizer got an empty parameter list');
  expect(() => new optim.SGD(p as unknown as torch.Tensor[], { lr: 0.1 })).toThrow('params argument given to the optimizer should be an iterable of Tensors or dicts');
  expect(() => new optim.Adam([p], { lr: -1 })).toThrow('Invalid learning rate: -1');
  expect(() => new optim.Adam([p], { betas: [1, 0.9] })).toThrow('Invalid beta parameter at index 0: 1');
  expect(() => new optim.SGD([p], { lr: 0.1, nesterov: true })).toThrow('Nesterov momentum requires a momentum and zero dampening');
  expect(() => new optim.SGD([p.mul(2)], { lr: 0.1 })).toThrow("can't optimize a non-leaf Tensor");
  expect(() => new optim.Adam([p], { fused: true })).toThrow('FusedAdam requires all the params to be CUDA, floating point');
});

test('zeroGrad sets gradients to null by default, or zeroes them', () => {
  const p = torch.ones(2).requiresGrad_(true);
  const opt = new optim.SGD([p], { lr: 0.1 });
  p.mul(3).sum().backward();
  opt.zeroGrad({ setToNone: false });
  expect(Array.from(p.grad!.toArray() as Float32Array)).toEqual([0, 0]);
  opt.zeroGrad();
  expect(p.grad).toBeNull();
});

test('step(closure) evaluates the closure with gradients enabled and returns its loss', () => {
  const p = torch.tensor([2], { dtype: 'float32' }).requiresGrad_(true);
  const opt = new optim.SGD([p], { lr: 0.25 });
  const loss = torch.noGrad(() =>
    opt.step(() => {
      opt.zeroGrad();
      const l = p.pow(2).sum();
      l.backward();
      return l;
    }),
  );
  expect((loss as torch.Tensor).item()).toBe(4);
  expect(p.item()).toBe(1); // 2 - 0.25 * 4
  expect(new optim.SGD([p], { lr: 0.1 }).step()).toBeUndefined();
});

test('parameters without gradients are skipped and get no state', () => {
  const a = torch.ones(2).requiresGrad_(true), b = torch.ones(2).requiresGrad_(true);
  const opt = new optim.Adam([a, b]);
  a.grad = torch.ones(2);
  opt.step();
  expect(opt.state.has(a)).toBe(true);
  expect(opt.state.has(b)).toBe(false);
  expect(Array.from(b.detach().toArray() as Float32Array)).toEqual([1, 1]);
});

test("toString is PyTorch's repr", () => {
  const opt = new optim.SGD([torch.zeros(1).requiresGrad_(true)], { lr: 0.1 });
  expect(String(opt)).toBe(
    'SGD (\nParameter Group 0\n    dampening: 0\n    differentiable: False\n    foreach: None\n    lr: 0.1\n    maximize: False\n    momentum: 0\n    nesterov: False\n    weight_decay: 0\n)',
  );
});

test('_fusedOptimStep runs on contiguous float tensors and declines other layouts', () => {
  const p = torch.ones(4), g = torch.ones(4);
  expect(torch._fusedOptimStep('sgd', p, g, [null], [0.5, 0, 0, 0, 0, 0, 0])).toBe(true);
  expect(Array.from(p.toArray() as Float32Array)).toEqual([0.5, 0.5, 0.5, 0.5]);
  expect(torch._fusedOptimStep('sgd', torch.ones(2, 2).t(), torch.ones(2, 2), [null], [0.5, 0, 0, 0, 0, 0, 0])).toBe(false);
  expect(torch._fusedOptimStep('sgd', torch.ones(4, { dtype: 'float16' }), torch.ones(4, { dtype: 'float16' }), [null], [0.5, 0, 0, 0, 0, 0, 0])).toBe(false);
  expect(torch._fusedOptimStep('sgd', torch.ones(4), torch.ones(4, { dtype: 'float64' }), [null], [0.5, 0, 0, 0, 0, 0, 0])).toBe(false);
});

test('float16 parameters take the composed path', () => {
  const p = torch.ones(3, { dtype: 'float16' }).requiresGrad_(true);
  const opt = new optim.SGD([p], { lr: 0.5, momentum: 0.9 });
  p.grad = torch.ones(3, { dtype: 'float16' });
  opt.step();
  opt.step();
  // buf = 1, then 0.9 + 1 = 1.9: p = 1 - 0.5 - 0.95, rounded to float16 as PyTorch gives it
  expect(Array.from(p.detach().float().toArray() as Float32Array)).toEqual([-0.4501953125, -0.4501953125, -0.4501953125]);
});

test('EarlyStopping stops after patience epochs without improvement', () => {
  const stopper = new optim.EarlyStopping({ patience: 2, minDelta: 0.01 });
  const losses = [1.0, 0.8, 0.795, 0.79, 0.85, 0.7];
  const stops = losses.map((l) => stopper.step(l));
  expect(stops).toEqual([false, false, false, false, true, false]);
  expect(stopper.best).toBe(0.7);
  const max = new optim.EarlyStopping({ mode: 'max', patience: 0 });
  expect([max.step(0.5), max.step(0.6), max.step(0.6)]).toEqual([false, false, true]);
});

test('training converges: linear regression with Adam and an XOR MLP with SGD momentum', () => {
  torch.manualSeed(0);
  // y = X w* + b* + noise
  const X = torch.randn(128, 4);
  const wTrue = torch.tensor([[1.5], [-2.0], [0.5], [3.0]], { dtype: 'float32' });
  const y = X.matmul(wTrue).add(0.7).add(torch.randn(128, 1).mul(0.01));
  const w = torch.zeros(4, 1).requiresGrad_(true), b = torch.zeros(1).requiresGrad_(true);
  const opt = new optim.Adam([w, b], { lr: 0.1 });
  const sched = new optim.lrScheduler.StepLR(opt, { stepSize: 100, gamma: 0.5 });
  let loss = Infinity;
  for (let i = 0; i < 300; i++) {
    opt.zeroGrad();
    const l = X.matmul(w).add(b).sub(y).pow(2).mean();
    l.backward();
    opt.step();
    sched.step();
    loss = l.item();
  }
  expect(loss).toBeLessThan(1e-3);
  expect(Math.abs(b.item() - 0.7)).toBeLessThan(0.01);

  // XOR with a 2-8-1 tanh MLP
  const xs = torch.tensor([[0, 0], [0, 1], [1, 0], [1, 1]], { dtype: 'float32' });
  const ys = torch.tensor([[0], [1], [1], [0]], { dtype: 'float32' });
  const W1 = torch.randn(2, 8).mul(0.8).requiresGrad_(true), b1 = torch.zeros(8).requiresGrad_(true);
  const W2 = torch.randn(8, 1).mul(0.8).requiresGrad_(true), b2 = torch.zeros(1).requiresGrad_(true);
  const sgd = new optim.SGD([W1, b1, W2, b2], { lr: 0.2, momentum: 0.9 });
  let xorLoss = Infinity;
  for (let i = 0; i < 500; i++) {
    sgd.zeroGrad();
    const out = xs.matmul(W1).add(b1).tanh().matmul(W2).add(b2).sigmoid();
    const l = out.sub(ys).pow(2).mean();
    l.backward();
    sgd.step();
    xorLoss = l.item();
  }
  expect(xorLoss).toBeLessThan(0.01);
});
