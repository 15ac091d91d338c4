/**
 * Python pickles, restricted to data: an unpickler that builds only plain values (None, bools,
 * ints, floats, strings, bytes, tuples, lists, dicts, sets) and asks its caller about every
 * global, call (REDUCE/NEWOBJ), BUILD and persistent id, so that nothing from the file is ever
 * executed — the same contract as PyTorch's `torch.load(..., weights_only=True)`. And a pickler
 * writing protocol 2, the protocol `torch.save` uses, with CPython's memo and batching rules so
 * that its output matches PyTorch's byte for byte where JavaScript values allow.
 * @module
 */

/** Thrown for malformed pickles and for anything the restricted unpickler refuses. */
export class UnpicklingError extends Error {
  override name = 'UnpicklingError';
}

/** A Python global (`module.name`) as a pickle references it. */
export class PyGlobal {
  constructor(readonly module: string, readonly name: string) {}
  get fullName(): string {
    return `${this.module}.${this.name}`;
  }
}

/**
 * A value that a pickle rebuilds by calling a global: written as `GLOBAL args REDUCE`, then its
 * dict items (SETITEMS), then its state (BUILD), as CPython's `save_reduce` does.
 */
export class PyReduce {
  constructor(
    readonly func: PyGlobal,
    readonly args: readonly unknown[],
    readonly dictItems: readonly (readonly [unknown, unknown])[] | null = null,
    readonly state: unknown = undefined,
  ) {}
}

/** A reference to data kept outside the pickle (`BINPERSID`); `pid` is what the pickle holds. */
export class PyPersistent {
  constructor(readonly pid: unknown) {}
}

/**
 * Arrays that stand for Python tuples. Unpickled tuples are registered here so that saving a
 * loaded object writes them back as tuples; {@link tuple} makes new ones.
 */
export const TUPLES = new WeakSet<readonly unknown[]>();
/** Makes an array that pickles as a Python tuple. */
export function tuple<T extends unknown[]>(...items: T): T {
  TUPLES.add(items);
  return items;
}

/** What the restricted unpickler asks its caller; each may throw to refuse. */
export interface UnpicklerHooks {
  /** `GLOBAL module name`: the object for an allowed global; throws for anything else. */
  findClass(module: string, name: string): unknown;
  /** `BINPERSID`: the object a persistent id stands for. */
  persistentLoad(pid: unknown): unknown;
  /** `REDUCE`: calls an allowed global with `args`. */
  reduce(func: unknown, args: unknown[]): unknown;
  /** `NEWOBJ`: `cls.__new__(cls, *args)` for an allowed class. */
  newObj(cls: unknown, args: unknown[]): unknown;
  /** `BUILD`: applies `state` to `inst`. */
  build(inst: unknown, state: unknown): void;
}

const MAX_MEMO_INDEX = 0xffffffff;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

/**
 * Unpickles `data` with the caller's hooks deciding on every global. Python dicts become `Map`s
 * (any key type, insertion order kept); the caller converts them to objects afterwards.
 */
