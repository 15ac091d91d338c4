import { describe, test } from 'vitest';
import { checkCase, loadCases } from './heavy_golden';

describe('conv layers against PyTorch goldens', () => {
  for (const c of loadCases('heavy_conv.json')) test(c.name, () => checkCase(c));
});

import { expect } from 'vitest';
import * as torch from '@tensile/core';
import * as nn from '@tensile/nn';
const F = nn.functional;

describe('conv errors and gradients', () => {
  test('errors in PyTorch words', () => {
    const w = torch.randn([4, 3, 3, 3]);
    expect(() => F.conv2d(torch.randn([2, 3]), w)).toThrow('Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [2, 3]');
    expect(() => F.conv2d(torch.randn([1, 5, 8, 8]), w)).toThrow(
      'Given groups=1, weight of size [4, 3, 3, 3], expected input[1, 5, 8, 8] to have 3 channels, but got 5 channels instead');
    expect(() => F.conv2d(torch.randn([1, 3, 2, 2]), w)).toThrow(
      "Calculated padded input size per channel: (2 x 2). Kernel size: (3 x 3). Kernel size can't be greater than actual input size");
    expect(() => F.conv2d(torch.randn([1, 3, 8, 8]), w, null, { padding: 'same', stride: 2 })).toThrow("padding='same' is not supported for strided convolutions");
    expect(() => new nn.Conv2d(3, 5, 3, { groups: 2 })).toThrow('in_channels must be divisible by groups');
    expect(() => F.conv2d(torch.randn([1, 3, 8, 8], { dtype: 'float64' }), w)).toThrow('expected scalar type Double but found Float');
  });
  test('repr matches PyTorch', () => {
    expect(String(new nn.Conv2d(1, 32, 3, { stride: 1 }))).toBe('Conv2d(1, 32, kernel_size=(3, 3), stride=(1, 1))');
    expect(String(new nn.Conv1d(4, 8, 3, { padding: 1, groups: 2, bias: false, paddingMode: 'reflect' }))).toBe(
      'Conv1d(4, 8, kernel_size=(3,), stride=(1,), padding=(1,), groups=2, bias=False, padding_mode=reflect)');
  });
  test('gradcheck: grouped strided dilated conv2d, conv3d, transposed conv with output size', () => {
    const o = { dtype: 'float64' as const, requiresGrad: true };
    const x = torch.randn([2, 4, 6, 5], o), w = torch.randn([6, 2, 3, 2], o), b = torch.randn([6], o);
    expect(torch.autograd.gradcheck((a, c, d) => F.conv2d(a, c, d, { stride: [2, 1], padding: 1, dilation: [1, 2], groups: 2 }), [x, w, b])).toBe(true);
    const x3 = torch.randn([1, 2, 3, 4, 3], o), w3 = torch.randn([2, 2, 2, 2, 2], o);
    expect(torch.autograd.gradcheck((a, c) => F.conv3d(a, c, null, { padding: [1, 0, 1] }), [x3, w3])).toBe(true);
    const ct = new nn.ConvTranspose2d(4, 2, 3, { stride: 2, padding: 1, dtype: 'float64' });
    const y = ct.forward(torch.randn([1, 4, 3, 3], { dtype: 'float64' }), [6, 6]);
    expect(y.shape).toEqual([1, 2, 6, 6]);
  });
});

/**
 * conv(x, w) as a sum over kernel taps of w[:, :, tap] @ (shifted window of the zero-padded x),
 * built from pad, narrow and matmul only: an independent route to the native kernels' result,
 * at sizes where those kernels block, tile and split work over threads (the goldens above are
 * small). Stride 1, any dilation and groups.
 */
