/**
 * Behaviour every accelerator backend must show, run against the real CUDA backend where a GPU
 * is present (cuda.test.ts) and against a stand-in device whose memory is host memory
 * (device_fake.test.ts), which exercises the same dispatch, transfers and fallbacks anywhere.
 * Expected values always come from the same computation on the CPU.
 */
import { expect, test, vi } from 'vitest';
import * as torch from '@tensile/core';
import { saveToBuffer } from '../src/serialization';

/**
 * Puts two stand-in devices (cuda:0, cuda:1) in the dispatch table's 'cuda' slot: their blocks are host
 * memory (the addon then runs its CPU kernels on them), moved by plain byte copies. For tests
 * that run in their own process.
 */
export function registerStandInDevice(): void {
  const count = 2;
  type Block = ReturnType<torch._DeviceRuntime['alloc']>;
  const bytes = (b: Block) => b as unknown as Uint8Array;
  const runtime: torch._DeviceRuntime = {
    alloc: (n) => new Uint8Array(n) as unknown as Block,
    free: () => {},
    upload: (block, off, src) => bytes(block).set(src, off),
    download: (dst, block, off) => dst.set(bytes(block).subarray(off, off + dst.length)),
    copyPeer: (dst, dstOff, src, srcOff, n) => bytes(dst).set(bytes(src).subarray(srcOff, srcOff + n), dstOff),
  };
  torch._registerDeviceType('cuda', { count: () => count, make: (device) => torch._makeDeviceBackend(device, runtime) });
}

/** a (any device) equals b (CPU) within tol relative to b's largest magnitude; NaN matches only NaN, an infinity only itself. */
function close(a: torch.Tensor, b: torch.Tensor, tol = 1e-5): void {
  const ah = a.cpu();
  expect(ah.shape).toEqual(b.shape);
  expect(torch.equal(ah.isnan(), b.isnan())).toBe(true);
  const d = torch.where(b.isnan().logicalOr(ah.eq(b)), 0, ah.sub(b).abs());
  const scale = Math.max(1, torch.where(b.isfinite(), b.abs(), 0).max().item());
  expect(d.max().item()).toBeLessThanOrEqual(tol * scale);
}

/** Runs body and checks that none of the Backend `methods` fell back to host copies (viaHost warns once per method). */
export function onDevice(methods: string[], body: () => void): void {
  const warn = vi.spyOn(process, 'emitWarning');
  try {
    body();
    const fallbacks = warn.mock.calls.map((c) => String(c[0])).filter((m) => methods.some((k) => m.includes(`'${k}'`)));
    expect(fallbacks).toEqual([]);
  } finally {
    warn.mockRestore();
  }
}

