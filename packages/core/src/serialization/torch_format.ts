/**
 * PyTorch's checkpoint layout (`torch.save` since 1.6): a ZIP archive `<name>/data.pkl` (the
 * object, pickled with protocol 2, tensors replaced by persistent ids), `<name>/data/<key>` (one
 * record per storage, raw little-endian bytes), `<name>/version` and, since 2.x,
 * `<name>/byteorder`. `<name>` is the file's stem in PyTorch 1.x and `archive` in 2.x.
 *
 * Loading understands exactly what `torch.load(..., weights_only=True)` allows and refuses any
 * other global by name; saving writes what PyTorch 1.13 and 2.x read with `weights_only=True`.
 * @module
 */
import { endianness } from 'node:os';
import { type DType, ITEM_SIZE, isFloatingPoint } from '../dtype';
import { Storage } from '../storage';
import { Tensor } from '../tensor';
import {
  isPlainObject, pickle, PyGlobal, PyPersistent, PyReduce, pyTypeName, tuple, unpickle, UnpicklingError,
  type UnpicklerHooks,
} from './pickle';
import {
  dataOffset, inflate, METHOD_STORE, readDirectory, readEntry, verifyCrc, ZipFormatError, ZipWriter,
  type ByteSink, type ReadPlan, type ZipEntry,
} from './zip';

/** PyTorch's legacy typed-storage class names, which its pickles still use to name a storage's dtype. */
const STORAGE_NAMES: Readonly<Record<DType, string>> = {
  float32: 'FloatStorage', float64: 'DoubleStorage', float16: 'HalfStorage', bfloat16: 'BFloat16Storage',
  int8: 'CharStorage', uint8: 'ByteStorage', int16: 'ShortStorage', int32: 'IntStorage', int64: 'LongStorage',
  bool: 'BoolStorage',
};
const STORAGE_DTYPES: ReadonlyMap<string, DType> = new Map(
  Object.entries(STORAGE_NAMES).map(([d, n]) => [n, d as DType]),
);
const DTYPE_NAMES = new Set<string>(Object.keys(STORAGE_NAMES));

/** The newest file-format version PyTorch's reader accepts (caffe2's kMaxSupportedFileFormatVersion). */
const MAX_FORMAT_VERSION = 10;

/**
 * Loaded tensors that were `nn.Parameter`s in the file. Core cannot make an `nn.Parameter`
 * (nn depends on core), so a parameter loads as a leaf tensor with `requiresGrad`, remembered
 * here so that saving it again writes `_rebuild_parameter` as PyTorch would.
 */
export const PARAMETERS = new WeakSet<Tensor>();
/** Loaded dicts that were `collections.OrderedDict`s (saved back as OrderedDicts). */
export const ORDERED_DICTS = new WeakSet<object>();
/** Every dict `torch.load` returned: saving one again keeps its kind (dict or OrderedDict). */
const LOADED_DICTS = new WeakSet<object>();

/** A storage met in the pickle, waiting for its bytes. */
interface StorageRef {
  storage: Storage;
  dtype: DType;
  numel: number;
  entry: ZipEntry;
}

export interface TorchLoadOptions {
  /** Verify each record's CRC-32 (PyTorch does not; costs about 1 s per GB). Default false. */
  checkCrc?: boolean;
}


/** Whether a ZIP archive's entry names look like a PyTorch checkpoint. */
export function isTorchArchive(entries: readonly ZipEntry[]): boolean {
  return entries.some((e) => /^[^/]+\/data\.pkl$/.test(e.name) || e.name === 'data.pkl');
}

/**
 * Loads a PyTorch checkpoint from a ZIP archive of `size` bytes. A plan: the caller performs the
 * reads (synchronously or not); storages are read straight into the tensors' own memory.
 */
