/**
 * Shape ops: views that share storage (view, reshape, permute, transpose, expand, squeeze,
 * unsqueeze, narrow, select, diagonal, unfold...), copies (clone, contiguous, to), and joins
 * and splits (cat, stack, split, chunk, unbind, flip, roll, repeat).
 * @module
 */
import { backendFor } from '../backend/backend';
import { type DType, promoteTypes } from '../dtype';
import { normalizeDevice } from '../device';
import { isGradEnabled } from '../autograd/grad_mode';
import { record } from '../autograd/node';
import {
  contiguousStrides, inferShape, normalizeDim, numelOf, sameShape, shapeString, viewStrides, type Shape,
} from '../shape';
import { Tensor } from '../tensor';
import { arange, empty, zeros } from './creation';

function flatSizes(args: readonly (number | readonly number[])[]): number[] {
  return args.length === 1 && Array.isArray(args[0]) ? [...(args[0] as number[])] : (args as number[]);
}

/** A view of x with the given geometry over x's storage (no autograd). */
function rawView(x: Tensor, shape: number[], strides: number[], offset: number): Tensor {
  const v = new Tensor(x._storage, shape, strides, offset, x.dtype);
  v._base = x._base ?? x;
  return v;
}

/** A detached alias of x (shares storage, no history). */
export function alias(x: Tensor): Tensor {
  const v = new Tensor(x._storage, x._shape, x._strides, x._offset, x.dtype);
  v._base = x._base ?? x;
  return v;
}

/** A view whose gradient maps back by `backward`. */
function view_(x: Tensor, shape: number[], strides: number[], offset: number, name: string, backward: (g: Tensor) => Tensor): Tensor {
  const v = rawView(x, shape, strides, offset);
  if (x._requiresGrad) record(v, name, [x], (g) => [backward(g)]);
  return v;
}

// ---- geometry-preserving views ----------------------------------------------------------------

export function view(x: Tensor, args: readonly (number | readonly number[])[]): Tensor {
  const shape = inferShape(flatSizes(args), x.numel());
  const strides = viewStrides(x._shape, x._strides, shape);
  if (!strides)
    throw new Error(
      'view size is not compatible with input tensor\'s size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.',
    );
  const inShape = x._shape;
  return view_(x, shape, strides, x._offset, 'ViewBackward0', (g) => g.reshape(inShape));
}

export function reshape(x: Tensor, args: readonly (number | readonly number[])[]): Tensor {
  const shape = inferShape(flatSizes(args), x.numel());
  const strides = viewStrides(x._shape, x._strides, shape);
  if (strides) {
    const inShape = x._shape;
    return view_(x, shape, strides, x._offset, 'ViewBackward0', (g) => g.reshape(inShape));
  }
  const c = clone(x);
  const out = rawView(c, shape, contiguousStrides(shape), c._offset);
  out._base = null;
  if (c._requiresGrad) {
    const inShape = x._shape;
    record(out, 'UnsafeViewBackward0', [c], (g) => [g.reshape(inShape)]);
  }
  return out;
}

export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.ndim === 0) return x.reshape(1);
  const s = normalizeDim(startDim, x.ndim), e = normalizeDim(endDim, x.ndim);
  if (s > e) throw new Error('flatten() has invalid args: start_dim cannot come after end_dim');
  if (s === e) return x;
  const shape = [...x._shape.slice(0, s), numelOf(x._shape.slice(s, e + 1)), ...x._shape.slice(e + 1)];
  return x.reshape(shape);
}

export function unflatten(x: Tensor, dim: number, sizes: readonly number[]): Tensor {
  const d = normalizeDim(dim, x.ndim);
  const inner = inferShape(sizes, x._shape[d]);
  return x.view([...x._shape.slice(0, d), ...inner, ...x._shape.slice(d + 1)]);
}

export function squeeze(x: Tensor, dim?: number | readonly number[]): Tensor {
  let dims: Set<number>;
  if (dim === undefined) dims = new Set(x._shape.map((s, i) => (s === 1 ? i : -1)).filter((i) => i >= 0));
  else dims = new Set((typeof dim === 'number' ? [dim] : dim).map((d) => normalizeDim(d, x.ndim)));
  const shape: number[] = [], strides: number[] = [];
  x._shape.forEach((s, i) => {
    if (!(dims.has(i) && s === 1)) {
      shape.push(s);
      strides.push(x._strides[i]);
    }
  });
  const inShape = x._shape;
  return view_(x, shape, strides, x._offset, dim === undefined ? 'SqueezeBackward0' : 'SqueezeBackward1', (g) => g.reshape(inShape));
}