export function deviceSuite(dev: string): void {
  test('to(device) and back keeps values, dtype and shape; the device is cuda:0', () => {
    const x = torch.randn(3, 4);
    const y = x.to(dev);
    expect(y.device).toBe('cuda:0');
    expect(y.isCuda).toBe(true);
    expect(y.shape).toEqual([3, 4]);
    expect(torch.equal(y.cpu(), x)).toBe(true);
    expect(torch.equal(x.t().to(dev).cpu(), x.t())).toBe(true); // strided source
    expect(torch.equal(y.t().cpu(), x.t())).toBe(true); // strided device tensor to the host
    expect(y.to('float64').cpu().dtype).toBe('float64');
    expect(torch.equal(x.to({ device: dev, dtype: 'float64' }).cpu(), x.double())).toBe(true);
    expect(torch.zeros([2, 2], { device: dev }).device).toBe('cuda:0');
    expect(torch.arange(5, { device: dev }).cpu().tolist()).toEqual([0, 1, 2, 3, 4]);
  });

  test("prints like PyTorch, with device='cuda:0'", () => {
    expect(String(torch.tensor([1, 2], { device: dev }))).toBe("tensor([1, 2], device='cuda:0')");
    expect(String(torch.tensor([1.5], { device: dev, requiresGrad: true }))).toBe("tensor([1.5000], device='cuda:0', requires_grad=True)");
  });

  test('elementwise ops, broadcasting, reductions, softmax and matmul match the CPU', () => {
    const a = torch.randn(5, 7), b = torch.randn(7), m = torch.randn(7, 3);
    const A = a.to(dev), B = b.to(dev), M = m.to(dev);
    close(A.add(B, { alpha: 2 }), a.add(b, { alpha: 2 }));
    close(A.mul(B).exp().log1p(), a.mul(b).exp().log1p());
    close(A.sigmoid().tanh().square(), a.sigmoid().tanh().square());
    close(A.clamp(-0.5, 0.5), a.clamp(-0.5, 0.5));
    expect(torch.equal(A.gt(B).cpu(), a.gt(b))).toBe(true);
    close(torch.where(A.gt(0), A, 0), torch.where(a.gt(0), a, 0));
    close(A.sum(), a.sum());
    close(A.sum(1), a.sum(1));
    close(A.mean(0, true), a.mean(0, true));
    close(A.amax(1), a.amax(1));
    close(A.t().sum(0), a.t().sum(0));
    close(A.softmax(1), a.softmax(1));
    close(A.logSoftmax(0), a.logSoftmax(0));
    close(A.matmul(M), a.matmul(m), 1e-4);
    close(A.t().matmul(A), a.t().matmul(a), 1e-4);
    close(torch.bmm(A.reshape(1, 5, 7).expand(2, 5, 7), M.reshape(1, 7, 3).expand(2, 7, 3)), torch.bmm(a.reshape(1, 5, 7).expand(2, 5, 7), m.reshape(1, 7, 3).expand(2, 7, 3)), 1e-4);
    // an empty inner dim gives zeros (cuBLAS is not trusted with k = 0)
    expect(torch.equal(torch.ones(2, 4, 0).to(dev).bmm(torch.ones(2, 0, 3).to(dev)).cpu(), torch.zeros(2, 4, 3))).toBe(true);
    expect(A.add(1).device).toBe('cuda:0');
    const big = torch.randn(1 << 16);
    close(big.to(dev).sum(), big.sum(), 1e-4);
  });

  test('op sweep: every elementwise and reduction kernel matches the CPU, float32 and float64, strided inputs', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const tol = dtype === 'float32' ? 1e-5 : 1e-12;
      const x = torch.randn([6, 10], { dtype }).t(), pos = x.abs().add(0.1), unit = x.tanh().mul(0.9), y = torch.randn([10, 6], { dtype });
      const X = x.to(dev), P = pos.to(dev), U = unit.to(dev), Y = y.to(dev);
      const unary: [string, torch.Tensor, torch.Tensor][] = [[ 'x', x, X ], [ 'pos', pos, P ], [ 'unit', unit, U ]];
      const ops: Record<string, string[]> = {
        x: ['neg', 'abs', 'sign', 'square', 'relu', 'exp', 'exp2', 'expm1', 'sin', 'cos', 'tan', 'atan', 'sinh', 'cosh', 'tanh',
          'asinh', 'sigmoid', 'erf', 'erfc', 'floor', 'ceil', 'round', 'trunc', 'frac', 'isnan', 'isfinite', 'signbit'],
        pos: ['log', 'log2', 'log10', 'log1p', 'sqrt', 'rsqrt', 'reciprocal', 'lgamma'],
        unit: ['asin', 'acos', 'atanh', 'erfinv'],
      };
      for (const [kind, host, devT] of unary)
        for (const op of ops[kind]) {
          const want = (host as any)[op](), got = (devT as any)[op]();
          expect(got.device, op).toBe('cuda:0');
          if (want.dtype === 'bool') expect(torch.equal(got.cpu(), want), op).toBe(true);
          else close(got, want, op === 'lgamma' || op === 'erfinv' ? 1e-4 : tol * 10);
          if (want.dtype !== 'bool') expect(want.isnan().any().item(), `${op} of in-domain input`).toBe(false);
        }
      for (const op of ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'atan2', 'hypot', 'fmod', 'remainder', 'copysign'])
        close((X as any)[op](Y), (x as any)[op](y), tol * 10);
      close(P.pow(Y), pos.pow(y), tol * 10);
      close(P.add(1).acosh(), pos.add(1).acosh(), tol * 10);
      close(X.clamp(-0.3, 0.4).mul(2).sub(1, { alpha: 0.5 }), x.clamp(-0.3, 0.4).mul(2).sub(1, { alpha: 0.5 }), tol);
      for (const op of ['eq', 'ne', 'lt', 'le', 'gt', 'ge']) expect(torch.equal((X as any)[op](Y).cpu(), (x as any)[op](y)), op).toBe(true);
      for (const dims of [undefined, 0, 1, [0, 1]] as const) {
        const o = dims === undefined ? {} : { dim: dims as number | number[] };
        close(X.sum(o), x.sum(o), tol * 100);
        close(X.mean(o), x.mean(o), tol * 100);
        close(X.amax(dims ?? [0, 1]), x.amax(dims ?? [0, 1]), 0);
        close(X.amin(dims ?? [0, 1]), x.amin(dims ?? [0, 1]), 0);
      }
      close(P.prod(1), pos.prod(1), tol * 100);
      close(X.norm(), x.norm(), tol * 100);
      close(X.var(0), x.var(0), tol * 100);
      expect(X.gt(1).any().item()).toBe(x.gt(1).any().item());
      expect(X.gt(-5).all().item()).toBe(x.gt(-5).all().item());
      expect(torch.tensor([0.5, 0], { dtype }).to(dev).any().item()).toBe(true);
      expect(torch.tensor([0.5, 0.25], { dtype }).to(dev).all().item()).toBe(true);
      expect(torch.countNonzero(torch.tensor([0.5, 0, -2], { dtype }).to(dev)).item()).toBe(2);
      close(X.softmax(0), x.softmax(0), tol * 10);
      close(X.logSoftmax(1), x.logSoftmax(1), tol * 10);
    }
  });

  test('seeded random tensors on the device hold exactly the CPU draws', () => {
    const draw = (d: string) => {
      torch.manualSeed(5);
      return [torch.randn([101], { device: d }), torch.rand([7, 3], { device: d, dtype: 'float64' }), torch.randint(0, 50, [33], { device: d }),
        torch.bernoulli(torch.full([64], 0.3).to(d)), torch.empty([9], { device: d }).exponential_(2)].map((t) => t.cpu());
    };
    const c = draw('cpu'), g = draw(dev);
    c.forEach((t, i) => expect(torch.equal(g[i], t), `draw ${i}`).toBe(true));
  });

  test('dtype conversions, scalar operands, fills and half-precision ops match the CPU bit for bit', () => onDevice(['unary', 'binary', 'where', 'fill'], () => {
    // float -> int goes through int64 on both (a direct conversion would saturate, NaN would give 0)
    const f = torch.tensor([[NaN, Infinity, -Infinity, 300.7, -1.5], [-0, 1e10, -3e9, 127.5, 0.3]]);
    for (const src of [f, f.double(), f.half(), f.t()]) {
      const S = src.to(dev);
      for (const dtype of ['int8', 'uint8', 'int16', 'int32', 'int64', 'bool', 'float16', 'bfloat16', 'float64'] as const) {
        const want = src.to(dtype), got = S.to(dtype);
        if (want.isFloatingPoint()) close(got, want, 0);
        else expect(torch.equal(got.cpu(), want), `${src.dtype} -> ${dtype}`).toBe(true);
      }
    }
    // a number operand is rounded to the tensor's dtype first, as on the CPU
    for (const dtype of ['float16', 'bfloat16'] as const) {
      const h = torch.tensor([0.1, 0.2, 1 / 3, 1000.5, -7.25]).to(dtype), H = h.to(dev);
      for (const op of ['eq', 'ne', 'lt', 'ge']) expect(torch.equal((H as any)[op](0.1).cpu(), (h as any)[op](0.1)), `${dtype} ${op}`).toBe(true);
      close(H.add(0.1).mul(3.3).sub(0.7), h.add(0.1).mul(3.3).sub(0.7), 0);
      close(torch.where(H.gt(0.25), H, 0.1), torch.where(h.gt(0.25), h, 0.1), 0);
      close(torch.where(H.gt(0.25), 1 / 3, H.t()), torch.where(h.gt(0.25), 1 / 3, h.t()), 0);
      close(torch.full([7], 0.1, { dtype, device: dev }), torch.full([7], 0.1, { dtype }), 0);
      close(torch.zeros([4, 6], { dtype, device: dev }).t().fill_(1 / 3), torch.zeros([4, 6], { dtype }).t().fill_(1 / 3), 0);
      close(H.pow(0.5), h.pow(0.5), 0);
    }
    expect(torch.equal(torch.tensor([-Infinity, -0, 4]).to(dev).pow(0.5).cpu().isnan(), torch.tensor([true, false, false]))).toBe(true);
  }));

  test('in-place ops write into device views directly: strided, transposed, aliased, broadcast, vector tails', () => onDevice(['unary', 'binary'], () => {
    // 1027 elements: vectorised kernels with a tail; the same ops on the CPU give the expectation
    const run = (t: torch.Tensor) => {
      const m = t.reshape(13, 79);
      m.select(1, 3).add_(10).mul_(2);         // a strided column
      m.t().sub_(m.narrow(0, 0, 1).t().clone(), { alpha: 0.5 }); // a transposed view, a broadcast operand
      m.mul_(m);                                // the same view on both sides
      m.narrow(1, 1, 77).relu_().sigmoid_();   // an offset view with rows apart
      m.div_(torch.linspace(1, 2, 79, { device: t.device })); // a broadcast row
      torch.noGrad(() => m.exp_());
      return t;
    };
    const x = torch.randn(1027);
    close(run(x.to(dev)), run(x.clone()));
  }));

  test('integer division, remainders, powers and shifts, bool ops: the CPU results and errors', () => onDevice(['unary', 'binary'], () => {
    for (const dtype of ['int8', 'uint8', 'int16', 'int32', 'int64'] as const) {
      const a = torch.tensor([[7, -7, 9, 0, 100], [-128, 5, -1, 3, 13]]).to(dtype), b = torch.tensor([[2, 3, -4, 5, -3], [-1, -2, 7, 1, 4]]).to(dtype);
      const e = torch.tensor([[0, 1, 2, 3, 5], [1, 0, 4, 2, 3]]).to(dtype), sh = torch.tensor([[0, 1, 3, 7, 9], [-1, 2, 15, 31, 64]]).to(dtype);
      const A = a.to(dev), B = b.to(dev), E = e.to(dev), Sh = sh.to(dev);
      const same = (got: torch.Tensor, want: torch.Tensor, label: string) => expect(torch.equal(got.cpu(), want), `${dtype} ${label}`).toBe(true);
      same(A.div(B, { roundingMode: 'floor' }), a.div(b, { roundingMode: 'floor' }), 'floor');
      same(A.div(B, { roundingMode: 'trunc' }), a.div(b, { roundingMode: 'trunc' }), 'trunc');
      same(A.t().div(3, { roundingMode: 'floor' }), a.t().div(3, { roundingMode: 'floor' }), 'floor by a number, strided');
      same(A.remainder(B), a.remainder(b), 'remainder');
      same(A.fmod(B), a.fmod(b), 'fmod');
      same(A.pow(E), a.pow(e), 'pow');
      same(A.pow(3), a.pow(3), 'pow_scalar');
      same(A.bitwiseLeftShift(Sh), a.bitwiseLeftShift(sh), 'lshift');
      same(A.bitwiseRightShift(Sh), a.bitwiseRightShift(sh), 'rshift');
      same(A.bitwiseAnd(B).bitwiseOr(E).bitwiseXor(Sh), a.bitwiseAnd(b).bitwiseOr(e).bitwiseXor(sh), 'bitwise');
      same(A.bitwiseNot(), a.bitwiseNot(), 'bitwise_not');
      same(A.mul(B).sub(A, { alpha: 2 }).neg().abs(), a.mul(b).sub(a, { alpha: 2 }).neg().abs(), 'arithmetic');
      same(torch.maximum(A, B), torch.maximum(a, b), 'maximum');
      expect(() => A.div(B.mul(0), { roundingMode: 'floor' }).cpu(), `${dtype} floor by 0`).toThrow('ZeroDivisionError');
      expect(() => A.remainder(0).cpu(), `${dtype} remainder by 0`).toThrow('ZeroDivisionError');
    }
    expect(() => torch.tensor([2, 3]).to(dev).pow(torch.tensor([1, -1]).to(dev)).cpu()).toThrow('Integers to negative integer powers are not allowed.');
    const p = torch.tensor([true, false, true, false]), q = torch.tensor([true, true, false, false]), P = p.to(dev), Q = q.to(dev);
    for (const op of ['add', 'mul', 'bitwiseAnd', 'bitwiseOr', 'bitwiseXor', 'logicalXor', 'eq', 'gt'])
      expect(torch.equal((P as any)[op](Q).cpu(), (p as any)[op](q)), `bool ${op}`).toBe(true);
    expect(torch.equal(P.bitwiseNot().cpu(), p.bitwiseNot())).toBe(true);
    // digamma and its derivative (lgamma's and digamma's gradients)
    const g = torch.tensor([0.3, 1, 2.5, 12, -0.5, -2.2, 1e-3, 40]).double();
    close(g.to(dev).digamma(), g.digamma(), 1e-12);
    const grad = (d: string) => {
      const x = g.to(d).detach().requiresGrad_();
      x.lgamma().add(x.digamma()).sum().backward();
      return x.grad!;
    };
    close(grad(dev), grad('cpu'), 1e-10);
    expect(torch.tensor([0, -3]).to(dev).digamma().cpu().tolist()).toEqual(torch.tensor([0, -3]).digamma().tolist());
  }));

  test('reductions over dim sets, empty dims and long runs, and softmax edge rows match the CPU', () => onDevice(['reduce', 'softmax', 'softmaxBackward'], () => {
    const r = torch.randn(4, 5, 6), R = r.to(dev);
    close(R.sum({ dim: [0, 2], keepdim: true }), r.sum({ dim: [0, 2], keepdim: true }), 1e-5);
    close(R.permute(2, 0, 1).amin([1, 2]), r.permute(2, 0, 1).amin([1, 2]), 0);
    const n = torch.where(r.gt(0.8), NaN, r), N = n.to(dev);
    close(N.nansum(1), n.nansum(1), 1e-5);
    close(N.amax(2), n.amax(2), 0); // NaN wins
    close(N.sum([0, 1]), n.sum([0, 1]), 1e-5);
    const cnt = torch.countNonzero(R.gt(0).int(), 1);
    expect(cnt.dtype).toBe('int64');
    expect(torch.equal(cnt.cpu(), torch.countNonzero(r.gt(0).int(), 1))).toBe(true);
    const z = torch.zeros([3, 0, 2]), Z = z.to(dev);
    for (const op of ['sum', 'prod', 'nansum']) expect(torch.equal((Z as any)[op](1).cpu(), (z as any)[op](1)), `empty ${op}`).toBe(true);
    expect(torch.equal(Z.all(1).cpu(), z.all(1))).toBe(true);
    expect(torch.equal(Z.any(1).cpu(), z.any(1))).toBe(true);
    expect(torch.equal(torch.countNonzero(Z, 1).cpu(), torch.countNonzero(z, 1))).toBe(true);
    // long runs: several blocks per output and a second combining launch
    const ints = torch.randint(-1000, 1000, [300000]), I = ints.to(dev);
    expect(I.sum().item()).toBe(ints.sum().item());
    expect(torch.equal(I.int().reshape(3, 100000).sum(1).cpu(), ints.int().reshape(3, 100000).sum(1))).toBe(true);
    expect(torch.equal(I.reshape(1000, 300).sum(0).cpu(), ints.reshape(1000, 300).sum(0))).toBe(true);
    const longNan = torch.cat([torch.randn(210000), torch.tensor([NaN]), torch.randn(5)]);
    expect(Number.isNaN(longNan.to(dev).amax().item())).toBe(true);
    const mask = torch.ones([250003], { dtype: 'bool' });
    expect(mask.to(dev).all().item()).toBe(true);
    expect(torch.cat([mask, torch.tensor([false])]).to(dev).all().item()).toBe(false);
    expect(torch.cat([mask.logicalNot(), torch.tensor([true])]).to(dev).any().item()).toBe(true);
    const h = torch.randn(2, 9000).half();
    close(h.to(dev).sum(1), h.sum(1), 1e-3);
    // softmax: an all -inf row, a row with +inf, a NaN row, inner > 1, half
    const s = torch.randn(3, 7, 5);
    const edge = torch.cat([torch.full([1, 7], -Infinity), torch.tensor([[Infinity, 0, 1, 2, 3, 4, 5]]), torch.tensor([[NaN, 0, 1, 2, 3, 4, 5]]), torch.randn(2, 7)]);
    for (const [x, dim] of [[s, 1], [s, 0], [s, 2], [edge, 1], [s.half(), 2]] as const) {
      const X = x.to(dev), tol = x.dtype === 'float16' ? 1e-3 : 1e-6;
      close(X.softmax(dim), x.softmax(dim), tol);
      close(X.logSoftmax(dim), x.logSoftmax(dim), tol);
    }
    const back = (d: string) => {
      const x = s.to(d).detach().requiresGrad_();
      x.softmax(0).mul(torch.arange(105).reshape(3, 7, 5).float().to(d)).sum().add(x.logSoftmax(1).mul(x.detach()).sum()).backward();
      return x.grad!;
    };
    close(back(dev), back('cpu'), 1e-5);
  }));

  test('integer and boolean tensors', () => {
    const i = torch.tensor([[1, -2, 3], [4, 5, -6]]);
    const I = i.to(dev);
    expect(I.add(I).cpu().tolist()).toEqual([[2, -4, 6], [8, 10, -12]]);
    expect(I.sum().item()).toBe(5);
    expect(I.abs().amax().item()).toBe(6);
    expect(I.gt(0).sum().item()).toBe(4);
    expect(I.gt(0).any().item()).toBe(true);
  });

  test('ops with no device kernel run through the host and give the same result', () => {
    const a = torch.randn(4, 9), w = torch.rand(3, 6);
    const A = a.to(dev);
    close(A.indexSelect(0, torch.tensor([2, 0]).to(dev)), a.indexSelect(0, torch.tensor([2, 0])));
    const draw = (d: string) => {
      torch.manualSeed(11);
      return [torch.randperm(20, { device: d }), torch.multinomial(w.to(d), 4)];
    };
    const c = draw('cpu'), g = draw(dev);
    g.forEach((t, i) => {
      expect(t.device).toBe('cuda:0');
      expect(torch.equal(t.cpu(), c[i]), `draw ${i}`).toBe(true);
    });
  });

  test('argmax, argmin and max/min(dim) match the CPU: the first index on ties, the first NaN wins', () => onDevice(['reduceArg'], () => {
    const base = torch.randn(37, 300);
    const nans = torch.where(torch.rand(37, 300).lt(0.01), NaN, base);
    const cases: [string, torch.Tensor][] = [
      ['float32', base], ['float32 NaN', nans], ['float64', base.double()], ['float16', base.half()],
      ['int64 ties', torch.randint(0, 4, [37, 300])], ['int32 ties', torch.randint(-3, 3, [37, 300], { dtype: 'int32' })],
      ['bool', base.gt(0.5)], ['transposed', base.t()], ['short rows', torch.randint(0, 3, [300, 5]).double()],
    ];
    for (const [label, x] of cases) {
      const X = x.to(dev);
      for (const isMax of [true, false]) {
        const f = isMax ? 'argmax' : 'argmin';
        const want = (x as any)[f](), got = (X as any)[f]();
        expect(got.device, label).toBe('cuda:0');
        expect(torch.equal(got.cpu(), want), `${label} ${f}()`).toBe(true);
        expect(torch.equal((X as any)[f](1, true).cpu(), (x as any)[f](1, true)), `${label} ${f}(1, keepdim)`).toBe(true);
        for (const d of [0, 1]) {
          expect(torch.equal((X as any)[f](d).cpu(), (x as any)[f](d)), `${label} ${f}(${d})`).toBe(true);
          const g = (isMax ? X.max(d) : X.min(d)) as torch.ValuesIndices, c = (isMax ? x.max(d) : x.min(d)) as torch.ValuesIndices;
          if (x.dtype === 'bool') expect(torch.equal(g.values.cpu(), c.values), label).toBe(true);
          else close(g.values, c.values, 0);
          expect(torch.equal(g.indices.cpu(), c.indices), `${label} ${isMax ? 'max' : 'min'}(${d}) indices`).toBe(true);
        }
      }
    }
    // the first NaN of a row, wherever numbers bigger or smaller sit around it
    const row = torch.tensor([[1, NaN, 5, NaN, -2], [3, 3, 1, 1, 3]]).to(dev);
    expect(row.argmax(1).cpu().tolist()).toEqual([1, 0]);
    expect(row.argmin(1).cpu().tolist()).toEqual([1, 2]);
    expect(row.argmax().item()).toBe(1);
    expect(torch.randn(1, 5000).to(dev).argmax().item()).toBeGreaterThanOrEqual(0);
    // few outputs over long dims: the GPU splits each dim over several blocks (ties across the
    // splits go to the first index; a NaN in a later split still wins)
    const long = torch.randint(0, 50, [30000]).float();
    const withNan = torch.where(torch.arange(30000).eq(21000), NaN, long);
    for (const [label, x] of [['long', long], ['long NaN', withNan], ['long columns', torch.randint(0, 9, [12000, 3])]] as const) {
      const X = x.to(dev);
      for (const f of ['argmax', 'argmin'] as const) {
        expect(torch.equal(X[f]().cpu(), x[f]()), `${label} ${f}()`).toBe(true);
        expect(torch.equal(X[f](0).cpu(), x[f](0)), `${label} ${f}(0)`).toBe(true);
      }
      const g = X.max(0) as torch.ValuesIndices, c = x.max(0) as torch.ValuesIndices;
      expect(torch.equal(g.indices.cpu(), c.indices), `${label} max(0) indices`).toBe(true);
      const nan = c.values.isnan();
      expect(torch.equal(g.values.cpu().isnan(), nan), `${label} max(0) NaN values`).toBe(true);
      expect(torch.equal(torch.where(nan, 0, g.values.cpu()), torch.where(nan, 0, c.values)), `${label} max(0) values`).toBe(true);
    }
  }));

  test('cumsum, cumprod, logcumsumexp, cummax and cummin match the CPU along each dim', () => onDevice(['scan'], () => {
    // short columns (a thread each), long rows (a block each, in several chunks) and a strided input
    for (const dtype of ['float32', 'float64'] as const) {
      const tol = dtype === 'float32' ? 1e-4 : 1e-10;
      const x = torch.randn([40, 300], { dtype }), long = torch.randn([5001], { dtype });
      const X = x.to(dev);
      for (const d of [0, 1]) {
        close(X.cumsum(d), x.cumsum(d), tol);
        close(X.t().cumsum(d), x.t().cumsum(d), tol);
        close(X.mul(0.01).add(1).cumprod(d), x.mul(0.01).add(1).cumprod(d), tol);
      }
      close(long.to(dev).cumsum(0), long.cumsum(0), tol);
    }
    const ints = torch.randint(-5, 5, [40, 300]);
    expect(torch.equal(ints.to(dev).cumsum(1).cpu(), ints.cumsum(1))).toBe(true);
    expect(torch.equal(ints.to(dev).cumsum(0).cpu(), ints.cumsum(0))).toBe(true);
    expect(torch.equal(ints.remainder(3).sub(1).to(dev).cumprod(1).cpu(), ints.remainder(3).sub(1).cumprod(1))).toBe(true);
    const mask = torch.rand(9, 700).lt(0.5);
    const bools = mask.to(dev).cumsum(1);
    expect(bools.dtype).toBe('int64');
    expect(torch.equal(bools.cpu(), mask.cumsum(1))).toBe(true);
    close(ints.float().to(dev).cumsum(1, { dtype: 'float64' }), ints.float().cumsum(1, { dtype: 'float64' }), 1e-12);
    const h = torch.randn(6, 300).half();
    close(h.to(dev).cumsum(1), h.cumsum(1), 1e-2);
    close(h.to(dev).cumsum(0), h.cumsum(0), 1e-2);
    // the scans with no public op yet, through the backend: values, and indices for cummax/cummin
    const raw = (op: 'logcumsumexp' | 'cummax' | 'cummin', t: torch.Tensor, d: number) => {
      const c = t.contiguous(), sh = c.shape;
      const outer = sh.slice(0, d).reduce((p, v) => p * v, 1), len = sh[d], inner = sh.slice(d + 1).reduce((p, v) => p * v, 1);
      const out = torch.empty(sh, { dtype: t.dtype, device: t.device });
      const idx = op === 'logcumsumexp' ? null : torch.empty(sh, { dtype: 'int64', device: t.device });
      torch._backendFor(t.device).scan(op, out, idx, c, outer, len, inner);
      return { out, idx };
    };
    const lse = torch.where(torch.arange(300).lt(5), -Infinity, torch.randn(8, 300));
    const tied = torch.where(torch.rand(8, 300).lt(0.02), NaN, torch.randint(0, 6, [8, 300]).float());
    // NaN after a -inf prefix, equal infinities: PyTorch's rule, which holds however the device groups the row
    const edges = torch.randn(4, 700);
    edges.index(0).narrow(0, 0, 3).fill_(-Infinity);
    edges.index(0, 3).fill_(NaN);
    edges.index(1).narrow(0, 400, 2).fill_(Infinity);
    edges.index(2, 600).fill_(NaN);
    const e = raw('logcumsumexp', edges, 1).out;
    expect(e.index(0, 2).item()).toBe(-Infinity);
    expect(Number.isNaN(e.index(0, 699).item())).toBe(true);
    expect(e.index(1, 401).item()).toBe(Infinity);
    expect(Number.isNaN(e.index(2, 650).item())).toBe(true);
    close(raw('logcumsumexp', edges.to(dev), 1).out, e, 1e-4);
    for (const d of [0, 1]) {
      close(raw('logcumsumexp', lse.to(dev), d).out, raw('logcumsumexp', lse, d).out, 1e-4);
      close(raw('logcumsumexp', lse.t().double().to(dev), d).out, raw('logcumsumexp', lse.t().double(), d).out, 1e-10);
      for (const op of ['cummax', 'cummin'] as const)
        for (const t of [tied, tied.t(), torch.randint(0, 6, [8, 300]), torch.randn(8, 300).double()]) {
          const g = raw(op, t.to(dev), d), c = raw(op, t, d);
          close(g.out, c.out, 0);
          expect(torch.equal(g.idx!.cpu(), c.idx!), `${op} along ${d}, ${t.dtype}`).toBe(true);
        }
    }
  }));

  test('arange and linspace on the device hold exactly the CPU values', () => onDevice(['range'], () => {
    for (const dtype of ['float32', 'float64', 'int64'] as const) {
      const cases: [string, (o: { dtype: typeof dtype; device?: string }) => torch.Tensor][] = [
        ['arange(n)', (o) => torch.arange(1037, o)],
        ['arange(start, end, step)', (o) => torch.arange(-7, 2000, 3, o)],
        ['arange fractional step', (o) => torch.arange(-3.1, 400.7, 0.37, o)],
        ['linspace', (o) => torch.linspace(-2, 5, 1001, o)],
        ['linspace even', (o) => torch.linspace(0.1, 1e3, 1000, o)],
        ['linspace descending', (o) => torch.linspace(7, -3.5, 333, o)],
        ['linspace one step', (o) => torch.linspace(4, 9, 1, o)],
      ];
      for (const [label, make] of cases) {
        if (dtype === 'int64' && label.includes('fractional')) continue;
        const got = make({ dtype, device: dev }), want = make({ dtype });
        expect(got.device, label).toBe('cuda:0');
        expect(got.dtype).toBe(dtype);
        expect(torch.equal(got.cpu(), want), `${label} ${dtype}`).toBe(true);
      }
    }
  }));

  test('sort and topk match the CPU: NaN sorts as the largest, ties keep their order, long and odd rows', () => onDevice(['sort', 'topk'], () => {
    const tiedNan = (r: number, c: number) => torch.where(torch.rand(r, c).lt(0.03), NaN, torch.randint(-4, 4, [r, c]).float());
    const cases: [string, torch.Tensor][] = [
      ['long rows', tiedNan(3, 1500)], ['odd rows', tiedNan(7, 33)], ['float64', torch.randn(5, 1025).double()],
      ['int64', torch.randint(-50, 50, [4, 1100])], ['int32', torch.randint(-9, 9, [6, 17], { dtype: 'int32' })],
      ['float16', tiedNan(3, 70).half()], ['signed zeros', torch.tensor([[0, -0, 1, -1, 0, -0], [-0, NaN, 0, -Infinity, Infinity, -0]])],
      ['one column', torch.randn(9, 1)], ['strided', tiedNan(40, 6).t()],
    ];
    for (const [label, x] of cases) {
      const X = x.to(dev);
      for (const dim of [1, 0]) {
        for (const descending of [false, true])
          for (const stable of [false, true]) {
            const g = X.sort({ dim, descending, stable }), c = x.sort({ dim, descending, stable });
            expect(g.values.device).toBe('cuda:0');
            close(g.values, c.values, 0);
            expect(torch.equal(g.indices.cpu(), c.indices), `${label} sort dim ${dim} desc ${descending} stable ${stable}`).toBe(true);
          }
        const len = x.shape[dim];
        for (const largest of [true, false])
          for (const k of [1, Math.min(3, len), len]) {
            const g = X.topk(k, { dim, largest }), c = x.topk(k, { dim, largest });
            close(g.values, c.values, 0);
            expect(torch.equal(g.indices.cpu(), c.indices), `${label} topk k ${k} dim ${dim} largest ${largest}`).toBe(true);
          }
      }
    }
    // a few very long rows take the GPU's device-wide radix sort, one row at a time
    const long = tiedNan(2, 40000);
    for (const descending of [false, true]) {
      const g = long.to(dev).sort({ dim: 1, descending }), c = long.sort({ dim: 1, descending });
      close(g.values, c.values, 0);
      expect(torch.equal(g.indices.cpu(), c.indices), `long rows, descending ${descending}`).toBe(true);
    }
    expect(torch.equal(long.flatten().to(dev).topk(5).indices.cpu(), long.flatten().topk(5).indices)).toBe(true);
    const s = torch.tensor([3, NaN, 1, 3, NaN, -1]).to(dev);
    expect(s.sort().indices.cpu().tolist()).toEqual([5, 2, 0, 3, 1, 4]);
    expect(s.sort({ descending: true }).indices.cpu().tolist()).toEqual([1, 4, 0, 3, 2, 5]);
    expect(s.topk(2).indices.cpu().tolist()).toEqual([1, 4]);
    expect(s.argsort({ descending: true, stable: true }).cpu().tolist()).toEqual([1, 4, 0, 3, 2, 5]);
  }));

  test('nonzero, masked_select and boolean indexing match the CPU', () => onDevice(['nonzero', 'take'], () => {
    const x = torch.where(torch.rand(37, 45).lt(0.7), 0, torch.randn(37, 45));
    const X = x.to(dev);
    const cases: [string, torch.Tensor][] = [
      ['float32', x], ['transposed', x.t()], ['bool', x.ne(0)], ['int64', x.mul(3).round().long()],
      ['3-d', x.reshape(37, 5, 9)], ['float64 NaN and -0', torch.tensor([[0, -0, NaN], [1, -0, 0]]).double()],
      ['large', torch.rand(3, 70001).lt(0.001)], ['float16', x.half()],
    ];
    for (const [label, t] of cases) {
      const g = t.to(dev).nonzero(), c = t.nonzero();
      expect(g.device, label).toBe('cuda:0');
      expect(g.shape, label).toEqual(c.shape);
      expect(torch.equal(g.cpu(), c), label).toBe(true);
    }
    expect(torch.zeros([6, 7], { device: dev }).nonzero().shape).toEqual([0, 2]);
    expect(torch.zeros([0, 3], { device: dev }).nonzero().shape).toEqual([0, 2]);
    expect(torch.tensor(2.5).to(dev).nonzero().shape).toEqual([1, 0]);
    expect(torch.tensor(0).to(dev).nonzero().shape).toEqual([0, 0]);
    const m = X.gt(0.3);
    close(X.maskedSelect(m), x.maskedSelect(x.gt(0.3)), 0);
    close(X.index(m), x.index(x.gt(0.3)), 0);
    expect(X.maskedSelect(X.gt(100)).shape).toEqual([0]);
    expect(torch.equal(X.argwhere().cpu(), x.argwhere())).toBe(true);
  }));

  test('indexing moves every dtype; index_put accumulates in float16 and bfloat16 too', () => onDevice(['take', 'put'], () => {
    const idx = torch.tensor([2, 0, 2]);
    for (const dtype of ['float16', 'bfloat16', 'bool', 'int8', 'uint8', 'int16', 'int32', 'int64', 'float64'] as const) {
      const a = torch.tensor([[1, 0, 3], [4, 5, 0], [7, 0, 9]]).to(dtype);
      const A = a.to(dev);
      expect(torch.equal(A.indexSelect(0, idx.to(dev)).cpu(), a.indexSelect(0, idx)), dtype).toBe(true);
      expect(torch.equal(A.index(':', idx.to(dev)).cpu(), a.index(':', idx)), dtype).toBe(true);
      const put = (t: torch.Tensor, i: torch.Tensor) => t.clone().indexPut_([i], 1);
      expect(torch.equal(put(A, idx.to(dev)).cpu(), put(a, idx)), `${dtype} put`).toBe(true);
    }
    // the 8- and 16-bit integers and bool accumulate through a compare-and-swap on the device
    for (const dtype of ['float16', 'bfloat16', 'int8', 'uint8', 'int16', 'bool', 'int32', 'int64', 'float64'] as const) {
      const z = torch.zeros([3], { dtype }), v = torch.tensor([0.5, 1.5, 2.25]).to(dtype);
      const got = z.to(dev).indexPut_([idx.to(dev)], v.to(dev), true).cpu();
      expect(torch.equal(got, z.clone().indexPut_([idx], v, true)), `${dtype} accumulate`).toBe(true);
    }
  }));

  test("a 0-d CPU tensor joins a device op; other mixes throw PyTorch's error", () => {
    const A = torch.ones([3], { device: dev });
    expect(A.mul(torch.tensor(2)).cpu().tolist()).toEqual([2, 2, 2]);
    expect(() => A.add(torch.ones(3))).toThrow('Expected all tensors to be on the same device, but found at least two devices');
  });

  test('autograd on the device: gradients match the CPU and stay on the device', () => {
    const x = torch.randn(6, 5), w = torch.randn(5, 3), bias = torch.randn(3);
    const run = (d: string) => {
      const W = w.to(d).detach().requiresGrad_(), Bb = bias.to(d).detach().requiresGrad_();
      const loss = x.to(d).matmul(W).add(Bb).relu().logSoftmax(1).mean();
      loss.backward();
      return { loss, gw: W.grad!, gb: Bb.grad! };
    };
    const c = run('cpu'), g = run(dev);
    expect(g.gw.device).toBe('cuda:0');
    close(g.loss, c.loss);
    close(g.gw, c.gw, 1e-4);
    close(g.gb, c.gb, 1e-4);
  });

  test("torch.load with mapLocation 'cuda': tensors on the device, shared storages still shared, parameters still leaves", async () => {
    const base = torch.randn(4, 5), w = torch.randn(3).requiresGrad_();
    const bytes = saveToBuffer({ base, view: base.narrow(0, 1, 2), w, step: 7, nested: [new Map([[0, base.t()]])] });
    for (const sd of [torch.load(bytes, { mapLocation: dev }), await torch.loadAsync(bytes, { mapLocation: dev })]) {
      expect(sd.base.device).toBe('cuda:0');
      expect(torch.equal(sd.base.cpu(), base)).toBe(true);
      expect(torch.equal(sd.view.cpu(), base.narrow(0, 1, 2))).toBe(true);
      expect(torch.equal(sd.nested[0].get(0).cpu(), base.t())).toBe(true);
      expect(sd.w.requiresGrad && sd.w.isLeaf).toBe(true);
      expect(sd.step).toBe(7);
      sd.view.fill_(0); // the view and its base still share one storage on the device
      expect(sd.base.index(1).cpu().abs().sum().item()).toBe(0);
    }
  });

  test('dispose frees at once; a disposed device tensor throws when used', () => {
    const y = torch.randn(100).to(dev);
    y.dispose();
    expect(y.isDisposed).toBe(true);
    expect(() => y.add(1)).toThrow('Cannot use a tensor whose storage has been freed');
  });
}

