/**
 * Random numbers. A {@link Generator} is a (seed, offset) pair: each draw of n numbers uses
 * Philox counters offset..offset+n-1 and advances the offset, so results are reproducible
 * after `manualSeed` and independent of the thread count.
 * @module
 */
import { backendFor, type RandomKind } from '../backend/backend';
import { type DType, isFloatingPoint } from '../dtype';
import { getDefaultDtype } from '../default_dtype';
import { normalizeDevice } from '../device';
import { parseSizes } from '../shape';
import { Storage } from '../storage';
import { Tensor } from '../tensor';
import { empty, type TensorOptions } from './creation';

const MASK64 = (1n << 64n) - 1n;

export class Generator {
  private seedValue: bigint;
  /** Philox counter of the next draw. */
  offset = 0;
  readonly device: string;

  constructor(opts?: { device?: string }) {
    this.device = normalizeDevice(opts?.device);
    this.seedValue = 67280421310721n;
  }
  /** Sets the seed and restarts the sequence (`generator.manual_seed(s)`). */
  manualSeed(seed: number | bigint): this {
    this.seedValue = BigInt.asUintN(64, BigInt(seed));
    this.offset = 0;
    return this;
  }
  /** Seeds from a non-deterministic source and returns the seed. */
  seed(): bigint {
    const s = BigInt(Math.floor(Math.random() * 2 ** 32)) << 21n ^ BigInt(Date.now());
    this.manualSeed(s & MASK64);
    return this.seedValue;
  }
  initialSeed(): bigint {
    return this.seedValue;
  }
  /** The state as a uint8 tensor (seed and offset), for `setState`. */
  getState(): Tensor {
    const buf = new BigInt64Array([BigInt.asIntN(64, this.seedValue), BigInt(this.offset)]);
    return new Tensor(new Storage(buf.buffer), [16], [1], 0, 'uint8');
  }
  setState(state: Tensor): this {
    if (state.dtype !== 'uint8' || state.numel() !== 16) throw new Error('RNG state must be a torch.ByteTensor of 16 bytes');
    const bytes = state.contiguous().toArray() as Uint8Array;
    const v = new BigInt64Array(bytes.slice().buffer);
    this.seedValue = BigInt.asUintN(64, v[0]);
    this.offset = Number(v[1]);
    return this;
  }
  /** @internal reserves n counters */
  _take(n: number): { seed: bigint; offset: number } {
    const r = { seed: this.seedValue, offset: this.offset };
    this.offset += n;
    return r;
  }
}

/** The generator used when none is passed. */
export const defaultGenerator = new Generator();

/** `torch.manual_seed(seed)`: makes every random function reproducible. */
export function manualSeed(seed: number | bigint): Generator {
  return defaultGenerator.manualSeed(seed);
}
export function seed(): bigint {
  return defaultGenerator.seed();
}
export function initialSeed(): bigint {
  return defaultGenerator.initialSeed();
}
export function getRngState(): Tensor {
  return defaultGenerator.getState();
}
export function setRngState(state: Tensor): void {
  defaultGenerator.setState(state);
}

/** Fills a tensor in place from a distribution (the `uniform_`, `normal_`... methods). */
export function fillRandom<T extends Tensor>(t: T, kind: RandomKind, a: number, b: number, gen?: Generator): T {
  const g = gen ?? defaultGenerator;
  const n = t.numel();
  if (kind === 'randint' && b <= a) throw new Error(`random_ expects 'from' to be less than 'to', but got from=${a} >= to=${b}`);
  if (kind === 'normal' && b < 0) throw new Error(`normal expects std >= 0.0, but found std ${b}`);
  if (kind === 'bernoulli' && (a < 0 || a > 1)) throw new Error(`bernoulli_ expects p to be in [0, 1], but got p=${a}`);
  if (n === 0) return t;
  const { seed: s, offset } = g._take(n);
  const backend = backendFor(t.device);
  if (t.isContiguous()) {
    backend.random(kind, t, s, offset, a, b);
  } else {
    const tmp = empty(t._shape, t.dtype, t.device);
    backend.random(kind, tmp, s, offset, a, b);
    backend.copy(t, tmp);
  }
  t._bumpVersion();
  return t;
}

interface RandOptions extends TensorOptions {
  generator?: Generator;
}

function make(args: unknown[], kind: RandomKind, a: number, b: number, defaultDtype: DType): Tensor {
  const [shape, opts] = parseSizes<RandOptions>(args);
  const dtype = opts?.dtype ?? defaultDtype;
  const t = empty(shape, dtype, normalizeDevice(opts?.device));
  fillRandom(t, kind, a, b, opts?.generator);
  if (opts?.requiresGrad) t.requiresGrad = true;
  return t;
}

