/**
 * The default floating-point dtype (`torch.set_default_dtype`).
 * @module
 */
import type { DType } from './dtype';

let defaultDtype: DType = 'float32';

export function getDefaultDtype(): DType {
  return defaultDtype;
}

/** `torch.set_default_dtype`: float32 or float64 (the dtype of float literals and `randn`). */
export function setDefaultDtype(d: DType): void {
  if (d !== 'float32' && d !== 'float64' && d !== 'float16' && d !== 'bfloat16')
    throw new TypeError('only floating-point types are supported as the default type');
  defaultDtype = d;
}