export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, x.ndim + 1);
  const shape = [...x._shape], strides = [...x._strides];
  const st = d < x.ndim ? x._strides[d] * x._shape[d] : 1;
  shape.splice(d, 0, 1);
  strides.splice(d, 0, st);
  return view_(x, shape, strides, x._offset, 'UnsqueezeBackward0', (g) => g.squeeze(d));
}

export function permute(x: Tensor, args: readonly (number | readonly number[])[]): Tensor {
  const dims = flatSizes(args).map((d) => normalizeDim(d, x.ndim));
  if (dims.length !== x.ndim)
    throw new Error(`permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${x.ndim} is not equal to len(dims) = ${dims.length}`);
  if (new Set(dims).size !== dims.length) throw new Error('permute(): duplicate dims are not allowed.');
  const inverse = new Array<number>(dims.length);
  dims.forEach((d, i) => (inverse[d] = i));
  return view_(x, dims.map((d) => x._shape[d]), dims.map((d) => x._strides[d]), x._offset, 'PermuteBackward0', (g) => g.permute(inverse));
}

export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  if (x.ndim === 0) return view_(x, [], [], x._offset, 'TransposeBackward0', (g) => g);
  const a = normalizeDim(dim0, x.ndim), b = normalizeDim(dim1, x.ndim);
  const shape = [...x._shape], strides = [...x._strides];
  [shape[a], shape[b]] = [shape[b], shape[a]];
  [strides[a], strides[b]] = [strides[b], strides[a]];
  return view_(x, shape, strides, x._offset, 'TransposeBackward0', (g) => g.transpose(a, b));
}

export function t(x: Tensor): Tensor {
  if (x.ndim > 2) throw new Error(`t() expects a tensor with <= 2 dimensions, but self is ${x.ndim}D`);
  if (x.ndim < 2) return view_(x, [...x._shape], [...x._strides], x._offset, 'TBackward0', (g) => g);
  return view_(x, [x._shape[1], x._shape[0]], [x._strides[1], x._strides[0]], x._offset, 'TBackward0', (g) => g.t());
}

export function movedim(x: Tensor, source: number | readonly number[], destination: number | readonly number[]): Tensor {
  const src = (typeof source === 'number' ? [source] : [...source]).map((d) => normalizeDim(d, x.ndim));
  const dst = (typeof destination === 'number' ? [destination] : [...destination]).map((d) => normalizeDim(d, x.ndim));
  if (src.length !== dst.length) throw new Error('movedim: Invalid source or destination dims');
  const order = new Array<number>(x.ndim).fill(-1);
  src.forEach((s, i) => (order[dst[i]] = s));
  const rest = [...Array(x.ndim).keys()].filter((d) => !src.includes(d));
  let r = 0;
  for (let i = 0; i < x.ndim; i++) if (order[i] === -1) order[i] = rest[r++];
  return permute(x, [order]);
}

export function expand(x: Tensor, args: readonly (number | readonly number[])[]): Tensor {
  const sizes = flatSizes(args);
  if (sizes.length < x.ndim)
    throw new Error(`expand(torch.FloatTensor{[${x.shape.join(', ')}]}, size=[${sizes.join(', ')}]): the number of sizes provided (${sizes.length}) must be greater or equal to the number of dimensions in the tensor (${x.ndim})`);
  const off = sizes.length - x.ndim;
  const shape = new Array<number>(sizes.length), strides = new Array<number>(sizes.length);
  for (let i = 0; i < sizes.length; i++) {
    const src = i - off;
    const want = sizes[i];
    if (src < 0) {
      if (want < 0) throw new Error(`The expanded size of the tensor (${want}) isn't allowed in a leading, non-existing dimension ${i}`);
      shape[i] = want;
      strides[i] = 0;
    } else if (want === -1 || want === x._shape[src]) {
      shape[i] = x._shape[src];
      strides[i] = x._strides[src];
    } else if (x._shape[src] === 1) {
      shape[i] = want;
      strides[i] = 0;
    } else {
      throw new Error(
        `The expanded size of the tensor (${want}) must match the existing size (${x._shape[src]}) at non-singleton dimension ${i}.  Target sizes: [${sizes.join(', ')}].  Tensor sizes: [${x.shape.join(', ')}]`,
      );
    }
  }
  if (sameShape(shape, x._shape)) return view_(x, shape, strides, x._offset, 'ExpandBackward0', (g) => g);
  const inShape = x._shape;
  return view_(x, shape, strides, x._offset, 'ExpandBackward0', (g) => g.sumToSize(inShape));
}

