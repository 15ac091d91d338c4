// The N-API surface of the addon: the only code that touches JavaScript values. Each function
// reads its scalar arguments from one shared Float64Array (the "meta" block TypeScript fills
// before every call; see packages/core/src/backend/meta.ts), validates every buffer, offset,
// stride and dtype it is handed against the real ArrayBuffer sizes, then calls a kernel.
// CPU kernels live in cpu/; a CUDA build registers the same names from cuda/.
#include "binding_util.h"

#include <v8.h>

#include <memory>

#include <cmath>
#include <cstring>
#include <string>

#include "allocator.h"
#include "cpu/elementwise.h"
#include "cpu/index.h"
#include "cpu/linalg.h"
#include "cpu/random.h"
#include "cpu/reduce.h"
#include "cpu/sort.h"
#include "dtype.h"
#include "ops.h"
#include "strided.h"
#include "threadpool.h"

namespace tensile {

// One metadata block per JavaScript thread: each worker thread (its own N-API env, on its own OS
// thread) registers its own array, and entries only ever read it on the calling thread.
thread_local double* g_meta = nullptr;
thread_local size_t g_meta_len = 0;

void register_nn_kernels(Napi::Env env, Napi::Object cpu);
void register_optim_kernels(Napi::Env env, Napi::Object cpu);
void register_cuda(Napi::Env env, Napi::Object exports);

const char* dtype_name(DType d) {
  static const char* names[] = {"Float", "Double", "Half", "BFloat16", "Char", "Byte", "Short", "Int", "Long", "Bool"};
  int i = static_cast<int>(d);
  return i >= 0 && i < static_cast<int>(DType::Count) ? names[i] : "?";
}

namespace {


uint64_t get_seed(double hi, double lo) {
  return (static_cast<uint64_t>(get_count(hi, "seed")) << 32) | static_cast<uint64_t>(get_count(lo, "seed"));
}

// ---- entry points -------------------------------------------------------------------------

Napi::Value Init(const Napi::CallbackInfo& info) {
  auto arr = info[0].As<Napi::Float64Array>();
  // the env owns the reference that keeps the array alive (freed with the env, not the thread)
  info.Env().SetInstanceData(new Napi::Reference<Napi::Float64Array>(Napi::Persistent(arr)));
  g_meta = arr.Data();
  g_meta_len = arr.ElementLength();
  return info.Env().Undefined();
}

Napi::Value OpNames(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  auto make = [&](std::initializer_list<const char*> names) {
    Napi::Array a = Napi::Array::New(env, names.size());
    uint32_t i = 0;
    for (const char* n : names) a.Set(i++, Napi::String::New(env, n));
    return a;
  };
#define NAME(x) #x,
  o.Set("unary", make({TENSILE_UNARY_OPS(NAME)}));
  o.Set("binary", make({TENSILE_BINARY_OPS(NAME)}));
  o.Set("reduce", make({TENSILE_REDUCE_OPS(NAME)}));
#undef NAME
  return o;
}

Napi::Value SetNumThreads(const Napi::CallbackInfo& info) {
  int n = info[0].As<Napi::Number>().Int32Value();
  if (n < 1 || n > 1024) throw Error("set_num_threads expects a positive integer");
  set_num_threads(n);
  return info.Env().Undefined();
}

Napi::Value GetNumThreads(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), get_num_threads());
}

