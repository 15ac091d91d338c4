/**
 * Attention: `F.scaledDotProductAttention` and `F.multiHeadAttentionForward`, composed from
 * batched matmuls and core's native softmax, so every gradient comes from core's autograd.
 * @module
 */
import * as torch from '@tensile/core';
import type { Tensor } from '@tensile/core';
import { dropout } from './dropout';
import { linear } from './linear';

/** Options of {@link scaledDotProductAttention}. */
export interface SdpaOptions {
  /** Bool (true = may attend, PyTorch 2's convention) or float (added to the scores), broadcastable to (..., L, S). */
  attnMask?: Tensor | null;
  dropoutP?: number;
  isCausal?: boolean;
  /** Defaults to 1/√E. */
  scale?: number | null;
}

/** An upper-triangular -inf float mask of (L, S): position i may not attend past i. */
function causalMask(L: number, S: number, dtype: torch.DType, device: string): Tensor {
  return torch.full([L, S], -Infinity, { dtype, device }).triu(1);
}

/**
 * `F.scaledDotProductAttention(q, k, v, { attnMask, dropoutP, isCausal, scale })`:
 * softmax(q kᵀ · scale + mask) v over the last two dims, any leading batch dims.
 */
export function scaledDotProductAttention(query: Tensor, key: Tensor, value: Tensor, opts: SdpaOptions = {}): Tensor {
  const L = query.shape[query.ndim - 2], S = key.shape[key.ndim - 2], E = query.shape[query.ndim - 1];
  if (opts.isCausal && opts.attnMask) throw new Error('_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True');
  const scale = opts.scale ?? 1 / Math.sqrt(E);
  let scores = query.mul(scale).matmul(key.transpose(-2, -1));
  let mask = opts.attnMask ?? null;
  if (opts.isCausal) mask = causalMask(L, S, query.dtype, query.device);
  if (mask) {
    if (mask.dtype === 'bool') scores = scores.maskedFill(mask.logicalNot(), -Infinity);
    else scores = scores.add(mask);
  }
  let attn = scores.softmax(-1);
  if ((opts.dropoutP ?? 0) > 0) attn = dropout(attn, opts.dropoutP!, true);
  return attn.matmul(value);
}

/** The parameters and options of one multi-head attention call (PyTorch's argument list). */
export interface MhaParams {
  numHeads: number;
  inProjWeight: Tensor | null;
  inProjBias: Tensor | null;
  qProjWeight?: Tensor | null;
  kProjWeight?: Tensor | null;
  vProjWeight?: Tensor | null;
  biasK?: Tensor | null;
  biasV?: Tensor | null;
  addZeroAttn?: boolean;
  dropoutP: number;
  outProjWeight: Tensor;
  outProjBias: Tensor | null;
  training: boolean;
  keyPaddingMask?: Tensor | null;
  needWeights?: boolean;
  attnMask?: Tensor | null;
  averageAttnWeights?: boolean;
}

/** A bool mask (true = masked out, MultiheadAttention's convention) as an additive float mask. */
function toFloatMask(mask: Tensor, dtype: torch.DType): Tensor {
  if (mask.dtype === 'bool') return torch.zeros(mask.shape, { dtype, device: mask.device }).maskedFill(mask, -Infinity);
  return mask;
}

/**
 * `F.multiHeadAttentionForward(query, key, value, params)` on time-major (L, N, E) or
 * unbatched (L, E) inputs → [output, weights | null], as PyTorch's `multi_head_attention_forward`.
 */
