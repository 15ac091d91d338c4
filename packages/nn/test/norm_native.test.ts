/**
 * The fused normalization kernels (batch, group, instance and layer norm) against PyTorch:
 * outputs, gradients of input, weight and bias, and running statistics, in float32 and float64,
 * through the native backward and through the composed backward of a createGraph pass; then
 * gradcheck / gradgradcheck, non-contiguous operands, empty batches, PyTorch's errors and the
 * addon's own argument checks.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as torch from '@tensile/core';
import type { Tensor } from '@tensile/core';
import * as nn from '@tensile/nn';
import { dec, expectClose, type Enc } from './golden';

const F = nn.functional;

interface Case {
  name: string;
  op: 'batch_norm' | 'group_norm' | 'instance_norm' | 'layer_norm';
  args: { training?: boolean; momentum?: number; eps?: number; num_groups?: number; use_input_stats?: boolean; normalized_shape?: number[] };
  x: Enc; weight?: Enc; bias?: Enc; runningMean?: Enc; runningVar?: Enc;
  out: Enc; upstream: Enc; dx: Enc; dweight?: Enc; dbias?: Enc; runningMeanAfter?: Enc; runningVarAfter?: Enc;
}
const golden = JSON.parse(readFileSync(new URL('./golden/norm.json', import.meta.url), 'utf8')) as { cases: Case[] };

/** PyTorch's grad_fn of each op's output (instance norm runs as batch norm in PyTorch). */
const NODE = {
  batch_norm: 'NativeBatchNormBackward0', instance_norm: 'NativeBatchNormBackward0',
  group_norm: 'NativeGroupNormBackward0', layer_norm: 'NativeLayerNormBackward0',
};

function apply(c: Case, x: Tensor, w: Tensor | null, b: Tensor | null, rm: Tensor | null, rv: Tensor | null): Tensor {
  const a = c.args, eps = a.eps ?? 1e-5, momentum = a.momentum ?? 0.1;
  switch (c.op) {
    case 'batch_norm': return F.batchNorm(x, rm, rv, { weight: w, bias: b, training: a.training, momentum, eps });
    case 'group_norm': return F.groupNorm(x, a.num_groups!, { weight: w, bias: b, eps });
    case 'instance_norm':
      return F.instanceNorm(x, { runningMean: rm, runningVar: rv, weight: w, bias: b, useInputStats: a.use_input_stats, momentum, eps });
    default: return F.layerNorm(x, a.normalized_shape!, { weight: w, bias: b, eps });
  }
}

describe('fused normalization against PyTorch', () => {
  for (const c of golden.cases) {
    const tol = c.x.dtype === 'float32' ? 1e-4 : 1e-9;
    const setup = () => ({
      x: dec(c.x).requiresGrad_(),
      w: c.weight ? dec(c.weight).requiresGrad_() : null,
      b: c.bias ? dec(c.bias).requiresGrad_() : null,
      rm: c.runningMean ? dec(c.runningMean) : null,
      rv: c.runningVar ? dec(c.runningVar) : null,
    });
    it(`${c.name}: output, native backward, running stats`, () => {
      const { x, w, b, rm, rv } = setup();
      const y = apply(c, x, w, b, rm, rv);
      expect(y.dtype).toBe(c.x.dtype);
      expect(y.gradFn?.name).toBe(NODE[c.op]);
      expectClose(y, c.out, 'out', tol);
      y.backward(dec(c.upstream));
      expectClose(x.grad!, c.dx, 'dx', tol);
      if (w) expectClose(w.grad!, c.dweight!, 'dweight', tol);
      if (b) expectClose(b.grad!, c.dbias!, 'dbias', tol);
      if (rm) expectClose(rm, c.runningMeanAfter!, 'running_mean', tol);
      if (rv) expectClose(rv, c.runningVarAfter!, 'running_var', tol);
    });
    it(`${c.name}: composed backward of a createGraph pass`, () => {
      const { x, w, b, rm, rv } = setup();
      const y = apply(c, x, w, b, rm, rv);
      const ins = [x, w, b].filter((t): t is Tensor => t !== null);
      const grads = torch.autograd.grad(y, ins, { gradOutputs: [dec(c.upstream)], createGraph: true });
      // differentiable (a graph to go on from), unless dx = dy * w * rstd holds no input
      const fixedStats = c.args.training === false || c.args.use_input_stats === false;
      expect(grads[0]!.requiresGrad).toBe(!fixedStats || w !== null);
      expectClose(grads[0]!, c.dx, 'dx', tol);
      if (w) expectClose(grads[1]!, c.dweight!, 'dweight', tol);
      if (b) expectClose(grads[2]!, c.dbias!, 'dbias', tol);
    });
  }
});

