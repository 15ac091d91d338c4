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
function promoteTypes(a, b2) {
  if (a === b2) return a;
  if (a === "bool") return b2;
  if (b2 === "bool") return a;
  const fa = isFloatingPoint(a);
  const fb = isFloatingPoint(b2);
  if (fa && fb) {
    if (a === "float16" && b2 === "bfloat16" || a === "bfloat16" && b2 === "float16") return "float32";
    return FLOAT_RANK[a] >= FLOAT_RANK[b2] ? a : b2;
  }
  if (fa) return a;
  if (fb) return b2;
  if (a === "uint8") return b2 === "int8" ? "int16" : b2;
  if (b2 === "uint8") return a === "int8" ? "int16" : a;
  return INT_RANK[a] >= INT_RANK[b2] ? a : b2;
}
function category(d) {
  if (d === "bool") return 0;
  return isFloatingPoint(d) ? 2 : 1;
}

// packages/core/src/storage.ts
var NATIVE_ALLOC_BYTES = 1 << 20;
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
    return new _Storage(nbytes >= NATIVE_ALLOC_BYTES ? native.cpu.alloc(nbytes) : new ArrayBuffer(nbytes));
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
  unary(op, out, a, p0 = 0, p1 = 0, p2 = 0) {
    META[0] = UNARY[op];
    META[1] = DTYPE_CODE[a.dtype];
    META[2] = DTYPE_CODE[out.dtype];
    META[3] = p0;
    META[4] = p1;
    META[5] = p2;
    loop(out._shape, [out, a]);
    k.unary(out._storage.buffer, a._storage.buffer);
  },
  binary(op, out, a, b2, computeDtype, alpha = 1) {
    META[0] = BINARY[op];
    META[1] = DTYPE_CODE[computeDtype];
    META[2] = DTYPE_CODE[out.dtype];
    META[3] = alpha;
    const sa = typeof a === "number", sb = typeof b2 === "number";
    META[4] = sa ? a : 0;
    META[5] = sb ? b2 : 0;
    if (sa && sb) throw new Error("internal error: binary op on two scalars");
    loop(out._shape, [out, sa ? null : a, sb ? null : b2]);
    k.binary(out._storage.buffer, sa ? void 0 : a._storage.buffer, sb ? void 0 : b2._storage.buffer);
  },
  where(out, cond, a, b2) {
    META[0] = DTYPE_CODE[out.dtype];
    META[4] = typeof a === "number" ? a : 0;
    META[5] = typeof b2 === "number" ? b2 : 0;
    loop(out._shape, [out, cond, typeof a === "number" ? null : a, typeof b2 === "number" ? null : b2]);
    k.where(
      out._storage.buffer,
      cond._storage.buffer,
      typeof a === "number" ? void 0 : a._storage.buffer,
      typeof b2 === "number" ? void 0 : b2._storage.buffer
    );
  },
  copy(out, src) {
    META[0] = DTYPE_CODE[out.dtype];
    META[1] = DTYPE_CODE[src.dtype];
    loop(out._shape, [out, src]);
    k.copy(out._storage.buffer, src._storage.buffer);
  },
  fill(out, value) {
    META[0] = DTYPE_CODE[out.dtype];
    META[1] = value;
    loop(out._shape, [out]);
    k.fill(out._storage.buffer);
  },
  range(out, n, start, stepOrEnd, linspace2) {
    META[0] = DTYPE_CODE[out.dtype];
    META[1] = n;
    META[2] = start;
    META[3] = stepOrEnd;
    META[4] = linspace2 ? 1 : 0;
    k.range(out._storage.buffer);
  },
  reduce(op, out, a, mask) {
    const nd = a._shape.length;
    META[0] = REDUCE[op];
    META[1] = DTYPE_CODE[a.dtype];
    META[2] = DTYPE_CODE[out.dtype];
    META[3] = a._offset;
    META[4] = nd;
    for (let d = 0; d < nd; d++) {
      META[5 + d] = a._shape[d];
      META[5 + nd + d] = a._strides[d];
      META[5 + 2 * nd + d] = mask[d] ? 1 : 0;
    }
    k.reduce(out._storage.buffer, a._storage.buffer);
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
  scan(op, out, indices, a, outer2, len, inner) {
    META[0] = SCAN[op];
    META[1] = DTYPE_CODE[a.dtype];
    META[2] = DTYPE_CODE[out.dtype];
    META[3] = a._offset;
    META[4] = outer2;
    META[5] = len;
    META[6] = inner;
    k.scan(out._storage.buffer, buf(indices), a._storage.buffer);
  },
  softmax(out, a, outer2, len, inner, log) {
    META[0] = DTYPE_CODE[a.dtype];
    META[1] = log ? 1 : 0;
    META[2] = a._offset;
    META[3] = outer2;
    META[4] = len;
    META[5] = inner;
    k.softmax(out._storage.buffer, a._storage.buffer);
  },
  softmaxBackward(out, g, y, outer2, len, inner, log) {
    META[0] = DTYPE_CODE[y.dtype];
    META[1] = log ? 1 : 0;
    META[2] = g._offset;
    META[3] = y._offset;
    META[4] = outer2;
    META[5] = len;
    META[6] = inner;
    k.softmaxBackward(out._storage.buffer, g._storage.buffer, y._storage.buffer);
  },
  matmul(c, a, b2, alpha = 1, beta = 0) {
    META[0] = DTYPE_CODE[c.dtype];
    META[1] = c._shape[0];
    META[2] = c._shape[1];
    META[3] = c._shape[2];
    META[4] = a._shape[2];
    META[5] = a._offset;
    META[6] = a._strides[0];
    META[7] = a._strides[1];
    META[8] = a._strides[2];
    META[9] = b2._offset;
    META[10] = b2._strides[0];
    META[11] = b2._strides[1];
    META[12] = b2._strides[2];
    META[13] = c._offset;
    META[14] = c._strides[0];
    META[15] = c._strides[1];
    META[16] = c._strides[2];
    META[17] = alpha;
    META[18] = beta;
    k.matmul(c._storage.buffer, a._storage.buffer, b2._storage.buffer);
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
  take(out, src, srcStrides, offsets) {
    META[0] = DTYPE_CODE[out.dtype];
    loop(out._shape, [out, strided(src, srcStrides), offsets]);
    k.take(out._storage.buffer, src._storage.buffer, offsets._storage.buffer);
  },
  put(dst, dstStrides, values, offsets, shape, accumulate2) {
    META[0] = DTYPE_CODE[dst.dtype];
    META[1] = accumulate2 ? 1 : 0;
    META[2] = typeof values === "number" ? values : 0;
    loop(shape, [strided(dst, dstStrides), typeof values === "number" ? null : values, offsets]);
    k.put(dst._storage.buffer, typeof values === "number" ? void 0 : values._storage.buffer, offsets._storage.buffer);
  },
  nonzero(out, a, capacity) {
    META[0] = DTYPE_CODE[a.dtype];
    META[1] = capacity;
    const nd = a._shape.length;
    META[8] = nd;
    let p = 9;
    for (let d = 0; d < nd; d++) META[p++] = a._shape[d];
    META[p++] = a._offset;
    for (let d = 0; d < nd; d++) META[p++] = a._strides[d];
    return k.nonzero(out ? out._storage.buffer : null, a._storage.buffer);
  },
  random(kind, out, seed2, offset, a, b2) {
    META[0] = RANDOM[kind];
    META[1] = DTYPE_CODE[out.dtype];
    META[2] = out._shape.reduce((x2, y) => x2 * y, 1);
    META[3] = Number(seed2 >> 32n);
    META[4] = Number(seed2 & 0xffffffffn);
    META[5] = offset;
    META[6] = a;
    META[7] = b2;
    k.random(out._storage.buffer);
  },
  bernoulli(out, p, seed2, offset) {
    META[0] = DTYPE_CODE[out.dtype];
    META[1] = DTYPE_CODE[p.dtype];
    META[2] = out._shape.reduce((x2, y) => x2 * y, 1);
    META[3] = Number(seed2 >> 32n);
    META[4] = Number(seed2 & 0xffffffffn);
    META[5] = offset;
    META[6] = p._offset;
    k.bernoulli(out._storage.buffer, p._storage.buffer);
  },
  randperm(out, n, seed2, offset) {
    META[0] = n;
    META[1] = Number(seed2 >> 32n);
    META[2] = Number(seed2 & 0xffffffffn);
    META[3] = offset;
    k.randperm(out._storage.buffer);
  },
  multinomial(out, weights, rows, cats, samples, replacement, seed2, offset) {
    META[0] = rows;
    META[1] = cats;
    META[2] = samples;
    META[3] = replacement ? 1 : 0;
    META[4] = Number(seed2 >> 32n);
    META[5] = Number(seed2 & 0xffffffffn);
    META[6] = offset;
    META[7] = weights._offset;
    k.multinomial(out._storage.buffer, weights._storage.buffer);
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
  convForward(g, out, x2, w2, bias) {
    convMeta(x2.dtype, g);
    META[23] = x2._offset;
    META[24] = w2._offset;
    META[25] = off(bias);
    k.convForward(out._storage.buffer, x2._storage.buffer, w2._storage.buffer, buf(bias));
  },
  convBackwardInput(g, gin, gout, w2) {
    convMeta(gout.dtype, g);
    META[23] = gout._offset;
    META[24] = w2._offset;
    META[25] = 0;
    k.convBackwardInput(gin._storage.buffer, gout._storage.buffer, w2._storage.buffer);
  },
  convBackwardWeight(g, gw, gout, x2) {
    convMeta(gout.dtype, g);
    META[23] = gout._offset;
    META[24] = x2._offset;
    META[25] = 0;
    k.convBackwardWeight(gw._storage.buffer, gout._storage.buffer, x2._storage.buffer);
  },
  im2col(g, col, x2) {
    convMeta(x2.dtype, g);
    META[23] = x2._offset;
    k.im2col(col._storage.buffer, x2._storage.buffer);
  },
  col2im(g, x2, col) {
    convMeta(col.dtype, g);
    META[23] = col._offset;
    k.col2im(x2._storage.buffer, col._storage.buffer);
  },
  maxPool2d(g, out, indices, x2) {
    poolMeta(x2.dtype, g, x2._offset);
    k.maxPool2d(out._storage.buffer, indices._storage.buffer, x2._storage.buffer);
  },
  avgPool2d(g, out, x2) {
    poolMeta(x2.dtype, g, x2._offset);
    k.avgPool2d(out._storage.buffer, x2._storage.buffer);
  },
  avgPool2dBackward(g, gin, gout) {
    poolMeta(gout.dtype, g, gout._offset);
    k.avgPool2dBackward(gin._storage.buffer, gout._storage.buffer);
  },
  adaptivePool2d(g, isMax, out, indices, x2) {
    poolMeta(x2.dtype, g, x2._offset);
    META[14] = isMax ? 1 : 0;
    k.adaptivePool2d(out._storage.buffer, buf(indices), x2._storage.buffer);
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
  const b2 = backends.get(type);
  if (!b2) {
    if (type === "cuda") throw new Error("Torch not compiled with CUDA enabled");
    throw new Error(`Expected one of cpu, cuda device type at start of device string: ${device}`);
  }
  return b2;
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
function record(out, name, inputs, backward2, saved = null) {
  if (!isGradEnabled()) return out;
  let any = false;
  for (let i = 0; i < inputs.length; i++) if (inputs[i].requiresGrad) {
    any = true;
    break;
  }
  if (!any) return out;
  const next = new Array(inputs.length);
  for (let i = 0; i < inputs.length; i++) next[i] = gradEdge(inputs[i]);
  const node = new Node(name, next, backward2, saved);
  node.outputMeta = { shape: out.shape, dtype: out.dtype };
  out._setGradFn(node);
  return out;
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
function sameShape(a, b2) {
  if (a.length !== b2.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b2[i]) return false;
  return true;
}
function shapeString(shape) {
  return `[${shape.join(", ")}]`;
}
function broadcastShapes(a, b2) {
  const n = Math.max(a.length, b2.length);
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)];
    const db = i < n - b2.length ? 1 : b2[i - (n - b2.length)];
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else
      throw new Error(
        `The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i}`
      );
  }
  return out;
}
function broadcastStrides(shape, strides, target) {
  const out = new Array(target.length).fill(0);
  const off2 = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) out[i + off2] = shape[i] === 1 && target[i + off2] !== 1 ? 0 : strides[i];
  return out;
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
  const out = new Array(target.length);
  let viewD = target.length - 1;
  let chunkBase = strides[strides.length - 1] ?? 1;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    tensorNumel *= shape[d];
    if (d === 0 || shape[d - 1] !== 1 && strides[d - 1] !== tensorNumel * chunkBase) {
      while (viewD >= 0 && (viewNumel < tensorNumel || target[viewD] === 1)) {
        out[viewD] = viewNumel * chunkBase;
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
  return out;
}

// packages/core/src/tensor.ts
import { inspect } from "node:util";

// packages/core/src/autograd/engine.ts
function add(a, b2) {
  return a === void 0 ? b2 : a.add(b2);
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
  const stack = [...roots];
  const seen = new Set(roots);
  while (stack.length) {
    const n = stack.pop();
    for (const m of n.next) {
      if (!m) continue;
      deps.set(m, (deps.get(m) ?? 0) + 1);
      if (!seen.has(m)) {
        seen.add(m);
        stack.push(m);
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
function exactDecimal(x2) {
  F64[0] = x2;
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
function isNegative(x2) {
  return x2 < 0 || Object.is(x2, -0);
}
function nonFinite(x2) {
  if (Number.isNaN(x2)) return "nan";
  if (x2 === Infinity) return "inf";
  if (x2 === -Infinity) return "-inf";
  return null;
}
function pyFormatFixed(x2, precision) {
  const nf = nonFinite(x2);
  if (nf !== null) return nf;
  const sign = isNegative(x2) ? "-" : "";
  const { digits, point } = exactDecimal(Math.abs(x2));
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
function pyFormatExp(x2, precision) {
  const nf = nonFinite(x2);
  if (nf !== null) return nf;
  const sign = isNegative(x2) ? "-" : "";
  const { digits, point } = exactDecimal(Math.abs(x2));
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
      const x2 = v;
      if (Number.isFinite(x2) && x2 !== 0) nz.push(x2);
    }
    if (nz.length === 0) return;
    let min = Infinity;
    let max = -Infinity;
    for (const x2 of nz) {
      const a = Math.abs(x2);
      if (a < min) min = a;
      if (a > max) max = a;
    }
    for (const x2 of nz) {
      if (x2 !== Math.ceil(x2)) {
        this.intMode = false;
        break;
      }
    }
    if (this.intMode) {
      if (max / min > 1e3 || max > 1e8) {
        this.sciMode = true;
        for (const x2 of nz) this.maxWidth = Math.max(this.maxWidth, pyFormatExp(x2, precision).length);
      } else {
        for (const x2 of nz) this.maxWidth = Math.max(this.maxWidth, pyFormatFixed(x2, 0).length + 1);
      }
    } else if (max / min > 1e3 || max > 1e8 || min < 1e-4) {
      this.sciMode = true;
      for (const x2 of nz) this.maxWidth = Math.max(this.maxWidth, pyFormatExp(x2, precision).length);
    } else {
      for (const x2 of nz) this.maxWidth = Math.max(this.maxWidth, pyFormatFixed(x2, precision).length);
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
      const x2 = v;
      const precision = printOptions.precision;
      if (this.sciMode) {
        ret = pyFormatExp(x2, precision);
      } else if (this.intMode) {
        ret = pyFormatFixed(x2, 0);
        if (Number.isFinite(x2)) ret += ".";
      } else {
        ret = pyFormatFixed(x2, precision);
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
  const out = [];
  if (summarize && n > 2 * edge) {
    for (let i = 0; i < edge; i++) out.push(i);
    for (let i = isVector ? tailStart(n, edge) : n - edge; i < n; i++) out.push(i);
  } else {
    for (let i = 0; i < n; i++) out.push(i);
  }
  return out;
}
function collectSummarized(values, view2, summarize, out) {
  if (view2.shape.length === 0) {
    out.push(values[view2.offset]);
    return;
  }
  for (const i of keptIndices(view2.shape[0], summarize, view2.shape.length === 1)) {
    collectSummarized(values, sub(view2, i), summarize, out);
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
  const numel = shape.reduce((a, b2) => a * b2, 1);
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
  const out = new Array(n);
  if (isFloatingPoint(dtype)) {
    const narrow2 = dtype !== "float64";
    for (let i = 0; i < n; i++) {
      const x2 = Number(values[i]);
      out[i] = narrow2 ? Math.fround(x2) : x2;
    }
  } else if (dtype === "bool") {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      out[i] = typeof v === "boolean" ? v : Number(v) !== 0;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      out[i] = typeof v === "boolean" ? v ? 1 : 0 : v;
    }
  }
  return out;
}
function formatTensor(values, shape, dtype, extras = {}) {
  const prefix = "tensor(";
  const indent = prefix.length;
  const suffixes = [];
  const device = extras.device;
  if (device !== void 0 && device !== "cpu") suffixes.push(`device='${device}'`);
  const numel = shape.reduce((a, b2) => a * b2, 1);
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
function flattenInto(data, shape, depth, out) {
  if (depth === shape.length) {
    if (Array.isArray(data)) throw new Error(`expected sequence of length ${shape[depth - 1]} at dim ${depth - 1}`);
    const v = data;
    if (typeof v !== "number" && typeof v !== "boolean" && typeof v !== "bigint")
      throw new TypeError(`Could not infer dtype of ${typeof v}`);
    out.push(v);
    return;
  }
  if (!Array.isArray(data) || data.length !== shape[depth])
    throw new Error(
      `expected sequence of length ${shape[depth]} at dim ${depth} (got ${Array.isArray(data) ? data.length : "a scalar"})`
    );
  for (const x2 of data) flattenInto(x2, shape, depth + 1, out);
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
      const x2 = values[i];
      v[i] = typeof x2 === "bigint" ? x2 : BigInt(Math.trunc(Number(x2)));
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

// packages/core/src/ops/shape.ts
function flatSizes(args) {
  return args.length === 1 && Array.isArray(args[0]) ? [...args[0]] : args;
}
function rawView(x2, shape, strides, offset) {
  const v = new Tensor(x2._storage, shape, strides, offset, x2.dtype);
  v._base = x2._base ?? x2;
  return v;
}
function alias(x2) {
  const v = new Tensor(x2._storage, x2._shape, x2._strides, x2._offset, x2.dtype);
  v._base = x2._base ?? x2;
  return v;
}
function view_(x2, shape, strides, offset, name, backward2) {
  const v = rawView(x2, shape, strides, offset);
  if (x2._requiresGrad) record(v, name, [x2], (g) => [backward2(g)]);
  return v;
}
function view(x2, args) {
  const shape = inferShape(flatSizes(args), x2.numel());
  const strides = viewStrides(x2._shape, x2._strides, shape);
  if (!strides)
    throw new Error(
      "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead."
    );
  const inShape = x2._shape;
  return view_(x2, shape, strides, x2._offset, "ViewBackward0", (g) => g.reshape(inShape));
}
function reshape(x2, args) {
  const shape = inferShape(flatSizes(args), x2.numel());
  const strides = viewStrides(x2._shape, x2._strides, shape);
  if (strides) {
    const inShape = x2._shape;
    return view_(x2, shape, strides, x2._offset, "ViewBackward0", (g) => g.reshape(inShape));
  }
  const c = clone(x2);
  const out = rawView(c, shape, contiguousStrides(shape), c._offset);
  out._base = null;
  if (c._requiresGrad) {
    const inShape = x2._shape;
    record(out, "UnsafeViewBackward0", [c], (g) => [g.reshape(inShape)]);
  }
  return out;
}
function flatten(x2, startDim = 0, endDim = -1) {
  if (x2.ndim === 0) return x2.reshape(1);
  const s = normalizeDim(startDim, x2.ndim), e = normalizeDim(endDim, x2.ndim);
  if (s > e) throw new Error("flatten() has invalid args: start_dim cannot come after end_dim");
  if (s === e) return x2;
  const shape = [...x2._shape.slice(0, s), numelOf(x2._shape.slice(s, e + 1)), ...x2._shape.slice(e + 1)];
  return x2.reshape(shape);
}
function unflatten(x2, dim, sizes) {
  const d = normalizeDim(dim, x2.ndim);
  const inner = inferShape(sizes, x2._shape[d]);
  return x2.view([...x2._shape.slice(0, d), ...inner, ...x2._shape.slice(d + 1)]);
}
function squeeze(x2, dim) {
  let dims;
  if (dim === void 0) dims = new Set(x2._shape.map((s, i) => s === 1 ? i : -1).filter((i) => i >= 0));
  else dims = new Set((typeof dim === "number" ? [dim] : dim).map((d) => normalizeDim(d, x2.ndim)));
  const shape = [], strides = [];
  x2._shape.forEach((s, i) => {
    if (!(dims.has(i) && s === 1)) {
      shape.push(s);
      strides.push(x2._strides[i]);
    }
  });
  const inShape = x2._shape;
  return view_(x2, shape, strides, x2._offset, dim === void 0 ? "SqueezeBackward0" : "SqueezeBackward1", (g) => g.reshape(inShape));
}
function unsqueeze(x2, dim) {
  const d = normalizeDim(dim, x2.ndim + 1);
  const shape = [...x2._shape], strides = [...x2._strides];
  const st = d < x2.ndim ? x2._strides[d] * x2._shape[d] : 1;
  shape.splice(d, 0, 1);
  strides.splice(d, 0, st);
  return view_(x2, shape, strides, x2._offset, "UnsqueezeBackward0", (g) => g.squeeze(d));
}
function permute(x2, args) {
  const dims = flatSizes(args).map((d) => normalizeDim(d, x2.ndim));
  if (dims.length !== x2.ndim)
    throw new Error(`permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${x2.ndim} is not equal to len(dims) = ${dims.length}`);
  if (new Set(dims).size !== dims.length) throw new Error("permute(): duplicate dims are not allowed.");
  const inverse = new Array(dims.length);
  dims.forEach((d, i) => inverse[d] = i);
  return view_(x2, dims.map((d) => x2._shape[d]), dims.map((d) => x2._strides[d]), x2._offset, "PermuteBackward0", (g) => g.permute(inverse));
}
function transpose(x2, dim0, dim1) {
  if (x2.ndim === 0) return view_(x2, [], [], x2._offset, "TransposeBackward0", (g) => g);
  const a = normalizeDim(dim0, x2.ndim), b2 = normalizeDim(dim1, x2.ndim);
  const shape = [...x2._shape], strides = [...x2._strides];
  [shape[a], shape[b2]] = [shape[b2], shape[a]];
  [strides[a], strides[b2]] = [strides[b2], strides[a]];
  return view_(x2, shape, strides, x2._offset, "TransposeBackward0", (g) => g.transpose(a, b2));
}
function t(x2) {
  if (x2.ndim > 2) throw new Error(`t() expects a tensor with <= 2 dimensions, but self is ${x2.ndim}D`);
  if (x2.ndim < 2) return view_(x2, [...x2._shape], [...x2._strides], x2._offset, "TBackward0", (g) => g);
  return view_(x2, [x2._shape[1], x2._shape[0]], [x2._strides[1], x2._strides[0]], x2._offset, "TBackward0", (g) => g.t());
}
function movedim(x2, source, destination) {
  const src = (typeof source === "number" ? [source] : [...source]).map((d) => normalizeDim(d, x2.ndim));
  const dst = (typeof destination === "number" ? [destination] : [...destination]).map((d) => normalizeDim(d, x2.ndim));
  if (src.length !== dst.length) throw new Error("movedim: Invalid source or destination dims");
  const order = new Array(x2.ndim).fill(-1);
  src.forEach((s, i) => order[dst[i]] = s);
  const rest = [...Array(x2.ndim).keys()].filter((d) => !src.includes(d));
  let r = 0;
  for (let i = 0; i < x2.ndim; i++) if (order[i] === -1) order[i] = rest[r++];
  return permute(x2, [order]);
}
function expand(x2, args) {
  const sizes = flatSizes(args);
  if (sizes.length < x2.ndim)
    throw new Error(`expand(torch.FloatTensor{[${x2.shape.join(", ")}]}, size=[${sizes.join(", ")}]): the number of sizes provided (${sizes.length}) must be greater or equal to the number of dimensions in the tensor (${x2.ndim})`);
  const off2 = sizes.length - x2.ndim;
  const shape = new Array(sizes.length), strides = new Array(sizes.length);
  for (let i = 0; i < sizes.length; i++) {
    const src = i - off2;
    const want = sizes[i];
    if (src < 0) {
      if (want < 0) throw new Error(`The expanded size of the tensor (${want}) isn't allowed in a leading, non-existing dimension ${i}`);
      shape[i] = want;
      strides[i] = 0;
    } else if (want === -1 || want === x2._shape[src]) {
      shape[i] = x2._shape[src];
      strides[i] = x2._strides[src];
    } else if (x2._shape[src] === 1) {
      shape[i] = want;
      strides[i] = 0;
    } else {
      throw new Error(
        `The expanded size of the tensor (${want}) must match the existing size (${x2._shape[src]}) at non-singleton dimension ${i}.  Target sizes: [${sizes.join(", ")}].  Tensor sizes: [${x2.shape.join(", ")}]`
      );
    }
  }
  if (sameShape(shape, x2._shape)) return view_(x2, shape, strides, x2._offset, "ExpandBackward0", (g) => g);
  const inShape = x2._shape;
  return view_(x2, shape, strides, x2._offset, "ExpandBackward0", (g) => g.sumToSize(inShape));
}
function clone(x2) {
  const out = empty(x2._shape, x2.dtype, x2.device);
  if (out.numel() > 0) backendFor(x2.device).copy(out, x2);
  if (x2._requiresGrad) record(out, "CloneBackward0", [x2], (g) => [g]);
  return out;
}
function to(x2, a, b2) {
  let dtype = x2.dtype, device = x2.device, copy = false;
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
  if (typeof b2 === "string") dtype = b2;
  else if (b2 && typeof b2 === "object") copy = b2.copy ?? copy;
  if (dtype === x2.dtype && device === x2.device && !copy) return x2;
  const out = empty(x2._shape, dtype, device);
  if (out.numel() > 0) {
    if (device === x2.device) backendFor(device).copy(out, x2);
    else if (x2.device === "cpu") backendFor(device).copy(out, x2.to(dtype).contiguous());
    else backendFor(x2.device).copy(out, x2.to(dtype));
  }
  if (x2._requiresGrad && (dtype.startsWith("float") || dtype === "bfloat16")) {
    const srcDtype = x2.dtype, srcDevice = x2.device;
    record(out, "ToCopyBackward0", [x2], (g) => [g.to(srcDevice).to(srcDtype)]);
  }
  return out;
}
function embed(g, baseShape, shape, strides, offset, overlapping = false) {
  const z = zeros(baseShape, { dtype: g.dtype, device: g.device });
  if (g.numel() > 0) {
    const b2 = backendFor(g.device);
    if (!overlapping) {
      b2.copy(z._restride(shape, strides, offset), g);
    } else {
      const idx = arange(numelOf(baseShape), { device: g.device })._restride(shape, strides, offset).contiguous();
      const n = idx.numel();
      b2.put(z._restride([n], [0], 0), [0], g.contiguous()._restride([n], [1], g.contiguous()._offset), idx._restride([n], [1], idx._offset), [n], true);
    }
  }
  if (g._requiresGrad && isGradEnabled()) {
    record(z, "SliceBackwardBackward0", [g], (gg) => [logicalView(gg, shape, strides, offset, overlapping)]);
  }
  return z;
}
function logicalView(x2, shape, strides, offset, overlapping) {
  const c = x2.contiguous();
  const baseShape = x2._shape;
  const v = rawView(c, shape, strides, c._offset + offset);
  if (c._requiresGrad) record(v, "AsStridedBackward0", [c], (g) => [embed(g, baseShape, shape, strides, offset, overlapping)]);
  return v;
}
function sliced(x2, name, transform, overlapping = false) {
  const real = transform({ shape: [...x2._shape], strides: [...x2._strides], offset: x2._offset });
  const v = rawView(x2, real.shape, real.strides, real.offset);
  if (x2._requiresGrad && isGradEnabled()) {
    const logical = transform({ shape: [...x2._shape], strides: contiguousStrides(x2._shape), offset: 0 });
    const baseShape = x2._shape;
    record(v, name, [x2], (g) => [embed(g, baseShape, logical.shape, logical.strides, logical.offset, overlapping)]);
  }
  return v;
}
function sliceDim(x2, dim, start, stop, step = 1) {
  const d = normalizeDim(dim, x2.ndim);
  if (step <= 0) throw new Error("slice step must be positive");
  const n = x2._shape[d];
  let s = start ?? 0, e = stop ?? n;
  if (s < 0) s += n;
  if (e < 0) e += n;
  s = Math.min(Math.max(s, 0), n);
  e = Math.min(Math.max(e, s), n);
  const len = Math.ceil((e - s) / step);
  return sliced(x2, "SliceBackward0", (g) => {
    g.offset += s * g.strides[d];
    g.shape[d] = len;
    g.strides[d] *= step;
    return g;
  });
}
function narrow(x2, dim, start, length) {
  const d = normalizeDim(dim, x2.ndim);
  const n = x2._shape[d];
  if (start < -n || start > n) throw new Error(`start out of range (expected to be in range of [${-n}, ${n}], but got ${start})`);
  const s = start < 0 ? start + n : start;
  if (length < 0 || s + length > n) throw new Error(`start (${s}) + length (${length}) exceeds dimension size (${n}).`);
  return sliced(x2, "SliceBackward0", (g) => {
    g.offset += s * g.strides[d];
    g.shape[d] = length;
    return g;
  });
}
function select(x2, dim, index2) {
  if (x2.ndim === 0) throw new Error("select() cannot be applied to a 0-dim tensor.");
  const d = normalizeDim(dim, x2.ndim);
  const n = x2._shape[d];
  if (!Number.isInteger(index2) || index2 < -n || index2 >= n)
    throw new Error(`index ${index2} is out of bounds for dimension ${d} with size ${n}`);
  const i = index2 < 0 ? index2 + n : index2;
  return sliced(x2, "SelectBackward0", (g) => {
    g.offset += i * g.strides[d];
    g.shape.splice(d, 1);
    g.strides.splice(d, 1);
    return g;
  });
}
function diagonal(x2, offset = 0, dim1 = 0, dim2 = 1) {
  const a = normalizeDim(dim1, x2.ndim), b2 = normalizeDim(dim2, x2.ndim);
  if (a === b2) throw new Error(`diagonal dimensions cannot be identical ${dim1}, ${dim2}`);
  return sliced(x2, "DiagonalBackward0", (g) => {
    let len;
    let off2 = g.offset;
    if (offset >= 0) {
      len = Math.max(Math.min(g.shape[a], g.shape[b2] - offset), 0);
      if (len > 0) off2 += offset * g.strides[b2];
    } else {
      len = Math.max(Math.min(g.shape[a] + offset, g.shape[b2]), 0);
      if (len > 0) off2 -= offset * g.strides[a];
    }
    const st = g.strides[a] + g.strides[b2];
    const shape = g.shape.filter((_, i) => i !== a && i !== b2);
    const strides = g.strides.filter((_, i) => i !== a && i !== b2);
    shape.push(len);
    strides.push(st);
    return { shape, strides, offset: off2 };
  });
}
function unfold(x2, dimension, size, step) {
  const d = normalizeDim(dimension, x2.ndim);
  const n = x2.ndim === 0 ? 1 : x2._shape[d];
  if (size > n) throw new Error(`maximum size for tensor at dimension ${d} is ${n} but size is ${size}`);
  if (step <= 0) throw new Error(`step is ${step} but must be > 0`);
  return sliced(x2, "UnfoldBackward0", (g) => {
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
  const out = empty(shape, dtype, ref.device);
  const b2 = backendFor(ref.device);
  let pos = 0;
  const starts = [];
  for (const t2 of parts) {
    starts.push(pos);
    if (t2.numel() > 0) {
      const sub3 = out._restride(t2._shape, out._strides, out._offset + pos * out._strides[d]);
      b2.copy(sub3, t2);
    }
    pos += t2._shape[d];
  }
  if (parts.some((t2) => t2._requiresGrad) && isGradEnabled()) {
    record(out, "CatBackward0", parts, (g) => parts.map((t2, i) => g.narrow(d, starts[i], t2._shape[d]).to(t2.dtype)));
  }
  return out;
}
function split(x2, splitSize, dim = 0) {
  const d = normalizeDim(dim, x2.ndim);
  const n = x2._shape[d];
  const sizes = [];
  if (typeof splitSize === "number") {
    if (splitSize <= 0 && n > 0) throw new Error(`split_size can only be 0 if dimension size is 0, but got dimension size of ${n}`);
    for (let s = 0; s < n; s += splitSize) sizes.push(Math.min(splitSize, n - s));
    if (n === 0) sizes.push(0);
  } else {
    const sum2 = splitSize.reduce((a, b2) => a + b2, 0);
    if (sum2 !== n)
      throw new Error(`split_with_sizes expects split_sizes to sum exactly to ${n} (input tensor's size at dimension ${d}), but got split_sizes=[${splitSize.join(", ")}]`);
    sizes.push(...splitSize);
  }
  let pos = 0;
  return sizes.map((s) => {
    const part = narrow(x2, d, pos, s);
    pos += s;
    return part;
  });
}
function chunk(x2, chunks, dim = 0) {
  if (!Number.isInteger(chunks) || chunks <= 0) throw new Error("chunk expects `chunks` to be greater than 0, got: " + chunks);
  const d = normalizeDim(dim, x2.ndim);
  const size = Math.ceil(x2._shape[d] / chunks);
  return split(x2, Math.max(size, 1), d);
}
function unbind(x2, dim = 0) {
  const d = normalizeDim(dim, x2.ndim);
  return Array.from({ length: x2._shape[d] }, (_, i) => select(x2, d, i));
}
function flip(x2, dims) {
  const ds = dims.map((d) => normalizeDim(d, x2.ndim));
  let out = x2.detach();
  for (const d of ds) {
    const n = out._shape[d];
    out = out.indexSelect(d, arange(n - 1, -1, -1, { device: x2.device }));
  }
  if (x2._requiresGrad && isGradEnabled()) record(out, "FlipBackward0", [x2], (g) => [g.flip(ds)]);
  return out;
}
function roll(x2, shifts, dims) {
  const sh = typeof shifts === "number" ? [shifts] : [...shifts];
  if (dims === void 0) {
    const shape = x2._shape;
    return roll(x2.flatten(), sh[0], 0).view(shape);
  }
  const ds = typeof dims === "number" ? [dims] : [...dims];
  if (sh.length !== ds.length) throw new Error(`shifts and dimensions must align. shifts: ${sh.length}, dims:${ds.length}`);
  let out = x2;
  ds.forEach((dim, i) => {
    const d = normalizeDim(dim, x2.ndim);
    const n = out._shape[d];
    if (n === 0) return;
    const s = (sh[i] % n + n) % n;
    if (s === 0) return;
    out = cat([narrow(out, d, n - s, s), narrow(out, d, 0, n - s)], d);
  });
  return out;
}
function repeat(x2, sizes) {
  if (sizes.length < x2.ndim)
    throw new Error("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor");
  const pad = sizes.length - x2.ndim;
  const xs = [...Array(pad).fill(1), ...x2._shape];
  const expandedShape = [], viewShape = [], finalShape = [];
  sizes.forEach((r, i) => {
    viewShape.push(1, xs[i]);
    expandedShape.push(r, xs[i]);
    finalShape.push(r * xs[i]);
  });
  return x2.reshape(viewShape).expand(expandedShape).reshape(finalShape);
}
function tile(x2, sizes) {
  const s = sizes.length < x2.ndim ? [...Array(x2.ndim - sizes.length).fill(1), ...sizes] : sizes;
  return repeat(x2, s);
}
function triangle(x2, diagonal2, upper) {
  if (x2.ndim < 2) throw new Error(`${upper ? "triu" : "tril"}: input tensor must have at least 2 dimensions`);
  const [r, c] = x2._shape.slice(-2);
  const rows = arange(r, { device: x2.device }).unsqueeze(1);
  const cols = arange(c, { device: x2.device }).unsqueeze(0);
  const keep = upper ? cols.sub(rows).ge(diagonal2) : cols.sub(rows).le(diagonal2);
  return x2.where(keep, 0);
}
var tril = (x2, diagonal2 = 0) => triangle(x2, diagonal2, false);
var triu = (x2, diagonal2 = 0) => triangle(x2, diagonal2, true);

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
  const out = empty(shape, src.dtype, src.device);
  if (out.numel() > 0) {
    const ls = loopStrides(src._strides, adv);
    const off2 = offsetsFor(src._strides, adv);
    backendFor(src.device).take(out, src, ls.src, offsetOperand(off2, shape, ls.off));
  }
  if (src._requiresGrad && isGradEnabled()) {
    const srcShape = src._shape;
    record(out, "IndexBackward0", [src], (g) => [scatterAdvanced(srcShape, adv, g)], null);
  }
  return out;
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
function parseIndices(x2, items) {
  const consumed = (it) => {
    if (it === null || it === "...") return 0;
    const t2 = toIndexTensor(it, x2.device);
    if (t2) return t2.dtype === "bool" || t2.dtype === "uint8" ? Math.max(t2.ndim, 1) : 1;
    return 1;
  };
  const used = items.reduce((a, it) => a + consumed(it), 0);
  if (used > x2.ndim)
    throw new Error(`too many indices for tensor of dimension ${x2.ndim}`);
  if (items.filter((it) => it === "...").length > 1) throw new Error("an index can only have a single ellipsis (...)");
  let view2 = x2;
  let dim = 0;
  const tensors = [];
  for (const it of items) {
    if (it === "...") {
      dim += x2.ndim - used;
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
        throw new Error(`index ${it} is out of bounds for dimension ${dim} with size ${view2._shape[dim]}`);
      view2 = select(view2, dim, it);
      continue;
    }
    if (typeof it === "string") {
      const s = parseSlice(it);
      if (!s) throw new Error(`invalid slice string '${it}' (expected 'start:stop:step', ':' or '...')`);
      if (s[2] <= 0) throw new Error("step must be greater than zero");
      view2 = sliceDim(view2, dim, s[0], s[1], s[2]);
      dim++;
      continue;
    }
    const t2 = toIndexTensor(it, x2.device);
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
      continue;
    }
    tensors.push([dim, t2]);
    dim++;
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
  const sorted = [...dims].sort((a, b2) => a - b2);
  const adjacent = sorted.every((d, i) => i === 0 || d === sorted[i - 1] + 1) && sorted.every((d, i) => d === dims[i]);
  return { dims, idx, bshape, front: !adjacent };
}
function index(x2, items) {
  const { view: view2, tensors } = parseIndices(x2, items);
  if (tensors.length === 0) return view2;
  return gatherAdvanced(view2, advancedOf(view2, tensors));
}
function indexPut_(x2, items, values, accumulate2 = false) {
  const needsGraph = isGradEnabled() && (x2._requiresGrad || values instanceof Tensor && values._requiresGrad);
  if (needsGraph) {
    const result = indexPutFunctional(x2, items, values, accumulate2);
    return inplace(x2, result, "index_put_");
  }
  const { view: view2, tensors } = parseIndices(x2, items);
  if (tensors.length === 0) {
    if (values instanceof Tensor) {
      if (accumulate2) view2.copy_(view2.add(values));
      else view2.copy_(values);
    } else if (accumulate2) view2.copy_(view2.add(values));
    else view2.fill_(values);
    x2._bumpVersion();
    return x2;
  }
  putAdvanced(view2, advancedOf(view2, tensors), values, accumulate2);
  x2._bumpVersion();
  return x2;
}
function indexPutFunctional(x2, items, values, accumulate2) {
  const out = x2.detach().clone();
  indexPut_(out, items, values instanceof Tensor ? values.detach() : values, accumulate2);
  const v = values instanceof Tensor ? values : null;
  const inputs = v ? [x2, v] : [x2];
  record(out, "IndexPutBackward0", inputs, (g, needs) => {
    const gx = needs[0] ? accumulate2 ? g : g.clone().indexPut_(items, 0) : null;
    const gv = v && needs[1] ? index(g, items).sumToSize(v._shape) : null;
    return [gx, gv];
  });
  return out;
}
function checkIndexTensor(index2, name) {
  if (index2.dtype !== "int64" && index2.dtype !== "int32") throw new Error(`${name}(): Expected dtype int64 for index`);
}
function indexSelect(x2, dim, index2) {
  checkIndexTensor(index2, "index_select");
  if (index2.ndim > 1) throw new Error("index_select(): Index is supposed to be a vector");
  const d = normalizeDim(dim, x2.ndim);
  const src = x2.ndim === 0 ? x2.unsqueeze(0) : x2;
  const idx = wrapIndex(index2.reshape(-1), src._shape[d], d, "index out of range in self");
  const out = gatherAdvanced(src, { dims: [d], idx: [idx.contiguous()], bshape: [idx.numel()], front: false });
  return x2.ndim === 0 ? out.reshape([]) : out;
}
function indexAdd_(x2, dim, index2, source, opts) {
  checkIndexTensor(index2, "index_add");
  const d = normalizeDim(dim, x2.ndim);
  const alpha = opts?.alpha ?? 1;
  const idx = wrapIndex(index2.reshape(-1), x2._shape[d], d, "index out of range in self");
  const src = alpha === 1 ? source : source.mul(alpha);
  const adv = { dims: [d], idx: [idx.contiguous()], bshape: [idx.numel()], front: false };
  if (isGradEnabled() && (x2._requiresGrad || source._requiresGrad)) {
    const out = x2.detach().clone();
    putAdvanced(out, adv, src.detach(), true);
    record(out, "IndexAddBackward0", [x2, source], (g, needs) => [needs[0] ? g : null, needs[1] ? gatherAdvanced(g, adv).mul(alpha) : null]);
    return inplace(x2, out, "index_add_");
  }
  putAdvanced(x2, adv, src, true);
  x2._bumpVersion();
  return x2;
}
function indexFill_(x2, dim, index2, value) {
  const d = normalizeDim(dim, x2.ndim);
  const items = [...Array(d).fill(":"), index2];
  return indexPut_(x2, items, value);
}
function alongDim(x2, d, index2, name) {
  checkIndexTensor(index2, name);
  if (index2.ndim !== x2.ndim && !(x2.ndim === 0 && index2.ndim <= 1))
    throw new Error(`Index tensor must have the same number of dimensions as ${name === "gather" ? "input" : "self"} tensor`);
  for (let k2 = 0; k2 < index2.ndim; k2++)
    if (k2 !== d && index2._shape[k2] > x2._shape[k2])
      throw new Error(`Size does not match at dimension ${k2} expected index [${index2.shape.join(", ")}] to be smaller than self [${x2.shape.join(", ")}] apart from dimension ${d}`);
  const size = x2.ndim ? x2._shape[d] : 1;
  const idx = wrapIndex(index2, size, d, `index ${index2.numel() ? index2.amax().item() : 0} is out of bounds for dimension ${d} with size ${size}`);
  const off2 = idx.mul(x2.ndim ? x2._strides[d] : 0).contiguous();
  const strides = x2._strides.map((s, k2) => k2 === d ? 0 : s);
  return { off: off2, strides };
}
function gather(x2, dim, index2) {
  const d = normalizeDim(dim, Math.max(x2.ndim, 1));
  const out = empty(index2._shape, x2.dtype, x2.device);
  if (out.numel() > 0) {
    const { off: off2, strides } = alongDim(x2, d, index2, "gather");
    backendFor(x2.device).take(out, x2, strides, offsetOperand(off2, index2._shape, off2._strides));
  }
  if (x2._requiresGrad && isGradEnabled()) {
    const shape = x2._shape;
    record(out, "GatherBackward0", [x2], (g) => [zeros(shape, { dtype: g.dtype, device: g.device }).scatterAdd(d, index2, g)]);
  }
  return out;
}
function scatterInto(out, d, index2, src, accumulate2) {
  if (index2.numel() === 0) return;
  const { off: off2, strides } = alongDim(out, d, index2, "scatter");
  let v;
  if (src instanceof Tensor) {
    for (let k2 = 0; k2 < index2.ndim; k2++)
      if (index2._shape[k2] > src._shape[k2])
        throw new Error(`Size does not match at dimension ${k2} expected index [${index2.shape.join(", ")}] to be smaller than src [${src.shape.join(", ")}]`);
    const s = src.dtype === out.dtype ? src : src.to(out.dtype);
    v = { _storage: s._storage, _offset: s._offset, _shape: index2._shape, _strides: s._strides, dtype: s.dtype, _contiguous: false };
  } else v = Number(src);
  backendFor(out.device).put(out, strides, v, offsetOperand(off2, index2._shape, off2._strides), index2._shape, accumulate2);
}
function scatter(x2, dim, index2, src, opts) {
  const d = normalizeDim(dim, Math.max(x2.ndim, 1));
  if (opts?.reduce === "multiply") {
    const ones2 = x2.onesLike().detach();
    const factors = ones2.scatter(d, index2, src);
    return x2.mul(factors);
  }
  const out = x2.detach().clone();
  scatterInto(out, d, index2, src instanceof Tensor ? src.detach() : src, opts?.reduce === "add");
  const s = src instanceof Tensor ? src : null;
  if (isGradEnabled() && (x2._requiresGrad || s?._requiresGrad)) {
    const add3 = opts?.reduce === "add";
    record(out, add3 ? "ScatterAddBackward0" : s ? "ScatterBackward0" : "ScatterBackward1", s ? [x2, s] : [x2], (g, needs) => [
      needs[0] ? add3 ? g : g.scatter(d, index2, 0) : null,
      s && needs[1] ? g.gather(d, index2) : null
    ]);
  }
  return out;
}
function scatterAdd(x2, dim, index2, src) {
  return scatter(x2, dim, index2, src, { reduce: "add" });
}
function maskedScatter_(x2, mask, source) {
  const m = mask.expand(x2._shape);
  const n = m.sum().item() | 0;
  if (source.numel() < n) throw new Error("masked_scatter: expected source to have at least as many elements as ones in mask");
  return indexPut_(x2, [m], source.reshape(-1).narrow(0, 0, n));
}
function nonzero(x2) {
  const b2 = backendFor(x2.device);
  const count = b2.nonzero(null, x2, 0);
  const out = empty([count, x2.ndim], "int64", x2.device);
  if (count > 0 && x2.ndim > 0) b2.nonzero(out, x2, count);
  return out;
}
function take(x2, idx) {
  return index(x2.reshape(-1), [idx]);
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
function bmmKernel(a, b2) {
  if (a.dtype !== b2.dtype)
    throw new Error(`expected scalar type ${TITLE[a.dtype]} but found ${TITLE[b2.dtype]}`);
  const [B, M, K] = a._shape;
  const N = b2._shape[2];
  const half = a.dtype === "float16" || a.dtype === "bfloat16";
  const ca = half ? a.float() : a, cb = half ? b2.float() : b2;
  if (a.dtype === "bool") throw new Error(`"addmm_impl_cpu_" not implemented for 'Bool'`);
  const out = empty([B, M, N], ca.dtype, a.device);
  if (out.numel() > 0) backendFor(a.device).matmul(out, ca, cb, 1, 0);
  return half ? out.to(a.dtype) : out;
}
function checkFloatGrad(a, b2) {
  if (a.dtype !== b2.dtype) throw new Error(`expected scalar type ${TITLE[a.dtype]} but found ${TITLE[b2.dtype]}`);
}
function mm(a, b2) {
  if (a.ndim !== 2) throw new Error("self must be a matrix");
  if (b2.ndim !== 2) throw new Error("mat2 must be a matrix");
  if (a._shape[1] !== b2._shape[0])
    throw new Error(`mat1 and mat2 shapes cannot be multiplied (${a._shape[0]}x${a._shape[1]} and ${b2._shape[0]}x${b2._shape[1]})`);
  checkFloatGrad(a, b2);
  const out3 = bmmKernel(a._restride([1, ...a._shape], [0, ...a._strides], a._offset), b2._restride([1, ...b2._shape], [0, ...b2._strides], b2._offset));
  const out = out3._restride([out3._shape[1], out3._shape[2]], [out3._strides[1], out3._strides[2]], out3._offset);
  if (a._requiresGrad || b2._requiresGrad)
    record(out, "MmBackward0", [a, b2], (g, needs) => [needs[0] ? mm(g, b2.t()) : null, needs[1] ? mm(a.t(), g) : null], [a, b2]);
  return out;
}
function bmm(a, b2) {
  if (a.ndim !== 3) throw new Error("batch1 must be a 3D tensor");
  if (b2.ndim !== 3) throw new Error("batch2 must be a 3D tensor");
  if (a._shape[0] !== b2._shape[0] || a._shape[2] !== b2._shape[1])
    throw new Error(`Expected size for first two dimensions of batch2 tensor to be: [${a._shape[0]}, ${a._shape[2]}] but got: [${b2._shape[0]}, ${b2._shape[1]}].`);
  checkFloatGrad(a, b2);
  const out = bmmKernel(a, b2);
  if (a._requiresGrad || b2._requiresGrad)
    record(out, "BmmBackward0", [a, b2], (g, needs) => [needs[0] ? bmm(g, b2.transpose(1, 2)) : null, needs[1] ? bmm(a.transpose(1, 2), g) : null], [a, b2]);
  return out;
}
function dot(a, b2) {
  if (a.ndim !== 1 || b2.ndim !== 1)
    throw new Error(`1D tensors expected, but got ${a.ndim}D and ${b2.ndim}D tensors`);
  if (a._shape[0] !== b2._shape[0])
    throw new Error(`inconsistent tensor size, expected tensor [${a._shape[0]}] and src [${b2._shape[0]}] to have the same number of elements, but got ${a._shape[0]} and ${b2._shape[0]} elements respectively`);
  checkFloatGrad(a, b2);
  return a.unsqueeze(0).mm(b2.unsqueeze(1)).reshape([]);
}
function mv(a, v) {
  if (a.ndim !== 2 || v.ndim !== 1) throw new Error(`vector + matrix @ vector expected, got ${a.ndim}, ${v.ndim}`);
  if (a._shape[1] !== v._shape[0])
    throw new Error(`size mismatch, got input (${a._shape[0]}), mat (${a._shape[0]}x${a._shape[1]}), vec (${v._shape[0]})`);
  return a.mm(v.unsqueeze(1)).squeeze(1);
}
function outer(a, b2) {
  if (a.ndim !== 1 || b2.ndim !== 1) throw new Error("outer: expected 1-D tensors");
  return a.unsqueeze(1).mul(b2.unsqueeze(0));
}
function matmul(a, b2) {
  const da = a.ndim, db = b2.ndim;
  if (da === 0 || db === 0) throw new Error(`both arguments to matmul need to be at least 1D, but they are ${da}D and ${db}D`);
  if (da === 1 && db === 1) return dot(a, b2);
  if (da === 2 && db === 1) return mv(a, b2);
  if (da === 1 && db === 2) return mm(a.unsqueeze(0), b2).squeeze(0);
  if (da === 2 && db === 2) return mm(a, b2);
  if (da >= 3 && db <= 2) {
    const bm = db === 1 ? b2.unsqueeze(1) : b2;
    const k3 = a._shape[da - 1];
    if (k3 !== bm._shape[0])
      throw new Error(`mat1 and mat2 shapes cannot be multiplied (${numelOf(a._shape.slice(0, -1))}x${k3} and ${bm._shape[0]}x${bm._shape[1]})`);
    const out2 = mm(a.reshape(-1, k3), bm).reshape([...a._shape.slice(0, -1), bm._shape[1]]);
    return db === 1 ? out2.squeeze(-1) : out2;
  }
  const a2 = da === 1 ? a.unsqueeze(0) : a;
  const b22 = db === 1 ? b2.unsqueeze(1) : b2;
  const [m, k1] = a2._shape.slice(-2);
  const [k2, n] = b22._shape.slice(-2);
  if (k1 !== k2)
    throw new Error(`Expected size for first two dimensions of batch2 tensor to be: [${numelOf(a2._shape.slice(0, -2))}, ${k1}] but got: [${numelOf(b22._shape.slice(0, -2))}, ${k2}].`);
  const batch = broadcastShapes(a2._shape.slice(0, -2), b22._shape.slice(0, -2));
  const bn = numelOf(batch);
  const ae = sameShape(a2._shape.slice(0, -2), batch) ? a2 : a2.expand([...batch, m, k1]);
  const be = sameShape(b22._shape.slice(0, -2), batch) ? b22 : b22.expand([...batch, k2, n]);
  let out = bmm(ae.reshape(bn, m, k1), be.reshape(bn, k2, n)).reshape([...batch, m, n]);
  if (da === 1) out = out.squeeze(-2);
  if (db === 1) out = out.squeeze(-1);
  return out;
}

// packages/core/src/ops/reduce.ts
function parse(x2, dim, keepdim) {
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
  const nd = x2.ndim;
  let dims;
  const all = d === void 0 || d === null || Array.isArray(d) && d.length === 0;
  if (all) dims = [...Array(nd).keys()];
  else dims = (typeof d === "number" ? [d] : [...d]).map((v) => normalizeDim(v, nd));
  if (new Set(dims).size !== dims.length) throw new Error(`dim ${dims.find((v, i) => dims.indexOf(v) !== i)} appears multiple times in the list of dims`);
  const mask = new Array(nd).fill(false);
  for (const v of dims) if (nd > 0) mask[v] = true;
  return { dims, mask, keepdim: kd, dtype, all };
}
function outShape(x2, p) {
  if (p.keepdim) return x2._shape.map((s, i) => p.mask[i] ? 1 : s);
  return x2._shape.filter((_, i) => !p.mask[i]);
}
function reduceKernel(op, x2, p, outDtype) {
  const out = empty(outShape(x2, p), outDtype, x2.device);
  if (out.numel() > 0) backendFor(x2.device).reduce(op, out, x2, p.mask);
  return out;
}
function unsqueezeReduced(g, x2, p) {
  if (p.keepdim || x2.ndim === 0) return g;
  return g.reshape(x2._shape.map((s, i) => p.mask[i] ? 1 : s));
}
function sumDtype(x2, requested) {
  if (requested) return requested;
  return isFloatingPoint(x2.dtype) ? x2.dtype : "int64";
}
function sum(x2, dim, keepdim) {
  const p = parse(x2, dim, keepdim);
  const dtype = sumDtype(x2, p.dtype);
  const input = p.dtype && p.dtype !== x2.dtype ? cast(x2, p.dtype) : x2;
  const out = reduceKernel("sum", input, p, dtype);
  if (input._requiresGrad) {
    const shape = x2._shape;
    record(out, p.all && !p.keepdim ? "SumBackward0" : "SumBackward1", [input], (g) => [unsqueezeReduced(g, x2, p).expand(shape)]);
  }
  return out;
}
function nansum(x2, dim, keepdim) {
  const p = parse(x2, dim, keepdim);
  const out = reduceKernel("nansum", x2, p, sumDtype(x2, p.dtype));
  if (x2._requiresGrad) {
    const shape = x2._shape;
    record(out, "NansumBackward0", [x2], (g) => [where(x2.isnan(), 0, unsqueezeReduced(g, x2, p).expand(shape))], [x2]);
  }
  return out;
}
function mean(x2, dim, keepdim) {
  const p = parse(x2, dim, keepdim);
  const dtype = p.dtype ?? x2.dtype;
  if (!isFloatingPoint(dtype))
    throw new Error(`mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${dtypeTitle(x2.dtype)}`);
  const n = p.dims.reduce((a, d) => a * (x2.ndim ? x2._shape[d] : 1), 1);
  const input = cast(x2, dtype);
  const s = reduceKernel("sum", input, p, dtype);
  const out = s.numel() > 0 ? divInPlaceNoGrad(s, n) : s;
  if (input._requiresGrad) {
    const shape = x2._shape;
    record(out, p.all && !p.keepdim ? "MeanBackward0" : "MeanBackward1", [input], (g) => [unsqueezeReduced(g, x2, p).expand(shape).div(n)]);
  }
  return out;
}
function divInPlaceNoGrad(t2, n) {
  backendFor(t2.device).binary("div", t2, t2, n, t2.dtype);
  return t2;
}
function nanmean(x2, dim, keepdim) {
  const notNan = x2.isnan().logicalNot();
  return nansum(x2, dim, keepdim).div(sum(notNan, dim, keepdim));
}
function dtypeTitle(d) {
  return { float32: "Float", float64: "Double", float16: "Half", bfloat16: "BFloat16", int8: "Char", uint8: "Byte", int16: "Short", int32: "Int", int64: "Long", bool: "Bool" }[d];
}
function prod(x2, dim, keepdim) {
  const p = parse(x2, dim, keepdim);
  const out = reduceKernel("prod", p.dtype ? cast(x2, p.dtype) : x2, p, sumDtype(x2, p.dtype));
  if (x2._requiresGrad) {
    record(out, p.all ? "ProdBackward0" : "ProdBackward1", [x2], (g) => {
      if (p.all) {
        const flat = x2.reshape(-1);
        return [prodOthers(flat, 0).mul(g).reshape(x2._shape)];
      }
      const d = p.dims[0];
      return [prodOthers(x2, d).mul(unsqueezeReduced(g, x2, p))];
    }, [x2]);
  }
  return out;
}
function prodOthers(x2, d) {
  const n = x2._shape[d];
  if (n === 0) return x2;
  const ones2 = x2.narrow(d, 0, 1).onesLike();
  const left = n > 1 ? cat([ones2, x2.narrow(d, 0, n - 1).cumprod(d)], d) : ones2;
  const right = n > 1 ? cat([x2.flip(d).narrow(d, 0, n - 1).cumprod(d).flip(d), ones2], d) : ones2;
  return left.mul(right);
}
function evenlyDistributed(g, x2, value, p) {
  const v = unsqueezeReduced(value, x2, p);
  const mask = x2.eq(v);
  const count = sum(mask, { dim: p.dims, keepdim: true });
  return where(mask, unsqueezeReduced(g, x2, p).div(count), 0);
}
function extremum(op, x2, p, name) {
  if (x2.numel() === 0 && p.dims.some((d) => x2.ndim === 0 || x2._shape[d] === 0))
    throw new Error(`${op}(): Expected reduction dim ${p.dims[0] ?? 0} to have non-zero size.`);
  const out = reduceKernel(op, x2, p, x2.dtype);
  if (x2._requiresGrad) record(out, name, [x2], (g) => [evenlyDistributed(g, x2, out, p)], [x2, out]);
  return out;
}
function amax(x2, dim, keepdim) {
  return extremum("amax", x2, parse(x2, dim, keepdim), "AmaxBackward0");
}
function amin(x2, dim, keepdim) {
  return extremum("amin", x2, parse(x2, dim, keepdim), "AminBackward0");
}
function around(shape, d) {
  let outer2 = 1, inner = 1;
  for (let i = 0; i < d; i++) outer2 *= shape[i];
  for (let i = d + 1; i < shape.length; i++) inner *= shape[i];
  return [outer2, shape.length ? shape[d] : 1, inner];
}
function maxMin(x2, isMax, dim, keepdim) {
  if (dim instanceof Tensor) return isMax ? maximum(x2, dim) : minimum(x2, dim);
  if (dim === void 0) {
    if (x2.numel() === 0)
      throw new Error(`${isMax ? "max" : "min"}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`);
    return extremum(isMax ? "amax" : "amin", x2, parse(x2), isMax ? "MaxBackward1" : "MinBackward1");
  }
  const p = parse(x2, dim, keepdim);
  const d = p.dims[0];
  const c = x2.contiguous();
  const [outer2, len, inner] = around(c._shape, x2.ndim ? d : 0);
  if (len === 0)
    throw new Error(`${isMax ? "max" : "min"}(): Expected reduction dim ${d} to have non-zero size.`);
  const shape = outShape(x2, p);
  const values = empty(shape, x2.dtype, x2.device);
  const indices = empty(shape, "int64", x2.device);
  backendFor(x2.device).reduceArg(values, indices, c, outer2, len, inner, isMax);
  if (x2._requiresGrad) {
    const inShape = x2._shape;
    record(values, isMax ? "MaxBackward0" : "MinBackward0", [x2], (g) => [
      valueSelectingBackward(unsqueezeReduced(g, x2, p), x2.ndim ? d : 0, unsqueezeReduced(indices, x2, p), inShape)
    ]);
  }
  return { values, indices };
}
function valueSelectingBackward(g, d, indices, shape) {
  return g.newZeros(shape).scatter(d, indices, g);
}
function argMaxMin(x2, isMax, dim, keepdim) {
  if (dim === void 0 || dim === null || typeof dim === "object" && dim.dim === void 0) {
    const kd = typeof dim === "object" && dim !== null ? dim.keepdim ?? false : keepdim ?? false;
    if (x2.numel() === 0) throw new Error(`${isMax ? "argmax" : "argmin"}(): Expected reduction dim to be specified for input.numel() == 0.`);
    const flat = x2.reshape(-1).contiguous();
    const idx = empty([], "int64", x2.device);
    backendFor(x2.device).reduceArg(null, idx, flat, 1, flat.numel(), 1, isMax);
    return kd ? idx.reshape(x2._shape.map(() => 1)) : idx;
  }
  return maxMin(x2.detach(), isMax, dim, keepdim).indices;
}
function variance(x2, dim, opts, keepdim) {
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
  if (!isFloatingPoint(x2.dtype)) throw new Error("std and var only support floating point and complex dtypes");
  const p = parse(x2, d ?? null, kd);
  const n = p.dims.reduce((a, k2) => a * (x2.ndim ? x2._shape[k2] : 1), 1);
  const mu = mean(x2, { dim: p.all ? void 0 : p.dims, keepdim: true });
  const dev = x2.sub(mu);
  return sum(dev.mul(dev), { dim: p.all ? void 0 : p.dims, keepdim: kd }).div(Math.max(n - correction, 0));
}
function norm(x2, p = 2, dim, keepdim) {
  const input = isFloatingPoint(x2.dtype) ? x2 : x2.to(getDefaultDtype());
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
function logsumexp(x2, dim, keepdim = false) {
  const input = isFloatingPoint(x2.dtype) ? x2 : x2.to(getDefaultDtype());
  const m = amax(input.detach(), dim, true);
  const safe = where(m.isinf(), 0, m);
  const s = sum(input.sub(safe).exp(), dim, true).log().add(safe);
  return keepdim ? s : s.squeeze(typeof dim === "number" ? dim : [...dim]);
}
function scan(op, x2, dim, dtype) {
  const d = normalizeDim(dim, x2.ndim);
  const outDtype = dtype ?? (isFloatingPoint(x2.dtype) ? x2.dtype : "int64");
  const c = x2.contiguous();
  const out = empty(x2._shape, outDtype, x2.device);
  const [outer2, len, inner] = around(c._shape, x2.ndim ? d : 0);
  if (out.numel() > 0) backendFor(x2.device).scan(op, out, null, c, outer2, len, inner);
  if (x2._requiresGrad) {
    if (op === "cumsum") record(out, "CumsumBackward0", [x2], (g) => [g.flip(d).cumsum(d).flip(d)]);
    else record(out, "CumprodBackward0", [x2], (g) => [cumprodBackward(g, x2, out, d)], [x2, out]);
  }
  return out;
}
function cumprodBackward(g, x2, out, d) {
  if (x2.ndim === 0) return g;
  if (!x2.eq(0).any().item()) return g.mul(out).flip(d).cumsum(d).flip(d).div(x2);
  const n = x2._shape[d];
  const parts = new Array(n);
  let s = g.narrow(d, n - 1, 1);
  parts[n - 1] = s;
  for (let i = n - 2; i >= 0; i--) {
    s = g.narrow(d, i, 1).add(x2.narrow(d, i + 1, 1).mul(s));
    parts[i] = s;
  }
  const ones2 = x2.narrow(d, 0, 1).onesLike();
  const left = n > 1 ? cat([ones2, x2.narrow(d, 0, n - 1).cumprod(d)], d) : ones2;
  return left.mul(cat(parts, d));
}
var cumsum = (x2, dim, opts) => scan("cumsum", x2, dim, opts?.dtype);
var cumprod = (x2, dim, opts) => scan("cumprod", x2, dim, opts?.dtype);
function logicalReduce(x2, op, dim, keepdim) {
  const p = parse(x2, dim, keepdim);
  return reduceKernel(op, x2, p, "bool");
}
function countNonzero(x2, dim) {
  return reduceKernel("count_nonzero", x2, parse(x2, dim ?? null), "int64");
}
function softmax(x2, dim, log, dtype) {
  let input = dtype ? cast(x2, dtype) : x2;
  if (!isFloatingPoint(input.dtype)) input = input.to(getDefaultDtype());
  const d = normalizeDim(dim, input.ndim);
  const c = input.contiguous();
  const [outer2, len, inner] = around(c._shape, input.ndim ? d : 0);
  const out = empty(input._shape, input.dtype, input.device);
  if (out.numel() > 0) backendFor(input.device).softmax(out, c, outer2, len, inner, log);
  if (input._requiresGrad) {
    record(out, log ? "LogSoftmaxBackward0" : "SoftmaxBackward0", [input], (g) => {
      if (isGradEnabled()) {
        return [log ? g.sub(out.exp().mul(g.sum(d, true))) : out.mul(g.sub(g.mul(out).sum(d, true)))];
      }
      const gc = g.contiguous();
      const r = empty(out._shape, out.dtype, out.device);
      if (r.numel() > 0) backendFor(out.device).softmaxBackward(r, gc, out, outer2, len, inner, log);
      return [r];
    }, [out]);
  }
  return out;
}
function sumToSize(x2, shape) {
  if (sameShape(x2._shape, shape)) return x2;
  const lead = x2.ndim - shape.length;
  if (lead < 0) throw new Error(`size {[${shape.join(", ")}]} is not expandable to size {[${x2.shape.join(", ")}]}.`);
  const dims = [];
  for (let i = 0; i < x2.ndim; i++) {
    if (i < lead) dims.push(i);
    else if (shape[i - lead] === 1 && x2._shape[i] !== 1) dims.push(i);
    else if (shape[i - lead] !== x2._shape[i]) throw new Error(`size {[${shape.join(", ")}]} is not expandable to size {[${x2.shape.join(", ")}]}.`);
  }
  let r = dims.length ? sum(x2, { dim: dims, keepdim: true }) : x2;
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
function fillRandom(t2, kind, a, b2, gen) {
  const g = gen ?? defaultGenerator;
  const n = t2.numel();
  if (kind === "randint" && b2 <= a) throw new Error(`random_ expects 'from' to be less than 'to', but got from=${a} >= to=${b2}`);
  if (kind === "normal" && b2 < 0) throw new Error(`normal expects std >= 0.0, but found std ${b2}`);
  if (kind === "bernoulli" && (a < 0 || a > 1)) throw new Error(`bernoulli_ expects p to be in [0, 1], but got p=${a}`);
  if (n === 0) return t2;
  const { seed: s, offset } = g._take(n);
  const backend = backendFor(t2.device);
  if (t2.isContiguous()) {
    backend.random(kind, t2, s, offset, a, b2);
  } else {
    const tmp = empty(t2._shape, t2.dtype, t2.device);
    backend.random(kind, tmp, s, offset, a, b2);
    backend.copy(t2, tmp);
  }
  t2._bumpVersion();
  return t2;
}
function make(args, kind, a, b2, defaultDtype2) {
  const [shape, opts] = parseSizes(args);
  const dtype = opts?.dtype ?? defaultDtype2;
  const t2 = empty(shape, dtype, normalizeDevice(opts?.device));
  fillRandom(t2, kind, a, b2, opts?.generator);
  if (opts?.requiresGrad) t2.requiresGrad = true;
  return t2;
}
function randn(...args) {
  const [shape, opts] = parseSizes(args);
  if (opts?.dtype && !isFloatingPoint(opts.dtype)) throw new Error(`"normal_kernel_cpu" not implemented for '${opts.dtype}'`);
  return make([shape, opts ?? {}], "normal", 0, 1, getDefaultDtype());
}
function bernoulli(p, opts) {
  if (!isFloatingPoint(p.dtype)) throw new Error(`"bernoulli_tensor_cpu_self_" not implemented for '${p.dtype}'`);
  const g = opts?.generator ?? defaultGenerator;
  const pc = p.contiguous();
  const out = empty(p._shape, p.dtype, p.device);
  const n = out.numel();
  if (n > 0) {
    const { seed: s, offset } = g._take(n);
    backendFor(p.device).bernoulli(out, pc, s, offset);
  }
  return out;
}
function multinomial(weights, numSamples, opts) {
  const replacement = opts?.replacement ?? false;
  if (weights.ndim < 1 || weights.ndim > 2) throw new Error("prob_dist must be 1 or 2 dim");
  const w2 = (weights.ndim === 1 ? weights.unsqueeze(0) : weights).to("float64").contiguous();
  const [rows, cats] = w2._shape;
  if (!replacement && numSamples > cats) throw new Error("cannot sample n_sample > prob_dist.size(-1) samples without replacement");
  if (numSamples <= 0) throw new Error("cannot sample n_sample <= 0 samples");
  const min = w2.amin().item(), total = w2.sum(1).amin().item();
  if (min < 0 || !Number.isFinite(w2.sum().item())) throw new Error("probability tensor contains either `inf`, `nan` or element < 0");
  if (total <= 0) throw new Error("invalid multinomial distribution (sum of probabilities <= 0)");
  const g = opts?.generator ?? defaultGenerator;
  const out = empty([rows, numSamples], "int64", weights.device);
  const { seed: s, offset } = g._take(rows * numSamples);
  backendFor(weights.device).multinomial(out, w2, rows, cats, numSamples, replacement, s, offset);
  return weights.ndim === 1 ? out.squeeze(0) : out;
}

// packages/core/src/ops/sort.ts
function rowsAlong(x2, d) {
  const moved = x2.ndim ? x2.movedim(d, -1).contiguous() : x2.reshape(1);
  const len = moved._shape[moved.ndim - 1] ?? 1;
  return { rows: moved, len, count: len ? moved.numel() / len : 0 };
}
function restore(t2, x2, d) {
  return x2.ndim ? t2.movedim(-1, d) : t2.reshape([]);
}
function sort(x2, dim = -1, descending = false) {
  let d = typeof dim === "number" ? dim : dim.dim ?? -1;
  const desc = typeof dim === "number" ? descending : dim.descending ?? false;
  const stable = typeof dim === "number" ? false : dim.stable ?? false;
  d = normalizeDim(d, x2.ndim);
  const { rows, len, count } = rowsAlong(x2.detach(), d);
  const values = empty(rows._shape, x2.dtype, x2.device);
  const indices = empty(rows._shape, "int64", x2.device);
  if (rows.numel() > 0) backendFor(x2.device).sort(values, indices, rows, count, len, desc, stable);
  const v = restore(values, x2, d).contiguous(), i = restore(indices, x2, d).contiguous();
  if (x2._requiresGrad) {
    const shape = x2._shape;
    record(v, "SortBackward0", [x2], (g) => [valueSelectingBackward(g, d, i, shape)]);
  }
  return { values: v, indices: i };
}
function topk(x2, k2, dim = -1, largest = true, _sorted = true) {
  let d = typeof dim === "number" ? dim : dim.dim ?? -1;
  const lg = typeof dim === "number" ? largest : dim.largest ?? true;
  d = normalizeDim(d, x2.ndim);
  const size = x2.ndim ? x2._shape[d] : 1;
  if (!Number.isInteger(k2) || k2 < 0 || k2 > size) throw new Error("selected index k out of range");
  const { rows, len, count } = rowsAlong(x2.detach(), d);
  const shape = [...rows._shape];
  if (shape.length) shape[shape.length - 1] = k2;
  const values = empty(shape, x2.dtype, x2.device);
  const indices = empty(shape, "int64", x2.device);
  if (values.numel() > 0) backendFor(x2.device).topk(values, indices, rows, count, len, k2, lg);
  const v = restore(values, x2, d).contiguous(), i = restore(indices, x2, d).contiguous();
  if (x2._requiresGrad) {
    const inShape = x2._shape;
    record(v, "TopkBackward0", [x2], (g) => [valueSelectingBackward(g, d, i, inShape)]);
  }
  return { values: v, indices: i };
}
function kthvalue(x2, k2, dim = -1, keepdim = false) {
  const d = normalizeDim(dim, x2.ndim);
  const size = x2.ndim ? x2._shape[d] : 1;
  if (k2 < 1 || k2 > size) throw new Error(`kthvalue(): selected number k out of range for dimension ${d}`);
  const s = sort(x2, d);
  let values = s.values.narrow(d, k2 - 1, 1), indices = s.indices.narrow(d, k2 - 1, 1);
  if (!keepdim) {
    values = values.squeeze(d);
    indices = indices.squeeze(d);
  }
  return { values, indices };
}
function median(x2, dim, keepdim = false) {
  if (dim === void 0) {
    const flat = x2.reshape(-1);
    if (flat.numel() === 0) return tensor(NaN, { dtype: x2.dtype });
    return kthvalue(flat, Math.floor((flat.numel() - 1) / 2) + 1, 0).values;
  }
  const d = normalizeDim(dim, x2.ndim);
  return kthvalue(x2, Math.floor(((x2.ndim ? x2._shape[d] : 1) - 1) / 2) + 1, d, keepdim);
}
function unique(x2, opts) {
  if (opts?.dim !== void 0) throw new Error("unique(dim) is not supported yet; flatten the tensor first");
  const flat = x2.detach().reshape(-1);
  const s = sort(flat, 0);
  const n = flat.numel();
  let values, inverse = null, counts = null;
  if (n === 0) {
    values = s.values;
  } else {
    const isNew = s.values.narrow(0, 1, n - 1).ne(s.values.narrow(0, 0, n - 1));
    const firstFlags = cat([tensor([true], { device: x2.device }), isNew], 0);
    values = s.values.index(firstFlags);
    const groupId = firstFlags.long().cumsum(0).sub(1);
    if (opts?.returnInverse) inverse = groupId.newZeros([n]).scatter(0, s.indices, groupId).reshape(x2._shape);
    if (opts?.returnCounts) counts = values.newZeros([values.numel()], { dtype: "int64" }).scatterAdd(0, groupId, groupId.onesLike());
  }
  const out = [values];
  if (opts?.returnInverse) out.push(inverse ?? empty([0], "int64"));
  if (opts?.returnCounts) out.push(counts ?? empty([0], "int64"));
  return out.length === 1 ? values : out;
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
      const out = [];
      for (let k2 = 0; k2 < this._shape[d]; k2++) out.push(d === this.ndim - 1 ? flat[i++] : build(d + 1));
      return out;
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
  to(a, b2) {
    return to(this, a, b2);
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
    return inplace(this, mul(this, other), "mul_");
  }
  /** True division; `{ roundingMode: 'trunc' | 'floor' }` rounds the quotient. */
  div(other, opts) {
    return div(this, other, opts);
  }
  div_(other, opts) {
    return inplace(this, div(this, other, opts), "div_");
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
    return inplace(this, pow(this, exponent), "pow_");
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
    return inplace(this, unary("neg", this), "neg_");
  }
  negative() {
    return unary("neg", this);
  }
  abs() {
    return unary("abs", this);
  }
  abs_() {
    return inplace(this, unary("abs", this), "abs_");
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
    return inplace(this, unary("exp", this), "exp_");
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
    return inplace(this, unary("log", this), "log_");
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
    return inplace(this, unary("sqrt", this), "sqrt_");
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
    return inplace(this, unary("tanh", this), "tanh_");
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
    return inplace(this, unary("sigmoid", this), "sigmoid_");
  }
  relu() {
    return unary("relu", this);
  }
  relu_() {
    return inplace(this, unary("relu", this), "relu_");
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
    return inplace(this, unary("floor", this), "floor_");
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
    return inplace(this, clamp(this, min, max), "clamp_");
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
    return index(this, [mask]);
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
function deviceOf(a, b2) {
  const da = a instanceof Tensor ? a.device : null;
  const db = b2 instanceof Tensor ? b2.device : null;
  if (da && db && da !== db) {
    if (a.ndim === 0 && da === "cpu") return db;
    if (b2.ndim === 0 && db === "cpu") return da;
    throw new Error(`Expected all tensors to be on the same device, but found at least two devices, ${db} and ${da}!`);
  }
  return da ?? db ?? "cpu";
}
function asOperand(x2, dtype, shape, device) {
  if (!(x2 instanceof Tensor)) return Number(x2);
  if (x2.device !== device) return x2.item();
  return broadcastOperand(cast(x2, dtype), shape);
}
function binaryKernel(op, a, b2, computeDtype, outDtype, alpha = 1) {
  const device = deviceOf(a, b2);
  let shape;
  if (a instanceof Tensor && b2 instanceof Tensor) shape = sameShape(a._shape, b2._shape) ? a._shape : broadcastShapes(a._shape, b2._shape);
  else if (a instanceof Tensor) shape = a._shape;
  else if (b2 instanceof Tensor) shape = b2._shape;
  else shape = [];
  const out = empty(shape, outDtype, device);
  if (out.numel() === 0) return out;
  let oa = asOperand(a, computeDtype, shape, device);
  const ob = asOperand(b2, computeDtype, shape, device);
  if (typeof oa === "number" && typeof ob === "number") oa = broadcastOperand(scalarTensor(oa, computeDtype, device), shape);
  backendFor(device).binary(op, out, oa, ob, computeDtype, alpha);
  return out;
}
function unaryKernel(op, x2, outDtype, p0 = 0, p1 = 0, p2 = 0) {
  const out = empty(x2._shape, outDtype, x2.device);
  if (out.numel() > 0) backendFor(x2.device).unary(op, out, x2, p0, p1, p2);
  return out;
}
function reduceGrad(g, shape) {
  return sameShape(g._shape, shape) ? g : g.sumToSize(shape);
}
function toTensor(x2, like) {
  return x2 instanceof Tensor ? x2 : scalarTensor(Number(x2), like.dtype, like.device);
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
  abs: { name: "AbsBackward0", grad: (g, x2) => g.mul(x2.sign()) },
  sign: { name: "SignBackward0", grad: (g) => g.mul(0) },
  square: { name: "PowBackward0", grad: (g, x2) => g.mul(x2).mul(2) },
  reciprocal: { name: "ReciprocalBackward0", grad: (g, _x, y) => g.mul(y.mul(y)).neg() },
  relu: { name: "ReluBackward0", grad: (g, _x, y) => thresholdBackward(g, y, 0) },
  exp: { name: "ExpBackward0", grad: (g, _x, y) => g.mul(y) },
  exp2: { name: "Exp2Backward0", grad: (g, _x, y) => g.mul(y).mul(LN2) },
  expm1: { name: "Expm1Backward0", grad: (g, _x, y) => g.mul(y.add(1)) },
  log: { name: "LogBackward0", grad: (g, x2) => g.div(x2) },
  log2: { name: "Log2Backward0", grad: (g, x2) => g.div(x2.mul(LN2)) },
  log10: { name: "Log10Backward0", grad: (g, x2) => g.div(x2.mul(LN10)) },
  log1p: { name: "Log1PBackward0", grad: (g, x2) => g.div(x2.add(1)) },
  sqrt: { name: "SqrtBackward0", grad: (g, _x, y) => g.div(y.mul(2)) },
  rsqrt: { name: "RsqrtBackward0", grad: (g, _x, y) => g.mul(y.pow(3)).mul(-0.5) },
  sin: { name: "SinBackward0", grad: (g, x2) => g.mul(x2.cos()) },
  cos: { name: "CosBackward0", grad: (g, x2) => g.mul(x2.sin()).neg() },
  tan: { name: "TanBackward0", grad: (g, _x, y) => g.mul(y.mul(y).add(1)) },
  asin: { name: "AsinBackward0", grad: (g, x2) => g.mul(x2.mul(x2).neg().add(1).rsqrt()) },
  acos: { name: "AcosBackward0", grad: (g, x2) => g.mul(x2.mul(x2).neg().add(1).rsqrt()).neg() },
  atan: { name: "AtanBackward0", grad: (g, x2) => g.div(x2.mul(x2).add(1)) },
  sinh: { name: "SinhBackward0", grad: (g, x2) => g.mul(x2.cosh()) },
  cosh: { name: "CoshBackward0", grad: (g, x2) => g.mul(x2.sinh()) },
  tanh: { name: "TanhBackward0", grad: (g, _x, y) => fusedBackward("tanh_backward", g, y, (gg, yy) => gg.mul(yy.mul(yy).neg().add(1))) },
  asinh: { name: "AsinhBackward0", grad: (g, x2) => g.mul(x2.mul(x2).add(1).rsqrt()) },
  acosh: { name: "AcoshBackward0", grad: (g, x2) => g.mul(x2.mul(x2).sub(1).rsqrt()) },
  atanh: { name: "AtanhBackward0", grad: (g, x2) => g.div(x2.mul(x2).neg().add(1)) },
  sigmoid: { name: "SigmoidBackward0", grad: (g, _x, y) => fusedBackward("sigmoid_backward", g, y, (gg, yy) => gg.mul(yy.neg().add(1)).mul(yy)) },
  logsigmoid: { name: "LogSigmoidBackward0", grad: (g, x2) => g.mul(x2.neg().sigmoid()) },
  erf: { name: "ErfBackward0", grad: (g, x2) => g.mul(x2.mul(x2).neg().exp()).mul(2 / Math.sqrt(Math.PI)) },
  erfc: { name: "ErfcBackward0", grad: (g, x2) => g.mul(x2.mul(x2).neg().exp()).mul(-2 / Math.sqrt(Math.PI)) },
  erfinv: { name: "ErfinvBackward0", grad: (g, _x, y) => g.mul(y.mul(y).exp()).mul(Math.sqrt(Math.PI) / 2) },
  lgamma: { name: "LgammaBackward0", grad: (g, x2) => g.mul(x2.digamma()) },
  digamma: { name: "DigammaBackward0", grad: null },
  floor: { name: "FloorBackward0", grad: (g) => g.mul(0) },
  ceil: { name: "CeilBackward0", grad: (g) => g.mul(0) },
  round: { name: "RoundBackward0", grad: (g) => g.mul(0) },
  round_decimals: { name: "RoundBackward1", grad: (g) => g.mul(0) },
  trunc: { name: "TruncBackward0", grad: (g) => g.mul(0) },
  frac: { name: "FracBackward0", grad: (g) => g },
  gelu: {
    name: "GeluBackward0",
    grad: (g, x2) => {
      const cdf = x2.mul(Math.SQRT1_2).erf().add(1).mul(0.5);
      const pdf = x2.mul(x2).mul(-0.5).exp().mul(1 / Math.sqrt(2 * Math.PI));
      return g.mul(cdf.add(x2.mul(pdf)));
    }
  },
  gelu_tanh: {
    name: "GeluBackward0",
    grad: (g, x2) => {
      const inner = x2.add(x2.pow(3).mul(0.044715)).mul(SQRT_2_OVER_PI);
      const t2 = inner.tanh();
      const dinner = x2.mul(x2).mul(3 * 0.044715).add(1).mul(SQRT_2_OVER_PI);
      return g.mul(t2.add(1).mul(0.5).add(x2.mul(0.5).mul(t2.mul(t2).neg().add(1)).mul(dinner)));
    }
  },
  silu: {
    name: "SiluBackward0",
    grad: (g, x2) => {
      const s = x2.sigmoid();
      return g.mul(s.mul(x2.mul(s.neg().add(1)).add(1)));
    }
  },
  mish: {
    name: "MishBackward0",
    grad: (g, x2) => {
      const tsp = unary("softplus", x2, 1, 20).tanh();
      return g.mul(tsp.add(x2.mul(x2.sigmoid()).mul(tsp.mul(tsp).neg().add(1))));
    }
  },
  softplus: {
    name: "SoftplusBackward0",
    grad: (g, x2, _y, p) => {
      const z = x2.mul(p[0]);
      return where(z.gt(p[1]), g, g.mul(z.sigmoid()));
    }
  },
  elu: {
    name: "EluBackward0",
    grad: (g, x2, y, p) => where(x2.gt(0), g.mul(p[1]), g.mul(y.add(p[0] * p[1]).mul(p[2])))
  },
  selu: {
    name: "EluBackward0",
    grad: (g, x2, y) => {
      const alpha = 1.6732632423543772, scale = 1.0507009873554805;
      return where(x2.gt(0), g.mul(scale), g.mul(y.add(alpha * scale)));
    }
  },
  celu: { name: "EluBackward0", grad: (g, x2, _y, p) => where(x2.gt(0), g, g.mul(x2.div(p[0]).exp())) },
  leaky_relu: { name: "LeakyReluBackward0", grad: (g, x2, _y, p) => where(x2.gt(0), g, g.mul(p[0])) },
  hardtanh: { name: "HardtanhBackward0", grad: (g, x2, _y, p) => where(x2.gt(p[0]).logicalAnd(x2.lt(p[1])), g, 0) },
  hardswish: {
    name: "HardswishBackward0",
    grad: (g, x2) => where(x2.lt(-3), 0, where(x2.le(3), g.mul(x2.mul(2).add(3).div(6)), g))
  },
  hardsigmoid: { name: "HardsigmoidBackward0", grad: (g, x2) => where(x2.gt(-3).logicalAnd(x2.lt(3)), g.div(6), 0) },
  softsign: { name: "DivBackward0", grad: (g, x2) => g.div(x2.abs().add(1).square()) },
  tanhshrink: { name: "SubBackward0", grad: (g, x2) => g.mul(x2.tanh().square()) },
  threshold: { name: "ThresholdBackward0", grad: (g, x2, _y, p) => thresholdBackward(g, x2, p[0]) },
  clamp: { name: "ClampBackward1", grad: (g, x2, _y, p) => where(x2.ge(p[0]).logicalAnd(x2.le(p[1])), g, 0) },
  clamp_min: { name: "ClampMinBackward0", grad: (g, x2, _y, p) => where(x2.ge(p[0]), g, 0) },
  clamp_max: { name: "ClampMaxBackward0", grad: (g, x2, _y, p) => where(x2.le(p[0]), g, 0) },
  pow_scalar: {
    name: "PowBackward0",
    grad: (g, x2, _y, p) => p[0] === 0 ? g.mul(0) : g.mul(x2.pow(p[0] - 1).mul(p[0]))
  },
  rpow_scalar: { name: "PowBackward1", grad: (g, _x, y, p) => g.mul(y.mul(Math.log(p[0]))) },
  nan_to_num: { name: "NanToNumBackward0", grad: (g, x2) => where(x2.isfinite(), g, 0) },
  hardshrink: { name: "HardshrinkBackward0", grad: (g, x2, _y, p) => where(x2.abs().gt(p[0]), g, 0) },
  softshrink: { name: "SoftshrinkBackward0", grad: (g, x2, _y, p) => where(x2.abs().gt(p[0]), g, 0) }
};
function fusedBackward(op, g, y, composed, p = 0) {
  if (isGradEnabled()) return composed(g, y);
  const dtype = promoteTypes(g.dtype, y.dtype);
  return binaryKernel(op, g, y, dtype, dtype, p);
}
function thresholdBackward(g, x2, threshold) {
  return fusedBackward("threshold_backward", g, x2, (gg, xx) => where(xx.gt(threshold), gg, 0), threshold);
}
function unary(op, x2, p0 = 0, p1 = 0, p2 = 0) {
  let input = x2;
  if (!INTEGER_OK.has(op) && !isFloatingPoint(x2.dtype)) input = x2.to(getDefaultDtype());
  if (op === "neg" && x2.dtype === "bool")
    throw new Error("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.");
  const out = unaryKernel(op, input, input.dtype, p0, p1, p2);
  const def = UNARY2[op];
  if (def && x2.requiresGrad) {
    const p = [p0, p1, p2];
    record(out, def.name, [x2], (g) => {
      if (!def.grad) throw new Error(`the derivative for '${op}' is not implemented.`);
      return [def.grad(g, input, out, p)];
    }, [input, out]);
  }
  return out;
}
function predicate(op, x2) {
  return unaryKernel(op, x2.dtype === "float16" || x2.dtype === "bfloat16" ? x2.float() : x2, "bool");
}
function checkAlpha(dtype, alpha) {
  if (!isFloatingPoint(dtype) && !Number.isInteger(alpha))
    throw new Error("For integral input tensors, argument alpha must not be a floating point number.");
}
function add2(a, b2, opts) {
  const alpha = opts?.alpha ?? 1;
  const dtype = resultType(a, b2);
  checkAlpha(dtype, alpha);
  const out = binaryKernel("add", a, b2, dtype, dtype, alpha);
  if (a instanceof Tensor && a._requiresGrad || b2 instanceof Tensor && b2._requiresGrad) {
    const ta = toTensor(a, out), tb = toTensor(b2, out);
    record(out, "AddBackward0", [ta, tb], (g, needs) => [
      needs[0] ? reduceGrad(g, ta._shape) : null,
      needs[1] ? reduceGrad(alpha === 1 ? g : g.mul(alpha), tb._shape) : null
    ]);
  }
  return out;
}
function sub2(a, b2, opts) {
  const alpha = opts?.alpha ?? 1;
  const dtype = resultType(a, b2);
  if (dtype === "bool")
    throw new Error("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.");
  checkAlpha(dtype, alpha);
  const out = binaryKernel("sub", a, b2, dtype, dtype, alpha);
  if (a instanceof Tensor && a._requiresGrad || b2 instanceof Tensor && b2._requiresGrad) {
    const ta = toTensor(a, out), tb = toTensor(b2, out);
    record(out, a instanceof Tensor ? "SubBackward0" : "RsubBackward1", [ta, tb], (g, needs) => [
      needs[0] ? reduceGrad(g, ta._shape) : null,
      needs[1] ? reduceGrad(g.mul(-alpha), tb._shape) : null
    ]);
  }
  return out;
}
function mul(a, b2) {
  const dtype = resultType(a, b2);
  const out = binaryKernel("mul", a, b2, dtype, dtype);
  if (a instanceof Tensor && a._requiresGrad || b2 instanceof Tensor && b2._requiresGrad) {
    const ta = toTensor(a, out), tb = toTensor(b2, out);
    record(out, "MulBackward0", [ta, tb], (g, needs) => [
      needs[0] ? reduceGrad(g.mul(b2 instanceof Tensor ? tb : Number(b2)), ta._shape) : null,
      needs[1] ? reduceGrad(g.mul(a instanceof Tensor ? ta : Number(a)), tb._shape) : null
    ], [ta, tb]);
  }
  return out;
}
function div(a, b2, opts) {
  const mode = opts?.roundingMode ?? null;
  let dtype = resultType(a, b2);
  if (mode === null) {
    if (!isFloatingPoint(dtype)) dtype = getDefaultDtype();
    const out2 = binaryKernel("div", a, b2, dtype, dtype);
    if (a instanceof Tensor && a._requiresGrad || b2 instanceof Tensor && b2._requiresGrad) {
      const ta = toTensor(a, out2), tb = toTensor(b2, out2);
      record(out2, "DivBackward0", [ta, tb], (g, needs) => [
        needs[0] ? reduceGrad(g.div(b2 instanceof Tensor ? tb : Number(b2)), ta._shape) : null,
        needs[1] ? reduceGrad(g.mul(ta).div(tb.mul(tb)).neg(), tb._shape) : null
      ], [ta, tb]);
    }
    return out2;
  }
  if (dtype === "bool") dtype = "int64";
  const out = binaryKernel(mode === "trunc" ? "div_trunc" : "div_floor", a, b2, dtype, dtype);
  if (a instanceof Tensor && a._requiresGrad || b2 instanceof Tensor && b2._requiresGrad) {
    const ta = toTensor(a, out), tb = toTensor(b2, out);
    record(out, "DivBackward2", [ta, tb], (g) => [reduceGrad(g.mul(0), ta._shape), reduceGrad(g.mul(0), tb._shape)]);
  }
  return out;
}
function remainder(a, b2) {
  const dtype = resultType(a, b2);
  const out = binaryKernel("remainder", a, b2, dtype, dtype);
  if (a instanceof Tensor && a._requiresGrad || b2 instanceof Tensor && b2._requiresGrad) {
    const ta = toTensor(a, out), tb = toTensor(b2, out);
    record(out, "RemainderBackward0", [ta, tb], (g, needs) => [
      needs[0] ? reduceGrad(g, ta._shape) : null,
      needs[1] ? reduceGrad(g.mul(ta.div(tb, { roundingMode: "floor" })).neg(), tb._shape) : null
    ], [ta, tb]);
  }
  return out;
}
function fmod(a, b2) {
  const dtype = resultType(a, b2);
  const out = binaryKernel("fmod", a, b2, dtype, dtype);
  if (a instanceof Tensor && a._requiresGrad || b2 instanceof Tensor && b2._requiresGrad) {
    const ta = toTensor(a, out), tb = toTensor(b2, out);
    record(out, "FmodBackward0", [ta, tb], (g, needs) => [
      needs[0] ? reduceGrad(g, ta._shape) : null,
      needs[1] ? reduceGrad(g.mul(ta.div(tb, { roundingMode: "trunc" })).neg(), tb._shape) : null
    ], [ta, tb]);
  }
  return out;
}
function pow(a, b2) {
  if (a instanceof Tensor && !(b2 instanceof Tensor)) {
    const e = Number(b2);
    const dtype2 = resultType(a, b2);
    if (dtype2 !== a.dtype) return unary("pow_scalar", a.to(dtype2), e);
    return unary("pow_scalar", a, e);
  }
  if (!(a instanceof Tensor) && b2 instanceof Tensor) {
    const dtype2 = resultType(a, b2);
    const base = Number(a);
    const x2 = isFloatingPoint(dtype2) ? cast(b2, dtype2) : b2.to(getDefaultDtype());
    const out2 = unaryKernel("rpow_scalar", x2, x2.dtype, base);
    if (b2._requiresGrad) record(out2, "PowBackward1", [b2], (g) => [g.mul(out2).mul(Math.log(base))], [out2]);
    return isFloatingPoint(dtype2) ? out2 : out2.to(dtype2);
  }
  const ta = a, tb = b2;
  const dtype = resultType(ta, tb);
  const out = binaryKernel("pow", ta, tb, dtype, dtype);
  if (ta._requiresGrad || tb._requiresGrad) {
    record(out, "PowBackward1", [ta, tb], (g, needs) => [
      // matches PyTorch: 0 where the exponent is 0 (not 0 * 0^-1 = nan at a zero base)
      needs[0] ? reduceGrad(where(tb.eq(0), 0, g.mul(tb).mul(ta.pow(tb.sub(1)))), ta._shape) : null,
      // matches PyTorch: the exponent's gradient is 0 where base == 0 and exponent >= 0
      needs[1] ? reduceGrad(where(ta.eq(0).logicalAnd(tb.ge(0)), 0, g.mul(out).mul(ta.log())), tb._shape) : null
    ], [ta, tb, out]);
  }
  return out;
}
function binaryFloat(op, name, a, b2, grad) {
  let dtype = resultType(a, b2);
  if (!isFloatingPoint(dtype)) dtype = getDefaultDtype();
  const out = binaryKernel(op, a, b2, dtype, dtype);
  if (a._requiresGrad || b2 instanceof Tensor && b2._requiresGrad) {
    const tb = toTensor(b2, out);
    record(out, name, [a, tb], (g) => {
      const [ga, gb] = grad(g, a, tb, out);
      return [reduceGrad(ga, a._shape), reduceGrad(gb, tb._shape)];
    }, [a, tb, out]);
  }
  return out;
}
function atan2(a, b2) {
  return binaryFloat("atan2", "Atan2Backward0", a, b2, (g, x2, y) => {
    const d = x2.mul(x2).add(y.mul(y));
    return [g.mul(y).div(d), g.mul(x2).neg().div(d)];
  });
}
function hypot(a, b2) {
  return binaryFloat("hypot", "HypotBackward0", a, b2, (g, x2, y, out) => [g.mul(x2).div(out), g.mul(y).div(out)]);
}
function copysign(a, b2) {
  return binaryFloat("copysign", "CopysignBackward0", a, b2, (g, x2, _y, out) => [
    where(x2.eq(0), 0, g.mul(out.div(x2))),
    g.mul(0)
  ]);
}
function xlogy(a, b2) {
  return binaryFloat("xlogy", "XlogyBackward0", a, b2, (g, x2, y) => [
    where(x2.eq(0).logicalAnd(y.isnan().logicalNot()), 0, g.mul(y.log())),
    g.mul(x2).div(y)
  ]);
}
function minMax(op, a, b2) {
  const dtype = resultType(a, b2);
  const out = binaryKernel(op, a, b2, dtype, dtype);
  if (a._requiresGrad || b2._requiresGrad) {
    const name = { maximum: "MaximumBackward0", minimum: "MinimumBackward0", fmax: "FmaxBackward0", fmin: "FminBackward0" }[op];
    const isMax = op === "maximum" || op === "fmax";
    record(out, name, [a, b2], (g) => {
      const aWins = isMax ? a.gt(b2) : a.lt(b2);
      const tie = a.eq(b2);
      const half = g.mul(0.5);
      const ga = where(aWins, g, where(tie, half, 0));
      const gb = where(aWins, 0, where(tie, half, g));
      return [reduceGrad(ga, a._shape), reduceGrad(gb, b2._shape)];
    }, [a, b2]);
  }
  return out;
}
var maximum = (a, b2) => minMax("maximum", a, b2);
var minimum = (a, b2) => minMax("minimum", a, b2);
var fmax = (a, b2) => minMax("fmax", a, b2);
var fmin = (a, b2) => minMax("fmin", a, b2);
function lerp(start, end, weight) {
  return add2(start, mul(sub2(end, start), weight));
}
function addcmul(input, t1, t2, opts) {
  return add2(input, mul(t1, t2), { alpha: opts?.value ?? 1 });
}
function addcdiv(input, t1, t2, opts) {
  return add2(input, div(t1, t2), { alpha: opts?.value ?? 1 });
}
function compare(op, a, b2) {
  return binaryKernel(op, a, b2, resultType(a, b2), "bool");
}
function bitwise(op, a, b2) {
  const dtype = resultType(a, b2);
  if (isFloatingPoint(dtype)) throw new Error(`"${op}_cpu" not implemented for '${dtype === "float64" ? "Double" : "Float"}'`);
  return binaryKernel(op, a, b2, dtype, dtype);
}
function equal(a, b2) {
  if (!sameShape(a._shape, b2._shape)) return false;
  return compare("eq", a, b2).all().item() !== 0;
}
function where(condition, a, b2) {
  if (condition.dtype !== "bool") condition = condition.ne(0);
  const dtype = resultType(a, b2);
  let shape = condition._shape;
  if (a instanceof Tensor) shape = broadcastShapes(shape, a._shape);
  if (b2 instanceof Tensor) shape = broadcastShapes(shape, b2._shape);
  const device = a instanceof Tensor ? a.device : b2 instanceof Tensor ? b2.device : condition.device;
  const out = empty(shape, dtype, device);
  if (out.numel() > 0) {
    const oa = a instanceof Tensor ? broadcastOperand(cast(a, dtype), shape) : Number(a);
    const ob = b2 instanceof Tensor ? broadcastOperand(cast(b2, dtype), shape) : Number(b2);
    backendFor(device).where(out, broadcastOperand(condition, shape), oa, ob);
  }
  if (a instanceof Tensor && a._requiresGrad || b2 instanceof Tensor && b2._requiresGrad) {
    const ta = toTensor(a, out), tb = toTensor(b2, out);
    record(out, "WhereBackward0", [ta, tb], (g, needs) => [
      needs[0] ? reduceGrad(where(condition, g, 0), ta._shape) : null,
      needs[1] ? reduceGrad(where(condition, 0, g), tb._shape) : null
    ]);
  }
  return out;
}
function clamp(x2, min, max) {
  const hasMin = min !== void 0 && min !== null, hasMax = max !== void 0 && max !== null;
  if (!hasMin && !hasMax) throw new Error("torch.clamp: At least one of 'min' or 'max' must not be None");
  if (min instanceof Tensor || max instanceof Tensor) {
    let r = x2;
    if (hasMin) r = maximum(r, min instanceof Tensor ? min : scalarTensor(min, x2.dtype));
    if (hasMax) r = minimum(r, max instanceof Tensor ? max : scalarTensor(max, x2.dtype));
    return r;
  }
  const dtype = resultType(x2, ...hasMin ? [min] : [], ...hasMax ? [max] : []);
  const input = cast(x2, dtype);
  if (hasMin && hasMax) return unary("clamp", input, min, max);
  if (hasMin) return unary("clamp_min", input, min);
  return unary("clamp_max", input, max);
}
function nanToNum(x2, opts) {
  if (!isFloatingPoint(x2.dtype)) return x2.clone();
  const big = x2.dtype === "float64" ? Number.MAX_VALUE : x2.dtype === "float16" ? 65504 : 34028234663852886e22;
  return unary("nan_to_num", x2, opts?.nan ?? 0, opts?.posinf ?? big, opts?.neginf ?? -big);
}
function maskedFill(x2, mask, value) {
  if (mask.dtype !== "bool") throw new Error(`masked_fill_ only supports boolean masks, but got mask with dtype ${mask.dtype === "uint8" ? "unsigned char" : mask.dtype}`);
  if (value instanceof Tensor && value.ndim !== 0)
    throw new Error(`masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ${value.ndim} dimension(s).`);
  const v = value instanceof Tensor ? value.to(x2.dtype) : Number(value);
  const out = where(mask, v, x2);
  return sameShape(out._shape, x2._shape) ? out : (() => {
    throw new Error(`The size of tensor a (${mask.shape.join(", ")}) must match the size of tensor b (${x2.shape.join(", ")})`);
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

// packages/nn/src/functional/conv.ts
function ntuple(v, n, name) {
  if (typeof v === "number") return new Array(n).fill(v);
  if (v.length === 1) return new Array(n).fill(v[0]);
  if (v.length !== n) throw new Error(`expected ${name} to be a single integer value or a list of ${n} values to match the convolution dimensions, but got ${name}=[${v.join(", ")}]`);
  return [...v];
}
function nnBackend(t2, op) {
  const b2 = backendFor(t2.device);
  if (!b2.convForward) throw new Error(`Could not run '${op}' with arguments from the '${t2.device}' backend.`);
  return b2;
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
function spatial(g, which, nsp) {
  return g[which].slice(3 - nsp);
}
function convOp(x2, w2, bias, g, nsp) {
  const xc = x2.contiguous(), wc = w2.contiguous(), bc = bias ? bias.contiguous() : null;
  const out = emptyTensor([g.n, g.o, ...spatial(g, "output", nsp)], { dtype: x2.dtype, device: x2.device });
  if (out.numel() > 0) nnBackend(x2, "convolution").convForward(g, out, xc, wc, bc);
  const inputs = bias ? [x2, w2, bias] : [x2, w2];
  return record(out, "ConvolutionBackward0", inputs, (grad, needs) => [
    needs[0] ? convInputGradOp(grad, w2, g, nsp) : null,
    needs[1] ? convWeightGradOp(grad, x2, g, nsp) : null,
    needs[2] ? grad.sum([0, ...Array.from({ length: nsp }, (_, i) => i + 2)]) : null
  ], [x2, w2]);
}
function convInputGradOp(y, w2, g, nsp) {
  const yc = y.contiguous(), wc = w2.contiguous();
  const out = emptyTensor([g.n, g.c, ...spatial(g, "input", nsp)], { dtype: y.dtype, device: y.device });
  if (out.numel() > 0) nnBackend(y, "convolution_backward").convBackwardInput(g, out, yc, wc);
  return record(out, "ConvolutionBackwardBackward0", [y, w2], (grad, needs) => [
    needs[0] ? convOp(grad, w2, null, g, nsp) : null,
    needs[1] ? convWeightGradOp(y, grad, g, nsp) : null
  ], [y, w2]);
}
function convWeightGradOp(y, x2, g, nsp) {
  const yc = y.contiguous(), xc = x2.contiguous();
  const kernel = g.kernel.slice(3 - nsp);
  const out = emptyTensor([g.o, g.c / g.groups, ...kernel], { dtype: y.dtype, device: y.device });
  if (out.numel() > 0) nnBackend(y, "convolution_backward").convBackwardWeight(g, out, yc, xc);
  return record(out, "ConvolutionBackwardBackward1", [y, x2], (grad, needs) => [
    needs[0] ? convOp(x2, grad, null, g, nsp) : null,
    needs[1] ? convInputGradOp(y, grad, g, nsp) : null
  ], [y, x2]);
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
  const x2 = unbatched ? input.unsqueeze(0) : input;
  if (weight.ndim !== nsp + 2)
    throw new Error(`Expected ${nsp + 2}-dimensional input for ${nsp + 2}-dimensional weight ${sizeStr(weight.shape)}, but got ${weight.ndim}-dimensional input of size ${sizeStr(input.shape)} instead`);
  checkDtypes(input, weight, bias);
  const groups = opts.groups ?? 1;
  if (!(groups > 0)) throw new Error("non-positive groups is not supported");
  const stride = ntuple(opts.stride ?? 1, nsp, "stride");
  const dilation = ntuple(opts.dilation ?? 1, nsp, "dilation");
  const [n, c, ...inSp] = x2.shape;
  const [o, cg, ...k2] = weight.shape;
  if (stride.some((s) => s <= 0)) throw new Error("non-positive stride is not supported");
  if (dilation.some((d) => d <= 0)) throw new Error("dilation should be greater than zero");
  if (o % groups !== 0)
    throw new Error(`Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size ${sizeStr(weight.shape)} instead`);
  if (cg * groups !== c)
    throw new Error(`Given groups=${groups}, weight of size ${sizeStr(weight.shape)}, expected input${sizeStr(x2.shape)} to have ${cg * groups} channels, but got ${c} channels instead`);
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
  const y = convOp(x2, weight, bias ?? null, g, nsp);
  return unbatched ? y.squeeze(0) : y;
}
function conv2d(input, weight, bias, opts = {}) {
  return convNd(2, input, weight, bias, opts);
}

// packages/nn/bench/conv_bench.ts
setNumThreads(2);
var x = randn([8, 64, 56, 56]);
var w = randn([64, 64, 3, 3]);
var b = randn([64]);
var times = [];
for (let i = 0; i < 25; i++) {
  const t0 = performance.now();
  conv2d(x, w, b, { padding: 1 });
  times.push(performance.now() - t0);
}
times.sort((a, b2) => a - b2);
console.log(`tensile conv2d fwd median ${times[12].toFixed(2)} ms`);
