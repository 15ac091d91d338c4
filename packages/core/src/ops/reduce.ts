/**
 * Reductions (sum, mean, prod, max/min, var/std, norm, logsumexp, all/any), scans (cumsum,
 * cumprod) and softmax, each with its gradient.
 * @module
 */
import { _autocast } from '../amp';
import { backendFor } from '../backend/backend';
import type { ReduceOpName } from '../binding';
import { type DType, isFloatingPoint } from '../dtype';
import { getDefaultDtype } from '../default_dtype';
import { isGradEnabled } from '../autograd/grad_mode';
import { record } from '../autograd/node';
import { normalizeDim, sameShape, type Shape } from '../shape';
import { Tensor, type ReduceOptions, type ValuesIndices } from '../tensor';
import { empty } from './creation';
import { cast, maximum, minimum, where } from './elementwise';
import { cat } from './shape';

interface Parsed {
  dims: number[];
  mask: boolean[];
  keepdim: boolean;
  dtype?: DType;
  all: boolean;
}

/** Normalises PyTorch's reduction signatures: (), (dim), (dim, keepdim), ({ dim, keepdim, dtype }). */
function parse(x: Tensor, dim?: number | readonly number[] | ReduceOptions | null, keepdim?: boolean | ReduceOptions): Parsed {
  let d: number | readonly number[] | undefined | null = undefined;
  let kd = false;
  let dtype: DType | undefined;
  if (dim !== null && typeof dim === 'object' && !Array.isArray(dim)) {
    const o = dim as ReduceOptions;
    d = o.dim;
    kd = o.keepdim ?? false;
    dtype = o.dtype;
  } else {
    d = dim as number | readonly number[] | undefined | null;
    if (typeof keepdim === 'object') {
      kd = keepdim.keepdim ?? false;
      dtype = keepdim.dtype;
    } else kd = keepdim ?? false;
  }
  const nd = x.ndim;
  let dims: number[];
  const all = d === undefined || d === null || (Array.isArray(d) && d.length === 0);
  if (all) dims = [...Array(nd).keys()];
  else dims = (typeof d === 'number' ? [d] : [...(d as number[])]).map((v) => normalizeDim(v, nd));
  if (new Set(dims).size !== dims.length) throw new Error(`dim ${dims.find((v, i) => dims.indexOf(v) !== i)} appears multiple times in the list of dims`);
  const mask = new Array<boolean>(nd).fill(false);
  for (const v of dims) if (nd > 0) mask[v] = true;
  return { dims, mask, keepdim: kd, dtype, all };
}

function outShape(x: Tensor, p: Parsed): number[] {
  if (p.keepdim) return x._shape.map((s, i) => (p.mask[i] ? 1 : s));
  return x._shape.filter((_, i) => !p.mask[i]);
}

/** Runs a native reduction into a tensor of outDtype. */
function reduceKernel(op: ReduceOpName, x: Tensor, p: Parsed, outDtype: DType): Tensor {
  const out = empty(outShape(x, p), outDtype, x.device);
  if (out.numel() > 0) backendFor(x.device).reduce(op, out, x, p.mask);
  return out;
}

/** Re-inserts reduced dims (size 1) so a reduced gradient broadcasts against the input. */
function unsqueezeReduced(g: Tensor, x: Tensor, p: Parsed): Tensor {
  if (p.keepdim || x.ndim === 0) return g;
  return g.reshape(x._shape.map((s, i) => (p.mask[i] ? 1 : s)));
}

function sumDtype(x: Tensor, requested?: DType): DType {
  if (requested) return requested;
  return isFloatingPoint(x.dtype) ? x.dtype : 'int64';
}

export function sum(x: Tensor, dim?: number | readonly number[] | ReduceOptions, keepdim?: boolean | ReduceOptions): Tensor {
  [x] = _autocast('sum', x);
  const p = parse(x, dim, keepdim);
  const dtype = sumDtype(x, p.dtype);
  const input = p.dtype && p.dtype !== x.dtype ? cast(x, p.dtype) : x;
  const out = reduceKernel('sum', input, p, dtype);
  if (input._requiresGrad) {
    const shape = x._shape;
    // recorded against the converted input, so a `dtype` option's gradient flows back through the cast
    record(out, p.all && !p.keepdim ? 'SumBackward0' : 'SumBackward1', [input], (g) => [unsqueezeReduced(g, x, p).expand(shape)]);
  }
  return out;
}