// Large buffers come from the caching allocator as V8 backing stores whose deleter returns the
// block to the cache directly. N-API's external buffers would defer that to the next turn of
// the event loop, so a synchronous training loop would never get its memory back. V8 counts
// every backing store's size as external memory, so the GC sees the pressure; dispose() detaches
// the buffer, which runs the deleter at once. (napi_value and v8::Local share a representation
// in Node; this is the one place the addon steps below N-API.)
Napi::Value Alloc(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int64_t bytes = get_count(info[0].As<Napi::Number>().DoubleValue(), "size");
  if (bytes == 0) return Napi::ArrayBuffer::New(env, 0);
  // No AdjustExternalMemory here: V8 already counts every ArrayBuffer's backing store as external
  // memory, and its young-generation collections (cheap scavenges) free dead buffers back to
  // the cache. Reporting the bytes a second time doubled the pressure V8 saw and turned those
  // into full mark-compacts every few steps (a 1024x1000 cross-entropy step: one every ~5 steps
  // against one in 500, and more page faults and a higher peak RSS, not fewer).
  void* p = host_alloc(static_cast<size_t>(bytes));
  if (!p) throw Error("DefaultCPUAllocator: can't allocate memory: you tried to allocate " + std::to_string(bytes) + " bytes.");
  v8::Isolate* isolate = v8::Isolate::GetCurrent();
  std::unique_ptr<v8::BackingStore> store = v8::ArrayBuffer::NewBackingStore(
      p, static_cast<size_t>(bytes), [](void* data, size_t length, void*) { host_free(data, length); }, nullptr);
  v8::Local<v8::ArrayBuffer> ab = v8::ArrayBuffer::New(isolate, std::move(store));
  return Napi::Value(env, reinterpret_cast<napi_value>(*ab));
}

Napi::Value Free(const Napi::CallbackInfo& info) {
  if (info[0].IsArrayBuffer()) {
    auto ab = info[0].As<Napi::ArrayBuffer>();
    if (!ab.IsDetached()) ab.Detach();
  }
  return info.Env().Undefined();
}

Napi::Value EmptyCache(const Napi::CallbackInfo& info) {
  host_empty_cache();
  return info.Env().Undefined();
}

// meta: [op, dtIn, dtOut, p0, p1, p2, p3, p4 | loop(out, a)]
Napi::Value Unary(const Napi::CallbackInfo& info) {
  const double* m = meta(8);
  int op = static_cast<int>(get_count(m[0], "op"));
  if (op >= static_cast<int>(UnaryOp::Count)) throw Error("internal error: unknown unary op");
  DType in = get_dtype(m[1]), out = get_dtype(m[2]);
  Buf o = get_buf(info, 0, "out", true), a = get_buf(info, 1, "input", true);
  auto loop = loop_from_meta<2>(8, {o, a}, {item_size(out), item_size(in)});
  if (on_device({&o, &a})) CUDA_OR_THROW(cuda::unary(static_cast<UnaryOp>(op), in, out, loop, m + 3));
  else cpu::unary(static_cast<UnaryOp>(op), in, out, loop, m + 3);
  return info.Env().Undefined();
}

// Writes a scalar of dtype dt into storage (for broadcasting a number as a stride-0 operand).
void scalar_bytes(DType dt, double v, char* dst) {
  TENSILE_DISPATCH_ALL(dt, "scalar", {
    T t;
    if constexpr (std::is_same<T, bool>::value) t = v != 0;
    else t = static_cast<T>(static_cast<acc_t<T>>(v));
    std::memcpy(dst, &t, sizeof(T));
  });
}

// meta: [op, dtIn, dtOut, alpha, scalarA, scalarB, -, - | loop(out, a, b)]; a or b may be
// absent, in which case the scalar stands in for it with all-zero strides.
Napi::Value Binary(const Napi::CallbackInfo& info) {
  const double* m = meta(8);
  int op = static_cast<int>(get_count(m[0], "op"));
  if (op >= static_cast<int>(BinaryOp::Count)) throw Error("internal error: unknown binary op");
  DType in = get_dtype(m[1]), out = get_dtype(m[2]);
  alignas(8) char sa[8], sb[8];
  Buf a, b;
  bool a_scalar = is_absent(info, 1), b_scalar = is_absent(info, 2);
  Buf o = get_buf(info, 0, "out", true);
  if (a_scalar) { scalar_bytes(in, m[4], sa); a = scalar_buf(sa, o); } else a = get_buf(info, 1, "input", true);
  if (b_scalar) { scalar_bytes(in, m[5], sb); b = scalar_buf(sb, o); } else b = get_buf(info, 2, "other", true);
  int isz = item_size(in);
  auto loop = loop_from_meta<3>(8, {o, a, b}, {item_size(out), isz, isz});
  // on the device a scalar travels by value (its loop pointer is host memory, never read there)
  if (on_device({&o, &a, &b}))
    CUDA_OR_THROW(cuda::binary(static_cast<BinaryOp>(op), in, out, loop, m[3], a_scalar ? &m[4] : nullptr, b_scalar ? &m[5] : nullptr));
  else cpu::binary(static_cast<BinaryOp>(op), in, out, loop, m[3]);
  return info.Env().Undefined();
}

