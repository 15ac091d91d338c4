/**
 * `DataLoader` (PyTorch's `torch.utils.data.DataLoader`): batches from a dataset, in this
 * thread (sync `for...of` or `for await`, with async items loaded concurrently) or in
 * parallel worker processes (`numWorkers > 0`, `for await`).
 * @module
 */
import type * as torch from '@tensile/core';
import { defaultCollate, defaultConvert, type Collated } from './collate';
import { isIterableDataset, type IterableDataset, type MapSource } from './dataset';
import { IterableFetcher, MapFetcher, type AnyCollate, type Pull } from './fetch';
import type { CollateSpec, FromWorker, InitMessage, WireError } from './protocol';
import { isPortable } from './recipe';
import { BatchSampler, drawSeed, RandomSampler, samplerLength, SequentialSampler } from './sampler';
import { decode, encode } from './wire';
import { WorkerPool, type PoolListener, type WorkerKind } from './worker_pool';

/** A dataset the loader accepts: map-style (`length` + `getItem`, or an array) or iterable-style. */
export type DatasetLike<T> = MapSource<T> | IterableDataset<T>;

/** Options of {@link DataLoader}: PyTorch's keyword arguments, camelCased. */
export interface DataLoaderOptions<T, B> {
  /** Samples per batch (default 1); `null` turns batching off (each item is yielded converted, not collated). */
  batchSize?: number | null;
  /** Reshuffle the data at every pass (default false). */
  shuffle?: boolean;
  /** Where indices come from (any iterable of indices); excludes `shuffle`. */
  sampler?: Iterable<number> | null;
  /** Where index batches come from; excludes `batchSize`, `shuffle`, `sampler` and `dropLast`. */
  batchSampler?: Iterable<number[]> | null;
  /** Worker processes loading in parallel (default 0: load in this thread). */
  numWorkers?: number;
  /**
   * Merges a list of samples into a batch (default {@link defaultCollate}). With workers it runs
   * in the workers when it has a `workerRecipe` (see `withWorkerRecipe`), else in this thread.
   */
  collateFn?: ((batch: T[]) => B) | null;
  /** Accepted for portability; Tensile has no pinned host memory, so it changes nothing. */
  pinMemory?: boolean;
  /** Drop the last incomplete batch (default false). */
  dropLast?: boolean;
  /** Seconds to wait for a batch from the workers before failing (default 0: forever). */
  timeout?: number;
  /** Called in each worker with its id before loading; must have a `workerRecipe`. */
  workerInitFn?: ((workerId: number) => void | Promise<void>) | null;
  /** `'process'` (default) or `'thread'`: where workers run (see docs/data.md). */
  multiprocessingContext?: WorkerKind;
  /** Generator for `shuffle` and for the workers' base seed (default: the default generator). */
  generator?: torch.Generator | null;
  /**
   * Batches in flight per worker (default 2). Without workers, an async dataset keeps this many
   * batches loading ahead of the consumer (a Tensile addition: PyTorch has no async datasets).
   */
  prefetchFactor?: number;
  /** Keep the workers alive between passes (default false). */
  persistentWorkers?: boolean;
}

/** A sampler that never ends, for iterable datasets (PyTorch's `_InfiniteConstantSampler`). */
function* infinite(): Generator<null> {
  for (;;) yield null;
}

function isInt(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x);
}

/**
 * Loads batches from a dataset.
 *
 * ```ts
 * const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 32, shuffle: true });
 * for (const [xb, yb] of loader) { ... }          // sync: synchronous items, no workers
 * for await (const [xb, yb] of loader) { ... }    // always: async items, workers
 * loader.length                                    // batches per pass (len(loader))
 * ```
 */
export class DataLoader<T = unknown, B = Collated<T>> implements Iterable<B>, AsyncIterable<B> {
  readonly dataset: DatasetLike<T>;
  readonly batchSize: number | null;
  readonly dropLast: boolean;
  /** The sampler of single indices (for an iterable dataset, an endless placeholder). */
  readonly sampler: Iterable<number>;
  /** The sampler of index batches, or null when batching is off. */
  readonly batchSampler: Iterable<number[]> | null;
  readonly numWorkers: number;
  readonly prefetchFactor: number;
  readonly persistentWorkers: boolean;
  readonly timeout: number;
  readonly collateFn: (batch: never) => B;
  readonly workerInitFn: ((workerId: number) => void | Promise<void>) | null;
  readonly multiprocessingContext: WorkerKind;
  readonly generator: torch.Generator | null;
  readonly pinMemory: boolean;
  private readonly iterable: boolean;
  private readonly autoCollation: boolean;
  private pool: WorkerPool | null = null;

