// DataLoader in this thread: sync and async iteration, options, lengths and errors.
import { describe, expect, it } from 'vitest';
import * as torch from '@tensile/core';
import { BatchSampler, DataLoader, Dataset, IterableDataset, SequentialSampler, TensorDataset } from '@tensile/data';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class Squares extends Dataset<[torch.Tensor, number]> {
  constructor(readonly n: number) {
    super();
  }
  get length() {
    return this.n;
  }
  getItem(i: number): [torch.Tensor, number] {
    if (i < 0 || i >= this.n) throw new RangeError(`index ${i} out of range`);
    return [torch.tensor([i, i * i], { dtype: 'float32' }), i];
  }
}

class SlowAsync extends Dataset<number> {
  inFlight = 0;
  maxInFlight = 0;
  calls: number[] = [];
  constructor(readonly n: number, readonly ms: number, readonly failAt = -1) {
    super();
  }
  get length() {
    return this.n;
  }
  async getItem(i: number) {
    this.calls.push(i);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await sleep(this.ms);
    this.inFlight--;
    if (i === this.failAt) throw new Error(`failed at ${i}`);
    return i;
  }
}

class Stream extends IterableDataset<number> {
  constructor(readonly n: number) {
    super();
  }
  override get length() {
    return this.n;
  }
  *[Symbol.iterator]() {
    for (let i = 0; i < this.n; i++) yield i;
  }
}

class AsyncStream extends IterableDataset<number> {
  async *[Symbol.asyncIterator]() {
    for (let i = 0; i < 5; i++) {
      await sleep(1);
      yield i;
    }
  }
}

describe('DataLoader over a map-style dataset', () => {
  it('batches in sampler order and collates [x, y] samples (sync and async alike)', async () => {
    const loader = new DataLoader(new Squares(10), { batchSize: 4 });
    expect(loader.length).toBe(3);
    const sync = [...loader].map(([x, y]) => [x.shape, x.tolist(), y.tolist()]);
    expect(sync[0][0]).toEqual([4, 2]);
    expect(sync.map((b) => b[2])).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    const asyncBatches: unknown[] = [];
    for await (const [x, y] of loader) asyncBatches.push([x.shape, x.tolist(), y.tolist()]);
    expect(asyncBatches).toEqual(sync);
  });
  it('default batchSize is 1, batchSize null yields items unbatched, dropLast drops the tail', () => {
    expect([...new DataLoader(range(3))].map((b) => b.tolist())).toEqual([[0], [1], [2]]);
    expect([...new DataLoader(range(3), { batchSize: null })]).toEqual([0, 1, 2]);
    const dl = new DataLoader(range(7), { batchSize: 3, dropLast: true });
    expect(dl.length).toBe(2);
    expect([...dl].map((b) => b.tolist())).toEqual([[0, 1, 2], [3, 4, 5]]);
  });
  it('shuffle draws a permutation per pass, reproducible with a generator', () => {
    const perm = (seed: number) => [...new DataLoader(range(20), { batchSize: 5, shuffle: true, generator: new torch.Generator().manualSeed(seed) })]
      .flatMap((b) => b.tolist() as number[]);
    const a = perm(1);
    expect([...a].sort((x, y) => x - y)).toEqual(range(20));
    expect(perm(1)).toEqual(a);
    expect(perm(2)).not.toEqual(a);
    torch.manualSeed(4);
    const b = [...new DataLoader(range(20), { shuffle: true })].map((t) => t.item());
    torch.manualSeed(4);
    expect([...new DataLoader(range(20), { shuffle: true })].map((t) => t.item())).toEqual(b);
  });
  it('takes a sampler or a batchSampler', () => {
    expect([...new DataLoader(range(10), { sampler: [9, 3, 1], batchSize: 2 })].map((b) => b.tolist())).toEqual([[9, 3], [1]]);
    const batchSampler = new BatchSampler(new SequentialSampler(range(5)), 2, true);
    const loader = new DataLoader(range(5), { batchSampler });
    expect(loader.length).toBe(2);
    expect([...loader].map((b) => b.tolist())).toEqual([[0, 1], [2, 3]]);
  });
  it('TensorDataset batches', () => {
    const x = torch.arange(20).reshape(10, 2).float();
    const y = torch.arange(10);
    const [[xb, yb]] = [...new DataLoader(new TensorDataset(x, y), { batchSize: 10 })];
    expect(torch.equal(xb, x)).toBe(true);
    expect(torch.equal(yb, y)).toBe(true);
  });
  it('breaking out of a sync loop stops loading', () => {
    const ds = new Squares(100);
    let seen = 0;
    for (const _ of new DataLoader(ds, { batchSize: 10 })) if (++seen === 2) break;
    expect(seen).toBe(2);
  });
});

