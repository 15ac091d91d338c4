import { describe, test } from 'vitest';
import { checkCase, loadCases } from './heavy_golden';

describe('rnn layers against PyTorch goldens', () => {
  for (const c of loadCases('heavy_rnn.json')) test(c.name, () => checkCase(c));
});

import { expect } from 'vitest';
import * as torch from '@tensile/core';
import * as nn from '@tensile/nn';

describe('recurrent layers: names, errors, gradcheck', () => {
  test('parameter names are PyTorch state-dict keys', () => {
    const m = new nn.LSTM(3, 4, { numLayers: 2, bidirectional: true, projSize: 2 });
    expect(Object.keys(m.stateDict()).slice(0, 5)).toEqual(['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0', 'weight_hr_l0']);
    expect(Object.keys(m.stateDict())).toContain('weight_hr_l1_reverse');
    expect(m.getParameter('weight_ih_l1').shape).toEqual([16, 4]);
    expect(m.weight_ih_l0.shape).toEqual([16, 3]);
    expect(String(new nn.GRU(3, 4, { numLayers: 2, batchFirst: true }))).toBe('GRU(3, 4, num_layers=2, batch_first=True)');
  });
  test('errors', () => {
    const m = new nn.LSTM(3, 4);
    expect(() => m.forward(torch.randn([2, 2, 5]))).toThrow('input.size(-1) must be equal to input_size. Expected 3, got 5');
    expect(() => m.forward(torch.randn([2, 2, 3]), [torch.zeros([2, 2, 4]), torch.zeros([1, 2, 4])])).toThrow('Expected hidden size (1, 2, 4), got [2, 2, 4]');
  });
  test('gradcheck through the native time loop (float64)', () => {
    for (const M of [nn.LSTM, nn.GRU, nn.RNN]) {
      const m = new M(2, 3, { dtype: 'float64', bidirectional: true }) as nn.RNNBase;
      const x = torch.randn([4, 2, 2], { dtype: 'float64', requiresGrad: true });
      const ws = m.parameters();
      expect(torch.autograd.gradcheck((a, w0, w1) => (m.forward(a) as [torch.Tensor, unknown])[0], [x, ws[0], ws[1]])).toBe(true);
    }
  });
});
