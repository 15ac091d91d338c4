/**
 * ZIP archives as PyTorch writes and reads them: a reader that parses the central directory
 * (ZIP64 included) and reads each entry at its position, and a writer that lays records out as
 * `torch.save` does (stored, 64-byte aligned data, data descriptors, ZIP64 end records).
 *
 * The reader never reads the whole file: it reads the end records, the central directory, and
 * then whatever entries the caller asks for, straight into the caller's memory. Its parsing is
 * written as generators that yield read requests, so one parser serves both the synchronous
 * (`fs.readSync`) and the asynchronous (`FileHandle.read`) loaders.
 * @module
 */
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { crc32 as zlibCrc32, inflateRawSync } from 'node:zlib';

/** Thrown for any archive that is not a well-formed ZIP file. */
export class ZipFormatError extends Error {
  override name = 'ZipFormatError';
}

/** A positional byte source: a file descriptor, a file handle or an in-memory buffer. */
export interface ByteSource {
  readonly size: number;
  /** Fills `dst` from `position`; throws if the source ends first. */
  read(dst: Uint8Array, position: number): void;
  close?(): void;
}
export interface AsyncByteSource {
  readonly size: number;
  read(dst: Uint8Array, position: number): Promise<void>;
  close?(): Promise<void>;
}

export class BufferSource implements ByteSource {
  readonly size: number;
  constructor(private readonly buf: Uint8Array) {
    this.size = buf.byteLength;
  }
  read(dst: Uint8Array, position: number): void {
    checkRange(position, dst.byteLength, this.size);
    dst.set(this.buf.subarray(position, position + dst.byteLength));
  }
}

