/**
 * AdamW: Adam with decoupled weight decay (PyTorch's `torch.optim.AdamW`).
 * @module
 */
import type * as torch from '@tensile/core';
import { adamGroup, checkAdamArgs } from './adam';
import { type Closure, Optimizer, type ParamsInput, stepsToTensors } from './optimizer';

/** Options of {@link AdamW} (weight decay defaults to 1e-2). */
export interface AdamWOptions {
  lr?: number;
  betas?: readonly [number, number];
  eps?: number;
  weightDecay?: number;
  amsgrad?: boolean;
  maximize?: boolean;
  foreach?: boolean | null;
  capturable?: boolean;
}

/** `new optim.AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0.01 })`. */
export class AdamW extends Optimizer {
  constructor(params: ParamsInput, opts: AdamWOptions = {}) {
    const { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 1e-2 } = opts;
    checkAdamArgs(lr, betas, eps, weightDecay);
    // PyTorch 1.13's AdamW has neither `differentiable` nor `fused`, and puts foreach before maximize.
    super(params, {
      lr, betas: [...betas], eps, weight_decay: weightDecay, amsgrad: opts.amsgrad ?? false,
      foreach: opts.foreach ?? null, maximize: opts.maximize ?? false, capturable: opts.capturable ?? false,
    });
  }

  step(closure?: Closure): torch.Tensor | number | undefined {
    return this._run(closure, () => {
      for (const group of this.paramGroups) adamGroup(this, group, true);
    });
  }

  override _afterLoad(): void {
    stepsToTensors(this);
  }
}