describe('gradcheck and gradgradcheck (float64)', () => {
  torch.manualSeed(7);
  const d = (...s: number[]) => torch.randn(s, { dtype: 'float64' }).mul(1.5).add(0.5).requiresGrad_();
  const pos = (n: number) => torch.rand([n], { dtype: 'float64' }).add(0.5).requiresGrad_();
  // a fixed upstream weighting: with sum() alone, batch norm's input gradient is identically zero
  const mix = (y: Tensor) => y.mul(torch.linspace(-1, 2, y.numel(), { dtype: 'float64' }).reshape(y.shape as number[]));
  const rm = torch.randn([3], { dtype: 'float64' }), rv = torch.rand([3], { dtype: 'float64' }).add(0.5);
  const TABLE: [string, () => Tensor[], (...a: Tensor[]) => Tensor][] = [
    ['batch_norm train', () => [d(4, 3, 2), pos(3), d(3)], (x, w, b) => mix(F.batchNorm(x, null, null, { weight: w, bias: b, training: true }))],
    ['batch_norm train 2d', () => [d(5, 3), pos(3), d(3)], (x, w, b) => mix(F.batchNorm(x, null, null, { weight: w, bias: b, training: true }))],
    ['batch_norm eval', () => [d(2, 3, 3), pos(3), d(3)], (x, w, b) => mix(F.batchNorm(x, rm, rv, { weight: w, bias: b, training: false }))],
    ['batch_norm no affine', () => [d(3, 3, 2)], (x) => mix(F.batchNorm(x, null, null, { training: true }))],
    ['group_norm', () => [d(2, 4, 3), pos(4), d(4)], (x, w, b) => mix(F.groupNorm(x, 2, { weight: w, bias: b }))],
    ['instance_norm', () => [d(2, 3, 4), pos(3), d(3)], (x, w, b) => mix(F.instanceNorm(x, { weight: w, bias: b }))],
    ['layer_norm', () => [d(3, 5), pos(5), d(5)], (x, w, b) => mix(F.layerNorm(x, [5], { weight: w, bias: b }))],
    ['layer_norm 2 dims', () => [d(2, 2, 3), d(2, 3)], (x, w) => mix(F.layerNorm(x, [2, 3], { weight: w }))],
  ];
  for (const [name, make, fn] of TABLE) {
    it(`${name}: gradcheck`, () => expect(torch.autograd.gradcheck(fn, make())).toBe(true));
    it(`${name}: gradgradcheck`, () => expect(torch.autograd.gradgradcheck(fn, make())).toBe(true));
  }
});

