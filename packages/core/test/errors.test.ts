/**
 * Bad input: PyTorch's error wording (each message checked against PyTorch 1.13), and a fuzz of
 * the native binding with random metadata, where every call must succeed or throw, never crash.
 */
import { describe, expect, it } from 'vitest';

import * as torch from '@tensile/core';
import { META, native } from '../src/binding';

const x = () => torch.zeros(4, 3);

/** [name, call, PyTorch's message (or a part of it)] */
const CASES: [string, () => unknown, string | RegExp][] = [
  ['mm shapes', () => torch.mm(torch.zeros(2, 3), torch.zeros(4, 5)), 'mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)'],
  ['matmul shapes', () => torch.matmul(torch.zeros(2, 3), torch.zeros(4, 5)), 'mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)'],
  ['matmul 3d x 2d', () => torch.matmul(torch.zeros(2, 2, 3), torch.zeros(4, 5)), 'mat1 and mat2 shapes cannot be multiplied (4x3 and 4x5)'],
  ['matmul 0-d', () => torch.matmul(torch.zeros([]), torch.zeros(3)), 'both arguments to matmul need to be at least 1D, but they are 0D and 1D'],
  ['bmm shapes', () => torch.bmm(torch.zeros(2, 2, 3), torch.zeros(2, 4, 2)), 'Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [2, 4].'],
  ['dot sizes', () => torch.dot(torch.zeros(3), torch.zeros(4)), 'inconsistent tensor size, expected tensor [3] and src [4] to have the same number of elements, but got 3 and 4 elements respectively'],
  ['mv sizes', () => torch.mv(torch.zeros(2, 3), torch.zeros(4)), 'size mismatch, got'],
  ['einsum sizes', () => torch.einsum('ij,jk->ik', torch.zeros(2, 3), torch.zeros(4, 5)), 'einsum(): subscript j has size 4 for operand 1 which does not broadcast with previously seen size 3'],
  ['broadcast', () => torch.zeros(3).add(torch.zeros(4)), 'The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 0'],
  ['broadcast 3d', () => torch.zeros(2, 3).mul(torch.zeros(4, 1, 2)), 'The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 2'],
  ['index int', () => x().index(5), 'index 5 is out of bounds for dimension 0 with size 4'],
  ['index negative', () => x().index(-5), 'index -5 is out of bounds for dimension 0 with size 4'],
  ['index second dim', () => x().index(0, 3), 'index 3 is out of bounds for dimension 1 with size 3'],
  ['index tensor', () => x().index(torch.tensor([0, 4])), 'index 4 is out of bounds for dimension 0 with size 4'],
  ['too many indices', () => x().index(0, 0, 0), 'too many indices for tensor of dimension 2'],
  ['mask shape', () => x().index(torch.tensor([true, false])), 'The shape of the mask [2] at index 0 does not match the shape of the indexed tensor [4, 3] at index 0'],
  ['index dtype', () => x().index(torch.tensor([0.5])), 'tensors used as indices must be long, int, byte or bool tensors'],
  ['select', () => x().select(1, 3), 'select(): index 3 out of range for tensor of size [4, 3] at dimension 1'],
  ['indexSelect', () => x().indexSelect(0, torch.tensor([4])), 'index out of range in self'],
  ['gather', () => x().gather(1, torch.tensor([[3]])), 'index 3 is out of bounds for dimension 1 with size 3'],
  // gather and scatter take no negative indices (PyTorch 1.13's messages)
  ['gather negative', () => x().gather(1, torch.tensor([[-1]])), 'index -1 is out of bounds for dimension 1 with size 3'],
  ['scatter negative', () => x().scatter(1, torch.tensor([[-1]]), 1), 'index -1 is out of bounds for dimension 1 with size 3'],
  ['scatterAdd negative', () => x().scatterAdd(1, torch.tensor([[-1]]), torch.ones(1, 1)), 'index -1 is out of bounds for dimension 1 with size 3'],
  ['scatter dims', () => x().scatter(0, torch.tensor([0]), 1), 'Index tensor must have the same number of dimensions as self tensor'],
  ['view non-contiguous', () => x().t().view(12), "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead."],
  ['reshape size', () => x().reshape(5, -1), "shape '[5, -1]' is invalid for input of size 12"],
  ['reshape size 2', () => x().reshape(4, 4), "shape '[4, 4]' is invalid for input of size 12"],
  ['sum dim', () => x().sum(2), 'Dimension out of range (expected to be in range of [-2, 1], but got 2)'],
  ['softmax dim', () => x().softmax(-3), 'Dimension out of range (expected to be in range of [-2, 1], but got -3)'],
  ['transpose dim', () => x().transpose(0, 2), 'Dimension out of range (expected to be in range of [-2, 1], but got 2)'],
  ['unsqueeze dim', () => x().unsqueeze(3), 'Dimension out of range (expected to be in range of [-3, 2], but got 3)'],
  ['cat sizes', () => torch.cat([torch.zeros(2, 3), torch.zeros(2, 4)]), 'Sizes of tensors must match except in dimension 0. Expected size 3 but got size 4 for tensor number 1 in the list.'],
  ['cat ndim', () => torch.cat([torch.zeros(2, 3), torch.zeros(3)]), 'Tensors must have same number of dimensions: got 2 and 1'],
  ['cat 0-d', () => torch.cat([torch.tensor(1.5), torch.tensor(2.5)]), 'zero-dimensional tensor (at position 0) cannot be concatenated'],
  ['cat empty list', () => torch.cat([]), 'torch.cat(): expected a non-empty list of Tensors'],
  ['stack sizes', () => torch.stack([torch.zeros(2), torch.zeros(3)]), 'stack expects each tensor to be equal size, but got [2] at entry 0 and [3] at entry 1'],
  ['expand', () => torch.zeros(3).expand(2, 4), 'The expanded size of the tensor (4) must match the existing size (3) at non-singleton dimension 1.  Target sizes: [2, 4].  Tensor sizes: [3]'],
  ['permute length', () => x().permute(0), 'number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = 2 is not equal to len(dims) = 1'],
  ['repeat dims', () => x().repeat(2), 'Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor'],
  ['split sizes', () => x().split([1, 2]), "split_with_sizes expects split_sizes to sum exactly to 4 (input tensor's size at dimension 0), but got split_sizes=[1, 2]"],
  ['chunk 0', () => x().chunk(0), 'chunk expects `chunks` to be greater than 0, got: 0'],
  ['narrow', () => x().narrow(0, 2, 3), 'start (2) + length (3) exceeds dimension size (4).'],
  ['flatten args', () => x().flatten(1, 0), 'flatten() has invalid args: start_dim cannot come after end_dim'],
  ['topk k', () => x().topk(5), 'selected index k out of range'],
  ['negative size', () => torch.zeros(-1), 'Trying to create tensor with negative dimension -1: [-1]'],
  ['ragged tensor', () => torch.tensor([[1, 2], [3]]), 'expected sequence of length 2 at dim 1 (got 1)'],
  ['arange sign', () => torch.arange(0, 5, -1), 'upper bound and larger bound inconsistent with step sign'],
  ['item', () => x().item(), /a Tensor with 12 elements cannot be converted to Scalar|only one element tensors can be converted/],
  ['mean of ints', () => torch.tensor([1, 2]).mean(), 'mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Long'],
  ['bitwise float', () => torch.zeros(2).bitwiseAnd(torch.zeros(2)), `"bitwise_and_cpu" not implemented for 'Float'`],
  ['bool sub', () => torch.tensor([true]).sub(torch.tensor([false])), 'Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.'],
  ['bool neg', () => torch.tensor([true]).neg(), 'Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.'],
  ['in-place cast', () => torch.zeros(2, { dtype: 'int64' }).add_(1.5), "result type Float can't be cast to the desired output type Long"],
  ['in-place shape', () => torch.zeros(2).add_(torch.zeros(3, 2)), "output with shape [2] doesn't match the broadcast shape [3, 2]"],
  ['max of empty', () => torch.zeros(0).max(), "max(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument."],
  ['clamp without bounds', () => x().clamp(), "torch.clamp: At least one of 'min' or 'max' must not be None"],
  ['leaf in-place', () => torch.zeros(2, { requiresGrad: true }).add_(1), 'a leaf Variable that requires grad is being used in an in-place operation.'],
  ['requiresGrad on ints', () => torch.zeros(2, { dtype: 'int64' }).requiresGrad_(), 'only Tensors of floating point dtype can require gradients'],
];

