// Hostile and broken checkpoints: torch.load refuses code, refuses lies about sizes before
// allocating, and answers every malformed file with a thrown Error — never a crash or a hang.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import * as torch from '../src/index';
import { pickle, PyGlobal, PyPersistent, PyReduce, tuple } from '../src/serialization/pickle';
import { MemorySink, ZipWriter } from '../src/serialization/zip';
import { fixture, rng } from './serialization_helpers';

const enc = new TextEncoder();
/** A PyTorch-layout archive holding the given records under `archive/`. */
function archive(records: Record<string, Uint8Array | string>): Buffer {
  const sink = new MemorySink();
  const zip = new ZipWriter(sink);
  for (const [name, data] of Object.entries(records)) zip.writeRecord(`archive/${name}`, typeof data === 'string' ? enc.encode(data) : data);
  zip.finish();
  return sink.toBuffer();
}
/** Pickle bytes from a readable opcode listing (latin1 string). */
const raw = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const F32 = new PyGlobal('torch', 'FloatStorage');
const OD = () => new PyReduce(new PyGlobal('collections', 'OrderedDict'), tuple());
function tensorPickle(numel: number, size: number[], stride: number[], offset = 0): Uint8Array {
  return pickle(new PyReduce(new PyGlobal('torch._utils', '_rebuild_tensor_v2'), tuple(
    new PyPersistent(tuple('storage', F32, '0', 'cpu', numel)), offset, tuple(...size), tuple(...stride), false, OD(),
  )));
}

describe('no code from the file is executed', () => {
  it('refuses os.system and eval reductions that PyTorch pickled', () => {
    expect(() => torch.load(fixture('evil_os_system.pt'))).toThrow(/Unsupported global: GLOBAL posix\.system.*weights_only load refuses it/);
    expect(() => torch.load(fixture('evil_eval.pt'))).toThrow(/Unsupported global: GLOBAL (__builtin__|builtins)\.eval/);
    expect(existsSync('/tmp/tensile_pwned')).toBe(false);
  });

  it('refuses hand-made pickles reaching for code', () => {
    const cases: [string, RegExp][] = [
      ['\x80\x02cos\nsystem\nX\x02\x00\x00\x00lsR.', /GLOBAL os\.system/],
      ['\x80\x02cbuiltins\ngetattr\n.', /GLOBAL builtins\.getattr/],
      ['\x80\x02X\x02\x00\x00\x00osX\x06\x00\x00\x00system\x93.', /GLOBAL os\.system/], // STACK_GLOBAL
      ['\x80\x02(X\x01\x00\x00\x00aios\nsystem\n.', /Unsupported operand 105 \(INST\)/],
      ['\x80\x02ctorch\nSize\n)\x81.', /unsupported class torch\.Size/],
      ['\x80\x02}K\x01a.', /Can only append to lists, but got dict/],
      ['\x80\x02]K\x01K\x02s.', /Can only set items of dicts, but got list/],
      ['\x80\x02]}b.', /Can only build Tensor, parameter or dict objects, but got list/],
      ['\x80\x02ccollections\nOrderedDict\n)R]b.', /OrderedDict state must be a dict, got list/],
      ['\x80\x02ctorch._utils\n_rebuild_tensor_v2\n)R.', /takes 6 or 7 arguments/],
      ['\x80\x02(X\x03\x00\x00\x00abcX\x01\x00\x00\x00xtQ.', /Only persistent_load of storage is allowed, but got abc/],
      ['\x80\x02X\x03\x00\x00\x00abc\x82\x01.', /Unsupported operand 130 \(EXT1\)/],
    ];
    for (const [p, msg] of cases) expect(() => torch.load(archive({ 'data.pkl': raw(p), version: '3\n' })), JSON.stringify(p)).toThrow(msg);
  });

  it('refuses weightsOnly: false and devices that are not there', () => {
    expect(() => torch.load(fixture('views.pt'), { weightsOnly: false })).toThrow(/weights_only=False is not supported/);
    expect(() => torch.load(fixture('views.pt'), { mapLocation: 'tpu' })).toThrow('Expected one of cpu, cuda device type at start of device string: tpu');
    if (!torch.cuda.isAvailable())
      expect(() => torch.load(fixture('views.pt'), { mapLocation: 'cuda:0' })).toThrow(torch.cuda.isBuilt() ? 'Found no NVIDIA driver' : 'Torch not compiled with CUDA enabled');
    expect(torch.load(fixture('views.pt'), { mapLocation: 'cpu' })).toBeDefined();
  });
});

