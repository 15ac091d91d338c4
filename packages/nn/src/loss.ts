/**
 * Loss modules (torch/nn/modules/loss.py) over `nn.functional`'s loss functions. Class
 * weights are registered as buffers (`weight`, `pos_weight`), as PyTorch does, so they move
 * with `to()` and appear in the state dict.
 * @module
 */
import { Tensor } from '@tensile/core';
import * as F from './functional/loss';
import { Module } from './module';

type Reduction = F.Reduction;
interface ReductionOpts { reduction?: Reduction }

/** Base of losses: holds `reduction` ('mean' by default). */
abstract class Loss extends Module {
  reduction: string;
  constructor(reduction: string = 'mean') {
    super();
    this.reduction = reduction;
  }
}

/** Base of losses with an optional per-class `weight` buffer; `weight` may be given first. */
abstract class WeightedLoss extends Loss {
  declare weight: Tensor | null;
  constructor(weight: Tensor | null, reduction: string = 'mean') {
    super(reduction);
    this.registerBuffer('weight', weight);
  }
}

function splitWeight<O>(a: Tensor | O | null | undefined, b: O | undefined): [Tensor | null, O] {
  if (a instanceof Tensor) return [a, (b ?? {}) as O];
  if (a === null) return [null, (b ?? {}) as O];
  const o = (a ?? b ?? {}) as O & { weight?: Tensor | null };
  return [o.weight ?? null, o];
}

/** Mean squared error. */
export class MSELoss extends Loss {
  constructor(opts: ReductionOpts = {}) { super(opts.reduction); }
  override forward(input: Tensor, target: Tensor): Tensor { return F.mseLoss(input, target, { reduction: this.reduction as Reduction }); }
}
/** Mean absolute error. */
export class L1Loss extends Loss {
  constructor(opts: ReductionOpts = {}) { super(opts.reduction); }
  override forward(input: Tensor, target: Tensor): Tensor { return F.l1Loss(input, target, { reduction: this.reduction as Reduction }); }
}
/** Smooth L1: quadratic below `beta`, linear above. */
export class SmoothL1Loss extends Loss {
  beta: number;
  constructor(opts: ReductionOpts & { beta?: number } = {}) { super(opts.reduction); this.beta = opts.beta ?? 1; }
  override forward(input: Tensor, target: Tensor): Tensor { return F.smoothL1Loss(input, target, { reduction: this.reduction as Reduction, beta: this.beta }); }
}
/** Huber: quadratic below `delta`, delta-scaled linear above. */
export class HuberLoss extends Loss {
  delta: number;
  constructor(opts: ReductionOpts & { delta?: number } = {}) { super(opts.reduction); this.delta = opts.delta ?? 1; }
  override forward(input: Tensor, target: Tensor): Tensor { return F.huberLoss(input, target, { reduction: this.reduction as Reduction, delta: this.delta }); }
}

