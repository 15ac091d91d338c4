// Stand-in for CUB's cub::BlockScan in the emulated (host-only) CUDA build, where a block's
// threads are std::threads: every thread publishes its input in TempStorage, and each output is
// the left fold of op over the inputs of threads 0..threadIdx.x.
#pragma once
#include <cuda_runtime.h>

#include <cstdio>
#include <cstdlib>
#include <new>

namespace cub {

enum BlockScanAlgorithm { BLOCK_SCAN_RAKING, BLOCK_SCAN_RAKING_MEMOIZE, BLOCK_SCAN_WARP_SCANS };

template <typename T, int BLOCK_DIM_X, BlockScanAlgorithm ALGORITHM = BLOCK_SCAN_RAKING, int BLOCK_DIM_Y = 1,
          int BLOCK_DIM_Z = 1, int LEGACY_PTX_ARCH = 0>
class BlockScan {
  static_assert(BLOCK_DIM_Y == 1 && BLOCK_DIM_Z == 1, "the emulation runs one-dimensional blocks only");

 public:
  // Raw bytes, as CUB's (a __shared__ TempStorage is never constructed, and T needs no default).
  struct TempStorage {
    alignas(T) unsigned char bytes[sizeof(T) * BLOCK_DIM_X];
  };

  explicit BlockScan(TempStorage& temp) : temp_(temp) {}

  // Every thread of the block must call it; temp may be reused once it returns.
  template <typename ScanOp>
  void InclusiveScan(T input, T& output, ScanOp scan_op) {
    if (blockDim.x != BLOCK_DIM_X || blockDim.y != 1 || blockDim.z != 1) {
      std::fprintf(stderr, "cub::BlockScan<T, %d> called from a block of %u threads\n", BLOCK_DIM_X, blockDim.x);
      std::abort();  // CUB's scans are undefined then: stop rather than read past TempStorage
    }
    const unsigned tid = threadIdx.x;
    T* items = reinterpret_cast<T*>(temp_.bytes);
    new (&items[tid]) T(input);
    __syncthreads();
    T acc = *std::launder(&items[0]);
    for (unsigned i = 1; i <= tid; ++i) acc = scan_op(acc, *std::launder(&items[i]));
    output = acc;
    __syncthreads();
  }

  void InclusiveSum(T input, T& output) {
    InclusiveScan(input, output, [](const T& a, const T& b) { return a + b; });
  }

 private:
  TempStorage& temp_;
};

}  // namespace cub
