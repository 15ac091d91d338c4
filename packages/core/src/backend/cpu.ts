/**
 * The CPU entry of the per-device dispatch table: turns tensors (storage, offset, shape,
 * strides, dtype) into the metadata layouts the addon's CPU kernels read, then calls them.
 * The CUDA backend (device.ts) reuses these same methods: handed device buffers, the addon runs
 * its CUDA kernels.
 * @module
 */
import { BINARY, META, native, RANDOM, REDUCE, SCAN, UNARY } from '../binding';
import type { BinaryOpName, NativeBuffer, ReduceOpName, UnaryOpName } from '../binding';
import { DTYPE_CODE, type DType } from '../dtype';
import type { Shape } from '../shape';
import { Storage } from '../storage';
import type {
  Backend, BatchNormGeometry, ConvGeometry, GroupNormGeometry, NormGrads, OptimKernel, Operand, PoolGeometry, RandomKind,
  RnnBackwardInputs, RnnBackwardOutputs, RnnForwardInputs, RnnForwardOutputs, RnnGeometry,
} from './backend';

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

function buf(o: Operand | null | undefined): NativeBuffer | undefined {
  return o ? o._storage.handle : undefined;
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
    k.unary(out._storage.handle, a._storage.handle);
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
    k.binary(out._storage.handle, sa ? undefined : a._storage.handle, sb ? undefined : (b as Operand)._storage.handle);
  },

  where(out: Operand, cond: Operand, a: Operand | number, b: Operand | number): void {
    META[0] = DTYPE_CODE[out.dtype];
    META[4] = typeof a === 'number' ? a : 0;
    META[5] = typeof b === 'number' ? b : 0;
    loop(out._shape, [out, cond, typeof a === 'number' ? null : a, typeof b === 'number' ? null : b]);
    k.where(out._storage.handle, cond._storage.handle, typeof a === 'number' ? undefined : a._storage.handle,
      typeof b === 'number' ? undefined : b._storage.handle);
  },

  copy(out: Operand, src: Operand): void {
    META[0] = DTYPE_CODE[out.dtype];
    META[1] = DTYPE_CODE[src.dtype];
    loop(out._shape, [out, src]);
    k.copy(out._storage.handle, src._storage.handle);
  },

  fill(out: Operand, value: number): void {
    META[0] = DTYPE_CODE[out.dtype];
    META[1] = value;
    loop(out._shape, [out]);
    k.fill(out._storage.handle);
  },

  range(out: Operand, n: number, start: number, stepOrEnd: number, linspace: boolean): void {
    META[0] = DTYPE_CODE[out.dtype];
    META[1] = n;
    META[2] = start;
    META[3] = stepOrEnd;
    META[4] = linspace ? 1 : 0;
    k.range(out._storage.handle);
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
    k.reduce(out._storage.handle, a._storage.handle);
  },

  reduceArg(values: Operand | null, indices: Operand | null, a: Operand, outer: number, len: number, inner: number, isMax: boolean): void {
    META[0] = DTYPE_CODE[a.dtype];
    META[1] = isMax ? 1 : 0;
    META[2] = a._offset;
    META[3] = outer;
    META[4] = len;
    META[5] = inner;
    k.reduceArg(buf(values), buf(indices), a._storage.handle);
  },

  scan(op: keyof typeof SCAN, out: Operand, indices: Operand | null, a: Operand, outer: number, len: number, inner: number): void {
    META[0] = SCAN[op];
    META[1] = DTYPE_CODE[a.dtype];
    META[2] = DTYPE_CODE[out.dtype];
    META[3] = a._offset;
    META[4] = outer;
    META[5] = len;
    META[6] = inner;
    k.scan(out._storage.handle, buf(indices), a._storage.handle);
  },

  softmax(out: Operand, a: Operand, outer: number, len: number, inner: number, log: boolean): void {
    META[0] = DTYPE_CODE[a.dtype];
    META[1] = log ? 1 : 0;
    META[2] = a._offset;
    META[3] = outer;
    META[4] = len;
    META[5] = inner;
    k.softmax(out._storage.handle, a._storage.handle);
  },

  softmaxBackward(out: Operand, g: Operand, y: Operand, outer: number, len: number, inner: number, log: boolean): void {
    META[0] = DTYPE_CODE[y.dtype];
    META[1] = log ? 1 : 0;
    META[2] = g._offset;
    META[3] = y._offset;
    META[4] = outer;
    META[5] = len;
    META[6] = inner;
    k.softmaxBackward(out._storage.handle, g._storage.handle, y._storage.handle);
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
    k.matmul(c._storage.handle, a._storage.handle, b._storage.handle);
  },

  sort(values: Operand, indices: Operand, a: Operand, rows: number, len: number, descending: boolean, stable: boolean): void {
    META[0] = DTYPE_CODE[a.dtype];
    META[1] = a._offset;
    META[2] = rows;
    META[3] = len;
    META[4] = descending ? 1 : 0;
    META[5] = stable ? 1 : 0;
    k.sort(values._storage.handle, indices._storage.handle, a._storage.handle);
  },

  topk(values: Operand, indices: Operand, a: Operand, rows: number, len: number, kk: number, largest: boolean): void {
    META[0] = DTYPE_CODE[a.dtype];
    META[1] = a._offset;
    META[2] = rows;
    META[3] = len;
    META[4] = kk;
    META[5] = largest ? 1 : 0;
    k.topk(values._storage.handle, indices._storage.handle, a._storage.handle);
  },

  take(out: Operand, src: Operand, srcStrides: Shape, offsets: Operand): void {
    META[0] = DTYPE_CODE[out.dtype];
    loop(out._shape, [out, strided(src, srcStrides), offsets]);
    k.take(out._storage.handle, src._storage.handle, offsets._storage.handle);
  },

  put(dst: Operand, dstStrides: Shape, values: Operand | number, offsets: Operand, shape: Shape, accumulate: boolean): void {
    META[0] = DTYPE_CODE[dst.dtype];
    META[1] = accumulate ? 1 : 0;
    META[2] = typeof values === 'number' ? values : 0;
    loop(shape, [strided(dst, dstStrides), typeof values === 'number' ? null : values, offsets]);
    k.put(dst._storage.handle, typeof values === 'number' ? undefined : values._storage.handle, offsets._storage.handle);
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
    return k.nonzero(out ? out._storage.handle : null, a._storage.handle);
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
    k.random(out._storage.handle);
  },

  bernoulli(out: Operand, p: Operand, seed: bigint, offset: number): void {
    META[0] = DTYPE_CODE[out.dtype];
    META[1] = DTYPE_CODE[p.dtype];
    META[2] = out._shape.reduce((x, y) => x * y, 1);
    META[3] = Number(seed >> 32n);
    META[4] = Number(seed & 0xffffffffn);
    META[5] = offset;
    META[6] = p._offset;
    k.bernoulli(out._storage.handle, p._storage.handle);
  },

  randperm(out: Operand, n: number, seed: bigint, offset: number): void {
    META[0] = n;
    META[1] = Number(seed >> 32n);
    META[2] = Number(seed & 0xffffffffn);
    META[3] = offset;
    k.randperm(out._storage.handle);
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
    k.multinomial(out._storage.handle, weights._storage.handle);
  },

  optimStep(kernel: OptimKernel, param: Operand, grad: Operand, state: readonly (Operand | null)[], scalars: readonly number[]): void {
    // META: [dtype, n, offsets of param, grad, state0..2, -, scalars...] (native/src/optim_binding.cc)
    META[0] = DTYPE_CODE[param.dtype];
    let n = 1;
    for (const d of param._shape) n *= d;
    META[1] = n;
    META[2] = param._offset;
    META[3] = grad._offset;
    const s0 = state[0] ?? null, s1 = state[1] ?? null, s2 = state[2] ?? null;
    META[4] = s0 ? s0._offset : 0;
    META[5] = s1 ? s1._offset : 0;
    META[6] = s2 ? s2._offset : 0;
    for (let i = 0; i < scalars.length; i++) META[8 + i] = scalars[i];
    OPTIM_KERNELS[kernel](param._storage.handle, grad._storage.handle, buf(s0), buf(s1), buf(s2));
  },
};

