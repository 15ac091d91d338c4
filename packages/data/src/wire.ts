/**
 * The wire format between a DataLoader and its workers. Messages travel by the structured-clone
 * algorithm (Node's `advanced` IPC serialization for worker processes, `postMessage` for
 * threads). Tensors are sent as `{ dtype, shape, data }` with `data` a compact typed-array copy
 * and rebuilt with `torch.fromArray` (no second copy); datasets and functions are sent as their
 * {@link WorkerRecipe} and rebuilt by importing their module.
 * @module
 */
import * as torch from '@tensile/core';
import { isPlainObject } from './collate';
import { isPortable, moduleSpecifier, type WorkerRecipe } from './recipe';

const TENSOR = '__tensile_tensor__';
const RECIPE = '__tensile_recipe__';

/** An encoded tensor. */
interface WireTensor {
  [TENSOR]: true;
  dtype: torch.DType;
  shape: number[];
  device: string;
  requiresGrad: boolean;
  data: ArrayBufferView;
}

/** An encoded recipe (module as a specifier string, args encoded). */
interface WireRecipe {
  [RECIPE]: { module: string; export: string; args?: unknown[] };
}

/** Duck-typed tensor check: a dataset module may load another copy of core (CJS beside ESM). */
function isTensorLike(x: unknown): x is torch.Tensor {
  if (x instanceof torch.Tensor) return true;
  return (
    typeof x === 'object' && x !== null && '_storage' in x && typeof (x as torch.Tensor).toArray === 'function' &&
    Array.isArray((x as { _shape?: unknown })._shape) && typeof (x as torch.Tensor).dtype === 'string'
  );
}

/**
 * Encodes a value for a worker message. Buffers that may be transferred (fresh copies made
 * here) are pushed onto `transfer`. `what` names the value in errors.
 */
export function encode(value: unknown, transfer: ArrayBuffer[] = [], what = 'value'): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function') {
      if (isPortable(value)) return encodeRecipe(value.workerRecipe(), transfer, what);
      throw new TypeError(`${what}: a function cannot be sent to a DataLoader worker; give it a workerRecipe (see withWorkerRecipe)`);
    }
    if (typeof value === 'symbol') throw new TypeError(`${what}: a symbol cannot be sent to a DataLoader worker`);
    return value;
  }
  if (isTensorLike(value)) return encodeTensor(value, transfer);
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value;
  if (Array.isArray(value)) return value.map((v, i) => encode(v, transfer, `${what}[${i}]`));
  if (value instanceof Map) {
    const out = new Map<unknown, unknown>();
    for (const [k, v] of value) out.set(k, encode(v, transfer, `${what}.get(${String(k)})`));
    return out;
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = encode(v, transfer, `${what}.${k}`);
    return out;
  }
  if (isPortable(value)) {
    const recipe = value.workerRecipe();
    if (!recipe)
      throw new TypeError(
        `${what}: ${value.constructor.name} cannot be rebuilt in a DataLoader worker: its workerRecipe() returned undefined ` +
          '(implement workerRecipe(), or build it with importDataset(); see docs/data.md)',
      );
    return encodeRecipe(recipe, transfer, what);
  }
  // Dates, RegExps, Sets, Errors... structured clone copies them; other class instances arrive
  // as plain objects (their prototype does not cross, as with any structured clone).
  return value;
}

function encodeRecipe(recipe: WorkerRecipe | undefined, transfer: ArrayBuffer[], what: string): WireRecipe {
  if (!recipe || (typeof recipe.module !== 'string' && !(recipe.module instanceof URL)))
    throw new TypeError(`${what}: workerRecipe() must return { module, export?, args? }`);
  return {
    [RECIPE]: {
      module: moduleSpecifier(recipe.module),
      export: recipe.export ?? 'default',
      ...(recipe.args ? { args: encode([...recipe.args], transfer, `${what} recipe args`) as unknown[] } : {}),
    },
  };
}

function encodeTensor(t: torch.Tensor, transfer: ArrayBuffer[]): WireTensor {
  // float16/bfloat16 have no typed array fromArray accepts: they travel as float32 (exact).
  const half = t.dtype === 'float16' || t.dtype === 'bfloat16';
  const data = (half ? t.detach().float() : t.detach()).toArray();
  transfer.push(data.buffer as ArrayBuffer);
  return { [TENSOR]: true, dtype: t.dtype, shape: [...t.shape], device: t.device, requiresGrad: t.requiresGrad, data };
}

function decodeTensor(w: WireTensor): torch.Tensor {
  let t = torch.fromArray(w.data as torch.TypedArray, w.shape);
  if (t.dtype !== w.dtype) t = t.to(w.dtype);
  if (w.device !== 'cpu') t = t.to(w.device);
  if (w.requiresGrad) t.requiresGrad_(true);
  return t;
}

function isWireTensor(x: object): x is WireTensor {
  return (x as Record<string, unknown>)[TENSOR] === true;
}
function isWireRecipe(x: object): x is WireRecipe {
  return RECIPE in x;
}

/** Rebuilds the tensors of a received value (recipes are not expected in results). */
export function decode(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = decode(value[i]);
    return value;
  }
  if (value instanceof Map) {
    for (const [k, v] of value) value.set(k, decode(v));
    return value;
  }
  if (isWireTensor(value)) return decodeTensor(value);
  if (isPlainObject(value)) {
    for (const k of Object.keys(value)) value[k] = decode(value[k]);
  }
  return value;
}

/** Rebuilds a received value, importing the modules of its recipes (inside a worker). */
export async function revive(value: unknown): Promise<unknown> {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = await revive(value[i]);
    return value;
  }
  if (value instanceof Map) {
    for (const [k, v] of value) value.set(k, await revive(v));
    return value;
  }
  if (isWireTensor(value)) return decodeTensor(value);
  if (isWireRecipe(value)) {
    const r = value[RECIPE];
    let mod: Record<string, unknown>;
    try {
      mod = (await import(r.module)) as Record<string, unknown>;
    } catch (e) {
      throw new Error(`DataLoader worker could not import '${r.module}': ${(e as Error).message}`, { cause: e });
    }
    const exported = r.export in mod ? mod[r.export] : (mod.default as Record<string, unknown> | undefined)?.[r.export];
    if (exported === undefined) throw new Error(`DataLoader worker: module '${r.module}' has no export '${r.export}'`);
    if (!r.args) return exported;
    if (typeof exported !== 'function') throw new TypeError(`DataLoader worker: export '${r.export}' of '${r.module}' is not a class`);
    const args = (await revive(r.args)) as unknown[];
    return new (exported as new (...a: unknown[]) => unknown)(...args);
  }
  if (isPlainObject(value)) {
    for (const k of Object.keys(value)) value[k] = await revive(value[k]);
  }
  return value;
}
