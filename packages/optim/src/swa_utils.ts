/**
 * Stochastic weight averaging (PyTorch's `torch.optim.swa_utils`): {@link AveragedModel} keeps a
 * running average (or an EMA) of a model's weights, {@link SWALR} anneals to a constant SWA
 * learning rate, and {@link updateBn} recomputes batch-norm statistics for the averaged weights.
 *
 * These work with any module shaped like `@tensile/nn`'s `Module` (duck typing: `parameters()`,
 * `buffers()`, `stateDict()`, `loadStateDict()`, `forward()`), so this package does not depend
 * on `@tensile/nn`.
 * @module
 */
import * as torch from '@tensile/core';
import { LRScheduler } from './lr_scheduler';
import type { Optimizer } from './optimizer';

type Tensor = torch.Tensor;

/** The part of `nn.Module` that weight averaging uses. */
export interface AveragableModule {
  parameters(): Iterable<Tensor>;
  buffers(): Iterable<Tensor>;
  stateDict(): Record<string, Tensor>;
  loadStateDict(sd: Record<string, Tensor>, opts?: { strict?: boolean }): unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  forward(...args: any[]): any;
  to?(device: string): unknown;
}

/** `avgFn(averagedParam, modelParam, numAveraged)` → the new averaged value. */
export type AvgFn = (averaged: Tensor, current: Tensor, numAveraged: Tensor) => Tensor;

/** An exponential moving average: `decay * averaged + (1 - decay) * current` (PyTorch 2's get_ema_avg_fn). */
export function getEmaAvgFn(decay = 0.999): AvgFn {
  return (averaged, current) => averaged.mul(decay).add(current, { alpha: 1 - decay });
}

/** Options of {@link AveragedModel}. */
export interface AveragedModelOptions<M> {
  /** Moves the copy to this device. */
  device?: string;
  /** The averaging rule; the default is the equal-weight running mean of SWA. */
  avgFn?: AvgFn | null;
  /** Average buffers (e.g. batch-norm statistics) too, instead of only parameters. */
  useBuffers?: boolean;
  /**
   * Builds the module that holds the average (a fresh instance of the model's architecture),
   * e.g. `() => new Net()`; the model's state dict is then copied into it. Without one the
   * model's class is constructed with no arguments, which suits modules whose constructor
   * needs none; pass a factory otherwise. (PyTorch deep-copies the model instead.)
   */
  copy?: (model: M) => M;
}

/**
 * A copy of `model` whose weights hold the average of the weights it is given:
 * `swa.updateParameters(model)` after each epoch (or step) of training, `swa.forward(x)` to use it.
 */
export class AveragedModel<M extends AveragableModule = AveragableModule> {
  /** The averaged copy (its state-dict keys appear under `module.`). */
  module: M;
  /** How many models have been averaged: an int64 0-dim buffer, as in PyTorch. */
  n_averaged: Tensor;
  avgFn: AvgFn;
  useBuffers: boolean;

  constructor(model: M, opts: AveragedModelOptions<M> = {}) {
    this.module = copyModule(model, opts.copy);
    if (opts.device !== undefined && this.module.to) this.module.to(opts.device);
    this.n_averaged = torch.tensor(0, { dtype: 'int64', device: opts.device ?? 'cpu' });
    this.avgFn = opts.avgFn ?? ((avg, cur, n) => avg.add(cur.sub(avg).div(n.add(1))));
    this.useBuffers = opts.useBuffers ?? false;
  }

  /** Runs the averaged module. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  forward(...args: any[]): any {
    return this.module.forward(...args);
  }

  /** The averaged module's parameters. */
  parameters(): Tensor[] {
    return [...this.module.parameters()];
  }

  /** The averaged module's buffers, then `n_averaged`. */
  buffers(): Tensor[] {
    return [...this.module.buffers(), this.n_averaged];
  }

