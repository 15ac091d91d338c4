/**
 * Indexing: PyTorch's `x[...]` (`index`) and `x[...] = v` (`indexPut_`), indexSelect, gather,
 * scatter, indexAdd, nonzero, take. Basic indices (ints, slices, None, ellipsis) make views;
 * tensor indices become element offsets fed to the addon's `take`/`put` kernels, which check
 * every address they touch.
 * @module
 */
import { backendFor, type Operand } from '../backend/backend';
import { isGradEnabled } from '../autograd/grad_mode';
import { record } from '../autograd/node';
import { broadcastShapes, broadcastStrides, contiguousStrides, normalizeDim, sameShape, type Shape } from '../shape';
import { Tensor, type IndexItem, type TensorOrScalar } from '../tensor';
import { empty, tensor as makeTensor, zeros } from './creation';
import { inplace } from './elementwise';
import { select, sliceDim, stack, unsqueeze } from './shape';

// ---- offsets --------------------------------------------------------------------------------

/**
 * Where tensor indices pick elements: the indexed dims of a source, one int64 index tensor per
 * dim (broadcast to `bshape`, already wrapped to be non-negative), and where the broadcast dims
 * go in the result (at the first indexed dim, or in front when the indexed dims are not adjacent).
 */
interface Advanced {
  dims: number[];
  idx: Tensor[];
  bshape: number[];
  front: boolean;
}

function checkIndexDtype(t: Tensor): void {
  if (t.dtype !== 'int64' && t.dtype !== 'int32' && t.dtype !== 'int16' && t.dtype !== 'int8' && t.dtype !== 'uint8' && t.dtype !== 'bool')
    throw new Error('tensors used as indices must be long, int, byte or bool tensors');
}

/**
 * Checks bounds (PyTorch's wording) and wraps negative indices; `negative: false` refuses them
 * instead, as gather and scatter do. `msg` replaces the default message (a function of the
 * offending index where the wording names it).
 */
function wrapIndex(idx: Tensor, size: number, dim: number, opts: { msg?: string | ((bad: number) => string); negative?: boolean } = {}): Tensor {
  const i = idx.dtype === 'int64' ? idx : idx.long();
  if (i.numel() === 0) return i;
  // on a GPU each read waits for the device: one transfer for both bounds
  const [lo, hi] = i.device === 'cpu' ? [i.amin().item(), i.amax().item()] : (stack([i.amin(), i.amax()]).tolist() as number[]);
  const min = opts.negative === false ? 0 : -size;
  if (lo < min || hi >= size) {
    const bad = lo < min ? lo : hi;
    if (opts.msg) throw new Error(typeof opts.msg === 'string' ? opts.msg : opts.msg(bad));
    throw new Error(`index ${bad} is out of bounds for dimension ${dim} with size ${size}`);
  }
  return lo < 0 ? i.where(i.ge(0), i.add(size)) : i;
}

/** Result shape of an advanced index over a source of `shape`. */
function resultShape(shape: Shape, adv: Advanced): number[] {
  const rest = shape.filter((_, d) => !adv.dims.includes(d));
  const at = adv.front ? 0 : adv.dims[0];
  return [...rest.slice(0, at), ...adv.bshape, ...rest.slice(at)];
}

/** Loop strides over the result for the source (0 on broadcast dims) and the offsets (0 elsewhere). */
function loopStrides(srcStrides: Shape, adv: Advanced): { src: number[]; off: number[] } {
  const rest = srcStrides.filter((_, d) => !adv.dims.includes(d));
  const at = adv.front ? 0 : adv.dims[0];
  const zerosB = adv.bshape.map(() => 0);
  const bStr = contiguousStrides(adv.bshape);
  const zerosR = (n: number) => new Array<number>(n).fill(0);
  return {
    src: [...rest.slice(0, at), ...zerosB, ...rest.slice(at)],
    off: [...zerosR(at), ...bStr, ...zerosR(rest.length - at)],
  };
}

