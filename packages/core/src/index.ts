/**
 * `@tensile/core`: tensors, autograd, random numbers and serialization.
 *
 * ```ts
 * import * as torch from '@tensile/core';
 * const w = torch.randn(3, { requiresGrad: true });
 * const loss = w.mul(2).sum();
 * loss.backward();
 * console.log(String(w.grad)); // tensor([2., 2., 2.])
 * ```
 * @module
 */
import type { DType } from './dtype';
import * as E from './ops/elementwise';
import * as I from './ops/indexing';
import * as R from './ops/reduce';
import * as S from './ops/shape';
import * as So from './ops/sort';
import { Tensor, type IndexItem, type ReduceOptions, type TensorOrScalar, type ValuesIndices } from './tensor';
import * as autogradEngine from './autograd/engine';
import * as gradcheckModule from './autograd/gradcheck';
import * as gradMode from './autograd/grad_mode';
import { broadcastShapes as broadcastShapesImpl } from './shape';

export { Tensor };
export type { IndexItem, ReduceOptions, TensorOrScalar, ValuesIndices, HookHandle, Scalar } from './tensor';
export type { DType } from './dtype';
export type { Device } from './device';
export { promoteTypes, isFloatingPoint as isFloatingPointDtype, DTYPES } from './dtype';
export { resultType, allclose, isclose, equal, where, clamp, clamp as clip, maximum, minimum, fmax, fmin } from './ops/elementwise';
export {
  tensor, zeros, ones, emptyTensor as empty, full, arange, linspace, logspace, eye, zerosLike, onesLike, emptyLike, fullLike,
  fromArray, scalarTensor, type TensorOptions, type NestedArray, type TypedArray,
} from './ops/creation';
export {
  Generator, defaultGenerator, manualSeed, seed, initialSeed, getRngState, setRngState, rand, randn, randint, randperm, normal,
  randLike, randnLike, randintLike, bernoulli, multinomial,
} from './ops/random';
export { matmul, mm, bmm, mv, dot, outer, addmm, baddbmm, einsum } from './ops/linalg';
export { cat, cat as concat, cat as concatenate, stack, split, chunk, unbind, tril, triu } from './ops/shape';
export { sort, topk, kthvalue, median, unique } from './ops/sort';
export { nonzero, indexSelect, gather, scatter, scatterAdd, take, _gatherWithBoundsMessage } from './ops/indexing';
export { noGrad, enableGrad, isGradEnabled, setGradEnabled, inferenceMode } from './autograd/grad_mode';
/**
 * @internal Applies a native unary op with its gradient (`'gelu'`, `'elu'`, `'softplus'`...) and its
 * scalar parameters; `torch.nn.functional` builds its activations on it.
 */
export { unary as _unary, inplace as _inplace, unaryInplace as _unaryInplace } from './ops/elementwise';
export type { Node as GradNode } from './autograd/node';
/**
 * @internal The per-device kernel table and the autograd recorder, for packages that declare
 * ops over native kernels of their own (`@tensile/nn`'s convolution, pooling and recurrent ops).
 */
export { backendFor as _backendFor, registerBackend as _registerBackend, registerDeviceType as _registerDeviceType } from './backend/backend';
export { makeDeviceBackend as _makeDeviceBackend, type DeviceRuntime as _DeviceRuntime } from './backend/device';
export type {
  Backend as _Backend, ConvGeometry as _ConvGeometry, PoolGeometry as _PoolGeometry, RnnGeometry as _RnnGeometry,
  GroupNormGeometry as _GroupNormGeometry, BatchNormGeometry as _BatchNormGeometry, NormGrads as _NormGrads,
} from './backend/backend';
export { record as _record } from './autograd/node';
export { getDefaultDtype, setDefaultDtype } from './default_dtype';
export { setNumThreads, getNumThreads } from './threads';
export { setPrintoptions, printOptions, type PrintOptions } from './print';
export * as cuda from './cuda';
export * as backends from './backends';
export { autocast, isAutocastEnabled, isAutocastCpuEnabled, getAutocastGpuDtype, getAutocastCpuDtype, _autocast } from './amp';
export { GradScaler, type GradScalerOptions, type ScalableOptimizer } from './grad_scaler';
export * as amp from './amp_api';
export { save, load, saveAsync, loadAsync, type LoadOptions, type SaveOptions } from './serialization';
export { _fusedOptimStep, type OptimKernel } from './ops/optim';

