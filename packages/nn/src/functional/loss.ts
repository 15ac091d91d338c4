/**
 * Loss functions (`F.mse_loss`, `F.cross_entropy`...), with PyTorch's reductions: `'mean'`
 * (default; weighted mean for NLL/cross-entropy with class weights or ignored targets), `'sum'`
 * and `'none'`.
 * @module
 */
import * as torch from '@tensile/core';
import { Tensor } from '@tensile/core';
import { sizeString } from '../module';
import { pairwiseDistance } from './distance';

/** `'none' | 'mean' | 'sum'` (KLDivLoss adds `'batchmean'`). */
export type Reduction = 'none' | 'mean' | 'sum';

function reduce(loss: Tensor, reduction: string): Tensor {
  if (reduction === 'none') return loss;
  if (reduction === 'mean') return loss.mean();
  if (reduction === 'sum') return loss.sum();
  throw new Error(`${reduction} is not a valid value for reduction`);
}

function sameSize(a: Tensor, b: Tensor): boolean {
  return a.ndim === b.ndim && a.shape.every((s, i) => s === b.shape[i]);
}

/** `F.mse_loss(input, target, { reduction })`. */
export function mseLoss(input: Tensor, target: Tensor, opts: { reduction?: Reduction } = {}): Tensor {
  [input, target] = torch._autocast('mse_loss', input, target);
  const d = input.sub(target);
  return reduce(d.mul(d), opts.reduction ?? 'mean');
}
/** `F.l1_loss`. */
export function l1Loss(input: Tensor, target: Tensor, opts: { reduction?: Reduction } = {}): Tensor {
  [input, target] = torch._autocast('l1_loss', input, target);
  return reduce(input.sub(target).abs(), opts.reduction ?? 'mean');
}
/** `F.smooth_l1_loss(input, target, { beta = 1 })`. */
export function smoothL1Loss(input: Tensor, target: Tensor, opts: { reduction?: Reduction; beta?: number } = {}): Tensor {
  [input, target] = torch._autocast('smooth_l1_loss', input, target);
  const beta = opts.beta ?? 1;
  if (beta < 0) throw new Error('smooth_l1_loss does not support negative values for beta.');
  const z = input.sub(target).abs();
  if (beta === 0) return reduce(z, opts.reduction ?? 'mean');
  return reduce(torch.where(z.lt(beta), z.mul(z).mul(0.5 / beta), z.sub(0.5 * beta)), opts.reduction ?? 'mean');
}
/** `F.huber_loss(input, target, { delta = 1 })`. */
export function huberLoss(input: Tensor, target: Tensor, opts: { reduction?: Reduction; delta?: number } = {}): Tensor {
  [input, target] = torch._autocast('huber_loss', input, target);
  const delta = opts.delta ?? 1;
  const z = input.sub(target).abs();
  return reduce(torch.where(z.lt(delta), z.mul(z).mul(0.5), z.sub(0.5 * delta).mul(delta)), opts.reduction ?? 'mean');
}

/** Flattens (N, C, d1...) / (C) class scores to rows of C and targets to a vector. */
function classRows(input: Tensor, target: Tensor): { rows: Tensor; t: Tensor; outShape: number[] } {
  if (input.ndim === 1) {
    if (target.ndim !== 0) throw new Error(`1D target tensor expects 0D input tensors, but got input of dimension ${target.ndim}`);
    return { rows: input.unsqueeze(0), t: target.reshape(1), outShape: [] };
  }
  if (input.ndim < 1) throw new Error(`Expected 1 or more dimensions (got ${input.ndim})`);
  if (input.shape[0] !== target.shape[0])
    throw new Error(`Expected input batch_size (${input.shape[0]}) to match target batch_size (${target.shape[0]}).`);
  const c = input.shape[1];
  if (input.ndim === 2) return { rows: input, t: target.reshape(-1), outShape: [input.shape[0]] };
  const expected = [input.shape[0], ...input.shape.slice(2)];
  if (target.ndim !== expected.length || target.shape.some((s, i) => s !== expected[i]))
    throw new Error(`Expected target size [${expected.join(', ')}], got [${target.shape.join(', ')}]`);
  return { rows: input.movedim(1, -1).reshape(-1, c), t: target.reshape(-1), outShape: expected };
}

/**
 * `F.nll_loss(logProbs, target, { weight, ignoreIndex = -100, reduction })` for (N, C), (C) or
 * (N, C, d1...) inputs. The mean is weighted: Σ w_t·loss / Σ w_t over non-ignored targets.
 */