export class FileSource implements ByteSource {
  readonly size: number;
  private fd: number | null;
  constructor(path: string) {
    this.fd = openSync(path, 'r');
    try {
      this.size = fstatSync(this.fd).size;
    } catch (e) {
      closeSync(this.fd);
      throw e;
    }
  }
  read(dst: Uint8Array, position: number): void {
    checkRange(position, dst.byteLength, this.size);
    let done = 0;
    while (done < dst.byteLength) {
      // readSync reads at most 2 GiB per call; loop for larger storages
      const chunk = Math.min(dst.byteLength - done, 1 << 30);
      const n = readSync(this.fd!, dst, done, chunk, position + done);
      if (n <= 0) throw new ZipFormatError(`unexpected end of file at byte ${position + done}`);
      done += n;
    }
  }
  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

export class FileHandleSource implements AsyncByteSource {
  constructor(private readonly fh: FileHandle, readonly size: number) {}
  async read(dst: Uint8Array, position: number): Promise<void> {
    checkRange(position, dst.byteLength, this.size);
    let done = 0;
    while (done < dst.byteLength) {
      const chunk = Math.min(dst.byteLength - done, 1 << 30);
      const { bytesRead } = await this.fh.read(dst, done, chunk, position + done);
      if (bytesRead <= 0) throw new ZipFormatError(`unexpected end of file at byte ${position + done}`);
      done += bytesRead;
    }
  }
  async close(): Promise<void> {
    await this.fh.close();
  }
}

function checkRange(position: number, length: number, size: number): void {
  if (!Number.isSafeInteger(position) || position < 0 || position + length > size)
    throw new ZipFormatError(`read of ${length} bytes at ${position} is outside the file (${size} bytes)`);
}

/** A read request yielded by the parsing generators: "give me `length` bytes at `position`". */
export interface ReadRequest {
  position: number;
  length: number;
  /** Where the bytes go (a tensor's storage); a fresh buffer when absent. */
  into?: Uint8Array;
  /**
   * The plan does not look at these bytes again: an asynchronous runner may let the read run
   * while the plan goes on (storages then load in parallel on libuv's thread pool).
   */
  deferrable?: boolean;
}
/** A parser that yields read requests and returns a result. */
export type ReadPlan<T> = Generator<ReadRequest, T, Uint8Array>;

/** Runs a read plan against a synchronous source. */
export function runSync<T>(plan: ReadPlan<T>, src: ByteSource): T {
  let step = plan.next();
  while (!step.done) {
    const buf = step.value.into ?? new Uint8Array(step.value.length);
    src.read(buf, step.value.position);
    step = plan.next(buf);
  }
  return step.value;
}
/** Runs a read plan against an asynchronous source. */
export async function runAsync<T>(plan: ReadPlan<T>, src: AsyncByteSource): Promise<T> {
  const pending: Promise<void>[] = [];
  try {
    let step = plan.next();
    while (!step.done) {
      const buf = step.value.into ?? new Uint8Array(step.value.length);
      const read = src.read(buf, step.value.position);
      if (step.value.into && step.value.deferrable) {
        read.catch(() => undefined); // observed by Promise.all below
        pending.push(read);
      } else await read;
      step = plan.next(buf);
    }
    await Promise.all(pending);
    return step.value;
  } catch (e) {
    await Promise.allSettled(pending); // no read may still write into memory after we return
    throw e;
  }
}

export const METHOD_STORE = 0;
export const METHOD_DEFLATE = 8;
/** DEFLATE cannot expand data by more than about 1032:1; larger declared sizes are lies. */
const MAX_DEFLATE_RATIO = 1032;

/** One file in the archive, from its central-directory record. */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  crc32: number;
  localHeaderOffset: number;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_DESCRIPTOR = 0x08074b50;

function u64(dv: DataView, off: number, what: string): number {
  const v = dv.getBigUint64(off, true);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError(`${what} ${v} is too large`);
  return Number(v);
}

/** Whether the bytes start like a ZIP archive (a local header, or the end record of an empty one). */
export function looksLikeZip(head: Uint8Array): boolean {
  if (head.byteLength < 4) return false;
  const sig = new DataView(head.buffer, head.byteOffset, 4).getUint32(0, true);
  return sig === SIG_LOCAL || sig === SIG_EOCD;
}

/**
 * Reads the end-of-central-directory record (and its ZIP64 form) and the central directory,
 * validating every offset and size against the file size.
 */
export function* readDirectory(fileSize: number): ReadPlan<ZipEntry[]> {
  if (fileSize < 22) throw new ZipFormatError('file is too small to be a zip archive');
  // The end record is 22 bytes plus a comment of up to 65535 bytes. Read a short tail first
  // (PyTorch writes no comment, and the ZIP64 records sit just before it), the longest if needed.
  let tailLen = 0;
  let tailStart = 0;
  let tail: Uint8Array = new Uint8Array(0);
  let tdv = new DataView(tail.buffer);
  let eocd = -1;
  for (const want of [512, 22 + 0xffff]) {
    if (tailLen >= Math.min(fileSize, want)) break;
    tailLen = Math.min(fileSize, want);
    tailStart = fileSize - tailLen;
    tail = yield { position: tailStart, length: tailLen };
    tdv = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tdv.getUint32(i, true) === SIG_EOCD && i + 22 + tdv.getUint16(i + 20, true) === tailLen) {
        eocd = i;
        break;
      }
    }
    if (eocd >= 0) break;
  }
  if (eocd < 0) throw new ZipFormatError('end of central directory record not found (truncated or not a zip archive)');
  let count = tdv.getUint16(eocd + 10, true);
  let cdSize = tdv.getUint32(eocd + 12, true);
  let cdOffset = tdv.getUint32(eocd + 16, true);
  const eocdPos = tailStart + eocd;
  let cdEnd = eocdPos;
  if (eocd >= 20 && tdv.getUint32(eocd - 20, true) === SIG_ZIP64_LOCATOR) {
    const z64Pos = u64(tdv, eocd - 12, 'ZIP64 end record offset');
    if (z64Pos + 56 > eocdPos - 20) throw new ZipFormatError('ZIP64 end of central directory record is out of bounds');
    const z = yield { position: z64Pos, length: 56 };
    const zdv = new DataView(z.buffer, z.byteOffset, 56);
    if (zdv.getUint32(0, true) !== SIG_ZIP64_EOCD) throw new ZipFormatError('bad ZIP64 end of central directory signature');
    count = u64(zdv, 32, 'entry count');
    cdSize = u64(zdv, 40, 'central directory size');
    cdOffset = u64(zdv, 48, 'central directory offset');
    cdEnd = z64Pos;
  }
  if (cdOffset + cdSize > cdEnd) throw new ZipFormatError(`central directory (${cdSize} bytes at ${cdOffset}) is out of bounds`);
  if (count * 46 > cdSize) throw new ZipFormatError(`central directory of ${cdSize} bytes cannot hold ${count} entries`);
  const cd = yield { position: cdOffset, length: cdSize };
  const dv = new DataView(cd.buffer, cd.byteOffset, cd.byteLength);
  const entries: ZipEntry[] = [];
  const dec = new TextDecoder('utf-8', { fatal: false });
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cdSize || dv.getUint32(p, true) !== SIG_CENTRAL) throw new ZipFormatError(`bad central directory record ${i}`);
    const flags = dv.getUint16(p + 8, true);
    const method = dv.getUint16(p + 10, true);
    const crc = dv.getUint32(p + 16, true);
    let csize = dv.getUint32(p + 20, true);
    let size = dv.getUint32(p + 24, true);
    const nameLen = dv.getUint16(p + 28, true);
    const extraLen = dv.getUint16(p + 30, true);
    const commentLen = dv.getUint16(p + 32, true);
    let lho = dv.getUint32(p + 42, true);
    const end = p + 46 + nameLen + extraLen + commentLen;
    if (end > cdSize) throw new ZipFormatError(`central directory record ${i} runs past the directory`);
    const name = dec.decode(cd.subarray(p + 46, p + 46 + nameLen));
    // ZIP64 extended information: the 0xFFFFFFFF fields, in this order, are 64-bit here.
    let e = p + 46 + nameLen;
    const extraEnd = e + extraLen;
    while (e + 4 <= extraEnd) {
      const id = dv.getUint16(e, true);
      const len = dv.getUint16(e + 2, true);
      if (e + 4 + len > extraEnd) throw new ZipFormatError(`bad extra field in central directory record for ${name}`);
      if (id === 0x0001) {
        let q = e + 4;
        const take = (): number => {
          if (q + 8 > e + 4 + len) throw new ZipFormatError(`short ZIP64 extra field for ${name}`);
          const v = u64(dv, q, 'ZIP64 field');
          q += 8;
          return v;
        };
        if (size === 0xffffffff) size = take();
        if (csize === 0xffffffff) csize = take();
        if (lho === 0xffffffff) lho = take();
      }
      e += 4 + len;
    }
    if (flags & 1) throw new ZipFormatError(`entry ${name} is encrypted`);
    if (method !== METHOD_STORE && method !== METHOD_DEFLATE)
      throw new ZipFormatError(`entry ${name} uses compression method ${method}; only stored and deflated entries are supported`);
    if (method === METHOD_STORE && csize !== size)
      throw new ZipFormatError(`stored entry ${name} has compressed size ${csize} but size ${size}`);
    if (method === METHOD_DEFLATE && size > csize * MAX_DEFLATE_RATIO + 1024)
      throw new ZipFormatError(`deflated entry ${name} declares ${size} bytes from ${csize}: impossible`);
    if (lho + 30 + csize > cdOffset) throw new ZipFormatError(`entry ${name} (${csize} bytes at ${lho}) is out of bounds`);
    entries.push({ name, method, compressedSize: csize, size, crc32: crc, localHeaderOffset: lho });
    p = end;
  }
  return entries;
}

