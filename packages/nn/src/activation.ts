/**
 * Activation layers (torch/nn/modules/activation.py): thin modules over `nn.functional`.
 * `inplace: true` writes the result into the input, as PyTorch's `inplace=True`.
 * @module
 */
import * as torch from '@tensile/core';
import type { Tensor } from '@tensile/core';
import * as F from './functional/activation';
import { Module } from './module';
import { Parameter } from './parameter';
import { pyFloat, pyNumber } from './repr';

type Inplace = { inplace?: boolean };
/** PyTorch's `inplace` argument, given as `{ inplace }` or positionally as a boolean. */
const inplaceOf = (opts: Inplace | boolean): boolean => (typeof opts === 'boolean' ? opts : (opts.inplace ?? false));
/** The extra_repr of a layer whose only option is `inplace`. */
const inplaceStr = (b: boolean) => (b ? 'inplace=True' : '');
/** What PyTorch appends to an extra_repr with other fields when `inplace` is set. */
const inplaceSuffix = (b: boolean) => (b ? ', inplace=True' : '');

/** max(0, x). */
export class ReLU extends Module {
  inplace: boolean;
  constructor(opts: Inplace | boolean = {}) {
    super();
    this.inplace = inplaceOf(opts);
  }
  override forward(x: Tensor): Tensor { return F.relu(x, { inplace: this.inplace }); }
  override extraRepr(): string { return inplaceStr(this.inplace); }
}

/** Clamps to [minVal, maxVal] (default [−1, 1]). */
export class Hardtanh extends Module {
  minVal: number;
  maxVal: number;
  inplace: boolean;
  constructor(minVal = -1, maxVal = 1, opts: Inplace = {}) {
    super();
    if (maxVal <= minVal) throw new Error('max_val must be greater than min_val');
    this.minVal = minVal;
    this.maxVal = maxVal;
    this.inplace = inplaceOf(opts);
  }
  override forward(x: Tensor): Tensor { return F.hardtanh(x, this.minVal, this.maxVal, this.inplace); }
  override extraRepr(): string {
    return `min_val=${pyFloat(this.minVal)}, max_val=${pyFloat(this.maxVal)}${inplaceSuffix(this.inplace)}`;
  }
}

/** min(max(0, x), 6). */
export class ReLU6 extends Hardtanh {
  constructor(opts: Inplace | boolean = {}) {
    super(0, 6, { inplace: inplaceOf(opts) });
  }
  override extraRepr(): string { return inplaceStr(this.inplace); }
}

/** x for x > 0, negativeSlope·x otherwise. */
export class LeakyReLU extends Module {
  negativeSlope: number;
  inplace: boolean;
  constructor(negativeSlope = 0.01, opts: Inplace = {}) {
    super();
    this.negativeSlope = negativeSlope;
    this.inplace = inplaceOf(opts);
  }
  override forward(x: Tensor): Tensor { return F.leakyRelu(x, this.negativeSlope, this.inplace); }
  override extraRepr(): string { return `negative_slope=${pyFloat(this.negativeSlope)}${inplaceSuffix(this.inplace)}`; }
}

/** Leaky ReLU with a learned slope per channel (`numParameters`) or one shared slope. */
export class PReLU extends Module {
  numParameters: number;
  weight: Parameter;
  constructor(numParameters = 1, init = 0.25, opts: { device?: string; dtype?: torch.DType } = {}) {
    super();
    this.numParameters = numParameters;
    this.weight = new Parameter(torch.full([numParameters], init, { dtype: opts.dtype, device: opts.device }));
  }
  override forward(x: Tensor): Tensor { return F.prelu(x, this.weight); }
  override extraRepr(): string { return `num_parameters=${this.numParameters}`; }
}