export function nllLoss(input: Tensor, target: Tensor, opts: { weight?: Tensor | null; ignoreIndex?: number; reduction?: Reduction } = {}): Tensor {
  let weight = opts.weight;
  [input, weight] = torch._autocast('nll_loss', input, weight);
  if (weight !== opts.weight) opts = { ...opts, weight };
  const ignoreIndex = opts.ignoreIndex ?? -100;
  const reduction = opts.reduction ?? 'mean';
  if (target.dtype !== 'int64' && target.dtype !== 'int32')
    throw new Error(`expected scalar type Long but found ${target.dtype === 'float32' ? 'Float' : target.dtype}`);
  const { rows, t, outShape } = classRows(input, target);
  const valid = t.ne(ignoreIndex);
  const safe = torch.where(valid, t, 0);
  // the gather's own bounds check (on a GPU the one wait for the device), in nll_loss's words
  const picked = torch._gatherWithBoundsMessage(rows, 1, safe.unsqueeze(1), (bad) => `Target ${bad} is out of bounds.`).squeeze(1).neg();
  let w: Tensor = valid.to(rows.dtype);
  if (opts.weight) w = opts.weight.indexSelect(0, safe).mul(w);
  const loss = picked.mul(w);
  if (reduction === 'none') return loss.reshape(outShape);
  if (reduction === 'sum') return loss.sum();
  if (reduction === 'mean') return loss.sum().div(w.sum());
  throw new Error(`${reduction} is not a valid value for reduction`);
}

/**
 * `F.cross_entropy(input, target, { weight, ignoreIndex, reduction, labelSmoothing })`: target
 * holds class indices (int64) or class probabilities (float, same shape as input). Runs the
 * native log-softmax and one gather.
 */
export function crossEntropy(
  input: Tensor, target: Tensor,
  opts: { weight?: Tensor | null; ignoreIndex?: number; reduction?: Reduction; labelSmoothing?: number } = {},
): Tensor {
  const reduction = opts.reduction ?? 'mean';
  const ls = opts.labelSmoothing ?? 0;
  if (ls < 0 || ls > 1) throw new Error(`label_smoothing must be between 0.0 and 1.0. Got: ${ls}`);
  const classDim = input.ndim === 1 ? 0 : 1;
  const c = input.shape[classDim];
  const logp = input.logSoftmax(classDim);
  const wShape = input.shape.map((s, i) => (i === classDim ? s : 1));
  if (target.isFloatingPoint()) {
    if (!sameSize(input, target))
      throw new Error(`Expected target size ${sizeString(input.shape)}, got ${sizeString(target.shape)}`);
    let t = ls > 0 ? target.mul(1 - ls).add(ls / c) : target;
    if (opts.weight) t = t.mul(opts.weight.reshape(wShape));
    const loss = logp.mul(t).sum(classDim).neg();
    if (reduction === 'mean') return loss.sum().div(input.numel() / c);
    return reduce(loss, reduction);
  }
  const nll = nllLoss(logp, target, { weight: opts.weight, ignoreIndex: opts.ignoreIndex, reduction });
  if (ls === 0) return nll;
  const ignoreIndex = opts.ignoreIndex ?? -100;
  let smooth = (opts.weight ? logp.mul(opts.weight.reshape(wShape)) : logp).sum(classDim).neg();
  const ignore = target.eq(ignoreIndex);
  smooth = smooth.maskedFill(ignore, 0);
  let ret: Tensor;
  if (reduction === 'mean') {
    if (opts.weight) {
      const kept = target.maskedSelect(ignore.logicalNot()).reshape(-1);
      ret = smooth.sum().div(opts.weight.gather(0, kept).sum());
    } else ret = smooth.sum().div(ignore.logicalNot().sum());
  } else ret = reduce(smooth, reduction);
  return nll.mul(1 - ls).add(ret.mul(ls / c));
}

function checkSameSize(input: Tensor, target: Tensor): void {
  if (!sameSize(input, target))
    throw new Error(`Using a target size (${sizeString(target.shape)}) that is different to the input size (${sizeString(input.shape)}) is deprecated. Please ensure they have the same size.`);
}

/** `F.binary_cross_entropy(probs, target, { weight, reduction })`; logs clamped at -100 as in PyTorch. */
export function binaryCrossEntropy(input: Tensor, target: Tensor, opts: { weight?: Tensor | null; reduction?: Reduction } = {}): Tensor {
  [input, target] = torch._autocast('binary_cross_entropy', input, target);
  checkSameSize(input, target);
  const logx = input.log().clampMin(-100);
  const log1mx = input.neg().add(1).log().clampMin(-100);
  let loss = target.mul(logx).add(target.neg().add(1).mul(log1mx)).neg();
  if (opts.weight) loss = loss.mul(opts.weight);
  return reduce(loss, opts.reduction ?? 'mean');
}

