/**
 * `nn.Embedding` and `nn.EmbeddingBag` (torch/nn/modules/sparse.py).
 * @module
 */
import * as torch from '@tensile/core';
import type { Tensor } from '@tensile/core';
import * as F from './functional/sparse';
import type { FactoryOptions } from './linear';
import { Module } from './module';
import { Parameter } from './parameter';
import { pyBool, pyFloat } from './repr';

export interface EmbeddingOptions extends FactoryOptions {
  /** This row is not updated by gradients and starts as zeros. */
  paddingIdx?: number | null;
  /** Rows looked up with a larger norm are rescaled in place to this norm. */
  maxNorm?: number | null;
  normType?: number;
  scaleGradByFreq?: boolean;
  /** Accepted for compatibility; gradients are dense. */
  sparse?: boolean;
  /** Use this tensor as the weight instead of a fresh N(0, 1) draw. */
  weight?: Tensor | null;
}

function normPadding(paddingIdx: number | null | undefined, n: number): number | null {
  if (paddingIdx === null || paddingIdx === undefined) return null;
  if (paddingIdx > 0 && paddingIdx >= n) throw new Error('Padding_idx must be within num_embeddings');
  if (paddingIdx < 0 && paddingIdx < -n) throw new Error('Padding_idx must be within num_embeddings');
  return paddingIdx < 0 ? paddingIdx + n : paddingIdx;
}

/** A lookup table of `numEmbeddings` vectors of size `embeddingDim`, initialised N(0, 1). */
export class Embedding extends Module {
  numEmbeddings: number;
  embeddingDim: number;
  paddingIdx: number | null;
  maxNorm: number | null;
  normType: number;
  scaleGradByFreq: boolean;
  sparse: boolean;
  weight: Parameter;

  constructor(numEmbeddings: number, embeddingDim: number, opts: EmbeddingOptions = {}) {
    super();
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.paddingIdx = normPadding(opts.paddingIdx, numEmbeddings);
    this.maxNorm = opts.maxNorm ?? null;
    this.normType = opts.normType ?? 2;
    this.scaleGradByFreq = opts.scaleGradByFreq ?? false;
    this.sparse = opts.sparse ?? false;
    if (opts.weight) {
      if (opts.weight.ndim !== 2 || opts.weight.shape[0] !== numEmbeddings || opts.weight.shape[1] !== embeddingDim)
        throw new Error('Shape of weight does not match num_embeddings and embedding_dim');
      this.weight = new Parameter(opts.weight);
    } else {
      this.weight = new Parameter(torch.empty([numEmbeddings, embeddingDim], { dtype: opts.dtype, device: opts.device }));
      this.resetParameters();
    }
  }
  resetParameters(): void {
    torch.noGrad(() => {
      this.weight.normal_();
      if (this.paddingIdx !== null) this.weight.select(0, this.paddingIdx).fill_(0);
    });
  }
  override forward(input: Tensor): Tensor {
    return F.embedding(input, this.weight, { paddingIdx: this.paddingIdx, maxNorm: this.maxNorm, normType: this.normType, scaleGradByFreq: this.scaleGradByFreq });
  }
  override extraRepr(): string {
    let s = `${this.numEmbeddings}, ${this.embeddingDim}`;
    if (this.paddingIdx !== null) s += `, padding_idx=${this.paddingIdx}`;
    if (this.maxNorm !== null) s += `, max_norm=${pyFloat(this.maxNorm)}`;
    if (this.normType !== 2) s += `, norm_type=${pyFloat(this.normType)}`;
    if (this.scaleGradByFreq) s += `, scale_grad_by_freq=${pyBool(this.scaleGradByFreq)}`;
    if (this.sparse) s += ', sparse=True';
    return s;
  }
  /** An Embedding holding `embeddings` (2-D); frozen (no gradient) unless `freeze: false`. */
  static fromPretrained(embeddings: Tensor, opts: Omit<EmbeddingOptions, 'weight' | 'device' | 'dtype'> & { freeze?: boolean } = {}): Embedding {
    if (embeddings.ndim !== 2) throw new Error('Embeddings parameter is expected to be 2-dimensional');
    const [rows, cols] = embeddings.shape;
    const e = new Embedding(rows, cols, { ...opts, weight: embeddings });
    e.weight.requiresGrad = !(opts.freeze ?? true);
    return e;
  }
}

export interface EmbeddingBagOptions extends Omit<EmbeddingOptions, 'paddingIdx'> {
  mode?: 'sum' | 'mean' | 'max';
  includeLastOffset?: boolean;
  paddingIdx?: number | null;
}

/** Sums, means or maxes of embeddings per bag, without materialising the per-index rows for the caller. */
export class EmbeddingBag extends Module {
  numEmbeddings: number;
  embeddingDim: number;
  maxNorm: number | null;
  normType: number;
  scaleGradByFreq: boolean;
  mode: 'sum' | 'mean' | 'max';
  sparse: boolean;
  includeLastOffset: boolean;
  paddingIdx: number | null;
  weight: Parameter;

  constructor(numEmbeddings: number, embeddingDim: number, opts: EmbeddingBagOptions = {}) {
    super();
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.maxNorm = opts.maxNorm ?? null;
    this.normType = opts.normType ?? 2;
    this.scaleGradByFreq = opts.scaleGradByFreq ?? false;
    this.mode = opts.mode ?? 'mean';
    this.sparse = opts.sparse ?? false;
    this.includeLastOffset = opts.includeLastOffset ?? false;
    this.paddingIdx = normPadding(opts.paddingIdx, numEmbeddings);
    if (opts.weight) this.weight = new Parameter(opts.weight);
    else {
      this.weight = new Parameter(torch.empty([numEmbeddings, embeddingDim], { dtype: opts.dtype, device: opts.device }));
      torch.noGrad(() => {
        this.weight.normal_();
        if (this.paddingIdx !== null) this.weight.select(0, this.paddingIdx).fill_(0);
      });
    }
  }
  override forward(input: Tensor, offsets: Tensor | null = null, perSampleWeights: Tensor | null = null): Tensor {
    return F.embeddingBag(input, this.weight, offsets, {
      maxNorm: this.maxNorm, normType: this.normType, mode: this.mode, perSampleWeights, includeLastOffset: this.includeLastOffset, paddingIdx: this.paddingIdx,
    });
  }
  override extraRepr(): string {
    let s = `${this.numEmbeddings}, ${this.embeddingDim}`;
    if (this.maxNorm !== null) s += `, max_norm=${pyFloat(this.maxNorm)}`;
    if (this.normType !== 2) s += `, norm_type=${pyFloat(this.normType)}`;
    if (this.scaleGradByFreq) s += `, scale_grad_by_freq=${pyBool(this.scaleGradByFreq)}`;
    s += `, mode=${this.mode}`;
    if (this.paddingIdx !== null) s += `, padding_idx=${this.paddingIdx}`;
    return s;
  }
  /** An EmbeddingBag holding `embeddings`; frozen unless `freeze: false`. */
  static fromPretrained(embeddings: Tensor, opts: Omit<EmbeddingBagOptions, 'weight' | 'device' | 'dtype'> & { freeze?: boolean } = {}): EmbeddingBag {
    if (embeddings.ndim !== 2) throw new Error('Embeddings parameter is expected to be 2-dimensional');
    const e = new EmbeddingBag(embeddings.shape[0], embeddings.shape[1], { ...opts, weight: embeddings });
    e.weight.requiresGrad = !(opts.freeze ?? true);
    return e;
  }
}
