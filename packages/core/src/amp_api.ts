/**
 * `torch.amp`: mixed-precision autocast regions and the gradient scaler (also reachable as
 * `torch.autocast` and `torch.cuda.amp`).
 * @module
 */
export { autocast } from './amp';
export { GradScaler } from './grad_scaler';
