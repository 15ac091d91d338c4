// Just enough of CUDA's execution model to run kernels on the host: the qualifiers, dim3 and
// the thread / block indices, a launch that runs each block as blockDim.x std::threads sharing
// the kernel's __shared__ arrays (function-local statics; blocks run one after another) with a
// barrier for __syncthreads(), real atomics, and the device intrinsics kernels use. Shared by
// the kernel checks (../../cuda_emulation.h) and the emulated CUDA runtime (cuda_runtime.h).
#pragma once
#define TENSILE_CUDA_EMULATION 1

#include <algorithm>
#include <atomic>
#include <barrier>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __launch_bounds__(...)
#define __shared__ static

struct dim3 {
  unsigned x, y, z;
  constexpr dim3(unsigned x_ = 1, unsigned y_ = 1, unsigned z_ = 1) : x(x_), y(y_), z(z_) {}
};
inline thread_local dim3 threadIdx, blockIdx;
inline dim3 gridDim, blockDim;
inline std::barrier<>* block_barrier = nullptr;
inline void __syncthreads() { block_barrier->arrive_and_wait(); }

// kernel<<<grid, threads>>>(args...) becomes emulate(grid, threads, [&] { kernel(args...); }).
// Each thread walks the blocks in turn; the barrier after a block keeps the next one from
// touching the shared arrays while this one still reads them. One launch at a time.
template <typename F>
void emulate(dim3 grid, unsigned threads, F kernel) {
  static std::mutex one_at_a_time;
  std::lock_guard<std::mutex> lock(one_at_a_time);
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

struct double2 {
  double x, y;
};
inline double2 make_double2(double x, double y) { return {x, y}; }

// CUDA's atomicAdd: adds v to *p atomically (threads of a block do run at once here) and returns
// the old value. (The half types' is in cuda_fp16.h.)
template <typename T, typename = std::enable_if_t<std::is_arithmetic_v<T>>>
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

// Bit casts.
inline unsigned __float_as_uint(float x) {
  unsigned u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}
inline long long __double_as_longlong(double x) {
  long long u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}