  /** PyTorch's layout: `n_averaged`, then the module's entries under `module.`. */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = { n_averaged: this.n_averaged };
    for (const [k, v] of Object.entries(this.module.stateDict())) out[`module.${k}`] = v;
    return out;
  }

  /** Loads a state dict from {@link AveragedModel.stateDict} or PyTorch's `AveragedModel.state_dict()`. */
  loadStateDict(sd: Record<string, Tensor> | Map<string, Tensor>, opts: { strict?: boolean } = {}): void {
    const entries = sd instanceof Map ? [...sd] : Object.entries(sd);
    const inner: Record<string, Tensor> = {};
    for (const [k, v] of entries) {
      if (k === 'n_averaged') torch.noGrad(() => this.n_averaged.copy_(v));
      else if (k.startsWith('module.')) inner[k.slice(7)] = v;
      else if (opts.strict ?? true) throw new Error(`Error(s) in loading state_dict for AveragedModel:\n\tUnexpected key(s) in state_dict: "${k}".`);
    }
    this.module.loadStateDict(inner, opts);
  }

  /** Folds `model`'s current weights into the average. */
  updateParameters(model: M): void {
    const mine = this.useBuffers ? [...this.module.parameters(), ...this.module.buffers()] : [...this.module.parameters()];
    const theirs = this.useBuffers ? [...model.parameters(), ...model.buffers()] : [...model.parameters()];
    torch.noGrad(() => {
      const first = this.n_averaged.item() === 0;
      const n = theirs.length < mine.length ? theirs.length : mine.length;
      for (let i = 0; i < n; i++) {
        const pSwa = mine[i];
        const pModel = theirs[i].detach().to(pSwa.device);
        if (first) pSwa.detach().copy_(pModel);
        else pSwa.detach().copy_(this.avgFn(pSwa.detach(), pModel, this.n_averaged.to(pSwa.device)));
      }
      this.n_averaged.add_(1);
    });
  }
}

function copyModule<M extends AveragableModule>(model: M, factory?: (m: M) => M): M {
  let copy: M;
  if (factory) {
    copy = factory(model);
  } else {
    const Ctor = (model as object).constructor as new () => M;
    try {
      copy = new Ctor();
    } catch (e) {
      throw new Error(`AveragedModel could not construct a ${Ctor.name} with no arguments; pass { copy: () => new ${Ctor.name}(...) }: ${(e as Error).message}`);
    }
  }
  if (copy === model) throw new Error('AveragedModel needs a separate copy of the model; the copy factory returned the model itself');
  // copy the values, so the average starts from the model's weights and shares no storage with it
  const sd: Record<string, Tensor> = {};
  for (const [k, v] of Object.entries(model.stateDict())) sd[k] = v.detach().clone();
  copy.loadStateDict(sd);
  return copy;
}

/** A module that `updateBn` can run: batch-norm layers are found among `modules()`. */
export interface BnModel {
  modules(): Iterable<unknown>;
  training: boolean;
  train(mode?: boolean): unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  forward(...args: any[]): any;
}

interface BatchNormLike {
  running_mean: Tensor | null;
  running_var: Tensor | null;
  num_batches_tracked?: Tensor | null;
  momentum: number | null;
}

function isBatchNorm(m: unknown): m is BatchNormLike {
  if (m === null || typeof m !== 'object') return false;
  const o = m as Record<string, unknown>;
  return /BatchNorm/.test(m.constructor.name) && o.running_mean instanceof torch.Tensor && o.running_var instanceof torch.Tensor && 'momentum' in o;
}

/**
 * Recomputes every batch-norm layer's running statistics with one pass over `loader` (each item
 * is the input, or a `[input, ...]` tuple whose first element is), as a cumulative average.
 * Returns a Promise when the loader is only async-iterable.
 */
