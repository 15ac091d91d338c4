/**
 * The device dispatch table: every op reaches its kernels through the {@link Backend} of its
 * tensors' device, so a new device (CUDA) plugs in by registering one more backend.
 * @module
 */
import type { BinaryOpName, ReduceOpName, SCAN, UnaryOpName } from '../binding';
import type { DType } from '../dtype';
import type { Shape } from '../shape';
import type { Storage } from '../storage';
import { native } from '../binding';
import { cpuBackend } from './cpu';
import { makeDeviceBackend } from './device';
import { _currentCudaIndex, deviceIndex } from '../device';

/** What a kernel needs to know of a tensor (Tensor satisfies it). */
export interface Operand {
  readonly _storage: Storage;
  readonly _offset: number;
  readonly _shape: Shape;
  readonly _strides: Shape;
  readonly dtype: DType;
  /** True when the operand is laid out contiguously in row-major order. */
  readonly _contiguous: boolean;
}

export type RandomKind = 'uniform' | 'normal' | 'bernoulli' | 'randint' | 'exponential' | 'geometric' | 'logNormal' | 'cauchy';

/** The fused optimizer update families (native/src/cpu/optim.h lists each one's state and scalars). */
export type OptimKernel = 'sgd' | 'adam' | 'adamax' | 'nadam' | 'radam' | 'rmsprop' | 'adagrad' | 'adadelta';

export interface Backend {
  readonly device: string;
  allocate(nbytes: number): Storage;
  unary(op: UnaryOpName, out: Operand, a: Operand, p0?: number, p1?: number, p2?: number): void;
  /** a, b already broadcast to out's shape (zero strides); numbers are scalars of computeDtype. */
  binary(op: BinaryOpName, out: Operand, a: Operand | number, b: Operand | number, computeDtype: DType, alpha?: number): void;
  where(out: Operand, cond: Operand, a: Operand | number, b: Operand | number): void;
  copy(out: Operand, src: Operand): void;
  fill(out: Operand, value: number): void;
  range(out: Operand, n: number, start: number, stepOrEnd: number, linspace: boolean): void;
  reduce(op: ReduceOpName, out: Operand, a: Operand, mask: readonly boolean[]): void;
  reduceArg(values: Operand | null, indices: Operand | null, a: Operand, outer: number, len: number, inner: number, isMax: boolean): void;
  scan(op: keyof typeof SCAN, out: Operand, indices: Operand | null, a: Operand, outer: number, len: number, inner: number): void;
  softmax(out: Operand, a: Operand, outer: number, len: number, inner: number, log: boolean): void;
  softmaxBackward(out: Operand, g: Operand, y: Operand, outer: number, len: number, inner: number, log: boolean): void;
  matmul(c: Operand, a: Operand, b: Operand, alpha?: number, beta?: number): void;
  sort(values: Operand, indices: Operand, a: Operand, rows: number, len: number, descending: boolean, stable: boolean): void;
  topk(values: Operand, indices: Operand, a: Operand, rows: number, len: number, k: number, largest: boolean): void;
  take(out: Operand, src: Operand, srcStrides: Shape, offsets: Operand): void;
  put(dst: Operand, dstStrides: Shape, values: Operand | number, offsets: Operand, shape: Shape, accumulate: boolean): void;
  nonzero(out: Operand | null, a: Operand, capacity: number): number;
  random(kind: RandomKind, out: Operand, seed: bigint, offset: number, a: number, b: number): void;
  bernoulli(out: Operand, p: Operand, seed: bigint, offset: number): void;
  randperm(out: Operand, n: number, seed: bigint, offset: number): void;
  multinomial(out: Operand, weights: Operand, rows: number, cats: number, samples: number, replacement: boolean, seed: bigint, offset: number): void;
  /**
   * One fused optimizer update, in place, over contiguous operands of one float dtype: the
   * parameter, its gradient and up to three state buffers (null where unused), with the family's
   * scalars. Optional: on a backend without it optimizers run their composed-op path.
   */
  optimStep?(kernel: OptimKernel, param: Operand, grad: Operand, state: readonly (Operand | null)[], scalars: readonly number[]): void;

