/**
 * Samplers (PyTorch's `torch.utils.data.sampler`): iterables of dataset indices, or of index
 * batches for {@link BatchSampler}. Random samplers draw from Tensile's generators, so with the
 * same seed they repeat exactly, but their permutations differ from PyTorch's (another RNG).
 * @module
 */
import * as torch from '@tensile/core';

/** Anything sized: a dataset, an array, a sampler. */
export interface Sized {
  readonly length: number;
}

/**
 * Base class of samplers: an iterable of indices (or index lists) with a `length`. Like
 * PyTorch's `Sampler`, `length` is optional: the base raises the `TypeError` Python's `len()`
 * raises.
 */
export abstract class Sampler<T = number> implements Iterable<T> {
  abstract [Symbol.iterator](): Iterator<T>;
  /** `len(sampler)`. */
  get length(): number {
    throw new TypeError(`object of type '${this.constructor.name}' has no len()`);
  }
}

/** Options for {@link RandomSampler}. */
export interface RandomSamplerOptions {
  /** Draw with replacement (default false). */
  replacement?: boolean;
  /** How many indices to draw (default: the dataset's length). */
  numSamples?: number | null;
  /** Generator for the draws; when omitted a fresh one is seeded from the default generator on each pass. */
  generator?: torch.Generator | null;
}

/** Options for {@link WeightedRandomSampler}. */
export interface WeightedRandomSamplerOptions {
  /** Draw with replacement (default true). */
  replacement?: boolean;
  /** Generator for the draws (default: the default generator). */
  generator?: torch.Generator | null;
}

/** A seed drawn from `generator` (the default one when omitted), as PyTorch's `random_()` draws one. */
export function drawSeed(generator?: torch.Generator | null): number {
  return torch.randint(0, Number.MAX_SAFE_INTEGER, [], generator ? { generator } : {}).item();
}

/** Indices of a Python-style int check: integers that are not booleans. */
function isInt(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x);
}

/** An option value as it appears in messages. */
function repr(x: unknown): string {
  return typeof x === 'string' ? `'${x}'` : String(x);
}

/** `0, 1, ..., len(dataSource) - 1` in order (PyTorch's `SequentialSampler`). */
export class SequentialSampler extends Sampler<number> {
  readonly dataSource: Sized;
  constructor(dataSource: Sized) {
    super();
    this.dataSource = dataSource;
  }
  *[Symbol.iterator](): Iterator<number> {
    const n = this.dataSource.length;
    for (let i = 0; i < n; i++) yield i;
  }
  override get length(): number {
    return this.dataSource.length;
  }
}

/**
 * Random indices (PyTorch's `RandomSampler`): a fresh permutation per pass, or `numSamples`
 * draws with replacement. Both `new RandomSampler(ds, true, 100)` and
 * `new RandomSampler(ds, { replacement: true, numSamples: 100 })` work.
 */
export class RandomSampler extends Sampler<number> {
  readonly dataSource: Sized;
  readonly replacement: boolean;
  readonly generator: torch.Generator | null;
  private readonly _numSamples: number | null;

  constructor(dataSource: Sized, replacement?: boolean | RandomSamplerOptions, numSamples?: number | null, generator?: torch.Generator | null) {
    super();
    const o: RandomSamplerOptions = typeof replacement === 'object' && replacement !== null ? replacement : { replacement, numSamples, generator };
    this.dataSource = dataSource;
    this.replacement = o.replacement ?? false;
    this._numSamples = o.numSamples ?? null;
    this.generator = o.generator ?? null;
    if (typeof this.replacement !== 'boolean')
      throw new TypeError(`replacement should be a boolean value, but got replacement=${repr(this.replacement)}`);
    const ns = this.numSamples;
    if (!isInt(ns) || ns <= 0) throw new Error(`numSamples should be a positive integer value, but got numSamples=${repr(ns)}`);
  }
  /** The number of indices one pass yields. */
  get numSamples(): number {
    return this._numSamples ?? this.dataSource.length;
  }
  *[Symbol.iterator](): Iterator<number> {
    const n = this.dataSource.length;
    const generator = this.generator ?? new torch.Generator().manualSeed(drawSeed());
    const numSamples = this.numSamples;
    if (this.replacement) {
      // Drawn 32 at a time, as PyTorch does, so a partly consumed pass draws little.
      for (let k = 0; k < Math.floor(numSamples / 32); k++) yield* torch.randint(0, n, [32], { generator }).tolist() as number[];
      yield* torch.randint(0, n, [numSamples % 32], { generator }).tolist() as number[];
    } else {
      for (let k = 0; k < Math.floor(numSamples / n); k++) yield* torch.randperm(n, { generator }).tolist() as number[];
      yield* (torch.randperm(n, { generator }).tolist() as number[]).slice(0, numSamples % n);
    }
  }
  override get length(): number {
    return this.numSamples;
  }
}

