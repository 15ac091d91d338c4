/**
 * `nn.utils.parameters_to_vector` and `vector_to_parameters`.
 * @module
 */
import * as torch from '@tensile/core';
import type { Tensor } from '@tensile/core';

/** All parameters flattened and concatenated into one vector. */
export function parametersToVector(parameters: Iterable<Tensor>): Tensor {
  const ps = [...parameters];
  const device = ps[0]?.device;
  for (const p of ps) if (p.device !== device) throw new Error('Found two parameters on different devices, this is currently not supported.');
  return torch.cat(ps.map((p) => p.reshape(-1)));
}

/** Points each parameter's data at its slice of `vec` (PyTorch's `param.data = ...`). */
export function vectorToParameters(vec: Tensor, parameters: Iterable<Tensor>): void {
  if (!(vec instanceof torch.Tensor)) throw new TypeError(`expected torch.Tensor, but got: ${typeof vec}`);
  let pointer = 0;
  for (const p of parameters) {
    const n = p.numel();
    p._setData(vec.detach().narrow(0, pointer, n).view(p.shape as number[]));
    pointer += n;
  }
}
