/**
 * Matrix products: matmul (with batch broadcasting), mm, bmm, mv, dot, outer, addmm, einsum.
 * All go through one batched strided GEMM kernel; gradients are matrix products again.
 * @module
 */
import { backendFor } from '../backend/backend';
import type { DType } from '../dtype';
import { record } from '../autograd/node';
import { broadcastShapes, numelOf, sameShape } from '../shape';
import { Tensor } from '../tensor';
import { empty } from './creation';
import { _autocast } from '../amp';

const TITLE: Record<DType, string> = {
  float32: 'Float', float64: 'Double', float16: 'Half', bfloat16: 'BFloat16', int8: 'Char', uint8: 'Byte',
  int16: 'Short', int32: 'Int', int64: 'Long', bool: 'Bool',
};

/** Batched product of 3-D operands (B, M, K) @ (B, K, N) → (B, M, N); strides may be anything. */
function bmmKernel(a: Tensor, b: Tensor): Tensor {
  if (a.dtype !== b.dtype)
    throw new Error(`expected scalar type ${TITLE[a.dtype]} but found ${TITLE[b.dtype]}`);
  const [B, M] = a._shape;
  const N = b._shape[2];
  // on the CPU half precision is computed in float32, as PyTorch's CPU kernels do (cuBLAS has half GEMMs)
  const half = (a.dtype === 'float16' || a.dtype === 'bfloat16') && a.device === 'cpu';
  const ca = half ? a.float() : a, cb = half ? b.float() : b;
  if (a.dtype === 'bool') throw new Error(`"addmm_impl_cpu_" not implemented for 'Bool'`);
  const out = empty([B, M, N], ca.dtype, a.device);
  if (out.numel() > 0) backendFor(a.device).matmul(out, ca, cb, 1, 0);
  return half ? out.to(a.dtype) : out;
}

function checkFloatGrad(a: Tensor, b: Tensor): void {
  if (a.dtype !== b.dtype) throw new Error(`expected scalar type ${TITLE[a.dtype]} but found ${TITLE[b.dtype]}`);
}

/** `torch.mm`: (n, m) @ (m, p). */
export function mm(a: Tensor, b: Tensor): Tensor {
  [a, b] = _autocast('mm', a, b);
  if (a.ndim !== 2) throw new Error('self must be a matrix');
  if (b.ndim !== 2) throw new Error('mat2 must be a matrix');
  if (a._shape[1] !== b._shape[0])
    throw new Error(`mat1 and mat2 shapes cannot be multiplied (${a._shape[0]}x${a._shape[1]} and ${b._shape[0]}x${b._shape[1]})`);
  checkFloatGrad(a, b);
  const out3 = bmmKernel(a._restride([1, ...a._shape], [0, ...a._strides], a._offset), b._restride([1, ...b._shape], [0, ...b._strides], b._offset));
  const out = out3._restride([out3._shape[1], out3._shape[2]], [out3._strides[1], out3._strides[2]], out3._offset);
  if (a._requiresGrad || b._requiresGrad)
    record(out, 'MmBackward0', [a, b], (g, needs) => [needs[0] ? mm(g, b.t()) : null, needs[1] ? mm(a.t(), g) : null], [a, b]);
  return out;
}

/** `torch.bmm`: (b, n, m) @ (b, m, p). */
export function bmm(a: Tensor, b: Tensor): Tensor {
  [a, b] = _autocast('bmm', a, b);
  if (a.ndim !== 3) throw new Error('batch1 must be a 3D tensor');
  if (b.ndim !== 3) throw new Error('batch2 must be a 3D tensor');
  if (a._shape[0] !== b._shape[0] || a._shape[2] !== b._shape[1])
    throw new Error(`Expected size for first two dimensions of batch2 tensor to be: [${a._shape[0]}, ${a._shape[2]}] but got: [${b._shape[0]}, ${b._shape[1]}].`);
  checkFloatGrad(a, b);
  const out = bmmKernel(a, b);
  if (a._requiresGrad || b._requiresGrad)
    record(out, 'BmmBackward0', [a, b], (g, needs) => [needs[0] ? bmm(g, b.transpose(1, 2)) : null, needs[1] ? bmm(a.transpose(1, 2), g) : null], [a, b]);
  return out;
}