// meta: [dt, -, ..., | loop(out, cond, a, b)] with header of 8; a/b scalar when absent (meta[4], meta[5])
Napi::Value Where(const Napi::CallbackInfo& info) {
  const double* m = meta(8);
  DType dt = get_dtype(m[0]);
  alignas(8) char sa[8], sb[8];
  Buf a, b;
  Buf o = get_buf(info, 0, "out", true), c = get_buf(info, 1, "condition", true);
  const bool a_scalar = is_absent(info, 2), b_scalar = is_absent(info, 3);
  if (a_scalar) { scalar_bytes(dt, m[4], sa); a = scalar_buf(sa, o); } else a = get_buf(info, 2, "input", true);
  if (b_scalar) { scalar_bytes(dt, m[5], sb); b = scalar_buf(sb, o); } else b = get_buf(info, 3, "other", true);
  int sz = item_size(dt);
  auto loop = loop_from_meta<4>(8, {o, c, a, b}, {sz, 1, sz, sz});
  if (on_device({&o, &c, &a, &b})) CUDA_OR_THROW(cuda::where(dt, loop, a_scalar ? &m[4] : nullptr, b_scalar ? &m[5] : nullptr));
  else cpu::where(dt, loop);
  return info.Env().Undefined();
}

// meta: [dtOut, dtIn, ... | loop(out, a)]
Napi::Value Copy(const Napi::CallbackInfo& info) {
  const double* m = meta(8);
  DType out = get_dtype(m[0]), in = get_dtype(m[1]);
  Buf o = get_buf(info, 0, "out", true), a = get_buf(info, 1, "src", true);
  auto loop = loop_from_meta<2>(8, {o, a}, {item_size(out), item_size(in)});
  if (on_device({&o, &a})) CUDA_OR_THROW(cuda::copy(out, in, loop));
  else cpu::copy(out, in, loop);
  return info.Env().Undefined();
}

// meta: [dt, value, ... | loop(out)]
Napi::Value Fill(const Napi::CallbackInfo& info) {
  const double* m = meta(8);
  DType dt = get_dtype(m[0]);
  Buf o = get_buf(info, 0, "out", true);
  auto loop = loop_from_meta<1>(8, {o}, {item_size(dt)});
  if (o.device) CUDA_OR_THROW(cuda::fill(dt, loop, m[1]));
  else cpu::fill(dt, loop, m[1]);
  return info.Env().Undefined();
}

// meta: [dt, n, start, step_or_end, isLinspace]
Napi::Value Range(const Napi::CallbackInfo& info) {
  const double* m = meta(5);
  DType dt = get_dtype(m[0]);
  int64_t n = get_count(m[1], "numel");
  Buf ob = get_buf(info, 0, "out", true);
  char* out = span(ob, 0, n, item_size(dt), "out");
  if (ob.device) CUDA_OR_THROW(m[4] != 0 ? cuda::linspace(dt, out, n, m[2], m[3]) : cuda::arange(dt, out, n, m[2], m[3]));
  else if (m[4] != 0) cpu::linspace(dt, out, n, m[2], m[3]);
  else cpu::arange(dt, out, n, m[2], m[3]);
  return info.Env().Undefined();
}

