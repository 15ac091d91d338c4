/**
 * Datasets: map-style {@link Dataset} (`length` + `getItem`), {@link IterableDataset} (a stream),
 * and the wrappers of `torch.utils.data.dataset`: {@link TensorDataset}, {@link Subset},
 * {@link ConcatDataset}, {@link ChainDataset} and {@link randomSplit}.
 * @module
 */
import * as torch from '@tensile/core';
import type { WorkerRecipe } from './recipe';

/** Python's `IndexError` (`list index out of range`): an index outside a dataset or index list. */
export class IndexError extends Error {
  constructor(message = 'list index out of range') {
    super(message);
    this.name = 'IndexError';
  }
}

/**
 * A map-style dataset (PyTorch's `Dataset`): `length` is `__len__`, `getItem(i)` is
 * `__getitem__` and may return a Promise (async datasets load concurrently under `for await`).
 *
 * ```ts
 * class Squares extends Dataset<torch.Tensor> {
 *   get length() { return 100; }
 *   getItem(i: number) { return torch.tensor([i * i]); }
 * }
 * ```
 * To load with `numWorkers > 0`, also implement {@link Dataset.workerRecipe} (see docs/data.md).
 */
export abstract class Dataset<T = unknown> {
  /** The number of items (`len(dataset)`). */
  abstract get length(): number;
  /** The item at `index` (`dataset[index]`), or a Promise of it. */
  abstract getItem(index: number): T | Promise<T>;
  /**
   * Optional batched fetch (PyTorch's `__getitems__`): when defined, the loader calls it with a
   * whole batch of indices instead of calling `getItem` once per index.
   */
  getItems?(indices: number[]): T[] | Promise<T[]>;
  /**
   * How a DataLoader worker process rebuilds this dataset (module, export, constructor
   * arguments); `undefined` (the default) means it cannot be loaded with `numWorkers > 0`.
   */
  workerRecipe(): WorkerRecipe | undefined {
    return undefined;
  }
  /** `dataset + other` in PyTorch: a {@link ConcatDataset} of both. */
  add(other: MapSource<T>): ConcatDataset<T> {
    return new ConcatDataset<T>([this, other]);
  }
}

/**
 * An iterable-style dataset (PyTorch's `IterableDataset`): a stream of samples. Subclasses
 * define `*[Symbol.iterator]()` or `async *[Symbol.asyncIterator]()`, and may define `length`.
 * With `numWorkers > 0` every worker iterates its own copy; split the stream with
 * {@link getWorkerInfo} to avoid duplicates, as in PyTorch.
 */
export abstract class IterableDataset<T = unknown> {
  /** Phantom member that carries the sample type. */
  declare readonly _sampleType?: T;
  /** `len(dataset)`: raises, like Python, unless a subclass defines it. */
  get length(): number {
    throw new TypeError(`object of type '${this.constructor.name}' has no len()`);
  }
  /** How a worker process rebuilds this dataset; see {@link Dataset.workerRecipe}. */
  workerRecipe(): WorkerRecipe | undefined {
    return undefined;
  }
  /** `dataset + other` in PyTorch: a {@link ChainDataset} of both. */
  add(other: IterableDataset<T>): ChainDataset<T> {
    return new ChainDataset<T>([this, other]);
  }
}

/** Anything a DataLoader accepts as a map-style dataset: an object with `length` and `getItem`. */
export interface MapDatasetLike<T> {
  readonly length: number;
  getItem(index: number): T | Promise<T>;
  getItems?(indices: number[]): T[] | Promise<T[]>;
}

/** True for iterable-style datasets (no `getItem`, but an iterator). */
export function isIterableDataset(ds: unknown): boolean {
  if (ds instanceof IterableDataset) return true;
  if (ds === null || typeof ds !== 'object' || Array.isArray(ds)) return false;
  const o = ds as Record<string | symbol, unknown>;
  return typeof o.getItem !== 'function' && (typeof o[Symbol.iterator] === 'function' || typeof o[Symbol.asyncIterator] === 'function');
}

/** Python's indexing of a sequence: negatives count from the end; out of range raises IndexError. */
export function normalizeIndex(index: number, length: number): number {
  if (!Number.isInteger(index)) throw new TypeError(`list indices must be integers, not ${index}`);
  const i = index < 0 ? index + length : index;
  if (i < 0 || i >= length) throw new IndexError();
  return i;
}

/** A map-style dataset or a plain array (PyTorch accepts any sequence as a dataset, e.g. `range(10)`). */
export type MapSource<T> = MapDatasetLike<T> | readonly T[];