// ---- neural-network kernels (native/src/nn_binding.cc) -----------------------------------------

/** Writes a convolution geometry at META[0..22] (layout in nn_binding.cc). */
function convMeta(dtype: DType, g: ConvGeometry): void {
  META[0] = DTYPE_CODE[dtype];
  META[1] = g.n; META[2] = g.c; META[3] = g.o; META[4] = g.groups;
  for (let d = 0; d < 3; d++) {
    META[5 + d] = g.input[d]; META[8 + d] = g.kernel[d]; META[11 + d] = g.output[d];
    META[14 + d] = g.stride[d]; META[17 + d] = g.padding[d]; META[20 + d] = g.dilation[d];
  }
}

/** Writes a pooling geometry at META[0..15] (layout in nn_binding.cc). */
function poolMeta(dtype: DType, g: PoolGeometry, inOffset: number): void {
  META[0] = DTYPE_CODE[dtype];
  META[1] = g.planes; META[2] = g.ih; META[3] = g.iw; META[4] = g.oh; META[5] = g.ow;
  META[6] = g.kh; META[7] = g.kw; META[8] = g.sh; META[9] = g.sw; META[10] = g.ph; META[11] = g.pw;
  META[12] = g.dh; META[13] = g.dw; META[14] = g.countIncludePad ? 1 : 0; META[15] = g.divisor ?? 0;
  META[16] = inOffset;
}

