/**
 * The OpInfo-style harness behind ops.test.ts: reads the golden cases written by
 * golden/gen_ops.py, rebuilds their inputs (with the same layout transforms), and compares
 * Tensile's outputs and gradients with PyTorch's.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as torch from '@tensile/core';
import type { DType, Tensor } from '@tensile/core';

export type JsonValue = number | string | boolean | null | JsonValue[] | { [k: string]: JsonValue };

export interface InputSpec {
  baseShape: number[];
  shape: number[];
  dtype: DType;
  layout: 'T' | 'slice' | 'expand' | null;
  requiresGrad: boolean;
  values: (number | string | boolean)[];
}

export interface OutputSpec {
  shape: number[];
  dtype: DType;
  values: (number | string | boolean)[] | null;
}

export interface GoldenCase {
  name: string;
  op: string;
  inputs: InputSpec[];
  args: JsonValue[];
  kwargs: Record<string, JsonValue>;
  check: 'values' | 'shape';
  out: OutputSpec[] | { scalar: JsonValue };
  upstream?: ((number | string)[] | null)[];
  grads?: ((number | string)[] | null)[];
  tol?: { rtol?: number; atol?: number };
}

const here = dirname(fileURLToPath(import.meta.url));

/** The cases of golden/ops_<group>.json. */
export function loadCases(group: string): GoldenCase[] {
  return JSON.parse(readFileSync(join(here, 'golden', `ops_${group}.json`), 'utf8')) as GoldenCase[];
}

/** A JSON number or "nan" / "inf" / "-inf" as a JS number. */
export function decodeNumber(v: number | string | boolean): number {
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  return Number(v);
}

/** A contiguous tensor of `dtype` holding JSON values. */
export function fromValues(values: readonly (number | string | boolean)[], shape: readonly number[], dtype: DType): Tensor {
  const nums = values.map(decodeNumber);
  switch (dtype) {
    case 'float32': return torch.fromArray(Float32Array.from(nums), shape);
    case 'float64': return torch.fromArray(Float64Array.from(nums), shape);
    case 'int8': return torch.fromArray(Int8Array.from(nums), shape);
    case 'uint8': return torch.fromArray(Uint8Array.from(nums), shape);
    case 'int16': return torch.fromArray(Int16Array.from(nums), shape);
    case 'int32': return torch.fromArray(Int32Array.from(nums), shape);
    case 'int64': return torch.fromArray(BigInt64Array.from(nums.map((n) => BigInt(n))), shape);
    case 'bool': return torch.fromArray(Uint8Array.from(nums), shape).to('bool');
    default: return torch.fromArray(Float32Array.from(nums), shape).to(dtype);
  }
}

/** The leaf built from a spec (requiresGrad as stored) and the tensor the op sees (layout applied). */
export function buildInput(spec: InputSpec): { leaf: Tensor; input: Tensor } {
  const leaf = fromValues(spec.values, spec.baseShape, spec.dtype);
  if (spec.requiresGrad) leaf.requiresGrad_(true);
  let input = leaf;
  if (spec.layout === 'T') input = leaf.transpose(-1, -2);
  else if (spec.layout === 'slice') input = leaf.index('...', '::2');
  else if (spec.layout === 'expand') input = leaf.expand(spec.shape);
  return { leaf, input };
}

/** Replaces {"$t": k} by input k and {"$f": "nan"} by the number, recursively. */
export function resolve(v: JsonValue, inputs: readonly Tensor[]): unknown {
  if (Array.isArray(v)) return v.map((x) => resolve(x, inputs));
  if (v !== null && typeof v === 'object') {
    if ('$t' in v) return inputs[v.$t as number];
    if ('$f' in v) return decodeNumber(v.$f as string);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x, inputs)]));
  }
  return v;
}

/** Tensor results as a flat list, in PyTorch's tuple order; null for a non-tensor result. */
export function tensorsOf(result: unknown): Tensor[] | null {
  if (result instanceof torch.Tensor) return [result];
  if (Array.isArray(result) && result.length > 0 && result.every((r) => r instanceof torch.Tensor)) return result as Tensor[];
  if (Array.isArray(result) && result.length === 0) return [];
  if (result && typeof result === 'object' && 'values' in result && 'indices' in result) {
    const r = result as { values: Tensor; indices: Tensor };
    return [r.values, r.indices];
  }
  return null;
}

/** The values of a tensor as JS numbers/booleans, row-major. */
export function valuesOf(t: Tensor): (number | boolean)[] {
  const d = t.detach();
  const c = d.dtype === 'float16' || d.dtype === 'bfloat16' ? d.float() : d;
  const a = c.toArray();
  if (c.dtype === 'bool') return Array.from(a as Uint8Array, (v) => v !== 0);
  if (c.dtype === 'int64') return Array.from(a as BigInt64Array, Number);
  return Array.from(a as Float32Array);
}

export interface Tolerance {
  rtol: number;
  atol: number;
}

/** Default tolerances: floats relative to PyTorch's own float32/float64 rounding; integers exact. */
export function tolerance(dtype: DType, grad: boolean, override?: { rtol?: number; atol?: number }): Tolerance {
  let t: Tolerance;
  if (dtype === 'float64') t = grad ? { rtol: 1e-7, atol: 1e-9 } : { rtol: 1e-9, atol: 1e-11 };
  else if (dtype === 'float32') t = grad ? { rtol: 1e-4, atol: 1e-5 } : { rtol: 1e-5, atol: 1e-6 };
  else if (dtype === 'float16' || dtype === 'bfloat16') t = { rtol: 1e-2, atol: 1e-3 };
  else t = { rtol: 0, atol: 0 };
  return { rtol: override?.rtol ?? t.rtol, atol: override?.atol ?? t.atol };
}

/** Null when every value matches; else a description of the first mismatch. */
export function compareValues(actual: readonly (number | boolean)[], expected: readonly (number | string | boolean)[], tol: Tolerance): string | null {
  if (actual.length !== expected.length) return `length ${actual.length} != ${expected.length}`;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i], a = actual[i];
    if (typeof e === 'boolean') {
      if (a !== e) return `at ${i}: ${a} != ${e}`;
      continue;
    }
    const ev = decodeNumber(e), av = Number(a);
    if (Number.isNaN(ev)) {
      if (!Number.isNaN(av)) return `at ${i}: ${av} != nan`;
      continue;
    }
    if (!Number.isFinite(ev)) {
      if (av !== ev) return `at ${i}: ${av} != ${ev}`;
      continue;
    }
    if (!(Math.abs(av - ev) <= tol.atol + tol.rtol * Math.abs(ev))) return `at ${i}: ${av} != ${ev} (rtol ${tol.rtol}, atol ${tol.atol})`;
  }
  return null;
}
