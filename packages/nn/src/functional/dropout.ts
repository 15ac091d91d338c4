/**
 * Dropout functions: elementwise, channel-wise (1d/2d/3d) and alpha dropout. Kept elements are
 * scaled by 1/(1-p) during training so the expected value is unchanged (PyTorch's inverted dropout).
 * @module
 */
import * as torch from '@tensile/core';
import type { Tensor } from '@tensile/core';

function checkP(p: number): void {
  if (p < 0 || p > 1) throw new Error(`dropout probability has to be between 0 and 1, but got ${p}`);
}

function applyMask(x: Tensor, mask: Tensor, inplace: boolean): Tensor {
  return inplace ? torch._inplace(x, x.mul(mask), 'dropout_') : x.mul(mask);
}

/** `F.dropout(x, p=0.5, training=true, inplace=false)`. */
export function dropout(x: Tensor, p: number | { p?: number; training?: boolean; inplace?: boolean } = 0.5, training = true, inplace = false): Tensor {
  if (typeof p === 'object') return dropout(x, p.p ?? 0.5, p.training ?? true, p.inplace ?? false);
  checkP(p);
  if (!training || p === 0) return x;
  if (p === 1) return applyMask(x, torch.zerosLike(x), inplace);
  const mask = torch.emptyLike(x).bernoulli_(1 - p).div_(1 - p);
  return applyMask(x, mask, inplace);
}

function featureDropout(x: Tensor, p: number, training: boolean, inplace: boolean, batchedDim: number, name: string): Tensor {
  checkP(p);
  if (x.ndim !== batchedDim && x.ndim !== batchedDim - 1)
    throw new Error(`${name}: Expected ${batchedDim - 1}D or ${batchedDim}D input, but received a ${x.ndim}D input. `);
  if (!training || p === 0) return x;
  const batched = x.ndim === batchedDim;
  const lead = batched ? 2 : 1;
  const shape = x.shape.map((s, i) => (i < lead ? s : 1));
  const mask = p === 1 ? torch.zeros(shape, { dtype: x.dtype }) : torch.empty(shape, { dtype: x.dtype }).bernoulli_(1 - p).div_(1 - p);
  return applyMask(x, mask, inplace);
}

/** `F.dropout1d`: zeroes whole channels of (N, C, L) or (C, L) inputs. */
export const dropout1d = (x: Tensor, p = 0.5, training = true, inplace = false): Tensor => featureDropout(x, p, training, inplace, 3, 'dropout1d');
/** `F.dropout2d`: zeroes whole channels of (N, C, H, W) or (C, H, W) inputs. */
export const dropout2d = (x: Tensor, p = 0.5, training = true, inplace = false): Tensor => featureDropout(x, p, training, inplace, 4, 'dropout2d');
/** `F.dropout3d`: zeroes whole channels of (N, C, D, H, W) or (C, D, H, W) inputs. */
export const dropout3d = (x: Tensor, p = 0.5, training = true, inplace = false): Tensor => featureDropout(x, p, training, inplace, 5, 'dropout3d');

// matches PyTorch: -scale * alpha of SELU, the value dropped units take
const SELU_NEG = 1.7580993408473766;

function alphaImpl(x: Tensor, p: number, training: boolean, noiseShape: readonly number[]): Tensor {
  checkP(p);
  if (!training || p === 0) return x;
  if (p === 1) return x.mul(0);
  const keep = torch.empty(noiseShape as number[], { dtype: x.dtype }).bernoulli_(1 - p);
  const a = 1 / Math.sqrt((SELU_NEG * SELU_NEG * p + 1) * (1 - p));
  const b = keep.sub(1).mul(SELU_NEG * a).add(SELU_NEG * a * p);
  return x.mul(keep.mul(a)).add(b);
}

/** `F.alpha_dropout`: dropout that keeps SELU's self-normalising mean and variance. */
export function alphaDropout(x: Tensor, p = 0.5, training = false): Tensor {
  return alphaImpl(x, p, training, x.shape);
}
/** `F.feature_alpha_dropout`: alpha dropout of whole channels. */
export function featureAlphaDropout(x: Tensor, p = 0.5, training = false): Tensor {
  return alphaImpl(x, p, training, x.shape.map((s, i) => (i < 2 ? s : 1)));
}