/** `torch.autograd`: backward, grad, gradcheck, anomaly detection. */
export const autograd = {
  backward: (tensors: Tensor | Tensor[], gradTensors?: (Tensor | null)[], opts?: autogradEngine.BackwardOptions) =>
    autogradEngine.backward(Array.isArray(tensors) ? tensors : [tensors], gradTensors, opts),
  grad: autogradEngine.grad,
  gradcheck: gradcheckModule.gradcheck,
  gradgradcheck: gradcheckModule.gradgradcheck,
  setDetectAnomaly: gradMode.setDetectAnomaly,
  isAnomalyEnabled: gradMode.isAnomalyEnabled,
  detectAnomaly: gradMode.detectAnomaly,
};

/** `torch.broadcast_shapes(...shapes)`. */
export function broadcastShapes(...shapes: (readonly number[])[]): number[] {
  return shapes.reduce<number[]>((a, b) => broadcastShapesImpl(a, b), []);
}
/** `torch.broadcast_tensors(...tensors)`: views expanded to one shape. */
export function broadcastTensors(...tensors: Tensor[]): Tensor[] {
  const shape = broadcastShapes(...tensors.map((t) => t.shape));
  return tensors.map((t) => t.expand(shape));
}

// ---- function forms of Tensor methods (torch.add(x, y) ...) --------------------------------