export function* loadTorchArchive(size: number, opts: TorchLoadOptions = {}): ReadPlan<unknown> {
  const entries = yield* readDirectory(size);
  if (entries.length === 0) throw new ZipFormatError('empty zip archive: not a PyTorch checkpoint');
  const byName = new Map(entries.map((e) => [e.name, e]));
  // PyTorch takes the archive name from the first record's folder (caffe2's PyTorchStreamReader).
  const first = entries[0].name;
  const slash = first.indexOf('/');
  const prefix = slash >= 0 ? first.slice(0, slash + 1) : '';
  const rec = (name: string): ZipEntry | undefined => byName.get(prefix + name);
  const pklEntry = rec('data.pkl');
  if (!pklEntry) {
    if (rec('constants.pkl') || rec('code/'))
      throw new Error('this is a TorchScript archive (torch.jit.save); load a state dict saved with torch.save instead');
    throw new Error(`not a PyTorch checkpoint: the archive has no ${prefix}data.pkl`);
  }
  const versionEntry = rec('.data/version') ?? rec('version');
  if (versionEntry) {
    if (versionEntry.size > 64) throw new Error('PyTorch checkpoint version record is malformed');
    const text = new TextDecoder().decode(yield* readEntry(versionEntry, size, opts.checkCrc)).trim();
    const version = Number(text);
    if (!/^\d+$/.test(text) || version > MAX_FORMAT_VERSION)
      throw new Error(`PyTorch checkpoint format version ${JSON.stringify(text)} is not supported (max ${MAX_FORMAT_VERSION})`);
  }
  let bigEndian = false;
  const boEntry = rec('byteorder');
  if (boEntry) {
    if (boEntry.size > 16) throw new Error('PyTorch checkpoint byteorder record is malformed');
    const bo = new TextDecoder().decode(yield* readEntry(boEntry, size, opts.checkCrc)).trim();
    if (bo !== 'little' && bo !== 'big') throw new Error(`Unknown endianness type: ${bo}`);
    bigEndian = bo === 'big';
  }

  const pkl = yield* readEntry(pklEntry, size, opts.checkCrc);
  const storages = new Map<string, StorageRef>();
  const metadata = new WeakMap<object, unknown>();
  const hooks = torchHooks((key, dtype, numel) => {
    const have = storages.get(key);
    if (have) {
      if (have.dtype !== dtype) throw new Error(`storage data/${key} is used as both ${have.dtype} and ${dtype}`);
      if (numel > have.numel) throw new Error(`storage data/${key} is used with ${numel} and ${have.numel} elements`);
      return have;
    }
    const entry = rec(`data/${key}`);
    if (!entry) throw new Error(`PyTorch checkpoint is missing the record ${prefix}data/${key}`);
    const nbytes = numel * ITEM_SIZE[dtype];
    // refuse before allocating: the record must hold the bytes the pickle claims
    if (nbytes > entry.size)
      throw new Error(`storage ${prefix}data/${key} holds ${entry.size} bytes but ${numel} ${dtype} elements need ${nbytes}`);
    const ref: StorageRef = { storage: Storage.allocate(nbytes, { dedicated: true }), dtype, numel, entry };
    storages.set(key, ref);
    return ref;
  }, metadata);
  const raw = unpickle(pkl, hooks);

  for (const ref of storages.values()) {
    const nbytes = ref.storage.nbytes;
    if (nbytes === 0) continue;
    const start = yield* dataOffset(ref.entry, size);
    const dst = ref.storage.view;
    if (ref.entry.method === METHOD_STORE) {
      yield { position: start, length: nbytes, into: dst, deferrable: !opts.checkCrc && !bigEndian };
      if (opts.checkCrc) {
        if (ref.entry.size !== nbytes) yield* readEntry(ref.entry, size, true);
        else verifyCrc(dst, ref.entry);
      }
    } else {
      const data = inflate(yield { position: start, length: ref.entry.compressedSize }, ref.entry);
      if (opts.checkCrc) verifyCrc(data, ref.entry);
      dst.set(data.subarray(0, nbytes));
    }
    if (bigEndian) swapBytes(dst, ITEM_SIZE[ref.dtype]);
  }
  return fromPython(raw, metadata);
}

function swapBytes(b: Uint8Array, size: number): void {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  if (size === 2) buf.swap16();
  else if (size === 4) buf.swap32();
  else if (size === 8) buf.swap64();
}

function refuse(what: string): never {
  throw new UnpicklingError(
    `Weights only load failed. Unsupported global: GLOBAL ${what}: weights_only load refuses it; only tensors, ` +
      'storages, dtypes, torch.Size, OrderedDict and the torch._utils rebuild functions are allowed, and no code from the file is executed',
  );
}

