import { describe, expect, it } from 'vitest';
import * as torch from '@tensile/core';

// The engine frees gradient buffers as soon as nothing can read them; whatever a user can hold
// must stay readable. Expected values are the analytic gradients.
describe('backward frees only what nobody can read', () => {
  const big = () => torch.randn(512, 600, { requiresGrad: true }); // > 1 MiB: native buffers

  it('keeps a user-provided gradient and every leaf gradient intact', () => {
    const a = big(), b = big();
    const g = torch.onesLike(a.detach()).mul(2);
    a.add(b).mul(3).backward(g);
    expect(g.isDisposed).toBe(false);
    expect(g.sum().item()).toBeCloseTo(2 * 512 * 600);
    expect(a.grad!.mean().item()).toBeCloseTo(6);
    expect(b.grad!.mean().item()).toBeCloseTo(6);
  });

  it('one gradient sent to several consumers reaches all of them', () => {
    const x = big();
    const y = x.exp();
    const z = y.add(y).add(y.sin()).sum();
    z.backward();
    const expected = x.detach().exp().mul(torch.add(2, x.detach().exp().cos()));
    expect(torch.allclose(x.grad!, expected, { rtol: 1e-4, atol: 1e-5 })).toBe(true);
  });

  it('gradients captured by autograd.grad and seen by hooks stay usable', () => {
    const x = big();
    const h = x.mul(2);
    let seen: torch.Tensor | null = null;
    h.registerHook((g) => {
      seen = g;
    });
    const [gx] = torch.autograd.grad([h.relu().sum()], [x]);
    expect(gx!.isDisposed).toBe(false);
    expect(seen!.isDisposed).toBe(false);
    expect(torch.allclose(gx!, h.detach().gt(0).float().mul(2))).toBe(true);
  });

  it('gradients of a createGraph pass stay alive for the second derivative', () => {
    const x = torch.randn(600, 600, { requiresGrad: true });
    const [g] = torch.autograd.grad([x.pow(3).sum()], [x], { createGraph: true });
    const [gg] = torch.autograd.grad([g!.sum()], [x]);
    expect(torch.allclose(gg!, x.detach().mul(6), { rtol: 1e-4, atol: 1e-4 })).toBe(true);
  });

  it('a leaf takes over a gradient buffer nobody else holds, and only such a buffer', () => {
    // x's gradient comes fresh from exp's backward: it becomes x.grad without a copy
    const x = big();
    const y = x.exp();
    y.backward(torch.onesLike(y.detach()));
    expect(torch.allclose(x.grad!, x.detach().exp())).toBe(true);
    // a second backward accumulates into it in place
    x.exp().sum().backward();
    expect(torch.allclose(x.grad!, x.detach().exp().mul(2))).toBe(true);

    // add sends one buffer to both leaves: each must end up with its own
    const a = big(), b = big();
    a.mul(1).add(b.mul(1)).sum().backward();
    expect(a.grad!._storage).not.toBe(b.grad!._storage);
    a.grad!.add_(1);
    expect(b.grad!.max().item()).toBe(1);
    expect(a.grad!.min().item()).toBe(2);

    // a user-provided gradient passed straight through (view) is never taken over
    const v = big();
    const g = torch.onesLike(v.detach());
    v.view(-1).backward(g.view(-1));
    expect(v.grad!._storage).not.toBe(g._storage);
    v.grad!.mul_(5);
    expect(g.max().item()).toBe(1);
  });
});

