/**
 * The Tensor: a strided view (shape, strides, offset, dtype) of a {@link Storage}, with its
 * autograd state. Math lives in `ops/`; each method here is the one-line method form of a
 * function declared there with its gradient.
 * @module
 */
import { inspect } from 'node:util';
import { AccumulateGrad, type GradHook, type Node } from './autograd/node';
import { backward as runBackward, type BackwardOptions } from './autograd/engine';
import { type DType, isFloatingPoint, ITEM_SIZE } from './dtype';
import { formatTensor } from './print';
import { isContiguousLayout, numelOf, normalizeDim } from './shape';
import type { Storage } from './storage';
import * as C from './ops/creation';
import * as E from './ops/elementwise';
import * as I from './ops/indexing';
import * as L from './ops/linalg';
import * as R from './ops/reduce';
import * as Rn from './ops/random';
import * as S from './ops/shape';
import * as So from './ops/sort';

/** A number, boolean or tensor where PyTorch accepts `Tensor | Number`. */
export type Scalar = number | boolean;
export type TensorOrScalar = Tensor | Scalar;
/** Reduction options: `x.sum({ dim: [0, 1], keepdim: true })`. */
export interface ReduceOptions {
  dim?: number | readonly number[];
  keepdim?: boolean;
  dtype?: DType;
}
/** The pair PyTorch returns from `max(dim)`, `min(dim)`, `sort`, `topk`... */
export interface ValuesIndices {
  values: Tensor;
  indices: Tensor;
}
/** One element of `index(...)`: an int, a slice string (`'1:3'`, `'::2'`, `':'`), `'...'`, null (new axis), or a tensor. */
export type IndexItem = number | string | null | Tensor | readonly number[] | readonly boolean[];

export interface HookHandle {
  remove(): void;
}

const TYPED: Record<DType, new (b: ArrayBuffer, o: number, l: number) => ArrayLike<number | bigint>> = {
  float32: Float32Array, float64: Float64Array, float16: Uint16Array, bfloat16: Uint16Array, int8: Int8Array,
  uint8: Uint8Array, int16: Int16Array, int32: Int32Array, int64: BigInt64Array, bool: Uint8Array,
};

export class Tensor {
  /** @internal */ _storage: Storage;
  /** @internal */ _shape: number[];
  /** @internal */ _strides: number[];
  /** @internal */ _offset: number;
  readonly dtype: DType;
  /** @internal */ _contiguous: boolean;
  /** @internal */ _requiresGrad = false;
  /** @internal */ _gradFn: Node | null = null;
  /** @internal */ _grad: Tensor | null = null;
  /** @internal */ _accumulator: AccumulateGrad | null = null;
  /** @internal */ _hooks: GradHook[] | null = null;
  /** @internal */ _postHooks: ((t: Tensor) => void)[] | null = null;
  /** @internal */ _retainsGrad = false;
  /** @internal the tensor this one is a view of (for in-place autograd checks) */ _base: Tensor | null = null;

  /** @internal Use the creation functions (`torch.tensor`, `torch.zeros`...). */
  constructor(storage: Storage, shape: number[], strides: number[], offset: number, dtype: DType, contiguous?: boolean) {
    this._storage = storage;
    this._shape = shape;
    this._strides = strides;
    this._offset = offset;
    this.dtype = dtype;
    this._contiguous = contiguous ?? isContiguousLayout(shape, strides);
  }

  // ---- metadata ---------------------------------------------------------------------------

  /** The size of each dimension (PyTorch's `torch.Size`). */
  get shape(): readonly number[] {
    return this._shape;
  }
  get ndim(): number {
    return this._shape.length;
  }
  get device(): string {
    return this._storage.device;
  }
  get isCuda(): boolean {
    return this._storage.device !== 'cpu';
  }
  /** `x.size()` → the shape; `x.size(d)` → one dimension (negative d counts from the end). */
  size(): readonly number[];
  size(dim: number): number;
  size(dim?: number): number | readonly number[] {
    if (dim === undefined) return this._shape;
    return this._shape[normalizeDim(dim, this.ndim)];
  }
  dim(): number {
    return this._shape.length;
  }
  numel(): number {
    return numelOf(this._shape);
  }
  nelement(): number {
    return this.numel();
  }
  stride(): readonly number[];
  stride(dim: number): number;
  stride(dim?: number): number | readonly number[] {
    if (dim === undefined) return this._strides;
    return this._strides[normalizeDim(dim, this.ndim)];
  }
  /** The offset of the first element in the storage, in elements (as PyTorch reports it). */
  storageOffset(): number {
    return this._offset;
  }
  isContiguous(): boolean {
    return this._contiguous;
  }
  elementSize(): number {
    return ITEM_SIZE[this.dtype];
  }
  isFloatingPoint(): boolean {
    return isFloatingPoint(this.dtype);
  }
  /** @internal version counter shared by all views of the storage */
  get _version(): number {
    return this._storage.version;
  }
  /** @internal */
  _bumpVersion(): void {
    this._storage.version++;
  }
  /**
   * @internal Makes this tensor hold `other`'s data (storage, geometry, dtype) while keeping its
   * identity and leaf autograd state: PyTorch's `param.data = other`, used by `Module.to()`.
   */
  _setData(other: Tensor): void {
    this._storage = other._storage;
    this._shape = [...other._shape];
    this._strides = [...other._strides];
    this._offset = other._offset;
    (this as { dtype: DType }).dtype = other.dtype;
    this._contiguous = other._contiguous;
  }

