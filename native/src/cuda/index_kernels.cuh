// The take / put kernels of index.cu. An offset outside the source (destination) storage is
// skipped, never read (written), and raises the flag `bad` when one is given.
// Kept apart from its host code so that native/test/index_check.cc runs these very kernels,
// the narrow types' compare-and-swap accumulation included, on the host under its CUDA emulation.
#pragma once
#include <cstdint>
#include <cstring>
#include <type_traits>

#ifndef TENSILE_CUDA_EMULATION
#include "common.cuh"
#endif
#include "launch.cuh"

namespace tensile::cuda {

// loop operands: 0 out, 1 source (strides of the non-indexed dims), 2 int64 offsets
template <typename T>
__global__ void take_kernel(DevLoop<3> L, const char* lo, const char* hi, int* bad) {
  GRID_STRIDE(i, L.numel) {
    int64_t off[3];
    L.offsets(i, off);
    const int64_t k = reinterpret_cast<const int64_t*>(L.data[2])[off[2]];
    const T* src = reinterpret_cast<const T*>(L.data[1]) + off[1] + k;
    if (reinterpret_cast<const char*>(src) < lo || reinterpret_cast<const char*>(src + 1) > hi) {
      if (bad) *bad = 1;
      continue;
    }
    reinterpret_cast<T*>(L.data[0])[off[0]] = *src;
  }
}

// Indexing moves values without arithmetic, so take and plain put handle every dtype as the
// unsigned integer of its size; only accumulation needs the real type.
template <int N> struct Bits;
template <> struct Bits<1> { using type = uint8_t; };
template <> struct Bits<2> { using type = uint16_t; };
template <> struct Bits<4> { using type = uint32_t; };
template <> struct Bits<8> { using type = unsigned long long; };

// The 8- and 16-bit types have no atomicAdd: a compare-and-swap loop on the aligned 32-bit word
// that holds the item (bool accumulates as logical or, integers wrap, as on the CPU).
template <typename T>
__device__ __forceinline__ void atomic_add_narrow(T* p, T v) {
  using U = typename Bits<sizeof(T)>::type;
  const uintptr_t addr = reinterpret_cast<uintptr_t>(p);
  unsigned int* word = reinterpret_cast<unsigned int*>(addr & ~uintptr_t(3));
  const unsigned shift = static_cast<unsigned>(addr & 3) * 8;
  const unsigned mask = ((1u << (8 * sizeof(T))) - 1u) << shift;
  unsigned old = *word, assumed;
  do {
    assumed = old;
    const U cur_bits = static_cast<U>((assumed & mask) >> shift);
    T cur;
    memcpy(&cur, &cur_bits, sizeof(T));
    T r;
    if constexpr (std::is_same<T, bool>::value) r = cur || v;
    else r = static_cast<T>(cur + v);
    U r_bits;
    memcpy(&r_bits, &r, sizeof(T));
    old = atomicCAS(word, assumed, (assumed & ~mask) | (static_cast<unsigned>(r_bits) << shift));
  } while (assumed != old);
}

// atomicAdd for every dtype put accumulates; 64-bit integers go through unsigned long long.
template <typename T>
__device__ __forceinline__ void atomic_add(T* p, T v) {
  if constexpr (sizeof(T) <= 2 && !std::is_same<T, __half>::value && !std::is_same<T, __nv_bfloat16>::value)
    atomic_add_narrow(p, v);
  else ::atomicAdd(p, v);
}
template <>
__device__ __forceinline__ void atomic_add<int64_t>(int64_t* p, int64_t v) {
  ::atomicAdd(reinterpret_cast<unsigned long long*>(p), static_cast<unsigned long long>(v));
}

// loop operands: 0 destination (strides of the non-indexed dims), 1 values, 2 int64 offsets
template <typename T, bool ACCUMULATE>
__global__ void put_kernel(DevLoop<3> L, bool has_values, T scalar, const char* lo, const char* hi, int* bad) {
  GRID_STRIDE(i, L.numel) {
    int64_t off[3];
    L.offsets(i, off);
    const int64_t k = reinterpret_cast<const int64_t*>(L.data[2])[off[2]];
    T* dst = reinterpret_cast<T*>(L.data[0]) + off[0] + k;
    if (reinterpret_cast<const char*>(dst) < lo || reinterpret_cast<const char*>(dst + 1) > hi) {
      if (bad) *bad = 1;
      continue;
    }
    const T v = has_values ? reinterpret_cast<const T*>(L.data[1])[off[1]] : scalar;
    if constexpr (ACCUMULATE) atomic_add(dst, v);
    else *dst = v;
  }
}

}  // namespace tensile::cuda
