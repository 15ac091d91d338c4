// Launch geometry every kernel shares: the block size, grid sizes for grid-stride loops, and a
// sum over a block's threads through shared memory. Kept out of common.cuh (which includes it)
// because it needs no CUDA header, so the CUDA emulation of native/test compiles the very same code.
#pragma once
#include <cstdint>

namespace tensile::cuda {

constexpr int kThreads = 256;

// Blocks for a grid-stride loop over n elements: one thread each, up to a cap past which the
// loop covers the rest.
inline unsigned blocks_for(int64_t n) {
  const int64_t b = (n + kThreads - 1) / kThreads;
  return static_cast<unsigned>(b < 65535 * 32 ? (b > 0 ? b : 1) : 65535 * 32);
}

// Every index i in [0, n), spread over the grid's threads (any grid size covers any n).
#define GRID_STRIDE(i, n) \
  for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < (n); i += int64_t(gridDim.x) * blockDim.x)

// The sum of v over the block's threads, returned to every thread (blockDim.x == kThreads,
// every thread of the block must call it; consecutive calls are safe).
template <typename A>
__device__ A block_sum(A v) {
  __shared__ A shared[kThreads];
  shared[threadIdx.x] = v;
  __syncthreads();
  for (int s = blockDim.x / 2; s > 0; s >>= 1) {
    if (threadIdx.x < s) shared[threadIdx.x] += shared[threadIdx.x + s];
    __syncthreads();
  }
  const A r = shared[0];
  __syncthreads();
  return r;
}

}  // namespace tensile::cuda
