/**
 * Autograd behaviour against PyTorch's semantics: backward options, gradient accumulation,
 * grad modes, hooks, higher-order gradients, gradcheck over every differentiable op, anomaly
 * mode and the in-place safety checks, with PyTorch's error messages.
 */
import { afterEach, describe, expect, it } from 'vitest';

import * as torch from '@tensile/core';
import type { Tensor } from '@tensile/core';

const f64 = (data: number[] | number[][], requiresGrad = true): Tensor =>
  torch.tensor(data, { dtype: 'float64', requiresGrad });
const close = (a: Tensor | null, b: number[] | number[][] | number, tol = 1e-6): void => {
  expect(a).not.toBeNull();
  const want = torch.tensor(b as number[], { dtype: 'float64' });
  expect(torch.allclose(a!.double(), want, { rtol: tol, atol: tol }), `${String(a)} vs ${String(want)}`).toBe(true);
};

/** Deterministic float64 values in [-1.5, 1.5] with no ties. */
function vals(shape: number[], seed: number, lo = -1.5, hi = 1.5): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * (((i * 0.6180339887 + seed * 0.3819660113) % 1 + 1) % 1);
  return torch.fromArray(out, shape).requiresGrad_(true);
}
const pos = (shape: number[], seed: number) => vals(shape, seed, 0.5, 2);
const unit = (shape: number[], seed: number) => vals(shape, seed, -0.8, 0.8);
const long = (data: number[] | number[][]) => torch.tensor(data);

afterEach(() => torch.autograd.setDetectAnomaly(false));

describe('backward', () => {
  it('takes a gradient argument for non-scalar outputs', () => {
    const x = f64([1, 2, 3]);
    x.mul(x).backward(f64([1, 0.5, -1], false));
    close(x.grad, [2, 2, -6]);
  });

  it('requires a gradient for non-scalar outputs', () => {
    const x = f64([1, 2]);
    expect(() => x.mul(2).backward()).toThrow('grad can be implicitly created only for scalar outputs');
  });

  it('throws PyTorch\'s message on a second backward without retainGraph', () => {
    const x = f64([1, 2, 3]);
    const y = x.exp().sum();
    y.backward();
    expect(() => y.backward()).toThrow('Trying to backward through the graph a second time');
  });

  it('retainGraph allows a second backward, and gradients accumulate into .grad', () => {
    const x = f64([1, 2, 3]);
    const y = x.mul(x).sum();
    y.backward(null, { retainGraph: true });
    close(x.grad, [2, 4, 6]);
    y.backward();
    close(x.grad, [4, 8, 12]);
  });

  it('accumulates across two separate graphs and resets with grad = null', () => {
    const w = f64([1, -1]);
    w.mul(3).sum().backward();
    w.mul(w).sum().backward();
    close(w.grad, [5, 1]);
    w.grad = null;
    w.sum().backward();
    close(w.grad, [1, 1]);
  });

  it('sums gradients of a tensor used twice (diamond graph)', () => {
    const x = f64([2]);
    const a = x.mul(3), b = x.square();
    a.add(b).add(a.mul(b)).sum().backward();
    // d/dx (3x + x^2 + 3x^3) = 3 + 2x + 9x^2
    close(x.grad, [3 + 4 + 36]);
  });

  it('rejects backward through a tensor that does not require grad', () => {
    expect(() => torch.ones(2).sum().backward()).toThrow('element 0 of tensors does not require grad and does not have a grad_fn');
  });

  it('checks the gradient shape', () => {
    const x = f64([1, 2]);
    expect(() => x.mul(2).backward(f64([1, 2, 3], false))).toThrow('Mismatch in shape');
  });
});