export function multiHeadAttentionForward(query: Tensor, key: Tensor, value: Tensor, p: MhaParams): [Tensor, Tensor | null] {
  const batched = query.ndim === 3;
  if (query.ndim !== 2 && query.ndim !== 3) throw new Error(`query should be unbatched 2D or batched 3D tensor but received ${query.ndim}-D query tensor`);
  if (key.ndim !== query.ndim || value.ndim !== query.ndim)
    throw new Error(`For ${batched ? 'batched (3-D)' : 'unbatched (2-D)'} \`query\`, expected \`key\` and \`value\` to be ${query.ndim}-D but found ${key.ndim}-D and ${value.ndim}-D tensors respectively`);
  let q = batched ? query : query.unsqueeze(1);
  let k = batched ? key : key.unsqueeze(1);
  let v = batched ? value : value.unsqueeze(1);
  let kpm = p.keyPaddingMask ?? null;
  if (kpm && !batched) kpm = kpm.unsqueeze(0);
  let attnMask = p.attnMask ?? null;
  const [L, N, E] = q.shape;
  const H = p.numHeads;
  if (E % H !== 0) throw new Error(`embed_dim ${E} not divisible by num_heads ${H}`);
  const hd = E / H;
  if (k.shape[0] !== v.shape[0] || k.shape[1] !== v.shape[1]) throw new Error(`key shape [${k.shape.join(', ')}] does not match value shape [${v.shape.join(', ')}]`);

  // input projections
  if (p.inProjWeight) {
    const b = p.inProjBias;
    const [wq, wk, wv] = p.inProjWeight.chunk(3, 0);
    const [bq, bk, bv] = b ? b.chunk(3, 0) : [null, null, null];
    if (query === key && key === value) {
      // one copy of the (possibly transposed) input as rows, then three projections: each comes
      // out contiguous, so splitting it into heads below is a view, where the chunks of one
      // fused (L, N, 3E) projection would each need a copy
      const x2 = q.reshape([L * N, E]);
      q = linear(x2, wq, bq).view([L, N, E]);
      k = linear(x2, wk, bk).view([L, N, E]);
      v = linear(x2, wv, bv).view([L, N, E]);
    } else {
      q = linear(q, wq, bq);
      k = linear(k, wk, bk);
      v = linear(v, wv, bv);
    }
  } else {
    const [bq, bk, bv] = p.inProjBias ? p.inProjBias.chunk(3, 0) : [null, null, null];
    q = linear(q, p.qProjWeight!, bq);
    k = linear(k, p.kProjWeight!, bk);
    v = linear(v, p.vProjWeight!, bv);
  }

  if (attnMask) {
    if (attnMask.dtype !== 'bool' && !torch.isFloatingPointDtype(attnMask.dtype))
      throw new Error(`Only float, byte, and bool types are supported for attn_mask, not ${attnMask.dtype}`);
    if (attnMask.ndim === 2) {
      if (attnMask.shape[0] !== L || attnMask.shape[1] !== k.shape[0])
        throw new Error(`The shape of the 2D attn_mask is [${attnMask.shape.join(', ')}], but should be (${L}, ${k.shape[0]}).`);
      attnMask = attnMask.unsqueeze(0);
    } else if (attnMask.ndim === 3) {
      if (attnMask.shape[0] !== N * H || attnMask.shape[1] !== L || attnMask.shape[2] !== k.shape[0])
        throw new Error(`The shape of the 3D attn_mask is [${attnMask.shape.join(', ')}], but should be (${N * H}, ${L}, ${k.shape[0]}).`);
    } else throw new Error(`attn_mask's dimension ${attnMask.ndim} is not supported`);
  }

  if (p.biasK && p.biasV) {
    k = torch.cat([k, p.biasK.expand([1, N, E])], 0);
    v = torch.cat([v, p.biasV.expand([1, N, E])], 0);
    const padMask = (m: Tensor) => torch.cat([m, torch.zeros([...m.shape.slice(0, -1), 1], { dtype: m.dtype, device: m.device })], -1);
    if (attnMask) attnMask = padMask(attnMask);
    if (kpm) kpm = padMask(kpm);
  }

  // (L, N, E) -> (N*H, L, hd)
  q = q.reshape([L, N * H, hd]).transpose(0, 1);
  k = k.reshape([k.shape[0], N * H, hd]).transpose(0, 1);
  v = v.reshape([v.shape[0], N * H, hd]).transpose(0, 1);

  if (p.addZeroAttn) {
    k = torch.cat([k, torch.zeros([N * H, 1, hd], { dtype: k.dtype, device: k.device })], 1);
    v = torch.cat([v, torch.zeros([N * H, 1, hd], { dtype: v.dtype, device: v.device })], 1);
    const padMask = (m: Tensor) => torch.cat([m, torch.zeros([...m.shape.slice(0, -1), 1], { dtype: m.dtype, device: m.device })], -1);
    if (attnMask) attnMask = padMask(attnMask);
    if (kpm) kpm = padMask(kpm);
  }
  const S = k.shape[1];

  // merge key padding and attention masks into one additive mask of (N*H | 1, L, S)
  let mask: Tensor | null = attnMask ? toFloatMask(attnMask, q.dtype) : null;
  if (kpm) {
    if (kpm.shape[0] !== N || kpm.shape[1] !== S)
      throw new Error(`expecting key_padding_mask shape of (${N}, ${S}), but got [${kpm.shape.join(', ')}]`);
    const km = toFloatMask(kpm, q.dtype).view([N, 1, 1, S]).expand([N, H, 1, S]).reshape([N * H, 1, S]);
    mask = mask ? mask.add(km) : km;
  }

  const scores = mask
    ? torch.baddbmm(mask.expand([N * H, L, S]), q.mul(1 / Math.sqrt(hd)), k.transpose(1, 2))
    : torch.bmm(q.mul(1 / Math.sqrt(hd)), k.transpose(1, 2));
  let attn = scores.softmax(-1);
  if (p.dropoutP > 0 && p.training) attn = dropout(attn, p.dropoutP, true);
  let out = torch.bmm(attn, v); // (N*H, L, hd)
  out = out.transpose(0, 1).reshape([L * N, E]);
  out = linear(out, p.outProjWeight, p.outProjBias).view([L, N, E]);
  let weights: Tensor | null = null;
  if (p.needWeights ?? true) {
    weights = attn.view([N, H, L, S]);
    if (p.averageAttnWeights ?? true) weights = weights.mean(1);
    if (!batched) weights = weights.squeeze(0);
  }
  if (!batched) out = out.squeeze(1);
  return [out, weights];
}
