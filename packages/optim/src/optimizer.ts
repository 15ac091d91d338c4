/**
 * The optimizer base class (PyTorch's `torch.optim.Optimizer`): parameter groups with per-group
 * options, lazily created per-parameter state, `zeroGrad`, and state dicts in PyTorch's layout.
 * @module
 */
import * as torch from '@tensile/core';

type Tensor = torch.Tensor;

/**
 * One parameter group: its tensors and its options under PyTorch's keys (`lr`, `betas`,
 * `weight_decay`, `initial_lr` ...), exactly as they appear in a state dict's `param_groups`.
 */
export interface ParamGroup {
  params: Tensor[];
  lr: number;
  // Group options are PyTorch's dict entries; schedulers add their own (initial_lr, max_lr ...).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [option: string]: any;
}

/**
 * A group as given to a constructor or {@link Optimizer.addParamGroup}: `params` may be one
 * tensor or any iterable (a generator such as `model.parameters()`); option keys may be
 * camelCase (`weightDecay`) or PyTorch's snake_case (`weight_decay`).
 */
export interface ParamGroupInput {
  params: Tensor | Iterable<Tensor>;
  [option: string]: unknown;
}

/** What an optimizer takes: tensors, or groups of tensors with their own options. */
export type ParamsInput = Iterable<Tensor> | Iterable<ParamGroupInput>;

/** Per-parameter state (`exp_avg`, `step` ...), keyed as in PyTorch. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ParamState = Record<string, any>;

/** A closure that re-evaluates the model and returns the loss. */
export type Closure = () => Tensor | number;

/** The plain-object form of an optimizer's state, as PyTorch's `optimizer.state_dict()`. */
export interface OptimizerStateDict {
  state: Record<number, ParamState>;
  param_groups: Record<string, unknown>[];
}

/** Marks an option without a default (PyTorch's `required`, e.g. SGD's lr). */
export const required: unique symbol = Symbol('required');

/** `weightDecay` → `weight_decay`; snake_case keys pass unchanged. */
export function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
}

/**
 * Base class of all optimizers. Subclasses pass PyTorch's defaults (snake_case keys, in
 * PyTorch's order) and implement {@link Optimizer.step}.
 */
export abstract class Optimizer {
  /** The options each group falls back to, under PyTorch's keys. */
  readonly defaults: Record<string, unknown>;
  /** The parameter groups, each with its options (PyTorch's `param_groups`). */
  paramGroups: ParamGroup[] = [];
  /** Per-parameter state, keyed by the parameter tensor. */
  state: Map<Tensor, ParamState> = new Map();
  /**
   * @internal Use the fused native update kernels where the tensors allow (tests turn this off
   * to check the composed-op path against them).
   */
  _fused = true;
  /** @internal Counts `step()` calls (schedulers read it, as PyTorch's `_step_count`). */
  _stepCount = 0;

  constructor(params: ParamsInput, defaults: Record<string, unknown>) {
    this.defaults = defaults;
    if (params instanceof torch.Tensor)
      throw new TypeError('params argument given to the optimizer should be an iterable of Tensors or dicts, but got torch.Tensor');
    const list = [...(params as Iterable<Tensor | ParamGroupInput>)];
    if (list.length === 0) throw new Error('optimizer got an empty parameter list');
    const groups: ParamGroupInput[] = list[0] instanceof torch.Tensor ? [{ params: list as Tensor[] }] : (list as ParamGroupInput[]);
    for (const g of groups) this.addParamGroup(g);
  }

  /**
   * Adds a group (e.g. layers unfrozen during fine-tuning); options it leaves out take the
   * optimizer's defaults.
   */
  addParamGroup(paramGroup: ParamGroupInput): void {
    if (paramGroup === null || typeof paramGroup !== 'object' || paramGroup instanceof torch.Tensor)
      throw new TypeError('param group must be a dict');
    const raw = paramGroup.params;
    if (raw instanceof Set)
      throw new TypeError('optimizer parameters need to be organized in ordered collections, but the ordering of tensors in sets will change between runs. Please use a list instead.');
    const params = raw instanceof torch.Tensor ? [raw] : [...(raw as Iterable<Tensor>)];
    for (const p of params) {
      if (!(p instanceof torch.Tensor))
        throw new TypeError('optimizer can only optimize Tensors, but one of the params is ' + typeName(p));
      if (!this.defaults.differentiable && !(p.isLeaf || p.retainsGrad)) throw new Error("can't optimize a non-leaf Tensor");
    }
    // PyTorch's order: the group's own keys first, then the defaults it did not set.
    const group: Record<string, unknown> = { params };
    for (const [k, v] of Object.entries(paramGroup)) if (k !== 'params') group[snakeCase(k)] = Array.isArray(v) ? [...v] : v;
    for (const [name, def] of Object.entries(this.defaults)) {
      if (def === required && !(name in group))
        throw new Error("parameter group didn't specify a value of required optimization parameter " + name);
      if (!(name in group)) group[name] = Array.isArray(def) ? [...def] : def;
    }
    if (new Set(params).size !== params.length)
      process.emitWarning('optimizer contains a parameter group with duplicate parameters; in future, this will cause an error; see github.com/pytorch/pytorch/issues/40967 for more information');
    for (const g of this.paramGroups)
      for (const p of g.params) if (params.includes(p)) throw new Error('some parameters appear in more than one parameter group');
    this.paramGroups.push(group as ParamGroup);
  }