describe('grad modes and flags', () => {
  it('noGrad records nothing; enableGrad inside it records again', () => {
    const x = f64([1, 2]);
    const y = torch.noGrad(() => x.mul(2));
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
    const z = torch.noGrad(() => torch.enableGrad(() => x.mul(2)));
    expect(z.requiresGrad).toBe(true);
    expect(z.gradFn?.name).toBe('MulBackward0');
    expect(torch.isGradEnabled()).toBe(true);
    expect(torch.noGrad(() => torch.isGradEnabled())).toBe(false);
  });

  it('restores grad mode when the callback throws', () => {
    expect(() => torch.noGrad(() => { throw new Error('boom'); })).toThrow('boom');
    expect(torch.isGradEnabled()).toBe(true);
  });

  it('detach shares storage and cuts the graph', () => {
    const x = f64([1, 2]);
    const y = x.mul(2);
    const d = y.detach();
    expect(d.requiresGrad).toBe(false);
    expect(d.gradFn).toBeNull();
    torch.noGrad(() => d.fill_(7));
    expect(y.tolist()).toEqual([7, 7]);
  });

  it('requiresGrad_ turns leaves on and off; not allowed on integers or non-leaves', () => {
    const x = torch.ones(2);
    expect(x.requiresGrad_().requiresGrad).toBe(true);
    expect(x.requiresGrad_(false).requiresGrad).toBe(false);
    expect(() => torch.ones(2, { dtype: 'int64' }).requiresGrad_()).toThrow('floating point');
    const y = f64([1]).mul(2);
    expect(() => y.requiresGrad_(false)).toThrow('you can only change requires_grad flags of leaf variables');
  });

  it('retainGrad keeps .grad on a non-leaf', () => {
    const x = f64([1, 2]);
    const y = x.mul(3);
    y.retainGrad();
    const z = y.mul(y).sum();
    z.backward();
    close(y.grad, [6, 12]);
    close(x.grad, [18, 36]);
    expect(x.mul(1).grad).toBeNull();
  });
});

describe('hooks', () => {
  it('a leaf hook can replace the gradient before accumulation', () => {
    const x = f64([1, 2]);
    const seen: number[][] = [];
    x.registerHook((g) => { seen.push(g.tolist() as number[]); return g.mul(10); });
    x.mul(2).sum().backward();
    expect(seen).toEqual([[2, 2]]);
    close(x.grad, [20, 20]);
  });

  it('a non-leaf hook changes what flows further back; remove() detaches it', () => {
    const x = f64([1, 2]);
    const y = x.mul(2);
    const h = y.registerHook((g) => g.mul(-1));
    y.sum().backward(null, { retainGraph: true });
    close(x.grad, [-2, -2]);
    h.remove();
    x.grad = null;
    y.sum().backward();
    close(x.grad, [2, 2]);
  });

  it('cannot hook a tensor without grad', () => {
    expect(() => torch.ones(2).registerHook((g) => g)).toThrow("cannot register a hook on a tensor that doesn't require gradient");
  });
});

