/**
 * `nn.Parameter`: a leaf tensor that a {@link Module} registers as one of its parameters.
 * @module
 */
import * as torch from '@tensile/core';
import { Tensor } from '@tensile/core';

/**
 * A tensor that is a module parameter (PyTorch's `nn.Parameter`): a leaf that requires grad by
 * default and shares storage with the tensor it was made from. Assigning one to a module
 * property registers it (`this.weight = new nn.Parameter(torch.randn(3, 4))`).
 */
export class Parameter extends Tensor {
  /** Wraps `data` (an empty float tensor when omitted) as a leaf parameter; shares its storage. */
  constructor(data?: Tensor | null, requiresGrad = true) {
    const d = data ?? torch.empty(0);
    super(d._storage, [...d._shape], [...d._strides], d._offset, d.dtype);
    // matches PyTorch: integer parameters are allowed but cannot require grad
    if (requiresGrad) this.requiresGrad = true;
  }

  /** PyTorch's `Parameter containing:\ntensor(...)`. */
  override toString(): string {
    return 'Parameter containing:\n' + super.toString();
  }
}

/**
 * PyTorch's `nn.UninitializedParameter` is not provided; lazy modules are out of scope.
 * `isParameter` narrows a value to {@link Parameter}.
 */
export function isParameter(x: unknown): x is Parameter {
  return x instanceof Parameter;
}
