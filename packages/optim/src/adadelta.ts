/**
 * Adadelta (PyTorch's `torch.optim.Adadelta`).
 * @module
 */
import * as torch from '@tensile/core';
import { type Closure, l2Grad, Optimizer, type ParamsInput, type ParamState } from './optimizer';

type Tensor = torch.Tensor;

/** Options of {@link Adadelta}. */
export interface AdadeltaOptions {
  lr?: number;
  rho?: number;
  eps?: number;
  weightDecay?: number;
  foreach?: boolean | null;
  maximize?: boolean;
}

/** `new optim.Adadelta(params, { lr: 1.0, rho: 0.9 })`. */
export class Adadelta extends Optimizer {
  constructor(params: ParamsInput, opts: AdadeltaOptions = {}) {
    const { lr = 1.0, rho = 0.9, eps = 1e-6, weightDecay = 0 } = opts;
    if (!(lr >= 0)) throw new Error(`Invalid learning rate: ${lr}`);
    if (!(rho >= 0 && rho <= 1)) throw new Error(`Invalid rho value: ${rho}`);
    if (!(eps >= 0)) throw new Error(`Invalid epsilon value: ${eps}`);
    if (!(weightDecay >= 0)) throw new Error(`Invalid weight_decay value: ${weightDecay}`);
    super(params, { lr, rho, eps, weight_decay: weightDecay, maximize: opts.maximize ?? false, foreach: opts.foreach ?? null });
  }

  step(closure?: Closure): Tensor | number | undefined {
    return this._run(closure, () => {
      for (const group of this.paramGroups) {
        const { lr, rho, eps, weight_decay: wd, maximize } = group;
        const init = (state: ParamState, p: Tensor) => {
          // PyTorch keeps Adadelta's step a Python int
          state.step = 0;
          state.square_avg = torch.zerosLike(p);
          state.acc_delta = torch.zerosLike(p);
        };
        for (const [p, g, state] of this._withGrads(group, init)) {
          state.step += 1;
          const sq: Tensor = state.square_avg, acc: Tensor = state.acc_delta;
          if (this._fused && torch._fusedOptimStep('adadelta', p, g, [sq, acc], [lr, rho, eps, wd, maximize ? 1 : 0])) continue;
          const grad = l2Grad(p, g, wd, maximize);
          sq.mul_(rho).addcmul_(grad, grad, { value: 1 - rho });
          const std = sq.add(eps).sqrt_();
          const delta = acc.add(eps).sqrt_().div_(std).mul_(grad);
          acc.mul_(rho).addcmul_(delta, delta, { value: 1 - rho });
          p.add_(delta, { alpha: -lr });
        }
      }
    });
  }
}