/** Two GPUs (cuda:0 and cuda:1): placement, transfers between them, and PyTorch's error when they mix. */
export function multiDeviceSuite(): void {
  test("tensors live on the device they are sent to; 'cuda:1' to 'cuda:0' and back keeps values", () => {
    const x = torch.randn(5, 6);
    const X1 = x.to('cuda:1');
    expect(X1.device).toBe('cuda:1');
    expect(x.cuda(1).device).toBe('cuda:1');
    expect(torch.zeros([2], { device: 'cuda:1' }).device).toBe('cuda:1');
    expect(torch.equal(X1.cpu(), x)).toBe(true);
    const X0 = X1.to('cuda:0');
    expect(X0.device).toBe('cuda:0');
    expect(torch.equal(X0.cpu(), x)).toBe(true);
    expect(torch.equal(X0.t().to('cuda:1').cpu(), x.t())).toBe(true); // strided source
    expect(torch.equal(X1.to({ device: 'cuda:0', dtype: 'float64' }).cpu(), x.double())).toBe(true);
    const dst = torch.zeros([6, 5], { device: 'cuda:0' });
    dst.t().copy_(X1); // strided destination on the other GPU
    expect(torch.equal(dst.cpu(), x.t())).toBe(true);
    expect(String(torch.tensor([1, 2], { device: 'cuda:1' }))).toBe("tensor([1, 2], device='cuda:1')");
  });

  test('ops and gradients on cuda:1 stay there and match the CPU', () => {
    const a = torch.randn(4, 7), m = torch.randn(7, 3);
    const A = a.to('cuda:1').requiresGrad_(), M = m.to('cuda:1');
    const y = A.matmul(M).softmax(1).sum(0);
    expect(y.device).toBe('cuda:1');
    close(y, a.matmul(m).softmax(1).sum(0), 1e-5);
    y.sum().backward();
    expect(A.grad!.device).toBe('cuda:1');
    const ah = a.clone().requiresGrad_();
    ah.matmul(m).softmax(1).sum(0).sum().backward();
    close(A.grad!, ah.grad!, 1e-5);
    close(A.detach().sort(1).values, a.sort(1).values, 0);
  });

  test("operands on two GPUs throw PyTorch's error, whatever the op", () => {
    const A0 = torch.ones([3, 3], { device: 'cuda:0' }), A1 = torch.ones([3, 3], { device: 'cuda:1' });
    const msg = 'Expected all tensors to be on the same device, but found at least two devices';
    expect(() => A0.add(A1)).toThrow(msg);
    expect(() => A0.matmul(A1)).toThrow(msg);
    expect(() => torch.cat([A0, A1])).toThrow(msg);
    expect(() => A0.indexSelect(0, torch.tensor([1]).to('cuda:1'))).toThrow(msg);
    expect(() => torch.where(A0.gt(0), A0, A1)).toThrow(msg);
  });
}
