/**
 * Memory: a long training-like loop without any dispose call stays bounded (the garbage
 * collector reclaims tensors, native memory is reported to it), and dispose()/`using` free a
 * tensor's storage at once, after which using it throws a clear error.
 */
import { describe, expect, it } from 'vitest';

import * as torch from '@tensile/core';

const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;

describe('long loops stay bounded', () => {
  it('1e5 small training steps without dispose grow RSS by < 200 MB', () => {
    torch.manualSeed(0);
    const x = torch.randn(8, 16);
    const w = torch.randn(16, 16).mul(0.1).requiresGrad_();
    const step = () => {
      const loss = x.matmul(w).relu().sum();
      loss.backward();
      torch.noGrad(() => {
        w.sub_(w.grad!.mul(1e-4));
        w.grad!.zero_();
      });
      return loss;
    };
    for (let i = 0; i < 2000; i++) step();
    gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    let last = 0;
    const t0 = Date.now();
    for (let i = 0; i < 100_000; i++) {
      const loss = step();
      if (i % 10_000 === 0) {
        peak = Math.max(peak, process.memoryUsage().rss);
        last = loss.item();
      }
    }
    gc?.();
    const after = process.memoryUsage().rss;
    peak = Math.max(peak, after);
    const growth = (peak - before) / MB;
    console.log(`1e5 steps in ${((Date.now() - t0) / 1000).toFixed(1)} s; RSS ${(before / MB).toFixed(0)} MB -> peak ${(peak / MB).toFixed(0)} MB (+${growth.toFixed(1)} MB)`);
    expect(Number.isFinite(last)).toBe(true);
    expect(growth).toBeLessThan(200);
  }, 60_000);

  it('large (native-allocated) temporaries are reclaimed without dispose', () => {
    const before = process.memoryUsage().rss;
    let acc = 0;
    for (let i = 0; i < 300; i++) acc += torch.ones(512, 1024).mul(2).sum().item(); // 2 MB each, 2 per step
    gc?.();
    const growth = (process.memoryUsage().rss - before) / MB;
    expect(acc).toBe(300 * 2 * 512 * 1024);
    // 1.2 GB allocated in total; at most 256 MB of addon buffers wait for the event loop (storage.ts)
    expect(growth).toBeLessThan(450);
  });
});

describe('dispose and using', () => {
  it('dispose() frees the storage at once, for the tensor and its views', () => {
    const big = torch.ones(1024, 1024); // 4 MB: allocated natively
    const view = big.index(0);
    expect(big._storage.buffer.byteLength).toBe(4 * MB);
    big.dispose();
    expect(big.isDisposed).toBe(true);
    expect(view.isDisposed).toBe(true);
    expect(big._storage.buffer.byteLength).toBe(0);
    const small = torch.ones(3);
    small.dispose();
    expect(small.isDisposed).toBe(true);
  });

  it('using after dispose throws a clear error rather than crashing', () => {
    const t = torch.randn(64, 64);
    const v = t.t();
    t.dispose();
    const ops = [
      () => t.add(1), () => t.exp(), () => t.sum(), () => t.matmul(t), () => v.contiguous(), () => t.index(0, 0).item(),
      () => t.toArray(), () => t.tolist(), () => t.index(torch.tensor([1])), () => torch.cat([t]), () => t.softmax(0),
      () => t.sort(), () => t.clone(), () => t.to('float64'), () => t.copy_(torch.zeros(64, 64)), () => torch.zeros(64, 64).copy_(t),
      () => t.fill_(1), () => t.max(0), () => t.cumsum(0), () => t.gather(0, torch.zeros(1, 1, { dtype: 'int64' })),
    ];
    for (const op of ops) expect(op).toThrow(/disposed|freed/);
    expect(t.isDisposed).toBe(true);
  });

  it('`using` disposes at the end of the block', () => {
    let escaped: torch.Tensor;
    {
      using t = torch.ones(256, 1024); // 1 MB
      escaped = t;
      expect(t.isDisposed).toBe(false);
      expect(t.sum().item()).toBe(256 * 1024);
    }
    expect(escaped.isDisposed).toBe(true);
    expect(() => escaped.sum()).toThrow(/disposed|freed/);
  });

  it('disposing one tensor leaves others (and their storage) intact', () => {
    const a = torch.arange(6, { dtype: 'float32' });
    const b = a.clone();
    a.dispose();
    expect(b.tolist()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(b.add(1).sum().item()).toBe(21);
  });
});
