/**
 * Learning-rate schedulers (PyTorch's `torch.optim.lr_scheduler`), with PyTorch 1.13's
 * recursive ("chainable") update rules, so schedulers compose and follow PyTorch's learning
 * rates value for value. `stateDict()` holds PyTorch's attribute names (`last_epoch`,
 * `base_lrs`, `_step_count` ...); function-valued attributes (lambdas) are left out, as
 * PyTorch leaves out plain functions.
 * @module
 */
import { Optimizer } from './optimizer';

/** TS attribute → PyTorch attribute where camelCase → snake_case is not the rule. */
const PY_NAMES: Record<string, string> = { TMax: 'T_max', T0: 'T_0', Ti: 'T_i', TMult: 'T_mult', TCur: 'T_cur' };

function pyName(key: string): string {
  return PY_NAMES[key] ?? key.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
}

function copyValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copyValue);
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = copyValue(x);
    return o;
  }
  return v;
}

/** `{:.4e}` as Python formats it (`1.0000e-03`). */
function pyExp(x: number): string {
  return x.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2');
}

/** The state-dict form of an object's attributes: PyTorch's names, functions and `optimizer` left out. */
function attributesOf(obj: object, skip: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'optimizer' || skip.includes(k) || v === undefined || typeof v === 'function') continue;
    out[pyName(k)] = copyValue(v);
  }
  return out;
}

function loadAttributes(obj: object, sd: Record<string, unknown> | Map<string, unknown>): void {
  const entries = sd instanceof Map ? [...sd] : Object.entries(sd);
  const names = new Map<string, string>();
  for (const k of Object.keys(obj)) names.set(pyName(k), k);
  const target = obj as Record<string, unknown>;
  for (const [k, v] of entries) {
    const tsName = names.get(k) ?? k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    target[tsName] = copyValue(v);
  }
}

/**
 * Loads every attribute of `sd` but `key` (one saved in a form of its own, restored by the
 * caller) and returns what was saved under `key`.
 */
function loadAttributesBut(obj: object, sd: Record<string, unknown> | Map<string, unknown>, key: string): unknown {
  const plain = sd instanceof Map ? Object.fromEntries(sd) : { ...sd };
  const held = plain[key];
  delete plain[key];
  loadAttributes(obj, plain);
  return held;
}

/**
 * PyTorch lets a scheduler's first option be given positionally (`StepLR(opt, 30)`); this folds
 * that form into the options object.
 */
function positional<O extends object>(first: unknown, key: string, rest: object | undefined): O {
  if (first !== null && typeof first === 'object' && !Array.isArray(first)) return first as O;
  return { ...(rest ?? {}), [key]: first } as O;
}

/** Base class of the epoch-indexed schedulers (PyTorch's `_LRScheduler`). */
export abstract class LRScheduler {
  /** The optimizer whose groups' `lr` this scheduler sets. */
  optimizer: Optimizer;
  /** Each group's `initial_lr`. */
  declare baseLrs: number[];
  /** The index of the last epoch (or step) taken; -1 before the first. */
  declare lastEpoch: number;
  /** Prints each change of learning rate. */
  declare verbose: boolean;
  /** @internal */ declare _stepCount: number;
  /** @internal */ declare _getLrCalledWithinStep: boolean;
  /** @internal */ declare _lastLr: number[];

  constructor(optimizer: Optimizer) {
    if (!(optimizer instanceof Optimizer)) throw new TypeError(`${(optimizer as object)?.constructor?.name ?? typeof optimizer} is not an Optimizer`);
    this.optimizer = optimizer;
  }

  /** The base initialisation: records `initial_lr` in every group and takes the first step. */
  protected _init(lastEpoch: number, verbose: boolean): void {
    const groups = this.optimizer.paramGroups;
    if (lastEpoch === -1) {
      for (const g of groups) if (!('initial_lr' in g)) g.initial_lr = g.lr;
    } else {
      groups.forEach((g, i) => {
        if (!('initial_lr' in g)) throw new Error(`param 'initial_lr' is not specified in param_groups[${i}] when resuming an optimizer`);
      });
    }
    this.baseLrs = groups.map((g) => g.initial_lr);
    this.lastEpoch = lastEpoch;
    this.verbose = verbose;
    this._initialStep();
  }

  /** @internal */
  _initialStep(): void {
    this.optimizer._stepCount = 0;
    this._stepCount = 0;
    this.step();
  }

  /** The learning rates this scheduler computed last, one per group. */
  getLastLr(): number[] {
    return this._lastLr;
  }

  /** The learning rates for `lastEpoch` (the chainable form, from the groups' current lr). */
  abstract getLr(): number[];

  /** @internal The closed form used when `step(epoch)` names an epoch, where one exists. */
  _getClosedFormLr?(): number[];

