/**
 * L-BFGS with an optional strong-Wolfe line search: a line-by-line port of PyTorch 1.13's
 * `torch/optim/lbfgs.py`. PyTorch keeps the scalars (dot products, step lengths) as 0-dim
 * tensors of the parameters' dtype; here they are JavaScript numbers (doubles), so float64
 * parameters follow PyTorch's iterates to rounding and float32 ones to float32 rounding.
 * @module
 */
import * as torch from '@tensile/core';
import { type Closure, Optimizer, type ParamsInput, type ParamState } from './optimizer';

type Tensor = torch.Tensor;

/** Options of {@link LBFGS}. */
export interface LBFGSOptions {
  lr?: number;
  maxIter?: number;
  /** Defaults to `maxIter * 5 / 4` (floored). */
  maxEval?: number | null;
  toleranceGrad?: number;
  toleranceChange?: number;
  historySize?: number;
  lineSearchFn?: 'strong_wolfe' | null;
}

function cubicInterpolate(x1: number, f1: number, g1: number, x2: number, f2: number, g2: number, bounds?: [number, number]): number {
  const [xminBound, xmaxBound] = bounds ?? (x1 <= x2 ? [x1, x2] : [x2, x1]);
  const d1 = g1 + g2 - (3 * (f1 - f2)) / (x1 - x2);
  const d2Square = d1 ** 2 - g1 * g2;
  if (d2Square >= 0) {
    const d2 = Math.sqrt(d2Square);
    const minPos = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2)) : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
    return Math.min(Math.max(minPos, xminBound), xmaxBound);
  }
  return (xminBound + xmaxBound) / 2;
}

type ObjFunc = (x: Tensor[], t: number, d: Tensor) => [number, Tensor];

const dot = (a: Tensor, b: Tensor): number => torch.dot(a, b).item();
const absMax = (a: Tensor): number => a.abs().max().item();

function strongWolfe(
  objFunc: ObjFunc, x: Tensor[], t: number, d: Tensor, f: number, g: Tensor, gtd: number,
  c1 = 1e-4, c2 = 0.9, toleranceChange = 1e-9, maxLs = 25,
): [number, Tensor, number, number] {
  const dNorm = absMax(d);
  g = g.clone();
  let [fNew, gNew] = objFunc(x, t, d);
  let lsFuncEvals = 1;
  let gtdNew = dot(gNew, d);

  let tPrev = 0, fPrev = f, gPrev = g, gtdPrev = gtd;
  let done = false;
  let lsIter = 0;
  let bracket: number[] = [], bracketF: number[] = [], bracketG: Tensor[] = [], bracketGtd: number[] = [];
  while (lsIter < maxLs) {
    // check conditions
    if (fNew > f + c1 * t * gtd || (lsIter > 1 && fNew >= fPrev)) {
      bracket = [tPrev, t];
      bracketF = [fPrev, fNew];
      bracketG = [gPrev, gNew.clone()];
      bracketGtd = [gtdPrev, gtdNew];
      break;
    }
    if (Math.abs(gtdNew) <= -c2 * gtd) {
      bracket = [t];
      bracketF = [fNew];
      bracketG = [gNew];
      done = true;
      break;
    }
    if (gtdNew >= 0) {
      bracket = [tPrev, t];
      bracketF = [fPrev, fNew];
      bracketG = [gPrev, gNew.clone()];
      bracketGtd = [gtdPrev, gtdNew];
      break;
    }
    // interpolate
    const minStep = t + 0.01 * (t - tPrev);
    const maxStep = t * 10;
    const tmp = t;
    t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, [minStep, maxStep]);
    // next step
    tPrev = tmp;
    fPrev = fNew;
    gPrev = gNew.clone();
    gtdPrev = gtdNew;
    [fNew, gNew] = objFunc(x, t, d);
    lsFuncEvals += 1;
    gtdNew = dot(gNew, d);
    lsIter += 1;
  }
  // reached max number of iterations?
  if (lsIter === maxLs) {
    bracket = [0, t];
    bracketF = [f, fNew];
    bracketG = [g, gNew];
  }

  // zoom phase: a point satisfying the criteria lies within the bracket
  let insufProgress = false;
  let [lowPos, highPos] = bracketF[0] <= bracketF[bracketF.length - 1] ? [0, 1] : [1, 0];
  while (!done && lsIter < maxLs) {
    if (Math.abs(bracket[1] - bracket[0]) * dNorm < toleranceChange) break;
    t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1]);
    // test that we are making sufficient progress
    const bMax = Math.max(...bracket), bMin = Math.min(...bracket);
    const eps = 0.1 * (bMax - bMin);
    if (Math.min(bMax - t, t - bMin) < eps) {
      if (insufProgress || t >= bMax || t <= bMin) {
        t = Math.abs(t - bMax) < Math.abs(t - bMin) ? bMax - eps : bMin + eps;
        insufProgress = false;
      } else {
        insufProgress = true;
      }
    } else {
      insufProgress = false;
    }
    [fNew, gNew] = objFunc(x, t, d);
    lsFuncEvals += 1;
    gtdNew = dot(gNew, d);
    lsIter += 1;
    if (fNew > f + c1 * t * gtd || fNew >= bracketF[lowPos]) {
      bracket[highPos] = t;
      bracketF[highPos] = fNew;
      bracketG[highPos] = gNew.clone();
      bracketGtd[highPos] = gtdNew;
      [lowPos, highPos] = bracketF[0] <= bracketF[1] ? [0, 1] : [1, 0];
    } else {
      if (Math.abs(gtdNew) <= -c2 * gtd) {
        done = true;
      } else if (gtdNew * (bracket[highPos] - bracket[lowPos]) >= 0) {
        bracket[highPos] = bracket[lowPos];
        bracketF[highPos] = bracketF[lowPos];
        bracketG[highPos] = bracketG[lowPos];
        bracketGtd[highPos] = bracketGtd[lowPos];
      }
      bracket[lowPos] = t;
      bracketF[lowPos] = fNew;
      bracketG[lowPos] = gNew.clone();
      bracketGtd[lowPos] = gtdNew;
    }
  }
  return [bracketF[lowPos], bracketG[lowPos], bracket[lowPos], lsFuncEvals];
}

