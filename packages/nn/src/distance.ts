/**
 * `nn.CosineSimilarity` and `nn.PairwiseDistance` (torch/nn/modules/distance.py).
 * @module
 */
import type { Tensor } from '@tensile/core';
import * as F from './functional/distance';
import { Module } from './module';

/** Cosine similarity along `dim` (default 1). */
export class CosineSimilarity extends Module {
  dim: number;
  eps: number;
  constructor(opts: { dim?: number; eps?: number } = {}) {
    super();
    this.dim = opts.dim ?? 1;
    this.eps = opts.eps ?? 1e-8;
  }
  override forward(x1: Tensor, x2: Tensor): Tensor { return F.cosineSimilarity(x1, x2, this.dim, this.eps); }
}

/** p-norm distance between rows: ‖x1 − x2 + eps‖_p. */
export class PairwiseDistance extends Module {
  norm: number;
  eps: number;
  keepdim: boolean;
  constructor(opts: { p?: number; eps?: number; keepdim?: boolean } = {}) {
    super();
    this.norm = opts.p ?? 2;
    this.eps = opts.eps ?? 1e-6;
    this.keepdim = opts.keepdim ?? false;
  }
  override forward(x1: Tensor, x2: Tensor): Tensor { return F.pairwiseDistance(x1, x2, this.norm, this.eps, this.keepdim); }
}