  /** Advances one epoch (or jumps to `epoch`, PyTorch's deprecated form) and sets each group's lr. */
  step(epoch?: number): void {
    this._stepCount += 1;
    this._getLrCalledWithinStep = true;
    let values: number[];
    try {
      if (epoch === undefined) {
        this.lastEpoch += 1;
        values = this.getLr();
      } else {
        this.lastEpoch = epoch;
        values = this._getClosedFormLr ? this._getClosedFormLr() : this.getLr();
      }
    } finally {
      this._getLrCalledWithinStep = false;
    }
    this.optimizer.paramGroups.forEach((g, i) => {
      g.lr = values[i];
      this.printLr(this.verbose, i, values[i], epoch);
    });
    this._lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** Prints a learning-rate change in PyTorch's words when `isVerbose`. */
  printLr(isVerbose: boolean, group: number, lr: number, epoch?: number): void {
    if (!isVerbose) return;
    if (epoch === undefined) console.log(`Adjusting learning rate of group ${group} to ${pyExp(lr)}.`);
    else {
      const e = Number.isInteger(epoch) ? String(epoch).padStart(5, '0') : epoch.toFixed(2);
      console.log(`Epoch ${e}: adjusting learning rate of group ${group} to ${pyExp(lr)}.`);
    }
  }

  /** The scheduler's attributes under PyTorch's names (everything but the optimizer). */
  stateDict(): Record<string, unknown> {
    return attributesOf(this);
  }

  /** Restores attributes saved by {@link LRScheduler.stateDict} or by PyTorch. */
  loadStateDict(stateDict: Record<string, unknown> | Map<string, unknown>): void {
    loadAttributes(this, stateDict);
  }
}

/** A function of the epoch giving a multiplicative factor. */
export type LrLambda = (epoch: number) => number;

function lambdas(optimizer: Optimizer, lrLambda: LrLambda | readonly LrLambda[]): LrLambda[] {
  const n = optimizer.paramGroups.length;
  if (!Array.isArray(lrLambda)) return new Array(n).fill(lrLambda);
  if (lrLambda.length !== n) throw new Error(`Expected ${n} lr_lambdas, but got ${lrLambda.length}`);
  return [...lrLambda];
}

/** The state of a scheduler holding lr lambdas: plain functions are not saved; PyTorch writes None in their place. */
function lambdasStateDict(s: LRScheduler & { lrLambdas: LrLambda[] }): Record<string, unknown> {
  return { ...attributesOf(s, ['lrLambdas']), lr_lambdas: s.lrLambdas.map(() => null) };
}

/** Sets each group's lr to its initial lr times `lrLambda(epoch)`. */
export class LambdaLR extends LRScheduler {
  lrLambdas: LrLambda[];
  constructor(optimizer: Optimizer, lrLambda: LrLambda | readonly LrLambda[], opts: { lastEpoch?: number; verbose?: boolean } = {}) {
    super(optimizer);
    this.lrLambdas = lambdas(optimizer, lrLambda);
    this._init(opts.lastEpoch ?? -1, opts.verbose ?? false);
  }
  getLr(): number[] {
    return this.baseLrs.map((b, i) => b * this.lrLambdas[i](this.lastEpoch));
  }
  override stateDict(): Record<string, unknown> {
    return lambdasStateDict(this);
  }
  override loadStateDict(stateDict: Record<string, unknown> | Map<string, unknown>): void {
    loadAttributesBut(this, stateDict, 'lr_lambdas');
  }
}

/** Multiplies each group's lr by `lrLambda(epoch)` every epoch after the first. */
export class MultiplicativeLR extends LRScheduler {
  lrLambdas: LrLambda[];
  constructor(optimizer: Optimizer, lrLambda: LrLambda | readonly LrLambda[], opts: { lastEpoch?: number; verbose?: boolean } = {}) {
    super(optimizer);
    this.lrLambdas = lambdas(optimizer, lrLambda);
    this._init(opts.lastEpoch ?? -1, opts.verbose ?? false);
  }
  getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch > 0) return groups.map((g, i) => g.lr * this.lrLambdas[i](this.lastEpoch));
    return groups.map((g) => g.lr);
  }
  override stateDict(): Record<string, unknown> {
    return lambdasStateDict(this);
  }
  override loadStateDict(stateDict: Record<string, unknown> | Map<string, unknown>): void {
    loadAttributesBut(this, stateDict, 'lr_lambdas');
  }
}

/** Options shared by every epoch scheduler. */
export interface SchedulerOptions {
  lastEpoch?: number;
  verbose?: boolean;
}

/** Decays the lr by `gamma` every `stepSize` epochs. */
export class StepLR extends LRScheduler {
  stepSize: number;
  gamma: number;
  constructor(optimizer: Optimizer, stepSize: number, opts?: { gamma?: number } & SchedulerOptions);
  constructor(optimizer: Optimizer, opts: { stepSize: number; gamma?: number } & SchedulerOptions);
  constructor(optimizer: Optimizer, first: number | ({ stepSize: number; gamma?: number } & SchedulerOptions), rest?: object) {
    super(optimizer);
    const opts = positional<{ stepSize: number; gamma?: number } & SchedulerOptions>(first, 'stepSize', rest);
    this.stepSize = opts.stepSize;
    this.gamma = opts.gamma ?? 0.1;
    this._init(opts.lastEpoch ?? -1, opts.verbose ?? false);
  }
  getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * this.gamma);
  }
  override _getClosedFormLr(): number[] {
    return this.baseLrs.map((b) => b * this.gamma ** Math.floor(this.lastEpoch / this.stepSize));
  }
}

