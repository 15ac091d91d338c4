/**
 * Elementwise ops: unary math, binary arithmetic with broadcasting and type promotion,
 * comparisons, `where`, `clamp`, and in-place forms. Each op's gradient is declared beside it.
 * @module
 */
import { _autocast } from '../amp';
import { backendFor, type Operand } from '../backend/backend';
import { cpuBackend } from '../backend/cpu';
import type { BinaryOpName, UnaryOpName } from '../binding';
import { category, type DType, isFloatingPoint, promoteTypes } from '../dtype';
import { getDefaultDtype } from '../default_dtype';
import { isGradEnabled } from '../autograd/grad_mode';
import { record } from '../autograd/node';
import { broadcastShapes, broadcastStrides, sameShape, type Shape } from '../shape';
import { Tensor, type TensorOrScalar } from '../tensor';
import { empty, scalarTensor } from './creation';

// ---- type promotion -------------------------------------------------------------------------

function combineCategories(higher: DType | undefined, lower: DType | undefined): DType | undefined {
  if (higher === undefined) return lower;
  if (lower === undefined) return higher;
  if (isFloatingPoint(higher)) return higher;
  if (higher === 'bool' || isFloatingPoint(lower)) return promoteTypes(higher, lower);
  return higher;
}

/** `torch.result_type`: dimensioned tensors outrank 0-d tensors, which outrank JS numbers. */
export function resultType(...operands: TensorOrScalar[]): DType {
  if (operands.length === 2) {
    // the common case first: two tensors of one dtype, or a tensor and a number of its category
    const [a, b] = operands;
    if (a instanceof Tensor) {
      if (b instanceof Tensor) {
        if (a.dtype === b.dtype) return a.dtype;
      } else if (typeof b === 'number' && isFloatingPoint(a.dtype)) return a.dtype;
    }
  }
  let dim: DType | undefined, zero: DType | undefined, wrapped: DType | undefined;
  for (const o of operands) {
    if (o instanceof Tensor) {
      if (o.ndim > 0) dim = dim === undefined ? o.dtype : promoteTypes(dim, o.dtype);
      else zero = zero === undefined ? o.dtype : promoteTypes(zero, o.dtype);
    } else {
      const d: DType = typeof o === 'boolean' ? 'bool' : Number.isInteger(o) ? 'int64' : getDefaultDtype();
      wrapped = wrapped === undefined ? d : promoteTypes(wrapped, d);
    }
  }
  return combineCategories(dim, combineCategories(zero, wrapped)) ?? getDefaultDtype();
}

// ---- kernels plumbing ---------------------------------------------------------------------

/** The tensor's data as `dtype` (a converted copy only when it differs). */
export function cast(t: Tensor, dtype: DType): Tensor {
  return t.dtype === dtype ? t : t.to(dtype);
}

function broadcastOperand(t: Tensor, shape: Shape): Operand {
  if (sameShape(t._shape, shape)) return t;
  return {
    _storage: t._storage, _offset: t._offset, _shape: shape, _strides: broadcastStrides(t._shape, t._strides, shape),
    dtype: t.dtype, _contiguous: false,
  };
}

function deviceOf(a: TensorOrScalar, b: TensorOrScalar): string {
  const da = a instanceof Tensor ? a.device : null;
  const db = b instanceof Tensor ? b.device : null;
  if (da && db && da !== db) {
    // PyTorch lets a 0-d CPU tensor join a CUDA op as a scalar
    if ((a as Tensor).ndim === 0 && da === 'cpu') return db;
    if ((b as Tensor).ndim === 0 && db === 'cpu') return da;
    throw new Error(`Expected all tensors to be on the same device, but found at least two devices, ${db} and ${da}!`);
  }
  return da ?? db ?? 'cpu';
}

function asOperand(x: TensorOrScalar, dtype: DType, shape: Shape, device: string): Operand | number {
  if (!(x instanceof Tensor)) return Number(x);
  if (x.device !== device) return x.item();
  return broadcastOperand(cast(x, dtype), shape);
}

/** Runs a binary kernel: out (of outDtype) = op(a, b) computed in computeDtype, broadcast. */
export function binaryKernel(op: BinaryOpName, a: TensorOrScalar, b: TensorOrScalar, computeDtype: DType, outDtype: DType, alpha = 1): Tensor {
  if (a instanceof Tensor && a.dtype === computeDtype && a._storage.device === 'cpu') {
    // fast path for small-op latency: CPU operands already in the compute dtype, same shape or a scalar
    if (b instanceof Tensor) {
      if (b.dtype === computeDtype && b._storage.device === 'cpu' && sameShape(a._shape, b._shape)) {
        const out = empty(a._shape, outDtype, 'cpu');
        cpuBackend.binary(op, out, a, b, computeDtype, alpha);
        return out;
      }
    } else if (typeof b === 'number') {
      const out = empty(a._shape, outDtype, 'cpu');
      cpuBackend.binary(op, out, a, b, computeDtype, alpha);
      return out;
    }
  }
  const device = deviceOf(a, b);
  let shape: Shape;
  if (a instanceof Tensor && b instanceof Tensor) shape = sameShape(a._shape, b._shape) ? a._shape : broadcastShapes(a._shape, b._shape);
  else if (a instanceof Tensor) shape = a._shape;
  else if (b instanceof Tensor) shape = b._shape;
  else shape = [];
  const out = empty(shape, outDtype, device);
  if (out.numel() === 0) return out;
  let oa = asOperand(a, computeDtype, shape, device);
  const ob = asOperand(b, computeDtype, shape, device);
  if (typeof oa === 'number' && typeof ob === 'number') oa = broadcastOperand(scalarTensor(oa, computeDtype, device), shape);
  backendFor(device).binary(op, out, oa, ob, computeDtype, alpha);
  return out;
}