  constructor(dataset: DatasetLike<T>, opts: DataLoaderOptions<T, B> = {}) {
    const {
      batchSize = 1, shuffle, sampler = null, batchSampler = null, numWorkers = 0, collateFn = null, pinMemory = false,
      dropLast = false, timeout = 0, workerInitFn = null, multiprocessingContext = 'process', generator = null,
      prefetchFactor = 2, persistentWorkers = false,
    } = opts;
    if (!isInt(numWorkers) || numWorkers < 0)
      throw new Error('numWorkers option should be non-negative; use numWorkers=0 to disable multiprocessing.');
    if (typeof timeout !== 'number' || !(timeout >= 0)) throw new Error('timeout option should be non-negative');
    if (!isInt(prefetchFactor) || prefetchFactor <= 0) throw new Error(`prefetchFactor option should be a positive integer, but got prefetchFactor=${prefetchFactor}`);
    if (persistentWorkers && numWorkers === 0) throw new Error('persistentWorkers option needs numWorkers > 0');
    if (multiprocessingContext !== 'process' && multiprocessingContext !== 'thread')
      throw new Error(`multiprocessingContext option should be 'process' or 'thread', but got ${String(multiprocessingContext)}`);
    if (batchSize !== null && (!isInt(batchSize) || batchSize <= 0))
      throw new Error(`batchSize should be a positive integer value, but got batchSize=${String(batchSize)}`);
    this.dataset = dataset;
    this.iterable = isIterableDataset(dataset);

    let bs: number | null = batchSize;
    let dl = dropLast;
    let smp: Iterable<number> | null = sampler;
    if (this.iterable) {
      // PyTorch: an iterable dataset decides its own order.
      if (shuffle) throw new Error('DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=true');
      if (sampler) throw new Error(`DataLoader with IterableDataset: expected unspecified sampler option, but got sampler=${describe(sampler)}`);
      if (batchSampler) throw new Error(`DataLoader with IterableDataset: expected unspecified batchSampler option, but got batchSampler=${describe(batchSampler)}`);
    } else if (typeof (dataset as { length?: unknown }).length !== 'number' || (!Array.isArray(dataset) && typeof (dataset as { getItem?: unknown }).getItem !== 'function')) {
      throw new TypeError('DataLoader: dataset must be a Dataset (length and getItem), an IterableDataset, or an array');
    }
    if (smp && shuffle) throw new Error('sampler option is mutually exclusive with shuffle');
    if (batchSampler) {
      if (batchSize !== 1 || shuffle || smp || dropLast)
        throw new Error('batchSampler option is mutually exclusive with batchSize, shuffle, sampler, and dropLast');
      bs = null;
      dl = false;
    } else if (batchSize === null && dropLast) {
      throw new Error('batchSize=null option disables auto-batching and is mutually exclusive with dropLast');
    }
    if (!smp) {
      if (this.iterable) smp = infinite() as unknown as Iterable<number>;
      else smp = shuffle ? new RandomSampler(dataset as MapSource<T>, { generator }) : new SequentialSampler(dataset as MapSource<T>);
    }
    let bsmp: Iterable<number[]> | null = batchSampler;
    if (bs !== null && !bsmp) bsmp = this.iterable ? null : new BatchSampler(smp, bs, dl);

    this.batchSize = bs;
    this.dropLast = dl;
    this.sampler = smp;
    this.batchSampler = bsmp;
    this.numWorkers = numWorkers;
    this.prefetchFactor = prefetchFactor;
    this.persistentWorkers = persistentWorkers;
    this.timeout = timeout;
    this.autoCollation = this.iterable ? bs !== null : bsmp !== null;
    this.collateFn = (collateFn ?? (this.autoCollation ? defaultCollate : defaultConvert)) as (batch: never) => B;
    this.workerInitFn = workerInitFn;
    this.multiprocessingContext = multiprocessingContext;
    this.generator = generator;
    this.pinMemory = pinMemory;
  }

  /** Batches per pass (`len(loader)`): the index sampler's length, or for an iterable dataset its length over `batchSize`. */
  get length(): number {
    if (this.iterable) {
      const n = (this.dataset as IterableDataset<T>).length;
      if (this.batchSize === null) return n;
      return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
    }
    return samplerLength((this.batchSampler ?? this.sampler) as Iterable<unknown> & { length?: number });
  }