  /**
   * Clears the gradients of every parameter: sets them to null (the default, as in PyTorch 2)
   * or, with `setToNone: false`, zeroes them in place.
   */
  zeroGrad(opts: { setToNone?: boolean } = {}): void {
    const setToNone = opts.setToNone ?? true;
    for (const g of this.paramGroups)
      for (const p of g.params) {
        const grad = p.grad;
        if (grad === null) continue;
        if (setToNone) {
          p.grad = null;
        } else {
          if (grad.gradFn !== null) grad.detach_();
          else grad.requiresGrad = false;
          grad.zero_();
        }
      }
  }

  /**
   * Performs one optimization step. `closure`, when given, re-evaluates the model (with
   * gradients enabled) and returns the loss, which `step` returns.
   */
  abstract step(closure?: Closure): Tensor | number | undefined;

  /** @internal The state of `p`, created empty on first use (PyTorch's defaultdict). */
  _stateOf(p: Tensor): ParamState {
    let s = this.state.get(p);
    if (!s) {
      s = {};
      this.state.set(p, s);
    }
    return s;
  }

  /**
   * @internal The parameters of `group` that have a gradient, each with its gradient and state;
   * `init` fills a parameter's empty state first (PyTorch creates state lazily, at the first step
   * that sees a gradient).
   */
  *_withGrads(group: ParamGroup, init: (state: ParamState, p: Tensor) => void): Generator<[Tensor, Tensor, ParamState]> {
    for (const p of group.params) {
      const g = p.grad;
      if (g === null) continue;
      const state = this._stateOf(p);
      if (Object.keys(state).length === 0) init(state, p);
      yield [p, g, state];
    }
  }

  /**
   * @internal Runs the closure under enable_grad, then `update` without gradient recording
   * (or with it when the optimizer is `differentiable`); returns the closure's loss.
   */
  _run(closure: Closure | undefined, update: () => void): Tensor | number | undefined {
    let loss: Tensor | number | undefined;
    if (closure) loss = torch.enableGrad(() => closure());
    if (this.defaults.differentiable) torch.enableGrad(update);
    else torch.noGrad(update);
    this._stepCount++;
    return loss;
  }