/** Randomized leaky ReLU: random slope in [lower, upper] in training, their mean in eval. */
export class RReLU extends Module {
  lower: number;
  upper: number;
  inplace: boolean;
  constructor(lower = 1 / 8, upper = 1 / 3, opts: Inplace = {}) {
    super();
    this.lower = lower;
    this.upper = upper;
    this.inplace = inplaceOf(opts);
  }
  override forward(x: Tensor): Tensor { return F.rrelu(x, this.lower, this.upper, this.training); }
  override extraRepr(): string { return `lower=${pyFloat(this.lower)}, upper=${pyFloat(this.upper)}${inplaceSuffix(this.inplace)}`; }
}

/** x for x > 0, α(eˣ − 1) otherwise. */
export class ELU extends Module {
  alpha: number;
  inplace: boolean;
  constructor(alpha = 1, opts: Inplace = {}) {
    super();
    this.alpha = alpha;
    this.inplace = inplaceOf(opts);
  }
  override forward(x: Tensor): Tensor { return F.elu(x, this.alpha, this.inplace); }
  override extraRepr(): string { return `alpha=${pyFloat(this.alpha)}${inplaceSuffix(this.inplace)}`; }
}

/** Scaled ELU with the self-normalising constants. */
export class SELU extends Module {
  inplace: boolean;
  constructor(opts: Inplace | boolean = {}) {
    super();
    this.inplace = inplaceOf(opts);
  }
  override forward(x: Tensor): Tensor { return F.selu(x, { inplace: this.inplace }); }
  override extraRepr(): string { return inplaceStr(this.inplace); }
}

/** max(0, x) + min(0, α(e^{x/α} − 1)). */
export class CELU extends Module {
  alpha: number;
  inplace: boolean;
  constructor(alpha = 1, opts: Inplace = {}) {
    super();
    this.alpha = alpha;
    this.inplace = inplaceOf(opts);
  }
  override forward(x: Tensor): Tensor { return F.celu(x, this.alpha, this.inplace); }
  override extraRepr(): string { return `alpha=${pyFloat(this.alpha)}${inplaceSuffix(this.inplace)}`; }
}

/** x·Φ(x), exact (`'none'`) or with the tanh approximation. */
export class GELU extends Module {
  approximate: 'none' | 'tanh';
  constructor(opts: { approximate?: 'none' | 'tanh' } = {}) {
    super();
    this.approximate = opts.approximate ?? 'none';
  }
  override forward(x: Tensor): Tensor { return F.gelu(x, { approximate: this.approximate }); }
  override extraRepr(): string { return `approximate='${this.approximate}'`; }
}

/** x·σ(x) (swish). */
export class SiLU extends Module {
  inplace: boolean;
  constructor(opts: Inplace | boolean = {}) {
    super();
    this.inplace = inplaceOf(opts);
  }
  override forward(x: Tensor): Tensor { return F.silu(x, { inplace: this.inplace }); }
  override extraRepr(): string { return inplaceStr(this.inplace); }
}

/** x·tanh(softplus(x)). */
export class Mish extends Module {
  inplace: boolean;
  constructor(opts: Inplace | boolean = {}) {
    super();
    this.inplace = inplaceOf(opts);
  }
  override forward(x: Tensor): Tensor { return F.mish(x, { inplace: this.inplace }); }
  override extraRepr(): string { return inplaceStr(this.inplace); }
}

/** σ(x). */
export class Sigmoid extends Module {
  override forward(x: Tensor): Tensor { return x.sigmoid(); }
}
/** tanh(x). */
export class Tanh extends Module {
  override forward(x: Tensor): Tensor { return x.tanh(); }
}
/** x / (1 + |x|). */
export class Softsign extends Module {
  override forward(x: Tensor): Tensor { return F.softsign(x); }
}
/** x − tanh(x). */
export class Tanhshrink extends Module {
  override forward(x: Tensor): Tensor { return F.tanhshrink(x); }
}
/** log σ(x). */
export class LogSigmoid extends Module {
  override forward(x: Tensor): Tensor { return F.logsigmoid(x); }
}

