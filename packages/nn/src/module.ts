/**
 * `nn.Module`: the base class of every layer. It finds its parameters, buffers and submodules
 * among its own properties, in the order they were assigned (which is the state-dict key order,
 * as in PyTorch), and provides traversal, state dicts, device/dtype moves, hooks and the repr.
 * @module
 */
import { inspect } from 'node:util';
import * as torch from '@tensile/core';
import { Tensor, type DType } from '@tensile/core';
import { Parameter } from './parameter';

type Kind = 'param' | 'buffer' | 'module';

/** A handle returned by the `register*Hook` methods; `remove()` unregisters the hook. */
export interface RemovableHandle {
  remove(): void;
}
/** `hook(module, inputs)`: may return replacement inputs (an array, or one value for a single input). */
export type ForwardPreHook = (module: Module, inputs: unknown[]) => unknown;
/** `hook(module, inputs, output)`: may return a replacement output. */
export type ForwardHook = (module: Module, inputs: unknown[], output: unknown) => unknown;
/** `hook(module, gradInput, gradOutput)`: may return replacement gradients for the inputs. */
export type BackwardHook = (module: Module, gradInput: (Tensor | null)[], gradOutput: (Tensor | null)[]) => (Tensor | null)[] | void | undefined;

/** Result of a non-strict {@link Module.loadStateDict}. */
export interface IncompatibleKeys {
  missingKeys: string[];
  unexpectedKeys: string[];
}
/** A state dict: PyTorch's ordered `{ key: tensor }` as a plain object. */
export type StateDict = Record<string, Tensor>;

/** Internal bookkeeping, kept off the enumerable properties that hold members. */
interface ModuleState {
  members: Map<string, Kind>;
  nonPersistent: Set<string>;
  preHooks: Map<number, ForwardPreHook>;
  fwdHooks: Map<number, ForwardHook>;
  bwdHooks: Map<number, BackwardHook>;
  wrapped: boolean;
}

let hookId = 0;

const TYPE_NAMES: Record<string, string> = {
  float32: 'torch.FloatTensor', float64: 'torch.DoubleTensor', float16: 'torch.HalfTensor', bfloat16: 'torch.BFloat16Tensor',
  int8: 'torch.CharTensor', uint8: 'torch.ByteTensor', int16: 'torch.ShortTensor', int32: 'torch.IntTensor',
  int64: 'torch.LongTensor', bool: 'torch.BoolTensor',
};

/** `torch.Size([2, 3])`, as PyTorch's messages print shapes. */
export function sizeString(shape: readonly number[]): string {
  return `torch.Size([${shape.join(', ')}])`;
}

function addIndent(s: string, n: number): string {
  const lines = s.split('\n');
  if (lines.length === 1) return s;
  const first = lines.shift()!;
  return first + '\n' + lines.map((l) => ' '.repeat(n) + l).join('\n');
}

function checkName(name: string, what: string, self: Module): void {
  if (typeof name !== 'string') throw new TypeError(`${what} name should be a string. Got ${typeof name}`);
  if (name.includes('.')) throw new Error(`${what} name can't contain "."`);
  if (name === '') throw new Error(`${what} name can't be empty string ""`);
  void self;
}

/**
 * Base class of all layers (PyTorch's `nn.Module`). Subclasses declare their layers and
 * parameters as properties, as class fields or assigned in the constructor, and a `forward`:
 *
 * ```ts
 * class Net extends nn.Module {
 *   fc1 = new nn.Linear(784, 128);
 *   fc2 = new nn.Linear(128, 10);
 *   forward(x: torch.Tensor) { return this.fc2.forward(nn.functional.relu(this.fc1.forward(x))); }
 * }
 * ```
 * Any property holding a {@link Parameter} is a parameter and any property holding a Module
 * is a submodule; buffers are registered with {@link registerBuffer}. Setting a registered
 * slot to `null` keeps the slot (PyTorch's `None`). Call the module with `module.forward(x)`:
 * registering a hook wraps `forward` so hooks run on that call.
 */
