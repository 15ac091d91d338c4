// The reduction and softmax kernels of reduce.cu (which launches them). Kept apart from its
// host code so that native/test/reduce_check.cc runs these very kernels on the host under its
// CUDA emulation.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#ifndef TENSILE_CUDA_EMULATION
#include "common.cuh"
#endif
#include "../ops.h"
#include "../strided.h"
#include "launch.cuh"

namespace tensile::cuda {

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

// A rule's combine as block_reduce's operator.
template <typename R>
struct CombineOf {
  template <typename A>
  __device__ A operator()(A a, A b) const { return R::combine(a, b); }
};

// Block (o, c) reduces chunk c of output o's elements; with chunks == 1 it writes the output.
template <typename R, typename TI, typename TO, typename A>
__global__ void reduce_kernel(RedGeom g, const TI* in, TO* out, A* partial, int64_t chunks) {
  const int64_t per = (g.n_red + chunks - 1) / chunks;
  for (int64_t o = blockIdx.x; o < g.n_out; o += gridDim.x) {
    const int64_t base = unravel(o, g.nk, g.kshape, g.kstride);
    const int64_t c = blockIdx.y, lo = c * per, hi = min(g.n_red, lo + per);
    A acc = R::init();
    for (int64_t r = lo + threadIdx.x; r < hi; r += blockDim.x)
      acc = R::combine(acc, R::map_in(in[base + unravel(r, g.nr, g.rshape, g.rstride)]));
    acc = block_reduce(acc, CombineOf<R>{});
    if (threadIdx.x == 0) {
      if (chunks == 1) out[o] = store_as<TO>(acc);
      else partial[o * chunks + c] = acc;
    }
  }
}

template <typename R, typename TO, typename A>
__global__ void combine_kernel(const A* partial, TO* out, int64_t n_out, int64_t chunks) {
  for (int64_t o = blockIdx.x; o < n_out; o += gridDim.x) {
    A acc = R::init();
    for (int64_t c = threadIdx.x; c < chunks; c += blockDim.x) acc = R::combine(acc, partial[o * chunks + c]);
    acc = block_reduce(acc, CombineOf<R>{});
    if (threadIdx.x == 0) out[o] = store_as<TO>(acc);
  }
}

// Blocks per output: enough to fill the device when outputs are few (a full sum), each with at
// least 16 elements per thread; the partial results are then combined by combine_kernel.
inline int64_t reduce_chunks(const RedGeom& g) {
  if (g.n_out >= 512 || g.n_red <= 16 * kThreads) return 1;
  return std::min<int64_t>((g.n_red + 16 * kThreads - 1) / (16 * kThreads), std::max<int64_t>(1, 1024 / g.n_out));
}

// ---- softmax: one block per row (outer index, inner index), row elements `inner` apart

template <typename T, typename A>
__global__ void softmax_kernel(const T* a, T* o, int64_t outer, int64_t len, int64_t inner, bool log) {
  using Max = Rule<ReduceOp::amax, A>;
  using Sum = Rule<ReduceOp::sum, A>;
  for (int64_t row = blockIdx.x; row < outer * inner; row += gridDim.x) {
    const int64_t base = (row / inner) * len * inner + row % inner;
    A m = Max::init();
    for (int64_t k = threadIdx.x; k < len; k += blockDim.x) m = Max::combine(m, load_acc_as<A>(a[base + k * inner]));
    m = block_reduce(m, CombineOf<Max>{});
    if (isinf(m) && m < A(0)) m = A(0);  // all -inf: exp(-inf) = 0 rather than NaN
    A s = 0;
    for (int64_t k = threadIdx.x; k < len; k += blockDim.x) s += exp(load_acc_as<A>(a[base + k * inner]) - m);
    s = block_reduce(s, CombineOf<Sum>{});
    const A ls = log ? std::log(s) : A(0), r = A(1) / s;
    for (int64_t k = threadIdx.x; k < len; k += blockDim.x) {
      const A x = load_acc_as<A>(a[base + k * inner]) - m;
      o[base + k * inner] = store_as<T>(log ? x - ls : exp(x) * r);
    }
  }
}

template <typename T, typename A>
__global__ void softmax_backward_kernel(const T* g, const T* y, T* o, int64_t outer, int64_t len, int64_t inner, bool log) {
  using Sum = Rule<ReduceOp::sum, A>;
  for (int64_t row = blockIdx.x; row < outer * inner; row += gridDim.x) {
    const int64_t base = (row / inner) * len * inner + row % inner;
    A s = 0;
    for (int64_t k = threadIdx.x; k < len; k += blockDim.x) {
      const int64_t j = base + k * inner;
      s += log ? load_acc_as<A>(g[j]) : load_acc_as<A>(g[j]) * load_acc_as<A>(y[j]);
    }
    s = block_reduce(s, CombineOf<Sum>{});
    for (int64_t k = threadIdx.x; k < len; k += blockDim.x) {
      const int64_t j = base + k * inner;
      const A gj = load_acc_as<A>(g[j]), yj = load_acc_as<A>(y[j]);
      o[j] = store_as<T>(log ? gj - exp(yj) * s : yj * (gj - s));
    }
  }
}

}  // namespace tensile::cuda
