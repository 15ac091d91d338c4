var __defProp = Object.defineProperty;
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};

// packages/core/src/binding.ts
import { createRequire } from "node:module";
var require2 = createRequire(import.meta.url);
var native = require2("@tensile/native");
var META = new Float64Array(1024);
native.init(META);
var names = native.opNames();
function codes(list) {
  return Object.fromEntries(list.map((n, i) => [n, i]));
}
var UNARY = codes(names.unary);
var BINARY = codes(names.binary);
var REDUCE = codes(names.reduce);
var SCAN = { cumsum: 0, cumprod: 1, logcumsumexp: 2, cummax: 3, cummin: 4 };
var RANDOM = {
  uniform: 0,
  normal: 1,
  bernoulli: 2,
  randint: 3,
  exponential: 4,
  geometric: 5,
  logNormal: 6,
  cauchy: 7
};

// packages/core/src/dtype.ts
var DTYPES = [
  "float32",
  "float64",
  "float16",
  "bfloat16",
  "int8",
  "uint8",
  "int16",
  "int32",
  "int64",
  "bool"
];
var DTYPE_CODE = Object.fromEntries(
  DTYPES.map((d, i) => [d, i])
);
var ITEM_SIZE = {
  float32: 4,
  float64: 8,
  float16: 2,
  bfloat16: 2,
  int8: 1,
  uint8: 1,
  int16: 2,
  int32: 4,
  int64: 8,
  bool: 1
};
function isFloatingPoint(d) {
  return d === "float32" || d === "float64" || d === "float16" || d === "bfloat16";
}
var INT_RANK = { int8: 1, int16: 2, int32: 3, int64: 4 };
var FLOAT_RANK = { float16: 1, bfloat16: 1, float32: 2, float64: 3 };
function promoteTypes(a, b) {
  if (a === b) return a;
  if (a === "bool") return b;
  if (b === "bool") return a;
  const fa = isFloatingPoint(a);
  const fb = isFloatingPoint(b);
  if (fa && fb) {
    if (a === "float16" && b === "bfloat16" || a === "bfloat16" && b === "float16") return "float32";
    return FLOAT_RANK[a] >= FLOAT_RANK[b] ? a : b;
  }
  if (fa) return a;
  if (fb) return b;
  if (a === "uint8") return b === "int8" ? "int16" : b;
  if (b === "uint8") return a === "int8" ? "int16" : a;
  return INT_RANK[a] >= INT_RANK[b] ? a : b;
}
function category(d) {
  if (d === "bool") return 0;
  return isFloatingPoint(d) ? 2 : 1;
}

// packages/core/src/storage.ts
var NATIVE_ALLOC_BYTES = 1 << 20;
var NATIVE_BYTES_PER_TURN = 256 << 20;
var nativeThisTurn = 0;
var turnScheduled = false;
function nativeBuffer(nbytes) {
  if (nativeThisTurn + nbytes > NATIVE_BYTES_PER_TURN) return null;
  nativeThisTurn += nbytes;
  if (!turnScheduled) {
    turnScheduled = true;
    setImmediate(() => {
      nativeThisTurn = 0;
      turnScheduled = false;
    }).unref();
  }
  return native.cpu.alloc(nbytes);
}
var Storage = class _Storage {
  /** The bytes; on the CPU an ArrayBuffer the kernels read and write directly. */
  buffer;
  nbytes;
  device;
  /**
   * Bumped by every in-place write through any view of this storage; autograd compares it with
   * the version it saved (PyTorch's version counter) to detect a tensor modified after use.
   */
  version = 0;
  constructor(buffer, device = "cpu") {
    this.buffer = buffer;
    this.nbytes = buffer.byteLength;
    this.device = device;
  }
  /** Fresh CPU storage of `nbytes`; its contents are unspecified (zero for small buffers). */
  static allocate(nbytes) {
    return new _Storage((nbytes >= NATIVE_ALLOC_BYTES ? nativeBuffer(nbytes) : null) ?? new ArrayBuffer(nbytes));
  }
  get disposed() {
    return this.buffer.byteLength !== this.nbytes;
  }
  /** Frees the memory now; every tensor on this storage becomes unusable. */
  dispose() {
    if (this.nbytes > 0 && !this.disposed) native.cpu.free(this.buffer);
  }
};

// packages/core/src/backend/cpu.ts
var k = native.cpu;
function loop(shape, ops) {
  const nd = shape.length;
  let flat = true;
  for (let i = 0; i < ops.length && flat; i++) flat = ops[i] === null || ops[i]._contiguous;
  if (flat) {
    let n = 1;
    for (let d = 0; d < nd; d++) n *= shape[d];
    META[8] = 1;
    META[9] = n;
    let p2 = 10;
    for (let i = 0; i < ops.length; i++) {
      const o = ops[i];
      META[p2++] = o ? o._offset : 0;
      META[p2++] = o ? 1 : 0;
    }
    return;
  }
  META[8] = nd;
  let p = 9;
  for (let d = 0; d < nd; d++) META[p++] = shape[d];
  for (let i = 0; i < ops.length; i++) {
    const o = ops[i];
    if (o === null) {
      for (let d = 0; d <= nd; d++) META[p++] = 0;
      continue;
    }
    META[p++] = o._offset;
    const st = o._strides;
    for (let d = 0; d < nd; d++) META[p++] = st[d];
  }
}
function strided(o, strides) {
  return { _storage: o._storage, _offset: o._offset, _shape: o._shape, _strides: strides, dtype: o.dtype, _contiguous: false };
}
function buf(o) {
  return o ? o._storage.buffer : void 0;
}
var cpuBackend = {
  device: "cpu",
  allocate(nbytes) {
    return Storage.allocate(nbytes);
  },
  unary(op, out2, a, p0 = 0, p1 = 0, p2 = 0) {
    META[0] = UNARY[op];
    META[1] = DTYPE_CODE[a.dtype];
    META[2] = DTYPE_CODE[out2.dtype];
    META[3] = p0;
    META[4] = p1;
    META[5] = p2;
    loop(out2._shape, [out2, a]);
    k.unary(out2._storage.buffer, a._storage.buffer);
  },
  binary(op, out2, a, b, computeDtype, alpha = 1) {
    META[0] = BINARY[op];
    META[1] = DTYPE_CODE[computeDtype];
    META[2] = DTYPE_CODE[out2.dtype];
    META[3] = alpha;
    const sa = typeof a === "number", sb = typeof b === "number";
    META[4] = sa ? a : 0;
    META[5] = sb ? b : 0;
    if (sa && sb) throw new Error("internal error: binary op on two scalars");
    loop(out2._shape, [out2, sa ? null : a, sb ? null : b]);
    k.binary(out2._storage.buffer, sa ? void 0 : a._storage.buffer, sb ? void 0 : b._storage.buffer);
  },
  where(out2, cond, a, b) {
    META[0] = DTYPE_CODE[out2.dtype];
    META[4] = typeof a === "number" ? a : 0;
    META[5] = typeof b === "number" ? b : 0;
    loop(out2._shape, [out2, cond, typeof a === "number" ? null : a, typeof b === "number" ? null : b]);
    k.where(
      out2._storage.buffer,
      cond._storage.buffer,
      typeof a === "number" ? void 0 : a._storage.buffer,
      typeof b === "number" ? void 0 : b._storage.buffer
    );
  },
  copy(out2, src) {
    META[0] = DTYPE_CODE[out2.dtype];
    META[1] = DTYPE_CODE[src.dtype];
    loop(out2._shape, [out2, src]);
    k.copy(out2._storage.buffer, src._storage.buffer);
  },
  fill(out2, value) {
    META[0] = DTYPE_CODE[out2.dtype];
    META[1] = value;
    loop(out2._shape, [out2]);
    k.fill(out2._storage.buffer);
  },
  range(out2, n, start, stepOrEnd, linspace2) {
    META[0] = DTYPE_CODE[out2.dtype];
    META[1] = n;
    META[2] = start;
    META[3] = stepOrEnd;
    META[4] = linspace2 ? 1 : 0;
    k.range(out2._storage.buffer);
  },
  reduce(op, out2, a, mask) {
    const nd = a._shape.length;
    META[0] = REDUCE[op];
    META[1] = DTYPE_CODE[a.dtype];
    META[2] = DTYPE_CODE[out2.dtype];
    META[3] = a._offset;
    META[4] = nd;
    for (let d = 0; d < nd; d++) {
      META[5 + d] = a._shape[d];
      META[5 + nd + d] = a._strides[d];
      META[5 + 2 * nd + d] = mask[d] ? 1 : 0;
    }
    k.reduce(out2._storage.buffer, a._storage.buffer);
  },
  reduceArg(values, indices, a, outer2, len, inner, isMax) {
    META[0] = DTYPE_CODE[a.dtype];
    META[1] = isMax ? 1 : 0;
    META[2] = a._offset;
    META[3] = outer2;
    META[4] = len;
    META[5] = inner;
    k.reduceArg(buf(values), buf(indices), a._storage.buffer);
  },
  scan(op, out2, indices, a, outer2, len, inner) {
    META[0] = SCAN[op];
    META[1] = DTYPE_CODE[a.dtype];
    META[2] = DTYPE_CODE[out2.dtype];
    META[3] = a._offset;
    META[4] = outer2;
    META[5] = len;
    META[6] = inner;
    k.scan(out2._storage.buffer, buf(indices), a._storage.buffer);
  },
  softmax(out2, a, outer2, len, inner, log) {
    META[0] = DTYPE_CODE[a.dtype];
    META[1] = log ? 1 : 0;
    META[2] = a._offset;
    META[3] = outer2;
    META[4] = len;
    META[5] = inner;
    k.softmax(out2._storage.buffer, a._storage.buffer);
  },
  softmaxBackward(out2, g, y, outer2, len, inner, log) {
    META[0] = DTYPE_CODE[y.dtype];
    META[1] = log ? 1 : 0;
    META[2] = g._offset;
    META[3] = y._offset;
    META[4] = outer2;
    META[5] = len;
    META[6] = inner;
    k.softmaxBackward(out2._storage.buffer, g._storage.buffer, y._storage.buffer);
  },
  matmul(c, a, b, alpha = 1, beta = 0) {
    META[0] = DTYPE_CODE[c.dtype];
    META[1] = c._shape[0];
    META[2] = c._shape[1];
    META[3] = c._shape[2];
    META[4] = a._shape[2];
    META[5] = a._offset;
    META[6] = a._strides[0];
    META[7] = a._strides[1];
    META[8] = a._strides[2];
    META[9] = b._offset;
    META[10] = b._strides[0];
    META[11] = b._strides[1];
    META[12] = b._strides[2];
    META[13] = c._offset;
    META[14] = c._strides[0];
    META[15] = c._strides[1];
    META[16] = c._strides[2];
    META[17] = alpha;
    META[18] = beta;
    k.matmul(c._storage.buffer, a._storage.buffer, b._storage.buffer);
  },
  sort(values, indices, a, rows, len, descending, stable) {
    META[0] = DTYPE_CODE[a.dtype];
    META[1] = a._offset;
    META[2] = rows;
    META[3] = len;
    META[4] = descending ? 1 : 0;
    META[5] = stable ? 1 : 0;
    k.sort(values._storage.buffer, indices._storage.buffer, a._storage.buffer);
  },
  topk(values, indices, a, rows, len, kk, largest) {
    META[0] = DTYPE_CODE[a.dtype];
    META[1] = a._offset;
    META[2] = rows;
    META[3] = len;
    META[4] = kk;
    META[5] = largest ? 1 : 0;
    k.topk(values._storage.buffer, indices._storage.buffer, a._storage.buffer);
  },
  take(out2, src, srcStrides, offsets) {
    META[0] = DTYPE_CODE[out2.dtype];
    loop(out2._shape, [out2, strided(src, srcStrides), offsets]);
    k.take(out2._storage.buffer, src._storage.buffer, offsets._storage.buffer);
  },
  put(dst, dstStrides, values, offsets, shape, accumulate2) {
    META[0] = DTYPE_CODE[dst.dtype];
    META[1] = accumulate2 ? 1 : 0;
    META[2] = typeof values === "number" ? values : 0;
    loop(shape, [strided(dst, dstStrides), typeof values === "number" ? null : values, offsets]);
    k.put(dst._storage.buffer, typeof values === "number" ? void 0 : values._storage.buffer, offsets._storage.buffer);
  },
  nonzero(out2, a, capacity) {
    META[0] = DTYPE_CODE[a.dtype];
    META[1] = capacity;
    const nd = a._shape.length;
    META[8] = nd;
    let p = 9;
    for (let d = 0; d < nd; d++) META[p++] = a._shape[d];
    META[p++] = a._offset;
    for (let d = 0; d < nd; d++) META[p++] = a._strides[d];
    return k.nonzero(out2 ? out2._storage.buffer : null, a._storage.buffer);
  },
  random(kind, out2, seed2, offset, a, b) {
    META[0] = RANDOM[kind];
    META[1] = DTYPE_CODE[out2.dtype];
    META[2] = out2._shape.reduce((x, y) => x * y, 1);
    META[3] = Number(seed2 >> 32n);
    META[4] = Number(seed2 & 0xffffffffn);
    META[5] = offset;
    META[6] = a;
    META[7] = b;
    k.random(out2._storage.buffer);
  },
  bernoulli(out2, p, seed2, offset) {
    META[0] = DTYPE_CODE[out2.dtype];
    META[1] = DTYPE_CODE[p.dtype];
    META[2] = out2._shape.reduce((x, y) => x * y, 1);
    META[3] = Number(seed2 >> 32n);
    META[4] = Number(seed2 & 0xffffffffn);
    META[5] = offset;
    META[6] = p._offset;
    k.bernoulli(out2._storage.buffer, p._storage.buffer);
  },
  randperm(out2, n, seed2, offset) {
    META[0] = n;
    META[1] = Number(seed2 >> 32n);
    META[2] = Number(seed2 & 0xffffffffn);
    META[3] = offset;
    k.randperm(out2._storage.buffer);
  },
  multinomial(out2, weights, rows, cats, samples, replacement, seed2, offset) {
    META[0] = rows;
    META[1] = cats;
    META[2] = samples;
    META[3] = replacement ? 1 : 0;
    META[4] = Number(seed2 >> 32n);
    META[5] = Number(seed2 & 0xffffffffn);
    META[6] = offset;
    META[7] = weights._offset;
    k.multinomial(out2._storage.buffer, weights._storage.buffer);
  },
  optimStep(kernel, param, grad, state, scalars) {
    META[0] = DTYPE_CODE[param.dtype];
    let n = 1;
    for (const d of param._shape) n *= d;
    META[1] = n;
    META[2] = param._offset;
    META[3] = grad._offset;
    const s0 = state[0] ?? null, s1 = state[1] ?? null, s2 = state[2] ?? null;
    META[4] = s0 ? s0._offset : 0;
    META[5] = s1 ? s1._offset : 0;
    META[6] = s2 ? s2._offset : 0;
    for (let i = 0; i < scalars.length; i++) META[8 + i] = scalars[i];
    OPTIM_KERNELS[kernel](param._storage.buffer, grad._storage.buffer, buf(s0), buf(s1), buf(s2));
  }
};
function convMeta(dtype, g) {
  META[0] = DTYPE_CODE[dtype];
  META[1] = g.n;
  META[2] = g.c;
  META[3] = g.o;
  META[4] = g.groups;
  for (let d = 0; d < 3; d++) {
    META[5 + d] = g.input[d];
    META[8 + d] = g.kernel[d];
    META[11 + d] = g.output[d];
    META[14 + d] = g.stride[d];
    META[17 + d] = g.padding[d];
    META[20 + d] = g.dilation[d];
  }
}
function poolMeta(dtype, g, inOffset) {
  META[0] = DTYPE_CODE[dtype];
  META[1] = g.planes;
  META[2] = g.ih;
  META[3] = g.iw;
  META[4] = g.oh;
  META[5] = g.ow;
  META[6] = g.kh;
  META[7] = g.kw;
  META[8] = g.sh;
  META[9] = g.sw;
  META[10] = g.ph;
  META[11] = g.pw;
  META[12] = g.dh;
  META[13] = g.dw;
  META[14] = g.countIncludePad ? 1 : 0;
  META[15] = g.divisor ?? 0;
  META[16] = inOffset;
}
var RNN_MODE = { tanh: 0, relu: 1, lstm: 2, gru: 3 };
function rnnMeta(dtype, g) {
  META[0] = DTYPE_CODE[dtype];
  META[1] = RNN_MODE[g.mode];
  META[2] = g.steps;
  META[3] = g.batch;
  META[4] = g.hidden;
  META[5] = g.proj;
  META[6] = g.reverse ? 1 : 0;
}
function off(o) {
  return o ? o._offset : 0;
}
Object.assign(cpuBackend, {
  convForward(g, out2, x, w, bias) {
    convMeta(x.dtype, g);
    META[23] = x._offset;
    META[24] = w._offset;
    META[25] = off(bias);
    k.convForward(out2._storage.buffer, x._storage.buffer, w._storage.buffer, buf(bias));
  },
  convBackwardInput(g, gin, gout, w) {
    convMeta(gout.dtype, g);
    META[23] = gout._offset;
    META[24] = w._offset;
    META[25] = 0;
    k.convBackwardInput(gin._storage.buffer, gout._storage.buffer, w._storage.buffer);
  },
  convBackwardWeight(g, gw, gout, x) {
    convMeta(gout.dtype, g);
    META[23] = gout._offset;
    META[24] = x._offset;
    META[25] = 0;
    k.convBackwardWeight(gw._storage.buffer, gout._storage.buffer, x._storage.buffer);
  },
  im2col(g, col, x) {
    convMeta(x.dtype, g);
    META[23] = x._offset;
    k.im2col(col._storage.buffer, x._storage.buffer);
  },
  col2im(g, x, col) {
    convMeta(col.dtype, g);
    META[23] = col._offset;
    k.col2im(x._storage.buffer, col._storage.buffer);
  },
  maxPool2d(g, out2, indices, x) {
    poolMeta(x.dtype, g, x._offset);
    k.maxPool2d(out2._storage.buffer, indices._storage.buffer, x._storage.buffer);
  },
  avgPool2d(g, out2, x) {
    poolMeta(x.dtype, g, x._offset);
    k.avgPool2d(out2._storage.buffer, x._storage.buffer);
  },
  avgPool2dBackward(g, gin, gout) {
    poolMeta(gout.dtype, g, gout._offset);
    k.avgPool2dBackward(gin._storage.buffer, gout._storage.buffer);
  },
  adaptivePool2d(g, isMax, out2, indices, x) {
    poolMeta(x.dtype, g, x._offset);
    META[14] = isMax ? 1 : 0;
    k.adaptivePool2d(out2._storage.buffer, buf(indices), x._storage.buffer);
  },
  adaptiveAvgPool2dBackward(g, gin, gout) {
    poolMeta(gout.dtype, g, gout._offset);
    k.adaptiveAvgPool2dBackward(gin._storage.buffer, gout._storage.buffer);
  },
  rnnForward(g, o, i, batchSizes) {
    rnnMeta(i.xproj.dtype, g);
    META[7] = i.xproj._offset;
    META[8] = i.whh._offset;
    META[9] = off(i.bhh);
    META[10] = off(i.whr);
    META[11] = i.h0._offset;
    META[12] = off(i.c0);
    k.rnnForward(
      o.out._storage.buffer,
      o.hn._storage.buffer,
      buf(o.cn),
      o.ws._storage.buffer,
      i.xproj._storage.buffer,
      i.whh._storage.buffer,
      buf(i.bhh),
      buf(i.whr),
      i.h0._storage.buffer,
      buf(i.c0),
      buf(batchSizes)
    );
  },
  rnnBackward(g, o, i, batchSizes) {
    rnnMeta(i.dout.dtype, g);
    META[7] = i.dout._offset;
    META[8] = i.dhn._offset;
    META[9] = off(i.dcn);
    META[10] = i.whh._offset;
    META[11] = off(i.whr);
    k.rnnBackward(
      o.dxproj._storage.buffer,
      buf(o.dgh),
      o.dh0._storage.buffer,
      buf(o.dc0),
      buf(o.dwhr),
      i.dout._storage.buffer,
      i.dhn._storage.buffer,
      buf(i.dcn),
      i.ws._storage.buffer,
      i.whh._storage.buffer,
      buf(i.whr),
      buf(batchSizes)
    );
  }
});
var OPTIM_KERNELS = {
  sgd: k.sgdStep,
  adam: k.adamStep,
  adamax: k.adamaxStep,
  nadam: k.nadamStep,
  radam: k.radamStep,
  rmsprop: k.rmspropStep,
  adagrad: k.adagradStep,
  adadelta: k.adadeltaStep
};

// packages/core/src/backend/backend.ts
var backends = /* @__PURE__ */ new Map([["cpu", cpuBackend]]);
function backendFor(device) {
  if (device === "cpu") return cpuBackend;
  const colon = device.indexOf(":");
  const type = colon < 0 ? device : device.slice(0, colon);
  const b = backends.get(type);
  if (!b) {
    if (type === "cuda") throw new Error("Torch not compiled with CUDA enabled");
    throw new Error(`Expected one of cpu, cuda device type at start of device string: ${device}`);
  }
  return b;
}

// packages/core/src/default_dtype.ts
var defaultDtype = "float32";
function getDefaultDtype() {
  return defaultDtype;
}

// packages/core/src/autograd/grad_mode.ts
var gradEnabled = true;
var anomaly = false;
function isGradEnabled() {
  return gradEnabled;
}
function withGradMode(mode, fn) {
  const prev = gradEnabled;
  gradEnabled = mode;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}
function noGrad(fn) {
  return withGradMode(false, fn);
}
function enableGrad(fn) {
  return withGradMode(true, fn);
}
function isAnomalyEnabled() {
  return anomaly;
}

// packages/core/src/autograd/node.ts
var sequence = 0;
var Node = class {
  /** PyTorch's class name for the node, e.g. `AddBackward0`; shown as `grad_fn=<AddBackward0>`. */
  name;
  /** Per input: the node its gradient flows to, or null when that input needs no gradient. */
  next;
  /** Creation order; later nodes run first in backward, like PyTorch's sequence numbers. */
  seq;
  /** Hooks on the gradient of this node's output tensor (`tensor.registerHook` on a non-leaf). */
  preHooks = null;
  /** Full backward hooks of modules: called with (gradInputs, gradOutput). */
  postHooks = null;
  /** Stack trace of the forward call, recorded in anomaly mode. */
  trace;
  fn;
  saved;
  /** Output shape/dtype, to materialise a zero gradient when none reaches this node's consumer. */
  outputMeta = null;
  constructor(name, next, fn, saved) {
    this.name = name;
    this.next = next;
    this.fn = fn;
    this.seq = sequence++;
    this.saved = saved ? saved.map((tensor2) => ({ tensor: tensor2, version: tensor2._version })) : null;
    this.trace = isAnomalyEnabled() ? new Error().stack ?? null : null;
  }
  /** Applies the backward formula; throws PyTorch's errors for freed graphs and modified inputs. */
  apply(grad) {
    if (!this.fn)
      throw new Error(
        "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward."
      );
    if (this.saved) {
      for (const s of this.saved) {
        if (s.tensor._version !== s.version) {
          const t2 = s.tensor;
          throw new Error(
            `one of the variables needed for gradient computation has been modified by an inplace operation: [torch.${typeName(t2.dtype)} [${t2.shape.join(", ")}]], which is output 0 of ${t2.gradFn?.name ?? "a leaf"}, is at version ${t2._version}; expected version ${s.version} instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).`
          );
        }
      }
    }
    const needs = this.next.map((n) => n !== null);
    return this.fn(grad, needs);
  }
  /** Drops saved tensors and the formula (after a backward without retainGraph). */
  release() {
    this.fn = null;
    this.saved = null;
  }
  /** PyTorch's `grad_fn.next_functions`. */
  get nextFunctions() {
    return this.next.map((n) => [n, 0]);
  }
  toString() {
    return `<${this.name} object>`;
  }
};
function typeName(dtype) {
  const names2 = {
    float32: "FloatTensor",
    float64: "DoubleTensor",
    float16: "HalfTensor",
    bfloat16: "BFloat16Tensor",
    int8: "CharTensor",
    uint8: "ByteTensor",
    int16: "ShortTensor",
    int32: "IntTensor",
    int64: "LongTensor",
    bool: "BoolTensor"
  };
  return names2[dtype] ?? dtype;
}
var AccumulateGrad = class extends Node {
  variable;
  constructor(variable) {
    super("AccumulateGrad", [], null, null);
    this.variable = variable;
  }
};
function gradEdge(t2) {
  if (!t2.requiresGrad) return null;
  return t2.gradFn ?? t2._gradAccumulator();
}
function record(out2, name, inputs, backward2, saved = null) {
  if (!isGradEnabled()) return out2;
  let any = false;
  for (let i = 0; i < inputs.length; i++) if (inputs[i].requiresGrad) {
    any = true;
    break;
  }
  if (!any) return out2;
  const next = new Array(inputs.length);
  for (let i = 0; i < inputs.length; i++) next[i] = gradEdge(inputs[i]);
  const node = new Node(name, next, backward2, saved);
  node.outputMeta = { shape: out2.shape, dtype: out2.dtype };
  out2._setGradFn(node);
  return out2;
}

// packages/core/src/shape.ts
function numelOf(shape) {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}
function contiguousStrides(shape) {
  const strides = new Array(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= Math.max(shape[i], 1);
  }
  return strides;
}
function isContiguousLayout(shape, strides) {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] === 1) continue;
    if (strides[i] !== expected) return false;
    expected *= shape[i];
  }
  return true;
}
function sameShape(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
function shapeString(shape) {
  return `[${shape.join(", ")}]`;
}
function broadcastShapes(a, b) {
  const n = Math.max(a.length, b.length);
  const out2 = new Array(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)];
    const db = i < n - b.length ? 1 : b[i - (n - b.length)];
    if (da === db || db === 1) out2[i] = da;
    else if (da === 1) out2[i] = db;
    else
      throw new Error(
        `The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i}`
      );
  }
  return out2;
}
function broadcastStrides(shape, strides, target) {
  const out2 = new Array(target.length).fill(0);
  const off2 = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) out2[i + off2] = shape[i] === 1 && target[i + off2] !== 1 ? 0 : strides[i];
  return out2;
}
function normalizeDim(dim, ndim) {
  const n = Math.max(ndim, 1);
  if (!Number.isInteger(dim) || dim < -n || dim >= n)
    throw new Error(`Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`);
  return dim < 0 ? dim + n : dim;
}
function parseSizes(args) {
  let opts;
  let list = args;
  const last = list[list.length - 1];
  if (last !== void 0 && typeof last === "object" && !Array.isArray(last)) {
    opts = last;
    list = list.slice(0, -1);
  }
  const sizes = list.length === 1 && Array.isArray(list[0]) ? list[0] : list;
  for (const s of sizes) {
    if (typeof s !== "number" || !Number.isInteger(s))
      throw new TypeError(`sizes must be integers, but got ${typeof s === "number" ? s : typeof s}`);
    if (s < 0) throw new Error(`Trying to create tensor with negative dimension ${s}: ${shapeString(sizes)}`);
  }
  return [[...sizes], opts];
}
function inferShape(requested, numel) {
  const shape = [...requested];
  let infer = -1;
  let known = 1;
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === -1) {
      if (infer >= 0) throw new Error("only one dimension can be inferred");
      infer = i;
    } else if (!Number.isInteger(shape[i]) || shape[i] < 0) {
      throw new Error(`invalid shape dimension ${shape[i]}`);
    } else known *= shape[i];
  }
  if (infer >= 0) {
    if (known === 0 || numel % known !== 0)
      throw new Error(`shape '${shapeString(requested)}' is invalid for input of size ${numel}`);
    shape[infer] = numel / known;
  } else if (known !== numel) {
    throw new Error(`shape '${shapeString(requested)}' is invalid for input of size ${numel}`);
  }
  return shape;
}
function viewStrides(shape, strides, target) {
  const numel = numelOf(shape);
  if (numel <= 1) return contiguousStrides(target);
  const out2 = new Array(target.length);
  let viewD = target.length - 1;
  let chunkBase = strides[strides.length - 1] ?? 1;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    tensorNumel *= shape[d];
    if (d === 0 || shape[d - 1] !== 1 && strides[d - 1] !== tensorNumel * chunkBase) {
      while (viewD >= 0 && (viewNumel < tensorNumel || target[viewD] === 1)) {
        out2[viewD] = viewNumel * chunkBase;
        viewNumel *= target[viewD];
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkBase = strides[d - 1];
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  if (viewD !== -1) return null;
  return out2;
}

// packages/core/src/tensor.ts
import { inspect } from "node:util";

// packages/core/src/autograd/engine.ts
function add(a, b) {
  return a === void 0 ? b : a.add(b);
}
function checkNaN(node, grads) {
  grads.forEach((g, i) => {
    if (g && g.dtype.startsWith("float") && g.isnan().any().item()) {
      const err = new Error(`Function '${node.name}' returned nan values in its ${i}th output.`);
      if (node.trace) err.stack = `${err.message}
Forward call that created the node:
${node.trace}`;
      throw err;
    }
  });
}
function run(roots, rootGrads, opts) {
  const deps = /* @__PURE__ */ new Map();
  const stack2 = [...roots];
  const seen = new Set(roots);
  while (stack2.length) {
    const n = stack2.pop();
    for (const m of n.next) {
      if (!m) continue;
      deps.set(m, (deps.get(m) ?? 0) + 1);
      if (!seen.has(m)) {
        seen.add(m);
        stack2.push(m);
      }
    }
  }
  const buffers = /* @__PURE__ */ new Map();
  roots.forEach((r, i) => buffers.set(r, add(buffers.get(r), rootGrads[i])));
  const ready = roots.filter((r, i) => roots.indexOf(r) === i && !deps.get(r));
  const anomaly2 = isAnomalyEnabled();
  while (ready.length) {
    let best = 0;
    for (let i = 1; i < ready.length; i++) if (ready[i].seq > ready[best].seq) best = i;
    const node = ready[best];
    ready[best] = ready[ready.length - 1];
    ready.pop();
    let grad = buffers.get(node);
    buffers.delete(node);
    if (grad === void 0) continue;
    if (node.preHooks) {
      for (const hook of node.preHooks) {
        const r = hook(grad);
        if (r) grad = r;
      }
    }
    if (opts.capture?.has(node)) opts.captured[opts.capture.get(node)] = grad;
    if (node instanceof AccumulateGrad) {
      if (!opts.capture) accumulate(node.variable, grad, opts.createGraph ?? false);
      continue;
    }
    const grads = node.apply(grad);
    if (anomaly2) checkNaN(node, grads);
    if (node.postHooks) for (const h of node.postHooks) h(grads.map((g) => g ?? null), grad);
    if (!opts.retainGraph) node.release();
    for (let i = 0; i < node.next.length; i++) {
      const m = node.next[i];
      if (!m) continue;
      let g = grads[i];
      const want = m instanceof AccumulateGrad ? m.variable.dtype : m.outputMeta?.dtype;
      if (g && want && g.dtype !== want) g = g.to(want);
      if (g) buffers.set(m, add(buffers.get(m), g));
      const left = deps.get(m) - 1;
      deps.set(m, left);
      if (left === 0) ready.push(m);
    }
  }
}
function accumulate(variable, grad, createGraph) {
  for (const hook of variable._leafHooks()) {
    const r = hook(grad);
    if (r) grad = r;
  }
  if (!createGraph) grad = grad.detach();
  if (grad.shape.length !== variable.shape.length || grad.shape.some((s, i) => s !== variable.shape[i]))
    grad = grad.sumToSize(variable.shape);
  const prev = variable.grad;
  if (prev === null) {
    variable.grad = createGraph ? grad.mul(1) : grad.clone();
  } else if (createGraph) {
    variable.grad = prev.add(grad);
  } else {
    noGrad(() => prev.add_(grad));
  }
  for (const hook of variable._postAccumulateHooks()) hook(variable);
}
function rootGradients(outputs, gradOutputs) {
  return outputs.map((o, i) => {
    const g = gradOutputs?.[i];
    if (g) {
      if (g.shape.length !== o.shape.length || g.shape.some((s, k2) => s !== o.shape[k2]))
        throw new Error(
          `Mismatch in shape: grad_output[${i}] has a shape of torch.Size([${g.shape.join(", ")}]) and output[${i}] has a shape of torch.Size([${o.shape.join(", ")}]).`
        );
      return g;
    }
    if (o.numel() !== 1) throw new Error("grad can be implicitly created only for scalar outputs");
    return o.onesLike();
  });
}
function rootNodes(outputs) {
  return outputs.map((o) => {
    if (!o.requiresGrad) throw new Error("element 0 of tensors does not require grad and does not have a grad_fn");
    return o.gradFn ?? o._gradAccumulator();
  });
}
function backward(outputs, gradOutputs, opts = {}) {
  const roots = rootNodes(outputs);
  const grads = rootGradients(outputs, gradOutputs);
  const retainGraph = opts.retainGraph ?? opts.createGraph ?? false;
  const go = () => run(roots, grads, { retainGraph, createGraph: opts.createGraph });
  if (opts.createGraph) enableGrad(go);
  else noGrad(go);
}

// packages/core/src/print.ts
var printOptions = {
  precision: 4,
  threshold: 1e3,
  edgeitems: 3,
  linewidth: 80,
  sciMode: null
};
var F64 = new Float64Array(1);
var U32 = new Uint32Array(F64.buffer);
var LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
var LO = LITTLE_ENDIAN ? 0 : 1;
var HI = LITTLE_ENDIAN ? 1 : 0;
function exactDecimal(x) {
  F64[0] = x;
  const hi = U32[HI];
  const lo = U32[LO];
  const biasedExp = hi >>> 20 & 2047;
  let mant = BigInt(hi & 1048575) << 32n | BigInt(lo);
  let exp;
  if (biasedExp === 0) {
    exp = -1074;
  } else {
    mant |= 1n << 52n;
    exp = biasedExp - 1075;
  }
  if (mant === 0n) return { digits: "", point: 0 };
  let digits;
  let point;
  if (exp >= 0) {
    digits = (mant << BigInt(exp)).toString();
    point = digits.length;
  } else {
    digits = (mant * 5n ** BigInt(-exp)).toString();
    point = digits.length + exp;
  }
  let end = digits.length;
  while (end > 0 && digits.charCodeAt(end - 1) === 48) end--;
  return { digits: digits.slice(0, end), point };
}
function roundDigits(digits, keep) {
  if (keep < 0) {
    return { kept: "", carry: false };
  }
  if (digits.length <= keep) return { kept: digits.padEnd(keep, "0"), carry: false };
  const kept = digits.slice(0, keep);
  const first = digits.charCodeAt(keep) - 48;
  let roundUp;
  if (first > 5) roundUp = true;
  else if (first < 5) roundUp = false;
  else if (digits.length > keep + 1) roundUp = true;
  else {
    const last = keep > 0 ? kept.charCodeAt(keep - 1) - 48 : 0;
    roundUp = last % 2 === 1;
  }
  if (!roundUp) return { kept, carry: false };
  const arr = kept.split("");
  let i = arr.length - 1;
  while (i >= 0) {
    if (arr[i] === "9") {
      arr[i] = "0";
      i--;
    } else {
      arr[i] = String.fromCharCode(arr[i].charCodeAt(0) + 1);
      break;
    }
  }
  if (i < 0) return { kept: "1" + arr.join(""), carry: true };
  return { kept: arr.join(""), carry: false };
}
function isNegative(x) {
  return x < 0 || Object.is(x, -0);
}
function nonFinite(x) {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  return null;
}
function pyFormatFixed(x, precision) {
  const nf = nonFinite(x);
  if (nf !== null) return nf;
  const sign = isNegative(x) ? "-" : "";
  const { digits, point } = exactDecimal(Math.abs(x));
  let s;
  if (digits === "") {
    s = "0".repeat(precision + 1);
  } else {
    const keep = point + precision;
    const { kept } = roundDigits(digits, keep);
    s = kept === "" ? "0" : kept;
    if (s.length < precision + 1) s = s.padStart(precision + 1, "0");
  }
  const intPart = s.slice(0, s.length - precision);
  const fracPart = s.slice(s.length - precision);
  return sign + (precision > 0 ? `${intPart}.${fracPart}` : intPart);
}
function pyFormatExp(x, precision) {
  const nf = nonFinite(x);
  if (nf !== null) return nf;
  const sign = isNegative(x) ? "-" : "";
  const { digits, point } = exactDecimal(Math.abs(x));
  let mantissa;
  let exponent;
  if (digits === "") {
    mantissa = "0".repeat(precision + 1);
    exponent = 0;
  } else {
    const { kept, carry } = roundDigits(digits, precision + 1);
    exponent = point - 1 + (carry ? 1 : 0);
    mantissa = kept.slice(0, precision + 1);
  }
  const m = precision > 0 ? `${mantissa[0]}.${mantissa.slice(1)}` : mantissa;
  const e = Math.abs(exponent).toString().padStart(2, "0");
  return `${sign}${m}e${exponent < 0 ? "-" : "+"}${e}`;
}
var Formatter = class {
  floatingDtype;
  isBool;
  intMode = true;
  sciMode = false;
  maxWidth = 1;
  /** `values` are the (possibly summarised) elements the formatter is sized for. */
  constructor(values, dtype) {
    this.floatingDtype = isFloatingPoint(dtype);
    this.isBool = dtype === "bool";
    const precision = printOptions.precision;
    if (!this.floatingDtype) {
      for (const v of values) this.maxWidth = Math.max(this.maxWidth, this.format0(v).length);
      return;
    }
    const nz = [];
    for (const v of values) {
      const x = v;
      if (Number.isFinite(x) && x !== 0) nz.push(x);
    }
    if (nz.length === 0) return;
    let min = Infinity;
    let max = -Infinity;
    for (const x of nz) {
      const a = Math.abs(x);
      if (a < min) min = a;
      if (a > max) max = a;
    }
    for (const x of nz) {
      if (x !== Math.ceil(x)) {
        this.intMode = false;
        break;
      }
    }
    if (this.intMode) {
      if (max / min > 1e3 || max > 1e8) {
        this.sciMode = true;
        for (const x of nz) this.maxWidth = Math.max(this.maxWidth, pyFormatExp(x, precision).length);
      } else {
        for (const x of nz) this.maxWidth = Math.max(this.maxWidth, pyFormatFixed(x, 0).length + 1);
      }
    } else if (max / min > 1e3 || max > 1e8 || min < 1e-4) {
      this.sciMode = true;
      for (const x of nz) this.maxWidth = Math.max(this.maxWidth, pyFormatExp(x, precision).length);
    } else {
      for (const x of nz) this.maxWidth = Math.max(this.maxWidth, pyFormatFixed(x, precision).length);
    }
    if (printOptions.sciMode !== null) this.sciMode = printOptions.sciMode;
  }
  width() {
    return this.maxWidth;
  }
  /** Python's `'{}'.format(value)` for a non-floating element. */
  format0(v) {
    if (this.isBool) return v === true || typeof v !== "boolean" && Number(v) !== 0 ? "True" : "False";
    if (typeof v === "bigint") return v.toString();
    if (typeof v === "boolean") return v ? "1" : "0";
    return String(v);
  }
  format(v) {
    let ret;
    if (this.floatingDtype) {
      const x = v;
      const precision = printOptions.precision;
      if (this.sciMode) {
        ret = pyFormatExp(x, precision);
      } else if (this.intMode) {
        ret = pyFormatFixed(x, 0);
        if (Number.isFinite(x)) ret += ".";
      } else {
        ret = pyFormatFixed(x, precision);
      }
    } else {
      ret = this.format0(v);
    }
    return ret.length < this.maxWidth ? " ".repeat(this.maxWidth - ret.length) + ret : ret;
  }
};
function sub(view2, i) {
  return {
    offset: view2.offset + i * view2.strides[0],
    shape: view2.shape.slice(1),
    strides: view2.strides.slice(1)
  };
}
function tailStart(n, edge) {
  return edge > 0 ? n - edge : 0;
}
function keptIndices(n, summarize, isVector) {
  const edge = printOptions.edgeitems;
  const out2 = [];
  if (summarize && n > 2 * edge) {
    for (let i = 0; i < edge; i++) out2.push(i);
    for (let i = isVector ? tailStart(n, edge) : n - edge; i < n; i++) out2.push(i);
  } else {
    for (let i = 0; i < n; i++) out2.push(i);
  }
  return out2;
}
function collectSummarized(values, view2, summarize, out2) {
  if (view2.shape.length === 0) {
    out2.push(values[view2.offset]);
    return;
  }
  for (const i of keptIndices(view2.shape[0], summarize, view2.shape.length === 1)) {
    collectSummarized(values, sub(view2, i), summarize, out2);
  }
}
function vectorStr(values, view2, indent, summarize, fmt) {
  const elementLength = fmt.width() + 2;
  const elementsPerLine = Math.max(1, Math.floor((printOptions.linewidth - indent) / elementLength));
  const n = view2.shape[0];
  const stride = view2.strides[0];
  const edge = printOptions.edgeitems;
  const at = (i) => fmt.format(values[view2.offset + i * stride]);
  const data = [];
  if (summarize && n > 2 * edge) {
    for (let i = 0; i < edge; i++) data.push(at(i));
    data.push(" ...");
    for (let i = tailStart(n, edge); i < n; i++) data.push(at(i));
  } else {
    for (let i = 0; i < n; i++) data.push(at(i));
  }
  const lines = [];
  for (let i = 0; i < data.length; i += elementsPerLine) lines.push(data.slice(i, i + elementsPerLine).join(", "));
  return "[" + lines.join(",\n" + " ".repeat(indent + 1)) + "]";
}
function tensorStrWithFormatter(values, view2, indent, summarize, fmt) {
  const dim = view2.shape.length;
  if (dim === 0) return fmt.format(values[view2.offset]);
  if (dim === 1) return vectorStr(values, view2, indent, summarize, fmt);
  const n = view2.shape[0];
  const edge = printOptions.edgeitems;
  const row = (i) => tensorStrWithFormatter(values, sub(view2, i), indent + 1, summarize, fmt);
  const slices = [];
  if (summarize && n > 2 * edge) {
    for (let i = 0; i < edge; i++) slices.push(row(i));
    slices.push("...");
    for (let i = n - edge; i < n; i++) slices.push(row(i));
  } else {
    for (let i = 0; i < n; i++) slices.push(row(i));
  }
  return "[" + slices.join("," + "\n".repeat(dim - 1) + " ".repeat(indent + 1)) + "]";
}
function tensorStr(values, shape, dtype, indent) {
  const numel = shape.reduce((a, b) => a * b, 1);
  if (numel === 0) return "[]";
  const summarize = numel > printOptions.threshold;
  const strides = new Array(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d];
  }
  const view2 = { offset: 0, shape, strides };
  let fmtValues;
  if (summarize) {
    fmtValues = [];
    collectSummarized(values, view2, true, fmtValues);
  } else {
    fmtValues = values;
  }
  const fmt = new Formatter(fmtValues, dtype);
  return tensorStrWithFormatter(values, view2, indent, summarize, fmt);
}
function addSuffixes(tensorString, suffixes, indent, forceNewline) {
  const parts = [tensorString];
  let lastLineLen = tensorString.length - tensorString.lastIndexOf("\n") + 1;
  for (const suffix of suffixes) {
    const suffixLen = suffix.length;
    if (forceNewline || lastLineLen + suffixLen + 2 > printOptions.linewidth) {
      parts.push(",\n" + " ".repeat(indent) + suffix);
      lastLineLen = indent + suffixLen;
      forceNewline = false;
    } else {
      parts.push(", " + suffix);
      lastLineLen += suffixLen + 2;
    }
  }
  parts.push(")");
  return parts.join("");
}
function tupleStr(shape) {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(", ")})`;
}
function normalise(values, dtype) {
  const n = values.length;
  const out2 = new Array(n);
  if (isFloatingPoint(dtype)) {
    const narrow2 = dtype !== "float64";
    for (let i = 0; i < n; i++) {
      const x = Number(values[i]);
      out2[i] = narrow2 ? Math.fround(x) : x;
    }
  } else if (dtype === "bool") {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      out2[i] = typeof v === "boolean" ? v : Number(v) !== 0;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      out2[i] = typeof v === "boolean" ? v ? 1 : 0 : v;
    }
  }
  return out2;
}
function formatTensor(values, shape, dtype, extras = {}) {
  const prefix = "tensor(";
  const indent = prefix.length;
  const suffixes = [];
  const device = extras.device;
  if (device !== void 0 && device !== "cpu") suffixes.push(`device='${device}'`);
  const numel = shape.reduce((a, b) => a * b, 1);
  let body;
  if (numel === 0) {
    if (shape.length !== 1) suffixes.push("size=" + tupleStr(shape));
    if (dtype !== "float32") suffixes.push(`dtype=torch.${dtype}`);
    body = "[]";
  } else {
    if (dtype !== "float32" && dtype !== "int64" && dtype !== "bool") suffixes.push(`dtype=torch.${dtype}`);
    body = tensorStr(normalise(values, dtype), shape, dtype, indent);
  }
  if (extras.gradFn) suffixes.push(`grad_fn=<${extras.gradFn}>`);
  else if (extras.requiresGrad) suffixes.push("requires_grad=True");
  return addSuffixes(prefix + body, suffixes, indent, false);
}

// packages/core/src/device.ts
function normalizeDevice(device) {
  if (device === void 0 || device === null || device === "cpu") return "cpu";
  if (device === "cuda") return "cuda:0";
  if (/^cuda:\d+$/.test(device)) return device;
  if (/^cpu:0$/.test(device)) return "cpu";
  throw new Error(`Expected one of cpu, cuda device type at start of device string: ${device}`);
}

// packages/core/src/ops/creation.ts
function empty(shape, dtype = getDefaultDtype(), device = "cpu") {
  const n = numelOf(shape);
  const storage = device === "cpu" ? Storage.allocate(n * ITEM_SIZE[dtype]) : backendFor(device).allocate(n * ITEM_SIZE[dtype]);
  return new Tensor(storage, shape, contiguousStrides(shape), 0, dtype);
}
function finish(t2, opts) {
  if (opts?.requiresGrad) {
    if (!isFloatingPoint(t2.dtype)) throw new Error("Only Tensors of floating point and complex dtype can require gradients");
    t2.requiresGrad = true;
  }
  return t2;
}
function filled(shape, value, opts, dtype) {
  const device = normalizeDevice(opts?.device);
  const t2 = empty(shape, dtype, device);
  if (value !== 0 || device !== "cpu" || t2.numel() * ITEM_SIZE[dtype] >= 1 << 20) backendFor(device).fill(t2, value);
  return finish(t2, opts);
}
function zeros(...args) {
  const [shape, opts] = parseSizes(args);
  return filled(shape, 0, opts, opts?.dtype ?? getDefaultDtype());
}
function ones(...args) {
  const [shape, opts] = parseSizes(args);
  return filled(shape, 1, opts, opts?.dtype ?? getDefaultDtype());
}
function emptyTensor(...args) {
  const [shape, opts] = parseSizes(args);
  return finish(empty(shape, opts?.dtype ?? getDefaultDtype(), normalizeDevice(opts?.device)), opts);
}
function scalarDtype(value) {
  if (typeof value === "boolean") return "bool";
  if (typeof value === "bigint") return "int64";
  return Number.isInteger(value) ? "int64" : getDefaultDtype();
}
function full(size, fillValue, opts) {
  const [shape] = parseSizes([size]);
  return filled(shape, Number(fillValue), opts, opts?.dtype ?? scalarDtype(fillValue));
}
function likeOpts(t2, opts) {
  return { dtype: opts?.dtype ?? t2.dtype, device: opts?.device ?? t2.device, requiresGrad: opts?.requiresGrad };
}
function zerosLike(t2, opts) {
  return zeros(t2.shape, likeOpts(t2, opts));
}
function onesLike(t2, opts) {
  return ones(t2.shape, likeOpts(t2, opts));
}
function emptyLike(t2, opts) {
  return emptyTensor(t2.shape, likeOpts(t2, opts));
}
function inferShape2(data) {
  const shape = [];
  let cur = data;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0];
  }
  return shape;
}
function flattenInto(data, shape, depth, out2) {
  if (depth === shape.length) {
    if (Array.isArray(data)) throw new Error(`expected sequence of length ${shape[depth - 1]} at dim ${depth - 1}`);
    const v = data;
    if (typeof v !== "number" && typeof v !== "boolean" && typeof v !== "bigint")
      throw new TypeError(`Could not infer dtype of ${typeof v}`);
    out2.push(v);
    return;
  }
  if (!Array.isArray(data) || data.length !== shape[depth])
    throw new Error(
      `expected sequence of length ${shape[depth]} at dim ${depth} (got ${Array.isArray(data) ? data.length : "a scalar"})`
    );
  for (const x of data) flattenInto(x, shape, depth + 1, out2);
}
var TYPED_DTYPE = [
  [Float32Array, "float32"],
  [Float64Array, "float64"],
  [Int8Array, "int8"],
  [Uint8Array, "uint8"],
  [Uint8ClampedArray, "uint8"],
  [Int16Array, "int16"],
  [Int32Array, "int32"],
  [BigInt64Array, "int64"]
];
function dtypeOfTypedArray(a) {
  for (const [ctor, d] of TYPED_DTYPE) if (a instanceof ctor) return d;
  throw new TypeError("unsupported typed array");
}
function writeValues(t2, values) {
  const view2 = t2._typedView();
  const n = values.length;
  if (t2.dtype === "int64") {
    const v = view2;
    for (let i = 0; i < n; i++) {
      const x = values[i];
      v[i] = typeof x === "bigint" ? x : BigInt(Math.trunc(Number(x)));
    }
  } else if (t2.dtype === "float16" || t2.dtype === "bfloat16") {
    const tmp = fromTypedArray(Float32Array.from(values, Number), [n]);
    t2.copy_(tmp);
  } else if (t2.dtype === "bool") {
    const v = view2;
    for (let i = 0; i < n; i++) v[i] = values[i] ? 1 : 0;
  } else {
    const v = view2;
    for (let i = 0; i < n; i++) v[i] = Number(values[i]);
  }
}
function fromTypedArray(data, shape) {
  const dtype = dtypeOfTypedArray(data);
  const storage = new Storage(
    data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer ? data.buffer : data.slice().buffer
  );
  return new Tensor(storage, shape, contiguousStrides(shape), 0, dtype);
}
function tensor(data, opts) {
  if (data instanceof Tensor) return finish(data.detach().to(opts?.dtype ?? data.dtype).clone(), opts);
  let t2;
  if (ArrayBuffer.isView(data)) {
    const typed = data;
    t2 = fromTypedArray(typed.slice(), [typed.length]);
  } else {
    const shape = inferShape2(data);
    const flat = [];
    flattenInto(data, shape, 0, flat);
    let dtype = opts?.dtype ?? "int64";
    if (!opts?.dtype) {
      if (flat.length === 0) dtype = getDefaultDtype();
      else if (flat.every((v) => typeof v === "boolean")) dtype = "bool";
      else if (flat.some((v) => typeof v === "number" && !Number.isInteger(v))) dtype = getDefaultDtype();
    }
    t2 = empty(shape, dtype);
    writeValues(t2, flat);
    return finish(t2.to(normalizeDevice(opts?.device)), opts);
  }
  if (opts?.dtype && opts.dtype !== t2.dtype) t2 = t2.to(opts.dtype);
  return finish(t2.to(normalizeDevice(opts?.device)), opts);
}
function fromArray(data, shape, opts) {
  const s = shape ? [...shape] : [data.length];
  if (numelOf(s) !== data.length) throw new Error(`shape '[${s.join(", ")}]' is invalid for input of size ${data.length}`);
  let t2 = fromTypedArray(data, s);
  if (opts?.dtype && opts.dtype !== t2.dtype) t2 = t2.to(opts.dtype);
  return finish(t2.to(normalizeDevice(opts?.device)), opts);
}
function scalarTensor(value, dtype, device = "cpu") {
  const t2 = empty([], dtype ?? scalarDtype(value), "cpu");
  writeValues(t2, [value]);
  return device === "cpu" ? t2 : t2.to(device);
}
function arange(startOrEnd, end, step, opts) {
  let start = 0, stop, st = 1, o = opts;
  if (typeof end === "object") {
    o = end;
    stop = startOrEnd;
  } else if (end === void 0) stop = startOrEnd;
  else {
    start = startOrEnd;
    stop = end;
    if (typeof step === "object") o = step;
    else if (step !== void 0) st = step;
  }
  if (st === 0) throw new Error("step must be nonzero");
  if (st > 0 && stop < start || st < 0 && stop > start) throw new Error("upper bound and larger bound inconsistent with step sign");
  const n = Math.max(0, Math.ceil((stop - start) / st));
  const allInt = [start, stop, st].every(Number.isInteger);
  const dtype = o?.dtype ?? (allInt ? "int64" : getDefaultDtype());
  const device = normalizeDevice(o?.device);
  const t2 = empty([n], dtype, device);
  backendFor(device).range(t2, n, start, st, false);
  return finish(t2, o);
}
function linspace(start, end, steps, opts) {
  if (!Number.isInteger(steps) || steps < 0) throw new Error("number of steps must be non-negative");
  const device = normalizeDevice(opts?.device);
  const t2 = empty([steps], opts?.dtype ?? getDefaultDtype(), device);
  backendFor(device).range(t2, steps, start, end, true);
  return finish(t2, opts);
}

// packages/core/src/ops/shape.ts
function flatSizes(args) {
  return args.length === 1 && Array.isArray(args[0]) ? [...args[0]] : args;
}
function rawView(x, shape, strides, offset) {
  const v = new Tensor(x._storage, shape, strides, offset, x.dtype);
  v._base = x._base ?? x;
  return v;
}
function alias(x) {
  const v = new Tensor(x._storage, x._shape, x._strides, x._offset, x.dtype);
  v._base = x._base ?? x;
  return v;
}
function view_(x, shape, strides, offset, name, backward2) {
  const v = rawView(x, shape, strides, offset);
  if (x._requiresGrad) record(v, name, [x], (g) => [backward2(g)]);
  return v;
}
function view(x, args) {
  const shape = inferShape(flatSizes(args), x.numel());
  const strides = viewStrides(x._shape, x._strides, shape);
  if (!strides)
    throw new Error(
      "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead."
    );
  const inShape = x._shape;
  return view_(x, shape, strides, x._offset, "ViewBackward0", (g) => g.reshape(inShape));
}
function reshape(x, args) {
  const shape = inferShape(flatSizes(args), x.numel());
  const strides = viewStrides(x._shape, x._strides, shape);
  if (strides) {
    const inShape = x._shape;
    return view_(x, shape, strides, x._offset, "ViewBackward0", (g) => g.reshape(inShape));
  }
  const c = clone(x);
  const out2 = rawView(c, shape, contiguousStrides(shape), c._offset);
  out2._base = null;
  if (c._requiresGrad) {
    const inShape = x._shape;
    record(out2, "UnsafeViewBackward0", [c], (g) => [g.reshape(inShape)]);
  }
  return out2;
}
function flatten(x, startDim = 0, endDim = -1) {
  if (x.ndim === 0) return x.reshape(1);
  const s = normalizeDim(startDim, x.ndim), e = normalizeDim(endDim, x.ndim);
  if (s > e) throw new Error("flatten() has invalid args: start_dim cannot come after end_dim");
  if (s === e) return x;
  const shape = [...x._shape.slice(0, s), numelOf(x._shape.slice(s, e + 1)), ...x._shape.slice(e + 1)];
  return x.reshape(shape);
}
function unflatten(x, dim, sizes) {
  const d = normalizeDim(dim, x.ndim);
  const inner = inferShape(sizes, x._shape[d]);
  return x.view([...x._shape.slice(0, d), ...inner, ...x._shape.slice(d + 1)]);
}
function squeeze(x, dim) {
  let dims;
  if (dim === void 0) dims = new Set(x._shape.map((s, i) => s === 1 ? i : -1).filter((i) => i >= 0));
  else dims = new Set((typeof dim === "number" ? [dim] : dim).map((d) => normalizeDim(d, x.ndim)));
  const shape = [], strides = [];
  x._shape.forEach((s, i) => {
    if (!(dims.has(i) && s === 1)) {
      shape.push(s);
      strides.push(x._strides[i]);
    }
  });
  const inShape = x._shape;
  return view_(x, shape, strides, x._offset, dim === void 0 ? "SqueezeBackward0" : "SqueezeBackward1", (g) => g.reshape(inShape));
}
function unsqueeze(x, dim) {
  const d = normalizeDim(dim, x.ndim + 1);
  const shape = [...x._shape], strides = [...x._strides];
  const st = d < x.ndim ? x._strides[d] * x._shape[d] : 1;
  shape.splice(d, 0, 1);
  strides.splice(d, 0, st);
  return view_(x, shape, strides, x._offset, "UnsqueezeBackward0", (g) => g.squeeze(d));
}
function permute(x, args) {
  const dims = flatSizes(args).map((d) => normalizeDim(d, x.ndim));
  if (dims.length !== x.ndim)
    throw new Error(`permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${x.ndim} is not equal to len(dims) = ${dims.length}`);
  if (new Set(dims).size !== dims.length) throw new Error("permute(): duplicate dims are not allowed.");
  const inverse = new Array(dims.length);
  dims.forEach((d, i) => inverse[d] = i);
  return view_(x, dims.map((d) => x._shape[d]), dims.map((d) => x._strides[d]), x._offset, "PermuteBackward0", (g) => g.permute(inverse));
}
function transpose(x, dim0, dim1) {
  if (x.ndim === 0) return view_(x, [], [], x._offset, "TransposeBackward0", (g) => g);
  const a = normalizeDim(dim0, x.ndim), b = normalizeDim(dim1, x.ndim);
  const shape = [...x._shape], strides = [...x._strides];
  [shape[a], shape[b]] = [shape[b], shape[a]];
  [strides[a], strides[b]] = [strides[b], strides[a]];
  return view_(x, shape, strides, x._offset, "TransposeBackward0", (g) => g.transpose(a, b));
}
function t(x) {
  if (x.ndim > 2) throw new Error(`t() expects a tensor with <= 2 dimensions, but self is ${x.ndim}D`);
  if (x.ndim < 2) return view_(x, [...x._shape], [...x._strides], x._offset, "TBackward0", (g) => g);
  return view_(x, [x._shape[1], x._shape[0]], [x._strides[1], x._strides[0]], x._offset, "TBackward0", (g) => g.t());
}
function movedim(x, source, destination) {
  const src = (typeof source === "number" ? [source] : [...source]).map((d) => normalizeDim(d, x.ndim));
  const dst = (typeof destination === "number" ? [destination] : [...destination]).map((d) => normalizeDim(d, x.ndim));
  if (src.length !== dst.length) throw new Error("movedim: Invalid source or destination dims");
  const order = new Array(x.ndim).fill(-1);
  src.forEach((s, i) => order[dst[i]] = s);
  const rest = [...Array(x.ndim).keys()].filter((d) => !src.includes(d));
  let r = 0;
  for (let i = 0; i < x.ndim; i++) if (order[i] === -1) order[i] = rest[r++];
  return permute(x, [order]);
}
function expand(x, args) {
  const sizes = flatSizes(args);
  if (sizes.length < x.ndim)
    throw new Error(`expand(torch.FloatTensor{[${x.shape.join(", ")}]}, size=[${sizes.join(", ")}]): the number of sizes provided (${sizes.length}) must be greater or equal to the number of dimensions in the tensor (${x.ndim})`);
  const off2 = sizes.length - x.ndim;
  const shape = new Array(sizes.length), strides = new Array(sizes.length);
  for (let i = 0; i < sizes.length; i++) {
    const src = i - off2;
    const want = sizes[i];
    if (src < 0) {
      if (want < 0) throw new Error(`The expanded size of the tensor (${want}) isn't allowed in a leading, non-existing dimension ${i}`);
      shape[i] = want;
      strides[i] = 0;
    } else if (want === -1 || want === x._shape[src]) {
      shape[i] = x._shape[src];
      strides[i] = x._strides[src];
    } else if (x._shape[src] === 1) {
      shape[i] = want;
      strides[i] = 0;
    } else {
      throw new Error(
        `The expanded size of the tensor (${want}) must match the existing size (${x._shape[src]}) at non-singleton dimension ${i}.  Target sizes: [${sizes.join(", ")}].  Tensor sizes: [${x.shape.join(", ")}]`
      );
    }
  }
  if (sameShape(shape, x._shape)) return view_(x, shape, strides, x._offset, "ExpandBackward0", (g) => g);
  const inShape = x._shape;
  return view_(x, shape, strides, x._offset, "ExpandBackward0", (g) => g.sumToSize(inShape));
}
function clone(x) {
  const out2 = empty(x._shape, x.dtype, x.device);
  if (out2.numel() > 0) backendFor(x.device).copy(out2, x);
  if (x._requiresGrad) record(out2, "CloneBackward0", [x], (g) => [g]);
  return out2;
}
function to(x, a, b) {
  let dtype = x.dtype, device = x.device, copy = false;
  const DT = ["float32", "float64", "float16", "bfloat16", "int8", "uint8", "int16", "int32", "int64", "bool"];
  if (a instanceof Tensor) {
    dtype = a.dtype;
    device = a.device;
  } else if (typeof a === "string") {
    if (DT.includes(a)) dtype = a;
    else device = normalizeDevice(a);
  } else if (a && typeof a === "object") {
    dtype = a.dtype ?? dtype;
    device = a.device ? normalizeDevice(a.device) : device;
    copy = a.copy ?? false;
  }
  if (typeof b === "string") dtype = b;
  else if (b && typeof b === "object") copy = b.copy ?? copy;
  if (dtype === x.dtype && device === x.device && !copy) return x;
  const out2 = empty(x._shape, dtype, device);
  if (out2.numel() > 0) {
    if (device === x.device) backendFor(device).copy(out2, x);
    else if (x.device === "cpu") backendFor(device).copy(out2, x.to(dtype).contiguous());
    else backendFor(x.device).copy(out2, x.to(dtype));
  }
  if (x._requiresGrad && (dtype.startsWith("float") || dtype === "bfloat16")) {
    const srcDtype = x.dtype, srcDevice = x.device;
    record(out2, "ToCopyBackward0", [x], (g) => [g.to(srcDevice).to(srcDtype)]);
  }
  return out2;
}
function embed(g, baseShape, shape, strides, offset, overlapping = false) {
  const z = zeros(baseShape, { dtype: g.dtype, device: g.device });
  if (g.numel() > 0) {
    const b = backendFor(g.device);
    if (!overlapping) {
      b.copy(z._restride(shape, strides, offset), g);
    } else {
      const idx = arange(numelOf(baseShape), { device: g.device })._restride(shape, strides, offset).contiguous();
      const n = idx.numel();
      b.put(z._restride([n], [0], 0), [0], g.contiguous()._restride([n], [1], g.contiguous()._offset), idx._restride([n], [1], idx._offset), [n], true);
    }
  }
  if (g._requiresGrad && isGradEnabled()) {
    record(z, "SliceBackwardBackward0", [g], (gg) => [logicalView(gg, shape, strides, offset, overlapping)]);
  }
  return z;
}
function logicalView(x, shape, strides, offset, overlapping) {
  const c = x.contiguous();
  const baseShape = x._shape;
  const v = rawView(c, shape, strides, c._offset + offset);
  if (c._requiresGrad) record(v, "AsStridedBackward0", [c], (g) => [embed(g, baseShape, shape, strides, offset, overlapping)]);
  return v;
}
function sliced(x, name, transform, overlapping = false) {
  const real = transform({ shape: [...x._shape], strides: [...x._strides], offset: x._offset });
  const v = rawView(x, real.shape, real.strides, real.offset);
  if (x._requiresGrad && isGradEnabled()) {
    const logical = transform({ shape: [...x._shape], strides: contiguousStrides(x._shape), offset: 0 });
    const baseShape = x._shape;
    record(v, name, [x], (g) => [embed(g, baseShape, logical.shape, logical.strides, logical.offset, overlapping)]);
  }
  return v;
}
function sliceDim(x, dim, start, stop, step = 1) {
  const d = normalizeDim(dim, x.ndim);
  if (step <= 0) throw new Error("slice step must be positive");
  const n = x._shape[d];
  let s = start ?? 0, e = stop ?? n;
  if (s < 0) s += n;
  if (e < 0) e += n;
  s = Math.min(Math.max(s, 0), n);
  e = Math.min(Math.max(e, s), n);
  const len = Math.ceil((e - s) / step);
  return sliced(x, "SliceBackward0", (g) => {
    g.offset += s * g.strides[d];
    g.shape[d] = len;
    g.strides[d] *= step;
    return g;
  });
}
function narrow(x, dim, start, length) {
  const d = normalizeDim(dim, x.ndim);
  const n = x._shape[d];
  if (start < -n || start > n) throw new Error(`start out of range (expected to be in range of [${-n}, ${n}], but got ${start})`);
  const s = start < 0 ? start + n : start;
  if (length < 0 || s + length > n) throw new Error(`start (${s}) + length (${length}) exceeds dimension size (${n}).`);
  return sliced(x, "SliceBackward0", (g) => {
    g.offset += s * g.strides[d];
    g.shape[d] = length;
    return g;
  });
}
function select(x, dim, index2) {
  if (x.ndim === 0) throw new Error("select() cannot be applied to a 0-dim tensor.");
  const d = normalizeDim(dim, x.ndim);
  const n = x._shape[d];
  if (!Number.isInteger(index2) || index2 < -n || index2 >= n)
    throw new Error(`select(): index ${index2} out of range for tensor of size [${x.shape.join(", ")}] at dimension ${d}`);
  const i = index2 < 0 ? index2 + n : index2;
  return sliced(x, "SelectBackward0", (g) => {
    g.offset += i * g.strides[d];
    g.shape.splice(d, 1);
    g.strides.splice(d, 1);
    return g;
  });
}
function diagonal(x, offset = 0, dim1 = 0, dim2 = 1) {
  const a = normalizeDim(dim1, x.ndim), b = normalizeDim(dim2, x.ndim);
  if (a === b) throw new Error(`diagonal dimensions cannot be identical ${dim1}, ${dim2}`);
  return sliced(x, "DiagonalBackward0", (g) => {
    let len;
    let off2 = g.offset;
    if (offset >= 0) {
      len = Math.max(Math.min(g.shape[a], g.shape[b] - offset), 0);
      if (len > 0) off2 += offset * g.strides[b];
    } else {
      len = Math.max(Math.min(g.shape[a] + offset, g.shape[b]), 0);
      if (len > 0) off2 -= offset * g.strides[a];
    }
    const st = g.strides[a] + g.strides[b];
    const shape = g.shape.filter((_, i) => i !== a && i !== b);
    const strides = g.strides.filter((_, i) => i !== a && i !== b);
    shape.push(len);
    strides.push(st);
    return { shape, strides, offset: off2 };
  });
}
function unfold(x, dimension, size, step) {
  const d = normalizeDim(dimension, x.ndim);
  const n = x.ndim === 0 ? 1 : x._shape[d];
  if (size > n) throw new Error(`maximum size for tensor at dimension ${d} is ${n} but size is ${size}`);
  if (step <= 0) throw new Error(`step is ${step} but must be > 0`);
  return sliced(x, "UnfoldBackward0", (g) => {
    const count = Math.floor((g.shape[d] - size) / step) + 1;
    const st = g.strides[d];
    g.shape[d] = count;
    g.strides[d] = st * step;
    g.shape.push(size);
    g.strides.push(st);
    return g;
  }, size > step);
}
function cat(tensors, dim = 0) {
  if (tensors.length === 0) throw new Error("torch.cat(): expected a non-empty list of Tensors");
  const parts = tensors.filter((t2) => !(t2.ndim === 1 && t2._shape[0] === 0));
  if (parts.length === 0) return tensors[0].clone();
  const ref = parts[0];
  if (ref.ndim === 0) throw new Error("zero-dimensional tensor (at position 0) cannot be concatenated");
  const d = normalizeDim(dim, ref.ndim);
  let dtype = parts[0].dtype;
  let total = 0;
  parts.forEach((t2, i) => {
    if (t2.ndim !== ref.ndim)
      throw new Error(`Tensors must have same number of dimensions: got ${ref.ndim} and ${t2.ndim}`);
    for (let k2 = 0; k2 < ref.ndim; k2++)
      if (k2 !== d && t2._shape[k2] !== ref._shape[k2])
        throw new Error(`Sizes of tensors must match except in dimension ${d}. Expected size ${ref._shape[k2]} but got size ${t2._shape[k2]} for tensor number ${i} in the list.`);
    if (t2.device !== ref.device)
      throw new Error(`Expected all tensors to be on the same device, but found at least two devices, ${ref.device} and ${t2.device}!`);
    dtype = promoteTypes(dtype, t2.dtype);
    total += t2._shape[d];
  });
  const shape = [...ref._shape];
  shape[d] = total;
  const out2 = empty(shape, dtype, ref.device);
  const b = backendFor(ref.device);
  let pos = 0;
  const starts = [];
  for (const t2 of parts) {
    starts.push(pos);
    if (t2.numel() > 0) {
      const sub3 = out2._restride(t2._shape, out2._strides, out2._offset + pos * out2._strides[d]);
      b.copy(sub3, t2);
    }
    pos += t2._shape[d];
  }
  if (tensors.some((t2) => t2._requiresGrad) && isGradEnabled()) {
    const skipped = tensors.map((t2) => t2.ndim === 1 && t2._shape[0] === 0);
    let k2 = 0;
    const at = skipped.map((sk) => sk ? -1 : starts[k2++]);
    record(out2, "CatBackward0", tensors, (g) => tensors.map((t2, i) => skipped[i] ? t2.newZeros([0]) : g.narrow(d, at[i], t2._shape[d]).to(t2.dtype)));
  }
  return out2;
}
function stack(tensors, dim = 0) {
  if (tensors.length === 0) throw new Error("stack expects a non-empty TensorList");
  const ref = tensors[0];
  const d = normalizeDim(dim, ref.ndim + 1);
  tensors.forEach((t2, i) => {
    if (!sameShape(t2._shape, ref._shape))
      throw new Error(`stack expects each tensor to be equal size, but got ${shapeString(ref._shape)} at entry 0 and ${shapeString(t2._shape)} at entry ${i}`);
  });
  return cat(tensors.map((t2) => t2.unsqueeze(d)), d);
}
function split(x, splitSize, dim = 0) {
  const d = normalizeDim(dim, x.ndim);
  const n = x._shape[d];
  const sizes = [];
  if (typeof splitSize === "number") {
    if (splitSize <= 0 && n > 0) throw new Error(`split_size can only be 0 if dimension size is 0, but got dimension size of ${n}`);
    for (let s = 0; s < n; s += splitSize) sizes.push(Math.min(splitSize, n - s));
    if (n === 0) sizes.push(0);
  } else {
    const sum2 = splitSize.reduce((a, b) => a + b, 0);
    if (sum2 !== n)
      throw new Error(`split_with_sizes expects split_sizes to sum exactly to ${n} (input tensor's size at dimension ${d}), but got split_sizes=[${splitSize.join(", ")}]`);
    sizes.push(...splitSize);
  }
  let pos = 0;
  return sizes.map((s) => {
    const part = narrow(x, d, pos, s);
    pos += s;
    return part;
  });
}
function chunk(x, chunks, dim = 0) {
  if (!Number.isInteger(chunks) || chunks <= 0) throw new Error("chunk expects `chunks` to be greater than 0, got: " + chunks);
  const d = normalizeDim(dim, x.ndim);
  const size = Math.ceil(x._shape[d] / chunks);
  return split(x, Math.max(size, 1), d);
}
function unbind(x, dim = 0) {
  const d = normalizeDim(dim, x.ndim);
  return Array.from({ length: x._shape[d] }, (_, i) => select(x, d, i));
}
function flip(x, dims) {
  const ds = x.ndim === 0 ? [] : dims.map((d) => normalizeDim(d, x.ndim));
  if (x.ndim === 0) dims.forEach((d) => normalizeDim(d, 0));
  let out2 = ds.length === 0 ? x.detach().clone() : x.detach();
  for (const d of ds) {
    const n = out2._shape[d];
    out2 = out2.indexSelect(d, arange(n - 1, -1, -1, { device: x.device }));
  }
  if (x._requiresGrad && isGradEnabled()) record(out2, "FlipBackward0", [x], (g) => [g.flip(ds)]);
  return out2;
}
function roll(x, shifts, dims) {
  const sh = typeof shifts === "number" ? [shifts] : [...shifts];
  if (dims === void 0) {
    const shape = x._shape;
    return roll(x.flatten(), sh[0], 0).view(shape);
  }
  const ds = typeof dims === "number" ? [dims] : [...dims];
  if (sh.length !== ds.length) throw new Error(`shifts and dimensions must align. shifts: ${sh.length}, dims:${ds.length}`);
  let out2 = x;
  ds.forEach((dim, i) => {
    const d = normalizeDim(dim, x.ndim);
    const n = out2._shape[d];
    if (n === 0) return;
    const s = (sh[i] % n + n) % n;
    if (s === 0) return;
    out2 = cat([narrow(out2, d, n - s, s), narrow(out2, d, 0, n - s)], d);
  });
  return out2;
}
function repeat(x, sizes) {
  if (sizes.length < x.ndim)
    throw new Error("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor");
  const pad2 = sizes.length - x.ndim;
  const xs = [...Array(pad2).fill(1), ...x._shape];
  const expandedShape = [], viewShape = [], finalShape = [];
  sizes.forEach((r, i) => {
    viewShape.push(1, xs[i]);
    expandedShape.push(r, xs[i]);
    finalShape.push(r * xs[i]);
  });
  return x.reshape(viewShape).expand(expandedShape).reshape(finalShape);
}
function tile(x, sizes) {
  const s = sizes.length < x.ndim ? [...Array(x.ndim - sizes.length).fill(1), ...sizes] : sizes;
  return repeat(x, s);
}
function triangle(x, diagonal2, upper) {
  if (x.ndim < 2) throw new Error(`${upper ? "triu" : "tril"}: input tensor must have at least 2 dimensions`);
  const [r, c] = x._shape.slice(-2);
  const rows = arange(r, { device: x.device }).unsqueeze(1);
  const cols = arange(c, { device: x.device }).unsqueeze(0);
  const keep = upper ? cols.sub(rows).ge(diagonal2) : cols.sub(rows).le(diagonal2);
  return x.where(keep, 0);
}
var tril = (x, diagonal2 = 0) => triangle(x, diagonal2, false);
var triu = (x, diagonal2 = 0) => triangle(x, diagonal2, true);

// packages/core/src/ops/indexing.ts
function checkIndexDtype(t2) {
  if (t2.dtype !== "int64" && t2.dtype !== "int32" && t2.dtype !== "int16" && t2.dtype !== "int8" && t2.dtype !== "uint8" && t2.dtype !== "bool")
    throw new Error("tensors used as indices must be long, int, byte or bool tensors");
}
function wrapIndex(idx, size, dim, msg) {
  const i = idx.dtype === "int64" ? idx : idx.long();
  if (i.numel() === 0) return i;
  const lo = i.amin().item(), hi = i.amax().item();
  if (lo < -size || hi >= size) {
    if (msg) throw new Error(msg);
    const bad = lo < -size ? lo : hi;
    throw new Error(`index ${bad} is out of bounds for dimension ${dim} with size ${size}`);
  }
  return lo < 0 ? i.where(i.ge(0), i.add(size)) : i;
}
function resultShape(shape, adv) {
  const rest = shape.filter((_, d) => !adv.dims.includes(d));
  const at = adv.front ? 0 : adv.dims[0];
  return [...rest.slice(0, at), ...adv.bshape, ...rest.slice(at)];
}
function loopStrides(srcStrides, adv) {
  const rest = srcStrides.filter((_, d) => !adv.dims.includes(d));
  const at = adv.front ? 0 : adv.dims[0];
  const zerosB = adv.bshape.map(() => 0);
  const bStr = contiguousStrides(adv.bshape);
  const zerosR = (n) => new Array(n).fill(0);
  return {
    src: [...rest.slice(0, at), ...zerosB, ...rest.slice(at)],
    off: [...zerosR(at), ...bStr, ...zerosR(rest.length - at)]
  };
}
function offsetsFor(strides, adv) {
  let off2 = null;
  adv.idx.forEach((ix, k2) => {
    const term = ix.mul(strides[adv.dims[k2]]);
    off2 = off2 ? off2.add(term) : term;
  });
  return off2.contiguous();
}
function offsetOperand(off2, shape, strides) {
  return { _storage: off2._storage, _offset: off2._offset, _shape: shape, _strides: strides, dtype: "int64", _contiguous: false };
}
function gatherAdvanced(src, adv) {
  const shape = resultShape(src._shape, adv);
  const out2 = empty(shape, src.dtype, src.device);
  if (out2.numel() > 0) {
    const ls = loopStrides(src._strides, adv);
    const off2 = offsetsFor(src._strides, adv);
    backendFor(src.device).take(out2, src, ls.src, offsetOperand(off2, shape, ls.off));
  }
  if (src._requiresGrad && isGradEnabled()) {
    const srcShape = src._shape;
    record(out2, "IndexBackward0", [src], (g) => [scatterAdvanced(srcShape, adv, g)], null);
  }
  return out2;
}
function scatterAdvanced(shape, adv, values) {
  const z = zeros(shape, { dtype: values.dtype, device: values.device });
  putAdvanced(z, adv, values, true);
  if (values._requiresGrad && isGradEnabled()) record(z, "IndexPutBackward0", [values], (g) => [gatherAdvanced(g, adv)]);
  return z;
}
function putAdvanced(dst, adv, values, accumulate2) {
  const shape = resultShape(dst._shape, adv);
  let n = 1;
  for (const s of shape) n *= s;
  if (n === 0) return;
  const ls = loopStrides(dst._strides, adv);
  const off2 = offsetsFor(dst._strides, adv);
  let v;
  if (values instanceof Tensor) {
    const vt = values.dtype === dst.dtype ? values : values.to(dst.dtype);
    const target = broadcastShapes(shape, vt._shape);
    if (!sameShape(target, shape))
      throw new Error(`shape mismatch: value tensor of shape [${values.shape.join(", ")}] cannot be broadcast to indexing result of shape [${shape.join(", ")}]`);
    v = { _storage: vt._storage, _offset: vt._offset, _shape: shape, _strides: broadcastStrides(vt._shape, vt._strides, shape), dtype: vt.dtype, _contiguous: false };
  } else v = Number(values);
  backendFor(dst.device).put(dst, ls.src, v, offsetOperand(off2, shape, ls.off), shape, accumulate2);
}
function parseSlice(s) {
  const m = /^\s*(-?\d+)?\s*:\s*(-?\d+)?\s*(?::\s*(-?\d+)?\s*)?$/.exec(s);
  if (!m) return null;
  return [m[1] !== void 0 ? Number(m[1]) : null, m[2] !== void 0 ? Number(m[2]) : null, m[3] !== void 0 ? Number(m[3]) : 1];
}
function toIndexTensor(item, device) {
  if (item instanceof Tensor) return item;
  if (Array.isArray(item)) {
    if (item.length && typeof item[0] === "boolean") return tensor(item, { device });
    return tensor(item, { dtype: "int64", device });
  }
  return null;
}
function parseIndices(x, items) {
  const consumed = (it) => {
    if (it === null || it === "...") return 0;
    const t2 = toIndexTensor(it, x.device);
    if (t2) return t2.dtype === "bool" || t2.dtype === "uint8" ? Math.max(t2.ndim, 1) : 1;
    return 1;
  };
  const used = items.reduce((a, it) => a + consumed(it), 0);
  if (used > x.ndim)
    throw new Error(`too many indices for tensor of dimension ${x.ndim}`);
  if (items.filter((it) => it === "...").length > 1) throw new Error("an index can only have a single ellipsis (...)");
  let view2 = x;
  let dim = 0;
  let orig = 0;
  const tensors = [];
  for (const it of items) {
    if (it === "...") {
      dim += x.ndim - used;
      orig += x.ndim - used;
      continue;
    }
    if (it === null) {
      view2 = unsqueeze(view2, dim);
      dim++;
      continue;
    }
    if (typeof it === "number") {
      if (!Number.isInteger(it)) throw new TypeError("only integers, slices, ellipsis, None and tensors are valid indices");
      if (it < -view2._shape[dim] || it >= view2._shape[dim])
        throw new Error(`index ${it} is out of bounds for dimension ${orig} with size ${view2._shape[dim]}`);
      view2 = select(view2, dim, it);
      orig++;
      continue;
    }
    if (typeof it === "string") {
      const s = parseSlice(it);
      if (!s) throw new Error(`invalid slice string '${it}' (expected 'start:stop:step', ':' or '...')`);
      if (s[2] <= 0) throw new Error("step must be greater than zero");
      view2 = sliceDim(view2, dim, s[0], s[1], s[2]);
      dim++;
      orig++;
      continue;
    }
    const t2 = toIndexTensor(it, x.device);
    checkIndexDtype(t2);
    if (t2.dtype === "bool" || t2.dtype === "uint8") {
      const mask = t2.dtype === "uint8" ? t2.bool() : t2;
      const k2 = Math.max(mask.ndim, 1);
      const m = mask.ndim === 0 ? mask.unsqueeze(0) : mask;
      if (mask.ndim === 0) {
        view2 = unsqueeze(view2, dim);
      }
      for (let j = 0; j < m.ndim; j++) {
        if (m._shape[j] !== view2._shape[dim + j])
          throw new Error(`The shape of the mask [${m.shape.join(", ")}] at index ${j} does not match the shape of the indexed tensor [${view2.shape.join(", ")}] at index ${dim + j}`);
      }
      const nz = nonzero(m);
      for (let j = 0; j < k2; j++) tensors.push([dim + j, nz.select(1, j)]);
      dim += k2;
      orig += mask.ndim;
      continue;
    }
    tensors.push([dim, t2]);
    dim++;
    orig++;
  }
  return { view: view2, tensors };
}
function advancedOf(view2, tensors) {
  const dims = tensors.map(([d]) => d);
  let bshape = [];
  for (const [, t2] of tensors) {
    try {
      bshape = broadcastShapes(bshape, t2._shape);
    } catch {
      throw new Error(`shape mismatch: indexing tensors could not be broadcast together with shapes ${tensors.map(([, u]) => `[${u.shape.join(", ")}]`).join(", ")}`);
    }
  }
  const idx = tensors.map(([d, t2]) => wrapIndex(t2, view2._shape[d], d).expand(bshape).contiguous());
  const sorted = [...dims].sort((a, b) => a - b);
  const adjacent = sorted.every((d, i) => i === 0 || d === sorted[i - 1] + 1) && sorted.every((d, i) => d === dims[i]);
  return { dims, idx, bshape, front: !adjacent };
}
function index(x, items) {
  const { view: view2, tensors } = parseIndices(x, items);
  if (tensors.length === 0) return view2;
  return gatherAdvanced(view2, advancedOf(view2, tensors));
}
function indexPut_(x, items, values, accumulate2 = false) {
  const needsGraph = isGradEnabled() && (x._requiresGrad || values instanceof Tensor && values._requiresGrad);
  if (needsGraph) {
    const result = indexPutFunctional(x, items, values, accumulate2);
    return inplace(x, result, "index_put_");
  }
  const { view: view2, tensors } = parseIndices(x, items);
  if (tensors.length === 0) {
    if (values instanceof Tensor) {
      if (accumulate2) view2.copy_(view2.add(values));
      else view2.copy_(values);
    } else if (accumulate2) view2.copy_(view2.add(values));
    else view2.fill_(values);
    x._bumpVersion();
    return x;
  }
  putAdvanced(view2, advancedOf(view2, tensors), values, accumulate2);
  x._bumpVersion();
  return x;
}
function indexPutFunctional(x, items, values, accumulate2) {
  const out2 = x.detach().clone();
  indexPut_(out2, items, values instanceof Tensor ? values.detach() : values, accumulate2);
  const v = values instanceof Tensor ? values : null;
  const inputs = v ? [x, v] : [x];
  record(out2, "IndexPutBackward0", inputs, (g, needs) => {
    const gx = needs[0] ? accumulate2 ? g : g.clone().indexPut_(items, 0) : null;
    const gv = v && needs[1] ? index(g, items).sumToSize(v._shape) : null;
    return [gx, gv];
  });
  return out2;
}
function checkIndexTensor(index2, name) {
  if (index2.dtype !== "int64" && index2.dtype !== "int32") throw new Error(`${name}(): Expected dtype int64 for index`);
}
function indexSelect(x, dim, index2) {
  checkIndexTensor(index2, "index_select");
  if (index2.ndim > 1) throw new Error("index_select(): Index is supposed to be a vector");
  const d = normalizeDim(dim, x.ndim);
  const src = x.ndim === 0 ? x.unsqueeze(0) : x;
  const idx = wrapIndex(index2.reshape(-1), src._shape[d], d, "index out of range in self");
  const out2 = gatherAdvanced(src, { dims: [d], idx: [idx.contiguous()], bshape: [idx.numel()], front: false });
  return x.ndim === 0 ? out2.reshape([]) : out2;
}
function indexAdd_(x, dim, index2, source, opts) {
  checkIndexTensor(index2, "index_add");
  const d = normalizeDim(dim, x.ndim);
  const alpha = opts?.alpha ?? 1;
  const idx = wrapIndex(index2.reshape(-1), x._shape[d], d, "index out of range in self");
  const src = alpha === 1 ? source : source.mul(alpha);
  const adv = { dims: [d], idx: [idx.contiguous()], bshape: [idx.numel()], front: false };
  if (isGradEnabled() && (x._requiresGrad || source._requiresGrad)) {
    const out2 = x.detach().clone();
    putAdvanced(out2, adv, src.detach(), true);
    record(out2, "IndexAddBackward0", [x, source], (g, needs) => [needs[0] ? g : null, needs[1] ? gatherAdvanced(g, adv).mul(alpha) : null]);
    return inplace(x, out2, "index_add_");
  }
  putAdvanced(x, adv, src, true);
  x._bumpVersion();
  return x;
}
function indexFill_(x, dim, index2, value) {
  const d = normalizeDim(dim, x.ndim);
  const items = [...Array(d).fill(":"), index2];
  return indexPut_(x, items, value);
}
function alongDim(x, d, index2, name) {
  checkIndexTensor(index2, name);
  if (index2.ndim !== x.ndim && !(x.ndim === 0 && index2.ndim <= 1))
    throw new Error(`Index tensor must have the same number of dimensions as ${name === "gather" ? "input" : "self"} tensor`);
  for (let k2 = 0; k2 < index2.ndim; k2++)
    if (k2 !== d && index2._shape[k2] > x._shape[k2])
      throw new Error(`Size does not match at dimension ${k2} expected index [${index2.shape.join(", ")}] to be smaller than self [${x.shape.join(", ")}] apart from dimension ${d}`);
  const size = x.ndim ? x._shape[d] : 1;
  const idx = wrapIndex(index2, size, d, `index ${index2.numel() ? index2.amax().item() : 0} is out of bounds for dimension ${d} with size ${size}`);
  const off2 = idx.mul(x.ndim ? x._strides[d] : 0).contiguous();
  const strides = x._strides.map((s, k2) => k2 === d ? 0 : s);
  return { off: off2, strides };
}
function gather(x, dim, index2) {
  const d = normalizeDim(dim, Math.max(x.ndim, 1));
  const out2 = empty(index2._shape, x.dtype, x.device);
  if (out2.numel() > 0) {
    const { off: off2, strides } = alongDim(x, d, index2, "gather");
    backendFor(x.device).take(out2, x, strides, offsetOperand(off2, index2._shape, off2._strides));
  }
  if (x._requiresGrad && isGradEnabled()) {
    const shape = x._shape;
    record(out2, "GatherBackward0", [x], (g) => [zeros(shape, { dtype: g.dtype, device: g.device }).scatterAdd(d, index2, g)]);
  }
  return out2;
}
function scatterInto(out2, d, index2, src, accumulate2) {
  if (index2.numel() === 0) return;
  const { off: off2, strides } = alongDim(out2, d, index2, "scatter");
  let v;
  if (src instanceof Tensor) {
    for (let k2 = 0; k2 < index2.ndim; k2++)
      if (index2._shape[k2] > src._shape[k2])
        throw new Error(`Size does not match at dimension ${k2} expected index [${index2.shape.join(", ")}] to be smaller than src [${src.shape.join(", ")}]`);
    const s = src.dtype === out2.dtype ? src : src.to(out2.dtype);
    v = { _storage: s._storage, _offset: s._offset, _shape: index2._shape, _strides: s._strides, dtype: s.dtype, _contiguous: false };
  } else v = Number(src);
  backendFor(out2.device).put(out2, strides, v, offsetOperand(off2, index2._shape, off2._strides), index2._shape, accumulate2);
}
function scatter(x, dim, index2, src, opts) {
  const d = normalizeDim(dim, Math.max(x.ndim, 1));
  if (opts?.reduce === "multiply") {
    let out3 = x;
    const n = index2.ndim ? index2._shape[d] : 1;
    for (let k2 = 0; k2 < n; k2++) {
      const idx = index2.ndim ? index2.narrow(d, k2, 1) : index2;
      const s2 = src instanceof Tensor ? src.narrow(d, k2, 1) : src;
      out3 = out3.mul(x.onesLike().detach().scatter(d, idx, s2));
    }
    return n === 0 ? x.clone() : out3;
  }
  const out2 = x.detach().clone();
  scatterInto(out2, d, index2, src instanceof Tensor ? src.detach() : src, opts?.reduce === "add");
  const s = src instanceof Tensor ? src : null;
  if (isGradEnabled() && (x._requiresGrad || s?._requiresGrad)) {
    const add3 = opts?.reduce === "add";
    record(out2, add3 ? "ScatterAddBackward0" : s ? "ScatterBackward0" : "ScatterBackward1", s ? [x, s] : [x], (g, needs) => [
      needs[0] ? add3 ? g : g.scatter(d, index2, 0) : null,
      s && needs[1] ? g.gather(d, index2) : null
    ]);
  }
  return out2;
}
function scatterAdd(x, dim, index2, src) {
  return scatter(x, dim, index2, src, { reduce: "add" });
}
function maskedScatter_(x, mask, source) {
  const m = mask.expand(x._shape);
  const n = m.sum().item() | 0;
  if (source.numel() < n) throw new Error("masked_scatter: expected source to have at least as many elements as ones in mask");
  return indexPut_(x, [m], source.reshape(-1).narrow(0, 0, n));
}
function nonzero(x) {
  const b = backendFor(x.device);
  const count = b.nonzero(null, x, 0);
  const out2 = empty([count, x.ndim], "int64", x.device);
  if (count > 0 && x.ndim > 0) b.nonzero(out2, x, count);
  return out2;
}
function maskedSelect(x, mask) {
  if (mask.dtype !== "bool") throw new Error(`masked_select: expected BoolTensor for mask`);
  const shape = broadcastShapes(x._shape, mask._shape);
  return index(sameShape(shape, x._shape) ? x : x.expand(shape), [sameShape(shape, mask._shape) ? mask : mask.expand(shape)]);
}
function take(x, idx) {
  return index(x.reshape(-1), [idx]);
}

// packages/core/src/ops/linalg.ts
var TITLE = {
  float32: "Float",
  float64: "Double",
  float16: "Half",
  bfloat16: "BFloat16",
  int8: "Char",
  uint8: "Byte",
  int16: "Short",
  int32: "Int",
  int64: "Long",
  bool: "Bool"
};
function bmmKernel(a, b) {
  if (a.dtype !== b.dtype)
    throw new Error(`expected scalar type ${TITLE[a.dtype]} but found ${TITLE[b.dtype]}`);
  const [B, M, K] = a._shape;
  const N = b._shape[2];
  const half = a.dtype === "float16" || a.dtype === "bfloat16";
  const ca = half ? a.float() : a, cb = half ? b.float() : b;
  if (a.dtype === "bool") throw new Error(`"addmm_impl_cpu_" not implemented for 'Bool'`);
  const out2 = empty([B, M, N], ca.dtype, a.device);
  if (out2.numel() > 0) backendFor(a.device).matmul(out2, ca, cb, 1, 0);
  return half ? out2.to(a.dtype) : out2;
}
function checkFloatGrad(a, b) {
  if (a.dtype !== b.dtype) throw new Error(`expected scalar type ${TITLE[a.dtype]} but found ${TITLE[b.dtype]}`);
}
function mm(a, b) {
  if (a.ndim !== 2) throw new Error("self must be a matrix");
  if (b.ndim !== 2) throw new Error("mat2 must be a matrix");
  if (a._shape[1] !== b._shape[0])
    throw new Error(`mat1 and mat2 shapes cannot be multiplied (${a._shape[0]}x${a._shape[1]} and ${b._shape[0]}x${b._shape[1]})`);
  checkFloatGrad(a, b);
  const out3 = bmmKernel(a._restride([1, ...a._shape], [0, ...a._strides], a._offset), b._restride([1, ...b._shape], [0, ...b._strides], b._offset));
  const out2 = out3._restride([out3._shape[1], out3._shape[2]], [out3._strides[1], out3._strides[2]], out3._offset);
  if (a._requiresGrad || b._requiresGrad)
    record(out2, "MmBackward0", [a, b], (g, needs) => [needs[0] ? mm(g, b.t()) : null, needs[1] ? mm(a.t(), g) : null], [a, b]);
  return out2;
}
function bmm(a, b) {
  if (a.ndim !== 3) throw new Error("batch1 must be a 3D tensor");
  if (b.ndim !== 3) throw new Error("batch2 must be a 3D tensor");
  if (a._shape[0] !== b._shape[0] || a._shape[2] !== b._shape[1])
    throw new Error(`Expected size for first two dimensions of batch2 tensor to be: [${a._shape[0]}, ${a._shape[2]}] but got: [${b._shape[0]}, ${b._shape[1]}].`);
  checkFloatGrad(a, b);
  const out2 = bmmKernel(a, b);
  if (a._requiresGrad || b._requiresGrad)
    record(out2, "BmmBackward0", [a, b], (g, needs) => [needs[0] ? bmm(g, b.transpose(1, 2)) : null, needs[1] ? bmm(a.transpose(1, 2), g) : null], [a, b]);
  return out2;
}
function dot(a, b) {
  if (a.ndim !== 1 || b.ndim !== 1)
    throw new Error(`1D tensors expected, but got ${a.ndim}D and ${b.ndim}D tensors`);
  if (a._shape[0] !== b._shape[0])
    throw new Error(`inconsistent tensor size, expected tensor [${a._shape[0]}] and src [${b._shape[0]}] to have the same number of elements, but got ${a._shape[0]} and ${b._shape[0]} elements respectively`);
  checkFloatGrad(a, b);
  return a.unsqueeze(0).mm(b.unsqueeze(1)).reshape([]);
}
function mv(a, v) {
  if (a.ndim !== 2 || v.ndim !== 1) throw new Error(`vector + matrix @ vector expected, got ${a.ndim}, ${v.ndim}`);
  if (a._shape[1] !== v._shape[0])
    throw new Error(`size mismatch, got input (${a._shape[0]}), mat (${a._shape[0]}x${a._shape[1]}), vec (${v._shape[0]})`);
  return a.mm(v.unsqueeze(1)).squeeze(1);
}
function outer(a, b) {
  if (a.ndim !== 1 || b.ndim !== 1) throw new Error("outer: expected 1-D tensors");
  return a.unsqueeze(1).mul(b.unsqueeze(0));
}
function matmul(a, b) {
  const da = a.ndim, db = b.ndim;
  if (da === 0 || db === 0) throw new Error(`both arguments to matmul need to be at least 1D, but they are ${da}D and ${db}D`);
  if (da === 1 && db === 1) return dot(a, b);
  if (da === 2 && db === 1) return mv(a, b);
  if (da === 1 && db === 2) return mm(a.unsqueeze(0), b).squeeze(0);
  if (da === 2 && db === 2) return mm(a, b);
  if (da >= 3 && db <= 2) {
    const bm = db === 1 ? b.unsqueeze(1) : b;
    const k3 = a._shape[da - 1];
    if (k3 !== bm._shape[0])
      throw new Error(`mat1 and mat2 shapes cannot be multiplied (${numelOf(a._shape.slice(0, -1))}x${k3} and ${bm._shape[0]}x${bm._shape[1]})`);
    const out3 = mm(a.reshape(-1, k3), bm).reshape([...a._shape.slice(0, -1), bm._shape[1]]);
    return db === 1 ? out3.squeeze(-1) : out3;
  }
  const a2 = da === 1 ? a.unsqueeze(0) : a;
  const b2 = db === 1 ? b.unsqueeze(1) : b;
  const [m, k1] = a2._shape.slice(-2);
  const [k2, n] = b2._shape.slice(-2);
  if (k1 !== k2)
    throw new Error(`Expected size for first two dimensions of batch2 tensor to be: [${numelOf(a2._shape.slice(0, -2))}, ${k1}] but got: [${numelOf(b2._shape.slice(0, -2))}, ${k2}].`);
  const batch = broadcastShapes(a2._shape.slice(0, -2), b2._shape.slice(0, -2));
  const bn = numelOf(batch);
  const ae = sameShape(a2._shape.slice(0, -2), batch) ? a2 : a2.expand([...batch, m, k1]);
  const be = sameShape(b2._shape.slice(0, -2), batch) ? b2 : b2.expand([...batch, k2, n]);
  let out2 = bmm(ae.reshape(bn, m, k1), be.reshape(bn, k2, n)).reshape([...batch, m, n]);
  if (da === 1) out2 = out2.squeeze(-2);
  if (db === 1) out2 = out2.squeeze(-1);
  return out2;
}
function addmm(input, m1, m2, opts) {
  const beta = opts?.beta ?? 1, alpha = opts?.alpha ?? 1;
  let prod2 = mm(m1, m2);
  if (alpha !== 1) prod2 = prod2.mul(alpha);
  return beta === 0 ? prod2 : input.mul(beta).add(prod2);
}
function baddbmm(input, b1, b2, opts) {
  const beta = opts?.beta ?? 1, alpha = opts?.alpha ?? 1;
  let prod2 = bmm(b1, b2);
  if (alpha !== 1) prod2 = prod2.mul(alpha);
  return beta === 0 ? prod2 : input.mul(beta).add(prod2);
}

// packages/core/src/ops/reduce.ts
function parse(x, dim, keepdim) {
  let d = void 0;
  let kd = false;
  let dtype;
  if (dim !== null && typeof dim === "object" && !Array.isArray(dim)) {
    const o = dim;
    d = o.dim;
    kd = o.keepdim ?? false;
    dtype = o.dtype;
  } else {
    d = dim;
    if (typeof keepdim === "object") {
      kd = keepdim.keepdim ?? false;
      dtype = keepdim.dtype;
    } else kd = keepdim ?? false;
  }
  const nd = x.ndim;
  let dims;
  const all = d === void 0 || d === null || Array.isArray(d) && d.length === 0;
  if (all) dims = [...Array(nd).keys()];
  else dims = (typeof d === "number" ? [d] : [...d]).map((v) => normalizeDim(v, nd));
  if (new Set(dims).size !== dims.length) throw new Error(`dim ${dims.find((v, i) => dims.indexOf(v) !== i)} appears multiple times in the list of dims`);
  const mask = new Array(nd).fill(false);
  for (const v of dims) if (nd > 0) mask[v] = true;
  return { dims, mask, keepdim: kd, dtype, all };
}
function outShape(x, p) {
  if (p.keepdim) return x._shape.map((s, i) => p.mask[i] ? 1 : s);
  return x._shape.filter((_, i) => !p.mask[i]);
}
function reduceKernel(op, x, p, outDtype) {
  const out2 = empty(outShape(x, p), outDtype, x.device);
  if (out2.numel() > 0) backendFor(x.device).reduce(op, out2, x, p.mask);
  return out2;
}
function unsqueezeReduced(g, x, p) {
  if (p.keepdim || x.ndim === 0) return g;
  return g.reshape(x._shape.map((s, i) => p.mask[i] ? 1 : s));
}
function sumDtype(x, requested) {
  if (requested) return requested;
  return isFloatingPoint(x.dtype) ? x.dtype : "int64";
}
function sum(x, dim, keepdim) {
  const p = parse(x, dim, keepdim);
  const dtype = sumDtype(x, p.dtype);
  const input = p.dtype && p.dtype !== x.dtype ? cast(x, p.dtype) : x;
  const out2 = reduceKernel("sum", input, p, dtype);
  if (input._requiresGrad) {
    const shape = x._shape;
    record(out2, p.all && !p.keepdim ? "SumBackward0" : "SumBackward1", [input], (g) => [unsqueezeReduced(g, x, p).expand(shape)]);
  }
  return out2;
}
function nansum(x, dim, keepdim) {
  const p = parse(x, dim, keepdim);
  const out2 = reduceKernel("nansum", x, p, sumDtype(x, p.dtype));
  if (x._requiresGrad) {
    const shape = x._shape;
    record(out2, "NansumBackward0", [x], (g) => [where(x.isnan(), 0, unsqueezeReduced(g, x, p).expand(shape))], [x]);
  }
  return out2;
}
function mean(x, dim, keepdim) {
  const p = parse(x, dim, keepdim);
  const dtype = p.dtype ?? x.dtype;
  if (!isFloatingPoint(dtype))
    throw new Error(`mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${dtypeTitle(x.dtype)}`);
  const n = p.dims.reduce((a, d) => a * (x.ndim ? x._shape[d] : 1), 1);
  const input = cast(x, dtype);
  const s = reduceKernel("sum", input, p, dtype);
  const out2 = s.numel() > 0 ? divInPlaceNoGrad(s, n) : s;
  if (input._requiresGrad) {
    const shape = x._shape;
    record(out2, p.all && !p.keepdim ? "MeanBackward0" : "MeanBackward1", [input], (g) => [unsqueezeReduced(g, x, p).expand(shape).div(n)]);
  }
  return out2;
}
function divInPlaceNoGrad(t2, n) {
  backendFor(t2.device).binary("div", t2, t2, n, t2.dtype);
  return t2;
}
function nanmean(x, dim, keepdim) {
  const notNan = x.isnan().logicalNot();
  return nansum(x, dim, keepdim).div(sum(notNan, dim, keepdim));
}
function dtypeTitle(d) {
  return { float32: "Float", float64: "Double", float16: "Half", bfloat16: "BFloat16", int8: "Char", uint8: "Byte", int16: "Short", int32: "Int", int64: "Long", bool: "Bool" }[d];
}
function prod(x, dim, keepdim) {
  const p = parse(x, dim, keepdim);
  const out2 = reduceKernel("prod", p.dtype ? cast(x, p.dtype) : x, p, sumDtype(x, p.dtype));
  if (x._requiresGrad) {
    record(out2, p.all ? "ProdBackward0" : "ProdBackward1", [x], (g) => {
      if (p.all) {
        const flat = x.reshape(-1);
        return [prodOthers(flat, 0).mul(g).reshape(x._shape)];
      }
      const d = p.dims[0];
      return [prodOthers(x, d).mul(unsqueezeReduced(g, x, p))];
    }, [x]);
  }
  return out2;
}
function prodOthers(x, d) {
  const n = x._shape[d];
  if (n === 0) return x;
  const ones2 = x.narrow(d, 0, 1).onesLike();
  const left = n > 1 ? cat([ones2, x.narrow(d, 0, n - 1).cumprod(d)], d) : ones2;
  const right = n > 1 ? cat([x.flip(d).narrow(d, 0, n - 1).cumprod(d).flip(d), ones2], d) : ones2;
  return left.mul(right);
}
function evenlyDistributed(g, x, value, p) {
  const v = unsqueezeReduced(value, x, p);
  const mask = x.eq(v);
  const count = sum(mask, { dim: p.dims, keepdim: true });
  return where(mask, unsqueezeReduced(g, x, p).div(count), 0);
}
function extremum(op, x, p, name) {
  if (x.numel() === 0 && p.dims.some((d) => x.ndim === 0 || x._shape[d] === 0))
    throw new Error(`${op}(): Expected reduction dim ${p.dims[0] ?? 0} to have non-zero size.`);
  const out2 = reduceKernel(op, x, p, x.dtype);
  if (x._requiresGrad) record(out2, name, [x], (g) => [evenlyDistributed(g, x, out2, p)], [x, out2]);
  return out2;
}
function amax(x, dim, keepdim) {
  return extremum("amax", x, parse(x, dim, keepdim), "AmaxBackward0");
}
function amin(x, dim, keepdim) {
  return extremum("amin", x, parse(x, dim, keepdim), "AminBackward0");
}
function around(shape, d) {
  let outer2 = 1, inner = 1;
  for (let i = 0; i < d; i++) outer2 *= shape[i];
  for (let i = d + 1; i < shape.length; i++) inner *= shape[i];
  return [outer2, shape.length ? shape[d] : 1, inner];
}
function maxMin(x, isMax, dim, keepdim) {
  if (dim instanceof Tensor) return isMax ? maximum(x, dim) : minimum(x, dim);
  if (dim === void 0) {
    if (x.numel() === 0)
      throw new Error(`${isMax ? "max" : "min"}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`);
    return extremum(isMax ? "amax" : "amin", x, parse(x), isMax ? "MaxBackward1" : "MinBackward1");
  }
  const p = parse(x, dim, keepdim);
  const d = p.dims[0];
  const c = x.contiguous();
  const [outer2, len, inner] = around(c._shape, x.ndim ? d : 0);
  if (len === 0)
    throw new Error(`${isMax ? "max" : "min"}(): Expected reduction dim ${d} to have non-zero size.`);
  const shape = outShape(x, p);
  const values = empty(shape, x.dtype, x.device);
  const indices = empty(shape, "int64", x.device);
  backendFor(x.device).reduceArg(values, indices, c, outer2, len, inner, isMax);
  if (x._requiresGrad) {
    const inShape = x._shape;
    record(values, isMax ? "MaxBackward0" : "MinBackward0", [x], (g) => [
      valueSelectingBackward(unsqueezeReduced(g, x, p), x.ndim ? d : 0, unsqueezeReduced(indices, x, p), inShape)
    ]);
  }
  return { values, indices };
}
function valueSelectingBackward(g, d, indices, shape) {
  return g.newZeros(shape).scatter(d, indices, g);
}
function argMaxMin(x, isMax, dim, keepdim) {
  if (dim === void 0 || dim === null || typeof dim === "object" && dim.dim === void 0) {
    const kd = typeof dim === "object" && dim !== null ? dim.keepdim ?? false : keepdim ?? false;
    if (x.numel() === 0) throw new Error(`${isMax ? "argmax" : "argmin"}(): Expected reduction dim to be specified for input.numel() == 0.`);
    const flat = x.reshape(-1).contiguous();
    const idx = empty([], "int64", x.device);
    backendFor(x.device).reduceArg(null, idx, flat, 1, flat.numel(), 1, isMax);
    return kd ? idx.reshape(x._shape.map(() => 1)) : idx;
  }
  return maxMin(x.detach(), isMax, dim, keepdim).indices;
}
function variance(x, dim, opts, keepdim) {
  let d;
  let correction = 1, kd = keepdim ?? false;
  const apply = (o) => {
    if (o.dim !== void 0) d = o.dim;
    if (o.unbiased !== void 0) correction = o.unbiased ? 1 : 0;
    if (o.correction !== void 0) correction = o.correction;
    if (o.keepdim !== void 0) kd = o.keepdim;
  };
  if (dim !== void 0 && dim !== null && typeof dim === "object" && !Array.isArray(dim)) apply(dim);
  else d = dim;
  if (typeof opts === "boolean") correction = opts ? 1 : 0;
  else if (opts) apply(opts);
  if (!isFloatingPoint(x.dtype)) throw new Error("std and var only support floating point and complex dtypes");
  const p = parse(x, d ?? null, kd);
  const n = p.dims.reduce((a, k2) => a * (x.ndim ? x._shape[k2] : 1), 1);
  const mu = mean(x, { dim: p.all ? void 0 : p.dims, keepdim: true });
  const dev = x.sub(mu);
  return sum(dev.mul(dev), { dim: p.all ? void 0 : p.dims, keepdim: kd }).div(Math.max(n - correction, 0));
}
function norm(x, p = 2, dim, keepdim) {
  const input = isFloatingPoint(x.dtype) ? x : x.to(getDefaultDtype());
  const a = input.abs();
  if (p === "fro" || p === 2) {
    const s = sum(input.mul(input), dim, keepdim);
    return s.sqrt();
  }
  if (p === Infinity) return amax(a, dim, keepdim);
  if (p === -Infinity) return amin(a, dim, keepdim);
  if (p === 0) return sum(input.ne(0).to(input.dtype), dim, keepdim);
  if (p === 1) return sum(a, dim, keepdim);
  return sum(a.pow(p), dim, keepdim).pow(1 / p);
}
function logsumexp(x, dim, keepdim = false) {
  const input = isFloatingPoint(x.dtype) ? x : x.to(getDefaultDtype());
  const m = amax(input.detach(), dim, true);
  const safe = where(m.isinf(), 0, m);
  const s = sum(input.sub(safe).exp(), dim, true).log().add(safe);
  return keepdim ? s : s.squeeze(typeof dim === "number" ? dim : [...dim]);
}
function scan(op, x, dim, dtype) {
  const d = normalizeDim(dim, x.ndim);
  const outDtype = dtype ?? (isFloatingPoint(x.dtype) ? x.dtype : "int64");
  const c = x.contiguous();
  const out2 = empty(x._shape, outDtype, x.device);
  const [outer2, len, inner] = around(c._shape, x.ndim ? d : 0);
  if (out2.numel() > 0) backendFor(x.device).scan(op, out2, null, c, outer2, len, inner);
  if (x._requiresGrad) {
    if (op === "cumsum") record(out2, "CumsumBackward0", [x], (g) => [g.flip(d).cumsum(d).flip(d)]);
    else record(out2, "CumprodBackward0", [x], (g) => [cumprodBackward(g, x, out2, d)], [x, out2]);
  }
  return out2;
}
function cumprodBackward(g, x, out2, d) {
  if (x.ndim === 0) return g;
  if (!x.eq(0).any().item()) return g.mul(out2).flip(d).cumsum(d).flip(d).div(x);
  const n = x._shape[d];
  const parts = new Array(n);
  let s = g.narrow(d, n - 1, 1);
  parts[n - 1] = s;
  for (let i = n - 2; i >= 0; i--) {
    s = g.narrow(d, i, 1).add(x.narrow(d, i + 1, 1).mul(s));
    parts[i] = s;
  }
  const ones2 = x.narrow(d, 0, 1).onesLike();
  const left = n > 1 ? cat([ones2, x.narrow(d, 0, n - 1).cumprod(d)], d) : ones2;
  return left.mul(cat(parts, d));
}
var cumsum = (x, dim, opts) => scan("cumsum", x, dim, opts?.dtype);
var cumprod = (x, dim, opts) => scan("cumprod", x, dim, opts?.dtype);
function logicalReduce(x, op, dim, keepdim) {
  const p = parse(x, dim, keepdim);
  return reduceKernel(op, x, p, "bool");
}
function countNonzero(x, dim) {
  return reduceKernel("count_nonzero", x, parse(x, dim ?? null), "int64");
}
function softmax(x, dim, log, dtype) {
  let input = dtype ? cast(x, dtype) : x;
  if (!isFloatingPoint(input.dtype)) input = input.to(getDefaultDtype());
  const d = normalizeDim(dim, input.ndim);
  const c = input.contiguous();
  const [outer2, len, inner] = around(c._shape, input.ndim ? d : 0);
  const out2 = empty(input._shape, input.dtype, input.device);
  if (out2.numel() > 0) backendFor(input.device).softmax(out2, c, outer2, len, inner, log);
  if (input._requiresGrad) {
    record(out2, log ? "LogSoftmaxBackward0" : "SoftmaxBackward0", [input], (g) => {
      if (isGradEnabled()) {
        return [log ? g.sub(out2.exp().mul(g.sum(d, true))) : out2.mul(g.sub(g.mul(out2).sum(d, true)))];
      }
      const gc = g.contiguous();
      const r = empty(out2._shape, out2.dtype, out2.device);
      if (r.numel() > 0) backendFor(out2.device).softmaxBackward(r, gc, out2, outer2, len, inner, log);
      return [r];
    }, [out2]);
  }
  return out2;
}
function sumToSize(x, shape) {
  if (sameShape(x._shape, shape)) return x;
  const lead = x.ndim - shape.length;
  if (lead < 0) throw new Error(`size {[${shape.join(", ")}]} is not expandable to size {[${x.shape.join(", ")}]}.`);
  const dims = [];
  for (let i = 0; i < x.ndim; i++) {
    if (i < lead) dims.push(i);
    else if (shape[i - lead] === 1 && x._shape[i] !== 1) dims.push(i);
    else if (shape[i - lead] !== x._shape[i]) throw new Error(`size {[${shape.join(", ")}]} is not expandable to size {[${x.shape.join(", ")}]}.`);
  }
  let r = dims.length ? sum(x, { dim: dims, keepdim: true }) : x;
  if (lead > 0) r = r.reshape(shape);
  return r;
}

// packages/core/src/ops/random.ts
var MASK64 = (1n << 64n) - 1n;
var Generator = class {
  seedValue;
  /** Philox counter of the next draw. */
  offset = 0;
  device;
  constructor(opts) {
    this.device = normalizeDevice(opts?.device);
    this.seedValue = 67280421310721n;
  }
  /** Sets the seed and restarts the sequence (`generator.manual_seed(s)`). */
  manualSeed(seed2) {
    this.seedValue = BigInt.asUintN(64, BigInt(seed2));
    this.offset = 0;
    return this;
  }
  /** Seeds from a non-deterministic source and returns the seed. */
  seed() {
    const s = BigInt(Math.floor(Math.random() * 2 ** 32)) << 21n ^ BigInt(Date.now());
    this.manualSeed(s & MASK64);
    return this.seedValue;
  }
  initialSeed() {
    return this.seedValue;
  }
  /** The state as a uint8 tensor (seed and offset), for `setState`. */
  getState() {
    const buf2 = new BigInt64Array([BigInt.asIntN(64, this.seedValue), BigInt(this.offset)]);
    return new Tensor(new Storage(buf2.buffer), [16], [1], 0, "uint8");
  }
  setState(state) {
    if (state.dtype !== "uint8" || state.numel() !== 16) throw new Error("RNG state must be a torch.ByteTensor of 16 bytes");
    const bytes = state.contiguous().toArray();
    const v = new BigInt64Array(bytes.slice().buffer);
    this.seedValue = BigInt.asUintN(64, v[0]);
    this.offset = Number(v[1]);
    return this;
  }
  /** @internal reserves n counters */
  _take(n) {
    const r = { seed: this.seedValue, offset: this.offset };
    this.offset += n;
    return r;
  }
};
var defaultGenerator = new Generator();
function manualSeed(seed2) {
  return defaultGenerator.manualSeed(seed2);
}
function fillRandom(t2, kind, a, b, gen) {
  const g = gen ?? defaultGenerator;
  const n = t2.numel();
  if (kind === "randint" && b <= a) throw new Error(`random_ expects 'from' to be less than 'to', but got from=${a} >= to=${b}`);
  if (kind === "normal" && b < 0) throw new Error(`normal expects std >= 0.0, but found std ${b}`);
  if (kind === "bernoulli" && (a < 0 || a > 1)) throw new Error(`bernoulli_ expects p to be in [0, 1], but got p=${a}`);
  if (n === 0) return t2;
  const { seed: s, offset } = g._take(n);
  const backend = backendFor(t2.device);
  if (t2.isContiguous()) {
    backend.random(kind, t2, s, offset, a, b);
  } else {
    const tmp = empty(t2._shape, t2.dtype, t2.device);
    backend.random(kind, tmp, s, offset, a, b);
    backend.copy(t2, tmp);
  }
  t2._bumpVersion();
  return t2;
}
function make(args, kind, a, b, defaultDtype2) {
  const [shape, opts] = parseSizes(args);
  const dtype = opts?.dtype ?? defaultDtype2;
  const t2 = empty(shape, dtype, normalizeDevice(opts?.device));
  fillRandom(t2, kind, a, b, opts?.generator);
  if (opts?.requiresGrad) t2.requiresGrad = true;
  return t2;
}
function randn(...args) {
  const [shape, opts] = parseSizes(args);
  if (opts?.dtype && !isFloatingPoint(opts.dtype)) throw new Error(`"normal_kernel_cpu" not implemented for '${opts.dtype}'`);
  return make([shape, opts ?? {}], "normal", 0, 1, getDefaultDtype());
}
function randint(lowOrHigh, highOrSize, sizeOrOpts, opts) {
  let low = 0, high, size, o = opts;
  if (Array.isArray(highOrSize)) {
    high = lowOrHigh;
    size = highOrSize;
    o = sizeOrOpts;
  } else {
    low = lowOrHigh;
    high = highOrSize;
    size = sizeOrOpts;
  }
  if (high <= low) throw new Error(`random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`);
  return make([size, o ?? {}], "randint", low, high, "int64");
}
function bernoulli(p, opts) {
  if (!isFloatingPoint(p.dtype)) throw new Error(`"bernoulli_tensor_cpu_self_" not implemented for '${p.dtype}'`);
  const g = opts?.generator ?? defaultGenerator;
  const pc = p.contiguous();
  const out2 = empty(p._shape, p.dtype, p.device);
  const n = out2.numel();
  if (n > 0) {
    const { seed: s, offset } = g._take(n);
    backendFor(p.device).bernoulli(out2, pc, s, offset);
  }
  return out2;
}
function multinomial(weights, numSamples, opts) {
  const replacement = opts?.replacement ?? false;
  if (weights.ndim < 1 || weights.ndim > 2) throw new Error("prob_dist must be 1 or 2 dim");
  const w = (weights.ndim === 1 ? weights.unsqueeze(0) : weights).to("float64").contiguous();
  const [rows, cats] = w._shape;
  if (!replacement && numSamples > cats) throw new Error("cannot sample n_sample > prob_dist.size(-1) samples without replacement");
  if (numSamples <= 0) throw new Error("cannot sample n_sample <= 0 samples");
  const min = w.amin().item(), total = w.sum(1).amin().item();
  if (min < 0 || !Number.isFinite(w.sum().item())) throw new Error("probability tensor contains either `inf`, `nan` or element < 0");
  if (total <= 0) throw new Error("invalid multinomial distribution (sum of probabilities <= 0)");
  const g = opts?.generator ?? defaultGenerator;
  const out2 = empty([rows, numSamples], "int64", weights.device);
  const { seed: s, offset } = g._take(rows * numSamples);
  backendFor(weights.device).multinomial(out2, w, rows, cats, numSamples, replacement, s, offset);
  return weights.ndim === 1 ? out2.squeeze(0) : out2;
}

// packages/core/src/ops/sort.ts
function rowsAlong(x, d) {
  const moved = x.ndim ? x.movedim(d, -1).contiguous() : x.reshape(1);
  const len = moved._shape[moved.ndim - 1] ?? 1;
  return { rows: moved, len, count: len ? moved.numel() / len : 0 };
}
function restore(t2, x, d) {
  return x.ndim ? t2.movedim(-1, d) : t2.reshape([]);
}
function sort(x, dim = -1, descending = false) {
  let d = typeof dim === "number" ? dim : dim.dim ?? -1;
  const desc = typeof dim === "number" ? descending : dim.descending ?? false;
  const stable = typeof dim === "number" ? false : dim.stable ?? false;
  d = normalizeDim(d, x.ndim);
  const { rows, len, count } = rowsAlong(x.detach(), d);
  const values = empty(rows._shape, x.dtype, x.device);
  const indices = empty(rows._shape, "int64", x.device);
  if (rows.numel() > 0) backendFor(x.device).sort(values, indices, rows, count, len, desc, stable);
  const v = restore(values, x, d).contiguous(), i = restore(indices, x, d).contiguous();
  if (x._requiresGrad) {
    const shape = x._shape;
    record(v, "SortBackward0", [x], (g) => [valueSelectingBackward(g, d, i, shape)]);
  }
  return { values: v, indices: i };
}
function topk(x, k2, dim = -1, largest = true, _sorted = true) {
  let d = typeof dim === "number" ? dim : dim.dim ?? -1;
  const lg = typeof dim === "number" ? largest : dim.largest ?? true;
  d = normalizeDim(d, x.ndim);
  const size = x.ndim ? x._shape[d] : 1;
  if (!Number.isInteger(k2) || k2 < 0 || k2 > size) throw new Error("selected index k out of range");
  const { rows, len, count } = rowsAlong(x.detach(), d);
  const shape = [...rows._shape];
  if (shape.length) shape[shape.length - 1] = k2;
  const values = empty(shape, x.dtype, x.device);
  const indices = empty(shape, "int64", x.device);
  if (values.numel() > 0) backendFor(x.device).topk(values, indices, rows, count, len, k2, lg);
  const v = restore(values, x, d).contiguous(), i = restore(indices, x, d).contiguous();
  if (x._requiresGrad) {
    const inShape = x._shape;
    record(v, "TopkBackward0", [x], (g) => [valueSelectingBackward(g, d, i, inShape)]);
  }
  return { values: v, indices: i };
}
function kthvalue(x, k2, dim = -1, keepdim = false) {
  const d = normalizeDim(dim, x.ndim);
  const size = x.ndim ? x._shape[d] : 1;
  if (k2 < 1 || k2 > size) throw new Error(`kthvalue(): selected number k out of range for dimension ${d}`);
  const s = sort(x, d);
  let values = s.values.narrow(d, k2 - 1, 1), indices = s.indices.narrow(d, k2 - 1, 1);
  if (!keepdim) {
    values = values.squeeze(d);
    indices = indices.squeeze(d);
  }
  return { values, indices };
}
function median(x, dim, keepdim = false) {
  if (dim === void 0) {
    const flat = x.reshape(-1);
    if (flat.numel() === 0) return tensor(NaN, { dtype: x.dtype });
    return kthvalue(flat, Math.floor((flat.numel() - 1) / 2) + 1, 0).values;
  }
  const d = normalizeDim(dim, x.ndim);
  return kthvalue(x, Math.floor(((x.ndim ? x._shape[d] : 1) - 1) / 2) + 1, d, keepdim);
}
function unique(x, opts) {
  if (opts?.dim !== void 0) throw new Error("unique(dim) is not supported yet; flatten the tensor first");
  const flat = x.detach().reshape(-1);
  const s = sort(flat, 0);
  const n = flat.numel();
  let values, inverse = null, counts = null;
  if (n === 0) {
    values = s.values;
  } else {
    const isNew = s.values.narrow(0, 1, n - 1).ne(s.values.narrow(0, 0, n - 1));
    const firstFlags = cat([tensor([true], { device: x.device }), isNew], 0);
    values = s.values.index(firstFlags);
    const groupId = firstFlags.long().cumsum(0).sub(1);
    if (opts?.returnInverse) inverse = groupId.newZeros([n]).scatter(0, s.indices, groupId).reshape(x._shape);
    if (opts?.returnCounts) counts = values.newZeros([values.numel()], { dtype: "int64" }).scatterAdd(0, groupId, groupId.onesLike());
  }
  const out2 = [values];
  if (opts?.returnInverse) out2.push(inverse ?? empty([0], "int64"));
  if (opts?.returnCounts) out2.push(counts ?? empty([0], "int64"));
  return out2.length === 1 ? values : out2;
}

// packages/core/src/tensor.ts
var TYPED = {
  float32: Float32Array,
  float64: Float64Array,
  float16: Uint16Array,
  bfloat16: Uint16Array,
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  int32: Int32Array,
  int64: BigInt64Array,
  bool: Uint8Array
};
var Tensor = class _Tensor {
  /** @internal */
  _storage;
  /** @internal */
  _shape;
  /** @internal */
  _strides;
  /** @internal */
  _offset;
  dtype;
  /** @internal */
  _contiguous;
  /** @internal */
  _requiresGrad = false;
  /** @internal */
  _gradFn = null;
  /** @internal */
  _grad = null;
  /** @internal */
  _accumulator = null;
  /** @internal */
  _hooks = null;
  /** @internal */
  _postHooks = null;
  /** @internal */
  _retainsGrad = false;
  /** @internal the tensor this one is a view of (for in-place autograd checks) */
  _base = null;
  /** @internal Use the creation functions (`torch.tensor`, `torch.zeros`...). */
  constructor(storage, shape, strides, offset, dtype) {
    this._storage = storage;
    this._shape = shape;
    this._strides = strides;
    this._offset = offset;
    this.dtype = dtype;
    this._contiguous = isContiguousLayout(shape, strides);
  }
  // ---- metadata ---------------------------------------------------------------------------
  /** The size of each dimension (PyTorch's `torch.Size`). */
  get shape() {
    return this._shape;
  }
  get ndim() {
    return this._shape.length;
  }
  get device() {
    return this._storage.device;
  }
  get isCuda() {
    return this._storage.device !== "cpu";
  }
  size(dim) {
    if (dim === void 0) return this._shape;
    return this._shape[normalizeDim(dim, this.ndim)];
  }
  dim() {
    return this._shape.length;
  }
  numel() {
    return numelOf(this._shape);
  }
  nelement() {
    return this.numel();
  }
  stride(dim) {
    if (dim === void 0) return this._strides;
    return this._strides[normalizeDim(dim, this.ndim)];
  }
  storageOffset() {
    return this._offset;
  }
  isContiguous() {
    return this._contiguous;
  }
  elementSize() {
    return ITEM_SIZE[this.dtype];
  }
  isFloatingPoint() {
    return isFloatingPoint(this.dtype);
  }
  /** @internal version counter shared by all views of the storage */
  get _version() {
    return this._storage.version;
  }
  /** @internal */
  _bumpVersion() {
    this._storage.version++;
  }
  /**
   * @internal Makes this tensor hold `other`'s data (storage, geometry, dtype) while keeping its
   * identity and leaf autograd state: PyTorch's `param.data = other`, used by `Module.to()`.
   */
  _setData(other) {
    this._storage = other._storage;
    this._shape = [...other._shape];
    this._strides = [...other._strides];
    this._offset = other._offset;
    this.dtype = other.dtype;
    this._contiguous = other._contiguous;
  }
  // ---- autograd state ---------------------------------------------------------------------
  get requiresGrad() {
    return this._requiresGrad;
  }
  set requiresGrad(v) {
    if (!this.isLeaf && !v)
      throw new Error(
        "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach()."
      );
    if (v && !isFloatingPoint(this.dtype)) throw new Error("only Tensors of floating point dtype can require gradients");
    this._requiresGrad = v;
  }
  /** The accumulated gradient of a leaf after `backward()`; settable, as in PyTorch. */
  get grad() {
    return this._grad;
  }
  set grad(g) {
    if (g !== null) {
      if (g.dtype !== this.dtype) throw new Error("assigned grad has data of a different type");
      if (g.shape.length !== this.ndim || g.shape.some((s, i) => s !== this._shape[i]))
        throw new Error("assigned grad has data of a different size");
    }
    this._grad = g;
  }
  /** The node that created this tensor (`grad_fn`), null for leaves. */
  get gradFn() {
    return this._gradFn;
  }
  get isLeaf() {
    return this._gradFn === null;
  }
  get retainsGrad() {
    return this._retainsGrad;
  }
  /** @internal */
  _setGradFn(node) {
    this._gradFn = node;
    this._requiresGrad = true;
  }
  /** @internal the AccumulateGrad node of a leaf */
  _gradAccumulator() {
    if (!this._accumulator) this._accumulator = new AccumulateGrad(this);
    return this._accumulator;
  }
  /** @internal */
  _leafHooks() {
    return this._hooks ?? [];
  }
  /** @internal */
  _postAccumulateHooks() {
    return this._postHooks ?? [];
  }
  /** Computes gradients of this tensor with respect to graph leaves (`tensor.backward()`). */
  backward(gradient, opts = {}) {
    backward([this], [gradient ?? null], opts);
  }
  /** A tensor sharing storage, cut from the graph. */
  detach() {
    return alias(this);
  }
  /** Cuts this tensor from the graph in place. */
  detach_() {
    this._gradFn = null;
    this._requiresGrad = false;
    return this;
  }
  /** The same data without autograd history (PyTorch's `.data`). */
  get data() {
    return this.detach();
  }
  requiresGrad_(requiresGrad = true) {
    this.requiresGrad = requiresGrad;
    return this;
  }
  /** Keeps `.grad` on a non-leaf tensor after backward. */
  retainGrad() {
    if (this.isLeaf || this._retainsGrad) return;
    if (!this._requiresGrad) throw new Error("can't retain_grad on Tensor that has requires_grad=False");
    this._retainsGrad = true;
    const self = new WeakRef(this);
    this.registerHook((g) => {
      const t2 = self.deref();
      if (t2) t2._grad = t2._grad ? t2._grad.add(g.detach()) : g.detach().clone();
    });
  }
  /** Registers `hook(grad)`, called when this tensor's gradient is computed; it may return a replacement. */
  registerHook(hook) {
    if (!this._requiresGrad) throw new Error("cannot register a hook on a tensor that doesn't require gradient");
    let list;
    if (this._gradFn) {
      const node = this._gradFn;
      node.preHooks ??= [];
      list = node.preHooks;
    } else {
      this._hooks ??= [];
      list = this._hooks;
    }
    list.push(hook);
    return { remove: () => void list.splice(list.indexOf(hook) >>> 0, list.includes(hook) ? 1 : 0) };
  }
  /** Registers `hook(tensor)`, called on a leaf after its `.grad` has been accumulated. */
  registerPostAccumulateGradHook(hook) {
    if (!this.isLeaf) throw new Error("post accumulate grad hooks cannot be registered on non-leaf tensors");
    this._postHooks ??= [];
    const list = this._postHooks;
    list.push(hook);
    return { remove: () => void list.splice(list.indexOf(hook) >>> 0, list.includes(hook) ? 1 : 0) };
  }
  // ---- memory and values ------------------------------------------------------------------
  /** Frees the storage now (shared by this tensor's views, which become unusable too). */
  dispose() {
    this._storage.dispose();
  }
  [Symbol.dispose]() {
    this.dispose();
  }
  get isDisposed() {
    return this._storage.disposed;
  }
  /** @internal a typed-array view over the whole storage from this tensor's offset (CPU only) */
  _typedView() {
    if (this._storage.disposed) throw new Error("Tensor has been disposed");
    const Ctor = TYPED[this.dtype];
    const size = ITEM_SIZE[this.dtype];
    return new Ctor(this._storage.buffer, this._offset * size, this._storage.nbytes / size - this._offset);
  }
  /** A contiguous CPU copy of the values as the dtype's typed array (Uint16Array for float16/bfloat16, Uint8Array for bool). */
  toArray() {
    if (this._storage.disposed) throw new Error("Cannot use a tensor whose storage has been freed (the tensor was disposed)");
    const c = this.cpu().contiguous();
    const Ctor = TYPED[c.dtype];
    const size = ITEM_SIZE[c.dtype];
    const n = c.numel();
    const src = new Ctor(c._storage.buffer, c._offset * size, n);
    if (c === this && n * size === c._storage.nbytes && c._offset === 0) return src.slice();
    return src.slice();
  }
  /** The values as plain JS numbers (float16/bfloat16 decoded; int64 as numbers; bool as 0/1). */
  _numbers() {
    const t2 = this.dtype === "float16" || this.dtype === "bfloat16" ? this.float() : this;
    const a = t2.toArray();
    if (t2.dtype === "bool") return Array.from(a, (v) => v !== 0);
    if (t2.dtype === "int64") return Array.from(a, Number);
    return Array.from(a);
  }
  /** The value of a one-element tensor as a number (booleans as `true`/`false`). */
  item() {
    if (this.numel() !== 1)
      throw new Error(`a Tensor with ${this.numel()} elements cannot be converted to Scalar`);
    return this._numbers()[0];
  }
  /** Nested arrays of the values (`tensor.tolist()`). */
  tolist() {
    const flat = this._numbers();
    if (this.ndim === 0) return flat[0];
    let i = 0;
    const build = (d) => {
      const out2 = [];
      for (let k2 = 0; k2 < this._shape[d]; k2++) out2.push(d === this.ndim - 1 ? flat[i++] : build(d + 1));
      return out2;
    };
    return build(0);
  }
  /** PyTorch's print format (`tensor([1., 2.], requires_grad=True)`). */
  toString() {
    if (this._storage.disposed) return "tensor(<disposed>)";
    const t2 = this.dtype === "float16" || this.dtype === "bfloat16" ? this.detach().float() : this.detach();
    const a = t2.cpu().toArray();
    const values = t2.dtype === "bool" ? Array.from(a, (v) => v !== 0) : a;
    return formatTensor(values, this._shape, this.dtype, {
      device: this.device,
      requiresGrad: this._requiresGrad && isGradEnabled() ? this._requiresGrad : this._requiresGrad,
      gradFn: this._gradFn?.name
    });
  }
  [inspect.custom]() {
    return this.toString();
  }
  // ---- conversion -------------------------------------------------------------------------
  /** `to(dtype)`, `to(device)`, `to(device, dtype)` or `to({ dtype, device })`; returns `this` when nothing changes. */
  to(a, b) {
    return to(this, a, b);
  }
  cpu() {
    return this.to("cpu");
  }
  cuda(device = 0) {
    return this.to(`cuda:${device}`);
  }
  float() {
    return this.to("float32");
  }
  double() {
    return this.to("float64");
  }
  half() {
    return this.to("float16");
  }
  bfloat16() {
    return this.to("bfloat16");
  }
  long() {
    return this.to("int64");
  }
  int() {
    return this.to("int32");
  }
  short() {
    return this.to("int16");
  }
  char() {
    return this.to("int8");
  }
  byte() {
    return this.to("uint8");
  }
  bool() {
    return this.to("bool");
  }
  type(dtype) {
    return this.to(dtype);
  }
  typeAs(other) {
    return this.to(other.dtype);
  }
  // ---- views and shape --------------------------------------------------------------------
  /** @internal a view with new geometry over the same storage (no autograd) */
  _restride(shape, strides, offset) {
    return new _Tensor(this._storage, shape, strides, offset, this.dtype);
  }
  view(...shape) {
    return view(this, shape);
  }
  viewAs(other) {
    return view(this, [other.shape]);
  }
  reshape(...shape) {
    return reshape(this, shape);
  }
  reshapeAs(other) {
    return reshape(this, [other.shape]);
  }
  flatten(startDim = 0, endDim = -1) {
    return flatten(this, startDim, endDim);
  }
  unflatten(dim, sizes) {
    return unflatten(this, dim, sizes);
  }
  squeeze(dim) {
    return squeeze(this, dim);
  }
  unsqueeze(dim) {
    return unsqueeze(this, dim);
  }
  permute(...dims) {
    return permute(this, dims);
  }
  transpose(dim0, dim1) {
    return transpose(this, dim0, dim1);
  }
  swapaxes(dim0, dim1) {
    return transpose(this, dim0, dim1);
  }
  movedim(source, destination) {
    return movedim(this, source, destination);
  }
  /** The transpose of a matrix (0-D and 1-D tensors are returned as is). */
  t() {
    return t(this);
  }
  get T() {
    return permute(this, [[...Array(this.ndim).keys()].reverse()]);
  }
  /** Transposes the last two dims (`x.mT`). */
  get mT() {
    return transpose(this, -2, -1);
  }
  expand(...sizes) {
    return expand(this, sizes);
  }
  expandAs(other) {
    return expand(this, [other.shape]);
  }
  broadcastTo(shape) {
    return expand(this, [shape]);
  }
  contiguous() {
    return this._contiguous ? this : clone(this);
  }
  clone() {
    return clone(this);
  }
  narrow(dim, start, length) {
    return narrow(this, dim, start, length);
  }
  select(dim, index2) {
    return select(this, dim, index2);
  }
  chunk(chunks, dim = 0) {
    return chunk(this, chunks, dim);
  }
  split(splitSize, dim = 0) {
    return split(this, splitSize, dim);
  }
  unbind(dim = 0) {
    return unbind(this, dim);
  }
  flip(...dims) {
    return flip(this, dims.flat());
  }
  roll(shifts, dims) {
    return roll(this, shifts, dims);
  }
  repeat(...sizes) {
    return repeat(this, sizes.flat());
  }
  tile(...sizes) {
    return tile(this, sizes.flat());
  }
  diagonal(offset = 0, dim1 = 0, dim2 = 1) {
    return diagonal(this, offset, dim1, dim2);
  }
  tril(diagonal2 = 0) {
    return tril(this, diagonal2);
  }
  triu(diagonal2 = 0) {
    return triu(this, diagonal2);
  }
  /** Sums broadcast dimensions away so the result has `shape` (`sum_to_size`). */
  sumToSize(...shape) {
    return sumToSize(this, shape.flat());
  }
  unfold(dimension, size, step) {
    return unfold(this, dimension, size, step);
  }
  // ---- elementwise ------------------------------------------------------------------------
  add(other, opts) {
    return add2(this, other, opts);
  }
  add_(other, opts) {
    return inplace(this, add2(this, other, opts), "add_");
  }
  sub(other, opts) {
    return sub2(this, other, opts);
  }
  sub_(other, opts) {
    return inplace(this, sub2(this, other, opts), "sub_");
  }
  mul(other) {
    return mul(this, other);
  }
  mul_(other) {
    return inplace(this, mul(inplaceSource(this, other), other), "mul_");
  }
  /** True division; `{ roundingMode: 'trunc' | 'floor' }` rounds the quotient. */
  div(other, opts) {
    return div(this, other, opts);
  }
  div_(other, opts) {
    return inplace(this, div(inplaceSource(this, other), other, opts), "div_");
  }
  true_divide(other) {
    return div(this, other);
  }
  floorDivide(other) {
    return div(this, other, { roundingMode: "floor" });
  }
  remainder(other) {
    return remainder(this, other);
  }
  fmod(other) {
    return fmod(this, other);
  }
  pow(exponent) {
    return pow(this, exponent);
  }
  pow_(exponent) {
    return inplace(this, pow(inplaceSource(this, exponent), exponent), "pow_");
  }
  atan2(other) {
    return atan2(this, other);
  }
  hypot(other) {
    return hypot(this, other);
  }
  maximum(other) {
    return maximum(this, other);
  }
  minimum(other) {
    return minimum(this, other);
  }
  fmax(other) {
    return fmax(this, other);
  }
  fmin(other) {
    return fmin(this, other);
  }
  copysign(other) {
    return copysign(this, other);
  }
  xlogy(other) {
    return xlogy(this, other);
  }
  lerp(end, weight) {
    return lerp(this, end, weight);
  }
  addcmul(t1, t2, opts) {
    return addcmul(this, t1, t2, opts);
  }
  addcmul_(t1, t2, opts) {
    return inplace(this, addcmul(this, t1, t2, opts), "addcmul_");
  }
  addcdiv(t1, t2, opts) {
    return addcdiv(this, t1, t2, opts);
  }
  addcdiv_(t1, t2, opts) {
    return inplace(this, addcdiv(this, t1, t2, opts), "addcdiv_");
  }
  neg() {
    return unary("neg", this);
  }
  neg_() {
    return inplace(this, unary("neg", inplaceSource(this)), "neg_");
  }
  negative() {
    return unary("neg", this);
  }
  abs() {
    return unary("abs", this);
  }
  abs_() {
    return inplace(this, unary("abs", inplaceSource(this)), "abs_");
  }
  sign() {
    return unary("sign", this);
  }
  sgn() {
    return unary("sign", this);
  }
  square() {
    return unary("square", this);
  }
  reciprocal() {
    return unary("reciprocal", this);
  }
  exp() {
    return unary("exp", this);
  }
  exp_() {
    return inplace(this, unary("exp", inplaceSource(this)), "exp_");
  }
  exp2() {
    return unary("exp2", this);
  }
  expm1() {
    return unary("expm1", this);
  }
  log() {
    return unary("log", this);
  }
  log_() {
    return inplace(this, unary("log", inplaceSource(this)), "log_");
  }
  log2() {
    return unary("log2", this);
  }
  log10() {
    return unary("log10", this);
  }
  log1p() {
    return unary("log1p", this);
  }
  sqrt() {
    return unary("sqrt", this);
  }
  sqrt_() {
    return inplace(this, unary("sqrt", inplaceSource(this)), "sqrt_");
  }
  rsqrt() {
    return unary("rsqrt", this);
  }
  sin() {
    return unary("sin", this);
  }
  cos() {
    return unary("cos", this);
  }
  tan() {
    return unary("tan", this);
  }
  asin() {
    return unary("asin", this);
  }
  acos() {
    return unary("acos", this);
  }
  atan() {
    return unary("atan", this);
  }
  sinh() {
    return unary("sinh", this);
  }
  cosh() {
    return unary("cosh", this);
  }
  tanh() {
    return unary("tanh", this);
  }
  tanh_() {
    return inplace(this, unary("tanh", inplaceSource(this)), "tanh_");
  }
  asinh() {
    return unary("asinh", this);
  }
  acosh() {
    return unary("acosh", this);
  }
  atanh() {
    return unary("atanh", this);
  }
  sigmoid() {
    return unary("sigmoid", this);
  }
  sigmoid_() {
    return inplace(this, unary("sigmoid", inplaceSource(this)), "sigmoid_");
  }
  relu() {
    return unary("relu", this);
  }
  relu_() {
    return inplace(this, unary("relu", inplaceSource(this)), "relu_");
  }
  erf() {
    return unary("erf", this);
  }
  erfc() {
    return unary("erfc", this);
  }
  erfinv() {
    return unary("erfinv", this);
  }
  lgamma() {
    return unary("lgamma", this);
  }
  digamma() {
    return unary("digamma", this);
  }
  floor() {
    return unary("floor", this);
  }
  floor_() {
    return inplace(this, unary("floor", inplaceSource(this)), "floor_");
  }
  ceil() {
    return unary("ceil", this);
  }
  round(opts) {
    return opts?.decimals ? unary("round_decimals", this, opts.decimals) : unary("round", this);
  }
  trunc() {
    return unary("trunc", this);
  }
  frac() {
    return unary("frac", this);
  }
  /** Limits values to [min, max] (either may be null/undefined); NaN stays NaN. */
  clamp(min, max) {
    return clamp(this, min, max);
  }
  clamp_(min, max) {
    return inplace(this, clamp(inplaceSource(this, min, max), min, max), "clamp_");
  }
  clip(min, max) {
    return clamp(this, min, max);
  }
  clampMin(min) {
    return clamp(this, min, null);
  }
  clampMax(max) {
    return clamp(this, null, max);
  }
  nanToNum(opts) {
    return nanToNum(this, opts);
  }
  eq(other) {
    return compare("eq", this, other);
  }
  ne(other) {
    return compare("ne", this, other);
  }
  lt(other) {
    return compare("lt", this, other);
  }
  le(other) {
    return compare("le", this, other);
  }
  gt(other) {
    return compare("gt", this, other);
  }
  ge(other) {
    return compare("ge", this, other);
  }
  greater(other) {
    return compare("gt", this, other);
  }
  less(other) {
    return compare("lt", this, other);
  }
  equal(other) {
    return equal(this, other);
  }
  logicalAnd(other) {
    return compare("logical_and", this, other);
  }
  logicalOr(other) {
    return compare("logical_or", this, other);
  }
  logicalXor(other) {
    return compare("logical_xor", this, other);
  }
  logicalNot() {
    return predicate("logical_not", this);
  }
  bitwiseAnd(other) {
    return bitwise("bitwise_and", this, other);
  }
  bitwiseOr(other) {
    return bitwise("bitwise_or", this, other);
  }
  bitwiseXor(other) {
    return bitwise("bitwise_xor", this, other);
  }
  bitwiseNot() {
    return unary("bitwise_not", this);
  }
  bitwiseLeftShift(other) {
    return bitwise("lshift", this, other);
  }
  bitwiseRightShift(other) {
    return bitwise("rshift", this, other);
  }
  isnan() {
    return predicate("isnan", this);
  }
  isinf() {
    return predicate("isinf", this);
  }
  isfinite() {
    return predicate("isfinite", this);
  }
  isposinf() {
    return predicate("isposinf", this);
  }
  isneginf() {
    return predicate("isneginf", this);
  }
  signbit() {
    return predicate("signbit", this);
  }
  /** `torch.where(condition, this, other)`. */
  where(condition, other) {
    return where(condition, this, other);
  }
  maskedFill(mask, value) {
    return maskedFill(this, mask, value);
  }
  maskedFill_(mask, value) {
    return inplace(this, maskedFill(this, mask, value), "masked_fill_");
  }
  fill_(value) {
    return fill_(this, value);
  }
  zero_() {
    return fill_(this, 0);
  }
  /** Copies `src` (broadcast, converted) into this tensor in place. */
  copy_(src) {
    return copy_(this, src);
  }
  // ---- random in place --------------------------------------------------------------------
  uniform_(from = 0, to2 = 1, opts) {
    return fillRandom(this, "uniform", from, to2, opts?.generator);
  }
  normal_(mean2 = 0, std = 1, opts) {
    return fillRandom(this, "normal", mean2, std, opts?.generator);
  }
  bernoulli_(p = 0.5, opts) {
    return fillRandom(this, "bernoulli", p, 0, opts?.generator);
  }
  exponential_(lambd = 1, opts) {
    return fillRandom(this, "exponential", lambd, 0, opts?.generator);
  }
  random_(from, to2, opts) {
    return to2 === void 0 ? fillRandom(this, "randint", 0, from, opts?.generator) : fillRandom(this, "randint", from, to2, opts?.generator);
  }
  bernoulli(opts) {
    return bernoulli(this, opts);
  }
  multinomial(numSamples, opts) {
    return multinomial(this, numSamples, opts);
  }
  // ---- reductions -------------------------------------------------------------------------
  sum(dim, keepdim) {
    return sum(this, dim, keepdim);
  }
  nansum(dim, keepdim) {
    return nansum(this, dim, keepdim);
  }
  mean(dim, keepdim) {
    return mean(this, dim, keepdim);
  }
  nanmean(dim, keepdim) {
    return nanmean(this, dim, keepdim);
  }
  prod(dim, keepdim) {
    return prod(this, dim, keepdim);
  }
  max(dim, keepdim) {
    return maxMin(this, true, dim, keepdim);
  }
  min(dim, keepdim) {
    return maxMin(this, false, dim, keepdim);
  }
  amax(dim, keepdim) {
    return amax(this, dim, keepdim);
  }
  amin(dim, keepdim) {
    return amin(this, dim, keepdim);
  }
  argmax(dim, keepdim) {
    return argMaxMin(this, true, dim, keepdim);
  }
  argmin(dim, keepdim) {
    return argMaxMin(this, false, dim, keepdim);
  }
  /** Variance, unbiased by default (`{ unbiased: false }` or `{ correction: 0 }` for the population variance). */
  var(dim, opts, keepdim) {
    return variance(this, dim, opts, keepdim);
  }
  std(dim, opts, keepdim) {
    return variance(this, dim, opts, keepdim).sqrt();
  }
  /** p-norm over all elements or `dim` (p = 2 by default; 'fro', Infinity, -Infinity, 0, 1 and any p). */
  norm(p = 2, dim, keepdim) {
    return norm(this, p, dim, keepdim);
  }
  logsumexp(dim, keepdim = false) {
    return logsumexp(this, dim, keepdim);
  }
  cumsum(dim, opts) {
    return cumsum(this, dim, opts);
  }
  cumprod(dim, opts) {
    return cumprod(this, dim, opts);
  }
  all(dim, keepdim) {
    return logicalReduce(this, "all", dim, keepdim);
  }
  any(dim, keepdim) {
    return logicalReduce(this, "any", dim, keepdim);
  }
  countNonzero(dim) {
    return countNonzero(this, dim);
  }
  median(dim, keepdim = false) {
    return median(this, dim, keepdim);
  }
  softmax(dim, opts) {
    return softmax(this, dim, false, opts?.dtype);
  }
  logSoftmax(dim, opts) {
    return softmax(this, dim, true, opts?.dtype);
  }
  // ---- linear algebra ---------------------------------------------------------------------
  matmul(other) {
    return matmul(this, other);
  }
  mm(other) {
    return mm(this, other);
  }
  bmm(other) {
    return bmm(this, other);
  }
  mv(vec) {
    return mv(this, vec);
  }
  dot(other) {
    return dot(this, other);
  }
  outer(other) {
    return outer(this, other);
  }
  // ---- indexing ---------------------------------------------------------------------------
  /** PyTorch's `x[...]`: `x.index(0, '1:3', null, '...', mask, idxTensor)`. */
  index(...indices) {
    return index(this, indices);
  }
  /** PyTorch's `x[...] = v`: `x.indexPut_([mask], 0)`; `accumulate` adds instead. */
  indexPut_(indices, values, accumulate2 = false) {
    return indexPut_(this, indices, values, accumulate2);
  }
  indexPut(indices, values, accumulate2 = false) {
    return indexPut_(this.clone(), indices, values, accumulate2);
  }
  indexSelect(dim, index2) {
    return indexSelect(this, dim, index2);
  }
  indexAdd_(dim, index2, source, opts) {
    return indexAdd_(this, dim, index2, source, opts);
  }
  indexAdd(dim, index2, source, opts) {
    return indexAdd_(this.clone(), dim, index2, source, opts);
  }
  indexFill_(dim, index2, value) {
    return indexFill_(this, dim, index2, value);
  }
  gather(dim, index2) {
    return gather(this, dim, index2);
  }
  scatter(dim, index2, src, opts) {
    return scatter(this, dim, index2, src, opts);
  }
  scatter_(dim, index2, src, opts) {
    return inplace(this, scatter(this, dim, index2, src, opts), "scatter_");
  }
  scatterAdd(dim, index2, src) {
    return scatterAdd(this, dim, index2, src);
  }
  scatterAdd_(dim, index2, src) {
    return inplace(this, scatterAdd(this, dim, index2, src), "scatter_add_");
  }
  maskedSelect(mask) {
    return maskedSelect(this, mask);
  }
  maskedScatter_(mask, source) {
    return maskedScatter_(this, mask, source);
  }
  take(index2) {
    return take(this, index2);
  }
  nonzero(opts) {
    return nonzero(this);
  }
  argwhere() {
    return nonzero(this);
  }
  // ---- sorting ----------------------------------------------------------------------------
  sort(dim = -1, descending = false) {
    return sort(this, dim, descending);
  }
  argsort(dim = -1, descending = false) {
    return sort(this, dim, descending).indices;
  }
  topk(k2, dim = -1, largest = true, sorted = true) {
    return topk(this, k2, dim, largest, sorted);
  }
  kthvalue(k2, dim = -1, keepdim = false) {
    return kthvalue(this, k2, dim, keepdim);
  }
  unique(opts) {
    return unique(this, opts);
  }
  // ---- creation helpers -------------------------------------------------------------------
  /** @internal ones with this tensor's shape, dtype and device */
  onesLike() {
    return onesLike(this);
  }
  zerosLike() {
    return zerosLike(this);
  }
  newZeros(size, opts) {
    return zeros(size, { dtype: this.dtype, device: this.device, ...opts });
  }
  newOnes(size, opts) {
    return ones(size, { dtype: this.dtype, device: this.device, ...opts });
  }
  newFull(size, value, opts) {
    return full(size, value, { dtype: this.dtype, device: this.device, ...opts });
  }
  newEmpty(size, opts) {
    return emptyTensor(size, { dtype: this.dtype, device: this.device, ...opts });
  }
  newTensor(data, opts) {
    return tensor(data, { dtype: this.dtype, device: this.device, ...opts });
  }
};

// packages/core/src/ops/elementwise.ts
function combineCategories(higher, lower) {
  if (higher === void 0) return lower;
  if (lower === void 0) return higher;
  if (isFloatingPoint(higher)) return higher;
  if (higher === "bool" || isFloatingPoint(lower)) return promoteTypes(higher, lower);
  return higher;
}
function resultType(...operands) {
  let dim, zero, wrapped;
  for (const o of operands) {
    if (o instanceof Tensor) {
      if (o.ndim > 0) dim = dim === void 0 ? o.dtype : promoteTypes(dim, o.dtype);
      else zero = zero === void 0 ? o.dtype : promoteTypes(zero, o.dtype);
    } else {
      const d = typeof o === "boolean" ? "bool" : Number.isInteger(o) ? "int64" : getDefaultDtype();
      wrapped = wrapped === void 0 ? d : promoteTypes(wrapped, d);
    }
  }
  return combineCategories(dim, combineCategories(zero, wrapped)) ?? getDefaultDtype();
}
function cast(t2, dtype) {
  return t2.dtype === dtype ? t2 : t2.to(dtype);
}
function broadcastOperand(t2, shape) {
  if (sameShape(t2._shape, shape)) return t2;
  return {
    _storage: t2._storage,
    _offset: t2._offset,
    _shape: shape,
    _strides: broadcastStrides(t2._shape, t2._strides, shape),
    dtype: t2.dtype,
    _contiguous: false
  };
}
function deviceOf(a, b) {
  const da = a instanceof Tensor ? a.device : null;
  const db = b instanceof Tensor ? b.device : null;
  if (da && db && da !== db) {
    if (a.ndim === 0 && da === "cpu") return db;
    if (b.ndim === 0 && db === "cpu") return da;
    throw new Error(`Expected all tensors to be on the same device, but found at least two devices, ${db} and ${da}!`);
  }
  return da ?? db ?? "cpu";
}
function asOperand(x, dtype, shape, device) {
  if (!(x instanceof Tensor)) return Number(x);
  if (x.device !== device) return x.item();
  return broadcastOperand(cast(x, dtype), shape);
}
function binaryKernel(op, a, b, computeDtype, outDtype, alpha = 1) {
  const device = deviceOf(a, b);
  let shape;
  if (a instanceof Tensor && b instanceof Tensor) shape = sameShape(a._shape, b._shape) ? a._shape : broadcastShapes(a._shape, b._shape);
  else if (a instanceof Tensor) shape = a._shape;
  else if (b instanceof Tensor) shape = b._shape;
  else shape = [];
  const out2 = empty(shape, outDtype, device);
  if (out2.numel() === 0) return out2;
  let oa = asOperand(a, computeDtype, shape, device);
  const ob = asOperand(b, computeDtype, shape, device);
  if (typeof oa === "number" && typeof ob === "number") oa = broadcastOperand(scalarTensor(oa, computeDtype, device), shape);
  backendFor(device).binary(op, out2, oa, ob, computeDtype, alpha);
  return out2;
}
function unaryKernel(op, x, outDtype, p0 = 0, p1 = 0, p2 = 0) {
  const out2 = empty(x._shape, outDtype, x.device);
  if (out2.numel() > 0) backendFor(x.device).unary(op, out2, x, p0, p1, p2);
  return out2;
}
function reduceGrad(g, shape) {
  return sameShape(g._shape, shape) ? g : g.sumToSize(shape);
}
function toTensor(x, like) {
  return x instanceof Tensor ? x : scalarTensor(Number(x), like.dtype, like.device);
}
var INTEGER_OK = /* @__PURE__ */ new Set([
  "neg",
  "abs",
  "sign",
  "square",
  "relu",
  "floor",
  "ceil",
  "round",
  "trunc",
  "clamp",
  "clamp_min",
  "clamp_max",
  "hardtanh",
  "threshold",
  "leaky_relu",
  "pow_scalar",
  "bitwise_not"
]);
var LN2 = Math.LN2;
var LN10 = Math.LN10;
var SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
var UNARY2 = {
  neg: { name: "NegBackward0", grad: (g) => g.neg() },
  abs: { name: "AbsBackward0", grad: (g, x) => g.mul(x.sign()) },
  sign: { name: "SignBackward0", grad: (g) => g.mul(0) },
  square: { name: "PowBackward0", grad: (g, x) => g.mul(x).mul(2) },
  reciprocal: { name: "ReciprocalBackward0", grad: (g, _x, y) => g.mul(y.mul(y)).neg() },
  relu: { name: "ReluBackward0", grad: (g, _x, y) => thresholdBackward(g, y, 0) },
  exp: { name: "ExpBackward0", grad: (g, _x, y) => g.mul(y) },
  exp2: { name: "Exp2Backward0", grad: (g, _x, y) => g.mul(y).mul(LN2) },
  expm1: { name: "Expm1Backward0", grad: (g, _x, y) => g.mul(y.add(1)) },
  log: { name: "LogBackward0", grad: (g, x) => g.div(x) },
  log2: { name: "Log2Backward0", grad: (g, x) => g.div(x.mul(LN2)) },
  log10: { name: "Log10Backward0", grad: (g, x) => g.div(x.mul(LN10)) },
  log1p: { name: "Log1PBackward0", grad: (g, x) => g.div(x.add(1)) },
  sqrt: { name: "SqrtBackward0", grad: (g, _x, y) => g.div(y.mul(2)) },
  rsqrt: { name: "RsqrtBackward0", grad: (g, _x, y) => g.mul(y.pow(3)).mul(-0.5) },
  sin: { name: "SinBackward0", grad: (g, x) => g.mul(x.cos()) },
  cos: { name: "CosBackward0", grad: (g, x) => g.mul(x.sin()).neg() },
  tan: { name: "TanBackward0", grad: (g, _x, y) => g.mul(y.mul(y).add(1)) },
  asin: { name: "AsinBackward0", grad: (g, x) => g.mul(x.mul(x).neg().add(1).rsqrt()) },
  acos: { name: "AcosBackward0", grad: (g, x) => g.mul(x.mul(x).neg().add(1).rsqrt()).neg() },
  atan: { name: "AtanBackward0", grad: (g, x) => g.div(x.mul(x).add(1)) },
  sinh: { name: "SinhBackward0", grad: (g, x) => g.mul(x.cosh()) },
  cosh: { name: "CoshBackward0", grad: (g, x) => g.mul(x.sinh()) },
  tanh: { name: "TanhBackward0", grad: (g, _x, y) => fusedBackward("tanh_backward", g, y, (gg, yy) => gg.mul(yy.mul(yy).neg().add(1))) },
  asinh: { name: "AsinhBackward0", grad: (g, x) => g.mul(x.mul(x).add(1).rsqrt()) },
  acosh: { name: "AcoshBackward0", grad: (g, x) => g.mul(x.mul(x).sub(1).rsqrt()) },
  atanh: { name: "AtanhBackward0", grad: (g, x) => g.div(x.mul(x).neg().add(1)) },
  sigmoid: { name: "SigmoidBackward0", grad: (g, _x, y) => fusedBackward("sigmoid_backward", g, y, (gg, yy) => gg.mul(yy.neg().add(1)).mul(yy)) },
  logsigmoid: { name: "LogSigmoidBackward0", grad: (g, x) => g.mul(x.neg().sigmoid()) },
  erf: { name: "ErfBackward0", grad: (g, x) => g.mul(x.mul(x).neg().exp()).mul(2 / Math.sqrt(Math.PI)) },
  erfc: { name: "ErfcBackward0", grad: (g, x) => g.mul(x.mul(x).neg().exp()).mul(-2 / Math.sqrt(Math.PI)) },
  erfinv: { name: "ErfinvBackward0", grad: (g, _x, y) => g.mul(y.mul(y).exp()).mul(Math.sqrt(Math.PI) / 2) },
  lgamma: { name: "LgammaBackward0", grad: (g, x) => g.mul(x.digamma()) },
  digamma: { name: "DigammaBackward0", grad: null },
  floor: { name: "FloorBackward0", grad: (g) => g.mul(0) },
  ceil: { name: "CeilBackward0", grad: (g) => g.mul(0) },
  round: { name: "RoundBackward0", grad: (g) => g.mul(0) },
  round_decimals: { name: "RoundBackward1", grad: (g) => g.mul(0) },
  trunc: { name: "TruncBackward0", grad: (g) => g.mul(0) },
  frac: { name: "FracBackward0", grad: (g) => g },
  gelu: {
    name: "GeluBackward0",
    grad: (g, x) => {
      const cdf = x.mul(Math.SQRT1_2).erf().add(1).mul(0.5);
      const pdf = x.mul(x).mul(-0.5).exp().mul(1 / Math.sqrt(2 * Math.PI));
      return g.mul(cdf.add(x.mul(pdf)));
    }
  },
  gelu_tanh: {
    name: "GeluBackward0",
    grad: (g, x) => {
      const inner = x.add(x.pow(3).mul(0.044715)).mul(SQRT_2_OVER_PI);
      const t2 = inner.tanh();
      const dinner = x.mul(x).mul(3 * 0.044715).add(1).mul(SQRT_2_OVER_PI);
      return g.mul(t2.add(1).mul(0.5).add(x.mul(0.5).mul(t2.mul(t2).neg().add(1)).mul(dinner)));
    }
  },
  silu: {
    name: "SiluBackward0",
    grad: (g, x) => {
      const s = x.sigmoid();
      return g.mul(s.mul(x.mul(s.neg().add(1)).add(1)));
    }
  },
  mish: {
    name: "MishBackward0",
    grad: (g, x) => {
      const tsp = unary("softplus", x, 1, 20).tanh();
      return g.mul(tsp.add(x.mul(x.sigmoid()).mul(tsp.mul(tsp).neg().add(1))));
    }
  },
  softplus: {
    name: "SoftplusBackward0",
    grad: (g, x, _y, p) => {
      const z = x.mul(p[0]);
      return where(z.gt(p[1]), g, g.mul(z.sigmoid()));
    }
  },
  elu: {
    name: "EluBackward0",
    grad: (g, x, y, p) => where(x.gt(0), g.mul(p[1]), g.mul(y.add(p[0] * p[1]).mul(p[2])))
  },
  selu: {
    name: "EluBackward0",
    grad: (g, x, y) => {
      const alpha = 1.6732632423543772, scale = 1.0507009873554805;
      return where(x.gt(0), g.mul(scale), g.mul(y.add(alpha * scale)));
    }
  },
  celu: { name: "EluBackward0", grad: (g, x, _y, p) => where(x.gt(0), g, g.mul(x.div(p[0]).exp())) },
  leaky_relu: { name: "LeakyReluBackward0", grad: (g, x, _y, p) => where(x.gt(0), g, g.mul(p[0])) },
  hardtanh: { name: "HardtanhBackward0", grad: (g, x, _y, p) => where(x.gt(p[0]).logicalAnd(x.lt(p[1])), g, 0) },
  hardswish: {
    name: "HardswishBackward0",
    grad: (g, x) => where(x.lt(-3), 0, where(x.le(3), g.mul(x.mul(2).add(3).div(6)), g))
  },
  hardsigmoid: { name: "HardsigmoidBackward0", grad: (g, x) => where(x.gt(-3).logicalAnd(x.lt(3)), g.div(6), 0) },
  softsign: { name: "DivBackward0", grad: (g, x) => g.div(x.abs().add(1).square()) },
  tanhshrink: { name: "SubBackward0", grad: (g, x) => g.mul(x.tanh().square()) },
  threshold: { name: "ThresholdBackward0", grad: (g, x, _y, p) => thresholdBackward(g, x, p[0]) },
  clamp: { name: "ClampBackward1", grad: (g, x, _y, p) => where(x.ge(p[0]).logicalAnd(x.le(p[1])), g, 0) },
  clamp_min: { name: "ClampMinBackward0", grad: (g, x, _y, p) => where(x.ge(p[0]), g, 0) },
  clamp_max: { name: "ClampMaxBackward0", grad: (g, x, _y, p) => where(x.le(p[0]), g, 0) },
  pow_scalar: {
    name: "PowBackward0",
    grad: (g, x, _y, p) => p[0] === 0 ? g.mul(0) : g.mul(x.pow(p[0] - 1).mul(p[0]))
  },
  rpow_scalar: { name: "PowBackward1", grad: (g, _x, y, p) => g.mul(y.mul(Math.log(p[0]))) },
  nan_to_num: { name: "NanToNumBackward0", grad: (g, x) => where(x.isfinite(), g, 0) },
  hardshrink: { name: "HardshrinkBackward0", grad: (g, x, _y, p) => where(x.abs().gt(p[0]), g, 0) },
  softshrink: { name: "SoftshrinkBackward0", grad: (g, x, _y, p) => where(x.abs().gt(p[0]), g, 0) }
};
function fusedBackward(op, g, y, composed, p = 0) {
  if (isGradEnabled()) return composed(g, y);
  const dtype = promoteTypes(g.dtype, y.dtype);
  return binaryKernel(op, g, y, dtype, dtype, p);
}
function thresholdBackward(g, x, threshold2) {
  return fusedBackward("threshold_backward", g, x, (gg, xx) => where(xx.gt(threshold2), gg, 0), threshold2);
}
function unary(op, x, p0 = 0, p1 = 0, p2 = 0) {
  let input = x;
  if (!INTEGER_OK.has(op) && !isFloatingPoint(x.dtype)) input = x.to(getDefaultDtype());
  if (op === "neg" && x.dtype === "bool")
    throw new Error("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.");
  const out2 = unaryKernel(op, input, input.dtype, p0, p1, p2);
  const def = UNARY2[op];
  if (def && x.requiresGrad) {
    const p = [p0, p1, p2];
    record(out2, def.name, [x], (g) => {
      if (!def.grad) throw new Error(`the derivative for '${op}' is not implemented.`);
      return [def.grad(g, input, out2, p)];
    }, [input, out2]);
  }
  return out2;
}
function predicate(op, x) {
  return unaryKernel(op, x.dtype === "float16" || x.dtype === "bfloat16" ? x.float() : x, "bool");
}
function checkAlpha(dtype, alpha) {
  if (!isFloatingPoint(dtype) && !Number.isInteger(alpha))
    throw new Error("For integral input tensors, argument alpha must not be a floating point number.");
}
function add2(a, b, opts) {
  const alpha = opts?.alpha ?? 1;
  const dtype = resultType(a, b);
  checkAlpha(dtype, alpha);
  const out2 = binaryKernel("add", a, b, dtype, dtype, alpha);
  if (a instanceof Tensor && a._requiresGrad || b instanceof Tensor && b._requiresGrad) {
    const ta = toTensor(a, out2), tb = toTensor(b, out2);
    record(out2, "AddBackward0", [ta, tb], (g, needs) => [
      needs[0] ? reduceGrad(g, ta._shape) : null,
      needs[1] ? reduceGrad(alpha === 1 ? g : g.mul(alpha), tb._shape) : null
    ]);
  }
  return out2;
}
function sub2(a, b, opts) {
  const alpha = opts?.alpha ?? 1;
  const dtype = resultType(a, b);
  if (dtype === "bool")
    throw new Error("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.");
  checkAlpha(dtype, alpha);
  const out2 = binaryKernel("sub", a, b, dtype, dtype, alpha);
  if (a instanceof Tensor && a._requiresGrad || b instanceof Tensor && b._requiresGrad) {
    const ta = toTensor(a, out2), tb = toTensor(b, out2);
    record(out2, a instanceof Tensor ? "SubBackward0" : "RsubBackward1", [ta, tb], (g, needs) => [
      needs[0] ? reduceGrad(g, ta._shape) : null,
      needs[1] ? reduceGrad(g.mul(-alpha), tb._shape) : null
    ]);
  }
  return out2;
}
function mul(a, b) {
  const dtype = resultType(a, b);
  const out2 = binaryKernel("mul", a, b, dtype, dtype);
  if (a instanceof Tensor && a._requiresGrad || b instanceof Tensor && b._requiresGrad) {
    const ta = toTensor(a, out2), tb = toTensor(b, out2);
    record(out2, "MulBackward0", [ta, tb], (g, needs) => [
      needs[0] ? reduceGrad(g.mul(b instanceof Tensor ? tb : Number(b)), ta._shape) : null,
      needs[1] ? reduceGrad(g.mul(a instanceof Tensor ? ta : Number(a)), tb._shape) : null
    ], [ta, tb]);
  }
  return out2;
}
function div(a, b, opts) {
  const mode = opts?.roundingMode ?? null;
  let dtype = resultType(a, b);
  if (mode === null) {
    if (!isFloatingPoint(dtype)) dtype = getDefaultDtype();
    const out3 = binaryKernel("div", a, b, dtype, dtype);
    if (a instanceof Tensor && a._requiresGrad || b instanceof Tensor && b._requiresGrad) {
      const ta = toTensor(a, out3), tb = toTensor(b, out3);
      record(out3, "DivBackward0", [ta, tb], (g, needs) => [
        needs[0] ? reduceGrad(g.div(b instanceof Tensor ? tb : Number(b)), ta._shape) : null,
        needs[1] ? reduceGrad(g.mul(ta).div(tb.mul(tb)).neg(), tb._shape) : null
      ], [ta, tb]);
    }
    return out3;
  }
  if (dtype === "bool") dtype = "int64";
  const out2 = binaryKernel(mode === "trunc" ? "div_trunc" : "div_floor", a, b, dtype, dtype);
  if (a instanceof Tensor && a._requiresGrad || b instanceof Tensor && b._requiresGrad) {
    const ta = toTensor(a, out2), tb = toTensor(b, out2);
    record(out2, "DivBackward2", [ta, tb], (g) => [reduceGrad(g.mul(0), ta._shape), reduceGrad(g.mul(0), tb._shape)]);
  }
  return out2;
}
function remainder(a, b) {
  const dtype = resultType(a, b);
  const out2 = binaryKernel("remainder", a, b, dtype, dtype);
  if (a instanceof Tensor && a._requiresGrad || b instanceof Tensor && b._requiresGrad) {
    const ta = toTensor(a, out2), tb = toTensor(b, out2);
    record(out2, "RemainderBackward0", [ta, tb], (g, needs) => [
      needs[0] ? reduceGrad(g, ta._shape) : null,
      needs[1] ? reduceGrad(g.mul(ta.div(tb, { roundingMode: "floor" })).neg(), tb._shape) : null
    ], [ta, tb]);
  }
  return out2;
}
function fmod(a, b) {
  const dtype = resultType(a, b);
  const out2 = binaryKernel("fmod", a, b, dtype, dtype);
  if (a instanceof Tensor && a._requiresGrad || b instanceof Tensor && b._requiresGrad) {
    const ta = toTensor(a, out2), tb = toTensor(b, out2);
    record(out2, "FmodBackward0", [ta, tb], (g, needs) => [
      needs[0] ? reduceGrad(g, ta._shape) : null,
      needs[1] ? reduceGrad(g.mul(ta.div(tb, { roundingMode: "trunc" })).neg(), tb._shape) : null
    ], [ta, tb]);
  }
  return out2;
}
function pow(a, b) {
  if (a instanceof Tensor && !(b instanceof Tensor)) {
    const e = Number(b);
    const dtype2 = resultType(a, b);
    if (dtype2 !== a.dtype) return unary("pow_scalar", a.to(dtype2), e);
    return unary("pow_scalar", a, e);
  }
  if (!(a instanceof Tensor) && b instanceof Tensor) {
    const dtype2 = resultType(a, b);
    const base = Number(a);
    const x = isFloatingPoint(dtype2) ? cast(b, dtype2) : b.to(getDefaultDtype());
    const out3 = unaryKernel("rpow_scalar", x, x.dtype, base);
    if (b._requiresGrad) record(out3, "PowBackward1", [b], (g) => [g.mul(out3).mul(Math.log(base))], [out3]);
    return isFloatingPoint(dtype2) ? out3 : out3.to(dtype2);
  }
  const ta = a, tb = b;
  const dtype = resultType(ta, tb);
  const out2 = binaryKernel("pow", ta, tb, dtype, dtype);
  if (ta._requiresGrad || tb._requiresGrad) {
    record(out2, "PowBackward1", [ta, tb], (g, needs) => [
      // matches PyTorch: 0 where the exponent is 0 (not 0 * 0^-1 = nan at a zero base)
      needs[0] ? reduceGrad(where(tb.eq(0), 0, g.mul(tb).mul(ta.pow(tb.sub(1)))), ta._shape) : null,
      // matches PyTorch: the exponent's gradient is 0 where base == 0 and exponent >= 0
      needs[1] ? reduceGrad(where(ta.eq(0).logicalAnd(tb.ge(0)), 0, g.mul(out2).mul(ta.log())), tb._shape) : null
    ], [ta, tb, out2]);
  }
  return out2;
}
function binaryFloat(op, name, a, b, grad) {
  let dtype = resultType(a, b);
  if (!isFloatingPoint(dtype)) dtype = getDefaultDtype();
  const out2 = binaryKernel(op, a, b, dtype, dtype);
  if (a._requiresGrad || b instanceof Tensor && b._requiresGrad) {
    const tb = toTensor(b, out2);
    record(out2, name, [a, tb], (g) => {
      const [ga, gb] = grad(g, a, tb, out2);
      return [reduceGrad(ga, a._shape), reduceGrad(gb, tb._shape)];
    }, [a, tb, out2]);
  }
  return out2;
}
function atan2(a, b) {
  return binaryFloat("atan2", "Atan2Backward0", a, b, (g, x, y) => {
    const d = x.mul(x).add(y.mul(y));
    return [g.mul(y).div(d), g.mul(x).neg().div(d)];
  });
}
function hypot(a, b) {
  return binaryFloat("hypot", "HypotBackward0", a, b, (g, x, y, out2) => [g.mul(x).div(out2), g.mul(y).div(out2)]);
}
function copysign(a, b) {
  return binaryFloat("copysign", "CopysignBackward0", a, b, (g, x, _y, out2) => [
    where(x.eq(0), 0, g.mul(out2.div(x))),
    g.mul(0)
  ]);
}
function xlogy(a, b) {
  return binaryFloat("xlogy", "XlogyBackward0", a, b, (g, x, y) => [
    where(x.eq(0).logicalAnd(y.isnan().logicalNot()), 0, g.mul(y.log())),
    g.mul(x).div(y)
  ]);
}
function minMax(op, a, b) {
  const dtype = resultType(a, b);
  const out2 = binaryKernel(op, a, b, dtype, dtype);
  if (a._requiresGrad || b._requiresGrad) {
    const name = { maximum: "MaximumBackward0", minimum: "MinimumBackward0", fmax: "FmaxBackward0", fmin: "FminBackward0" }[op];
    const isMax = op === "maximum" || op === "fmax";
    record(out2, name, [a, b], (g) => {
      const aWins = isMax ? a.gt(b) : a.lt(b);
      const tie = a.eq(b);
      const half = g.mul(0.5);
      const ga = where(aWins, g, where(tie, half, 0));
      const gb = where(aWins, 0, where(tie, half, g));
      return [reduceGrad(ga, a._shape), reduceGrad(gb, b._shape)];
    }, [a, b]);
  }
  return out2;
}
var maximum = (a, b) => minMax("maximum", a, b);
var minimum = (a, b) => minMax("minimum", a, b);
var fmax = (a, b) => minMax("fmax", a, b);
var fmin = (a, b) => minMax("fmin", a, b);
function lerp(start, end, weight) {
  return add2(start, mul(sub2(end, start), weight));
}
function addcmul(input, t1, t2, opts) {
  return add2(input, mul(t1, t2), { alpha: opts?.value ?? 1 });
}
function addcdiv(input, t1, t2, opts) {
  return add2(input, div(t1, t2), { alpha: opts?.value ?? 1 });
}
function compare(op, a, b) {
  return binaryKernel(op, a, b, resultType(a, b), "bool");
}
function bitwise(op, a, b) {
  const dtype = resultType(a, b);
  if (isFloatingPoint(dtype)) throw new Error(`"${op}_cpu" not implemented for '${dtype === "float64" ? "Double" : "Float"}'`);
  return binaryKernel(op, a, b, dtype, dtype);
}
function equal(a, b) {
  if (!sameShape(a._shape, b._shape)) return false;
  return Boolean(compare("eq", a, b).all().item());
}
function where(condition, a, b) {
  if (condition.dtype !== "bool") condition = condition.ne(0);
  const dtype = resultType(a, b);
  let shape = condition._shape;
  if (a instanceof Tensor) shape = broadcastShapes(shape, a._shape);
  if (b instanceof Tensor) shape = broadcastShapes(shape, b._shape);
  const device = a instanceof Tensor ? a.device : b instanceof Tensor ? b.device : condition.device;
  const out2 = empty(shape, dtype, device);
  if (out2.numel() > 0) {
    const oa = a instanceof Tensor ? broadcastOperand(cast(a, dtype), shape) : Number(a);
    const ob = b instanceof Tensor ? broadcastOperand(cast(b, dtype), shape) : Number(b);
    backendFor(device).where(out2, broadcastOperand(condition, shape), oa, ob);
  }
  if (a instanceof Tensor && a._requiresGrad || b instanceof Tensor && b._requiresGrad) {
    const ta = toTensor(a, out2), tb = toTensor(b, out2);
    record(out2, "WhereBackward0", [ta, tb], (g, needs) => [
      needs[0] ? reduceGrad(where(condition, g, 0), ta._shape) : null,
      needs[1] ? reduceGrad(where(condition, 0, g), tb._shape) : null
    ]);
  }
  return out2;
}
function clamp(x, min, max) {
  const hasMin = min !== void 0 && min !== null, hasMax = max !== void 0 && max !== null;
  if (!hasMin && !hasMax) throw new Error("torch.clamp: At least one of 'min' or 'max' must not be None");
  if (min instanceof Tensor || max instanceof Tensor) {
    let r = x;
    if (hasMin) r = maximum(r, min instanceof Tensor ? min : scalarTensor(min, x.dtype));
    if (hasMax) r = minimum(r, max instanceof Tensor ? max : scalarTensor(max, x.dtype));
    return r;
  }
  const dtype = resultType(x, ...hasMin ? [min] : [], ...hasMax ? [max] : []);
  const input = cast(x, dtype);
  if (hasMin && hasMax) return unary("clamp", input, min, max);
  if (hasMin) return unary("clamp_min", input, min);
  return unary("clamp_max", input, max);
}
function nanToNum(x, opts) {
  if (!isFloatingPoint(x.dtype)) return x.clone();
  const big = x.dtype === "float64" ? Number.MAX_VALUE : x.dtype === "float16" ? 65504 : 34028234663852886e22;
  return unary("nan_to_num", x, opts?.nan ?? 0, opts?.posinf ?? big, opts?.neginf ?? -big);
}
function maskedFill(x, mask, value) {
  if (mask.dtype !== "bool") throw new Error(`masked_fill_ only supports boolean masks, but got mask with dtype ${mask.dtype === "uint8" ? "unsigned char" : mask.dtype}`);
  if (value instanceof Tensor && value.ndim !== 0)
    throw new Error(`masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ${value.ndim} dimension(s).`);
  const v = value instanceof Tensor ? value.to(x.dtype) : Number(value);
  const out2 = where(mask, v, x);
  return sameShape(out2._shape, x._shape) ? out2 : (() => {
    throw new Error(`The size of tensor a (${mask.shape.join(", ")}) must match the size of tensor b (${x.shape.join(", ")})`);
  })();
}
function checkInplace(self) {
  if (isGradEnabled() && self.isLeaf && self._requiresGrad)
    throw new Error("a leaf Variable that requires grad is being used in an in-place operation.");
}
var CAST_NAMES = {
  float32: "Float",
  float64: "Double",
  float16: "Half",
  bfloat16: "BFloat16",
  int8: "Char",
  uint8: "Byte",
  int16: "Short",
  int32: "Int",
  int64: "Long",
  bool: "Bool"
};
function inplaceSource(self, ...others) {
  if (!isGradEnabled()) return self;
  if (self._requiresGrad || others.some((o) => o instanceof Tensor && o._requiresGrad)) return self.clone();
  return self;
}
function inplace(self, result, name) {
  checkInplace(self);
  if (category(result.dtype) > category(self.dtype))
    throw new Error(`result type ${CAST_NAMES[result.dtype]} can't be cast to the desired output type ${CAST_NAMES[self.dtype]}`);
  if (!sameShape(result._shape, self._shape))
    throw new Error(`output with shape [${self.shape.join(", ")}] doesn't match the broadcast shape [${result.shape.join(", ")}]`);
  if (self.numel() > 0) backendFor(self.device).copy(self, result);
  self._bumpVersion();
  if (result._gradFn && isGradEnabled()) {
    if (self._base && self._base._requiresGrad)
      throw new Error(`${name}: in-place operations on views of tensors that require grad are not supported yet; use the out-of-place form`);
    self._setGradFn(result._gradFn);
  }
  return self;
}
function fill_(self, value) {
  checkInplace(self);
  if (value instanceof Tensor) {
    if (value.ndim !== 0) throw new Error(`fill_ only supports 0-dimension value tensor but got tensor with ${value.ndim} dimensions.`);
    value = value.item();
  }
  if (self.numel() > 0) backendFor(self.device).fill(self, Number(value));
  self._bumpVersion();
  if (self._requiresGrad && isGradEnabled() && !self.isLeaf) {
    record(self, "FillBackward0", [self], (g) => [g.zerosLike()]);
  }
  return self;
}
function copy_(self, src) {
  checkInplace(self);
  const shape = broadcastShapes(self._shape, src._shape);
  if (!sameShape(shape, self._shape))
    throw new Error(`output with shape [${self.shape.join(", ")}] doesn't match the broadcast shape [${shape.join(", ")}]`);
  let s = src;
  if (s.device !== self.device) s = s.to(self.device);
  if (self.numel() > 0) backendFor(self.device).copy(self, broadcastOperand(s, shape));
  self._bumpVersion();
  if (isGradEnabled() && (src._requiresGrad || self._requiresGrad)) {
    const srcShape = src._shape, srcDtype = src.dtype;
    record(self, "CopyBackwards", [self, src], (g, needs) => [
      needs[0] ? g.zerosLike() : null,
      needs[1] ? reduceGrad(cast(g, srcDtype), srcShape) : null
    ]);
  }
  return self;
}

// packages/core/src/threads.ts
function setNumThreads(n) {
  if (!Number.isInteger(n) || n < 1) throw new Error("set_num_threads expects a positive integer");
  native.setNumThreads(n);
}

// packages/core/src/index.ts
function broadcastShapes2(...shapes) {
  return shapes.reduce((a, b) => broadcastShapes(a, b), []);
}
function broadcastTensors(...tensors) {
  const shape = broadcastShapes2(...tensors.map((t2) => t2.shape));
  return tensors.map((t2) => t2.expand(shape));
}

// packages/nn/src/module.ts
import { inspect as inspect2 } from "node:util";

// packages/nn/src/parameter.ts
var Parameter = class extends Tensor {
  /** Wraps `data` (an empty float tensor when omitted) as a leaf parameter; shares its storage. */
  constructor(data, requiresGrad = true) {
    const d = data ?? emptyTensor(0);
    super(d._storage, [...d._shape], [...d._strides], d._offset, d.dtype);
    if (requiresGrad) this.requiresGrad = true;
  }
  /** PyTorch's `Parameter containing:\ntensor(...)`. */
  toString() {
    return "Parameter containing:\n" + super.toString();
  }
};

// packages/nn/src/module.ts
var hookId = 0;
var TYPE_NAMES = {
  float32: "torch.FloatTensor",
  float64: "torch.DoubleTensor",
  float16: "torch.HalfTensor",
  bfloat16: "torch.BFloat16Tensor",
  int8: "torch.CharTensor",
  uint8: "torch.ByteTensor",
  int16: "torch.ShortTensor",
  int32: "torch.IntTensor",
  int64: "torch.LongTensor",
  bool: "torch.BoolTensor"
};
function sizeString(shape) {
  return `torch.Size([${shape.join(", ")}])`;
}
function addIndent(s, n) {
  const lines = s.split("\n");
  if (lines.length === 1) return s;
  const first = lines.shift();
  return first + "\n" + lines.map((l) => " ".repeat(n) + l).join("\n");
}
function checkName(name, what, self) {
  if (typeof name !== "string") throw new TypeError(`${what} name should be a string. Got ${typeof name}`);
  if (name.includes(".")) throw new Error(`${what} name can't contain "."`);
  if (name === "") throw new Error(`${what} name can't be empty string ""`);
  void self;
}
var Module = class _Module {
  /** Training mode (`train()`/`eval()`); changes Dropout and BatchNorm behaviour. */
  training = true;
  constructor() {
    Object.defineProperty(this, "_state", {
      value: { members: /* @__PURE__ */ new Map(), nonPersistent: /* @__PURE__ */ new Set(), preHooks: /* @__PURE__ */ new Map(), fwdHooks: /* @__PURE__ */ new Map(), bwdHooks: /* @__PURE__ */ new Map(), wrapped: false },
      enumerable: false,
      writable: true
    });
    Object.defineProperty(this, "training", { value: true, enumerable: false, writable: true });
  }
  /** The computation; subclasses override it. */
  forward(..._args) {
    throw new Error(`Module [${this._getName()}] is missing the required "forward" function`);
  }
  // ---- registration ------------------------------------------------------------------------
  /** @internal Picks up members assigned as plain properties since the last look, in definition order. */
  _sync() {
    const members = this._state.members;
    const self = this;
    for (const k2 of Object.keys(this)) {
      if (members.has(k2)) continue;
      const v = self[k2];
      if (v instanceof Parameter) members.set(k2, "param");
      else if (v instanceof _Module) members.set(k2, "module");
    }
    for (const k2 of members.keys()) if (!(k2 in this)) members.delete(k2);
    return members;
  }
  _get(name) {
    return this[name];
  }
  _set(name, value) {
    this[name] = value;
  }
  /** Registers `param` (or a `null` slot) under `name`, as `this[name]`. */
  registerParameter(name, param) {
    checkName(name, "parameter", this);
    const members = this._sync();
    if (name in this && members.get(name) !== "param" && !(members.get(name) === void 0 && this._get(name) == null))
      throw new Error(`attribute '${name}' already exists`);
    if (param !== null && !(param instanceof Parameter)) {
      const t2 = param;
      const tn = t2 instanceof Tensor ? TYPE_NAMES[t2.dtype] : typeof t2;
      throw new TypeError(`cannot assign '${tn}' object to parameter '${name}' (torch.nn.Parameter or None required)`);
    }
    if (param !== null && !param.isLeaf)
      throw new Error(`Cannot assign non-leaf Tensor to parameter '${name}'. Model parameters must be created explicitly.`);
    if (!members.has(name)) members.set(name, "param");
    this._set(name, param);
  }
  /**
   * Registers a buffer: state that is not a parameter but belongs in the state dict (unless
   * `persistent: false`) and moves with the module, like BatchNorm's `running_mean`.
   */
  registerBuffer(name, tensor2, opts = {}) {
    checkName(name, "buffer", this);
    const members = this._sync();
    if (name in this && members.get(name) !== "buffer" && !(members.get(name) === void 0 && this._get(name) == null))
      throw new Error(`attribute '${name}' already exists`);
    if (tensor2 !== null && !(tensor2 instanceof Tensor))
      throw new TypeError(`cannot assign '${typeof tensor2}' object to buffer '${name}' (torch Tensor or None required)`);
    if (!members.has(name)) members.set(name, "buffer");
    if (opts.persistent === false) this._state.nonPersistent.add(name);
    else this._state.nonPersistent.delete(name);
    this._set(name, tensor2);
  }
  /** Registers a child module (or a `null` slot) under `name`, as `this[name]`. */
  addModule(name, module) {
    if (typeof name !== "string") throw new TypeError(`module name should be a string. Got ${typeof name}`);
    if (name.includes(".")) throw new Error(`module name can't contain ".", got: ${name}`);
    if (name === "") throw new Error(`module name can't be empty string ""`);
    if (module !== null && !(module instanceof _Module)) throw new TypeError(`${typeof module} is not a Module subclass`);
    const members = this._sync();
    if (name in this && members.get(name) !== "module" && !(members.get(name) === void 0 && this._get(name) == null))
      throw new Error(`attribute '${name}' already exists`);
    if (!members.has(name)) members.set(name, "module");
    this._set(name, module);
  }
  /** Alias of {@link addModule}. */
  registerModule(name, module) {
    this.addModule(name, module);
  }
  /** @internal Removes a member and its property (PyTorch's `del module._parameters[name]`). */
  _removeMember(name) {
    this._state.members.delete(name);
    this._state.nonPersistent.delete(name);
    delete this[name];
  }
  /** @internal own members of one kind, in order, nulls included */
  _own(kind) {
    const out2 = [];
    for (const [k2, kd] of this._sync()) {
      if (kd !== kind) continue;
      const v = this._get(k2);
      if (kind === "param" && v !== null && !(v instanceof Parameter)) continue;
      if (kind === "buffer" && v !== null && !(v instanceof Tensor)) continue;
      out2.push([k2, v]);
    }
    return out2;
  }
  // ---- traversal ---------------------------------------------------------------------------
  /** Direct submodules with their names (null slots and repeats skipped). */
  namedChildren() {
    const seen = /* @__PURE__ */ new Set();
    const out2 = [];
    for (const [k2, m] of this._own("module")) {
      if (m instanceof _Module && !seen.has(m)) {
        seen.add(m);
        out2.push([k2, m]);
      }
    }
    return out2;
  }
  children() {
    return this.namedChildren().map(([, m]) => m);
  }
  /** This module and all below it, with dotted names ('' for this one), each once. */
  namedModules(opts = {}) {
    const memo = opts.memo ?? /* @__PURE__ */ new Set();
    const prefix = opts.prefix ?? "";
    const removeDuplicate = opts.removeDuplicate ?? true;
    const out2 = [];
    const visit = (m, p) => {
      if (removeDuplicate) {
        if (memo.has(m)) return;
        memo.add(m);
      }
      out2.push([p, m]);
      for (const [k2, c] of m._own("module")) if (c instanceof _Module) visit(c, p ? `${p}.${k2}` : k2);
    };
    visit(this, prefix);
    return out2;
  }
  modules() {
    return this.namedModules().map(([, m]) => m);
  }
  _namedMembers(kind, prefix, recurse, removeDuplicate) {
    const mods = recurse ? this.namedModules({ prefix, removeDuplicate }) : [[prefix, this]];
    const seen = /* @__PURE__ */ new Set();
    const out2 = [];
    for (const [mp, m] of mods) {
      for (const [k2, v] of m._own(kind)) {
        if (!(v instanceof Tensor)) continue;
        if (removeDuplicate) {
          if (seen.has(v)) continue;
          seen.add(v);
        }
        out2.push([mp ? `${mp}.${k2}` : k2, v]);
      }
    }
    return out2;
  }
  /** `[name, parameter]` pairs, own first then submodules' (`'fc1.weight'`), each parameter once. */
  namedParameters(opts = {}) {
    return this._namedMembers("param", opts.prefix ?? "", opts.recurse ?? true, opts.removeDuplicate ?? true);
  }
  /** All parameters (for an optimizer): `model.parameters()`. */
  parameters(recurse = true) {
    const r = typeof recurse === "boolean" ? recurse : recurse.recurse ?? true;
    return this.namedParameters({ recurse: r }).map(([, p]) => p);
  }
  namedBuffers(opts = {}) {
    return this._namedMembers("buffer", opts.prefix ?? "", opts.recurse ?? true, opts.removeDuplicate ?? true);
  }
  buffers(recurse = true) {
    const r = typeof recurse === "boolean" ? recurse : recurse.recurse ?? true;
    return this.namedBuffers({ recurse: r }).map(([, b]) => b);
  }
  /** The submodule at a dotted path (`'layer1.0.conv1'`). */
  getSubmodule(target) {
    if (target === "") return this;
    let mod = this;
    for (const item of target.split(".")) {
      const next = mod._get(item);
      if (!(next instanceof _Module)) {
        if (next === void 0) throw new Error(`${mod._getName()} has no attribute \`${item}\``);
        throw new Error(`\`${item}\` is not an nn.Module`);
      }
      mod = next;
    }
    return mod;
  }
  /** The parameter at a dotted path (`'fc.weight'`). */
  getParameter(target) {
    const i = target.lastIndexOf(".");
    const mod = this.getSubmodule(i < 0 ? "" : target.slice(0, i));
    const name = target.slice(i + 1);
    const p = mod._get(name);
    if (p === void 0) throw new Error(`${mod._getName()} has no attribute \`${name}\``);
    if (!(p instanceof Parameter)) throw new Error(`\`${name}\` is not an nn.Parameter`);
    return p;
  }
  /** The buffer at a dotted path (`'bn.running_mean'`). */
  getBuffer(target) {
    const i = target.lastIndexOf(".");
    const mod = this.getSubmodule(i < 0 ? "" : target.slice(0, i));
    const name = target.slice(i + 1);
    if (mod._sync().get(name) !== "buffer") throw new Error(`\`${name}\` is not a buffer`);
    return mod._get(name);
  }
  // ---- modes and in-place changes ----------------------------------------------------------
  /** Sets training mode on this module and all below it. */
  train(mode = true) {
    if (typeof mode !== "boolean") throw new Error("training mode is expected to be boolean");
    this.training = mode;
    for (const c of this.children()) c.train(mode);
    return this;
  }
  /** `train(false)`. */
  eval() {
    return this.train(false);
  }
  /** Sets `requiresGrad` on every parameter. */
  requiresGrad_(requiresGrad = true) {
    for (const p of this.parameters()) p.requiresGrad_(requiresGrad);
    return this;
  }
  /** Clears the gradients of all parameters (to `null` by default, as PyTorch 2 does). */
  zeroGrad(opts = {}) {
    const setToNone = opts.setToNone ?? true;
    for (const p of this.parameters()) {
      if (!p.grad) continue;
      if (setToNone) p.grad = null;
      else {
        const g = p.grad;
        if (g.gradFn) p.grad = g.detach();
        else g.requiresGrad_(false);
        p.grad.zero_();
      }
    }
  }
  /** Calls `fn` on every submodule (children first) and then on this module. */
  apply(fn) {
    for (const c of this.children()) c.apply(fn);
    fn(this);
    return this;
  }
  /**
   * Converts parameters (in place, keeping each Parameter object, like PyTorch's
   * `param.data = fn(param)`) and buffers with `fn`, throughout the tree.
   */
  _apply(fn) {
    for (const c of this.children()) c._apply(fn);
    noGrad(() => {
      for (const [k2, p] of this._own("param")) {
        if (!(p instanceof Parameter)) continue;
        const np = fn(p);
        if (np !== p) p._setData(np);
        if (p.grad) {
          const ng = fn(p.grad);
          if (ng !== p.grad) p.grad._setData(ng);
        }
        void k2;
      }
      for (const [k2, b] of this._own("buffer")) if (b instanceof Tensor) this._set(k2, fn(b));
    });
    return this;
  }
  /**
   * Moves and/or casts parameters and buffers: `to('cuda')`, `to('float64')`,
   * `to({ device, dtype })` or `to(tensor)`. Only floating-point tensors change dtype.
   */
  to(a, b) {
    let device, dtype;
    if (a instanceof Tensor) {
      device = a.device;
      dtype = a.dtype;
    } else if (typeof a === "object") {
      device = a.device;
      dtype = a.dtype;
    } else if (DTYPES.includes(a)) dtype = a;
    else device = a;
    if (b) dtype = b;
    if (dtype && !isFloatingPoint(dtype))
      throw new Error(`nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=${dtype}`);
    return this._apply((t2) => {
      let r = t2;
      if (device && r.device !== device) r = r.to(device);
      if (dtype && r.isFloatingPoint() && r.dtype !== dtype) r = r.to(dtype);
      return r;
    });
  }
  cuda(device = 0) {
    return this.to(`cuda:${device}`);
  }
  cpu() {
    return this.to("cpu");
  }
  _castFloat(dtype) {
    return this._apply((t2) => t2.isFloatingPoint() && t2.dtype !== dtype ? t2.to(dtype) : t2);
  }
  float() {
    return this._castFloat("float32");
  }
  double() {
    return this._castFloat("float64");
  }
  half() {
    return this._castFloat("float16");
  }
  bfloat16() {
    return this._castFloat("bfloat16");
  }
  // ---- state dict --------------------------------------------------------------------------
  /**
   * PyTorch's `state_dict()`: parameters and persistent buffers under dotted keys
   * (`fc1.weight`, `bn.running_mean`), own members first, then each submodule in order.
   * Values are detached aliases unless `keepVars`.
   */
  stateDict(opts = {}) {
    const dest = opts.destination ?? {};
    const prefix = opts.prefix ?? "";
    const keepVars = opts.keepVars ?? false;
    this._saveToStateDict(dest, prefix, keepVars);
    for (const [k2, m] of this._own("module")) if (m instanceof _Module) m.stateDict({ destination: dest, prefix: `${prefix}${k2}.`, keepVars });
    return dest;
  }
  /** @internal writes this module's own members (overridable, as PyTorch's `_save_to_state_dict`). */
  _saveToStateDict(dest, prefix, keepVars) {
    for (const [k2, p] of this._own("param")) if (p instanceof Tensor) dest[prefix + k2] = keepVars ? p : p.detach();
    for (const [k2, b] of this._own("buffer"))
      if (b instanceof Tensor && !this._state.nonPersistent.has(k2)) dest[prefix + k2] = keepVars ? b : b.detach();
  }
  /**
   * PyTorch's `load_state_dict`: copies values in place (converting dtype/device), matching
   * keys by dotted path. With `strict` (the default) missing or unexpected keys throw
   * PyTorch's "Error(s) in loading state_dict for ..." message; otherwise they are returned.
   */
  loadStateDict(stateDict, opts = {}) {
    const strict = opts.strict ?? true;
    const sd = stateDict instanceof Map ? Object.fromEntries(stateDict) : { ...stateDict };
    const missingKeys = [];
    const unexpectedKeys = [];
    const errors = [];
    const load = (m, prefix) => {
      m._loadFromStateDict(sd, prefix, missingKeys, unexpectedKeys, errors);
      for (const [k2, c] of m._own("module")) if (c instanceof _Module) load(c, `${prefix}${k2}.`);
    };
    load(this, "");
    if (strict) {
      if (unexpectedKeys.length) errors.unshift(`Unexpected key(s) in state_dict: ${unexpectedKeys.map((k2) => `"${k2}"`).join(", ")}. `);
      if (missingKeys.length) errors.unshift(`Missing key(s) in state_dict: ${missingKeys.map((k2) => `"${k2}"`).join(", ")}. `);
    }
    if (errors.length) throw new Error(`Error(s) in loading state_dict for ${this._getName()}:
	${errors.join("\n	")}`);
    return { missingKeys, unexpectedKeys };
  }
  /** @internal loads this module's own members (overridable, as PyTorch's `_load_from_state_dict`). */
  _loadFromStateDict(sd, prefix, missing, unexpected, errors) {
    const local = /* @__PURE__ */ new Map();
    for (const [k2, p] of this._own("param")) if (p instanceof Tensor) local.set(k2, p);
    for (const [k2, b] of this._own("buffer")) if (b instanceof Tensor && !this._state.nonPersistent.has(k2)) local.set(k2, b);
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
      const sameShape2 = input.ndim === param.ndim && input.shape.every((s, i) => s === param.shape[i]);
      if (!sameShape2) {
        errors.push(`size mismatch for ${key}: copying a param with shape ${sizeString(input.shape)} from checkpoint, the shape in current model is ${sizeString(param.shape)}.`);
        continue;
      }
      try {
        noGrad(() => param.copy_(input));
      } catch (e) {
        errors.push(`While copying the parameter named "${key}", whose dimensions in the model are ${sizeString(param.shape)} and whose dimensions in the checkpoint are ${sizeString(input.shape)}, an exception occurred : (${e.message}).`);
      }
    }
    const childNames = new Set(this._own("module").map(([k2]) => k2));
    for (const key of Object.keys(sd)) {
      if (!key.startsWith(prefix)) continue;
      const inputName = key.slice(prefix.length).split(".", 1)[0];
      if (!childNames.has(inputName) && !local.has(inputName)) unexpected.push(key);
    }
  }
  // ---- hooks and the call ------------------------------------------------------------------
  /** Replaces `forward` on this instance by a wrapper that runs the hooks around the original. */
  _wrapForward() {
    if (this._state.wrapped) return;
    this._state.wrapped = true;
    const original = this.forward;
    Object.defineProperty(this, "forward", {
      value: (...args) => this._callWithHooks(original, args),
      enumerable: false,
      writable: true,
      configurable: true
    });
  }
  _callWithHooks(original, args) {
    const st = this._state;
    for (const h of [...st.preHooks.values()]) {
      const r = h(this, args);
      if (r !== void 0) args = Array.isArray(r) ? r : [r];
    }
    const useBwd = st.bwdHooks.size > 0 && isGradEnabled();
    let bwd = null;
    if (useBwd) {
      bwd = new FullBackwardState(this, [...st.bwdHooks.values()]);
      args = bwd.wrapInputs(args);
    }
    let out2 = original.apply(this, args);
    for (const h of [...st.fwdHooks.values()]) {
      const r = h(this, args, out2);
      if (r !== void 0) out2 = r;
    }
    if (bwd) bwd.watchOutput(out2);
    return out2;
  }
  _addHook(map, hook) {
    this._wrapForward();
    const id = hookId++;
    map.set(id, hook);
    return { remove: () => void map.delete(id) };
  }
  /** Registers `hook(module, inputs)`, run before each `forward` call; it may return new inputs. */
  registerForwardPreHook(hook) {
    return this._addHook(this._state.preHooks, hook);
  }
  /** Registers `hook(module, inputs, output)`, run after each `forward` call; it may return a new output. */
  registerForwardHook(hook) {
    return this._addHook(this._state.fwdHooks, hook);
  }
  /**
   * Registers `hook(module, gradInput, gradOutput)`, called when the gradients with respect
   * to the module's tensor inputs have been computed; it may return replacement `gradInput`.
   */
  registerFullBackwardHook(hook) {
    return this._addHook(this._state.bwdHooks, hook);
  }
  // ---- printing ----------------------------------------------------------------------------
  /** @internal the class name shown in the repr */
  _getName() {
    return this.constructor.name;
  }
  /** The layer's own settings shown inside its repr, e.g. `in_features=10, out_features=5, bias=True`. */
  extraRepr() {
    return "";
  }
  /** PyTorch's module repr, nested children indented. */
  toString() {
    const extra = this.extraRepr();
    const extraLines = extra ? extra.split("\n") : [];
    const childLines = [];
    for (const [k2, m] of this._own("module")) {
      const s = m instanceof _Module ? m.toString() : "None";
      childLines.push(`(${k2}): ${addIndent(s, 2)}`);
    }
    const lines = [...extraLines, ...childLines];
    let main = this._getName() + "(";
    if (lines.length) {
      if (extraLines.length === 1 && childLines.length === 0) main += extraLines[0];
      else main += "\n  " + lines.join("\n  ") + "\n";
    }
    return main + ")";
  }
  [inspect2.custom]() {
    return this.toString();
  }
};
var FullBackwardState = class {
  constructor(module, hooks) {
    this.module = module;
    this.hooks = hooks;
  }
  module;
  hooks;
  gradInputs = [];
  gradOutputs = [];
  pending = 0;
  tensorSlots = [];
  wrapInputs(args) {
    const out2 = args.slice();
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
        return void 0;
      });
      out2[i] = v;
    });
    return out2;
  }
  watchOutput(out2) {
    const outs = out2 instanceof Tensor ? [out2] : Array.isArray(out2) ? out2.filter((o) => o instanceof Tensor) : [];
    this.gradOutputs = outs.map(() => null);
    outs.forEach((o, i) => {
      if (!o.requiresGrad) return;
      o.registerHook((g) => {
        this.gradOutputs[i] = g;
        if (this.pending === 0) this.run();
        return void 0;
      });
    });
  }
  run() {
    let gradIn = this.gradInputs.length ? this.gradInputs : [null];
    let replaced;
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
};

// packages/nn/src/init.ts
function calculateGain(nonlinearity, param) {
  const linear2 = ["linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d"];
  if (linear2.includes(nonlinearity) || nonlinearity === "sigmoid") return 1;
  if (nonlinearity === "tanh") return 5 / 3;
  if (nonlinearity === "relu") return Math.sqrt(2);
  if (nonlinearity === "leaky_relu") {
    let slope = 0.01;
    if (param !== void 0 && param !== null) {
      if (typeof param !== "number" || Number.isNaN(param)) throw new Error(`negative_slope ${param} not a valid number`);
      slope = param;
    }
    return Math.sqrt(2 / (1 + slope * slope));
  }
  if (nonlinearity === "selu") return 3 / 4;
  throw new Error(`Unsupported nonlinearity ${nonlinearity}`);
}
function calculateFanInAndFanOut(tensor2) {
  if (tensor2.ndim < 2) throw new Error("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions");
  const receptive = tensor2.shape.slice(2).reduce((a, b) => a * b, 1);
  return [tensor2.shape[1] * receptive, tensor2.shape[0] * receptive];
}
function fan(tensor2, mode) {
  const m = mode === "fan_in" ? "fanIn" : mode === "fan_out" ? "fanOut" : mode;
  if (m !== "fanIn" && m !== "fanOut") throw new Error(`Mode ${mode} not supported, please use one of fan_in, fan_out`);
  const [fi, fo] = calculateFanInAndFanOut(tensor2);
  return m === "fanIn" ? fi : fo;
}
var noGrad2 = (fn) => noGrad(fn);
function uniform_(tensor2, a = 0, b = 1, opts = {}) {
  return noGrad2(() => tensor2.uniform_(a, b, opts));
}
function normal_(tensor2, mean2 = 0, std = 1, opts = {}) {
  return noGrad2(() => tensor2.normal_(mean2, std, opts));
}
function constant_(tensor2, val) {
  return noGrad2(() => tensor2.fill_(val));
}
function xavierUniform_(tensor2, gain = 1) {
  const [fi, fo] = calculateFanInAndFanOut(tensor2);
  const a = Math.sqrt(3) * gain * Math.sqrt(2 / (fi + fo));
  return uniform_(tensor2, -a, a);
}
function xavierNormal_(tensor2, gain = 1) {
  const [fi, fo] = calculateFanInAndFanOut(tensor2);
  return normal_(tensor2, 0, gain * Math.sqrt(2 / (fi + fo)));
}
function kaimingUniform_(tensor2, opts = {}) {
  if (tensor2.shape.includes(0)) return tensor2;
  const f = fan(tensor2, opts.mode ?? "fanIn");
  const gain = calculateGain(opts.nonlinearity ?? "leaky_relu", opts.a ?? 0);
  const bound = Math.sqrt(3) * (gain / Math.sqrt(f));
  return uniform_(tensor2, -bound, bound, { generator: opts.generator });
}

// packages/nn/src/functional/index.ts
var functional_exports = {};
__export(functional_exports, {
  _rnnLayerOp: () => rnnLayerOp,
  adaptiveAvgPool1d: () => adaptiveAvgPool1d,
  adaptiveAvgPool2d: () => adaptiveAvgPool2d,
  adaptiveMaxPool1d: () => adaptiveMaxPool1d,
  adaptiveMaxPool2d: () => adaptiveMaxPool2d,
  affineGrid: () => affineGrid,
  alphaDropout: () => alphaDropout,
  avgPool1d: () => avgPool1d,
  avgPool2d: () => avgPool2d,
  batchNorm: () => batchNorm,
  bilinear: () => bilinear,
  binaryCrossEntropy: () => binaryCrossEntropy,
  binaryCrossEntropyWithLogits: () => binaryCrossEntropyWithLogits,
  celu: () => celu,
  conv1d: () => conv1d,
  conv2d: () => conv2d,
  conv3d: () => conv3d,
  convNd: () => convNd,
  convTranspose1d: () => convTranspose1d,
  convTranspose2d: () => convTranspose2d,
  convTranspose3d: () => convTranspose3d,
  convTransposeNd: () => convTransposeNd,
  cosineEmbeddingLoss: () => cosineEmbeddingLoss,
  cosineSimilarity: () => cosineSimilarity,
  crossEntropy: () => crossEntropy,
  ctcLoss: () => ctcLoss,
  dropout: () => dropout,
  dropout1d: () => dropout1d,
  dropout2d: () => dropout2d,
  dropout3d: () => dropout3d,
  elu: () => elu,
  embedding: () => embedding,
  embeddingBag: () => embeddingBag,
  embeddingRenorm_: () => embeddingRenorm_,
  featureAlphaDropout: () => featureAlphaDropout,
  fold: () => fold,
  gaussianNllLoss: () => gaussianNllLoss,
  gelu: () => gelu,
  glu: () => glu,
  gridSample: () => gridSample,
  groupNorm: () => groupNorm,
  gumbelSoftmax: () => gumbelSoftmax,
  hardshrink: () => hardshrink,
  hardsigmoid: () => hardsigmoid,
  hardswish: () => hardswish,
  hardtanh: () => hardtanh,
  hingeEmbeddingLoss: () => hingeEmbeddingLoss,
  huberLoss: () => huberLoss,
  identity: () => identity,
  instanceNorm: () => instanceNorm,
  interpolate: () => interpolate,
  klDiv: () => klDiv,
  l1Loss: () => l1Loss,
  layerNorm: () => layerNorm,
  leakyRelu: () => leakyRelu,
  linear: () => linear,
  localResponseNorm: () => localResponseNorm,
  logSoftmax: () => logSoftmax,
  logsigmoid: () => logsigmoid,
  lpPool1d: () => lpPool1d,
  lpPool2d: () => lpPool2d,
  marginRankingLoss: () => marginRankingLoss,
  maxPool1d: () => maxPool1d,
  maxPool2d: () => maxPool2d,
  maxUnpool1d: () => maxUnpool1d,
  maxUnpool2d: () => maxUnpool2d,
  mish: () => mish,
  mseLoss: () => mseLoss,
  multiHeadAttentionForward: () => multiHeadAttentionForward,
  multilabelSoftMarginLoss: () => multilabelSoftMarginLoss,
  nllLoss: () => nllLoss,
  nnBackend: () => nnBackend,
  normalize: () => normalize,
  ntuple: () => ntuple,
  oneHot: () => oneHot,
  pad: () => pad,
  pairwiseDistance: () => pairwiseDistance,
  pdist: () => pdist,
  pixelShuffle: () => pixelShuffle,
  pixelUnshuffle: () => pixelUnshuffle,
  poissonNllLoss: () => poissonNllLoss,
  prelu: () => prelu,
  relu: () => relu,
  relu6: () => relu6,
  relu_: () => relu_,
  rrelu: () => rrelu,
  scaledDotProductAttention: () => scaledDotProductAttention,
  selu: () => selu,
  sigmoid: () => sigmoid,
  silu: () => silu,
  smoothL1Loss: () => smoothL1Loss,
  softMarginLoss: () => softMarginLoss,
  softmax: () => softmax2,
  softmin: () => softmin,
  softplus: () => softplus,
  softshrink: () => softshrink,
  softsign: () => softsign,
  tanh: () => tanh,
  tanhshrink: () => tanhshrink,
  threshold: () => threshold,
  tripletMarginLoss: () => tripletMarginLoss,
  unfold: () => unfold2,
  upsample: () => upsample
});

// packages/nn/src/functional/activation.ts
function pointwise(op, x, inplace2, p0 = 0, p1 = 0, p2 = 0) {
  const r = unary(op, x, p0, p1, p2);
  return inplace2 ? inplace(x, r, `${op}_`) : r;
}
function relu(x, opts = {}) {
  return pointwise("relu", x, opts.inplace ?? false);
}
var relu_ = (x) => relu(x, { inplace: true });
function relu6(x, opts = {}) {
  return pointwise("hardtanh", x, opts.inplace ?? false, 0, 6);
}
function leakyRelu(x, negativeSlope = 0.01, inplace2 = false) {
  if (typeof negativeSlope === "object") return leakyRelu(x, negativeSlope.negativeSlope ?? 0.01, negativeSlope.inplace ?? false);
  return pointwise("leaky_relu", x, inplace2, negativeSlope);
}
function elu(x, alpha = 1, inplace2 = false) {
  if (typeof alpha === "object") return elu(x, alpha.alpha ?? 1, alpha.inplace ?? false);
  return pointwise("elu", x, inplace2, alpha, 1, 1);
}
function selu(x, opts = {}) {
  return pointwise("selu", x, opts.inplace ?? false);
}
function celu(x, alpha = 1, inplace2 = false) {
  if (typeof alpha === "object") return celu(x, alpha.alpha ?? 1, alpha.inplace ?? false);
  if (alpha === 0) throw new Error("ZeroDivisionError: alpha cannot be 0 for CELU");
  return pointwise("celu", x, inplace2, alpha);
}
function gelu(x, opts = {}) {
  const a = opts.approximate ?? "none";
  if (a !== "none" && a !== "tanh") throw new Error(`approximate argument must be either none or tanh.`);
  return unary(a === "tanh" ? "gelu_tanh" : "gelu", x);
}
function silu(x, opts = {}) {
  return pointwise("silu", x, opts.inplace ?? false);
}
function mish(x, opts = {}) {
  return pointwise("mish", x, opts.inplace ?? false);
}
var sigmoid = (x) => x.sigmoid();
var tanh = (x) => x.tanh();
function softplus(x, beta = 1, threshold2 = 20) {
  if (typeof beta === "object") return softplus(x, beta.beta ?? 1, beta.threshold ?? 20);
  return unary("softplus", x, beta, threshold2);
}
var softsign = (x) => unary("softsign", x);
function hardswish(x, opts = {}) {
  return pointwise("hardswish", x, opts.inplace ?? false);
}
function hardsigmoid(x, opts = {}) {
  return pointwise("hardsigmoid", x, opts.inplace ?? false);
}
function hardtanh(x, minVal = -1, maxVal = 1, inplace2 = false) {
  if (typeof minVal === "object") return hardtanh(x, minVal.minVal ?? -1, minVal.maxVal ?? 1, minVal.inplace ?? false);
  if (maxVal < minVal) throw new Error("max_val cannot be less than min_val");
  return pointwise("hardtanh", x, inplace2, minVal, maxVal);
}
var tanhshrink = (x) => unary("tanhshrink", x);
function threshold(x, thresholdValue, value, inplace2 = false) {
  return pointwise("threshold", x, inplace2, thresholdValue, value);
}
var hardshrink = (x, lambd = 0.5) => unary("hardshrink", x, lambd);
function softshrink(x, lambd = 0.5) {
  if (lambd < 0) throw new Error(`lambda must be greater or equal to 0, but found to be ${lambd}.`);
  return unary("softshrink", x, lambd);
}
var logsigmoid = (x) => unary("logsigmoid", x);
function prelu(x, weight) {
  let w = weight;
  if (weight.numel() !== 1) {
    const c = x.ndim >= 2 ? x.shape[1] : 1;
    if (weight.numel() !== c)
      throw new Error(`Mismatch of parameter numbers and input channel size. Found parameter numbers = ${weight.numel()} and channel size = ${c}.`);
    if (x.ndim >= 2) w = weight.reshape([c, ...Array(x.ndim - 2).fill(1)]);
  }
  return where(x.ge(0), x, x.mul(w));
}
function rrelu(x, lower = 1 / 8, upper = 1 / 3, training = false) {
  if (!training) return leakyRelu(x, (lower + upper) / 2);
  const a = emptyLike(x).uniform_(lower, upper);
  return where(x.ge(0), x, x.mul(a));
}
function glu(x, dim = -1) {
  if (x.ndim === 0) throw new Error("glu does not support scalars because halving size must be even");
  const n = x.size(dim);
  if (n % 2 !== 0) throw new Error(`Halving dimension must be even, but dimension ${dim < 0 ? dim + x.ndim : dim} is size ${n}`);
  const [a, b] = x.chunk(2, dim);
  return a.mul(b.sigmoid());
}
function softmaxDim(ndim) {
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}
function softmax2(x, dim, opts = {}) {
  return x.softmax(dim ?? softmaxDim(x.ndim), opts);
}
function logSoftmax(x, dim, opts = {}) {
  return x.logSoftmax(dim ?? softmaxDim(x.ndim), opts);
}
function softmin(x, dim, opts = {}) {
  return x.neg().softmax(dim ?? softmaxDim(x.ndim), opts);
}
function gumbelSoftmax(logits, opts = {}) {
  const tau = opts.tau ?? 1, dim = opts.dim ?? -1;
  const gumbels = emptyLike(logits).exponential_().log().neg();
  const y = logits.add(gumbels).div(tau).softmax(dim);
  if (!opts.hard) return y;
  const index2 = y.argmax(dim, true);
  const hard = zerosLike(logits).scatter(dim, index2, 1);
  return hard.sub(y.detach()).add(y);
}

// packages/nn/src/functional/linear.ts
function linear(input, weight, bias) {
  const wt = weight.t();
  const out2 = input.ndim === 2 ? input.mm(wt) : input.matmul(wt);
  return bias ? out2.add(bias) : out2;
}
function bilinear(input1, input2, weight, bias) {
  const [o, i1, i2] = weight.shape;
  if (input1.size(-1) !== i1)
    throw new Error(`bilinear(): input1 size does not match weight size: got ${input1.size(-1)} but expected ${i1}`);
  if (input2.size(-1) !== i2)
    throw new Error(`bilinear(): input2 size does not match weight size: got ${input2.size(-1)} but expected ${i2}`);
  const lead = input1.shape.slice(0, -1);
  const a = input1.reshape(-1, i1);
  const b = input2.reshape(-1, i2);
  const t2 = a.mm(weight.permute(1, 0, 2).reshape(i1, o * i2)).reshape(-1, o, i2);
  let y = t2.mul(b.unsqueeze(1)).sum(-1);
  if (bias) y = y.add(bias);
  return y.reshape([...lead, o]);
}
var identity = (x) => x;

// packages/nn/src/functional/dropout.ts
function checkP(p) {
  if (p < 0 || p > 1) throw new Error(`dropout probability has to be between 0 and 1, but got ${p}`);
}
function applyMask(x, mask, inplace2) {
  return inplace2 ? inplace(x, x.mul(mask), "dropout_") : x.mul(mask);
}
function dropout(x, p = 0.5, training = true, inplace2 = false) {
  if (typeof p === "object") return dropout(x, p.p ?? 0.5, p.training ?? true, p.inplace ?? false);
  checkP(p);
  if (!training || p === 0) return x;
  if (p === 1) return applyMask(x, zerosLike(x), inplace2);
  const mask = emptyLike(x).bernoulli_(1 - p).div_(1 - p);
  return applyMask(x, mask, inplace2);
}
function featureDropout(x, p, training, inplace2, batchedDim, name) {
  checkP(p);
  if (x.ndim !== batchedDim && x.ndim !== batchedDim - 1)
    throw new Error(`${name}: Expected ${batchedDim - 1}D or ${batchedDim}D input, but received a ${x.ndim}D input. `);
  if (!training || p === 0) return x;
  const batched = x.ndim === batchedDim;
  const lead = batched ? 2 : 1;
  const shape = x.shape.map((s, i) => i < lead ? s : 1);
  const mask = p === 1 ? zeros(shape, { dtype: x.dtype }) : emptyTensor(shape, { dtype: x.dtype }).bernoulli_(1 - p).div_(1 - p);
  return applyMask(x, mask, inplace2);
}
var dropout1d = (x, p = 0.5, training = true, inplace2 = false) => featureDropout(x, p, training, inplace2, 3, "dropout1d");
var dropout2d = (x, p = 0.5, training = true, inplace2 = false) => featureDropout(x, p, training, inplace2, 4, "dropout2d");
var dropout3d = (x, p = 0.5, training = true, inplace2 = false) => featureDropout(x, p, training, inplace2, 5, "dropout3d");
var SELU_NEG = 1.7580993408473766;
function alphaImpl(x, p, training, noiseShape) {
  checkP(p);
  if (!training || p === 0) return x;
  if (p === 1) return x.mul(0);
  const keep = emptyTensor(noiseShape, { dtype: x.dtype }).bernoulli_(1 - p);
  const a = 1 / Math.sqrt((SELU_NEG * SELU_NEG * p + 1) * (1 - p));
  const b = keep.sub(1).mul(SELU_NEG * a).add(SELU_NEG * a * p);
  return x.mul(keep.mul(a)).add(b);
}
function alphaDropout(x, p = 0.5, training = false) {
  return alphaImpl(x, p, training, x.shape);
}
function featureAlphaDropout(x, p = 0.5, training = false) {
  return alphaImpl(x, p, training, x.shape.map((s, i) => i < 2 ? s : 1));
}

// packages/nn/src/functional/distance.ts
function cosineSimilarity(x1, x2, dim = 1, eps = 1e-8) {
  if (typeof dim === "object") return cosineSimilarity(x1, x2, dim.dim ?? 1, dim.eps ?? 1e-8);
  const [a, b] = broadcastTensors(x1, x2);
  const na = a.norm(2, dim, true).clampMin(eps);
  const nb = b.norm(2, dim, true).clampMin(eps);
  return a.div(na).mul(b.div(nb)).sum(dim);
}
function pairwiseDistance(x1, x2, p = 2, eps = 1e-6, keepdim = false) {
  if (typeof p === "object") return pairwiseDistance(x1, x2, p.p ?? 2, p.eps ?? 1e-6, p.keepdim ?? false);
  const dim = Math.max(x1.ndim, x2.ndim) - 1;
  return x1.sub(x2).add(eps).norm(p, dim, keepdim);
}
function pdist(x, p = 2) {
  if (x.ndim !== 2) throw new Error(`pdist only supports 2D tensors, got: ${x.ndim}D`);
  const n = x.shape[0];
  const ii = [], jj = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
    ii.push(i);
    jj.push(j);
  }
  const a = x.indexSelect(0, tensor(ii, { dtype: "int64" }));
  const b = x.indexSelect(0, tensor(jj, { dtype: "int64" }));
  return a.sub(b).norm(p, 1);
}

// packages/nn/src/functional/normalization.ts
function channelShape(x) {
  return x.shape.map((s, i) => i === 1 ? s : 1);
}
function standardize(x, dims, eps) {
  const mean2 = x.mean({ dim: dims, keepdim: true });
  const xc = x.sub(mean2);
  const v = xc.mul(xc).mean({ dim: dims, keepdim: true });
  return { y: xc.mul(v.add(eps).rsqrt()), mean: mean2, var: v };
}
function batchNorm(input, runningMean, runningVar, opts = {}) {
  const training = opts.training ?? false, momentum = opts.momentum ?? 0.1, eps = opts.eps ?? 1e-5;
  if (input.ndim < 2) throw new Error(`batch_norm: expected 2D or more input (got ${input.ndim}D input)`);
  const dims = [...Array(input.ndim).keys()].filter((d) => d !== 1);
  const cs = channelShape(input);
  let y;
  if (training) {
    const n = input.numel() / input.shape[1];
    if (n === 1) throw new Error(`Expected more than 1 value per channel when training, got input size ${sizeString(input.shape)}`);
    const s = standardize(input, dims, eps);
    y = s.y;
    if (runningMean && runningVar) {
      noGrad(() => {
        runningMean.mul_(1 - momentum).add_(s.mean.reshape(-1).mul(momentum));
        runningVar.mul_(1 - momentum).add_(s.var.reshape(-1).mul(momentum * n / (n - 1)));
      });
    }
  } else {
    if (!runningMean || !runningVar) throw new Error("running_mean and running_var must be defined in evaluation mode");
    y = input.sub(runningMean.reshape(cs)).mul(runningVar.reshape(cs).add(eps).rsqrt());
  }
  if (opts.weight) y = y.mul(opts.weight.reshape(cs));
  if (opts.bias) y = y.add(opts.bias.reshape(cs));
  return y;
}
function layerNorm(input, normalizedShape, opts = {}) {
  const ns = typeof normalizedShape === "number" ? [normalizedShape] : [...normalizedShape];
  const k2 = ns.length;
  const tail = input.shape.slice(input.ndim - k2);
  if (input.ndim < k2 || tail.some((s, i) => s !== ns[i]))
    throw new Error(`Given normalized_shape=[${ns.join(", ")}], expected input with shape [*, ${ns.join(", ")}], but got input of size[${input.shape.join(", ")}]`);
  const dims = ns.map((_, i) => input.ndim - k2 + i);
  let y = standardize(input, dims, opts.eps ?? 1e-5).y;
  if (opts.weight) y = y.mul(opts.weight);
  if (opts.bias) y = y.add(opts.bias);
  return y;
}
function groupNorm(input, numGroups, opts = {}) {
  if (input.ndim < 2) throw new Error(`Expected at least 2 dimensions for input tensor but received ${input.ndim}`);
  const [n, c] = input.shape;
  if (c % numGroups !== 0)
    throw new Error(`Expected number of channels in input to be divisible by num_groups, but got input of shape [${input.shape.join(", ")}] and num_groups=${numGroups}`);
  const g = input.reshape(n, numGroups, -1);
  let y = standardize(g, [2], opts.eps ?? 1e-5).y.reshape(input.shape);
  const cs = channelShape(input);
  if (opts.weight) y = y.mul(opts.weight.reshape(cs));
  if (opts.bias) y = y.add(opts.bias.reshape(cs));
  return y;
}
function instanceNorm(input, opts = {}) {
  const useInput = opts.useInputStats ?? true, momentum = opts.momentum ?? 0.1, eps = opts.eps ?? 1e-5;
  const dims = [...Array(input.ndim).keys()].slice(2);
  const cs = channelShape(input);
  let y;
  if (useInput) {
    const n = dims.reduce((a, d) => a * input.shape[d], 1);
    if (n === 1) throw new Error(`Expected more than 1 spatial element when training, got input size ${sizeString(input.shape)}`);
    const s = standardize(input, dims, eps);
    y = s.y;
    const rm = opts.runningMean, rv = opts.runningVar;
    if (rm && rv) {
      noGrad(() => {
        rm.mul_(1 - momentum).add_(s.mean.reshape(input.shape[0], -1).mean(0).mul(momentum));
        rv.mul_(1 - momentum).add_(s.var.reshape(input.shape[0], -1).mean(0).mul(momentum * n / (n - 1)));
      });
    }
  } else {
    if (!opts.runningMean || !opts.runningVar) throw new Error("Expected running_mean and running_var to be defined when use_input_stats is false");
    y = input.sub(opts.runningMean.reshape(cs)).mul(opts.runningVar.reshape(cs).add(eps).rsqrt());
  }
  if (opts.weight) y = y.mul(opts.weight.reshape(cs));
  if (opts.bias) y = y.add(opts.bias.reshape(cs));
  return y;
}
function localResponseNorm(input, size, alpha = 1e-4, beta = 0.75, k2 = 1) {
  if (input.ndim < 3)
    throw new Error(`Expected 3D or higher dimensionality input (got ${input.ndim} dimensions)`);
  const c = input.shape[1];
  const sq = input.mul(input);
  const before = Math.floor(size / 2), after = Math.floor((size - 1) / 2);
  const zshape = (m) => input.shape.map((s, i) => i === 1 ? m : s);
  const parts = [];
  if (before) parts.push(zeros(zshape(before), { dtype: input.dtype }));
  parts.push(sq);
  if (after) parts.push(zeros(zshape(after), { dtype: input.dtype }));
  const padded = parts.length > 1 ? cat(parts, 1) : sq;
  let acc = padded.narrow(1, 0, c);
  for (let i = 1; i < size; i++) acc = acc.add(padded.narrow(1, i, c));
  const div2 = acc.mul(alpha / size).add(k2).pow(beta);
  return input.div(div2);
}
function normalize(input, p = 2, dim = 1, eps = 1e-12) {
  if (typeof p === "object") return normalize(input, p.p ?? 2, p.dim ?? 1, p.eps ?? 1e-12);
  const denom = input.norm(p, dim, true).clampMin(eps);
  return input.div(denom);
}

// packages/nn/src/functional/sparse.ts
function checkIndices(input, what) {
  if (input.dtype !== "int64" && input.dtype !== "int32")
    throw new Error(`Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got torch.${input.dtype === "float32" ? "FloatTensor" : input.dtype} instead (while checking arguments for ${what})`);
}
function embeddingRenorm_(weight, input, maxNorm, normType) {
  noGrad(() => {
    const idx = unique(input.reshape(-1)).to("int64");
    const rows = weight.indexSelect(0, idx);
    const norms = rows.norm(normType, 1, true);
    const scale = where(norms.gt(maxNorm), norms.add(1e-7).reciprocal().mul(maxNorm), 1);
    weight.indexPut_([idx], rows.mul(scale));
  });
}
function embedding(input, weight, opts = {}) {
  checkIndices(input, "embedding");
  let pad2 = opts.paddingIdx ?? null;
  if (pad2 !== null) {
    const n = weight.shape[0];
    if (pad2 >= n || pad2 < -n) throw new Error("Padding_idx must be within num_embeddings");
    if (pad2 < 0) pad2 += n;
  }
  if (opts.maxNorm != null) embeddingRenorm_(weight, input, opts.maxNorm, opts.normType ?? 2);
  const flat = input.reshape(-1);
  let out2 = weight.indexSelect(0, flat);
  if (opts.scaleGradByFreq && out2.requiresGrad) {
    const counts = zeros([weight.shape[0]], { dtype: weight.dtype }).indexAdd(0, flat, ones([flat.numel()], { dtype: weight.dtype }));
    const inv = counts.indexSelect(0, flat).reciprocal().unsqueeze(1);
    out2.registerHook((g) => g.mul(inv));
  }
  if (pad2 !== null && out2.requiresGrad) out2 = where(flat.eq(pad2).unsqueeze(1), out2.detach(), out2);
  return out2.reshape([...input.shape, weight.shape[1]]);
}
function embeddingBag(input, weight, offsets = null, opts = {}) {
  checkIndices(input, "embedding_bag");
  const mode = opts.mode ?? "mean";
  const psw = opts.perSampleWeights ?? null;
  if (psw && mode !== "sum")
    throw new Error(`embedding_bag: per_sample_weights was not None. per_sample_weights is only supported for mode='sum' (got mode='${mode}'). Please open a feature request on GitHub.`);
  let flat, offs, weightsFlat = psw;
  if (input.ndim === 2) {
    if (offsets) throw new Error("if input is 2D, then offsets has to be None, as input is treated is a mini-batch of fixed length sequences.");
    const [b, l] = input.shape;
    flat = input.reshape(-1);
    offs = arange(0, b * l, l || 1, { dtype: "int64" }).narrow(0, 0, b);
    if (psw) weightsFlat = psw.reshape(-1);
  } else if (input.ndim === 1) {
    if (!offsets) throw new Error("offsets has to be a 1D Tensor but got None");
    if (offsets.ndim !== 1) throw new Error("offsets has to be a 1D Tensor");
    flat = input;
    offs = offsets.to("int64");
    if (opts.includeLastOffset) offs = offs.narrow(0, 0, offs.shape[0] - 1);
  } else throw new Error(`input has to be 1D or 2D Tensor, but got Tensor of dimension ${input.ndim}`);
  if (opts.maxNorm != null) embeddingRenorm_(weight, flat, opts.maxNorm, opts.normType ?? 2);
  const nBags = offs.shape[0];
  const n = flat.shape[0];
  const d = weight.shape[1];
  const dtype = weight.dtype;
  const starts = zeros([n + 1], { dtype: "int64" });
  if (nBags > 1) starts.indexAdd_(0, offs.narrow(0, 1, nBags - 1), ones([nBags - 1], { dtype: "int64" }));
  const bag = starts.narrow(0, 0, n).cumsum(0);
  let keep = null;
  if (opts.paddingIdx != null) {
    const pad2 = opts.paddingIdx < 0 ? opts.paddingIdx + weight.shape[0] : opts.paddingIdx;
    keep = flat.ne(pad2);
  }
  let rows = weight.indexSelect(0, flat);
  if (mode === "max") {
    const pos = arange(0, n, 1, { dtype: "int64" }).sub(offs.indexSelect(0, bag));
    const counts2 = zeros([nBags], { dtype: "int64" }).indexAdd(0, bag, keep ? keep.to("int64") : ones([n], { dtype: "int64" }));
    const maxLen = n === 0 ? 1 : Math.max(1, Number(pos.max().item()) + 1);
    if (keep) rows = where(keep.unsqueeze(1), rows, -Infinity);
    const padded = full([nBags, maxLen, d], -Infinity, { dtype }).indexPut([bag, pos], rows);
    const m = padded.amax(1);
    return where(counts2.eq(0).unsqueeze(1), 0, m);
  }
  if (weightsFlat) rows = rows.mul(weightsFlat.unsqueeze(1));
  if (keep) rows = rows.mul(keep.unsqueeze(1).to(dtype));
  const sums = zeros([nBags, d], { dtype }).indexAdd(0, bag, rows);
  if (mode === "sum") return sums;
  const counts = zeros([nBags], { dtype }).indexAdd(0, bag, keep ? keep.to(dtype) : ones([n], { dtype }));
  return sums.div(counts.clampMin(1).unsqueeze(1));
}
function oneHot(tensor2, numClasses = -1) {
  if (tensor2.dtype !== "int64") throw new Error("one_hot is only applicable to index tensor.");
  let n = numClasses;
  if (tensor2.numel() === 0) {
    if (n <= 0) throw new Error("Can not infer total number of classes from empty tensor.");
    return zeros([...tensor2.shape, n], { dtype: "int64" });
  }
  const mn = Number(tensor2.min().item()), mx = Number(tensor2.max().item());
  if (mn < 0) throw new Error("Class values must be non-negative.");
  if (n === -1) n = mx + 1;
  else if (mx >= n) throw new Error("Class values must be smaller than num_classes.");
  return zeros([...tensor2.shape, n], { dtype: "int64" }).scatter(-1, tensor2.unsqueeze(-1), 1);
}

// packages/nn/src/functional/padding.ts
function pad(input, padding, mode = "constant", value = 0) {
  if (typeof mode === "object") return pad(input, padding, mode.mode ?? "constant", mode.value ?? 0);
  if (padding.length % 2 !== 0) throw new Error("Padding length must be divisible by 2");
  if (padding.length / 2 > input.ndim) throw new Error("Padding length should be less than or equal to two times the input dimension but got padding length " + padding.length + " and input of dimension " + input.ndim);
  if (mode !== "constant") {
    const k2 = padding.length / 2;
    if (input.ndim < k2 + 1 || input.ndim > k2 + 2 || k2 > 3)
      throw new Error(`Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now`);
  }
  let x = input;
  for (let i = 0; i < padding.length / 2; i++) {
    const d = input.ndim - 1 - i;
    const before = padding[2 * i], after = padding[2 * i + 1];
    if (before === 0 && after === 0) continue;
    const n = x.shape[d];
    if (mode === "constant") {
      if (before < 0) x = x.narrow(d, -before, x.shape[d] + before);
      if (after < 0) x = x.narrow(d, 0, x.shape[d] + after);
      const parts2 = [];
      const block = (m) => full(x.shape.map((s, j) => j === d ? m : s), value, { dtype: x.dtype, device: x.device });
      if (before > 0) parts2.push(block(before));
      parts2.push(x);
      if (after > 0) parts2.push(block(after));
      x = parts2.length > 1 ? cat(parts2, d) : x;
      continue;
    }
    if (before < 0 || after < 0) {
      if (mode !== "circular") throw new Error(`negative padding is not supported for ${mode} mode`);
    }
    let left = null, right = null;
    if (mode === "reflect") {
      if (before >= n || after >= n)
        throw new Error(`Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (${before}, ${after}) at dimension ${d} of input [${input.shape.join(", ")}]`);
      if (before > 0) left = x.narrow(d, 1, before).flip(d);
      if (after > 0) right = x.narrow(d, n - 1 - after, after).flip(d);
    } else if (mode === "replicate") {
      if (before > 0) left = x.narrow(d, 0, 1).expand(x.shape.map((s, j) => j === d ? before : s));
      if (after > 0) right = x.narrow(d, n - 1, 1).expand(x.shape.map((s, j) => j === d ? after : s));
    } else {
      if (before > n || after > n) throw new Error("Padding value causes wrapping around more than once.");
      if (before > 0) left = x.narrow(d, n - before, before);
      if (after > 0) right = x.narrow(d, 0, after);
      if (before < 0) x = x.narrow(d, -before, x.shape[d] + before);
      if (after < 0) x = x.narrow(d, 0, x.shape[d] + after);
    }
    const parts = [left, x, right].filter((t2) => t2 !== null);
    x = cat(parts, d);
  }
  return x;
}

// packages/nn/src/functional/loss.ts
function reduce(loss, reduction) {
  if (reduction === "none") return loss;
  if (reduction === "mean") return loss.mean();
  if (reduction === "sum") return loss.sum();
  throw new Error(`${reduction} is not a valid value for reduction`);
}
function sameSize(a, b) {
  return a.ndim === b.ndim && a.shape.every((s, i) => s === b.shape[i]);
}
function mseLoss(input, target, opts = {}) {
  const d = input.sub(target);
  return reduce(d.mul(d), opts.reduction ?? "mean");
}
function l1Loss(input, target, opts = {}) {
  return reduce(input.sub(target).abs(), opts.reduction ?? "mean");
}
function smoothL1Loss(input, target, opts = {}) {
  const beta = opts.beta ?? 1;
  if (beta < 0) throw new Error("smooth_l1_loss does not support negative values for beta.");
  const z = input.sub(target).abs();
  if (beta === 0) return reduce(z, opts.reduction ?? "mean");
  return reduce(where(z.lt(beta), z.mul(z).mul(0.5 / beta), z.sub(0.5 * beta)), opts.reduction ?? "mean");
}
function huberLoss(input, target, opts = {}) {
  const delta = opts.delta ?? 1;
  const z = input.sub(target).abs();
  return reduce(where(z.lt(delta), z.mul(z).mul(0.5), z.sub(0.5 * delta).mul(delta)), opts.reduction ?? "mean");
}
function classRows(input, target) {
  if (input.ndim === 1) {
    if (target.ndim !== 0) throw new Error(`1D target tensor expects 0D input tensors, but got input of dimension ${target.ndim}`);
    return { rows: input.unsqueeze(0), t: target.reshape(1), outShape: [] };
  }
  if (input.ndim < 1) throw new Error(`Expected 1 or more dimensions (got ${input.ndim})`);
  if (input.shape[0] !== target.shape[0])
    throw new Error(`Expected input batch_size (${input.shape[0]}) to match target batch_size (${target.shape[0]}).`);
  const c = input.shape[1];
  if (input.ndim === 2) return { rows: input, t: target.reshape(-1), outShape: [input.shape[0]] };
  const expected = [input.shape[0], ...input.shape.slice(2)];
  if (target.ndim !== expected.length || target.shape.some((s, i) => s !== expected[i]))
    throw new Error(`Expected target size [${expected.join(", ")}], got [${target.shape.join(", ")}]`);
  return { rows: input.movedim(1, -1).reshape(-1, c), t: target.reshape(-1), outShape: expected };
}
function nllLoss(input, target, opts = {}) {
  const ignoreIndex = opts.ignoreIndex ?? -100;
  const reduction = opts.reduction ?? "mean";
  if (target.dtype !== "int64" && target.dtype !== "int32")
    throw new Error(`expected scalar type Long but found ${target.dtype === "float32" ? "Float" : target.dtype}`);
  const { rows, t: t2, outShape: outShape2 } = classRows(input, target);
  const c = rows.shape[1];
  const valid = t2.ne(ignoreIndex);
  const safe = where(valid, t2, 0);
  if (safe.numel() > 0) {
    const mx = Number(safe.max().item()), mn = Number(safe.min().item());
    if (mx >= c || mn < 0) throw new Error(`Target ${mx >= c ? mx : mn} is out of bounds.`);
  }
  const picked = rows.gather(1, safe.unsqueeze(1)).squeeze(1).neg();
  let w = valid.to(rows.dtype);
  if (opts.weight) w = opts.weight.indexSelect(0, safe).mul(w);
  const loss = picked.mul(w);
  if (reduction === "none") return loss.reshape(outShape2);
  if (reduction === "sum") return loss.sum();
  if (reduction === "mean") return loss.sum().div(w.sum());
  throw new Error(`${reduction} is not a valid value for reduction`);
}
function crossEntropy(input, target, opts = {}) {
  const reduction = opts.reduction ?? "mean";
  const ls = opts.labelSmoothing ?? 0;
  if (ls < 0 || ls > 1) throw new Error(`label_smoothing must be between 0.0 and 1.0. Got: ${ls}`);
  const classDim = input.ndim === 1 ? 0 : 1;
  const c = input.shape[classDim];
  const logp = input.logSoftmax(classDim);
  const wShape = input.shape.map((s, i) => i === classDim ? s : 1);
  if (target.isFloatingPoint()) {
    if (!sameSize(input, target))
      throw new Error(`Expected target size ${sizeString(input.shape)}, got ${sizeString(target.shape)}`);
    let t2 = ls > 0 ? target.mul(1 - ls).add(ls / c) : target;
    if (opts.weight) t2 = t2.mul(opts.weight.reshape(wShape));
    const loss = logp.mul(t2).sum(classDim).neg();
    if (reduction === "mean") return loss.sum().div(input.numel() / c);
    return reduce(loss, reduction);
  }
  const nll = nllLoss(logp, target, { weight: opts.weight, ignoreIndex: opts.ignoreIndex, reduction });
  if (ls === 0) return nll;
  const ignoreIndex = opts.ignoreIndex ?? -100;
  let smooth = (opts.weight ? logp.mul(opts.weight.reshape(wShape)) : logp).sum(classDim).neg();
  const ignore = target.eq(ignoreIndex);
  smooth = smooth.maskedFill(ignore, 0);
  let ret;
  if (reduction === "mean") {
    if (opts.weight) {
      const kept = target.maskedSelect(ignore.logicalNot()).reshape(-1);
      ret = smooth.sum().div(opts.weight.gather(0, kept).sum());
    } else ret = smooth.sum().div(ignore.logicalNot().sum());
  } else ret = reduce(smooth, reduction);
  return nll.mul(1 - ls).add(ret.mul(ls / c));
}
function checkSameSize(input, target) {
  if (!sameSize(input, target))
    throw new Error(`Using a target size (${sizeString(target.shape)}) that is different to the input size (${sizeString(input.shape)}) is deprecated. Please ensure they have the same size.`);
}
function binaryCrossEntropy(input, target, opts = {}) {
  checkSameSize(input, target);
  const logx = input.log().clampMin(-100);
  const log1mx = input.neg().add(1).log().clampMin(-100);
  let loss = target.mul(logx).add(target.neg().add(1).mul(log1mx)).neg();
  if (opts.weight) loss = loss.mul(opts.weight);
  return reduce(loss, opts.reduction ?? "mean");
}
function binaryCrossEntropyWithLogits(input, target, opts = {}) {
  if (!sameSize(input, target))
    throw new Error(`Target size (${sizeString(target.shape)}) must be the same as input size (${sizeString(input.shape)})`);
  const ls = unary("logsigmoid", input);
  const oneMinusT = target.neg().add(1);
  let loss;
  if (opts.posWeight) {
    const logWeight = opts.posWeight.sub(1).mul(target).add(1);
    loss = oneMinusT.mul(input).sub(logWeight.mul(ls));
  } else loss = oneMinusT.mul(input).sub(ls);
  if (opts.weight) loss = loss.mul(opts.weight);
  return reduce(loss, opts.reduction ?? "mean");
}
function klDiv(input, target, opts = {}) {
  const reduction = opts.reduction ?? "mean";
  const loss = opts.logTarget ? target.exp().mul(target.sub(input)) : target.xlogy(target).sub(target.mul(input));
  if (reduction === "batchmean") return input.ndim === 0 ? loss.sum() : loss.sum().div(input.shape[0]);
  return reduce(loss, reduction);
}
function cosineEmbeddingLoss(x1, x2, target, opts = {}) {
  const margin = opts.margin ?? 0;
  if (x1.ndim !== x2.ndim) throw new Error(`cosine_embedding_loss : All input tensors should have same dimension but got sizes: input1: ${sizeString(x1.shape)}, input2: ${sizeString(x2.shape)}, target: ${sizeString(target.shape)} `);
  const d = x1.ndim - 1;
  const EPS = 1e-12;
  const prod2 = x1.mul(x2).sum(d);
  const m1 = x1.mul(x1).sum(d).add(EPS);
  const m2 = x2.mul(x2).sum(d).add(EPS);
  const cos = prod2.div(m1.mul(m2).sqrt());
  const pos = cos.neg().add(1);
  const neg = cos.sub(margin).clampMin(0);
  const out2 = where(target.eq(1), pos, 0).add(where(target.eq(-1), neg, 0));
  return reduce(out2, opts.reduction ?? "mean");
}
function marginRankingLoss(x1, x2, target, opts = {}) {
  const out2 = target.neg().mul(x1.sub(x2)).add(opts.margin ?? 0).clampMin(0);
  return reduce(out2, opts.reduction ?? "mean");
}
function hingeEmbeddingLoss(input, target, opts = {}) {
  const marginClamp = input.neg().add(opts.margin ?? 1).clampMin(0);
  const out2 = where(target.ne(1), marginClamp, 0).add(where(target.ne(-1), input, 0));
  return reduce(out2, opts.reduction ?? "mean");
}
function tripletMarginLoss(anchor, positive, negative, opts = {}) {
  const p = opts.p ?? 2, eps = opts.eps ?? 1e-6;
  const dPos = pairwiseDistance(anchor, positive, p, eps);
  let dNeg = pairwiseDistance(anchor, negative, p, eps);
  if (opts.swap) dNeg = minimum(dNeg, pairwiseDistance(positive, negative, p, eps));
  return reduce(dPos.sub(dNeg).add(opts.margin ?? 1).clampMin(0), opts.reduction ?? "mean");
}
function multilabelSoftMarginLoss(input, target, opts = {}) {
  let loss = target.mul(unary("logsigmoid", input)).add(target.neg().add(1).mul(unary("logsigmoid", input.neg()))).neg();
  if (opts.weight) loss = loss.mul(opts.weight);
  const c = input.size(input.ndim - 1);
  loss = loss.sum(input.ndim - 1).div(c);
  return reduce(loss, opts.reduction ?? "mean");
}
function poissonNllLoss(input, target, opts = {}) {
  const logInput = opts.logInput ?? true;
  let loss = logInput ? input.exp().sub(target.mul(input)) : input.sub(target.mul(input.add(opts.eps ?? 1e-8).log()));
  if (opts.full) {
    const t2 = target;
    const stirling = t2.mul(t2.log()).sub(t2).add(t2.mul(2 * Math.PI).log().mul(0.5));
    loss = loss.add(where(t2.gt(1), stirling, 0));
  }
  return reduce(loss, opts.reduction ?? "mean");
}
function gaussianNllLoss(input, target, variance2, opts = {}) {
  let v = variance2;
  if (!sameSize(v, input)) {
    const lead = input.shape.slice(0, -1);
    if (v.ndim === lead.length && lead.every((s, i) => s === v.shape[i])) v = v.unsqueeze(-1);
    else if (v.ndim === input.ndim && v.shape[v.ndim - 1] === 1 && lead.every((s, i) => s === v.shape[i])) {
    } else throw new Error("var is of incorrect size");
  }
  const reduction = opts.reduction ?? "mean";
  if (!["none", "mean", "sum"].includes(reduction)) throw new Error(`${reduction} is not valid`);
  if (Number(v.lt(0).any().item())) throw new Error("var has negative entry/entries");
  const vc = v.add(v.detach().clampMin(opts.eps ?? 1e-6).sub(v.detach()));
  let loss = vc.log().add(input.sub(target).pow(2).div(vc)).mul(0.5);
  if (opts.full) loss = loss.add(0.5 * Math.log(2 * Math.PI));
  return reduce(loss, reduction);
}
function softMarginLoss(input, target, opts = {}) {
  return reduce(unary("softplus", target.neg().mul(input), 1, 20), opts.reduction ?? "mean");
}
var BIG = 1e30;
function ctcLoss(logProbs, targets, inputLengths, targetLengths, opts = {}) {
  const blank = opts.blank ?? 0;
  const reduction = opts.reduction ?? "mean";
  const unbatched = logProbs.ndim === 2;
  const lp = unbatched ? logProbs.unsqueeze(1) : logProbs;
  const [T, N] = lp.shape;
  const inLens = inputLengths instanceof Tensor ? inputLengths.reshape(-1).tolist() : [...inputLengths];
  const tgLens = targetLengths instanceof Tensor ? targetLengths.reshape(-1).tolist() : [...targetLengths];
  const tflat = targets.reshape(-1).tolist();
  const concatenated = targets.ndim === 1 && !unbatched;
  const L = Math.max(1, ...tgLens);
  const S = 2 * L + 1;
  const ext = new Array(N * S).fill(blank);
  const skip = new Array(N * S).fill(false);
  let pos = 0;
  for (let n = 0; n < N; n++) {
    const base = concatenated ? pos : n * (unbatched ? tflat.length : targets.shape[1]);
    for (let k2 = 0; k2 < tgLens[n]; k2++) ext[n * S + 2 * k2 + 1] = tflat[base + k2];
    if (concatenated) pos += tgLens[n];
    for (let s = 2; s < S; s++) skip[n * S + s] = ext[n * S + s] !== blank && ext[n * S + s] !== ext[n * S + s - 2];
    if (inLens[n] > T) throw new Error(`Expected input_lengths to have value at most ${T}, but got value ${inLens[n]} (while checking arguments for ctc_loss_cpu)`);
  }
  const extT = tensor(ext, { dtype: "int64" }).reshape(N, S);
  const skipT = tensor(skip).reshape(N, S);
  const lpe = lp.gather(2, extT.unsqueeze(0).expand(T, N, S));
  const dtype = lp.dtype;
  const negRow = (k2) => full([N, k2], -BIG, { dtype });
  const sIdx = arange(0, S, 1, { dtype: "int64" }).unsqueeze(0);
  let alpha = where(sIdx.lt(2), lpe.select(0, 0), -BIG);
  const lens = tensor(inLens, { dtype: "int64" });
  for (let t2 = 1; t2 < T; t2++) {
    const a1 = alpha;
    const a2 = cat([negRow(1), alpha.narrow(1, 0, S - 1)], 1);
    const a3 = where(skipT, cat([negRow(2), alpha.narrow(1, 0, S - 2)], 1), -BIG);
    const m2 = maximum(maximum(a1, a2), a3).detach();
    const next = a1.sub(m2).exp().add(a2.sub(m2).exp()).add(a3.sub(m2).exp()).log().add(m2).add(lpe.select(0, t2));
    alpha = where(lens.gt(t2).unsqueeze(1), next, alpha);
  }
  const endIdx = tensor(tgLens.map((l) => 2 * l), { dtype: "int64" }).unsqueeze(1);
  const prevIdx = tensor(tgLens.map((l) => Math.max(2 * l - 1, 0)), { dtype: "int64" }).unsqueeze(1);
  const hasPrev = tensor(tgLens.map((l) => l > 0));
  const e1 = alpha.gather(1, endIdx).squeeze(1);
  const e2 = where(hasPrev, alpha.gather(1, prevIdx).squeeze(1), -BIG);
  const m = maximum(e1, e2).detach();
  let loss = e1.sub(m).exp().add(e2.sub(m).exp()).log().add(m).neg();
  const impossible = loss.detach().gt(BIG / 2);
  const frames = arange(0, T, 1, { dtype: "int64" }).unsqueeze(1).lt(lens.unsqueeze(0)).unsqueeze(2).to(dtype);
  const zeroValued = lp.exp().detach().mul(frames).mul(lp.sub(lp.detach())).sum([0, 2]);
  loss = loss.add(zeroValued);
  loss = opts.zeroInfinity ? where(impossible, 0, loss) : where(impossible, Infinity, loss);
  if (unbatched) loss = loss.squeeze(0);
  if (reduction === "mean") {
    const tl = tensor(tgLens, { dtype }).clampMin(1);
    return loss.div(unbatched ? tl.squeeze(0) : tl).mean();
  }
  return reduce(loss, reduction);
}

// packages/nn/src/functional/conv.ts
function ntuple(v, n, name) {
  if (typeof v === "number") return new Array(n).fill(v);
  if (v.length === 1) return new Array(n).fill(v[0]);
  if (v.length !== n) throw new Error(`expected ${name} to be a single integer value or a list of ${n} values to match the convolution dimensions, but got ${name}=[${v.join(", ")}]`);
  return [...v];
}
function nnBackend(t2, op) {
  const b = backendFor(t2.device);
  if (!b.convForward) throw new Error(`Could not run '${op}' with arguments from the '${t2.device}' backend.`);
  return b;
}
function three(v, fill) {
  return [...new Array(3 - v.length).fill(fill), ...v];
}
function geometry(n, c, o, groups, input, kernel, output, stride, padding, dilation) {
  return {
    n,
    c,
    o,
    groups,
    input: three(input, 1),
    kernel: three(kernel, 1),
    output: three(output, 1),
    stride: three(stride, 1),
    padding: three(padding, 0),
    dilation: three(dilation, 1)
  };
}
function spatial(g, which2, nsp) {
  return g[which2].slice(3 - nsp);
}
function convOp(x, w, bias, g, nsp) {
  const xc = x.contiguous(), wc = w.contiguous(), bc = bias ? bias.contiguous() : null;
  const out2 = emptyTensor([g.n, g.o, ...spatial(g, "output", nsp)], { dtype: x.dtype, device: x.device });
  if (out2.numel() > 0) nnBackend(x, "convolution").convForward(g, out2, xc, wc, bc);
  const inputs = bias ? [x, w, bias] : [x, w];
  return record(out2, "ConvolutionBackward0", inputs, (grad, needs) => [
    needs[0] ? convInputGradOp(grad, w, g, nsp) : null,
    needs[1] ? convWeightGradOp(grad, x, g, nsp) : null,
    needs[2] ? grad.sum([0, ...Array.from({ length: nsp }, (_, i) => i + 2)]) : null
  ], [x, w]);
}
function convInputGradOp(y, w, g, nsp) {
  const yc = y.contiguous(), wc = w.contiguous();
  const out2 = emptyTensor([g.n, g.c, ...spatial(g, "input", nsp)], { dtype: y.dtype, device: y.device });
  if (out2.numel() > 0) nnBackend(y, "convolution_backward").convBackwardInput(g, out2, yc, wc);
  return record(out2, "ConvolutionBackwardBackward0", [y, w], (grad, needs) => [
    needs[0] ? convOp(grad, w, null, g, nsp) : null,
    needs[1] ? convWeightGradOp(y, grad, g, nsp) : null
  ], [y, w]);
}
function convWeightGradOp(y, x, g, nsp) {
  const yc = y.contiguous(), xc = x.contiguous();
  const kernel = g.kernel.slice(3 - nsp);
  const out2 = emptyTensor([g.o, g.c / g.groups, ...kernel], { dtype: y.dtype, device: y.device });
  if (out2.numel() > 0) nnBackend(y, "convolution_backward").convBackwardWeight(g, out2, yc, xc);
  return record(out2, "ConvolutionBackwardBackward1", [y, x], (grad, needs) => [
    needs[0] ? convOp(x, grad, null, g, nsp) : null,
    needs[1] ? convInputGradOp(y, grad, g, nsp) : null
  ], [y, x]);
}
function sizeStr(s) {
  return `[${s.join(", ")}]`;
}
function checkDtypes(input, weight, bias) {
  const name = (d) => d === "float64" ? "Double" : d === "float32" ? "Float" : d === "int64" ? "Long" : d;
  if (input.dtype !== weight.dtype) throw new Error(`expected scalar type ${name(input.dtype)} but found ${name(weight.dtype)}`);
  if (bias && bias.dtype !== input.dtype) throw new Error(`expected scalar type ${name(input.dtype)} but found ${name(bias.dtype)}`);
}
function convNd(nsp, input, weight, bias, opts) {
  const name = `conv${nsp}d`;
  if (input.ndim !== nsp + 1 && input.ndim !== nsp + 2)
    throw new Error(`Expected ${nsp + 1}D (unbatched) or ${nsp + 2}D (batched) input to ${name}, but got input of size: ${sizeStr(input.shape)}`);
  const unbatched = input.ndim === nsp + 1;
  const x = unbatched ? input.unsqueeze(0) : input;
  if (weight.ndim !== nsp + 2)
    throw new Error(`Expected ${nsp + 2}-dimensional input for ${nsp + 2}-dimensional weight ${sizeStr(weight.shape)}, but got ${weight.ndim}-dimensional input of size ${sizeStr(input.shape)} instead`);
  checkDtypes(input, weight, bias);
  const groups = opts.groups ?? 1;
  if (!(groups > 0)) throw new Error("non-positive groups is not supported");
  const stride = ntuple(opts.stride ?? 1, nsp, "stride");
  const dilation = ntuple(opts.dilation ?? 1, nsp, "dilation");
  const [n, c, ...inSp] = x.shape;
  const [o, cg, ...k2] = weight.shape;
  if (stride.some((s) => s <= 0)) throw new Error("non-positive stride is not supported");
  if (dilation.some((d) => d <= 0)) throw new Error("dilation should be greater than zero");
  if (o % groups !== 0)
    throw new Error(`Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size ${sizeStr(weight.shape)} instead`);
  if (cg * groups !== c)
    throw new Error(`Given groups=${groups}, weight of size ${sizeStr(weight.shape)}, expected input${sizeStr(x.shape)} to have ${cg * groups} channels, but got ${c} channels instead`);
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== o))
    throw new Error(`Given weight of size ${sizeStr(weight.shape)}, expected bias to be 1-dimensional with ${o} elements, but got bias of size ${sizeStr(bias.shape)} instead`);
  let padding;
  const p = opts.padding ?? 0;
  let outSp;
  if (p === "same") {
    if (stride.some((s) => s !== 1)) throw new Error("padding='same' is not supported for strided convolutions");
    padding = k2.map((kk, i) => Math.floor(dilation[i] * (kk - 1) / 2));
    outSp = [...inSp];
  } else {
    padding = p === "valid" ? new Array(nsp).fill(0) : ntuple(p, nsp, "padding");
    if (padding.some((v) => v < 0)) throw new Error("negative padding is not supported");
    const eff = k2.map((kk, i) => dilation[i] * (kk - 1) + 1);
    const padded = inSp.map((s, i) => s + 2 * padding[i]);
    if (padded.some((s, i) => s < eff[i]))
      throw new Error(`Calculated padded input size per channel: (${padded.join(" x ")}). Kernel size: (${eff.join(" x ")}). Kernel size can't be greater than actual input size`);
    outSp = inSp.map((s, i) => Math.floor((s + 2 * padding[i] - eff[i]) / stride[i]) + 1);
  }
  const g = geometry(n, c, o, groups, inSp, k2, outSp, stride, padding, dilation);
  const y = convOp(x, weight, bias ?? null, g, nsp);
  return unbatched ? y.squeeze(0) : y;
}
function conv1d(input, weight, bias, opts = {}) {
  return convNd(1, input, weight, bias, opts);
}
function conv2d(input, weight, bias, opts = {}) {
  return convNd(2, input, weight, bias, opts);
}
function conv3d(input, weight, bias, opts = {}) {
  return convNd(3, input, weight, bias, opts);
}
function convTransposeNd(nsp, input, weight, bias, opts) {
  const name = `conv_transpose${nsp}d`;
  if (input.ndim !== nsp + 1 && input.ndim !== nsp + 2)
    throw new Error(`Expected ${nsp + 1}D (unbatched) or ${nsp + 2}D (batched) input to ${name}, but got input of size: ${sizeStr(input.shape)}`);
  const unbatched = input.ndim === nsp + 1;
  const x = unbatched ? input.unsqueeze(0) : input;
  checkDtypes(input, weight, bias);
  const groups = opts.groups ?? 1;
  const stride = ntuple(opts.stride ?? 1, nsp, "stride");
  const padding = ntuple(opts.padding ?? 0, nsp, "padding");
  const outPad = ntuple(opts.outputPadding ?? 0, nsp, "output_padding");
  const dilation = ntuple(opts.dilation ?? 1, nsp, "dilation");
  const [n, cin, ...inSp] = x.shape;
  const [wi, coutG, ...k2] = weight.shape;
  if (wi !== cin)
    throw new Error(`Given transposed=1, weight of size ${sizeStr(weight.shape)}, expected input${sizeStr(x.shape)} to have ${wi} channels, but got ${cin} channels instead`);
  if (cin % groups !== 0) throw new Error(`Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size ${sizeStr(weight.shape)} instead`);
  for (let i = 0; i < nsp; i++)
    if (outPad[i] >= stride[i] && outPad[i] >= dilation[i])
      throw new Error("output padding must be smaller than either stride or dilation");
  const cout = coutG * groups;
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== cout))
    throw new Error(`Given transposed=1, weight of size ${sizeStr(weight.shape)}, expected bias to be 1-dimensional with ${cout} elements, but got bias of size ${sizeStr(bias.shape)} instead`);
  const outSp = inSp.map((s, i) => (s - 1) * stride[i] - 2 * padding[i] + dilation[i] * (k2[i] - 1) + outPad[i] + 1);
  if (outSp.some((s) => s <= 0))
    throw new Error(`Given input size per channel: (${inSp.join(" x ")}). Calculated output size per channel: (${outSp.join(" x ")}). Output size is too small`);
  const g = geometry(n, cout, cin, groups, outSp, k2, inSp, stride, padding, dilation);
  let y = convInputGradOp(x, weight, g, nsp);
  if (bias) y = y.add(bias.view([cout, ...new Array(nsp).fill(1)]));
  return unbatched ? y.squeeze(0) : y;
}
function convTranspose1d(input, weight, bias, opts = {}) {
  return convTransposeNd(1, input, weight, bias, opts);
}
function convTranspose2d(input, weight, bias, opts = {}) {
  return convTransposeNd(2, input, weight, bias, opts);
}
function convTranspose3d(input, weight, bias, opts = {}) {
  return convTransposeNd(3, input, weight, bias, opts);
}
function im2colOp(x, g) {
  const L = g.output[1] * g.output[2];
  const out2 = emptyTensor([g.n, g.c * g.kernel[1] * g.kernel[2], L], { dtype: x.dtype, device: x.device });
  if (out2.numel() > 0) nnBackend(x, "im2col").im2col(g, out2, x.contiguous());
  return record(out2, "Im2ColBackward0", [x], (grad) => [col2imOp(grad, g)]);
}
function col2imOp(col, g) {
  const out2 = emptyTensor([g.n, g.c, g.input[1], g.input[2]], { dtype: col.dtype, device: col.device });
  if (out2.numel() > 0) nnBackend(col, "col2im").col2im(g, out2, col.contiguous());
  return record(out2, "Col2ImBackward0", [col], (grad) => [im2colOp(grad, g)]);
}
function unfold2(input, kernelSize, opts = {}) {
  if (input.ndim !== 3 && input.ndim !== 4)
    throw new Error(`Input Error: Only 3D or 4D input Tensors are supported (got ${input.ndim}D)`);
  const unbatched = input.ndim === 3;
  const x = unbatched ? input.unsqueeze(0) : input;
  const k2 = ntuple(kernelSize, 2, "kernel_size"), d = ntuple(opts.dilation ?? 1, 2, "dilation");
  const p = ntuple(opts.padding ?? 0, 2, "padding"), s = ntuple(opts.stride ?? 1, 2, "stride");
  const [n, c, h, w] = x.shape;
  const out2 = [h, w].map((v, i) => Math.floor((v + 2 * p[i] - (d[i] * (k2[i] - 1) + 1)) / s[i]) + 1);
  if (out2.some((v) => v < 1))
    throw new Error(`Given input with spatial size (${h}, ${w}), kernel_size=(${k2.join(", ")}), dilation=(${d.join(", ")}), padding=(${p.join(", ")}), calculated shape of the array of sliding blocks as (${out2.join(", ")}), but its components must be at least one.`);
  const y = im2colOp(x, geometry(n, c, c, 1, [h, w], k2, out2, s, p, d));
  return unbatched ? y.squeeze(0) : y;
}
function fold(input, outputSize2, kernelSize, opts = {}) {
  if (input.ndim !== 2 && input.ndim !== 3)
    throw new Error(`Input Error: Only unbatched (2D) or batched (3D) input Tensors are supported (got ${input.ndim}D)`);
  const unbatched = input.ndim === 2;
  const x = unbatched ? input.unsqueeze(0) : input;
  const os = ntuple(outputSize2, 2, "output_size"), k2 = ntuple(kernelSize, 2, "kernel_size");
  const d = ntuple(opts.dilation ?? 1, 2, "dilation"), p = ntuple(opts.padding ?? 0, 2, "padding"), s = ntuple(opts.stride ?? 1, 2, "stride");
  const [n, ck, L] = x.shape;
  const kk = k2[0] * k2[1];
  if (ck % kk !== 0)
    throw new Error(`Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got input.size(1)=${ck} and kernel_size=(${k2.join(", ")})`);
  const blocks = os.map((v, i) => Math.floor((v + 2 * p[i] - (d[i] * (k2[i] - 1) + 1)) / s[i]) + 1);
  if (blocks[0] * blocks[1] !== L)
    throw new Error(`Given output_size=(${os.join(", ")}), kernel_size=(${k2.join(", ")}), dilation=(${d.join(", ")}), padding=(${p.join(", ")}), stride=(${s.join(", ")}), expected size of input's dimension 2 to match the calculated number of sliding blocks ${blocks[0]} * ${blocks[1]} = ${blocks[0] * blocks[1]}, but got input.size(2)=${L}.`);
  const c = ck / kk;
  const y = col2imOp(x, geometry(n, c, c, 1, os, k2, blocks, s, p, d));
  return unbatched ? y.squeeze(0) : y;
}

// packages/nn/src/functional/pooling.ts
function outputSize(input, k2, pad2, stride, dilation, ceil) {
  let out2 = Math.floor((input + 2 * pad2 - dilation * (k2 - 1) - 1 + (ceil ? stride - 1 : 0)) / stride) + 1;
  if (ceil && (out2 - 1) * stride >= input + pad2) out2--;
  return out2;
}
function planes(input, nsp, name, need) {
  if (input.ndim !== nsp + 1 && input.ndim !== nsp + 2) throw new Error(`${name}: ${need}, but got input of size: [${input.shape.join(", ")}]`);
  const sp = input.shape.slice(input.ndim - nsp);
  const lead = input.shape.slice(0, input.ndim - nsp);
  if (sp.some((s) => s === 0)) throw new Error(`${name}: Expected input's non-batch dimensions to have positive length, but input has a shape of [${input.shape.join(", ")}]`);
  return { lead, ih: nsp === 2 ? sp[0] : 1, iw: sp[nsp - 1] };
}
function checkFloat(x, name) {
  if (x.dtype !== "float32" && x.dtype !== "float64") {
    const n = { int64: "Long", int32: "Int", uint8: "Byte", bool: "Bool", float16: "Half", bfloat16: "BFloat16" };
    throw new Error(`"${name}" not implemented for '${n[x.dtype] ?? x.dtype}'`);
  }
}
function maxPoolNd(nsp, input, kernelSize, opts) {
  const name = `max_pool${nsp}d`;
  checkFloat(input, name);
  const k2 = ntuple(kernelSize, nsp, "kernel_size");
  const s = opts.stride == null || Array.isArray(opts.stride) && opts.stride.length === 0 ? k2 : ntuple(opts.stride, nsp, "stride");
  const p = ntuple(opts.padding ?? 0, nsp, "padding"), d = ntuple(opts.dilation ?? 1, nsp, "dilation");
  if (k2.some((v) => v <= 0)) throw new Error(`${name}: kernel_size must be greater than zero, but got ${k2.join(" ")}`);
  if (s.some((v) => v <= 0)) throw new Error(`${name}: stride must be greater than zero, but got ${s.join(" ")}`);
  if (d.some((v) => v <= 0)) throw new Error(`${name}: dilation must be greater than zero, but got ${d.join(" ")}`);
  for (let i = 0; i < nsp; i++)
    if (p[i] > k2[i] / 2) throw new Error(`pad should be at most half of effective kernel size, but got pad=${p[i]}, kernel_size=${k2[i]} and dilation=${d[i]}`);
  const { lead, ih, iw } = planes(input, nsp, name, nsp === 2 ? "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input" : "Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input");
  const out2 = input.shape.slice(input.ndim - nsp).map((v, i) => outputSize(v, k2[i], p[i], s[i], d[i], opts.ceilMode ?? false));
  if (out2.some((v) => v <= 0))
    throw new Error(`Given input size: (${input.shape.slice(input.ndim - nsp - 1).join("x")}). Calculated output size: (${[input.shape[input.ndim - nsp - 1], ...out2].join("x")}). Output size is too small`);
  const one = (a, fill) => nsp === 2 ? a : [fill, a[0]];
  const [kh, kw] = one(k2, 1), [sh, sw] = one(s, 1), [ph, pw] = one(p, 0), [dh, dw] = one(d, 1), [oh, ow] = one(out2, 1);
  const np = lead.reduce((a, b) => a * b, 1);
  const g = { planes: np, ih, iw, oh, ow, kh, kw, sh, sw, ph, pw, dh, dw };
  const values = emptyTensor([...lead, ...out2], { dtype: input.dtype, device: input.device });
  const indices = emptyTensor([...lead, ...out2], { dtype: "int64", device: input.device });
  if (values.numel() > 0) nnBackend(input, name).maxPool2d(g, values, indices, input.contiguous());
  record(
    values,
    "MaxPool2DWithIndicesBackward0",
    [input],
    (grad) => [scatterByIndex(grad, indices, input.shape, np, ih * iw)]
  );
  return opts.returnIndices ? [values, indices] : values;
}
function scatterByIndex(src, indices, shape, np, plane) {
  const z = zeros([np, plane], { dtype: src.dtype, device: src.device });
  return scatterAdd(z, 1, indices.reshape([np, -1]), src.reshape([np, -1])).view(shape);
}
function maxPool1d(input, kernelSize, opts = {}) {
  return maxPoolNd(1, input, kernelSize, opts);
}
function maxPool2d(input, kernelSize, opts = {}) {
  return maxPoolNd(2, input, kernelSize, opts);
}
function avgPoolOp(x, g, outShape2) {
  const out2 = emptyTensor(outShape2, { dtype: x.dtype, device: x.device });
  if (out2.numel() > 0) nnBackend(x, "avg_pool2d").avgPool2d(g, out2, x.contiguous());
  return record(out2, "AvgPool2DBackward0", [x], (grad) => [avgPoolBackwardOp(grad, g, x.shape)]);
}
function avgPoolBackwardOp(grad, g, inShape) {
  const out2 = emptyTensor(inShape, { dtype: grad.dtype, device: grad.device });
  if (out2.numel() > 0) nnBackend(grad, "avg_pool2d_backward").avgPool2dBackward(g, out2, grad.contiguous());
  return record(out2, "AvgPool2DBackwardBackward0", [grad], (gg) => [avgPoolOp(gg, g, grad.shape)]);
}
function avgPoolNd(nsp, input, kernelSize, opts) {
  const name = `avg_pool${nsp}d`;
  checkFloat(input, name);
  const k2 = ntuple(kernelSize, nsp, "kernel_size");
  const s = opts.stride == null || Array.isArray(opts.stride) && opts.stride.length === 0 ? k2 : ntuple(opts.stride, nsp, "stride");
  const p = ntuple(opts.padding ?? 0, nsp, "padding");
  if (k2.some((v) => v <= 0)) throw new Error(`${name}: kernel_size must be greater than zero`);
  if (s.some((v) => v <= 0)) throw new Error(`${name}: stride must be greater than zero`);
  for (let i = 0; i < nsp; i++)
    if (p[i] > k2[i] / 2) throw new Error(`pad should be at most half of kernel size, but got pad=${p[i]} and kernel_size=${k2[i]}`);
  const divisor = opts.divisorOverride ?? 0;
  if (opts.divisorOverride != null && divisor === 0) throw new Error("divisor must be not zero");
  const { lead, ih, iw } = planes(input, nsp, name, nsp === 2 ? "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input" : "Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input");
  const out2 = input.shape.slice(input.ndim - nsp).map((v, i) => outputSize(v, k2[i], p[i], s[i], 1, opts.ceilMode ?? false));
  if (out2.some((v) => v <= 0))
    throw new Error(`Given input size: (${input.shape.slice(input.ndim - nsp - 1).join("x")}). Calculated output size: (${[input.shape[input.ndim - nsp - 1], ...out2].join("x")}). Output size is too small`);
  const one = (a, fill) => nsp === 2 ? a : [fill, a[0]];
  const [kh, kw] = one(k2, 1), [sh, sw] = one(s, 1), [ph, pw] = one(p, 0), [oh, ow] = one(out2, 1);
  const g = {
    planes: lead.reduce((a, b) => a * b, 1),
    ih,
    iw,
    oh,
    ow,
    kh,
    kw,
    sh,
    sw,
    ph,
    pw,
    dh: 1,
    dw: 1,
    countIncludePad: opts.countIncludePad ?? true,
    divisor
  };
  return avgPoolOp(input, g, [...lead, ...out2]);
}
function avgPool1d(input, kernelSize, opts = {}) {
  return avgPoolNd(1, input, kernelSize, opts);
}
function avgPool2d(input, kernelSize, opts = {}) {
  return avgPoolNd(2, input, kernelSize, opts);
}
function adaptiveGeometry(nsp, input, outputSize2, name) {
  const req = typeof outputSize2 === "number" ? new Array(nsp).fill(outputSize2) : [...outputSize2];
  if (req.length === 1 && nsp === 2) req.push(req[0]);
  if (req.length !== nsp) throw new Error(`${name}: output_size must be ${nsp}`);
  if (input.ndim !== nsp + 1 && input.ndim !== nsp + 2)
    throw new Error(`${name}(): Expected ${nsp + 1}D or ${nsp + 2}D tensor, but got [${input.shape.join(", ")}]`);
  for (let i = 1; i < input.ndim; i++)
    if (input.shape[i] === 0)
      throw new Error(`${name}(): Expected input to have non-zero size for non-batch dimensions, but input has sizes [${input.shape.join(", ")}] with dimension ${i} being empty`);
  const sp = input.shape.slice(input.ndim - nsp);
  const out2 = req.map((v, i) => v == null ? sp[i] : v);
  const lead = input.shape.slice(0, input.ndim - nsp);
  const [ih, iw] = nsp === 2 ? sp : [1, sp[0]];
  const [oh, ow] = nsp === 2 ? out2 : [1, out2[0]];
  const g = { planes: lead.reduce((a, b) => a * b, 1), ih, iw, oh, ow, kh: 1, kw: 1, sh: 1, sw: 1, ph: 0, pw: 0, dh: 1, dw: 1 };
  return { g, shape: [...lead, ...out2] };
}
function adaptiveAvgOp(x, g, shape) {
  const out2 = emptyTensor(shape, { dtype: x.dtype, device: x.device });
  if (out2.numel() > 0) nnBackend(x, "adaptive_avg_pool2d").adaptivePool2d(g, false, out2, null, x.contiguous());
  return record(out2, "AdaptiveAvgPool2DBackward0", [x], (grad) => [adaptiveAvgBackwardOp(grad, g, x.shape)]);
}
function adaptiveAvgBackwardOp(grad, g, inShape) {
  const out2 = emptyTensor(inShape, { dtype: grad.dtype, device: grad.device });
  if (out2.numel() > 0) nnBackend(grad, "adaptive_avg_pool2d_backward").adaptiveAvgPool2dBackward(g, out2, grad.contiguous());
  return record(out2, "AdaptiveAvgPool2DBackwardBackward0", [grad], (gg) => [adaptiveAvgOp(gg, g, grad.shape)]);
}
function adaptiveAvgPool1d(input, outputSize2) {
  checkFloat(input, "adaptive_avg_pool1d");
  const { g, shape } = adaptiveGeometry(1, input, outputSize2, "adaptive_avg_pool1d");
  return adaptiveAvgOp(input, g, shape);
}
function adaptiveAvgPool2d(input, outputSize2) {
  checkFloat(input, "adaptive_avg_pool2d");
  const { g, shape } = adaptiveGeometry(2, input, outputSize2, "adaptive_avg_pool2d");
  return adaptiveAvgOp(input, g, shape);
}
function adaptiveMaxNd(nsp, input, outputSize2, returnIndices) {
  const name = `adaptive_max_pool${nsp}d`;
  checkFloat(input, name);
  const { g, shape } = adaptiveGeometry(nsp, input, outputSize2, name);
  const values = emptyTensor(shape, { dtype: input.dtype, device: input.device });
  const indices = emptyTensor(shape, { dtype: "int64", device: input.device });
  if (values.numel() > 0) nnBackend(input, name).adaptivePool2d(g, true, values, indices, input.contiguous());
  record(values, "AdaptiveMaxPool2DBackward0", [input], (grad) => [scatterByIndex(grad, indices, input.shape, g.planes, g.ih * g.iw)]);
  return returnIndices ? [values, indices] : values;
}
function adaptiveMaxPool1d(input, outputSize2, opts = {}) {
  return adaptiveMaxNd(1, input, outputSize2, opts.returnIndices ?? false);
}
function adaptiveMaxPool2d(input, outputSize2, opts = {}) {
  return adaptiveMaxNd(2, input, outputSize2, opts.returnIndices ?? false);
}
function maxUnpoolNd(nsp, input, indices, kernelSize, opts) {
  const k2 = ntuple(kernelSize, nsp, "kernel_size");
  const s = opts.stride == null ? k2 : ntuple(opts.stride, nsp, "stride");
  const p = ntuple(opts.padding ?? 0, nsp, "padding");
  if (indices.dtype !== "int64") throw new Error(`elements in indices should be type int64 but got: ${indices.dtype}`);
  if (indices.shape.join() !== input.shape.join())
    throw new Error(`Expected shape of indices to be same as that of the input tensor (${input.shape.join(", ")}) but got indices tensor with shape: (${indices.shape.join(", ")})`);
  const sp = input.shape.slice(input.ndim - nsp);
  let out2 = sp.map((v, i) => (v - 1) * s[i] - 2 * p[i] + k2[i]);
  if (opts.outputSize) {
    const os = opts.outputSize.slice(opts.outputSize.length - nsp);
    for (let i = 0; i < nsp; i++) {
      const lo = out2[i] - s[i], hi = out2[i] + s[i];
      if (os[i] <= lo || os[i] >= hi)
        throw new Error(`invalid output_size "[${os.join(", ")}]" (dim ${i} must be between ${lo} and ${hi})`);
    }
    out2 = [...os];
  }
  const lead = input.shape.slice(0, input.ndim - nsp);
  const np = lead.reduce((a, b) => a * b, 1);
  const plane = out2.reduce((a, b) => a * b, 1);
  const z = zeros([np, plane], { dtype: input.dtype, device: input.device });
  return scatter(z, 1, indices.reshape([np, -1]), input.reshape([np, -1])).view([...lead, ...out2]);
}
function maxUnpool1d(input, indices, kernelSize, opts = {}) {
  return maxUnpoolNd(1, input, indices, kernelSize, opts);
}
function maxUnpool2d(input, indices, kernelSize, opts = {}) {
  return maxUnpoolNd(2, input, indices, kernelSize, opts);
}
function lpPool1d(input, normType, kernelSize, opts = {}) {
  const out2 = avgPool1d(input.pow(normType), kernelSize, { stride: opts.stride, ceilMode: opts.ceilMode });
  return out2.sign().mul(out2.abs().relu()).mul(kernelSize).pow(1 / normType);
}
function lpPool2d(input, normType, kernelSize, opts = {}) {
  const [kh, kw] = ntuple(kernelSize, 2, "kernel_size");
  const out2 = avgPool2d(input.pow(normType), [kh, kw], { stride: opts.stride, ceilMode: opts.ceilMode });
  return out2.sign().mul(out2.abs().relu()).mul(kh * kw).pow(1 / normType);
}

// packages/nn/src/functional/attention.ts
function causalMask(L, S, dtype, device) {
  return full([L, S], -Infinity, { dtype, device }).triu(1);
}
function scaledDotProductAttention(query, key, value, opts = {}) {
  const L = query.shape[query.ndim - 2], S = key.shape[key.ndim - 2], E = query.shape[query.ndim - 1];
  if (opts.isCausal && opts.attnMask) throw new Error("_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True");
  const scale = opts.scale ?? 1 / Math.sqrt(E);
  let scores = query.mul(scale).matmul(key.transpose(-2, -1));
  let mask = opts.attnMask ?? null;
  if (opts.isCausal) mask = causalMask(L, S, query.dtype, query.device);
  if (mask) {
    if (mask.dtype === "bool") scores = scores.maskedFill(mask.logicalNot(), -Infinity);
    else scores = scores.add(mask);
  }
  let attn = scores.softmax(-1);
  if ((opts.dropoutP ?? 0) > 0) attn = dropout(attn, opts.dropoutP, true);
  return attn.matmul(value);
}
function toFloatMask(mask, dtype) {
  if (mask.dtype === "bool") return zeros(mask.shape, { dtype, device: mask.device }).maskedFill(mask, -Infinity);
  return mask;
}
function multiHeadAttentionForward(query, key, value, p) {
  const batched = query.ndim === 3;
  if (query.ndim !== 2 && query.ndim !== 3) throw new Error(`query should be unbatched 2D or batched 3D tensor but received ${query.ndim}-D query tensor`);
  if (key.ndim !== query.ndim || value.ndim !== query.ndim)
    throw new Error(`For ${batched ? "batched (3-D)" : "unbatched (2-D)"} \`query\`, expected \`key\` and \`value\` to be ${query.ndim}-D but found ${key.ndim}-D and ${value.ndim}-D tensors respectively`);
  let q = batched ? query : query.unsqueeze(1);
  let k2 = batched ? key : key.unsqueeze(1);
  let v = batched ? value : value.unsqueeze(1);
  let kpm = p.keyPaddingMask ?? null;
  if (kpm && !batched) kpm = kpm.unsqueeze(0);
  let attnMask = p.attnMask ?? null;
  const [L, N, E] = q.shape;
  const H = p.numHeads;
  if (E % H !== 0) throw new Error(`embed_dim ${E} not divisible by num_heads ${H}`);
  const hd = E / H;
  if (k2.shape[0] !== v.shape[0] || k2.shape[1] !== v.shape[1]) throw new Error(`key shape [${k2.shape.join(", ")}] does not match value shape [${v.shape.join(", ")}]`);
  if (p.inProjWeight) {
    const b = p.inProjBias;
    const [wq, wk, wv] = p.inProjWeight.chunk(3, 0);
    const [bq, bk, bv] = b ? b.chunk(3, 0) : [null, null, null];
    if (query === key && key === value) {
      const qkv = linear(q, p.inProjWeight, b).chunk(3, -1);
      [q, k2, v] = qkv;
    } else {
      q = linear(q, wq, bq);
      k2 = linear(k2, wk, bk);
      v = linear(v, wv, bv);
    }
  } else {
    const [bq, bk, bv] = p.inProjBias ? p.inProjBias.chunk(3, 0) : [null, null, null];
    q = linear(q, p.qProjWeight, bq);
    k2 = linear(k2, p.kProjWeight, bk);
    v = linear(v, p.vProjWeight, bv);
  }
  if (attnMask) {
    if (attnMask.dtype !== "bool" && !isFloatingPoint(attnMask.dtype))
      throw new Error(`Only float, byte, and bool types are supported for attn_mask, not ${attnMask.dtype}`);
    if (attnMask.ndim === 2) {
      if (attnMask.shape[0] !== L || attnMask.shape[1] !== k2.shape[0])
        throw new Error(`The shape of the 2D attn_mask is [${attnMask.shape.join(", ")}], but should be (${L}, ${k2.shape[0]}).`);
      attnMask = attnMask.unsqueeze(0);
    } else if (attnMask.ndim === 3) {
      if (attnMask.shape[0] !== N * H || attnMask.shape[1] !== L || attnMask.shape[2] !== k2.shape[0])
        throw new Error(`The shape of the 3D attn_mask is [${attnMask.shape.join(", ")}], but should be (${N * H}, ${L}, ${k2.shape[0]}).`);
    } else throw new Error(`attn_mask's dimension ${attnMask.ndim} is not supported`);
  }
  if (p.biasK && p.biasV) {
    k2 = cat([k2, p.biasK.expand([1, N, E])], 0);
    v = cat([v, p.biasV.expand([1, N, E])], 0);
    const padMask = (m) => cat([m, zeros([...m.shape.slice(0, -1), 1], { dtype: m.dtype, device: m.device })], -1);
    if (attnMask) attnMask = padMask(attnMask);
    if (kpm) kpm = padMask(kpm);
  }
  q = q.reshape([L, N * H, hd]).transpose(0, 1);
  k2 = k2.reshape([k2.shape[0], N * H, hd]).transpose(0, 1);
  v = v.reshape([v.shape[0], N * H, hd]).transpose(0, 1);
  if (p.addZeroAttn) {
    k2 = cat([k2, zeros([N * H, 1, hd], { dtype: k2.dtype, device: k2.device })], 1);
    v = cat([v, zeros([N * H, 1, hd], { dtype: v.dtype, device: v.device })], 1);
    const padMask = (m) => cat([m, zeros([...m.shape.slice(0, -1), 1], { dtype: m.dtype, device: m.device })], -1);
    if (attnMask) attnMask = padMask(attnMask);
    if (kpm) kpm = padMask(kpm);
  }
  const S = k2.shape[1];
  let mask = attnMask ? toFloatMask(attnMask, q.dtype) : null;
  if (kpm) {
    if (kpm.shape[0] !== N || kpm.shape[1] !== S)
      throw new Error(`expecting key_padding_mask shape of (${N}, ${S}), but got [${kpm.shape.join(", ")}]`);
    const km = toFloatMask(kpm, q.dtype).view([N, 1, 1, S]).expand([N, H, 1, S]).reshape([N * H, 1, S]);
    mask = mask ? mask.add(km) : km;
  }
  const scores = mask ? baddbmm(mask.expand([N * H, L, S]), q.mul(1 / Math.sqrt(hd)), k2.transpose(1, 2)) : bmm(q.mul(1 / Math.sqrt(hd)), k2.transpose(1, 2));
  let attn = scores.softmax(-1);
  if (p.dropoutP > 0 && p.training) attn = dropout(attn, p.dropoutP, true);
  let out2 = bmm(attn, v);
  out2 = out2.transpose(0, 1).reshape([L * N, E]);
  out2 = linear(out2, p.outProjWeight, p.outProjBias).view([L, N, E]);
  let weights = null;
  if (p.needWeights ?? true) {
    weights = attn.view([N, H, L, S]);
    if (p.averageAttnWeights ?? true) weights = weights.mean(1);
    if (!batched) weights = weights.squeeze(0);
  }
  if (!batched) out2 = out2.squeeze(1);
  return [out2, weights];
}

// packages/nn/src/functional/vision.ts
function axisScale(inSize, outSize, alignCorners, scaleFactor) {
  if (alignCorners) return outSize > 1 ? (inSize - 1) / (outSize - 1) : 0;
  return scaleFactor !== null && scaleFactor > 0 ? 1 / scaleFactor : inSize / outSize;
}
function cubicCoefficients(t2) {
  const A = -0.75;
  const c1 = (x) => ((A + 2) * x - (A + 3)) * x * x + 1;
  const c2 = (x) => ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
  return [c2(t2 + 1), c1(t2), c1(1 - t2), c2(2 - t2)];
}
function axisMatrix(mode, inSize, outSize, alignCorners, sf, dtype) {
  const m = new Float64Array(outSize * inSize);
  const scale = axisScale(inSize, outSize, alignCorners, sf);
  for (let o = 0; o < outSize; o++) {
    let src = alignCorners ? o * scale : (o + 0.5) * scale - 0.5;
    if (mode === "linear") {
      if (!alignCorners && src < 0) src = 0;
      const i0 = Math.min(Math.floor(src), inSize - 1);
      const i1 = Math.min(i0 + 1, inSize - 1);
      const l1 = src - i0;
      m[o * inSize + i0] += 1 - l1;
      m[o * inSize + i1] += l1;
    } else {
      const i = Math.floor(src);
      const w = cubicCoefficients(src - i);
      for (let k2 = 0; k2 < 4; k2++) {
        const j = Math.min(Math.max(i - 1 + k2, 0), inSize - 1);
        m[o * inSize + j] += w[k2];
      }
    }
  }
  return fromArray(m, [outSize, inSize]).to(dtype);
}
function nearestIndex(inSize, outSize, sf, exact) {
  const scale = axisScale(inSize, outSize, false, sf);
  const idx = new Array(outSize);
  for (let o = 0; o < outSize; o++) idx[o] = Math.min(Math.floor(exact ? (o + 0.5) * scale : o * scale), inSize - 1);
  return tensor(idx, { dtype: "int64" });
}
function interpolate(input, opts = {}) {
  const mode = opts.mode ?? "nearest";
  const nsp = input.ndim - 2;
  if (nsp < 1 || nsp > 3) throw new Error(`Input Error: Only 3D, 4D and 5D input Tensors supported (got ${input.ndim}D) for the modes: nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact (got ${mode})`);
  const needDims = { linear: 1, bilinear: 2, bicubic: 2, trilinear: 3 };
  if (needDims[mode] !== void 0 && needDims[mode] !== nsp)
    throw new Error(`Got ${input.ndim}D input, but ${mode} mode needs ${needDims[mode] + 2}D input`);
  const interpolating = mode === "linear" || mode === "bilinear" || mode === "bicubic" || mode === "trilinear";
  if (opts.alignCorners != null && !interpolating)
    throw new Error("align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear");
  const alignCorners = opts.alignCorners ?? false;
  if (opts.size == null === (opts.scaleFactor == null)) throw new Error(opts.size != null ? "only one of size or scale_factor should be defined" : "either size or scale_factor should be defined");
  const inSp = input.shape.slice(2);
  let outSp;
  let sfs = new Array(nsp).fill(null);
  if (opts.size != null) {
    outSp = typeof opts.size === "number" ? new Array(nsp).fill(opts.size) : [...opts.size];
    if (outSp.length !== nsp) throw new Error(`Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of [${inSp.join(", ")}] and output size of [${outSp.join(", ")}]. Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.`);
  } else {
    const sf = typeof opts.scaleFactor === "number" ? new Array(nsp).fill(opts.scaleFactor) : [...opts.scaleFactor];
    if (sf.length !== nsp) throw new Error(`Input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of [${inSp.join(", ")}] and scale_factor of shape [${sf.join(", ")}].`);
    outSp = inSp.map((s, i) => Math.floor(s * sf[i]));
    if (!opts.recomputeScaleFactor) sfs = sf;
  }
  if (mode === "area") return areaInterpolate(input, outSp);
  let x = input;
  for (let i = 0; i < nsp; i++) {
    const d = 2 + i;
    if (outSp[i] === inSp[i] && (sfs[i] === null || sfs[i] === 1)) continue;
    if (mode === "nearest" || mode === "nearest-exact") {
      x = x.indexSelect(d, nearestIndex(inSp[i], outSp[i], sfs[i], mode === "nearest-exact"));
    } else {
      const m = axisMatrix(mode === "bicubic" ? "cubic" : "linear", inSp[i], outSp[i], alignCorners, sfs[i], x.dtype);
      x = x.movedim(d, -1).matmul(m.t()).movedim(-1, d);
    }
  }
  return x;
}
function areaInterpolate(input, outSp) {
  let x = input;
  const inSp = input.shape.slice(2);
  for (let i = 0; i < outSp.length; i++) {
    const I = inSp[i], O = outSp[i];
    const m = new Float64Array(O * I);
    for (let o = 0; o < O; o++) {
      const s = Math.floor(o * I / O), e = Math.ceil((o + 1) * I / O);
      for (let j = s; j < e; j++) m[o * I + j] = 1 / (e - s);
    }
    x = x.movedim(2 + i, -1).matmul(fromArray(m, [O, I]).to(x.dtype).t()).movedim(-1, 2 + i);
  }
  return x;
}
var upsample = (input, opts = {}) => interpolate(input, opts);
function pixelShuffle(input, upscaleFactor) {
  if (input.ndim < 3) throw new Error(`pixel_shuffle expects input to have at least 3 dimensions, but got input with ${input.ndim} dimension(s)`);
  const r = upscaleFactor;
  const lead = input.shape.slice(0, -3);
  const [c, h, w] = input.shape.slice(-3);
  if (c % (r * r) !== 0) throw new Error(`pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=${c} is not divisible by ${r * r}`);
  const oc = c / (r * r);
  const n = lead.length;
  const perm = [...lead.map((_, i) => i), n, n + 3, n + 1, n + 4, n + 2];
  return input.reshape([...lead, oc, r, r, h, w]).permute(perm).reshape([...lead, oc, h * r, w * r]);
}
function pixelUnshuffle(input, downscaleFactor) {
  if (input.ndim < 3) throw new Error(`pixel_unshuffle expects input to have at least 3 dimensions, but got input with ${input.ndim} dimension(s)`);
  const r = downscaleFactor;
  const lead = input.shape.slice(0, -3);
  const [c, h, w] = input.shape.slice(-3);
  if (h % r !== 0) throw new Error(`pixel_unshuffle expects height to be divisible by downscale_factor, but input.size(-2)=${h} is not divisible by ${r}`);
  if (w % r !== 0) throw new Error(`pixel_unshuffle expects width to be divisible by downscale_factor, but input.size(-1)=${w} is not divisible by ${r}`);
  const n = lead.length;
  const perm = [...lead.map((_, i) => i), n, n + 2, n + 4, n + 1, n + 3];
  return input.reshape([...lead, c, h / r, r, w / r, r]).permute(perm).reshape([...lead, c * r * r, h / r, w / r]);
}
function affineGrid(theta, size, opts = {}) {
  if (size.length !== 4) throw new Error("affine_grid only supports 4D sizes, for 2D affine transformations");
  const [N, , H, W] = size;
  if (theta.ndim !== 3 || theta.shape[0] !== N || theta.shape[1] !== 2 || theta.shape[2] !== 3)
    throw new Error(`Expected a batch of 2D affine matrices of shape Nx2x3 for size [${size.join(", ")}]. Got [${theta.shape.join(", ")}].`);
  const ac = opts.alignCorners ?? false;
  const lin = (n) => {
    const l = linspace(-1, 1, n, { dtype: theta.dtype });
    return ac || n <= 1 ? n <= 1 ? zeros([n], { dtype: theta.dtype }) : l : l.mul((n - 1) / n);
  };
  const xs = lin(W).view([1, W]).expand([H, W]);
  const ys = lin(H).view([H, 1]).expand([H, W]);
  const base = stack([xs, ys, ones([H, W], { dtype: theta.dtype })], 2).reshape([1, H * W, 3]);
  return base.matmul(theta.transpose(1, 2)).view([N, H, W, 2]);
}
function reflect(x, lo, hi) {
  if (lo === hi) return x.mul(0);
  const span = hi - lo;
  const d = x.sub(lo).abs();
  const flips = d.div(span).floor();
  const extra = d.sub(flips.mul(span));
  const even = flips.remainder(2).eq(0);
  return where(even, extra.add(lo), extra.neg().add(span + lo));
}
function gridSample(input, grid, opts = {}) {
  if (input.ndim !== 4) throw new Error(`grid_sampler(): expected 4D or 5D input and grid with same number of dimensions, but got input with sizes [${input.shape.join(", ")}] and grid with sizes [${grid.shape.join(", ")}]`);
  if (grid.ndim !== 4 || grid.shape[3] !== 2 || grid.shape[0] !== input.shape[0])
    throw new Error(`grid_sampler(): expected grid to have size 2 in last dimension and the same batch size as input, but got grid with sizes [${grid.shape.join(", ")}]`);
  const mode = opts.mode ?? "bilinear", pm = opts.paddingMode ?? "zeros", ac = opts.alignCorners ?? false;
  const [N, C, H, W] = input.shape;
  const [, Ho, Wo] = grid.shape;
  const unnorm = (c, size) => ac ? c.add(1).mul((size - 1) / 2) : c.add(1).mul(size).sub(1).div(2);
  const compute = (c, size) => {
    let v = unnorm(c, size);
    if (pm === "border") v = v.clamp(0, size - 1);
    else if (pm === "reflection") {
      v = ac ? reflect(v, 0, size - 1) : reflect(v, -0.5, size - 0.5);
      v = v.clamp(0, size - 1);
    }
    return v;
  };
  const ix = compute(grid.select(3, 0), W), iy = compute(grid.select(3, 1), H);
  const flat = input.reshape([N, C, H * W]);
  const sample = (xi, yi) => {
    const valid = xi.ge(0).logicalAnd(xi.le(W - 1)).logicalAnd(yi.ge(0)).logicalAnd(yi.le(H - 1));
    const idx = yi.clamp(0, H - 1).mul(W).add(xi.clamp(0, W - 1)).detach().long().view([N, 1, Ho * Wo]).expand([N, C, Ho * Wo]);
    const v = flat.gather(2, idx).view([N, C, Ho, Wo]);
    return v.mul(valid.unsqueeze(1).to(input.dtype));
  };
  if (mode === "nearest") return sample(ix.round(), iy.round());
  if (mode !== "bilinear") throw new Error(`nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or 'bicubic', but got: '${mode}'`);
  const x0 = ix.floor().detach(), y0 = iy.floor().detach();
  const x1 = x0.add(1), y1 = y0.add(1);
  const wx1 = ix.sub(x0), wx0 = x1.sub(ix), wy1 = iy.sub(y0), wy0 = y1.sub(iy);
  const w = (a, b) => a.mul(b).unsqueeze(1);
  return sample(x0, y0).mul(w(wx0, wy0)).add(sample(x1, y0).mul(w(wx1, wy0))).add(sample(x0, y1).mul(w(wx0, wy1))).add(sample(x1, y1).mul(w(wx1, wy1)));
}

// packages/nn/src/functional/rnn.ts
var GATES = { tanh: 1, relu: 1, lstm: 4, gru: 3 };
function backendOf(t2) {
  const b = backendFor(t2.device);
  if (!b.rnnForward) throw new Error(`Could not run 'rnn' with arguments from the '${t2.device}' backend.`);
  return b;
}
function rnnLayerOp(mode, xproj, wHh, bHh, wHr, h0, c0, reverse, batchSizes) {
  const [T, B, GH] = xproj.shape;
  const H = GH / GATES[mode], P = wHh.shape[1];
  const lstm = mode === "lstm", gru = mode === "gru";
  const geom = { mode, steps: T, batch: B, hidden: H, proj: P, reverse };
  const opts = { dtype: xproj.dtype, device: xproj.device };
  const actWidth = lstm || gru ? 4 : 1;
  const ws = emptyTensor([T * B * (P + actWidth * H + 3 * H)], opts);
  const out2 = emptyTensor([T, B, P], opts), hn = emptyTensor([B, P], opts), cn = lstm ? emptyTensor([B, H], opts) : null;
  const xc = xproj.contiguous(), whh = wHh.contiguous(), bhh = gru ? bHh.contiguous() : null, whr = wHr ? wHr.contiguous() : null;
  const h0c = h0.contiguous(), c0c = c0 ? c0.contiguous() : null;
  const backend = backendOf(xproj);
  backend.rnnForward(geom, { out: out2, hn, cn, ws }, { xproj: xc, whh, bhh, whr, h0: h0c, c0: c0c }, batchSizes);
  const inputs = [xproj, wHh, h0];
  if (c0) inputs.push(c0);
  if (gru) inputs.push(bHh);
  if (wHr) inputs.push(wHr);
  if (!inputs.some((t2) => t2.requiresGrad) || !isGradEnabled()) return { out: out2, hn, cn };
  const flat = noGrad(() => cat(cn ? [out2.flatten(), hn.flatten(), cn.flatten()] : [out2.flatten(), hn.flatten()]));
  const nOut = T * B * P;
  record(flat, lstm ? "MkldnnRnnLayerBackward0" : "RnnLayerBackward0", inputs, (grad) => {
    if (isGradEnabled()) throw new Error(`double backward is not supported for ${mode === "tanh" || mode === "relu" ? "rnn" : mode}`);
    const gc = grad.contiguous();
    const dout = gc.narrow(0, 0, nOut), dhn = gc.narrow(0, nOut, B * P), dcn = lstm ? gc.narrow(0, nOut + B * P, B * H) : null;
    const dxproj = emptyTensor([T, B, GH], opts), dh0 = emptyTensor([B, P], opts);
    const dgh = gru ? emptyTensor([T, B, GH], opts) : null, dc0 = lstm ? emptyTensor([B, H], opts) : null;
    const dwhr = whr ? emptyTensor([P, H], opts) : null;
    backend.rnnBackward(geom, { dxproj, dgh, dh0, dc0, dwhr }, { dout, dhn, dcn, ws, whh, whr }, batchSizes);
    const hprev = ws.narrow(0, 0, T * B * P).view([T * B, P]);
    const dHidden = (dgh ?? dxproj).view([T * B, GH]);
    const grads = [dxproj, dHidden.t().matmul(hprev), dh0];
    if (c0) grads.push(dc0);
    if (gru) grads.push(dHidden.sum(0));
    if (wHr) grads.push(dwhr);
    return grads;
  }, inputs);
  const o = flat.narrow(0, 0, nOut).view([T, B, P]);
  const h = flat.narrow(0, nOut, B * P).view([B, P]);
  const c = lstm ? flat.narrow(0, nOut + B * P, B * H).view([B, H]) : null;
  return { out: o, hn: h, cn: c };
}
function inputProjection(mode, x, w) {
  const [T, B, I] = x.shape;
  const x2 = x.reshape([T * B, I]);
  let bias = w.bIh;
  if (mode !== "gru" && w.bHh) bias = bias ? bias.add(w.bHh) : w.bHh;
  const y = bias ? addmm(bias, x2, w.wIh.t()) : x2.matmul(w.wIh.t());
  return y.view([T, B, w.wIh.shape[0]]);
}
function rnnLayers(mode, x, h0, c0, weights, opts) {
  const dirs = opts.bidirectional ? 2 : 1;
  let layerInput = x;
  const hs = [], cs = [];
  for (let l = 0; l < opts.numLayers; l++) {
    const outs = [];
    for (let d = 0; d < dirs; d++) {
      const i = l * dirs + d;
      const w = weights[i];
      const xproj = inputProjection(mode, layerInput, w);
      const bhh = mode === "gru" ? w.bHh ?? zeros([w.wHh.shape[0]], { dtype: x.dtype, device: x.device }) : null;
      const r = rnnLayerOp(mode, xproj, w.wHh, bhh, w.wHr, h0.select(0, i), c0 ? c0.select(0, i) : null, d === 1, opts.batchSizes);
      outs.push(r.out);
      hs.push(r.hn);
      if (r.cn) cs.push(r.cn);
    }
    layerInput = dirs === 1 ? outs[0] : cat(outs, 2);
    if (opts.dropout > 0 && opts.training && l < opts.numLayers - 1) layerInput = opts.dropoutFn(layerInput, opts.dropout, true);
  }
  return { out: layerInput, hn: stack(hs, 0), cn: c0 ? stack(cs, 0) : null };
}

// packages/nn/src/repr.ts
function pyFloat(x) {
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (Number.isNaN(x)) return "nan";
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-4 || a >= 1e16)) {
    const [m, e] = x.toExponential().split("e");
    const sign = e[0] === "-" ? "-" : "+";
    const digits = e.replace(/^[+-]/, "");
    return `${m}e${sign}${digits.padStart(2, "0")}`;
  }
  return Number.isInteger(x) ? `${x}.0` : String(x);
}
var pyBool = (b) => b ? "True" : "False";
function pyTuple(xs) {
  return xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(", ")})`;
}

// packages/nn/src/linear.ts
var Linear = class extends Module {
  inFeatures;
  outFeatures;
  weight;
  bias;
  constructor(inFeatures, outFeatures, opts = {}) {
    super();
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.weight = new Parameter(emptyTensor([outFeatures, inFeatures], { dtype: opts.dtype, device: opts.device }));
    this.bias = opts.bias ?? true ? new Parameter(emptyTensor([outFeatures], { dtype: opts.dtype, device: opts.device })) : null;
    this.resetParameters();
  }
  /** Re-draws weight and bias with the default initialisation. */
  resetParameters() {
    kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias) {
      const [fanIn] = calculateFanInAndFanOut(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      uniform_(this.bias, -bound, bound);
    }
  }
  forward(input) {
    return linear(input, this.weight, this.bias);
  }
  extraRepr() {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${pyBool(this.bias !== null)}`;
  }
};

// packages/nn/src/container.ts
function normIndex(idx, n, what = "index") {
  if (!Number.isInteger(idx)) throw new TypeError(`${what} must be an integer`);
  if (idx < -n || idx >= n) throw new RangeError(`index ${idx} is out of range`);
  return idx < 0 ? idx + n : idx;
}
function sliceIndices(spec, n) {
  const parts = spec.split(":");
  if (parts.length < 2 || parts.length > 3) throw new Error(`invalid slice '${spec}'`);
  const step = parts[2] ? Number(parts[2]) : 1;
  if (step === 0) throw new Error("slice step cannot be zero");
  const clamp2 = (v, lo, hi) => Math.min(Math.max(v, lo), hi);
  const conv = (s, dflt) => {
    if (s === "") return dflt;
    let v = Number(s);
    if (v < 0) v += n;
    return step > 0 ? clamp2(v, 0, n) : clamp2(v, -1, n - 1);
  };
  const start = conv(parts[0], step > 0 ? 0 : n - 1);
  const stop = conv(parts[1], step > 0 ? n : -1);
  const out2 = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out2.push(i);
  return out2;
}
var ModuleList = class _ModuleList extends Module {
  constructor(modules = []) {
    super();
    this.extend(modules);
  }
  get length() {
    return this._own("module").length;
  }
  get(idx) {
    const entries = this._own("module");
    if (typeof idx === "string") return new _ModuleList(sliceIndices(idx, entries.length).map((i) => entries[i][1]));
    return entries[normIndex(idx, entries.length)][1];
  }
  set(idx, module) {
    this.addModule(String(normIndex(idx, this.length)), module);
  }
  /** `del list[i]`; later modules are renumbered, as in PyTorch. */
  delete(idx) {
    const mods = [...this];
    const i = normIndex(idx, mods.length);
    mods.splice(i, 1);
    for (let k2 = 0; k2 <= mods.length; k2++) this._removeMember(String(k2));
    mods.forEach((m, k2) => this.addModule(String(k2), m));
  }
  append(module) {
    this.addModule(String(this.length), module);
    return this;
  }
  extend(modules) {
    for (const m of modules) this.append(m);
    return this;
  }
  insert(index2, module) {
    const mods = [...this];
    const n = mods.length;
    let i = index2 < 0 ? Math.max(0, index2 + n) : Math.min(index2, n);
    mods.splice(i, 0, module);
    for (i = 0; i < mods.length; i++) this.addModule(String(i), mods[i]);
  }
  pop(idx = -1) {
    const m = this.get(idx);
    this.delete(idx);
    return m;
  }
  [Symbol.iterator]() {
    return this._own("module").map(([, m]) => m)[Symbol.iterator]();
  }
};

// packages/nn/src/dropout.ts
var DropoutBase = class extends Module {
  p;
  inplace;
  constructor(p = 0.5, opts = {}) {
    super();
    const o = typeof p === "object" ? p : { p, inplace: opts.inplace };
    this.p = o.p ?? 0.5;
    if (this.p < 0 || this.p > 1) throw new Error(`dropout probability has to be between 0 and 1, but got ${this.p}`);
    this.inplace = o.inplace ?? false;
  }
  extraRepr() {
    return `p=${pyFloat(this.p)}, inplace=${pyBool(this.inplace)}`;
  }
};
var Dropout = class extends DropoutBase {
  forward(x) {
    return dropout(x, this.p, this.training, this.inplace);
  }
};

// packages/nn/src/normalization.ts
var LayerNorm = class extends Module {
  normalizedShape;
  eps;
  elementwiseAffine;
  weight;
  bias;
  constructor(normalizedShape, opts = {}) {
    super();
    const f = { dtype: opts.dtype, device: opts.device };
    this.normalizedShape = typeof normalizedShape === "number" ? [normalizedShape] : [...normalizedShape];
    this.eps = opts.eps ?? 1e-5;
    this.elementwiseAffine = opts.elementwiseAffine ?? true;
    this.weight = this.elementwiseAffine ? new Parameter(ones(this.normalizedShape, f)) : null;
    this.bias = this.elementwiseAffine ? new Parameter(zeros(this.normalizedShape, f)) : null;
  }
  forward(input) {
    return layerNorm(input, this.normalizedShape, { weight: this.weight, bias: this.bias, eps: this.eps });
  }
  extraRepr() {
    return `${pyTuple(this.normalizedShape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${pyBool(this.elementwiseAffine)}`;
  }
};

// packages/nn/src/conv.ts
var ConvNd = class extends Module {
  inChannels;
  outChannels;
  kernelSize;
  stride;
  padding;
  dilation;
  transposed;
  outputPadding;
  groups;
  paddingMode;
  weight;
  bias;
  constructor(nsp, transposed, inChannels, outChannels, kernelSize, opts) {
    super();
    const groups = opts.groups ?? 1;
    if (groups <= 0) throw new Error("groups must be a positive integer");
    if (inChannels % groups !== 0) throw new Error("in_channels must be divisible by groups");
    if (outChannels % groups !== 0) throw new Error("out_channels must be divisible by groups");
    const p = opts.padding ?? 0;
    if (typeof p === "string") {
      if (p !== "same" && p !== "valid") throw new Error(`Invalid padding string '${p}', should be one of ['valid', 'same']`);
      if (p === "same" && ntuple(opts.stride ?? 1, nsp, "stride").some((s) => s !== 1))
        throw new Error("padding='same' is not supported for strided convolutions");
    }
    const mode = opts.paddingMode ?? "zeros";
    if (!["zeros", "reflect", "replicate", "circular"].includes(mode))
      throw new Error(`padding_mode must be one of ['zeros', 'reflect', 'replicate', 'circular'], but got padding_mode='${mode}'`);
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = ntuple(kernelSize, nsp, "kernel_size");
    this.stride = ntuple(opts.stride ?? 1, nsp, "stride");
    this.padding = typeof p === "string" ? p : ntuple(p, nsp, "padding");
    this.dilation = ntuple(opts.dilation ?? 1, nsp, "dilation");
    this.transposed = transposed;
    this.outputPadding = ntuple(opts.outputPadding ?? 0, nsp, "output_padding");
    this.groups = groups;
    this.paddingMode = mode;
    const f = { dtype: opts.dtype, device: opts.device };
    const shape = transposed ? [inChannels, outChannels / groups, ...this.kernelSize] : [outChannels, inChannels / groups, ...this.kernelSize];
    this.weight = new Parameter(emptyTensor(shape, f));
    this.bias = opts.bias ?? true ? new Parameter(emptyTensor([outChannels], f)) : null;
    this.resetParameters();
  }
  /** PyTorch's default: kaiming_uniform_(a=√5) for the weight, U(−1/√fan_in, 1/√fan_in) for the bias. */
  resetParameters() {
    kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias) {
      const [fanIn] = calculateFanInAndFanOut(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      uniform_(this.bias, -bound, bound);
    }
  }
  extraRepr() {
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${pyTuple(this.kernelSize)}, stride=${pyTuple(this.stride)}`;
    if (typeof this.padding === "string") s += `, padding=${this.padding}`;
    else if (this.padding.some((v) => v !== 0)) s += `, padding=${pyTuple(this.padding)}`;
    if (this.dilation.some((v) => v !== 1)) s += `, dilation=${pyTuple(this.dilation)}`;
    if (this.outputPadding.some((v) => v !== 0)) s += `, output_padding=${pyTuple(this.outputPadding)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (!this.bias) s += ", bias=False";
    if (this.paddingMode !== "zeros") s += `, padding_mode=${this.paddingMode}`;
    return s;
  }
};
var Conv = class extends ConvNd {
  nsp;
  constructor(nsp, inChannels, outChannels, kernelSize, opts) {
    super(nsp, false, inChannels, outChannels, kernelSize, opts);
    this.nsp = nsp;
  }
  forward(input) {
    if (this.paddingMode !== "zeros") {
      const p = this.padding;
      const amounts = p === "valid" ? this.kernelSize.map(() => [0, 0]) : p === "same" ? this.kernelSize.map((k2, i) => {
        const t2 = this.dilation[i] * (k2 - 1);
        const l = Math.floor(t2 / 2);
        return [l, t2 - l];
      }) : p.map((v) => [v, v]);
      const rev = amounts.reverse().flat();
      const padded = pad(input, rev, this.paddingMode === "circular" ? "circular" : this.paddingMode);
      return convNd(this.nsp, padded, this.weight, this.bias, { stride: this.stride, dilation: this.dilation, groups: this.groups });
    }
    return convNd(this.nsp, input, this.weight, this.bias, { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups });
  }
};
var Conv2d = class extends Conv {
  constructor(inChannels, outChannels, kernelSize, opts = {}) {
    super(2, inChannels, outChannels, kernelSize, opts);
  }
};

// packages/nn/src/rnn.ts
function isPacked(x) {
  return typeof x === "object" && x !== null && "data" in x && "batchSizes" in x && !(x instanceof Tensor);
}
var GATES2 = { tanh: 1, relu: 1, lstm: 4, gru: 3 };
var RNNBase = class extends Module {
  mode;
  inputSize;
  hiddenSize;
  numLayers;
  bias;
  batchFirst;
  dropout;
  bidirectional;
  projSize;
  constructor(mode, inputSize, hiddenSize, opts = {}) {
    super();
    this.mode = mode;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = opts.numLayers ?? 1;
    this.bias = opts.bias ?? true;
    this.batchFirst = opts.batchFirst ?? false;
    this.dropout = opts.dropout ?? 0;
    this.bidirectional = opts.bidirectional ?? false;
    this.projSize = opts.projSize ?? 0;
    if (!(this.dropout >= 0 && this.dropout <= 1)) throw new Error("dropout should be a number in range [0, 1] representing the probability of an element being zeroed");
    if (hiddenSize <= 0) throw new Error("hidden_size must be greater than zero");
    if (this.numLayers <= 0) throw new Error("num_layers must be greater than zero");
    if (this.projSize < 0) throw new Error("proj_size should be a positive integer or zero to disable projections");
    if (this.projSize >= hiddenSize) throw new Error("proj_size has to be smaller than hidden_size");
    if (this.projSize > 0 && mode !== "lstm") throw new Error("proj_size argument is only supported for LSTM, not RNN or GRU");
    const f = { dtype: opts.dtype, device: opts.device };
    const gh = GATES2[mode] * hiddenSize;
    const real = this.projSize > 0 ? this.projSize : hiddenSize;
    const dirs = this.bidirectional ? 2 : 1;
    for (let l = 0; l < this.numLayers; l++)
      for (let d = 0; d < dirs; d++) {
        const sfx = `_l${l}${d === 1 ? "_reverse" : ""}`;
        const inSize = l === 0 ? inputSize : real * dirs;
        this.registerParameter(`weight_ih${sfx}`, new Parameter(emptyTensor([gh, inSize], f)));
        this.registerParameter(`weight_hh${sfx}`, new Parameter(emptyTensor([gh, real], f)));
        if (this.bias) {
          this.registerParameter(`bias_ih${sfx}`, new Parameter(emptyTensor([gh], f)));
          this.registerParameter(`bias_hh${sfx}`, new Parameter(emptyTensor([gh], f)));
        }
        if (this.projSize > 0) this.registerParameter(`weight_hr${sfx}`, new Parameter(emptyTensor([this.projSize, hiddenSize], f)));
      }
    this.resetParameters();
  }
  /** PyTorch's default: every weight and bias U(−1/√hidden, 1/√hidden). */
  resetParameters() {
    const std = this.hiddenSize > 0 ? 1 / Math.sqrt(this.hiddenSize) : 0;
    noGrad(() => {
      for (const p of this.parameters()) p.uniform_(-std, std);
    });
  }
  param(name) {
    return this[name] ?? null;
  }
  /** The weights of each (layer, direction), in PyTorch's `_flat_weights` order. */
  layerWeights() {
    const out2 = [];
    const dirs = this.bidirectional ? 2 : 1;
    for (let l = 0; l < this.numLayers; l++)
      for (let d = 0; d < dirs; d++) {
        const sfx = `_l${l}${d === 1 ? "_reverse" : ""}`;
        out2.push({
          wIh: this.param(`weight_ih${sfx}`),
          wHh: this.param(`weight_hh${sfx}`),
          bIh: this.param(`bias_ih${sfx}`),
          bHh: this.param(`bias_hh${sfx}`),
          wHr: this.param(`weight_hr${sfx}`)
        });
      }
    return out2;
  }
  /** @internal The shared forward: returns output (as given: packed / batch-first) and h_n, c_n. */
  _run(input, hx, cx) {
    const name = this.mode === "lstm" ? "LSTM" : this.mode === "gru" ? "GRU" : "RNN";
    const dirs = this.bidirectional ? 2 : 1;
    const real = this.projSize > 0 ? this.projSize : this.hiddenSize;
    let x;
    let batchSizes = null;
    let bs = null;
    let unbatched = false;
    if (isPacked(input)) {
      bs = Array.from(input.batchSizes.toArray(), Number);
      batchSizes = tensor(bs, { dtype: "int64" });
      x = padPacked(input.data, bs);
    } else {
      if (input.ndim !== 2 && input.ndim !== 3) throw new Error(`${name}: Expected input to be 2-D or 3-D but received ${input.ndim}-D tensor`);
      unbatched = input.ndim === 2;
      x = unbatched ? input.unsqueeze(1) : this.batchFirst ? input.transpose(0, 1) : input;
    }
    if (x.shape[2] !== this.inputSize) throw new Error(`input.size(-1) must be equal to input_size. Expected ${this.inputSize}, got ${x.shape[2]}`);
    const B = x.shape[1];
    const sorted = isPacked(input) ? input.sortedIndices : null;
    const prep = (h, size, what) => {
      const expected = [this.numLayers * dirs, B, size];
      if (h === null) return zeros(expected, { dtype: x.dtype, device: x.device });
      let t2 = h;
      if (unbatched) {
        if (t2.ndim !== 2) throw new Error(`For unbatched 2-D input, ${what} should also be 2-D but got ${t2.ndim}-D tensor`);
        t2 = t2.unsqueeze(1);
      } else if (t2.ndim !== 3) throw new Error(`For batched 3-D input, ${what} should also be 3-D but got ${t2.ndim}-D tensor`);
      if (sorted) t2 = t2.indexSelect(1, sorted);
      if (t2.shape.join() !== expected.join())
        throw new Error(`Expected hidden size (${expected.join(", ")}), got [${t2.shape.join(", ")}]`);
      return t2;
    };
    const h0 = prep(hx, real, "hx");
    const c0 = this.mode === "lstm" ? prep(cx, this.hiddenSize, "cx") : null;
    const r = rnnLayers(this.mode, x, h0, c0, this.layerWeights(), {
      numLayers: this.numLayers,
      bidirectional: this.bidirectional,
      dropout: this.dropout,
      training: this.training,
      batchSizes,
      dropoutFn: (t2, p, training) => dropout(t2, p, training)
    });
    let hn = r.hn, cn = r.cn;
    if (isPacked(input)) {
      const unsorted = input.unsortedIndices;
      if (unsorted) {
        hn = hn.indexSelect(1, unsorted);
        cn = cn ? cn.indexSelect(1, unsorted) : null;
      }
      const data = packPadded(r.out, bs);
      const Ctor = input.constructor;
      const packed = Ctor === Object ? { data, batchSizes: input.batchSizes, sortedIndices: input.sortedIndices, unsortedIndices: input.unsortedIndices } : new Ctor(data, input.batchSizes, input.sortedIndices, input.unsortedIndices);
      return [packed, hn, cn];
    }
    let out2 = r.out;
    if (unbatched) {
      out2 = out2.squeeze(1);
      hn = hn.squeeze(1);
      cn = cn ? cn.squeeze(1) : null;
    } else if (this.batchFirst) out2 = out2.transpose(0, 1);
    return [out2, hn, cn];
  }
  extraRepr() {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (this.projSize !== 0) s += `, proj_size=${this.projSize}`;
    if (this.numLayers !== 1) s += `, num_layers=${this.numLayers}`;
    if (this.mode === "relu") s += ", nonlinearity='relu'";
    if (!this.bias) s += ", bias=False";
    if (this.batchFirst) s += ", batch_first=True";
    if (this.dropout !== 0) s += `, dropout=${pyFloat(this.dropout)}`;
    if (this.bidirectional) s += `, bidirectional=${pyBool(true)}`;
    return s;
  }
};
function padPacked(data, bs) {
  const T = bs.length, B = bs[0] ?? 0, N = data.shape[0];
  const idx = new Array(T * B);
  let off2 = 0;
  for (let t2 = 0; t2 < T; t2++) {
    for (let b = 0; b < B; b++) idx[t2 * B + b] = b < bs[t2] ? off2 + b : N;
    off2 += bs[t2];
  }
  const withZero = cat([data, zeros([1, data.shape[1]], { dtype: data.dtype, device: data.device })], 0);
  return withZero.indexSelect(0, tensor(idx, { dtype: "int64" })).view([T, B, data.shape[1]]);
}
function packPadded(out2, bs) {
  const [T, B, P] = out2.shape;
  const idx = [];
  for (let t2 = 0; t2 < T; t2++) for (let b = 0; b < bs[t2]; b++) idx.push(t2 * B + b);
  return out2.reshape([T * B, P]).indexSelect(0, tensor(idx, { dtype: "int64" }));
}
var LSTM = class extends RNNBase {
  constructor(inputSize, hiddenSize, opts = {}) {
    super("lstm", inputSize, hiddenSize, opts);
  }
  forward(input, hx = null) {
    const [out2, h, c] = this._run(input, hx ? hx[0] : null, hx ? hx[1] : null);
    return [out2, [h, c]];
  }
};

// packages/nn/src/attention.ts
var NonDynamicallyQuantizableLinear = class extends Linear {
};
var MultiheadAttention = class extends Module {
  embedDim;
  kdim;
  vdim;
  numHeads;
  dropout;
  batchFirst;
  headDim;
  in_proj_weight;
  q_proj_weight;
  k_proj_weight;
  v_proj_weight;
  in_proj_bias;
  out_proj;
  bias_k;
  bias_v;
  addZeroAttn;
  constructor(embedDim, numHeads, opts = {}) {
    super();
    if (embedDim <= 0 || numHeads <= 0) throw new Error(`embed_dim and num_heads must be greater than 0, got embed_dim=${embedDim} and num_heads=${numHeads} instead`);
    this.embedDim = embedDim;
    this.kdim = opts.kdim ?? embedDim;
    this.vdim = opts.vdim ?? embedDim;
    this.numHeads = numHeads;
    this.dropout = opts.dropout ?? 0;
    this.batchFirst = opts.batchFirst ?? false;
    this.headDim = Math.floor(embedDim / numHeads);
    if (this.headDim * numHeads !== embedDim) throw new Error("embed_dim must be divisible by num_heads");
    const f = { dtype: opts.dtype, device: opts.device };
    const same = this.kdim === embedDim && this.vdim === embedDim;
    if (same) {
      this.in_proj_weight = new Parameter(emptyTensor([3 * embedDim, embedDim], f));
      this.q_proj_weight = this.k_proj_weight = this.v_proj_weight = null;
    } else {
      this.in_proj_weight = null;
      this.q_proj_weight = new Parameter(emptyTensor([embedDim, embedDim], f));
      this.k_proj_weight = new Parameter(emptyTensor([embedDim, this.kdim], f));
      this.v_proj_weight = new Parameter(emptyTensor([embedDim, this.vdim], f));
    }
    const bias = opts.bias ?? true;
    this.in_proj_bias = bias ? new Parameter(emptyTensor([3 * embedDim], f)) : null;
    this.out_proj = new NonDynamicallyQuantizableLinear(embedDim, embedDim, { bias, ...f });
    if (opts.addBiasKv) {
      this.bias_k = new Parameter(emptyTensor([1, 1, embedDim], f));
      this.bias_v = new Parameter(emptyTensor([1, 1, embedDim], f));
    } else this.bias_k = this.bias_v = null;
    this.addZeroAttn = opts.addZeroAttn ?? false;
    this.resetParameters();
  }
  /** PyTorch's `_reset_parameters`: xavier-uniform projections, zero biases, xavier-normal bias_k/v. */
  resetParameters() {
    if (this.in_proj_weight) xavierUniform_(this.in_proj_weight);
    else {
      xavierUniform_(this.q_proj_weight);
      xavierUniform_(this.k_proj_weight);
      xavierUniform_(this.v_proj_weight);
    }
    if (this.in_proj_bias) {
      constant_(this.in_proj_bias, 0);
      constant_(this.out_proj.bias, 0);
    }
    if (this.bias_k) xavierNormal_(this.bias_k);
    if (this.bias_v) xavierNormal_(this.bias_v);
  }
  forward(query, key, value, opts = {}) {
    const batched = query.ndim === 3;
    let q = query, k2 = key, v = value;
    if (this.batchFirst && batched) {
      if (key === value) {
        if (query === key) q = k2 = v = query.transpose(0, 1);
        else {
          q = query.transpose(0, 1);
          k2 = v = key.transpose(0, 1);
        }
      } else {
        q = query.transpose(0, 1);
        k2 = key.transpose(0, 1);
        v = value.transpose(0, 1);
      }
    }
    const [out2, w] = multiHeadAttentionForward(q, k2, v, {
      numHeads: this.numHeads,
      inProjWeight: this.in_proj_weight,
      inProjBias: this.in_proj_bias,
      qProjWeight: this.q_proj_weight,
      kProjWeight: this.k_proj_weight,
      vProjWeight: this.v_proj_weight,
      biasK: this.bias_k,
      biasV: this.bias_v,
      addZeroAttn: this.addZeroAttn,
      dropoutP: this.dropout,
      outProjWeight: this.out_proj.weight,
      outProjBias: this.out_proj.bias,
      training: this.training,
      keyPaddingMask: opts.keyPaddingMask,
      needWeights: opts.needWeights ?? true,
      attnMask: opts.attnMask,
      averageAttnWeights: opts.averageAttnWeights ?? true
    });
    return [this.batchFirst && batched ? out2.transpose(0, 1) : out2, w];
  }
};

// packages/nn/src/transformer.ts
function activationFn(a) {
  if (a === "relu") return (x) => relu(x);
  if (a === "gelu") return (x) => gelu(x);
  if (typeof a === "function") return a;
  throw new Error(`activation should be relu/gelu, not ${String(a)}`);
}
function layerArgs(dModel, nhead, opts) {
  const o = typeof dModel === "object" ? dModel : { ...opts, dModel, nhead };
  if (o.dModel === void 0 || o.nhead === void 0) throw new Error("dModel and nhead are required");
  return {
    dModel: o.dModel,
    nhead: o.nhead,
    dimFeedforward: o.dimFeedforward ?? 2048,
    dropout: o.dropout ?? 0.1,
    activation: o.activation ?? "relu",
    layerNormEps: o.layerNormEps ?? 1e-5,
    batchFirst: o.batchFirst ?? false,
    normFirst: o.normFirst ?? false,
    device: o.device,
    dtype: o.dtype
  };
}
var TransformerEncoderLayer = class extends Module {
  self_attn;
  linear1;
  dropout;
  linear2;
  normFirst;
  norm1;
  norm2;
  dropout1;
  dropout2;
  activation;
  constructor(dModel, nhead, opts = {}) {
    super();
    const a = layerArgs(dModel, nhead, opts);
    Object.defineProperty(this, "_args", { value: a, enumerable: false });
    const f = { device: a.device, dtype: a.dtype };
    this.self_attn = new MultiheadAttention(a.dModel, a.nhead, { dropout: a.dropout, batchFirst: a.batchFirst, ...f });
    this.linear1 = new Linear(a.dModel, a.dimFeedforward, f);
    this.dropout = new Dropout(a.dropout);
    this.linear2 = new Linear(a.dimFeedforward, a.dModel, f);
    this.normFirst = a.normFirst;
    this.norm1 = new LayerNorm(a.dModel, { eps: a.layerNormEps, ...f });
    this.norm2 = new LayerNorm(a.dModel, { eps: a.layerNormEps, ...f });
    this.dropout1 = new Dropout(a.dropout);
    this.dropout2 = new Dropout(a.dropout);
    this.activation = activationFn(a.activation);
  }
  forward(src, opts = {}) {
    let mask = opts.srcMask ?? null;
    if (opts.isCausal && !mask) mask = Transformer.generateSquareSubsequentMask(src.shape[this.self_attn.batchFirst ? 1 : 0], { dtype: src.dtype });
    const kpm = opts.srcKeyPaddingMask ?? null;
    let x = src;
    if (this.normFirst) {
      x = x.add(this.saBlock(this.norm1.forward(x), mask, kpm));
      x = x.add(this.ffBlock(this.norm2.forward(x)));
    } else {
      x = this.norm1.forward(x.add(this.saBlock(x, mask, kpm)));
      x = this.norm2.forward(x.add(this.ffBlock(x)));
    }
    return x;
  }
  saBlock(x, mask, kpm) {
    const [y] = this.self_attn.forward(x, x, x, { attnMask: mask, keyPaddingMask: kpm, needWeights: false });
    return this.dropout1.forward(y);
  }
  ffBlock(x) {
    return this.dropout2.forward(this.linear2.forward(this.dropout.forward(this.activation(this.linear1.forward(x)))));
  }
};
var TransformerDecoderLayer = class extends Module {
  self_attn;
  multihead_attn;
  linear1;
  dropout;
  linear2;
  normFirst;
  norm1;
  norm2;
  norm3;
  dropout1;
  dropout2;
  dropout3;
  activation;
  constructor(dModel, nhead, opts = {}) {
    super();
    const a = layerArgs(dModel, nhead, opts);
    Object.defineProperty(this, "_args", { value: a, enumerable: false });
    const f = { device: a.device, dtype: a.dtype };
    this.self_attn = new MultiheadAttention(a.dModel, a.nhead, { dropout: a.dropout, batchFirst: a.batchFirst, ...f });
    this.multihead_attn = new MultiheadAttention(a.dModel, a.nhead, { dropout: a.dropout, batchFirst: a.batchFirst, ...f });
    this.linear1 = new Linear(a.dModel, a.dimFeedforward, f);
    this.dropout = new Dropout(a.dropout);
    this.linear2 = new Linear(a.dimFeedforward, a.dModel, f);
    this.normFirst = a.normFirst;
    this.norm1 = new LayerNorm(a.dModel, { eps: a.layerNormEps, ...f });
    this.norm2 = new LayerNorm(a.dModel, { eps: a.layerNormEps, ...f });
    this.norm3 = new LayerNorm(a.dModel, { eps: a.layerNormEps, ...f });
    this.dropout1 = new Dropout(a.dropout);
    this.dropout2 = new Dropout(a.dropout);
    this.dropout3 = new Dropout(a.dropout);
    this.activation = activationFn(a.activation);
  }
  forward(tgt, memory, opts = {}) {
    let tmask = opts.tgtMask ?? null;
    if (opts.tgtIsCausal && !tmask) tmask = Transformer.generateSquareSubsequentMask(tgt.shape[this.self_attn.batchFirst ? 1 : 0], { dtype: tgt.dtype });
    const tkpm = opts.tgtKeyPaddingMask ?? null, mmask = opts.memoryMask ?? null, mkpm = opts.memoryKeyPaddingMask ?? null;
    let x = tgt;
    if (this.normFirst) {
      x = x.add(this.saBlock(this.norm1.forward(x), tmask, tkpm));
      x = x.add(this.mhaBlock(this.norm2.forward(x), memory, mmask, mkpm));
      x = x.add(this.ffBlock(this.norm3.forward(x)));
    } else {
      x = this.norm1.forward(x.add(this.saBlock(x, tmask, tkpm)));
      x = this.norm2.forward(x.add(this.mhaBlock(x, memory, mmask, mkpm)));
      x = this.norm3.forward(x.add(this.ffBlock(x)));
    }
    return x;
  }
  saBlock(x, mask, kpm) {
    return this.dropout1.forward(this.self_attn.forward(x, x, x, { attnMask: mask, keyPaddingMask: kpm, needWeights: false })[0]);
  }
  mhaBlock(x, mem, mask, kpm) {
    return this.dropout2.forward(this.multihead_attn.forward(x, mem, mem, { attnMask: mask, keyPaddingMask: kpm, needWeights: false })[0]);
  }
  ffBlock(x) {
    return this.dropout3.forward(this.linear2.forward(this.dropout.forward(this.activation(this.linear1.forward(x)))));
  }
};
function clones(layer, n) {
  const Ctor = layer.constructor;
  const sd = layer.stateDict();
  return new ModuleList(Array.from({ length: n }, () => {
    const m = new Ctor(layer._args);
    m.loadStateDict(sd);
    if (!layer.training) m.eval();
    return m;
  }));
}
var TransformerEncoder = class extends Module {
  layers;
  numLayers;
  norm;
  constructor(encoderLayer, numLayers, opts = {}) {
    super();
    this.layers = clones(encoderLayer, numLayers);
    this.numLayers = numLayers;
    this.norm = opts.norm ?? null;
  }
  forward(src, opts = {}) {
    let x = src;
    for (const layer of this.layers) x = layer.forward(x, { srcMask: opts.mask, srcKeyPaddingMask: opts.srcKeyPaddingMask, isCausal: opts.isCausal });
    return this.norm ? this.norm.forward(x) : x;
  }
};
var TransformerDecoder = class extends Module {
  layers;
  numLayers;
  norm;
  constructor(decoderLayer, numLayers, opts = {}) {
    super();
    this.layers = clones(decoderLayer, numLayers);
    this.numLayers = numLayers;
    this.norm = opts.norm ?? null;
  }
  forward(tgt, memory, opts = {}) {
    let x = tgt;
    for (const layer of this.layers) x = layer.forward(x, memory, opts);
    return this.norm ? this.norm.forward(x) : x;
  }
};
var Transformer = class extends Module {
  encoder;
  decoder;
  dModel;
  nhead;
  batchFirst;
  constructor(opts = {}) {
    super();
    const a = layerArgs({ ...opts, dModel: opts.dModel ?? 512, nhead: opts.nhead ?? 8 }, void 0, {});
    const f = { device: a.device, dtype: a.dtype };
    this.encoder = opts.customEncoder ?? new TransformerEncoder(new TransformerEncoderLayer(a), opts.numEncoderLayers ?? 6, { norm: new LayerNorm(a.dModel, { eps: a.layerNormEps, ...f }) });
    this.decoder = opts.customDecoder ?? new TransformerDecoder(new TransformerDecoderLayer(a), opts.numDecoderLayers ?? 6, { norm: new LayerNorm(a.dModel, { eps: a.layerNormEps, ...f }) });
    this.dModel = a.dModel;
    this.nhead = a.nhead;
    this.batchFirst = a.batchFirst;
    for (const p of this.parameters()) if (p.ndim > 1) xavierUniform_(p);
  }
  forward(src, tgt, opts = {}) {
    const batched = src.ndim === 3;
    if (batched && src.shape[this.batchFirst ? 0 : 1] !== tgt.shape[this.batchFirst ? 0 : 1]) throw new Error("the batch number of src and tgt must be equal");
    if (src.shape[src.ndim - 1] !== this.dModel || tgt.shape[tgt.ndim - 1] !== this.dModel)
      throw new Error("the feature number of src and tgt must be equal to d_model");
    const memory = this.encoder.forward(src, { mask: opts.srcMask, srcKeyPaddingMask: opts.srcKeyPaddingMask });
    return this.decoder.forward(tgt, memory, {
      tgtMask: opts.tgtMask,
      memoryMask: opts.memoryMask,
      tgtKeyPaddingMask: opts.tgtKeyPaddingMask,
      memoryKeyPaddingMask: opts.memoryKeyPaddingMask
    });
  }
  /** A float (sz, sz) mask with -inf above the diagonal, 0 elsewhere. */
  static generateSquareSubsequentMask(sz, opts = {}) {
    return full([sz, sz], -Infinity, { dtype: opts.dtype ?? "float32", device: opts.device }).triu(1);
  }
};

// packages/nn/bench/heavy_bench.ts
setNumThreads(2);
manualSeed(0);
function median2(fn, reps, warm = 2) {
  for (let i = 0; i < warm; i++) fn();
  const ts = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  return ts[Math.floor(reps / 2)];
}
var which = process.argv[2] ?? "all";
var out = {};
if (which === "all" || which === "conv") {
  const x = randn([8, 64, 56, 56]), w = randn([64, 64, 3, 3]), b = randn([64]);
  out.conv2d_fwd = median2(() => functional_exports.conv2d(x, w, b, { padding: 1 }), 15);
}
if (which === "all" || which === "cnn") {
  class Net extends Module {
    conv1 = new Conv2d(1, 32, 3);
    conv2 = new Conv2d(32, 64, 3);
    fc1 = new Linear(9216, 128);
    fc2 = new Linear(128, 10);
    forward(x2) {
      let h = functional_exports.relu(this.conv1.forward(x2));
      h = functional_exports.maxPool2d(functional_exports.relu(this.conv2.forward(h)), 2);
      h = functional_exports.relu(this.fc1.forward(h.flatten(1)));
      return this.fc2.forward(h);
    }
  }
  const net = new Net();
  const x = randn([64, 1, 28, 28]), y = randint(0, 10, [64]);
  out.cnn_step = median2(() => {
    for (const p of net.parameters()) p.grad = null;
    functional_exports.crossEntropy(net.forward(x), y).backward();
    noGrad(() => {
      for (const p of net.parameters()) p.sub_(p.grad.mul(0.01));
    });
  }, 15);
}
if (which === "all" || which === "lstm") {
  const lstm = new LSTM(128, 256, { batchFirst: true });
  const x = randn([32, 50, 128]);
  out.lstm_fwd_bwd = median2(() => {
    const [o] = lstm.forward(x);
    o.sum().backward();
  }, 9);
}
if (which === "all" || which === "transformer") {
  const layer = new TransformerEncoderLayer(256, 8, { dimFeedforward: 1024, batchFirst: true });
  layer.eval();
  const x = randn([16, 128, 256]);
  out.encoder_fwd = noGrad(() => median2(() => layer.forward(x), 9));
}
console.log(JSON.stringify(Object.fromEntries(Object.entries(out).map(([k2, v]) => [k2, +v.toFixed(2)]))));
