/** Module machinery against PyTorch: state-dict keys, repr, errors, hooks, containers, utils. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as torch from '@tensile/core';
import * as nn from '@tensile/nn';

const S = JSON.parse(readFileSync(new URL('./golden/structure.json', import.meta.url), 'utf8'));

/** The nested model of gen_nn.py's `Block`, written the TypeScript way. */
class Block extends nn.Module {
  features = new nn.Sequential(new nn.Linear(10, 8), new nn.ReLU(), new nn.BatchNorm1d(8), new nn.Dropout(0.25));
  head = new nn.Linear(8, 3, { bias: false });
  norm = new nn.LayerNorm(3);
  acts = new nn.ModuleList([new nn.GELU(), new nn.LeakyReLU(0.1), new nn.ELU()]);
  emb: nn.Embedding;
  extra: nn.ModuleDict;
  more: nn.Sequential;
  plist: nn.ParameterList;
  constructor() {
    super();
    this.registerBuffer('scale', torch.ones(3));
    this.registerBuffer('tmp', torch.zeros(1), { persistent: false });
    this.emb = new nn.Embedding(5, 2, { paddingIdx: 0 });
    this.extra = new nn.ModuleDict({ sp: new nn.Softplus(), sm: new nn.Softmax(1), ht: new nn.Hardtanh() });
    this.more = new nn.Sequential(
      new nn.Flatten(), new nn.Unflatten(1, [2, 4]), new nn.GroupNorm(2, 4), new nn.LocalResponseNorm(2), new nn.Bilinear(2, 3, 4),
      new nn.EmbeddingBag(4, 2, { mode: 'sum' }), new nn.InstanceNorm2d(3), new nn.PReLU(), new nn.Threshold(0.1, 20), new nn.Hardshrink(),
      new nn.CELU(), new nn.Identity(),
    );
    this.plist = new nn.ParameterList([new nn.Parameter(torch.zeros(2, 3))]);
  }
  override forward(x: torch.Tensor): torch.Tensor {
    return this.norm.forward(this.head.forward(this.features.forward(x))).mul(this.scale as torch.Tensor);
  }
  declare scale: torch.Tensor;
}

describe('Module structure matches PyTorch', () => {
  const m = new Block();
  it('state-dict keys, in order', () => expect(Object.keys(m.stateDict())).toEqual(S.keys));
  it('repr', () => expect(String(m)).toBe(S.repr));
  it('namedParameters / namedBuffers / namedModules', () => {
    expect(m.namedParameters().map(([k]) => k)).toEqual(S.namedParameters);
    expect(m.namedBuffers().map(([k]) => k)).toEqual(S.namedBuffers);
    expect(m.namedModules().map(([k]) => k)).toEqual(S.namedModules);
  });
  it('state dict round trip into a fresh model', () => {
    const sd = m.stateDict();
    const m2 = new Block();
    m2.loadStateDict(sd);
    const x = torch.randn(4, 10);
    m.eval();
    m2.eval();
    expect(torch.allclose(m.forward(x), m2.forward(x))).toBe(true);
    expect(m2.features.get(2).stateDict().num_batches_tracked.dtype).toBe('int64');
  });
  it("loadStateDict errors in PyTorch's words", () => {
    const lin = new nn.Linear(10, 5);
    expect(() => lin.loadStateDict({ weight: torch.zeros(5, 3), extra: torch.zeros(1) })).toThrow(S.loadError);
    expect(() => lin.loadStateDict({ weight: torch.zeros(5, 10) })).toThrow(S.missingError);
    const r = lin.loadStateDict(new Map([['weight', torch.ones(5, 10)], ['zzz', torch.ones(1)]]), { strict: false });
    expect(r).toEqual({ missingKeys: ['bias'], unexpectedKeys: ['zzz'] });
    expect(lin.weight.sum().item()).toBe(50);
  });
  it('Linear with wrong in_features', () => {
    expect(() => new nn.Linear(4, 5).forward(torch.zeros(2, 3))).toThrow(S.linearError);
  });
  it('weightNorm / spectralNorm key order', () => {
    const wn = nn.utils.weightNorm(new nn.Linear(3, 2));
    expect(Object.keys(wn.stateDict())).toEqual(S.weightNormKeys);
    const sn = nn.utils.spectralNorm(new nn.Linear(3, 2));
    expect(Object.keys(sn.stateDict())).toEqual(S.spectralNormKeys);
    // weight norm keeps the function: weight = g · v/‖v‖ after a forward
    const x = torch.randn(4, 3);
    const before = wn.forward(x);
    nn.utils.removeWeightNorm(wn);
    expect(torch.allclose(wn.forward(x), before, { atol: 1e-6 })).toBe(true);
    // spectral norm: largest singular value of the normalised weight tends to 1
    for (let i = 0; i < 30; i++) sn.forward(x);
    const w = (sn as unknown as { weight: torch.Tensor }).weight;
    let v = torch.randn(3, 1);
    for (let i = 0; i < 100; i++) v = w.t().mm(w.mm(v)).div(w.t().mm(w.mm(v)).norm());
    expect(w.mm(v).norm().item()).toBeCloseTo(1, 3);
  });
});

