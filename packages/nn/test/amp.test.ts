/**
 * CPU autocast against PyTorch 1.13's (goldens from golden/gen_amp.py): which ops run in
 * bfloat16, which in float32, which follow promotion, the values, and the gradients that reach
 * float32 leaves through the casts. Plus the region rules themselves.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import * as torch from '@tensile/core';
import type { Tensor } from '@tensile/core';
import * as nn from '@tensile/nn';
import { dec, type Enc } from './golden';

/**
 * Within bfloat16's reach: PyTorch's CPU bfloat16 GEMMs round partial sums differently from
 * ours (float32 accumulation, one rounding), so results agree to a few bfloat16 ulps of the
 * output's scale, not bit for bit. A wrong dtype route or formula is far outside this.
 */
function expectNear(actual: Tensor, e: Enc, what: string): void {
  const want = dec(e).to('float64');
  expect(actual.shape, what).toEqual(e.shape);
  const scale = 1 + want.abs().max().item();
  const err = actual.detach().to('float64').sub(want).abs().max().item();
  expect(err, `${what}: max error ${err} at scale ${scale}`).toBeLessThanOrEqual(0.03 * scale);
}

const F = nn.functional;
interface Case { name: string; op: string; inputs: Enc[]; out: Enc; upstream?: Enc; grads?: Enc[] }
const cases: Case[] = JSON.parse(readFileSync(new URL('./golden/amp.json', import.meta.url), 'utf8'));

const OPS: Record<string, (...a: Tensor[]) => Tensor> = {
  mm: (a, b) => torch.mm(a, b),
  matmul: (a, b) => torch.matmul(a, b),
  bmm: (a, b) => torch.bmm(a, b),
  addmm: (i, a, b) => torch.addmm(i, a, b),
  linear: (x, w, b) => F.linear(x, w, b),
  conv2d: (x, w, b) => F.conv2d(x, w, b, { padding: 1 }),
  conv1d: (x, w, b) => F.conv1d(x, w, b),
  prod: (x) => x.prod(),
  sum: (x) => x.sum(1),
  softmax: (x) => x.softmax(1),
  exp: (x) => x.exp(),
  add: (a, b) => a.add(b),
  mse_loss: (a, b) => F.mseLoss(a, b),
  cross_entropy: (x, t) => F.crossEntropy(x, t),
  layer_norm: (x) => F.layerNorm(x, [8]),
  linear_mse: (x, w, b, t) => F.mseLoss(F.linear(x, w, b), t),
  cnn_block: (x, w, b, g, bb) => F.maxPool2d(F.relu(F.batchNorm(F.conv2d(x, w, b), null, null, { weight: g, bias: bb, training: true })), 2),
};

describe('torch.autocast("cpu") against PyTorch', () => {
  for (const c of cases) {
    test(c.name, () => {
      const grad = !!c.grads;
      const leaves = c.inputs.map((e) => {
        const t = dec(e);
        return grad && t.dtype === 'float32' ? t.requiresGrad_() : t;
      });
      const y = torch.autocast('cpu', () => OPS[c.op](...leaves));
      expect(y.dtype).toBe(c.out.dtype);
      expectNear(y, c.out, 'output');
      if (grad) {
        y.float().backward(dec(c.upstream!));
        c.grads!.forEach((e, i) => {
          expect(leaves[i].grad!.dtype).toBe('float32');
          expectNear(leaves[i].grad!, e, `grad ${i}`);
        });
      }
    });
  }
});

describe('autocast regions', () => {
  test('on inside, off outside, nested enabled:false, restored after a throw', () => {
    const a = torch.randn(3, 3);
    expect(torch.isAutocastCpuEnabled()).toBe(false);
    torch.autocast('cpu', () => {
      expect(torch.isAutocastCpuEnabled()).toBe(true);
      expect(torch.getAutocastCpuDtype()).toBe('bfloat16');
      expect(a.mm(a).dtype).toBe('bfloat16');
      torch.autocast('cpu', () => expect(a.mm(a).dtype).toBe('float32'), { enabled: false });
      expect(a.mm(a).dtype).toBe('bfloat16');
    });
    expect(a.mm(a).dtype).toBe('float32');
    expect(() => torch.autocast('cpu', () => { throw new Error('boom'); })).toThrow('boom');
    expect(torch.isAutocastCpuEnabled()).toBe(false);
  });
  test("a CUDA region leaves CPU tensors alone; an unsupported dtype disables the region, as PyTorch's warning says", () => {
    const a = torch.randn(2, 2);
    torch.autocast('cuda', () => {
      expect(torch.isAutocastEnabled()).toBe(true);
      expect(a.mm(a).dtype).toBe('float32');
    });
    torch.autocast('cpu', () => {
      expect(torch.isAutocastCpuEnabled()).toBe(false);
      expect(a.mm(a).dtype).toBe('float32');
    }, { dtype: 'float16' });
    expect(() => torch.autocast('tpu' as 'cpu', () => 0)).toThrow("unsupported autocast device_type 'tpu'");
  });
  test('float64 inputs stay float64 in float32 ops; a model runs end to end', () => {
    const d = torch.randn([4, 3], { dtype: 'float64' });
    torch.autocast('cpu', () => expect(F.mseLoss(d, d).dtype).toBe('float64'));
    const model = new nn.Sequential(new nn.Linear(8, 16), new nn.ReLU(), new nn.Linear(16, 2));
    const out = torch.autocast('cpu', () => model.forward(torch.randn(5, 8)) as Tensor);
    expect(out.dtype).toBe('bfloat16');
    out.float().sum().backward();
    for (const p of model.parameters()) expect(p.grad!.dtype).toBe('float32');
  });
});