describe('higher-order gradients (createGraph)', () => {
  const second = (fn: (x: Tensor) => Tensor, x: Tensor): [Tensor, Tensor] => {
    const [g] = torch.autograd.grad([fn(x).sum()], [x], { createGraph: true });
    const [gg] = torch.autograd.grad([g!.sum()], [x]);
    return [g!, gg!];
  };

  it('x**3', () => {
    const x = f64([1, -2, 0.5]);
    const [g, gg] = second((t) => t.pow(3), x);
    close(g, [3, 12, 0.75]);
    close(gg, [6, -12, 3]);
  });

  it('sin, tanh, exp, log, sigmoid', () => {
    const xs = [0.3, -1.2, 2];
    const x = () => f64(xs);
    close(second((t) => t.sin(), x())[1], xs.map((v) => -Math.sin(v)));
    close(second((t) => t.tanh(), x())[1], xs.map((v) => -2 * Math.tanh(v) * (1 - Math.tanh(v) ** 2)));
    close(second((t) => t.exp(), x())[1], xs.map(Math.exp));
    close(second((t) => t.abs().log(), x())[1], xs.map((v) => -1 / (v * v)));
    const s = (v: number) => 1 / (1 + Math.exp(-v));
    close(second((t) => t.sigmoid(), x())[1], xs.map((v) => s(v) * (1 - s(v)) * (1 - 2 * s(v))));
  });

  it('softmax: Hessian-vector product matches the analytic form', () => {
    const x = f64([0.1, 0.7, -0.4]);
    const w = f64([1, -2, 0.5], false);
    // f = w . softmax(x); grad_i = p_i (w_i - w.p)
    const [g] = torch.autograd.grad([x.softmax(0).mul(w).sum()], [x], { createGraph: true });
    const v = f64([0.3, 0.2, -1], false);
    const [hv] = torch.autograd.grad([g!.mul(v).sum()], [x]);
    const p = [0.1, 0.7, -0.4].map(Math.exp);
    const z = p.reduce((a, b) => a + b);
    const P = p.map((e) => e / z);
    const wp = P.reduce((a, pi, i) => a + pi * [1, -2, 0.5][i], 0);
    const H = P.map((pi, i) => P.map((pj, j) => {
      const wi = [1, -2, 0.5][i], wj = [1, -2, 0.5][j];
      return (i === j ? pi * (wi - wp) : 0) - pi * pj * (wi - wp) - pi * pj * (wj - wp);
    }));
    const vv = [0.3, 0.2, -1];
    close(hv, H.map((row) => row.reduce((a, h, j) => a + h * vv[j], 0)));
  });

  it('grad leaves .grad alone and honours allowUnused', () => {
    const x = f64([1, 2]), y = f64([3]);
    const [gx] = torch.autograd.grad([x.mul(2).sum()], [x]);
    close(gx, [2, 2]);
    expect(x.grad).toBeNull();
    expect(() => torch.autograd.grad([x.sum()], [x, y])).toThrow('appears to not have been used in the graph');
    const [, gy] = torch.autograd.grad([x.sum()], [x, y], { allowUnused: true });
    expect(gy).toBeNull();
  });
});