/** Decays the lr by `gamma` at each milestone epoch (repeated milestones decay repeatedly). */
export class MultiStepLR extends LRScheduler {
  /** Milestone → how many times it was given (PyTorch's Counter). */
  milestones: Record<number, number>;
  gamma: number;
  constructor(optimizer: Optimizer, milestones: readonly number[], opts?: { gamma?: number } & SchedulerOptions);
  constructor(optimizer: Optimizer, opts: { milestones: readonly number[]; gamma?: number } & SchedulerOptions);
  constructor(optimizer: Optimizer, first: readonly number[] | ({ milestones: readonly number[]; gamma?: number } & SchedulerOptions), rest?: object) {
    super(optimizer);
    const opts = positional<{ milestones: readonly number[]; gamma?: number } & SchedulerOptions>(first, 'milestones', rest);
    this.milestones = {};
    for (const m of opts.milestones) this.milestones[m] = (this.milestones[m] ?? 0) + 1;
    this.gamma = opts.gamma ?? 0.1;
    this._init(opts.lastEpoch ?? -1, opts.verbose ?? false);
  }
  getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    const count = this.milestones[this.lastEpoch];
    if (count === undefined) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * this.gamma ** count);
  }
  override _getClosedFormLr(): number[] {
    const sorted = Object.entries(this.milestones).flatMap(([m, c]) => new Array<number>(c).fill(Number(m))).sort((a, b) => a - b);
    const passed = sorted.filter((m) => m <= this.lastEpoch).length;
    return this.baseLrs.map((b) => b * this.gamma ** passed);
  }
}

/** Multiplies the lr by `factor` until epoch `totalIters`. */
export class ConstantLR extends LRScheduler {
  factor: number;
  totalIters: number;
  constructor(optimizer: Optimizer, opts: { factor?: number; totalIters?: number } & SchedulerOptions = {}) {
    super(optimizer);
    const factor = opts.factor ?? 1 / 3;
    if (factor > 1 || factor < 0) throw new Error('Constant multiplicative factor expected to be between 0 and 1.');
    this.factor = factor;
    this.totalIters = opts.totalIters ?? 5;
    this._init(opts.lastEpoch ?? -1, opts.verbose ?? false);
  }
  getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch === 0) return groups.map((g) => g.lr * this.factor);
    if (this.lastEpoch !== this.totalIters) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * (1 / this.factor));
  }
  override _getClosedFormLr(): number[] {
    return this.baseLrs.map((b) => b * (this.factor + (this.lastEpoch >= this.totalIters ? 1 : 0) * (1 - this.factor)));
  }
}

/** Ramps the lr factor linearly from `startFactor` to `endFactor` over `totalIters` epochs (warm-up). */
export class LinearLR extends LRScheduler {
  startFactor: number;
  endFactor: number;
  totalIters: number;
  constructor(optimizer: Optimizer, opts: { startFactor?: number; endFactor?: number; totalIters?: number } & SchedulerOptions = {}) {
    super(optimizer);
    const startFactor = opts.startFactor ?? 1 / 3, endFactor = opts.endFactor ?? 1;
    if (startFactor > 1 || startFactor < 0) throw new Error('Starting multiplicative factor expected to be between 0 and 1.');
    if (endFactor > 1 || endFactor < 0) throw new Error('Ending multiplicative factor expected to be between 0 and 1.');
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = opts.totalIters ?? 5;
    this._init(opts.lastEpoch ?? -1, opts.verbose ?? false);
  }
  getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch === 0) return groups.map((g) => g.lr * this.startFactor);
    if (this.lastEpoch > this.totalIters) return groups.map((g) => g.lr);
    const d = this.endFactor - this.startFactor;
    return groups.map((g) => g.lr * (1 + d / (this.totalIters * this.startFactor + (this.lastEpoch - 1) * d)));
  }
  override _getClosedFormLr(): number[] {
    const d = this.endFactor - this.startFactor;
    return this.baseLrs.map((b) => b * (this.startFactor + (d * Math.min(this.totalIters, this.lastEpoch)) / this.totalIters));
  }
}

/** Decays the lr by `gamma` every epoch. */
export class ExponentialLR extends LRScheduler {
  gamma: number;
  constructor(optimizer: Optimizer, gamma: number, opts?: SchedulerOptions);
  constructor(optimizer: Optimizer, opts: { gamma: number } & SchedulerOptions);
  constructor(optimizer: Optimizer, first: number | ({ gamma: number } & SchedulerOptions), rest?: object) {
    super(optimizer);
    const opts = positional<{ gamma: number } & SchedulerOptions>(first, 'gamma', rest);
    this.gamma = opts.gamma;
    this._init(opts.lastEpoch ?? -1, opts.verbose ?? false);
  }
  getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch === 0) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * this.gamma);
  }
  override _getClosedFormLr(): number[] {
    return this.baseLrs.map((b) => b * this.gamma ** this.lastEpoch);
  }
}