  // ---- autograd state ---------------------------------------------------------------------

  get requiresGrad(): boolean {
    return this._requiresGrad;
  }
  set requiresGrad(v: boolean) {
    if (!this.isLeaf && !v)
      throw new Error(
        'you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn\'t require differentiation use var_no_grad = var.detach().',
      );
    if (v && !isFloatingPoint(this.dtype)) throw new Error('only Tensors of floating point dtype can require gradients');
    this._requiresGrad = v;
  }
  /** The accumulated gradient of a leaf after `backward()`; settable, as in PyTorch. */
  get grad(): Tensor | null {
    return this._grad;
  }
  set grad(g: Tensor | null) {
    if (g !== null) {
      if (g.dtype !== this.dtype) throw new Error('assigned grad has data of a different type');
      if (g.shape.length !== this.ndim || g.shape.some((s, i) => s !== this._shape[i]))
        throw new Error('assigned grad has data of a different size');
    }
    this._grad = g;
  }
  /** The node that created this tensor (`grad_fn`), null for leaves. */
  get gradFn(): Node | null {
    return this._gradFn;
  }
  get isLeaf(): boolean {
    return this._gradFn === null;
  }
  get retainsGrad(): boolean {
    return this._retainsGrad;
  }
  /** @internal */
  _setGradFn(node: Node): void {
    this._gradFn = node;
    this._requiresGrad = true;
  }
  /** @internal the AccumulateGrad node of a leaf */
  _gradAccumulator(): AccumulateGrad {
    if (!this._accumulator) this._accumulator = new AccumulateGrad(this);
    return this._accumulator;
  }
  /** @internal */
  _leafHooks(): readonly GradHook[] {
    return this._hooks ?? [];
  }
  /** @internal */
  _postAccumulateHooks(): readonly ((t: Tensor) => void)[] {
    return this._postHooks ?? [];
  }

  /** Computes gradients of this tensor with respect to graph leaves (`tensor.backward()`). */
  backward(gradient?: Tensor | null, opts: BackwardOptions = {}): void {
    runBackward([this], [gradient ?? null], opts);
  }
  /** A tensor sharing storage, cut from the graph. */
  detach(): Tensor {
    return S.alias(this);
  }
  /** Cuts this tensor from the graph in place. */
  detach_(): this {
    this._gradFn = null;
    this._requiresGrad = false;
    return this;
  }
  /** The same data without autograd history (PyTorch's `.data`). */
  get data(): Tensor {
    return this.detach();
  }
  requiresGrad_(requiresGrad = true): this {
    this.requiresGrad = requiresGrad;
    return this;
  }
  /** Keeps `.grad` on a non-leaf tensor after backward. */
  retainGrad(): void {
    if (this.isLeaf || this._retainsGrad) return;
    if (!this._requiresGrad) throw new Error("can't retain_grad on Tensor that has requires_grad=False");
    this._retainsGrad = true;
    const self = new WeakRef(this);
    this.registerHook((g) => {
      const t = self.deref();
      if (t) t._grad = t._grad ? t._grad.add(g.detach()) : g.detach().clone();
    });
  }
  /** Registers `hook(grad)`, called when this tensor's gradient is computed; it may return a replacement. */
  registerHook(hook: GradHook): HookHandle {
    if (!this._requiresGrad) throw new Error("cannot register a hook on a tensor that doesn't require gradient");
    let list: GradHook[];
    if (this._gradFn) {
      const node = this._gradFn;
      node.preHooks ??= [];
      list = node.preHooks;
    } else {
      this._hooks ??= [];
      list = this._hooks;
    }
    list.push(hook);
    return { remove: () => void list.splice(list.indexOf(hook) >>> 0, list.includes(hook) ? 1 : 0) };
  }
  /** Registers `hook(tensor)`, called on a leaf after its `.grad` has been accumulated. */
  registerPostAccumulateGradHook(hook: (t: Tensor) => void): HookHandle {
    if (!this.isLeaf) throw new Error('post accumulate grad hooks cannot be registered on non-leaf tensors');
    this._postHooks ??= [];
    const list = this._postHooks;
    list.push(hook);
    return { remove: () => void list.splice(list.indexOf(hook) >>> 0, list.includes(hook) ? 1 : 0) };
  }

  // ---- memory and values ------------------------------------------------------------------

