/**
 * `F.cosine_similarity`, `F.pairwise_distance`, `F.pdist`.
 * @module
 */
import * as torch from '@tensile/core';
import type { Tensor } from '@tensile/core';

/** `F.cosine_similarity(x1, x2, dim=1, eps=1e-8)`; each norm is clamped to eps (PyTorch 1.13). */
export function cosineSimilarity(x1: Tensor, x2: Tensor, dim: number | { dim?: number; eps?: number } = 1, eps = 1e-8): Tensor {
  if (typeof dim === 'object') return cosineSimilarity(x1, x2, dim.dim ?? 1, dim.eps ?? 1e-8);
  const [a, b] = torch.broadcastTensors(x1, x2);
  const na = a.norm(2, dim, true).clampMin(eps);
  const nb = b.norm(2, dim, true).clampMin(eps);
  return a.div(na).mul(b.div(nb)).sum(dim);
}

/** `F.pairwise_distance(x1, x2, p=2, eps=1e-6, keepdim=false)` = ‖x1 − x2 + eps‖_p over the last dim. */
export function pairwiseDistance(x1: Tensor, x2: Tensor, p: number | { p?: number; eps?: number; keepdim?: boolean } = 2, eps = 1e-6, keepdim = false): Tensor {
  if (typeof p === 'object') return pairwiseDistance(x1, x2, p.p ?? 2, p.eps ?? 1e-6, p.keepdim ?? false);
  const dim = Math.max(x1.ndim, x2.ndim) - 1;
  return x1.sub(x2).add(eps).norm(p, dim, keepdim);
}

/** `F.pdist(x, p=2)`: distances between all row pairs (i < j) of an (N, M) matrix. */
export function pdist(x: Tensor, p = 2): Tensor {
  if (x.ndim !== 2) throw new Error(`pdist only supports 2D tensors, got: ${x.ndim}D`);
  const n = x.shape[0];
  const ii: number[] = [], jj: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) { ii.push(i); jj.push(j); }
  const a = x.indexSelect(0, torch.tensor(ii, { dtype: 'int64' }));
  const b = x.indexSelect(0, torch.tensor(jj, { dtype: 'int64' }));
  return a.sub(b).norm(p, 1);
}
