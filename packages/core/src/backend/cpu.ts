/**
 * The CPU entry of the per-device dispatch table: turns tensors (storage, offset, shape,
 * strides, dtype) into the metadata layouts the addon's CPU kernels read, then calls them.
 * A CUDA backend implements the same {@link Backend} interface over device buffers.
 * @module
 */
import { BINARY, META, native, RANDOM, REDUCE, SCAN, UNARY } from '../binding';
import type { BinaryOpName, ReduceOpName, UnaryOpName } from '../binding';
import { DTYPE_CODE, type DType } from '../dtype';
import type { Shape } from '../shape';
import { Storage } from '../storage';
import type { Backend, Operand, RandomKind } from './backend';

const k = native.cpu;

/**
 * Writes a strided loop (common shape + each operand's offset and strides) at META[8]. A null
 * operand is a scalar the addon materialises itself (offset 0, all strides 0).
 */
function loop(shape: Shape, ops: readonly (Operand | null)[]): void {
  const nd = shape.length;
  // Fast path: every operand contiguous over the same shape -> one flat run.
  let flat = true;
  for (let i = 0; i < ops.length && flat; i++) flat = ops[i] === null || ops[i]!._contiguous;
  if (flat) {
    let n = 1;
    for (let d = 0; d < nd; d++) n *= shape[d];
    META[8] = 1;
    META[9] = n;
    let p = 10;
    for (let i = 0; i < ops.length; i++) {
      const o = ops[i];
      META[p++] = o ? o._offset : 0;
      META[p++] = o ? 1 : 0;
    }
    return;
  }
  META[8] = nd;
  let p = 9;
  for (let d = 0; d < nd; d++) META[p++] = shape[d];
  for (let i = 0; i < ops.length; i++) {
    const o = ops[i];
    if (o === null) {
      for (let d = 0; d <= nd; d++) META[p++] = 0;
      continue;
    }
    META[p++] = o._offset;
    const st = o._strides;
    for (let d = 0; d < nd; d++) META[p++] = st[d];
  }
}

/** The operand read through other strides (indexing walks only the non-indexed dims). */
function strided(o: Operand, strides: Shape): Operand {
  return { _storage: o._storage, _offset: o._offset, _shape: o._shape, _strides: strides, dtype: o.dtype, _contiguous: false };
}

function buf(o: Operand | null | undefined): ArrayBuffer | undefined {
  return o ? o._storage.buffer : undefined;
}