  /** Frees the storage now (shared by this tensor's views, which become unusable too). */
  dispose(): void {
    this._storage.dispose();
  }
  [Symbol.dispose](): void {
    this.dispose();
  }
  get isDisposed(): boolean {
    return this._storage.disposed;
  }
  /** @internal a typed-array view over the whole storage from this tensor's offset (CPU only) */
  _typedView(): ArrayLike<number | bigint> & { [i: number]: number | bigint } {
    if (this._storage.disposed) throw new Error('Tensor has been disposed');
    const Ctor = TYPED[this.dtype];
    const size = ITEM_SIZE[this.dtype];
    const v = this._storage.view;
    return new Ctor(v.buffer as ArrayBuffer, v.byteOffset + this._offset * size, this._storage.nbytes / size - this._offset) as never;
  }
  /** A contiguous CPU copy of the values as the dtype's typed array (Uint16Array for float16/bfloat16, Uint8Array for bool). */
  toArray(): Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Int32Array | BigInt64Array | Uint16Array {
    if (this._storage.disposed) throw new Error('Cannot use a tensor whose storage has been freed (the tensor was disposed)');
    const c = this.cpu().contiguous();
    const Ctor = TYPED[c.dtype];
    const size = ITEM_SIZE[c.dtype];
    const n = c.numel();
    const src = new Ctor(c._storage.view.buffer as ArrayBuffer, c._storage.view.byteOffset + c._offset * size, n) as unknown as { slice(): never };
    if (c === this && n * size === c._storage.nbytes && c._offset === 0) return src.slice();
    return src.slice();
  }
  /** The values as plain JS numbers (float16/bfloat16 decoded; int64 as numbers; bool as 0/1). */
  _numbers(): number[] | boolean[] {
    const t = this.dtype === 'float16' || this.dtype === 'bfloat16' ? this.float() : this;
    const a = t.toArray();
    if (t.dtype === 'bool') return Array.from(a as Uint8Array, (v) => v !== 0);
    if (t.dtype === 'int64') return Array.from(a as BigInt64Array, Number);
    return Array.from(a as Float32Array);
  }
  /** The value of a one-element tensor as a number (booleans as `true`/`false`). */
  item(): number {
    if (this.numel() !== 1)
      throw new Error(`a Tensor with ${this.numel()} elements cannot be converted to Scalar`);
    return this._numbers()[0] as number;
  }
  /** Nested arrays of the values (`tensor.tolist()`). */
  tolist(): unknown {
    const flat = this._numbers();
    if (this.ndim === 0) return flat[0];
    let i = 0;
    const build = (d: number): unknown[] => {
      const out: unknown[] = [];
      for (let k = 0; k < this._shape[d]; k++) out.push(d === this.ndim - 1 ? flat[i++] : build(d + 1));
      return out;
    };
    return build(0);
  }
  /** PyTorch's print format (`tensor([1., 2.], requires_grad=True)`). */
  toString(): string {
    if (this._storage.disposed) return 'tensor(<disposed>)';
    const t = this.dtype === 'float16' || this.dtype === 'bfloat16' ? this.detach().float() : this.detach();
    const a = t.cpu().toArray();
    const values: ArrayLike<number | bigint | boolean> = t.dtype === 'bool' ? Array.from(a as Uint8Array, (v) => v !== 0) : a;
    return formatTensor(values, this._shape, this.dtype, {
      device: this.device,
      requiresGrad: this._requiresGrad,
      gradFn: this._gradFn?.name,
    });
  }
  [inspect.custom](): string {
    return this.toString();
  }

  // ---- conversion -------------------------------------------------------------------------

  /** `to(dtype)`, `to(device)`, `to(device, dtype)` or `to({ dtype, device })`; returns `this` when nothing changes. */
  to(a: DType | string | Tensor | { dtype?: DType; device?: string; copy?: boolean }, b?: DType | { copy?: boolean }): Tensor {
    return S.to(this, a, b);
  }
  cpu(): Tensor { return this.to('cpu'); }
  cuda(device?: number): Tensor { return this.to(device === undefined ? 'cuda' : `cuda:${device}`); }
  float(): Tensor { return this.to('float32'); }
  double(): Tensor { return this.to('float64'); }
  half(): Tensor { return this.to('float16'); }
  bfloat16(): Tensor { return this.to('bfloat16'); }
  long(): Tensor { return this.to('int64'); }
  int(): Tensor { return this.to('int32'); }
  short(): Tensor { return this.to('int16'); }
  char(): Tensor { return this.to('int8'); }
  byte(): Tensor { return this.to('uint8'); }
  bool(): Tensor { return this.to('bool'); }
  type(dtype: DType): Tensor { return this.to(dtype); }
  typeAs(other: Tensor): Tensor { return this.to(other.dtype); }

  // ---- views and shape --------------------------------------------------------------------