/** Finds where an entry's data starts, from its local header (whose extra field may differ from the central one). */
export function* dataOffset(entry: ZipEntry, limit: number): ReadPlan<number> {
  const h = yield { position: entry.localHeaderOffset, length: 30 };
  const dv = new DataView(h.buffer, h.byteOffset, 30);
  if (dv.getUint32(0, true) !== SIG_LOCAL) throw new ZipFormatError(`bad local header signature for ${entry.name}`);
  const start = entry.localHeaderOffset + 30 + dv.getUint16(26, true) + dv.getUint16(28, true);
  if (start + entry.compressedSize > limit) throw new ZipFormatError(`data of entry ${entry.name} is out of bounds`);
  return start;
}

/** Reads a whole (small) entry into a fresh buffer, inflating it if it is deflated. */
export function* readEntry(entry: ZipEntry, limit: number, checkCrc = false): ReadPlan<Uint8Array> {
  const start = yield* dataOffset(entry, limit);
  const raw = yield { position: start, length: entry.compressedSize };
  const out = entry.method === METHOD_STORE ? raw : inflate(raw, entry);
  if (checkCrc) verifyCrc(out, entry);
  return out;
}

/** Inflates a deflated entry, refusing output beyond its declared size. */
export function inflate(raw: Uint8Array, entry: ZipEntry): Uint8Array {
  let out: Buffer;
  try {
    out = inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.size) });
  } catch (e) {
    throw new ZipFormatError(`cannot inflate entry ${entry.name}: ${(e as Error).message}`);
  }
  if (out.byteLength !== entry.size)
    throw new ZipFormatError(`entry ${entry.name} inflates to ${out.byteLength} bytes, expected ${entry.size}`);
  return out;
}

