/**
 * The loader's side of its workers: starting them (child processes by default, or worker
 * threads), routing their messages to the active iterator, noticing crashes, and stopping them.
 * @module
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FromWorker, InitMessage, ToWorker } from './protocol';

/**
 * Where workers run. `'process'` (the default): one child process per worker, like PyTorch's
 * multiprocessing. `'thread'`: worker threads (cheaper to start, tensors move without a copy),
 * which needs a native addon whose state is per thread; see docs/data.md before using it.
 */
export type WorkerKind = 'process' | 'thread';

/** Receives one pass's worker traffic. */
export interface PoolListener {
  onMessage(workerId: number, msg: FromWorker): void;
  onFatal(error: Error): void;
}

interface WorkerHandle {
  readonly id: number;
  /** A process id or `thread <id>`, for messages. */
  readonly label: string;
  send(msg: ToWorker, transfer?: ArrayBuffer[]): void;
  ref(): void;
  unref(): void;
  /** Asks the worker to exit, kills it after `graceMs`, resolves once it is gone. */
  stop(graceMs: number): Promise<void>;
  readonly exited: boolean;
}

/** Strips debugger flags a child must not inherit (they would fight over the port). */
function inheritableExecArgv(): string[] {
  return process.execArgv.filter((a) => !/^--(inspect|debug)/.test(a));
}

/**
 * The worker entry: `worker.js` (or `worker.cjs`) beside the built bundle, or, when this package runs from its
 * TypeScript sources (vitest in the repository), `worker.ts` through the repository's
 * TypeScript loader (`scripts/ts_register.mjs`).
 */
function workerEntry(): { url: URL; execArgv: string[] } {
  const here = import.meta.url;
  if (/\.[cm]?ts$/.test(new URL(here).pathname)) {
    return { url: new URL('./worker.ts', here), execArgv: ['--import', new URL('../scripts/ts_register.mjs', here).href] };
  }
  // The worker uses this bundle's module format, so that it and a dataset module written in the
  // same format share one copy of @tensile/core.
  const file = new URL(here).pathname.endsWith('.cjs') ? './worker.cjs' : './worker.js';
  return { url: new URL(file, here), execArgv: inheritableExecArgv() };
}

function startProcess(id: number, onMessage: (m: FromWorker) => void, onExit: (why: string) => void): WorkerHandle {
  const { url, execArgv } = workerEntry();
  const child: ChildProcess = fork(fileURLToPath(url), [], { execArgv, serialization: 'advanced' });
  let exited = false;
  const gone = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = true;
      onExit(signal ? `signal: ${signal}` : `exit code ${code}`);
      resolve();
    });
  });
  child.on('message', (m) => onMessage(m as FromWorker));
  child.on('error', (e) => onExit(`error: ${e.message}`));
  return {
    id,
    label: `pid ${child.pid}`,
    get exited() { return exited; },
    send(msg) {
      if (!exited && child.connected) child.send(msg);
    },
    ref() {
      child.ref();
      (child.channel as { ref?: () => void } | undefined)?.ref?.();
    },
    unref() {
      child.unref();
      (child.channel as { unref?: () => void } | undefined)?.unref?.();
    },
    async stop(graceMs) {
      if (exited) return;
      if (child.connected) {
        child.send({ type: 'shutdown' } satisfies ToWorker);
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await gone;
      clearTimeout(timer);
    },
  };
}