  /** @internal The index iterator of one pass (index lists, single indices, or batch sizes for streams). */
  _indices(): Iterator<number | number[] | null> {
    if (this.iterable) {
      const size = this.batchSize;
      return (function* () { for (;;) yield size; })() as Iterator<number | null>;
    }
    return ((this.batchSampler ?? this.sampler) as Iterable<number | number[]>)[Symbol.iterator]();
  }

  /**
   * Sync iteration (`for (const b of loader)`): needs synchronous items and `numWorkers: 0`;
   * an item that turns out to be a Promise raises an error that says to use `for await`.
   */
  [Symbol.iterator](): Iterator<B> {
    if (this.numWorkers > 0)
      throw new Error(`DataLoader with numWorkers=${this.numWorkers} loads in worker processes: iterate with \`for await (const batch of loader)\``);
    // As PyTorch does for every pass: draw a base seed (keeps generator use the same with and without workers).
    drawSeed(this.generator);
    const collateFn = this.collateFn as AnyCollate;
    if (this.iterable) {
      const fetcher = new IterableFetcher(this.dataset as object, this.autoCollation, collateFn, this.dropLast, false);
      const size = this.batchSize;
      return (function* () {
        try {
          for (;;) {
            const r = fetcher.fetchSync(size);
            if (r.done) return;
            yield r.value as B;
          }
        } finally {
          fetcher.close();
        }
      })();
    }
    const fetcher = new MapFetcher(this.dataset as MapSource<T>, this.autoCollation, collateFn);
    const indices = this._indices() as Iterator<number | number[]>;
    return (function* () {
      for (let n = indices.next(); !n.done; n = indices.next()) yield fetcher.fetchSync(n.value) as B;
    })();
  }

  /**
   * Async iteration (`for await (const b of loader)`), always available: in this thread with
   * up to `prefetchFactor` batches loading concurrently, or in `numWorkers` workers.
   */
  [Symbol.asyncIterator](): AsyncIterableIterator<B> {
    if (this.numWorkers > 0) return new MultiWorkerIterator<B>(this);
    drawSeed(this.generator);
    return this.iterable ? new StreamIterator<B>(this) : new PrefetchIterator<B>(this);
  }

  /** @internal the worker pool for a pass: the persistent one, or a fresh one */
  _pool(): { pool: WorkerPool; fresh: boolean } {
    if (this.pool && !this.pool.fatal) return { pool: this.pool, fresh: false };
    if (this.pool) void this.pool.shutdown();
    const seed = drawSeed(this.generator);
    const spec = this.collateSpec();
    const pool = new WorkerPool(this.multiprocessingContext, this.numWorkers, (id) => {
      const transfer: ArrayBuffer[] = [];
      const msg: InitMessage = {
        type: 'init',
        workerId: id,
        numWorkers: this.numWorkers,
        seed: seed + id,
        dataset: encode(this.dataset, transfer, 'dataset'),
        iterable: this.iterable,
        autoCollation: this.autoCollation,
        dropLast: this.dropLast,
        collate: spec.kind === 'recipe' ? { kind: 'recipe', fn: encode(spec.fn, transfer, 'collateFn') } : spec,
        workerInit: this.workerInitFn === null ? null : encode(this.workerInitFn, transfer, 'workerInitFn'),
      };
      return { msg, transfer };
    });
    if (this.persistentWorkers) this.pool = pool;
    return { pool, fresh: true };
  }

  /** @internal the function that runs on the loader's side after the workers (null: they collate). */
  _mainCollate(): AnyCollate {
    return this.collateSpec().kind === 'none' ? (this.collateFn as AnyCollate) : null;
  }

  private collateSpec(): CollateSpec {
    const fn = this.collateFn as unknown;
    if (fn === defaultCollate) return { kind: 'default' };
    if (fn === defaultConvert) return { kind: 'convert' };
    if (isPortable(fn)) return { kind: 'recipe', fn };
    return { kind: 'none' };
  }

  /** @internal */
  get _iterable(): boolean {
    return this.iterable;
  }
  /** @internal */
  get _autoCollation(): boolean {
    return this.autoCollation;
  }
}

function describe(x: unknown): string {
  return (x as object)?.constructor?.name ?? String(x);
}

