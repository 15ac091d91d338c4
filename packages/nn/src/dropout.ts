/**
 * Dropout layers (torch/nn/modules/dropout.py): active in training mode, identity in eval.
 * @module
 */
import type { Tensor } from '@tensile/core';
import * as F from './functional/dropout';
import { Module } from './module';
import { pyBool, pyFloat } from './repr';

abstract class DropoutBase extends Module {
  p: number;
  inplace: boolean;
  constructor(p: number | { p?: number; inplace?: boolean } = 0.5, opts: { inplace?: boolean } = {}) {
    super();
    const o = typeof p === 'object' ? p : { p, inplace: opts.inplace };
    this.p = o.p ?? 0.5;
    if (this.p < 0 || this.p > 1) throw new Error(`dropout probability has to be between 0 and 1, but got ${this.p}`);
    this.inplace = o.inplace ?? false;
  }
  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=${pyBool(this.inplace)}`;
  }
}

/** Zeroes each element with probability p and scales the rest by 1/(1−p) in training. */
export class Dropout extends DropoutBase {
  override forward(x: Tensor): Tensor { return F.dropout(x, this.p, this.training, this.inplace); }
}
/** Zeroes whole channels of (N, C, L) inputs. */
export class Dropout1d extends DropoutBase {
  override forward(x: Tensor): Tensor { return F.dropout1d(x, this.p, this.training, this.inplace); }
}
/** Zeroes whole channels of (N, C, H, W) inputs. */
export class Dropout2d extends DropoutBase {
  override forward(x: Tensor): Tensor { return F.dropout2d(x, this.p, this.training, this.inplace); }
}
/** Zeroes whole channels of (N, C, D, H, W) inputs. */
export class Dropout3d extends DropoutBase {
  override forward(x: Tensor): Tensor { return F.dropout3d(x, this.p, this.training, this.inplace); }
}
/** Dropout that keeps SELU's zero mean and unit variance. */
export class AlphaDropout extends DropoutBase {
  override forward(x: Tensor): Tensor { return F.alphaDropout(x, this.p, this.training); }
}
/** Alpha dropout of whole channels. */
export class FeatureAlphaDropout extends DropoutBase {
  override forward(x: Tensor): Tensor { return F.featureAlphaDropout(x, this.p, this.training); }
}