// ---- copies ---------------------------------------------------------------------------------

export function clone(x: Tensor): Tensor {
  const out = empty(x._shape, x.dtype, x.device);
  if (out.numel() > 0) backendFor(x.device).copy(out, x);
  if (x._requiresGrad) record(out, 'CloneBackward0', [x], (g) => [g]);
  return out;
}

/** `to(dtype)`, `to(device)`, `to(device, dtype)`, `to(tensor)`, `to({ dtype, device, copy })`. */
export function to(
  x: Tensor,
  a: DType | string | Tensor | { dtype?: DType; device?: string; copy?: boolean },
  b?: DType | { copy?: boolean },
): Tensor {
  let dtype: DType = x.dtype, device = x.device, copy = false;
  const DT = ['float32', 'float64', 'float16', 'bfloat16', 'int8', 'uint8', 'int16', 'int32', 'int64', 'bool'];
  if (a instanceof Tensor) {
    dtype = a.dtype;
    device = a.device;
  } else if (typeof a === 'string') {
    if (DT.includes(a)) dtype = a as DType;
    else device = normalizeDevice(a);
  } else if (a && typeof a === 'object') {
    dtype = a.dtype ?? dtype;
    device = a.device ? normalizeDevice(a.device) : device;
    copy = a.copy ?? false;
  }
  if (typeof b === 'string') dtype = b;
  else if (b && typeof b === 'object') copy = b.copy ?? copy;
  if (dtype === x.dtype && device === x.device && !copy) return x;
  const out = empty(x._shape, dtype, device);
  if (out.numel() > 0) {
    if (device === x.device) backendFor(device).copy(out, x);
    else if (x.device === 'cpu') backendFor(device).copy(out, x.to(dtype).contiguous());
    else backendFor(x.device).copy(out, x.to(dtype));
  }
  if (x._requiresGrad && (dtype.startsWith('float') || dtype === 'bfloat16')) {
    const srcDtype = x.dtype, srcDevice = x.device;
    record(out, 'ToCopyBackward0', [x], (g) => [g.to(srcDevice).to(srcDtype)]);
  }
  return out;
}

// ---- slicing views (gradient embeds back into zeros) -----------------------------------------

/**
 * Gradient of a slicing view: `g` placed at the view's position inside zeros of the input's
 * shape. The geometry is relative to a contiguous tensor of that shape. Overlapping views
 * (unfold) accumulate.
 */
export function embed(g: Tensor, baseShape: Shape, shape: number[], strides: number[], offset: number, overlapping = false): Tensor {
  const z = zeros(baseShape as number[], { dtype: g.dtype, device: g.device });
  if (g.numel() > 0) {
    const b = backendFor(g.device);
    if (!overlapping) {
      b.copy(z._restride(shape, strides, offset), g);
    } else {
      const idx = arange(numelOf(baseShape), { device: g.device })._restride(shape, strides, offset).contiguous();
      const n = idx.numel();
      b.put(z._restride([n], [0], 0), [0], g.contiguous()._restride([n], [1], g.contiguous()._offset), idx._restride([n], [1], idx._offset), [n], true);
    }
  }
  if (g._requiresGrad && isGradEnabled()) {
    record(z, 'SliceBackwardBackward0', [g], (gg) => [logicalView(gg, shape, strides, offset, overlapping)]);
  }
  return z;
}

