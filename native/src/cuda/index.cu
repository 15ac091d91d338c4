// Indexing on the GPU: take (gather by element offsets) and put (scatter, optionally
// accumulating with atomics), over the same strided loops as the CPU's cpu::take / cpu::put.
// The kernels skip an offset outside the source (destination) storage, so a bad offset cannot
// reach memory outside it. They raise no flag for the host to read: every caller (ops/indexing.ts)
// has checked its indices against the shape it indexes, and reading a flag back would make each
// gather and scatter wait for the GPU, as PyTorch's do not.
#include <cstring>
#include <type_traits>

#include "api.h"
#include "common.cuh"
#include "index_kernels.cuh"

namespace tensile::cuda {

// Calls body(U{}) with U the unsigned integer as wide as dt's items.
template <typename F>
void dispatch_bits(DType dt, F body) {
  switch (item_size(dt)) {
    case 1: body(Bits<1>::type{}); break;
    case 2: body(Bits<2>::type{}); break;
    case 4: body(Bits<4>::type{}); break;
    default: body(Bits<8>::type{}); break;
  }
}

void take(DType dt, const StridedLoop<3>& loop, const char* lo, const char* hi) {
  const int sz = item_size(dt), sizes[3] = {sz, sz, 8};
  const DevLoop<3> d = dev_loop<3>(loop, sizes);
  if (d.numel == 0) return;
  dispatch_bits(dt, [&](auto tag) {
    using T = decltype(tag);
    take_kernel<T><<<blocks_for(d.numel), kThreads, 0, stream()>>>(d, lo, hi, nullptr);
    TENSILE_CUDA_LAUNCHED();
  });
}

void put(DType dt, bool accumulate, const StridedLoop<3>& loop, const char* lo, const char* hi, const double* scalar_values) {
  const int sz = item_size(dt), sizes[3] = {sz, sz, 8};
  const DevLoop<3> d = dev_loop<3>(loop, sizes);
  if (d.numel == 0) return;
  auto launch = [&](auto tag, auto accumulate, auto scalar) {
    using T = decltype(tag);
    put_kernel<T, decltype(accumulate)::value><<<blocks_for(d.numel), kThreads, 0, stream()>>>(d, !scalar_values, scalar, lo, hi,
                                                                                                nullptr);
    TENSILE_CUDA_LAUNCHED();
  };
  if (accumulate) {
    // every dtype, as the CPU's (atomicAdd of the half types needs sm_70 / sm_80, which every
    // architecture this builds for has)
    dispatch_all(dt, "index_put", [&](auto tag) {
      using T = decltype(tag);
      launch(tag, std::true_type{}, scalar_as<T>(scalar_values ? *scalar_values : 0));
    });
    return;
  }
  // a plain put stores bits: the scalar is converted to dt first
  dispatch_all(dt, "index_put", [&](auto tag) {
    using T = decltype(tag);
    const T v = scalar_as<T>(scalar_values ? *scalar_values : 0);
    using U = typename Bits<sizeof(T)>::type;
    U bits;
    memcpy(&bits, &v, sizeof(T));
    launch(U{}, std::false_type{}, bits);
  });
}

}  // namespace tensile::cuda