  /** @internal a view with new geometry over the same storage (no autograd) */
  _restride(shape: number[], strides: number[], offset: number): Tensor {
    return new Tensor(this._storage, shape, strides, offset, this.dtype);
  }
  view(...shape: (number | readonly number[])[]): Tensor { return S.view(this, shape); }
  viewAs(other: Tensor): Tensor { return S.view(this, [other.shape]); }
  reshape(...shape: (number | readonly number[])[]): Tensor { return S.reshape(this, shape); }
  reshapeAs(other: Tensor): Tensor { return S.reshape(this, [other.shape]); }
  flatten(startDim = 0, endDim = -1): Tensor { return S.flatten(this, startDim, endDim); }
  unflatten(dim: number, sizes: readonly number[]): Tensor { return S.unflatten(this, dim, sizes); }
  squeeze(dim?: number | readonly number[]): Tensor { return S.squeeze(this, dim); }
  unsqueeze(dim: number): Tensor { return S.unsqueeze(this, dim); }
  permute(...dims: (number | readonly number[])[]): Tensor { return S.permute(this, dims); }
  transpose(dim0: number, dim1: number): Tensor { return S.transpose(this, dim0, dim1); }
  swapaxes(dim0: number, dim1: number): Tensor { return S.transpose(this, dim0, dim1); }
  movedim(source: number | readonly number[], destination: number | readonly number[]): Tensor { return S.movedim(this, source, destination); }
  /** The transpose of a matrix (0-D and 1-D tensors are returned as is). */
  t(): Tensor { return S.t(this); }
  get T(): Tensor { return S.permute(this, [[...Array(this.ndim).keys()].reverse()]); }
  /** Transposes the last two dims (`x.mT`). */
  get mT(): Tensor { return S.transpose(this, -2, -1); }
  expand(...sizes: (number | readonly number[])[]): Tensor { return S.expand(this, sizes); }
  expandAs(other: Tensor): Tensor { return S.expand(this, [other.shape]); }
  broadcastTo(shape: readonly number[]): Tensor { return S.expand(this, [shape]); }
  contiguous(): Tensor { return this._contiguous ? this : S.clone(this); }
  clone(): Tensor { return S.clone(this); }
  narrow(dim: number, start: number, length: number): Tensor { return S.narrow(this, dim, start, length); }
  select(dim: number, index: number): Tensor { return S.select(this, dim, index); }
  chunk(chunks: number, dim = 0): Tensor[] { return S.chunk(this, chunks, dim); }
  split(splitSize: number | readonly number[], dim = 0): Tensor[] { return S.split(this, splitSize, dim); }
  unbind(dim = 0): Tensor[] { return S.unbind(this, dim); }
  flip(...dims: (number | readonly number[])[]): Tensor { return S.flip(this, dims.flat()); }
  roll(shifts: number | readonly number[], dims?: number | readonly number[]): Tensor { return S.roll(this, shifts, dims); }
  repeat(...sizes: (number | readonly number[])[]): Tensor { return S.repeat(this, sizes.flat()); }
  tile(...sizes: (number | readonly number[])[]): Tensor { return S.tile(this, sizes.flat()); }
  diagonal(offset = 0, dim1 = 0, dim2 = 1): Tensor { return S.diagonal(this, offset, dim1, dim2); }
  tril(diagonal = 0): Tensor { return S.tril(this, diagonal); }
  triu(diagonal = 0): Tensor { return S.triu(this, diagonal); }
  /** Sums broadcast dimensions away so the result has `shape` (`sum_to_size`). */
  sumToSize(...shape: (number | readonly number[])[]): Tensor { return R.sumToSize(this, shape.flat()); }
  unfold(dimension: number, size: number, step: number): Tensor { return S.unfold(this, dimension, size, step); }

  // ---- elementwise ------------------------------------------------------------------------

