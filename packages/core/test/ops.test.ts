/**
 * Every op against PyTorch (golden/gen_ops.py): forward values, shape and dtype, and the
 * gradient of every input for a stored upstream gradient. One table row per op key; one test
 * per golden case.
 */
import { describe, expect, it } from 'vitest';

import * as torch from '@tensile/core';
import type { Tensor } from '@tensile/core';
import {
  buildInput, compareValues, fromValues, loadCases, resolve, tensorsOf, tolerance, valuesOf, type GoldenCase,
} from './harness';

/* eslint-disable @typescript-eslint/no-explicit-any */
type A = any[];
type K = Record<string, any>;
type OpFn = (a: A, k: K) => unknown;

/** Passes the options object only when the case has keyword arguments. */
const opt = (k: K): [K] | [] => (Object.keys(k).length ? [k] : []);
const fn = (name: string): OpFn => (a, k) => (torch as any)[name](...a, ...opt(k));
const method = (name: string): OpFn => (a, k) => a[0][name](...a.slice(1), ...opt(k));
/** In-place method applied to a clone, so the leaf stays untouched (as in the generator). */
const inplace = (name: string): OpFn => (a, k) => a[0].clone()[name](...a.slice(1), ...opt(k));

const OPS: Record<string, OpFn> = {
  // creation
  zeros: fn('zeros'), ones: fn('ones'), empty: fn('empty'), full: fn('full'), arange: fn('arange'),
  linspace: fn('linspace'), logspace: fn('logspace'), eye: fn('eye'), tensor: fn('tensor'),
  zerosLike: fn('zerosLike'), onesLike: fn('onesLike'), emptyLike: fn('emptyLike'), fullLike: fn('fullLike'),
  randShape: ([name, ...sizes]) => (torch as any)[name](...sizes),
  randint: ([lo, hi, size]) => torch.randint(lo, hi, size),
  randperm: ([n]) => torch.randperm(n),
  // unary
  ...Object.fromEntries(
    ['neg', 'abs', 'sign', 'square', 'reciprocal', 'exp', 'exp2', 'expm1', 'log', 'log2', 'log10', 'log1p', 'sqrt',
      'rsqrt', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh',
      'sigmoid', 'relu', 'erf', 'erfc', 'erfinv', 'lgamma', 'digamma', 'floor', 'ceil', 'trunc', 'frac', 'isnan',
      'isinf', 'isfinite', 'logicalNot', 'bitwiseNot'].map((n) => [n, fn(n)]),
  ),
  round: fn('round'), nanToNum: fn('nanToNum'),
  'm.isposinf': method('isposinf'), 'm.isneginf': method('isneginf'), 'm.signbit': method('signbit'),
  'm.negative': method('negative'), 'm.sgn': method('sgn'),
  ...Object.fromEntries(
    ['exp_', 'relu_', 'sigmoid_', 'clamp_', 'neg_', 'abs_', 'sqrt_', 'log_', 'tanh_', 'floor_', 'add_', 'sub_', 'mul_',
      'div_', 'pow_', 'addcmul_', 'addcdiv_', 'maskedFill_', 'fill_', 'zero_', 'copy_', 'scatter_', 'scatterAdd_',
      'maskedScatter_', 'indexFill_'].map((n) => [n, inplace(n)]),
  ),
  // binary
  ...Object.fromEntries(
    ['add', 'sub', 'mul', 'div', 'remainder', 'fmod', 'pow', 'maximum', 'minimum', 'fmax', 'fmin', 'atan2', 'hypot',
      'floorDivide', 'trueDivide', 'lerp', 'addcmul', 'addcdiv', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logicalAnd',
      'logicalOr', 'logicalXor', 'bitwiseAnd', 'bitwiseOr', 'bitwiseXor', 'equal', 'allclose', 'isclose',
      'resultType', 'where', 'clamp', 'clip', 'maskedFill'].map((n) => [n, fn(n)]),
  ),
  rsub: ([x, s]) => torch.sub(s, x),
  powScalarBase: ([base, x]) => torch.pow(base, x),
  'm.copysign': method('copysign'), 'm.xlogy': method('xlogy'), 'm.greater': method('greater'), 'm.less': method('less'),
  'm.bitwiseLeftShift': method('bitwiseLeftShift'), 'm.bitwiseRightShift': method('bitwiseRightShift'),
  'm.where': method('where'), 'm.clampMin': method('clampMin'), 'm.clampMax': method('clampMax'),
  // reductions
  ...Object.fromEntries(
    ['sum', 'mean', 'prod', 'amax', 'amin', 'nansum', 'nanmean', 'logsumexp', 'max', 'min', 'argmax', 'argmin',
      'norm', 'cumsum', 'cumprod', 'all', 'any', 'countNonzero', 'median', 'softmax', 'logSoftmax', 'var', 'std',
      'kthvalue'].map((n) => [n, fn(n)]),
  ),
  maxDim: ([x, ...r]) => torch.max(x, ...(r as [number, boolean])),
  minDim: ([x, ...r]) => torch.min(x, ...(r as [number, boolean])),
  'm.max': method('max'),
  cumsumDtype: ([x, d, dtype]) => torch.cumsum(x, d, { dtype }),
  // linear algebra
  ...Object.fromEntries(['matmul', 'mm', 'bmm', 'mv', 'dot', 'outer', 'addmm', 'baddbmm', 'einsum'].map((n) => [n, fn(n)])),
  'm.mm': method('mm'), 'm.matmul': method('matmul'),
  // sorting
  sort: fn('sort'), argsort: fn('argsort'), topk: fn('topk'), unique: fn('unique'),
  // shape
  ...Object.fromEntries(
    ['cat', 'stack', 'split', 'chunk', 'unbind', 'flip', 'roll', 'tril', 'triu', 'diagonal', 'diag', 'narrow',
      'select', 'permute', 'transpose', 'swapaxes', 't', 'reshape', 'broadcastTo', 'broadcastTensors',
      'broadcastShapes', 'squeeze', 'unsqueeze', 'flatten', 'unflatten', 'movedim', 'clone'].map((n) => [n, fn(n)]),
  ),
  view: ([x, s]) => x.view(s),
  expand: ([x, s]) => x.expand(s),
  repeat: ([x, s]) => x.repeat(s),
  tile: ([x, s]) => x.tile(s),
  sumToSize: ([x, s]) => x.sumToSize(s),
  to: ([x, dtype]) => x.to(dtype),
  T: ([x]) => x.T,
  mT: ([x]) => x.mT,
  item: ([x]) => x.item(),
  tolist: ([x]) => x.tolist(),
  numel: ([x]) => x.numel(),
  'm.split': method('split'), 'm.unfold': method('unfold'), 'm.contiguous': method('contiguous'),
  'm.expandAs': method('expandAs'), 'm.viewAs': method('viewAs'), 'm.reshapeAs': method('reshapeAs'),
  // indexing
  index: ([x, ...items]) => x.index(...items),
  indexPut_: ([x, items, v, acc]) => x.clone().indexPut_(items, v, acc ?? false),
  indexSelect: fn('indexSelect'), gather: fn('gather'), scatter: fn('scatter'), scatterAdd: fn('scatterAdd'),
  maskedSelect: fn('maskedSelect'), nonzero: fn('nonzero'), take: fn('take'),
  indexAdd: method('indexAdd'), 'm.argwhere': method('argwhere'),
  // aliases and method forms
  subtract: fn('subtract'), multiply: fn('multiply'), divide: fn('divide'), negative: fn('negative'),
  concat: fn('concat'), stdMean: fn('stdMean'), varMean: fn('varMean'), promoteTypes: fn('promoteTypes'),
  'f.index': fn('index'),
  ...Object.fromEntries(
    ['sum', 'mean', 'logsumexp', 'kthvalue', 'cumsum', 'norm', 'std', 'var', 'prod', 'softmax', 'topk', 'gather',
      'indexSelect', 'permute', 'view', 'reshape', 'expand', 'flip', 'repeat', 'chunk', 'unbind', 'narrow', 'tril',
      'diagonal', 'roll', 'squeeze', 'unsqueeze', 'flatten', 'movedim', 'clamp', 'pow', 'outer', 'dot', 'mv', 'bmm',
      'cumprod', 'amax', 'argsort', 'nansum', 'maskedSelect', 'take', 'nonzero', 'maskedFill', 'scatterAdd',
      'typeAs', 'double', 'long', 'int', 'bool', 'half', 'newZeros', 'newOnes', 'newFull'].map((n) => [`m.${n}`, method(n)]),
  ),
};

