/**
 * Adam (PyTorch's `torch.optim.Adam`), with AMSGrad, L2 weight decay and maximize. The update
 * itself is shared with {@link AdamW}, which decouples the weight decay.
 * @module
 */
import * as torch from '@tensile/core';
import { type Closure, incrementStep, Optimizer, type ParamGroup, type ParamsInput, stepsToTensors } from './optimizer';

type Tensor = torch.Tensor;

/** Options of {@link Adam}. */
export interface AdamOptions {
  lr?: number;
  betas?: readonly [number, number];
  eps?: number;
  weightDecay?: number;
  amsgrad?: boolean;
  foreach?: boolean | null;
  maximize?: boolean;
  capturable?: boolean;
  differentiable?: boolean;
  /** PyTorch's CUDA-only fused kernel; Tensile always fuses where it can, so this is only recorded. */
  fused?: boolean;
}

export function checkAdamArgs(lr: number, betas: readonly number[], eps: number, weightDecay: number): void {
  if (!(lr >= 0)) throw new Error(`Invalid learning rate: ${lr}`);
  if (!(eps >= 0)) throw new Error(`Invalid epsilon value: ${eps}`);
  if (!(betas[0] >= 0 && betas[0] < 1)) throw new Error(`Invalid beta parameter at index 0: ${betas[0]}`);
  if (!(betas[1] >= 0 && betas[1] < 1)) throw new Error(`Invalid beta parameter at index 1: ${betas[1]}`);
  if (!(weightDecay >= 0)) throw new Error(`Invalid weight_decay value: ${weightDecay}`);
}

/** `new optim.Adam(model.parameters(), { lr: 1e-3, betas: [0.9, 0.999] })`. */
export class Adam extends Optimizer {
  constructor(params: ParamsInput, opts: AdamOptions = {}) {
    const { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0 } = opts;
    checkAdamArgs(lr, betas, eps, weightDecay);
    super(params, {
      lr, betas: [...betas], eps, weight_decay: weightDecay, amsgrad: opts.amsgrad ?? false, maximize: opts.maximize ?? false,
      foreach: opts.foreach ?? null, capturable: opts.capturable ?? false, differentiable: opts.differentiable ?? false,
      fused: opts.fused ?? false,
    });
    if (opts.fused) {
      if (opts.differentiable) throw new Error('`fused` cannot be `differentiable`');
      if (!this.paramGroups.every((g) => g.params.every((p) => p.isCuda && p.isFloatingPoint())))
        throw new Error('FusedAdam requires all the params to be CUDA, floating point');
    }
  }

  step(closure?: Closure): Tensor | number | undefined {
    return this._run(closure, () => {
      for (const group of this.paramGroups) adamGroup(this, group, false);
    });
  }

  override _afterLoad(): void {
    stepsToTensors(this);
  }
}

/** @internal One Adam/AdamW step over a group (PyTorch's _single_tensor_adam / _single_tensor_adamw). */
export function adamGroup(opt: Optimizer, group: ParamGroup, decoupled: boolean): void {
  const { lr, eps, weight_decay: wd, amsgrad, maximize } = group;
  const [beta1, beta2] = group.betas as number[];
  const vectorStep = !!(opt.defaults.capturable || opt.defaults.fused);
  for (const p of group.params) {
    const g = p.grad;
    if (g === null) continue;
    const state = opt._stateOf(p);
    if (Object.keys(state).length === 0) {
      state.step = vectorStep ? torch.zeros([1], { dtype: 'float32' }) : torch.tensor(0, { dtype: 'float32' });
      state.exp_avg = torch.zerosLike(p);
      state.exp_avg_sq = torch.zerosLike(p);
      if (amsgrad) state.max_exp_avg_sq = torch.zerosLike(p);
    }
    const m: Tensor = state.exp_avg, v: Tensor = state.exp_avg_sq;
    const vmax: Tensor | null = amsgrad ? state.max_exp_avg_sq : null;
    const step = incrementStep(state.step);
    const bc1 = 1 - beta1 ** step;
    const bc2 = 1 - beta2 ** step;
    const stepSize = lr / bc1;
    const bc2Sqrt = Math.sqrt(bc2);
    const scalars = [lr, beta1, beta2, eps, wd, stepSize, bc2Sqrt, amsgrad ? 1 : 0, maximize ? 1 : 0, decoupled ? 1 : 0];
    if (opt._fused && torch._fusedOptimStep('adam', p, g, [m, v, vmax], scalars)) continue;
    let grad = maximize ? g.neg() : g;
    if (decoupled) p.mul_(1 - lr * wd);
    else if (wd !== 0) grad = grad.add(p, { alpha: wd });
    m.mul_(beta1).add_(grad, { alpha: 1 - beta1 });
    v.mul_(beta2).addcmul_(grad, grad, { value: 1 - beta2 });
    let denom: Tensor;
    if (vmax) {
      vmax.copy_(torch.maximum(vmax, v));
      denom = vmax.sqrt().div(bc2Sqrt).add_(eps);
    } else {
      denom = v.sqrt().div(bc2Sqrt).add_(eps);
    }
    p.addcdiv_(m, denom, { value: -stepSize });
  }
}