export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1 || b.ndim !== 1)
    throw new Error(`1D tensors expected, but got ${a.ndim}D and ${b.ndim}D tensors`);
  if (a._shape[0] !== b._shape[0])
    throw new Error(`inconsistent tensor size, expected tensor [${a._shape[0]}] and src [${b._shape[0]}] to have the same number of elements, but got ${a._shape[0]} and ${b._shape[0]} elements respectively`);
  checkFloatGrad(a, b);
  return a.unsqueeze(0).mm(b.unsqueeze(1)).reshape([]);
}

export function mv(a: Tensor, v: Tensor): Tensor {
  if (a.ndim !== 2 || v.ndim !== 1) throw new Error(`vector + matrix @ vector expected, got ${a.ndim}, ${v.ndim}`);
  if (a._shape[1] !== v._shape[0])
    throw new Error(`size mismatch, got input (${a._shape[0]}), mat (${a._shape[0]}x${a._shape[1]}), vec (${v._shape[0]})`);
  return a.mm(v.unsqueeze(1)).squeeze(1);
}

export function outer(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1 || b.ndim !== 1) throw new Error('outer: expected 1-D tensors');
  return a.unsqueeze(1).mul(b.unsqueeze(0));
}

/** `torch.matmul` with NumPy semantics: 1-D promotion and broadcasting batch dims. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const da = a.ndim, db = b.ndim;
  if (da === 0 || db === 0) throw new Error(`both arguments to matmul need to be at least 1D, but they are ${da}D and ${db}D`);
  if (da === 1 && db === 1) return dot(a, b);
  if (da === 2 && db === 1) return mv(a, b);
  if (da === 1 && db === 2) return mm(a.unsqueeze(0), b).squeeze(0);
  if (da === 2 && db === 2) return mm(a, b);
  // batched: fold a's batch dims into rows when b is a matrix (one big GEMM)
  if (da >= 3 && db <= 2) {
    const bm = db === 1 ? b.unsqueeze(1) : b;
    const k = a._shape[da - 1];
    if (k !== bm._shape[0])
      throw new Error(`mat1 and mat2 shapes cannot be multiplied (${numelOf(a._shape.slice(0, -1))}x${k} and ${bm._shape[0]}x${bm._shape[1]})`);
    const out = mm(a.reshape(-1, k), bm).reshape([...a._shape.slice(0, -1), bm._shape[1]]);
    return db === 1 ? out.squeeze(-1) : out;
  }
  const a2 = da === 1 ? a.unsqueeze(0) : a;
  const b2 = db === 1 ? b.unsqueeze(1) : b;
  const [m, k1] = a2._shape.slice(-2);
  const [k2, n] = b2._shape.slice(-2);
  if (k1 !== k2)
    throw new Error(`Expected size for first two dimensions of batch2 tensor to be: [${numelOf(a2._shape.slice(0, -2))}, ${k1}] but got: [${numelOf(b2._shape.slice(0, -2))}, ${k2}].`);
  const batch = broadcastShapes(a2._shape.slice(0, -2), b2._shape.slice(0, -2));
  const bn = numelOf(batch);
  const ae = sameShape(a2._shape.slice(0, -2), batch) ? a2 : a2.expand([...batch, m, k1]);
  const be = sameShape(b2._shape.slice(0, -2), batch) ? b2 : b2.expand([...batch, k2, n]);
  let out = bmm(ae.reshape(bn, m, k1), be.reshape(bn, k2, n)).reshape([...batch, m, n]);
  if (da === 1) out = out.squeeze(-2);
  if (db === 1) out = out.squeeze(-1);
  return out;
}

/** `torch.addmm(input, mat1, mat2, { beta, alpha })` = beta * input + alpha * mat1 @ mat2. */
export function addmm(input: Tensor, m1: Tensor, m2: Tensor, opts?: { beta?: number; alpha?: number }): Tensor {
  const beta = opts?.beta ?? 1, alpha = opts?.alpha ?? 1;
  [input, m1, m2] = _autocast('addmm', input, m1, m2);
  let prod = mm(m1, m2);
  if (alpha !== 1) prod = prod.mul(alpha);
  return beta === 0 ? prod : input.mul(beta).add(prod);
}