/** `torch.rand(2, 3)`: uniform on [0, 1). */
export function rand(...args: (number | readonly number[] | RandOptions)[]): Tensor {
  return make(args, 'uniform', 0, 1, getDefaultDtype());
}
/** `torch.randn(2, 3)`: standard normal. */
export function randn(...args: (number | readonly number[] | RandOptions)[]): Tensor {
  const [shape, opts] = parseSizes<RandOptions>(args);
  if (opts?.dtype && !isFloatingPoint(opts.dtype)) throw new Error(`"normal_kernel_cpu" not implemented for '${opts.dtype}'`);
  return make([shape, opts ?? {}], 'normal', 0, 1, getDefaultDtype());
}
/** `torch.randint(low?, high, size)`: integers in [low, high), int64 by default. */
export function randint(lowOrHigh: number, highOrSize: number | readonly number[], sizeOrOpts?: readonly number[] | RandOptions, opts?: RandOptions): Tensor {
  let low = 0, high: number, size: readonly number[], o = opts;
  if (Array.isArray(highOrSize)) {
    high = lowOrHigh;
    size = highOrSize;
    o = sizeOrOpts as RandOptions | undefined;
  } else {
    low = lowOrHigh;
    high = highOrSize as number;
    size = sizeOrOpts as readonly number[];
  }
  if (high <= low) throw new Error(`random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`);
  return make([size, o ?? {}], 'randint', low, high, 'int64');
}
/** `torch.randperm(n)`: a random permutation of 0..n-1 (int64). */
export function randperm(n: number, opts?: RandOptions): Tensor {
  if (!Number.isInteger(n) || n < 0) throw new Error(`n must be non-negative, got${n}`);
  const g = opts?.generator ?? defaultGenerator;
  const device = normalizeDevice(opts?.device);
  const t = empty([n], 'int64', device);
  if (n > 0) {
    const { seed: s, offset } = g._take(n);
    backendFor(device).randperm(t, n, s, offset);
  }
  return opts?.dtype && opts.dtype !== 'int64' ? t.to(opts.dtype) : t;
}
/** `torch.normal(mean, std, size)` with scalar parameters. */
export function normal(mean: number, std: number, size: readonly number[], opts?: RandOptions): Tensor {
  return make([size, opts ?? {}], 'normal', mean, std, getDefaultDtype());
}
export function randLike(t: Tensor, opts?: RandOptions): Tensor {
  return rand(t.shape, { dtype: t.dtype, device: t.device, ...opts });
}
export function randnLike(t: Tensor, opts?: RandOptions): Tensor {
  return randn(t.shape, { dtype: t.dtype, device: t.device, ...opts });
}
export function randintLike(t: Tensor, low: number, high?: number, opts?: RandOptions): Tensor {
  return high === undefined
    ? randint(0, low, t.shape, { dtype: t.dtype, device: t.device, ...opts })
    : randint(low, high, t.shape, { dtype: t.dtype, device: t.device, ...opts });
}

/** `torch.bernoulli(p)`: 0/1 draws with per-element probabilities p (same dtype as p). */
export function bernoulli(p: Tensor, opts?: { generator?: Generator }): Tensor {
  if (!isFloatingPoint(p.dtype)) throw new Error(`"bernoulli_tensor_cpu_self_" not implemented for '${p.dtype}'`);
  const g = opts?.generator ?? defaultGenerator;
  const pc = p.contiguous();
  const out = empty(p._shape, p.dtype, p.device);
  const n = out.numel();
  if (n > 0) {
    const { seed: s, offset } = g._take(n);
    backendFor(p.device).bernoulli(out, pc, s, offset);
  }
  return out;
}

/** `torch.multinomial(weights, numSamples, replacement)`: category indices per row of weights. */
export function multinomial(weights: Tensor, numSamples: number, opts?: { replacement?: boolean; generator?: Generator }): Tensor {
  const replacement = opts?.replacement ?? false;
  if (weights.ndim < 1 || weights.ndim > 2) throw new Error('prob_dist must be 1 or 2 dim');
  const w = (weights.ndim === 1 ? weights.unsqueeze(0) : weights).to('float64').contiguous();
  const [rows, cats] = w._shape;
  if (!replacement && numSamples > cats) throw new Error('cannot sample n_sample > prob_dist.size(-1) samples without replacement');
  if (numSamples <= 0) throw new Error('cannot sample n_sample <= 0 samples');
  const min = w.amin().item(), total = w.sum(1).amin().item();
  if (min < 0 || !Number.isFinite(w.sum().item())) throw new Error('probability tensor contains either `inf`, `nan` or element < 0');
  if (total <= 0) throw new Error('invalid multinomial distribution (sum of probabilities <= 0)');
  const g = opts?.generator ?? defaultGenerator;
  const out = empty([rows, numSamples], 'int64', weights.device);
  const { seed: s, offset } = g._take(rows * numSamples);
  backendFor(weights.device).multinomial(out, w, rows, cats, numSamples, replacement, s, offset);
  return weights.ndim === 1 ? out.squeeze(0) : out;
}
