import { describe, test } from 'vitest';
import { checkCase, loadCases } from './heavy_golden';

describe('transformer layers against PyTorch goldens', () => {
  for (const c of loadCases('heavy_transformer.json')) test(c.name, () => checkCase(c));
});

import { expect } from 'vitest';
import * as torch from '@tensile/core';
import * as nn from '@tensile/nn';

describe('attention and transformer: keys and options', () => {
  test('state-dict keys as PyTorch', () => {
    const enc = new nn.TransformerEncoder(new nn.TransformerEncoderLayer({ dModel: 8, nhead: 2, dimFeedforward: 16 }), 2);
    const keys = Object.keys(enc.stateDict());
    expect(keys.slice(0, 6)).toEqual(['layers.0.self_attn.in_proj_weight', 'layers.0.self_attn.in_proj_bias', 'layers.0.self_attn.out_proj.weight',
      'layers.0.self_attn.out_proj.bias', 'layers.0.linear1.weight', 'layers.0.linear1.bias']);
    expect(keys).toContain('layers.1.norm2.bias');
  });
  test('MultiheadAttention shapes and errors', () => {
    const m = new nn.MultiheadAttention(8, 2, { batchFirst: true });
    const x = torch.randn([3, 5, 8]);
    const [o, w] = m.forward(x, x, x, { needWeights: false });
    expect(o.shape).toEqual([3, 5, 8]);
    expect(w).toBe(null);
    expect(() => new nn.MultiheadAttention(8, 3)).toThrow('embed_dim must be divisible by num_heads');
    expect(() => m.forward(x, x, x, { attnMask: torch.zeros([4, 4]) })).toThrow('The shape of the 2D attn_mask is [4, 4], but should be (5, 5).');
  });
  test('causal SDPA ignores the future', () => {
    const q = torch.randn([1, 4, 3]), k = torch.randn([1, 4, 3]), v = torch.randn([1, 4, 3]);
    const a = nn.functional.scaledDotProductAttention(q, k, v, { isCausal: true });
    const v2 = v.clone();
    v2.index(0, 3).fill_(100);
    const b = nn.functional.scaledDotProductAttention(q, k, v2, { isCausal: true });
    expect(torch.allclose(a.index(0, '0:3'), b.index(0, '0:3'))).toBe(true);
  });
});
