// Shared by the serialization tests: fixture paths, the golden descriptions that
// gen_checkpoints.py wrote with PyTorch, and a comparer of loaded values against them.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

import { Tensor } from '../src/tensor';
import { TUPLES } from '../src/serialization/pickle';
import { PARAMETERS, ORDERED_DICTS } from '../src/serialization/torch_format';
import { BufferSource, readDirectory, readEntry, runSync, type ZipEntry, dataOffset } from '../src/serialization/zip';
import { ITEM_SIZE } from '../src/dtype';

const here = dirname(fileURLToPath(import.meta.url));
export const FIXTURES = join(here, 'golden', 'checkpoints');
export const fixture = (name: string): string => join(FIXTURES, name);
export const golden = JSON.parse(readFileSync(join(here, 'golden', 'checkpoints.json'), 'utf8')) as Record<string, Desc> & {
  resnet18: {
    random: { key: string; dtype: string; shape: number[]; sum: number }[];
    pattern: { key: string; dtype: string; shape: number[]; sum: number; first: (number | string)[] }[];
    metadata: [string, Record<string, number>][];
  };
};
export { existsSync };

type Desc = unknown;
interface TensorDesc {
  dtype: string;
  shape: number[];
  stride: number[];
  offset: number;
  storage: number;
  storage_numel: number;
  requires_grad: boolean;
  parameter: boolean;
  values: (number | string | boolean)[];
}

/** Values of a tensor as JSON-comparable scalars: floats as numbers ('nan', 'inf', '-0' tags), int64 as strings. */
export function tensorValues(t: Tensor): (number | string | boolean)[] {
  if (t.dtype === 'bool') return Array.from(t.contiguous().toArray() as Uint8Array, (v) => v !== 0);
  if (t.dtype === 'int64') return Array.from(t.contiguous().toArray() as BigInt64Array, (v) => String(v));
  const arr = t.isFloatingPoint() ? (t.to('float64').contiguous().toArray() as Float64Array) : t.contiguous().toArray();
  return Array.from(arr as ArrayLike<number>, (v) => encFloat(v));
}
function encFloat(v: number): number | string {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (Object.is(v, -0)) return '-0';
  return v;
}

/** Checks `actual` (what torch.load returned) against the PyTorch-made description. */
export function expectMatches(actual: unknown, desc: Desc, storages = new Map<number, unknown>(), path = '$'): void {
  if (desc === null) return expect(actual, path).toBeNull();
  if (typeof desc === 'string' || typeof desc === 'boolean') return expect(actual, path).toBe(desc);
  if (Array.isArray(desc)) {
    expect(Array.isArray(actual), `${path} is an array`).toBe(true);
    expect(TUPLES.has(actual as unknown[]), `${path} is a list, not a tuple`).toBe(false);
    expect((actual as unknown[]).length, path).toBe(desc.length);
    desc.forEach((d, i) => expectMatches((actual as unknown[])[i], d, storages, `${path}[${i}]`));
    return;
  }
  const d = desc as Record<string, unknown>;
  if ('__int__' in d) {
    const want = BigInt(d.__int__ as string);
    expect(typeof actual === 'bigint' ? actual : BigInt(actual as number), path).toBe(want);
    if (typeof actual === 'number') expect(Number.isSafeInteger(actual), path).toBe(true);
    return;
  }
  if ('__float__' in d) return expect(encFloat(actual as number), path).toEqual(d.__float__);
  if ('__tuple__' in d) {
    expect(Array.isArray(actual) && TUPLES.has(actual), `${path} is a tuple`).toBe(true);
    const items = d.__tuple__ as Desc[];
    expect((actual as unknown[]).length, path).toBe(items.length);
    items.forEach((x, i) => expectMatches((actual as unknown[])[i], x, storages, `${path}[${i}]`));
    return;
  }
  if ('__dict__' in d) {
    const pairs = d.__dict__ as [Desc, Desc][];
    const stringKeys = pairs.every(([k]) => typeof k === 'string');
    let entries: [unknown, unknown][];
    if (actual instanceof Map) {
      expect(stringKeys && pairs.every(([k]) => !/^\d+$/.test(k as string)), `${path}: a Map only for non-string keys`).toBe(false);
      entries = [...actual.entries()];
    } else {
      expect(typeof actual === 'object' && actual !== null, `${path} is an object`).toBe(true);
      expect(stringKeys, `${path}: an object only for string keys`).toBe(true);
      entries = Object.entries(actual as object);
    }
    expect(entries.map(([k]) => k), `${path} keys`).toEqual(pairs.map(([k]) => (typeof k === 'string' ? k : Number(BigInt((k as { __int__: string }).__int__)))));
    expect(ORDERED_DICTS.has(actual as object), `${path} OrderedDict`).toBe(d.ordered);
    pairs.forEach(([, v], i) => expectMatches(entries[i][1], v, storages, `${path}.${String(entries[i][0])}`));
    return;
  }
  if ('__tensor__' in d) {
    const td = d.__tensor__ as TensorDesc;
    expect(actual instanceof Tensor, `${path} is a tensor`).toBe(true);
    const t = actual as Tensor;
    expect(t.dtype, `${path} dtype`).toBe(td.dtype);
    expect([...t.shape], `${path} shape`).toEqual(td.shape);
    expect([...t.stride()], `${path} stride`).toEqual(td.stride);
    expect(t.storageOffset(), `${path} offset`).toBe(td.offset);
    expect(t._storage.nbytes / ITEM_SIZE[t.dtype], `${path} storage size`).toBe(td.storage_numel);
    expect(t.requiresGrad, `${path} requires_grad`).toBe(td.requires_grad);
    expect(PARAMETERS.has(t), `${path} parameter`).toBe(td.parameter);
    expect(t.isLeaf, `${path} leaf`).toBe(true);
    // views that shared a storage in PyTorch share one here, and only those
    const seen = storages.get(td.storage);
    if (seen === undefined) {
      expect([...storages.values()].includes(t._storage), `${path} storage is not shared with another`).toBe(false);
      storages.set(td.storage, t._storage);
    } else expect(t._storage === seen, `${path} shares its storage`).toBe(true);
    expect(tensorValues(t), `${path} values`).toEqual(td.values);
    return;
  }
  throw new Error(`bad description at ${path}`);
}

/** The records of an archive: name → bytes, plus each record's data offset. */
export function records(buf: Uint8Array): { names: string[]; data: Map<string, Uint8Array>; offsets: Map<string, number>; entries: ZipEntry[] } {
  const src = new BufferSource(buf);
  const entries = runSync(readDirectory(buf.byteLength), src);
  const data = new Map<string, Uint8Array>();
  const offsets = new Map<string, number>();
  for (const e of entries) {
    data.set(e.name, runSync(readEntry(e, buf.byteLength, true), src));
    offsets.set(e.name, runSync(dataOffset(e, buf.byteLength), src));
  }
  return { names: entries.map((e) => e.name), data, offsets, entries };
}

/** A small seeded PRNG (mulberry32) for the fuzz tests. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
