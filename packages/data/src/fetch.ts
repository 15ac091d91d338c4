/**
 * Fetchers: turn one index (or one index list) into one collated batch, for the in-process
 * loaders and for workers alike (PyTorch's `torch/utils/data/_utils/fetch.py`).
 * @module
 */
import { getItemOf, getItemsOf, isPromiseLike, type MapSource } from './dataset';

/** A collate function; `null` returns the samples uncollated (the loader collates them later). */
export type AnyCollate = ((batch: never) => unknown) | null;

/** Marks an error with the dataset index that raised it (read by workers for their messages). */
export const FAILED_INDEX = Symbol.for('@tensile/data.failedIndex');
/** Marks an error raised by the collate function, with the batch's indices. */
export const FAILED_COLLATE = Symbol.for('@tensile/data.failedCollate');

function tag(e: unknown, key: symbol, value: unknown): unknown {
  if (typeof e === 'object' && e !== null && !(key in e)) {
    try {
      Object.defineProperty(e, key, { value, enumerable: false, configurable: true });
    } catch {
      // frozen error objects keep their message only
    }
  }
  return e;
}

function collateTagged(collateFn: AnyCollate, data: unknown, where: unknown): unknown {
  if (!collateFn) return data;
  try {
    const out = (collateFn as (b: unknown) => unknown)(data);
    if (isPromiseLike(out)) return Promise.resolve(out).catch((e) => { throw tag(e, FAILED_COLLATE, where); });
    return out;
  } catch (e) {
    throw tag(e, FAILED_COLLATE, where);
  }
}

/** Fetches from a map-style dataset. */
export class MapFetcher {
  constructor(
    readonly dataset: MapSource<unknown>,
    readonly autoCollation: boolean,
    readonly collateFn: AnyCollate,
  ) {}

  /** Fetches synchronously; throws if the dataset returns a Promise. */
  fetchSync(index: number | number[]): unknown {
    if (this.autoCollation) {
      const batch = index as number[];
      const items = this.items(batch);
      if (isPromiseLike(items)) throw promiseError(this.dataset, batch, true);
      for (let k = 0; k < items.length; k++) if (isPromiseLike(items[k])) throw promiseError(this.dataset, batch[k], false);
      return collateTagged(this.collateFn, items, batch);
    }
    const item = this.items([index as number]);
    const one = isPromiseLike(item) ? item : item[0];
    if (isPromiseLike(one)) throw promiseError(this.dataset, index as number, false);
    return collateTagged(this.collateFn, one, index);
  }

  /**
   * Fetches, loading every item of the batch concurrently when `getItem` is async; the result
   * is a value when every item was synchronous (so a worker can reply at once), else a Promise.
   */
  fetch(index: number | number[]): unknown {
    if (this.autoCollation) {
      const batch = index as number[];
      const items = this.items(batch);
      if (isPromiseLike(items)) return Promise.resolve(items).then((data) => collateTagged(this.collateFn, data, batch));
      if (items.some(isPromiseLike)) {
        const all = Promise.all(items.map((p, k) => (isPromiseLike(p) ? Promise.resolve(p).catch((e) => { throw tag(e, FAILED_INDEX, batch[k]); }) : p)));
        return all.then((data) => collateTagged(this.collateFn, data, batch));
      }
      return collateTagged(this.collateFn, items, batch);
    }
    const item = this.items([index as number]);
    const one = isPromiseLike(item) ? Promise.resolve(item).then((a) => a[0]) : item[0];
    if (isPromiseLike(one)) {
      return Promise.resolve(one).then(
        (v) => collateTagged(this.collateFn, v, index),
        (e) => { throw tag(e, FAILED_INDEX, index); },
      );
    }
    return collateTagged(this.collateFn, one, index);
  }

  /** {@link MapFetcher.fetch}, always as a Promise. */
  async fetchAsync(index: number | number[]): Promise<unknown> {
    return await this.fetch(index);
  }

  /** Calls getItem/getItems, tagging a synchronous throw with its index. */
  private items(batch: number[]): unknown[] | Promise<unknown[]> {
    if (Array.isArray(this.dataset) || !(this.dataset as { getItems?: unknown }).getItems) {
      const out: unknown[] = new Array(batch.length);
      for (let k = 0; k < batch.length; k++) {
        try {
          out[k] = getItemOf(this.dataset, batch[k]);
        } catch (e) {
          throw tag(e, FAILED_INDEX, batch[k]);
        }
      }
      return out;
    }
    try {
      return getItemsOf(this.dataset, batch) as unknown[] | Promise<unknown[]>;
    } catch (e) {
      throw tag(e, FAILED_INDEX, batch);
    }
  }
}

