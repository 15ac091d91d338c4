/**
 * Normalization layers: BatchNorm1d/2d/3d, InstanceNorm1d/2d/3d (torch/nn/modules/batchnorm.py,
 * instancenorm.py), LayerNorm, GroupNorm, LocalResponseNorm (normalization.py).
 * @module
 */
import * as torch from '@tensile/core';
import type { Tensor } from '@tensile/core';
import * as F from './functional/normalization';
import type { FactoryOptions } from './linear';
import { Module, type StateDict } from './module';
import { Parameter } from './parameter';
import { pyBool, pyFloat, pyTuple } from './repr';

export interface NormOptions extends FactoryOptions {
  eps?: number;
  /** Running-average factor; `null` gives a cumulative average (1 / num_batches_tracked). */
  momentum?: number | null;
  affine?: boolean;
  trackRunningStats?: boolean;
}

/**
 * Shared state of batch and instance norm: `weight`/`bias` parameters (when affine) and the
 * buffers `running_mean`, `running_var`, `num_batches_tracked` (when tracking), in PyTorch's order.
 */
abstract class NormBase extends Module {
  numFeatures: number;
  eps: number;
  momentum: number | null;
  affine: boolean;
  trackRunningStats: boolean;
  weight: Parameter | null;
  bias: Parameter | null;
  declare running_mean: Tensor | null;
  declare running_var: Tensor | null;
  declare num_batches_tracked: Tensor | null;

  constructor(numFeatures: number, opts: NormOptions, defaults: { affine: boolean; track: boolean }) {
    super();
    const f = { dtype: opts.dtype, device: opts.device };
    this.numFeatures = numFeatures;
    this.eps = opts.eps ?? 1e-5;
    this.momentum = opts.momentum === undefined ? 0.1 : opts.momentum;
    this.affine = opts.affine ?? defaults.affine;
    this.trackRunningStats = opts.trackRunningStats ?? defaults.track;
    this.weight = this.affine ? new Parameter(torch.ones([numFeatures], f)) : null;
    this.bias = this.affine ? new Parameter(torch.zeros([numFeatures], f)) : null;
    if (this.trackRunningStats) {
      this.registerBuffer('running_mean', torch.zeros([numFeatures], f));
      this.registerBuffer('running_var', torch.ones([numFeatures], f));
      this.registerBuffer('num_batches_tracked', torch.tensor(0, { dtype: 'int64', device: opts.device }));
    } else {
      this.registerBuffer('running_mean', null);
      this.registerBuffer('running_var', null);
      this.registerBuffer('num_batches_tracked', null);
    }
  }
  /** Zeroes the running mean and batch count and sets the running variance to ones. */
  resetRunningStats(): void {
    torch.noGrad(() => {
      this.running_mean?.zero_();
      this.running_var?.fill_(1);
      this.num_batches_tracked?.zero_();
    });
  }
  resetParameters(): void {
    this.resetRunningStats();
    torch.noGrad(() => {
      this.weight?.fill_(1);
      this.bias?.zero_();
    });
  }
  override extraRepr(): string {
    return `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=${this.momentum === null ? 'None' : pyFloat(this.momentum)}, affine=${pyBool(this.affine)}, track_running_stats=${pyBool(this.trackRunningStats)}`;
  }
  override _loadFromStateDict(sd: StateDict, prefix: string, missing: string[], unexpected: string[], errors: string[]): void {
    // matches PyTorch: checkpoints from before num_batches_tracked existed load with a count of 0
    const key = `${prefix}num_batches_tracked`;
    if (this.num_batches_tracked && !(key in sd) && `${prefix}running_mean` in sd) sd[key] = torch.tensor(0, { dtype: 'int64' });
    super._loadFromStateDict(sd, prefix, missing, unexpected, errors);
  }
}

abstract class BatchNormBase extends NormBase {
  constructor(numFeatures: number, opts: NormOptions = {}) {
    super(numFeatures, opts, { affine: true, track: true });
  }
  protected abstract checkInputDim(x: Tensor): void;
  override forward(input: Tensor): Tensor {
    this.checkInputDim(input);
    let factor = this.momentum ?? 0;
    if (this.training && this.trackRunningStats && this.num_batches_tracked) {
      torch.noGrad(() => this.num_batches_tracked!.add_(1));
      factor = this.momentum === null ? 1 / this.num_batches_tracked.item() : this.momentum;
    }
    const bnTraining = this.training || (this.running_mean === null && this.running_var === null);
    const useRunning = !this.training || this.trackRunningStats;
    return F.batchNorm(input, useRunning ? this.running_mean : null, useRunning ? this.running_var : null, {
      weight: this.weight, bias: this.bias, training: bnTraining, momentum: factor, eps: this.eps,
    });
  }
}