/** Decays the lr with a polynomial of the given `power` to zero at `totalIters`. */
export class PolynomialLR extends LRScheduler {
  totalIters: number;
  power: number;
  constructor(optimizer: Optimizer, opts: { totalIters?: number; power?: number } & SchedulerOptions = {}) {
    super(optimizer);
    this.totalIters = opts.totalIters ?? 5;
    this.power = opts.power ?? 1;
    this._init(opts.lastEpoch ?? -1, opts.verbose ?? false);
  }
  getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch === 0 || this.lastEpoch > this.totalIters) return groups.map((g) => g.lr);
    const decay = ((1 - this.lastEpoch / this.totalIters) / (1 - (this.lastEpoch - 1) / this.totalIters)) ** this.power;
    return groups.map((g) => g.lr * decay);
  }
  override _getClosedFormLr(): number[] {
    return this.baseLrs.map((b) => b * (1 - Math.min(this.totalIters, this.lastEpoch) / this.totalIters) ** this.power);
  }
}

/** Cosine annealing from the initial lr to `etaMin` over `TMax` epochs (PyTorch's recursive form). */
export class CosineAnnealingLR extends LRScheduler {
  TMax: number;
  etaMin: number;
  constructor(optimizer: Optimizer, TMax: number, opts?: { etaMin?: number } & SchedulerOptions);
  constructor(optimizer: Optimizer, opts: { TMax: number; etaMin?: number } & SchedulerOptions);
  constructor(optimizer: Optimizer, first: number | ({ TMax: number; etaMin?: number } & SchedulerOptions), rest?: object) {
    super(optimizer);
    const opts = positional<{ TMax: number; etaMin?: number } & SchedulerOptions>(first, 'TMax', rest);
    this.TMax = opts.TMax;
    this.etaMin = opts.etaMin ?? 0;
    this._init(opts.lastEpoch ?? -1, opts.verbose ?? false);
  }
  getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    const { TMax, etaMin, lastEpoch } = this;
    if (lastEpoch === 0) return groups.map((g) => g.lr);
    if (this._stepCount === 1 && lastEpoch > 0)
      return this.baseLrs.map((b) => etaMin + ((b - etaMin) * (1 + Math.cos((lastEpoch * Math.PI) / TMax))) / 2);
    if ((lastEpoch - 1 - TMax) % (2 * TMax) === 0)
      return groups.map((g, i) => g.lr + ((this.baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / TMax))) / 2);
    return groups.map(
      (g) => ((1 + Math.cos((Math.PI * lastEpoch) / TMax)) / (1 + Math.cos((Math.PI * (lastEpoch - 1)) / TMax))) * (g.lr - etaMin) + etaMin,
    );
  }
  override _getClosedFormLr(): number[] {
    return this.baseLrs.map((b) => this.etaMin + ((b - this.etaMin) * (1 + Math.cos((Math.PI * this.lastEpoch) / this.TMax))) / 2);
  }
}

/** Cosine annealing restarted every `T0 * TMult^k` epochs (SGDR). */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  T0: number;
  Ti: number;
  TMult: number;
  etaMin: number;
  TCur: number;
  constructor(optimizer: Optimizer, T0: number, opts?: { TMult?: number; etaMin?: number } & SchedulerOptions);
  constructor(optimizer: Optimizer, opts: { T0: number; TMult?: number; etaMin?: number } & SchedulerOptions);
  constructor(optimizer: Optimizer, first: number | ({ T0: number; TMult?: number; etaMin?: number } & SchedulerOptions), rest?: object) {
    super(optimizer);
    const opts = positional<{ T0: number; TMult?: number; etaMin?: number } & SchedulerOptions>(first, 'T0', rest);
    const { T0, TMult = 1 } = opts;
    if (T0 <= 0 || !Number.isInteger(T0)) throw new Error(`Expected positive integer T_0, but got ${T0}`);
    if (TMult < 1 || !Number.isInteger(TMult)) throw new Error(`Expected integer T_mult >= 1, but got ${TMult}`);
    this.T0 = T0;
    this.Ti = T0;
    this.TMult = TMult;
    this.etaMin = opts.etaMin ?? 0;
    this.TCur = opts.lastEpoch ?? -1;
    this._init(opts.lastEpoch ?? -1, opts.verbose ?? false);
  }
  getLr(): number[] {
    return this.baseLrs.map((b) => this.etaMin + ((b - this.etaMin) * (1 + Math.cos((Math.PI * this.TCur) / this.Ti))) / 2);
  }
  /** Steps one epoch, or to a (possibly fractional) `epoch`, e.g. `epoch + i / iters` within an epoch. */
  override step(epoch?: number): void {
    if (epoch === undefined && this.lastEpoch < 0) epoch = 0;
    if (epoch === undefined) {
      epoch = this.lastEpoch + 1;
      this.TCur = this.TCur + 1;
      if (this.TCur >= this.Ti) {
        this.TCur = this.TCur - this.Ti;
        this.Ti = this.Ti * this.TMult;
      }
    } else {
      if (epoch < 0) throw new Error(`Expected non-negative epoch, but got ${epoch}`);
      if (epoch >= this.T0) {
        if (this.TMult === 1) {
          this.TCur = epoch % this.T0;
        } else {
          const n = Math.trunc(Math.log((epoch / this.T0) * (this.TMult - 1) + 1) / Math.log(this.TMult));
          this.TCur = epoch - (this.T0 * (this.TMult ** n - 1)) / (this.TMult - 1);
          this.Ti = this.T0 * this.TMult ** n;
        }
      } else {
        this.Ti = this.T0;
        this.TCur = epoch;
      }
    }
    this.lastEpoch = Math.floor(epoch);
    this._getLrCalledWithinStep = true;
    let values: number[];
    try {
      values = this.getLr();
    } finally {
      this._getLrCalledWithinStep = false;
    }
    this.optimizer.paramGroups.forEach((g, i) => {
      g.lr = values[i];
      this.printLr(this.verbose, i, values[i], epoch);
    });
    this._lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }
}

