/**
 * Activation functions (`torch.nn.functional.relu`, `gelu`, `softmax`...). Pointwise ones run
 * core's native unary kernels, which carry their gradients; `inplace` writes into the input.
 * @module
 */
import * as torch from '@tensile/core';
import { Tensor } from '@tensile/core';

type UnaryOp = Parameters<typeof torch._unary>[0];

function pointwise(op: UnaryOp, x: Tensor, inplace: boolean, p0 = 0, p1 = 0, p2 = 0): Tensor {
  return inplace ? torch._unaryInplace(x, op, p0, p1, p2) : torch._unary(op, x, p0, p1, p2);
}

/** `F.relu(x, { inplace })`. */
export function relu(x: Tensor, opts: { inplace?: boolean } = {}): Tensor {
  return pointwise('relu', x, opts.inplace ?? false);
}
/** `F.relu_(x)`. */
export const relu_ = (x: Tensor): Tensor => relu(x, { inplace: true });
/** `F.relu6(x)` = hardtanh(x, 0, 6). */
export function relu6(x: Tensor, opts: { inplace?: boolean } = {}): Tensor {
  return pointwise('hardtanh', x, opts.inplace ?? false, 0, 6);
}
/** `F.leaky_relu(x, negative_slope=0.01)`. */
export function leakyRelu(x: Tensor, negativeSlope: number | { negativeSlope?: number; inplace?: boolean } = 0.01, inplace = false): Tensor {
  if (typeof negativeSlope === 'object') return leakyRelu(x, negativeSlope.negativeSlope ?? 0.01, negativeSlope.inplace ?? false);
  return pointwise('leaky_relu', x, inplace, negativeSlope);
}
/** `F.elu(x, alpha=1)`. */
export function elu(x: Tensor, alpha: number | { alpha?: number; inplace?: boolean } = 1, inplace = false): Tensor {
  if (typeof alpha === 'object') return elu(x, alpha.alpha ?? 1, alpha.inplace ?? false);
  return pointwise('elu', x, inplace, alpha, 1, 1);
}
/** `F.selu(x)`. */
export function selu(x: Tensor, opts: { inplace?: boolean } = {}): Tensor {
  return pointwise('selu', x, opts.inplace ?? false);
}
/** `F.celu(x, alpha=1)`. */
export function celu(x: Tensor, alpha: number | { alpha?: number; inplace?: boolean } = 1, inplace = false): Tensor {
  if (typeof alpha === 'object') return celu(x, alpha.alpha ?? 1, alpha.inplace ?? false);
  if (alpha === 0) throw new Error('ZeroDivisionError: alpha cannot be 0 for CELU');
  return pointwise('celu', x, inplace, alpha);
}
/** `F.gelu(x, { approximate: 'none' | 'tanh' })`. */
export function gelu(x: Tensor, opts: { approximate?: 'none' | 'tanh' } = {}): Tensor {
  const a = opts.approximate ?? 'none';
  if (a !== 'none' && a !== 'tanh') throw new Error(`approximate argument must be either none or tanh.`);
  return torch._unary(a === 'tanh' ? 'gelu_tanh' : 'gelu', x);
}
/** `F.silu(x)` = x * sigmoid(x). */
export function silu(x: Tensor, opts: { inplace?: boolean } = {}): Tensor {
  return pointwise('silu', x, opts.inplace ?? false);
}
/** `F.mish(x)` = x * tanh(softplus(x)). */
export function mish(x: Tensor, opts: { inplace?: boolean } = {}): Tensor {
  return pointwise('mish', x, opts.inplace ?? false);
}
/** `F.sigmoid(x)`. */
export const sigmoid = (x: Tensor): Tensor => x.sigmoid();
/** `F.tanh(x)`. */
export const tanh = (x: Tensor): Tensor => x.tanh();
/** `F.softplus(x, beta=1, threshold=20)`. */
export function softplus(x: Tensor, beta: number | { beta?: number; threshold?: number } = 1, threshold = 20): Tensor {
  if (typeof beta === 'object') return softplus(x, beta.beta ?? 1, beta.threshold ?? 20);
  return torch._unary('softplus', x, beta, threshold);
}
/** `F.softsign(x)` = x / (1 + |x|). */
export const softsign = (x: Tensor): Tensor => torch._unary('softsign', x);
/** `F.hardswish(x)`. */
export function hardswish(x: Tensor, opts: { inplace?: boolean } = {}): Tensor {
  return pointwise('hardswish', x, opts.inplace ?? false);
}
/** `F.hardsigmoid(x)`. */
export function hardsigmoid(x: Tensor, opts: { inplace?: boolean } = {}): Tensor {
  return pointwise('hardsigmoid', x, opts.inplace ?? false);
}
/** `F.hardtanh(x, min_val=-1, max_val=1)`. */
export function hardtanh(x: Tensor, minVal: number | { minVal?: number; maxVal?: number; inplace?: boolean } = -1, maxVal = 1, inplace = false): Tensor {
  if (typeof minVal === 'object') return hardtanh(x, minVal.minVal ?? -1, minVal.maxVal ?? 1, minVal.inplace ?? false);
  if (maxVal < minVal) throw new Error('max_val cannot be less than min_val');
  return pointwise('hardtanh', x, inplace, minVal, maxVal);
}
/** `F.tanhshrink(x)` = x - tanh(x). */
export const tanhshrink = (x: Tensor): Tensor => torch._unary('tanhshrink', x);
/** `F.threshold(x, threshold, value)`: x where x > threshold, else value. */
export function threshold(x: Tensor, thresholdValue: number, value: number, inplace = false): Tensor {
  return pointwise('threshold', x, inplace, thresholdValue, value);
}
/** `F.hardshrink(x, lambd=0.5)`. */
export const hardshrink = (x: Tensor, lambd = 0.5): Tensor => torch._unary('hardshrink', x, lambd);
/** `F.softshrink(x, lambd=0.5)`. */
export function softshrink(x: Tensor, lambd = 0.5): Tensor {
  if (lambd < 0) throw new Error(`lambda must be greater or equal to 0, but found to be ${lambd}.`);
  return torch._unary('softshrink', x, lambd);
}
/** `F.logsigmoid(x)`. */
export const logsigmoid = (x: Tensor): Tensor => torch._unary('logsigmoid', x);