export class Module {
  /** Training mode (`train()`/`eval()`); changes Dropout and BatchNorm behaviour. */
  training = true;
  /** @internal */ declare _state: ModuleState;

  constructor() {
    Object.defineProperty(this, '_state', {
      value: { members: new Map(), nonPersistent: new Set(), preHooks: new Map(), fwdHooks: new Map(), bwdHooks: new Map(), wrapped: false },
      enumerable: false,
      writable: true,
    });
    Object.defineProperty(this, 'training', { value: true, enumerable: false, writable: true });
  }

  /** The computation; subclasses override it. */
  forward(..._args: any[]): any {
    throw new Error(`Module [${this._getName()}] is missing the required "forward" function`);
  }

  // ---- registration ------------------------------------------------------------------------

  /** @internal Picks up members assigned as plain properties since the last look, in definition order. */
  _sync(): Map<string, Kind> {
    const members = this._state.members;
    const self = this as unknown as Record<string, unknown>;
    for (const k of Object.keys(this)) {
      if (members.has(k)) continue;
      const v = self[k];
      if (v instanceof Parameter) members.set(k, 'param');
      else if (v instanceof Module) members.set(k, 'module');
    }
    for (const k of members.keys()) if (!(k in this)) members.delete(k);
    return members;
  }

  private _get(name: string): unknown {
    return (this as unknown as Record<string, unknown>)[name];
  }
  private _set(name: string, value: unknown): void {
    (this as unknown as Record<string, unknown>)[name] = value;
  }

  /** Registers `param` (or a `null` slot) under `name`, as `this[name]`. */
  registerParameter(name: string, param: Parameter | null): void {
    checkName(name, 'parameter', this);
    const members = this._sync();
    if (name in this && members.get(name) !== 'param' && !(members.get(name) === undefined && this._get(name) == null))
      throw new Error(`attribute '${name}' already exists`);
    if (param !== null && !(param instanceof Parameter)) {
      const t = param as unknown;
      const tn = t instanceof Tensor ? TYPE_NAMES[t.dtype] : typeof t;
      throw new TypeError(`cannot assign '${tn}' object to parameter '${name}' (torch.nn.Parameter or None required)`);
    }
    if (param !== null && !param.isLeaf)
      throw new Error(`Cannot assign non-leaf Tensor to parameter '${name}'. Model parameters must be created explicitly.`);
    if (!members.has(name)) members.set(name, 'param');
    this._set(name, param);
  }

  /**
   * Registers a buffer: state that is not a parameter but belongs in the state dict (unless
   * `persistent: false`) and moves with the module, like BatchNorm's `running_mean`.
   */
  registerBuffer(name: string, tensor: Tensor | null, opts: { persistent?: boolean } = {}): void {
    checkName(name, 'buffer', this);
    const members = this._sync();
    if (name in this && members.get(name) !== 'buffer' && !(members.get(name) === undefined && this._get(name) == null))
      throw new Error(`attribute '${name}' already exists`);
    if (tensor !== null && !(tensor instanceof Tensor))
      throw new TypeError(`cannot assign '${typeof tensor}' object to buffer '${name}' (torch Tensor or None required)`);
    if (!members.has(name)) members.set(name, 'buffer');
    if (opts.persistent === false) this._state.nonPersistent.add(name);
    else this._state.nonPersistent.delete(name);
    this._set(name, tensor);
  }

  /** Registers a child module (or a `null` slot) under `name`, as `this[name]`. */
  addModule(name: string, module: Module | null): void {
    if (typeof name !== 'string') throw new TypeError(`module name should be a string. Got ${typeof name}`);
    if (name.includes('.')) throw new Error(`module name can't contain ".", got: ${name}`);
    if (name === '') throw new Error('module name can\'t be empty string ""');
    if (module !== null && !(module instanceof Module)) throw new TypeError(`${typeof module} is not a Module subclass`);
    const members = this._sync();
    if (name in this && members.get(name) !== 'module' && !(members.get(name) === undefined && this._get(name) == null))
      throw new Error(`attribute '${name}' already exists`);
    if (!members.has(name)) members.set(name, 'module');
    this._set(name, module);
  }
  /** Alias of {@link addModule}. */
  registerModule(name: string, module: Module | null): void {
    this.addModule(name, module);
  }

