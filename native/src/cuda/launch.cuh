// Launch geometry every kernel shares: the block size, grid sizes for grid-stride loops, a sum
// over a block's threads through shared memory, and the device form of a strided loop. Kept out
// of common.cuh (which includes it) because it needs no CUDA header, so the CUDA emulation of
// native/test compiles the very same code.
#pragma once
#include <cstdint>

#include "../strided.h"

namespace tensile::cuda {

constexpr int kThreads = 256;

// Blocks for a grid-stride loop over n elements: one thread each, up to a cap past which the
// loop covers the rest.
inline unsigned blocks_for(int64_t n) {
  const int64_t b = (n + kThreads - 1) / kThreads;
  return static_cast<unsigned>(b < 65535 * 32 ? (b > 0 ? b : 1) : 65535 * 32);
}

// kVec consecutive elements moved by one vector load or store (a 16-byte one for float32), for
// kernels over contiguous runs whose pointers vec_aligned accepts.
constexpr int kVec = 4;

template <typename T>
struct alignas(sizeof(T) * kVec) Vec {
  T v[kVec];
};

template <typename T>
bool vec_aligned(const void* p) {
  return p == nullptr || reinterpret_cast<uintptr_t>(p) % sizeof(Vec<T>) == 0;
}

inline unsigned vec_blocks(int64_t n) { return blocks_for((n + kVec - 1) / kVec); }

// Every index i in [0, n), spread over the grid's threads (any grid size covers any n).
#define GRID_STRIDE(i, n) \
  for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < (n); i += int64_t(gridDim.x) * blockDim.x)

// v combined over the block's threads by op (associative: a tree in shared memory), returned to
// every thread (blockDim.x == kThreads, every thread of the block must call it; consecutive
// calls are safe).
template <typename A, typename Op>
__device__ A block_reduce(A v, Op op) {
  __shared__ A shared[kThreads];
  shared[threadIdx.x] = v;
  __syncthreads();
  for (int s = blockDim.x / 2; s > 0; s >>= 1) {
    if (threadIdx.x < s) shared[threadIdx.x] = op(shared[threadIdx.x], shared[threadIdx.x + s]);
    __syncthreads();
  }
  const A r = shared[0];
  __syncthreads();
  return r;
}

struct Plus {
  template <typename A>
  __device__ A operator()(A a, A b) const { return a + b; }
};

// The sum of v over the block's threads, as block_reduce.
template <typename A>
__device__ A block_sum(A v) { return block_reduce(v, Plus{}); }

// A StridedLoop's geometry in element strides, passed to kernels by value: the offset of
// element i (row-major over shape) in each operand.
template <int NT>
struct DevLoop {
  int ndim;
  int64_t numel;
  int64_t shape[kMaxDims];
  int64_t strides[NT][kMaxDims];  // in elements
  char* data[NT];

  __device__ __forceinline__ void offsets(int64_t i, int64_t* off) const {
    if (ndim == 1) {  // coalesced contiguous or evenly strided operands: no division
      for (int k = 0; k < NT; ++k) off[k] = i * strides[k][0];
      return;
    }
    for (int k = 0; k < NT; ++k) off[k] = 0;
    for (int d = ndim - 1; d >= 0; --d) {
      const int64_t c = i % shape[d];
      i /= shape[d];
      for (int k = 0; k < NT; ++k) off[k] += c * strides[k][d];
    }
  }
};

// The device loop of a host StridedLoop (byte strides) whose operands have the given item sizes.
template <int NT>
DevLoop<NT> dev_loop(const StridedLoop<NT>& L, const int* sizes) {
  DevLoop<NT> d{};
  d.ndim = L.ndim;
  d.numel = L.numel();
  for (int i = 0; i < L.ndim; ++i) d.shape[i] = L.shape[i];
  for (int k = 0; k < NT; ++k) {
    d.data[k] = L.ops[k].data;
    for (int i = 0; i < L.ndim; ++i) d.strides[k][i] = sizes[k] ? L.ops[k].strides[i] / sizes[k] : 0;
  }
  return d;
}

}  // namespace tensile::cuda
