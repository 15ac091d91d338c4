/**
 * `gradcheck` / `gradgradcheck`: compare autograd's Jacobian with central finite differences,
 * as torch.autograd.gradcheck does (use float64 inputs).
 * @module
 */
import type { Tensor } from '../tensor';
import { grad } from './engine';
import { enableGrad, noGrad } from './grad_mode';

export interface GradcheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
  /** Throw on failure (default) or return false. */
  raiseException?: boolean;
}

type Fn = (...inputs: Tensor[]) => Tensor | Tensor[];

function outputsOf(fn: Fn, inputs: Tensor[]): Tensor[] {
  const r = fn(...inputs);
  return Array.isArray(r) ? r : [r];
}

/** Storage offsets of every element of t in row-major order. */
function elementOffsets(t: Tensor): number[] {
  const out: number[] = [];
  const shape = t.shape, strides = t.stride();
  const n = t.numel();
  const idx = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < n; i++) {
    let off = t.storageOffset();
    for (let d = 0; d < shape.length; d++) off += idx[d] * strides[d];
    out.push(off);
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

function storageView(t: Tensor): Float64Array | Float32Array {
  const v = t._storage.view;
  return t.dtype === 'float64'
    ? new Float64Array(v.buffer, v.byteOffset, v.byteLength / 8)
    : new Float32Array(v.buffer, v.byteOffset, v.byteLength / 4);
}

function flatValues(ts: Tensor[]): number[] {
  return ts.flatMap((t) => Array.from(t.detach().double().contiguous().toArray() as Float64Array));
}

/** Numerical Jacobian columns: d(all outputs)/d(input element) for each element of each input. */
function numerical(fn: Fn, inputs: Tensor[], eps: number): number[][][] {
  return inputs.map((x) => {
    if (!x.requiresGrad) return [];
    const view = storageView(x);
    return elementOffsets(x).map((off) => {
      const orig = view[off];
      view[off] = orig + eps;
      const plus = noGrad(() => flatValues(outputsOf(fn, inputs)));
      view[off] = orig - eps;
      const minus = noGrad(() => flatValues(outputsOf(fn, inputs)));
      view[off] = orig;
      return plus.map((p, k) => (p - minus[k]) / (2 * eps));
    });
  });
}

/** Analytical Jacobian through autograd, one backward per output element. */
function analytical(fn: Fn, inputs: Tensor[]): number[][][] {
  const outs = outputsOf(fn, inputs);
  const diff = inputs.filter((x) => x.requiresGrad);
  const cols: number[][][] = inputs.map((x) => (x.requiresGrad ? Array.from({ length: x.numel() }, () => [] as number[]) : []));
  for (const o of outs) {
    const flat = o.reshape(-1);
    for (let j = 0; j < flat.numel(); j++) {
      const go = flat.zerosLike();
      noGrad(() => go.index(j).fill_(1));
      const gs = o.requiresGrad
        ? grad([flat], diff, { gradOutputs: [go], retainGraph: true, allowUnused: true })
        : diff.map(() => null);
      let k = 0;
      inputs.forEach((x, i) => {
        if (!x.requiresGrad) return;
        const g = gs[k++];
        const vals = g ? (Array.from(g.double().contiguous().toArray() as Float64Array)) : new Array<number>(x.numel()).fill(0);
        vals.forEach((v, e) => cols[i][e].push(v));
      });
    }
  }
  return cols;
}

/** Checks gradients of `fn` at `inputs` (tensors with requiresGrad, ideally float64). */
export function gradcheck(fn: Fn, inputs: Tensor | Tensor[], opts: GradcheckOptions = {}): boolean {
  const ins = Array.isArray(inputs) ? inputs : [inputs];
  const eps = opts.eps ?? 1e-6, atol = opts.atol ?? 1e-5, rtol = opts.rtol ?? 1e-3;
  for (const x of ins)
    if (x.requiresGrad && x.dtype !== 'float64')
      console.warn(`gradcheck: input of dtype ${x.dtype} is not double precision; the check may fail from rounding alone`);
  const num = numerical(fn, ins, eps);
  const ana = analytical(fn, ins);
  for (let i = 0; i < ins.length; i++) {
    for (let e = 0; e < num[i].length; e++) {
      for (let o = 0; o < num[i][e].length; o++) {
        const n = num[i][e][o], a = ana[i][e][o];
        if (!(Math.abs(a - n) <= atol + rtol * Math.abs(n))) {
          if (opts.raiseException === false) return false;
          throw new Error(
            `Jacobian mismatch for output ${o} with respect to input ${i} (element ${e}),\nnumerical:${n}\nanalytical:${a}\n`,
          );
        }
      }
    }
  }
  return true;
}

/** Checks second derivatives: gradcheck of the gradient function (built with createGraph). */
export function gradgradcheck(fn: Fn, inputs: Tensor | Tensor[], opts: GradcheckOptions = {}): boolean {
  const ins = Array.isArray(inputs) ? inputs : [inputs];
  // the numerical pass evaluates gradFn under noGrad; the first derivative still needs a graph
  const gradFn = (...xs: Tensor[]) => enableGrad(() => {
    const outs = outputsOf(fn, xs);
    const total = outs.map((o) => o.sum()).reduce((a, b) => a.add(b));
    const diff = xs.filter((x) => x.requiresGrad);
    return grad([total], diff, { createGraph: true, allowUnused: true }).map((g, k) => g ?? diff[k].zerosLike());
  });
  return gradcheck(gradFn, ins, opts);
}