/** Options of {@link CyclicLR}. */
export interface CyclicLROptions extends SchedulerOptions {
  baseLr: number | readonly number[];
  maxLr: number | readonly number[];
  stepSizeUp?: number;
  stepSizeDown?: number | null;
  mode?: 'triangular' | 'triangular2' | 'exp_range';
  gamma?: number;
  scaleFn?: ((x: number) => number) | null;
  scaleMode?: 'cycle' | 'iterations';
  cycleMomentum?: boolean;
  baseMomentum?: number | readonly number[];
  maxMomentum?: number | readonly number[];
}

function formatParam(name: string, optimizer: Optimizer, param: number | readonly number[]): number[] {
  const n = optimizer.paramGroups.length;
  if (Array.isArray(param)) {
    if (param.length !== n) throw new Error(`expected ${n} values for ${name}, got ${param.length}`);
    return [...param];
  }
  return new Array(n).fill(param);
}

/** Cycles the lr between `baseLr` and `maxLr` (and momentum inversely); step it every batch. */
export class CyclicLR extends LRScheduler {
  maxLrs: number[];
  totalSize: number;
  stepRatio: number;
  mode: string;
  gamma: number;
  _scaleFnCustom: ((x: number) => number) | null;
  scaleMode: 'cycle' | 'iterations';
  cycleMomentum: boolean;
  baseMomentums?: number[];
  maxMomentums?: number[];

  constructor(optimizer: Optimizer, opts: CyclicLROptions) {
    super(optimizer);
    const lastEpoch = opts.lastEpoch ?? -1;
    const baseLrs = formatParam('base_lr', optimizer, opts.baseLr);
    if (lastEpoch === -1) optimizer.paramGroups.forEach((g, i) => (g.lr = baseLrs[i]));
    this.maxLrs = formatParam('max_lr', optimizer, opts.maxLr);
    const up = opts.stepSizeUp ?? 2000;
    const down = opts.stepSizeDown ?? up;
    this.totalSize = up + down;
    this.stepRatio = up / this.totalSize;
    const mode = opts.mode ?? 'triangular';
    const scaleFn = opts.scaleFn ?? null;
    if (!['triangular', 'triangular2', 'exp_range'].includes(mode) && scaleFn === null) throw new Error('mode is invalid and scale_fn is None');
    this.mode = mode;
    this.gamma = opts.gamma ?? 1;
    this._scaleFnCustom = scaleFn;
    this.scaleMode = scaleFn === null ? (mode === 'exp_range' ? 'iterations' : 'cycle') : (opts.scaleMode ?? 'cycle');
    this.cycleMomentum = opts.cycleMomentum ?? true;
    if (this.cycleMomentum) {
      if (!('momentum' in optimizer.defaults)) throw new Error('optimizer must support momentum with `cycle_momentum` option enabled');
      const baseMomentums = formatParam('base_momentum', optimizer, opts.baseMomentum ?? 0.8);
      if (lastEpoch === -1) optimizer.paramGroups.forEach((g, i) => (g.momentum = baseMomentums[i]));
      this.baseMomentums = optimizer.paramGroups.map((g) => g.momentum);
      this.maxMomentums = formatParam('max_momentum', optimizer, opts.maxMomentum ?? 0.9);
    }
    this._init(lastEpoch, opts.verbose ?? false);
    this.baseLrs = baseLrs;
  }

  /** The amplitude scale for cycle number (or iteration) `x`. */
  scaleFn(x: number): number {
    if (this._scaleFnCustom) return this._scaleFnCustom(x);
    if (this.mode === 'triangular2') return 1 / 2 ** (x - 1);
    if (this.mode === 'exp_range') return this.gamma ** x;
    return 1;
  }