export function updateBn(loader: Iterable<unknown> | AsyncIterable<unknown>, model: BnModel, device?: string): void | Promise<void> {
  const momenta = new Map<BatchNormLike, number | null>();
  for (const m of model.modules()) {
    if (!isBatchNorm(m)) continue;
    torch.noGrad(() => {
      m.running_mean!.zero_();
      m.running_var!.fill_(1);
    });
    momenta.set(m, m.momentum);
  }
  if (momenta.size === 0) return;
  const wasTraining = model.training;
  model.train();
  for (const m of momenta.keys()) {
    m.momentum = null;
    if (m.num_batches_tracked) torch.noGrad(() => m.num_batches_tracked!.zero_());
  }
  const run = (item: unknown) => {
    let input = Array.isArray(item) ? item[0] : item;
    if (device !== undefined && input instanceof torch.Tensor) input = input.to(device);
    torch.noGrad(() => model.forward(input));
  };
  const finish = () => {
    for (const [m, mom] of momenta) m.momentum = mom;
    model.train(wasTraining);
  };
  if (Symbol.iterator in (loader as object)) {
    for (const item of loader as Iterable<unknown>) run(item);
    finish();
    return;
  }
  return (async () => {
    for await (const item of loader as AsyncIterable<unknown>) run(item);
    finish();
  })();
}

/** Options of {@link SWALR}. */
export interface SWALROptions {
  swaLr: number | readonly number[];
  annealEpochs?: number;
  annealStrategy?: 'cos' | 'linear';
  lastEpoch?: number;
}

/** Anneals each group's lr to its `swa_lr` over `annealEpochs` epochs, then holds it. */
export class SWALR extends LRScheduler {
  annealEpochs: number;
  annealStrategy: 'cos' | 'linear';

  constructor(optimizer: Optimizer, swaLr: number | readonly number[], opts?: Omit<SWALROptions, 'swaLr'>);
  constructor(optimizer: Optimizer, opts: SWALROptions);
  constructor(optimizer: Optimizer, first: number | readonly number[] | SWALROptions, rest: Omit<SWALROptions, 'swaLr'> = {}) {
    super(optimizer);
    const opts: SWALROptions = typeof first === 'number' || Array.isArray(first) ? { ...rest, swaLr: first as number | number[] } : (first as SWALROptions);
    const n = optimizer.paramGroups.length;
    let swaLrs: number[];
    if (Array.isArray(opts.swaLr)) {
      if (opts.swaLr.length !== n)
        throw new Error(`swa_lr must have the same length as optimizer.param_groups: swa_lr has ${opts.swaLr.length}, optimizer.param_groups has ${n}`);
      swaLrs = [...opts.swaLr];
    } else {
      swaLrs = new Array(n).fill(opts.swaLr);
    }
    optimizer.paramGroups.forEach((g, i) => (g.swa_lr = swaLrs[i]));
    const strategy = opts.annealStrategy ?? 'cos';
    if (strategy !== 'cos' && strategy !== 'linear') throw new Error(`anneal_strategy must by one of 'cos' or 'linear', instead got ${strategy}`);
    this.annealStrategy = strategy;
    const annealEpochs = opts.annealEpochs ?? 10;
    if (!Number.isInteger(annealEpochs) || annealEpochs < 0) throw new Error(`anneal_epochs must be equal or greater than 0, got ${annealEpochs}`);
    this.annealEpochs = annealEpochs;
    this._init(opts.lastEpoch ?? -1, false);
  }

  private _anneal(t: number): number {
    return this.annealStrategy === 'cos' ? (1 - Math.cos(Math.PI * t)) / 2 : t;
  }

  getLr(): number[] {
    let step = this._stepCount - 1;
    if (this.annealEpochs === 0) step = Math.max(1, step);
    const prevT = Math.max(0, Math.min(1, (step - 1) / Math.max(1, this.annealEpochs)));
    const prevAlpha = this._anneal(prevT);
    const groups = this.optimizer.paramGroups;
    const prevLrs = groups.map((g) => (prevAlpha === 1 ? g.swa_lr : (g.lr - prevAlpha * g.swa_lr) / (1 - prevAlpha)));
    const t = Math.max(0, Math.min(1, step / Math.max(1, this.annealEpochs)));
    const alpha = this._anneal(t);
    return groups.map((g, i) => g.swa_lr * alpha + prevLrs[i] * (1 - alpha));
  }

  override stateDict(): Record<string, unknown> {
    // PyTorch's holds the bound anneal method instead of the strategy's name
    const sd = super.stateDict();
    delete sd.anneal_strategy;
    return sd;
  }
}
