/**
 * Containers (torch/nn/modules/container.py): Sequential, ModuleList, ModuleDict,
 * ParameterList, ParameterDict. Children are registered under PyTorch's keys ('0', '1', ...
 * or the given names), so state-dict keys match (`0.weight`, `features.3.bias`).
 * @module
 */
import { Tensor } from '@tensile/core';
import { Module } from './module';
import { Parameter } from './parameter';

function normIndex(idx: number, n: number, what = 'index'): number {
  if (!Number.isInteger(idx)) throw new TypeError(`${what} must be an integer`);
  if (idx < -n || idx >= n) throw new RangeError(`index ${idx} is out of range`);
  return idx < 0 ? idx + n : idx;
}

/** Python slice `'start:stop:step'` → the selected indices of 0..n−1. */
function sliceIndices(spec: string, n: number): number[] {
  const parts = spec.split(':');
  if (parts.length < 2 || parts.length > 3) throw new Error(`invalid slice '${spec}'`);
  const step = parts[2] ? Number(parts[2]) : 1;
  if (step === 0) throw new Error('slice step cannot be zero');
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
  const conv = (s: string, dflt: number) => {
    if (s === '') return dflt;
    let v = Number(s);
    if (v < 0) v += n;
    return step > 0 ? clamp(v, 0, n) : clamp(v, -1, n - 1);
  };
  const start = conv(parts[0], step > 0 ? 0 : n - 1);
  const stop = conv(parts[1], step > 0 ? n : -1);
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}

/**
 * Runs its modules in order, each on the previous one's output:
 * `new nn.Sequential(new nn.Linear(10, 5), new nn.ReLU())`, or from named modules
 * `new nn.Sequential({ fc: new nn.Linear(10, 5), act: new nn.ReLU() })` (a `Map` works too).
 */
export class Sequential extends Module {
  constructor(...modules: (Module | Record<string, Module> | Map<string, Module>)[]) {
    super();
    if (modules.length === 1 && !(modules[0] instanceof Module)) {
      const named = modules[0] instanceof Map ? [...modules[0]] : Object.entries(modules[0]);
      for (const [k, m] of named) this.addModule(k, m);
    } else modules.forEach((m, i) => this.addModule(String(i), m as Module));
  }
  private _entries(): [string, Module][] {
    return this._own('module').filter((e): e is [string, Module] => e[1] instanceof Module);
  }
  get length(): number {
    return this._own('module').length;
  }
  /** `seq[i]` (negative counts from the end) or `seq['1:']`, a Sequential of the slice. */
  get(idx: number): Module;
  get(idx: string): Sequential;
  get(idx: number | string): Module | Sequential {
    const entries = this._own('module') as [string, Module][];
    if (typeof idx === 'string') return new Sequential(new Map(sliceIndices(idx, entries.length).map((i) => entries[i])));
    return entries[normIndex(idx, entries.length)][1];
  }
  /** `seq[i] = module`. */
  set(idx: number, module: Module): void {
    const entries = this._own('module');
    this.addModule(entries[normIndex(idx, entries.length)][0], module);
  }
  /** `del seq[i]`; the remaining modules keep their keys, as in PyTorch. */
  delete(idx: number): void {
    const entries = this._own('module');
    this._removeMember(entries[normIndex(idx, entries.length)][0]);
  }
  append(module: Module): this {
    this.addModule(String(this.length), module);
    return this;
  }
  /** Inserts before position `index`, shifting later modules' keys up by one. */
  insert(index: number, module: Module): this {
    if (!(module instanceof Module)) throw new Error(`module should be of type: ${Module.name}`);
    const n = this.length;
    if (index < -n || index > n) throw new RangeError(`Index out of range: ${index}`);
    if (index < 0) index += n;
    const self = this as unknown as Record<string, Module>;
    for (let i = n; i > index; i--) this.addModule(String(i), self[String(i - 1)]);
    this.addModule(String(index), module);
    return this;
  }
  extend(modules: Iterable<Module>): this {
    for (const m of modules) this.append(m);
    return this;
  }
  /** Removes and returns the module at `idx`. */
  pop(idx = -1): Module {
    const m = this.get(idx);
    this.delete(idx);
    return m;
  }
  [Symbol.iterator](): Iterator<Module> {
    return this._entries().map(([, m]) => m)[Symbol.iterator]();
  }
  override forward(input: any): any {
    let x = input;
    for (const m of this) x = m.forward(x);
    return x;
  }
}

/** A list of submodules registered under '0', '1', ... (PyTorch's `nn.ModuleList`). */
export class ModuleList extends Module {
  constructor(modules: Iterable<Module> = []) {
    super();
    this.extend(modules);
  }
  get length(): number {
    return this._own('module').length;
  }
  get(idx: number): Module;
  get(idx: string): ModuleList;
  get(idx: number | string): Module | ModuleList {
    const entries = this._own('module') as [string, Module][];
    if (typeof idx === 'string') return new ModuleList(sliceIndices(idx, entries.length).map((i) => entries[i][1]));
    return entries[normIndex(idx, entries.length)][1];
  }
  set(idx: number, module: Module): void {
    this.addModule(String(normIndex(idx, this.length)), module);
  }
  /** `del list[i]`; later modules are renumbered, as in PyTorch. */
  delete(idx: number): void {
    const mods = [...this];
    const i = normIndex(idx, mods.length);
    mods.splice(i, 1);
    for (let k = 0; k <= mods.length; k++) this._removeMember(String(k));
    mods.forEach((m, k) => this.addModule(String(k), m));
  }
  append(module: Module): this {
    this.addModule(String(this.length), module);
    return this;
  }
  extend(modules: Iterable<Module>): this {
    for (const m of modules) this.append(m);
    return this;
  }
  insert(index: number, module: Module): void {
    const mods = [...this];
    const n = mods.length;
    let i = index < 0 ? Math.max(0, index + n) : Math.min(index, n);
    mods.splice(i, 0, module);
    for (i = 0; i < mods.length; i++) this.addModule(String(i), mods[i]);
  }
  pop(idx = -1): Module {
    const m = this.get(idx);
    this.delete(idx);
    return m;
  }
  [Symbol.iterator](): Iterator<Module> {
    return (this._own('module').map(([, m]) => m) as Module[])[Symbol.iterator]();
  }
}