export const add = (a: TensorOrScalar, b: TensorOrScalar, opts?: { alpha?: number }): Tensor => E.add(a, b, opts);
export const sub = (a: TensorOrScalar, b: TensorOrScalar, opts?: { alpha?: number }): Tensor => E.sub(a, b, opts);
export const subtract = sub;
export const mul = (a: TensorOrScalar, b: TensorOrScalar): Tensor => E.mul(a, b);
export const multiply = mul;
export const div = (a: TensorOrScalar, b: TensorOrScalar, opts?: { roundingMode?: 'trunc' | 'floor' | null }): Tensor => E.div(a, b, opts);
export const divide = div;
export const trueDivide = (a: TensorOrScalar, b: TensorOrScalar): Tensor => E.div(a, b);
export const floorDivide = (a: TensorOrScalar, b: TensorOrScalar): Tensor => E.div(a, b, { roundingMode: 'floor' });
export const remainder = (a: TensorOrScalar, b: TensorOrScalar): Tensor => E.remainder(a, b);
export const fmod = (a: TensorOrScalar, b: TensorOrScalar): Tensor => E.fmod(a, b);
export const pow = (a: TensorOrScalar, b: TensorOrScalar): Tensor => E.pow(a, b);
export const atan2 = (a: Tensor, b: Tensor): Tensor => E.atan2(a, b);
export const hypot = (a: Tensor, b: Tensor): Tensor => E.hypot(a, b);
export const lerp = (a: Tensor, b: Tensor, w: TensorOrScalar): Tensor => E.lerp(a, b, w);
export const addcmul = (x: Tensor, a: Tensor, b: Tensor, opts?: { value?: number }): Tensor => E.addcmul(x, a, b, opts);
export const addcdiv = (x: Tensor, a: Tensor, b: Tensor, opts?: { value?: number }): Tensor => E.addcdiv(x, a, b, opts);
export const neg = (x: Tensor): Tensor => x.neg();
export const negative = neg;
export const abs = (x: Tensor): Tensor => x.abs();
export const sign = (x: Tensor): Tensor => x.sign();
export const square = (x: Tensor): Tensor => x.square();
export const reciprocal = (x: Tensor): Tensor => x.reciprocal();
export const exp = (x: Tensor): Tensor => x.exp();
export const exp2 = (x: Tensor): Tensor => x.exp2();
export const expm1 = (x: Tensor): Tensor => x.expm1();
export const log = (x: Tensor): Tensor => x.log();
export const log2 = (x: Tensor): Tensor => x.log2();
export const log10 = (x: Tensor): Tensor => x.log10();
export const log1p = (x: Tensor): Tensor => x.log1p();
export const sqrt = (x: Tensor): Tensor => x.sqrt();
export const rsqrt = (x: Tensor): Tensor => x.rsqrt();
export const sin = (x: Tensor): Tensor => x.sin();
export const cos = (x: Tensor): Tensor => x.cos();
export const tan = (x: Tensor): Tensor => x.tan();
export const asin = (x: Tensor): Tensor => x.asin();
export const acos = (x: Tensor): Tensor => x.acos();
export const atan = (x: Tensor): Tensor => x.atan();
export const sinh = (x: Tensor): Tensor => x.sinh();
export const cosh = (x: Tensor): Tensor => x.cosh();
export const tanh = (x: Tensor): Tensor => x.tanh();
export const asinh = (x: Tensor): Tensor => x.asinh();
export const acosh = (x: Tensor): Tensor => x.acosh();
export const atanh = (x: Tensor): Tensor => x.atanh();
export const sigmoid = (x: Tensor): Tensor => x.sigmoid();
export const relu = (x: Tensor): Tensor => x.relu();
export const erf = (x: Tensor): Tensor => x.erf();
export const erfc = (x: Tensor): Tensor => x.erfc();
export const erfinv = (x: Tensor): Tensor => x.erfinv();
export const lgamma = (x: Tensor): Tensor => x.lgamma();
export const digamma = (x: Tensor): Tensor => x.digamma();
export const floor = (x: Tensor): Tensor => x.floor();
export const ceil = (x: Tensor): Tensor => x.ceil();
export const round = (x: Tensor, opts?: { decimals?: number }): Tensor => x.round(opts);
export const trunc = (x: Tensor): Tensor => x.trunc();
export const frac = (x: Tensor): Tensor => x.frac();
export const nanToNum = (x: Tensor, opts?: { nan?: number; posinf?: number; neginf?: number }): Tensor => x.nanToNum(opts);
export const eq = (a: Tensor, b: TensorOrScalar): Tensor => a.eq(b);
export const ne = (a: Tensor, b: TensorOrScalar): Tensor => a.ne(b);
export const lt = (a: Tensor, b: TensorOrScalar): Tensor => a.lt(b);
export const le = (a: Tensor, b: TensorOrScalar): Tensor => a.le(b);
export const gt = (a: Tensor, b: TensorOrScalar): Tensor => a.gt(b);
export const ge = (a: Tensor, b: TensorOrScalar): Tensor => a.ge(b);
export const logicalAnd = (a: Tensor, b: TensorOrScalar): Tensor => a.logicalAnd(b);
export const logicalOr = (a: Tensor, b: TensorOrScalar): Tensor => a.logicalOr(b);
export const logicalXor = (a: Tensor, b: TensorOrScalar): Tensor => a.logicalXor(b);
export const logicalNot = (a: Tensor): Tensor => a.logicalNot();
export const bitwiseAnd = (a: Tensor, b: TensorOrScalar): Tensor => a.bitwiseAnd(b);
export const bitwiseOr = (a: Tensor, b: TensorOrScalar): Tensor => a.bitwiseOr(b);
export const bitwiseXor = (a: Tensor, b: TensorOrScalar): Tensor => a.bitwiseXor(b);
export const bitwiseNot = (a: Tensor): Tensor => a.bitwiseNot();
export const isnan = (x: Tensor): Tensor => x.isnan();
export const isinf = (x: Tensor): Tensor => x.isinf();
export const isfinite = (x: Tensor): Tensor => x.isfinite();
export const maskedFill = (x: Tensor, mask: Tensor, v: TensorOrScalar): Tensor => x.maskedFill(mask, v);
export const maskedSelect = (x: Tensor, mask: Tensor): Tensor => x.maskedSelect(mask);