// meta: [op, dtIn, dtOut, aOff, ndim, shape[ndim], strides[ndim], mask[ndim]]
Napi::Value Reduce(const Napi::CallbackInfo& info) {
  const double* m = meta(5);
  int op = static_cast<int>(get_count(m[0], "op"));
  if (op >= static_cast<int>(ReduceOp::Count)) throw Error("internal error: unknown reduce op");
  DType in = get_dtype(m[1]), out = get_dtype(m[2]);
  int64_t off = get_count(m[3], "offset");
  int ndim = static_cast<int>(get_count(m[4], "ndim"));
  if (ndim > kMaxDims) throw Error("tensors with more than 16 dimensions are not supported");
  meta(5 + 3 * ndim);
  cpu::ReduceArgs args;
  args.ndim = ndim;
  Buf a = get_buf(info, 1, "input", true), o = get_buf(info, 0, "out", true);
  unsigned __int128 reach = static_cast<unsigned __int128>(off);
  int64_t numel = 1, n_out = 1;
  for (int d = 0; d < ndim; ++d) {
    args.shape[d] = get_count(m[5 + d], "size");
    int64_t st = get_count(m[5 + ndim + d], "stride");
    args.in_strides[d] = st * item_size(in);
    args.reduce_mask[d] = m[5 + 2 * ndim + d] != 0;
    numel *= args.shape[d];
    if (!args.reduce_mask[d]) n_out *= args.shape[d];
    if (args.shape[d] > 0) reach += static_cast<unsigned __int128>(args.shape[d] - 1) * st;
  }
  if (numel > 0 && (reach + 1) * item_size(in) > a.len) throw Error("internal error: input extends past its storage");
  args.in = a.data + off * item_size(in);
  args.out = span(o, 0, n_out, item_size(out), "out");
  if (on_device({&a, &o})) CUDA_OR_THROW(cuda::reduce(static_cast<ReduceOp>(op), in, out, args));
  else cpu::reduce(static_cast<ReduceOp>(op), in, out, args);
  return info.Env().Undefined();
}

// (values|null, indices|null, a) meta: [dt, isMax, aOff, outer, len, inner]
Napi::Value ReduceArg(const Napi::CallbackInfo& info) {
  const double* m = meta(6);
  DType dt = get_dtype(m[0]);
  int64_t outer = get_count(m[3], "outer"), len = get_count(m[4], "len"), inner = get_count(m[5], "inner");
  if (len == 0) throw Error("cannot perform reduction function max on a tensor with no elements because the operation does not have an identity");
  DeviceBufs bufs{info};
  const char* a = span(bufs.get(2, "input"), get_count(m[2], "offset"), outer * len * inner, item_size(dt), "input");
  char* v = is_absent(info, 0) ? nullptr : span(bufs.get(0, "values"), 0, outer * inner, item_size(dt), "values");
  int64_t* idx = is_absent(info, 1) ? nullptr
                                    : reinterpret_cast<int64_t*>(span(bufs.get(1, "indices"), 0, outer * inner, 8, "indices"));
  if (bufs.device()) CUDA_OR_THROW(cuda::reduce_arg(dt, m[1] != 0, a, outer, len, inner, v, idx));
  else cpu::reduce_arg(dt, m[1] != 0, a, outer, len, inner, v, idx);
  return info.Env().Undefined();
}

// (out, indices|null, a) meta: [op, dtIn, dtOut, aOff, outer, len, inner]
Napi::Value Scan(const Napi::CallbackInfo& info) {
  const double* m = meta(7);
  int op = static_cast<int>(get_count(m[0], "op"));
  if (op > static_cast<int>(cpu::ScanOp::cummin)) throw Error("internal error: unknown scan op");
  DType in = get_dtype(m[1]), out = get_dtype(m[2]);
  int64_t n = get_count(m[4], "outer") * get_count(m[5], "len") * get_count(m[6], "inner");
  DeviceBufs bufs{info};
  const char* a = span(bufs.get(2, "input"), get_count(m[3], "offset"), n, item_size(in), "input");
  char* o = span(bufs.get(0, "out"), 0, n, item_size(out), "out");
  int64_t* idx = is_absent(info, 1) ? nullptr : reinterpret_cast<int64_t*>(span(bufs.get(1, "indices"), 0, n, 8, "indices"));
  if (bufs.device())
    CUDA_OR_THROW(cuda::scan(static_cast<cpu::ScanOp>(op), in, out, a, o, idx, get_count(m[4], "outer"),
                             get_count(m[5], "len"), get_count(m[6], "inner")));
  else
    cpu::scan(static_cast<cpu::ScanOp>(op), in, out, a, o, idx, get_count(m[4], "outer"), get_count(m[5], "len"),
              get_count(m[6], "inner"));
  return info.Env().Undefined();
}