/** In-thread async pass over a map-style dataset: `prefetchFactor` batches load concurrently. */
class PrefetchIterator<B> implements AsyncIterableIterator<B> {
  private readonly fetcher: MapFetcher;
  private readonly indices: Iterator<number | number[]>;
  private readonly queue: Promise<unknown>[] = [];
  private readonly depth: number;
  private exhausted = false;

  constructor(loader: DataLoader<unknown, B>) {
    this.fetcher = new MapFetcher(loader.dataset as MapSource<unknown>, loader._autoCollation, loader.collateFn as AnyCollate);
    this.indices = loader._indices() as Iterator<number | number[]>;
    this.depth = loader.prefetchFactor;
  }

  private fill(): void {
    while (!this.exhausted && this.queue.length < this.depth) {
      const n = this.indices.next();
      if (n.done) {
        this.exhausted = true;
        return;
      }
      const p = this.fetcher.fetchAsync(n.value);
      p.catch(() => {}); // rejections surface when this batch's turn comes
      this.queue.push(p);
    }
  }

  async next(): Promise<IteratorResult<B>> {
    try {
      this.fill();
    } catch (e) {
      this.stop();
      throw e;
    }
    const head = this.queue.shift();
    if (!head) return { done: true, value: undefined };
    try {
      const value = (await head) as B;
      return { done: false, value };
    } catch (e) {
      this.stop();
      throw e;
    }
  }

  private stop(): void {
    this.exhausted = true;
    this.queue.length = 0;
  }

  async return(): Promise<IteratorResult<B>> {
    this.stop();
    return { done: true, value: undefined };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<B> {
    return this;
  }
}

/** In-thread async pass over an iterable dataset (a stream is read in order). */
class StreamIterator<B> implements AsyncIterableIterator<B> {
  private readonly fetcher: IterableFetcher;
  private readonly size: number | null;
  private done = false;

  constructor(loader: DataLoader<unknown, B>) {
    this.fetcher = new IterableFetcher(loader.dataset as object, loader._autoCollation, loader.collateFn as AnyCollate, loader.dropLast, true);
    this.size = loader.batchSize;
  }

  async next(): Promise<IteratorResult<B>> {
    if (this.done) return { done: true, value: undefined };
    let r: Pull;
    try {
      r = await this.fetcher.fetchAsync(this.size);
    } catch (e) {
      await this.return();
      throw e;
    }
    if (r.done) {
      this.done = true;
      return { done: true, value: undefined };
    }
    return { done: false, value: r.value as B };
  }

  async return(): Promise<IteratorResult<B>> {
    this.done = true;
    this.fetcher.close();
    return { done: true, value: undefined };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<B> {
    return this;
  }
}

interface Task {
  worker: number;
  state: 'pending' | 'done' | 'ended';
  msg?: FromWorker;
}

/**
 * A pass over worker-loaded batches (PyTorch's `_MultiProcessingDataLoaderIter`): index
 * batches go round-robin to the workers, at most `prefetchFactor` per worker in flight, and
 * batches come back in sampler order whatever order the workers finish in.
 */
class MultiWorkerIterator<B> implements AsyncIterableIterator<B>, PoolListener {
  private readonly loader: DataLoader<unknown, B>;
  private readonly pool: WorkerPool;
  private readonly epoch: number;
  private readonly indices: Iterator<number | number[] | null>;
  private readonly active: boolean[];
  private readonly tasks = new Map<number, Task>();
  private readonly mainCollate: AnyCollate;
  private sendIdx = 0;
  private rcvdIdx = 0;
  private outstanding = 0;
  private nextWorker = 0;
  private finished = false;
  private fatal: Error | null = null;
  private wake: (() => void) | null = null;

  constructor(loader: DataLoader<unknown, B>) {
    this.loader = loader;
    const { pool, fresh } = loader._pool();
    this.pool = pool;
    this.epoch = ++pool.epoch;
    this.mainCollate = loader._mainCollate();
    this.indices = loader._indices();
    this.active = new Array(loader.numWorkers).fill(true);
    if (!fresh && loader._iterable) for (let w = 0; w < loader.numWorkers; w++) pool.send(w, { type: 'reset', epoch: this.epoch });
    pool.attach(this);
    try {
      for (let k = 0; k < loader.prefetchFactor * loader.numWorkers; k++) this.tryPut();
    } catch (e) {
      void this.finish();
      throw e;
    }
  }

