/**
 * The typed binding to the native addon: the only module that touches `@tensile/native`.
 *
 * Every kernel reads its scalar arguments from one shared `Float64Array` ({@link META}) that
 * the caller fills just before the call, so a call passes only the storages (byte views) it works on.
 * The addon validates every offset, stride and size in that block against the buffers.
 * @module
 */
import { createRequire } from 'node:module';

/**
 * What a kernel entry takes for a storage: host bytes (a view or an ArrayBuffer), or in a CUDA
 * build the addon's handle of a block of device memory.
 */
export type NativeBuffer = ArrayBuffer | Uint8Array | DeviceHandle;
/** An opaque block of device memory owned by the addon (freed by `cuda.free` or the GC). */
export interface DeviceHandle { readonly __deviceMemory: unique symbol }

/** A kernel entry: buffers in, results written in place (scalars travel in META). */
type Kernel = (...buffers: (NativeBuffer | undefined | null)[]) => void;

/**
 * The kernel entries, by name. The entries that have CUDA kernels (elementwise ops, copies and
 * fills, reductions, softmax, matmul) run them when handed device buffers; the others accept
 * host buffers only.
 */
export interface NativeKernels {
  unary: Kernel;
  binary: Kernel;
  where: Kernel;
  copy: Kernel;
  fill: Kernel;
  range: Kernel;
  reduce: Kernel;
  reduceArg: Kernel;
  scan: Kernel;
  softmax: Kernel;
  softmaxBackward: Kernel;
  matmul: Kernel;
  sort: Kernel;
  topk: Kernel;
  take: Kernel;
  put: Kernel;
  nonzero: (out: NativeBuffer | null, input: NativeBuffer) => number;
  random: Kernel;
  bernoulli: Kernel;
  randperm: Kernel;
  multinomial: Kernel;
  alloc: (bytes: number) => ArrayBuffer;
  free: (buffer: ArrayBuffer) => void;
  emptyCache: () => void;
  // fused optimizer updates (native/src/optim_binding.cc): (param, grad, state0, state1, state2)
  sgdStep: Kernel;
  adamStep: Kernel;
  adamaxStep: Kernel;
  nadamStep: Kernel;
  radamStep: Kernel;
  rmspropStep: Kernel;
  adagradStep: Kernel;
  adadeltaStep: Kernel;
  // neural-network kernels (native/src/nn_binding.cc); optional: a device may lack them
  convForward?: Kernel;
  convBackwardInput?: Kernel;
  convBackwardWeight?: Kernel;
  im2col?: Kernel;
  col2im?: Kernel;
  maxPool2d?: Kernel;
  maxPool2dBackward?: Kernel;
  avgPool2d?: Kernel;
  avgPool2dBackward?: Kernel;
  adaptivePool2d?: Kernel;
  adaptiveAvgPool2dBackward?: Kernel;
  layerNorm?: Kernel;
  layerNormBackward?: Kernel;
  groupNorm?: Kernel;
  groupNormBackward?: Kernel;
  batchNorm?: Kernel;
  batchNormBackward?: Kernel;
  rnnForward?: Kernel;
  rnnBackward?: Kernel;
}

/** The addon's CUDA runtime (CUDA builds only): devices, the caching allocator, transfers. */
export interface CudaRuntime {
  /** A fresh block of nbytes on that device, by default the current one (PyTorch's out-of-memory error when full). */
  alloc(nbytes: number, device?: number): DeviceHandle;
  /** Returns the block to the cache now; later uses of it throw. */
  free(block: DeviceHandle): void;
  /** Host bytes into the block at byteOffset. */
  upload(block: DeviceHandle, byteOffset: number, src: Uint8Array): void;
  /** The block's bytes from byteOffset into dst; waits for the work queued before it. */
  download(dst: Uint8Array, block: DeviceHandle, byteOffset: number): void;
  /** bytes from one GPU's block to another's, directly; returns when the copy is done. */
  copyPeer(dst: DeviceHandle, dstByteOffset: number, src: DeviceHandle, srcByteOffset: number, bytes: number): void;
  deviceCount(): number;
  deviceName(device?: number): string;
  currentDevice(): number;
  setDevice(device: number): void;
  /** synchronize, memoryStats and resetPeakMemoryStats work on the given device, by default the current one. */
  synchronize(device?: number): void;
  memoryStats(device?: number): {
    allocated: number; reserved: number; maxAllocated: number;
    segmentsAllocated: number; segmentsFreed: number; allocRetries: number; ooms: number;
  };
  emptyCache(): void;
  resetPeakMemoryStats(device?: number): void;
  /** The driver's free and total bytes of the device's memory (cudaMemGetInfo). */
  memGetInfo(device?: number): { free: number; total: number };
  setAllowTf32(allow: boolean): void;
  /** torch.backends.cudnn.enabled and .allowTf32 */
  setCudnnFlags(enabled: boolean, allowTf32: boolean): void;
  /** cuDNN's version, 0 when it is not built in or cannot start. */
  cudnnVersion(): number;
}