/** `source[index]` for a dataset or an array. */
export function getItemOf<T>(source: MapSource<T>, index: number): T | Promise<T> {
  return isArray(source) ? source[normalizeIndex(index, source.length)] : source.getItem(index);
}

/** `[source[i] for i in indices]`, through `getItems` when the dataset defines it. */
export function getItemsOf<T>(source: MapSource<T>, indices: number[]): (T | Promise<T>)[] | Promise<T[]> {
  if (!isArray(source) && source.getItems) {
    const r = source.getItems(indices);
    return isPromiseLike(r) ? Promise.resolve(r) : r;
  }
  return indices.map((i) => getItemOf(source, i));
}

function isArray<T>(x: MapSource<T>): x is readonly T[] {
  return Array.isArray(x);
}

/**
 * Wraps tensors that share their first dimension; item `i` is `[t0[i], t1[i], ...]`.
 *
 * ```ts
 * const ds = new TensorDataset(torch.randn(100, 3), torch.randint(0, 2, [100]));
 * const [x, y] = ds.getItem(0);
 * ```
 */
export class TensorDataset<Ts extends torch.Tensor[] = torch.Tensor[]> extends Dataset<{ [K in keyof Ts]: torch.Tensor }> {
  readonly tensors: Ts;
  constructor(...tensors: Ts) {
    super();
    if (tensors.length === 0) throw new Error('TensorDataset: at least one tensor is required');
    const n = tensors[0].ndim === 0 ? -1 : tensors[0].size(0);
    if (!tensors.every((t) => t.ndim > 0 && t.size(0) === n)) throw new Error('Size mismatch between tensors');
    this.tensors = tensors;
  }
  get length(): number {
    return this.tensors[0].size(0);
  }
  getItem(index: number): { [K in keyof Ts]: torch.Tensor } {
    return this.tensors.map((t) => t.index(index)) as { [K in keyof Ts]: torch.Tensor };
  }
  override workerRecipe(): WorkerRecipe {
    return { module: import.meta.url, export: 'TensorDataset', args: this.tensors };
  }
}

/** The subset of `dataset` at `indices` (PyTorch's `Subset`). */
export class Subset<T = unknown> extends Dataset<T> {
  readonly dataset: MapSource<T>;
  readonly indices: readonly number[];
  constructor(dataset: MapSource<T>, indices: readonly number[]) {
    super();
    this.dataset = dataset;
    this.indices = indices;
  }
  get length(): number {
    return this.indices.length;
  }
  getItem(index: number): T | Promise<T> {
    return getItemOf(this.dataset, this.indices[normalizeIndex(index, this.indices.length)]);
  }
  override getItems(indices: number[]): T[] | Promise<T[]> {
    const items = getItemsOf(this.dataset, indices.map((i) => this.indices[normalizeIndex(i, this.indices.length)]));
    if (isPromiseLike(items)) return items;
    return items.some(isPromiseLike) ? Promise.all(items) : (items as T[]);
  }
  override workerRecipe(): WorkerRecipe {
    return { module: import.meta.url, export: 'Subset', args: [this.dataset, this.indices] };
  }
}

/** Map-style datasets one after another (PyTorch's `ConcatDataset`). */
export class ConcatDataset<T = unknown> extends Dataset<T> {
  readonly datasets: MapSource<T>[];
  /** Running totals of the datasets' lengths. */
  readonly cumulativeSizes: number[];
  constructor(datasets: Iterable<MapSource<T>>) {
    super();
    this.datasets = [...datasets];
    if (this.datasets.length === 0) throw new Error('datasets should not be an empty iterable');
    for (const d of this.datasets)
      if (isIterableDataset(d)) throw new Error('ConcatDataset does not support IterableDataset');
    this.cumulativeSizes = ConcatDataset.cumsum(this.datasets);
  }
  /** Running totals of `lengths` (PyTorch's `ConcatDataset.cumsum`). */
  static cumsum(datasets: readonly { length: number }[]): number[] {
    const r: number[] = [];
    let s = 0;
    for (const d of datasets) r.push((s += d.length));
    return r;
  }
  get length(): number {
    return this.cumulativeSizes[this.cumulativeSizes.length - 1];
  }
  getItem(index: number): T | Promise<T> {
    let idx = index;
    if (!Number.isInteger(idx)) throw new TypeError(`list indices must be integers, not ${idx}`);
    if (idx < 0) {
      if (-idx > this.length) throw new Error('absolute value of index should not exceed dataset length');
      idx += this.length;
    }
    const d = bisectRight(this.cumulativeSizes, idx);
    if (d >= this.datasets.length) throw new IndexError();
    return getItemOf(this.datasets[d], d === 0 ? idx : idx - this.cumulativeSizes[d - 1]);
  }
  override workerRecipe(): WorkerRecipe {
    return { module: import.meta.url, export: 'ConcatDataset', args: [this.datasets] };
  }
}

