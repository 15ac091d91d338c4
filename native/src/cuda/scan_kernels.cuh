// The arg-reduction, column-scan and range kernels of scan.cu (which launches them), with
// cpu/reduce.cc's and cpu/elementwise.cc's semantics: NaN wins an arg-reduction at its first
// position and ties keep the first index; cummax/cummin take the later index on ties and move
// to every NaN; linspace runs forwards from start for its first half and backwards from end
// for the rest. Kept apart from scan.cu's host code (and from its cub-based row scan) so that
// native/test/scan_check.cc runs these very kernels on the host under its CUDA emulation.
#pragma once
#include <algorithm>
#include <cstdint>
#include <type_traits>

#ifndef TENSILE_CUDA_EMULATION
#include "common.cuh"
#endif
#include "../cpu/reduce.h"
#include "launch.cuh"

namespace tensile::cuda {

template <typename A>
__device__ __forceinline__ bool is_nan(A x) {
  if constexpr (std::is_floating_point<A>::value) return x != x;
  else return false;
}

// ---- reduce_arg

// Whether (bv at bi) beats (av at ai), for any two positions: a NaN beats every number and the
// earlier NaN beats a later one; otherwise the more extreme value, and the earlier one among equals.
template <typename A>
__device__ __forceinline__ bool arg_better(A bv, int64_t bi, A av, int64_t ai, bool is_max) {
  const bool an = is_nan(av), bn = is_nan(bv);
  if (an || bn) return bn && (!an || bi < ai);
  if (is_max ? bv > av : bv < av) return true;
  return bv == av && bi < ai;
}

// One thread per output, walking its len elements in order (short reduced dims).
template <typename T>
__global__ void arg_thread_kernel(const T* a, int64_t outer, int64_t len, int64_t inner, bool is_max, T* values,
                                  int64_t* indices) {
  using A = typename Acc<T>::type;
  GRID_STRIDE(oi, outer * inner) {
    const int64_t o = oi / inner, i = oi % inner;
    const T* base = a + o * len * inner + i;
    A best = load_acc(base[0]);
    int64_t bi = 0;
    for (int64_t k = 1; k < len && !is_nan(best); ++k) {
      const A x = load_acc(base[k * inner]);
      if (is_nan(x)) {
        best = x;
        bi = k;
        break;
      }
      if (is_max ? x > best : x < best) {
        best = x;
        bi = k;
      }
    }
    if (values) values[oi] = base[bi * inner];  // the stored element itself, as the CPU's round trip gives
    if (indices) indices[oi] = bi;
  }
}

// One block per output (long reduced dims): each thread keeps the best of its strided share,
// then a tree over the block picks the winner by arg_better. With `parts` > 1 (few outputs, very
// long dims: one block each would leave the GPU idle) each output's dim is cut into `parts`
// ranges of ceil(len / parts), a block per (output, range), and each block writes its range's
// best value and index (-1 for an empty range) to pv / pi at output * parts + range;
// arg_combine_kernel then picks among them.
template <typename T>
__global__ void arg_block_kernel(const T* a, int64_t outer, int64_t len, int64_t inner, bool is_max, T* values, int64_t* indices,
                                 int64_t parts = 1, typename Acc<T>::type* pv = nullptr, int64_t* pi = nullptr) {
  using A = typename Acc<T>::type;
  __shared__ A sv[kThreads];
  __shared__ int64_t si[kThreads];
  const int t = threadIdx.x;
  const int64_t chunk = (len + parts - 1) / parts;
  for (int64_t item = blockIdx.x; item < outer * inner * parts; item += gridDim.x) {
    const int64_t oi = item / parts, part = item % parts;
    const int64_t o = oi / inner, i = oi % inner, k1 = min(len, (part + 1) * chunk);
    const T* base = a + o * len * inner + i;
    A best = A();
    int64_t bi = -1;  // -1: this thread saw no element
    for (int64_t k = part * chunk + t; k < k1; k += blockDim.x) {
      const A x = load_acc(base[k * inner]);
      if (bi < 0 || arg_better(x, k, best, bi, is_max)) {
        best = x;
        bi = k;
      }
    }
    sv[t] = best;
    si[t] = bi;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
      if (t < s) {
        const int64_t oj = si[t + s];
        if (oj >= 0 && (si[t] < 0 || arg_better(sv[t + s], oj, sv[t], si[t], is_max))) {
          sv[t] = sv[t + s];
          si[t] = oj;
        }
      }
      __syncthreads();
    }
    if (t == 0) {
      if (parts > 1) {
        pv[item] = sv[0];
        pi[item] = si[0];
      } else {
        if (values) values[oi] = base[si[0] * inner];
        if (indices) indices[oi] = si[0];
      }
    }
    __syncthreads();  // sv/si are rewritten for the next item
  }
}