  getLr(): number[] {
    const cycle = Math.floor(1 + this.lastEpoch / this.totalSize);
    const x = 1 + this.lastEpoch / this.totalSize - cycle;
    const scaleFactor = x <= this.stepRatio ? x / this.stepRatio : (x - 1) / (this.stepRatio - 1);
    const s = this.scaleFn(this.scaleMode === 'cycle' ? cycle : this.lastEpoch);
    const lrs = this.baseLrs.map((b, i) => b + (this.maxLrs[i] - b) * scaleFactor * s);
    if (this.cycleMomentum) {
      const momentums = this.baseMomentums!.map((b, i) => this.maxMomentums![i] - (this.maxMomentums![i] - b) * scaleFactor * s);
      this.optimizer.paramGroups.forEach((g, i) => (g.momentum = momentums[i]));
    }
    return lrs;
  }
}

interface Phase {
  end_step: number;
  start_lr: string;
  end_lr: string;
  start_momentum: string;
  end_momentum: string;
}

/** Options of {@link OneCycleLR}. */
export interface OneCycleLROptions extends SchedulerOptions {
  maxLr: number | readonly number[];
  totalSteps?: number | null;
  epochs?: number | null;
  stepsPerEpoch?: number | null;
  pctStart?: number;
  annealStrategy?: 'cos' | 'linear';
  cycleMomentum?: boolean;
  baseMomentum?: number | readonly number[];
  maxMomentum?: number | readonly number[];
  divFactor?: number;
  finalDivFactor?: number;
  threePhase?: boolean;
}

/** The 1cycle policy: warm up to `maxLr`, then anneal far below the initial lr; step it every batch. */
export class OneCycleLR extends LRScheduler {
  totalSteps: number;
  _schedulePhases: Phase[];
  annealStrategy: 'cos' | 'linear';
  cycleMomentum: boolean;
  useBeta1?: boolean;

  constructor(optimizer: Optimizer, opts: OneCycleLROptions) {
    super(optimizer);
    const lastEpoch = opts.lastEpoch ?? -1;
    const { totalSteps, epochs, stepsPerEpoch } = opts;
    if (totalSteps == null && epochs == null && stepsPerEpoch == null)
      throw new Error('You must define either total_steps OR (epochs AND steps_per_epoch)');
    if (totalSteps != null) {
      if (totalSteps <= 0 || !Number.isInteger(totalSteps)) throw new Error(`Expected positive integer total_steps, but got ${totalSteps}`);
      this.totalSteps = totalSteps;
    } else {
      if (epochs == null || epochs <= 0 || !Number.isInteger(epochs)) throw new Error(`Expected positive integer epochs, but got ${epochs}`);
      if (stepsPerEpoch == null || stepsPerEpoch <= 0 || !Number.isInteger(stepsPerEpoch))
        throw new Error(`Expected positive integer steps_per_epoch, but got ${stepsPerEpoch}`);
      this.totalSteps = epochs * stepsPerEpoch;
    }
    const pct = opts.pctStart ?? 0.3;
    const T = this.totalSteps;
    this._schedulePhases = opts.threePhase
      ? [
          { end_step: pct * T - 1, start_lr: 'initial_lr', end_lr: 'max_lr', start_momentum: 'max_momentum', end_momentum: 'base_momentum' },
          { end_step: 2 * pct * T - 2, start_lr: 'max_lr', end_lr: 'initial_lr', start_momentum: 'base_momentum', end_momentum: 'max_momentum' },
          { end_step: T - 1, start_lr: 'initial_lr', end_lr: 'min_lr', start_momentum: 'max_momentum', end_momentum: 'max_momentum' },
        ]
      : [
          { end_step: pct * T - 1, start_lr: 'initial_lr', end_lr: 'max_lr', start_momentum: 'max_momentum', end_momentum: 'base_momentum' },
          { end_step: T - 1, start_lr: 'max_lr', end_lr: 'min_lr', start_momentum: 'base_momentum', end_momentum: 'max_momentum' },
        ];
    if (pct < 0 || pct > 1) throw new Error(`Expected float between 0 and 1 pct_start, but got ${pct}`);
    const strategy = opts.annealStrategy ?? 'cos';
    if (strategy !== 'cos' && strategy !== 'linear') throw new Error(`anneal_strategy must by one of 'cos' or 'linear', instead got ${strategy}`);
    this.annealStrategy = strategy;
    const maxLrs = formatParam('max_lr', optimizer, opts.maxLr);
    const divFactor = opts.divFactor ?? 25, finalDivFactor = opts.finalDivFactor ?? 1e4;
    if (lastEpoch === -1)
      optimizer.paramGroups.forEach((g, i) => {
        g.initial_lr = maxLrs[i] / divFactor;
        g.max_lr = maxLrs[i];
        g.min_lr = g.initial_lr / finalDivFactor;
      });
    this.cycleMomentum = opts.cycleMomentum ?? true;
    if (this.cycleMomentum) {
      if (!('momentum' in optimizer.defaults) && !('betas' in optimizer.defaults))
        throw new Error('optimizer must support momentum with `cycle_momentum` option enabled');
      this.useBeta1 = 'betas' in optimizer.defaults;
      const maxM = formatParam('max_momentum', optimizer, opts.maxMomentum ?? 0.95);
      const baseM = formatParam('base_momentum', optimizer, opts.baseMomentum ?? 0.85);
      if (lastEpoch === -1)
        optimizer.paramGroups.forEach((g, i) => {
          if (this.useBeta1) g.betas = [maxM[i], ...g.betas.slice(1)];
          else g.momentum = maxM[i];
          g.max_momentum = maxM[i];
          g.base_momentum = baseM[i];
        });
    }
    this._init(lastEpoch, opts.verbose ?? false);
  }