/** Batch norm over (N, C) or (N, C, L) inputs. */
export class BatchNorm1d extends BatchNormBase {
  protected checkInputDim(x: Tensor): void {
    if (x.ndim !== 2 && x.ndim !== 3) throw new Error(`expected 2D or 3D input (got ${x.ndim}D input)`);
  }
}
/** Batch norm over (N, C, H, W) inputs. */
export class BatchNorm2d extends BatchNormBase {
  protected checkInputDim(x: Tensor): void {
    if (x.ndim !== 4) throw new Error(`expected 4D input (got ${x.ndim}D input)`);
  }
}
/** Batch norm over (N, C, D, H, W) inputs. */
export class BatchNorm3d extends BatchNormBase {
  protected checkInputDim(x: Tensor): void {
    if (x.ndim !== 5) throw new Error(`expected 5D input (got ${x.ndim}D input)`);
  }
}

abstract class InstanceNormBase extends NormBase {
  constructor(numFeatures: number, opts: NormOptions = {}) {
    super(numFeatures, opts, { affine: false, track: false });
  }
  protected abstract noBatchDim(): number;
  override forward(input: Tensor): Tensor {
    const nb = this.noBatchDim();
    if (input.ndim !== nb && input.ndim !== nb + 1)
      throw new Error(`expected ${nb}D or ${nb + 1}D input (got ${input.ndim}D input)`);
    const featureDim = input.ndim - nb;
    if (input.shape[featureDim] !== this.numFeatures && this.affine)
      throw new Error(`expected input's size at dim=${featureDim} to match num_features (${this.numFeatures}), but got: ${input.shape[featureDim]}.`);
    const batched = input.ndim === nb + 1;
    const x = batched ? input : input.unsqueeze(0);
    const y = F.instanceNorm(x, {
      runningMean: this.running_mean, runningVar: this.running_var, weight: this.weight, bias: this.bias,
      useInputStats: this.training || !this.trackRunningStats, momentum: this.momentum ?? 0.1, eps: this.eps,
    });
    return batched ? y : y.squeeze(0);
  }
}
/** Instance norm over (N, C, L) or (C, L) inputs. */
export class InstanceNorm1d extends InstanceNormBase {
  protected noBatchDim(): number { return 2; }
}
/** Instance norm over (N, C, H, W) or (C, H, W) inputs. */
export class InstanceNorm2d extends InstanceNormBase {
  protected noBatchDim(): number { return 3; }
}
/** Instance norm over (N, C, D, H, W) or (C, D, H, W) inputs. */
export class InstanceNorm3d extends InstanceNormBase {
  protected noBatchDim(): number { return 4; }
}

/** Normalises over the trailing `normalizedShape` dims, with elementwise affine `weight`/`bias`. */
export class LayerNorm extends Module {
  normalizedShape: number[];
  eps: number;
  elementwiseAffine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;
  constructor(normalizedShape: number | readonly number[], opts: FactoryOptions & { eps?: number; elementwiseAffine?: boolean } = {}) {
    super();
    const f = { dtype: opts.dtype, device: opts.device };
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    this.eps = opts.eps ?? 1e-5;
    this.elementwiseAffine = opts.elementwiseAffine ?? true;
    this.weight = this.elementwiseAffine ? new Parameter(torch.ones(this.normalizedShape, f)) : null;
    this.bias = this.elementwiseAffine ? new Parameter(torch.zeros(this.normalizedShape, f)) : null;
  }
  override forward(input: Tensor): Tensor {
    return F.layerNorm(input, this.normalizedShape, { weight: this.weight, bias: this.bias, eps: this.eps });
  }
  override extraRepr(): string {
    return `${pyTuple(this.normalizedShape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${pyBool(this.elementwiseAffine)}`;
  }
}

/** Normalises each group of `numChannels / numGroups` channels per sample. */
export class GroupNorm extends Module {
  numGroups: number;
  numChannels: number;
  eps: number;
  affine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;
  constructor(numGroups: number, numChannels: number, opts: FactoryOptions & { eps?: number; affine?: boolean } = {}) {
    super();
    if (numChannels % numGroups !== 0) throw new Error('num_channels must be divisible by num_groups');
    const f = { dtype: opts.dtype, device: opts.device };
    this.numGroups = numGroups;
    this.numChannels = numChannels;
    this.eps = opts.eps ?? 1e-5;
    this.affine = opts.affine ?? true;
    this.weight = this.affine ? new Parameter(torch.ones([numChannels], f)) : null;
    this.bias = this.affine ? new Parameter(torch.zeros([numChannels], f)) : null;
  }
  override forward(input: Tensor): Tensor {
    return F.groupNorm(input, this.numGroups, { weight: this.weight, bias: this.bias, eps: this.eps });
  }
  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${pyFloat(this.eps)}, affine=${pyBool(this.affine)}`;
  }
}

/** Local response normalisation across channels. */
export class LocalResponseNorm extends Module {
  size: number;
  alpha: number;
  beta: number;
  k: number;
  constructor(size: number, opts: { alpha?: number; beta?: number; k?: number } = {}) {
    super();
    this.size = size;
    this.alpha = opts.alpha ?? 1e-4;
    this.beta = opts.beta ?? 0.75;
    this.k = opts.k ?? 1;
  }
  override forward(input: Tensor): Tensor {
    return F.localResponseNorm(input, this.size, this.alpha, this.beta, this.k);
  }
  override extraRepr(): string {
    return `${this.size}, alpha=${pyFloat(this.alpha)}, beta=${pyFloat(this.beta)}, k=${pyFloat(this.k)}`;
  }
}