function runCase(c: GoldenCase): void {
  const built = c.inputs.map(buildInput);
  const inputs = built.map((b) => b.input);
  const op = OPS[c.op];
  if (!op) throw new Error(`no table row for op '${c.op}'`);
  const result = op(resolve(c.args, inputs) as A, resolve(c.kwargs, inputs) as K);
  if (!Array.isArray(c.out)) {
    expect(result).toEqual(c.out.scalar);
    return;
  }
  const specs = c.out;
  const outs = tensorsOf(result);
  expect(outs, 'result should be tensors').not.toBeNull();
  expect(outs!.length).toBe(c.out.length);
  c.out.forEach((o, i) => {
    const t = outs![i];
    expect(t.shape, `shape of output ${i}`).toEqual(o.shape);
    expect(t.dtype, `dtype of output ${i}`).toBe(o.dtype);
    if (c.check === 'values' && o.values) {
      const err = compareValues(valuesOf(t), o.values, tolerance(o.dtype, false, c.tol));
      expect(err, `values of output ${i}`).toBeNull();
    }
  });
  if (!c.upstream || !c.grads) return;
  const roots: Tensor[] = [], grads: Tensor[] = [];
  c.upstream.forEach((u, i) => {
    if (u === null) return;
    const t = outs![i];
    expect(t.requiresGrad, `output ${i} requires grad`).toBe(true);
    roots.push(t);
    grads.push(fromValues(u, specs[i].shape, specs[i].dtype));
  });
  torch.autograd.backward(roots, grads);
  c.grads.forEach((g, i) => {
    const leaf = built[i].leaf;
    if (!c.inputs[i].requiresGrad) return;
    if (g === null) {
      if (leaf.grad) expect(valuesOf(leaf.grad).every((v) => v === 0), `input ${i} gets no gradient`).toBe(true);
      return;
    }
    expect(leaf.grad, `gradient of input ${i}`).not.toBeNull();
    expect(leaf.grad!.shape).toEqual(c.inputs[i].baseShape);
    const err = compareValues(valuesOf(leaf.grad!), g, tolerance(c.inputs[i].dtype, true, c.tol));
    expect(err, `gradient of input ${i}`).toBeNull();
  });
}