/** Runs a unary kernel into a fresh tensor of outDtype. */
export function unaryKernel(op: UnaryOpName, x: Tensor, outDtype: DType, p0 = 0, p1 = 0, p2 = 0): Tensor {
  const out = empty(x._shape, outDtype, x.device);
  if (out.numel() > 0) backendFor(x.device).unary(op, out, x, p0, p1, p2);
  return out;
}

/** Reduces a broadcast gradient back to an input's shape. */
export function reduceGrad(g: Tensor, shape: Shape): Tensor {
  return sameShape(g._shape, shape) ? g : g.sumToSize(shape);
}

function toTensor(x: TensorOrScalar, like: Tensor): Tensor {
  return x instanceof Tensor ? x : scalarTensor(Number(x), like.dtype, like.device);
}

// ---- unary ops with their gradients -------------------------------------------------------

/** Ops that keep integer dtypes; every other unary op computes in floating point. */
const INTEGER_OK = new Set<UnaryOpName>([
  'neg', 'abs', 'sign', 'square', 'relu', 'floor', 'ceil', 'round', 'trunc', 'clamp', 'clamp_min', 'clamp_max',
  'hardtanh', 'threshold', 'leaky_relu', 'pow_scalar', 'bitwise_not',
]);

type UnaryGrad = (g: Tensor, x: Tensor, out: Tensor, p: readonly number[]) => Tensor;
interface UnaryDef {
  name: string;
  grad: UnaryGrad | null;
}

const LN2 = Math.LN2;
const LN10 = Math.LN10;
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