/** The globals `weights_only=True` allows, and what each becomes. */
const ALLOWED = new Set([
  'collections.OrderedDict',
  'torch._utils._rebuild_tensor',
  'torch._utils._rebuild_tensor_v2',
  'torch._utils._rebuild_parameter',
  'torch._utils._rebuild_parameter_with_state',
  'torch.nn.parameter.Parameter',
  'torch.Size',
  'torch.device',
  'torch.storage.UntypedStorage',
  'torch.UntypedStorage',
  '_codecs.encode',
  // allowed by PyTorch but not representable here: refused with a precise message when called
  'torch._utils._rebuild_sparse_tensor',
  'torch._utils._rebuild_sparse_csr_tensor',
  'torch._utils._rebuild_meta_tensor_no_storage',
  'torch.serialization._get_layout',
  'torch.Tensor',
]);

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}
function intTuple(v: unknown, what: string): number[] {
  if (!Array.isArray(v) || !v.every(isInt)) throw new UnpicklingError(`${what} must be a tuple of non-negative ints, got ${pyTypeName(v)}`);
  return [...(v as number[])];
}

/** The storage handle persistent ids resolve to. */
class StorageHandle {
  constructor(readonly ref: StorageRef) {}
}

function torchHooks(
  getStorage: (key: string, dtype: DType, numel: number) => StorageRef,
  metadata: WeakMap<object, unknown>,
): UnpicklerHooks {
  const rebuild = (args: unknown[], requiresGrad: unknown): Tensor => {
    const [st, offset, size, stride] = args;
    if (!(st instanceof StorageHandle)) throw new UnpicklingError(`expected a storage to rebuild a tensor, got ${pyTypeName(st)}`);
    if (!isInt(offset)) throw new UnpicklingError('storage offset must be a non-negative int');
    const shape = intTuple(size, 'tensor size');
    const strides = intTuple(stride, 'tensor stride');
    if (shape.length !== strides.length) throw new UnpicklingError(`size ${shape.length}-d and stride ${strides.length}-d differ`);
    const { ref } = st;
    let numel = 1;
    let last = offset;
    for (let i = 0; i < shape.length; i++) {
      numel *= shape[i];
      last += (shape[i] - 1) * strides[i];
    }
    // matches PyTorch's setStorage check: every element must lie inside the storage
    if (numel > 0 && (!Number.isSafeInteger(last) || last >= ref.numel))
      throw new UnpicklingError(
        `setStorage: sizes [${shape.join(', ')}], strides [${strides.join(', ')}], storage offset ${offset}, and itemsize ` +
          `${ITEM_SIZE[ref.dtype]} requiring a storage size of ${(last + 1) * ITEM_SIZE[ref.dtype]} are out of bounds for storage of size ${ref.numel * ITEM_SIZE[ref.dtype]}`,
      );
    const t = new Tensor(ref.storage, shape, strides, offset, ref.dtype);
    if (requiresGrad === true) {
      if (!isFloatingPoint(ref.dtype)) throw new UnpicklingError('only Tensors of floating point dtype can require gradients');
      t.requiresGrad = true;
    }
    return t;
  };
  const parameter = (data: unknown, requiresGrad: unknown): Tensor => {
    if (!(data instanceof Tensor)) throw new UnpicklingError(`Parameter data must be a tensor, got ${pyTypeName(data)}`);
    const p = new Tensor(data._storage, [...data._shape], [...data._strides], data._offset, data.dtype);
    if (requiresGrad !== false && isFloatingPoint(p.dtype)) p.requiresGrad = true;
    PARAMETERS.add(p);
    return p;
  };
  return {
    findClass(module, name) {
      const full = `${module}.${name}`;
      if (module === 'torch' && STORAGE_DTYPES.has(name)) return new PyGlobal(module, name);
      if (module === 'torch' && DTYPE_NAMES.has(name)) return name as DType; // torch.float32 → 'float32'
      if (ALLOWED.has(full)) return new PyGlobal(module, name);
      refuse(full);
    },
    persistentLoad(pid) {
      if (!Array.isArray(pid) || pid.length !== 5 || pid[0] !== 'storage')
        throw new UnpicklingError(`Only persistent_load of storage is allowed, but got ${Array.isArray(pid) ? String(pid[0]) : pyTypeName(pid)}`);
      const [, type, key, , numel] = pid;
      if (!(type instanceof PyGlobal)) throw new UnpicklingError('persistent id has no storage type');
      const dtype = type.name === 'UntypedStorage' ? 'uint8' : STORAGE_DTYPES.get(type.name);
      if (!dtype) throw new UnpicklingError(`unsupported storage type ${type.fullName}`);
      if (typeof key !== 'string' || !/^[\w.-]{1,64}$/.test(key)) throw new UnpicklingError('bad storage key in persistent id');
      if (!isInt(numel)) throw new UnpicklingError('storage size must be a non-negative int');
      return new StorageHandle(getStorage(key, dtype, numel));
    },
    reduce(func, args) {
      if (!(func instanceof PyGlobal)) throw new UnpicklingError(`Trying to call reduce for unrecognized function ${pyTypeName(func)}`);
      switch (func.fullName) {
        case 'torch._utils._rebuild_tensor_v2':
          // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
          if (args.length < 6 || args.length > 7) throw new UnpicklingError('_rebuild_tensor_v2 takes 6 or 7 arguments');
          return rebuild(args, args[4]);
        case 'torch._utils._rebuild_tensor':
          if (args.length !== 4) throw new UnpicklingError('_rebuild_tensor takes 4 arguments');
          return rebuild(args, false);
        case 'torch._utils._rebuild_parameter':
        case 'torch._utils._rebuild_parameter_with_state':
          if (args.length < 3 || args.length > 4) throw new UnpicklingError(`${func.name} takes 3 or 4 arguments`);
          return parameter(args[0], args[1]);
        case 'collections.OrderedDict': {
          const m = new Map<unknown, unknown>();
          ORDERED_DICTS.add(m);
          if (args.length > 1) throw new UnpicklingError('OrderedDict expected at most 1 argument');
          if (args.length === 1 && args[0] !== null) {
            const src = args[0];
            if (src instanceof Map) for (const [k, v] of src) m.set(k, v);
            else if (Array.isArray(src)) {
              for (const kv of src) {
                if (!Array.isArray(kv) || kv.length !== 2) throw new UnpicklingError('OrderedDict items must be pairs');
                m.set(kv[0], kv[1]);
              }
            } else throw new UnpicklingError(`cannot build an OrderedDict from ${pyTypeName(src)}`);
          }
          return m;
        }
        case 'torch.Size':
          if (args.length > 1) throw new UnpicklingError('torch.Size takes at most 1 argument');
          return tuple(...intTuple(args[0] ?? [], 'torch.Size'));
        case 'torch.device': {
          const [type, index] = args;
          if (typeof type !== 'string' || (index !== undefined && index !== null && !isInt(index)))
            throw new UnpicklingError('bad torch.device arguments');
          return index === undefined || index === null ? type : `${type}:${index}`;
        }
        case '_codecs.encode': {
          const [s, encoding] = args;
          if (typeof s !== 'string' || (encoding !== 'latin1' && encoding !== 'latin-1'))
            throw new UnpicklingError('_codecs.encode is only allowed for latin1 bytes');
          return Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
        }
        case 'torch._utils._rebuild_sparse_tensor':
        case 'torch._utils._rebuild_sparse_csr_tensor':
          throw new UnpicklingError('sparse tensors are not supported by Tensile');
        case 'torch._utils._rebuild_meta_tensor_no_storage':
          throw new UnpicklingError('meta tensors are not supported by Tensile');
        default:
          throw new UnpicklingError(`Trying to call reduce for unrecognized function ${func.fullName}`);
      }
    },
    newObj(cls, args) {
      if (cls instanceof PyGlobal && cls.fullName === 'torch.nn.parameter.Parameter') return parameter(args[0], args[1] ?? true);
      throw new UnpicklingError(`Trying to instantiate unsupported class ${pyTypeName(cls)}`);
    },
    build(inst, state) {
      if (inst instanceof Tensor && PARAMETERS.has(inst)) return; // Parameter.__setstate__: hooks/attributes, nothing to keep
      if (inst instanceof Map && ORDERED_DICTS.has(inst)) {
        // OrderedDict attributes: nn.Module.state_dict() keeps its `_metadata` (versions) here
        if (state instanceof Map && state.has('_metadata')) metadata.set(inst, state.get('_metadata'));
        else if (state !== null && !(state instanceof Map)) throw new UnpicklingError(`OrderedDict state must be a dict, got ${pyTypeName(state)}`);
        return;
      }
      throw new UnpicklingError(`Can only build Tensor, parameter or dict objects, but got ${pyTypeName(inst)}`);
    },
  };
}