  private _anneal(start: number, end: number, pct: number): number {
    if (this.annealStrategy === 'cos') return end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
    return (end - start) * pct + start;
  }

  getLr(): number[] {
    const stepNum = this.lastEpoch;
    if (stepNum > this.totalSteps) throw new Error(`Tried to step ${stepNum + 1} times. The specified number of total steps is ${this.totalSteps}`);
    return this.optimizer.paramGroups.map((group) => {
      let startStep = 0;
      let lr = 0, momentum = 0;
      const phases = this._schedulePhases;
      for (let i = 0; i < phases.length; i++) {
        const phase = phases[i];
        const endStep = phase.end_step;
        if (stepNum <= endStep || i === phases.length - 1) {
          const pct = (stepNum - startStep) / (endStep - startStep);
          lr = this._anneal(group[phase.start_lr], group[phase.end_lr], pct);
          if (this.cycleMomentum) momentum = this._anneal(group[phase.start_momentum], group[phase.end_momentum], pct);
          break;
        }
        startStep = phase.end_step;
      }
      if (this.cycleMomentum) {
        if (this.useBeta1) group.betas = [momentum, ...group.betas.slice(1)];
        else group.momentum = momentum;
      }
      return lr;
    });
  }

  override stateDict(): Record<string, unknown> {
    // PyTorch's holds the bound anneal method instead of the strategy's name
    return attributesOf(this, ['annealStrategy']);
  }
}

/** A scheduler that drives others: PyTorch saves each inner scheduler's own state dict in `_schedulers`. */
type SchedulerOfSchedulers = LRScheduler & { _schedulers: LRScheduler[] };

function schedulersStateDict(s: SchedulerOfSchedulers): Record<string, unknown> {
  return { ...attributesOf(s, ['_schedulers']), _schedulers: s._schedulers.map((x) => x.stateDict()) };
}

function loadSchedulersState(s: SchedulerOfSchedulers, sd: Record<string, unknown> | Map<string, unknown>): void {
  const subs = loadAttributesBut(s, sd, '_schedulers') as Record<string, unknown>[];
  subs.forEach((x, i) => s._schedulers[i].loadStateDict(x));
}

/** Runs `schedulers` one after another, switching at each milestone epoch. */
export class SequentialLR extends LRScheduler {
  _schedulers: LRScheduler[];
  _milestones: number[];

  constructor(optimizer: Optimizer, opts: { schedulers: LRScheduler[]; milestones: readonly number[] } & SchedulerOptions) {
    super(optimizer);
    const { schedulers, milestones } = opts;
    schedulers.forEach((s, i) => {
      if (s.optimizer !== optimizer)
        throw new Error(`Sequential Schedulers expects all schedulers to belong to the same optimizer, but got schedulers at index ${i} to be different than the optimizer passed in.`);
    });
    if (milestones.length !== schedulers.length - 1)
      throw new Error(
        `Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, but got number of schedulers ${schedulers.length} and the number of milestones to be equal to ${milestones.length}`,
      );
    this._schedulers = schedulers;
    this._milestones = [...milestones];
    this.lastEpoch = (opts.lastEpoch ?? -1) + 1;
    // reset the learning rate back to the initial one and undo the other schedulers' first steps
    for (const g of optimizer.paramGroups) g.lr = g.initial_lr;
    for (const s of schedulers) s.lastEpoch -= 1;
    schedulers[0]._initialStep();
    this._lastLr = schedulers[0].getLastLr();
  }

  getLr(): number[] {
    return this._lastLr;
  }

  override step(): void {
    this.lastEpoch += 1;
    let idx = 0;
    while (idx < this._milestones.length && this._milestones[idx] <= this.lastEpoch) idx++;
    const scheduler = this._schedulers[idx];
    if (idx > 0 && this._milestones[idx - 1] === this.lastEpoch) scheduler.step(0);
    else scheduler.step();
    this._lastLr = scheduler.getLastLr();
  }

  override stateDict(): Record<string, unknown> {
    return schedulersStateDict(this);
  }

  override loadStateDict(stateDict: Record<string, unknown> | Map<string, unknown>): void {
    loadSchedulersState(this, stateDict);
  }
}

/** Steps every scheduler in the list on each `step()`, multiplying their effects. */
export class ChainedScheduler extends LRScheduler {
  _schedulers: LRScheduler[];