  /**
   * The optimizer's state as PyTorch's `state_dict()`: `state` keyed by each parameter's index
   * in group order, and `param_groups` with `params` replaced by those indices. Tensors are the
   * live state tensors (not copies), as in PyTorch.
   */
  stateDict(): OptimizerStateDict {
    const mapping = new Map<Tensor, number>();
    let start = 0;
    const paramGroups = this.paramGroups.map((g) => {
      const packed: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(g)) if (k !== 'params') packed[k] = Array.isArray(v) ? [...v] : v;
      g.params.forEach((p, i) => {
        if (!mapping.has(p)) mapping.set(p, start + i);
      });
      packed.params = g.params.map((p) => mapping.get(p)!);
      start += g.params.length;
      return packed;
    });
    const state: Record<number, ParamState> = {};
    for (const [p, s] of this.state) {
      const idx = mapping.get(p);
      if (idx !== undefined) state[idx] = this._packState(s);
    }
    return { state, param_groups: paramGroups };
  }

  /**
   * Loads a state dict from {@link Optimizer.stateDict} or PyTorch's `optimizer.state_dict()`
   * (as read by `torch.load`): state tensors are copied and cast to their parameter's dtype and
   * device (except `step`), and each group's options are replaced by the saved ones.
   */
  loadStateDict(stateDict: OptimizerStateDict | Map<string, unknown>): void {
    const sd = stateDict instanceof Map ? (Object.fromEntries(stateDict) as unknown as OptimizerStateDict) : stateDict;
    const groups = this.paramGroups;
    const saved = sd.param_groups as Record<string, unknown>[];
    if (groups.length !== saved.length) throw new Error('loaded state dict has a different number of parameter groups');
    for (let i = 0; i < groups.length; i++)
      if (groups[i].params.length !== (saved[i].params as unknown[]).length)
        throw new Error("loaded state dict contains a parameter group that doesn't match the size of optimizer's group");
    const idMap = new Map<string, Tensor>();
    for (let i = 0; i < groups.length; i++) {
      const ids = saved[i].params as (number | string)[];
      ids.forEach((id, j) => idMap.set(String(id), groups[i].params[j]));
    }
    const entries: [string, ParamState][] =
      sd.state instanceof Map ? [...(sd.state as Map<unknown, ParamState>)].map(([k, v]) => [String(k), v]) : Object.entries(sd.state);
    const state = new Map<Tensor, ParamState>();
    for (const [k, v] of entries) {
      const p = idMap.get(k);
      // State not tied to a parameter has nowhere to go in a Map keyed by tensors; PyTorch keeps it
      // under its key, which only legacy checkpoints produce.
      if (!p) continue;
      const s: ParamState = {};
      const src = v instanceof Map ? Object.fromEntries(v) : v;
      for (const [key, value] of Object.entries(src)) s[key] = castState(p, value, key);
      state.set(p, this._unpackState(s));
    }
    this.state = state;
    this.paramGroups = groups.map((g, i) => {
      const ng: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(saved[i])) if (k !== 'params') ng[k] = deepCopy(v);
      ng.params = g.params;
      for (const [name, def] of Object.entries(this.defaults)) if (!(name in ng) && def !== required) ng[name] = deepCopy(def);
      return ng as ParamGroup;
    });
    this._afterLoad();
  }

  /** @internal Per-parameter state as it goes into a state dict (a shallow copy by default). */
  _packState(s: ParamState): ParamState {
    return { ...s };
  }
  /** @internal Per-parameter state as loaded from a state dict. */
  _unpackState(s: ParamState): ParamState {
    return s;
  }
  /** @internal Upgrades loaded state (PyTorch's `__setstate__`), e.g. a numeric `step` to a tensor. */
  _afterLoad(): void {}

  /** PyTorch's repr: the class name and each group's options in sorted order. */
  toString(): string {
    let s = this.constructor.name + ' (';
    this.paramGroups.forEach((g, i) => {
      s += `\nParameter Group ${i}\n`;
      for (const k of Object.keys(g).sort()) if (k !== 'params') s += `    ${k}: ${pyRepr(g[k])}\n`;
    });
    return s + ')';
  }
}

function typeName(v: unknown): string {
  if (v === null) return 'NoneType';
  if (Array.isArray(v)) return 'list';
  return typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'float') : typeof v;
}

function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (Array.isArray(v)) return '(' + v.map(pyRepr).join(', ') + ')';
  if (typeof v === 'number' && Number.isInteger(v) && !Object.is(v, -0)) return String(v);
  return String(v);
}

/** A copy of a loaded state value: tensors copied and cast like PyTorch's `load_state_dict`. */
function castState(param: Tensor, value: unknown, key?: string): unknown {
  if (value instanceof torch.Tensor) {
    let t = value.detach().clone();
    // `step` keeps its dtype and device (pytorch/pytorch#74424).
    if (key !== 'step') {
      if (param.isFloatingPoint()) t = t.to(param.dtype);
      t = t.to(param.device);
    }
    return t;
  }
  if (Array.isArray(value)) return value.map((v) => castState(param, v));
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, castState(param, v, String(k))]));
  if (value !== null && typeof value === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) o[k] = castState(param, v, k);
    return o;
  }
  return value;
}

function deepCopy(v: unknown): unknown {
  if (v instanceof torch.Tensor) return v.detach().clone();
  if (Array.isArray(v)) return v.map(deepCopy);
  return v;
}

/** @internal `step_t += 1` on a 0-dim step tensor (float32 in PyTorch 1.13); returns the new value. */
export function incrementStep(step: Tensor): number {
  if (step.device === 'cpu' && step.numel() === 1) {
    const view = step._typedView() as Float32Array | Float64Array;
    view[0] = (view[0] as number) + 1;
    step._bumpVersion();
    return view[0] as number;
  }
  step.add_(1);
  return step.item();
}

/**
 * @internal The gradient as PyTorch's single-tensor updates start from: negated when maximizing,
 * then with the L2 term (`grad.add(param, alpha=weight_decay)`) when weight decay is set.
 */
export function l2Grad(p: Tensor, g: Tensor, weightDecay: number, maximize = false): Tensor {
  const grad = maximize ? g.neg() : g;
  return weightDecay !== 0 ? grad.add(p, { alpha: weightDecay }) : grad;
}

/** @internal A 0-dim float32 tensor, as PyTorch's `torch.tensor(0.)` for a `step`. */
export function scalarState(value: number): Tensor {
  return torch.tensor(value, { dtype: 'float32' });
}

/** @internal PyTorch's `__setstate__` upgrade: numeric steps from old checkpoints become tensors. */
export function stepsToTensors(opt: Optimizer): void {
  for (const s of opt.state.values()) if (typeof s.step === 'number') s.step = scalarState(s.step);
}
