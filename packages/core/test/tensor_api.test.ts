import { describe, expect, it } from 'vitest';
import * as torch from '@tensile/core';

// Small API-shape checks whose expected values are PyTorch's documented results.
describe('Tensor API forms', () => {
  it('nonzero({ asTuple: true }) gives one index tensor per dim, like torch.nonzero(as_tuple=True)', () => {
    const x = torch.tensor([[0, 1], [2, 0]]);
    expect(x.nonzero().tolist()).toEqual([[0, 1], [1, 0]]);
    const [rows, cols] = x.nonzero({ asTuple: true });
    expect(rows.tolist()).toEqual([0, 1]);
    expect(cols.tolist()).toEqual([1, 0]);
  });

  it('in-place ops without autograd write into the tensor itself: views, aliases, broadcasts, promotions', () => {
    // x.add_(y) is x = x + y in place; the values are PyTorch's documented arithmetic
    const base = torch.arange(12, { dtype: 'float32' }).reshape(3, 4);
    const col = base.select(1, 1); // a strided view: [1, 5, 9]
    col.add_(10).mul_(2).sub_(torch.tensor([1, 2, 3], { dtype: 'float32' }), { alpha: 2 }).div_(4);
    expect(col.tolist()).toEqual([5, 6.5, 8]);
    expect((base.tolist() as number[][])[1]).toEqual([4, 6.5, 6, 7]);
    const v0 = base._version;
    base.t().relu_(); // a transposed view of the whole storage
    expect(base._version).toBeGreaterThan(v0);
    const x = torch.tensor([[1, -2], [-3, 4]], { dtype: 'float32' });
    x.mul_(x); // the same view on both sides
    expect(x.tolist()).toEqual([[1, 4], [9, 16]]);
    x.add_(torch.tensor([10, 20], { dtype: 'float32' })); // broadcast over rows
    expect(x.tolist()).toEqual([[11, 24], [19, 36]]);
    x.add_(torch.tensor(0.5, { dtype: 'float64' })); // a 0-d float64 operand keeps float32
    expect(x.dtype).toBe('float32');
    expect(x.tolist()).toEqual([[11.5, 24.5], [19.5, 36.5]]);
    // overlapping views of one storage read the values from before the write
    const r = torch.arange(6, { dtype: 'float32' });
    r.narrow(0, 1, 5).add_(r.narrow(0, 0, 5));
    expect(r.tolist()).toEqual([0, 1, 3, 5, 7, 9]);
    const n = torch.tensor([0, 1], { dtype: 'int64' });
    n.add_(1);
    expect(n.tolist()).toEqual([1, 2]);
    expect(() => n.add_(1.5)).toThrow("result type Float can't be cast to the desired output type Long");
    expect(() => n.div_(2)).toThrow("result type Float can't be cast to the desired output type Long");
    expect(() => torch.tensor([true]).sub_(torch.tensor([true]))).toThrow('Subtraction, the `-` operator, with two bool tensors is not supported');
    // a leaf that requires grad: allowed under noGrad, written in place
    const w = torch.ones([2], { requiresGrad: true });
    torch.noGrad(() => w.mul_(3).exp_().log_());
    expect(w.tolist()).toEqual([3, 3]);
    expect(w.requiresGrad).toBe(true);
    expect(w.gradFn).toBeNull();
  });

  it('storageOffset counts from the storage start, also for small (slab) tensors', () => {
    const a = torch.zeros(3);
    const b = torch.arange(6).reshape(2, 3);
    expect(a.storageOffset()).toBe(0);
    expect(b.index(1).storageOffset()).toBe(3);
    expect(b.index(1).tolist()).toEqual([3, 4, 5]);
  });

  it('disposing a small tensor frees it without touching its slab neighbours', () => {
    const a = torch.tensor([1, 2, 3], { dtype: 'float32' });
    const b = torch.tensor([4, 5, 6], { dtype: 'float32' });
    a.dispose();
    expect(a.isDisposed).toBe(true);
    expect(() => a.add(1)).toThrow(/disposed/);
    expect(b.add(1).tolist()).toEqual([5, 6, 7]);
  });

  it('0-d half-precision tensors from numbers (torch.tensor(1.5, dtype=torch.bfloat16))', () => {
    for (const dtype of ['float16', 'bfloat16'] as const) {
      const t = torch.tensor(1.5, { dtype });
      expect(t.shape).toEqual([]);
      expect(t.dtype).toBe(dtype);
      expect(t.item()).toBe(1.5);
      expect(torch.full([], 2.5, { dtype }).item()).toBe(2.5);
    }
  });

  it('setNumThreads between ops (growing and shrinking the pool) keeps every result exact', () => {
    const x = torch.arange(100000, { dtype: 'float64' }).div(100000);
    const ref = x.exp().sum().item();
    const prev = torch.getNumThreads();
    try {
      for (let k = 0; k < 12; k++) {
        torch.setNumThreads(1 + (k % 3));
        expect(torch.getNumThreads()).toBe(1 + (k % 3));
        for (let i = 0; i < 50; i++) expect(Math.abs(x.exp().sum().item() - ref)).toBeLessThan(1e-6);
      }
    } finally {
      torch.setNumThreads(prev);
    }
  });

  it('bool any / all / amax split over threads never lose a chunk (race on packed partials)', () => {
    // Each thread wrote its own slot of a std::vector<bool>, whose slots share one word: about
    // one call in a hundred lost a thread's partial with two threads: repeat enough to see it.
    const prev = torch.getNumThreads();
    try {
      torch.setNumThreads(Math.max(2, prev));
      const n = 250004;
      const lastTrue = torch.zeros([n], { dtype: 'bool' }), lastFalse = torch.ones([n], { dtype: 'bool' });
      lastTrue.index(n - 1).fill_(true);
      lastFalse.index(n - 1).fill_(false);
      const firstTrue = lastTrue.flip(0);
      let wrong = 0;
      const value = (t: torch.Tensor): unknown => t.item(); // a bool tensor's item is a boolean
      for (let i = 0; i < 2500; i++) {
        if (value(lastTrue.any()) !== true) wrong++;
        if (value(firstTrue.any()) !== true) wrong++;
        if (value(lastFalse.all()) !== false) wrong++;
        if (value(lastTrue.amax()) !== true) wrong++;
      }
      expect(wrong).toBe(0);
    } finally {
      torch.setNumThreads(prev);
    }
  });
});
