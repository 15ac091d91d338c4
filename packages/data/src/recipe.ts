/**
 * Worker recipes: how a DataLoader worker process rebuilds a dataset, a collate function or a
 * worker init function. Functions and class instances cannot cross a process boundary, so a
 * worker imports the module that defines them instead (PyTorch pickles them; we re-import).
 * @module
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * How a worker rebuilds a value: `import(module)`, take the export named `export` (default
 * `'default'`), then, when `args` is given, construct it with `new Export(...args)`; without
 * `args` the export itself is the value (a function, or a dataset instance the module exports).
 *
 * `args` may hold anything the structured-clone algorithm copies (numbers, strings, arrays,
 * plain objects, Maps, typed arrays), tensors, and other datasets or functions that have a
 * recipe themselves (they are rebuilt first).
 *
 * ```ts
 * workerRecipe() { return { module: import.meta.url, export: 'MyData', args: [this.root] }; }
 * ```
 */
export interface WorkerRecipe {
  /** A module a worker can import: `import.meta.url`, a `URL`, an absolute path or a package name. */
  module: string | URL;
  /** The export to take; `'default'` when omitted. */
  export?: string;
  /** Constructor arguments; when present the export is constructed with `new`. */
  args?: readonly unknown[];
}

/** A value (dataset, collate function, worker init function) that workers can rebuild. */
export interface WorkerPortable {
  /** The recipe a worker follows to rebuild this value; `undefined` when it cannot be rebuilt. */
  workerRecipe(): WorkerRecipe | undefined;
}

/**
 * Attaches a recipe to a value so DataLoader workers can rebuild it, and returns the value.
 * Use it for a custom `collateFn` or `workerInitFn` that should run inside the workers:
 *
 * ```ts
 * export const padCollate = withWorkerRecipe((batch) => ..., { module: import.meta.url, export: 'padCollate' });
 * ```
 */
export function withWorkerRecipe<T extends object>(value: T, recipe: WorkerRecipe): T & WorkerPortable {
  Object.defineProperty(value, 'workerRecipe', { value: () => recipe, configurable: true, writable: true });
  return value as T & WorkerPortable;
}

/** True when `value` carries a `workerRecipe()` method. */
export function isPortable(value: unknown): value is WorkerPortable {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { workerRecipe?: unknown }).workerRecipe === 'function'
  );
}

/** The import specifier a worker uses for `module`: file URLs for paths, package names as they are. */
export function moduleSpecifier(module: string | URL): string {
  if (module instanceof URL) return module.href;
  if (/^[a-z][a-z0-9+.-]*:/i.test(module) && !/^[a-z]:[\\/]/i.test(module)) return module; // file:, node:, data:
  if (isAbsolute(module)) return pathToFileURL(module).href;
  if (module.startsWith('./') || module.startsWith('../')) return pathToFileURL(resolve(module)).href;
  return module;
}

/**
 * Imports a dataset module in this process and builds the dataset from it, remembering the
 * recipe so that `numWorkers > 0` loaders can rebuild it in their workers:
 *
 * ```ts
 * const ds = await importDataset(new URL('./my_data.mjs', import.meta.url), 'MyData', [1000]);
 * ```
 */
export async function importDataset<T = unknown>(module: string | URL, exportName = 'default', args: readonly unknown[] = []): Promise<T> {
  const recipe: WorkerRecipe = { module: moduleSpecifier(module), export: exportName, args };
  const mod = (await import(recipe.module as string)) as Record<string, unknown>;
  const Ctor = mod[exportName] as (new (...a: unknown[]) => T) | undefined;
  if (typeof Ctor !== 'function') throw new TypeError(`module '${recipe.module}' has no export '${exportName}' that is a class`);
  const ds = new Ctor(...args) as T & object;
  return withWorkerRecipe(ds, recipe);
}
