/**
 * `torch.save` / `torch.load`: PyTorch checkpoints (ZIP + pickle) and safetensors, both ways.
 *
 * ```ts
 * import * as torch from '@tensile/core';
 * torch.save({ 'fc.weight': torch.randn(2, 3), 'fc.bias': torch.zeros(2) }, 'model.pt');
 * const sd = torch.load('model.pt');            // PyTorch reads it too: torch.load('model.pt', weights_only=True)
 * ```
 * @module
 */
import { closeSync, openSync, unlinkSync } from 'node:fs';
import { open as openAsync, unlink as unlinkAsync } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { backendFor } from '../backend/backend';
import { normalizeDevice } from '../device';
import { Storage } from '../storage';
import { Tensor } from '../tensor';
import { looksLikeSafetensors, loadSafetensors, saveSafetensors } from './safetensors';
import { loadTorchArchive, saveTorchArchive } from './torch_format';
import {
  BufferSource, FdSink, FileHandleSource, FileSource, looksLikeZip, MemorySink, runAsync, runSync,
  type ByteSink, type ByteSource, type ReadPlan,
} from './zip';

/** Options of {@link load}. */
export interface LoadOptions {
  /**
   * Only `true` (the default) is accepted: Tensile reads data, never code, which is PyTorch's
   * `weights_only=True`.
   */
  weightsOnly?: boolean;
  /**
   * Where tensors go: `'cpu'` (the default) or a GPU (`'cuda'`, `'cuda:1'`), as PyTorch's
   * `map_location`. Tensors that shared a storage in the file share one on the device too.
   */
  mapLocation?: string;
  /** `'torch'` or `'safetensors'`; detected from the file's first bytes when omitted. */
  format?: 'torch' | 'safetensors';
  /** Verify each ZIP record's CRC-32 (PyTorch does not). Default false. */
  checkCrc?: boolean;
}

/** Options of {@link save}. */
export interface SaveOptions {
  /** `'torch'` (the default) or `'safetensors'` (the default for paths ending in `.safetensors`). */
  format?: 'torch' | 'safetensors';
  /**
   * Folder name inside the archive: `'archive'` (the default, as PyTorch 2.x writes) or, as
   * PyTorch 1.x wrote, the file's stem (`'stem'` picks it from the path).
   */
  archiveName?: string;
  /** safetensors only: the header's `__metadata__` (string values). */
  metadata?: Record<string, string>;
}

const LEGACY_MAGIC = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];

function* loadPlan(size: number, opts: LoadOptions): ReadPlan<unknown> {
  if (opts.weightsOnly === false)
    throw new Error('weights_only=False is not supported: Tensile never executes code from a checkpoint; only weights_only=True loading exists');
  if (size === 0) throw new Error('cannot load an empty file');
  const head = yield { position: 0, length: Math.min(size, 16) };
  const format = opts.format ?? (looksLikeZip(head) ? 'torch' : looksLikeSafetensors(head, size) ? 'safetensors' : null);
  if (format === 'torch') return yield* loadTorchArchive(size, { checkCrc: opts.checkCrc });
  if (format === 'safetensors') return yield* loadSafetensors(size);
  if (LEGACY_MAGIC.every((b, i) => head[i] === b) || head[0] === 0x80)
    throw new Error('this file uses the legacy (pre-1.6) torch.save format, which is not supported; re-save it with PyTorch >= 1.6');
  throw new Error('not a PyTorch checkpoint (zip) or safetensors file');
}

/**
 * `torch.load(f)`: reads a PyTorch checkpoint (`.pt`/`.pth`, any PyTorch since 1.6) or a
 * safetensors file from a path or from bytes. What `weights_only=True` allows loads — tensors
 * (sharing storage as they did when saved), `nn.Parameter`s (as leaf tensors requiring grad),
 * dicts, lists, tuples, strings, numbers, booleans, None; any other Python global is refused by
 * name and nothing in the file is ever executed.
 *
 * Dicts with string keys become plain objects in the file's key order; dicts keyed otherwise (an
 * optimizer's `state`, keyed by int) become `Map`s. Tuples and lists become arrays, None `null`,
 * ints beyond 2^53 `bigint`s. Storages are read straight into the tensors' memory.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function load<T = any>(f: string | Uint8Array, opts: LoadOptions = {}): T {
  const device = targetDevice(opts);
  const src: ByteSource = typeof f === 'string' ? new FileSource(f) : new BufferSource(f);
  try {
    return placeOn(runSync(loadPlan(src.size, formatFor(f, opts)), src), device) as T;
  } finally {
    src.close?.();
  }
}

/** The device `mapLocation` names ('cpu' by default); checked before anything is read. */
function targetDevice(opts: LoadOptions): string {
  const device = normalizeDevice(opts.mapLocation ?? 'cpu');
  if (device !== 'cpu') backendFor(device); // PyTorch's error where there is no such GPU
  return device;
}

/**
 * The loaded tree with its tensors moved to `device`: each storage once, so tensors that
 * shared one still do; gradient flags are kept (loaded parameters stay leaves that require grad).
 */