export function verifyCrc(data: Uint8Array, entry: ZipEntry): void {
  const c = zlibCrc32(data) >>> 0;
  if (c !== entry.crc32 >>> 0) throw new ZipFormatError(`CRC-32 mismatch for ${entry.name}`);
}

// ---- writing -------------------------------------------------------------------------------

/** Where the writer's bytes go: a file descriptor or an in-memory list of chunks. */
export interface ByteSink {
  write(data: Uint8Array): void;
}
export class FdSink implements ByteSink {
  constructor(private readonly fd: number) {}
  write(data: Uint8Array): void {
    let done = 0;
    while (done < data.byteLength) done += writeSync(this.fd, data, done, data.byteLength - done);
  }
}
export class MemorySink implements ByteSink {
  readonly chunks: Uint8Array[] = [];
  write(data: Uint8Array): void {
    this.chunks.push(data.slice());
  }
  toBuffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** torch.save aligns every record's data to 64 bytes (caffe2's kFieldAlignment). */
const FIELD_ALIGNMENT = 64;
const U32_MAX = 0xffffffff;

interface Written {
  name: Uint8Array;
  crc: number;
  size: number;
  offset: number;
}

/**
 * Writes an archive the way PyTorch's `PyTorchStreamWriter` does: every record stored, its data
 * aligned to 64 bytes with an `FB` padding extra field, followed by a data descriptor, and the
 * directory closed by ZIP64 end records (which PyTorch always writes).
 */
export class ZipWriter {
  private pos = 0;
  private readonly files: Written[] = [];
  constructor(private readonly sink: ByteSink) {}

  /** Appends one stored record; `parts` are written back to back as its data. */
  writeRecord(name: string, parts: Uint8Array | Uint8Array[]): void {
    const list = Array.isArray(parts) ? parts : [parts];
    const size = list.reduce((n, p) => n + p.byteLength, 0);
    let crc = 0;
    for (const p of list) crc = zlibCrc32(p, crc);
    const nameBytes = Buffer.from(name, 'utf8');
    const offset = this.pos;
    // ZIP64 local extra: sizes only (the offset lives in the central directory).
    const z64 = size >= U32_MAX ? 20 : 0;
    const start = offset + 30 + nameBytes.byteLength + z64 + 4;
    const pad = (FIELD_ALIGNMENT - (start % FIELD_ALIGNMENT)) % FIELD_ALIGNMENT;
    const header = Buffer.alloc(30 + nameBytes.byteLength + z64 + 4 + pad, 'Z'.charCodeAt(0));
    header.writeUInt32LE(SIG_LOCAL, 0);
    header.writeUInt16LE(0, 4); // version needed: PyTorch writes 0
    header.writeUInt16LE(0x0808, 6); // data descriptor follows; UTF-8 names
    header.writeUInt16LE(METHOD_STORE, 8);
    header.writeUInt32LE(0, 10); // time, date
    header.writeUInt32LE(0, 14); // crc in the descriptor
    header.writeUInt32LE(size >= U32_MAX ? U32_MAX : 0, 18);
    header.writeUInt32LE(size >= U32_MAX ? U32_MAX : 0, 22);
    header.writeUInt16LE(nameBytes.byteLength, 26);
    header.writeUInt16LE(z64 + 4 + pad, 28);
    nameBytes.copy(header, 30);
    let q = 30 + nameBytes.byteLength;
    if (z64) {
      header.writeUInt16LE(0x0001, q);
      header.writeUInt16LE(16, q + 2);
      header.writeBigUInt64LE(0n, q + 4);
      header.writeBigUInt64LE(0n, q + 12);
      q += 20;
    }
    header.write('FB', q, 'latin1');
    header.writeUInt16LE(pad, q + 2);
    this.emit(header);
    for (const p of list) this.emit(p);
    const desc = Buffer.alloc(size >= U32_MAX ? 24 : 16);
    desc.writeUInt32LE(SIG_DESCRIPTOR, 0);
    desc.writeUInt32LE(crc >>> 0, 4);
    if (size >= U32_MAX) {
      desc.writeBigUInt64LE(BigInt(size), 8);
      desc.writeBigUInt64LE(BigInt(size), 16);
    } else {
      desc.writeUInt32LE(size, 8);
      desc.writeUInt32LE(size, 12);
    }
    this.emit(desc);
    this.files.push({ name: nameBytes, crc: crc >>> 0, size, offset });
  }

