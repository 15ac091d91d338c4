/**
 * `F.embedding`, `F.embedding_bag` and `F.one_hot`.
 * @module
 */
import * as torch from '@tensile/core';
import type { Tensor } from '@tensile/core';

function checkIndices(input: Tensor, what: string): void {
  if (input.dtype !== 'int64' && input.dtype !== 'int32')
    throw new Error(`Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got torch.${input.dtype === 'float32' ? 'FloatTensor' : input.dtype} instead (while checking arguments for ${what})`);
}

/** Rescales, in place, the rows of `weight` referenced by `input` whose norm exceeds maxNorm. */
export function embeddingRenorm_(weight: Tensor, input: Tensor, maxNorm: number, normType: number): void {
  torch.noGrad(() => {
    const idx = (torch.unique(input.reshape(-1)) as Tensor).to('int64');
    const rows = weight.indexSelect(0, idx);
    const norms = rows.norm(normType, 1, true);
    // matches PyTorch's embedding_renorm_: scale = max_norm / (norm + 1e-7) where norm > max_norm
    const scale = torch.where(norms.gt(maxNorm), norms.add(1e-7).reciprocal().mul(maxNorm), 1);
    weight.indexPut_([idx], rows.mul(scale));
  });
}

/**
 * `F.embedding(input, weight, { paddingIdx, maxNorm, normType })`: rows of `weight` picked by
 * the indices in `input`. The padding row gets no gradient.
 */
export function embedding(
  input: Tensor, weight: Tensor,
  opts: { paddingIdx?: number | null; maxNorm?: number | null; normType?: number; scaleGradByFreq?: boolean; sparse?: boolean } = {},
): Tensor {
  checkIndices(input, 'embedding');
  let pad = opts.paddingIdx ?? null;
  if (pad !== null) {
    const n = weight.shape[0];
    if (pad >= n || pad < -n) throw new Error('Padding_idx must be within num_embeddings');
    if (pad < 0) pad += n;
  }
  if (opts.maxNorm != null) embeddingRenorm_(weight, input, opts.maxNorm, opts.normType ?? 2);
  const flat = input.reshape(-1);
  let out = weight.indexSelect(0, flat);
  if (opts.scaleGradByFreq && out.requiresGrad) {
    // gradient of each row divided by how often its index occurs in the batch
    const counts = torch.zeros([weight.shape[0]], { dtype: weight.dtype }).indexAdd(0, flat, torch.ones([flat.numel()], { dtype: weight.dtype }));
    const inv = counts.indexSelect(0, flat).reciprocal().unsqueeze(1);
    out.registerHook((g) => g.mul(inv));
  }
  if (pad !== null && out.requiresGrad) out = torch.where(flat.eq(pad).unsqueeze(1), out.detach(), out);
  return out.reshape([...input.shape, weight.shape[1]]);
}

/**
 * `F.embedding_bag(input, weight, offsets, { mode, perSampleWeights, includeLastOffset, paddingIdx })`:
 * sums, means or maxes of embedding rows per bag. A 2-D input is one bag per row; a 1-D input is
 * split into bags at `offsets`. Empty bags give zeros.
 */