/** A view of a contiguous copy of x with geometry relative to x's logical layout. */
function logicalView(x: Tensor, shape: number[], strides: number[], offset: number, overlapping: boolean): Tensor {
  const c = x.contiguous();
  const baseShape = x._shape;
  const v = rawView(c, shape, strides, c._offset + offset);
  if (c._requiresGrad) record(v, 'AsStridedBackward0', [c], (g) => [embed(g, baseShape, shape, strides, offset, overlapping)]);
  return v;
}

/** Applies one slicing step to a geometry: keeps dims, narrows/steps them, or drops selected ones. */
interface Geometry {
  shape: number[];
  strides: number[];
  offset: number;
}

function sliced(x: Tensor, name: string, transform: (g: Geometry) => Geometry, overlapping = false): Tensor {
  const real = transform({ shape: [...x._shape], strides: [...x._strides], offset: x._offset });
  const v = rawView(x, real.shape, real.strides, real.offset);
  if (x._requiresGrad && isGradEnabled()) {
    const logical = transform({ shape: [...x._shape], strides: contiguousStrides(x._shape), offset: 0 });
    const baseShape = x._shape;
    record(v, name, [x], (g) => [embed(g, baseShape, logical.shape, logical.strides, logical.offset, overlapping)]);
  }
  return v;
}

/** Python-style slice of one dim: start:stop:step, negative bounds counting from the end. */
export function sliceDim(x: Tensor, dim: number, start: number | null, stop: number | null, step = 1): Tensor {
  const d = normalizeDim(dim, x.ndim);
  if (step <= 0) throw new Error('slice step must be positive');
  const n = x._shape[d];
  let s = start ?? 0, e = stop ?? n;
  if (s < 0) s += n;
  if (e < 0) e += n;
  s = Math.min(Math.max(s, 0), n);
  e = Math.min(Math.max(e, s), n);
  const len = Math.ceil((e - s) / step);
  return sliced(x, 'SliceBackward0', (g) => {
    g.offset += s * g.strides[d];
    g.shape[d] = len;
    g.strides[d] *= step;
    return g;
  });
}

export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const d = normalizeDim(dim, x.ndim);
  const n = x._shape[d];
  if (start < -n || start > n) throw new Error(`start out of range (expected to be in range of [${-n}, ${n}], but got ${start})`);
  const s = start < 0 ? start + n : start;
  if (length < 0 || s + length > n) throw new Error(`start (${s}) + length (${length}) exceeds dimension size (${n}).`);
  return sliced(x, 'SliceBackward0', (g) => {
    g.offset += s * g.strides[d];
    g.shape[d] = length;
    return g;
  });
}

export function select(x: Tensor, dim: number, index: number): Tensor {
  if (x.ndim === 0) throw new Error('select() cannot be applied to a 0-dim tensor.');
  const d = normalizeDim(dim, x.ndim);
  const n = x._shape[d];
  if (!Number.isInteger(index) || index < -n || index >= n)
    throw new Error(`select(): index ${index} out of range for tensor of size [${x.shape.join(', ')}] at dimension ${d}`);
  const i = index < 0 ? index + n : index;
  return sliced(x, 'SelectBackward0', (g) => {
    g.offset += i * g.strides[d];
    g.shape.splice(d, 1);
    g.strides.splice(d, 1);
    return g;
  });
}

export function diagonal(x: Tensor, offset = 0, dim1 = 0, dim2 = 1): Tensor {
  const a = normalizeDim(dim1, x.ndim), b = normalizeDim(dim2, x.ndim);
  if (a === b) throw new Error(`diagonal dimensions cannot be identical ${dim1}, ${dim2}`);
  return sliced(x, 'DiagonalBackward0', (g) => {
    let len: number;
    let off = g.offset;
    if (offset >= 0) {
      len = Math.max(Math.min(g.shape[a], g.shape[b] - offset), 0);
      if (len > 0) off += offset * g.strides[b];
    } else {
      len = Math.max(Math.min(g.shape[a] + offset, g.shape[b]), 0);
      if (len > 0) off -= offset * g.strides[a];
    }
    const st = g.strides[a] + g.strides[b];
    const shape = g.shape.filter((_, i) => i !== a && i !== b);
    const strides = g.strides.filter((_, i) => i !== a && i !== b);
    shape.push(len);
    strides.push(st);
    return { shape, strides, offset: off };
  });
}

