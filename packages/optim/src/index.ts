/**
 * `@tensile/optim`: PyTorch's `torch.optim` for Tensile: optimizers (with fused native updates),
 * `lrScheduler` and `swaUtils`.
 *
 * ```ts
 * import * as optim from '@tensile/optim';
 * const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
 * opt.zeroGrad(); loss.backward(); opt.step();
 * ```
 * @module
 */
export {
  Optimizer, required, type ParamGroup, type ParamGroupInput, type ParamsInput, type ParamState, type Closure,
  type OptimizerStateDict,
} from './optimizer';
export { SGD, type SGDOptions } from './sgd';
export { Adam, type AdamOptions } from './adam';
export { AdamW, type AdamWOptions } from './adamw';
export { Adamax, type AdamaxOptions } from './adamax';
export { NAdam, type NAdamOptions } from './nadam';
export { RAdam, type RAdamOptions } from './radam';
export { RMSprop, type RMSpropOptions } from './rmsprop';
export { Adagrad, type AdagradOptions } from './adagrad';
export { Adadelta, type AdadeltaOptions } from './adadelta';
export { LBFGS, type LBFGSOptions } from './lbfgs';
export { EarlyStopping, type EarlyStoppingOptions } from './early_stopping';
/** `optim.lrScheduler.StepLR` ... (PyTorch's `torch.optim.lr_scheduler`). */
export * as lrScheduler from './lr_scheduler';
/** `optim.swaUtils.AveragedModel` ... (PyTorch's `torch.optim.swa_utils`). */
export * as swaUtils from './swa_utils';