const UNARY: Partial<Record<UnaryOpName, UnaryDef>> = {
  neg: { name: 'NegBackward0', grad: (g) => g.neg() },
  abs: { name: 'AbsBackward0', grad: (g, x) => g.mul(x.sign()) },
  sign: { name: 'SignBackward0', grad: (g) => g.mul(0) },
  square: { name: 'PowBackward0', grad: (g, x) => g.mul(x).mul(2) },
  reciprocal: { name: 'ReciprocalBackward0', grad: (g, _x, y) => g.mul(y.mul(y)).neg() },
  relu: { name: 'ReluBackward0', grad: (g, _x, y) => thresholdBackward(g, y, 0) },
  exp: { name: 'ExpBackward0', grad: (g, _x, y) => g.mul(y) },
  exp2: { name: 'Exp2Backward0', grad: (g, _x, y) => g.mul(y).mul(LN2) },
  expm1: { name: 'Expm1Backward0', grad: (g, _x, y) => g.mul(y.add(1)) },
  log: { name: 'LogBackward0', grad: (g, x) => g.div(x) },
  log2: { name: 'Log2Backward0', grad: (g, x) => g.div(x.mul(LN2)) },
  log10: { name: 'Log10Backward0', grad: (g, x) => g.div(x.mul(LN10)) },
  log1p: { name: 'Log1PBackward0', grad: (g, x) => g.div(x.add(1)) },
  sqrt: { name: 'SqrtBackward0', grad: (g, _x, y) => g.div(y.mul(2)) },
  rsqrt: { name: 'RsqrtBackward0', grad: (g, _x, y) => g.mul(y.pow(3)).mul(-0.5) },
  sin: { name: 'SinBackward0', grad: (g, x) => g.mul(x.cos()) },
  cos: { name: 'CosBackward0', grad: (g, x) => g.mul(x.sin()).neg() },
  tan: { name: 'TanBackward0', grad: (g, _x, y) => g.mul(y.mul(y).add(1)) },
  asin: { name: 'AsinBackward0', grad: (g, x) => g.mul(x.mul(x).neg().add(1).rsqrt()) },
  acos: { name: 'AcosBackward0', grad: (g, x) => g.mul(x.mul(x).neg().add(1).rsqrt()).neg() },
  atan: { name: 'AtanBackward0', grad: (g, x) => g.div(x.mul(x).add(1)) },
  sinh: { name: 'SinhBackward0', grad: (g, x) => g.mul(x.cosh()) },
  cosh: { name: 'CoshBackward0', grad: (g, x) => g.mul(x.sinh()) },
  tanh: { name: 'TanhBackward0', grad: (g, _x, y) => fusedBackward('tanh_backward', g, y, (gg, yy) => gg.mul(yy.mul(yy).neg().add(1))) },
  asinh: { name: 'AsinhBackward0', grad: (g, x) => g.mul(x.mul(x).add(1).rsqrt()) },
  acosh: { name: 'AcoshBackward0', grad: (g, x) => g.mul(x.mul(x).sub(1).rsqrt()) },
  atanh: { name: 'AtanhBackward0', grad: (g, x) => g.div(x.mul(x).neg().add(1)) },
  sigmoid: { name: 'SigmoidBackward0', grad: (g, _x, y) => fusedBackward('sigmoid_backward', g, y, (gg, yy) => gg.mul(yy.neg().add(1)).mul(yy)) },
  logsigmoid: { name: 'LogSigmoidBackward0', grad: (g, x) => g.mul(x.neg().sigmoid()) },
  erf: { name: 'ErfBackward0', grad: (g, x) => g.mul(x.mul(x).neg().exp()).mul(2 / Math.sqrt(Math.PI)) },
  erfc: { name: 'ErfcBackward0', grad: (g, x) => g.mul(x.mul(x).neg().exp()).mul(-2 / Math.sqrt(Math.PI)) },
  erfinv: { name: 'ErfinvBackward0', grad: (g, _x, y) => g.mul(y.mul(y).exp()).mul(Math.sqrt(Math.PI) / 2) },
  lgamma: { name: 'LgammaBackward0', grad: (g, x) => g.mul(x.digamma()) },
  digamma: { name: 'DigammaBackward0', grad: (g, x) => g.mul(unary('trigamma', x)) },
  trigamma: { name: 'PolygammaBackward0', grad: null },
  floor: { name: 'FloorBackward0', grad: (g) => g.mul(0) },
  ceil: { name: 'CeilBackward0', grad: (g) => g.mul(0) },
  round: { name: 'RoundBackward0', grad: (g) => g.mul(0) },
  round_decimals: { name: 'RoundBackward1', grad: (g) => g.mul(0) },
  trunc: { name: 'TruncBackward0', grad: (g) => g.mul(0) },
  frac: { name: 'FracBackward0', grad: (g) => g },
  gelu: {
    name: 'GeluBackward0',
    grad: (g, x) => {
      const cdf = x.mul(Math.SQRT1_2).erf().add(1).mul(0.5);
      const pdf = x.mul(x).mul(-0.5).exp().mul(1 / Math.sqrt(2 * Math.PI));
      return g.mul(cdf.add(x.mul(pdf)));
    },
  },
  gelu_tanh: {
    name: 'GeluBackward0',
    grad: (g, x) => {
      const inner = x.add(x.pow(3).mul(0.044715)).mul(SQRT_2_OVER_PI);
      const t = inner.tanh();
      const dinner = x.mul(x).mul(3 * 0.044715).add(1).mul(SQRT_2_OVER_PI);
      return g.mul(t.add(1).mul(0.5).add(x.mul(0.5).mul(t.mul(t).neg().add(1)).mul(dinner)));
    },
  },
  silu: {
    name: 'SiluBackward0',
    grad: (g, x) => {
      const s = x.sigmoid();
      return g.mul(s.mul(x.mul(s.neg().add(1)).add(1)));
    },
  },
  mish: {
    name: 'MishBackward0',
    grad: (g, x) => {
      const tsp = unary('softplus', x, 1, 20).tanh();
      return g.mul(tsp.add(x.mul(x.sigmoid()).mul(tsp.mul(tsp).neg().add(1))));
    },
  },
  softplus: {
    name: 'SoftplusBackward0',
    grad: (g, x, _y, p) => {
      const z = x.mul(p[0]);
      return where(z.gt(p[1]), g, g.mul(z.sigmoid()));
    },
  },
  elu: {
    name: 'EluBackward0',
    grad: (g, x, y, p) => where(x.gt(0), g.mul(p[1]), g.mul(y.add(p[0] * p[1]).mul(p[2]))),
  },
  selu: {
    name: 'EluBackward0',
    grad: (g, x, y) => {
      const alpha = 1.6732632423543772848170429916717, scale = 1.0507009873554804934193349852946;
      return where(x.gt(0), g.mul(scale), g.mul(y.add(alpha * scale)));
    },
  },
  celu: { name: 'EluBackward0', grad: (g, x, _y, p) => where(x.gt(0), g, g.mul(x.div(p[0]).exp())) },
  leaky_relu: { name: 'LeakyReluBackward0', grad: (g, x, _y, p) => where(x.gt(0), g, g.mul(p[0])) },
  hardtanh: { name: 'HardtanhBackward0', grad: (g, x, _y, p) => where(x.gt(p[0]).logicalAnd(x.lt(p[1])), g, 0) },
  hardswish: {
    name: 'HardswishBackward0',
    grad: (g, x) => where(x.lt(-3), 0, where(x.le(3), g.mul(x.mul(2).add(3).div(6)), g)),
  },
  hardsigmoid: { name: 'HardsigmoidBackward0', grad: (g, x) => where(x.gt(-3).logicalAnd(x.lt(3)), g.div(6), 0) },
  softsign: { name: 'DivBackward0', grad: (g, x) => g.div(x.abs().add(1).square()) },
  tanhshrink: { name: 'SubBackward0', grad: (g, x) => g.mul(x.tanh().square()) },
  threshold: { name: 'ThresholdBackward0', grad: (g, x, _y, p) => thresholdBackward(g, x, p[0]) },
  clamp: { name: 'ClampBackward1', grad: (g, x, _y, p) => where(x.ge(p[0]).logicalAnd(x.le(p[1])), g, 0) },
  clamp_min: { name: 'ClampMinBackward0', grad: (g, x, _y, p) => where(x.ge(p[0]), g, 0) },
  clamp_max: { name: 'ClampMaxBackward0', grad: (g, x, _y, p) => where(x.le(p[0]), g, 0) },
  pow_scalar: {
    name: 'PowBackward0',
    grad: (g, x, _y, p) => (p[0] === 0 ? g.mul(0) : g.mul(x.pow(p[0] - 1).mul(p[0]))),
  },
  rpow_scalar: { name: 'PowBackward1', grad: (g, _x, y, p) => g.mul(y.mul(Math.log(p[0]))) },
  nan_to_num: { name: 'NanToNumBackward0', grad: (g, x) => where(x.isfinite(), g, 0) },
  hardshrink: { name: 'HardshrinkBackward0', grad: (g, x, _y, p) => where(x.abs().gt(p[0]), g, 0) },
  softshrink: { name: 'SoftshrinkBackward0', grad: (g, x, _y, p) => where(x.abs().gt(p[0]), g, 0) },
};