  /** @internal Removes a member and its property (PyTorch's `del module._parameters[name]`). */
  _removeMember(name: string): void {
    this._state.members.delete(name);
    this._state.nonPersistent.delete(name);
    delete (this as unknown as Record<string, unknown>)[name];
  }

  /** @internal own members of one kind, in order, nulls included */
  _own(kind: Kind): [string, unknown][] {
    const out: [string, unknown][] = [];
    for (const [k, kd] of this._sync()) {
      if (kd !== kind) continue;
      const v = this._get(k);
      if (kind === 'param' && v !== null && !(v instanceof Parameter)) continue;
      if (kind === 'buffer' && v !== null && !(v instanceof Tensor)) continue;
      out.push([k, v]);
    }
    return out;
  }

  // ---- traversal ---------------------------------------------------------------------------

  /** Direct submodules with their names (null slots and repeats skipped). */
  namedChildren(): [string, Module][] {
    const seen = new Set<Module>();
    const out: [string, Module][] = [];
    for (const [k, m] of this._own('module')) {
      if (m instanceof Module && !seen.has(m)) {
        seen.add(m);
        out.push([k, m]);
      }
    }
    return out;
  }
  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** This module and all below it, with dotted names ('' for this one), each once. */
  namedModules(opts: { memo?: Set<Module>; prefix?: string; removeDuplicate?: boolean } = {}): [string, Module][] {
    const memo = opts.memo ?? new Set<Module>();
    const prefix = opts.prefix ?? '';
    const removeDuplicate = opts.removeDuplicate ?? true;
    const out: [string, Module][] = [];
    const visit = (m: Module, p: string) => {
      if (removeDuplicate) {
        if (memo.has(m)) return;
        memo.add(m);
      }
      out.push([p, m]);
      for (const [k, c] of m._own('module')) if (c instanceof Module) visit(c, p ? `${p}.${k}` : k);
    };
    visit(this, prefix);
    return out;
  }
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  private _namedMembers(kind: 'param' | 'buffer', prefix: string, recurse: boolean, removeDuplicate: boolean): [string, Tensor][] {
    const mods: [string, Module][] = recurse ? this.namedModules({ prefix, removeDuplicate }) : [[prefix, this]];
    const seen = new Set<Tensor>();
    const out: [string, Tensor][] = [];
    for (const [mp, m] of mods) {
      for (const [k, v] of m._own(kind)) {
        if (!(v instanceof Tensor)) continue;
        if (removeDuplicate) {
          if (seen.has(v)) continue;
          seen.add(v);
        }
        out.push([mp ? `${mp}.${k}` : k, v]);
      }
    }
    return out;
  }

  /** `[name, parameter]` pairs, own first then submodules' (`'fc1.weight'`), each parameter once. */
  namedParameters(opts: { prefix?: string; recurse?: boolean; removeDuplicate?: boolean } = {}): [string, Parameter][] {
    return this._namedMembers('param', opts.prefix ?? '', opts.recurse ?? true, opts.removeDuplicate ?? true) as [string, Parameter][];
  }
  /** All parameters (for an optimizer): `model.parameters()`. */
  parameters(recurse: boolean | { recurse?: boolean } = true): Parameter[] {
    const r = typeof recurse === 'boolean' ? recurse : (recurse.recurse ?? true);
    return this.namedParameters({ recurse: r }).map(([, p]) => p);
  }
  namedBuffers(opts: { prefix?: string; recurse?: boolean; removeDuplicate?: boolean } = {}): [string, Tensor][] {
    return this._namedMembers('buffer', opts.prefix ?? '', opts.recurse ?? true, opts.removeDuplicate ?? true);
  }
  buffers(recurse: boolean | { recurse?: boolean } = true): Tensor[] {
    const r = typeof recurse === 'boolean' ? recurse : (recurse.recurse ?? true);
    return this.namedBuffers({ recurse: r }).map(([, b]) => b);
  }

