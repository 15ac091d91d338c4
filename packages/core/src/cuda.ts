/**
 * `torch.cuda`: device queries, synchronisation and the caching allocator's statistics. On a
 * CPU-only build, or a machine without a GPU, `isAvailable()` is false, the counts and
 * statistics are 0, and the calls that need a device throw PyTorch's error, so code written for
 * both devices (`torch.cuda.isAvailable() ? 'cuda' : 'cpu'`) runs unchanged.
 * @module
 */
import { native, type CudaRuntime } from './binding';
import { backendFor } from './backend/backend';
import { autocast } from './amp';
import type { DType } from './dtype';
import { GradScaler } from './grad_scaler';
import { _currentCudaIndex, _setCurrentCudaIndex, deviceIndex, normalizeDevice } from './device';

function runtime(): CudaRuntime | null {
  return native.cuda && native.cuda.deviceCount() > 0 ? native.cuda : null;
}

function required(): CudaRuntime {
  const r = runtime();
  if (r) return r;
  if (native.cudaBuilt) throw new Error('Found no NVIDIA driver on your system. Please check that you have an NVIDIA GPU and installed a driver');
  throw new Error('Torch not compiled with CUDA enabled');
}

/** Whether CUDA tensors can be created: a CUDA build and at least one GPU. */
export function isAvailable(): boolean {
  if (!runtime()) return false;
  try {
    backendFor('cuda');
    return true;
  } catch {
    return false;
  }
}
/** Number of GPUs (0 without CUDA). */
export function deviceCount(): number {
  return runtime()?.deviceCount() ?? 0;
}
/** Whether the addon was compiled with its CUDA part. */
export function isBuilt(): boolean {
  return native.cudaBuilt;
}
/**
 * A device argument as PyTorch's torch.cuda functions take it: an index, 'cuda:N' or 'cuda'
 * (the current device), or nothing (the current device).
 */
export type CudaDeviceArg = number | string | undefined | null;

function indexOf(device: CudaDeviceArg): number {
  if (device === undefined || device === null) return _currentCudaIndex();
  if (typeof device === 'number') return device;
  const d = normalizeDevice(device);
  if (d === 'cpu') throw new Error(`Expected a cuda device, but got: ${device}`);
  return deviceIndex(d);
}

/** The GPU's name, e.g. 'NVIDIA H100 80GB HBM3'. */
export function getDeviceName(device?: CudaDeviceArg): string {
  return required().deviceName(indexOf(device));
}
/** The index of the GPU that `'cuda'` means (0 until {@link setDevice}). */
export function currentDevice(): number {
  required();
  return _currentCudaIndex();
}
/**
 * Makes `device` the current GPU: where `'cuda'` tensors are created and what the device-less
 * calls here report on. A negative index does nothing, as in PyTorch.
 */
export function setDevice(device: CudaDeviceArg): void {
  const index = indexOf(device);
  if (index < 0) return;
  const r = required();
  if (!Number.isInteger(index) || index >= r.deviceCount()) throw new Error('CUDA error: invalid device ordinal');
  r.setDevice(index);
  _setCurrentCudaIndex(index);
}
/**
 * `with torch.cuda.device(1): ...`: runs `fn` with `device` current, then restores the previous
 * current device (also when `fn` throws). Returns what `fn` returns.
 */
export function device<T>(device: CudaDeviceArg, fn: () => T): T {
  const prev = currentDevice();
  setDevice(device);
  try {
    return fn();
  } finally {
    setDevice(prev);
  }
}
/** Waits until every queued kernel of the device (by default the current one) has finished. */
export function synchronize(device?: CudaDeviceArg): void {
  required().synchronize(indexOf(device));
}
/**
 * Seeds CUDA random numbers. GPU tensors draw from the one generator `torch.manualSeed` seeds
 * (on the device, the same values a CPU tensor would get), so there is no separate CUDA
 * generator to seed and this call does nothing, as PyTorch's does on a machine without CUDA.
 */
export function manualSeed(_seed: number): void {
  /* see above */
}
/** The allocator's statistics of a device; zeros without CUDA. */
function stats(device: CudaDeviceArg) {
  return runtime()?.memoryStats(indexOf(device)) ?? { allocated: 0, reserved: 0, maxAllocated: 0 };
}
/**
 * The caching allocator's statistics under PyTorch's `torch.cuda.memory_stats()` names (the
 * subset it keeps): bytes allocated (current, peak) and reserved, `segment.all.allocated` /
 * `segment.all.freed` (cudaMalloc / cudaFree calls so far: a training loop in its steady state
 * should add none), `num_alloc_retries` (cudaMalloc failures that emptied the cache and retried)
 * and `num_ooms`. Empty without a GPU, as PyTorch's before CUDA starts.
 */
export function memoryStats(device?: CudaDeviceArg): Record<string, number> {
  const r = runtime();
  if (!r) return {};
  const s = r.memoryStats(indexOf(device));
  return {
    'allocated_bytes.all.current': s.allocated,
    'allocated_bytes.all.peak': s.maxAllocated,
    'reserved_bytes.all.current': s.reserved,
    'segment.all.allocated': s.segmentsAllocated,
    'segment.all.freed': s.segmentsFreed,
    num_alloc_retries: s.allocRetries,
    num_ooms: s.ooms,
  };
}
/** Bytes held by live tensors on the device (rounded up to the allocator's block sizes), as PyTorch reports. */
export function memoryAllocated(device?: CudaDeviceArg): number {
  return stats(device).allocated;
}
/** Bytes the caching allocator holds from the driver on the device: live tensors plus its cache. */
export function memoryReserved(device?: CudaDeviceArg): number {
  return stats(device).reserved;
}
/** The largest {@link memoryAllocated} since start or {@link resetPeakMemoryStats}. */
export function maxMemoryAllocated(device?: CudaDeviceArg): number {
  return stats(device).maxAllocated;
}
export function resetPeakMemoryStats(device?: CudaDeviceArg): void {
  runtime()?.resetPeakMemoryStats(indexOf(device));
}
/**
 * `[free, total]` bytes of the GPU's memory as the driver reports them (`torch.cuda.mem_get_info`):
 * free memory excludes what the caching allocator reserves.
 */
export function memGetInfo(device?: CudaDeviceArg): [number, number] {
  const { free, total } = required().memGetInfo(indexOf(device));
  return [free, total];
}
/** Returns the allocator's cached, unused blocks of every device to the driver (live tensors are untouched). */
export function emptyCache(): void {
  runtime()?.emptyCache();
}

/** `torch.cuda.amp`: `autocast(fn, opts)` is `torch.autocast('cuda', fn, opts)`; `GradScaler`. */
export const amp = {
  autocast<T>(fn: () => T, opts?: { dtype?: DType; enabled?: boolean }): T {
    return autocast('cuda', fn, opts);
  },
  GradScaler,
};