  constructor(schedulers: LRScheduler[]) {
    super(schedulers[0].optimizer);
    for (let i = 1; i < schedulers.length; i++)
      if (schedulers[i].optimizer !== schedulers[0].optimizer)
        throw new Error(`ChainedScheduler expects all schedulers to belong to the same optimizer, but got schedulers at index 0 and ${i} to be different`);
    this._schedulers = [...schedulers];
    this._lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  getLr(): number[] {
    return this._lastLr;
  }

  override step(): void {
    for (const s of this._schedulers) s.step();
    this._lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  override stateDict(): Record<string, unknown> {
    return schedulersStateDict(this);
  }

  override loadStateDict(stateDict: Record<string, unknown> | Map<string, unknown>): void {
    loadSchedulersState(this, stateDict);
  }
}

/** Options of {@link ReduceLROnPlateau}. */
export interface ReduceLROnPlateauOptions {
  mode?: 'min' | 'max';
  factor?: number;
  patience?: number;
  threshold?: number;
  thresholdMode?: 'rel' | 'abs';
  cooldown?: number;
  minLr?: number | readonly number[];
  eps?: number;
  verbose?: boolean;
}

/** Reduces the lr by `factor` when a metric has stopped improving for `patience` epochs. */
export class ReduceLROnPlateau {
  factor: number;
  optimizer: Optimizer;
  minLrs: number[];
  patience: number;
  verbose: boolean;
  cooldown: number;
  cooldownCounter = 0;
  mode: 'min' | 'max';
  threshold: number;
  thresholdMode: 'rel' | 'abs';
  best = Infinity;
  numBadEpochs = 0;
  modeWorse = Infinity;
  eps: number;
  lastEpoch = 0;
  /** @internal */ declare _lastLr: number[];

  constructor(optimizer: Optimizer, opts: ReduceLROnPlateauOptions = {}) {
    const factor = opts.factor ?? 0.1;
    if (factor >= 1) throw new Error('Factor should be < 1.0.');
    this.factor = factor;
    if (!(optimizer instanceof Optimizer)) throw new TypeError(`${(optimizer as object)?.constructor?.name} is not an Optimizer`);
    this.optimizer = optimizer;
    const minLr = opts.minLr ?? 0;
    if (Array.isArray(minLr)) {
      if (minLr.length !== optimizer.paramGroups.length)
        throw new Error(`expected ${optimizer.paramGroups.length} min_lrs, got ${minLr.length}`);
      this.minLrs = [...minLr];
    } else {
      this.minLrs = new Array(optimizer.paramGroups.length).fill(minLr);
    }
    this.patience = opts.patience ?? 10;
    this.verbose = opts.verbose ?? false;
    this.cooldown = opts.cooldown ?? 0;
    this.mode = opts.mode ?? 'min';
    this.threshold = opts.threshold ?? 1e-4;
    this.thresholdMode = opts.thresholdMode ?? 'rel';
    this.eps = opts.eps ?? 1e-8;
    this._initIsBetter();
    this._reset();
  }

  private _reset(): void {
    this.best = this.modeWorse;
    this.cooldownCounter = 0;
    this.numBadEpochs = 0;
  }

  private _initIsBetter(): void {
    if (this.mode !== 'min' && this.mode !== 'max') throw new Error('mode ' + this.mode + ' is unknown!');
    if (this.thresholdMode !== 'rel' && this.thresholdMode !== 'abs') throw new Error('threshold mode ' + this.thresholdMode + ' is unknown!');
    this.modeWorse = this.mode === 'min' ? Infinity : -Infinity;
  }

  /** Records this epoch's metric (a number or a 0-dim tensor) and reduces the lr if it plateaued. */
  step(metrics: number | { item(): number }, epoch?: number): void {
    const current = typeof metrics === 'number' ? metrics : metrics.item();
    this.lastEpoch = epoch ?? this.lastEpoch + 1;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.inCooldown) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0; // ignore any bad epochs in cooldown
    }
    if (this.numBadEpochs > this.patience) {
      this._reduceLr(this.lastEpoch);
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this._lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  private _reduceLr(epoch: number): void {
    this.optimizer.paramGroups.forEach((g, i) => {
      const oldLr = Number(g.lr);
      const newLr = Math.max(oldLr * this.factor, this.minLrs[i]);
      if (oldLr - newLr > this.eps) {
        g.lr = newLr;
        if (this.verbose) console.log(`Epoch ${String(epoch).padStart(5, '0')}: reducing learning rate of group ${i} to ${pyExp(newLr)}.`);
      }
    });
  }

  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  /** Whether metric `a` improves on `best` by more than the threshold. */
  isBetter(a: number, best: number): boolean {
    if (this.mode === 'min' && this.thresholdMode === 'rel') return a < best * (1 - this.threshold);
    if (this.mode === 'min') return a < best - this.threshold;
    if (this.thresholdMode === 'rel') return a > best * (this.threshold + 1);
    return a > best + this.threshold;
  }

  /** The learning rates after the last step, one per group. */
  getLastLr(): number[] {
    return this._lastLr;
  }

  stateDict(): Record<string, unknown> {
    return attributesOf(this);
  }

  loadStateDict(stateDict: Record<string, unknown> | Map<string, unknown>): void {
    loadAttributes(this, stateDict);
    this._initIsBetter();
  }
}

/** PyTorch 1.13's name for {@link LRScheduler}. */
export { LRScheduler as _LRScheduler };