describe('sizes and offsets are checked before use', () => {
  it('a storage larger than its record is refused before allocating', () => {
    const buf = archive({ 'data.pkl': tensorPickle(2 ** 40, [2 ** 40], [1]), 'data/0': new Uint8Array(16), version: '3\n' });
    expect(() => torch.load(buf)).toThrow(/holds 16 bytes but 1099511627776 float32 elements need/);
  });

  it('tensor geometry outside its storage is refused', () => {
    const buf = archive({ 'data.pkl': tensorPickle(4, [3, 2], [2, 1]), 'data/0': new Uint8Array(16), version: '3\n' });
    expect(() => torch.load(buf)).toThrow(/out of bounds for storage of size 16/);
    const off = archive({ 'data.pkl': tensorPickle(4, [2], [1], 3), 'data/0': new Uint8Array(16), version: '3\n' });
    expect(() => torch.load(off)).toThrow(/out of bounds/);
  });

  it('missing records, unknown versions, bad byte order, legacy and unknown formats', () => {
    expect(() => torch.load(archive({ 'data.pkl': tensorPickle(4, [4], [1]), version: '3\n' }))).toThrow(/missing the record archive\/data\/0/);
    expect(() => torch.load(archive({ 'data.pkl': raw('\x80\x02N.'), version: '99\n' }))).toThrow(/version "99" is not supported/);
    expect(() => torch.load(archive({ 'data.pkl': raw('\x80\x02N.'), byteorder: 'middle' }))).toThrow(/Unknown endianness type: middle/);
    expect(() => torch.load(archive({ 'weights.bin': 'x' }))).toThrow(/no archive\/data\.pkl/);
    expect(torch.load(archive({ 'data.pkl': raw('\x80\x02N.'), version: '3\n' }))).toBeNull();
    const legacy = Buffer.from([0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e, 0]);
    expect(() => torch.load(legacy)).toThrow(/legacy \(pre-1\.6\) torch\.save format/);
    expect(() => torch.load(Buffer.from('hello world, not a checkpoint'))).toThrow(/not a PyTorch checkpoint/);
    expect(() => torch.load(Buffer.alloc(0))).toThrow(/empty file/);
  });

  it('truncated archives throw', () => {
    const good = readFileSync(fixture('views.pt'));
    for (let n = 0; n < good.length; n += 23) expect(() => torch.load(good.subarray(0, n)), `cut at ${n}`).toThrow(Error);
  });

  it('wrong offsets and sizes in the ZIP headers throw', () => {
    const good = readFileSync(fixture('views.pt'));
    const cd = good.indexOf(Buffer.from('PK\x01\x02', 'latin1'));
    const patch = (at: number, v: number, bytes = 4): Buffer => {
      const b = Buffer.from(good);
      if (bytes === 4) b.writeUInt32LE(v >>> 0, at);
      else b.writeUInt16LE(v, at);
      return b;
    };
    expect(() => torch.load(patch(cd + 42, 7))).toThrow(/bad local header signature/); // local header offset
    expect(() => torch.load(patch(cd + 42, 0x7fffff00))).toThrow(/out of bounds/);
    expect(() => torch.load(patch(cd + 24, 0x7fffffff))).toThrow(/compressed size/); // size ≠ stored size
    const both = patch(cd + 20, 0x7fffffff);
    both.writeUInt32LE(0x7fffffff, cd + 24);
    expect(() => torch.load(both)).toThrow(/out of bounds/);
    expect(() => torch.load(patch(cd + 10, 12, 2))).toThrow(/compression method 12/);
    const eocd = good.lastIndexOf(Buffer.from('PK\x05\x06', 'latin1'));
    const z64loc = good.lastIndexOf(Buffer.from('PK\x06\x07', 'latin1'));
    expect(eocd).toBeGreaterThan(z64loc);
    const badLoc = Buffer.from(good);
    badLoc.writeBigUInt64LE(2n ** 52n, z64loc + 8);
    expect(() => torch.load(badLoc)).toThrow(/ZIP64 end of central directory record is out of bounds/);
    const badZ64 = Buffer.from(good);
    badZ64.writeBigUInt64LE(2n ** 40n, Number(good.readBigUInt64LE(z64loc + 8)) + 32); // entry count
    expect(() => torch.load(badZ64)).toThrow(/cannot hold/);
  });

  it('CRC mismatches are found when asked', () => {
    const b = Buffer.from(readFileSync(fixture('views.pt')));
    const i = b.indexOf(Buffer.from('views/data/0', 'latin1')) + 'views/data/0'.length;
    // the first float of storage 0 lies at the next 64-byte boundary after the FB padding
    const dataStart = b.readUInt16LE(i + 2) + i + 4;
    b[dataStart] ^= 1;
    expect(() => torch.load(b, { checkCrc: true })).toThrow(/CRC-32 mismatch for views\/data\/0/);
    expect(() => torch.load(b)).not.toThrow();
  });
});