/** `torch.baddbmm` = beta * input + alpha * batch1 @ batch2. */
export function baddbmm(input: Tensor, b1: Tensor, b2: Tensor, opts?: { beta?: number; alpha?: number }): Tensor {
  const beta = opts?.beta ?? 1, alpha = opts?.alpha ?? 1;
  [input, b1, b2] = _autocast('baddbmm', input, b1, b2);
  let prod = bmm(b1, b2);
  if (alpha !== 1) prod = prod.mul(alpha);
  return beta === 0 ? prod : input.mul(beta).add(prod);
}

// ---- einsum ---------------------------------------------------------------------------------

interface Term {
  labels: string[];
  tensor: Tensor;
}

/** Takes the diagonal for labels repeated within one operand ('ii->i'). */
function diagonalize(t: Term): Term {
  let { labels, tensor } = t;
  for (;;) {
    const dup = labels.findIndex((l, i) => labels.indexOf(l) !== i);
    if (dup < 0) return { labels, tensor };
    const first = labels.indexOf(labels[dup]);
    tensor = tensor.diagonal(0, first, dup);
    const l = labels[dup];
    labels = labels.filter((_, i) => i !== first && i !== dup);
    labels.push(l);
  }
}

/** Sums away labels that appear only in this term and not in `keep`. */
function sumOut(t: Term, keep: Set<string>): Term {
  const dims = t.labels.map((l, i) => (keep.has(l) ? -1 : i)).filter((i) => i >= 0);
  if (!dims.length) return t;
  return { labels: t.labels.filter((l) => keep.has(l)), tensor: t.tensor.sum({ dim: dims }) };
}

/** Contracts two terms with one batched matrix product. */
function contract(x: Term, y: Term, keep: Set<string>): Term {
  const inY = new Set(y.labels), inX = new Set(x.labels);
  const batch = x.labels.filter((l) => inY.has(l) && keep.has(l));
  const summed = x.labels.filter((l) => inY.has(l) && !keep.has(l));
  const left = x.labels.filter((l) => !inY.has(l));
  const right = y.labels.filter((l) => !inX.has(l));
  const size = (t: Term, l: string) => t.tensor._shape[t.labels.indexOf(l)];
  const sz = (t: Term, ls: string[]) => ls.reduce((a, l) => a * size(t, l), 1);
  const px = x.tensor.permute([...batch, ...left, ...summed].map((l) => x.labels.indexOf(l)));
  const py = y.tensor.permute([...batch, ...summed, ...right].map((l) => y.labels.indexOf(l)));
  const B = sz(x, batch), L = sz(x, left), C = sz(x, summed), R = sz(y, right);
  for (const l of summed)
    if (size(x, l) !== size(y, l))
      throw new Error(`einsum(): operands do not broadcast with remapped shapes (original->remapped)`);
  const r = bmm(px.reshape(B, L, C), py.reshape(B, C, R));
  const shape = [...batch.map((l) => size(x, l)), ...left.map((l) => size(x, l)), ...right.map((l) => size(y, l))];
  return { labels: [...batch, ...left, ...right], tensor: r.reshape(shape) };
}