const GROUPS = ['creation', 'unary', 'binary', 'compare', 'where_clamp', 'reduce', 'linalg', 'sort', 'shape', 'index', 'aliases', 'half', 'empty'];

for (const group of GROUPS) {
  describe(group, () => {
    for (const c of loadCases(group)) it(c.name, () => runCase(c));
  });
}

describe('table', () => {
  it('has a row for every op key in the fixtures', () => {
    const keys = new Set(GROUPS.flatMap((g) => loadCases(g).map((c) => c.op)));
    expect([...keys].filter((k) => !(k in OPS))).toEqual([]);
  });
});

describe('exports without a PyTorch value to compare', () => {
  it('dtype helpers, default dtype, isTensor', () => {
    expect(torch.isFloatingPointDtype('bfloat16')).toBe(true);
    expect(torch.isFloatingPointDtype('int64')).toBe(false);
    expect(torch.DTYPES.length).toBe(10);
    expect(torch.isTensor(torch.zeros(1))).toBe(true);
    expect(torch.isTensor([1])).toBe(false);
    expect(torch.getDefaultDtype()).toBe('float32');
    torch.setDefaultDtype('float64');
    try {
      expect(torch.tensor([1.5]).dtype).toBe('float64');
      expect(torch.zeros(2).dtype).toBe('float64');
      expect(torch.arange(0, 1, 0.5).dtype).toBe('float64');
      expect(torch.tensor([1, 2]).dtype).toBe('int64');
    } finally {
      torch.setDefaultDtype('float32');
    }
    expect(torch.numel(torch.zeros(2, 3))).toBe(6);
    const s = torch.scalarTensor(2.5);
    expect([s.shape, s.dtype, s.item()]).toEqual([[], 'float32', 2.5]);
    const a = new Float32Array([1, 2, 3, 4]);
    const t = torch.fromArray(a, [2, 2]);
    a[0] = 9; // fromArray shares memory when the array spans its buffer
    expect(t.tolist()).toEqual([[9, 2], [3, 4]]);
    expect(torch.detach(t.requiresGrad_()).requiresGrad).toBe(false);
  });
});

describe('random ops (values cannot match PyTorch’s generator; checked by properties)', () => {
  it('rand/randn/randint/randperm/normal/bernoulli/multinomial', () => {
    torch.manualSeed(0);
    const u = torch.rand(1000);
    expect(u.amin().item()).toBeGreaterThanOrEqual(0);
    expect(u.amax().item()).toBeLessThan(1);
    expect(Math.abs(u.mean().item() - 0.5)).toBeLessThan(0.05);
    const n = torch.randn(4000, { dtype: 'float64' });
    expect(n.dtype).toBe('float64');
    expect(Math.abs(n.mean().item())).toBeLessThan(0.1);
    expect(Math.abs(n.std().item() - 1)).toBeLessThan(0.1);
    const r = torch.randint(3, 7, [500]);
    expect(r.dtype).toBe('int64');
    expect([r.amin().item(), r.amax().item()]).toEqual([3, 6]);
    const p = torch.randperm(20);
    expect(torch.sort(p).values.tolist()).toEqual([...Array(20).keys()]);
    const b = torch.bernoulli(torch.full([2000], 0.25));
    expect(Math.abs(b.mean().item() - 0.25)).toBeLessThan(0.05);
    const m = torch.multinomial(fromValues([0, 1, 0], [3], 'float32'), 4, { replacement: true });
    expect(m.tolist()).toEqual([1, 1, 1, 1]);
    torch.manualSeed(5);
    const a1 = torch.randn(3).tolist();
    torch.manualSeed(5);
    expect(torch.randn(3).tolist()).toEqual(a1);
  });
});
