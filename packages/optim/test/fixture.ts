// Reads the PyTorch golden fixtures (golden/optim.json, written by golden/gen_optim.py) and
// compares Tensile values with them.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import * as torch from '@tensile/core';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const golden: any = JSON.parse(readFileSync(new URL('./golden/optim.json', import.meta.url), 'utf8'));

export interface EncodedTensor {
  __tensor__: true;
  dtype: torch.DType;
  shape: number[];
  values: (number | string)[];
}

const num = (v: number | string): number => (v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v === 'nan' ? NaN : (v as number));

export function isEncodedTensor(v: unknown): v is EncodedTensor {
  return v !== null && typeof v === 'object' && (v as EncodedTensor).__tensor__ === true;
}

/** A fixture tensor as a Tensile tensor. */
export function decodeTensor(e: EncodedTensor): torch.Tensor {
  return torch.tensor(e.values.map(num), { dtype: e.dtype }).reshape(e.shape);
}

/** A fixture value with tensors decoded and 'inf' strings turned back into numbers. */
export function decode(v: unknown): unknown {
  if (isEncodedTensor(v)) return decodeTensor(v);
  if (Array.isArray(v)) return v.map(decode);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decode(x)]));
  if (typeof v === 'string' && (v === 'inf' || v === '-inf' || v === 'nan')) return num(v);
  return v;
}

/** snake_case → camelCase for option objects. */
export function camel(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]));
}

export function expectClose(actual: ArrayLike<number>, expected: readonly number[], rtol: number, atol: number, what = ''): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i], e = expected[i];
    if (Math.abs(a - e) > atol + rtol * Math.abs(e)) expect.fail(`${what}[${i}]: ${a} vs PyTorch ${e}`);
  }
}

export function tolerances(dtype: string): [number, number] {
  return dtype === 'float64' ? [1e-10, 1e-12] : [2e-5, 1e-6];
}

/**
 * Compares a Tensile state value with PyTorch's (encoded): same structure and keys, numbers and
 * booleans equal, tensors of the same dtype and shape with close values.
 */
export function expectStateEqual(actual: unknown, expected: unknown, rtol: number, atol: number, path = ''): void {
  if (isEncodedTensor(expected)) {
    expect(actual, path).toBeInstanceOf(torch.Tensor);
    const t = actual as torch.Tensor;
    expect(t.dtype, path).toBe(expected.dtype);
    expect([...t.shape], path).toEqual(expected.shape);
    // float32 tensors (e.g. a float32 `step` or `mu_product` beside float64 params) compare at float32 precision
    const [r, a] = expected.dtype === 'float32' ? [Math.max(rtol, 2e-6), Math.max(atol, 1e-7)] : [rtol, atol];
    expectClose(Array.from(t.toArray() as Float32Array), expected.values.map(num), r, a, path);
    return;
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    const a = actual as unknown[];
    expect(a.length, path).toBe(expected.length);
    expected.forEach((e, i) => expectStateEqual(a[i], e, rtol, atol, `${path}[${i}]`));
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    expect(actual !== null && typeof actual === 'object', path).toBe(true);
    const a = actual as Record<string, unknown>;
    expect(Object.keys(a).map(String).sort(), path).toEqual(Object.keys(expected).sort());
    for (const [k, e] of Object.entries(expected)) expectStateEqual(a[k], e, rtol, atol, `${path}.${k}`);
    return;
  }
  if (typeof expected === 'number' && typeof actual === 'number' && !Number.isInteger(expected)) {
    expectClose([actual], [expected], 1e-12, 0, path);
    return;
  }
  expect(actual, path).toEqual(decode(expected));
}
