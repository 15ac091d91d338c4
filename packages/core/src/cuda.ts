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
/** The GPU's name, e.g. 'NVIDIA H100 80GB HBM3'. */
export function getDeviceName(device = 0): string {
  return required().deviceName(device);
}
export function currentDevice(): number {
  return required().currentDevice();
}
/** Waits until every queued kernel of the current device has finished. */
export function synchronize(): void {
  required().synchronize();
}
/**
 * Seeds CUDA random numbers. GPU tensors draw from the one generator `torch.manualSeed` seeds
 * (on the device, the same values a CPU tensor would get), so there is no separate CUDA
 * generator to seed and this call does nothing, as PyTorch's does on a machine without CUDA.
 */
export function manualSeed(_seed: number): void {
  /* see above */
}
/** Bytes held by live CUDA tensors (rounded up to the allocator's block sizes), as PyTorch reports. */
export function memoryAllocated(): number {
  return runtime()?.memoryStats().allocated ?? 0;
}
/** Bytes the caching allocator holds from the driver: live tensors plus its cache. */
export function memoryReserved(): number {
  return runtime()?.memoryStats().reserved ?? 0;
}
/** The largest {@link memoryAllocated} since start or {@link resetPeakMemoryStats}. */
export function maxMemoryAllocated(): number {
  return runtime()?.memoryStats().maxAllocated ?? 0;
}
export function resetPeakMemoryStats(): void {
  runtime()?.resetPeakMemoryStats();
}
/** Returns the allocator's cached, unused blocks to the driver (live tensors are untouched). */
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