  /** Writes the central directory and the end records. */
  finish(): void {
    const cdOffset = this.pos;
    for (const f of this.files) {
      const needSize = f.size >= U32_MAX;
      const needOff = f.offset >= U32_MAX;
      const extra = needSize || needOff ? 4 + (needSize ? 16 : 0) + (needOff ? 8 : 0) : 0;
      const rec = Buffer.alloc(46 + f.name.byteLength + extra);
      rec.writeUInt32LE(SIG_CENTRAL, 0);
      rec.writeUInt16LE(0, 4);
      rec.writeUInt16LE(0, 6);
      rec.writeUInt16LE(0x0808, 8);
      rec.writeUInt16LE(METHOD_STORE, 10);
      rec.writeUInt32LE(0, 12);
      rec.writeUInt32LE(f.crc, 16);
      rec.writeUInt32LE(needSize ? U32_MAX : f.size, 20);
      rec.writeUInt32LE(needSize ? U32_MAX : f.size, 24);
      rec.writeUInt16LE(f.name.byteLength, 28);
      rec.writeUInt16LE(extra, 30);
      rec.writeUInt32LE(needOff ? U32_MAX : f.offset, 42);
      f.name.forEach((b, i) => (rec[46 + i] = b));
      if (extra) {
        let q = 46 + f.name.byteLength;
        rec.writeUInt16LE(0x0001, q);
        rec.writeUInt16LE(extra - 4, q + 2);
        q += 4;
        if (needSize) {
          rec.writeBigUInt64LE(BigInt(f.size), q);
          rec.writeBigUInt64LE(BigInt(f.size), q + 8);
          q += 16;
        }
        if (needOff) rec.writeBigUInt64LE(BigInt(f.offset), q);
      }
      this.emit(rec);
    }
    const cdSize = this.pos - cdOffset;
    const n = this.files.length;
    const z64Offset = this.pos;
    const z = Buffer.alloc(56 + 20);
    z.writeUInt32LE(SIG_ZIP64_EOCD, 0);
    z.writeBigUInt64LE(44n, 4);
    z.writeUInt16LE(0x031e, 12); // version made by, as miniz writes it
    z.writeUInt16LE(0x002d, 14); // version needed: 4.5 (ZIP64)
    z.writeBigUInt64LE(BigInt(n), 24);
    z.writeBigUInt64LE(BigInt(n), 32);
    z.writeBigUInt64LE(BigInt(cdSize), 40);
    z.writeBigUInt64LE(BigInt(cdOffset), 48);
    z.writeUInt32LE(SIG_ZIP64_LOCATOR, 56);
    z.writeBigUInt64LE(BigInt(z64Offset), 64);
    z.writeUInt32LE(1, 72);
    this.emit(z);
    const e = Buffer.alloc(22);
    e.writeUInt32LE(SIG_EOCD, 0);
    e.writeUInt16LE(Math.min(n, 0xffff), 8);
    e.writeUInt16LE(Math.min(n, 0xffff), 10);
    e.writeUInt32LE(Math.min(cdSize, U32_MAX), 12);
    e.writeUInt32LE(Math.min(cdOffset, U32_MAX), 16);
    this.emit(e);
  }

  private emit(data: Uint8Array): void {
    if (data.byteLength === 0) return;
    this.sink.write(data);
    this.pos += data.byteLength;
  }
}