/** Iterable datasets chained one after another (PyTorch's `ChainDataset`). */
export class ChainDataset<T = unknown> extends IterableDataset<T> {
  readonly datasets: readonly IterableDataset<T>[];
  constructor(datasets: Iterable<IterableDataset<T>>) {
    super();
    this.datasets = [...datasets];
  }
  override get length(): number {
    let total = 0;
    for (const d of this.datasets) total += checkedIterable(d).length;
    return total;
  }
  *[Symbol.iterator](): Iterator<T> {
    for (const d of this.datasets) {
      const it = (checkedIterable(d) as unknown as Partial<Iterable<T>>)[Symbol.iterator];
      if (!it) throw new TypeError(`${d.constructor.name} is only async-iterable: iterate the loader with for await`);
      yield* { [Symbol.iterator]: () => it.call(d) };
    }
  }
  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (const d of this.datasets) {
      const o = checkedIterable(d) as unknown as Partial<Iterable<T> & AsyncIterable<T>>;
      if (o[Symbol.asyncIterator]) yield* { [Symbol.asyncIterator]: () => o[Symbol.asyncIterator]!.call(d) };
      else yield* { [Symbol.iterator]: () => o[Symbol.iterator]!.call(d) };
    }
  }
  override workerRecipe(): WorkerRecipe {
    return { module: import.meta.url, export: 'ChainDataset', args: [this.datasets] };
  }
}

function checkedIterable<T>(d: IterableDataset<T>): IterableDataset<T> {
  if (!isIterableDataset(d)) throw new Error('ChainDataset only supports IterableDataset');
  return d;
}

/** Python's `bisect.bisect_right`. */
function bisectRight(a: readonly number[], x: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x < a[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** True for Promises and other thenables. */
export function isPromiseLike(x: unknown): x is PromiseLike<unknown> {
  return (typeof x === 'object' || typeof x === 'function') && x !== null && typeof (x as PromiseLike<unknown>).then === 'function';
}

/**
 * Splits a dataset into non-overlapping random {@link Subset}s (PyTorch's `random_split`).
 * `lengths` are item counts summing to the dataset's length, or fractions summing to 1 (each
 * split gets `floor(frac * n)` items and the remainder is dealt round-robin, as in PyTorch).
 * The permutation comes from `generator` (the default generator, seeded by `torch.manualSeed`,
 * when omitted).
 *
 * ```ts
 * const [train, val] = randomSplit(ds, [0.8, 0.2], new torch.Generator().manualSeed(42));
 * ```
 */
export function randomSplit<T>(
  dataset: MapSource<T>,
  lengths: readonly number[],
  generator?: torch.Generator | { generator?: torch.Generator },
): Subset<T>[] {
  const gen = generator instanceof torch.Generator ? generator : generator?.generator;
  const n = dataset.length;
  let sizes = [...lengths];
  const total = sizes.reduce((a, b) => a + b, 0);
  // math.isclose(sum, 1) (rel_tol 1e-9) and sum <= 1: fractions
  if (Math.abs(total - 1) <= 1e-9 && total <= 1) {
    sizes = lengths.map((frac, i) => {
      if (frac < 0 || frac > 1) throw new Error(`Fraction at index ${i} is not between 0 and 1`);
      return Math.floor(n * frac);
    });
    const remainder = n - sizes.reduce((a, b) => a + b, 0);
    for (let i = 0; i < remainder; i++) sizes[i % sizes.length] += 1;
    sizes.forEach((len, i) => {
      if (len === 0) process.emitWarning(`Length of split at index ${i} is 0. This might result in an empty dataset.`);
    });
  }
  for (const len of sizes)
    if (!Number.isInteger(len) || len < 0) throw new Error(`randomSplit: lengths must be non-negative integers or fractions summing to 1, got ${len}`);
  if (sizes.reduce((a, b) => a + b, 0) !== n) throw new Error('Sum of input lengths does not equal the length of the input dataset!');
  const perm = torch.randperm(n, gen ? { generator: gen } : undefined).tolist() as number[];
  const out: Subset<T>[] = [];
  let offset = 0;
  for (const len of sizes) {
    out.push(new Subset(dataset, perm.slice(offset, offset + len)));
    offset += len;
  }
  return out;
}