interface NativeAddon {
  cpu: NativeKernels;
  cuda?: CudaRuntime;
  init(meta: Float64Array): void;
  opNames(): { unary: string[]; binary: string[]; reduce: string[] };
  setNumThreads(n: number): void;
  getNumThreads(): number;
  cudaBuilt: boolean;
}

const require = createRequire(import.meta.url);
export const native: NativeAddon = require('@tensile/native');

/**
 * Scalar arguments of the next native call (see native/src/addon.cc for each kernel's layout).
 * Kept on the addon object so that every copy of this module loaded in one thread (the ESM and
 * the CommonJS build, say) shares the one block the addon reads.
 */
export const META: Float64Array = (() => {
  const holder = native as NativeAddon & { metaBlock?: Float64Array };
  if (!holder.metaBlock) {
    holder.metaBlock = new Float64Array(1024);
    native.init(holder.metaBlock);
  }
  return holder.metaBlock;
})();

const names = native.opNames();
function codes<K extends string>(list: string[]): Record<K, number> {
  return Object.fromEntries(list.map((n, i) => [n, i])) as Record<K, number>;
}

/** Native op codes by name; the addon's ops.h is the single definition. */
export const UNARY = codes<UnaryOpName>(names.unary);
export const BINARY = codes<BinaryOpName>(names.binary);
export const REDUCE = codes<ReduceOpName>(names.reduce);

export type UnaryOpName =
  | 'neg' | 'abs' | 'sign' | 'square' | 'reciprocal' | 'relu' | 'exp' | 'exp2' | 'expm1' | 'log' | 'log2'
  | 'log10' | 'log1p' | 'sqrt' | 'rsqrt' | 'sin' | 'cos' | 'tan' | 'asin' | 'acos' | 'atan' | 'sinh'
  | 'cosh' | 'tanh' | 'asinh' | 'acosh' | 'atanh' | 'sigmoid' | 'logsigmoid' | 'erf' | 'erfc' | 'erfinv'
  | 'floor' | 'ceil' | 'round' | 'trunc' | 'frac' | 'gelu' | 'gelu_tanh' | 'silu' | 'mish' | 'softplus'
  | 'elu' | 'selu' | 'celu' | 'leaky_relu' | 'hardtanh' | 'hardswish' | 'hardsigmoid' | 'softsign'
  | 'tanhshrink' | 'threshold' | 'clamp' | 'clamp_min' | 'clamp_max' | 'pow_scalar' | 'rpow_scalar'
  | 'bitwise_not' | 'logical_not' | 'isnan' | 'isinf' | 'isfinite' | 'isposinf' | 'isneginf' | 'signbit'
  | 'nan_to_num' | 'lgamma' | 'digamma' | 'trigamma' | 'round_decimals' | 'hardshrink' | 'softshrink';

export type BinaryOpName =
  | 'add' | 'sub' | 'mul' | 'div' | 'div_trunc' | 'div_floor' | 'pow' | 'maximum' | 'minimum' | 'fmax'
  | 'fmin' | 'atan2' | 'remainder' | 'fmod' | 'hypot' | 'copysign' | 'xlogy' | 'eq' | 'ne' | 'lt' | 'le'
  | 'gt' | 'ge' | 'logical_and' | 'logical_or' | 'logical_xor' | 'bitwise_and' | 'bitwise_or'
  | 'bitwise_xor' | 'lshift' | 'rshift' | 'threshold_backward' | 'sigmoid_backward' | 'tanh_backward'
  | 'lerp_scalar';

export type ReduceOpName =
  | 'sum' | 'prod' | 'amax' | 'amin' | 'all' | 'any' | 'sum_sq' | 'sum_abs' | 'count_nonzero' | 'nansum';

/** Scan kernels, in the order of the addon's `ScanOp`. */
export const SCAN = { cumsum: 0, cumprod: 1, logcumsumexp: 2, cummax: 3, cummin: 4 } as const;
/** Random kernels, in the order of the addon's `RandomOp`. */
export const RANDOM = {
  uniform: 0, normal: 1, bernoulli: 2, randint: 3, exponential: 4, geometric: 5, logNormal: 6, cauchy: 7,
} as const;