describe('registration, modes and conversion', () => {
  it('properties assigned later register; null keeps the slot', () => {
    const lin = new nn.Linear(3, 2);
    expect(Object.keys(lin.stateDict())).toEqual(['weight', 'bias']);
    lin.bias = null;
    expect(Object.keys(lin.stateDict())).toEqual(['weight']);
    lin.bias = new nn.Parameter(torch.zeros(2));
    expect(Object.keys(lin.stateDict())).toEqual(['weight', 'bias']);
    const c = new nn.Module();
    (c as unknown as Record<string, unknown>).a = new nn.Linear(1, 1);
    c.registerParameter('p', new nn.Parameter(torch.zeros(1)));
    expect(Object.keys(c.stateDict())).toEqual(['p', 'a.weight', 'a.bias']);
    expect(() => c.registerParameter('x.y', null)).toThrow('parameter name can\'t contain "."');
  });
  it('train/eval propagate; BatchNorm stats only move in training', () => {
    const m = new nn.Sequential(new nn.Linear(3, 4), new nn.BatchNorm1d(4));
    const bn = m.get(1) as nn.BatchNorm1d;
    m.eval();
    expect(bn.training).toBe(false);
    m.forward(torch.randn(5, 3));
    expect(bn.num_batches_tracked!.item()).toBe(0);
    expect(bn.running_mean!.abs().sum().item()).toBe(0);
    m.train();
    m.forward(torch.randn(5, 3));
    expect(bn.num_batches_tracked!.item()).toBe(1);
    expect(bn.running_mean!.abs().sum().item()).toBeGreaterThan(0);
  });
  it('to(dtype) keeps Parameter identity and converts buffers', () => {
    const bn = new nn.BatchNorm1d(3);
    const w = bn.weight!;
    bn.to('float64');
    expect(bn.weight).toBe(w);
    expect(w.dtype).toBe('float64');
    expect(w).toBeInstanceOf(nn.Parameter);
    expect(bn.running_mean!.dtype).toBe('float64');
    expect(bn.num_batches_tracked!.dtype).toBe('int64');
    bn.float();
    expect(w.dtype).toBe('float32');
  });
  it('zeroGrad, requiresGrad_, apply', () => {
    const m = new nn.Sequential(new nn.Linear(2, 2), new nn.Linear(2, 1));
    m.forward(torch.randn(3, 2)).sum().backward();
    expect(m.parameters().every((p) => p.grad !== null)).toBe(true);
    m.zeroGrad({ setToNone: false });
    expect(m.parameters().every((p) => p.grad!.abs().sum().item() === 0)).toBe(true);
    m.zeroGrad();
    expect(m.parameters().every((p) => p.grad === null)).toBe(true);
    m.requiresGrad_(false);
    expect(m.parameters().some((p) => p.requiresGrad)).toBe(false);
    const names: string[] = [];
    m.apply((x) => names.push(x._getName()));
    expect(names).toEqual(['Linear', 'Linear', 'Sequential']);
  });
  it('Parameter prints like PyTorch', () => {
    const p = new nn.Parameter(torch.tensor([1, 2], { dtype: 'float32' }));
    expect(String(p)).toBe('Parameter containing:\ntensor([1., 2.], requires_grad=True)');
    expect(p.isLeaf).toBe(true);
  });
});

describe('hooks', () => {
  it('forward pre-hook and forward hook run on forward and can replace values', () => {
    const lin = new nn.Linear(2, 2);
    const calls: string[] = [];
    const h1 = lin.registerForwardPreHook((_m, inputs) => { calls.push('pre'); return [(inputs[0] as torch.Tensor).mul(0)]; });
    const h2 = lin.registerForwardHook((_m, _i, out) => { calls.push('post'); return (out as torch.Tensor).add(1); });
    const y = lin.forward(torch.randn(3, 2));
    expect(calls).toEqual(['pre', 'post']);
    expect(torch.allclose(y, lin.bias!.add(1).expand(3, 2))).toBe(true);
    h1.remove();
    h2.remove();
    lin.forward(torch.randn(3, 2));
    expect(calls.length).toBe(2);
  });
  it('full backward hook sees grad input and grad output', () => {
    const lin = new nn.Linear(3, 2);
    let seen: [torch.Tensor | null, torch.Tensor | null] = [null, null];
    lin.registerFullBackwardHook((_m, gin, gout) => { seen = [gin[0], gout[0]]; });
    const x = torch.randn(4, 3, { requiresGrad: true });
    const g = torch.randn(4, 2);
    lin.forward(x).backward(g);
    expect(torch.allclose(seen[1]!, g)).toBe(true);
    expect(torch.allclose(seen[0]!, g.mm(lin.weight.detach()), { atol: 1e-6 })).toBe(true);
    expect(torch.allclose(x.grad!, seen[0]!)).toBe(true);
  });
});