/** Element offsets Σ idx_k * stride(dim_k) for a source with these strides. */
function offsetsFor(strides: Shape, adv: Advanced): Tensor {
  let off: Tensor | null = null;
  adv.idx.forEach((ix, k) => {
    const term = ix.mul(strides[adv.dims[k]]);
    off = off ? off.add(term) : term;
  });
  return (off as unknown as Tensor).contiguous();
}

function offsetOperand(off: Tensor, shape: number[], strides: number[]): Operand {
  return { _storage: off._storage, _offset: off._offset, _shape: shape, _strides: strides, dtype: 'int64', _contiguous: false };
}

/** out = src[adv] (differentiable; the gradient scatters back with accumulation). */
function gatherAdvanced(src: Tensor, adv: Advanced): Tensor {
  const shape = resultShape(src._shape, adv);
  const out = empty(shape, src.dtype, src.device);
  if (out.numel() > 0) {
    const ls = loopStrides(src._strides, adv);
    const off = offsetsFor(src._strides, adv);
    backendFor(src.device).take(out, src, ls.src, offsetOperand(off, shape, ls.off));
  }
  if (src._requiresGrad && isGradEnabled()) {
    const srcShape = src._shape;
    record(out, 'IndexBackward0', [src], (g) => [scatterAdvanced(srcShape, adv, g)], null);
  }
  return out;
}

/** zeros(shape) with values added at adv (the gradient of gatherAdvanced, differentiable itself). */
function scatterAdvanced(shape: Shape, adv: Advanced, values: Tensor): Tensor {
  const z = zeros(shape as number[], { dtype: values.dtype, device: values.device });
  putAdvanced(z, adv, values, true);
  if (values._requiresGrad && isGradEnabled()) record(z, 'IndexPutBackward0', [values], (g) => [gatherAdvanced(g, adv)]);
  return z;
}

/** dst[adv] = values (or += when accumulate), in place, no autograd. */
function putAdvanced(dst: Tensor, adv: Advanced, values: TensorOrScalar, accumulate: boolean): void {
  const shape = resultShape(dst._shape, adv);
  let n = 1;
  for (const s of shape) n *= s;
  if (n === 0) return;
  const ls = loopStrides(dst._strides, adv);
  const off = offsetsFor(dst._strides, adv);
  let v: Operand | number;
  if (values instanceof Tensor) {
    const vt = values.dtype === dst.dtype ? values : values.to(dst.dtype);
    const target = broadcastShapes(shape, vt._shape);
    if (!sameShape(target, shape))
      throw new Error(`shape mismatch: value tensor of shape [${values.shape.join(', ')}] cannot be broadcast to indexing result of shape [${shape.join(', ')}]`);
    v = { _storage: vt._storage, _offset: vt._offset, _shape: shape, _strides: broadcastStrides(vt._shape, vt._strides, shape), dtype: vt.dtype, _contiguous: false };
  } else v = Number(values);
  backendFor(dst.device).put(dst, ls.src, v, offsetOperand(off, shape, ls.off), shape, accumulate);
}

// ---- parsing x[...] ---------------------------------------------------------------------------

function parseSlice(s: string): [number | null, number | null, number] | null {
  const m = /^\s*(-?\d+)?\s*:\s*(-?\d+)?\s*(?::\s*(-?\d+)?\s*)?$/.exec(s);
  if (!m) return null;
  return [m[1] !== undefined ? Number(m[1]) : null, m[2] !== undefined ? Number(m[2]) : null, m[3] !== undefined ? Number(m[3]) : 1];
}

function toIndexTensor(item: IndexItem, device: string): Tensor | null {
  if (item instanceof Tensor) return item;
  if (Array.isArray(item)) {
    if (item.length && typeof item[0] === 'boolean') return makeTensor(item as boolean[], { device });
    return makeTensor(item as number[], { dtype: 'int64', device });
  }
  return null;
}