// (out, a) meta: [dt, log, aOff, outer, len, inner]
Napi::Value Softmax(const Napi::CallbackInfo& info) {
  const double* m = meta(6);
  DType dt = get_dtype(m[0]);
  int64_t outer = get_count(m[3], "outer"), len = get_count(m[4], "len"), inner = get_count(m[5], "inner");
  Buf ab = get_buf(info, 1, "input", true), ob = get_buf(info, 0, "out", true);
  const char* a = span(ab, get_count(m[2], "offset"), outer * len * inner, item_size(dt), "input");
  char* o = span(ob, 0, outer * len * inner, item_size(dt), "out");
  if (on_device({&ab, &ob})) CUDA_OR_THROW(cuda::softmax(dt, m[1] != 0, a, o, outer, len, inner));
  else cpu::softmax(dt, m[1] != 0, a, o, outer, len, inner);
  return info.Env().Undefined();
}

// (out, g, y) meta: [dt, log, gOff, yOff, outer, len, inner]
Napi::Value SoftmaxBackward(const Napi::CallbackInfo& info) {
  const double* m = meta(7);
  DType dt = get_dtype(m[0]);
  int64_t outer = get_count(m[4], "outer"), len = get_count(m[5], "len"), inner = get_count(m[6], "inner");
  int64_t n = outer * len * inner;
  Buf gb = get_buf(info, 1, "grad", true), yb = get_buf(info, 2, "output", true), ob = get_buf(info, 0, "out", true);
  const char* g = span(gb, get_count(m[2], "offset"), n, item_size(dt), "grad");
  const char* y = span(yb, get_count(m[3], "offset"), n, item_size(dt), "output");
  char* o = span(ob, 0, n, item_size(dt), "out");
  if (on_device({&gb, &yb, &ob})) CUDA_OR_THROW(cuda::softmax_backward(dt, m[1] != 0, g, y, o, outer, len, inner));
  else cpu::softmax_backward(dt, m[1] != 0, g, y, o, outer, len, inner);
  return info.Env().Undefined();
}

// (c, a, b) meta: [dt, batch, M, N, K, aOff, a_bs, a_rs, a_cs, bOff, b_bs, b_rs, b_cs, cOff, c_bs, c_rs, c_cs, alpha, beta]
Napi::Value Matmul(const Napi::CallbackInfo& info) {
  const double* m = meta(19);
  DType dt = get_dtype(m[0]);
  cpu::MatmulArgs a;
  a.batch = get_count(m[1], "batch");
  a.M = get_count(m[2], "M");
  a.N = get_count(m[3], "N");
  a.K = get_count(m[4], "K");
  int sz = item_size(dt);
  auto operand = [&](size_t base, const Buf& buf, int64_t rows, int64_t cols, int64_t& bs, int64_t& rs, int64_t& cs) {
    int64_t off = get_count(m[base], "offset");
    bs = get_count(m[base + 1], "stride");
    rs = get_count(m[base + 2], "stride");
    cs = get_count(m[base + 3], "stride");
    if (a.batch > 0 && rows > 0 && cols > 0) {
      unsigned __int128 reach = static_cast<unsigned __int128>(off) + static_cast<unsigned __int128>(a.batch - 1) * bs +
                                static_cast<unsigned __int128>(rows - 1) * rs + static_cast<unsigned __int128>(cols - 1) * cs;
      if ((reach + 1) * sz > buf.len) throw Error("internal error: matmul operand extends past its storage");
    }
    return buf.data + off * sz;
  };
  Buf ab = get_buf(info, 1, "mat1", true), bb = get_buf(info, 2, "mat2", true), cb = get_buf(info, 0, "out", true);
  a.a = operand(5, ab, a.M, a.K, a.a_bs, a.a_rs, a.a_cs);
  a.b = operand(9, bb, a.K, a.N, a.b_bs, a.b_rs, a.b_cs);
  a.c = operand(13, cb, a.M, a.N, a.c_bs, a.c_rs, a.c_cs);
  a.alpha = m[17];
  a.beta = m[18];
  if (on_device({&ab, &bb, &cb})) CUDA_OR_THROW(cuda::matmul(dt, a));
  else cpu::matmul(dt, a);
  return info.Env().Undefined();
}

