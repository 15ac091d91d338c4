/**
 * `nn.utils.clip_grad_norm_` and `clip_grad_value_`.
 * @module
 */
import * as torch from '@tensile/core';
import type { Tensor } from '@tensile/core';
import { pyFloat } from '../repr';

function gradsOf(parameters: Tensor | Iterable<Tensor>): Tensor[] {
  const ps = parameters instanceof torch.Tensor ? [parameters] : [...parameters];
  return ps.map((p) => p.grad).filter((g): g is Tensor => g !== null);
}

/**
 * Scales all gradients together so their combined `normType`-norm is at most `maxNorm`;
 * returns the total norm before clipping (a 0-d tensor), as PyTorch.
 */
export function clipGradNorm_(
  parameters: Tensor | Iterable<Tensor>, maxNorm: number,
  normType: number | 'inf' | { normType?: number | 'inf'; errorIfNonfinite?: boolean } = 2, errorIfNonfinite = false,
): Tensor {
  if (typeof normType === 'object') return clipGradNorm_(parameters, maxNorm, normType.normType ?? 2, normType.errorIfNonfinite ?? false);
  const p = normType === 'inf' ? Infinity : normType;
  const grads = gradsOf(parameters);
  if (grads.length === 0) return torch.tensor(0);
  return torch.noGrad(() => {
    let total: Tensor;
    if (p === Infinity) {
      const norms = grads.map((g) => g.abs().max());
      total = norms.length === 1 ? norms[0] : torch.stack(norms).max();
    } else total = torch.stack(grads.map((g) => g.norm(p))).norm(p);
    if (errorIfNonfinite && !Number.isFinite(total.item()))
      throw new Error(
        `The total norm of order ${pyFloat(p)} for gradients from \`parameters\` is non-finite, so it cannot be clipped. ` +
          'To disable this error and scale the gradients by the non-finite norm anyway, set `error_if_nonfinite=False`',
      );
    const coef = total.add(1e-6).reciprocal().mul(maxNorm).clampMax(1);
    for (const g of grads) g.mul_(coef.to(g.dtype));
    return total;
  });
}

/** Clamps every gradient elementwise to [−clipValue, clipValue]. */
export function clipGradValue_(parameters: Tensor | Iterable<Tensor>, clipValue: number): void {
  torch.noGrad(() => {
    for (const g of gradsOf(parameters)) g.clamp_(-clipValue, clipValue);
  });
}
