/**
 * Behaviour every accelerator backend must show, run against the real CUDA backend where a GPU
 * is present (cuda.test.ts) and against a stand-in device whose memory is host memory
 * (device_fake.test.ts), which exercises the same dispatch, transfers and fallbacks anywhere.
 * Expected values always come from the same computation on the CPU.
 */
import { expect, test } from 'vitest';
import * as torch from '@tensile/core';

/**
 * Puts a stand-in device in the dispatch table's 'cuda' slot: its blocks are host memory (the
 * addon then runs its CPU kernels on them), moved by plain byte copies. For tests that run in
 * their own process.
 */
export function registerStandInDevice(): void {
  type Block = ReturnType<torch._DeviceRuntime['alloc']>;
  const bytes = (b: Block) => b as unknown as Uint8Array;
  const runtime: torch._DeviceRuntime = {
    alloc: (n) => new Uint8Array(n) as unknown as Block,
    free: () => {},
    upload: (block, off, src) => bytes(block).set(src, off),
    download: (dst, block, off) => dst.set(bytes(block).subarray(off, off + dst.length)),
  };
  torch._registerBackend('cuda', torch._makeDeviceBackend('cuda:0', runtime));
}

/** a (any device) equals b (CPU) within tol relative to b's largest magnitude; NaN matches only NaN. */
function close(a: torch.Tensor, b: torch.Tensor, tol = 1e-5): void {
  const ah = a.cpu();
  expect(ah.shape).toEqual(b.shape);
  expect(torch.equal(ah.isnan(), b.isnan())).toBe(true);
  const d = torch.where(b.isnan(), 0, ah.sub(b).abs());
  const scale = Math.max(1, torch.where(b.isfinite(), b.abs(), 0).max().item());
  expect(d.max().item()).toBeLessThanOrEqual(tol * scale);
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
    const a = torch.randn(4, 9);
    const A = a.to(dev);
    const s = A.sort(1), t = a.sort(1);
    close(s.values, t.values);
    expect(torch.equal(s.indices.cpu(), t.indices)).toBe(true);
    close(A.cumsum(1), a.cumsum(1));
    close(A.indexSelect(0, torch.tensor([2, 0]).to(dev)), a.indexSelect(0, torch.tensor([2, 0])));
    expect(A.sort(1).values.device).toBe('cuda:0');
  });

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

  test('dispose frees at once; a disposed device tensor throws when used', () => {
    const y = torch.randn(100).to(dev);
    y.dispose();
    expect(y.isDisposed).toBe(true);
    expect(() => y.add(1)).toThrow('Cannot use a tensor whose storage has been freed');
  });
}
