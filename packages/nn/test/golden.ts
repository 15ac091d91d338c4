/** Loading PyTorch golden tensors and comparing against them. */
import { expect } from 'vitest';
import * as torch from '@tensile/core';
import type { Tensor } from '@tensile/core';

export interface Enc {
  shape: number[];
  dtype: string;
  data: (number | string)[];
}

/** A golden tensor as a Tensile tensor (float64 values cast to the recorded dtype). */
export function dec(e: Enc): Tensor {
  const vals = e.data.map((v) => (v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v === 'nan' ? NaN : (v as number)));
  if (e.dtype === 'bool') return torch.tensor(vals.map((v) => v !== 0)).reshape(e.shape);
  if (e.dtype === 'int64') return torch.tensor(vals, { dtype: 'int64' }).reshape(e.shape);
  return torch.tensor(vals, { dtype: 'float64' }).reshape(e.shape).to(e.dtype as torch.DType);
}

/** Asserts `actual` matches the golden in shape and values within tolerance. */
export function expectClose(actual: Tensor, e: Enc, what: string, tol = 1e-4): void {
  expect(actual.shape, `${what}: shape`).toEqual(e.shape);
  const a = actual.detach().to('float64').toArray() as Float64Array;
  const b = dec(e).to('float64').toArray() as Float64Array;
  let worst = 0, at = -1;
  for (let i = 0; i < b.length; i++) {
    if (Number.isNaN(b[i]) && Number.isNaN(a[i])) continue;
    if (b[i] === a[i]) continue;
    const err = Math.abs(a[i] - b[i]) / (tol + tol * Math.abs(b[i]));
    if (!(err <= worst)) { worst = err; at = i; }
  }
  expect(worst <= 1, `${what}: element ${at} is ${a[at]}, expected ${b[at]}`).toBe(true);
}