/** `F.binary_cross_entropy_with_logits(logits, target, { weight, posWeight, reduction })`, computed stably. */
export function binaryCrossEntropyWithLogits(
  input: Tensor, target: Tensor, opts: { weight?: Tensor | null; posWeight?: Tensor | null; reduction?: Reduction } = {},
): Tensor {
  [input, target] = torch._autocast('binary_cross_entropy_with_logits', input, target);
  if (!sameSize(input, target))
    throw new Error(`Target size (${sizeString(target.shape)}) must be the same as input size (${sizeString(input.shape)})`);
  // (1 - t) x - w_log · logsigmoid(x), with w_log = 1 + (pos_weight - 1) t
  const ls = torch._unary('logsigmoid', input);
  const oneMinusT = target.neg().add(1);
  let loss: Tensor;
  if (opts.posWeight) {
    const logWeight = opts.posWeight.sub(1).mul(target).add(1);
    loss = oneMinusT.mul(input).sub(logWeight.mul(ls));
  } else loss = oneMinusT.mul(input).sub(ls);
  if (opts.weight) loss = loss.mul(opts.weight);
  return reduce(loss, opts.reduction ?? 'mean');
}

/** `F.kl_div(input, target, { reduction: 'mean' | 'batchmean' | 'sum' | 'none', logTarget })`; input holds log-probabilities. */
export function klDiv(input: Tensor, target: Tensor, opts: { reduction?: Reduction | 'batchmean'; logTarget?: boolean } = {}): Tensor {
  [input, target] = torch._autocast('kl_div', input, target);
  const reduction = opts.reduction ?? 'mean';
  const loss = opts.logTarget ? target.exp().mul(target.sub(input)) : target.xlogy(target).sub(target.mul(input));
  if (reduction === 'batchmean') return input.ndim === 0 ? loss.sum() : loss.sum().div(input.shape[0]);
  return reduce(loss, reduction);
}

/** `F.cosine_embedding_loss(x1, x2, y, { margin = 0 })`: 1 − cos for y = 1, max(0, cos − margin) for y = −1. */
export function cosineEmbeddingLoss(x1: Tensor, x2: Tensor, target: Tensor, opts: { margin?: number; reduction?: Reduction } = {}): Tensor {
  const margin = opts.margin ?? 0;
  if (x1.ndim !== x2.ndim) throw new Error(`cosine_embedding_loss : All input tensors should have same dimension but got sizes: input1: ${sizeString(x1.shape)}, input2: ${sizeString(x2.shape)}, target: ${sizeString(target.shape)} `);
  const d = x1.ndim - 1;
  const EPS = 1e-12;
  const prod = x1.mul(x2).sum(d);
  const m1 = x1.mul(x1).sum(d).add(EPS);
  const m2 = x2.mul(x2).sum(d).add(EPS);
  const cos = prod.div(m1.mul(m2).sqrt());
  const pos = cos.neg().add(1);
  const neg = cos.sub(margin).clampMin(0);
  const out = torch.where(target.eq(1), pos, 0).add(torch.where(target.eq(-1), neg, 0));
  return reduce(out, opts.reduction ?? 'mean');
}

/** `F.margin_ranking_loss(x1, x2, y, { margin = 0 })` = max(0, −y(x1 − x2) + margin). */
export function marginRankingLoss(x1: Tensor, x2: Tensor, target: Tensor, opts: { margin?: number; reduction?: Reduction } = {}): Tensor {
  const out = target.neg().mul(x1.sub(x2)).add(opts.margin ?? 0).clampMin(0);
  return reduce(out, opts.reduction ?? 'mean');
}

/** `F.hinge_embedding_loss(x, y, { margin = 1 })`: x for y = 1, max(0, margin − x) for y = −1. */
export function hingeEmbeddingLoss(input: Tensor, target: Tensor, opts: { margin?: number; reduction?: Reduction } = {}): Tensor {
  const marginClamp = input.neg().add(opts.margin ?? 1).clampMin(0);
  const out = torch.where(target.ne(1), marginClamp, 0).add(torch.where(target.ne(-1), input, 0));
  return reduce(out, opts.reduction ?? 'mean');
}

