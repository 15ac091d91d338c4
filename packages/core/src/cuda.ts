/**
 * `torch.cuda`: device queries. This build has no CUDA kernels registered yet, so
 * `isAvailable()` is false and CUDA tensors cannot be created; the names exist so code written
 * for both devices runs unchanged on the CPU (`torch.cuda.isAvailable() ? 'cuda' : 'cpu'`).
 * @module
 */
import { native } from './binding';

export function isAvailable(): boolean {
  return false;
}
export function deviceCount(): number {
  return 0;
}
/** Whether the addon was compiled with its CUDA part. */
export function isBuilt(): boolean {
  return native.cudaBuilt;
}
function noDevice(): never {
  throw new Error('Torch not compiled with CUDA enabled');
}
export function getDeviceName(_device = 0): string {
  return noDevice();
}
export function currentDevice(): number {
  return noDevice();
}
export function synchronize(): void {
  noDevice();
}
export function manualSeed(_seed: number): void {
  /* no CUDA generators to seed; matches torch.cuda.manual_seed on a CPU-only build (silently ignored) */
}
export function memoryAllocated(): number {
  return 0;
}
export function memoryReserved(): number {
  return 0;
}
export function maxMemoryAllocated(): number {
  return 0;
}
export function emptyCache(): void {
  /* nothing cached without CUDA */
}