/**
 * A backward computed by one fused kernel when no graph of the gradient is being built, and by
 * the composed (differentiable) formula when it is (createGraph), so second derivatives work.
 */
export function fusedBackward(op: BinaryOpName, g: Tensor, y: Tensor, composed: (g: Tensor, y: Tensor) => Tensor, p = 0): Tensor {
  if (isGradEnabled()) return composed(g, y);
  const dtype = promoteTypes(g.dtype, y.dtype);
  return binaryKernel(op, g, y, dtype, dtype, p);
}

/** grad where input > threshold, else 0 (relu's and threshold's backward). */
export function thresholdBackward(g: Tensor, x: Tensor, threshold: number): Tensor {
  return fusedBackward('threshold_backward', g, x, (gg, xx) => where(xx.gt(threshold), gg, 0), threshold);
}

/** Applies a unary op (`exp`, `relu`, `gelu`...) with its parameters, recording its gradient. */
export function unary(op: UnaryOpName, x: Tensor, p0 = 0, p1 = 0, p2 = 0): Tensor {
  [x] = _autocast(op, x);
  let input = x;
  if (!INTEGER_OK.has(op) && !isFloatingPoint(x.dtype)) input = x.to(getDefaultDtype());
  if (op === 'neg' && x.dtype === 'bool')
    throw new Error('Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.');
  const out = unaryKernel(op, input, input.dtype, p0, p1, p2);
  const def = UNARY[op];
  if (def && x.requiresGrad) {
    const p = [p0, p1, p2];
    record(out, def.name, [x], (g) => {
      if (!def.grad) throw new Error(`the derivative for '${op}' is not implemented.`);
      return [def.grad(g, input, out, p)];
    }, [input, out]);
  }
  return out;
}

/** Boolean-valued unary ops (isnan, logical_not...). */
export function predicate(op: UnaryOpName, x: Tensor): Tensor {
  return unaryKernel(op, x.dtype === 'float16' || x.dtype === 'bfloat16' ? x.float() : x, 'bool');
}

// ---- binary arithmetic ----------------------------------------------------------------------

function checkAlpha(dtype: DType, alpha: number): void {
  if (!isFloatingPoint(dtype) && !Number.isInteger(alpha))
    throw new Error('For integral input tensors, argument alpha must not be a floating point number.');
}

/** `torch.add(a, b, { alpha })` = a + alpha * b. */
export function add(a: TensorOrScalar, b: TensorOrScalar, opts?: { alpha?: number }): Tensor {
  const alpha = opts?.alpha ?? 1;
  const dtype = resultType(a, b);
  checkAlpha(dtype, alpha);
  const out = binaryKernel('add', a, b, dtype, dtype, alpha);
  if ((a instanceof Tensor && a._requiresGrad) || (b instanceof Tensor && b._requiresGrad)) {
    const ta = toTensor(a, out), tb = toTensor(b, out);
    record(out, 'AddBackward0', [ta, tb], (g, needs) => [
      needs[0] ? reduceGrad(g, ta._shape) : null,
      needs[1] ? reduceGrad(alpha === 1 ? g : g.mul(alpha), tb._shape) : null,
    ]);
  }
  return out;
}

/** `torch.sub(a, b, { alpha })` = a - alpha * b. */
export function sub(a: TensorOrScalar, b: TensorOrScalar, opts?: { alpha?: number }): Tensor {
  const alpha = opts?.alpha ?? 1;
  const dtype = resultType(a, b);
  if (dtype === 'bool')
    throw new Error('Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.');
  checkAlpha(dtype, alpha);
  const out = binaryKernel('sub', a, b, dtype, dtype, alpha);
  if ((a instanceof Tensor && a._requiresGrad) || (b instanceof Tensor && b._requiresGrad)) {
    const ta = toTensor(a, out), tb = toTensor(b, out);
    record(out, a instanceof Tensor ? 'SubBackward0' : 'RsubBackward1', [ta, tb], (g, needs) => [
      needs[0] ? reduceGrad(g, ta._shape) : null,
      needs[1] ? reduceGrad(g.mul(-alpha), tb._shape) : null,
    ]);
  }
  return out;
}

export function mul(a: TensorOrScalar, b: TensorOrScalar): Tensor {
  const dtype = resultType(a, b);
  const out = binaryKernel('mul', a, b, dtype, dtype);
  if ((a instanceof Tensor && a._requiresGrad) || (b instanceof Tensor && b._requiresGrad)) {
    const ta = toTensor(a, out), tb = toTensor(b, out);
    record(out, 'MulBackward0', [ta, tb], (g, needs) => [
      needs[0] ? reduceGrad(g.mul(b instanceof Tensor ? tb : Number(b)), ta._shape) : null,
      needs[1] ? reduceGrad(g.mul(a instanceof Tensor ? ta : Number(a)), tb._shape) : null,
    ], [ta, tb]);
  }
  return out;
}