/** Submodules by name (PyTorch's `nn.ModuleDict`); iteration yields the keys. */
export class ModuleDict extends Module {
  constructor(modules?: Record<string, Module> | Map<string, Module> | Iterable<[string, Module]>) {
    super();
    if (modules) this.update(modules);
  }
  get length(): number {
    return this._own('module').length;
  }
  get(key: string): Module {
    const m = this._own('module').find(([k]) => k === key);
    if (!m) throw new Error(`KeyError: '${key}'`);
    return m[1] as Module;
  }
  set(key: string, module: Module): void {
    this.addModule(key, module);
  }
  has(key: string): boolean {
    return this._own('module').some(([k]) => k === key);
  }
  delete(key: string): void {
    this.get(key);
    this._removeMember(key);
  }
  pop(key: string): Module {
    const m = this.get(key);
    this._removeMember(key);
    return m;
  }
  clear(): void {
    for (const k of this.keys()) this._removeMember(k);
  }
  keys(): string[] {
    return this._own('module').map(([k]) => k);
  }
  values(): Module[] {
    return this._own('module').map(([, m]) => m as Module);
  }
  items(): [string, Module][] {
    return this._own('module') as [string, Module][];
  }
  update(modules: Record<string, Module> | Map<string, Module> | Iterable<[string, Module]>): void {
    const entries = modules instanceof Map || Symbol.iterator in Object(modules) ? [...(modules as Iterable<[string, Module]>)] : Object.entries(modules);
    for (const [k, m] of entries) this.addModule(k, m);
  }
  [Symbol.iterator](): Iterator<string> {
    return this.keys()[Symbol.iterator]();
  }
}

function asParameter(t: Tensor): Tensor {
  return t instanceof Parameter ? t : new Parameter(t);
}

function paramLine(key: string, p: unknown): string {
  if (p instanceof Tensor) {
    const size = p.shape.join('x');
    const dev = p.device === 'cpu' ? '' : ` (GPU ${p.device.split(':')[1] ?? 0})`;
    return `  (${key}): ${p instanceof Parameter ? 'Parameter' : 'Tensor'} containing: [torch.${p.dtype} of size ${size}${dev}]`;
  }
  return `  (${key}): Object of type: ${typeof p}`;
}

/** Parameters registered under '0', '1', ... (PyTorch's `nn.ParameterList`); plain tensors become Parameters. */
export class ParameterList extends Module {
  constructor(values: Iterable<Tensor> = []) {
    super();
    this.extend(values);
  }
  get length(): number {
    return this._own('param').length;
  }
  get(idx: number): Parameter {
    const entries = this._own('param');
    return entries[normIndex(idx, entries.length)][1] as Parameter;
  }
  set(idx: number, param: Tensor): void {
    this.registerParameter(String(normIndex(idx, this.length)), asParameter(param) as Parameter);
  }
  append(value: Tensor): this {
    this.registerParameter(String(this.length), asParameter(value) as Parameter);
    return this;
  }
  extend(values: Iterable<Tensor>): this {
    for (const v of values) this.append(v);
    return this;
  }
  [Symbol.iterator](): Iterator<Parameter> {
    return (this._own('param').map(([, p]) => p) as Parameter[])[Symbol.iterator]();
  }
  override extraRepr(): string {
    return this._own('param').map(([k, p]) => paramLine(k, p)).join('\n');
  }
}

/** Parameters by name (PyTorch's `nn.ParameterDict`); iteration yields the keys. */
export class ParameterDict extends Module {
  constructor(parameters?: Record<string, Tensor> | Map<string, Tensor>) {
    super();
    if (parameters) this.update(parameters);
  }
  get length(): number {
    return this._own('param').length;
  }
  get(key: string): Parameter {
    const e = this._own('param').find(([k]) => k === key);
    if (!e) throw new Error(`KeyError: '${key}'`);
    return e[1] as Parameter;
  }
  set(key: string, value: Tensor): void {
    this.registerParameter(key, asParameter(value) as Parameter);
  }
  has(key: string): boolean {
    return this._own('param').some(([k]) => k === key);
  }
  delete(key: string): void {
    this.get(key);
    this._removeMember(key);
  }
  pop(key: string): Parameter {
    const p = this.get(key);
    this._removeMember(key);
    return p;
  }
  keys(): string[] {
    return this._own('param').map(([k]) => k);
  }
  values(): Parameter[] {
    return this._own('param').map(([, p]) => p as Parameter);
  }
  items(): [string, Parameter][] {
    return this._own('param') as [string, Parameter][];
  }
  update(parameters: Record<string, Tensor> | Map<string, Tensor>): void {
    const entries = parameters instanceof Map ? [...parameters] : Object.entries(parameters);
    for (const [k, v] of entries) this.set(k, v);
  }
  [Symbol.iterator](): Iterator<string> {
    return this.keys()[Symbol.iterator]();
  }
  override extraRepr(): string {
    return this._own('param').map(([k, p]) => paramLine(k, p)).join('\n');
  }
}
