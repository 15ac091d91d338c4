/**
 * Stochastic gradient descent with momentum, dampening, Nesterov momentum and weight decay
 * (PyTorch's `torch.optim.SGD`).
 * @module
 */
import * as torch from '@tensile/core';
import { type Closure, Optimizer, type ParamsInput, required } from './optimizer';

type Tensor = torch.Tensor;

/** Options of {@link SGD} (PyTorch's keyword arguments, camelCased). */
export interface SGDOptions {
  /** Learning rate (required, here or in every group). */
  lr?: number;
  momentum?: number;
  dampening?: number;
  weightDecay?: number;
  nesterov?: boolean;
  maximize?: boolean;
  foreach?: boolean | null;
  differentiable?: boolean;
}

/** `new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 })`. */
export class SGD extends Optimizer {
  constructor(params: ParamsInput, opts: SGDOptions = {}) {
    const { lr = required, momentum = 0, dampening = 0, weightDecay = 0, nesterov = false } = opts;
    if (lr !== required && lr < 0) throw new Error(`Invalid learning rate: ${lr}`);
    if (momentum < 0) throw new Error(`Invalid momentum value: ${momentum}`);
    if (weightDecay < 0) throw new Error(`Invalid weight_decay value: ${weightDecay}`);
    if (nesterov && (momentum <= 0 || dampening !== 0)) throw new Error('Nesterov momentum requires a momentum and zero dampening');
    super(params, {
      lr, momentum, dampening, weight_decay: weightDecay, nesterov, maximize: opts.maximize ?? false,
      foreach: opts.foreach ?? null, differentiable: opts.differentiable ?? false,
    });
  }

  step(closure?: Closure): Tensor | number | undefined {
    return this._run(closure, () => {
      for (const group of this.paramGroups) {
        const { lr, momentum, dampening, weight_decay: wd, nesterov, maximize } = group;
        for (const p of group.params) {
          const g = p.grad;
          if (g === null) continue;
          const state = this._stateOf(p);
          let buf: Tensor | null = momentum === 0 ? null : (state.momentum_buffer ?? null);
          if (this._fused) {
            const target = momentum === 0 ? null : (buf ?? torch.emptyLike(p));
            const scalars = [lr, momentum, dampening, wd, nesterov ? 1 : 0, maximize ? 1 : 0, buf === null ? 1 : 0];
            if (torch._fusedOptimStep('sgd', p, g, [target], scalars)) {
              state.momentum_buffer = target;
              continue;
            }
          }
          // the composed form: PyTorch's _single_tensor_sgd
          let d = maximize ? g.neg() : g;
          if (wd !== 0) d = d.add(p, { alpha: wd });
          if (momentum !== 0) {
            if (buf === null) buf = d.clone().detach();
            else buf.mul_(momentum).add_(d, { alpha: 1 - dampening });
            d = nesterov ? d.add(buf, { alpha: momentum }) : buf;
          }
          p.add_(d, { alpha: -lr });
          state.momentum_buffer = buf;
        }
      }
    });
  }
}
