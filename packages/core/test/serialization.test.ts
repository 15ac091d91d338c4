// torch.save / torch.load against files PyTorch 1.13 wrote (test/golden/gen_checkpoints.py), and
// Tensile → file → Tensile round trips whose bytes are compared with PyTorch's own.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import * as torch from '../src/index';
import { Tensor } from '../src/tensor';
import { saveToBuffer } from '../src/serialization';
import { TUPLES, tuple } from '../src/serialization/pickle';
import { ORDERED_DICTS, PARAMETERS } from '../src/serialization/torch_format';
import { existsSync, expectMatches, fixture, golden, records, tensorValues } from './serialization_helpers';

const tmp = mkdtempSync(join(tmpdir(), 'tensile-ser-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
// `TENSILE_SERIALIZATION_OUT=dir npx vitest run packages/core/test/serialization.test.ts` keeps the
// files Tensile wrote, for golden/check_tensile_files.py to load with PyTorch.
const keepDir = process.env.TENSILE_SERIALIZATION_OUT;
if (keepDir) mkdirSync(keepDir, { recursive: true });
function keep(name: string, bytes: Uint8Array): void {
  if (keepDir) writeFileSync(join(keepDir, name), bytes);
}

const TORCH_FIXTURES = [
  'dtypes.pt', 'views.pt', 'nested.pt', 'params.pt', 'tensor.pt', 'list.pt', 'archive_v2.pt', 'big_endian.pt',
  'deflated.pt', 'zip64.pt',
];

describe('torch.load reads what PyTorch wrote', () => {
  for (const name of TORCH_FIXTURES)
    it(name, () => {
      expectMatches(torch.load(fixture(name)), golden[name]);
    });

  it('reads from bytes and asynchronously alike', async () => {
    expectMatches(torch.load(readFileSync(fixture('nested.pt'))), golden['nested.pt']);
    expectMatches(await torch.loadAsync(fixture('views.pt')), golden['views.pt']);
    expectMatches(await torch.loadAsync(fixture('deflated.pt'), { checkCrc: true }), golden['deflated.pt']);
  });

  it('views share one storage, as in PyTorch', () => {
    const v = torch.load(fixture('views.pt'));
    expect(v.transposed._storage).toBe(v.base._storage);
    expect(v.cols._storage).toBe(v.base._storage);
    expect(v.ints_tail._storage).toBe(v.ints._storage);
    expect(v.ints._storage).not.toBe(v.base._storage);
    // writing through one view is seen by the others
    v.base.fill_(7);
    expect(v.element.item()).toBe(7);
    expect(tensorValues(v.expanded)).toEqual([7, 7, 7, 7, 7, 7]);
  });

  it('nested checkpoint: OrderedDict state dict with _metadata, optimizer state keyed by int', () => {
    const ck = torch.load(fixture('nested.pt'));
    expect(ORDERED_DICTS.has(ck.model)).toBe(true);
    expect(Object.keys(ck.model)).toContain('bn.num_batches_tracked');
    expect(Object.keys(ck.model._metadata)).toEqual(['', 'conv', 'bn', 'fc']);
    expect(ck.model._metadata.bn).toEqual({ version: 2 });
    expect(Object.keys(ck.model)).not.toContain('_metadata'); // not enumerable
    expect(ck.optimizer.state).toBeInstanceOf(Map);
    expect([...ck.optimizer.state.keys()]).toEqual([0, 1, 2, 3, 4, 5]);
    const s0 = ck.optimizer.state.get(0);
    expect(Object.keys(s0)).toEqual(['step', 'exp_avg', 'exp_avg_sq']);
    expect(s0.step.item()).toBe(2);
    expect(ck.optimizer.param_groups[0].lr).toBe(0.001);
    expect(TUPLES.has(ck.optimizer.param_groups[0].betas)).toBe(true);
    expect(ck.huge).toBe(2n ** 70n);
    expect(ck.note).toBe('héllo ✓');
  });

  it('parameters load as leaf tensors that require grad', () => {
    const p = torch.load(fixture('params.pt'));
    expect(p.weight.requiresGrad).toBe(true);
    expect(p.weight.isLeaf).toBe(true);
    expect(PARAMETERS.has(p.weight)).toBe(true);
    expect(p.frozen.requiresGrad).toBe(false);
    expect(PARAMETERS.has(p.frozen)).toBe(true);
    expect(PARAMETERS.has(p.buffer)).toBe(false);
    const loss = p.weight.sum();
    loss.backward();
    expect(tensorValues(p.weight.grad!)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('big-endian archives are byte-swapped', () => {
    const le = torch.load(fixture('views.pt'));
    const be = torch.load(fixture('big_endian.pt'));
    expect(tensorValues(be.base)).toEqual(tensorValues(le.base));
    expect(tensorValues(be.ints)).toEqual(tensorValues(le.ints));
  });

  it('a torchvision ResNet-18 state dict (PyTorch 1.x archive name, deflated records)', () => {
    const sd = torch.load(fixture('resnet18_pattern.pt'));
    const want = golden.resnet18.pattern;
    expect(Object.keys(sd)).toEqual(want.map((w) => w.key));
    for (const w of want) {
      const t = sd[w.key] as Tensor;
      expect(t.dtype, w.key).toBe(w.dtype);
      expect([...t.shape], w.key).toEqual(w.shape);
      expect(tensorValues(t).slice(0, 4), w.key).toEqual(w.first);
      const sum = Number(t.to('float64').sum().item());
      expect(Math.abs(sum - w.sum), w.key).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(w.sum)));
    }
    expect(Object.keys(sd._metadata)).toEqual(golden.resnet18.metadata.map(([k]) => k));
  });

  // The random-init ResNet-18 (45 MB) is not committed; gen_checkpoints.py leaves it in /tmp.
  it.skipIf(!existsSync('/tmp/tensile_resnet18_random.pt'))('the full random-init ResNet-18 from /tmp', () => {
    const sd = torch.load('/tmp/tensile_resnet18_random.pt');
    for (const w of golden.resnet18.random) {
      const sum = Number((sd[w.key] as Tensor).to('float64').sum().item());
      expect(Math.abs(sum - w.sum), w.key).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(w.sum)));
    }
  });
});

describe('torch.save writes what PyTorch writes', () => {
  // PyTorch 1.13 names the archive folder after the file's stem: write ours the same way and
  // compare record by record. The pickle must be byte-identical to PyTorch's; so must the storages.
  for (const name of ['dtypes.pt', 'views.pt', 'nested.pt', 'params.pt', 'tensor.pt', 'list.pt'])
    it(`${name}: load → save gives PyTorch's bytes`, () => {
      const obj = torch.load(fixture(name));
      const stem = basename(name, '.pt');
      const ours = saveToBuffer(obj, { archiveName: stem });
      keep(name, ours);
      const theirs = records(readFileSync(fixture(name)));
      const mine = records(ours);
      expect(mine.names).toEqual([theirs.names[0], `${stem}/byteorder`, ...theirs.names.slice(1)]);
      for (const n of theirs.names) expect(Buffer.from(mine.data.get(n)!).equals(Buffer.from(theirs.data.get(n)!)), n).toBe(true);
      expect(new TextDecoder().decode(mine.data.get(`${stem}/byteorder`))).toBe('little');
      // torch.save aligns every record's data to 64 bytes; so do we (PyTorch's own offsets too)
      for (const n of mine.names) expect(mine.offsets.get(n)! % 64, n).toBe(0);
      for (const n of theirs.names) expect(theirs.offsets.get(n)! % 64, n).toBe(0);
      // and what we wrote loads back to the same thing
      expectMatches(torch.load(ours), golden[name]);
    });

  it('a state dict made in Tensile round-trips with shared storages', () => {
    torch.manualSeed(3);
    const w = torch.randn(4, 5);
    const sd = {
      'fc.weight': w,
      'fc.weight_t': w.t(),
      'fc.bias': torch.zeros(4, { dtype: 'float64' }),
      'emb.weight': torch.randn(3, 2).to('bfloat16'),
      'ids': torch.tensor([1, 2, 9007199254740993n]),
      'mask': torch.tensor([true, false]),
      'half': torch.tensor([0.5, 1.5], { dtype: 'float16' }),
      'rows': w.index('1:3'),
      'bn.num_batches_tracked': torch.tensor(7),
    };
    const path = join(tmp, 'sd.pt');
    torch.save(sd, path);
    keep('tensile_state_dict.pt', readFileSync(path));
    const back = torch.load(path);
    expect(Object.keys(back)).toEqual(Object.keys(sd));
    for (const [k, t] of Object.entries(sd)) {
      const b = back[k] as Tensor;
      expect(b.dtype, k).toBe(t.dtype);
      expect([...b.shape], k).toEqual([...t.shape]);
      expect([...b.stride()], k).toEqual([...t.stride()]);
      expect(tensorValues(b), k).toEqual(tensorValues(t));
    }
    expect(back['fc.weight_t']._storage).toBe(back['fc.weight']._storage);
    expect(back.rows._storage).toBe(back['fc.weight']._storage);
    expect(back.rows.storageOffset()).toBe(5);
    expect(back['fc.bias']._storage).not.toBe(back['fc.weight']._storage);
    expect(ORDERED_DICTS.has(back)).toBe(true); // a state dict is saved as an OrderedDict, like PyTorch's
  });

  it('a nested checkpoint with an optimizer state keyed by index', async () => {
    const p = torch.randn(3, { requiresGrad: true });
    const ck = {
      model: { weight: p },
      optimizer: {
        state: { 0: { step: torch.tensor(10, { dtype: 'float32' }), exp_avg: torch.zeros(3), exp_avg_sq: torch.ones(3) } },
        param_groups: [{ lr: 0.01, betas: tuple(0.9, 0.999), eps: 1e-8, weight_decay: 0, amsgrad: false, params: [0] }],
      },
      epoch: 12,
      loss: 0.125,
      history: [1.5, 2.5, null, true],
      name: 'run/1',
      big: 2n ** 64n,
      neg: -(2 ** 40),
      tags: new Map<number | string, string>([[1, 'a'], ['b', 'c']]),
    };
    const path = join(tmp, 'ck.pt');
    await torch.saveAsync(ck, path);
    keep('tensile_checkpoint.pt', readFileSync(path));
    const back = await torch.loadAsync(path);
    expect(back.optimizer.state).toBeInstanceOf(Map);
    expect([...back.optimizer.state.keys()]).toEqual([0]); // int keys, as PyTorch's load_state_dict needs
    expect(tensorValues(back.optimizer.state.get(0).exp_avg_sq)).toEqual([1, 1, 1]);
    expect(back.optimizer.param_groups[0]).toEqual({ lr: 0.01, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, amsgrad: false, params: [0] });
    expect(TUPLES.has(back.optimizer.param_groups[0].betas)).toBe(true);
    expect(back.model.weight.requiresGrad).toBe(true);
    expect(back.epoch).toBe(12);
    expect(back.loss).toBe(0.125);
    expect(back.history).toEqual([1.5, 2.5, null, true]);
    expect(back.big).toBe(2n ** 64n);
    expect(back.neg).toBe(-(2 ** 40));
    expect([...back.tags.entries()]).toEqual([[1, 'a'], ['b', 'c']]);
  });

  it('a Linear + Adam checkpoint in the layout PyTorch modules and optimizers load', () => {
    // check_tensile_files.py feeds this file to nn.Linear(5, 4).load_state_dict and Adam.load_state_dict
    const weight = torch.randn(4, 5, { requiresGrad: true });
    const bias = torch.zeros(4, { requiresGrad: true });
    const ck = {
      model: { weight, bias },
      optimizer: {
        state: {
          0: { step: torch.tensor(1, { dtype: 'float32' }), exp_avg: torch.zerosLike(weight), exp_avg_sq: torch.zerosLike(weight) },
          1: { step: torch.tensor(1, { dtype: 'float32' }), exp_avg: torch.zerosLike(bias), exp_avg_sq: torch.zerosLike(bias) },
        },
        param_groups: [{ lr: 0.001, betas: tuple(0.9, 0.999), eps: 1e-8, weight_decay: 0, amsgrad: false, maximize: false, foreach: null, capturable: false, params: [0, 1] }],
      },
    };
    const buf = saveToBuffer(ck);
    keep('tensile_linear_adam.pt', buf);
    const back = torch.load(buf);
    expect([...back.optimizer.state.keys()]).toEqual([0, 1]);
    expect(ORDERED_DICTS.has(back.model)).toBe(true);
    expect(ORDERED_DICTS.has(back.optimizer)).toBe(false);
  });

  it('an nn.Parameter-like subclass is saved as a Parameter; a plain tensor and a 0-d tensor too', () => {
    class Parameter extends Tensor {}
    const base = torch.ones(2);
    const param = new Parameter(base._storage, [2], [1], 0, 'float32');
    param.requiresGrad = true;
    const buf = saveToBuffer({ p: param, t: torch.tensor(3.5, { dtype: 'float64' }) });
    const back = torch.load(buf);
    expect(PARAMETERS.has(back.p)).toBe(true);
    expect(back.p.requiresGrad).toBe(true);
    expect(back.t.ndim).toBe(0);
    expect(back.t.item()).toBe(3.5);
    const single = torch.load(saveToBuffer(torch.arange(5)));
    expect(tensorValues(single)).toEqual(['0', '1', '2', '3', '4']);
  });

  it('keys JS objects would reorder come back in order (as a Map)', () => {
    const m = new Map<string, number>([['10', 1], ['2', 2], ['a', 3]]);
    const back = torch.load(saveToBuffer({ m, ordered: { 0: 'x', 1: 'y' }, __proto__key: { ['__proto__']: 1 } }));
    expect(back.m).toBeInstanceOf(Map);
    expect([...back.m.keys()]).toEqual(['10', '2', 'a']);
    expect(back.ordered).toEqual({ 0: 'x', 1: 'y' });
    const proto = torch.load(saveToBuffer(new Map([['__proto__', 5]])));
    expect(Object.getOwnPropertyDescriptor(proto, '__proto__')?.value).toBe(5);
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
  });

  it('refuses what PyTorch cannot read back', () => {
    expect(() => saveToBuffer({ f: () => 1 })).toThrow(/cannot save a value of type function/);
    expect(() => saveToBuffer({ d: new Date() })).toThrow(/cannot save an object of type Date/);
    expect(() => saveToBuffer(new Set([1]))).toThrow(/non-empty Set/);
    const t = torch.zeros(3);
    expect(() => saveToBuffer({ a: t, b: new Tensor(t._storage, [3], [1], 0, 'int32') })).toThrow(
      /view the same data as different types/,
    );
  });

  it('writes a file at the path and leaves none when the object cannot be saved', () => {
    const bad = join(tmp, 'bad.pt');
    expect(() => torch.save({ x: Symbol('s') }, bad)).toThrow();
    expect(existsSync(bad)).toBe(false);
  });
});

describe('safetensors', () => {
  it('reads a file written per the spec', () => {
    const sd = torch.load(fixture('tensors.safetensors'));
    expectMatches(sd, { ...(golden['tensors.safetensors'] as object), ordered: false });
    expect(sd.__metadata__).toEqual({ format: 'pt', source: 'gen_checkpoints.py' });
  });

  it('reads asynchronously alike', async () => {
    expectMatches(await torch.loadAsync(fixture('tensors.safetensors')), { ...(golden['tensors.safetensors'] as object), ordered: false });
  });

  it('round-trips every dtype, views written contiguous', () => {
    const w = torch.arange(12, { dtype: 'float32' }).reshape(3, 4);
    const sd = {
      w,
      wt: w.t(),
      d: torch.tensor([1.25, -2], { dtype: 'float64' }),
      h: torch.tensor([0.5], { dtype: 'float16' }),
      b: torch.tensor([1, 2], { dtype: 'bfloat16' }),
      i8: torch.tensor([-3], { dtype: 'int8' }),
      u8: torch.tensor([250], { dtype: 'uint8' }),
      i16: torch.tensor([-300], { dtype: 'int16' }),
      i32: torch.tensor([1 << 30], { dtype: 'int32' }),
      i64: torch.tensor([-(2n ** 62n)]),
      m: torch.tensor([true, false, true]),
      e: torch.zeros(0, 2),
    };
    const path = join(tmp, 'model.safetensors');
    torch.save(sd, path, { metadata: { who: 'tensile' } });
    keep('tensile.safetensors', readFileSync(path));
    const buf = readFileSync(path);
    const n = Number(buf.readBigUInt64LE(0));
    expect((8 + n) % 8).toBe(0);
    const header = JSON.parse(buf.subarray(8, 8 + n).toString());
    expect(header.__metadata__).toEqual({ who: 'tensile' });
    expect(header.w).toEqual({ dtype: 'F32', shape: [3, 4], data_offsets: header.w.data_offsets });
    const back = torch.load(path);
    expect(Object.keys(back)).toEqual(Object.keys(sd));
    for (const [k, t] of Object.entries(sd)) {
      expect(back[k].dtype, k).toBe(t.dtype);
      expect([...back[k].shape], k).toEqual([...t.shape]);
      expect(tensorValues(back[k]), k).toEqual(tensorValues(t));
      expect(back[k].isContiguous(), k).toBe(true);
    }
    expect(() => torch.save({ a: 1 }, join(tmp, 'x.safetensors'))).toThrow(/flat dict of tensors/);
  });
});