  add(other: TensorOrScalar, opts?: { alpha?: number }): Tensor { return E.add(this, other, opts); }
  add_(other: TensorOrScalar, opts?: { alpha?: number }): this { return E.binaryInplace(this, 'add', other, opts?.alpha ?? 1, 'add_', () => E.add(this, other, opts)); }
  sub(other: TensorOrScalar, opts?: { alpha?: number }): Tensor { return E.sub(this, other, opts); }
  sub_(other: TensorOrScalar, opts?: { alpha?: number }): this { return E.binaryInplace(this, 'sub', other, opts?.alpha ?? 1, 'sub_', () => E.sub(this, other, opts)); }
  mul(other: TensorOrScalar): Tensor { return E.mul(this, other); }
  mul_(other: TensorOrScalar): this { return E.binaryInplace(this, 'mul', other, 1, 'mul_', () => E.mul(E.inplaceSource(this, other), other)); }
  /** True division; `{ roundingMode: 'trunc' | 'floor' }` rounds the quotient. */
  div(other: TensorOrScalar, opts?: { roundingMode?: 'trunc' | 'floor' | null }): Tensor { return E.div(this, other, opts); }
  div_(other: TensorOrScalar, opts?: { roundingMode?: 'trunc' | 'floor' | null }): this {
    const outOfPlace = () => E.div(E.inplaceSource(this, other), other, opts);
    return opts?.roundingMode ? E.inplace(this, outOfPlace(), 'div_') : E.binaryInplace(this, 'div', other, 1, 'div_', outOfPlace);
  }
  true_divide(other: TensorOrScalar): Tensor { return E.div(this, other); }
  floorDivide(other: TensorOrScalar): Tensor { return E.div(this, other, { roundingMode: 'floor' }); }
  remainder(other: TensorOrScalar): Tensor { return E.remainder(this, other); }
  fmod(other: TensorOrScalar): Tensor { return E.fmod(this, other); }
  pow(exponent: TensorOrScalar): Tensor { return E.pow(this, exponent); }
  pow_(exponent: TensorOrScalar): this { return E.inplace(this, E.pow(E.inplaceSource(this, exponent), exponent), 'pow_'); }
  atan2(other: Tensor): Tensor { return E.atan2(this, other); }
  hypot(other: Tensor): Tensor { return E.hypot(this, other); }
  maximum(other: Tensor): Tensor { return E.maximum(this, other); }
  minimum(other: Tensor): Tensor { return E.minimum(this, other); }
  fmax(other: Tensor): Tensor { return E.fmax(this, other); }
  fmin(other: Tensor): Tensor { return E.fmin(this, other); }
  copysign(other: TensorOrScalar): Tensor { return E.copysign(this, other); }
  xlogy(other: TensorOrScalar): Tensor { return E.xlogy(this, other); }
  lerp(end: Tensor, weight: TensorOrScalar): Tensor { return E.lerp(this, end, weight); }
  addcmul(t1: Tensor, t2: Tensor, opts?: { value?: number }): Tensor { return E.addcmul(this, t1, t2, opts); }
  addcmul_(t1: Tensor, t2: Tensor, opts?: { value?: number }): this { return E.inplace(this, E.addcmul(this, t1, t2, opts), 'addcmul_'); }
  addcdiv(t1: Tensor, t2: Tensor, opts?: { value?: number }): Tensor { return E.addcdiv(this, t1, t2, opts); }
  addcdiv_(t1: Tensor, t2: Tensor, opts?: { value?: number }): this { return E.inplace(this, E.addcdiv(this, t1, t2, opts), 'addcdiv_'); }
  neg(): Tensor { return E.unary('neg', this); }
  neg_(): this { return E.unaryInplace(this, 'neg'); }
  negative(): Tensor { return E.unary('neg', this); }
  abs(): Tensor { return E.unary('abs', this); }
  abs_(): this { return E.unaryInplace(this, 'abs'); }
  sign(): Tensor { return E.unary('sign', this); }
  sgn(): Tensor { return E.unary('sign', this); }
  square(): Tensor { return E.unary('square', this); }
  reciprocal(): Tensor { return E.unary('reciprocal', this); }
  exp(): Tensor { return E.unary('exp', this); }
  exp_(): this { return E.unaryInplace(this, 'exp'); }
  exp2(): Tensor { return E.unary('exp2', this); }
  expm1(): Tensor { return E.unary('expm1', this); }
  log(): Tensor { return E.unary('log', this); }
  log_(): this { return E.unaryInplace(this, 'log'); }
  log2(): Tensor { return E.unary('log2', this); }
  log10(): Tensor { return E.unary('log10', this); }
  log1p(): Tensor { return E.unary('log1p', this); }
  sqrt(): Tensor { return E.unary('sqrt', this); }
  sqrt_(): this { return E.unaryInplace(this, 'sqrt'); }
  rsqrt(): Tensor { return E.unary('rsqrt', this); }
  sin(): Tensor { return E.unary('sin', this); }
  cos(): Tensor { return E.unary('cos', this); }
  tan(): Tensor { return E.unary('tan', this); }
  asin(): Tensor { return E.unary('asin', this); }
  acos(): Tensor { return E.unary('acos', this); }
  atan(): Tensor { return E.unary('atan', this); }
  sinh(): Tensor { return E.unary('sinh', this); }
  cosh(): Tensor { return E.unary('cosh', this); }
  tanh(): Tensor { return E.unary('tanh', this); }
  tanh_(): this { return E.unaryInplace(this, 'tanh'); }
  asinh(): Tensor { return E.unary('asinh', this); }
  acosh(): Tensor { return E.unary('acosh', this); }
  atanh(): Tensor { return E.unary('atanh', this); }
  sigmoid(): Tensor { return E.unary('sigmoid', this); }
  sigmoid_(): this { return E.unaryInplace(this, 'sigmoid'); }
  relu(): Tensor { return E.unary('relu', this); }
  relu_(): this { return E.unaryInplace(this, 'relu'); }
  erf(): Tensor { return E.unary('erf', this); }
  erfc(): Tensor { return E.unary('erfc', this); }
  erfinv(): Tensor { return E.unary('erfinv', this); }
  lgamma(): Tensor { return E.unary('lgamma', this); }
  digamma(): Tensor { return E.unary('digamma', this); }
  floor(): Tensor { return E.unary('floor', this); }
  floor_(): this { return E.unaryInplace(this, 'floor'); }
  ceil(): Tensor { return E.unary('ceil', this); }
  round(opts?: { decimals?: number }): Tensor { return opts?.decimals ? E.unary('round_decimals', this, opts.decimals) : E.unary('round', this); }
  trunc(): Tensor { return E.unary('trunc', this); }
  frac(): Tensor { return E.unary('frac', this); }
  /** Limits values to [min, max] (either may be null/undefined); NaN stays NaN. */
  clamp(min?: number | Tensor | null, max?: number | Tensor | null): Tensor { return E.clamp(this, min, max); }
  clamp_(min?: number | Tensor | null, max?: number | Tensor | null): this { return E.inplace(this, E.clamp(E.inplaceSource(this, min, max), min, max), 'clamp_'); }
  clip(min?: number | Tensor | null, max?: number | Tensor | null): Tensor { return E.clamp(this, min, max); }
  clampMin(min: number): Tensor { return E.clamp(this, min, null); }
  clampMax(max: number): Tensor { return E.clamp(this, null, max); }
  nanToNum(opts?: { nan?: number; posinf?: number; neginf?: number }): Tensor { return E.nanToNum(this, opts); }
  eq(other: TensorOrScalar): Tensor { return E.compare('eq', this, other); }
  ne(other: TensorOrScalar): Tensor { return E.compare('ne', this, other); }
  lt(other: TensorOrScalar): Tensor { return E.compare('lt', this, other); }
  le(other: TensorOrScalar): Tensor { return E.compare('le', this, other); }
  gt(other: TensorOrScalar): Tensor { return E.compare('gt', this, other); }
  ge(other: TensorOrScalar): Tensor { return E.compare('ge', this, other); }
  greater(other: TensorOrScalar): Tensor { return E.compare('gt', this, other); }
  less(other: TensorOrScalar): Tensor { return E.compare('lt', this, other); }
  equal(other: Tensor): boolean { return E.equal(this, other); }
  logicalAnd(other: TensorOrScalar): Tensor { return E.compare('logical_and', this, other); }
  logicalOr(other: TensorOrScalar): Tensor { return E.compare('logical_or', this, other); }
  logicalXor(other: TensorOrScalar): Tensor { return E.compare('logical_xor', this, other); }
  logicalNot(): Tensor { return E.predicate('logical_not', this); }
  bitwiseAnd(other: TensorOrScalar): Tensor { return E.bitwise('bitwise_and', this, other); }
  bitwiseOr(other: TensorOrScalar): Tensor { return E.bitwise('bitwise_or', this, other); }
  bitwiseXor(other: TensorOrScalar): Tensor { return E.bitwise('bitwise_xor', this, other); }
  bitwiseNot(): Tensor { return E.unary('bitwise_not', this); }
  bitwiseLeftShift(other: TensorOrScalar): Tensor { return E.bitwise('lshift', this, other); }
  bitwiseRightShift(other: TensorOrScalar): Tensor { return E.bitwise('rshift', this, other); }
  isnan(): Tensor { return E.predicate('isnan', this); }
  isinf(): Tensor { return E.predicate('isinf', this); }
  isfinite(): Tensor { return E.predicate('isfinite', this); }
  isposinf(): Tensor { return E.predicate('isposinf', this); }
  isneginf(): Tensor { return E.predicate('isneginf', this); }
  signbit(): Tensor { return E.predicate('signbit', this); }
  /** `torch.where(condition, this, other)`. */
  where(condition: Tensor, other: TensorOrScalar): Tensor { return E.where(condition, this, other); }
  maskedFill(mask: Tensor, value: TensorOrScalar): Tensor { return E.maskedFill(this, mask, value); }
  maskedFill_(mask: Tensor, value: TensorOrScalar): this { return E.inplace(this, E.maskedFill(this, mask, value), 'masked_fill_'); }
  fill_(value: TensorOrScalar): this { return E.fill_(this, value); }
  zero_(): this { return E.fill_(this, 0); }
  /** Copies `src` (broadcast, converted) into this tensor in place. */
  copy_(src: Tensor): this { return E.copy_(this, src); }