export const sum = (x: Tensor, dim?: number | readonly number[] | ReduceOptions, keepdim?: boolean | ReduceOptions): Tensor => R.sum(x, dim, keepdim);
export const nansum = (x: Tensor, dim?: number | readonly number[] | ReduceOptions, keepdim?: boolean | ReduceOptions): Tensor => R.nansum(x, dim, keepdim);
export const mean = (x: Tensor, dim?: number | readonly number[] | ReduceOptions, keepdim?: boolean | ReduceOptions): Tensor => R.mean(x, dim, keepdim);
export const nanmean = (x: Tensor, dim?: number | readonly number[] | ReduceOptions, keepdim?: boolean | ReduceOptions): Tensor => R.nanmean(x, dim, keepdim);
export const prod = (x: Tensor, dim?: number | ReduceOptions, keepdim?: boolean | ReduceOptions): Tensor => R.prod(x, dim, keepdim);
export function max(x: Tensor): Tensor;
export function max(x: Tensor, dim: number | ReduceOptions, keepdim?: boolean): ValuesIndices;
export function max(x: Tensor, other: Tensor): Tensor;
export function max(x: Tensor, dim?: number | Tensor | ReduceOptions, keepdim?: boolean): Tensor | ValuesIndices {
  return R.maxMin(x, true, dim, keepdim);
}
export function min(x: Tensor): Tensor;
export function min(x: Tensor, dim: number | ReduceOptions, keepdim?: boolean): ValuesIndices;
export function min(x: Tensor, other: Tensor): Tensor;
export function min(x: Tensor, dim?: number | Tensor | ReduceOptions, keepdim?: boolean): Tensor | ValuesIndices {
  return R.maxMin(x, false, dim, keepdim);
}
export const amax = (x: Tensor, dim?: number | readonly number[] | ReduceOptions, keepdim?: boolean): Tensor => R.amax(x, dim, keepdim);
export const amin = (x: Tensor, dim?: number | readonly number[] | ReduceOptions, keepdim?: boolean): Tensor => R.amin(x, dim, keepdim);
export const argmax = (x: Tensor, dim?: number | ReduceOptions | null, keepdim?: boolean): Tensor => x.argmax(dim, keepdim);
export const argmin = (x: Tensor, dim?: number | ReduceOptions | null, keepdim?: boolean): Tensor => x.argmin(dim, keepdim);
export const variance = (x: Tensor, dim?: number | readonly number[] | R.VarOptions, opts?: boolean | R.VarOptions, keepdim?: boolean): Tensor => R.variance(x, dim, opts, keepdim);
export { variance as var };
export const std = (x: Tensor, dim?: number | readonly number[] | R.VarOptions, opts?: boolean | R.VarOptions, keepdim?: boolean): Tensor => R.variance(x, dim, opts, keepdim).sqrt();
/** `torch.std_mean(x, dim?, { unbiased, correction, keepdim })` → [std, mean]. */
export function stdMean(x: Tensor, dim?: number | readonly number[], opts?: R.VarOptions): [Tensor, Tensor] {
  const [v, m] = R.varMean(x, dim, opts);
  return [v.sqrt(), m];
}
export const varMean = (x: Tensor, dim?: number | readonly number[], opts?: R.VarOptions): [Tensor, Tensor] => R.varMean(x, dim, opts);
export const norm = (x: Tensor, p: number | 'fro' = 2, dim?: number | readonly number[] | ReduceOptions, keepdim?: boolean): Tensor => R.norm(x, p, dim, keepdim);
export const logsumexp = (x: Tensor, dim: number | readonly number[], keepdim = false): Tensor => R.logsumexp(x, dim, keepdim);
export const cumsum = (x: Tensor, dim: number, opts?: { dtype?: DType }): Tensor => R.cumsum(x, dim, opts);
export const cumprod = (x: Tensor, dim: number, opts?: { dtype?: DType }): Tensor => R.cumprod(x, dim, opts);
export const all = (x: Tensor, dim?: number | ReduceOptions, keepdim?: boolean): Tensor => x.all(dim, keepdim);
export const any = (x: Tensor, dim?: number | ReduceOptions, keepdim?: boolean): Tensor => x.any(dim, keepdim);
export const countNonzero = (x: Tensor, dim?: number | readonly number[]): Tensor => R.countNonzero(x, dim);
export const softmax = (x: Tensor, dim: number, opts?: { dtype?: DType }): Tensor => R.softmax(x, dim, false, opts?.dtype);
export const logSoftmax = (x: Tensor, dim: number, opts?: { dtype?: DType }): Tensor => R.softmax(x, dim, true, opts?.dtype);

