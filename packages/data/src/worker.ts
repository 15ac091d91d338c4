/**
 * The DataLoader worker entry (built to `dist/worker.js`; run from `src/worker.ts` through the
 * repository's TypeScript loader in tests). It runs in a child process (or a worker thread),
 * rebuilds the dataset from its recipe, then answers fetch requests: map-style tasks run
 * concurrently (an async dataset keeps many items in flight), stream pulls run in order.
 * @module
 */
import { parentPort } from 'node:worker_threads';
import * as torch from '@tensile/core';
import { defaultCollate, defaultConvert } from './collate';
import { isPromiseLike } from './dataset';
import { FAILED_COLLATE, FAILED_INDEX, IterableFetcher, MapFetcher, type AnyCollate } from './fetch';
import type { FromWorker, InitMessage, ToWorker, WireError } from './protocol';
import { encode, revive } from './wire';
import { setWorkerInfo } from './worker_info';

type Fetcher = { map: MapFetcher } | { iterable: () => IterableFetcher; current: IterableFetcher };

const post: (msg: FromWorker, transfer: ArrayBuffer[]) => void = parentPort
  ? (msg, transfer) => parentPort!.postMessage(msg, transfer)
  : (msg) => {
      // The loader may be gone (it exits without waiting for us): drop the message then.
      if (process.connected) process.send!(msg, undefined, undefined, () => {});
    };

function wireError(e: unknown): WireError {
  const err = e instanceof Error ? e : new Error(String(e));
  const out: WireError = { name: err.name, message: err.message, stack: err.stack };
  const idx = (e as Record<symbol, unknown> | null)?.[FAILED_INDEX];
  if (idx !== undefined) out.index = idx as number | number[];
  if (e !== null && typeof e === 'object' && FAILED_COLLATE in e) out.collating = (e as Record<symbol, unknown>)[FAILED_COLLATE] as number[] | null;
  return out;
}

let setup: Promise<Fetcher> | null = null;
/** Stream pulls (and resets) run one after another. */
let streamQueue: Promise<unknown> = Promise.resolve();

async function init(msg: InitMessage): Promise<Fetcher> {
  torch.manualSeed(msg.seed);
  const dataset = (await revive(msg.dataset)) as object;
  setWorkerInfo({ id: msg.workerId, numWorkers: msg.numWorkers, seed: msg.seed, dataset });
  let collateFn: AnyCollate;
  switch (msg.collate.kind) {
    case 'default': collateFn = defaultCollate as AnyCollate; break;
    case 'convert': collateFn = defaultConvert as AnyCollate; break;
    case 'none': collateFn = null; break;
    default: collateFn = (await revive(msg.collate.fn)) as AnyCollate;
  }
  if (msg.workerInit !== null) {
    const fn = (await revive(msg.workerInit)) as (id: number) => unknown;
    await fn(msg.workerId);
  }
  if (!msg.iterable) return { map: new MapFetcher(dataset as never, msg.autoCollation, collateFn) };
  const make = () => new IterableFetcher(dataset, msg.autoCollation, collateFn, msg.dropLast, true);
  return { iterable: make, current: make() };
}

function postResult(epoch: number, task: number, value: unknown): void {
  try {
    const transfer: ArrayBuffer[] = [];
    const data = encode(value, transfer, 'batch');
    post({ type: 'result', epoch, task, data }, transfer);
  } catch (e) {
    post({ type: 'error', epoch, task, error: wireError(e) }, []);
  }
}

function reply(epoch: number, task: number, run: () => Promise<{ done: true } | { done: false; value: unknown }>): Promise<void> {
  return run().then(
    (r) => (r.done ? post({ type: 'end', epoch, task }, []) : postResult(epoch, task, r.value)),
    (e) => post({ type: 'error', epoch, task, error: wireError(e) }, []),
  );
}

/**
 * Runs one map-style task. A batch of synchronous items is answered before this returns, so a
 * CPU-bound worker posts each batch as soon as it is ready; async items overlap across tasks.
 */
function runFetch(fetcher: MapFetcher, epoch: number, task: number, index: number | number[]): void {
  let out: unknown;
  try {
    out = fetcher.fetch(index);
  } catch (e) {
    post({ type: 'error', epoch, task, error: wireError(e) }, []);
    return;
  }
  if (isPromiseLike(out))
    Promise.resolve(out).then(
      (v) => postResult(epoch, task, v),
      (e) => post({ type: 'error', epoch, task, error: wireError(e) }, []),
    );
  else postResult(epoch, task, out);
}

/** The map fetcher once set up; tasks that arrive earlier wait in `early`, in order. */
let mapFetcher: MapFetcher | null = null;
const early: { epoch: number; task: number; index: number | number[] }[] = [];

function onMessage(msg: ToWorker): void {
  switch (msg.type) {
    case 'init':
      setup = init(msg);
      setup.then(
        (f) => {
          if (!('map' in f)) return;
          mapFetcher = f.map;
          for (const t of early.splice(0)) runFetch(f.map, t.epoch, t.task, t.index);
        },
        (e) => {
          post({ type: 'fatal', error: wireError(e) }, []);
          for (const t of early.splice(0)) post({ type: 'error', epoch: t.epoch, task: t.task, error: wireError(e) }, []);
        },
      );
      return;
    case 'fetch':
      if (mapFetcher) runFetch(mapFetcher, msg.epoch, msg.task, msg.index);
      else early.push({ epoch: msg.epoch, task: msg.task, index: msg.index });
      return;
    case 'next': {
      const { epoch, task, size } = msg;
      streamQueue = streamQueue.then(() =>
        reply(epoch, task, async () => ((await setup!) as { current: IterableFetcher }).current.fetchAsync(size)),
      );
      return;
    }
    case 'reset':
      streamQueue = streamQueue.then(async () => {
        const f = (await setup!) as { iterable: () => IterableFetcher; current: IterableFetcher };
        f.current.close();
        f.current = f.iterable();
      }).catch((e) => post({ type: 'fatal', error: wireError(e) }, []));
      return;
    case 'shutdown':
      shutdown();
  }
}

function shutdown(): void {
  if (parentPort) parentPort.close();
  else if (process.connected) process.disconnect();
  // Let pending output flush, but do not wait on the dataset's timers or handles.
  setImmediate(() => process.exit(0));
}

if (parentPort) {
  parentPort.on('message', onMessage);
} else if (process.send) {
  process.on('message', (m) => onMessage(m as ToWorker));
  // The loader's process went away: nothing left to do.
  process.on('disconnect', () => process.exit(0));
} else {
  throw new Error('@tensile/data worker: started without a parent (it is run by DataLoader)');
}