  private tryPut(): void {
    if (this.outstanding >= this.loader.prefetchFactor * this.loader.numWorkers) return;
    const n = this.indices.next();
    if (n.done) return;
    const workers = this.loader.numWorkers;
    let w = -1;
    for (let k = 0; k < workers; k++) {
      const cand = this.nextWorker;
      this.nextWorker = (this.nextWorker + 1) % workers;
      if (this.active[cand]) {
        w = cand;
        break;
      }
    }
    if (w < 0) return;
    const task = this.sendIdx++;
    this.tasks.set(task, { worker: w, state: 'pending' });
    this.outstanding++;
    if (this.loader._iterable) this.pool.send(w, { type: 'next', epoch: this.epoch, task, size: n.value as number | null });
    else this.pool.send(w, { type: 'fetch', epoch: this.epoch, task, index: n.value as number | number[] });
  }

  onMessage(workerId: number, msg: FromWorker): void {
    if (msg.type === 'fatal' || msg.epoch !== this.epoch) return;
    this.outstanding--;
    const t = this.tasks.get(msg.task);
    if (msg.type === 'end') {
      this.active[workerId] = false;
      if (t) t.state = 'ended';
      this.tryPut();
    } else if (t) {
      t.state = 'done';
      t.msg = msg;
    }
    this.wake?.();
  }

  onFatal(error: Error): void {
    this.fatal ??= error;
    this.wake?.();
  }

  /**
   * Waits for the next worker message. The workers keep the program alive only during this wait,
   * so an iterator abandoned without `return()` cannot hang the program at exit.
   */
  private waitForMessage(deadline: number): Promise<void> {
    this.pool.ref();
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      this.wake = () => {
        this.wake = null;
        if (timer) clearTimeout(timer);
        this.pool.unref();
        resolve();
      };
      if (deadline > 0) {
        timer = setTimeout(() => {
          this.wake = null;
          this.pool.unref();
          reject(new Error(`DataLoader timed out after ${this.loader.timeout} seconds`));
        }, Math.max(0, deadline - Date.now()));
      }
    });
  }

  async next(): Promise<IteratorResult<B>> {
    if (this.finished) return { done: true, value: undefined };
    try {
      const deadline = this.loader.timeout > 0 ? Date.now() + this.loader.timeout * 1000 : 0;
      for (;;) {
        if (this.fatal) throw this.fatal;
        // Skip tasks that will never yield data: their worker's stream has ended.
        while (this.rcvdIdx < this.sendIdx) {
          const t = this.tasks.get(this.rcvdIdx)!;
          if (t.state === 'done' || (t.state === 'pending' && this.active[t.worker])) break;
          this.tasks.delete(this.rcvdIdx++);
        }
        if (this.rcvdIdx >= this.sendIdx) {
          await this.finish();
          return { done: true, value: undefined };
        }
        const t = this.tasks.get(this.rcvdIdx)!;
        if (t.state === 'done') {
          this.tasks.delete(this.rcvdIdx++);
          this.tryPut();
          return { done: false, value: this.unpack(t.worker, t.msg!) };
        }
        await this.waitForMessage(deadline);
      }
    } catch (e) {
      await this.finish();
      throw e;
    }
  }

  private unpack(workerId: number, msg: FromWorker): B {
    if (msg.type === 'error') throw workerError(workerId, msg.error);
    const data = decode((msg as { data: unknown }).data);
    return (this.mainCollate ? (this.mainCollate as (b: unknown) => unknown)(data) : data) as B;
  }

  private async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.pool.detach(this);
    if (!this.loader.persistentWorkers || this.pool.fatal) await this.pool.shutdown();
  }

  async return(): Promise<IteratorResult<B>> {
    await this.finish();
    return { done: true, value: undefined };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<B> {
    return this;
  }
}

/** The error a worker reported, re-raised here with the worker id and the failing index (PyTorch's `ExceptionWrapper.reraise`). */
function workerError(workerId: number, e: WireError): Error {
  let where = '';
  if (e.index !== undefined) where = Array.isArray(e.index) ? ` while fetching indices [${e.index.join(', ')}]` : ` while fetching index ${e.index}`;
  else if (e.collating !== undefined) where = e.collating === null ? ' while collating a batch' : ` while collating the batch of indices ${JSON.stringify(e.collating)}`;
  const err = new Error(`Caught ${e.name} in DataLoader worker process ${workerId}${where}.\nOriginal ${e.stack ?? `${e.name}: ${e.message}`}`);
  err.name = e.name;
  return err;
}