export function nansum(x: Tensor, dim?: number | readonly number[] | ReduceOptions, keepdim?: boolean | ReduceOptions): Tensor {
  const p = parse(x, dim, keepdim);
  const out = reduceKernel('nansum', x, p, sumDtype(x, p.dtype));
  if (x._requiresGrad) {
    const shape = x._shape;
    record(out, 'NansumBackward0', [x], (g) => [where(x.isnan(), 0, unsqueezeReduced(g, x, p).expand(shape))], [x]);
  }
  return out;
}

export function mean(x: Tensor, dim?: number | readonly number[] | ReduceOptions, keepdim?: boolean | ReduceOptions): Tensor {
  const p = parse(x, dim, keepdim);
  const dtype = p.dtype ?? x.dtype;
  if (!isFloatingPoint(dtype))
    throw new Error(`mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${dtypeTitle(x.dtype)}`);
  const n = p.dims.reduce((a, d) => a * (x.ndim ? x._shape[d] : 1), 1);
  const input = cast(x, dtype);
  const s = reduceKernel('sum', input, p, dtype);
  const out = s.numel() > 0 ? divInPlaceNoGrad(s, n) : s;
  if (input._requiresGrad) {
    const shape = x._shape;
    record(out, p.all && !p.keepdim ? 'MeanBackward0' : 'MeanBackward1', [input], (g) => [unsqueezeReduced(g, x, p).expand(shape).div(n)]);
  }
  return out;
}

function divInPlaceNoGrad(t: Tensor, n: number): Tensor {
  backendFor(t.device).binary('div', t, t, n, t.dtype);
  return t;
}

export function nanmean(x: Tensor, dim?: number | readonly number[] | ReduceOptions, keepdim?: boolean | ReduceOptions): Tensor {
  const notNan = x.isnan().logicalNot();
  return nansum(x, dim, keepdim).div(sum(notNan, dim, keepdim));
}

function dtypeTitle(d: DType): string {
  return { float32: 'Float', float64: 'Double', float16: 'Half', bfloat16: 'BFloat16', int8: 'Char', uint8: 'Byte', int16: 'Short', int32: 'Int', int64: 'Long', bool: 'Bool' }[d];
}

export function prod(x: Tensor, dim?: number | ReduceOptions, keepdim?: boolean | ReduceOptions): Tensor {
  [x] = _autocast('prod', x);
  const p = parse(x, dim, keepdim);
  const out = reduceKernel('prod', p.dtype ? cast(x, p.dtype) : x, p, sumDtype(x, p.dtype));
  if (x._requiresGrad) {
    record(out, p.all ? 'ProdBackward0' : 'ProdBackward1', [x], (g) => {
      // product of all the other elements: exclusive cumulative products from both sides, which
      // stays exact when the input holds zeros (unlike out / x)
      if (p.all) {
        const flat = x.reshape(-1);
        return [prodOthers(flat, 0).mul(g).reshape(x._shape)];
      }
      const d = p.dims[0];
      return [prodOthers(x, d).mul(unsqueezeReduced(g, x, p))];
    }, [x]);
  }
  return out;
}

function prodOthers(x: Tensor, d: number): Tensor {
  const n = x._shape[d];
  if (n === 0) return x;
  const ones = x.narrow(d, 0, 1).onesLike();
  const left = n > 1 ? cat([ones, x.narrow(d, 0, n - 1).cumprod(d)], d) : ones;
  const right = n > 1 ? cat([x.flip(d).narrow(d, 0, n - 1).cumprod(d).flip(d), ones], d) : ones;
  return left.mul(right);
}

function evenlyDistributed(g: Tensor, x: Tensor, value: Tensor, p: Parsed): Tensor {
  // ties share the gradient evenly (PyTorch's amax/amin and full max/min backward)
  const v = unsqueezeReduced(value, x, p);
  const mask = x.eq(v);
  const count = sum(mask, { dim: p.dims, keepdim: true });
  return where(mask, unsqueezeReduced(g, x, p).div(count), 0);
}

