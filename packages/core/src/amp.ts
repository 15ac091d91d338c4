/**
 * `torch.autocast` and `torch.amp.GradScaler`: mixed precision. Inside an autocast region the
 * ops PyTorch lists as safe in lower precision (matrix products, linear, convolutions) cast
 * their floating-point inputs to the region's dtype (float16 on CUDA, bfloat16 on the CPU by
 * default), and the ops it lists as needing range (losses, softmax, reductions and
 * transcendental functions on CUDA; a few losses and `prod` on the CPU) run in float32. Other
 * ops follow ordinary type promotion. The lists are PyTorch 1.13's, per device type.
 *
 * Ops consult {@link _autocast} with their ATen name; gradients flow through the casts.
 * @module
 */
import type { DType } from './dtype';
import type { Tensor } from './tensor';

type DeviceType = 'cuda' | 'cpu';

const LOWER: Record<DeviceType, ReadonlySet<string>> = {
  cuda: new Set(['mm', 'bmm', 'addmm', 'baddbmm', 'linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d',
    'conv_transpose2d', 'conv_transpose3d', 'prelu']),
  cpu: new Set(['mm', 'bmm', 'addmm', 'baddbmm', 'linear', 'conv1d', 'conv2d', 'conv3d', 'prelu']),
};
const FP32: Record<DeviceType, ReadonlySet<string>> = {
  cuda: new Set(['acos', 'asin', 'cosh', 'erfinv', 'exp', 'expm1', 'log', 'log10', 'log2', 'log1p', 'reciprocal', 'rsqrt',
    'sinh', 'tan', 'pow', 'softplus', 'layer_norm', 'group_norm', 'norm', 'cosine_similarity', 'poisson_nll_loss',
    'cosine_embedding_loss', 'nll_loss', 'hinge_embedding_loss', 'kl_div', 'l1_loss', 'smooth_l1_loss', 'huber_loss',
    'mse_loss', 'margin_ranking_loss', 'multilabel_margin_loss', 'soft_margin_loss', 'triplet_margin_loss',
    'multi_margin_loss', 'binary_cross_entropy_with_logits', 'dist', 'pdist', 'cdist', 'renorm', 'logsumexp',
    'softmax', 'log_softmax', 'sum', 'prod', 'cumsum', 'cumprod']),
  cpu: new Set(['prod', 'mse_loss', 'nll_loss', 'smooth_l1_loss', 'huber_loss', 'kl_div', 'binary_cross_entropy',
    'multilabel_margin_loss', 'ctc_loss', 'cdist', 'trace', 'max_unpool2d', 'reflection_pad1d', 'reflection_pad2d',
    'replication_pad1d', 'replication_pad2d', 'replication_pad3d']),
};

const active: Record<DeviceType, DType | null> = { cuda: null, cpu: null };

const isFloat = (t: Tensor) => t.dtype === 'float32' || t.dtype === 'float64' || t.dtype === 'float16' || t.dtype === 'bfloat16';
const deviceType = (t: Tensor): DeviceType => (t.device === 'cpu' ? 'cpu' : 'cuda');

/**
 * `with torch.autocast(device_type, dtype=None, enabled=True):` as a callback: runs `fn` with
 * autocast for `deviceType` on (or off, `enabled: false`) and returns its result. The default
 * dtype is float16 for 'cuda' and bfloat16 for 'cpu'.
 */
export function autocast<T>(deviceType: DeviceType, fn: () => T, opts: { dtype?: DType; enabled?: boolean } = {}): T {
  if (deviceType !== 'cuda' && deviceType !== 'cpu')
    throw new Error(`User specified an unsupported autocast device_type '${deviceType}'`);
  const dtype = opts.dtype ?? (deviceType === 'cuda' ? 'float16' : 'bfloat16');
  let enabled = opts.enabled !== false;
  // PyTorch warns and runs the region without autocast when the dtype does not fit the device
  if (enabled && deviceType === 'cpu' && dtype !== 'bfloat16') {
    process.emitWarning('In CPU autocast, but the target dtype is not supported. Disabling autocast.\nCPU Autocast only supports dtype of torch.bfloat16 currently.');
    enabled = false;
  } else if (enabled && dtype !== 'float16' && dtype !== 'bfloat16') {
    process.emitWarning('In CUDA autocast, but the target dtype is not supported. Disabling autocast.\nCUDA Autocast only supports dtypes of torch.float16 and torch.bfloat16 currently.');
    enabled = false;
  }
  const prev = active[deviceType];
  active[deviceType] = enabled ? dtype : null;
  try {
    return fn();
  } finally {
    active[deviceType] = prev;
  }
}

/** `torch.is_autocast_enabled()`: whether a CUDA autocast region is active. */
export function isAutocastEnabled(): boolean {
  return active.cuda !== null;
}
/** `torch.is_autocast_cpu_enabled()`. */
export function isAutocastCpuEnabled(): boolean {
  return active.cpu !== null;
}
/** `torch.get_autocast_gpu_dtype()`: the dtype of the active CUDA region (float16 outside one). */
export function getAutocastGpuDtype(): DType {
  return active.cuda ?? 'float16';
}
/** `torch.get_autocast_cpu_dtype()`: the dtype of the active CPU region (bfloat16 outside one). */
export function getAutocastCpuDtype(): DType {
  return active.cpu ?? 'bfloat16';
}

/**
 * @internal The inputs of op `name` (ATen's name: 'mm', 'conv2d', 'mse_loss'...) as autocast
 * wants them: floating-point tensors cast to the region's dtype for lower-precision ops, half
 * types widened to float32 for float32 ops, everything unchanged outside a region or for other
 * ops. Nulls pass through.
 */
export function _autocast<A extends (Tensor | null | undefined)[]>(name: string, ...tensors: A): A {
  if (active.cuda === null && active.cpu === null) return tensors;
  const first = tensors.find((t) => t) as Tensor | undefined;
  if (!first) return tensors;
  const dev = deviceType(first);
  const dtype = active[dev];
  if (dtype === null) return tensors;
  let want: DType | null = null;
  if (LOWER[dev].has(name)) want = dtype;
  else if (FP32[dev].has(name)) want = 'float32';
  if (want === null) return tensors;
  const target = want;
  return tensors.map((t) => {
    if (!t || !isFloat(t) || t.dtype === target || deviceType(t) !== dev) return t;
    if (target === 'float32' && t.dtype === 'float64') return t; // float32 ops leave doubles alone
    return t.to(target);
  }) as A;
}
