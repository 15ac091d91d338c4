import { describe, test } from 'vitest';
import { checkCase, loadCases } from './heavy_golden';

describe('pooling layers against PyTorch goldens', () => {
  // bfloat16 cases: PyTorch rounds each gradient sum in bfloat16, Tensile once (one ulp apart at most)
  for (const c of loadCases('heavy_pooling.json')) test(c.name, () => checkCase(c, c.name.startsWith('bf16') ? 8e-3 : undefined));
});

import { expect } from 'vitest';
import * as torch from '@tensile/core';
import * as nn from '@tensile/nn';
const F = nn.functional;

describe('pooling errors and gradients', () => {
  test('errors in PyTorch words', () => {
    expect(() => F.maxPool2d(torch.randn([1, 1, 5, 5]), 3, { padding: 2 })).toThrow('pad should be at most half of effective kernel size, but got pad=2, kernel_size=3 and dilation=1');
    expect(() => F.maxPool2d(torch.randn([1, 1, 2, 2]), 3)).toThrow('Output size is too small');
    expect(() => F.avgPool2d(torch.tensor([[[1, 2], [3, 4]]]), 2)).toThrow(`"avg_pool2d" not implemented for 'Long'`);
    expect(() => F.maxPool2d(torch.randn([1, 1, 4, 4]).half(), 2)).toThrow(`"max_pool2d" not implemented for 'Half'`); // as PyTorch's CPU
  });
  test('module forms and repr', () => {
    const m = new nn.MaxPool2d(2, { returnIndices: true });
    const [v, i] = m.forward(torch.arange(16, { dtype: 'float32' }).view([1, 1, 4, 4])) as [torch.Tensor, torch.Tensor];
    expect(v.flatten().tolist()).toEqual([5, 7, 13, 15]);
    expect(new nn.MaxUnpool2d(2).forward(v, i).flatten().tolist()).toEqual([0, 0, 0, 0, 0, 5, 0, 7, 0, 0, 0, 0, 0, 13, 0, 15]);
    expect(String(m)).toBe('MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)');
    expect(String(new nn.AdaptiveAvgPool2d([7, 7]))).toBe('AdaptiveAvgPool2d(output_size=(7, 7))');
  });
  test('gradcheck and second derivatives of average pooling', () => {
    const x = torch.randn([2, 2, 5, 6], { dtype: 'float64', requiresGrad: true });
    expect(torch.autograd.gradcheck((a) => F.avgPool2d(a, 3, { stride: 2, padding: 1, ceilMode: true }), [x])).toBe(true);
    expect(torch.autograd.gradcheck((a) => F.adaptiveAvgPool2d(a, [3, 4]), [x])).toBe(true);
    // d/dx of |grad avgpool|^2 is zero (the pool is linear), but it must be computable with createGraph
    const [g] = torch.autograd.grad([F.avgPool2d(x, 2).pow(2).sum()], [x], { createGraph: true });
    const [gg] = torch.autograd.grad([g!.sum()], [x]);
    // d/dx sum(grad) = d/dx sum(avgpool_backward(2*avgpool(x))) = 2 * avgpool_backward(avgpool(ones))-ish: compare with finite difference
    const eps = 1e-6;
    const f = (t: torch.Tensor) => torch.autograd.grad([F.avgPool2d(t.requiresGrad_(), 2).pow(2).sum()], [t])[0]!.sum().item();
    const x1 = x.detach().clone(), x2 = x.detach().clone();
    x1.view([-1]).index(0).add_(eps);
    x2.view([-1]).index(0).sub_(eps);
    expect(Math.abs((f(x1) - f(x2)) / (2 * eps) - (gg!.view([-1]).index(0).item() as number))).toBeLessThan(1e-5);
  });
});
