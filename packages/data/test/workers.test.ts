// DataLoader with numWorkers > 0: worker processes rebuild the dataset from its recipe
// (fixtures/datasets.ts, loaded through the repository's TypeScript loader).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as torch from '@tensile/core';
import { DataLoader, TensorDataset, getWorkerInfo, importDataset, randomSplit, withWorkerRecipe } from '@tensile/data';
import { NoRecipe, Numbers, Sequences, SlowAsync, WhoAmI, initWorker, padCollate } from './fixtures/datasets';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
async function collect<B>(loader: AsyncIterable<B>, map: (b: B) => unknown = (b) => b): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const b of loader) out.push(map(b));
  return out;
}
const pairList = ([x, y]: [torch.Tensor, torch.Tensor]) => [x.dtype, x.shape, x.tolist(), y.tolist()];

describe('workers load the same batches as this thread', () => {
  it('shuffled map-style dataset, 2 workers, in sampler order', async () => {
    const opts = { batchSize: 3, shuffle: true, dropLast: false } as const;
    const inThread = [...new DataLoader(new Numbers(20), { ...opts, generator: new torch.Generator().manualSeed(9) })].map(pairList);
    const workers = await collect(new DataLoader(new Numbers(20), { ...opts, generator: new torch.Generator().manualSeed(9), numWorkers: 2 }), pairList);
    expect(workers).toEqual(inThread);
    expect(workers.length).toBe(7);
  });

  it('TensorDataset split by randomSplit (built-in recipes: Subset of TensorDataset)', async () => {
    const x = torch.randn(30, 4);
    const y = torch.arange(30);
    const [train] = randomSplit(new TensorDataset(x, y), [0.6, 0.4], new torch.Generator().manualSeed(0));
    const inThread = [...new DataLoader(train, { batchSize: 8 })].map(pairList);
    const workers = await collect(new DataLoader(train, { batchSize: 8, numWorkers: 2 }), pairList);
    expect(workers).toEqual(inThread);
  });

  it('unbatched loading (batchSize null) and a module-built dataset (importDataset)', async () => {
    const ds = await importDataset<Numbers>(new URL('./fixtures/datasets.ts', import.meta.url), 'Numbers', [5]);
    const got = await collect(new DataLoader(ds, { batchSize: null, numWorkers: 2 }), (s) => {
      const [x, i] = s as unknown as [torch.Tensor, number]; // batchSize null: items arrive converted, not collated
      return [x.tolist(), i];
    });
    expect(got).toEqual([0, 1, 2, 3, 4].map((i) => [[i, i + 0.5], i]));
  });
});

describe('worker features', () => {
  it('workerInitFn and getWorkerInfo run in each worker; an async dataset keeps prefetchFactor batches in flight per worker', async () => {
    const loader = new DataLoader(new SlowAsync(24, 40), { batchSize: 2, numWorkers: 2, prefetchFactor: 3, workerInitFn: initWorker });
    const batches = (await collect(loader)) as { i: torch.Tensor; pid: torch.Tensor; maxActive: torch.Tensor; initValue: torch.Tensor }[];
    expect(batches.flatMap((b) => b.i.tolist() as number[])).toEqual(Array.from({ length: 24 }, (_, i) => i));
    const pids = new Set(batches.flatMap((b) => b.pid.tolist() as number[]));
    expect(pids.size).toBe(2);
    expect(pids.has(process.pid)).toBe(false);
    // batch k goes to worker k % 2, whose init function stored 100 + id
    expect(batches.map((b) => (b.initValue.tolist() as number[])[0])).toEqual(batches.map((_, k) => 100 + (k % 2)));
    // 3 batches of 2 items in flight per worker → up to 6 concurrent getItem calls in a worker
    const maxActive = Math.max(...batches.map((b) => b.maxActive.amax().item()));
    expect(maxActive).toBeGreaterThan(2);
    expect(maxActive).toBeLessThanOrEqual(6);
    expect(getWorkerInfo()).toBeNull();
  });

  it('worker info and per-worker seeds (baseSeed + id)', async () => {
    const rows = (await collect(new DataLoader(new WhoAmI(), { batchSize: null, numWorkers: 2 }))) as number[][];
    expect(rows.map((r) => r.slice(0, 3))).toEqual([[0, 0, 2], [1, 1, 2], [2, 0, 2], [3, 1, 2]]);
    expect(rows[0][3]).not.toBe(rows[1][3]); // different seeds per worker
  });

  it('collate functions with a recipe run in the workers; others run here', async () => {
    const inWorkers = (await collect(new DataLoader(new Sequences(), { batchSize: 5, numWorkers: 2, collateFn: padCollate }))) as [torch.Tensor, torch.Tensor, number][];
    expect(inWorkers.map((b) => b[0].shape)).toEqual([[5, 5], [5, 5]]);
    expect(inWorkers[0][2]).not.toBe(process.pid);
    const local = (batch: [torch.Tensor, number][]) => [...padCollate(batch).slice(0, 2), process.pid] as const;
    const here = (await collect(new DataLoader(new Sequences(), { batchSize: 5, numWorkers: 2, collateFn: local }))) as [torch.Tensor, torch.Tensor, number][];
    expect(here.map((b) => [b[0].tolist(), b[1].tolist()])).toEqual(inWorkers.map((b) => [b[0].tolist(), b[1].tolist()]));
    expect(here[0][2]).toBe(process.pid);
  });

  it('persistentWorkers keeps the same processes across passes; without it each pass starts new ones', async () => {
    const pidsOf = async (loader: DataLoader<never, { pid: torch.Tensor }>) =>
      new Set((await collect(loader, (b) => b.pid.tolist() as number[])).flat() as number[]);
    const persistent = new DataLoader(new SlowAsync(8, 1), { batchSize: 2, numWorkers: 2, persistentWorkers: true }) as never as DataLoader<never, { pid: torch.Tensor }>;
    const p1 = await pidsOf(persistent);
    const p2 = await pidsOf(persistent);
    expect([...p2]).toEqual([...p1]);
    const fresh = new DataLoader(new SlowAsync(8, 1), { batchSize: 2, numWorkers: 2 }) as never as DataLoader<never, { pid: torch.Tensor }>;
    const f1 = await pidsOf(fresh);
    await sleep(50);
    expect([...f1].some(alive)).toBe(false); // non-persistent workers exit at the end of a pass
    const f2 = await pidsOf(fresh);
    expect([...f2].some((p) => f1.has(p))).toBe(false);
    expect([...p1].every(alive)).toBe(true);
  });

  it('an iterator abandoned mid-pass does not keep the program alive', async () => {
    const script = `
      import { DataLoader } from '@tensile/data';
      import { SlowAsync } from ${JSON.stringify(new URL('./fixtures/datasets.ts', import.meta.url).href)};
      const it = new DataLoader(new SlowAsync(100, 5), { batchSize: 2, numWorkers: 2 })[Symbol.asyncIterator]();
      const first = await it.next();
      console.log(first.value.i.tolist().join(','));`;
    const register = new URL('../scripts/ts_register.mjs', import.meta.url).href;
    const t0 = Date.now();
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', register, '--input-type=module', '-e', script], { timeout: 15000 });
    expect(stdout.trim()).toBe('0,1');
    expect(Date.now() - t0).toBeLessThan(15000);
  });

  it('breaking out of the loop shuts the workers down', async () => {
    let pid = 0;
    for await (const b of new DataLoader(new SlowAsync(100, 5), { batchSize: 2, numWorkers: 2 })) {
      pid = (b.pid.tolist() as number[])[0];
      break;
    }
    expect(pid).toBeGreaterThan(0);
    await sleep(50);
    expect(alive(pid)).toBe(false);
  });
});

