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