function extremum(op: 'amax' | 'amin', x: Tensor, p: Parsed, name: string): Tensor {
  if (x.numel() === 0 && p.dims.some((d) => x.ndim === 0 || x._shape[d] === 0))
    throw new Error(`${op}(): Expected reduction dim ${p.dims[0] ?? 0} to have non-zero size.`);
  const out = reduceKernel(op, x, p, x.dtype);
  if (x._requiresGrad) record(out, name, [x], (g) => [evenlyDistributed(g, x, out, p)], [x, out]);
  return out;
}

export function amax(x: Tensor, dim?: number | readonly number[] | ReduceOptions, keepdim?: boolean | ReduceOptions): Tensor {
  return extremum('amax', x, parse(x, dim, keepdim), 'AmaxBackward0');
}

export function amin(x: Tensor, dim?: number | readonly number[] | ReduceOptions, keepdim?: boolean | ReduceOptions): Tensor {
  return extremum('amin', x, parse(x, dim, keepdim), 'AminBackward0');
}

/** (outer, len, inner) of a contiguous tensor around dim d. */
function around(shape: Shape, d: number): [number, number, number] {
  let outer = 1, inner = 1;
  for (let i = 0; i < d; i++) outer *= shape[i];
  for (let i = d + 1; i < shape.length; i++) inner *= shape[i];
  return [outer, shape.length ? shape[d] : 1, inner];
}

/** `max()`, `max(dim, keepdim)` → values and indices, `max(other)` → maximum. */
export function maxMin(x: Tensor, isMax: boolean, dim?: number | Tensor | ReduceOptions, keepdim?: boolean): Tensor | ValuesIndices {
  if (dim instanceof Tensor) return isMax ? maximum(x, dim) : minimum(x, dim);
  if (dim === undefined) {
    if (x.numel() === 0)
      throw new Error(`${isMax ? 'max' : 'min'}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`);
    return extremum(isMax ? 'amax' : 'amin', x, parse(x), isMax ? 'MaxBackward1' : 'MinBackward1');
  }
  const p = parse(x, dim, keepdim);
  const d = p.dims[0];
  const c = x.contiguous();
  const [outer, len, inner] = around(c._shape, x.ndim ? d : 0);
  if (len === 0)
    throw new Error(`${isMax ? 'max' : 'min'}(): Expected reduction dim ${d} to have non-zero size.`);
  const shape = outShape(x, p);
  const values = empty(shape, x.dtype, x.device);
  const indices = empty(shape, 'int64', x.device);
  backendFor(x.device).reduceArg(values, indices, c, outer, len, inner, isMax);
  if (x._requiresGrad) {
    const inShape = x._shape;
    record(values, isMax ? 'MaxBackward0' : 'MinBackward0', [x], (g) => [
      valueSelectingBackward(unsqueezeReduced(g, x, p), x.ndim ? d : 0, unsqueezeReduced(indices, x, p), inShape),
    ]);
  }
  return { values, indices };
}

/** Scatters g into zeros of `shape` at `indices` along dim (max/min/sort/topk/median backward). */
export function valueSelectingBackward(g: Tensor, d: number, indices: Tensor, shape: Shape): Tensor {
  return g.newZeros(shape as number[]).scatter(d, indices, g);
}

export function argMaxMin(x: Tensor, isMax: boolean, dim?: number | ReduceOptions | null, keepdim?: boolean): Tensor {
  if (dim === undefined || dim === null || (typeof dim === 'object' && dim.dim === undefined)) {
    const kd = typeof dim === 'object' && dim !== null ? dim.keepdim ?? false : keepdim ?? false;
    if (x.numel() === 0) throw new Error(`${isMax ? 'argmax' : 'argmin'}(): Expected reduction dim to be specified for input.numel() == 0.`);
    const flat = x.reshape(-1).contiguous();
    const idx = empty([], 'int64', x.device);
    backendFor(x.device).reduceArg(null, idx, flat, 1, flat.numel(), 1, isMax);
    return kd ? idx.reshape(x._shape.map(() => 1)) : idx;
  }
  return (maxMin(x.detach(), isMax, dim as number | ReduceOptions, keepdim) as ValuesIndices).indices;
}