  // ---- random in place --------------------------------------------------------------------

  uniform_(from = 0, to = 1, opts?: { generator?: Rn.Generator }): this { return Rn.fillRandom(this, 'uniform', from, to, opts?.generator); }
  normal_(mean = 0, std = 1, opts?: { generator?: Rn.Generator }): this { return Rn.fillRandom(this, 'normal', mean, std, opts?.generator); }
  bernoulli_(p = 0.5, opts?: { generator?: Rn.Generator }): this { return Rn.fillRandom(this, 'bernoulli', p, 0, opts?.generator); }
  exponential_(lambd = 1, opts?: { generator?: Rn.Generator }): this { return Rn.fillRandom(this, 'exponential', lambd, 0, opts?.generator); }
  random_(from: number, to?: number, opts?: { generator?: Rn.Generator }): this {
    return to === undefined ? Rn.fillRandom(this, 'randint', 0, from, opts?.generator) : Rn.fillRandom(this, 'randint', from, to, opts?.generator);
  }
  bernoulli(opts?: { generator?: Rn.Generator }): Tensor { return Rn.bernoulli(this, opts); }
  multinomial(numSamples: number, opts?: { replacement?: boolean; generator?: Rn.Generator }): Tensor { return Rn.multinomial(this, numSamples, opts); }

