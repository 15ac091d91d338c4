/**
 * Creation functions: `tensor`, `zeros`, `ones`, `full`, `arange`, `linspace`, `eye`, the
 * `*Like` family, and `fromArray` (typed array in, no copy).
 * @module
 */
import { type DType, ITEM_SIZE, isFloatingPoint } from '../dtype';
import { normalizeDevice } from '../device';
import { contiguousStrides, numelOf, parseSizes, type Shape } from '../shape';
import { backendFor } from '../backend/backend';
import { getDefaultDtype } from '../default_dtype';
import { Storage } from '../storage';
import { Tensor } from '../tensor';

/** Options every creation function takes. */
export interface TensorOptions {
  dtype?: DType;
  device?: string;
  requiresGrad?: boolean;
}

/** Nested arrays of numbers, booleans or bigints, as `torch.tensor` accepts. */
export type NestedArray = number | boolean | bigint | readonly NestedArray[];
export type TypedArray =
  | Float32Array | Float64Array | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | BigInt64Array;

/** An uninitialised contiguous tensor (zero-filled on the CPU for small sizes). */
export function empty(shape: Shape, dtype: DType = getDefaultDtype(), device = 'cpu'): Tensor {
  const n = numelOf(shape);
  const storage = device === 'cpu' ? Storage.allocate(n * ITEM_SIZE[dtype]) : backendFor(device).allocate(n * ITEM_SIZE[dtype]);
  return new Tensor(storage, shape as number[], contiguousStrides(shape), 0, dtype, true);
}

function finish(t: Tensor, opts: TensorOptions | undefined): Tensor {
  if (opts?.requiresGrad) {
    if (!isFloatingPoint(t.dtype)) throw new Error('Only Tensors of floating point and complex dtype can require gradients');
    t.requiresGrad = true;
  }
  return t;
}

function filled(shape: Shape, value: number, opts: TensorOptions | undefined, dtype: DType): Tensor {
  const device = normalizeDevice(opts?.device);
  const t = empty(shape, dtype, device);
  if (value !== 0 || device !== 'cpu' || t.numel() * ITEM_SIZE[dtype] >= 1 << 20) backendFor(device).fill(t, value);
  return finish(t, opts);
}

/** `torch.zeros(2, 3)` or `torch.zeros([2, 3], { dtype })`. */
export function zeros(...args: (number | readonly number[] | TensorOptions)[]): Tensor {
  const [shape, opts] = parseSizes<TensorOptions>(args);
  return filled(shape, 0, opts, opts?.dtype ?? getDefaultDtype());
}

/** `torch.ones(2, 3)`. */
export function ones(...args: (number | readonly number[] | TensorOptions)[]): Tensor {
  const [shape, opts] = parseSizes<TensorOptions>(args);
  return filled(shape, 1, opts, opts?.dtype ?? getDefaultDtype());
}

/** `torch.empty(2, 3)`: contents unspecified. */
export function emptyTensor(...args: (number | readonly number[] | TensorOptions)[]): Tensor {
  const [shape, opts] = parseSizes<TensorOptions>(args);
  return finish(empty(shape, opts?.dtype ?? getDefaultDtype(), normalizeDevice(opts?.device)), opts);
}

function scalarDtype(value: number | boolean | bigint): DType {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'bigint') return 'int64';
  return Number.isInteger(value) ? 'int64' : getDefaultDtype();
}

/** `torch.full(size, fillValue)`; the dtype follows the value (int64, bool or the default float). */
export function full(size: readonly number[], fillValue: number | boolean, opts?: TensorOptions): Tensor {
  const [shape] = parseSizes([size]);
  return filled(shape, Number(fillValue), opts, opts?.dtype ?? scalarDtype(fillValue));
}

function likeOpts(t: Tensor, opts?: TensorOptions): TensorOptions {
  return { dtype: opts?.dtype ?? t.dtype, device: opts?.device ?? t.device, requiresGrad: opts?.requiresGrad };
}

