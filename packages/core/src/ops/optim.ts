/**
 * Fused optimizer updates: the entry `@tensile/optim` calls to update one parameter and its
 * state in a single native pass. Not autograd ops (PyTorch's `optimizer.step()` runs under
 * no_grad); they write in place and bump the version counters of what they write.
 * @module
 */
import { backendFor, type OptimKernel } from '../backend/backend';
import type { Tensor } from '../tensor';

export type { OptimKernel };

/**
 * Runs the fused `kernel` update on `param` (with `grad` and the state tensors, null where the
 * family does not use one) when the device has the kernel and every tensor is contiguous, of
 * the parameter's dtype (float32 or float64), shape and device. Returns false, touching
 * nothing, otherwise: the caller then runs the composed-op form of the same update.
 * `scalars` are the family's scalar arguments in the order native/src/optim_binding.cc lists.
 * @internal
 */
export function _fusedOptimStep(
  kernel: OptimKernel,
  param: Tensor,
  grad: Tensor,
  state: readonly (Tensor | null)[],
  scalars: readonly number[],
): boolean {
  const dtype = param.dtype;
  if (dtype !== 'float32' && dtype !== 'float64') return false;
  const backend = backendFor(param.device);
  if (!backend.optimStep) return false;
  if (!param._contiguous || !fits(grad, param)) return false;
  for (const s of state) if (s !== null && !fits(s, param)) return false;
  if (param.numel() === 0) return true;
  backend.optimStep(kernel, param, grad, state, scalars);
  param._bumpVersion();
  for (const s of state) if (s !== null) s._bumpVersion();
  return true;
}

function fits(t: Tensor, param: Tensor): boolean {
  if (t.dtype !== param.dtype || !t._contiguous || t.device !== param.device) return false;
  const a = t._shape, b = param._shape;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