function tapConv(x: torch.Tensor, w: torch.Tensor, bias: torch.Tensor | null, pad: number[], dil: number[], groups: number): torch.Tensor {
  const nsp = x.ndim - 2, [n, c] = x.shape, o = w.shape[0], cg = c / groups, og = o / groups;
  const xp = F.pad(x, pad.flatMap((p) => [p, p]).reverse());
  const k = w.shape.slice(2), out = x.shape.slice(2).map((s, d) => s + 2 * pad[d] - dil[d] * (k[d] - 1));
  const L = out.reduce((a, v) => a * v, 1);
  const parts: torch.Tensor[] = [];
  for (let gi = 0; gi < groups; gi++) {
    let acc: torch.Tensor | null = null;
    const taps = k.reduce((a, v) => a * v, 1);
    for (let t = 0; t < taps; t++) {
      const idx = k.map((_, d) => Math.floor(t / k.slice(d + 1).reduce((a, v) => a * v, 1)) % k[d]);
      let win = xp.narrow(1, gi * cg, cg);
      idx.forEach((i, d) => { win = win.narrow(2 + d, i * dil[d], out[d]); });
      let wt = w.narrow(0, gi * og, og);
      for (let d = 0; d < nsp; d++) wt = wt.select(2, idx[d]);
      const term = torch.matmul(wt, win.reshape([n, cg, L]));
      acc = acc ? acc.add(term) : term;
    }
    parts.push(acc!);
  }
  let y = torch.cat(parts, 1).reshape([n, o, ...out]);
  if (bias) y = y.add(bias.reshape([o, ...new Array<number>(nsp).fill(1)]));
  return y;
}

describe('stride-1 convolution against a tap-sum reference at blocking sizes', () => {
  const cases: { name: string; x: number[]; w: number[]; pad: number[]; dil: number[]; groups: number; bias: boolean; dtype: 'float32' | 'float64' }[] = [
    { name: 'conv2d 3x3 pad 1, 40 -> 33 channels, odd plane', x: [3, 40, 23, 29], w: [33, 40, 3, 3], pad: [1, 1], dil: [1, 1], groups: 1, bias: true, dtype: 'float32' },
    { name: 'conv2d one sample (split over threads), no bias', x: [1, 16, 37, 41], w: [70, 16, 3, 3], pad: [1, 1], dil: [1, 1], groups: 1, bias: false, dtype: 'float32' },
    { name: 'conv2d dilation 2, groups 2, 5x3 kernel, float64', x: [2, 8, 19, 22], w: [10, 4, 5, 3], pad: [2, 1], dil: [2, 1], groups: 2, bias: true, dtype: 'float64' },
    { name: 'conv2d no padding, 7 output channels', x: [2, 5, 30, 12], w: [7, 5, 3, 3], pad: [0, 0], dil: [1, 1], groups: 1, bias: true, dtype: 'float32' },
    { name: 'conv2d large K (two K blocks)', x: [2, 96, 12, 12], w: [20, 96, 3, 3], pad: [1, 1], dil: [1, 1], groups: 1, bias: true, dtype: 'float32' },
    { name: 'conv1d long sequence', x: [2, 6, 1500], w: [9, 6, 5], pad: [2], dil: [1], groups: 1, bias: true, dtype: 'float32' },
    { name: 'conv3d', x: [2, 3, 7, 9, 8], w: [5, 3, 3, 2, 3], pad: [1, 0, 1], dil: [1, 1, 2], groups: 1, bias: true, dtype: 'float64' },
  ];
  for (const cs of cases) {
    test(cs.name, () => {
      const x = torch.randn(cs.x, { dtype: cs.dtype }), w = torch.randn(cs.w, { dtype: cs.dtype });
      const b = cs.bias ? torch.randn([cs.w[0]], { dtype: cs.dtype }) : null;
      const opts = { padding: cs.pad, dilation: cs.dil, groups: cs.groups };
      const y = cs.x.length === 3 ? F.conv1d(x, w, b, opts) : cs.x.length === 4 ? F.conv2d(x, w, b, opts) : F.conv3d(x, w, b, opts);
      const ref = tapConv(x, w, b, cs.pad, cs.dil, cs.groups);
      expect(y.shape).toEqual(ref.shape);
      const tol = cs.dtype === 'float32' ? 1e-3 : 1e-10;
      expect(y.sub(ref).abs().max().item()).toBeLessThan(tol * Math.max(1, ref.abs().max().item()));
    });
  }
});