// (values, indices, a) meta: [dt, aOff, rows, len, descending, stable]
Napi::Value Sort(const Napi::CallbackInfo& info) {
  const double* m = meta(6);
  DType dt = get_dtype(m[0]);
  int64_t rows = get_count(m[2], "rows"), len = get_count(m[3], "len");
  DeviceBufs bufs{info};
  const char* a = span(bufs.get(2, "input"), get_count(m[1], "offset"), rows * len, item_size(dt), "input");
  char* v = span(bufs.get(0, "values"), 0, rows * len, item_size(dt), "values");
  auto* idx = reinterpret_cast<int64_t*>(span(bufs.get(1, "indices"), 0, rows * len, 8, "indices"));
  if (bufs.device()) CUDA_OR_THROW(cuda::sort(dt, a, rows, len, m[4] != 0, m[5] != 0, v, idx));
  else cpu::sort(dt, a, rows, len, m[4] != 0, m[5] != 0, v, idx);
  return info.Env().Undefined();
}

// (values, indices, a) meta: [dt, aOff, rows, len, k, largest]
Napi::Value Topk(const Napi::CallbackInfo& info) {
  const double* m = meta(6);
  DType dt = get_dtype(m[0]);
  int64_t rows = get_count(m[2], "rows"), len = get_count(m[3], "len"), k = get_count(m[4], "k");
  if (k > len) throw Error("selected index k out of range");
  DeviceBufs bufs{info};
  const char* a = span(bufs.get(2, "input"), get_count(m[1], "offset"), rows * len, item_size(dt), "input");
  char* v = span(bufs.get(0, "values"), 0, rows * k, item_size(dt), "values");
  auto* idx = reinterpret_cast<int64_t*>(span(bufs.get(1, "indices"), 0, rows * k, 8, "indices"));
  if (bufs.device()) CUDA_OR_THROW(cuda::topk(dt, a, rows, len, k, m[5] != 0, v, idx));
  else cpu::topk(dt, a, rows, len, k, m[5] != 0, v, idx);
  return info.Env().Undefined();
}

// (out, src, offsets) meta: [dt, ... | loop(out, src, offsets)]
Napi::Value Take(const Napi::CallbackInfo& info) {
  const double* m = meta(8);
  DType dt = get_dtype(m[0]);
  Buf src = get_buf(info, 1, "input", true), out = get_buf(info, 0, "out", true), idx = get_buf(info, 2, "index", true);
  auto loop = loop_from_meta<3>(8, {out, src, idx}, {item_size(dt), item_size(dt), 8});
  if (on_device({&src, &out, &idx})) CUDA_OR_THROW(cuda::take(dt, loop, src.data, src.data + src.len));
  else cpu::take(dt, loop, src.data, src.data + src.len);
  return info.Env().Undefined();
}