describe('gradcheck (float64 finite differences) over every differentiable op', () => {
  const idx = long([[0, 2], [1, 0]]);
  const TABLE: [string, () => Tensor[], (...a: Tensor[]) => Tensor | Tensor[]][] = [
    // unary
    ...(['neg', 'abs', 'square', 'exp', 'exp2', 'expm1', 'sin', 'cos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh',
      'sigmoid', 'relu', 'erf', 'erfc', 'frac'] as const).map(
      (op): [string, () => Tensor[], (x: Tensor) => Tensor] => [op, () => [vals([2, 3], 1)], (x) => (x as any)[op]()],
    ),
    ...(['log', 'log2', 'log10', 'log1p', 'sqrt', 'rsqrt', 'reciprocal', 'lgamma', 'digamma'] as const).map(
      (op): [string, () => Tensor[], (x: Tensor) => Tensor] => [op, () => [pos([2, 3], 2)], (x) => (x as any)[op]()],
    ),
    ...(['asin', 'acos', 'atanh', 'erfinv', 'tan'] as const).map(
      (op): [string, () => Tensor[], (x: Tensor) => Tensor] => [op, () => [unit([2, 3], 3)], (x) => (x as any)[op]()],
    ),
    ['acosh', () => [pos([2, 3], 4).add(1).detach().requiresGrad_()], (x) => x.acosh()],
    ['pow scalar', () => [pos([2, 3], 5)], (x) => x.pow(2.5)],
    ['rpow', () => [vals([3], 6)], (x) => torch.pow(2, x)],
    ['clamp', () => [vals([2, 3], 7)], (x) => x.clamp(-0.7, 0.9)],
    ['nanToNum', () => [vals([3], 8)], (x) => x.nanToNum()],
    // binary (with broadcasting)
    ['add alpha', () => [vals([2, 3], 1), vals([3], 2)], (a, b) => a.add(b, { alpha: 2 })],
    ['sub', () => [vals([2, 3], 1), vals([2, 1], 2)], (a, b) => a.sub(b)],
    ['mul', () => [vals([2, 3], 1), vals([3], 2)], (a, b) => a.mul(b)],
    ['div', () => [vals([2, 3], 1), pos([3], 2)], (a, b) => a.div(b)],
    ['pow tensor', () => [pos([2, 3], 1), vals([3], 2)], (a, b) => a.pow(b)],
    ['atan2', () => [vals([2, 3], 1), vals([3], 2)], (a, b) => torch.atan2(a, b)],
    ['hypot', () => [vals([2, 3], 1), vals([3], 2)], (a, b) => torch.hypot(a, b)],
    ['maximum', () => [vals([2, 3], 1), vals([3], 5)], (a, b) => torch.maximum(a, b)],
    ['minimum', () => [vals([2, 3], 1), vals([3], 5)], (a, b) => torch.minimum(a, b)],
    ['remainder', () => [vals([2, 3], 1), pos([3], 2)], (a, b) => torch.remainder(a, b)],
    ['fmod', () => [vals([2, 3], 1), pos([3], 2)], (a, b) => torch.fmod(a, b)],
    ['xlogy', () => [vals([2, 3], 1), pos([3], 2)], (a, b) => a.xlogy(b)],
    ['lerp', () => [vals([2, 3], 1), vals([3], 2), vals([2, 1], 3)], (a, b, w) => torch.lerp(a, b, w)],
    ['addcmul', () => [vals([3], 1), vals([3], 2), vals([3], 3)], (a, b, c) => torch.addcmul(a, b, c, { value: 0.5 })],
    ['addcdiv', () => [vals([3], 1), vals([3], 2), pos([3], 3)], (a, b, c) => torch.addcdiv(a, b, c, { value: 2 })],
    ['where', () => [vals([2, 3], 1), vals([3], 2)], (a, b) => torch.where(a.detach().gt(0), a, b)],
    ['clamp tensor', () => [vals([2, 3], 1), vals([3], 2)], (a, b) => a.clamp(b, null)],
    // reductions
    ['sum dims', () => [vals([2, 3, 2], 1)], (x) => x.sum([0, 2], true)],
    ['mean', () => [vals([2, 3], 1)], (x) => x.mean(1)],
    ['prod', () => [vals([2, 3], 1)], (x) => x.prod(1)],
    ['prod all', () => [vals([2, 3], 1)], (x) => x.prod()],
    ['amax', () => [vals([2, 3], 1)], (x) => x.amax(1)],
    ['amin', () => [vals([2, 3], 1)], (x) => x.amin(0)],
    ['max dim', () => [vals([2, 3], 1)], (x) => x.max(1).values],
    ['min all', () => [vals([2, 3], 1)], (x) => x.min()],
    ['var', () => [vals([2, 3], 1)], (x) => x.var(1)],
    ['std correction', () => [vals([2, 4], 1)], (x) => x.std({ dim: 1, correction: 2 })],
    ['norm 2', () => [vals([2, 3], 1)], (x) => x.norm()],
    ['norm 1 dim', () => [vals([2, 3], 1)], (x) => x.norm(1, 1)],
    ['norm 3', () => [vals([2, 3], 1)], (x) => x.norm(3, 0)],
    ['norm inf', () => [vals([2, 3], 1)], (x) => x.norm(Infinity)],
    ['logsumexp', () => [vals([2, 3], 1)], (x) => x.logsumexp(1)],
    ['cumsum', () => [vals([2, 3], 1)], (x) => x.cumsum(1)],
    ['cumprod', () => [vals([2, 3], 1)], (x) => x.cumprod(1)],
    ['cumprod with zero', () => [torch.tensor([[2, 0, 3], [0, 1.5, 0]], { dtype: 'float64', requiresGrad: true })], (x) => x.cumprod(1)],
    ['nansum', () => [vals([2, 3], 1)], (x) => x.nansum(0)],
    ['median dim', () => [vals([2, 3], 1)], (x) => (x.median(1) as { values: Tensor }).values],
    ['softmax', () => [vals([2, 3], 1)], (x) => x.softmax(1)],
    ['logSoftmax', () => [vals([2, 3], 1)], (x) => x.logSoftmax(0)],
    ['sort', () => [vals([2, 3], 1)], (x) => x.sort(1, true).values],
    ['topk', () => [vals([2, 4], 1)], (x) => x.topk(2).values],
    ['kthvalue', () => [vals([2, 4], 1)], (x) => x.kthvalue(2).values],
    // linear algebra
    ['matmul', () => [vals([2, 3], 1), vals([3, 2], 2)], (a, b) => a.matmul(b)],
    ['matmul batched bcast', () => [vals([2, 1, 2, 3], 1), vals([2, 3, 2], 2)], (a, b) => a.matmul(b)],
    ['matmul vec', () => [vals([3], 1), vals([2, 3, 2], 2)], (a, b) => a.matmul(b)],
    ['mm transposed', () => [vals([3, 2], 1), vals([3, 2], 2)], (a, b) => a.t().mm(b)],
    ['bmm', () => [vals([2, 2, 3], 1), vals([2, 3, 2], 2)], (a, b) => a.bmm(b)],
    ['mv', () => [vals([2, 3], 1), vals([3], 2)], (a, b) => a.mv(b)],
    ['dot', () => [vals([3], 1), vals([3], 2)], (a, b) => a.dot(b)],
    ['outer', () => [vals([2], 1), vals([3], 2)], (a, b) => a.outer(b)],
    ['addmm', () => [vals([2], 3), vals([2, 3], 1), vals([3, 2], 2)], (c, a, b) => torch.addmm(c, a, b, { beta: 0.5, alpha: 2 })],
    ['einsum', () => [vals([2, 3], 1), vals([3, 2], 2)], (a, b) => torch.einsum('ij,jk->ki', a, b)],
    ['einsum trace', () => [vals([3, 3], 1)], (a) => torch.einsum('ii', a)],
    // indexing
    ['index slice+int', () => [vals([3, 4], 1)], (x) => x.index('1:', 2)],
    ['index tensor dup', () => [vals([3, 4], 1)], (x) => x.index(long([0, 2, 0]))],
    ['index two tensors', () => [vals([3, 4], 1)], (x) => x.index(long([0, 2]), long([3, 1]))],
    ['index mask', () => [vals([3, 4], 1)], (x) => x.index(x.detach().gt(0))],
    ['indexPut', () => [vals([3, 4], 1), vals([2, 4], 2)], (x, v) => x.indexPut([long([2, 0])], v)],
    ['indexPut accumulate', () => [vals([3, 4], 1), vals([3, 4], 2)], (x, v) => x.indexPut([long([1, 1, 2])], v, true)],
    ['indexSelect', () => [vals([3, 4], 1)], (x) => x.indexSelect(1, long([3, 0, 3]))],
    ['gather', () => [vals([2, 3], 1)], (x) => x.gather(1, idx)],
    ['scatter', () => [vals([2, 3], 1), vals([2, 2], 2)], (x, s) => x.scatter(1, idx, s)],
    ['scatterAdd', () => [vals([2, 3], 1), vals([2, 2], 2)], (x, s) => x.scatterAdd(1, long([[0, 0], [2, 2]]), s)],
    ['maskedFill', () => [vals([2, 3], 1)], (x) => x.maskedFill(torch.tensor([true, false, true]), 0.5)],
    ['take', () => [vals([2, 3], 1)], (x) => torch.take(x, long([5, 0, 5]))],
    ['indexAdd', () => [vals([3, 2], 1), vals([2, 2], 2)], (x, s) => x.indexAdd(0, long([2, 2]), s)],
    // shape ops
    ['cat', () => [vals([2, 3], 1), vals([1, 3], 2)], (a, b) => torch.cat([a, b, a], 0)],
    ['stack', () => [vals([2, 3], 1), vals([2, 3], 2)], (a, b) => torch.stack([a, b], 1)],
    ['split', () => [vals([5, 2], 1)], (x) => torch.split(x, 2).map((p, i) => p.mul(i + 1))],
    ['chunk', () => [vals([2, 5], 1)], (x) => x.chunk(2, 1)],
    ['unbind', () => [vals([3, 2], 1)], (x) => x.unbind(1)],
    ['flip', () => [vals([2, 3], 1)], (x) => x.flip(0, 1)],
    ['roll', () => [vals([2, 3], 1)], (x) => x.roll([1, -1], [0, 1])],
    ['repeat', () => [vals([2, 3], 1)], (x) => x.repeat(2, 1, 2)],
    ['tile', () => [vals([3], 1)], (x) => x.tile(2)],
    ['tril', () => [vals([3, 3], 1)], (x) => x.tril()],
    ['triu', () => [vals([3, 4], 1)], (x) => x.triu(1)],
    ['diagonal', () => [vals([3, 4], 1)], (x) => x.diagonal(1)],
    ['diag', () => [vals([3], 1)], (x) => torch.diag(x, -1)],
    ['unfold', () => [vals([6], 1)], (x) => x.unfold(0, 3, 1)],
    ['narrow', () => [vals([4, 3], 1)], (x) => x.narrow(0, 1, 2)],
    ['select', () => [vals([4, 3], 1)], (x) => x.select(1, -1)],
    ['permute', () => [vals([2, 3, 2], 1)], (x) => x.permute(2, 0, 1)],
    ['transpose', () => [vals([2, 3], 1)], (x) => x.transpose(0, 1)],
    ['reshape of transpose', () => [vals([2, 3], 1)], (x) => x.t().reshape(-1)],
    ['view', () => [vals([2, 3], 1)], (x) => x.view(3, 2)],
    ['expand', () => [vals([3, 1], 1)], (x) => x.expand(2, 3, 4)],
    ['squeeze', () => [vals([3, 1], 1)], (x) => x.squeeze()],
    ['unsqueeze', () => [vals([3], 1)], (x) => x.unsqueeze(0)],
    ['flatten', () => [vals([2, 3, 2], 1)], (x) => x.flatten(1)],
    ['movedim', () => [vals([2, 3, 2], 1)], (x) => x.movedim(0, -1)],
    ['slice step', () => [vals([5, 3], 1)], (x) => x.index('::2', '1:')],
    ['clone', () => [vals([3], 1)], (x) => x.clone()],
    ['sumToSize', () => [vals([2, 3], 1)], (x) => x.sumToSize(1, 3)],
    ['in-place chain', () => [vals([3], 1)], (x) => x.mul(1).mul_(x).exp_().sigmoid_().clamp_(0.6, 0.7).div_(x)],
  ];

  for (const [name, make, fn] of TABLE) {
    it(name, () => {
      expect(torch.autograd.gradcheck(fn, make())).toBe(true);
    });
  }

  it('detects a wrong gradient', () => {
    // a custom op whose recorded gradient is deliberately 2x too large
    const x = vals([3], 1);
    const bad = (t: Tensor) => {
      const y = t.mul(1);
      if (y.requiresGrad) y.registerHook((g) => g.mul(2));
      return y;
    };
    expect(torch.autograd.gradcheck(bad, [x], { raiseException: false })).toBe(false);
    expect(() => torch.autograd.gradcheck(bad, [x])).toThrow('Jacobian mismatch');
  });
});