export function zerosLike(t: Tensor, opts?: TensorOptions): Tensor {
  return zeros(t.shape, likeOpts(t, opts));
}
export function onesLike(t: Tensor, opts?: TensorOptions): Tensor {
  return ones(t.shape, likeOpts(t, opts));
}
export function emptyLike(t: Tensor, opts?: TensorOptions): Tensor {
  return emptyTensor(t.shape, likeOpts(t, opts));
}
export function fullLike(t: Tensor, value: number | boolean, opts?: TensorOptions): Tensor {
  return full(t.shape, value, likeOpts(t, opts));
}

function inferShape(data: NestedArray): number[] {
  const shape: number[] = [];
  let cur: NestedArray = data;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0];
  }
  return shape;
}

function flattenInto(data: NestedArray, shape: number[], depth: number, out: (number | boolean | bigint)[]): void {
  if (depth === shape.length) {
    if (Array.isArray(data)) throw new Error(`expected sequence of length ${shape[depth - 1]} at dim ${depth - 1}`);
    const v = data as number | boolean | bigint;
    if (typeof v !== 'number' && typeof v !== 'boolean' && typeof v !== 'bigint')
      throw new TypeError(`Could not infer dtype of ${typeof v}`);
    out.push(v);
    return;
  }
  if (!Array.isArray(data) || data.length !== shape[depth])
    throw new Error(
      `expected sequence of length ${shape[depth]} at dim ${depth} (got ${Array.isArray(data) ? data.length : 'a scalar'})`,
    );
  for (const x of data) flattenInto(x, shape, depth + 1, out);
}

const TYPED_DTYPE: [new (...a: never[]) => TypedArray, DType][] = [
  [Float32Array, 'float32'], [Float64Array, 'float64'], [Int8Array, 'int8'], [Uint8Array, 'uint8'],
  [Uint8ClampedArray, 'uint8'], [Int16Array, 'int16'], [Int32Array, 'int32'], [BigInt64Array, 'int64'],
];

/** A typed array's natural dtype. */
export function dtypeOfTypedArray(a: TypedArray): DType {
  for (const [ctor, d] of TYPED_DTYPE) if (a instanceof ctor) return d;
  throw new TypeError('unsupported typed array');
}

/** Writes JS values into a contiguous CPU tensor of any dtype. */
export function writeValues(t: Tensor, values: ArrayLike<number | boolean | bigint>): void {
  const view = t._typedView();
  const n = values.length;
  if (t.dtype === 'int64') {
    const v = view as BigInt64Array;
    for (let i = 0; i < n; i++) {
      const x = values[i];
      v[i] = typeof x === 'bigint' ? x : BigInt(Math.trunc(Number(x)));
    }
  } else if (t.dtype === 'float16' || t.dtype === 'bfloat16') {
    const tmp = fromTypedArray(Float32Array.from(values as ArrayLike<number>, Number), [...t.shape]);
    t.copy_(tmp);
  } else if (t.dtype === 'bool') {
    const v = view as Uint8Array;
    for (let i = 0; i < n; i++) v[i] = values[i] ? 1 : 0;
  } else {
    const v = view as Float32Array;
    for (let i = 0; i < n; i++) v[i] = Number(values[i]);
  }
}

function fromTypedArray(data: TypedArray, shape: number[]): Tensor {
  const dtype = dtypeOfTypedArray(data);
  const storage = new Storage(
    data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer
      ? data.buffer
      : data.slice().buffer as ArrayBuffer,
  );
  return new Tensor(storage, shape, contiguousStrides(shape), 0, dtype);
}

/**
 * `torch.tensor(data)`: copies nested arrays (or a typed array) into a new tensor. Integers
 * give int64, any non-integer number the default float dtype, booleans bool, as in PyTorch;
 * note that `1.0` is the integer 1 in JavaScript, so pass `{ dtype: 'float32' }` for floats.
 */
