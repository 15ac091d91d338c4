/**
 * RAdam: Adam with a rectified adaptive learning rate (PyTorch's `torch.optim.RAdam`).
 * @module
 */
import * as torch from '@tensile/core';
import { checkAdamArgs } from './adam';
import { type Closure, incrementStep, l2Grad, Optimizer, type ParamsInput, type ParamState, scalarState, stepsToTensors } from './optimizer';

type Tensor = torch.Tensor;

/** Options of {@link RAdam}. */
export interface RAdamOptions {
  lr?: number;
  betas?: readonly [number, number];
  eps?: number;
  weightDecay?: number;
  foreach?: boolean | null;
}

/** `new optim.RAdam(params, { lr: 1e-3 })`. */
export class RAdam extends Optimizer {
  constructor(params: ParamsInput, opts: RAdamOptions = {}) {
    const { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0 } = opts;
    checkAdamArgs(lr, betas, eps, weightDecay);
    super(params, { lr, betas: [...betas], eps, weight_decay: weightDecay, foreach: opts.foreach ?? null });
  }

  step(closure?: Closure): Tensor | number | undefined {
    return this._run(closure, () => {
      for (const group of this.paramGroups) {
        const { lr, eps, weight_decay: wd } = group;
        const [beta1, beta2] = group.betas as number[];
        const init = (state: ParamState, p: Tensor) => {
          state.step = scalarState(0);
          state.exp_avg = torch.zerosLike(p);
          state.exp_avg_sq = torch.zerosLike(p);
        };
        for (const [p, g, state] of this._withGrads(group, init)) {
          const m: Tensor = state.exp_avg, v: Tensor = state.exp_avg_sq;
          const step = incrementStep(state.step);
          const bc1 = 1 - beta1 ** step;
          const bc2 = 1 - beta2 ** step;
          // the length of the approximated simple moving average, and its limit
          const rhoInf = 2 / (1 - beta2) - 1;
          const rhoT = rhoInf - (2 * step * beta2 ** step) / bc2;
          const rectify = rhoT > 5;
          const rect = rectify ? Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 0;
          const scalars = [lr, beta1, beta2, eps, wd, bc1, Math.sqrt(bc2), rect, rectify ? 1 : 0];
          if (this._fused && torch._fusedOptimStep('radam', p, g, [m, v], scalars)) continue;
          const grad = l2Grad(p, g, wd);
          m.mul_(beta1).add_(grad, { alpha: 1 - beta1 });
          v.mul_(beta2).addcmul_(grad, grad, { value: 1 - beta2 });
          const corrected = m.div(bc1);
          if (rectify) {
            const adaptive = torch.div(Math.sqrt(bc2), v.sqrt().add_(eps));
            p.add_(corrected.mul(lr).mul(adaptive).mul(rect), { alpha: -1 });
          } else {
            p.add_(corrected.mul(lr), { alpha: -1 });
          }
        }
      }
    });
  }

  override _afterLoad(): void {
    stepsToTensors(this);
  }
}