// (dst, values, offsets) meta: [dt, accumulate, ... | loop(dst, values, offsets)]
Napi::Value Put(const Napi::CallbackInfo& info) {
  const double* m = meta(8);
  DType dt = get_dtype(m[0]);
  Buf dst = get_buf(info, 0, "self", true), idx = get_buf(info, 2, "index", true);
  alignas(8) char sv[8];
  Buf values;
  const bool scalar = is_absent(info, 1);
  if (scalar) { scalar_bytes(dt, m[2], sv); values = scalar_buf(sv, dst); } else values = get_buf(info, 1, "values", true);
  auto loop = loop_from_meta<3>(8, {dst, values, idx}, {item_size(dt), item_size(dt), 8});
  if (on_device({&dst, &values, &idx})) CUDA_OR_THROW(cuda::put(dt, m[1] != 0, loop, dst.data, dst.data + dst.len, scalar ? &m[2] : nullptr));
  else cpu::put(dt, m[1] != 0, loop, dst.data, dst.data + dst.len);
  return info.Env().Undefined();
}

// (out|null, a) meta: [dt, capacity, ... | loop(a)] -> count
Napi::Value Nonzero(const Napi::CallbackInfo& info) {
  const double* m = meta(8);
  DType dt = get_dtype(m[0]);
  DeviceBufs bufs{info};
  const Buf in = bufs.get(1, "input");
  auto loop_in = loop_from_meta<1>(8, {in}, {item_size(dt)});
  // nonzero needs the original (uncoalesced) dims to report coordinates: re-read without coalescing.
  StridedLoop<1> loop;
  int ndim = static_cast<int>(m[8]);
  loop.ndim = ndim;
  for (int d = 0; d < ndim; ++d) {
    loop.shape[d] = static_cast<int64_t>(m[9 + d]);
    loop.ops[0].strides[d] = static_cast<int64_t>(m[9 + ndim + 1 + d]) * item_size(dt);
  }
  loop.ops[0].data = in.data + static_cast<int64_t>(m[9 + ndim]) * item_size(dt);
  (void)loop_in;  // validated the extent above
  int64_t capacity = get_count(m[1], "capacity");
  int64_t* out = nullptr;
  if (capacity > 0) out = reinterpret_cast<int64_t*>(span(bufs.get(0, "out"), 0, capacity * (ndim > 0 ? ndim : 1), 8, "out"));
  int64_t n = 0;
  if (bufs.device()) CUDA_OR_THROW(n = cuda::nonzero(dt, loop, out, capacity));
  else n = cpu::nonzero(dt, loop, out, capacity);
  return Napi::Number::New(info.Env(), static_cast<double>(n));
}

// (out) meta: [op, dt, n, seedHi, seedLo, offset, a, b]
Napi::Value Random(const Napi::CallbackInfo& info) {
  const double* m = meta(8);
  int op = static_cast<int>(get_count(m[0], "op"));
  if (op > static_cast<int>(RandomOp::cauchy)) throw Error("internal error: unknown random op");
  DType dt = get_dtype(m[1]);
  int64_t n = get_count(m[2], "numel");
  Buf ob = get_buf(info, 0, "out", true);
  char* out = span(ob, 0, n, item_size(dt), "out");
  const uint64_t seed = get_seed(m[3], m[4]), offset = static_cast<uint64_t>(get_count(m[5], "offset"));
  if (ob.device) CUDA_OR_THROW(cuda::random_fill(static_cast<RandomOp>(op), dt, out, n, seed, offset, m[6], m[7]));
  else cpu::random_fill(static_cast<RandomOp>(op), dt, out, n, seed, offset, m[6], m[7]);
  return info.Env().Undefined();
}

// (out, p) meta: [dtOut, dtP, n, seedHi, seedLo, offset, pOff]
Napi::Value Bernoulli(const Napi::CallbackInfo& info) {
  const double* m = meta(7);
  DType out_dt = get_dtype(m[0]), p_dt = get_dtype(m[1]);
  int64_t n = get_count(m[2], "numel");
  Buf ob = get_buf(info, 0, "out", true), pb = get_buf(info, 1, "p", true);
  char* out = span(ob, 0, n, item_size(out_dt), "out");
  const char* p = span(pb, get_count(m[6], "offset"), n, item_size(p_dt), "p");
  const uint64_t seed = get_seed(m[3], m[4]), offset = static_cast<uint64_t>(get_count(m[5], "offset"));
  if (on_device({&ob, &pb})) CUDA_OR_THROW(cuda::bernoulli_tensor(out_dt, out, p_dt, p, n, seed, offset));
  else cpu::bernoulli_tensor(out_dt, out, p_dt, p, n, seed, offset);
  return info.Env().Undefined();
}

