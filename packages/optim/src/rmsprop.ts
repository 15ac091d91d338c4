/**
 * RMSprop, optionally centered and with momentum (PyTorch's `torch.optim.RMSprop`).
 * @module
 */
import * as torch from '@tensile/core';
import { type Closure, l2Grad, Optimizer, type ParamsInput, type ParamState } from './optimizer';

type Tensor = torch.Tensor;

/** Options of {@link RMSprop}. */
export interface RMSpropOptions {
  lr?: number;
  alpha?: number;
  eps?: number;
  weightDecay?: number;
  momentum?: number;
  centered?: boolean;
  foreach?: boolean | null;
  maximize?: boolean;
  differentiable?: boolean;
}

/** `new optim.RMSprop(params, { lr: 1e-2, alpha: 0.99 })`. */
export class RMSprop extends Optimizer {
  constructor(params: ParamsInput, opts: RMSpropOptions = {}) {
    const { lr = 1e-2, alpha = 0.99, eps = 1e-8, weightDecay = 0, momentum = 0 } = opts;
    if (!(lr >= 0)) throw new Error(`Invalid learning rate: ${lr}`);
    if (!(eps >= 0)) throw new Error(`Invalid epsilon value: ${eps}`);
    if (!(momentum >= 0)) throw new Error(`Invalid momentum value: ${momentum}`);
    if (!(weightDecay >= 0)) throw new Error(`Invalid weight_decay value: ${weightDecay}`);
    if (!(alpha >= 0)) throw new Error(`Invalid alpha value: ${alpha}`);
    super(params, {
      lr, momentum, alpha, eps, centered: opts.centered ?? false, weight_decay: weightDecay, foreach: opts.foreach ?? null,
      maximize: opts.maximize ?? false, differentiable: opts.differentiable ?? false,
    });
  }

  step(closure?: Closure): Tensor | number | undefined {
    return this._run(closure, () => {
      for (const group of this.paramGroups) {
        const { lr, alpha, eps, weight_decay: wd, momentum, centered, maximize } = group;
        const init = (state: ParamState, p: Tensor) => {
          // PyTorch keeps RMSprop's step a Python int
          state.step = 0;
          state.square_avg = torch.zerosLike(p);
          if (momentum > 0) state.momentum_buffer = torch.zerosLike(p);
          if (centered) state.grad_avg = torch.zerosLike(p);
        };
        for (const [p, g, state] of this._withGrads(group, init)) {
          state.step += 1;
          const sq: Tensor = state.square_avg;
          const buf: Tensor | null = momentum > 0 ? state.momentum_buffer : null;
          const gavg: Tensor | null = centered ? state.grad_avg : null;
          const scalars = [lr, alpha, eps, wd, momentum, centered ? 1 : 0, maximize ? 1 : 0];
          if (this._fused && torch._fusedOptimStep('rmsprop', p, g, [sq, buf, gavg], scalars)) continue;
          const grad = l2Grad(p, g, wd, maximize);
          sq.mul_(alpha).addcmul_(grad, grad, { value: 1 - alpha });
          let avg: Tensor;
          if (gavg) {
            gavg.mul_(alpha).add_(grad, { alpha: 1 - alpha });
            avg = sq.addcmul(gavg, gavg, { value: -1 }).sqrt_();
          } else {
            avg = sq.sqrt();
          }
          avg = avg.add_(eps);
          if (buf) {
            buf.mul_(momentum).addcdiv_(grad, avg);
            p.add_(buf, { alpha: -lr });
          } else {
            p.addcdiv_(grad, avg, { value: -lr });
          }
        }
      }
    });
  }
}
