/**
 * `nn.MultiheadAttention` (torch/nn/modules/activation.py) over `F.multiHeadAttentionForward`.
 * @module
 */
import * as torch from '@tensile/core';
import type { Tensor } from '@tensile/core';
import { multiHeadAttentionForward } from './functional/attention';
import * as init from './init';
import { Linear, type FactoryOptions } from './linear';
import { Module } from './module';
import { Parameter } from './parameter';

/** Options of `nn.MultiheadAttention`. */
export interface MultiheadAttentionOptions extends FactoryOptions {
  dropout?: number;
  bias?: boolean;
  addBiasKv?: boolean;
  addZeroAttn?: boolean;
  kdim?: number | null;
  vdim?: number | null;
  batchFirst?: boolean;
}

/** Options of a `MultiheadAttention.forward` call. */
export interface MhaForwardOptions {
  keyPaddingMask?: Tensor | null;
  needWeights?: boolean;
  attnMask?: Tensor | null;
  averageAttnWeights?: boolean;
}

/** Linear with PyTorch's class name `NonDynamicallyQuantizableLinear` for the output projection. */
export class NonDynamicallyQuantizableLinear extends Linear {}

/**
 * `nn.MultiheadAttention(embedDim, numHeads, { dropout, bias, addBiasKv, addZeroAttn, kdim, vdim, batchFirst })`;
 * `forward(query, key, value, { keyPaddingMask, needWeights, attnMask, averageAttnWeights })` → [out, weights].
 */
export class MultiheadAttention extends Module {
  embedDim: number;
  kdim: number;
  vdim: number;
  numHeads: number;
  dropout: number;
  batchFirst: boolean;
  headDim: number;
  in_proj_weight: Parameter | null;
  q_proj_weight: Parameter | null;
  k_proj_weight: Parameter | null;
  v_proj_weight: Parameter | null;
  in_proj_bias: Parameter | null;
  out_proj: NonDynamicallyQuantizableLinear;
  bias_k: Parameter | null;
  bias_v: Parameter | null;
  addZeroAttn: boolean;

  constructor(embedDim: number, numHeads: number, opts: MultiheadAttentionOptions = {}) {
    super();
    if (embedDim <= 0 || numHeads <= 0) throw new Error(`embed_dim and num_heads must be greater than 0, got embed_dim=${embedDim} and num_heads=${numHeads} instead`);
    this.embedDim = embedDim;
    this.kdim = opts.kdim ?? embedDim;
    this.vdim = opts.vdim ?? embedDim;
    this.numHeads = numHeads;
    this.dropout = opts.dropout ?? 0;
    this.batchFirst = opts.batchFirst ?? false;
    this.headDim = Math.floor(embedDim / numHeads);
    if (this.headDim * numHeads !== embedDim) throw new Error('embed_dim must be divisible by num_heads');
    const f = { dtype: opts.dtype, device: opts.device };
    const same = this.kdim === embedDim && this.vdim === embedDim;
    if (same) {
      this.in_proj_weight = new Parameter(torch.empty([3 * embedDim, embedDim], f));
      this.q_proj_weight = this.k_proj_weight = this.v_proj_weight = null;
    } else {
      this.in_proj_weight = null;
      this.q_proj_weight = new Parameter(torch.empty([embedDim, embedDim], f));
      this.k_proj_weight = new Parameter(torch.empty([embedDim, this.kdim], f));
      this.v_proj_weight = new Parameter(torch.empty([embedDim, this.vdim], f));
    }
    const bias = opts.bias ?? true;
    this.in_proj_bias = bias ? new Parameter(torch.empty([3 * embedDim], f)) : null;
    this.out_proj = new NonDynamicallyQuantizableLinear(embedDim, embedDim, { bias, ...f });
    if (opts.addBiasKv) {
      this.bias_k = new Parameter(torch.empty([1, 1, embedDim], f));
      this.bias_v = new Parameter(torch.empty([1, 1, embedDim], f));
    } else this.bias_k = this.bias_v = null;
    this.addZeroAttn = opts.addZeroAttn ?? false;
    this.resetParameters();
  }

  /** PyTorch's `_reset_parameters`: xavier-uniform projections, zero biases, xavier-normal bias_k/v. */
  resetParameters(): void {
    if (this.in_proj_weight) init.xavierUniform_(this.in_proj_weight);
    else {
      init.xavierUniform_(this.q_proj_weight!);
      init.xavierUniform_(this.k_proj_weight!);
      init.xavierUniform_(this.v_proj_weight!);
    }
    if (this.in_proj_bias) {
      init.constant_(this.in_proj_bias, 0);
      init.constant_(this.out_proj.bias!, 0);
    }
    if (this.bias_k) init.xavierNormal_(this.bias_k);
    if (this.bias_v) init.xavierNormal_(this.bias_v);
  }

  override forward(query: Tensor, key: Tensor, value: Tensor, opts: MhaForwardOptions = {}): [Tensor, Tensor | null] {
    const batched = query.ndim === 3;
    let q = query, k = key, v = value;
    if (this.batchFirst && batched) {
      // keep identity when the three are one tensor, so the fused qkv projection still applies
      if (key === value) {
        if (query === key) q = k = v = query.transpose(0, 1);
        else {
          q = query.transpose(0, 1);
          k = v = key.transpose(0, 1);
        }
      } else {
        q = query.transpose(0, 1);
        k = key.transpose(0, 1);
        v = value.transpose(0, 1);
      }
    }
    const [out, w] = multiHeadAttentionForward(q, k, v, {
      numHeads: this.numHeads, inProjWeight: this.in_proj_weight, inProjBias: this.in_proj_bias,
      qProjWeight: this.q_proj_weight, kProjWeight: this.k_proj_weight, vProjWeight: this.v_proj_weight,
      biasK: this.bias_k, biasV: this.bias_v, addZeroAttn: this.addZeroAttn, dropoutP: this.dropout,
      outProjWeight: this.out_proj.weight, outProjBias: this.out_proj.bias, training: this.training,
      keyPaddingMask: opts.keyPaddingMask, needWeights: opts.needWeights ?? true, attnMask: opts.attnMask,
      averageAttnWeights: opts.averageAttnWeights ?? true,
    });
    return [this.batchFirst && batched ? out.transpose(0, 1) : out, w];
  }
}