describe('containers', () => {
  it('Sequential indexing, slicing, insert, named construction', () => {
    const s = new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU(), new nn.Linear(3, 1));
    expect(s.length).toBe(3);
    expect(s.get(-1)).toBe(s.get(2));
    expect(s.get('1:').length).toBe(2);
    expect(Object.keys(s.get('1:').stateDict())).toEqual(['2.weight', '2.bias']);
    s.insert(1, new nn.Tanh());
    expect([...s].map((m) => m._getName())).toEqual(['Linear', 'Tanh', 'ReLU', 'Linear']);
    expect(Object.keys(s.stateDict())).toEqual(['0.weight', '0.bias', '3.weight', '3.bias']);
    const named = new nn.Sequential({ fc: new nn.Linear(2, 2), act: new nn.ReLU() });
    expect(Object.keys(named.stateDict())).toEqual(['fc.weight', 'fc.bias']);
    expect(() => s.get(7)).toThrow('index 7 is out of range');
  });
  it('ModuleList / ModuleDict / ParameterDict', () => {
    const l = new nn.ModuleList([new nn.Linear(1, 1)]);
    l.append(new nn.ReLU()).extend([new nn.Linear(1, 2)]);
    expect(l.length).toBe(3);
    l.delete(1);
    expect(Object.keys(l.stateDict())).toEqual(['0.weight', '0.bias', '1.weight', '1.bias']);
    const d = new nn.ModuleDict({ a: new nn.Linear(1, 1) });
    d.set('b', new nn.ReLU());
    expect([...d]).toEqual(['a', 'b']);
    const pd = new nn.ParameterDict({ w: torch.ones(2) });
    expect(pd.get('w')).toBeInstanceOf(nn.Parameter);
    expect(Object.keys(pd.stateDict())).toEqual(['w']);
  });
});

describe('utils', () => {
  const fresh = () => {
    const ps = [new nn.Parameter(torch.zeros(3)), new nn.Parameter(torch.zeros(2, 2))];
    ps[0].grad = torch.tensor([3, -4, 1], { dtype: 'float32' });
    ps[1].grad = torch.tensor([[0.5, 2], [-1, 6]], { dtype: 'float32' });
    return ps;
  };
  for (const [key, max, p] of [['clip', 2, 2], ['clipInf', 2, Infinity], ['clip1', 100, 1]] as const) {
    it(`clipGradNorm_ ${key}`, () => {
      const ps = fresh();
      const total = nn.utils.clipGradNorm_(ps, max, p);
      expect(total.item()).toBeCloseTo(S[key].total, 5);
      expect((ps[0].grad!.tolist() as number[]).map((v, i) => v - S[key].g0[i]).every((d) => Math.abs(d) < 1e-5)).toBe(true);
      expect(torch.allclose(ps[1].grad!, torch.tensor(S[key].g1, { dtype: 'float32' }))).toBe(true);
    });
  }
  it('clipGradNorm_ errorIfNonfinite', () => {
    const ps = fresh();
    ps[0].grad = torch.tensor([NaN, 1, 1], { dtype: 'float32' });
    expect(() => nn.utils.clipGradNorm_(ps, 1, { errorIfNonfinite: true })).toThrow(
      'The total norm of order 2.0 for gradients from `parameters` is non-finite, so it cannot be clipped.',
    );
  });
  it('clipGradValue_ and parameters <-> vector', () => {
    const ps = fresh();
    nn.utils.clipGradValue_(ps, 1);
    expect(ps[1].grad!.tolist()).toEqual([[0.5, 1], [-1, 1]]);
    const lin = new nn.Linear(3, 2);
    const v = nn.utils.parametersToVector(lin.parameters());
    expect(v.shape).toEqual([8]);
    nn.utils.vectorToParameters(torch.arange(0, 8, 1, { dtype: 'float32' }), lin.parameters());
    expect(lin.bias!.tolist()).toEqual([6, 7]);
  });
  it('pack / pad sequence round trip matches PyTorch', () => {
    const seqs = [[1, 2, 3], [4, 5], [6, 7, 8, 9]].map((s) => torch.tensor(s, { dtype: 'float32' }).unsqueeze(1));
    const packed = nn.utils.rnn.packSequence(seqs, { enforceSorted: false });
    expect((packed.data.reshape(-1).tolist() as number[])).toEqual(S.pack.data);
    expect(packed.batchSizes.tolist()).toEqual(S.pack.batchSizes);
    expect(packed.sortedIndices!.tolist()).toEqual(S.pack.sorted);
    expect(packed.unsortedIndices!.tolist()).toEqual(S.pack.unsorted);
    const [padded, lens] = nn.utils.rnn.padPackedSequence(packed, { batchFirst: true, paddingValue: -1 });
    expect(padded.shape).toEqual(S.unpack.shape);
    expect(padded.reshape(-1).tolist()).toEqual(S.unpack.padded);
    expect(lens.tolist()).toEqual(S.unpack.lengths);
    const back = nn.utils.rnn.unpackSequence(packed);
    back.forEach((b, i) => expect(b.tolist()).toEqual(seqs[i].tolist()));
    expect(() => nn.utils.rnn.packPaddedSequence(torch.zeros(3, 2), [1, 3])).toThrow('`lengths` array must be sorted in decreasing order');
  });
});