/** Sliding windows of `size` with `step` along `dimension`, as a new last dim (overlapping view). */
export function unfold(x: Tensor, dimension: number, size: number, step: number): Tensor {
  const d = normalizeDim(dimension, x.ndim);
  const n = x.ndim === 0 ? 1 : x._shape[d];
  if (size > n) throw new Error(`maximum size for tensor at dimension ${d} is ${n} but size is ${size}`);
  if (step <= 0) throw new Error(`step is ${step} but must be > 0`);
  return sliced(x, 'UnfoldBackward0', (g) => {
    const count = Math.floor((g.shape[d] - size) / step) + 1;
    const st = g.strides[d];
    g.shape[d] = count;
    g.strides[d] = st * step;
    g.shape.push(size);
    g.strides.push(st);
    return g;
  }, size > step);
}

// ---- joins and splits -----------------------------------------------------------------------

export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new Error('torch.cat(): expected a non-empty list of Tensors');
  // legacy rule kept by PyTorch: 1-D empty tensors are skipped
  const parts = tensors.filter((t) => !(t.ndim === 1 && t._shape[0] === 0));
  if (parts.length === 0) return tensors[0].clone();
  const ref = parts[0];
  if (ref.ndim === 0) throw new Error('zero-dimensional tensor (at position 0) cannot be concatenated');
  const d = normalizeDim(dim, ref.ndim);
  let dtype: DType = parts[0].dtype;
  let total = 0;
  parts.forEach((t, i) => {
    if (t.ndim !== ref.ndim)
      throw new Error(`Tensors must have same number of dimensions: got ${ref.ndim} and ${t.ndim}`);
    for (let k = 0; k < ref.ndim; k++)
      if (k !== d && t._shape[k] !== ref._shape[k])
        throw new Error(`Sizes of tensors must match except in dimension ${d}. Expected size ${ref._shape[k]} but got size ${t._shape[k]} for tensor number ${i} in the list.`);
    if (t.device !== ref.device)
      throw new Error(`Expected all tensors to be on the same device, but found at least two devices, ${ref.device} and ${t.device}!`);
    dtype = promoteTypes(dtype, t.dtype);
    total += t._shape[d];
  });
  const shape = [...ref._shape];
  shape[d] = total;
  const out = empty(shape, dtype, ref.device);
  const b = backendFor(ref.device);
  let pos = 0;
  const starts: number[] = [];
  for (const t of parts) {
    starts.push(pos);
    if (t.numel() > 0) {
      const sub = out._restride(t._shape as number[], out._strides, out._offset + pos * out._strides[d]);
      b.copy(sub, t);
    }
    pos += t._shape[d];
  }
  if (tensors.some((t) => t._requiresGrad) && isGradEnabled()) {
    // skipped empty 1-D inputs still get their (empty) gradient, as in PyTorch
    const skipped = tensors.map((t) => t.ndim === 1 && t._shape[0] === 0);
    let k = 0;
    const at = skipped.map((sk) => (sk ? -1 : starts[k++]));
    record(out, 'CatBackward0', tensors, (g) => tensors.map((t, i) =>
      skipped[i] ? t.newZeros([0]) : g.narrow(d, at[i], t._shape[d]).to(t.dtype)));
  }
  return out;
}

export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new Error('stack expects a non-empty TensorList');
  const ref = tensors[0];
  const d = normalizeDim(dim, ref.ndim + 1);
  tensors.forEach((t, i) => {
    if (!sameShape(t._shape, ref._shape))
      throw new Error(`stack expects each tensor to be equal size, but got ${shapeString(ref._shape)} at entry 0 and ${shapeString(t._shape)} at entry ${i}`);
  });
  return cat(tensors.map((t) => t.unsqueeze(d)), d);
}

export function split(x: Tensor, splitSize: number | readonly number[], dim = 0): Tensor[] {
  const d = normalizeDim(dim, x.ndim);
  const n = x._shape[d];
  const sizes: number[] = [];
  if (typeof splitSize === 'number') {
    if (splitSize <= 0 && n > 0) throw new Error(`split_size can only be 0 if dimension size is 0, but got dimension size of ${n}`);
    for (let s = 0; s < n; s += splitSize) sizes.push(Math.min(splitSize, n - s));
    if (n === 0) sizes.push(0);
  } else {
    const sum = splitSize.reduce((a, b) => a + b, 0);
    if (sum !== n)
      throw new Error(`split_with_sizes expects split_sizes to sum exactly to ${n} (input tensor's size at dimension ${d}), but got split_sizes=[${splitSize.join(', ')}]`);
    sizes.push(...splitSize);
  }
  let pos = 0;
  return sizes.map((s) => {
    const part = narrow(x, d, pos, s);
    pos += s;
    return part;
  });
}