/**
 * `new optim.LBFGS(params, { lr: 1, historySize: 10, lineSearchFn: 'strong_wolfe' })`, stepped
 * with a closure: `opt.step(() => { opt.zeroGrad(); const l = loss(); l.backward(); return l; })`.
 * One parameter group only; its state lives under the first parameter, as in PyTorch.
 */
export class LBFGS extends Optimizer {
  private readonly _params: Tensor[];
  private _numelCache: number | null = null;

  constructor(params: ParamsInput, opts: LBFGSOptions = {}) {
    const { lr = 1, maxIter = 20, toleranceGrad = 1e-7, toleranceChange = 1e-9, historySize = 100 } = opts;
    const maxEval = opts.maxEval ?? Math.floor((maxIter * 5) / 4);
    super(params, {
      lr, max_iter: maxIter, max_eval: maxEval, tolerance_grad: toleranceGrad, tolerance_change: toleranceChange,
      history_size: historySize, line_search_fn: opts.lineSearchFn ?? null,
    });
    if (this.paramGroups.length !== 1) throw new Error("LBFGS doesn't support per-parameter options (parameter groups)");
    this._params = this.paramGroups[0].params;
  }

  private _numel(): number {
    if (this._numelCache === null) this._numelCache = this._params.reduce((n, p) => n + p.numel(), 0);
    return this._numelCache;
  }

  private _gatherFlatGrad(): Tensor {
    const views = this._params.map((p) => (p.grad === null ? torch.zeros([p.numel()], { dtype: p.dtype }) : p.grad.reshape(-1)));
    return torch.cat(views, 0);
  }

  private _addGrad(stepSize: number, update: Tensor): void {
    let offset = 0;
    for (const p of this._params) {
      const n = p.numel();
      p.add_(update.narrow(0, offset, n).viewAs(p), { alpha: stepSize });
      offset += n;
    }
    if (offset !== this._numel()) throw new Error('internal error: LBFGS parameter sizes changed');
  }

  private _cloneParam(): Tensor[] {
    return this._params.map((p) => p.clone().contiguous());
  }

  private _setParam(data: Tensor[]): void {
    this._params.forEach((p, i) => p.copy_(data[i]));
  }

  private _directionalEvaluate(closure: Closure, x: Tensor[], t: number, d: Tensor): [number, Tensor] {
    this._addGrad(t, d);
    const loss = toNumber(torch.enableGrad(closure));
    const flatGrad = this._gatherFlatGrad();
    this._setParam(x);
    return [loss, flatGrad];
  }