describe('gradgradcheck', () => {
  const TABLE: [string, () => Tensor[], (...a: Tensor[]) => Tensor][] = [
    ['pow', () => [pos([3], 1)], (x) => x.pow(3)],
    ['tanh', () => [vals([3], 1)], (x) => x.tanh()],
    ['sigmoid', () => [vals([3], 2)], (x) => x.sigmoid()],
    ['softmax', () => [vals([2, 3], 1)], (x) => x.softmax(1)],
    ['logSoftmax', () => [vals([2, 3], 1)], (x) => x.logSoftmax(1)],
    ['mul', () => [vals([3], 1), vals([3], 2)], (a, b) => a.mul(b)],
    ['div', () => [vals([3], 1), pos([3], 2)], (a, b) => a.div(b)],
    ['matmul', () => [vals([2, 3], 1), vals([3, 2], 2)], (a, b) => a.matmul(b)],
    ['log', () => [pos([3], 1)], (x) => x.log()],
    ['index', () => [vals([3, 4], 1)], (x) => x.index(long([0, 0, 2])).mul(x.index(long([1, 2, 2])))],
    ['norm', () => [vals([3], 1)], (x) => x.norm()],
  ];
  for (const [name, make, fn] of TABLE) {
    it(name, () => expect(torch.autograd.gradgradcheck(fn, make())).toBe(true));
  }
});

