/**
 * `F.linear` and `F.bilinear`.
 * @module
 */
import * as torch from '@tensile/core';
import type { Tensor } from '@tensile/core';

/**
 * `F.linear(x, weight, bias)` = x @ weightᵀ + bias. One GEMM on the transposed weight view (no
 * copy) that also adds the bias; leading batch dims are folded into the GEMM's rows.
 */
export function linear(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  [input, weight, bias] = torch._autocast('linear', input, weight, bias);
  let out: Tensor;
  if (weight.ndim === 2 && input.ndim >= 2 && input.size(-1) === weight.shape[1]) {
    const lead = input.shape.slice(0, -1);
    const x2 = input.ndim === 2 ? input : input.reshape(-1, weight.shape[1]);
    const fused = bias ? addmmWeightT(x2, weight, bias) : null;
    out = fused ?? mmWeightT(x2, weight);
    if (input.ndim !== 2) out = out.view([...lead, weight.shape[0]]);
    if (fused) return out;
  } else {
    const wt = weight.t();
    out = input.ndim === 2 ? input.mm(wt) : input.matmul(wt);
  }
  return bias ? out.add(bias) : out;
}

/**
 * x @ wᵀ with the weight gradient computed as gᵀ @ x, so it comes out in the weight's own
 * (row-major) layout; the generic mm gradient would be (xᵀ @ g)ᵀ, a transposed view that
 * AccumulateGrad then copies element by element across strides. PyTorch's mm backward picks
 * the layout the same way.
 */
function mmWeightT(x: Tensor, w: Tensor): Tensor {
  const out = torch.noGrad(() => x.mm(w.t()));
  return torch._record(out, 'MmBackward0', [x, w], (g, needs) => [
    needs[0] ? g.mm(w) : null,
    needs[1] ? g.t().mm(x) : null,
  ], [x, w]);
}

/**
 * bias + x @ wᵀ as one GEMM accumulating onto the broadcast bias (beta = 1), which saves the
 * separate broadcast-add pass over the output; PyTorch's addmm. Null (caller composes) unless
 * all three are float tensors of one dtype and device and the bias is (out_features).
 */
function addmmWeightT(x: Tensor, w: Tensor, bias: Tensor): Tensor | null {
  const dt = x.dtype;
  if ((dt !== 'float32' && dt !== 'float64') || w.dtype !== dt || bias.dtype !== dt) return null;
  if (w.device !== x.device || bias.device !== x.device || bias.ndim !== 1 || bias.shape[0] !== w.shape[0]) return null;
  const [m, o] = [x.shape[0], w.shape[0]];
  const out = torch.empty([m, o], { dtype: dt, device: x.device });
  torch.noGrad(() => {
    out.copy_(bias.expand([m, o]));
    if (out.numel() > 0) torch._backendFor(x.device).matmul(out.unsqueeze(0), x.unsqueeze(0), w.t().unsqueeze(0), 1, 1);
  });
  return torch._record(out, 'AddmmBackward0', [bias, x, w], (g, needs) => [
    needs[0] ? g.sum(0) : null,
    needs[1] ? g.mm(w) : null,
    needs[2] ? g.t().mm(x) : null,
  ], [x, w]);
}

/** `F.bilinear(x1, x2, weight, bias)`: y_o = x1ᵀ W_o x2 + b_o, weight (out, in1, in2). */
export function bilinear(input1: Tensor, input2: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  const [o, i1, i2] = weight.shape;
  if (input1.size(-1) !== i1)
    throw new Error(`bilinear(): input1 size does not match weight size: got ${input1.size(-1)} but expected ${i1}`);
  if (input2.size(-1) !== i2)
    throw new Error(`bilinear(): input2 size does not match weight size: got ${input2.size(-1)} but expected ${i2}`);
  const lead = input1.shape.slice(0, -1);
  const a = input1.reshape(-1, i1);
  const b = input2.reshape(-1, i2);
  // (N, in1) @ (in1, out*in2) → (N, out, in2), then contract in2 with x2
  const t = a.mm(weight.permute(1, 0, 2).reshape(i1, o * i2)).reshape(-1, o, i2);
  let y = t.mul(b.unsqueeze(1)).sum(-1);
  if (bias) y = y.add(bias);
  return y.reshape([...lead, o]);
}

/** `F.identity`-style passthrough used by `nn.Identity`. */
export const identity = (x: Tensor): Tensor => x;
