/**
 * Normalization functions: batch, layer, group, instance and local response norm, and
 * `normalize`. Batch, layer, group and instance norm run on the device's fused kernels for
 * float32/float64 (one pass for each statistic and one for the output, forward and backward,
 * instead of a chain of composed ops), recorded as PyTorch's `Native*NormBackward0` nodes. When
 * such a backward is itself differentiated (a `createGraph` pass), it computes its gradients
 * with composed ops instead, so higher-order gradients still work. Other dtypes, and devices
 * without the kernels, take the composed path, where autograd gives the gradients.
 * @module
 */
import * as torch from '@tensile/core';
import type { Tensor } from '@tensile/core';
import { sizeString } from '../module';

function channelShape(x: Tensor): number[] {
  return x.shape.map((s, i) => (i === 1 ? s : 1));
}

function shapeList(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

function product(xs: readonly number[]): number {
  return xs.reduce((a, v) => a * v, 1);
}

/** x normalised over `dims` (biased variance), plus the mean and biased variance used. */
function standardize(x: Tensor, dims: number[], eps: number): { y: Tensor; mean: Tensor; var: Tensor } {
  const mean = x.mean({ dim: dims, keepdim: true });
  const xc = x.sub(mean);
  const v = xc.mul(xc).mean({ dim: dims, keepdim: true });
  return { y: xc.mul(v.add(eps).rsqrt()), mean, var: v };
}

/**
 * The device's backend when its fused kernels can take x with these parameters and buffers:
 * float32/float64, all of one dtype and device, buffers contiguous (the kernels update the
 * running statistics in place). Null sends the caller down the composed path.
 */
function fusedBackend(x: Tensor, params: (Tensor | null)[], buffers: (Tensor | null)[] = []): torch._Backend | null {
  if (x.dtype !== 'float32' && x.dtype !== 'float64') return null;
  for (const t of [...params, ...buffers]) if (t && (t.dtype !== x.dtype || t.device !== x.device)) return null;
  for (const t of buffers) if (t && !t.isContiguous()) return null;
  return torch._backendFor(x.device);
}

/**
 * A normalization's gradients written with differentiable ops: the backward of a createGraph
 * pass, whose result must itself be differentiable (the native backward's is not). x, dy and w
 * are viewed so that the statistics reduce over `statDims` and w broadcasts; dweight and dbias
 * sum over `paramDims`. `stats` are fixed statistics (eval-mode batch norm: constants);
 * without them the statistics are recomputed from x, so dx differentiates through them.
 */
function composedGrads(dy: Tensor, x: Tensor, w: Tensor | null, statDims: number[], paramDims: number[], eps: number,
  stats: { mean: Tensor; rstd: Tensor } | null, needs: readonly boolean[]): (Tensor | null)[] {
  let xhat: Tensor, rstd: Tensor;
  if (stats) {
    rstd = stats.rstd;
    xhat = x.sub(stats.mean).mul(rstd);
  } else {
    const s = standardize(x, statDims, eps);
    xhat = s.y;
    rstd = s.var.add(eps).rsqrt();
  }
  let dx: Tensor | null = null;
  if (needs[0]) {
    const g = w ? dy.mul(w) : dy;
    const mean = (t: Tensor) => t.mean({ dim: statDims, keepdim: true });
    dx = stats ? g.mul(rstd) : g.sub(mean(g)).sub(xhat.mul(mean(g.mul(xhat)))).mul(rstd);
  }
  return [dx, needs[1] ? dy.mul(xhat).sum(paramDims) : null, needs[2] ? dy.sum(paramDims) : null];
}

/**
 * Records a fused normalization's node: inputs x, weight, bias (those present); `native` runs the
 * device's backward kernel into fresh gradients, `composed` the differentiable formulas.
 */
function recordNorm(out: Tensor, name: string, x: Tensor, weight: Tensor | null, bias: Tensor | null,
  native: (dy: Tensor, grads: torch._NormGrads) => void,
  composed: (dy: Tensor, needs: readonly boolean[]) => (Tensor | null)[]): Tensor {
  const inputs = [x];
  const wi = weight ? inputs.push(weight) - 1 : -1;
  const bi = bias ? inputs.push(bias) - 1 : -1;
  return torch._record(out, name, inputs, (grad, needs) => {
    const want = [needs[0], wi >= 0 && needs[wi], bi >= 0 && needs[bi]];
    let grads: (Tensor | null)[];
    if (torch.isGradEnabled() || grad.dtype !== x.dtype) {
      grads = composed(grad, want);
      grads = [grads[0]?.reshape(x.shape) ?? null, grads[1]?.reshape(weight!.shape) ?? null, grads[2]?.reshape(bias!.shape) ?? null];
    } else {
      const f = { dtype: x.dtype, device: x.device };
      grads = [want[0] ? torch.empty(x.shape, f) : null, want[1] ? torch.empty(weight!.shape, f) : null, want[2] ? torch.empty(bias!.shape, f) : null];
      native(grad.contiguous(), { dx: grads[0], dweight: grads[1], dbias: grads[2] });
    }
    const r = [grads[0]];
    if (wi >= 0) r.push(grads[1]);
    if (bi >= 0) r.push(grads[2]);
    return r;
  }, weight ? [x, weight] : [x]);
}

/**
 * Layer, group and instance norm by the device's fused row kernel: x viewed as (N, C, HW) and
 * normalised per (sample, group of C / groups channels), weight and bias per channel. Layer
 * norm is N = rows, C = normalized size, HW = 1, one group. Returns the output and the
 * statistics (N * groups each).
 */
function rowNormOp(name: string, b: torch._Backend, x: Tensor, weight: Tensor | null, bias: Tensor | null,
  g: torch._GroupNormGeometry, eps: number, layer: boolean): { out: Tensor; mean: Tensor; rstd: Tensor } {
  const f = { dtype: x.dtype, device: x.device };
  const xc = x.contiguous(), wc = weight ? weight.contiguous() : null, bc = bias ? bias.contiguous() : null;
  const out = torch.empty(x.shape as number[], f);
  const mean = torch.empty([g.n * g.groups], f), rstd = torch.empty([g.n * g.groups], f);
  if (layer) b.layerNorm!(out, mean, rstd, xc, wc, bc, g.n, g.c, eps);
  else b.groupNorm!(out, mean, rstd, xc, wc, bc, g, eps);
  const view = [g.n, g.groups, g.c / g.groups, g.hw];
  recordNorm(out, name, x, weight, bias,
    (dy, grads) => {
      if (layer) b.layerNormBackward!(grads, dy, xc, mean, rstd, wc, g.n, g.c);
      else b.groupNormBackward!(grads, dy, xc, mean, rstd, wc, g);
    },
    (dy, needs) => composedGrads(dy.reshape(view), x.reshape(view), weight ? weight.reshape([1, g.groups, g.c / g.groups, 1]) : null,
      [2, 3], [0, 3], eps, null, needs));
  return { out, mean, rstd };
}

/**
 * Batch norm of x (N, C, ...) by the device's fused kernel (training: batch statistics, running
 * statistics updated in place; eval: the running statistics).
 */
function batchNormOp(b: torch._Backend, x: Tensor, runningMean: Tensor | null, runningVar: Tensor | null,
  weight: Tensor | null, bias: Tensor | null, training: boolean, momentum: number, eps: number): Tensor {
  const f = { dtype: x.dtype, device: x.device };
  const [n, c] = x.shape;
  const g = { n, c, hw: product(x.shape.slice(2)), training, momentum, eps };
  const xc = x.contiguous(), wc = weight ? weight.contiguous() : null, bc = bias ? bias.contiguous() : null;
  const out = torch.empty(x.shape as number[], f);
  const saveMean = torch.empty([c], f), saveInvstd = torch.empty([c], f);
  b.batchNorm!(out, saveMean, saveInvstd, xc, wc, bc, runningMean, runningVar, g);
  if (training) {
    // the kernel wrote the running statistics in place, as mul_/add_ would have
    runningMean?._bumpVersion();
    runningVar?._bumpVersion();
  }
  const view = [g.n, g.c, g.hw], cview = [1, g.c, 1];
  return recordNorm(out, 'NativeBatchNormBackward0', x, weight, bias,
    (dy, grads) => b.batchNormBackward!(grads, dy, xc, saveMean, saveInvstd, wc, g),
    (dy, needs) => composedGrads(dy.reshape(view), x.reshape(view), weight ? weight.reshape(cview) : null, [0, 2], [0, 2], eps,
      training ? null : { mean: saveMean.reshape(cview), rstd: saveInvstd.reshape(cview) }, needs));
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
  const weight = opts.weight ?? null, bias = opts.bias ?? null;
  if (input.ndim < 2) throw new Error(`batch_norm: expected 2D or more input (got ${input.ndim}D input)`);
  const c = input.shape[1];
  if (training) {
    const n = input.numel() / c;
    if (n === 1) throw new Error(`Expected more than 1 value per channel when training, got input size ${sizeString(input.shape)}`);
  }
  for (const [t, what] of [[weight, 'weight'], [bias, 'bias'], [runningMean, 'running_mean'], [runningVar, 'running_var']] as const)
    if (t && t.numel() !== c) throw new Error(`${what} should contain ${c} elements not ${t.numel()}`);
  if (!training && (!runningMean || !runningVar)) throw new Error('running_mean and running_var must be defined in evaluation mode');
  // half-precision input with float32 parameters and statistics (what autocast hands a
  // BatchNorm layer): PyTorch normalises in float and returns the input's dtype
  if ((input.dtype === 'float16' || input.dtype === 'bfloat16') && [weight, bias, runningMean, runningVar].some((t) => t?.dtype === 'float32'))
    return batchNorm(input.float(), runningMean, runningVar, opts).to(input.dtype);
  const cs = channelShape(input);
  if (input.numel() === 0) {
    // matches PyTorch: an empty batch leaves the running stats alone, and its output still
    // depends on weight and bias (whose gradients are then zero)
    let y = input.mul(1);
    if (weight) y = y.mul(weight.reshape(cs));
    if (bias) y = y.add(bias.reshape(cs));
    return y;
  }
  const stats = runningMean && runningVar;
  const b = fusedBackend(input, [weight, bias], stats ? [runningMean, runningVar] : []);
  if (b?.batchNorm && b.batchNormBackward)
    return batchNormOp(b, input, stats ? runningMean : null, stats ? runningVar : null, weight, bias, training, momentum, eps);
  const dims = [...Array(input.ndim).keys()].filter((d) => d !== 1);
  let y: Tensor;
  if (training) {
    const n = input.numel() / c;
    const s = standardize(input, dims, eps);
    y = s.y;
    if (runningMean && runningVar) {
      torch.noGrad(() => {
        runningMean.mul_(1 - momentum).add_(s.mean.reshape(-1).mul(momentum));
        runningVar.mul_(1 - momentum).add_(s.var.reshape(-1).mul((momentum * n) / (n - 1)));
      });
    }
  } else {
    y = input.sub(runningMean!.reshape(cs)).mul(runningVar!.reshape(cs).add(eps).rsqrt());
  }
  if (weight) y = y.mul(weight.reshape(cs));
  if (bias) y = y.add(bias.reshape(cs));
  return y;
}

/** `F.layer_norm(x, normalizedShape, weight, bias, eps)`: normalises over the trailing dims. */
export function layerNorm(input: Tensor, normalizedShape: number | readonly number[], opts: { weight?: Tensor | null; bias?: Tensor | null; eps?: number } = {}): Tensor {
  {
    const [x, weight, bias] = torch._autocast('layer_norm', input, opts.weight, opts.bias);
    if (x !== input || weight !== opts.weight || bias !== opts.bias) return layerNorm(x, normalizedShape, { ...opts, weight, bias });
  }
  const ns = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
  const k = ns.length, eps = opts.eps ?? 1e-5;
  const weight = opts.weight ?? null, bias = opts.bias ?? null;
  const tail = input.shape.slice(input.ndim - k);
  if (input.ndim < k || tail.some((s, i) => s !== ns[i]))
    throw new Error(`Given normalized_shape=[${ns.join(', ')}], expected input with shape [*, ${ns.join(', ')}], but got input of size[${input.shape.join(', ')}]`);
  for (const [p, what] of [[weight, 'weight'], [bias, 'bias']] as const)
    if (p && (p.ndim !== k || p.shape.some((s, i) => s !== ns[i])))
      throw new Error(`Expected ${what} to be of same shape as normalized_shape, but got ${what} of shape ${shapeList(p.shape)} and normalized_shape = ${shapeList(ns)}`);
  const b = fusedBackend(input, [weight, bias]);
  if (b?.layerNorm && b.layerNormBackward && input.numel() > 0) {
    const rows = product(input.shape.slice(0, input.ndim - k));
    return rowNormOp('NativeLayerNormBackward0', b, input, weight, bias, { n: rows, c: product(ns), hw: 1, groups: 1 }, eps, true).out;
  }
  const dims = ns.map((_, i) => input.ndim - k + i);
  let y = standardize(input, dims, eps).y;
  if (weight) y = y.mul(weight);
  if (bias) y = y.add(bias);
  return y;
}

/** `F.group_norm(x, numGroups, weight, bias, eps)`: statistics per (sample, group of channels). */
export function groupNorm(input: Tensor, numGroups: number, opts: { weight?: Tensor | null; bias?: Tensor | null; eps?: number } = {}): Tensor {
  {
    const [x, weight, bias] = torch._autocast('group_norm', input, opts.weight, opts.bias);
    if (x !== input || weight !== opts.weight || bias !== opts.bias) return groupNorm(x, numGroups, { ...opts, weight, bias });
  }
  if (input.ndim < 2) throw new Error(`Expected at least 2 dimensions for input tensor but received ${input.ndim}`);
  const [n, c] = input.shape;
  const eps = opts.eps ?? 1e-5, weight = opts.weight ?? null, bias = opts.bias ?? null;
  if (c % numGroups !== 0)
    throw new Error(`Expected number of channels in input to be divisible by num_groups, but got input of shape [${input.shape.join(', ')}] and num_groups=${numGroups}`);
  for (const [p, what] of [[weight, 'weight'], [bias, 'bias']] as const)
    if (p && (p.ndim !== 1 || p.numel() !== c))
      throw new Error(`Expected ${what} to be a vector of size equal to the number of channels in input, but got ${what} of shape ${shapeList(p.shape)} and input of shape ${shapeList(input.shape)}`);
  const hw = product(input.shape.slice(2));
  const b = fusedBackend(input, [weight, bias]);
  if (b?.groupNorm && b.groupNormBackward && input.numel() > 0)
    return rowNormOp('NativeGroupNormBackward0', b, input, weight, bias, { n, c, hw, groups: numGroups }, eps, false).out;
  const g = input.reshape(n, numGroups, (c / numGroups) * hw);
  let y = standardize(g, [2], eps).y.reshape(input.shape as number[]);
  const cs = channelShape(input);
  if (weight) y = y.mul(weight.reshape(cs));
  if (bias) y = y.add(bias.reshape(cs));
  return y;
}

/**
 * `F.instance_norm(x, runningMean, runningVar, weight, bias, useInputStats, momentum, eps)`:
 * statistics per (sample, channel) over the spatial dims. With input statistics it is group
 * norm with one channel per group; with the running statistics, eval-mode batch norm.
 */
export function instanceNorm(
  input: Tensor,
  opts: { runningMean?: Tensor | null; runningVar?: Tensor | null; weight?: Tensor | null; bias?: Tensor | null; useInputStats?: boolean; momentum?: number; eps?: number } = {},
): Tensor {
  const useInput = opts.useInputStats ?? true, momentum = opts.momentum ?? 0.1, eps = opts.eps ?? 1e-5;
  const weight = opts.weight ?? null, bias = opts.bias ?? null, rm = opts.runningMean ?? null, rv = opts.runningVar ?? null;
  const dims = [...Array(input.ndim).keys()].slice(2);
  const cs = channelShape(input);
  const [batch, c] = input.shape;
  const hw = product(input.shape.slice(2));
  // the kernels index weight, bias and running stats per channel: other sizes take the composed path
  const perChannel = (t: Tensor | null) => !t || t.numel() === c;
  const fusable = input.ndim >= 2 && input.numel() > 0 && [weight, bias, rm, rv].every(perChannel);
  let y: Tensor;
  if (useInput) {
    if (hw === 1) throw new Error(`Expected more than 1 spatial element when training, got input size ${sizeString(input.shape)}`);
    const b = fusable ? fusedBackend(input, [weight, bias], rm && rv ? [rm, rv] : []) : null;
    if (b?.groupNorm && b.groupNormBackward) {
      // PyTorch runs instance norm as batch norm over (1, N * C, ...): its node's name
      const s = rowNormOp('NativeBatchNormBackward0', b, input, weight, bias, { n: batch, c, hw, groups: c }, eps, false);
      if (rm && rv) {
        torch.noGrad(() => {
          // matches PyTorch: per-instance statistics averaged over the batch
          const v = s.rstd.square().reciprocal().sub(eps);
          rm.mul_(1 - momentum).add_(s.mean.reshape(batch, c).mean(0).mul(momentum));
          rv.mul_(1 - momentum).add_(v.reshape(batch, c).mean(0).mul((momentum * hw) / (hw - 1)));
        });
      }
      return s.out;
    }
    const s = standardize(input, dims, eps);
    y = s.y;
    if (rm && rv) {
      torch.noGrad(() => {
        // matches PyTorch: per-instance statistics averaged over the batch
        rm.mul_(1 - momentum).add_(s.mean.reshape(batch, -1).mean(0).mul(momentum));
        rv.mul_(1 - momentum).add_(s.var.reshape(batch, -1).mean(0).mul((momentum * hw) / (hw - 1)));
      });
    }
  } else {
    if (!rm || !rv) throw new Error('Expected running_mean and running_var to be defined when use_input_stats is false');
    const b = fusable ? fusedBackend(input, [weight, bias], [rm, rv]) : null;
    if (b?.batchNorm && b.batchNormBackward) return batchNormOp(b, input, rm, rv, weight, bias, false, momentum, eps);
    y = input.sub(rm.reshape(cs)).mul(rv.reshape(cs).add(eps).rsqrt());
  }
  if (weight) y = y.mul(weight.reshape(cs));
  if (bias) y = y.add(bias.reshape(cs));
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