/** `F.triplet_margin_loss(anchor, positive, negative, { margin = 1, p = 2, eps = 1e-6, swap })`. */
export function tripletMarginLoss(
  anchor: Tensor, positive: Tensor, negative: Tensor, opts: { margin?: number; p?: number; eps?: number; swap?: boolean; reduction?: Reduction } = {},
): Tensor {
  const p = opts.p ?? 2, eps = opts.eps ?? 1e-6;
  const dPos = pairwiseDistance(anchor, positive, p, eps);
  let dNeg = pairwiseDistance(anchor, negative, p, eps);
  if (opts.swap) dNeg = torch.minimum(dNeg, pairwiseDistance(positive, negative, p, eps));
  return reduce(dPos.sub(dNeg).add(opts.margin ?? 1).clampMin(0), opts.reduction ?? 'mean');
}

/** `F.multilabel_soft_margin_loss(x, y, { weight })`: per-class logistic loss averaged over classes. */
export function multilabelSoftMarginLoss(input: Tensor, target: Tensor, opts: { weight?: Tensor | null; reduction?: Reduction } = {}): Tensor {
  let loss = target.mul(torch._unary('logsigmoid', input)).add(target.neg().add(1).mul(torch._unary('logsigmoid', input.neg()))).neg();
  if (opts.weight) loss = loss.mul(opts.weight);
  const c = input.size(input.ndim - 1);
  loss = loss.sum(input.ndim - 1).div(c);
  return reduce(loss, opts.reduction ?? 'mean');
}

/** `F.poisson_nll_loss(input, target, { logInput = true, full = false, eps = 1e-8 })`. */
export function poissonNllLoss(input: Tensor, target: Tensor, opts: { logInput?: boolean; full?: boolean; eps?: number; reduction?: Reduction } = {}): Tensor {
  const logInput = opts.logInput ?? true;
  let loss = logInput ? input.exp().sub(target.mul(input)) : input.sub(target.mul(input.add(opts.eps ?? 1e-8).log()));
  if (opts.full) {
    // Stirling approximation of log(target!), used where target > 1
    const t = target;
    const stirling = t.mul(t.log()).sub(t).add(t.mul(2 * Math.PI).log().mul(0.5));
    loss = loss.add(torch.where(t.gt(1), stirling, 0));
  }
  return reduce(loss, opts.reduction ?? 'mean');
}

/** `F.gaussian_nll_loss(input, target, var, { full = false, eps = 1e-6 })`. */
export function gaussianNllLoss(input: Tensor, target: Tensor, variance: Tensor, opts: { full?: boolean; eps?: number; reduction?: Reduction } = {}): Tensor {
  let v = variance;
  if (!sameSize(v, input)) {
    const lead = input.shape.slice(0, -1);
    if (v.ndim === lead.length && lead.every((s, i) => s === v.shape[i])) v = v.unsqueeze(-1);
    else if (v.ndim === input.ndim && v.shape[v.ndim - 1] === 1 && lead.every((s, i) => s === v.shape[i])) {
      /* heteroscedastic: one variance per sample */
    } else throw new Error('var is of incorrect size');
  }
  const reduction = opts.reduction ?? 'mean';
  if (!['none', 'mean', 'sum'].includes(reduction)) throw new Error(`${reduction} is not valid`);
  if (Number(v.lt(0).any().item())) throw new Error('var has negative entry/entries');
  // matches PyTorch: the clamp at eps is applied without recording it in the graph
  const vc = v.add(v.detach().clampMin(opts.eps ?? 1e-6).sub(v.detach()));
  let loss = vc.log().add(input.sub(target).pow(2).div(vc)).mul(0.5);
  if (opts.full) loss = loss.add(0.5 * Math.log(2 * Math.PI));
  return reduce(loss, reduction);
}

/** `F.soft_margin_loss(x, y)` = log(1 + exp(−y x)). */
export function softMarginLoss(input: Tensor, target: Tensor, opts: { reduction?: Reduction } = {}): Tensor {
  return reduce(torch._unary('softplus', target.neg().mul(input), 1, 20), opts.reduction ?? 'mean');
}

const BIG = 1e30;

/**
 * `F.ctc_loss(logProbs (T, N, C), targets, inputLengths, targetLengths, { blank = 0, reduction, zeroInfinity })`:
 * the forward (alpha) recursion over time steps, batched over N and the extended label axis,
 * with gradients from autograd. `'mean'` divides each loss by its target length first.
 */