describe('anomaly mode', () => {
  it('names the backward op that produced NaN', () => {
    torch.autograd.setDetectAnomaly(true);
    const x = f64([0, 1]);
    const y = x.sqrt().mul(0).sum();   // sqrt'(0) = inf, times 0 = nan
    expect(() => y.backward()).toThrow("Function 'SqrtBackward0' returned nan values in its 0th output.");
  });

  it('without anomaly mode the NaN passes silently', () => {
    const x = f64([0, 1]);
    x.sqrt().mul(0).sum().backward();
    expect(Number.isNaN((x.grad!.tolist() as number[])[0])).toBe(true);
  });

  it('detectAnomaly scopes the switch', () => {
    expect(torch.autograd.detectAnomaly(() => torch.autograd.isAnomalyEnabled())).toBe(true);
    expect(torch.autograd.isAnomalyEnabled()).toBe(false);
  });
});

describe('in-place safety', () => {
  it('reports a saved tensor modified in place (version counter)', () => {
    const x = f64([1, 2, 3]);
    const y = x.exp();
    const z = y.mul(y).sum();       // MulBackward0 saves y
    torch.noGrad(() => y.add_(1));
    expect(() => z.backward()).toThrow(
      'one of the variables needed for gradient computation has been modified by an inplace operation',
    );
  });

  it('an in-place op on a graph tensor is differentiated like PyTorch (original values saved)', () => {
    const x = f64([1, 2, 3]);
    const y = x.mul(2);
    y.mul_(x.mul(3));               // y = 6x^2: MulBackward0 needs y's values from before the write
    y.sum().backward();
    close(x.grad, [12, 24, 36]);
    expect(y.gradFn?.name).toBe('MulBackward0');
    // as in PyTorch, y.mul_(y) saves y itself as the other factor, which the write makes stale
    const w = x.mul(2);
    w.mul_(w);
    expect(() => w.sum().backward()).toThrow('one of the variables needed for gradient computation has been modified by an inplace operation');
  });

  it('refuses an in-place op on a leaf that requires grad', () => {
    const w = f64([1, 2]);
    expect(() => w.add_(1)).toThrow('a leaf Variable that requires grad is being used in an in-place operation.');
    expect(() => w.zero_()).toThrow('a leaf Variable that requires grad is being used in an in-place operation.');
    torch.noGrad(() => w.add_(1));
    expect(w.tolist()).toEqual([2, 3]);
  });

  it('in-place ops bump the version counter shared with views', () => {
    const x = torch.zeros(4);
    const v = x.index('1:3');
    const before = x._version;
    v.add_(1);
    expect(x._version).toBeGreaterThan(before);
    expect(x.tolist()).toEqual([0, 1, 1, 0]);
  });
});