const INDEX_KEY = /^(0|[1-9]\d{0,9})$/;
/**
 * Whether a JS object would enumerate these string keys in the given order. Objects list
 * integer-like keys first, in numeric order; where that would reorder a dict, a Map keeps it.
 */
function objectKeepsOrder(keys: readonly string[]): boolean {
  const idx = keys.filter((k) => INDEX_KEY.test(k) && Number(k) < 2 ** 32 - 1);
  if (idx.length === 0) return true;
  const order = [...idx].sort((a, b) => Number(a) - Number(b)).concat(keys.filter((k) => !idx.includes(k)));
  return order.every((k, i) => k === keys[i]);
}

/**
 * Converts unpickled values to what `torch.load` returns: dicts whose keys are all strings
 * become plain objects in the file's key order (a Map where an object would reorder them), dicts
 * with other keys (an optimizer's `state`, keyed by int) become Maps; tuples and lists arrays.
 */
export function fromPython(root: unknown, meta: WeakMap<object, unknown> = new WeakMap()): unknown {
  const seen = new Map<object, unknown>();
  const conv = (v: unknown, depth: number): unknown => {
    if (typeof v !== 'object' || v === null || v instanceof Tensor || v instanceof Uint8Array) return v;
    if (depth > 1000) throw new Error('checkpoint is nested more than 1000 levels deep');
    const done = seen.get(v);
    if (done !== undefined) return done;
    if (v instanceof PyGlobal) return v.fullName;
    if (v instanceof StorageHandle) {
      // a bare storage (torch.save(t.storage())): its elements as a 1-D tensor
      const r = v.ref;
      return new Tensor(r.storage, [r.numel], [1], 0, r.dtype);
    }
    if (Array.isArray(v)) {
      seen.set(v, v);
      for (let i = 0; i < v.length; i++) v[i] = conv(v[i], depth + 1);
      return v;
    }
    if (v instanceof Set) {
      const s = new Set<unknown>();
      seen.set(v, s);
      for (const x of v) s.add(conv(x, depth + 1));
      return s;
    }
    if (v instanceof Map) {
      const keys = [...v.keys()];
      const asObject = keys.every((k) => typeof k === 'string') && objectKeepsOrder(keys as string[]);
      let out: Record<string, unknown> | Map<unknown, unknown>;
      if (asObject) {
        const o: Record<string, unknown> = {};
        seen.set(v, o);
        for (const [k, x] of v) {
          // defineProperty: a "__proto__" key must stay a key, never touch the prototype
          Object.defineProperty(o, k as string, { value: conv(x, depth + 1), enumerable: true, writable: true, configurable: true });
        }
        out = o;
      } else {
        const m = new Map<unknown, unknown>();
        seen.set(v, m);
        for (const [k, x] of v) m.set(conv(k, depth + 1), conv(x, depth + 1));
        out = m;
      }
      LOADED_DICTS.add(out);
      if (ORDERED_DICTS.has(v)) ORDERED_DICTS.add(out);
      if (meta.has(v) && !Object.prototype.hasOwnProperty.call(out, '_metadata'))
        Object.defineProperty(out, '_metadata', { value: conv(meta.get(v), depth + 1), enumerable: false, writable: true, configurable: true });
      return out;
    }
    return v;
  };
  return conv(root, 0);
}

