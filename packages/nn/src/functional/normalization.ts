/**
 * Normalization functions: batch, layer, group, instance and local response norm, and
 * `normalize`. Composed from core reductions and broadcast elementwise ops (autograd gives the
 * gradients); batch/layer norm are candidates for fused native kernels.
 * @module
 */
import * as torch from '@tensile/core';
import type { Tensor } from '@tensile/core';
import { sizeString } from '../module';

function channelShape(x: Tensor): number[] {
  return x.shape.map((s, i) => (i === 1 ? s : 1));
}

/** x normalised over `dims` (biased variance), plus the mean and biased variance used. */
function standardize(x: Tensor, dims: number[], eps: number): { y: Tensor; mean: Tensor; var: Tensor } {
  const mean = x.mean({ dim: dims, keepdim: true });
  const xc = x.sub(mean);
  const v = xc.mul(xc).mean({ dim: dims, keepdim: true });
  return { y: xc.mul(v.add(eps).rsqrt()), mean, var: v };
}

/**
 * `F.batch_norm(x, runningMean, runningVar, weight, bias, training, momentum, eps)`.
 * In training it normalises with batch statistics and updates the running stats in place
 * (running_var with the unbiased batch variance, as PyTorch does); in eval it uses them.
 */
export function batchNorm(
  input: Tensor, runningMean: Tensor | null, runningVar: Tensor | null,
  opts: { weight?: Tensor | null; bias?: Tensor | null; training?: boolean; momentum?: number; eps?: number } = {},
): Tensor {
  const training = opts.training ?? false, momentum = opts.momentum ?? 0.1, eps = opts.eps ?? 1e-5;
  if (input.ndim < 2) throw new Error(`batch_norm: expected 2D or more input (got ${input.ndim}D input)`);
  const dims = [...Array(input.ndim).keys()].filter((d) => d !== 1);
  const cs = channelShape(input);
  let y: Tensor;
  if (training) {
    const n = input.numel() / input.shape[1];
    if (n === 1) throw new Error(`Expected more than 1 value per channel when training, got input size ${sizeString(input.shape)}`);
    const s = standardize(input, dims, eps);
    y = s.y;
    if (runningMean && runningVar) {
      torch.noGrad(() => {
        runningMean.mul_(1 - momentum).add_(s.mean.reshape(-1).mul(momentum));
        runningVar.mul_(1 - momentum).add_(s.var.reshape(-1).mul((momentum * n) / (n - 1)));
      });
    }
  } else {
    if (!runningMean || !runningVar) throw new Error('running_mean and running_var must be defined in evaluation mode');
    y = input.sub(runningMean.reshape(cs)).mul(runningVar.reshape(cs).add(eps).rsqrt());
  }
  if (opts.weight) y = y.mul(opts.weight.reshape(cs));
  if (opts.bias) y = y.add(opts.bias.reshape(cs));
  return y;
}

/**
 * Layer norm by the device's fused kernel (one pass over each row for the output, instead of
 * seven composed ops) when no gradient is recorded: inference. With autograd on, the composed
 * ops give the gradients of every order. Null when the kernel does not apply.
 */
function nativeLayerNorm(x: Tensor, ns: number[], weight: Tensor | null, bias: Tensor | null, eps: number): Tensor | null {
  if (x.dtype !== 'float32' && x.dtype !== 'float64') return null;
  if (torch.isGradEnabled() && (x.requiresGrad || weight?.requiresGrad || bias?.requiresGrad)) return null;
  const b = torch._backendFor(x.device);
  if (!b.layerNorm) return null;
  const cols = ns.reduce((a, v) => a * v, 1);
  if (cols === 0 || x.numel() === 0) return null;
  for (const p of [weight, bias])
    if (p && (p.dtype !== x.dtype || p.device !== x.device || p.numel() !== cols || p.ndim !== ns.length || p.shape.some((s, i) => s !== ns[i]))) return null;
  const out = torch.empty(x.shape as number[], { dtype: x.dtype, device: x.device });
  b.layerNorm(out, null, null, x.contiguous(), weight ? weight.contiguous() : null, bias ? bias.contiguous() : null, x.numel() / cols, cols, eps);
  return out;
}

/** `F.layer_norm(x, normalizedShape, weight, bias, eps)`: normalises over the trailing dims. */
export function layerNorm(input: Tensor, normalizedShape: number | readonly number[], opts: { weight?: Tensor | null; bias?: Tensor | null; eps?: number } = {}): Tensor {
  const ns = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
  const k = ns.length;
  const tail = input.shape.slice(input.ndim - k);
  if (input.ndim < k || tail.some((s, i) => s !== ns[i]))
    throw new Error(`Given normalized_shape=[${ns.join(', ')}], expected input with shape [*, ${ns.join(', ')}], but got input of size[${input.shape.join(', ')}]`);
  const native = nativeLayerNorm(input, ns, opts.weight ?? null, opts.bias ?? null, opts.eps ?? 1e-5);
  if (native) return native;
  const dims = ns.map((_, i) => input.ndim - k + i);
  let y = standardize(input, dims, opts.eps ?? 1e-5).y;
  if (opts.weight) y = y.mul(opts.weight);
  if (opts.bias) y = y.add(opts.bias);
  return y;
}