  // ---- reductions -------------------------------------------------------------------------

  sum(dim?: number | readonly number[] | ReduceOptions, keepdim?: boolean | ReduceOptions): Tensor { return R.sum(this, dim, keepdim); }
  nansum(dim?: number | readonly number[] | ReduceOptions, keepdim?: boolean | ReduceOptions): Tensor { return R.nansum(this, dim, keepdim); }
  mean(dim?: number | readonly number[] | ReduceOptions, keepdim?: boolean | ReduceOptions): Tensor { return R.mean(this, dim, keepdim); }
  nanmean(dim?: number | readonly number[] | ReduceOptions, keepdim?: boolean | ReduceOptions): Tensor { return R.nanmean(this, dim, keepdim); }
  prod(dim?: number | ReduceOptions, keepdim?: boolean | ReduceOptions): Tensor { return R.prod(this, dim, keepdim); }
  /** `x.max()` → the maximum; `x.max(dim)` → `{ values, indices }`; `x.max(other)` → elementwise maximum. */
  max(): Tensor;
  max(dim: number | ReduceOptions, keepdim?: boolean): ValuesIndices;
  max(other: Tensor): Tensor;
  max(dim?: number | Tensor | ReduceOptions, keepdim?: boolean): Tensor | ValuesIndices { return R.maxMin(this, true, dim, keepdim); }
  min(): Tensor;
  min(dim: number | ReduceOptions, keepdim?: boolean): ValuesIndices;
  min(other: Tensor): Tensor;
  min(dim?: number | Tensor | ReduceOptions, keepdim?: boolean): Tensor | ValuesIndices { return R.maxMin(this, false, dim, keepdim); }
  amax(dim?: number | readonly number[] | ReduceOptions, keepdim?: boolean | ReduceOptions): Tensor { return R.amax(this, dim, keepdim); }
  amin(dim?: number | readonly number[] | ReduceOptions, keepdim?: boolean | ReduceOptions): Tensor { return R.amin(this, dim, keepdim); }
  argmax(dim?: number | ReduceOptions | null, keepdim?: boolean): Tensor { return R.argMaxMin(this, true, dim, keepdim); }
  argmin(dim?: number | ReduceOptions | null, keepdim?: boolean): Tensor { return R.argMaxMin(this, false, dim, keepdim); }
  /** Variance, unbiased by default (`{ unbiased: false }` or `{ correction: 0 }` for the population variance). */
  var(dim?: number | readonly number[] | R.VarOptions, opts?: boolean | R.VarOptions, keepdim?: boolean): Tensor { return R.variance(this, dim, opts, keepdim); }
  std(dim?: number | readonly number[] | R.VarOptions, opts?: boolean | R.VarOptions, keepdim?: boolean): Tensor { return R.variance(this, dim, opts, keepdim).sqrt(); }
  /** p-norm over all elements or `dim` (p = 2 by default; 'fro', Infinity, -Infinity, 0, 1 and any p). */
  norm(p: number | 'fro' = 2, dim?: number | readonly number[] | ReduceOptions, keepdim?: boolean): Tensor { return R.norm(this, p, dim, keepdim); }
  logsumexp(dim: number | readonly number[], keepdim = false): Tensor { return R.logsumexp(this, dim, keepdim); }
  cumsum(dim: number, opts?: { dtype?: DType }): Tensor { return R.cumsum(this, dim, opts); }
  cumprod(dim: number, opts?: { dtype?: DType }): Tensor { return R.cumprod(this, dim, opts); }
  all(dim?: number | ReduceOptions, keepdim?: boolean): Tensor { return R.logicalReduce(this, 'all', dim, keepdim); }
  any(dim?: number | ReduceOptions, keepdim?: boolean): Tensor { return R.logicalReduce(this, 'any', dim, keepdim); }
  countNonzero(dim?: number | readonly number[]): Tensor { return R.countNonzero(this, dim); }
  median(dim?: number, keepdim = false): Tensor | ValuesIndices { return So.median(this, dim, keepdim); }
  softmax(dim: number, opts?: { dtype?: DType }): Tensor { return R.softmax(this, dim, false, opts?.dtype); }
  logSoftmax(dim: number, opts?: { dtype?: DType }): Tensor { return R.softmax(this, dim, true, opts?.dtype); }

  // ---- linear algebra ---------------------------------------------------------------------

  matmul(other: Tensor): Tensor { return L.matmul(this, other); }
  mm(other: Tensor): Tensor { return L.mm(this, other); }
  bmm(other: Tensor): Tensor { return L.bmm(this, other); }
  mv(vec: Tensor): Tensor { return L.mv(this, vec); }
  dot(other: Tensor): Tensor { return L.dot(this, other); }
  outer(other: Tensor): Tensor { return L.outer(this, other); }

