/**
 * `getWorkerInfo()` (PyTorch's `torch.utils.data.get_worker_info`).
 * @module
 */

/** What a dataset running inside a DataLoader worker can learn about that worker. */
export interface WorkerInfo {
  /** This worker's id, in `[0, numWorkers)`. */
  readonly id: number;
  /** How many workers the loader runs. */
  readonly numWorkers: number;
  /** This worker's seed (`baseSeed + id`); the worker's default generator is seeded with it. */
  readonly seed: number;
  /** This worker's copy of the dataset. */
  readonly dataset: unknown;
}

// Kept on globalThis: the worker entry and the user's dataset module may load different copies
// of this package (the worker's own bundle and `@tensile/data`), which must agree.
const KEY = Symbol.for('@tensile/data.workerInfo');

/**
 * Inside a DataLoader worker: its id, the number of workers, its seed and its dataset copy;
 * `null` in the main process. Use it to split an {@link IterableDataset} between workers.
 *
 * ```ts
 * *[Symbol.iterator]() {
 *   const info = getWorkerInfo();
 *   const [id, n] = info ? [info.id, info.numWorkers] : [0, 1];
 *   for (let i = this.start + id; i < this.end; i += n) yield i;
 * }
 * ```
 */
export function getWorkerInfo(): WorkerInfo | null {
  return ((globalThis as Record<symbol, unknown>)[KEY] as WorkerInfo | undefined) ?? null;
}

/** @internal Sets this worker's info (called once by the worker entry). */
export function setWorkerInfo(info: WorkerInfo): void {
  (globalThis as Record<symbol, unknown>)[KEY] = Object.freeze({ ...info });
}