export const cpuBackend: Backend = {
  device: 'cpu',

  allocate(nbytes: number): Storage {
    return Storage.allocate(nbytes);
  },

  unary(op: UnaryOpName, out: Operand, a: Operand, p0 = 0, p1 = 0, p2 = 0): void {
    META[0] = UNARY[op];
    META[1] = DTYPE_CODE[a.dtype];
    META[2] = DTYPE_CODE[out.dtype];
    META[3] = p0;
    META[4] = p1;
    META[5] = p2;
    loop(out._shape, [out, a]);
    k.unary(out._storage.buffer, a._storage.buffer);
  },

  binary(op: BinaryOpName, out: Operand, a: Operand | number, b: Operand | number, computeDtype: DType, alpha = 1): void {
    META[0] = BINARY[op];
    META[1] = DTYPE_CODE[computeDtype];
    META[2] = DTYPE_CODE[out.dtype];
    META[3] = alpha;
    const sa = typeof a === 'number', sb = typeof b === 'number';
    META[4] = sa ? a : 0;
    META[5] = sb ? b : 0;
    if (sa && sb) throw new Error('internal error: binary op on two scalars');
    loop(out._shape, [out, sa ? null : a, sb ? null : b]);
    k.binary(out._storage.buffer, sa ? undefined : a._storage.buffer, sb ? undefined : (b as Operand)._storage.buffer);
  },

  where(out: Operand, cond: Operand, a: Operand | number, b: Operand | number): void {
    META[0] = DTYPE_CODE[out.dtype];
    META[4] = typeof a === 'number' ? a : 0;
    META[5] = typeof b === 'number' ? b : 0;
    loop(out._shape, [out, cond, typeof a === 'number' ? null : a, typeof b === 'number' ? null : b]);
    k.where(out._storage.buffer, cond._storage.buffer, typeof a === 'number' ? undefined : a._storage.buffer,
      typeof b === 'number' ? undefined : b._storage.buffer);
  },

  copy(out: Operand, src: Operand): void {
    META[0] = DTYPE_CODE[out.dtype];
    META[1] = DTYPE_CODE[src.dtype];
    loop(out._shape, [out, src]);
    k.copy(out._storage.buffer, src._storage.buffer);
  },

  fill(out: Operand, value: number): void {
    META[0] = DTYPE_CODE[out.dtype];
    META[1] = value;
    loop(out._shape, [out]);
    k.fill(out._storage.buffer);
  },

  range(out: Operand, n: number, start: number, stepOrEnd: number, linspace: boolean): void {
    META[0] = DTYPE_CODE[out.dtype];
    META[1] = n;
    META[2] = start;
    META[3] = stepOrEnd;
    META[4] = linspace ? 1 : 0;
    k.range(out._storage.buffer);
  },

  reduce(op: ReduceOpName, out: Operand, a: Operand, mask: readonly boolean[]): void {
    const nd = a._shape.length;
    META[0] = REDUCE[op];
    META[1] = DTYPE_CODE[a.dtype];
    META[2] = DTYPE_CODE[out.dtype];
    META[3] = a._offset;
    META[4] = nd;
    for (let d = 0; d < nd; d++) {
      META[5 + d] = a._shape[d];
      META[5 + nd + d] = a._strides[d];
      META[5 + 2 * nd + d] = mask[d] ? 1 : 0;
    }
    k.reduce(out._storage.buffer, a._storage.buffer);
  },

  reduceArg(values: Operand | null, indices: Operand | null, a: Operand, outer: number, len: number, inner: number, isMax: boolean): void {
    META[0] = DTYPE_CODE[a.dtype];
    META[1] = isMax ? 1 : 0;
    META[2] = a._offset;
    META[3] = outer;
    META[4] = len;
    META[5] = inner;
    k.reduceArg(buf(values), buf(indices), a._storage.buffer);
  },

  scan(op: keyof typeof SCAN, out: Operand, indices: Operand | null, a: Operand, outer: number, len: number, inner: number): void {
    META[0] = SCAN[op];
    META[1] = DTYPE_CODE[a.dtype];
    META[2] = DTYPE_CODE[out.dtype];
    META[3] = a._offset;
    META[4] = outer;
    META[5] = len;
    META[6] = inner;
    k.scan(out._storage.buffer, buf(indices), a._storage.buffer);
  },

  softmax(out: Operand, a: Operand, outer: number, len: number, inner: number, log: boolean): void {
    META[0] = DTYPE_CODE[a.dtype];
    META[1] = log ? 1 : 0;
    META[2] = a._offset;
    META[3] = outer;
    META[4] = len;
    META[5] = inner;
    k.softmax(out._storage.buffer, a._storage.buffer);
  },

  softmaxBackward(out: Operand, g: Operand, y: Operand, outer: number, len: number, inner: number, log: boolean): void {
    META[0] = DTYPE_CODE[y.dtype];
    META[1] = log ? 1 : 0;
    META[2] = g._offset;
    META[3] = y._offset;
    META[4] = outer;
    META[5] = len;
    META[6] = inner;
    k.softmaxBackward(out._storage.buffer, g._storage.buffer, y._storage.buffer);
  },

  matmul(c: Operand, a: Operand, b: Operand, alpha = 1, beta = 0): void {
    // operands are 3-D (batch, rows, cols) views
    META[0] = DTYPE_CODE[c.dtype];
    META[1] = c._shape[0];
    META[2] = c._shape[1];
    META[3] = c._shape[2];
    META[4] = a._shape[2];
    META[5] = a._offset; META[6] = a._strides[0]; META[7] = a._strides[1]; META[8] = a._strides[2];
    META[9] = b._offset; META[10] = b._strides[0]; META[11] = b._strides[1]; META[12] = b._strides[2];
    META[13] = c._offset; META[14] = c._strides[0]; META[15] = c._strides[1]; META[16] = c._strides[2];
    META[17] = alpha;
    META[18] = beta;
    k.matmul(c._storage.buffer, a._storage.buffer, b._storage.buffer);
  },

  sort(values: Operand, indices: Operand, a: Operand, rows: number, len: number, descending: boolean, stable: boolean): void {
    META[0] = DTYPE_CODE[a.dtype];
    META[1] = a._offset;
    META[2] = rows;
    META[3] = len;
    META[4] = descending ? 1 : 0;
    META[5] = stable ? 1 : 0;
    k.sort(values._storage.buffer, indices._storage.buffer, a._storage.buffer);
  },

  topk(values: Operand, indices: Operand, a: Operand, rows: number, len: number, kk: number, largest: boolean): void {
    META[0] = DTYPE_CODE[a.dtype];
    META[1] = a._offset;
    META[2] = rows;
    META[3] = len;
    META[4] = kk;
    META[5] = largest ? 1 : 0;
    k.topk(values._storage.buffer, indices._storage.buffer, a._storage.buffer);
  },

  take(out: Operand, src: Operand, srcStrides: Shape, offsets: Operand): void {
    META[0] = DTYPE_CODE[out.dtype];
    loop(out._shape, [out, strided(src, srcStrides), offsets]);
    k.take(out._storage.buffer, src._storage.buffer, offsets._storage.buffer);
  },

  put(dst: Operand, dstStrides: Shape, values: Operand | number, offsets: Operand, shape: Shape, accumulate: boolean): void {
    META[0] = DTYPE_CODE[dst.dtype];
    META[1] = accumulate ? 1 : 0;
    META[2] = typeof values === 'number' ? values : 0;
    loop(shape, [strided(dst, dstStrides), typeof values === 'number' ? null : values, offsets]);
    k.put(dst._storage.buffer, typeof values === 'number' ? undefined : values._storage.buffer, offsets._storage.buffer);
  },

  nonzero(out: Operand | null, a: Operand, capacity: number): number {
    META[0] = DTYPE_CODE[a.dtype];
    META[1] = capacity;
    const nd = a._shape.length;
    META[8] = nd;
    let p = 9;
    for (let d = 0; d < nd; d++) META[p++] = a._shape[d];
    META[p++] = a._offset;
    for (let d = 0; d < nd; d++) META[p++] = a._strides[d];
    return k.nonzero(out ? out._storage.buffer : null, a._storage.buffer);
  },

  random(kind: RandomKind, out: Operand, seed: bigint, offset: number, a: number, b: number): void {
    META[0] = RANDOM[kind];
    META[1] = DTYPE_CODE[out.dtype];
    META[2] = out._shape.reduce((x, y) => x * y, 1);
    META[3] = Number(seed >> 32n);
    META[4] = Number(seed & 0xffffffffn);
    META[5] = offset;
    META[6] = a;
    META[7] = b;
    k.random(out._storage.buffer);
  },

  bernoulli(out: Operand, p: Operand, seed: bigint, offset: number): void {
    META[0] = DTYPE_CODE[out.dtype];
    META[1] = DTYPE_CODE[p.dtype];
    META[2] = out._shape.reduce((x, y) => x * y, 1);
    META[3] = Number(seed >> 32n);
    META[4] = Number(seed & 0xffffffffn);
    META[5] = offset;
    META[6] = p._offset;
    k.bernoulli(out._storage.buffer, p._storage.buffer);
  },

  randperm(out: Operand, n: number, seed: bigint, offset: number): void {
    META[0] = n;
    META[1] = Number(seed >> 32n);
    META[2] = Number(seed & 0xffffffffn);
    META[3] = offset;
    k.randperm(out._storage.buffer);
  },

  multinomial(out: Operand, weights: Operand, rows: number, cats: number, samples: number, replacement: boolean, seed: bigint, offset: number): void {
    META[0] = rows;
    META[1] = cats;
    META[2] = samples;
    META[3] = replacement ? 1 : 0;
    META[4] = Number(seed >> 32n);
    META[5] = Number(seed & 0xffffffffn);
    META[6] = offset;
    META[7] = weights._offset;
    k.multinomial(out._storage.buffer, weights._storage.buffer);
  },
};