// The winner among an output's `parts` range results (arg_block_kernel), as arg_better orders
// them: the same pick as one pass over the whole dim.
template <typename T>
__global__ void arg_combine_kernel(const T* a, int64_t outer, int64_t len, int64_t inner, int64_t parts, bool is_max,
                                   const typename Acc<T>::type* pv, const int64_t* pi, T* values, int64_t* indices) {
  using A = typename Acc<T>::type;
  GRID_STRIDE(oi, outer * inner) {
    A best = A();
    int64_t bi = -1;
    for (int64_t p = oi * parts; p < (oi + 1) * parts; ++p)
      if (pi[p] >= 0 && (bi < 0 || arg_better(pv[p], pi[p], best, bi, is_max))) {
        best = pv[p];
        bi = pi[p];
      }
    if (values) values[oi] = a[(oi / inner * len + bi) * inner + oi % inner];
    if (indices) indices[oi] = bi;
  }
}

// ---- scan

// The running state of a scan: the accumulated value and, for cummax/cummin, its index.
template <typename A>
struct ScanVal {
  A v;
  int64_t i;
};

template <typename A>
__device__ __forceinline__ A dev_log1p(A x) { return log1p(x); }
template <>
__device__ __forceinline__ float dev_log1p<float>(float x) { return log1pf(x); }
template <typename A>
__device__ __forceinline__ A dev_exp(A x) { return exp(x); }
template <>
__device__ __forceinline__ float dev_exp<float>(float x) { return expf(x); }

// The CPU's step `c = op(c, x)` as a combination of an earlier part a with a later part b
// (associative, so a block scan may group the parts as it likes).
template <typename A>
struct ScanCombine {
  cpu::ScanOp op;
  __device__ __forceinline__ ScanVal<A> operator()(const ScanVal<A>& a, const ScanVal<A>& b) const {
    switch (op) {
      // the index only moves for cummax/cummin: the others keep the first element's 0, as the CPU's
      case cpu::ScanOp::cumsum: return {A(a.v + b.v), a.i};
      case cpu::ScanOp::cumprod: return {A(a.v * b.v), a.i};
      case cpu::ScanOp::logcumsumexp:
        if constexpr (std::is_floating_point<A>::value) {
          // the CPU's (PyTorch's) step: NaN always propagates, equal infinities stay
          if (is_nan(a.v) || is_nan(b.v)) return {A(a.v + b.v), a.i};
          if (a.v == b.v && isinf(a.v)) return a;
          const A lo = a.v < b.v ? a.v : b.v, hi = a.v < b.v ? b.v : a.v;
          return {hi + dev_log1p(dev_exp(lo - hi)), a.i};
        }
        return a;  // not defined for integers: the CPU leaves the first element
      // PyTorch's cummax/cummin step: a NaN always takes over (the index moves to every later
      // NaN), a number only when no NaN came before, on ties too
      case cpu::ScanOp::cummax:
        if (is_nan(b.v)) return b;
        if (is_nan(a.v)) return a;
        return b.v >= a.v ? b : a;
      case cpu::ScanOp::cummin:
        if (is_nan(b.v)) return b;
        if (is_nan(a.v)) return a;
        return b.v <= a.v ? b : a;
    }
    return a;
  }
};