export const reshape = (x: Tensor, shape: readonly number[]): Tensor => S.reshape(x, [shape]);
export const flatten = (x: Tensor, startDim = 0, endDim = -1): Tensor => S.flatten(x, startDim, endDim);
export const unflatten = (x: Tensor, dim: number, sizes: readonly number[]): Tensor => S.unflatten(x, dim, sizes);
export const squeeze = (x: Tensor, dim?: number | readonly number[]): Tensor => S.squeeze(x, dim);
export const unsqueeze = (x: Tensor, dim: number): Tensor => S.unsqueeze(x, dim);
export const permute = (x: Tensor, dims: readonly number[]): Tensor => S.permute(x, [dims]);
export const transpose = (x: Tensor, d0: number, d1: number): Tensor => S.transpose(x, d0, d1);
export const swapaxes = transpose;
export const t = (x: Tensor): Tensor => S.t(x);
export const movedim = (x: Tensor, src: number | readonly number[], dst: number | readonly number[]): Tensor => S.movedim(x, src, dst);
export const narrow = (x: Tensor, dim: number, start: number, length: number): Tensor => S.narrow(x, dim, start, length);
export const select = (x: Tensor, dim: number, index: number): Tensor => S.select(x, dim, index);
export const flip = (x: Tensor, dims: readonly number[]): Tensor => S.flip(x, dims);
export const roll = (x: Tensor, shifts: number | readonly number[], dims?: number | readonly number[]): Tensor => S.roll(x, shifts, dims);
export const diagonal = (x: Tensor, offset = 0, dim1 = 0, dim2 = 1): Tensor => S.diagonal(x, offset, dim1, dim2);
export const broadcastTo = (x: Tensor, shape: readonly number[]): Tensor => S.expand(x, [shape]);
export const clone = (x: Tensor): Tensor => x.clone();
export const detach = (x: Tensor): Tensor => x.detach();
export const numel = (x: Tensor): number => x.numel();
export const argsort = (x: Tensor, dim: number | { dim?: number; descending?: boolean; stable?: boolean } = -1, descending = false): Tensor => So.sort(x, dim, descending).indices;
export const index = (x: Tensor, ...items: IndexItem[]): Tensor => I.index(x, items);
export const isTensor = (x: unknown): x is Tensor => x instanceof Tensor;
/** `torch.diag`: a 1-D tensor → square matrix with it on the diagonal; a matrix → its diagonal. */
export function diag(x: Tensor, diagonalOffset = 0): Tensor {
  if (x.ndim === 2) return S.diagonal(x, diagonalOffset, 0, 1);
  if (x.ndim !== 1) throw new Error('diag(): Supports 1D or 2D tensors. Got ' + x.ndim + 'D');
  const n = x.shape[0] + Math.abs(diagonalOffset);
  const z = x.newZeros([n, n]);
  const idx = Array.from({ length: x.shape[0] }, (_, i) => i);
  const r = diagonalOffset >= 0 ? idx : idx.map((i) => i - diagonalOffset);
  const c = diagonalOffset >= 0 ? idx.map((i) => i + diagonalOffset) : idx;
  return z.indexPut([r, c], x);
}
