// Pooling and F.unfold / F.fold on the GPU (convolution is in conv.cu): the host side, which
// zeroes the gradients the scattering kernels accumulate into and launches one thread per output
// element (per input element for the adaptive average gradient) over a grid-stride loop. The
// kernels are in pool_kernels.cuh: pooling with PyTorch's window rules and NaN propagation, max
// and average pooling gradients scattered with atomicAdd; the adaptive average pooling gradient
// gathers (each input element sums the windows that hold it in the CPU kernel's order), no
// atomics. F.unfold is im2col and F.fold col2im through the index maps of conv_gemm.h; col2im
// gathers (each input element sums the column entries that read it), no atomics.
#include "../cpu/conv.h"
#include "../cpu/pool.h"
#include "api.h"
#include "common.cuh"
#include "conv_gemm.h"
#include "pool_kernels.cuh"

namespace tensile::cuda {
namespace {

template <typename T>
void zero(T* p, int64_t n) {
  if (n) TENSILE_CUDA_CHECK(cudaMemsetAsync(p, 0, static_cast<size_t>(n) * sizeof(T), stream()));
}

}  // namespace

void max_pool2d(DType dt, const cpu::PoolGeom& g, const char* x, char* out, int64_t* indices) {
  const int64_t n = g.planes * g.oh * g.ow;
  if (!n) return;
  dispatch_float(dt, "max_pool2d", [&](auto tag) {
    using T = decltype(tag);
    max_pool_kernel<T><<<blocks_for(n), kThreads, 0, stream()>>>(g, reinterpret_cast<const T*>(x), reinterpret_cast<T*>(out), indices);
    TENSILE_CUDA_LAUNCHED();
  });
}

void max_pool2d_backward(DType dt, const cpu::PoolGeom& g, const char* gout, const int64_t* indices, char* gin) {
  dispatch_float(dt, "max_pool2d_with_indices_backward", [&](auto tag) {
    using T = decltype(tag);
    zero(reinterpret_cast<T*>(gin), g.planes * g.ih * g.iw);
    const int64_t n = g.planes * g.oh * g.ow;
    if (!n) return;
    max_pool_backward_kernel<T><<<blocks_for(n), kThreads, 0, stream()>>>(g, reinterpret_cast<const T*>(gout), indices, reinterpret_cast<T*>(gin));
    TENSILE_CUDA_LAUNCHED();
  });
}

void avg_pool2d(DType dt, const cpu::PoolGeom& g, const char* x, char* out) {
  const int64_t n = g.planes * g.oh * g.ow;
  if (!n) return;
  dispatch_float(dt, "avg_pool2d", [&](auto tag) {
    using T = decltype(tag);
    avg_pool_kernel<T><<<blocks_for(n), kThreads, 0, stream()>>>(g, reinterpret_cast<const T*>(x), reinterpret_cast<T*>(out));
    TENSILE_CUDA_LAUNCHED();
  });
}

void avg_pool2d_backward(DType dt, const cpu::PoolGeom& g, const char* gout, char* gin) {
  dispatch_float(dt, "avg_pool2d_backward", [&](auto tag) {
    using T = decltype(tag);
    zero(reinterpret_cast<T*>(gin), g.planes * g.ih * g.iw);
    const int64_t n = g.planes * g.oh * g.ow;
    if (!n) return;
    avg_pool_backward_kernel<T><<<blocks_for(n), kThreads, 0, stream()>>>(g, reinterpret_cast<const T*>(gout), reinterpret_cast<T*>(gin));
    TENSILE_CUDA_LAUNCHED();
  });
}

// ---- F.unfold / F.fold: the convolution's im2col / col2im kernels over the whole batch

void im2col_batch(DType dt, const cpu::ConvGeom& g, const char* x, char* col) {
  const int64_t total = g.N * g.C * g.kernel() * g.out_plane();
  if (!total) return;
  dispatch_float(dt, "im2col", [&](auto tag) {
    using T = decltype(tag);
    im2col_kernel<T><<<blocks_for(total), kThreads, 0, stream()>>>(ConvDims<int64_t>(g), g.N, reinterpret_cast<const T*>(x), reinterpret_cast<T*>(col));
    TENSILE_CUDA_LAUNCHED();
  });
}

void col2im_batch(DType dt, const cpu::ConvGeom& g, const char* col, char* x) {
  const int64_t total = g.N * g.C * g.in_plane();
  if (!total) return;
  dispatch_float(dt, "col2im", [&](auto tag) {
    using T = decltype(tag);
    col2im_kernel<T><<<blocks_for(total), kThreads, 0, stream()>>>(ConvDims<int64_t>(g), g.N, reinterpret_cast<const T*>(col), reinterpret_cast<T*>(x));
    TENSILE_CUDA_LAUNCHED();
  });
}

// ---- adaptive pooling

void adaptive_pool2d(DType dt, bool is_max, const cpu::PoolGeom& g, const char* x, char* out, int64_t* indices) {
  const int64_t n = g.planes * g.oh * g.ow;
  if (!n) return;
  dispatch_float(dt, is_max ? "adaptive_max_pool2d" : "adaptive_avg_pool2d", [&](auto tag) {
    using T = decltype(tag);
    if (is_max)
      adaptive_max_kernel<T><<<blocks_for(n), kThreads, 0, stream()>>>(g, reinterpret_cast<const T*>(x), reinterpret_cast<T*>(out), indices);
    else
      adaptive_avg_kernel<T><<<blocks_for(n), kThreads, 0, stream()>>>(g, reinterpret_cast<const T*>(x), reinterpret_cast<T*>(out));
    TENSILE_CUDA_LAUNCHED();
  });
}

void adaptive_avg_pool2d_backward(DType dt, const cpu::PoolGeom& g, const char* gout, char* gin) {
  const int64_t n = g.planes * g.ih * g.iw;
  if (!n) return;
  dispatch_float(dt, "adaptive_avg_pool2d_backward", [&](auto tag) {
    using T = decltype(tag);
    adaptive_avg_backward_kernel<T><<<blocks_for(n), kThreads, 0, stream()>>>(g, reinterpret_cast<const T*>(gout), reinterpret_cast<T*>(gin));
    TENSILE_CUDA_LAUNCHED();
  });
}

}  // namespace tensile::cuda
