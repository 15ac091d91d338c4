/**
 * `nn.utils.spectral_norm` / `remove_spectral_norm` (the hook-based form): the parameter
 * `name` becomes `name_orig`, buffers `name_u`/`name_v` hold the power-iteration vectors, and
 * `name` is recomputed as W / σ(W) before each forward (iterating only in training mode).
 * @module
 */
import * as torch from '@tensile/core';
import type { Tensor } from '@tensile/core';
import { normalize } from '../functional/normalization';
import type { Module, RemovableHandle } from '../module';
import { Parameter } from '../parameter';

interface SpectralState {
  hook: RemovableHandle;
  nPowerIterations: number;
  dim: number;
  eps: number;
}
const states = new WeakMap<Module, Map<string, SpectralState>>();

function toMatrix(w: Tensor, dim: number): Tensor {
  const m = dim === 0 ? w : w.movedim(dim, 0);
  return m.reshape(m.shape[0], -1);
}

function compute(module: Module, name: string, st: Omit<SpectralState, 'hook'>, powerIterate: boolean): Tensor {
  const m = module as unknown as Record<string, Tensor>;
  const weight = m[`${name}_orig`];
  let u = m[`${name}_u`], v = m[`${name}_v`];
  const mat = toMatrix(weight, st.dim);
  if (powerIterate) {
    torch.noGrad(() => {
      for (let i = 0; i < st.nPowerIterations; i++) {
        v.copy_(normalize(mat.t().mv(u), 2, 0, st.eps));
        u.copy_(normalize(mat.mv(v), 2, 0, st.eps));
      }
    });
    if (st.nPowerIterations > 0) {
      u = u.clone();
      v = v.clone();
    }
  }
  const sigma = u.dot(mat.mv(v));
  return weight.div(sigma);
}

/** Applies spectral normalisation to `module[name]`. `dim` defaults to 0 (1 for ConvTranspose layers). */
export function spectralNorm<M extends Module>(module: M, name = 'weight', opts: { nPowerIterations?: number; eps?: number; dim?: number | null } = {}): M {
  const nPowerIterations = opts.nPowerIterations ?? 1;
  if (nPowerIterations <= 0) throw new Error(`Expected n_power_iterations to be positive, but got n_power_iterations=${nPowerIterations}`);
  const eps = opts.eps ?? 1e-12;
  const dim = opts.dim ?? (module._getName().startsWith('ConvTranspose') ? 1 : 0);
  const reg = states.get(module) ?? new Map<string, SpectralState>();
  if (reg.has(name)) throw new Error(`Cannot register two spectral_norm hooks on the same parameter ${name}`);
  const m = module as unknown as Record<string, unknown>;
  const weight = m[name];
  if (!(weight instanceof Parameter)) throw new Error(`Module has no parameter named '${name}'`);
  const [u, v] = torch.noGrad(() => {
    const mat = toMatrix(weight, dim);
    const [h, w] = mat.shape;
    return [
      normalize(torch.empty([h], { dtype: weight.dtype }).normal_(0, 1), 2, 0, eps),
      normalize(torch.empty([w], { dtype: weight.dtype }).normal_(0, 1), 2, 0, eps),
    ];
  });
  module._removeMember(name);
  module.registerParameter(`${name}_orig`, weight);
  m[name] = weight.detach();
  module.registerBuffer(`${name}_u`, u);
  module.registerBuffer(`${name}_v`, v);
  const st = { nPowerIterations, dim, eps };
  const hook = module.registerForwardPreHook((mod) => {
    (mod as unknown as Record<string, unknown>)[name] = compute(mod, name, st, mod.training);
  });
  reg.set(name, { hook, ...st });
  states.set(module, reg);
  return module;
}

/** Undoes {@link spectralNorm}: `name` becomes a plain parameter holding W / σ(W). */
export function removeSpectralNorm<M extends Module>(module: M, name = 'weight'): M {
  const reg = states.get(module);
  const st = reg?.get(name);
  if (!st) throw new Error(`spectral_norm of '${name}' not found in ${module._getName()}`);
  const w = torch.noGrad(() => compute(module, name, st, false));
  st.hook.remove();
  reg!.delete(name);
  for (const k of [`${name}_orig`, `${name}_u`, `${name}_v`, name]) module._removeMember(k);
  module.registerParameter(name, new Parameter(w.detach()));
  return module;
}