describe('operands and edge cases', () => {
  it('non-contiguous input, weight and grad give the contiguous results', () => {
    torch.manualSeed(3);
    const base = torch.randn([5, 3, 4]).mul(2).add(1);
    const wbase = torch.rand([6]).add(0.5);
    const g = torch.randn([4, 3, 5]);
    const run = (op: (x: Tensor, w: Tensor) => Tensor, contiguous: boolean) => {
      const leaf = base.clone().requiresGrad_(), wleaf = wbase.clone().requiresGrad_();
      const x = leaf.permute(2, 1, 0), w = wleaf.index('::2');
      const y = contiguous ? op(x.contiguous(), w.contiguous()) : op(x, w);
      y.backward(contiguous ? g : g.transpose(0, 2).contiguous().transpose(0, 2));
      return [y, leaf.grad!, wleaf.grad!];
    };
    const ops: ((x: Tensor, w: Tensor) => Tensor)[] = [
      (x, w) => F.batchNorm(x, null, null, { weight: w, training: true }),
      (x, w) => F.instanceNorm(x, { weight: w }),
      (x, w) => F.groupNorm(x, 3, { weight: w }),
      (x, w) => F.layerNorm(x.transpose(1, 2), [3], { weight: w }).transpose(1, 2),
    ];
    for (const op of ops) {
      const a = run(op, false), b = run(op, true);
      for (let i = 0; i < 3; i++) expect(torch.allclose(a[i], b[i], { rtol: 1e-5, atol: 1e-6 })).toBe(true);
    }
    // and against the definition, written with core ops
    const x = base.permute(2, 1, 0);
    const mean = x.mean({ dim: [0, 2], keepdim: true }), v = x.sub(mean).square().mean({ dim: [0, 2], keepdim: true });
    const ref = x.sub(mean).mul(v.add(1e-5).rsqrt());
    expect(torch.allclose(F.batchNorm(x, null, null, { training: true }), ref, { rtol: 1e-5, atol: 1e-5 })).toBe(true);
  });

  it('running statistics are updated in place (version bumped) and eval uses them', () => {
    const rm = torch.zeros([2]), rv = torch.ones([2]);
    const v0 = rm._version;
    const x = torch.tensor([[1, 10], [3, 20], [5, 30]], { dtype: 'float32' });
    F.batchNorm(x, rm, rv, { training: true, momentum: 0.5 });
    expect(rm._version).toBeGreaterThan(v0);
    expect(torch.allclose(rm, torch.tensor([1.5, 10]))).toBe(true);
    // with the unbiased variances, 4 and 100
    expect(torch.allclose(rv, torch.tensor([2.5, 50.5]))).toBe(true);
    const y = F.batchNorm(torch.tensor([[1.5, 10]], { dtype: 'float32' }), rm, rv, { training: false, eps: 0 });
    expect(Array.from(y.toArray() as Float32Array)).toEqual([0, 0]);
  });

  it('eval-mode batch norm: gradients of input, weight and bias', () => {
    const f32 = { dtype: 'float32' } as const;
    const rm = torch.tensor([1, -1], f32), rv = torch.tensor([4, 0.25], f32);
    const x = torch.tensor([[3, 0], [1, -2]], f32).requiresGrad_();
    const w = torch.tensor([2, 3], f32).requiresGrad_(), b = torch.tensor([0.5, 0], f32).requiresGrad_();
    const y = F.batchNorm(x, rm, rv, { weight: w, bias: b, training: false, eps: 0 });
    expect(Array.from(y.toArray() as Float32Array)).toEqual([2.5, 6, 0.5, -6]);
    y.backward(torch.tensor([[1, 1], [2, -1]], f32));
    expect(Array.from(x.grad!.toArray() as Float32Array)).toEqual([1, 6, 2, -6]);
    expect(Array.from(w.grad!.toArray() as Float32Array)).toEqual([1, 4]);
    expect(Array.from(b.grad!.toArray() as Float32Array)).toEqual([3, 0]);
  });

  it('empty batches give empty outputs and leave running stats alone', () => {
    const rm = torch.tensor([1, 2, 3], { dtype: 'float32' }), rv = torch.tensor([2, 2, 2], { dtype: 'float32' });
    const w = torch.ones([3]).requiresGrad_();
    const y = F.batchNorm(torch.randn([0, 3, 4]), rm, rv, { weight: w, training: true });
    expect(y.shape).toEqual([0, 3, 4]);
    y.sum().backward();
    expect(Array.from(w.grad!.toArray() as Float32Array)).toEqual([0, 0, 0]);
    expect(Array.from(rm.toArray() as Float32Array)).toEqual([1, 2, 3]);
    expect(Array.from(rv.toArray() as Float32Array)).toEqual([2, 2, 2]);
    expect(F.groupNorm(torch.randn([0, 4, 3]), 2).shape).toEqual([0, 4, 3]);
    expect(F.layerNorm(torch.randn([0, 4]), [4]).shape).toEqual([0, 4]);
    expect(F.instanceNorm(torch.randn([0, 3, 4])).shape).toEqual([0, 3, 4]);
  });

  it("throws PyTorch's errors", () => {
    const x = torch.randn([2, 3]);
    expect(() => F.batchNorm(torch.randn([1, 3]), null, null, { training: true }))
      .toThrow('Expected more than 1 value per channel when training, got input size torch.Size([1, 3])');
    expect(() => F.batchNorm(torch.randn([3]), null, null, { training: true })).toThrow('batch_norm: expected 2D or more input (got 1D input)');
    expect(() => F.batchNorm(x, torch.zeros([4]), torch.ones([3]), { training: true })).toThrow('running_mean should contain 3 elements not 4');
    expect(() => F.batchNorm(x, null, null, { weight: torch.ones([4]), training: true })).toThrow('weight should contain 3 elements not 4');
    expect(() => F.batchNorm(x, null, null, { bias: torch.ones([2]), training: true })).toThrow('bias should contain 3 elements not 2');
    expect(() => F.batchNorm(x, null, null, { training: false })).toThrow('running_mean and running_var must be defined in evaluation mode');
    expect(() => F.groupNorm(torch.randn([2, 4, 3]), 3))
      .toThrow('Expected number of channels in input to be divisible by num_groups, but got input of shape [2, 4, 3] and num_groups=3');
    expect(() => F.groupNorm(torch.randn([2, 4, 3]), 2, { weight: torch.ones([3]) }))
      .toThrow('Expected weight to be a vector of size equal to the number of channels in input, but got weight of shape [3] and input of shape [2, 4, 3]');
    expect(() => F.groupNorm(torch.randn([4]), 2)).toThrow('Expected at least 2 dimensions for input tensor but received 1');
    expect(() => F.layerNorm(x, [4])).toThrow('Given normalized_shape=[4], expected input with shape [*, 4], but got input of size[2, 3]');
    expect(() => F.layerNorm(x, [3], { weight: torch.ones([2]) }))
      .toThrow('Expected weight to be of same shape as normalized_shape, but got weight of shape [2] and normalized_shape = [3]');
    expect(() => F.layerNorm(x, [3], { bias: torch.ones([3, 1]) }))
      .toThrow('Expected bias to be of same shape as normalized_shape, but got bias of shape [3, 1] and normalized_shape = [3]');
    expect(() => F.instanceNorm(torch.randn([2, 3, 1]))).toThrow('Expected more than 1 spatial element when training, got input size torch.Size([2, 3, 1])');
    expect(() => F.instanceNorm(torch.randn([2, 3, 4]), { useInputStats: false }))
      .toThrow('Expected running_mean and running_var to be defined when use_input_stats is false');
    expect(() => new nn.BatchNorm2d(3).forward(torch.randn([2, 3, 4]))).toThrow('expected 4D input (got 3D input)');
  });

  it('the native entries reject other dtypes and short buffers', () => {
    const b = torch._backendFor('cpu');
    const xi = torch.ones([2, 3], { dtype: 'int64' });
    expect(() => b.layerNorm!(torch.empty([2, 3], { dtype: 'int64' }), null, null, xi, null, null, 2, 3, 1e-5))
      .toThrow(`"LayerNormKernelImpl" not implemented for 'Long'`);
    const geo = { n: 2, c: 3, hw: 1, training: true, momentum: 0.1, eps: 1e-5 };
    const c3 = () => torch.empty([3], { dtype: 'int64' });
    expect(() => b.batchNorm!(torch.empty([2, 3], { dtype: 'int64' }), c3(), c3(), xi, null, null, null, null, geo))
      .toThrow(`"batch_norm" not implemented for 'Long'`);
    const x = torch.randn([2, 3]);
    // an output, statistic or parameter shorter than the geometry says must throw, not write past it
    expect(() => b.layerNorm!(torch.empty([5]), null, null, x, null, null, 2, 3, 1e-5)).toThrow('out extends past its storage');
    expect(() => b.groupNorm!(torch.empty([2, 3]), torch.empty([1]), null, x, null, null, { n: 2, c: 3, hw: 1, groups: 3 }, 1e-5))
      .toThrow('mean extends past its storage');
    expect(() => b.groupNorm!(torch.empty([2, 3]), null, null, x, null, null, { n: 2, c: 3, hw: 1, groups: 2 }, 1e-5))
      .toThrow('invalid groups');
    expect(() => b.batchNorm!(torch.empty([2, 3]), torch.empty([3]), torch.empty([3]), x, torch.ones([2]), null, null, null, geo))
      .toThrow('weight extends past its storage');
    expect(() => b.batchNormBackward!({ dx: torch.empty([2, 3]), dweight: null, dbias: null }, torch.randn([2, 2]), x,
      torch.zeros([3]), torch.ones([3]), null, geo)).toThrow('grad_output extends past its storage');
    expect(() => b.layerNormBackward!({ dx: null, dweight: torch.empty([2]), dbias: null }, x, x, torch.zeros([2]), torch.ones([2]),
      null, 2, 3)).toThrow('grad_weight extends past its storage');
  });
});