/** True division (ints promote to float); `roundingMode` 'trunc' or 'floor' rounds the quotient. */
export function div(a: TensorOrScalar, b: TensorOrScalar, opts?: { roundingMode?: 'trunc' | 'floor' | null }): Tensor {
  const mode = opts?.roundingMode ?? null;
  let dtype = resultType(a, b);
  if (mode === null) {
    if (!isFloatingPoint(dtype)) dtype = getDefaultDtype();
    const out = binaryKernel('div', a, b, dtype, dtype);
    if ((a instanceof Tensor && a._requiresGrad) || (b instanceof Tensor && b._requiresGrad)) {
      const ta = toTensor(a, out), tb = toTensor(b, out);
      record(out, 'DivBackward0', [ta, tb], (g, needs) => [
        needs[0] ? reduceGrad(g.div(b instanceof Tensor ? tb : Number(b)), ta._shape) : null,
        needs[1] ? reduceGrad(g.mul(ta).div(tb.mul(tb)).neg(), tb._shape) : null,
      ], [ta, tb]);
    }
    return out;
  }
  if (dtype === 'bool') dtype = 'int64';
  const out = binaryKernel(mode === 'trunc' ? 'div_trunc' : 'div_floor', a, b, dtype, dtype);
  if ((a instanceof Tensor && a._requiresGrad) || (b instanceof Tensor && b._requiresGrad)) {
    const ta = toTensor(a, out), tb = toTensor(b, out);
    record(out, 'DivBackward2', [ta, tb], (g) => [reduceGrad(g.mul(0), ta._shape), reduceGrad(g.mul(0), tb._shape)]);
  }
  return out;
}

export function remainder(a: TensorOrScalar, b: TensorOrScalar): Tensor {
  const dtype = resultType(a, b);
  const out = binaryKernel('remainder', a, b, dtype, dtype);
  if ((a instanceof Tensor && a._requiresGrad) || (b instanceof Tensor && b._requiresGrad)) {
    const ta = toTensor(a, out), tb = toTensor(b, out);
    record(out, 'RemainderBackward0', [ta, tb], (g, needs) => [
      needs[0] ? reduceGrad(g, ta._shape) : null,
      needs[1] ? reduceGrad(g.mul(ta.div(tb, { roundingMode: 'floor' })).neg(), tb._shape) : null,
    ], [ta, tb]);
  }
  return out;
}

export function fmod(a: TensorOrScalar, b: TensorOrScalar): Tensor {
  const dtype = resultType(a, b);
  const out = binaryKernel('fmod', a, b, dtype, dtype);
  if ((a instanceof Tensor && a._requiresGrad) || (b instanceof Tensor && b._requiresGrad)) {
    const ta = toTensor(a, out), tb = toTensor(b, out);
    record(out, 'FmodBackward0', [ta, tb], (g, needs) => [
      needs[0] ? reduceGrad(g, ta._shape) : null,
      needs[1] ? reduceGrad(g.mul(ta.div(tb, { roundingMode: 'trunc' })).neg(), tb._shape) : null,
    ], [ta, tb]);
  }
  return out;
}

/** `torch.pow(base, exponent)`; either may be a number. */
export function pow(a: TensorOrScalar, b: TensorOrScalar): Tensor {
  if (a instanceof Tensor) [a] = _autocast('pow', a);
  if (b instanceof Tensor) [b] = _autocast('pow', b);
  if (a instanceof Tensor && !(b instanceof Tensor)) {
    const e = Number(b);
    const dtype = resultType(a, b);
    if (dtype !== a.dtype) return unary('pow_scalar', a.to(dtype), e);
    return unary('pow_scalar', a, e);
  }
  if (!(a instanceof Tensor) && b instanceof Tensor) {
    const dtype = resultType(a, b);
    const base = Number(a);
    const x = isFloatingPoint(dtype) ? cast(b, dtype) : b.to(getDefaultDtype());
    const out = unaryKernel('rpow_scalar', x, x.dtype, base);
    if (b._requiresGrad) record(out, 'PowBackward1', [b], (g) => [g.mul(out).mul(Math.log(base))], [out]);
    return isFloatingPoint(dtype) ? out : out.to(dtype);
  }
  const ta = a as Tensor, tb = b as Tensor;
  const dtype = resultType(ta, tb);
  const out = binaryKernel('pow', ta, tb, dtype, dtype);
  if (ta._requiresGrad || tb._requiresGrad) {
    record(out, 'PowBackward1', [ta, tb], (g, needs) => [
      // matches PyTorch: 0 where the exponent is 0 (not 0 * 0^-1 = nan at a zero base)
      needs[0] ? reduceGrad(where(tb.eq(0), 0, g.mul(tb).mul(ta.pow(tb.sub(1)))), ta._shape) : null,
      // matches PyTorch: the exponent's gradient is 0 where base == 0 and exponent >= 0
      needs[1] ? reduceGrad(where(ta.eq(0).logicalAnd(tb.ge(0)), 0, g.mul(out).mul(ta.log())), tb._shape) : null,
    ], [ta, tb, out]);
  }
  return out;
}

function binaryFloat(op: BinaryOpName, name: string, a: Tensor, b: TensorOrScalar,
  grad: (g: Tensor, a: Tensor, b: Tensor, out: Tensor) => [Tensor, Tensor]): Tensor {
  let dtype = resultType(a, b);
  if (!isFloatingPoint(dtype)) dtype = getDefaultDtype();
  const out = binaryKernel(op, a, b, dtype, dtype);
  if (a._requiresGrad || (b instanceof Tensor && b._requiresGrad)) {
    const tb = toTensor(b, out);
    record(out, name, [a, tb], (g) => {
      const [ga, gb] = grad(g, a, tb, out);
      return [reduceGrad(ga, a._shape), reduceGrad(gb, tb._shape)];
    }, [a, tb, out]);
  }
  return out;
}