/** `F.group_norm(x, numGroups, weight, bias, eps)`: statistics per (sample, group of channels). */
export function groupNorm(input: Tensor, numGroups: number, opts: { weight?: Tensor | null; bias?: Tensor | null; eps?: number } = {}): Tensor {
  if (input.ndim < 2) throw new Error(`Expected at least 2 dimensions for input tensor but received ${input.ndim}`);
  const [n, c] = input.shape;
  if (c % numGroups !== 0)
    throw new Error(`Expected number of channels in input to be divisible by num_groups, but got input of shape [${input.shape.join(', ')}] and num_groups=${numGroups}`);
  const g = input.reshape(n, numGroups, -1);
  let y = standardize(g, [2], opts.eps ?? 1e-5).y.reshape(input.shape as number[]);
  const cs = channelShape(input);
  if (opts.weight) y = y.mul(opts.weight.reshape(cs));
  if (opts.bias) y = y.add(opts.bias.reshape(cs));
  return y;
}

/**
 * `F.instance_norm(x, runningMean, runningVar, weight, bias, useInputStats, momentum, eps)`:
 * statistics per (sample, channel) over the spatial dims.
 */
export function instanceNorm(
  input: Tensor,
  opts: { runningMean?: Tensor | null; runningVar?: Tensor | null; weight?: Tensor | null; bias?: Tensor | null; useInputStats?: boolean; momentum?: number; eps?: number } = {},
): Tensor {
  const useInput = opts.useInputStats ?? true, momentum = opts.momentum ?? 0.1, eps = opts.eps ?? 1e-5;
  const dims = [...Array(input.ndim).keys()].slice(2);
  const cs = channelShape(input);
  let y: Tensor;
  if (useInput) {
    const n = dims.reduce((a, d) => a * input.shape[d], 1);
    if (n === 1) throw new Error(`Expected more than 1 spatial element when training, got input size ${sizeString(input.shape)}`);
    const s = standardize(input, dims, eps);
    y = s.y;
    const rm = opts.runningMean, rv = opts.runningVar;
    if (rm && rv) {
      torch.noGrad(() => {
        // matches PyTorch: per-instance statistics averaged over the batch
        rm.mul_(1 - momentum).add_(s.mean.reshape(input.shape[0], -1).mean(0).mul(momentum));
        rv.mul_(1 - momentum).add_(s.var.reshape(input.shape[0], -1).mean(0).mul((momentum * n) / (n - 1)));
      });
    }
  } else {
    if (!opts.runningMean || !opts.runningVar) throw new Error('Expected running_mean and running_var to be defined when use_input_stats is false');
    y = input.sub(opts.runningMean.reshape(cs)).mul(opts.runningVar.reshape(cs).add(eps).rsqrt());
  }
  if (opts.weight) y = y.mul(opts.weight.reshape(cs));
  if (opts.bias) y = y.add(opts.bias.reshape(cs));
  return y;
}

/** `F.local_response_norm(x, size, alpha=1e-4, beta=0.75, k=1)`: normalises across nearby channels. */
export function localResponseNorm(input: Tensor, size: number, alpha = 1e-4, beta = 0.75, k = 1): Tensor {
  if (input.ndim < 3)
    throw new Error(`Expected 3D or higher dimensionality input (got ${input.ndim} dimensions)`);
  const c = input.shape[1];
  const sq = input.mul(input);
  const before = Math.floor(size / 2), after = Math.floor((size - 1) / 2);
  const zshape = (m: number) => input.shape.map((s, i) => (i === 1 ? m : s));
  const parts = [];
  if (before) parts.push(torch.zeros(zshape(before), { dtype: input.dtype }));
  parts.push(sq);
  if (after) parts.push(torch.zeros(zshape(after), { dtype: input.dtype }));
  const padded = parts.length > 1 ? torch.cat(parts, 1) : sq;
  // matches PyTorch's average pool over a window of `size` channels (zeros count)
  let acc = padded.narrow(1, 0, c);
  for (let i = 1; i < size; i++) acc = acc.add(padded.narrow(1, i, c));
  const div = acc.mul(alpha / size).add(k).pow(beta);
  return input.div(div);
}

/** `F.normalize(x, p=2, dim=1, eps=1e-12)`: x / max(‖x‖_p, eps) along dim. */
export function normalize(input: Tensor, p: number | { p?: number; dim?: number; eps?: number } = 2, dim = 1, eps = 1e-12): Tensor {
  if (typeof p === 'object') return normalize(input, p.p ?? 2, p.dim ?? 1, p.eps ?? 1e-12);
  const denom = input.norm(p, dim, true).clampMin(eps);
  return input.div(denom);
}