const RNN_MODE = { tanh: 0, relu: 1, lstm: 2, gru: 3 } as const;
function rnnMeta(dtype: DType, g: RnnGeometry): void {
  META[0] = DTYPE_CODE[dtype];
  META[1] = RNN_MODE[g.mode]; META[2] = g.steps; META[3] = g.batch; META[4] = g.hidden; META[5] = g.proj;
  META[6] = g.reverse ? 1 : 0;
}

function off(o: Operand | null): number {
  return o ? o._offset : 0;
}

Object.assign(cpuBackend, {
  convForward(g: ConvGeometry, out: Operand, x: Operand, w: Operand, bias: Operand | null): void {
    convMeta(x.dtype, g);
    META[23] = x._offset; META[24] = w._offset; META[25] = off(bias);
    k.convForward!(out._storage.handle, x._storage.handle, w._storage.handle, buf(bias));
  },
  convBackwardInput(g: ConvGeometry, gin: Operand, gout: Operand, w: Operand): void {
    convMeta(gout.dtype, g);
    META[23] = gout._offset; META[24] = w._offset; META[25] = 0;
    k.convBackwardInput!(gin._storage.handle, gout._storage.handle, w._storage.handle);
  },
  convBackwardWeight(g: ConvGeometry, gw: Operand, gout: Operand, x: Operand): void {
    convMeta(gout.dtype, g);
    META[23] = gout._offset; META[24] = x._offset; META[25] = 0;
    k.convBackwardWeight!(gw._storage.handle, gout._storage.handle, x._storage.handle);
  },
  im2col(g: ConvGeometry, col: Operand, x: Operand): void {
    convMeta(x.dtype, g);
    META[23] = x._offset;
    k.im2col!(col._storage.handle, x._storage.handle);
  },
  col2im(g: ConvGeometry, x: Operand, col: Operand): void {
    convMeta(col.dtype, g);
    META[23] = col._offset;
    k.col2im!(x._storage.handle, col._storage.handle);
  },
  maxPool2d(g: PoolGeometry, out: Operand, indices: Operand, x: Operand): void {
    poolMeta(x.dtype, g, x._offset);
    k.maxPool2d!(out._storage.handle, indices._storage.handle, x._storage.handle);
  },
  maxPool2dBackward(g: PoolGeometry, gin: Operand, gout: Operand, indices: Operand): void {
    poolMeta(gout.dtype, g, gout._offset);
    k.maxPool2dBackward!(gin._storage.handle, gout._storage.handle, indices._storage.handle);
  },
  avgPool2d(g: PoolGeometry, out: Operand, x: Operand): void {
    poolMeta(x.dtype, g, x._offset);
    k.avgPool2d!(out._storage.handle, x._storage.handle);
  },
  avgPool2dBackward(g: PoolGeometry, gin: Operand, gout: Operand): void {
    poolMeta(gout.dtype, g, gout._offset);
    k.avgPool2dBackward!(gin._storage.handle, gout._storage.handle);
  },
  adaptivePool2d(g: PoolGeometry, isMax: boolean, out: Operand, indices: Operand | null, x: Operand): void {
    poolMeta(x.dtype, g, x._offset);
    META[14] = isMax ? 1 : 0;
    k.adaptivePool2d!(out._storage.handle, buf(indices), x._storage.handle);
  },
  adaptiveAvgPool2dBackward(g: PoolGeometry, gin: Operand, gout: Operand): void {
    poolMeta(gout.dtype, g, gout._offset);
    k.adaptiveAvgPool2dBackward!(gin._storage.handle, gout._storage.handle);
  },
  layerNorm(out: Operand, mean: Operand | null, rstd: Operand | null, x: Operand, weight: Operand | null, bias: Operand | null,
    rows: number, cols: number, eps: number): void {
    META[0] = DTYPE_CODE[x.dtype]; META[1] = rows; META[2] = cols; META[3] = eps;
    META[4] = x._offset; META[5] = off(weight); META[6] = off(bias);
    k.layerNorm!(out._storage.handle, buf(mean), buf(rstd), x._storage.handle, buf(weight), buf(bias));
  },
  layerNormBackward(grads: NormGrads, dy: Operand, x: Operand, mean: Operand, rstd: Operand, weight: Operand | null,
    rows: number, cols: number): void {
    META[0] = DTYPE_CODE[x.dtype]; META[1] = rows; META[2] = cols;
    META[3] = dy._offset; META[4] = x._offset; META[5] = mean._offset; META[6] = rstd._offset; META[7] = off(weight);
    k.layerNormBackward!(buf(grads.dx), buf(grads.dweight), buf(grads.dbias), dy._storage.handle, x._storage.handle,
      mean._storage.handle, rstd._storage.handle, buf(weight));
  },
  groupNorm(out: Operand, mean: Operand | null, rstd: Operand | null, x: Operand, weight: Operand | null, bias: Operand | null,
    g: GroupNormGeometry, eps: number): void {
    META[0] = DTYPE_CODE[x.dtype]; META[1] = g.n; META[2] = g.c; META[3] = g.hw; META[4] = g.groups; META[5] = eps;
    META[6] = x._offset; META[7] = off(weight); META[8] = off(bias);
    k.groupNorm!(out._storage.handle, buf(mean), buf(rstd), x._storage.handle, buf(weight), buf(bias));
  },
  groupNormBackward(grads: NormGrads, dy: Operand, x: Operand, mean: Operand, rstd: Operand, weight: Operand | null,
    g: GroupNormGeometry): void {
    META[0] = DTYPE_CODE[x.dtype]; META[1] = g.n; META[2] = g.c; META[3] = g.hw; META[4] = g.groups;
    META[5] = dy._offset; META[6] = x._offset; META[7] = mean._offset; META[8] = rstd._offset; META[9] = off(weight);
    k.groupNormBackward!(buf(grads.dx), buf(grads.dweight), buf(grads.dbias), dy._storage.handle, x._storage.handle,
      mean._storage.handle, rstd._storage.handle, buf(weight));
  },
  batchNorm(out: Operand, saveMean: Operand, saveInvstd: Operand, x: Operand, weight: Operand | null, bias: Operand | null,
    runningMean: Operand | null, runningVar: Operand | null, g: BatchNormGeometry): void {
    META[0] = DTYPE_CODE[x.dtype]; META[1] = g.n; META[2] = g.c; META[3] = g.hw; META[4] = g.training ? 1 : 0;
    META[5] = g.momentum; META[6] = g.eps;
    META[7] = x._offset; META[8] = off(weight); META[9] = off(bias); META[10] = off(runningMean); META[11] = off(runningVar);
    k.batchNorm!(out._storage.handle, saveMean._storage.handle, saveInvstd._storage.handle, x._storage.handle, buf(weight), buf(bias),
      buf(runningMean), buf(runningVar));
  },
  batchNormBackward(grads: NormGrads, dy: Operand, x: Operand, saveMean: Operand, saveInvstd: Operand, weight: Operand | null,
    g: BatchNormGeometry): void {
    META[0] = DTYPE_CODE[x.dtype]; META[1] = g.n; META[2] = g.c; META[3] = g.hw; META[4] = g.training ? 1 : 0;
    META[5] = dy._offset; META[6] = x._offset; META[7] = saveMean._offset; META[8] = saveInvstd._offset; META[9] = off(weight);
    k.batchNormBackward!(buf(grads.dx), buf(grads.dweight), buf(grads.dbias), dy._storage.handle, x._storage.handle,
      saveMean._storage.handle, saveInvstd._storage.handle, buf(weight));
  },
  rnnForward(g: RnnGeometry, o: RnnForwardOutputs, i: RnnForwardInputs, batchSizes: Operand | null): void {
    rnnMeta(i.xproj.dtype, g);
    META[7] = i.xproj._offset; META[8] = i.whh._offset; META[9] = off(i.bhh); META[10] = off(i.whr);
    META[11] = i.h0._offset; META[12] = off(i.c0);
    k.rnnForward!(o.out._storage.handle, o.hn._storage.handle, buf(o.cn), o.ws._storage.handle, i.xproj._storage.handle,
      i.whh._storage.handle, buf(i.bhh), buf(i.whr), i.h0._storage.handle, buf(i.c0), buf(batchSizes));
  },
  rnnBackward(g: RnnGeometry, o: RnnBackwardOutputs, i: RnnBackwardInputs, batchSizes: Operand | null): void {
    rnnMeta(i.dout.dtype, g);
    META[7] = i.dout._offset; META[8] = i.dhn._offset; META[9] = off(i.dcn); META[10] = i.whh._offset;
    META[11] = off(i.whr);
    k.rnnBackward!(o.dxproj._storage.handle, buf(o.dgh), o.dh0._storage.handle, buf(o.dc0), buf(o.dwhr),
      i.dout._storage.handle, i.dhn._storage.handle, buf(i.dcn), i.ws._storage.handle, i.whh._storage.handle,
      buf(i.whr), buf(batchSizes));
  },
} satisfies Partial<Backend>);

const OPTIM_KERNELS = {
  sgd: k.sgdStep, adam: k.adamStep, adamax: k.adamaxStep, nadam: k.nadamStep, radam: k.radamStep,
  rmsprop: k.rmspropStep, adagrad: k.adagradStep, adadelta: k.adadeltaStep,
} satisfies Record<OptimKernel, unknown>;
