/**
 * torch.amp.GradScaler driving an optimizer, against hand-computed expectations of PyTorch's
 * algorithm (scale, unscale, skip on inf/NaN, back off, grow; the error messages and
 * state-dict keys are PyTorch's).
 */
import { describe, expect, test } from 'vitest';
import * as torch from '@tensile/core';
import * as optim from '@tensile/optim';

function setup(lr = 0.1) {
  const w = torch.tensor([1, -2, 3], { dtype: 'float32', requiresGrad: true });
  const opt = new optim.SGD([w], { lr });
  return { w, opt };
}
const lossOf = (w: torch.Tensor) => w.mul(w).sum(); // gradient 2w

describe('GradScaler', () => {
  test('a clean step equals the unscaled optimizer step; the loss is scaled by a float32 [1] tensor', () => {
    const { w, opt } = setup();
    const scaler = new torch.amp.GradScaler({ initScale: 1024 });
    const scaled = scaler.scale(lossOf(w));
    expect(scaled.shape).toEqual([1]);
    expect(scaled.dtype).toBe('float32');
    expect(scaled.item()).toBeCloseTo(1024 * 14, 3);
    scaled.backward();
    expect(w.grad!.tolist()).toEqual([2048, -4096, 6144]);
    scaler.step(opt);
    scaler.update();
    expect((w.detach().tolist() as number[]).map((v) => +v.toFixed(6))).toEqual([0.8, -1.6, 2.4]); // w - 0.1 * 2w
    expect(scaler.getScale()).toBe(1024);
    expect(scaler.scale(torch.tensor(1, { dtype: 'bfloat16' })).dtype).toBe('float32');
  });

  test('inf or NaN gradients skip the step and halve the scale; growthInterval clean steps double it', () => {
    const { w, opt } = setup();
    const scaler = new torch.amp.GradScaler({ initScale: 8, growthInterval: 2 });
    const before = w.detach().clone();
    scaler.scale(w.mul(torch.tensor([Infinity, 1, 1], { dtype: 'float32' })).sum()).backward();
    expect(scaler.step(opt)).toBeUndefined();
    scaler.update();
    expect(torch.equal(w.detach(), before)).toBe(true);
    expect(scaler.getScale()).toBe(4);
    for (let i = 0; i < 2; i++) {
      opt.zeroGrad();
      scaler.scale(lossOf(w)).backward();
      scaler.step(opt);
      scaler.update();
    }
    expect(scaler.getScale()).toBe(8);
    opt.zeroGrad();
    scaler.scale(w.mul(torch.tensor([NaN, 1, 1], { dtype: 'float32' })).sum()).backward();
    scaler.step(opt);
    scaler.update();
    expect(scaler.getScale()).toBe(4);
  });

  test('unscale_ before clipping: step then uses the unscaled, clipped gradients', () => {
    const { w, opt } = setup(1);
    const scaler = new torch.amp.GradScaler({ initScale: 64 });
    scaler.scale(lossOf(w)).backward();
    scaler.unscale_(opt);
    expect(w.grad!.tolist()).toEqual([2, -4, 6]);
    w.grad!.clamp_(-1, 1);
    scaler.step(opt);
    scaler.update();
    expect(w.detach().tolist()).toEqual([0, -1, 2]);
  });

  test("misuse throws PyTorch's errors", () => {
    const { w, opt } = setup();
    const scaler = new torch.amp.GradScaler();
    expect(() => scaler.update()).toThrow('No inf checks were recorded prior to update.');
    scaler.scale(lossOf(w)).backward();
    scaler.unscale_(opt);
    expect(() => scaler.unscale_(opt)).toThrow('unscale_() has already been called on this optimizer since the last update().');
    scaler.step(opt);
    expect(() => scaler.step(opt)).toThrow('step() has already been called since the last update().');
    expect(() => scaler.unscale_(opt)).toThrow('unscale_() is being called after step().');
    expect(() => new torch.amp.GradScaler({ growthFactor: 1 })).toThrow('The growth factor must be > 1.0.');
    const empty = new optim.SGD([torch.zeros([2]).requiresGrad_()], { lr: 0.1 });
    expect(() => new torch.amp.GradScaler().step(empty)).toThrow('No inf checks were recorded for this optimizer.');
  });

  test("PyTorch's state-dict keys round-trip; a disabled scaler passes everything through", () => {
    const s = new torch.cuda.amp.GradScaler({ initScale: 32, growthInterval: 7 });
    expect(s.stateDict()).toEqual({ scale: 32, growth_factor: 2, backoff_factor: 0.5, growth_interval: 7, _growth_tracker: 0 });
    const t = new torch.amp.GradScaler();
    t.loadStateDict(s.stateDict());
    expect(t.getScale()).toBe(32);
    expect(t.getGrowthInterval()).toBe(7);
    const off = new torch.amp.GradScaler({ enabled: false });
    const { w, opt } = setup();
    const loss = lossOf(w);
    expect(off.scale(loss)).toBe(loss);
    expect(off.getScale()).toBe(1);
    expect(off.stateDict()).toEqual({});
    loss.backward();
    off.step(opt);
    expect((w.detach().tolist() as number[]).map((v) => +v.toFixed(6))).toEqual([0.8, -1.6, 2.4]);
  });
});
