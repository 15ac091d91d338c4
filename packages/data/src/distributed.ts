/**
 * `DistributedSampler` (PyTorch's `torch/utils/data/distributed.py`): each of `numReplicas`
 * processes loads its own, disjoint share of a dataset.
 * @module
 */
import * as torch from '@tensile/core';
import { Sampler, type Sized } from './sampler';

/** Options for {@link DistributedSampler}; the names and defaults are PyTorch's. */
export interface DistributedSamplerOptions {
  /** The number of processes (default: `WORLD_SIZE` from the environment). */
  numReplicas?: number | null;
  /** This process's rank in `[0, numReplicas - 1]` (default: `RANK` from the environment). */
  rank?: number | null;
  /** Shuffle the indices each epoch (default true). */
  shuffle?: boolean;
  /** Shuffle seed; must be the same in every process (default 0). */
  seed?: number;
  /** Drop the tail so the data divides evenly, instead of padding by repeating indices (default false). */
  dropLast?: boolean;
}

function fromEnv(name: 'WORLD_SIZE' | 'RANK'): number {
  const v = process.env[name];
  if (v === undefined || !/^\d+$/.test(v))
    throw new Error(`Requires distributed package to be available: pass ${name === 'WORLD_SIZE' ? 'numReplicas' : 'rank'} or set ${name}`);
  return Number(v);
}

/**
 * Restricts loading to this replica's share of the dataset. The index arithmetic (padding by
 * wrapping around when `dropLast` is false, truncating when true, then taking every
 * `numReplicas`-th index from `rank`) is exactly PyTorch's, so with `shuffle: false` the index
 * lists are identical to PyTorch's. With `shuffle: true` the permutation comes from
 * `torch.randperm` with a generator seeded `seed + epoch`, the same recipe as PyTorch's, but
 * Tensile's RNG differs from PyTorch's, so the shuffled order differs.
 *
 * Call {@link DistributedSampler.setEpoch} before each epoch, or every epoch sees the same order.
 *
 * ```ts
 * const sampler = new DistributedSampler(ds, { numReplicas: 4, rank: 1 });
 * const loader = new DataLoader(ds, { batchSize: 32, sampler });
 * for (let epoch = 0; epoch < 10; epoch++) { sampler.setEpoch(epoch); for await (const b of loader) {} }
 * ```
 */
export class DistributedSampler extends Sampler<number> {
  readonly dataset: Sized;
  readonly numReplicas: number;
  readonly rank: number;
  readonly shuffle: boolean;
  readonly seed: number;
  readonly dropLast: boolean;
  /** Indices per replica. */
  readonly numSamples: number;
  /** `numSamples * numReplicas`. */
  readonly totalSize: number;
  /** The current epoch (see {@link DistributedSampler.setEpoch}). */
  epoch = 0;

  constructor(
    dataset: Sized,
    numReplicas?: number | null | DistributedSamplerOptions,
    rank?: number | null,
    shuffle?: boolean,
    seed?: number,
    dropLast?: boolean,
  ) {
    super();
    const o: DistributedSamplerOptions =
      typeof numReplicas === 'object' && numReplicas !== null ? numReplicas : { numReplicas, rank, shuffle, seed, dropLast };
    const replicas = o.numReplicas ?? fromEnv('WORLD_SIZE');
    const r = o.rank ?? fromEnv('RANK');
    if (!Number.isInteger(replicas) || replicas < 1) throw new Error(`numReplicas should be a positive integer, but got ${replicas}`);
    if (!Number.isInteger(r) || r >= replicas || r < 0) throw new Error(`Invalid rank ${r}, rank should be in the interval [0, ${replicas - 1}]`);
    this.dataset = dataset;
    this.numReplicas = replicas;
    this.rank = r;
    this.dropLast = o.dropLast ?? false;
    this.shuffle = o.shuffle ?? true;
    this.seed = o.seed ?? 0;
    const n = dataset.length;
    // Matches PyTorch: with dropLast and an uneven split, drop the tail so every replica gets
    // the same number of samples; otherwise round up and pad.
    // (`|| 0` turns Math.ceil's -0 into 0)
    this.numSamples = (this.dropLast && n % replicas !== 0 ? Math.ceil((n - replicas) / replicas) : Math.ceil(n / replicas)) || 0;
    this.totalSize = this.numSamples * replicas;
  }

  /** This replica's indices for the current epoch. */
  indices(): number[] {
    const n = this.dataset.length;
    let indices: number[];
    if (this.shuffle) {
      const g = new torch.Generator().manualSeed(this.seed + this.epoch);
      indices = torch.randperm(n, { generator: g }).tolist() as number[];
    } else {
      indices = Array.from({ length: n }, (_, i) => i);
    }
    if (!this.dropLast) {
      const paddingSize = this.totalSize - indices.length;
      if (paddingSize <= indices.length) indices = indices.concat(indices.slice(0, paddingSize));
      else {
        const reps = Math.ceil(paddingSize / indices.length);
        const repeated: number[] = [];
        for (let k = 0; k < reps; k++) repeated.push(...indices);
        indices = indices.concat(repeated.slice(0, paddingSize));
      }
    } else {
      indices = indices.slice(0, this.totalSize);
    }
    if (indices.length !== this.totalSize) throw new Error(`DistributedSampler: internal error: ${indices.length} != ${this.totalSize}`);
    const mine: number[] = [];
    for (let i = this.rank; i < this.totalSize; i += this.numReplicas) mine.push(indices[i]);
    return mine;
  }

  [Symbol.iterator](): Iterator<number> {
    return this.indices()[Symbol.iterator]();
  }
  override get length(): number {
    return this.numSamples;
  }
  /** Sets the epoch, which reseeds the shuffle (`seed + epoch`): call it before each epoch. */
  setEpoch(epoch: number): void {
    this.epoch = epoch;
  }
}
