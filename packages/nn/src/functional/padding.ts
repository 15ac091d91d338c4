/**
 * `F.pad`: constant (negative pads crop), reflect, replicate and circular padding, built from
 * narrow/flip/cat so gradients follow. Conv layers use it for their `paddingMode`.
 * @module
 */
import * as torch from '@tensile/core';
import type { Tensor } from '@tensile/core';

export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

/**
 * `F.pad(x, pad, mode='constant', value=0)`: `pad` lists (before, after) pairs starting from the
 * last dimension, as in PyTorch.
 */
export function pad(input: Tensor, padding: readonly number[], mode: PadMode | { mode?: PadMode; value?: number } = 'constant', value = 0): Tensor {
  if (typeof mode === 'object') return pad(input, padding, mode.mode ?? 'constant', mode.value ?? 0);
  if (padding.length % 2 !== 0) throw new Error('Padding length must be divisible by 2');
  if (padding.length / 2 > input.ndim) throw new Error('Padding length should be less than or equal to two times the input dimension but got padding length ' + padding.length + ' and input of dimension ' + input.ndim);
  if (mode !== 'constant') {
    const k = padding.length / 2;
    if (input.ndim < k + 1 || input.ndim > k + 2 || k > 3)
      throw new Error(`Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now`);
  }
  let x = input;
  for (let i = 0; i < padding.length / 2; i++) {
    const d = input.ndim - 1 - i;
    const before = padding[2 * i], after = padding[2 * i + 1];
    if (before === 0 && after === 0) continue;
    const n = x.shape[d];
    if (mode === 'constant') {
      if (before < 0) x = x.narrow(d, -before, x.shape[d] + before);
      if (after < 0) x = x.narrow(d, 0, x.shape[d] + after);
      const parts: Tensor[] = [];
      const block = (m: number) => torch.full(x.shape.map((s, j) => (j === d ? m : s)), value, { dtype: x.dtype, device: x.device });
      if (before > 0) parts.push(block(before));
      parts.push(x);
      if (after > 0) parts.push(block(after));
      x = parts.length > 1 ? torch.cat(parts, d) : x;
      continue;
    }
    if (before < 0 || after < 0) {
      if (mode !== 'circular') throw new Error(`negative padding is not supported for ${mode} mode`);
    }
    let left: Tensor | null = null, right: Tensor | null = null;
    if (mode === 'reflect') {
      if (before >= n || after >= n)
        throw new Error(`Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (${before}, ${after}) at dimension ${d} of input [${input.shape.join(', ')}]`);
      if (before > 0) left = x.narrow(d, 1, before).flip(d);
      if (after > 0) right = x.narrow(d, n - 1 - after, after).flip(d);
    } else if (mode === 'replicate') {
      if (before > 0) left = x.narrow(d, 0, 1).expand(x.shape.map((s, j) => (j === d ? before : s)));
      if (after > 0) right = x.narrow(d, n - 1, 1).expand(x.shape.map((s, j) => (j === d ? after : s)));
    } else {
      if (before > n || after > n) throw new Error('Padding value causes wrapping around more than once.');
      if (before > 0) left = x.narrow(d, n - before, before);
      if (after > 0) right = x.narrow(d, 0, after);
      if (before < 0) x = x.narrow(d, -before, x.shape[d] + before);
      if (after < 0) x = x.narrow(d, 0, x.shape[d] + after);
    }
    const parts = [left, x, right].filter((t): t is Tensor => t !== null);
    x = torch.cat(parts, d);
  }
  return x;
}
