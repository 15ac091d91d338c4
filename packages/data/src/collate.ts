/**
 * Collation: merging a list of samples into a batch (PyTorch's `torch/utils/data/_utils/collate.py`).
 * @module
 */
import * as torch from '@tensile/core';

/** Any typed array: the counterpart of a NumPy array in a sample. */
export type TypedArray = torch.TypedArray;

/**
 * The batch {@link defaultCollate} makes from samples of type `T`: tensors, numbers, booleans
 * and typed arrays become tensors with a leading batch dimension, strings become string arrays,
 * and arrays, tuples, Maps and plain objects are collated position by position or key by key.
 */
export type Collated<T> = T extends torch.Tensor
  ? torch.Tensor
  : T extends number | bigint | boolean
    ? torch.Tensor
    : T extends string
      ? string[]
      : T extends ArrayBufferView
        ? torch.Tensor
        : T extends readonly unknown[]
          ? { -readonly [K in keyof T]: Collated<T[K]> }
          : T extends Map<infer K, infer V>
            ? Map<K, Collated<V>>
            : T extends object
              ? { [K in keyof T]: Collated<T[K]> }
              : never;

/** A collate function for one element type, given the whole batch of such elements. */
export type CollateFnForType = (batch: unknown[], opts: { collateFnMap?: CollateFnMap }) => unknown;

/**
 * Extra per-type collate functions for {@link collate}, keyed by class (checked with
 * `instanceof`, in insertion order, before the built-in rules), as PyTorch's `collate_fn_map`.
 */
export type CollateFnMap = Map<abstract new (...args: never[]) => unknown, CollateFnForType>;

const ERR = 'default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found ';

function typeName(x: unknown): string {
  if (x === null) return 'null';
  if (typeof x === 'object' || typeof x === 'function') return (x as object).constructor?.name ?? 'Object';
  return typeof x;
}

/** A plain `{...}` object (not a class instance): collated key by key like a Python dict. */
export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

function isTypedArray(x: unknown): x is TypedArray {
  return ArrayBuffer.isView(x) && !(x instanceof DataView);
}

/**
 * Collates with optional per-type rules (PyTorch's `torch.utils.data._utils.collate.collate`).
 * `defaultCollate(batch)` is `collate(batch)` with the built-in rules only.
 */
export function collate(batch: readonly unknown[], opts: { collateFnMap?: CollateFnMap } = {}): unknown {
  if (!Array.isArray(batch) || batch.length === 0) throw new Error('collate: batch must be a non-empty array of samples');
  const elem = batch[0];
  const map = opts.collateFnMap;
  if (map) {
    for (const [cls, fn] of map) if (elem instanceof cls) return fn(batch as unknown[], opts);
  }
  if (elem instanceof torch.Tensor) return torch.stack(batch as torch.Tensor[], 0);
  if (isTypedArray(elem)) return collate(batch.map((b) => typedToTensor(b)), opts);
  switch (typeof elem) {
    case 'number':
      // PyTorch: Python ints → int64, floats → float64. JS has one number type: a batch of
      // integers is int64; any non-integer (or NaN/Infinity) makes the batch float64.
      return (batch as number[]).every((v) => Number.isInteger(v))
        ? torch.tensor(batch as number[], { dtype: 'int64' })
        : torch.tensor(batch as number[], { dtype: 'float64' });
    case 'bigint':
      return torch.tensor(batch as unknown as bigint[] as never, { dtype: 'int64' });
    case 'boolean':
      return torch.tensor(batch as boolean[], { dtype: 'bool' });
    case 'string':
      return [...batch];
  }
  if (elem instanceof Map) {
    const out = new Map<unknown, unknown>();
    for (const key of elem.keys()) out.set(key, collate(batch.map((d) => mapGet(d, key)), opts));
    return out;
  }
  if (isPlainObject(elem)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(elem)) out[key] = collate(batch.map((d) => objectGet(d, key)), opts);
    return out;
  }
  if (Array.isArray(elem)) {
    const size = elem.length;
    if (!batch.every((e) => Array.isArray(e) && e.length === size)) throw new Error('each element in list of batch should be of equal size');
    const out: unknown[] = [];
    for (let i = 0; i < size; i++) out.push(collate(batch.map((e) => (e as unknown[])[i]), opts));
    return out;
  }
  throw new TypeError(ERR + typeName(elem));
}

function mapGet(d: unknown, key: unknown): unknown {
  if (!(d instanceof Map) || !d.has(key)) throw new Error(`default_collate: sample is missing key ${String(key)}`);
  return d.get(key);
}
function objectGet(d: unknown, key: string): unknown {
  if (!isPlainObject(d) || !(key in d)) throw new Error(`default_collate: sample is missing key '${key}'`);
  return d[key];
}

function typedToTensor(a: unknown): torch.Tensor {
  if (!isTypedArray(a)) throw new TypeError(ERR + typeName(a));
  return typedArrayTensor(a);
}

/** A tensor copying a typed array (Uint8ClampedArray → uint8; other arrays keep their dtype). */
export function typedArrayTensor(a: TypedArray): torch.Tensor {
  return torch.tensor(a);
}

/**
 * PyTorch's `default_collate`: stacks tensors along a new first dimension; numbers become
 * int64 tensors (all integers) or float64 tensors (any non-integer), booleans bool tensors,
 * typed arrays tensors of their dtype (stacked); strings stay as an array; arrays (tuples) are
 * transposed and collated position by position, plain objects and Maps key by key.
 *
 * ```ts
 * defaultCollate([[torch.zeros(3), 0], [torch.ones(3), 1]]); // [tensor of shape [2, 3], tensor([0, 1])]
 * defaultCollate([{ a: 0.5 }, { a: 1 }]);                     // { a: tensor([0.5, 1.0], dtype=float64) }
 * ```
 * Samples whose tensors differ in shape fail with PyTorch's message
 * (`stack expects each tensor to be equal size, but got [3] at entry 0 and [4] at entry 1`).
 */
export function defaultCollate<T>(batch: readonly T[]): Collated<T> {
  return collate(batch) as Collated<T>;
}

/**
 * PyTorch's `default_convert`, used instead of collation when batching is off
 * (`batchSize: null`): typed arrays become tensors, containers are converted element by
 * element, everything else (tensors, numbers, strings) is returned unchanged.
 */
export function defaultConvert<T>(data: T): unknown {
  if (data instanceof torch.Tensor) return data;
  if (isTypedArray(data)) return typedArrayTensor(data);
  if (data instanceof Map) {
    const out = new Map<unknown, unknown>();
    for (const [k, v] of data) out.set(k, defaultConvert(v));
    return out;
  }
  if (isPlainObject(data)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(data)) out[k] = defaultConvert(v);
    return out;
  }
  if (Array.isArray(data)) return data.map((d) => defaultConvert(d));
  return data;
}