/** x·relu6(x + 3)/6. */
export class Hardswish extends Module {
  inplace: boolean;
  constructor(opts: Inplace | boolean = {}) {
    super();
    this.inplace = inplaceOf(opts);
  }
  override forward(x: Tensor): Tensor { return F.hardswish(x, { inplace: this.inplace }); }
}
/** relu6(x + 3)/6. */
export class Hardsigmoid extends Module {
  inplace: boolean;
  constructor(opts: Inplace | boolean = {}) {
    super();
    this.inplace = inplaceOf(opts);
  }
  override forward(x: Tensor): Tensor { return F.hardsigmoid(x, { inplace: this.inplace }); }
}

/** (1/β)·log(1 + e^{βx}), linear above `threshold`. */
export class Softplus extends Module {
  beta: number;
  threshold: number;
  constructor(opts: { beta?: number; threshold?: number } = {}) {
    super();
    this.beta = opts.beta ?? 1;
    this.threshold = opts.threshold ?? 20;
  }
  override forward(x: Tensor): Tensor { return F.softplus(x, this.beta, this.threshold); }
  // matches PyTorch: beta=1, threshold=20 are ints there, so they print without ".0"
  override extraRepr(): string { return `beta=${pyNumber(this.beta, false)}, threshold=${pyNumber(this.threshold, false)}`; }
}

/** x where x > threshold, else value. */
export class Threshold extends Module {
  threshold: number;
  value: number;
  inplace: boolean;
  constructor(threshold: number, value: number, opts: Inplace = {}) {
    super();
    this.threshold = threshold;
    this.value = value;
    this.inplace = inplaceOf(opts);
  }
  override forward(x: Tensor): Tensor { return F.threshold(x, this.threshold, this.value, this.inplace); }
  override extraRepr(): string {
    return `threshold=${pyNumber(this.threshold, false)}, value=${pyNumber(this.value, false)}${inplaceSuffix(this.inplace)}`;
  }
}

/** 0 for |x| ≤ λ, else x. */
export class Hardshrink extends Module {
  lambd: number;
  constructor(lambd = 0.5) {
    super();
    this.lambd = lambd;
  }
  override forward(x: Tensor): Tensor { return F.hardshrink(x, this.lambd); }
  override extraRepr(): string { return pyFloat(this.lambd); }
}
/** x − λ·sign(x) for |x| > λ, else 0. */
export class Softshrink extends Module {
  lambd: number;
  constructor(lambd = 0.5) {
    super();
    this.lambd = lambd;
  }
  override forward(x: Tensor): Tensor { return F.softshrink(x, this.lambd); }
  override extraRepr(): string { return pyFloat(this.lambd); }
}

/** Gated linear unit: a·σ(b) with x split in halves along `dim`. */
export class GLU extends Module {
  dim: number;
  constructor(dim = -1) {
    super();
    this.dim = dim;
  }
  override forward(x: Tensor): Tensor { return F.glu(x, this.dim); }
  override extraRepr(): string { return `dim=${this.dim}`; }
}

abstract class SoftmaxBase extends Module {
  dim: number | null;
  constructor(dim: number | null | { dim?: number | null } = null) {
    super();
    this.dim = typeof dim === 'object' && dim !== null ? (dim.dim ?? null) : dim;
  }
  override extraRepr(): string { return `dim=${this.dim === null ? 'None' : this.dim}`; }
}
/** Softmax along `dim`. */
export class Softmax extends SoftmaxBase {
  override forward(x: Tensor): Tensor { return F.softmax(x, this.dim); }
}
/** Log-softmax along `dim`. */
export class LogSoftmax extends SoftmaxBase {
  override forward(x: Tensor): Tensor { return F.logSoftmax(x, this.dim); }
}
/** Softmax of −x along `dim`. */
export class Softmin extends SoftmaxBase {
  override forward(x: Tensor): Tensor { return F.softmin(x, this.dim); }
}
/** Softmax over the channels of (N, C, H, W) or (C, H, W). */
export class Softmax2d extends Module {
  override forward(x: Tensor): Tensor {
    if (x.ndim !== 3 && x.ndim !== 4) throw new Error(`Softmax2d: expected input to be 3D or 4D, got ${x.ndim}D instead`);
    return x.softmax(-3);
  }
}
