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