function promiseError(dataset: unknown, index: number | number[], batched: boolean): Error {
  const name = (dataset as object).constructor?.name ?? 'dataset';
  const call = batched ? `getItems([${(index as number[]).join(', ')}])` : `getItem(${index as number})`;
  return new Error(
    `DataLoader: ${name}.${call} returned a Promise, but sync iteration (for...of) needs synchronous items; ` +
      'iterate with `for await (const batch of loader)` instead',
  );
}

/** One pull from an iterable fetcher: a batch, or the end of the stream. */
export type Pull = { done: false; value: unknown } | { done: true };

/** Fetches from an iterable-style dataset: `size` items per batch (`null`: one item, uncollated). */
export class IterableFetcher {
  private readonly it: Iterator<unknown> | AsyncIterator<unknown>;
  private readonly isAsync: boolean;
  private ended = false;

  constructor(
    dataset: object,
    readonly autoCollation: boolean,
    readonly collateFn: AnyCollate,
    readonly dropLast: boolean,
    allowAsync: boolean,
  ) {
    const o = dataset as Partial<Iterable<unknown> & AsyncIterable<unknown>>;
    if (allowAsync && typeof o[Symbol.asyncIterator] === 'function') {
      this.it = o[Symbol.asyncIterator]!();
      this.isAsync = true;
    } else if (typeof o[Symbol.iterator] === 'function') {
      this.it = o[Symbol.iterator]!();
      this.isAsync = false;
    } else if (typeof o[Symbol.asyncIterator] === 'function') {
      throw new Error(
        `DataLoader: ${dataset.constructor.name} is async-iterable only, but sync iteration (for...of) needs a sync iterator; ` +
          'iterate with `for await (const batch of loader)` instead',
      );
    } else {
      throw new TypeError(`${dataset.constructor.name} is not iterable: define *[Symbol.iterator]() or async *[Symbol.asyncIterator]()`);
    }
  }

  /** The next batch (`size` items), synchronously. */
  fetchSync(size: number | null): Pull {
    if (this.isAsync) throw new Error('DataLoader: internal error: sync fetch from an async iterator');
    if (this.ended) return { done: true };
    const out = this.package(size, this.pullSync(size ?? 1));
    if (!out.done && isPromiseLike(out.value)) throw new Error('DataLoader: collateFn returned a Promise, but sync iteration (for...of) needs a synchronous collateFn');
    return out;
  }

  /** The next batch (`size` items). */
  async fetchAsync(size: number | null): Promise<Pull> {
    if (this.ended) return { done: true };
    let items: unknown[];
    if (this.isAsync) {
      items = [];
      const n = size ?? 1;
      while (items.length < n && !this.ended) {
        const r = await (this.it as AsyncIterator<unknown>).next();
        if (r.done) this.ended = true;
        else items.push(r.value);
      }
    } else {
      items = this.pullSync(size ?? 1);
    }
    const out = this.package(size, items);
    return out.done ? out : { done: false, value: await out.value };
  }

  /** Closes the underlying iterator (a consumer broke out early). */
  close(): void {
    this.ended = true;
    try {
      const r = this.it.return?.();
      if (isPromiseLike(r)) Promise.resolve(r).catch(() => {});
    } catch {
      // closing is best-effort
    }
  }

  private pullSync(n: number): unknown[] {
    const items: unknown[] = [];
    while (items.length < n && !this.ended) {
      const r = (this.it as Iterator<unknown>).next();
      if (isPromiseLike(r)) throw new Error('DataLoader: the dataset iterator returned a Promise; iterate with `for await (const batch of loader)`');
      if (r.done) this.ended = true;
      else items.push(r.value);
    }
    return items;
  }

  private package(size: number | null, items: unknown[]): Pull {
    // Matches PyTorch: an empty or (with dropLast) short final batch ends the stream.
    if (items.length === 0 || (this.dropLast && size !== null && items.length < size)) return { done: true };
    return { done: false, value: collateTagged(this.collateFn, this.autoCollation ? items : items[0], null) };
  }
}