export function embeddingBag(
  input: Tensor, weight: Tensor, offsets: Tensor | null = null,
  opts: { maxNorm?: number | null; normType?: number; mode?: 'sum' | 'mean' | 'max'; perSampleWeights?: Tensor | null; includeLastOffset?: boolean; paddingIdx?: number | null } = {},
): Tensor {
  checkIndices(input, 'embedding_bag');
  const mode = opts.mode ?? 'mean';
  const psw = opts.perSampleWeights ?? null;
  if (psw && mode !== 'sum')
    throw new Error(`embedding_bag: per_sample_weights was not None. per_sample_weights is only supported for mode='sum' (got mode='${mode}'). Please open a feature request on GitHub.`);
  let flat: Tensor, offs: Tensor, weightsFlat: Tensor | null = psw;
  if (input.ndim === 2) {
    if (offsets) throw new Error('if input is 2D, then offsets has to be None, as input is treated is a mini-batch of fixed length sequences.');
    const [b, l] = input.shape;
    flat = input.reshape(-1);
    offs = torch.arange(0, b * l, l || 1, { dtype: 'int64' }).narrow(0, 0, b);
    if (psw) weightsFlat = psw.reshape(-1);
  } else if (input.ndim === 1) {
    if (!offsets) throw new Error('offsets has to be a 1D Tensor but got None');
    if (offsets.ndim !== 1) throw new Error('offsets has to be a 1D Tensor');
    flat = input;
    offs = offsets.to('int64');
    if (opts.includeLastOffset) offs = offs.narrow(0, 0, offs.shape[0] - 1);
  } else throw new Error(`input has to be 1D or 2D Tensor, but got Tensor of dimension ${input.ndim}`);
  if (opts.maxNorm != null) embeddingRenorm_(weight, flat, opts.maxNorm, opts.normType ?? 2);
  const nBags = offs.shape[0];
  const n = flat.shape[0];
  const d = weight.shape[1];
  const dtype = weight.dtype;
  // bag id of every index: +1 at each bag start (after the first), then a running sum
  const starts = torch.zeros([n + 1], { dtype: 'int64' });
  if (nBags > 1) starts.indexAdd_(0, offs.narrow(0, 1, nBags - 1), torch.ones([nBags - 1], { dtype: 'int64' }));
  const bag = starts.narrow(0, 0, n).cumsum(0);
  let keep: Tensor | null = null;
  if (opts.paddingIdx != null) {
    const pad = opts.paddingIdx < 0 ? opts.paddingIdx + weight.shape[0] : opts.paddingIdx;
    keep = flat.ne(pad);
  }
  let rows = weight.indexSelect(0, flat);
  if (mode === 'max') {
    const pos = torch.arange(0, n, 1, { dtype: 'int64' }).sub(offs.indexSelect(0, bag));
    const counts = torch.zeros([nBags], { dtype: 'int64' }).indexAdd(0, bag, keep ? keep.to('int64') : torch.ones([n], { dtype: 'int64' }));
    const maxLen = n === 0 ? 1 : Math.max(1, Number(pos.max().item()) + 1);
    if (keep) rows = torch.where(keep.unsqueeze(1), rows, -Infinity);
    const padded = torch.full([nBags, maxLen, d], -Infinity, { dtype }).indexPut([bag, pos], rows);
    const m = padded.amax(1);
    return torch.where(counts.eq(0).unsqueeze(1), 0, m);
  }
  if (weightsFlat) rows = rows.mul(weightsFlat.unsqueeze(1));
  if (keep) rows = rows.mul(keep.unsqueeze(1).to(dtype));
  const sums = torch.zeros([nBags, d], { dtype }).indexAdd(0, bag, rows);
  if (mode === 'sum') return sums;
  const counts = torch.zeros([nBags], { dtype }).indexAdd(0, bag, keep ? keep.to(dtype) : torch.ones([n], { dtype }));
  return sums.div(counts.clampMin(1).unsqueeze(1));
}

/** `F.one_hot(tensor, numClasses=-1)`: int64 one-hot vectors along a new last dim. */
export function oneHot(tensor: Tensor, numClasses = -1): Tensor {
  if (tensor.dtype !== 'int64') throw new Error('one_hot is only applicable to index tensor.');
  let n = numClasses;
  if (tensor.numel() === 0) {
    if (n <= 0) throw new Error('Can not infer total number of classes from empty tensor.');
    return torch.zeros([...tensor.shape, n], { dtype: 'int64' });
  }
  const mn = Number(tensor.min().item()), mx = Number(tensor.max().item());
  if (mn < 0) throw new Error('Class values must be non-negative.');
  if (n === -1) n = mx + 1;
  else if (mx >= n) throw new Error('Class values must be smaller than num_classes.');
  return torch.zeros([...tensor.shape, n], { dtype: 'int64' }).scatter(-1, tensor.unsqueeze(-1), 1);
}