function placeOn(value: unknown, device: string): unknown {
  if (device === 'cpu') return value;
  const moved = new Map<Storage, Storage>();
  const visit = (v: unknown): unknown => {
    if (v instanceof Tensor) {
      let s = moved.get(v._storage);
      if (!s) {
        const b = backendFor(device);
        s = b.allocate(v._storage.nbytes);
        const bytes = (st: Storage) => ({ _storage: st, _offset: 0, _shape: [st.nbytes], _strides: [1], dtype: 'uint8' as const, _contiguous: true });
        if (s.nbytes > 0) b.copy(bytes(s), bytes(v._storage));
        moved.set(v._storage, s);
      }
      const t = new Tensor(s, [...v._shape], [...v._strides], v._offset, v.dtype);
      return v.requiresGrad ? t.requiresGrad_() : t;
    }
    if (Array.isArray(v)) return v.map(visit);
    if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, visit(x)]));
    if (typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype)
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, visit(x)]));
    return v;
  };
  return visit(value);
}

/** {@link load} without blocking the event loop: reads go through `FileHandle.read`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function loadAsync<T = any>(f: string | Uint8Array, opts: LoadOptions = {}): Promise<T> {
  if (typeof f !== 'string') return load<T>(f, opts);
  const device = targetDevice(opts);
  const fh = await openAsync(f, 'r');
  try {
    const { size } = await fh.stat();
    return placeOn(await runAsync(loadPlan(size, formatFor(f, opts)), new FileHandleSource(fh, size)), device) as T;
  } finally {
    await fh.close();
  }
}

function formatFor(f: string | Uint8Array, opts: LoadOptions): LoadOptions {
  if (opts.format || typeof f !== 'string' || extname(f).toLowerCase() !== '.safetensors') return opts;
  return { ...opts, format: 'safetensors' };
}

function writeTo(obj: unknown, sink: ByteSink, path: string | null, opts: SaveOptions): void {
  const format = opts.format ?? (path && extname(path).toLowerCase() === '.safetensors' ? 'safetensors' : 'torch');
  if (format === 'safetensors') return saveSafetensors(obj, sink, opts.metadata);
  if (format !== 'torch') throw new Error(`unknown format ${JSON.stringify(format)}`);
  let archiveName = opts.archiveName;
  if (archiveName === 'stem') archiveName = path ? basename(path, extname(path)) || 'archive' : 'archive';
  saveTorchArchive(obj, sink, { archiveName });
}

/**
 * `torch.save(obj, path)`: writes `obj` — a state dict, a nested checkpoint
 * (`{ model, optimizer, epoch, loss }`), a tensor, or any tree of tensors, numbers, strings,
 * booleans, null, arrays, Maps and plain objects — in PyTorch's ZIP format, which PyTorch (1.6
 * and later) reads with `torch.load(path, weights_only=True)`. Tensors sharing a storage are
 * saved sharing it. A path ending in `.safetensors` (or `{ format: 'safetensors' }`) writes a
 * flat `{ name: Tensor }` as safetensors instead.
 *
 * JavaScript numbers that are integers are written as Python ints, others as floats.
 */
export function save(obj: unknown, f: string, opts: SaveOptions = {}): void {
  // serialize the pickle before touching the file, so a bad object leaves no file behind
  const sink = new DeferredSink();
  writeTo(obj, sink, f, opts);
  const fd = openSync(f, 'w');
  let ok = false;
  try {
    const out = new FdSink(fd);
    for (const c of sink.chunks) out.write(c);
    ok = true;
  } finally {
    closeSync(fd);
    if (!ok) unlinkSafe(f);
  }
}

/** {@link save} without blocking the event loop while writing. Do not modify the tensors until it resolves. */
export async function saveAsync(obj: unknown, f: string, opts: SaveOptions = {}): Promise<void> {
  const sink = new DeferredSink();
  writeTo(obj, sink, f, opts);
  const fh = await openAsync(f, 'w');
  let ok = false;
  try {
    for (const c of sink.chunks) {
      let done = 0;
      while (done < c.byteLength) done += (await fh.write(c, done, c.byteLength - done)).bytesWritten;
    }
    ok = true;
  } finally {
    await fh.close();
    if (!ok) await unlinkAsync(f).catch(() => undefined);
  }
}

/** @internal Serializes to bytes in memory (tests, and callers that upload checkpoints). */
export function saveToBuffer(obj: unknown, opts: SaveOptions & { path?: string } = {}): Buffer {
  const sink = new MemorySink();
  writeTo(obj, sink, opts.path ?? null, opts);
  return sink.toBuffer();
}

/** Keeps references to the chunks (tensor memory is not copied) until they are written. */
class DeferredSink implements ByteSink {
  readonly chunks: Uint8Array[] = [];
  write(data: Uint8Array): void {
    this.chunks.push(data);
  }
}

function unlinkSafe(f: string): void {
  try {
    unlinkSync(f);
  } catch {
    /* the partial file may already be gone */
  }
}