// ---- saving --------------------------------------------------------------------------------

const G = {
  rebuildTensorV2: new PyGlobal('torch._utils', '_rebuild_tensor_v2'),
  rebuildParameter: new PyGlobal('torch._utils', '_rebuild_parameter'),
  orderedDict: new PyGlobal('collections', 'OrderedDict'),
};

export interface TorchSaveOptions {
  /** The archive's folder name: `'archive'` (PyTorch 2.x, the default) or the file's stem (PyTorch 1.x). */
  archiveName?: string;
}

interface SavedStorage {
  key: string;
  dtype: DType;
  storage: Storage;
  device: string;
}

/** Whether a tensor is (or was loaded as) an `nn.Parameter`. */
function isParameter(t: Tensor): boolean {
  return PARAMETERS.has(t) || t.constructor.name === 'Parameter';
}

/**
 * An optimizer's `stateDict()` keys `state` by parameter index (an int in PyTorch). A plain JS
 * object can only have string keys, so `{ state: { 0: ... }, param_groups }` is written with
 * int keys, as PyTorch's `Optimizer.load_state_dict` needs.
 */
function isOptimizerStateDict(o: Record<string, unknown>): boolean {
  const state = o.state;
  const groups = o.param_groups;
  return (
    isPlainObject(state) &&
    Object.keys(state).every((k) => INDEX_KEY.test(k)) &&
    Array.isArray(groups) &&
    groups.every((g) => isPlainObject(g) && Array.isArray(g.params))
  );
}