// Element i of a buffer of any dtype, converted to A as the CPU converts it (through the
// storage type's arithmetic type).
template <typename A>
__device__ __forceinline__ A load_any(DType dt, const char* p, int64_t i) {
  switch (dt) {
    case DType::Float32: return load_acc_as<A>(reinterpret_cast<const float*>(p)[i]);
    case DType::Float64: return load_acc_as<A>(reinterpret_cast<const double*>(p)[i]);
    case DType::Float16: return load_acc_as<A>(reinterpret_cast<const __half*>(p)[i]);
    case DType::BFloat16: return load_acc_as<A>(reinterpret_cast<const __nv_bfloat16*>(p)[i]);
    case DType::Int8: return load_acc_as<A>(reinterpret_cast<const int8_t*>(p)[i]);
    case DType::UInt8: return load_acc_as<A>(reinterpret_cast<const uint8_t*>(p)[i]);
    case DType::Int16: return load_acc_as<A>(reinterpret_cast<const int16_t*>(p)[i]);
    case DType::Int32: return load_acc_as<A>(reinterpret_cast<const int32_t*>(p)[i]);
    case DType::Int64: return load_acc_as<A>(reinterpret_cast<const int64_t*>(p)[i]);
    default: return load_acc_as<A>(reinterpret_cast<const bool*>(p)[i]);
  }
}

// The CPU's accumulator for an output type: its arithmetic type when floating, int64 otherwise.
template <typename TO>
using ScanAcc = std::conditional_t<std::is_floating_point<typename Acc<TO>::type>::value, typename Acc<TO>::type, int64_t>;

// One thread per (outer, inner) column, running the CPU's loop along len.
template <typename TO>
__global__ void scan_column_kernel(cpu::ScanOp op, DType in, const char* a, TO* o, int64_t* indices, int64_t outer,
                                   int64_t len, int64_t inner) {
  using A = ScanAcc<TO>;
  const ScanCombine<A> f{op};
  GRID_STRIDE(c, outer * inner) {
    const int64_t b = c / inner, i = c % inner;
    const int64_t base = b * len * inner + i;
    ScanVal<A> acc{A(), 0};
    for (int64_t k = 0; k < len; ++k) {
      const int64_t at = base + k * inner;
      const ScanVal<A> x{load_any<A>(in, a, at), k};
      acc = k == 0 ? x : f(acc, x);
      o[at] = store_as<TO>(acc.v);
      if (indices) indices[at] = acc.i;
    }
  }
}

// Blocks for a kernel that loops one block per item over n items (arg_block_kernel, scan.cu's
// row scan): one each, up to the same cap as blocks_for.
inline unsigned grid_for_blocks(int64_t n) { return static_cast<unsigned>(std::max<int64_t>(1, std::min<int64_t>(n, 65535 * 32))); }

// ---- range

// start + i * step in double as one fused multiply-add, as the CPU's std::fma: the values match.
template <typename T>
__global__ void arange_kernel(T* o, int64_t n, double start, double step) {
  using A = typename Acc<T>::type;
  GRID_STRIDE(i, n) o[i] = store_as<T>(static_cast<A>(__fma_rn(static_cast<double>(i), step, start)));
}

// PyTorch's two-sided linspace: the first half forwards from start, the rest backwards from end.
template <typename T>
__global__ void linspace_kernel(T* o, int64_t n, double start, double end, double step) {
  using A = typename Acc<T>::type;
  const int64_t half = n / 2;
  GRID_STRIDE(i, n) {
    // fused, as the CPU's std::fma
    const double v = (i < half || n == 1) ? __fma_rn(step, static_cast<double>(i), start)
                                          : __fma_rn(-step, static_cast<double>(n - i - 1), end);
    o[i] = store_as<T>(static_cast<A>(v));
  }
}
}  // namespace tensile::cuda
