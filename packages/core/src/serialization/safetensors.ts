/**
 * The safetensors format: an 8-byte little-endian header length, a JSON header naming each
 * tensor's dtype, shape and byte range, then the raw little-endian bytes. Nothing in it can run
 * code; the reader validates the header fully before allocating anything.
 * @module
 */
import type { DType } from '../dtype';
import { ITEM_SIZE } from '../dtype';
import { Storage } from '../storage';
import { Tensor } from '../tensor';
import { isPlainObject } from './pickle';
import { type ByteSink, type ReadPlan } from './zip';

/** Thrown for malformed safetensors files. */
export class SafetensorsError extends Error {
  override name = 'SafetensorsError';
}

const DTYPES: Readonly<Record<string, DType>> = {
  F32: 'float32', F64: 'float64', F16: 'float16', BF16: 'bfloat16', I8: 'int8', I16: 'int16', I32: 'int32',
  I64: 'int64', U8: 'uint8', BOOL: 'bool',
};
const NAMES: Readonly<Record<DType, string>> = Object.fromEntries(Object.entries(DTYPES).map(([k, v]) => [v, k])) as Record<DType, string>;

/** The reference implementation's limit on the JSON header. */
const MAX_HEADER = 100_000_000;

/** Whether the first bytes look like a safetensors file (a sane header length, then `{`). */
export function looksLikeSafetensors(head: Uint8Array, size: number): boolean {
  if (head.byteLength < 9) return false;
  const n = new DataView(head.buffer, head.byteOffset, 8).getBigUint64(0, true);
  return n >= 2n && n <= BigInt(Math.min(MAX_HEADER, size - 8)) && head[8] === 0x7b;
}

interface Spec {
  key: string;
  dtype: DType;
  shape: number[];
  begin: number;
  end: number;
}

/** Reads a safetensors file of `size` bytes: `{ name: Tensor }` in the header's order. */
export function* loadSafetensors(size: number): ReadPlan<Record<string, Tensor> | Map<string, Tensor>> {
  if (size < 8) throw new SafetensorsError('file is too small to be a safetensors file');
  const head = yield { position: 0, length: 8 };
  const n64 = new DataView(head.buffer, head.byteOffset, 8).getBigUint64(0, true);
  if (n64 > BigInt(MAX_HEADER)) throw new SafetensorsError(`header of ${n64} bytes is too large (limit ${MAX_HEADER})`);
  const n = Number(n64);
  if (8 + n > size) throw new SafetensorsError(`header of ${n} bytes runs past the end of the file (${size} bytes)`);
  const headerBytes = yield { position: 8, length: n };
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headerBytes));
  } catch (e) {
    throw new SafetensorsError(`header is not valid UTF-8 JSON: ${(e as Error).message}`);
  }
  if (!isPlainObject(header)) throw new SafetensorsError('header must be a JSON object');
  const dataStart = 8 + n;
  const dataLen = size - dataStart;
  const specs: Spec[] = [];
  let metadata: Record<string, string> | undefined;
  for (const [key, info] of Object.entries(header)) {
    if (key === '__metadata__') {
      if (!isPlainObject(info) || !Object.values(info).every((v) => typeof v === 'string'))
        throw new SafetensorsError('__metadata__ must map strings to strings');
      metadata = info as Record<string, string>;
      continue;
    }
    if (!isPlainObject(info)) throw new SafetensorsError(`entry ${key} must be an object`);
    const { dtype: dt, shape, data_offsets: offs } = info;
    if (typeof dt !== 'string') throw new SafetensorsError(`entry ${key} has no dtype`);
    const dtype = DTYPES[dt];
    if (!dtype) throw new SafetensorsError(`entry ${key} has unsupported dtype ${JSON.stringify(dt)} (supported: ${Object.keys(DTYPES).join(', ')})`);
    if (!Array.isArray(shape) || !shape.every((s) => Number.isSafeInteger(s) && s >= 0))
      throw new SafetensorsError(`entry ${key} has an invalid shape`);
    if (!Array.isArray(offs) || offs.length !== 2 || !offs.every((o) => Number.isSafeInteger(o) && o >= 0))
      throw new SafetensorsError(`entry ${key} has invalid data_offsets`);
    const [begin, end] = offs as number[];
    if (begin > end || end > dataLen)
      throw new SafetensorsError(`entry ${key} has data_offsets [${begin}, ${end}] outside the data buffer of ${dataLen} bytes`);
    const numel = (shape as number[]).reduce((a, b) => a * b, 1);
    if (!Number.isSafeInteger(numel * ITEM_SIZE[dtype]) || end - begin !== numel * ITEM_SIZE[dtype])
      throw new SafetensorsError(`entry ${key}: shape [${shape.join(', ')}] of ${dt} needs ${numel * ITEM_SIZE[dtype]} bytes but data_offsets span ${end - begin}`);
    specs.push({ key, dtype, shape: [...(shape as number[])], begin, end });
  }
  const byOffset = specs.filter((s) => s.end > s.begin).sort((a, b) => a.begin - b.begin);
  for (let i = 1; i < byOffset.length; i++)
    if (byOffset[i].begin < byOffset[i - 1].end)
      throw new SafetensorsError(`entries ${byOffset[i - 1].key} and ${byOffset[i].key} have overlapping data_offsets`);

  const keys = specs.map((s) => s.key);
  const asMap = keys.some((k) => /^(0|[1-9]\d{0,9})$/.test(k));
  const out: Record<string, Tensor> | Map<string, Tensor> = asMap ? new Map() : {};
  for (const s of specs) {
    const nbytes = s.end - s.begin;
    const storage = Storage.allocate(nbytes, { dedicated: true });
    if (nbytes > 0) yield { position: dataStart + s.begin, length: nbytes, into: storage.view, deferrable: true };
    const strides = contiguous(s.shape);
    const t = new Tensor(storage, s.shape, strides, 0, s.dtype);
    if (out instanceof Map) out.set(s.key, t);
    else Object.defineProperty(out, s.key, { value: t, enumerable: true, writable: true, configurable: true });
  }
  if (metadata) Object.defineProperty(out, '__metadata__', { value: metadata, enumerable: false, writable: true, configurable: true });
  return out;
}

