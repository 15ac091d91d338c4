/**
 * Adamax: Adam with the infinity norm (PyTorch's `torch.optim.Adamax`).
 * @module
 */
import * as torch from '@tensile/core';
import { checkAdamArgs } from './adam';
import { type Closure, incrementStep, l2Grad, Optimizer, type ParamsInput, type ParamState, scalarState, stepsToTensors } from './optimizer';

type Tensor = torch.Tensor;

/** Options of {@link Adamax}. */
export interface AdamaxOptions {
  lr?: number;
  betas?: readonly [number, number];
  eps?: number;
  weightDecay?: number;
  foreach?: boolean | null;
  maximize?: boolean;
}

/** `new optim.Adamax(params, { lr: 2e-3 })`. */
export class Adamax extends Optimizer {
  constructor(params: ParamsInput, opts: AdamaxOptions = {}) {
    const { lr = 2e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0 } = opts;
    checkAdamArgs(lr, betas, eps, weightDecay);
    super(params, { lr, betas: [...betas], eps, weight_decay: weightDecay, foreach: opts.foreach ?? null, maximize: opts.maximize ?? false });
  }

  step(closure?: Closure): Tensor | number | undefined {
    return this._run(closure, () => {
      for (const group of this.paramGroups) {
        const { lr, eps, weight_decay: wd, maximize } = group;
        const [beta1, beta2] = group.betas as number[];
        const init = (state: ParamState, p: Tensor) => {
          state.step = scalarState(0);
          state.exp_avg = torch.zerosLike(p);
          state.exp_inf = torch.zerosLike(p);
        };
        for (const [p, g, state] of this._withGrads(group, init)) {
          const m: Tensor = state.exp_avg, u: Tensor = state.exp_inf;
          const step = incrementStep(state.step);
          const clr = lr / (1 - beta1 ** step);
          if (this._fused && torch._fusedOptimStep('adamax', p, g, [m, u], [beta1, beta2, eps, wd, clr, maximize ? 1 : 0])) continue;
          const grad = l2Grad(p, g, wd, maximize);
          m.mul_(beta1).add_(grad, { alpha: 1 - beta1 });
          const normBuf = torch.cat([u.mul_(beta2).unsqueeze(0), grad.abs().add_(eps).unsqueeze(0)], 0);
          u.copy_(torch.amax(normBuf, 0, false));
          p.addcdiv_(m, u, { value: -clr });
        }
      }
    });
  }

  override _afterLoad(): void {
    stepsToTensors(this);
  }
}
