// The elementwise kernels of elementwise.cu (which picks one per call and supplies the op as
// a device lambda): strided maps over one or two operands, their vectorised forms for
// contiguous operands, where, dtype-converting copies and fills. Kept apart from its host code
// so that native/test/elementwise_check.cc runs these very kernels on the host under its CUDA
// emulation.
#pragma once
#include <cmath>
#include <cstdint>
#include <type_traits>

#ifndef TENSILE_CUDA_EMULATION
#include "common.cuh"
#endif
#include "launch.cuh"

namespace tensile::cuda {

template <typename TO, typename TI, typename F>
__global__ void map1_kernel(DevLoop<2> L, F f) {
  GRID_STRIDE(i, L.numel) {
    int64_t off[2];
    L.offsets(i, off);
    const TI x = reinterpret_cast<const TI*>(L.data[1])[off[1]];
    reinterpret_cast<TO*>(L.data[0])[off[0]] = store_as<TO>(f(load_acc(x)));
  }
}

// b / c are read from memory unless given as scalars (has_a / has_b false).
template <typename TO, typename TI, typename A, typename F>
__global__ void map2_kernel(DevLoop<3> L, bool has_a, A sa, bool has_b, A sb, F f) {
  GRID_STRIDE(i, L.numel) {
    int64_t off[3];
    L.offsets(i, off);
    const A a = has_a ? load_acc(reinterpret_cast<const TI*>(L.data[1])[off[1]]) : sa;
    const A b = has_b ? load_acc(reinterpret_cast<const TI*>(L.data[2])[off[2]]) : sb;
    reinterpret_cast<TO*>(L.data[0])[off[0]] = store_as<TO>(f(a, b));
  }
}

// Contiguous operands (the common case: same-shape tensors) take these kernels instead: each
// thread moves kVec consecutive elements with one vector load or store per operand (Vec,
// launch.cuh; when every pointer is aligned to it), as PyTorch's vectorised elementwise loop
// does, which is what brings a memory-bound op near the copy bandwidth.

template <typename TO, typename TI, typename F>
__global__ void map1_vec_kernel(TO* out, const TI* in, int64_t n, F f) {
  const int64_t stride = int64_t(gridDim.x) * blockDim.x * kVec;
  for (int64_t base = (int64_t(blockIdx.x) * blockDim.x + threadIdx.x) * kVec; base < n; base += stride) {
    if (base + kVec <= n) {
      const Vec<TI> x = *reinterpret_cast<const Vec<TI>*>(in + base);
      Vec<TO> y;
#pragma unroll
      for (int k = 0; k < kVec; ++k) y.v[k] = store_as<TO>(f(load_acc(x.v[k])));
      *reinterpret_cast<Vec<TO>*>(out + base) = y;
    } else {
      for (int64_t i = base; i < n; ++i) out[i] = store_as<TO>(f(load_acc(in[i])));
    }
  }
}

// a or b null: that operand is the scalar sa / sb
template <typename TO, typename TI, typename A, typename F>
__global__ void map2_vec_kernel(TO* out, const TI* a, A sa, const TI* b, A sb, int64_t n, F f) {
  const int64_t stride = int64_t(gridDim.x) * blockDim.x * kVec;
  for (int64_t base = (int64_t(blockIdx.x) * blockDim.x + threadIdx.x) * kVec; base < n; base += stride) {
    if (base + kVec <= n) {
      Vec<TI> xa, xb;
      if (a) xa = *reinterpret_cast<const Vec<TI>*>(a + base);
      if (b) xb = *reinterpret_cast<const Vec<TI>*>(b + base);
      Vec<TO> y;
#pragma unroll
      for (int k = 0; k < kVec; ++k) y.v[k] = store_as<TO>(f(a ? load_acc(xa.v[k]) : sa, b ? load_acc(xb.v[k]) : sb));
      *reinterpret_cast<Vec<TO>*>(out + base) = y;
    } else {
      for (int64_t i = base; i < n; ++i) out[i] = store_as<TO>(f(a ? load_acc(a[i]) : sa, b ? load_acc(b[i]) : sb));
    }
  }
}

template <typename T>
__global__ void where_kernel(DevLoop<4> L, bool has_a, T sa, bool has_b, T sb) {
  GRID_STRIDE(i, L.numel) {
    int64_t off[4];
    L.offsets(i, off);
    const bool c = reinterpret_cast<const bool*>(L.data[1])[off[1]];
    const T a = has_a ? reinterpret_cast<const T*>(L.data[2])[off[2]] : sa;
    const T b = has_b ? reinterpret_cast<const T*>(L.data[3])[off[3]] : sb;
    reinterpret_cast<T*>(L.data[0])[off[0]] = c ? a : b;
  }
}

template <typename TO, typename TI>
__global__ void copy_kernel(DevLoop<2> L) {
  GRID_STRIDE(i, L.numel) {
    int64_t off[2];
    L.offsets(i, off);
    using A = typename Acc<TI>::type;
    const A x = load_acc(reinterpret_cast<const TI*>(L.data[1])[off[1]]);
    if constexpr (std::is_same<TO, bool>::value) reinterpret_cast<TO*>(L.data[0])[off[0]] = x != A(0);
    else if constexpr (std::is_same<TO, __half>::value || std::is_same<TO, __nv_bfloat16>::value)
      reinterpret_cast<TO*>(L.data[0])[off[0]] = store_as<TO>(static_cast<float>(x));
    else if constexpr (std::is_integral<TO>::value && std::is_floating_point<A>::value)
      // float -> int through int64, as the CPU's copy: out-of-range values wrap and NaN / inf give
      // INT64_MIN's low bits (a direct cvt would saturate, and turn NaN into 0)
      reinterpret_cast<TO*>(L.data[0])[off[0]] =
          isfinite(x) && fabs(static_cast<double>(x)) < 9.2e18 ? static_cast<TO>(static_cast<int64_t>(x)) : static_cast<TO>(INT64_MIN);
    else reinterpret_cast<TO*>(L.data[0])[off[0]] = static_cast<TO>(x);
  }
}

template <typename T>
__global__ void fill_kernel(DevLoop<1> L, T v) {
  GRID_STRIDE(i, L.numel) {
    int64_t off[1];
    L.offsets(i, off);
    reinterpret_cast<T*>(L.data[0])[off[0]] = v;
  }
}

}  // namespace tensile::cuda
