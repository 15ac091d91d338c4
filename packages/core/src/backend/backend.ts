/**
 * The device dispatch table: every op reaches its kernels through the {@link Backend} of its
 * tensors' device, so a new device (CUDA) plugs in by registering one more backend.
 * @module
 */
import type { BinaryOpName, ReduceOpName, SCAN, UnaryOpName } from '../binding';
import type { DType } from '../dtype';
import type { Shape } from '../shape';
import type { Storage } from '../storage';
import { cpuBackend } from './cpu';

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
}

const backends = new Map<string, Backend>([['cpu', cpuBackend]]);

export function registerBackend(deviceType: string, backend: Backend): void {
  backends.set(deviceType, backend);
}

/** The backend for a device string ('cpu', 'cuda', 'cuda:1'). */
export function backendFor(device: string): Backend {
  if (device === 'cpu') return cpuBackend;
  const colon = device.indexOf(':');
  const type = colon < 0 ? device : device.slice(0, colon);
  const b = backends.get(type);
  if (!b) {
    if (type === 'cuda') throw new Error('Torch not compiled with CUDA enabled');
    throw new Error(`Expected one of cpu, cuda device type at start of device string: ${device}`);
  }
  return b;
}