  // ---- neural-network kernels (used by @tensile/nn; optional: nn reports a device without them).
  // Operands are contiguous; outputs are fresh. Layouts: native/src/cpu/{conv,pool,norm,rnn}.h.
  /** out (N,O,out) = conv(x (N,C,in), w (O,C/G,k)) + bias. */
  convForward?(g: ConvGeometry, out: Operand, x: Operand, w: Operand, bias: Operand | null): void;
  /** gin (N,C,in) from gout (N,O,out) and w: also the transposed convolution's forward. */
  convBackwardInput?(g: ConvGeometry, gin: Operand, gout: Operand, w: Operand): void;
  /** gw (O,C/G,k) from gout (N,O,out) and x (N,C,in). */
  convBackwardWeight?(g: ConvGeometry, gw: Operand, gout: Operand, x: Operand): void;
  /** col (N, C*k, L) = im2col(x); `F.unfold`. */
  im2col?(g: ConvGeometry, col: Operand, x: Operand): void;
  /** x (N, C, in) = col2im(col), overlaps summed; `F.fold`. */
  col2im?(g: ConvGeometry, x: Operand, col: Operand): void;
  maxPool2d?(g: PoolGeometry, out: Operand, indices: Operand, x: Operand): void;
  /** gin = max pooling's input gradient: gout scattered (summed) to the saved in-plane indices. */
  maxPool2dBackward?(g: PoolGeometry, gin: Operand, gout: Operand, indices: Operand): void;
  avgPool2d?(g: PoolGeometry, out: Operand, x: Operand): void;
  avgPool2dBackward?(g: PoolGeometry, gin: Operand, gout: Operand): void;
  adaptivePool2d?(g: PoolGeometry, isMax: boolean, out: Operand, indices: Operand | null, x: Operand): void;
  adaptiveAvgPool2dBackward?(g: PoolGeometry, gin: Operand, gout: Operand): void;
  /**
   * out = layer norm of each row of x (rows, cols) by its mean and biased variance, times weight
   * plus bias (each (cols) or null); mean and rstd (rows), when given, receive the statistics.
   */
  layerNorm?(out: Operand, mean: Operand | null, rstd: Operand | null, x: Operand, weight: Operand | null, bias: Operand | null,
    rows: number, cols: number, eps: number): void;
  /** layerNorm's gradients from dy, x and its mean / rstd; each gradient null when not wanted. */
  layerNormBackward?(grads: NormGrads, dy: Operand, x: Operand, mean: Operand, rstd: Operand, weight: Operand | null,
    rows: number, cols: number): void;
  /**
   * Group norm of x (N, C, HW) in `groups` groups (instance norm: groups = C): statistics per
   * (sample, group), weight and bias per channel; mean and rstd (N * groups) as layerNorm's.
   */
  groupNorm?(out: Operand, mean: Operand | null, rstd: Operand | null, x: Operand, weight: Operand | null, bias: Operand | null,
    g: GroupNormGeometry, eps: number): void;
  groupNormBackward?(grads: NormGrads, dy: Operand, x: Operand, mean: Operand, rstd: Operand, weight: Operand | null,
    g: GroupNormGeometry): void;
  /**
   * Batch norm of x (N, C, HW). Training: batch statistics, saved to saveMean / saveInvstd (C),
   * and the running statistics (when given) updated in place; eval: the running statistics.
   */
  batchNorm?(out: Operand, saveMean: Operand, saveInvstd: Operand, x: Operand, weight: Operand | null, bias: Operand | null,
    runningMean: Operand | null, runningVar: Operand | null, g: BatchNormGeometry): void;
  batchNormBackward?(grads: NormGrads, dy: Operand, x: Operand, saveMean: Operand, saveInvstd: Operand, weight: Operand | null,
    g: BatchNormGeometry): void;
  /** The time loop of one RNN layer direction; `ws` keeps what the backward needs. */
  rnnForward?(g: RnnGeometry, out: RnnForwardOutputs, inp: RnnForwardInputs, batchSizes: Operand | null): void;
  rnnBackward?(g: RnnGeometry, out: RnnBackwardOutputs, inp: RnnBackwardInputs, batchSizes: Operand | null): void;
}

