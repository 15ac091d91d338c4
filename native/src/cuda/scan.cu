// Arg-reductions (max/min along a dim with indices), scans (cumsum, cumprod, logcumsumexp,
// cummax, cummin) and ranges (arange, linspace) on the GPU: cpu/reduce.cc's and
// cpu/elementwise.cc's semantics, element for element (NaN wins an arg-reduction at its first
// position; ties keep the first index; cummax/cummin take the later index on ties and on every
// NaN). Parallel scans combine partial results in another order than the CPU's
// running sum, so float cumsum/cumprod/logcumsumexp differ from it by rounding only.
// The kernels live in scan_kernels.cuh, all but the row scan, which needs CUB: this file keeps
// it and the launches.
#include <cub/block/block_scan.cuh>

#include <algorithm>
#include <type_traits>

#include "api.h"
#include "common.cuh"
#include "scan_kernels.cuh"

namespace tensile::cuda {
namespace {

// One block per row (inner == 1, long rows): the row goes by in chunks of kThreads, each
// scanned by the block and combined with the carry of the chunks before it.
template <typename TO>
__global__ void scan_row_kernel(cpu::ScanOp op, DType in, const char* a, TO* o, int64_t* indices, int64_t rows,
                                int64_t len) {
  using A = ScanAcc<TO>;
  using BlockScan = cub::BlockScan<ScanVal<A>, kThreads>;
  __shared__ typename BlockScan::TempStorage temp;
  __shared__ ScanVal<A> carry;
  const ScanCombine<A> f{op};
  for (int64_t r = blockIdx.x; r < rows; r += gridDim.x) {
    const int64_t row = r * len;
    for (int64_t start = 0; start < len; start += kThreads) {
      const int64_t k = start + threadIdx.x;
      // past the row's end: a copy of its last element (an inclusive scan never lets a later
      // lane reach an earlier one's result)
      const int64_t kk = k < len ? k : len - 1;
      const ScanVal<A> x{load_any<A>(in, a, row + kk), kk};
      ScanVal<A> y;
      BlockScan(temp).InclusiveScan(x, y, f);
      if (start > 0) y = f(carry, y);
      __syncthreads();  // every lane has read carry; temp may be reused
      if (threadIdx.x == kThreads - 1) carry = y;
      if (k < len) {
        o[row + k] = store_as<TO>(y.v);
        if (indices) indices[row + k] = y.i;
      }
      __syncthreads();  // the new carry is visible
    }
  }
}

}  // namespace

void reduce_arg(DType dt, bool is_max, const char* in, int64_t outer, int64_t len, int64_t inner, char* values,
                int64_t* indices) {
  const int64_t n_out = outer * inner;
  if (n_out == 0 || len == 0) return;
  dispatch_all(dt, "max", [&](auto tag) {
    using T = decltype(tag);
    const T* a = reinterpret_cast<const T*>(in);
    T* v = reinterpret_cast<T*>(values);
    if (len < 64) {
      arg_thread_kernel<T><<<blocks_for(n_out), kThreads, 0, stream()>>>(a, outer, len, inner, is_max, v, indices);
      TENSILE_CUDA_LAUNCHED();
      return;
    }
    // fewer outputs than would fill the GPU, over long dims: each dim in ranges of 4096 or more,
    // about 1024 blocks in all (see arg_block_kernel)
    const int64_t parts = n_out < 1024 && len >= 8192 ? std::min<int64_t>((len + 4095) / 4096, (1024 + n_out - 1) / n_out) : 1;
    if (parts == 1) {
      arg_block_kernel<T><<<grid_for_blocks(n_out), kThreads, 0, stream()>>>(a, outer, len, inner, is_max, v, indices);
      TENSILE_CUDA_LAUNCHED();
      return;
    }
    using A = typename Acc<T>::type;
    const int64_t m = n_out * parts;
    char* partial = static_cast<char*>(alloc(static_cast<size_t>(m) * (sizeof(A) + sizeof(int64_t))));
    int64_t* pi = reinterpret_cast<int64_t*>(partial);  // first: the 8-byte aligned half
    A* pv = reinterpret_cast<A*>(partial + m * sizeof(int64_t));
    arg_block_kernel<T><<<grid_for_blocks(m), kThreads, 0, stream()>>>(a, outer, len, inner, is_max, v, indices, parts, pv, pi);
    TENSILE_CUDA_LAUNCHED();
    arg_combine_kernel<T><<<blocks_for(n_out), kThreads, 0, stream()>>>(a, outer, len, inner, parts, is_max, pv, pi, v, indices);
    TENSILE_CUDA_LAUNCHED();
    release(partial);  // reused in stream order, after the combining kernel
  });
}

void scan(cpu::ScanOp op, DType in, DType out, const char* a, char* o, int64_t* indices, int64_t outer, int64_t len,
          int64_t inner) {
  const int64_t cols = outer * inner;
  if (cols == 0 || len == 0) return;
  dispatch_all(out, "cumsum", [&](auto tag) {
    using TO = decltype(tag);
    TO* dst = reinterpret_cast<TO*>(o);
    if (inner == 1 && len > kThreads)
      scan_row_kernel<TO><<<grid_for_blocks(outer), kThreads, 0, stream()>>>(op, in, a, dst, indices, outer, len);
    else scan_column_kernel<TO><<<blocks_for(cols), kThreads, 0, stream()>>>(op, in, a, dst, indices, outer, len, inner);
    TENSILE_CUDA_LAUNCHED();
  });
}

void arange(DType dt, void* out, int64_t n, double start, double step) {
  if (n == 0) return;
  dispatch_all(dt, "arange", [&](auto tag) {
    using T = decltype(tag);
    arange_kernel<T><<<blocks_for(n), kThreads, 0, stream()>>>(static_cast<T*>(out), n, start, step);
    TENSILE_CUDA_LAUNCHED();
  });
}

void linspace(DType dt, void* out, int64_t n, double start, double end) {
  if (n == 0) return;
  const double step = n > 1 ? (end - start) / static_cast<double>(n - 1) : 0;  // on the host, as the CPU's
  dispatch_all(dt, "linspace", [&](auto tag) {
    using T = decltype(tag);
    linspace_kernel<T><<<blocks_for(n), kThreads, 0, stream()>>>(static_cast<T*>(out), n, start, end, step);
    TENSILE_CUDA_LAUNCHED();
  });
}

}  // namespace tensile::cuda