/** Pickles `obj` as `torch.save` does and writes the archive to `sink`. */
export function saveTorchArchive(obj: unknown, sink: ByteSink, opts: TorchSaveOptions = {}): void {
  const name = opts.archiveName ?? 'archive';
  if (!/^[^/\\]+$/.test(name)) throw new Error(`invalid archive name ${JSON.stringify(name)}`);
  const storages = new Map<Storage, SavedStorage>();
  const storageOf = (t: Tensor): SavedStorage => {
    const s = t._storage;
    if (s.disposed) throw new Error('cannot save a tensor whose storage was disposed');
    let e = storages.get(s);
    if (!e) {
      e = { key: String(storages.size), dtype: t.dtype, storage: s, device: t.device };
      storages.set(s, e);
    } else if (e.dtype !== t.dtype) {
      // matches PyTorch: one storage is saved with one element type
      throw new Error('Cannot save multiple tensors or storages that view the same data as different types');
    }
    if (s.nbytes % ITEM_SIZE[t.dtype]) throw new Error(`storage of ${s.nbytes} bytes does not hold whole ${t.dtype} elements`);
    return e;
  };
  const tensorReduce = (t: Tensor, requiresGrad: boolean): PyReduce => {
    const e = storageOf(t);
    const pid = tuple('storage', new PyGlobal('torch', STORAGE_NAMES[t.dtype]), e.key, e.device, e.storage.nbytes / ITEM_SIZE[t.dtype]);
    return new PyReduce(G.rebuildTensorV2, tuple(
      new PyPersistent(pid), t.storageOffset(), tuple(...t._shape), tuple(...t._strides), requiresGrad, new PyReduce(G.orderedDict, tuple()),
    ));
  };
  const data = pickle(obj, {
    reduce(o) {
      if (!(o instanceof Tensor)) return undefined;
      if (isParameter(o))
        return new PyReduce(G.rebuildParameter, tuple(tensorReduce(o, false), o.requiresGrad, new PyReduce(G.orderedDict, tuple())));
      return tensorReduce(o, o.requiresGrad);
    },
    isOrderedDict(o) {
      if (LOADED_DICTS.has(o)) return ORDERED_DICTS.has(o);
      // a state dict (every value a tensor) is an OrderedDict in PyTorch
      const values = o instanceof Map ? [...o.values()] : Object.values(o);
      return values.length > 0 && values.every((v) => v instanceof Tensor);
    },
    items(o) {
      if (o instanceof Map) return [...o.entries()];
      const rec = o as Record<string, unknown>;
      if (isOptimizerStateDict(rec))
        return Object.entries(rec).map(([k, v]) =>
          k === 'state' ? [k, new Map(Object.entries(v as object).map(([i, s]) => [Number(i), s]))] as const : [k, v] as const,
        );
      return Object.entries(rec);
    },
  });

  const zip = new ZipWriter(sink);
  zip.writeRecord(`${name}/data.pkl`, data);
  zip.writeRecord(`${name}/byteorder`, Buffer.from(endianness() === 'LE' ? 'little' : 'big'));
  // PyTorch writes the storages in the string order of their keys
  const sorted = [...storages.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const e of sorted) zip.writeRecord(`${name}/data/${e.key}`, storageBytes(e));
  zip.writeRecord(`${name}/version`, Buffer.from('3\n'));
  zip.finish();
}

function storageBytes(e: SavedStorage): Uint8Array {
  if (e.device === 'cpu') return e.storage.view;
  const n = e.storage.nbytes / ITEM_SIZE[e.dtype];
  const host = new Tensor(e.storage, [n], [1], 0, e.dtype).cpu();
  return host._storage.view;
}