function startThread(id: number, onMessage: (m: FromWorker) => void, onExit: (why: string) => void): WorkerHandle {
  const { url, execArgv } = workerEntry();
  const fromSource = url.pathname.endsWith('.ts');
  // A thread cannot take --import: from sources, a bootstrap registers the TS loader first.
  const worker = fromSource
    ? new Worker(
        `import { register } from 'node:module'; register(${JSON.stringify(new URL('../scripts/ts_hooks.mjs', url).href)}); await import(${JSON.stringify(url.href)});`,
        { eval: true, execArgv: [] },
      )
    : new Worker(url, { execArgv: execArgv.filter((a) => !a.startsWith('--import')) });
  let exited = false;
  const gone = new Promise<void>((resolve) => {
    worker.once('exit', (code) => {
      exited = true;
      onExit(`exit code ${code}`);
      resolve();
    });
  });
  worker.on('message', (m) => onMessage(m as FromWorker));
  worker.on('error', (e) => onExit(`error: ${e.message}`));
  return {
    id,
    label: `thread ${worker.threadId}`,
    get exited() { return exited; },
    send(msg, transfer) {
      if (!exited) worker.postMessage(msg, transfer ?? []);
    },
    ref: () => worker.ref(),
    unref: () => worker.unref(),
    async stop(graceMs) {
      if (exited) return;
      worker.postMessage({ type: 'shutdown' } satisfies ToWorker);
      const timer = setTimeout(() => void worker.terminate(), graceMs);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** A set of started workers, shared by the passes of a loader with persistent workers. */
export class WorkerPool {
  readonly workers: WorkerHandle[] = [];
  /** Increases with every pass; messages of older passes are ignored. */
  epoch = 0;
  /** Set once a worker died or failed to start; the pool is unusable after that. */
  fatal: Error | null = null;
  private listener: PoolListener | null = null;
  private stopping = false;
  private refs = 0;

  /** Starts `numWorkers` workers and sends each its init message (`init(id)` → message + transferables). */
  constructor(kind: WorkerKind, numWorkers: number, init: (id: number) => { msg: InitMessage; transfer: ArrayBuffer[] }) {
    const start = kind === 'thread' ? startThread : startProcess;
    // Encode every init message before starting anything: an unportable dataset fails here.
    const inits = Array.from({ length: numWorkers }, (_, id) => init(id));
    for (let id = 0; id < numWorkers; id++) {
      const h = start(
        id,
        (m) => this.route(id, m),
        (why) => {
          if (!this.stopping) this.fail(new Error(`DataLoader worker (${this.workers[id]?.label ?? `#${id}`}) exited unexpectedly (${why})`));
        },
      );
      this.workers.push(h);
      h.unref(); // referenced only while a pass waits for a message (see ref())
      h.send(inits[id].msg, inits[id].transfer);
    }
  }

  private route(id: number, m: FromWorker): void {
    if (m.type === 'fatal') {
      const stack = m.error.stack ? `\n${m.error.stack}` : '';
      this.fail(new Error(`DataLoader worker ${id} failed to start: ${m.error.name}: ${m.error.message}${stack}`));
      return;
    }
    this.listener?.onMessage(id, m);
  }

  private fail(e: Error): void {
    if (this.fatal) return;
    this.fatal = e;
    this.listener?.onFatal(e);
  }

  /** Routes messages to `listener` from now on; a previous listener is told it was superseded. */
  attach(listener: PoolListener): void {
    const prev = this.listener;
    this.listener = listener;
    if (prev && prev !== listener) prev.onFatal(new Error('DataLoader: this iterator was superseded by a newer pass over the same loader (persistentWorkers)'));
    if (this.fatal) listener.onFatal(this.fatal);
  }

  /** Stops routing to `listener` (if it is the current one). */
  detach(listener: PoolListener): void {
    if (this.listener === listener) this.listener = null;
  }

  send(id: number, msg: ToWorker): void {
    this.workers[id].send(msg);
  }

  /** Keeps the event loop alive while a pass waits on the workers (calls nest). */
  ref(): void {
    if (this.refs++ === 0) for (const w of this.workers) w.ref();
  }

  /** Undoes one ref(); unreferenced workers (idle, persistent or abandoned) never keep the program alive. */
  unref(): void {
    if (--this.refs === 0) for (const w of this.workers) w.unref();
  }

  /** Stops every worker (a busy one is killed after `graceMs`). */
  async shutdown(graceMs = 200): Promise<void> {
    this.stopping = true;
    this.listener = null;
    await Promise.all(this.workers.map((w) => w.stop(graceMs)));
  }
}