  /** Runs up to `maxIter` iterations; `closure` is required. Returns the closure's first loss. */
  step(closure?: Closure): Tensor | number | undefined {
    if (!closure) throw new Error('LBFGS requires a closure that reevaluates the model and returns the loss');
    const group = this.paramGroups[0];
    const lr: number = group.lr;
    const maxIter: number = group.max_iter;
    const maxEval: number = group.max_eval;
    const toleranceGrad: number = group.tolerance_grad;
    const toleranceChange: number = group.tolerance_change;
    const lineSearchFn: string | null = group.line_search_fn;
    const historySize: number = group.history_size;
    this._stepCount++;

    const state = this._stateOf(this._params[0]);
    state.func_evals ??= 0;
    state.n_iter ??= 0;

    const origLoss = torch.enableGrad(closure);
    let loss = toNumber(origLoss);
    let currentEvals = 1;
    state.func_evals += 1;

    return torch.noGrad(() => {
      let flatGrad = this._gatherFlatGrad();
      let optCond = absMax(flatGrad) <= toleranceGrad;
      if (optCond) return origLoss;

      let d: Tensor = state.d;
      let t: number = state.t;
      let oldDirs: Tensor[] = state.old_dirs;
      let oldStps: Tensor[] = state.old_stps;
      let ro: number[] = state.ro;
      let hDiag: number = state.H_diag;
      let prevFlatGrad: Tensor | undefined = state.prev_flat_grad;
      let prevLoss: number = state.prev_loss;

      let nIter = 0;
      while (nIter < maxIter) {
        nIter += 1;
        state.n_iter += 1;

        // compute the descent direction
        if (state.n_iter === 1) {
          d = flatGrad.neg();
          oldDirs = [];
          oldStps = [];
          ro = [];
          hDiag = 1;
        } else {
          // update memory (the L-BFGS pairs)
          const y = flatGrad.sub(prevFlatGrad!);
          const s = d.mul(t);
          const ys = dot(y, s);
          if (ys > 1e-10) {
            if (oldDirs.length === historySize) {
              oldDirs.shift();
              oldStps.shift();
              ro.shift();
            }
            oldDirs.push(y);
            oldStps.push(s);
            ro.push(1 / ys);
            hDiag = ys / dot(y, y);
          }
          const numOld = oldDirs.length;
          state.al ??= new Array(historySize).fill(null);
          const al: (number | null)[] = state.al;
          // two-loop recursion: q = -H * g
          const q = flatGrad.neg();
          for (let i = numOld - 1; i >= 0; i--) {
            al[i] = dot(oldStps[i], q) * ro[i];
            q.add_(oldDirs[i], { alpha: -al[i]! });
          }
          const r = torch.mul(q, hDiag);
          d = r;
          for (let i = 0; i < numOld; i++) {
            const beI = dot(oldDirs[i], r) * ro[i];
            r.add_(oldStps[i], { alpha: al[i]! - beI });
          }
        }
        if (prevFlatGrad === undefined || prevFlatGrad === null) prevFlatGrad = flatGrad.clone();
        else prevFlatGrad.copy_(flatGrad);
        prevLoss = loss;

        // step length: reset the initial guess on the first iteration
        if (state.n_iter === 1) t = Math.min(1, 1 / flatGrad.abs().sum().item()) * lr;
        else t = lr;

        const gtd = dot(flatGrad, d);
        // directional derivative below tolerance
        if (gtd > -toleranceChange) break;

        let lsFuncEvals = 0;
        if (lineSearchFn !== null) {
          if (lineSearchFn !== 'strong_wolfe') throw new Error("only 'strong_wolfe' is supported");
          const xInit = this._cloneParam();
          const objFunc: ObjFunc = (x, tt, dd) => this._directionalEvaluate(closure, x, tt, dd);
          [loss, flatGrad, t, lsFuncEvals] = strongWolfe(objFunc, xInit, t, d, loss, flatGrad, gtd);
          this._addGrad(t, d);
          optCond = absMax(flatGrad) <= toleranceGrad;
        } else {
          // no line search: a fixed step
          this._addGrad(t, d);
          if (nIter !== maxIter) {
            // re-evaluate unless this is the last iteration (the closure is then evaluated by the caller)
            loss = toNumber(torch.enableGrad(closure));
            flatGrad = this._gatherFlatGrad();
            optCond = absMax(flatGrad) <= toleranceGrad;
            lsFuncEvals = 1;
          }
        }
        currentEvals += lsFuncEvals;
        state.func_evals += lsFuncEvals;

        // check conditions
        if (nIter === maxIter) break;
        if (currentEvals >= maxEval) break;
        if (optCond) break;
        if (absMax(d.mul(t)) <= toleranceChange) break;
        if (Math.abs(loss - prevLoss) < toleranceChange) break;
      }

      state.d = d;
      state.t = t;
      state.old_dirs = oldDirs;
      state.old_stps = oldStps;
      state.ro = ro;
      state.H_diag = hDiag;
      state.prev_flat_grad = prevFlatGrad;
      state.prev_loss = prevLoss;
      return origLoss;
    });
  }

  /** PyTorch stores ro, al and H_diag as 0-dim tensors; so does the state dict. */
  override _packState(s: ParamState): ParamState {
    const out = { ...s };
    const dtype = this._params[0].dtype;
    const scalar = (v: unknown) => (typeof v === 'number' ? torch.tensor(v, { dtype }) : v);
    if (Array.isArray(s.ro)) out.ro = s.ro.map(scalar);
    if (Array.isArray(s.al)) out.al = s.al.map((v: number | null) => (v === null ? null : scalar(v)));
    if (typeof s.H_diag === 'number' && s.H_diag !== 1) out.H_diag = scalar(s.H_diag);
    return out;
  }

  override _unpackState(s: ParamState): ParamState {
    const num = (v: unknown) => (v instanceof torch.Tensor ? v.item() : v);
    if (Array.isArray(s.ro)) s.ro = s.ro.map(num);
    if (Array.isArray(s.al)) s.al = s.al.map(num);
    if (s.H_diag !== undefined) s.H_diag = num(s.H_diag);
    if (s.t !== undefined) s.t = num(s.t);
    if (s.prev_loss !== undefined) s.prev_loss = num(s.prev_loss);
    return s;
  }
}

function toNumber(v: Tensor | number): number {
  return typeof v === 'number' ? v : v.item();
}
