/**
 * The CPU thread pool's size (`torch.set_num_threads`), defaulting to the machine's cores.
 * @module
 */
import { native } from './binding';

/** Sets how many threads CPU kernels use (`torch.set_num_threads`). */
export function setNumThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new Error('set_num_threads expects a positive integer');
  native.setNumThreads(n);
}

/** The number of threads CPU kernels use (`torch.get_num_threads`). */
export function getNumThreads(): number {
  return native.getNumThreads();
}
