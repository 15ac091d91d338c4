/**
 * Sorting and selection: sort, argsort, topk, kthvalue, median, unique.
 * @module
 */
import { backendFor } from '../backend/backend';
import { record } from '../autograd/node';
import { normalizeDim } from '../shape';
import { Tensor, type ValuesIndices } from '../tensor';
import { empty, tensor } from './creation';
import { valueSelectingBackward } from './reduce';
import { cat } from './shape';

/** Moves `dim` last and makes rows contiguous: returns the rows view and how to undo it. */
function rowsAlong(x: Tensor, d: number): { rows: Tensor; len: number; count: number } {
  const moved = x.ndim ? x.movedim(d, -1).contiguous() : x.reshape(1);
  const len = moved._shape[moved.ndim - 1] ?? 1;
  return { rows: moved, len, count: len ? moved.numel() / len : 0 };
}

function restore(t: Tensor, x: Tensor, d: number): Tensor {
  return x.ndim ? t.movedim(-1, d) : t.reshape([]);
}

export function sort(x: Tensor, dim: number | { dim?: number; descending?: boolean; stable?: boolean } = -1, descending = false): ValuesIndices {
  let d = typeof dim === 'number' ? dim : dim.dim ?? -1;
  const desc = typeof dim === 'number' ? descending : dim.descending ?? false;
  const stable = typeof dim === 'number' ? false : dim.stable ?? false;
  d = normalizeDim(d, x.ndim);
  const { rows, len, count } = rowsAlong(x.detach(), d);
  const values = empty(rows._shape, x.dtype, x.device);
  const indices = empty(rows._shape, 'int64', x.device);
  if (rows.numel() > 0) backendFor(x.device).sort(values, indices, rows, count, len, desc, stable);
  const v = restore(values, x, d).contiguous(), i = restore(indices, x, d).contiguous();
  if (x._requiresGrad) {
    const shape = x._shape;
    record(v, 'SortBackward0', [x], (g) => [valueSelectingBackward(g, d, i, shape)]);
  }
  return { values: v, indices: i };
}

export function topk(x: Tensor, k: number, dim: number | { dim?: number; largest?: boolean; sorted?: boolean } = -1, largest = true, _sorted = true): ValuesIndices {
  let d = typeof dim === 'number' ? dim : dim.dim ?? -1;
  const lg = typeof dim === 'number' ? largest : dim.largest ?? true;
  d = normalizeDim(d, x.ndim);
  const size = x.ndim ? x._shape[d] : 1;
  if (!Number.isInteger(k) || k < 0 || k > size) throw new Error('selected index k out of range');
  const { rows, len, count } = rowsAlong(x.detach(), d);
  const shape = [...rows._shape];
  if (shape.length) shape[shape.length - 1] = k;
  const values = empty(shape, x.dtype, x.device);
  const indices = empty(shape, 'int64', x.device);
  if (values.numel() > 0) backendFor(x.device).topk(values, indices, rows, count, len, k, lg);
  const v = restore(values, x, d).contiguous(), i = restore(indices, x, d).contiguous();
  if (x._requiresGrad) {
    const inShape = x._shape;
    record(v, 'TopkBackward0', [x], (g) => [valueSelectingBackward(g, d, i, inShape)]);
  }
  return { values: v, indices: i };
}

export function kthvalue(x: Tensor, k: number, dim = -1, keepdim = false): ValuesIndices {
  const d = normalizeDim(dim, x.ndim);
  const size = x.ndim ? x._shape[d] : 1;
  if (k < 1 || k > size) throw new Error(`kthvalue(): selected number k out of range for dimension ${d}`);
  const s = sort(x, d);
  let values = s.values.narrow(d, k - 1, 1), indices = s.indices.narrow(d, k - 1, 1);
  if (!keepdim) {
    values = values.squeeze(d);
    indices = indices.squeeze(d);
  }
  return { values, indices };
}

/** `median()` → the lower median of all elements; `median(dim)` → values and indices. */
export function median(x: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
  if (dim === undefined) {
    const flat = x.reshape(-1);
    if (flat.numel() === 0) return tensor(NaN, { dtype: x.dtype });
    return kthvalue(flat, Math.floor((flat.numel() - 1) / 2) + 1, 0).values;
  }
  const d = normalizeDim(dim, x.ndim);
  return kthvalue(x, Math.floor(((x.ndim ? x._shape[d] : 1) - 1) / 2) + 1, d, keepdim);
}

/** `torch.unique` over all elements (sorted), optionally with inverse indices and counts. */
export function unique(x: Tensor, opts?: { sorted?: boolean; returnInverse?: boolean; returnCounts?: boolean; dim?: number }): Tensor | Tensor[] {
  if (opts?.dim !== undefined) throw new Error('unique(dim) is not supported yet; flatten the tensor first');
  const flat = x.detach().reshape(-1);
  const s = sort(flat, 0);
  const n = flat.numel();
  let values: Tensor, inverse: Tensor | null = null, counts: Tensor | null = null;
  if (n === 0) {
    values = s.values;
  } else {
    const isNew = s.values.narrow(0, 1, n - 1).ne(s.values.narrow(0, 0, n - 1));
    const firstFlags = cat([tensor([true], { device: x.device }), isNew], 0);
    values = s.values.index(firstFlags);
    const groupId = firstFlags.long().cumsum(0).sub(1);
    if (opts?.returnInverse) inverse = groupId.newZeros([n]).scatter(0, s.indices, groupId).reshape(x._shape);
    if (opts?.returnCounts) counts = values.newZeros([values.numel()], { dtype: 'int64' }).scatterAdd(0, groupId, groupId.onesLike());
  }
  const out: Tensor[] = [values];
  if (opts?.returnInverse) out.push(inverse ?? empty([0], 'int64'));
  if (opts?.returnCounts) out.push(counts ?? empty([0], 'int64'));
  return out.length === 1 ? values : out;
}