function contiguous(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/**
 * Writes a flat `{ name: Tensor }` (object or Map) as safetensors. Tensors are laid out by
 * decreasing element size, as the reference writer does, so every tensor's data is aligned;
 * each is written contiguous (views are copied, storages are not shared).
 */
export function saveSafetensors(obj: unknown, sink: ByteSink, metadata?: Record<string, string>): void {
  const entries: [string, Tensor][] = obj instanceof Map ? [...obj.entries()] : isPlainObject(obj) ? Object.entries(obj) as [string, Tensor][] : [];
  if (!(obj instanceof Map) && !isPlainObject(obj)) throw new Error('safetensors can only save a flat dict of tensors');
  for (const [k, v] of entries) {
    if (typeof k !== 'string') throw new Error('safetensors keys must be strings');
    if (!(v instanceof Tensor)) throw new Error(`safetensors can only save a flat dict of tensors, but ${k} is not a tensor`);
    if (k === '__metadata__') throw new Error('__metadata__ is reserved in safetensors');
  }
  if (metadata && !Object.values(metadata).every((v) => typeof v === 'string')) throw new Error('safetensors metadata values must be strings');
  const order = entries.map((e, i) => ({ e, i })).sort((a, b) => ITEM_SIZE[b.e[1].dtype] - ITEM_SIZE[a.e[1].dtype] || a.i - b.i);
  const header: Record<string, unknown> = {};
  if (metadata) header.__metadata__ = metadata;
  const parts: Uint8Array[] = [];
  let off = 0;
  const ranges = new Map<string, [number, number]>();
  for (const { e: [k, t] } of order) {
    const bytes = contiguousBytes(t);
    ranges.set(k, [off, off + bytes.byteLength]);
    off += bytes.byteLength;
    parts.push(bytes);
  }
  for (const [k, t] of entries) header[k] = { dtype: NAMES[t.dtype], shape: [...t.shape], data_offsets: ranges.get(k) };
  let json = JSON.stringify(header);
  const jsonLen = Buffer.byteLength(json);
  json += ' '.repeat((8 - (jsonLen % 8)) % 8); // pad so the data starts 8-byte aligned
  const hb = Buffer.from(json, 'utf8');
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(hb.byteLength));
  sink.write(len);
  sink.write(hb);
  for (const p of parts) if (p.byteLength) sink.write(p);
}

function contiguousBytes(t: Tensor): Uint8Array {
  if (t._storage.disposed) throw new Error('cannot save a tensor whose storage was disposed');
  const c = t.device === 'cpu' && t.isContiguous() ? t : t.detach().cpu().contiguous();
  const isz = ITEM_SIZE[c.dtype];
  return new Uint8Array(c._storage.view.buffer, c._storage.view.byteOffset + c._offset * isz, c.numel() * isz);
}