interface Parsed {
  view: Tensor;
  /** (view dim, index tensor) pairs; bool masks already expanded to one long tensor per dim */
  tensors: [number, Tensor][];
}

/** Applies the basic indices and collects tensor indices against the resulting view's dims. */
function parseIndices(x: Tensor, items: readonly IndexItem[]): Parsed {
  const consumed = (it: IndexItem): number => {
    if (it === null || it === '...') return 0;
    const t = toIndexTensor(it, x.device);
    if (t) return t.dtype === 'bool' || t.dtype === 'uint8' ? Math.max(t.ndim, 1) : 1;
    return 1;
  };
  const used = items.reduce<number>((a, it) => a + consumed(it), 0);
  if (used > x.ndim)
    throw new Error(`too many indices for tensor of dimension ${x.ndim}`);
  if (items.filter((it) => it === '...').length > 1) throw new Error('an index can only have a single ellipsis (...)');
  let view = x;
  let dim = 0;
  let orig = 0; // the dim of x this item indexes, for PyTorch's error messages
  const tensors: [number, Tensor][] = [];
  for (const it of items) {
    if (it === '...') {
      dim += x.ndim - used;
      orig += x.ndim - used;
      continue;
    }
    if (it === null) {
      view = unsqueeze(view, dim);
      dim++;
      continue;
    }
    if (typeof it === 'number') {
      if (!Number.isInteger(it)) throw new TypeError('only integers, slices, ellipsis, None and tensors are valid indices');
      if (it < -view._shape[dim] || it >= view._shape[dim])
        throw new Error(`index ${it} is out of bounds for dimension ${orig} with size ${view._shape[dim]}`);
      view = select(view, dim, it);
      orig++;
      continue;
    }
    if (typeof it === 'string') {
      const s = parseSlice(it);
      if (!s) throw new Error(`invalid slice string '${it}' (expected 'start:stop:step', ':' or '...')`);
      if (s[2] <= 0) throw new Error('step must be greater than zero');
      view = sliceDim(view, dim, s[0], s[1], s[2]);
      dim++;
      orig++;
      continue;
    }
    const t = toIndexTensor(it, x.device)!;
    checkIndexDtype(t);
    if (t.dtype === 'bool' || t.dtype === 'uint8') {
      const mask = t.dtype === 'uint8' ? t.bool() : t;
      const k = Math.max(mask.ndim, 1);
      const m = mask.ndim === 0 ? mask.unsqueeze(0) : mask;
      if (mask.ndim === 0) {
        view = unsqueeze(view, dim);
      }
      for (let j = 0; j < m.ndim; j++) {
        if (m._shape[j] !== view._shape[dim + j])
          throw new Error(`The shape of the mask [${m.shape.join(', ')}] at index ${j} does not match the shape of the indexed tensor [${view.shape.join(', ')}] at index ${dim + j}`);
      }
      const nz = nonzero(m) as Tensor;
      for (let j = 0; j < k; j++) tensors.push([dim + j, nz.select(1, j)]);
      dim += k;
      orig += mask.ndim;
      continue;
    }
    tensors.push([dim, t]);
    dim++;
    orig++;
  }
  return { view, tensors };
}

function advancedOf(view: Tensor, tensors: [number, Tensor][]): Advanced {
  const dims = tensors.map(([d]) => d);
  let bshape: number[] = [];
  for (const [, t] of tensors) {
    try {
      bshape = broadcastShapes(bshape, t._shape);
    } catch {
      throw new Error(`shape mismatch: indexing tensors could not be broadcast together with shapes ${tensors.map(([, u]) => `[${u.shape.join(', ')}]`).join(', ')}`);
    }
  }
  const idx = tensors.map(([d, t]) => wrapIndex(t, view._shape[d], d).expand(bshape).contiguous());
  const sorted = [...dims].sort((a, b) => a - b);
  const adjacent = sorted.every((d, i) => i === 0 || d === sorted[i - 1] + 1) && sorted.every((d, i) => d === dims[i]);
  return { dims, idx, bshape, front: !adjacent };
}