  /** The submodule at a dotted path (`'layer1.0.conv1'`). */
  getSubmodule(target: string): Module {
    if (target === '') return this;
    let mod: Module = this;
    for (const item of target.split('.')) {
      const next = mod._get(item);
      if (!(next instanceof Module)) {
        if (next === undefined) throw new Error(`${mod._getName()} has no attribute \`${item}\``);
        throw new Error(`\`${item}\` is not an nn.Module`);
      }
      mod = next;
    }
    return mod;
  }
  /** The parameter at a dotted path (`'fc.weight'`). */
  getParameter(target: string): Parameter {
    const i = target.lastIndexOf('.');
    const mod = this.getSubmodule(i < 0 ? '' : target.slice(0, i));
    const name = target.slice(i + 1);
    const p = mod._get(name);
    if (p === undefined) throw new Error(`${mod._getName()} has no attribute \`${name}\``);
    if (!(p instanceof Parameter)) throw new Error(`\`${name}\` is not an nn.Parameter`);
    return p;
  }
  /** The buffer at a dotted path (`'bn.running_mean'`). */
  getBuffer(target: string): Tensor {
    const i = target.lastIndexOf('.');
    const mod = this.getSubmodule(i < 0 ? '' : target.slice(0, i));
    const name = target.slice(i + 1);
    if (mod._sync().get(name) !== 'buffer') throw new Error(`\`${name}\` is not a buffer`);
    return mod._get(name) as Tensor;
  }

  // ---- modes and in-place changes ----------------------------------------------------------

  /** Sets training mode on this module and all below it. */
  train(mode = true): this {
    if (typeof mode !== 'boolean') throw new Error('training mode is expected to be boolean');
    this.training = mode;
    for (const c of this.children()) c.train(mode);
    return this;
  }
  /** `train(false)`. */
  eval(): this {
    return this.train(false);
  }
  /** Sets `requiresGrad` on every parameter. */
  requiresGrad_(requiresGrad = true): this {
    for (const p of this.parameters()) p.requiresGrad_(requiresGrad);
    return this;
  }
  /** Clears the gradients of all parameters (to `null` by default, as PyTorch 2 does). */
  zeroGrad(opts: { setToNone?: boolean } = {}): void {
    const setToNone = opts.setToNone ?? true;
    for (const p of this.parameters()) {
      if (!p.grad) continue;
      if (setToNone) p.grad = null;
      else {
        const g = p.grad;
        if (g.gradFn) p.grad = g.detach();
        else g.requiresGrad_(false);
        p.grad!.zero_();
      }
    }
  }
  /** Calls `fn` on every submodule (children first) and then on this module. */
  apply(fn: (m: Module) => void): this {
    for (const c of this.children()) c.apply(fn);
    fn(this);
    return this;
  }

  /**
   * Converts parameters (in place, keeping each Parameter object, like PyTorch's
   * `param.data = fn(param)`) and buffers with `fn`, throughout the tree.
   */
  _apply(fn: (t: Tensor) => Tensor): this {
    for (const c of this.children()) c._apply(fn);
    torch.noGrad(() => {
      for (const [k, p] of this._own('param')) {
        if (!(p instanceof Parameter)) continue;
        const np = fn(p);
        if (np !== p) p._setData(np);
        if (p.grad) {
          const ng = fn(p.grad);
          if (ng !== p.grad) p.grad._setData(ng);
        }
        void k;
      }
      for (const [k, b] of this._own('buffer')) if (b instanceof Tensor) this._set(k, fn(b));
    });
    return this;
  }

