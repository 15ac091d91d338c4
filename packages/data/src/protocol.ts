/**
 * Messages between a DataLoader and its workers. Every task message carries the loader's
 * epoch, so results of an abandoned pass (a consumer that broke out with persistent workers)
 * are recognised and dropped.
 * @module
 */

/** What the worker collates with: a recipe-rebuilt function, the defaults, or nothing (the loader collates). */
export type CollateSpec = { kind: 'default' } | { kind: 'convert' } | { kind: 'none' } | { kind: 'recipe'; fn: unknown };

/** Loader → worker, first message: everything the worker needs to rebuild its dataset. */
export interface InitMessage {
  type: 'init';
  workerId: number;
  numWorkers: number;
  seed: number;
  /** The encoded dataset (a recipe, or an array dataset). */
  dataset: unknown;
  iterable: boolean;
  autoCollation: boolean;
  dropLast: boolean;
  collate: CollateSpec;
  /** The encoded worker init function recipe, or null. */
  workerInit: unknown;
}

/** Loader → worker: fetch one batch (an index list) or one item (an index) of a map-style dataset. */
export interface FetchMessage {
  type: 'fetch';
  epoch: number;
  task: number;
  index: number | number[];
}

/** Loader → worker: pull the next batch of `size` items (null: one uncollated item) from the stream. */
export interface NextMessage {
  type: 'next';
  epoch: number;
  task: number;
  size: number | null;
}

/** Loader → worker: a new pass over an iterable dataset begins (persistent workers). */
export interface ResetMessage {
  type: 'reset';
  epoch: number;
}

/** Loader → worker: exit. */
export interface ShutdownMessage {
  type: 'shutdown';
}

export type ToWorker = InitMessage | FetchMessage | NextMessage | ResetMessage | ShutdownMessage;

/** An error as it crosses the boundary. */
export interface WireError {
  name: string;
  message: string;
  stack?: string;
  /** The dataset index (or indices) being loaded, when known. */
  index?: number | number[];
  /** The indices of the batch being collated, when the collate function failed. */
  collating?: number | number[] | null;
}

export type FromWorker =
  | { type: 'result'; epoch: number; task: number; data: unknown }
  | { type: 'error'; epoch: number; task: number; error: WireError }
  | { type: 'end'; epoch: number; task: number }
  | { type: 'fatal'; error: WireError };