export interface VarOptions {
  dim?: number | readonly number[];
  unbiased?: boolean;
  correction?: number;
  keepdim?: boolean;
}

/** `var(dim?, unbiased = true, keepdim = false)` or `var({ dim, correction, keepdim })`. */
export function variance(x: Tensor, dim?: number | readonly number[] | VarOptions, opts?: boolean | VarOptions, keepdim?: boolean): Tensor {
  let d: number | readonly number[] | undefined;
  let correction = 1, kd = keepdim ?? false;
  const apply = (o: VarOptions) => {
    if (o.dim !== undefined) d = o.dim;
    if (o.unbiased !== undefined) correction = o.unbiased ? 1 : 0;
    if (o.correction !== undefined) correction = o.correction;
    if (o.keepdim !== undefined) kd = o.keepdim;
  };
  if (dim !== undefined && dim !== null && typeof dim === 'object' && !Array.isArray(dim)) apply(dim as VarOptions);
  else d = dim as number | readonly number[] | undefined;
  if (typeof opts === 'boolean') correction = opts ? 1 : 0;
  else if (opts) apply(opts);
  if (!isFloatingPoint(x.dtype)) throw new Error('std and var only support floating point and complex dtypes');
  const p = parse(x, d ?? null, kd);
  const n = p.dims.reduce((a, k) => a * (x.ndim ? x._shape[k] : 1), 1);
  const mu = mean(x, { dim: p.all ? undefined : p.dims, keepdim: true });
  const dev = x.sub(mu);
  return sum(dev.mul(dev), { dim: p.all ? undefined : p.dims, keepdim: kd }).div(Math.max(n - correction, 0));
}

/** `std_mean` / `var_mean` helpers. */
export function varMean(x: Tensor, dim?: number | readonly number[], opts?: VarOptions): [Tensor, Tensor] {
  return [variance(x, dim, opts), mean(x, dim, opts?.keepdim)];
}

export function norm(x: Tensor, p: number | 'fro' = 2, dim?: number | readonly number[] | ReduceOptions, keepdim?: boolean): Tensor {
  [x] = _autocast('norm', x);
  const input = isFloatingPoint(x.dtype) ? x : x.to(getDefaultDtype());
  const a = input.abs();
  if (p === 'fro' || p === 2) {
    const s = sum(input.mul(input), dim, keepdim);
    return s.sqrt();
  }
  if (p === Infinity) return amax(a, dim, keepdim);
  if (p === -Infinity) return amin(a, dim, keepdim);
  if (p === 0) return sum(input.ne(0).to(input.dtype), dim, keepdim);
  if (p === 1) return sum(a, dim, keepdim);
  return sum(a.pow(p), dim, keepdim).pow(1 / p);
}

export function logsumexp(x: Tensor, dim: number | readonly number[], keepdim = false): Tensor {
  [x] = _autocast('logsumexp', x);
  const input = isFloatingPoint(x.dtype) ? x : x.to(getDefaultDtype());
  const m = amax(input.detach(), dim, true);
  const safe = where(m.isinf(), 0, m);
  const s = sum(input.sub(safe).exp(), dim, true).log().add(safe);
  return keepdim ? s : s.squeeze(typeof dim === 'number' ? dim : [...dim]);
}

function scan(op: 'cumsum' | 'cumprod', x: Tensor, dim: number, dtype?: DType): Tensor {
  [x] = _autocast(op, x);
  const d = normalizeDim(dim, x.ndim);
  const outDtype = dtype ?? (isFloatingPoint(x.dtype) ? x.dtype : 'int64');
  const c = x.contiguous();
  const out = empty(x._shape, outDtype, x.device);
  const [outer, len, inner] = around(c._shape, x.ndim ? d : 0);
  if (out.numel() > 0) backendFor(x.device).scan(op, out, null, c, outer, len, inner);
  if (x._requiresGrad) {
    if (op === 'cumsum') record(out, 'CumsumBackward0', [x], (g) => [g.flip(d).cumsum(d).flip(d)]);
    else record(out, 'CumprodBackward0', [x], (g) => [cumprodBackward(g, x, out, d)], [x, out]);
  }
  return out;
}