export function atan2(a: Tensor, b: Tensor): Tensor {
  return binaryFloat('atan2', 'Atan2Backward0', a, b, (g, x, y) => {
    const d = x.mul(x).add(y.mul(y));
    return [g.mul(y).div(d), g.mul(x).neg().div(d)];
  });
}

export function hypot(a: Tensor, b: Tensor): Tensor {
  return binaryFloat('hypot', 'HypotBackward0', a, b, (g, x, y, out) => [g.mul(x).div(out), g.mul(y).div(out)]);
}

export function copysign(a: Tensor, b: TensorOrScalar): Tensor {
  return binaryFloat('copysign', 'CopysignBackward0', a, b, (g, x, _y, out) => [
    where(x.eq(0), 0, g.mul(out.div(x))),
    g.mul(0),
  ]);
}

export function xlogy(a: Tensor, b: TensorOrScalar): Tensor {
  return binaryFloat('xlogy', 'XlogyBackward0', a, b, (g, x, y) => [
    where(x.eq(0).logicalAnd(y.isnan().logicalNot()), 0, g.mul(y.log())),
    g.mul(x).div(y),
  ]);
}

function minMax(op: 'maximum' | 'minimum' | 'fmax' | 'fmin', a: Tensor, b: Tensor): Tensor {
  const dtype = resultType(a, b);
  const out = binaryKernel(op, a, b, dtype, dtype);
  if (a._requiresGrad || b._requiresGrad) {
    const name = { maximum: 'MaximumBackward0', minimum: 'MinimumBackward0', fmax: 'FmaxBackward0', fmin: 'FminBackward0' }[op];
    const isMax = op === 'maximum' || op === 'fmax';
    record(out, name, [a, b], (g) => {
      // ties split the gradient evenly, as PyTorch does
      const aWins = isMax ? a.gt(b) : a.lt(b);
      const tie = a.eq(b);
      const half = g.mul(0.5);
      const ga = where(aWins, g, where(tie, half, 0));
      const gb = where(aWins, 0, where(tie, half, g));
      return [reduceGrad(ga, a._shape), reduceGrad(gb, b._shape)];
    }, [a, b]);
  }
  return out;
}

export const maximum = (a: Tensor, b: Tensor) => minMax('maximum', a, b);
export const minimum = (a: Tensor, b: Tensor) => minMax('minimum', a, b);
export const fmax = (a: Tensor, b: Tensor) => minMax('fmax', a, b);
export const fmin = (a: Tensor, b: Tensor) => minMax('fmin', a, b);

/** `torch.lerp(start, end, weight)` = start + weight * (end - start). */
export function lerp(start: Tensor, end: Tensor, weight: TensorOrScalar): Tensor {
  return add(start, mul(sub(end, start), weight));
}

/** `input + value * t1 * t2`. */
export function addcmul(input: Tensor, t1: Tensor, t2: Tensor, opts?: { value?: number }): Tensor {
  return add(input, mul(t1, t2), { alpha: opts?.value ?? 1 });
}

/** `input + value * t1 / t2`. */
export function addcdiv(input: Tensor, t1: Tensor, t2: Tensor, opts?: { value?: number }): Tensor {
  return add(input, div(t1, t2), { alpha: opts?.value ?? 1 });
}

// ---- comparisons, logical and bitwise -------------------------------------------------------

export function compare(op: BinaryOpName, a: TensorOrScalar, b: TensorOrScalar): Tensor {
  return binaryKernel(op, a, b, resultType(a, b), 'bool');
}

export function bitwise(op: BinaryOpName, a: TensorOrScalar, b: TensorOrScalar): Tensor {
  const dtype = resultType(a, b);
  if (isFloatingPoint(dtype)) throw new Error(`"${op}_cpu" not implemented for '${dtype === 'float64' ? 'Double' : 'Float'}'`);
  return binaryKernel(op, a, b, dtype, dtype);
}

/** `torch.equal`: same shape and same values. */
export function equal(a: Tensor, b: Tensor): boolean {
  if (!sameShape(a._shape, b._shape)) return false;
  return Boolean(compare('eq', a, b).all().item()); // item() of a bool tensor is a boolean
}

/** `torch.allclose(a, b, { rtol, atol, equalNan })`. */
export function allclose(a: Tensor, b: Tensor, opts?: { rtol?: number; atol?: number; equalNan?: boolean }): boolean {
  return Boolean(isclose(a, b, opts).all().item());
}

/** `torch.isclose`: |a - b| <= atol + rtol * |b|, elementwise. */
export function isclose(a: Tensor, b: Tensor, opts?: { rtol?: number; atol?: number; equalNan?: boolean }): Tensor {
  const rtol = opts?.rtol ?? 1e-5, atol = opts?.atol ?? 1e-8;
  const dtype = isFloatingPoint(resultType(a, b)) ? resultType(a, b) : 'float64';
  const fa = cast(a, dtype), fb = cast(b, dtype);
  let close = fa.sub(fb).abs().le(fb.abs().mul(rtol).add(atol)).logicalOr(fa.eq(fb));
  if (opts?.equalNan) close = close.logicalOr(fa.isnan().logicalAnd(fb.isnan()));
  return close;
}

