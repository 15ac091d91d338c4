// Reductions over any set of dims, and softmax along one dim.
//
// A reduction is (outputs) x (reduced elements): each block reduces one output's elements with
// a shared-memory tree; when there are too few outputs to fill the device (a full sum), each
// output's elements are split over several blocks whose partial results a second launch
// combines. Sums of float32 accumulate in float32 and of half types in float, as PyTorch's.
#include <cmath>
#include <vector>

#include "api.h"
#include "common.cuh"

namespace tensile::cuda {
namespace {

// Reduction geometry in element strides: kept dims give the output index, reduced dims the
// element index within an output.
struct RedGeom {
  int nk, nr;
  int64_t kshape[kMaxDims], kstride[kMaxDims];
  int64_t rshape[kMaxDims], rstride[kMaxDims];
  int64_t n_out, n_red;
};

__device__ __forceinline__ int64_t unravel(int64_t i, int n, const int64_t* shape, const int64_t* stride) {
  int64_t off = 0;
  for (int d = n - 1; d >= 0; --d) {
    off += (i % shape[d]) * stride[d];
    i /= shape[d];
  }
  return off;
}

// Op rules: identity, element transform, combine; A is the accumulator type.
template <ReduceOp Op, typename A>
struct Rule {
  __device__ static A init() {
    if constexpr (Op == ReduceOp::prod || Op == ReduceOp::all) return A(1);
    else if constexpr (Op == ReduceOp::amax) return std::is_floating_point<A>::value ? A(-INFINITY) : std::numeric_limits<A>::lowest();
    else if constexpr (Op == ReduceOp::amin) return std::is_floating_point<A>::value ? A(INFINITY) : std::numeric_limits<A>::max();
    else return A(0);
  }
  // An element of the input: all / any / count_nonzero test it in its own type (0.5 is
  // nonzero even though int(0.5) is not); the others convert it to A first.
  template <typename TI>
  __device__ static A map_in(const TI& v) {
    if constexpr (Op == ReduceOp::count_nonzero || Op == ReduceOp::all || Op == ReduceOp::any)
      return A(load_acc(v) != decltype(load_acc(v))(0));
    else return map(load_acc_as<A>(v));
  }
  __device__ static A map(A x) {
    if constexpr (Op == ReduceOp::sum_sq) return x * x;
    else if constexpr (Op == ReduceOp::sum_abs) return x < A(0) ? A(-x) : x;
    else if constexpr (Op == ReduceOp::count_nonzero || Op == ReduceOp::all || Op == ReduceOp::any) return A(x != A(0));
    else if constexpr (Op == ReduceOp::nansum) { if constexpr (std::is_floating_point<A>::value) return isnan(x) ? A(0) : x; else return x; }
    else return x;
  }
  __device__ static A combine(A a, A b) {
    if constexpr (Op == ReduceOp::prod) return a * b;
    else if constexpr (Op == ReduceOp::all) return A(a != A(0) && b != A(0));
    else if constexpr (Op == ReduceOp::any) return A(a != A(0) || b != A(0));
    else if constexpr (Op == ReduceOp::amax) {
      if constexpr (std::is_floating_point<A>::value) { if (isnan(a) || isnan(b)) return A(NAN); }
      return a > b ? a : b;
    } else if constexpr (Op == ReduceOp::amin) {
      if constexpr (std::is_floating_point<A>::value) { if (isnan(a) || isnan(b)) return A(NAN); }
      return a < b ? a : b;
    } else return a + b;
  }
};

template <typename R, typename A>
__device__ A block_reduce(A v, A* shared) {
  shared[threadIdx.x] = v;
  __syncthreads();
  for (int s = blockDim.x / 2; s > 0; s >>= 1) {
    if (threadIdx.x < s) shared[threadIdx.x] = R::combine(shared[threadIdx.x], shared[threadIdx.x + s]);
    __syncthreads();
  }
  const A r = shared[0];
  __syncthreads();
  return r;
}

// Block (o, c) reduces chunk c of output o's elements; with chunks == 1 it writes the output.
template <typename R, typename TI, typename TO, typename A>
__global__ void reduce_kernel(RedGeom g, const TI* in, TO* out, A* partial, int64_t chunks) {
  __shared__ A shared[kThreads];
  const int64_t per = (g.n_red + chunks - 1) / chunks;
  for (int64_t o = blockIdx.x; o < g.n_out; o += gridDim.x) {
    const int64_t base = unravel(o, g.nk, g.kshape, g.kstride);
    const int64_t c = blockIdx.y, lo = c * per, hi = min(g.n_red, lo + per);
    A acc = R::init();
    for (int64_t r = lo + threadIdx.x; r < hi; r += blockDim.x)
      acc = R::combine(acc, R::map_in(in[base + unravel(r, g.nr, g.rshape, g.rstride)]));
    acc = block_reduce<R>(acc, shared);
    if (threadIdx.x == 0) {
      if (chunks == 1) out[o] = store_as<TO>(acc);
      else partial[o * chunks + c] = acc;
    }
  }
}

template <typename R, typename TO, typename A>
__global__ void combine_kernel(const A* partial, TO* out, int64_t n_out, int64_t chunks) {
  __shared__ A shared[kThreads];
  for (int64_t o = blockIdx.x; o < n_out; o += gridDim.x) {
    A acc = R::init();
    for (int64_t c = threadIdx.x; c < chunks; c += blockDim.x) acc = R::combine(acc, partial[o * chunks + c]);
    acc = block_reduce<R>(acc, shared);
    if (threadIdx.x == 0) out[o] = store_as<TO>(acc);
  }
}

template <ReduceOp Op, typename TI, typename TO, typename A>
void run_reduce(const RedGeom& g, const char* in, char* out) {
  using R = Rule<Op, A>;
  if (g.n_out == 0) return;
  // enough blocks to fill the device: split each output's elements when outputs are few
  int64_t chunks = 1;
  if (g.n_out < 512 && g.n_red > 16 * kThreads)
    chunks = std::min<int64_t>((g.n_red + 16 * kThreads - 1) / (16 * kThreads), std::max<int64_t>(1, 1024 / g.n_out));
  const unsigned gx = static_cast<unsigned>(std::min<int64_t>(g.n_out, 65535));
  A* partial = nullptr;
  if (chunks > 1) partial = static_cast<A*>(alloc(sizeof(A) * g.n_out * chunks));
  reduce_kernel<R, TI, TO, A><<<dim3(gx, static_cast<unsigned>(chunks)), kThreads, 0, stream()>>>(
      g, reinterpret_cast<const TI*>(in), reinterpret_cast<TO*>(out), partial, chunks);
  TENSILE_CUDA_LAUNCHED();
  if (chunks > 1) {
    combine_kernel<R, TO, A><<<gx, kThreads, 0, stream()>>>(partial, reinterpret_cast<TO*>(out), g.n_out, chunks);
    TENSILE_CUDA_LAUNCHED();
    release(partial);  // stream order: reused only by later launches
  }
}

// The accumulator of op on storage type TI (device type): PyTorch's choices.
template <ReduceOp Op, typename TI>
void reduce_in(DType out_dt, const RedGeom& g, const char* in, char* out) {
  using AccIn = typename Acc<TI>::type;
  constexpr bool kFloatIn = std::is_floating_point<AccIn>::value;
  if constexpr (Op == ReduceOp::all || Op == ReduceOp::any) {
    if (out_dt == DType::Bool) return run_reduce<Op, TI, bool, int>(g, in, out);
    return run_reduce<Op, TI, uint8_t, int>(g, in, out);
  } else if constexpr (Op == ReduceOp::count_nonzero) {
    return run_reduce<Op, TI, int64_t, int64_t>(g, in, out);
  } else if constexpr (kFloatIn) {
    dispatch_all(out_dt, op_name(Op), [&](auto to) {
      using TO = decltype(to);
      if constexpr (std::is_floating_point<typename Acc<TO>::type>::value) run_reduce<Op, TI, TO, AccIn>(g, in, out);
      else throw Error("internal error: float reduction into an integer output");
    });
  } else {
    // integer and bool inputs: sums and products in int64 (their output dtype), max/min in place
    if constexpr (Op == ReduceOp::amax || Op == ReduceOp::amin) {
      if constexpr (std::is_same<TI, bool>::value) return run_reduce<Op, TI, bool, int>(g, in, out);
      else return run_reduce<Op, TI, TI, TI>(g, in, out);
    } else {
      if (out_dt == DType::Int64) return run_reduce<Op, TI, int64_t, int64_t>(g, in, out);
      dispatch_all(out_dt, op_name(Op), [&](auto to) {
        using TO = decltype(to);
        run_reduce<Op, TI, TO, typename Acc<TO>::type>(g, in, out);
      });
    }
  }
}

// ---- softmax: one block per row (outer index, inner index), row elements `inner` apart

template <typename T, typename A>
__global__ void softmax_kernel(const T* a, T* o, int64_t outer, int64_t len, int64_t inner, bool log) {
  __shared__ A shared[kThreads];
  using Max = Rule<ReduceOp::amax, A>;
  using Sum = Rule<ReduceOp::sum, A>;
  for (int64_t row = blockIdx.x; row < outer * inner; row += gridDim.x) {
    const int64_t base = (row / inner) * len * inner + row % inner;
    A m = Max::init();
    for (int64_t k = threadIdx.x; k < len; k += blockDim.x) m = Max::combine(m, load_acc_as<A>(a[base + k * inner]));
    m = block_reduce<Max>(m, shared);
    if (isinf(m) && m < A(0)) m = A(0);  // all -inf: exp(-inf) = 0 rather than NaN
    A s = 0;
    for (int64_t k = threadIdx.x; k < len; k += blockDim.x) s += exp(load_acc_as<A>(a[base + k * inner]) - m);
    s = block_reduce<Sum>(s, shared);
    const A ls = log ? std::log(s) : A(0), r = A(1) / s;
    for (int64_t k = threadIdx.x; k < len; k += blockDim.x) {
      const A x = load_acc_as<A>(a[base + k * inner]) - m;
      o[base + k * inner] = store_as<T>(log ? x - ls : exp(x) * r);
    }
  }
}

template <typename T, typename A>
__global__ void softmax_backward_kernel(const T* g, const T* y, T* o, int64_t outer, int64_t len, int64_t inner, bool log) {
  __shared__ A shared[kThreads];
  using Sum = Rule<ReduceOp::sum, A>;
  for (int64_t row = blockIdx.x; row < outer * inner; row += gridDim.x) {
    const int64_t base = (row / inner) * len * inner + row % inner;
    A s = 0;
    for (int64_t k = threadIdx.x; k < len; k += blockDim.x) {
      const int64_t j = base + k * inner;
      s += log ? load_acc_as<A>(g[j]) : load_acc_as<A>(g[j]) * load_acc_as<A>(y[j]);
    }
    s = block_reduce<Sum>(s, shared);
    for (int64_t k = threadIdx.x; k < len; k += blockDim.x) {
      const int64_t j = base + k * inner;
      const A gj = load_acc_as<A>(g[j]), yj = load_acc_as<A>(y[j]);
      o[j] = store_as<T>(log ? gj - exp(yj) * s : yj * (gj - s));
    }
  }
}

}  // namespace

void reduce(ReduceOp op, DType in, DType out, const cpu::ReduceArgs& args) {
  RedGeom g{};
  g.n_out = g.n_red = 1;
  const int isz = item_size(in);
  for (int d = 0; d < args.ndim; ++d) {
    const int64_t st = args.in_strides[d] / isz;
    if (args.reduce_mask[d]) {
      g.rshape[g.nr] = args.shape[d];
      g.rstride[g.nr++] = st;
      g.n_red *= args.shape[d];
    } else {
      g.kshape[g.nk] = args.shape[d];
      g.kstride[g.nk++] = st;
      g.n_out *= args.shape[d];
    }
  }
  dispatch_all(in, op_name(op), [&](auto tag) {
    using TI = decltype(tag);
    switch (op) {
#define TENSILE_RED_CASE(name) \
  case ReduceOp::name: return reduce_in<ReduceOp::name, TI>(out, g, args.in, args.out);
      TENSILE_REDUCE_OPS(TENSILE_RED_CASE)
#undef TENSILE_RED_CASE
      default: throw Error("internal error: unknown reduce op");
    }
  });
}

void softmax(DType dt, bool log, const char* a, char* o, int64_t outer, int64_t len, int64_t inner) {
  const int64_t rows = outer * inner;
  if (rows == 0 || len == 0) return;
  dispatch_float(dt, "softmax", [&](auto tag) {
    using T = decltype(tag);
    using A = typename Acc<T>::type;
    softmax_kernel<T, A><<<static_cast<unsigned>(std::min<int64_t>(rows, 65535 * 8)), kThreads, 0, stream()>>>(
        reinterpret_cast<const T*>(a), reinterpret_cast<T*>(o), outer, len, inner, log);
    TENSILE_CUDA_LAUNCHED();
  });
}

void softmax_backward(DType dt, bool log, const char* g, const char* y, char* o, int64_t outer, int64_t len, int64_t inner) {
  const int64_t rows = outer * inner;
  if (rows == 0 || len == 0) return;
  dispatch_float(dt, "softmax_backward", [&](auto tag) {
    using T = decltype(tag);
    using A = typename Acc<T>::type;
    softmax_backward_kernel<T, A><<<static_cast<unsigned>(std::min<int64_t>(rows, 65535 * 8)), kThreads, 0, stream()>>>(
        reinterpret_cast<const T*>(g), reinterpret_cast<const T*>(y), reinterpret_cast<T*>(o), outer, len, inner, log);
    TENSILE_CUDA_LAUNCHED();
  });
}

}  // namespace tensile::cuda