export function unpickle(data: Uint8Array, hooks: UnpicklerHooks): unknown {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const n = data.byteLength;
  let p = 0;
  let stack: unknown[] = [];
  const marks: unknown[][] = [];
  const memo = new Map<number, unknown>();

  const need = (k: number): void => {
    if (p + k > n) throw new UnpicklingError('pickle data was truncated');
  };
  const pop = (): unknown => {
    if (stack.length === 0) throw new UnpicklingError('unpickling stack underflow');
    return stack.pop();
  };
  const top = (): unknown => {
    if (stack.length === 0) throw new UnpicklingError('unpickling stack underflow');
    return stack[stack.length - 1];
  };
  const popMark = (): unknown[] => {
    const items = stack;
    const prev = marks.pop();
    if (!prev) throw new UnpicklingError('could not find MARK');
    stack = prev;
    return items;
  };
  const readLine = (): string => {
    const end = data.indexOf(0x0a, p);
    if (end < 0) throw new UnpicklingError('pickle data was truncated');
    const s = latin1.decode(data.subarray(p, end));
    p = end + 1;
    return s;
  };
  const bytes = (len: number): Uint8Array => {
    if (!Number.isSafeInteger(len) || len < 0) throw new UnpicklingError('bad length');
    need(len);
    const b = data.subarray(p, p + len);
    p += len;
    return b;
  };
  const str = (len: number): string => {
    const b = bytes(len);
    try {
      return utf8.decode(b);
    } catch {
      throw new UnpicklingError('invalid UTF-8 in a pickled string');
    }
  };
  const u32 = (): number => {
    need(4);
    const v = dv.getUint32(p, true);
    p += 4;
    return v;
  };
  const u64 = (): number => {
    need(8);
    const v = dv.getBigUint64(p, true);
    p += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new UnpicklingError('length too large');
    return Number(v);
  };
  const get = (i: number): unknown => {
    if (!memo.has(i)) throw new UnpicklingError(`Memo value not found at index ${i}`);
    return memo.get(i);
  };
  const put = (i: number): void => {
    if (i < 0 || i > MAX_MEMO_INDEX) throw new UnpicklingError('negative argument');
    memo.set(i, top());
  };
  const setItems = (target: unknown, items: unknown[]): void => {
    if (!(target instanceof Map)) throw new UnpicklingError(`Can only set items of dicts, but got ${pyTypeName(target)}`);
    if (items.length % 2) throw new UnpicklingError('odd number of items for SETITEMS');
    for (let i = 0; i < items.length; i += 2) target.set(dictKey(items[i]), items[i + 1]);
  };
  const appendTo = (target: unknown, items: unknown[]): void => {
    if (!Array.isArray(target) || TUPLES.has(target))
      throw new UnpicklingError(`Can only append to lists, but got ${pyTypeName(target)}`);
    for (const it of items) target.push(it);
  };

  while (true) {
    if (p >= n) throw new UnpicklingError('pickle data was truncated (no STOP opcode)');
    const op = data[p++];
    switch (op) {
      case 0x80: // PROTO
        need(1);
        if (data[p] > 5) throw new UnpicklingError(`unsupported pickle protocol: ${data[p]}`);
        p++;
        break;
      case 0x95: // FRAME
        u64();
        break;
      case 0x2e: // STOP
        return pop();
      case 0x28: // MARK
        marks.push(stack);
        stack = [];
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x30: // POP
        pop();
        break;
      case 0x32: // DUP
        stack.push(top());
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x4a: // BININT
        need(4);
        stack.push(dv.getInt32(p, true));
        p += 4;
        break;
      case 0x4b: // BININT1
        need(1);
        stack.push(data[p++]);
        break;
      case 0x4d: // BININT2
        need(2);
        stack.push(dv.getUint16(p, true));
        p += 2;
        break;
      case 0x8a: // LONG1
        need(1);
        stack.push(decodeLong(bytes(data[p++])));
        break;
      case 0x8b: {
        // LONG4
        const len = u32();
        if (len > 1 << 20) throw new UnpicklingError('LONG4 integer is too large');
        stack.push(decodeLong(bytes(len)));
        break;
      }
      case 0x49: {
        // INT (text); "00"/"01" are protocol 0's False/True
        const s = readLine();
        if (s === '00') stack.push(false);
        else if (s === '01') stack.push(true);
        else stack.push(parseIntText(s));
        break;
      }
      case 0x4c: // LONG (text)
        stack.push(parseIntText(readLine().replace(/L$/, '')));
        break;
      case 0x47: // BINFLOAT
        need(8);
        stack.push(dv.getFloat64(p, false));
        p += 8;
        break;
      case 0x46: {
        // FLOAT (text)
        const v = Number(readLine());
        if (Number.isNaN(v)) throw new UnpicklingError('bad FLOAT');
        stack.push(v);
        break;
      }
      case 0x58: // BINUNICODE
        stack.push(str(u32()));
        break;
      case 0x8c: // SHORT_BINUNICODE
        need(1);
        stack.push(str(data[p++]));
        break;
      case 0x8d: // BINUNICODE8
        stack.push(str(u64()));
        break;
      case 0x55: // SHORT_BINSTRING (Python 2 str)
        need(1);
        stack.push(latin1.decode(bytes(data[p++])));
        break;
      case 0x54: {
        // BINSTRING
        need(4);
        const len = dv.getInt32(p, true);
        p += 4;
        stack.push(latin1.decode(bytes(len)));
        break;
      }
      case 0x43: // SHORT_BINBYTES
        need(1);
        stack.push(bytes(data[p++]).slice());
        break;
      case 0x42: // BINBYTES
        stack.push(bytes(u32()).slice());
        break;
      case 0x8e: // BINBYTES8
        stack.push(bytes(u64()).slice());
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push(tuple());
        break;
      case 0x74: {
        // TUPLE (popMark first: it replaces `stack`)
        const items = popMark();
        stack.push(tuple(...items));
        break;
      }
      case 0x85: // TUPLE1
        stack.push(tuple(pop()));
        break;
      case 0x86: {
        // TUPLE2
        const b = pop();
        const a = pop();
        stack.push(tuple(a, b));
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = pop();
        const b = pop();
        const a = pop();
        stack.push(tuple(a, b, c));
        break;
      }
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x6c: {
        // LIST
        const items = popMark();
        stack.push(items);
        break;
      }
      case 0x61: {
        // APPEND
        const v = pop();
        appendTo(top(), [v]);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        appendTo(top(), items);
        break;
      }
      case 0x7d: // EMPTY_DICT
        stack.push(new Map());
        break;
      case 0x64: {
        // DICT
        const items = popMark();
        const m = new Map();
        setItems(m, items);
        stack.push(m);
        break;
      }
      case 0x73: {
        // SETITEM
        const v = pop();
        const k = pop();
        setItems(top(), [k, v]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        setItems(top(), items);
        break;
      }
      case 0x8f: // EMPTY_SET
        stack.push(new Set());
        break;
      case 0x90: {
        // ADDITEMS
        const items = popMark();
        const s = top();
        if (!(s instanceof Set)) throw new UnpicklingError(`Can only add items to sets, but got ${pyTypeName(s)}`);
        for (const it of items) s.add(it);
        break;
      }
      case 0x91: {
        // FROZENSET
        const items = popMark();
        stack.push(new Set(items));
        break;
      }
      case 0x63: {
        // GLOBAL
        const module = readLine();
        const name = readLine();
        stack.push(hooks.findClass(module, name));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof name !== 'string' || typeof module !== 'string') throw new UnpicklingError('STACK_GLOBAL requires str');
        stack.push(hooks.findClass(module, name));
        break;
      }
      case 0x52: {
        // REDUCE
        const args = pop();
        const func = pop();
        if (!Array.isArray(args)) throw new UnpicklingError('REDUCE arguments must be a tuple');
        stack.push(hooks.reduce(func, args));
        break;
      }
      case 0x81: {
        // NEWOBJ
        const args = pop();
        const cls = pop();
        if (!Array.isArray(args)) throw new UnpicklingError('NEWOBJ arguments must be a tuple');
        stack.push(hooks.newObj(cls, args));
        break;
      }
      case 0x92: {
        // NEWOBJ_EX
        const kwargs = pop();
        const args = pop();
        const cls = pop();
        if (!Array.isArray(args)) throw new UnpicklingError('NEWOBJ_EX arguments must be a tuple');
        if (!(kwargs instanceof Map) || kwargs.size > 0) throw new UnpicklingError('NEWOBJ_EX with keyword arguments is not supported');
        stack.push(hooks.newObj(cls, args));
        break;
      }
      case 0x62: {
        // BUILD
        const state = pop();
        hooks.build(top(), state);
        break;
      }
      case 0x51: // BINPERSID
        stack.push(hooks.persistentLoad(pop()));
        break;
      case 0x50: // PERSID
        stack.push(hooks.persistentLoad(readLine()));
        break;
      case 0x71: // BINPUT
        need(1);
        put(data[p++]);
        break;
      case 0x72: // LONG_BINPUT
        put(u32());
        break;
      case 0x70: // PUT
        put(parseIndex(readLine()));
        break;
      case 0x94: // MEMOIZE
        put(memo.size);
        break;
      case 0x68: // BINGET
        need(1);
        stack.push(get(data[p++]));
        break;
      case 0x6a: // LONG_BINGET
        stack.push(get(u32()));
        break;
      case 0x67: // GET
        stack.push(get(parseIndex(readLine())));
        break;
      default:
        throw new UnpicklingError(`Unsupported operand ${op}${OPCODE_NAMES[op] ? ` (${OPCODE_NAMES[op]})` : ''}`);
    }
  }
}