  /**
   * Moves and/or casts parameters and buffers: `to('cuda')`, `to('float64')`,
   * `to({ device, dtype })` or `to(tensor)`. Only floating-point tensors change dtype.
   */
  to(a: string | Tensor | { device?: string; dtype?: DType }, b?: DType): this {
    let device: string | undefined, dtype: DType | undefined;
    if (a instanceof Tensor) {
      device = a.device;
      dtype = a.dtype;
    } else if (typeof a === 'object') {
      device = a.device;
      dtype = a.dtype;
    } else if ((torch.DTYPES as readonly string[]).includes(a)) dtype = a as DType;
    else device = a;
    if (b) dtype = b;
    if (dtype && !torch.isFloatingPointDtype(dtype))
      throw new Error(`nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=${dtype}`);
    return this._apply((t) => {
      let r = t;
      if (device && r.device !== device) r = r.to(device);
      if (dtype && r.isFloatingPoint() && r.dtype !== dtype) r = r.to(dtype);
      return r;
    });
  }
  cuda(device = 0): this {
    return this.to(`cuda:${device}`);
  }
  cpu(): this {
    return this.to('cpu');
  }
  private _castFloat(dtype: DType): this {
    return this._apply((t) => (t.isFloatingPoint() && t.dtype !== dtype ? t.to(dtype) : t));
  }
  float(): this { return this._castFloat('float32'); }
  double(): this { return this._castFloat('float64'); }
  half(): this { return this._castFloat('float16'); }
  bfloat16(): this { return this._castFloat('bfloat16'); }

  // ---- state dict --------------------------------------------------------------------------

  /**
   * PyTorch's `state_dict()`: parameters and persistent buffers under dotted keys
   * (`fc1.weight`, `bn.running_mean`), own members first, then each submodule in order.
   * Values are detached aliases unless `keepVars`.
   */
  stateDict(opts: { prefix?: string; keepVars?: boolean; destination?: StateDict } = {}): StateDict {
    const dest = opts.destination ?? {};
    const prefix = opts.prefix ?? '';
    const keepVars = opts.keepVars ?? false;
    this._saveToStateDict(dest, prefix, keepVars);
    for (const [k, m] of this._own('module')) if (m instanceof Module) m.stateDict({ destination: dest, prefix: `${prefix}${k}.`, keepVars });
    return dest;
  }

  /** @internal writes this module's own members (overridable, as PyTorch's `_save_to_state_dict`). */
  _saveToStateDict(dest: StateDict, prefix: string, keepVars: boolean): void {
    for (const [k, p] of this._own('param')) if (p instanceof Tensor) dest[prefix + k] = keepVars ? p : p.detach();
    for (const [k, b] of this._own('buffer'))
      if (b instanceof Tensor && !this._state.nonPersistent.has(k)) dest[prefix + k] = keepVars ? b : b.detach();
  }

  /**
   * PyTorch's `load_state_dict`: copies values in place (converting dtype/device), matching
   * keys by dotted path. With `strict` (the default) missing or unexpected keys throw
   * PyTorch's "Error(s) in loading state_dict for ..." message; otherwise they are returned.
   */
  loadStateDict(stateDict: StateDict | Map<string, Tensor>, opts: { strict?: boolean } = {}): IncompatibleKeys {
    const strict = opts.strict ?? true;
    const sd: StateDict = stateDict instanceof Map ? Object.fromEntries(stateDict) : { ...stateDict };
    const missingKeys: string[] = [];
    const unexpectedKeys: string[] = [];
    const errors: string[] = [];
    const load = (m: Module, prefix: string) => {
      m._loadFromStateDict(sd, prefix, missingKeys, unexpectedKeys, errors);
      for (const [k, c] of m._own('module')) if (c instanceof Module) load(c, `${prefix}${k}.`);
    };
    load(this, '');
    if (strict) {
      if (unexpectedKeys.length) errors.unshift(`Unexpected key(s) in state_dict: ${unexpectedKeys.map((k) => `"${k}"`).join(', ')}. `);
      if (missingKeys.length) errors.unshift(`Missing key(s) in state_dict: ${missingKeys.map((k) => `"${k}"`).join(', ')}. `);
    }
    if (errors.length) throw new Error(`Error(s) in loading state_dict for ${this._getName()}:\n\t${errors.join('\n\t')}`);
    return { missingKeys, unexpectedKeys };
  }

