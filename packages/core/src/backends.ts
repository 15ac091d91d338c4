/**
 * `torch.backends`: switches of the device libraries.
 * @module
 */
import { native } from './binding';

let allowTf32 = false;

/** `torch.backends.cuda`. */
export const cuda = {
  matmul: {
    /**
     * Whether float32 matmuls on the GPU may use TF32 tensor cores (about 10 mantissa bits per
     * product, much faster). Off by default, as in PyTorch since 1.12.
     */
    get allowTf32(): boolean {
      return allowTf32;
    },
    set allowTf32(v: boolean) {
      allowTf32 = Boolean(v);
      native.cuda?.setAllowTf32(allowTf32);
    },
  },
};