  // ---- indexing ---------------------------------------------------------------------------

  /** PyTorch's `x[...]`: `x.index(0, '1:3', null, '...', mask, idxTensor)`. */
  index(...indices: IndexItem[]): Tensor { return I.index(this, indices); }
  /** PyTorch's `x[...] = v`: `x.indexPut_([mask], 0)`; `accumulate` adds instead. */
  indexPut_(indices: readonly IndexItem[], values: TensorOrScalar, accumulate = false): this { return I.indexPut_(this, indices, values, accumulate); }
  indexPut(indices: readonly IndexItem[], values: TensorOrScalar, accumulate = false): Tensor { return I.indexPut_(this.clone(), indices, values, accumulate); }
  indexSelect(dim: number, index: Tensor): Tensor { return I.indexSelect(this, dim, index); }
  indexAdd_(dim: number, index: Tensor, source: Tensor, opts?: { alpha?: number }): this { return I.indexAdd_(this, dim, index, source, opts); }
  indexAdd(dim: number, index: Tensor, source: Tensor, opts?: { alpha?: number }): Tensor { return I.indexAdd_(this.clone(), dim, index, source, opts); }
  indexFill_(dim: number, index: Tensor, value: number): this { return I.indexFill_(this, dim, index, value); }
  gather(dim: number, index: Tensor): Tensor { return I.gather(this, dim, index); }
  scatter(dim: number, index: Tensor, src: TensorOrScalar, opts?: { reduce?: 'add' | 'multiply' }): Tensor { return I.scatter(this, dim, index, src, opts); }
  scatter_(dim: number, index: Tensor, src: TensorOrScalar, opts?: { reduce?: 'add' | 'multiply' }): this { return E.inplace(this, I.scatter(this, dim, index, src, opts), 'scatter_'); }
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor { return I.scatterAdd(this, dim, index, src); }
  scatterAdd_(dim: number, index: Tensor, src: Tensor): this { return E.inplace(this, I.scatterAdd(this, dim, index, src), 'scatter_add_'); }
  maskedSelect(mask: Tensor): Tensor { return I.maskedSelect(this, mask); }
  maskedScatter_(mask: Tensor, source: Tensor): this { return I.maskedScatter_(this, mask, source); }
  take(index: Tensor): Tensor { return I.take(this, index); }
  /** (count, ndim) coordinates of the nonzero elements; `{ asTuple: true }` gives one index tensor per dim. */
  nonzero(): Tensor;
  nonzero(opts: { asTuple: true }): Tensor[];
  nonzero(opts?: { asTuple?: boolean }): Tensor | Tensor[] {
    const nz = I.nonzero(this);
    return opts?.asTuple ? (this.ndim === 0 ? [nz.reshape(-1)] : nz.unbind(1)) : nz;
  }
  argwhere(): Tensor { return I.nonzero(this) as Tensor; }

  // ---- sorting ----------------------------------------------------------------------------

  sort(dim: number | { dim?: number; descending?: boolean; stable?: boolean } = -1, descending = false): ValuesIndices { return So.sort(this, dim, descending); }
  argsort(dim: number | { dim?: number; descending?: boolean; stable?: boolean } = -1, descending = false): Tensor { return So.sort(this, dim, descending).indices; }
  topk(k: number, dim: number | { dim?: number; largest?: boolean; sorted?: boolean } = -1, largest = true, sorted = true): ValuesIndices { return So.topk(this, k, dim, largest, sorted); }
  kthvalue(k: number, dim = -1, keepdim = false): ValuesIndices { return So.kthvalue(this, k, dim, keepdim); }
  unique(opts?: { sorted?: boolean; returnInverse?: boolean; returnCounts?: boolean; dim?: number }): Tensor | Tensor[] { return So.unique(this, opts); }

  // ---- creation helpers -------------------------------------------------------------------

  /** @internal ones with this tensor's shape, dtype and device */
  onesLike(): Tensor { return C.onesLike(this); }
  zerosLike(): Tensor { return C.zerosLike(this); }
  newZeros(size: readonly number[], opts?: C.TensorOptions): Tensor { return C.zeros(size, { dtype: this.dtype, device: this.device, ...opts }); }
  newOnes(size: readonly number[], opts?: C.TensorOptions): Tensor { return C.ones(size, { dtype: this.dtype, device: this.device, ...opts }); }
  newFull(size: readonly number[], value: number, opts?: C.TensorOptions): Tensor { return C.full(size, value, { dtype: this.dtype, device: this.device, ...opts }); }
  newEmpty(size: readonly number[], opts?: C.TensorOptions): Tensor { return C.emptyTensor(size, { dtype: this.dtype, device: this.device, ...opts }); }
  newTensor(data: C.NestedArray, opts?: C.TensorOptions): Tensor { return C.tensor(data, { dtype: this.dtype, device: this.device, ...opts }); }
}