// ---- where, clamp, masked fill --------------------------------------------------------------

/** `torch.where(condition, input, other)`; input/other may be numbers. */
export function where(condition: Tensor, a: TensorOrScalar, b: TensorOrScalar): Tensor {
  if (condition.dtype !== 'bool') condition = condition.ne(0);
  const dtype = resultType(a, b);
  let shape: Shape = condition._shape;
  if (a instanceof Tensor) shape = broadcastShapes(shape, a._shape);
  if (b instanceof Tensor) shape = broadcastShapes(shape, b._shape);
  const device = a instanceof Tensor ? a.device : b instanceof Tensor ? b.device : condition.device;
  const out = empty(shape, dtype, device);
  if (out.numel() > 0) {
    const oa = a instanceof Tensor ? broadcastOperand(cast(a, dtype), shape) : Number(a);
    const ob = b instanceof Tensor ? broadcastOperand(cast(b, dtype), shape) : Number(b);
    backendFor(device).where(out, broadcastOperand(condition, shape), oa, ob);
  }
  if ((a instanceof Tensor && a._requiresGrad) || (b instanceof Tensor && b._requiresGrad)) {
    const ta = toTensor(a, out), tb = toTensor(b, out);
    record(out, 'WhereBackward0', [ta, tb], (g, needs) => [
      needs[0] ? reduceGrad(where(condition, g, 0), ta._shape) : null,
      needs[1] ? reduceGrad(where(condition, 0, g), tb._shape) : null,
    ]);
  }
  return out;
}

/** `torch.clamp(x, min, max)`; tensor bounds broadcast. */
export function clamp(x: Tensor, min?: number | Tensor | null, max?: number | Tensor | null): Tensor {
  const hasMin = min !== undefined && min !== null, hasMax = max !== undefined && max !== null;
  if (!hasMin && !hasMax) throw new Error("torch.clamp: At least one of 'min' or 'max' must not be None");
  if (min instanceof Tensor || max instanceof Tensor) {
    let r = x;
    if (hasMin) r = maximum(r, min instanceof Tensor ? min : scalarTensor(min as number, x.dtype));
    if (hasMax) r = minimum(r, max instanceof Tensor ? max : scalarTensor(max as number, x.dtype));
    return r;
  }
  const dtype = resultType(x, ...(hasMin ? [min as number] : []), ...(hasMax ? [max as number] : []));
  const input = cast(x, dtype);
  if (hasMin && hasMax) return unary('clamp', input, min as number, max as number);
  if (hasMin) return unary('clamp_min', input, min as number);
  return unary('clamp_max', input, max as number);
}

export function nanToNum(x: Tensor, opts?: { nan?: number; posinf?: number; neginf?: number }): Tensor {
  if (!isFloatingPoint(x.dtype)) return x.clone();
  const big = x.dtype === 'float64' ? Number.MAX_VALUE : x.dtype === 'float16' ? 65504 : 3.4028234663852886e38;
  return unary('nan_to_num', x, opts?.nan ?? 0, opts?.posinf ?? big, opts?.neginf ?? -big);
}

/** `x.masked_fill(mask, value)`. */
export function maskedFill(x: Tensor, mask: Tensor, value: TensorOrScalar): Tensor {
  if (mask.dtype !== 'bool') throw new Error(`masked_fill_ only supports boolean masks, but got mask with dtype ${mask.dtype === 'uint8' ? 'unsigned char' : mask.dtype}`);
  if (value instanceof Tensor && value.ndim !== 0)
    throw new Error(`masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ${value.ndim} dimension(s).`);
  const v = value instanceof Tensor ? value.to(x.dtype) : Number(value);
  const out = where(mask, v, x);
  return sameShape(out._shape, x._shape) ? out : (() => { throw new Error(`The size of tensor a (${mask.shape.join(', ')}) must match the size of tensor b (${x.shape.join(', ')})`); })();
}

// ---- in place -------------------------------------------------------------------------------

function checkInplace(self: Tensor): void {
  if (isGradEnabled() && self.isLeaf && self._requiresGrad)
    throw new Error('a leaf Variable that requires grad is being used in an in-place operation.');
}

const CAST_NAMES: Record<DType, string> = {
  float32: 'Float', float64: 'Double', float16: 'Half', bfloat16: 'BFloat16', int8: 'Char', uint8: 'Byte',
  int16: 'Short', int32: 'Int', int64: 'Long', bool: 'Bool',
};

/**
 * The tensor an in-place op computes from: a snapshot while autograd records the op, because
 * the op's backward reads the values from before the write (PyTorch saves `original_self`),
 * and the write would otherwise leave the saved input stale.
 */
export function inplaceSource(self: Tensor, ...others: unknown[]): Tensor {
  if (!isGradEnabled()) return self;
  if (self._requiresGrad || others.some((o) => o instanceof Tensor && o._requiresGrad)) return self.clone();
  return self;
}

/**
 * Makes `self` hold `result` (computed out of place) and take over its autograd history, as
 * PyTorch's in-place ops do; bumps the version counter so saved copies are detected as stale.
 */