/** Gradient of cumprod along d, exact when the input holds zeros (as PyTorch's cumprod_backward). */
function cumprodBackward(g: Tensor, x: Tensor, out: Tensor, d: number): Tensor {
  if (x.ndim === 0) return g;
  // without zeros: d out_k / d x_i = out_k / x_i for k >= i
  if (!x.eq(0).any().item()) return g.mul(out).flip(d).cumsum(d).flip(d).div(x);
  // with zeros: grad_i = L_i * S_i, L the exclusive cumprod and S_i = g_i + x_{i+1} * S_{i+1}
  const n = x._shape[d];
  const parts = new Array<Tensor>(n);
  let s = g.narrow(d, n - 1, 1);
  parts[n - 1] = s;
  for (let i = n - 2; i >= 0; i--) {
    s = g.narrow(d, i, 1).add(x.narrow(d, i + 1, 1).mul(s));
    parts[i] = s;
  }
  const ones = x.narrow(d, 0, 1).onesLike();
  const left = n > 1 ? cat([ones, x.narrow(d, 0, n - 1).cumprod(d)], d) : ones;
  return left.mul(cat(parts, d));
}

export const cumsum = (x: Tensor, dim: number, opts?: { dtype?: DType }) => scan('cumsum', x, dim, opts?.dtype);
export const cumprod = (x: Tensor, dim: number, opts?: { dtype?: DType }) => scan('cumprod', x, dim, opts?.dtype);

export function logicalReduce(x: Tensor, op: 'all' | 'any', dim?: number | ReduceOptions, keepdim?: boolean): Tensor {
  const p = parse(x, dim, keepdim);
  return reduceKernel(op, x, p, 'bool');
}

export function countNonzero(x: Tensor, dim?: number | readonly number[]): Tensor {
  return reduceKernel('count_nonzero', x, parse(x, dim ?? null), 'int64');
}

/** softmax / log_softmax along dim with a native kernel for both directions. */
export function softmax(x: Tensor, dim: number, log: boolean, dtype?: DType): Tensor {
  [x] = _autocast(log ? 'log_softmax' : 'softmax', x);
  let input = dtype ? cast(x, dtype) : x;
  if (!isFloatingPoint(input.dtype)) input = input.to(getDefaultDtype());
  const d = normalizeDim(dim, input.ndim);
  const c = input.contiguous();
  const [outer, len, inner] = around(c._shape, input.ndim ? d : 0);
  const out = empty(input._shape, input.dtype, input.device);
  if (out.numel() > 0) backendFor(input.device).softmax(out, c, outer, len, inner, log);
  if (input._requiresGrad) {
    record(out, log ? 'LogSoftmaxBackward0' : 'SoftmaxBackward0', [input], (g) => {
      if (isGradEnabled()) {
        // composed form, so the gradient itself can be differentiated
        return [log ? g.sub(out.exp().mul(g.sum(d, true))) : out.mul(g.sub(g.mul(out).sum(d, true)))];
      }
      const gc = g.contiguous();
      const r = empty(out._shape, out.dtype, out.device);
      if (r.numel() > 0) backendFor(out.device).softmaxBackward(r, gc, out, outer, len, inner, log);
      return [r];
    }, [out]);
  }
  return out;
}

/** Sums broadcast dims of x so that it has `shape` (autograd's reduction of broadcast gradients). */
export function sumToSize(x: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(x._shape, shape)) return x;
  const lead = x.ndim - shape.length;
  if (lead < 0) throw new Error(`size {[${shape.join(', ')}]} is not expandable to size {[${x.shape.join(', ')}]}.`);
  const dims: number[] = [];
  for (let i = 0; i < x.ndim; i++) {
    if (i < lead) dims.push(i);
    else if (shape[i - lead] === 1 && x._shape[i] !== 1) dims.push(i);
    else if (shape[i - lead] !== x._shape[i]) throw new Error(`size {[${shape.join(', ')}]} is not expandable to size {[${x.shape.join(', ')}]}.`);
  }
  let r = dims.length ? sum(x, { dim: dims, keepdim: true }) : x;
  if (lead > 0) r = r.reshape(shape as number[]);
  return r;
}