  /** @internal loads this module's own members (overridable, as PyTorch's `_load_from_state_dict`). */
  _loadFromStateDict(sd: StateDict, prefix: string, missing: string[], unexpected: string[], errors: string[]): void {
    const local = new Map<string, Tensor>();
    for (const [k, p] of this._own('param')) if (p instanceof Tensor) local.set(k, p);
    for (const [k, b] of this._own('buffer')) if (b instanceof Tensor && !this._state.nonPersistent.has(k)) local.set(k, b);
    for (const [name, param] of local) {
      const key = prefix + name;
      if (!(key in sd)) {
        missing.push(key);
        continue;
      }
      const input = sd[key];
      if (!(input instanceof Tensor)) {
        errors.push(`While copying the parameter named "${key}", expected torch.Tensor or Tensor-like object from checkpoint but received ${typeof input}`);
        continue;
      }
      const sameShape = input.ndim === param.ndim && input.shape.every((s, i) => s === param.shape[i]);
      if (!sameShape) {
        errors.push(`size mismatch for ${key}: copying a param with shape ${sizeString(input.shape)} from checkpoint, the shape in current model is ${sizeString(param.shape)}.`);
        continue;
      }
      try {
        torch.noGrad(() => param.copy_(input));
      } catch (e) {
        errors.push(`While copying the parameter named "${key}", whose dimensions in the model are ${sizeString(param.shape)} and whose dimensions in the checkpoint are ${sizeString(input.shape)}, an exception occurred : (${(e as Error).message}).`);
      }
    }
    const childNames = new Set(this._own('module').map(([k]) => k));
    for (const key of Object.keys(sd)) {
      if (!key.startsWith(prefix)) continue;
      const inputName = key.slice(prefix.length).split('.', 1)[0];
      if (!childNames.has(inputName) && !local.has(inputName)) unexpected.push(key);
    }
  }

  // ---- hooks and the call ------------------------------------------------------------------

  /** Replaces `forward` on this instance by a wrapper that runs the hooks around the original. */
  private _wrapForward(): void {
    if (this._state.wrapped) return;
    this._state.wrapped = true;
    const original = this.forward;
    Object.defineProperty(this, 'forward', {
      value: (...args: unknown[]) => this._callWithHooks(original, args),
      enumerable: false,
      writable: true,
      configurable: true,
    });
  }

  private _callWithHooks(original: (...a: unknown[]) => unknown, args: unknown[]): unknown {
    const st = this._state;
    for (const h of [...st.preHooks.values()]) {
      const r = h(this, args);
      if (r !== undefined) args = Array.isArray(r) ? r : [r];
    }
    const useBwd = st.bwdHooks.size > 0 && torch.isGradEnabled();
    let bwd: FullBackwardState | null = null;
    if (useBwd) {
      bwd = new FullBackwardState(this, [...st.bwdHooks.values()]);
      args = bwd.wrapInputs(args);
    }
    let out = original.apply(this, args);
    for (const h of [...st.fwdHooks.values()]) {
      const r = h(this, args, out);
      if (r !== undefined) out = r;
    }
    if (bwd) bwd.watchOutput(out);
    return out;
  }

  private _addHook<H>(map: Map<number, H>, hook: H): RemovableHandle {
    this._wrapForward();
    const id = hookId++;
    map.set(id, hook);
    return { remove: () => void map.delete(id) };
  }