export function inplace<T extends Tensor>(self: T, result: Tensor, name: string): T {
  checkInplace(self);
  if (category(result.dtype) > category(self.dtype))
    throw new Error(`result type ${CAST_NAMES[result.dtype]} can't be cast to the desired output type ${CAST_NAMES[self.dtype]}`);
  if (!sameShape(result._shape, self._shape))
    throw new Error(`output with shape [${self.shape.join(', ')}] doesn't match the broadcast shape [${result.shape.join(', ')}]`);
  if (self.numel() > 0) backendFor(self.device).copy(self, result);
  self._bumpVersion();
  if (result._gradFn && isGradEnabled()) {
    if (self._base && self._base._requiresGrad)
      throw new Error(`${name}: in-place operations on views of tensors that require grad are not supported yet; use the out-of-place form`);
    self._setGradFn(result._gradFn);
  }
  return self;
}

/**
 * Whether an in-place op may write its result straight into `self`: autograd records nothing
 * (grad mode is off, or no tensor involved requires grad) and no two elements of self share
 * memory (an expanded view). Otherwise the op runs out of place and {@link inplace} copies the
 * result in, which costs an allocation and a copy (on a GPU, two launches instead of one).
 */
function writesDirectly(self: Tensor, others: readonly unknown[]): boolean {
  if (self.numel() === 0) return false;
  if (isGradEnabled() && (self._requiresGrad || others.some((o) => o instanceof Tensor && o._requiresGrad))) return false;
  for (let k = 0; k < self._shape.length; k++) if (self._strides[k] === 0 && self._shape[k] > 1) return false;
  return true;
}

/**
 * `self op= other` for add_, sub_, mul_ and true div_: one kernel writing into self when
 * {@link writesDirectly} allows, the result already has self's dtype, and `other` is a number or
 * a tensor of self's device that broadcasts to self's shape and shares no memory with self
 * (unless it is self itself); else `outOfPlace()` copied in by {@link inplace}, whose checks
 * word the errors.
 */
export function binaryInplace<T extends Tensor>(
  self: T, op: 'add' | 'sub' | 'mul' | 'div', other: TensorOrScalar, alpha: number, name: string, outOfPlace: () => Tensor,
): T {
  if (writesDirectly(self, [other]) && resultType(self, other) === self.dtype && (op !== 'div' || isFloatingPoint(self.dtype)) &&
      !(op === 'sub' && self.dtype === 'bool')) {
    const fits = !(other instanceof Tensor) || (other._storage.device === self._storage.device &&
      (other._storage !== self._storage || sameView(self, other)) && sameShape(broadcastShapes(self._shape, other._shape), self._shape));
    if (fits) {
      if (op === 'add' || op === 'sub') checkAlpha(self.dtype, alpha);
      backendFor(self.device).binary(op, self, self, asOperand(other, self.dtype, self._shape, self.device), self.dtype, alpha);
      self._bumpVersion();
      return self;
    }
  }
  return inplace(self, outOfPlace(), name);
}

/**
 * `self = op(self)` in place (relu_, exp_...): one kernel writing into a floating-point self
 * when {@link writesDirectly} allows (in-place ops are not autocast, as in PyTorch); else the op
 * out of place on {@link inplaceSource}, copied in by {@link inplace}.
 */
export function unaryInplace<T extends Tensor>(self: T, op: UnaryOpName, p0 = 0, p1 = 0, p2 = 0): T {
  if (writesDirectly(self, []) && isFloatingPoint(self.dtype)) {
    backendFor(self.device).unary(op, self, self, p0, p1, p2);
    self._bumpVersion();
    return self;
  }
  return inplace(self, unary(op, inplaceSource(self), p0, p1, p2), `${op}_`);
}

/** Whether two tensors on one storage are the same view of it (each element in the same place). */
function sameView(a: Tensor, b: Tensor): boolean {
  return a._offset === b._offset && sameShape(a._shape, b._shape) && a._strides.every((st, k) => st === b._strides[k]);
}

/** `x.fill_(v)`. */
export function fill_<T extends Tensor>(self: T, value: TensorOrScalar): T {
  checkInplace(self);
  if (value instanceof Tensor) {
    if (value.ndim !== 0) throw new Error(`fill_ only supports 0-dimension value tensor but got tensor with ${value.ndim} dimensions.`);
    value = value.item();
  }
  if (self.numel() > 0) backendFor(self.device).fill(self, Number(value));
  self._bumpVersion();
  if (self._requiresGrad && isGradEnabled() && !self.isLeaf) {
    // the old values no longer matter: their history gets a zero gradient, as in PyTorch
    record(self, 'FillBackward0', [self], (g) => [g.zerosLike()]);
  }
  return self;
}

/** `x.copy_(src)`: src broadcast to x's shape and converted to x's dtype and device. */
export function copy_<T extends Tensor>(self: T, src: Tensor): T {
  checkInplace(self);
  const shape = broadcastShapes(self._shape, src._shape);
  if (!sameShape(shape, self._shape))
    throw new Error(`output with shape [${self.shape.join(', ')}] doesn't match the broadcast shape [${shape.join(', ')}]`);
  let s = src;
  if (s.device !== self.device) s = s.to(self.device);
  if (self.numel() > 0) backendFor(self.device).copy(self, broadcastOperand(s, shape));
  self._bumpVersion();
  if (isGradEnabled() && (src._requiresGrad || self._requiresGrad)) {
    // the overwritten values get a zero gradient and src the rest, as PyTorch's CopyBackwards
    const srcShape = src._shape, srcDtype = src.dtype;
    record(self, 'CopyBackwards', [self, src], (g, needs) => [
      needs[0] ? g.zerosLike() : null,
      needs[1] ? reduceGrad(cast(g, srcDtype), srcShape) : null,
    ]);
  }
  return self;
}