/** A grouped convolution's geometry; every spatial array has 3 entries (unused dims: 1, 1, 1, 0, 1). */
export interface ConvGeometry {
  n: number; c: number; o: number; groups: number;
  input: readonly number[]; kernel: readonly number[]; output: readonly number[];
  stride: readonly number[]; padding: readonly number[]; dilation: readonly number[];
}
/** A 2-d pooling over `planes` (N*C) planes; 1-d pooling uses ih = oh = kh = 1. */
export interface PoolGeometry {
  planes: number; ih: number; iw: number; oh: number; ow: number; kh: number; kw: number;
  sh: number; sw: number; ph: number; pw: number; dh: number; dw: number;
  countIncludePad?: boolean; divisor?: number;
}
/** A group norm's (N, C, HW) view and group count. */
export interface GroupNormGeometry { n: number; c: number; hw: number; groups: number }
/** A batch norm's (N, C, HW) view; momentum and eps as `F.batch_norm`'s. */
export interface BatchNormGeometry { n: number; c: number; hw: number; training: boolean; momentum: number; eps: number }
/** Where a normalization backward writes each gradient (fresh, contiguous), null when not wanted. */
export interface NormGrads { dx: Operand | null; dweight: Operand | null; dbias: Operand | null }
export interface RnnGeometry {
  mode: 'tanh' | 'relu' | 'lstm' | 'gru'; steps: number; batch: number; hidden: number; proj: number; reverse: boolean;
}
export interface RnnForwardOutputs { out: Operand; hn: Operand; cn: Operand | null; ws: Operand }
export interface RnnForwardInputs {
  xproj: Operand; whh: Operand; bhh: Operand | null; whr: Operand | null; h0: Operand; c0: Operand | null;
}
export interface RnnBackwardOutputs { dxproj: Operand; dgh: Operand | null; dh0: Operand; dc0: Operand | null; dwhr: Operand | null }
export interface RnnBackwardInputs {
  dout: Operand; dhn: Operand; dcn: Operand | null; ws: Operand; whh: Operand; whr: Operand | null;
}

/** A device type ('cuda'): how many devices it has, and the backend of one of them ('cuda:1'). */
export interface DeviceType {
  count(): number;
  make(device: string): Backend;
}

const types = new Map<string, DeviceType>();
/** Backends made so far, by full device string ('cuda:0'). */
const made = new Map<string, Backend>();

/**
 * Registers a device type; its backends are made on first use. A CUDA build on a machine with
 * GPUs registers 'cuda', each device's backend allocating on its own GPU.
 */
export function registerDeviceType(type: string, t: DeviceType): void {
  types.set(type, t);
  for (const k of [...made.keys()]) if (k.startsWith(`${type}:`)) made.delete(k);
}

/** One backend in the slot of a device type with a single device (`${type}:0`); for tests. */
export function registerBackend(deviceType: string, backend: Backend): void {
  registerDeviceType(deviceType, { count: () => 1, make: () => backend });
}

const cuda = native.cuda;
if (cuda && cuda.deviceCount() > 0) {
  registerDeviceType('cuda', {
    count: () => cuda.deviceCount(),
    make: (device) => {
      const index = deviceIndex(device);
      return makeDeviceBackend(device, { ...cuda, alloc: (nbytes: number) => cuda.alloc(nbytes, index) });
    },
  });
}

/** The backend for a device string ('cpu', 'cuda' (the current device), 'cuda:1'). */
export function backendFor(device: string): Backend {
  if (device === 'cpu') return cpuBackend;
  const known = made.get(device);
  if (known) return known;
  const colon = device.indexOf(':');
  const type = colon < 0 ? device : device.slice(0, colon);
  const t = types.get(type);
  if (!t) {
    if (type === 'cuda') {
      if (native.cudaBuilt) throw new Error('Found no NVIDIA driver on your system. Please check that you have an NVIDIA GPU and installed a driver');
      throw new Error('Torch not compiled with CUDA enabled');
    }
    throw new Error(`Expected one of cpu, cuda device type at start of device string: ${device}`);
  }
  const index = colon < 0 ? _currentCudaIndex() : Number(device.slice(colon + 1));
  if (!(index < t.count())) throw new Error('CUDA error: invalid device ordinal');
  const full = `${type}:${index}`;
  let b = made.get(full);
  if (!b) {
    b = t.make(full);
    made.set(full, b);
  }
  return b;
}