describe('safetensors validation', () => {
  const make = (header: unknown, data: Uint8Array = new Uint8Array(0), rawHeader?: string): Buffer => {
    const h = Buffer.from(rawHeader ?? JSON.stringify(header));
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(h.length));
    return Buffer.concat([len, h, data]);
  };
  const opts = { format: 'safetensors' } as const;
  it('refuses bad headers', () => {
    const ok = make({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, new Uint8Array(8));
    expect(torch.load(ok, opts).a.shape).toEqual([2]);
    const cases: [Buffer, RegExp][] = [
      [make({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, new Uint8Array(4)), /outside the data buffer/],
      [make({ a: { dtype: 'F32', shape: [2], data_offsets: [8, 0] } }, new Uint8Array(8)), /outside the data buffer/],
      [make({ a: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, new Uint8Array(8)), /needs 12 bytes but data_offsets span 8/],
      [make({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, new Uint8Array(8)), /overlapping/],
      [make({ a: { dtype: 'C64', shape: [1], data_offsets: [0, 8] } }, new Uint8Array(8)), /unsupported dtype "C64"/],
      [make({ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 0] } }), /invalid shape/],
      [make({ a: { dtype: 'F32', shape: [1], data_offsets: [0] } }), /invalid data_offsets/],
      [make({ __metadata__: { a: 1 } }), /__metadata__ must map strings to strings/],
      [make(null, undefined, '[1, 2]'), /header must be a JSON object/],
      [make(null, undefined, '{"a": '), /not valid UTF-8 JSON/],
      [make({ a: { dtype: 'F32', shape: [2 ** 40, 2 ** 40], data_offsets: [0, 8] } }, new Uint8Array(8)), /needs/],
    ];
    for (const [b, msg] of cases) expect(() => torch.load(b, opts), String(msg)).toThrow(msg);
    const huge = Buffer.alloc(16);
    huge.writeBigUInt64LE(2n ** 60n);
    expect(() => torch.load(huge, opts)).toThrow(/too large/);
    const past = Buffer.alloc(16);
    past.writeBigUInt64LE(1000n);
    expect(() => torch.load(past, opts)).toThrow(/runs past the end/);
  });
});

describe('fuzz: mutated checkpoints load or throw an Error', () => {
  it('3000 seeded mutations of valid files', () => {
    const files = ['views.pt', 'nested.pt', 'dtypes.pt', 'deflated.pt', 'zip64.pt', 'tensors.safetensors', 'params.pt'].map((f) =>
      readFileSync(fixture(f)),
    );
    const rand = rng(20240607);
    let loaded = 0;
    let threw = 0;
    const t0 = Date.now();
    for (let c = 0; c < 3000; c++) {
      const src = files[c % files.length];
      const b = Buffer.from(src);
      const mode = rand();
      if (mode < 0.6) {
        // flip a few random bytes, biased toward headers and the pickle (the first KB and the tail)
        const k = 1 + Math.floor(rand() * 6);
        for (let i = 0; i < k; i++) {
          const r = rand();
          const at = r < 0.4 ? Math.floor(rand() * Math.min(1024, b.length)) : r < 0.7 ? b.length - 1 - Math.floor(rand() * Math.min(400, b.length)) : Math.floor(rand() * b.length);
          b[at] = Math.floor(rand() * 256);
        }
      } else if (mode < 0.8) {
        // overwrite a 4-byte field with an extreme value
        const at = Math.floor(rand() * (b.length - 4));
        b.writeUInt32LE([0, 0xffffffff, 0x7fffffff, 0x80000000, b.length, 1][Math.floor(rand() * 6)], at);
      } else {
        // truncate, or splice out a range
        const at = Math.floor(rand() * b.length);
        const cut = rand() < 0.5 ? b.subarray(0, at) : Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + Math.floor(rand() * 64)))]);
        try {
          torch.load(cut);
          loaded++;
        } catch (e) {
          expect(e).toBeInstanceOf(Error);
          threw++;
        }
        continue;
      }
      try {
        torch.load(b);
        loaded++;
      } catch (e) {
        expect(e).toBeInstanceOf(Error);
        threw++;
      }
    }
    expect(loaded + threw).toBe(3000);
    expect(threw).toBeGreaterThan(500);
    expect(loaded).toBeGreaterThan(100); // flips inside tensor data still load
    expect(Date.now() - t0).toBeLessThan(15000);
  });
});
