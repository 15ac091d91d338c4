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

let cudnnEnabled = true;
let cudnnAllowTf32 = true;
const pushCudnnFlags = () => native.cuda?.setCudnnFlags(cudnnEnabled, cudnnAllowTf32);

/** `torch.backends.cudnn`: convolutions on the GPU through NVIDIA's cuDNN, where the build found it. */
export const cudnn = {
  /** Whether cuDNN can run convolutions here: built in, and a GPU it starts on. */
  isAvailable(): boolean {
    return cudnn.version() !== null;
  },
  /** cuDNN's version number (e.g. 90100 for 9.1.0), or null without it. */
  version(): number | null {
    if (!native.cuda || native.cuda.deviceCount() === 0) return null;
    return native.cuda.cudnnVersion() || null;
  },
  /**
   * Whether convolutions use cuDNN (true by default, as in PyTorch); when false, or for a
   * convolution cuDNN cannot describe (asymmetric padding), Tensile's own im2col + cuBLAS path runs.
   */
  get enabled(): boolean {
    return cudnnEnabled;
  },
  set enabled(v: boolean) {
    cudnnEnabled = Boolean(v);
    pushCudnnFlags();
  },
  /**
   * Whether float32 convolutions in cuDNN may use TF32 tensor cores. On by default, as in
   * PyTorch (unlike `torch.backends.cuda.matmul.allowTf32`).
   */
  get allowTf32(): boolean {
    return cudnnAllowTf32;
  },
  set allowTf32(v: boolean) {
    cudnnAllowTf32 = Boolean(v);
    pushCudnnFlags();
  },
};