export function ctcLoss(
  logProbs: Tensor, targets: Tensor, inputLengths: Tensor | readonly number[], targetLengths: Tensor | readonly number[],
  opts: { blank?: number; reduction?: Reduction; zeroInfinity?: boolean } = {},
): Tensor {
  const blank = opts.blank ?? 0;
  const reduction = opts.reduction ?? 'mean';
  const unbatched = logProbs.ndim === 2;
  const lp = unbatched ? logProbs.unsqueeze(1) : logProbs;
  const [T, N] = lp.shape;
  const inLens = inputLengths instanceof Tensor ? (inputLengths.reshape(-1).tolist() as number[]) : [...inputLengths];
  const tgLens = targetLengths instanceof Tensor ? (targetLengths.reshape(-1).tolist() as number[]) : [...targetLengths];
  const tflat = targets.reshape(-1).tolist() as number[];
  const concatenated = targets.ndim === 1 && !unbatched;
  const L = Math.max(1, ...tgLens);
  const S = 2 * L + 1;
  // extended label sequences: blank, l1, blank, l2, ..., blank (metadata, not tensor math)
  const ext = new Array<number>(N * S).fill(blank);
  const skip = new Array<boolean>(N * S).fill(false);
  let pos = 0;
  for (let n = 0; n < N; n++) {
    const base = concatenated ? pos : n * (unbatched ? tflat.length : targets.shape[1]);
    for (let k = 0; k < tgLens[n]; k++) ext[n * S + 2 * k + 1] = tflat[base + k];
    if (concatenated) pos += tgLens[n];
    for (let s = 2; s < S; s++) skip[n * S + s] = ext[n * S + s] !== blank && ext[n * S + s] !== ext[n * S + s - 2];
    if (inLens[n] > T) throw new Error(`Expected input_lengths to have value at most ${T}, but got value ${inLens[n]} (while checking arguments for ctc_loss_cpu)`);
  }
  const extT = torch.tensor(ext, { dtype: 'int64' }).reshape(N, S);
  const skipT = torch.tensor(skip).reshape(N, S);
  const lpe = lp.gather(2, extT.unsqueeze(0).expand(T, N, S)); // (T, N, S)
  const dtype = lp.dtype;
  const negRow = (k: number) => torch.full([N, k], -BIG, { dtype });
  const sIdx = torch.arange(0, S, 1, { dtype: 'int64' }).unsqueeze(0);
  let alpha = torch.where(sIdx.lt(2), lpe.select(0, 0), -BIG);
  const lens = torch.tensor(inLens, { dtype: 'int64' });
  for (let t = 1; t < T; t++) {
    const a1 = alpha;
    const a2 = torch.cat([negRow(1), alpha.narrow(1, 0, S - 1)], 1);
    const a3 = torch.where(skipT, torch.cat([negRow(2), alpha.narrow(1, 0, S - 2)], 1), -BIG);
    const m = torch.maximum(torch.maximum(a1, a2), a3).detach();
    const next = a1.sub(m).exp().add(a2.sub(m).exp()).add(a3.sub(m).exp()).log().add(m).add(lpe.select(0, t));
    alpha = torch.where(lens.gt(t).unsqueeze(1), next, alpha);
  }
  const endIdx = torch.tensor(tgLens.map((l) => 2 * l), { dtype: 'int64' }).unsqueeze(1);
  const prevIdx = torch.tensor(tgLens.map((l) => Math.max(2 * l - 1, 0)), { dtype: 'int64' }).unsqueeze(1);
  const hasPrev = torch.tensor(tgLens.map((l) => l > 0));
  const e1 = alpha.gather(1, endIdx).squeeze(1);
  const e2 = torch.where(hasPrev, alpha.gather(1, prevIdx).squeeze(1), -BIG);
  const m = torch.maximum(e1, e2).detach();
  let loss = e1.sub(m).exp().add(e2.sub(m).exp()).log().add(m).neg();
  // alignments that are impossible come out near BIG: report them as inf, as PyTorch does
  const impossible = loss.detach().gt(BIG / 2);
  // matches PyTorch's ctc_loss backward, which returns the gradient for log-softmax *logits*:
  // it adds exp(log_probs) for every frame inside the input length. This zero-valued term
  // carries exactly that gradient (it vanishes again when lp comes from log_softmax).
  const frames = torch.arange(0, T, 1, { dtype: 'int64' }).unsqueeze(1).lt(lens.unsqueeze(0)).unsqueeze(2).to(dtype); // (T, N, 1)
  const zeroValued = lp.exp().detach().mul(frames).mul(lp.sub(lp.detach())).sum([0, 2]);
  loss = loss.add(zeroValued);
  loss = opts.zeroInfinity ? torch.where(impossible, 0, loss) : torch.where(impossible, Infinity, loss);
  if (unbatched) loss = loss.squeeze(0);
  if (reduction === 'mean') {
    const tl = torch.tensor(tgLens, { dtype }).clampMin(1);
    return loss.div(unbatched ? tl.squeeze(0) : tl).mean();
  }
  return reduce(loss, reduction);
}