/** PyTorch's `x[items]`. */
export function index(x: Tensor, items: readonly IndexItem[]): Tensor {
  const { view, tensors } = parseIndices(x, items);
  if (tensors.length === 0) return view;
  return gatherAdvanced(view, advancedOf(view, tensors));
}

/** PyTorch's `x[items] = values` (accumulate: `index_put_(..., accumulate=True)`). */
export function indexPut_<T extends Tensor>(x: T, items: readonly IndexItem[], values: TensorOrScalar, accumulate = false): T {
  const needsGraph = isGradEnabled() && (x._requiresGrad || (values instanceof Tensor && values._requiresGrad));
  if (needsGraph) {
    // out of place with a recorded gradient, then written back like any in-place op
    const result = indexPutFunctional(x, items, values, accumulate);
    return inplace(x, result, 'index_put_');
  }
  const { view, tensors } = parseIndices(x, items);
  if (tensors.length === 0) {
    if (values instanceof Tensor) {
      if (accumulate) view.copy_(view.add(values));
      else view.copy_(values);
    } else if (accumulate) view.copy_(view.add(values));
    else view.fill_(values);
    x._bumpVersion();
    return x;
  }
  putAdvanced(view, advancedOf(view, tensors), values, accumulate);
  x._bumpVersion();
  return x;
}

function indexPutFunctional(x: Tensor, items: readonly IndexItem[], values: TensorOrScalar, accumulate: boolean): Tensor {
  const out = x.detach().clone();
  indexPut_(out, items, values instanceof Tensor ? values.detach() : values, accumulate);
  const v = values instanceof Tensor ? values : null;
  const inputs = v ? [x, v] : [x];
  record(out, 'IndexPutBackward0', inputs, (g, needs) => {
    const gx = needs[0] ? (accumulate ? g : g.clone().indexPut_(items, 0)) : null;
    const gv = v && needs[1] ? index(g, items).sumToSize(v._shape) : null;
    return [gx, gv];
  });
  return out;
}

// ---- dim-wise indexing --------------------------------------------------------------------------

function checkIndexTensor(index: Tensor, name: string): void {
  if (index.dtype !== 'int64' && index.dtype !== 'int32') throw new Error(`${name}(): Expected dtype int64 for index`);
}

export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  checkIndexTensor(index, 'index_select');
  if (index.ndim > 1) throw new Error('index_select(): Index is supposed to be a vector');
  const d = normalizeDim(dim, x.ndim);
  const src = x.ndim === 0 ? x.unsqueeze(0) : x;
  const idx = wrapIndex(index.reshape(-1), src._shape[d], d, { msg: 'index out of range in self' });
  const out = gatherAdvanced(src, { dims: [d], idx: [idx.contiguous()], bshape: [idx.numel()], front: false });
  return x.ndim === 0 ? out.reshape([]) : out;
}

/** `x.index_add_(dim, index, source, alpha)`: x[..., index[i], ...] += alpha * source[..., i, ...]. */
export function indexAdd_<T extends Tensor>(x: T, dim: number, index: Tensor, source: Tensor, opts?: { alpha?: number }): T {
  checkIndexTensor(index, 'index_add');
  const d = normalizeDim(dim, x.ndim);
  const alpha = opts?.alpha ?? 1;
  const idx = wrapIndex(index.reshape(-1), x._shape[d], d, { msg: 'index out of range in self' });
  const src = alpha === 1 ? source : source.mul(alpha);
  const adv: Advanced = { dims: [d], idx: [idx.contiguous()], bshape: [idx.numel()], front: false };
  if (isGradEnabled() && (x._requiresGrad || source._requiresGrad)) {
    const out = x.detach().clone();
    putAdvanced(out, adv, src.detach(), true);
    record(out, 'IndexAddBackward0', [x, source], (g, needs) => [needs[0] ? g : null, needs[1] ? gatherAdvanced(g, adv).mul(alpha) : null]);
    return inplace(x, out, 'index_add_');
  }
  putAdvanced(x, adv, src, true);
  x._bumpVersion();
  return x;
}

