// Just enough of CUDA to run a kernel on the host, for checking kernels where no GPU exists: a
// block runs as blockDim.x std::threads sharing the kernel's __shared__ arrays (function-local
// statics: blocks run one after another), and __syncthreads() is a barrier across them. Also the
// names of src/cuda/common.cuh that kernels use, for float and double (launch.cuh's are the real ones).
#pragma once
#define TENSILE_CUDA_EMULATION 1

#include <algorithm>
#include <atomic>
#include <cmath>
#include <barrier>
#include <cstdint>
#include <thread>
#include <vector>

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __launch_bounds__(n)
#define __shared__ static

struct dim3 {
  unsigned x = 1, y = 1, z = 1;
};
inline thread_local dim3 threadIdx, blockIdx;
inline dim3 gridDim, blockDim;
inline std::barrier<>* block_barrier = nullptr;
inline void __syncthreads() { block_barrier->arrive_and_wait(); }

// kernel<<<grid, threads>>>(args...) becomes emulate(grid, threads, [&] { kernel(args...); }).
// Each thread walks the blocks in turn; the barrier after a block keeps the next one from
// touching the shared arrays while this one still reads them.
template <typename F>
void emulate(dim3 grid, unsigned threads, F kernel) {
  gridDim = grid;
  blockDim = {threads, 1, 1};
  std::barrier<> sync(threads);
  block_barrier = &sync;
  std::vector<std::thread> block;
  for (unsigned t = 0; t < threads; ++t)
    block.emplace_back([&, t] {
      threadIdx = {t, 0, 0};
      for (unsigned z = 0; z < grid.z; ++z)
        for (unsigned y = 0; y < grid.y; ++y)
          for (unsigned x = 0; x < grid.x; ++x) {
            blockIdx = {x, y, z};
            kernel();
            sync.arrive_and_wait();
          }
    });
  for (auto& th : block) th.join();
}

namespace tensile::cuda {
template <typename T> struct Acc { using type = T; };
template <typename T> T load_acc(const T& v) { return v; }
template <typename T, typename A> T store_as(A v) { return static_cast<T>(v); }
template <typename A, typename T> A load_acc_as(const T& v) { return static_cast<A>(v); }
template <typename T> T min(T a, T b) { return std::min(a, b); }
template <typename T> T max(T a, T b) { return std::max(a, b); }
using std::exp;
using std::fabs;
using std::isfinite;
using std::isinf;
using std::isnan;
using std::log;
using std::log1p;
using std::sqrt;
}  // namespace tensile::cuda

struct double2 {
  double x, y;
};
inline double2 make_double2(double x, double y) { return {x, y}; }

// CUDA's atomicAdd: adds v to *p atomically (threads of a block do run at once here) and returns
// the old value.
template <typename T>
T atomicAdd(T* p, T v) {
  return std::atomic_ref<T>(*p).fetch_add(v);
}

// CUDA's atomicCAS on a 32-bit word: stores val if *p == compare; returns the old value. It
// yields first, so that threads racing on a word do interleave between their read and their
// swap here (on a GPU they do all the time), and a lost update would show.
inline unsigned atomicCAS(unsigned* p, unsigned compare, unsigned val) {
  std::this_thread::yield();
  std::atomic_ref<unsigned>(*p).compare_exchange_strong(compare, val);
  return compare;
}

// CUDA's fused multiply-add of doubles (round to nearest), as the range kernels use it.
inline double __fma_rn(double a, double b, double c) { return std::fma(a, b, c); }

// The half types as dtype.h's storage structs, converting through float as the device's do, so
// that kernels reading any dtype compile (kernels computing in half are not emulated).
#include "../src/dtype.h"
using __half = tensile::Half;
using __nv_bfloat16 = tensile::BFloat16;

#include "../src/cuda/launch.cuh"