export function tensor(data: NestedArray | TypedArray | Tensor, opts?: TensorOptions): Tensor {
  if (data instanceof Tensor) return finish(data.detach().to(opts?.dtype ?? data.dtype).clone(), opts);
  let t: Tensor;
  if (ArrayBuffer.isView(data)) {
    const typed = data as TypedArray;
    t = fromTypedArray(typed.slice() as TypedArray, [typed.length]);
  } else {
    const shape = inferShape(data as NestedArray);
    const flat: (number | boolean | bigint)[] = [];
    flattenInto(data as NestedArray, shape, 0, flat);
    let dtype: DType = opts?.dtype ?? 'int64';
    if (!opts?.dtype) {
      if (flat.length === 0) dtype = getDefaultDtype();
      else if (flat.every((v) => typeof v === 'boolean')) dtype = 'bool';
      else if (flat.some((v) => typeof v === 'number' && !Number.isInteger(v))) dtype = getDefaultDtype();
    }
    t = empty(shape, dtype);
    writeValues(t, flat);
    return finish(t.to(normalizeDevice(opts?.device)), opts);
  }
  if (opts?.dtype && opts.dtype !== t.dtype) t = t.to(opts.dtype);
  return finish(t.to(normalizeDevice(opts?.device)), opts);
}

/** A tensor over a typed array's memory, without a copy when the array spans its whole buffer. */
export function fromArray(data: TypedArray, shape?: readonly number[], opts?: TensorOptions): Tensor {
  const s = shape ? [...shape] : [data.length];
  if (numelOf(s) !== data.length) throw new Error(`shape '[${s.join(', ')}]' is invalid for input of size ${data.length}`);
  let t = fromTypedArray(data, s);
  if (opts?.dtype && opts.dtype !== t.dtype) t = t.to(opts.dtype);
  return finish(t.to(normalizeDevice(opts?.device)), opts);
}

/** A 0-d tensor holding one number. */
export function scalarTensor(value: number | boolean | bigint, dtype?: DType, device = 'cpu'): Tensor {
  const t = empty([], dtype ?? scalarDtype(value), 'cpu');
  writeValues(t, [value]);
  return device === 'cpu' ? t : t.to(device);
}

/** `torch.arange(end)`, `torch.arange(start, end, step?)`. */
export function arange(startOrEnd: number, end?: number | TensorOptions, step?: number | TensorOptions, opts?: TensorOptions): Tensor {
  let start = 0, stop: number, st = 1, o = opts;
  if (typeof end === 'object') { o = end; stop = startOrEnd; }
  else if (end === undefined) stop = startOrEnd;
  else {
    start = startOrEnd;
    stop = end;
    if (typeof step === 'object') o = step;
    else if (step !== undefined) st = step;
  }
  if (st === 0) throw new Error('step must be nonzero');
  if ((st > 0 && stop < start) || (st < 0 && stop > start)) throw new Error('upper bound and larger bound inconsistent with step sign');
  const n = Math.max(0, Math.ceil((stop - start) / st));
  const allInt = [start, stop, st].every(Number.isInteger);
  const dtype = o?.dtype ?? (allInt ? 'int64' : getDefaultDtype());
  const device = normalizeDevice(o?.device);
  const t = empty([n], dtype, device);
  backendFor(device).range(t, n, start, st, false);
  return finish(t, o);
}

/** `torch.linspace(start, end, steps)`. */
export function linspace(start: number, end: number, steps: number, opts?: TensorOptions): Tensor {
  if (!Number.isInteger(steps) || steps < 0) throw new Error('number of steps must be non-negative');
  const device = normalizeDevice(opts?.device);
  const t = empty([steps], opts?.dtype ?? getDefaultDtype(), device);
  backendFor(device).range(t, steps, start, end, true);
  return finish(t, opts);
}

/** `torch.logspace(start, end, steps, base = 10)`. */
export function logspace(start: number, end: number, steps: number, opts?: TensorOptions & { base?: number }): Tensor {
  const base = opts?.base ?? 10;
  const lin = linspace(start, end, steps, { dtype: 'float64', device: opts?.device });
  return finish(lin.mul(Math.log(base)).exp().to(opts?.dtype ?? getDefaultDtype()), opts);
}

/** `torch.eye(n, m?)`. */
export function eye(n: number, m?: number | TensorOptions, opts?: TensorOptions): Tensor {
  let cols = n, o = opts;
  if (typeof m === 'object') o = m;
  else if (m !== undefined) cols = m;
  const t = zeros([n, cols], { dtype: o?.dtype, device: o?.device });
  const k = Math.min(n, cols);
  if (k > 0) backendFor(t.device).fill(t._restride([k], [cols + 1], 0), 1);
  return finish(t, o);
}