export function indexFill_<T extends Tensor>(x: T, dim: number, index: Tensor, value: number): T {
  const d = normalizeDim(dim, x.ndim);
  const items: IndexItem[] = [...Array(d).fill(':'), index];
  return indexPut_(x, items, value);
}

/**
 * The index of gather/scatter along dim, its shape and bounds checked (reading its bounds: a wait
 * on a GPU); `msg` words an out-of-bounds index instead of PyTorch's default.
 */
function checkedAlongDim(x: Tensor, d: number, index: Tensor, name: string, msg?: (bad: number) => string): Tensor {
  checkIndexTensor(index, name);
  if (index.ndim !== x.ndim && !(x.ndim === 0 && index.ndim <= 1))
    throw new Error(`Index tensor must have the same number of dimensions as ${name === 'gather' ? 'input' : 'self'} tensor`);
  for (let k = 0; k < index.ndim; k++)
    if (k !== d && index._shape[k] > x._shape[k])
      throw new Error(`Size does not match at dimension ${k} expected index [${index.shape.join(', ')}] to be smaller than self [${x.shape.join(', ')}] apart from dimension ${d}`);
  return wrapIndex(index, x.ndim ? x._shape[d] : 1, d, { negative: false, msg });
}

/** The offsets of gather/scatter from a checked index: index values along dim, other dims walked by the loop. */
function alongDim(x: Tensor, d: number, idx: Tensor): { off: Tensor; strides: number[] } {
  const off = idx.mul(x.ndim ? x._strides[d] : 0).contiguous();
  const strides = x._strides.map((s, k) => (k === d ? 0 : s));
  return { off, strides };
}

export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  return gatherChecked(x, dim, index);
}

/**
 * `gather` whose out-of-bounds index is reported as `msg(index)` (nll_loss's "Target 5 is out of
 * bounds."), so that a caller checking its indices needs no check (and on a GPU no wait) of its own.
 * @internal
 */
export function _gatherWithBoundsMessage(x: Tensor, dim: number, index: Tensor, msg: (bad: number) => string): Tensor {
  return gatherChecked(x, dim, index, msg);
}

function gatherChecked(x: Tensor, dim: number, index: Tensor, msg?: (bad: number) => string): Tensor {
  const d = normalizeDim(dim, Math.max(x.ndim, 1));
  const out = empty(index._shape, x.dtype, x.device);
  let idx: Tensor | null = null;
  if (out.numel() > 0) {
    idx = checkedAlongDim(x, d, index, 'gather', msg);
    const { off, strides } = alongDim(x, d, idx);
    backendFor(x.device).take(out, x, strides, offsetOperand(off, index._shape as number[], off._strides));
  }
  if (x._requiresGrad && isGradEnabled()) {
    const shape = x._shape;
    // the forward's checked index: the gradient scatters without checking (or waiting) again
    record(out, 'GatherBackward0', [x], (g) => [scatterAddIntoZeros(shape, d, index, g, idx)]);
  }
  return out;
}

/** zeros(shape) with g added at index along d: gather's gradient, without scatter's defensive copy. */
function scatterAddIntoZeros(shape: Shape, d: number, index: Tensor, g: Tensor, checked: Tensor | null): Tensor {
  const z = zeros(shape as number[], { dtype: g.dtype, device: g.device });
  scatterInto(z, d, index, g, true, checked);
  if (g._requiresGrad && isGradEnabled()) record(z, 'ScatterAddBackward0', [g], (gg) => [gg.gather(d, index)]);
  return z;
}