describe('worker failures fail loudly', () => {
  it('an error in getItem names the worker and the index', async () => {
    const seen: number[] = [];
    const run = async () => {
      for await (const [, i] of new DataLoader(new Numbers(12, { failAt: 6 }), { batchSize: 4, numWorkers: 2 })) seen.push(...(i.tolist() as number[]));
    };
    const err = await run().catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/^Caught RangeError in DataLoader worker process 1 while fetching index 6\.\nOriginal RangeError: bad item 6/);
    expect((err as Error).name).toBe('RangeError');
    expect(seen).toEqual([0, 1, 2, 3]); // batches before the failing one were delivered
  });

  it('mismatched shapes fail in the worker\'s collate with PyTorch\'s stack message', async () => {
    await expect(collect(new DataLoader(new Sequences(), { batchSize: 4, numWorkers: 1 }))).rejects.toThrow(
      /Caught Error in DataLoader worker process 0 while collating the batch of indices \[0,1,2,3\]\.\nOriginal Error: stack expects each tensor to be equal size, but got \[1\] at entry 0 and \[2\] at entry 1/,
    );
  });

  it('a crashing worker is reported', async () => {
    await expect(collect(new DataLoader(new Numbers(12, { crashAt: 5 }), { batchSize: 2, numWorkers: 2 }))).rejects.toThrow(
      /DataLoader worker \(pid \d+\) exited unexpectedly \(exit code 3\)/,
    );
  });

  it('timeout rejects when a batch takes too long', async () => {
    const loader = new DataLoader(new Numbers(4, { sleepMs: 5000 }), { batchSize: 1, numWorkers: 1, timeout: 1.5 });
    const t0 = Date.now();
    await expect(collect(loader)).rejects.toThrow('DataLoader timed out after 1.5 seconds');
    expect(Date.now() - t0).toBeLessThan(4000);
  });

  it('a dataset or function workers cannot rebuild is refused before any worker starts', () => {
    expect(() => new DataLoader(new NoRecipe(), { numWorkers: 2 })[Symbol.asyncIterator]()).toThrow(
      /dataset: NoRecipe cannot be rebuilt in a DataLoader worker: its workerRecipe\(\) returned undefined/,
    );
    const init = () => {};
    expect(() => new DataLoader(new Numbers(2), { numWorkers: 1, workerInitFn: init })[Symbol.asyncIterator]()).toThrow(
      'workerInitFn: a function cannot be sent to a DataLoader worker',
    );
  });

  it('a recipe whose module cannot be imported fails the pass with the import error', async () => {
    const ds = withWorkerRecipe(new NoRecipe(), { module: new URL('./fixtures/missing.ts', import.meta.url), export: 'X', args: [] });
    await expect(collect(new DataLoader(ds, { numWorkers: 1 }))).rejects.toThrow(/DataLoader worker 0 failed to start: Error: DataLoader worker could not import/);
  });
});