// (out) meta: [n, seedHi, seedLo, offset]
Napi::Value Randperm(const Napi::CallbackInfo& info) {
  const double* m = meta(4);
  int64_t n = get_count(m[0], "n");
  auto* out = reinterpret_cast<int64_t*>(span(get_buf(info, 0, "out"), 0, n, 8, "out"));
  cpu::randperm(out, n, get_seed(m[1], m[2]), static_cast<uint64_t>(get_count(m[3], "offset")));
  return info.Env().Undefined();
}

// (out, weights float64 contiguous) meta: [rows, cats, samples, replacement, seedHi, seedLo, offset, wOff]
Napi::Value Multinomial(const Napi::CallbackInfo& info) {
  const double* m = meta(8);
  int64_t rows = get_count(m[0], "rows"), cats = get_count(m[1], "cats"), samples = get_count(m[2], "samples");
  auto* out = reinterpret_cast<int64_t*>(span(get_buf(info, 0, "out"), 0, rows * samples, 8, "out"));
  auto* w = reinterpret_cast<const double*>(span(get_buf(info, 1, "weights"), get_count(m[7], "offset"), rows * cats, 8, "weights"));
  cpu::multinomial(w, rows, cats, samples, m[3] != 0, out, get_seed(m[4], m[5]), static_cast<uint64_t>(get_count(m[6], "offset")));
  return info.Env().Undefined();
}

}  // namespace

Napi::Object Module(Napi::Env env, Napi::Object exports) {
  Napi::Object cpu = Napi::Object::New(env);
#define EXPORT(name, fn) cpu.Set(name, Napi::Function::New(env, Guard<fn>, name))
  EXPORT("unary", Unary);
  EXPORT("binary", Binary);
  EXPORT("where", Where);
  EXPORT("copy", Copy);
  EXPORT("fill", Fill);
  EXPORT("range", Range);
  EXPORT("reduce", Reduce);
  EXPORT("reduceArg", ReduceArg);
  EXPORT("scan", Scan);
  EXPORT("softmax", Softmax);
  EXPORT("softmaxBackward", SoftmaxBackward);
  EXPORT("matmul", Matmul);
  EXPORT("sort", Sort);
  EXPORT("topk", Topk);
  EXPORT("take", Take);
  EXPORT("put", Put);
  EXPORT("nonzero", Nonzero);
  EXPORT("random", Random);
  EXPORT("bernoulli", Bernoulli);
  EXPORT("randperm", Randperm);
  EXPORT("multinomial", Multinomial);
  EXPORT("alloc", Alloc);
  EXPORT("free", Free);
  EXPORT("emptyCache", EmptyCache);
#undef EXPORT
  register_nn_kernels(env, cpu);
  register_optim_kernels(env, cpu);
  exports.Set("cpu", cpu);
  exports.Set("init", Napi::Function::New(env, Guard<Init>, "init"));
  exports.Set("opNames", Napi::Function::New(env, Guard<OpNames>, "opNames"));
  exports.Set("setNumThreads", Napi::Function::New(env, Guard<SetNumThreads>, "setNumThreads"));
  exports.Set("getNumThreads", Napi::Function::New(env, Guard<GetNumThreads>, "getNumThreads"));
#ifdef TENSILE_WITH_CUDA
  register_cuda(env, exports);
  exports.Set("cudaBuilt", Napi::Boolean::New(env, true));
#else
  exports.Set("cudaBuilt", Napi::Boolean::New(env, false));
#endif
  return exports;
}

}  // namespace tensile

static Napi::Object InitAddon(Napi::Env env, Napi::Object exports) { return tensile::Module(env, exports); }

NODE_API_MODULE(tensile_addon, InitAddon)