export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  if (!Number.isInteger(chunks) || chunks <= 0) throw new Error('chunk expects `chunks` to be greater than 0, got: ' + chunks);
  const d = normalizeDim(dim, x.ndim);
  const size = Math.ceil(x._shape[d] / chunks);
  return split(x, Math.max(size, 1), d);
}

export function unbind(x: Tensor, dim = 0): Tensor[] {
  const d = normalizeDim(dim, x.ndim);
  return Array.from({ length: x._shape[d] }, (_, i) => select(x, d, i));
}

export function flip(x: Tensor, dims: readonly number[]): Tensor {
  // a 0-d tensor has nothing to flip (PyTorch accepts dims [0] / [-1] on it)
  const ds = x.ndim === 0 ? [] : dims.map((d) => normalizeDim(d, x.ndim));
  if (x.ndim === 0) dims.forEach((d) => normalizeDim(d, 0));
  let out = ds.length === 0 ? x.detach().clone() : x.detach();
  for (const d of ds) {
    const n = out._shape[d];
    out = out.indexSelect(d, arange(n - 1, -1, -1, { device: x.device }));
  }
  if (x._requiresGrad && isGradEnabled()) record(out, 'FlipBackward0', [x], (g) => [g.flip(ds)]);
  return out;
}

export function roll(x: Tensor, shifts: number | readonly number[], dims?: number | readonly number[]): Tensor {
  const sh = typeof shifts === 'number' ? [shifts] : [...shifts];
  if (dims === undefined) {
    const shape = x._shape;
    return roll(x.flatten(), sh[0], 0).view(shape);
  }
  const ds = typeof dims === 'number' ? [dims] : [...dims];
  if (sh.length !== ds.length) throw new Error(`shifts and dimensions must align. shifts: ${sh.length}, dims:${ds.length}`);
  let out = x;
  ds.forEach((dim, i) => {
    const d = normalizeDim(dim, x.ndim);
    const n = out._shape[d];
    if (n === 0) return;
    const s = ((sh[i] % n) + n) % n;
    if (s === 0) return;
    out = cat([narrow(out, d, n - s, s), narrow(out, d, 0, n - s)], d);
  });
  return out;
}

export function repeat(x: Tensor, sizes: readonly number[]): Tensor {
  if (sizes.length < x.ndim)
    throw new Error('Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor');
  const pad = sizes.length - x.ndim;
  const xs = [...Array(pad).fill(1), ...x._shape];
  const expandedShape: number[] = [], viewShape: number[] = [], finalShape: number[] = [];
  sizes.forEach((r, i) => {
    viewShape.push(1, xs[i]);
    expandedShape.push(r, xs[i]);
    finalShape.push(r * xs[i]);
  });
  return x.reshape(viewShape).expand(expandedShape).reshape(finalShape);
}

export function tile(x: Tensor, sizes: readonly number[]): Tensor {
  const s = sizes.length < x.ndim ? [...Array(x.ndim - sizes.length).fill(1), ...sizes] : sizes;
  return repeat(x, s);
}

function triangle(x: Tensor, diagonal: number, upper: boolean): Tensor {
  if (x.ndim < 2) throw new Error(`${upper ? 'triu' : 'tril'}: input tensor must have at least 2 dimensions`);
  const [r, c] = x._shape.slice(-2);
  const rows = arange(r, { device: x.device }).unsqueeze(1);
  const cols = arange(c, { device: x.device }).unsqueeze(0);
  const keep = upper ? cols.sub(rows).ge(diagonal) : cols.sub(rows).le(diagonal);
  return x.where(keep, 0);
}

export const tril = (x: Tensor, diagonal = 0) => triangle(x, diagonal, false);
export const triu = (x: Tensor, diagonal = 0) => triangle(x, diagonal, true);
