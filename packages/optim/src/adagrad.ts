/**
 * Adagrad (PyTorch's `torch.optim.Adagrad`), with learning-rate decay and an initial
 * accumulator value.
 * @module
 */
import * as torch from '@tensile/core';
import { type Closure, incrementStep, Optimizer, type ParamsInput, type ParamState, stepsToTensors } from './optimizer';

type Tensor = torch.Tensor;

/** Options of {@link Adagrad}. */
export interface AdagradOptions {
  lr?: number;
  lrDecay?: number;
  weightDecay?: number;
  initialAccumulatorValue?: number;
  eps?: number;
  foreach?: boolean | null;
  maximize?: boolean;
}

/** `new optim.Adagrad(params, { lr: 1e-2, lrDecay: 1e-4 })`. */
export class Adagrad extends Optimizer {
  constructor(params: ParamsInput, opts: AdagradOptions = {}) {
    const { lr = 1e-2, lrDecay = 0, weightDecay = 0, initialAccumulatorValue = 0, eps = 1e-10 } = opts;
    if (!(lr >= 0)) throw new Error(`Invalid learning rate: ${lr}`);
    if (!(lrDecay >= 0)) throw new Error(`Invalid lr_decay value: ${lrDecay}`);
    if (!(weightDecay >= 0)) throw new Error(`Invalid weight_decay value: ${weightDecay}`);
    if (!(initialAccumulatorValue >= 0)) throw new Error(`Invalid initial_accumulator_value value: ${initialAccumulatorValue}`);
    if (!(eps >= 0)) throw new Error(`Invalid epsilon value: ${eps}`);
    super(params, {
      lr, lr_decay: lrDecay, eps, weight_decay: weightDecay, initial_accumulator_value: initialAccumulatorValue,
      foreach: opts.foreach ?? null, maximize: opts.maximize ?? false,
    });
    // PyTorch creates Adagrad's state for every parameter up front.
    for (const group of this.paramGroups) for (const p of group.params) this._init(p, group.initial_accumulator_value);
  }

  private _init(p: Tensor, initial: number): ParamState {
    const state = this._stateOf(p);
    if (state.sum === undefined) {
      state.step = torch.tensor(0, { dtype: 'float32' });
      state.sum = torch.fullLike(p, initial);
    }
    return state;
  }

  step(closure?: Closure): Tensor | number | undefined {
    return this._run(closure, () => {
      for (const group of this.paramGroups) {
        const { lr, lr_decay: lrDecay, eps, weight_decay: wd, maximize } = group;
        for (const p of group.params) {
          const g = p.grad;
          if (g === null) continue;
          const state = this._init(p, group.initial_accumulator_value);
          const sum: Tensor = state.sum;
          const step = incrementStep(state.step);
          const clr = lr / (1 + (step - 1) * lrDecay);
          if (this._fused && torch._fusedOptimStep('adagrad', p, g, [sum], [clr, eps, wd, maximize ? 1 : 0])) continue;
          let grad = maximize ? g.neg() : g;
          if (wd !== 0) grad = grad.add(p, { alpha: wd });
          sum.addcmul_(grad, grad, { value: 1 });
          const std = sum.sqrt().add_(eps);
          p.addcdiv_(grad, std, { value: -clr });
        }
      }
    });
  }

  override _afterLoad(): void {
    stepsToTensors(this);
  }
}