type CEOpts = ReductionOpts & { weight?: Tensor | null; ignoreIndex?: number; labelSmoothing?: number };
/** Cross-entropy over logits: `new nn.CrossEntropyLoss()`, `new nn.CrossEntropyLoss(weight, { ignoreIndex })` or `({ weight, labelSmoothing })`. */
export class CrossEntropyLoss extends WeightedLoss {
  ignoreIndex: number;
  labelSmoothing: number;
  constructor(weight?: Tensor | null | CEOpts, opts?: CEOpts) {
    const [w, o] = splitWeight<CEOpts>(weight, opts);
    super(w, o.reduction);
    this.ignoreIndex = o.ignoreIndex ?? -100;
    this.labelSmoothing = o.labelSmoothing ?? 0;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.crossEntropy(input, target, { weight: this.weight, ignoreIndex: this.ignoreIndex, reduction: this.reduction as Reduction, labelSmoothing: this.labelSmoothing });
  }
}
type NLLOpts = ReductionOpts & { weight?: Tensor | null; ignoreIndex?: number };
/** Negative log-likelihood over log-probabilities. */
export class NLLLoss extends WeightedLoss {
  ignoreIndex: number;
  constructor(weight?: Tensor | null | NLLOpts, opts?: NLLOpts) {
    const [w, o] = splitWeight<NLLOpts>(weight, opts);
    super(w, o.reduction);
    this.ignoreIndex = o.ignoreIndex ?? -100;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.nllLoss(input, target, { weight: this.weight, ignoreIndex: this.ignoreIndex, reduction: this.reduction as Reduction });
  }
}
type BCEOpts = ReductionOpts & { weight?: Tensor | null };
/** Binary cross-entropy over probabilities. */
export class BCELoss extends WeightedLoss {
  constructor(weight?: Tensor | null | BCEOpts, opts?: BCEOpts) {
    const [w, o] = splitWeight<BCEOpts>(weight, opts);
    super(w, o.reduction);
  }
  override forward(input: Tensor, target: Tensor): Tensor { return F.binaryCrossEntropy(input, target, { weight: this.weight, reduction: this.reduction as Reduction }); }
}
type BCELogitsOpts = ReductionOpts & { weight?: Tensor | null; posWeight?: Tensor | null };
/** Binary cross-entropy over logits (sigmoid folded in, numerically stable). */
export class BCEWithLogitsLoss extends Loss {
  declare weight: Tensor | null;
  declare pos_weight: Tensor | null;
  constructor(weight?: Tensor | null | BCELogitsOpts, opts?: BCELogitsOpts) {
    const [w, o] = splitWeight<BCELogitsOpts>(weight, opts);
    super(o.reduction);
    this.registerBuffer('weight', w);
    this.registerBuffer('pos_weight', o.posWeight ?? null);
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.binaryCrossEntropyWithLogits(input, target, { weight: this.weight, posWeight: this.pos_weight, reduction: this.reduction as Reduction });
  }
}
/** Kullback–Leibler divergence; input holds log-probabilities. Use `reduction: 'batchmean'` for the true KL. */
export class KLDivLoss extends Loss {
  logTarget: boolean;
  constructor(opts: { reduction?: Reduction | 'batchmean'; logTarget?: boolean } = {}) { super(opts.reduction); this.logTarget = opts.logTarget ?? false; }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.klDiv(input, target, { reduction: this.reduction as Reduction, logTarget: this.logTarget });
  }
}
/** Cosine embedding loss with labels 1 / −1. */
export class CosineEmbeddingLoss extends Loss {
  margin: number;
  constructor(opts: ReductionOpts & { margin?: number } = {}) { super(opts.reduction); this.margin = opts.margin ?? 0; }
  override forward(x1: Tensor, x2: Tensor, target: Tensor): Tensor {
    return F.cosineEmbeddingLoss(x1, x2, target, { margin: this.margin, reduction: this.reduction as Reduction });
  }
}
/** Ranking loss max(0, −y(x1 − x2) + margin). */
export class MarginRankingLoss extends Loss {
  margin: number;
  constructor(opts: ReductionOpts & { margin?: number } = {}) { super(opts.reduction); this.margin = opts.margin ?? 0; }
  override forward(x1: Tensor, x2: Tensor, target: Tensor): Tensor {
    return F.marginRankingLoss(x1, x2, target, { margin: this.margin, reduction: this.reduction as Reduction });
  }
}
/** Hinge embedding loss with labels 1 / −1. */
export class HingeEmbeddingLoss extends Loss {
  margin: number;
  constructor(opts: ReductionOpts & { margin?: number } = {}) { super(opts.reduction); this.margin = opts.margin ?? 1; }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.hingeEmbeddingLoss(input, target, { margin: this.margin, reduction: this.reduction as Reduction });
  }
}
/** Triplet loss on (anchor, positive, negative) distances. */
export class TripletMarginLoss extends Loss {
  margin: number;
  p: number;
  eps: number;
  swap: boolean;
  constructor(opts: ReductionOpts & { margin?: number; p?: number; eps?: number; swap?: boolean } = {}) {
    super(opts.reduction);
    this.margin = opts.margin ?? 1;
    this.p = opts.p ?? 2;
    this.eps = opts.eps ?? 1e-6;
    this.swap = opts.swap ?? false;
  }
  override forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    return F.tripletMarginLoss(anchor, positive, negative, { margin: this.margin, p: this.p, eps: this.eps, swap: this.swap, reduction: this.reduction as Reduction });
  }
}
type MLSMOpts = ReductionOpts & { weight?: Tensor | null };
/** Multi-label one-vs-all logistic loss. */
export class MultiLabelSoftMarginLoss extends WeightedLoss {
  constructor(weight?: Tensor | null | MLSMOpts, opts?: MLSMOpts) {
    const [w, o] = splitWeight<MLSMOpts>(weight, opts);
    super(w, o.reduction);
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.multilabelSoftMarginLoss(input, target, { weight: this.weight, reduction: this.reduction as Reduction });
  }
}
/** Poisson negative log-likelihood. */
export class PoissonNLLLoss extends Loss {
  logInput: boolean;
  full: boolean;
  eps: number;
  constructor(opts: ReductionOpts & { logInput?: boolean; full?: boolean; eps?: number } = {}) {
    super(opts.reduction);
    this.logInput = opts.logInput ?? true;
    this.full = opts.full ?? false;
    this.eps = opts.eps ?? 1e-8;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.poissonNllLoss(input, target, { logInput: this.logInput, full: this.full, eps: this.eps, reduction: this.reduction as Reduction });
  }
}
/** Gaussian negative log-likelihood with predicted variance. */
export class GaussianNLLLoss extends Loss {
  full: boolean;
  eps: number;
  constructor(opts: ReductionOpts & { full?: boolean; eps?: number } = {}) {
    super(opts.reduction);
    this.full = opts.full ?? false;
    this.eps = opts.eps ?? 1e-6;
  }
  override forward(input: Tensor, target: Tensor, variance: Tensor): Tensor {
    return F.gaussianNllLoss(input, target, variance, { full: this.full, eps: this.eps, reduction: this.reduction as Reduction });
  }
}
/** Connectionist temporal classification loss. */
export class CTCLoss extends Loss {
  blank: number;
  zeroInfinity: boolean;
  constructor(opts: ReductionOpts & { blank?: number; zeroInfinity?: boolean } = {}) {
    super(opts.reduction);
    this.blank = opts.blank ?? 0;
    this.zeroInfinity = opts.zeroInfinity ?? false;
  }
  override forward(logProbs: Tensor, targets: Tensor, inputLengths: Tensor | readonly number[], targetLengths: Tensor | readonly number[]): Tensor {
    return F.ctcLoss(logProbs, targets, inputLengths, targetLengths, { blank: this.blank, reduction: this.reduction as Reduction, zeroInfinity: this.zeroInfinity });
  }
}
/** Two-class logistic loss log(1 + exp(−y x)). */
export class SoftMarginLoss extends Loss {
  constructor(opts: ReductionOpts = {}) { super(opts.reduction); }
  override forward(input: Tensor, target: Tensor): Tensor { return F.softMarginLoss(input, target, { reduction: this.reduction as Reduction }); }
}