/** The given indices in a random order, without replacement (PyTorch's `SubsetRandomSampler`). */
export class SubsetRandomSampler extends Sampler<number> {
  readonly indices: readonly number[];
  readonly generator: torch.Generator | null;
  constructor(indices: readonly number[], generator?: torch.Generator | null | { generator?: torch.Generator | null }) {
    super();
    this.indices = indices;
    this.generator = generator instanceof torch.Generator ? generator : generator?.generator ?? null;
  }
  *[Symbol.iterator](): Iterator<number> {
    const perm = torch.randperm(this.indices.length, this.generator ? { generator: this.generator } : undefined).tolist() as number[];
    for (const i of perm) yield this.indices[i];
  }
  override get length(): number {
    return this.indices.length;
  }
}

/**
 * Indices `0..weights.length-1` drawn with probabilities proportional to `weights` (PyTorch's
 * `WeightedRandomSampler`); with replacement by default.
 *
 * ```ts
 * new WeightedRandomSampler([0.1, 0.9, 0.4], 5);                       // replacement
 * new WeightedRandomSampler([0.1, 0.9, 0.4], 2, { replacement: false });
 * ```
 */
export class WeightedRandomSampler extends Sampler<number> {
  /** The weights as a float64 tensor. */
  readonly weights: torch.Tensor;
  readonly numSamples: number;
  readonly replacement: boolean;
  readonly generator: torch.Generator | null;

  constructor(
    weights: readonly number[] | torch.Tensor | Float32Array | Float64Array,
    numSamples: number,
    replacement?: boolean | WeightedRandomSamplerOptions,
    generator?: torch.Generator | null,
  ) {
    super();
    const o: WeightedRandomSamplerOptions = typeof replacement === 'object' && replacement !== null ? replacement : { replacement, generator };
    if (!isInt(numSamples) || numSamples <= 0)
      throw new Error(`numSamples should be a positive integer value, but got numSamples=${repr(numSamples)}`);
    const repl = o.replacement ?? true;
    if (typeof repl !== 'boolean') throw new Error(`replacement should be a boolean value, but got replacement=${repr(repl)}`);
    const w = weights instanceof torch.Tensor ? weights.to('float64') : torch.tensor(weights as number[], { dtype: 'float64' });
    if (w.ndim !== 1)
      throw new Error(`weights should be a 1d sequence but given weights have shape (${w.shape.join(', ')}${w.ndim === 1 ? ',' : ''})`);
    this.weights = w;
    this.numSamples = numSamples;
    this.replacement = repl;
    this.generator = o.generator ?? null;
  }
  *[Symbol.iterator](): Iterator<number> {
    const opts = { replacement: this.replacement, ...(this.generator ? { generator: this.generator } : {}) };
    yield* torch.multinomial(this.weights, this.numSamples, opts).tolist() as number[];
  }
  override get length(): number {
    return this.numSamples;
  }
}

/**
 * Groups another sampler's indices into lists of `batchSize` (PyTorch's `BatchSampler`); the
 * last, shorter list is dropped when `dropLast` is true.
 *
 * ```ts
 * [...new BatchSampler(new SequentialSampler(range10), 3, false)]  // [[0,1,2],[3,4,5],[6,7,8],[9]]
 * ```
 */
export class BatchSampler extends Sampler<number[]> {
  readonly sampler: Iterable<number> & Partial<Sized>;
  readonly batchSize: number;
  readonly dropLast: boolean;
  constructor(sampler: Iterable<number>, batchSize: number | { batchSize: number; dropLast: boolean }, dropLast?: boolean) {
    super();
    const o = typeof batchSize === 'object' && batchSize !== null ? batchSize : { batchSize, dropLast };
    if (!isInt(o.batchSize) || o.batchSize <= 0)
      throw new Error(`batchSize should be a positive integer value, but got batchSize=${repr(o.batchSize)}`);
    if (typeof o.dropLast !== 'boolean') throw new Error(`dropLast should be a boolean value, but got dropLast=${repr(o.dropLast)}`);
    this.sampler = sampler;
    this.batchSize = o.batchSize;
    this.dropLast = o.dropLast;
  }
  *[Symbol.iterator](): Iterator<number[]> {
    let batch: number[] = [];
    for (const idx of this.sampler) {
      batch.push(idx);
      if (batch.length === this.batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0 && !this.dropLast) yield batch;
  }
  override get length(): number {
    const n = samplerLength(this.sampler);
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }
}

/** `len(sampler)` for any sampler or iterable: Python's TypeError when it has none. */
export function samplerLength(sampler: Iterable<unknown> & Partial<Sized>): number {
  const n = sampler.length;
  if (typeof n !== 'number') throw new TypeError(`object of type '${sampler.constructor?.name ?? typeof sampler}' has no len()`);
  return n;
}