/** `torch.einsum(equation, ...operands)` (explicit or implicit output, repeated labels, '...'). */
export function einsum(equation: string, ...operands: (Tensor | Tensor[])[]): Tensor {
  const tensors = operands.flat();
  const eq = equation.replace(/\s+/g, '');
  const [lhs, rhsGiven] = eq.split('->');
  const inputs = lhs.split(',');
  if (inputs.length !== tensors.length)
    throw new Error(`einsum(): more operands were provided than specified in the equation`);
  // '...' becomes fresh labels (upper-case range reserved) for the broadcast dims
  const ellLabels = (n: number) => Array.from({ length: n }, (_, i) => String.fromCharCode(0x100 + i));
  let maxEll = 0;
  const terms: Term[] = inputs.map((spec, i) => {
    const t = tensors[i];
    let labels: string[];
    if (spec.includes('...')) {
      const [pre, post] = spec.split('...');
      const nEll = t.ndim - pre.length - post.length;
      maxEll = Math.max(maxEll, nEll);
      labels = [...pre, ...ellLabels(maxEll).slice(maxEll - nEll), ...post];
    } else labels = [...spec];
    if (labels.length !== t.ndim)
      throw new Error(`einsum(): the number of subscripts in the equation (${labels.length}) does not match the number of dimensions (${t.ndim}) for operand ${i} and no ellipsis was given`);
    return { labels, tensor: t };
  });
  // every label must have one size across operands (or 1, which broadcasts), as PyTorch checks
  const seen = new Map<string, number>();
  terms.forEach((t, i) => t.labels.forEach((l, k) => {
    const size = t.tensor._shape[k], prev = seen.get(l);
    if (prev === undefined || prev === 1) seen.set(l, size);
    else if (size !== prev && size !== 1)
      throw new Error(`einsum(): subscript ${l} has size ${size} for operand ${i} which does not broadcast with previously seen size ${prev}`);
  }));
  for (let i = 0; i < terms.length; i++) terms[i] = diagonalize(terms[i]);
  let outLabels: string[];
  if (rhsGiven !== undefined) {
    if (rhsGiven.includes('...')) {
      const [pre, post] = rhsGiven.split('...');
      outLabels = [...pre, ...ellLabels(maxEll), ...post];
    } else outLabels = [...rhsGiven];
  } else {
    const counts = new Map<string, number>();
    for (const spec of inputs) for (const c of spec.replace('...', '')) counts.set(c, (counts.get(c) ?? 0) + 1);
    outLabels = [...ellLabels(maxEll), ...[...counts.entries()].filter(([, c]) => c === 1).map(([l]) => l).sort()];
  }
  const outSet = new Set(outLabels);
  // broadcast ellipsis dims of size 1 across operands by expanding before contracting
  let acc = sumOut(terms[0], new Set([...outSet, ...terms.slice(1).flatMap((t) => t.labels)]));
  for (let i = 1; i < terms.length; i++) {
    const later = new Set([...outSet, ...terms.slice(i + 1).flatMap((t) => t.labels)]);
    let next = sumOut(terms[i], new Set([...later, ...acc.labels]));
    // align sizes of shared labels that broadcast (size 1)
    for (const l of acc.labels) {
      const j = next.labels.indexOf(l);
      if (j < 0) continue;
      const sa = acc.tensor._shape[acc.labels.indexOf(l)], sb = next.tensor._shape[j];
      if (sa !== sb) {
        if (sa === 1) acc = { labels: acc.labels, tensor: acc.tensor.expand(acc.tensor._shape.map((s, k) => (k === acc.labels.indexOf(l) ? sb : s))) };
        else if (sb === 1) next = { labels: next.labels, tensor: next.tensor.expand(next.tensor._shape.map((s, k) => (k === j ? sa : s))) };
      }
    }
    acc = contract(acc, next, later);
  }
  acc = sumOut(acc, outSet);
  for (const l of outLabels) if (!acc.labels.includes(l)) throw new Error(`einsum(): output subscript ${l} does not appear in the equation for any input operand`);
  return acc.tensor.permute(outLabels.map((l) => acc.labels.indexOf(l)));
}