describe('async datasets', () => {
  it('loads items concurrently (wall time shows the overlap)', async () => {
    const ds = new SlowAsync(256, 20);
    const t0 = performance.now();
    const got: number[] = [];
    for await (const b of new DataLoader(ds, { batchSize: 32, prefetchFactor: 2 })) got.push(...(b.tolist() as number[]));
    const ms = performance.now() - t0;
    expect(got).toEqual(range(256));
    // 256 sequential 20 ms loads would take 5 s; 8 batches of concurrent items take ~8 × 20 ms.
    expect(ms).toBeLessThan(1500);
    expect(ds.maxInFlight).toBeGreaterThan(32); // more than one batch in flight
    expect(ds.maxInFlight).toBeLessThanOrEqual(64); // at most batchSize * prefetchFactor
  });
  it('sync iteration over a Promise-returning dataset fails with a clear message', () => {
    expect(() => [...new DataLoader(new SlowAsync(4, 1), { batchSize: 2 })]).toThrow(
      'SlowAsync.getItem(0) returned a Promise, but sync iteration (for...of) needs synchronous items; iterate with `for await',
    );
  });
  it('an async item error rejects the loop; a break stops prefetching', async () => {
    const ds = new SlowAsync(40, 2, 13);
    const run = async () => {
      for await (const _ of new DataLoader(ds, { batchSize: 4 }));
    };
    await expect(run()).rejects.toThrow('failed at 13');
    const ds2 = new SlowAsync(100, 1);
    for await (const _ of new DataLoader(ds2, { batchSize: 5 })) break;
    await sleep(20);
    expect(ds2.calls.length).toBeLessThanOrEqual(10); // the first batch and one prefetched
  });
});

describe('DataLoader over an IterableDataset', () => {
  it('batches a sync stream; length from the dataset', async () => {
    const loader = new DataLoader(new Stream(7), { batchSize: 3 });
    expect(loader.length).toBe(3);
    expect([...loader].map((b) => b.tolist())).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    const dl = new DataLoader(new Stream(7), { batchSize: 3, dropLast: true });
    expect(dl.length).toBe(2);
    expect([...dl].length).toBe(2);
    const out: number[][] = [];
    for await (const b of loader) out.push(b.tolist() as number[]);
    expect(out).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
  });
  it('async streams need for await', async () => {
    const loader = new DataLoader(new AsyncStream(), { batchSize: 2 });
    expect(() => [...loader]).toThrow('async-iterable only');
    const out: number[][] = [];
    for await (const b of loader) out.push(b.tolist() as number[]);
    expect(out).toEqual([[0, 1], [2, 3], [4]]);
    expect(() => loader.length).toThrow("object of type 'AsyncStream' has no len()");
  });
});

describe('option checks (PyTorch\'s rules)', () => {
  it('rejects contradictory options', () => {
    expect(() => new DataLoader(range(3), { sampler: [0], shuffle: true })).toThrow('sampler option is mutually exclusive with shuffle');
    expect(() => new DataLoader(range(3), { batchSampler: [[0]], batchSize: 2 })).toThrow(
      'batchSampler option is mutually exclusive with batchSize, shuffle, sampler, and dropLast',
    );
    expect(() => new DataLoader(range(3), { batchSize: null, dropLast: true })).toThrow('mutually exclusive with dropLast');
    expect(() => new DataLoader(new Stream(3), { shuffle: true })).toThrow('DataLoader with IterableDataset: expected unspecified shuffle option');
    expect(() => new DataLoader(new Stream(3), { sampler: [0] })).toThrow('expected unspecified sampler option');
    expect(() => new DataLoader(range(3), { numWorkers: -1 })).toThrow('numWorkers option should be non-negative');
    expect(() => new DataLoader(range(3), { timeout: -1 })).toThrow('timeout option should be non-negative');
    expect(() => new DataLoader(range(3), { persistentWorkers: true })).toThrow('persistentWorkers option needs numWorkers > 0');
    expect(() => new DataLoader(range(3), { batchSize: 0 })).toThrow('batchSize should be a positive integer value');
    expect(() => new DataLoader({} as never)).toThrow('dataset must be a Dataset');
  });
  it('sync iteration with workers is refused', () => {
    expect(() => [...new DataLoader(range(3), { numWorkers: 1 })]).toThrow('iterate with `for await');
  });
  it('a sampler without length gives Python\'s len() TypeError', () => {
    const sampler = { *[Symbol.iterator]() { yield 0; } };
    expect(() => new DataLoader(range(3), { sampler }).length).toThrow('has no len()');
  });
  it('errors from getItem propagate unchanged', () => {
    expect(() => [...new DataLoader(new Squares(3), { sampler: [0, 5] })]).toThrow('index 5 out of range');
  });
});