// Opcodes refused by name so the error says what was met; INST/OBJ instantiate arbitrary classes.
const OPCODE_NAMES: Record<number, string> = {
  0x69: 'INST', 0x6f: 'OBJ', 0x82: 'EXT1', 0x83: 'EXT2', 0x84: 'EXT4', 0x96: 'BYTEARRAY8',
  0x97: 'NEXT_BUFFER', 0x98: 'READONLY_BUFFER', 0x53: 'STRING', 0x56: 'UNICODE',
};

function parseIntText(s: string): number | bigint {
  if (!/^[-+]?\d+$/.test(s.trim())) throw new UnpicklingError(`bad integer in pickle: ${JSON.stringify(s.slice(0, 40))}`);
  return normalizeInt(BigInt(s.trim()));
}
function parseIndex(s: string): number {
  const v = Number(s);
  if (!Number.isSafeInteger(v) || v < 0) throw new UnpicklingError('bad memo index');
  return v;
}

/** Python's `decode_long`: little-endian two's complement. */
function decodeLong(b: Uint8Array): number | bigint {
  if (b.byteLength === 0) return 0;
  let v = 0n;
  for (let i = b.byteLength - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
  if (b[b.byteLength - 1] & 0x80) v -= 1n << BigInt(8 * b.byteLength);
  return normalizeInt(v);
}
/** Ints that a double holds exactly come back as numbers; larger ones as BigInt. */
function normalizeInt(v: bigint): number | bigint {
  return v >= -BigInt(Number.MAX_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** Python dict keys must be hashable: lists, dicts and sets are not. */
function dictKey(k: unknown): unknown {
  if (k instanceof Map || k instanceof Set || (Array.isArray(k) && !TUPLES.has(k)))
    throw new UnpicklingError(`unhashable type: '${pyTypeName(k)}'`);
  return k;
}

/** The Python type name of an unpickled value, for error messages. */
export function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'string') return 'str';
  if (v instanceof Uint8Array) return 'bytes';
  if (Array.isArray(v)) return TUPLES.has(v) ? 'tuple' : 'list';
  if (v instanceof Map) return 'dict';
  if (v instanceof Set) return 'set';
  if (v instanceof PyGlobal) return v.fullName;
  return (v as object).constructor?.name ?? 'object';
}

// ---- pickling ------------------------------------------------------------------------------

/** What the pickler asks its caller about values it does not know (tensors). */
export interface PicklerHooks {
  /** The reduction of an object (a tensor → `_rebuild_tensor_v2(...)`), or undefined if unknown. */
  reduce?(obj: object): PyReduce | undefined;
  /** Whether a plain object or Map is written as `collections.OrderedDict` rather than `dict`. */
  isOrderedDict?(obj: object): boolean;
  /** Key/value pairs of a plain object or Map (lets the caller retype keys). */
  items?(obj: object): (readonly [unknown, unknown])[];
}

const OP = {
  PROTO: 0x80, STOP: 0x2e, MARK: 0x28, NONE: 0x4e, NEWTRUE: 0x88, NEWFALSE: 0x89, BININT: 0x4a, BININT1: 0x4b,
  BININT2: 0x4d, LONG1: 0x8a, LONG4: 0x8b, BINFLOAT: 0x47, BINUNICODE: 0x58, EMPTY_TUPLE: 0x29, TUPLE: 0x74,
  TUPLE1: 0x85, TUPLE2: 0x86, TUPLE3: 0x87, EMPTY_LIST: 0x5d, APPEND: 0x61, APPENDS: 0x65, EMPTY_DICT: 0x7d,
  SETITEM: 0x73, SETITEMS: 0x75, EMPTY_SET: 0x8f, GLOBAL: 0x63, REDUCE: 0x52, BUILD: 0x62, BINPERSID: 0x51,
  BINPUT: 0x71, LONG_BINPUT: 0x72, BINGET: 0x68, LONG_BINGET: 0x6a,
} as const;

/** CPython's pickler writes list and dict items in batches of this many. */
const BATCHSIZE = 1000;
const MAX_DEPTH = 1000;

class ByteBuilder {
  buf = new Uint8Array(1024);
  len = 0;
  private dv = new DataView(this.buf.buffer);
  private reserve(k: number): void {
    if (this.len + k <= this.buf.byteLength) return;
    let cap = this.buf.byteLength * 2;
    while (cap < this.len + k) cap *= 2;
    const nb = new Uint8Array(cap);
    nb.set(this.buf.subarray(0, this.len));
    this.buf = nb;
    this.dv = new DataView(nb.buffer);
  }
  byte(b: number): void {
    this.reserve(1);
    this.buf[this.len++] = b;
  }
  bytes(b: Uint8Array): void {
    this.reserve(b.byteLength);
    this.buf.set(b, this.len);
    this.len += b.byteLength;
  }
  u16(v: number): void {
    this.reserve(2);
    this.dv.setUint16(this.len, v, true);
    this.len += 2;
  }
  i32(v: number): void {
    this.reserve(4);
    this.dv.setInt32(this.len, v, true);
    this.len += 4;
  }
  u32(v: number): void {
    this.reserve(4);
    this.dv.setUint32(this.len, v, true);
    this.len += 4;
  }
  f64be(v: number): void {
    this.reserve(8);
    this.dv.setFloat64(this.len, v, false);
    this.len += 8;
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

const enc = new TextEncoder();

/**
 * Pickles `obj` with protocol 2. JavaScript values map to Python ones as: null/undefined → None,
 * booleans → bool, integral numbers and bigints → int, other numbers → float, strings → str,
 * arrays → list (tuple if made by {@link tuple} or unpickled from one), Maps and plain objects →
 * dict, empty Sets → set, {@link PyReduce}/{@link PyGlobal}/{@link PyPersistent} as themselves;
 * the caller's hooks handle tensors.
 */
export function pickle(obj: unknown, hooks: PicklerHooks = {}): Uint8Array {
  const out = new ByteBuilder();
  // CPython memoizes by object identity; strings here by value (equal strings in a torch.save
  // pickle are almost always the same Python object, so the bytes still match), globals by name.
  const memo = new Map<unknown, number>();
  const strMemo = new Map<string, number>();
  const globalMemo = new Map<string, number>();

  const putIndex = (i: number): void => {
    if (i < 256) {
      out.byte(OP.BINPUT);
      out.byte(i);
    } else {
      out.byte(OP.LONG_BINPUT);
      out.u32(i);
    }
  };
  let memoCount = 0;
  const nextIndex = (): number => memoCount++;
  const memoize = (o: unknown): void => {
    const i = nextIndex();
    if (o !== null) memo.set(o, i);
    putIndex(i);
  };
  const getIndex = (i: number): void => {
    if (i < 256) {
      out.byte(OP.BINGET);
      out.byte(i);
    } else {
      out.byte(OP.LONG_BINGET);
      out.u32(i);
    }
  };

  const saveInt = (v: bigint): void => {
    if (v >= 0n && v <= 0xffn) {
      out.byte(OP.BININT1);
      out.byte(Number(v));
    } else if (v >= 0n && v <= 0xffffn) {
      out.byte(OP.BININT2);
      out.u16(Number(v));
    } else if (v >= -(1n << 31n) && v < 1n << 31n) {
      out.byte(OP.BININT);
      out.i32(Number(v));
    } else {
      const b = encodeLong(v);
      if (b.byteLength < 256) {
        out.byte(OP.LONG1);
        out.byte(b.byteLength);
      } else {
        out.byte(OP.LONG4);
        out.i32(b.byteLength);
      }
      out.bytes(b);
    }
  };

  const saveGlobal = (g: PyGlobal): void => {
    const i = globalMemo.get(g.fullName);
    if (i !== undefined) return getIndex(i);
    out.byte(OP.GLOBAL);
    out.bytes(enc.encode(`${g.module}\n${g.name}\n`));
    const idx = nextIndex();
    globalMemo.set(g.fullName, idx);
    putIndex(idx);
  };

  const saveTuple = (items: readonly unknown[], depth: number, identity: object | null): void => {
    if (items.length === 0) {
      out.byte(OP.EMPTY_TUPLE);
      return;
    }
    if (items.length <= 3) {
      for (const it of items) save(it, depth);
      out.byte(items.length === 1 ? OP.TUPLE1 : items.length === 2 ? OP.TUPLE2 : OP.TUPLE3);
    } else {
      out.byte(OP.MARK);
      for (const it of items) save(it, depth);
      out.byte(OP.TUPLE);
    }
    memoize(identity);
  };

  const saveItems = (pairs: readonly (readonly [unknown, unknown])[], depth: number): void => {
    for (let s = 0; s < pairs.length; s += BATCHSIZE) {
      const batch = pairs.slice(s, s + BATCHSIZE);
      if (batch.length === 1) {
        save(batch[0][0], depth);
        save(batch[0][1], depth);
        out.byte(OP.SETITEM);
      } else {
        out.byte(OP.MARK);
        for (const [k, v] of batch) {
          save(k, depth);
          save(v, depth);
        }
        out.byte(OP.SETITEMS);
      }
    }
  };

  const saveReduce = (r: PyReduce, identity: object, depth: number): void => {
    saveGlobal(r.func);
    saveTuple(r.args, depth, null);
    out.byte(OP.REDUCE);
    memoize(identity);
    if (r !== identity) memo.set(r, memo.get(identity)!);
    if (r.dictItems && r.dictItems.length) saveItems(r.dictItems, depth);
    if (r.state !== undefined) {
      save(r.state, depth);
      out.byte(OP.BUILD);
    }
  };

  const save = (v: unknown, depth: number): void => {
    if (depth > MAX_DEPTH) throw new Error(`cannot save an object nested more than ${MAX_DEPTH} levels deep (or with a cycle through tuples)`);
    const d = depth + 1;
    if (v === null || v === undefined) return out.byte(OP.NONE);
    if (typeof v === 'boolean') return out.byte(v ? OP.NEWTRUE : OP.NEWFALSE);
    if (typeof v === 'bigint') return saveInt(v);
    if (typeof v === 'number') {
      if (Number.isSafeInteger(v) && !Object.is(v, -0)) return saveInt(BigInt(v));
      out.byte(OP.BINFLOAT);
      out.f64be(v);
      return;
    }
    if (typeof v === 'string') {
      const i = strMemo.get(v);
      if (i !== undefined) return getIndex(i);
      const b = enc.encode(v);
      out.byte(OP.BINUNICODE);
      out.u32(b.byteLength);
      out.bytes(b);
      const idx = nextIndex();
      strMemo.set(v, idx);
      putIndex(idx);
      return;
    }
    if (typeof v !== 'object') throw new Error(`cannot save a value of type ${typeof v}`);
    const seen = memo.get(v);
    if (seen !== undefined) return getIndex(seen);
    if (v instanceof PyGlobal) return saveGlobal(v);
    if (v instanceof PyPersistent) {
      save(v.pid, d);
      out.byte(OP.BINPERSID);
      return;
    }
    if (v instanceof PyReduce) return saveReduce(v, v, d);
    const r = hooks.reduce?.(v);
    if (r) return saveReduce(r, v, d);
    if (Array.isArray(v)) {
      if (TUPLES.has(v)) return saveTuple(v, d, v);
      out.byte(OP.EMPTY_LIST);
      memoize(v);
      for (let s = 0; s < v.length; s += BATCHSIZE) {
        const batch = v.slice(s, s + BATCHSIZE);
        if (batch.length === 1) {
          save(batch[0], d);
          out.byte(OP.APPEND);
        } else {
          out.byte(OP.MARK);
          for (const it of batch) save(it, d);
          out.byte(OP.APPENDS);
        }
      }
      return;
    }
    if (v instanceof Set) {
      if (v.size) throw new Error('cannot save a non-empty Set: PyTorch\'s weights_only loader cannot read sets; save an array');
      out.byte(OP.EMPTY_SET);
      memoize(v);
      return;
    }
    if (v instanceof Map || isPlainObject(v)) {
      const pairs = hooks.items ? hooks.items(v) : v instanceof Map ? [...v.entries()] : Object.entries(v);
      if (hooks.isOrderedDict?.(v)) {
        const meta = v instanceof Map ? undefined : (v as { _metadata?: unknown })._metadata;
        const state = meta !== undefined && !Object.prototype.propertyIsEnumerable.call(v, '_metadata') ? new Map([['_metadata', meta]]) : undefined;
        saveReduce(new PyReduce(new PyGlobal('collections', 'OrderedDict'), [], pairs, state), v, d);
        return;
      }
      out.byte(OP.EMPTY_DICT);
      memoize(v);
      saveItems(pairs, d);
      return;
    }
    throw new Error(`cannot save an object of type ${(v as object).constructor?.name ?? 'unknown'}: only tensors, numbers, strings, booleans, null, arrays, Maps and plain objects can be saved`);
  };

  out.byte(OP.PROTO);
  out.byte(2);
  save(obj, 0);
  out.byte(OP.STOP);
  return out.result();
}

/** Python's `encode_long`: the shortest little-endian two's complement form. */
function encodeLong(v: bigint): Uint8Array {
  if (v === 0n) return new Uint8Array(0);
  const bytes: number[] = [];
  let x = v;
  // emit bytes until the remaining value is all sign bits and the last byte's top bit agrees
  while (true) {
    const b = Number(x & 0xffn);
    bytes.push(b);
    x >>= 8n;
    if ((x === 0n && !(b & 0x80)) || (x === -1n && b & 0x80)) break;
  }
  return Uint8Array.from(bytes);
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
