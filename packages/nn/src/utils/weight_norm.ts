/**
 * `nn.utils.weight_norm` / `remove_weight_norm` (the hook-based form): the parameter `name` is
 * replaced by `name_g` (magnitude) and `name_v` (direction), and `name` is recomputed as
 * g · v / ‖v‖ before each forward.
 * @module
 */
import type { Tensor } from '@tensile/core';
import type { Module, RemovableHandle } from '../module';
import { Parameter } from '../parameter';

/** PyTorch's `norm_except_dim(v, 2, dim)`: norms over every dim but `dim`, kept broadcastable. */
export function normExceptDim(v: Tensor, dim: number): Tensor {
  if (dim === -1) return v.norm(2);
  const d = dim < 0 ? dim + v.ndim : dim;
  const moved = v.movedim(d, 0);
  const n = moved.reshape(v.shape[d], -1).norm(2, 1);
  return n.reshape(v.shape.map((s, i) => (i === d ? s : 1)));
}

const handles = new WeakMap<Module, Map<string, { hook: RemovableHandle; dim: number }>>();

function computeWeight(module: Module, name: string, dim: number): Tensor {
  const m = module as unknown as Record<string, Tensor>;
  const g = m[`${name}_g`], v = m[`${name}_v`];
  return v.mul(g.div(normExceptDim(v, dim)));
}

/** Applies weight normalisation to `module[name]` (default `'weight'`, `dim` 0). Returns the module. */
export function weightNorm<M extends Module>(module: M, name = 'weight', dim: number | null = 0): M {
  const d = dim ?? -1;
  const reg = handles.get(module) ?? new Map();
  if (reg.has(name)) throw new Error(`Cannot register two weight_norm hooks on the same parameter ${name}`);
  const m = module as unknown as Record<string, unknown>;
  const weight = m[name];
  if (!(weight instanceof Parameter)) throw new Error(`Module has no parameter named '${name}'`);
  module._removeMember(name);
  module.registerParameter(`${name}_g`, new Parameter(normExceptDim(weight, d).detach()));
  module.registerParameter(`${name}_v`, new Parameter(weight.detach()));
  m[name] = computeWeight(module, name, d);
  const hook = module.registerForwardPreHook((mod) => {
    (mod as unknown as Record<string, unknown>)[name] = computeWeight(mod, name, d);
  });
  reg.set(name, { hook, dim: d });
  handles.set(module, reg);
  return module;
}

/** Undoes {@link weightNorm}: `name` becomes a plain parameter holding the current weight. */
export function removeWeightNorm<M extends Module>(module: M, name = 'weight'): M {
  const reg = handles.get(module);
  const entry = reg?.get(name);
  if (!entry) throw new Error(`weight_norm of '${name}' not found in ${module._getName()}`);
  const w = computeWeight(module, name, entry.dim).detach();
  entry.hook.remove();
  reg!.delete(name);
  module._removeMember(`${name}_g`);
  module._removeMember(`${name}_v`);
  module._removeMember(name);
  module.registerParameter(name, new Parameter(w));
  return module;
}