/** `F.prelu(x, weight)`: x where x >= 0, else weight * x, weight broadcast along dim 1. */
export function prelu(x: Tensor, weight: Tensor): Tensor {
  let w = weight;
  if (weight.numel() !== 1) {
    const c = x.ndim >= 2 ? x.shape[1] : 1;
    if (weight.numel() !== c)
      throw new Error(`Mismatch of parameter numbers and input channel size. Found parameter numbers = ${weight.numel()} and channel size = ${c}.`);
    if (x.ndim >= 2) w = weight.reshape([c, ...Array(x.ndim - 2).fill(1)]);
  }
  return torch.where(x.ge(0), x, x.mul(w));
}
/** `F.rrelu(x, lower, upper, training)`: random leaky slope in training, mean slope in eval. */
export function rrelu(x: Tensor, lower = 1 / 8, upper = 1 / 3, training = false): Tensor {
  if (!training) return leakyRelu(x, (lower + upper) / 2);
  const a = torch.emptyLike(x).uniform_(lower, upper);
  return torch.where(x.ge(0), x, x.mul(a));
}
/** `F.glu(x, dim=-1)`: first half * sigmoid(second half). */
export function glu(x: Tensor, dim = -1): Tensor {
  if (x.ndim === 0) throw new Error('glu does not support scalars because halving size must be even');
  const n = x.size(dim);
  if (n % 2 !== 0) throw new Error(`Halving dimension must be even, but dimension ${dim < 0 ? dim + x.ndim : dim} is size ${n}`);
  const [a, b] = x.chunk(2, dim);
  return a.mul(b.sigmoid());
}

function softmaxDim(ndim: number): number {
  // matches PyTorch's implicit-dim rule (_get_softmax_dim)
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}
/** `F.softmax(x, dim)`. */
export function softmax(x: Tensor, dim?: number | null, opts: { dtype?: torch.DType } = {}): Tensor {
  return x.softmax(dim ?? softmaxDim(x.ndim), opts);
}
/** `F.log_softmax(x, dim)`. */
export function logSoftmax(x: Tensor, dim?: number | null, opts: { dtype?: torch.DType } = {}): Tensor {
  return x.logSoftmax(dim ?? softmaxDim(x.ndim), opts);
}
/** `F.softmin(x, dim)` = softmax(-x). */
export function softmin(x: Tensor, dim?: number | null, opts: { dtype?: torch.DType } = {}): Tensor {
  return x.neg().softmax(dim ?? softmaxDim(x.ndim), opts);
}
/** `F.gumbel_softmax(logits, { tau, hard, dim })`. */
export function gumbelSoftmax(logits: Tensor, opts: { tau?: number; hard?: boolean; dim?: number } = {}): Tensor {
  const tau = opts.tau ?? 1, dim = opts.dim ?? -1;
  const gumbels = torch.emptyLike(logits).exponential_().log().neg();
  const y = logits.add(gumbels).div(tau).softmax(dim);
  if (!opts.hard) return y;
  const index = y.argmax(dim, true);
  const hard = torch.zerosLike(logits).scatter(dim, index, 1);
  return hard.sub(y.detach()).add(y);
}