describe('init', () => {
  it('gains', () => {
    for (const [k, v] of Object.entries(S.gains)) expect(nn.init.calculateGain(k)).toBeCloseTo(v as number, 12);
  });
  it('distribution bounds and statistics', () => {
    const w = torch.empty(256, 128);
    nn.init.kaimingUniform_(w, { a: Math.sqrt(5) });
    const bound = 1 / Math.sqrt(128);
    expect(w.abs().max().item()).toBeLessThanOrEqual(bound);
    expect(w.abs().max().item()).toBeGreaterThan(bound * 0.95);
    nn.init.kaimingNormal_(w, { mode: 'fanOut', nonlinearity: 'relu' });
    expect(w.std().item()).toBeCloseTo(Math.sqrt(2 / 256), 2);
    nn.init.xavierUniform_(w);
    expect(w.abs().max().item()).toBeLessThanOrEqual(Math.sqrt(6 / 384));
    nn.init.xavierNormal_(w, 2);
    expect(w.std().item()).toBeCloseTo(2 * Math.sqrt(2 / 384), 2);
    nn.init.truncNormal_(w, 0, 1, -0.5, 0.5);
    expect(w.abs().max().item()).toBeLessThanOrEqual(0.5);
    expect(w.abs().max().item()).toBeGreaterThan(0.45);
    nn.init.orthogonal_(w, 1.5);
    expect(torch.allclose(w.t().mm(w), torch.eye(128).mul(2.25), { atol: 1e-4 })).toBe(true);
    const sp = torch.empty(10, 6);
    nn.init.sparse_(sp, 0.3);
    expect(sp.eq(0).sum(0).tolist()).toEqual([3, 3, 3, 3, 3, 3]);
    const d = torch.empty(4, 2, 3, 3);
    nn.init.dirac_(d, 2);
    expect(d.sum().item()).toBe(4);
    expect(d.index(3, 1, 1, 1).item()).toBe(1);
    expect(() => nn.init.xavierUniform_(torch.empty(3))).toThrow('Fan in and fan out can not be computed for tensor with fewer than 2 dimensions');
  });
});

describe('dropout statistics', () => {
  it('train scales kept units by 1/(1-p); eval is identity', () => {
    const d = new nn.Dropout(0.25);
    const x = torch.ones(200, 200);
    const y = d.forward(x);
    const kept = y.ne(0).to('float32').mean().item();
    expect(kept).toBeGreaterThan(0.73);
    expect(kept).toBeLessThan(0.77);
    expect(y.max().item()).toBeCloseTo(1 / 0.75, 5);
    d.eval();
    expect(d.forward(x)).toBe(x);
    const d2 = new nn.Dropout2d(0.5);
    const y2 = d2.forward(torch.ones(8, 16, 3, 3));
    const perChannel = y2.sum([2, 3]);
    expect(perChannel.eq(0).logicalOr(perChannel.eq(18)).all().item()).toBeTruthy();
    expect(perChannel.eq(0).any().item()).toBeTruthy();
    const a = new nn.AlphaDropout(0.2);
    const ya = a.forward(torch.randn(300, 300));
    expect(Math.abs(ya.mean().item())).toBeLessThan(0.02);
    expect(Math.abs(ya.std().item() - 1)).toBeLessThan(0.03);
  });
});