describe('PyTorch-worded errors', () => {
  for (const [name, call, message] of CASES) {
    it(name, () => {
      expect(call).toThrow(message);
      try { call(); } catch (e) { expect(e).toBeInstanceOf(Error); }
    });
  }

  it('an error leaves other tensors intact', () => {
    const a = torch.tensor([1, 2, 3], { dtype: 'float32' });
    const b = a.clone();
    expect(() => a.add_(torch.zeros(4))).toThrow('must match the size of tensor b');
    expect(() => a.indexPut_([torch.tensor([7])], 1)).toThrow('out of bounds');
    expect(torch.equal(a, b)).toBe(true);
  });
});

describe('using disposed tensors', () => {
  it('throws a clear error instead of reading freed memory', () => {
    const a = torch.ones(4);
    const b = a.index('1:3');
    a.dispose();
    expect(a.isDisposed).toBe(true);
    expect(b.isDisposed).toBe(true);
    for (const f of [() => a.add(1), () => b.sum(), () => a.tolist(), () => torch.cat([a, a]), () => a.matmul(a), () => a.index(torch.tensor([0]))])
      expect(f).toThrow(/disposed|detached/i);
    expect(String(a)).toBe('tensor(<disposed>)');
    a.dispose(); // twice is fine
  });
});