/** Scatters src into out at index along d; `checked` is index already checked against out's shape. */
function scatterInto(out: Tensor, d: number, index: Tensor, src: TensorOrScalar, accumulate: boolean, checked: Tensor | null = null): void {
  if (index.numel() === 0) return;
  const { off, strides } = alongDim(out, d, checked ?? checkedAlongDim(out, d, index, 'scatter'));
  let v: Operand | number;
  if (src instanceof Tensor) {
    for (let k = 0; k < index.ndim; k++)
      if (index._shape[k] > src._shape[k])
        throw new Error(`Size does not match at dimension ${k} expected index [${index.shape.join(', ')}] to be smaller than src [${src.shape.join(', ')}]`);
    const s = src.dtype === out.dtype ? src : src.to(out.dtype);
    v = { _storage: s._storage, _offset: s._offset, _shape: index._shape, _strides: s._strides, dtype: s.dtype, _contiguous: false };
  } else v = Number(src);
  backendFor(out.device).put(out, strides, v, offsetOperand(off, index._shape as number[], off._strides), index._shape, accumulate);
}

/** `x.scatter(dim, index, src)`: out = x with out[index[i][j]][j] = src[i][j] (dim 0). */
export function scatter(x: Tensor, dim: number, index: Tensor, src: TensorOrScalar, opts?: { reduce?: 'add' | 'multiply' }): Tensor {
  const d = normalizeDim(dim, Math.max(x.ndim, 1));
  if (opts?.reduce === 'multiply') {
    // duplicates along dim multiply together: scatter one index slice along dim at a time (each
    // slice hits distinct elements) and multiply the factors in
    let out = x;
    const n = index.ndim ? index._shape[d] : 1;
    for (let k = 0; k < n; k++) {
      const idx = index.ndim ? index.narrow(d, k, 1) : index;
      const s = src instanceof Tensor ? src.narrow(d, k, 1) : src;
      out = out.mul(x.onesLike().detach().scatter(d, idx, s));
    }
    return n === 0 ? x.clone() : out;
  }
  const out = x.detach().clone();
  scatterInto(out, d, index, src instanceof Tensor ? src.detach() : src, opts?.reduce === 'add');
  const s = src instanceof Tensor ? src : null;
  if (isGradEnabled() && (x._requiresGrad || s?._requiresGrad)) {
    const add = opts?.reduce === 'add';
    record(out, add ? 'ScatterAddBackward0' : s ? 'ScatterBackward0' : 'ScatterBackward1', s ? [x, s] : [x], (g, needs) => [
      needs[0] ? (add ? g : g.scatter(d, index, 0)) : null,
      s && needs[1] ? g.gather(d, index) : null,
    ]);
  }
  return out;
}

export function scatterAdd(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  return scatter(x, dim, index, src, { reduce: 'add' });
}

export function maskedScatter_<T extends Tensor>(x: T, mask: Tensor, source: Tensor): T {
  const m = mask.expand(x._shape);
  const n = (m.sum().item() as number) | 0;
  if (source.numel() < n) throw new Error('masked_scatter: expected source to have at least as many elements as ones in mask');
  return indexPut_(x, [m], source.reshape(-1).narrow(0, 0, n));
}

/** `torch.nonzero(x)`: (count, ndim) int64 coordinates of the nonzero elements, row-major. */
export function nonzero(x: Tensor): Tensor {
  const b = backendFor(x.device);
  const count = b.nonzero(null, x, 0);
  const out = empty([count, x.ndim], 'int64', x.device);
  if (count > 0 && x.ndim > 0) b.nonzero(out, x, count);
  return out;
}

/** `x.masked_select(mask)`: the elements where mask is true, mask and x broadcast together. */
export function maskedSelect(x: Tensor, mask: Tensor): Tensor {
  if (mask.dtype !== 'bool') throw new Error(`masked_select: expected BoolTensor for mask`);
  const shape = broadcastShapes(x._shape, mask._shape);
  return index(sameShape(shape, x._shape) ? x : x.expand(shape), [sameShape(shape, mask._shape) ? mask : mask.expand(shape)]);
}

export function take(x: Tensor, idx: Tensor): Tensor {
  return index(x.reshape(-1), [idx]);
}