  /** Registers `hook(module, inputs)`, run before each `forward` call; it may return new inputs. */
  registerForwardPreHook(hook: ForwardPreHook): RemovableHandle {
    return this._addHook(this._state.preHooks, hook);
  }
  /** Registers `hook(module, inputs, output)`, run after each `forward` call; it may return a new output. */
  registerForwardHook(hook: ForwardHook): RemovableHandle {
    return this._addHook(this._state.fwdHooks, hook);
  }
  /**
   * Registers `hook(module, gradInput, gradOutput)`, called when the gradients with respect
   * to the module's tensor inputs have been computed; it may return replacement `gradInput`.
   */
  registerFullBackwardHook(hook: BackwardHook): RemovableHandle {
    return this._addHook(this._state.bwdHooks, hook);
  }

  // ---- printing ----------------------------------------------------------------------------

  /** @internal the class name shown in the repr */
  _getName(): string {
    return this.constructor.name;
  }
  /** The layer's own settings shown inside its repr, e.g. `in_features=10, out_features=5, bias=True`. */
  extraRepr(): string {
    return '';
  }
  /** PyTorch's module repr, nested children indented. */
  toString(): string {
    const extra = this.extraRepr();
    const extraLines = extra ? extra.split('\n') : [];
    const childLines: string[] = [];
    for (const [k, m] of this._own('module')) {
      const s = m instanceof Module ? m.toString() : 'None';
      childLines.push(`(${k}): ${addIndent(s, 2)}`);
    }
    const lines = [...extraLines, ...childLines];
    let main = this._getName() + '(';
    if (lines.length) {
      if (extraLines.length === 1 && childLines.length === 0) main += extraLines[0];
      else main += '\n  ' + lines.join('\n  ') + '\n';
    }
    return main + ')';
  }
  [inspect.custom](): string {
    return this.toString();
  }
}

/**
 * One call's full backward hook state: identity views on the tensor inputs capture the
 * gradients with respect to them, a hook on the output captures the output gradient; the
 * user hooks run once all input gradients have arrived (or at the output, when no input needs
 * a gradient), as PyTorch's `BackwardHook` does.
 */
class FullBackwardState {
  private gradInputs: (Tensor | null)[] = [];
  private gradOutputs: (Tensor | null)[] = [];
  private pending = 0;
  private tensorSlots: number[] = [];
  constructor(private module: Module, private hooks: BackwardHook[]) {}

  wrapInputs(args: unknown[]): unknown[] {
    const out = args.slice();
    args.forEach((a, i) => {
      if (!(a instanceof Tensor)) return;
      const slot = this.gradInputs.length;
      this.gradInputs.push(null);
      this.tensorSlots.push(i);
      if (!a.requiresGrad) return;
      const v = a.viewAs(a);
      this.pending++;
      v.registerHook((g) => {
        this.gradInputs[slot] = g;
        this.pending--;
        if (this.pending === 0) {
          const replaced = this.run();
          if (replaced) return replaced[slot] ?? g.mul(0);
        }
        return undefined;
      });
      out[i] = v;
    });
    return out;
  }

  watchOutput(out: unknown): void {
    const outs = out instanceof Tensor ? [out] : Array.isArray(out) ? out.filter((o): o is Tensor => o instanceof Tensor) : [];
    this.gradOutputs = outs.map(() => null);
    outs.forEach((o, i) => {
      if (!o.requiresGrad) return;
      o.registerHook((g) => {
        this.gradOutputs[i] = g;
        if (this.pending === 0) this.run();
        return undefined;
      });
    });
  }

  private run(): (Tensor | null)[] | undefined {
    let gradIn = this.gradInputs.length ? this.gradInputs : [null];
    let replaced: (Tensor | null)[] | undefined;
    for (const h of this.hooks) {
      const r = h(this.module, gradIn, this.gradOutputs);
      if (r) {
        if (r.length !== gradIn.length)
          throw new Error(`Backward hook returned an invalid number of grad_input, got ${r.length}, but expected ${gradIn.length}`);
        gradIn = r;
        replaced = r;
      }
    }
    return replaced;
  }
}
