/**
 * NAdam: Adam with Nesterov momentum (PyTorch's `torch.optim.NAdam`).
 * @module
 */
import * as torch from '@tensile/core';
import { checkAdamArgs } from './adam';
import { type Closure, incrementStep, l2Grad, Optimizer, type ParamsInput, type ParamState, scalarState, stepsToTensors } from './optimizer';

type Tensor = torch.Tensor;

/** Options of {@link NAdam}. */
export interface NAdamOptions {
  lr?: number;
  betas?: readonly [number, number];
  eps?: number;
  weightDecay?: number;
  momentumDecay?: number;
  foreach?: boolean | null;
}

/** `new optim.NAdam(params, { lr: 2e-3, momentumDecay: 4e-3 })`. */
export class NAdam extends Optimizer {
  constructor(params: ParamsInput, opts: NAdamOptions = {}) {
    const { lr = 2e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0, momentumDecay = 4e-3 } = opts;
    checkAdamArgs(lr, betas, eps, weightDecay);
    if (!(momentumDecay >= 0)) throw new Error(`Invalid momentum_decay value: ${momentumDecay}`);
    super(params, { lr, betas: [...betas], eps, weight_decay: weightDecay, momentum_decay: momentumDecay, foreach: opts.foreach ?? null });
  }

  step(closure?: Closure): Tensor | number | undefined {
    return this._run(closure, () => {
      for (const group of this.paramGroups) {
        const { lr, eps, weight_decay: wd, momentum_decay: md } = group;
        const [beta1, beta2] = group.betas as number[];
        const init = (state: ParamState, p: Tensor) => {
          state.step = scalarState(0);
          state.mu_product = scalarState(1);
          state.exp_avg = torch.zerosLike(p);
          state.exp_avg_sq = torch.zerosLike(p);
        };
        for (const [p, g, state] of this._withGrads(group, init)) {
          const m: Tensor = state.exp_avg, v: Tensor = state.exp_avg_sq;
          const step = incrementStep(state.step);
          const bc2 = 1 - beta2 ** step;
          const mu = beta1 * (1 - 0.5 * 0.96 ** (step * md));
          const muNext = beta1 * (1 - 0.5 * 0.96 ** ((step + 1) * md));
          // mu_product is a 0-dim tensor: its products round to its dtype, as PyTorch's do
          const muProduct: Tensor = state.mu_product;
          const round = muProduct.dtype === 'float32' ? Math.fround : (x: number) => x;
          const mp = round(muProduct.item() * round(mu));
          muProduct.fill_(mp);
          const mpNext = round(round(mp * round(mu)) * round(muNext));
          const gradCoef = (-lr * (1 - mu)) / (1 - mp);
          const avgCoef = (-lr * muNext) / (1 - mpNext);
          if (this._fused && torch._fusedOptimStep('nadam', p, g, [m, v], [beta1, beta2, eps, wd, bc2, gradCoef, avgCoef])) continue;
          const grad = l2Grad(p, g, wd);
          m.mul_(beta1).add_(grad, { alpha: 1 - beta1 });
          v.mul_(beta2).addcmul_(grad, grad, { value: 1 - beta2 });
          const denom = v.div(bc2).sqrt().add_(eps);
          p.addcdiv_(grad, denom, { value: gradCoef });
          p.addcdiv_(m, denom, { value: avgCoef });
        }
      }
    });
  }

  override _afterLoad(): void {
    stepsToTensors(this);
    for (const s of this.state.values()) if (typeof s.mu_product === 'number') s.mu_product = scalarState(s.mu_product);
  }
}