// ---- fuzzing the native binding -----------------------------------------------------------------

/** A small deterministic PRNG, so a failure reproduces. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KERNELS = [
  'unary', 'binary', 'where', 'copy', 'fill', 'range', 'reduce', 'reduceArg', 'scan', 'softmax', 'softmaxBackward', 'matmul',
  'sort', 'topk', 'take', 'put', 'nonzero', 'random', 'bernoulli', 'randperm', 'multinomial',
] as const;

describe('native binding fuzz', () => {
  it('random metadata and buffers: every call succeeds or throws an Error, never crashes', () => {
    const r = rng(20240601);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
    const SPECIAL = [0, 1, 2, 3, -1, -2, 7, 8, 9, 10, 11, 16, 63, 64, 65, 1e3, 2 ** 31, 2 ** 32, 2 ** 53, 2 ** 62, -(2 ** 31), 1e300, -1e300, NaN, Infinity, -Infinity, 0.5, -0.5];
    const number = (): number => {
      const u = r();
      if (u < 0.5) return Math.floor(r() * 12);        // plausible small sizes, dtype codes, dims
      if (u < 0.85) return pick(SPECIAL);
      return (r() - 0.5) * 2 ** (r() * 70);
    };
    const buffer = (): unknown => {
      const u = r();
      if (u < 0.6) return new ArrayBuffer(pick([0, 1, 4, 8, 16, 24, 48, 64, 96, 256]));
      if (u < 0.7) { const b = new ArrayBuffer(64); structuredClone(b, { transfer: [b] }); return b; } // detached
      if (u < 0.8) return undefined;
      if (u < 0.85) return null;
      if (u < 0.9) return new Float32Array(8);
      if (u < 0.95) return new SharedArrayBuffer(64);
      return pick([0, 'x', {}, [], 1.5]);
    };
    let ok = 0, threw = 0;
    const kernels = native.cpu as unknown as Record<string, (...a: unknown[]) => unknown>;
    const CALLS = 4000;
    for (let i = 0; i < CALLS; i++) {
      const name = pick(KERNELS);
      // mostly-plausible metadata with a few poisoned slots, or fully random
      const full = r() < 0.3;
      for (let k = 0; k < 96; k++) META[k] = full ? number() : Math.floor(r() * 6);
      if (!full) for (let k = 0; k < 1 + Math.floor(r() * 4); k++) META[Math.floor(r() * 40)] = number();
      const args = Array.from({ length: Math.floor(r() * 5) }, buffer);
      try {
        kernels[name](...args);
        ok++;
      } catch (e) {
        expect(e, `${name} threw a non-Error`).toBeInstanceOf(Error);
        threw++;
      }
    }
    expect(ok + threw).toBe(CALLS);
    expect(threw).toBeGreaterThan(CALLS / 2); // most garbage must be rejected
  });

  it('alloc/free reject bad sizes and tolerate odd arguments', () => {
    for (const n of [-1, NaN, Infinity, 2 ** 60, 1.5]) expect(() => native.cpu.alloc(n)).toThrow();
    const b = native.cpu.alloc(1 << 20);
    expect(b.byteLength).toBe(1 << 20);
    native.cpu.free(b);
    native.cpu.free(b);
    expect(b.byteLength).toBe(0);
    for (const v of [undefined, null, 3, {}, new ArrayBuffer(8)]) native.cpu.free(v as ArrayBuffer);
  });

  it('a valid call after the fuzz still computes correctly', () => {
    const a = torch.arange(6, { dtype: 'float32' }).reshape(2, 3);
    expect(a.matmul(a.t()).tolist()).toEqual([[5, 14], [14, 50]]);
    expect(a.sum(1).tolist()).toEqual([3, 12]);
  });
});
