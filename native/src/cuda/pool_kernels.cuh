// The pooling and F.unfold / F.fold kernels of nn.cu, which launches them over grid-stride loops
// (one thread per output element; per input element for the gathering gradients), with
// cpu/pool.h's PoolGeom and PyTorch's window rules: max pooling propagates NaN and keeps the
// first index on ties; its gradient and average pooling's scatter with atomicAdd (overlapping
// windows share inputs); the adaptive average gradient and col2im gather instead (each input
// element sums what reads it), without atomics. F.unfold / F.fold are im2col / col2im over
// conv_gemm.h's index maps. Kept apart from nn.cu's host code so that native/test/pool_check.cc
// runs these very kernels on the host under its CUDA emulation.
#pragma once
#include <cmath>
#include <cstdint>

#ifndef TENSILE_CUDA_EMULATION
#include "common.cuh"
#endif
#include "../cpu/pool.h"
#include "conv_gemm.h"
#include "launch.cuh"

namespace tensile::cuda {

// ---- F.unfold / F.fold

// col (N, C*T, L) = im2col of x (N, C, P).
template <typename T>
__global__ void im2col_kernel(ConvDims<int64_t> d, int64_t batch, const T* x, T* col) {
  const int64_t total = batch * d.C * d.T * d.L;
  GRID_STRIDE(i, total) {
    const int64_t l = i % d.L, t = (i / d.L) % d.T, c = (i / (d.L * d.T)) % d.C, n = i / (d.L * d.T * d.C);
    const int64_t off = d.col(n, 0, c, t, l);
    col[i] = off >= 0 ? x[off] : T(0);
  }
}

// x (N, C, P) = col2im of col (N, C*T, L): each input element gathers the entries that read it.
template <typename T>
__global__ void col2im_kernel(ConvDims<int64_t> d, int64_t batch, const T* col, T* x) {
  const int64_t total = batch * d.C * d.P;
  GRID_STRIDE(i, total) {
    const int64_t p = i % d.P, nc = i / d.P;
    using A = typename Acc<T>::type;
    A s = 0;
    for (int64_t t = 0; t < d.T; ++t) {
      const int64_t l = d.tap_output(p, t);
      if (l >= 0) s += load_acc(col[(nc * d.T + t) * d.L + l]);
    }
    x[i] = store_as<T>(s);
  }
}

// ---- pooling

template <typename T>
__global__ void max_pool_kernel(cpu::PoolGeom g, const T* x, T* out, int64_t* idx) {
  const int64_t total = g.planes * g.oh * g.ow;
  GRID_STRIDE(i, total) {
    const int64_t ow = i % g.ow, oh = (i / g.ow) % g.oh, p = i / (g.ow * g.oh);
    int64_t h0 = oh * g.sh - g.ph, w0 = ow * g.sw - g.pw;
    while (h0 < 0) h0 += g.dh;
    while (w0 < 0) w0 += g.dw;
    const int64_t h1 = min(oh * g.sh - g.ph + (g.kh - 1) * g.dh + 1, g.ih);
    const int64_t w1 = min(ow * g.sw - g.pw + (g.kw - 1) * g.dw + 1, g.iw);
    using A = typename Acc<T>::type;
    const T* xp = x + p * g.ih * g.iw;
    A best = A(-INFINITY);
    int64_t bi = h0 * g.iw + w0;
    for (int64_t h = h0; h < h1; h += g.dh)
      for (int64_t w = w0; w < w1; w += g.dw) {
        const A v = load_acc(xp[h * g.iw + w]);
        if (v > best || v != v) {  // NaN propagates, as in PyTorch
          best = v;
          bi = h * g.iw + w;
        }
      }
    out[i] = store_as<T>(best);
    idx[i] = bi;
  }
}

template <typename T>
__global__ void max_pool_backward_kernel(cpu::PoolGeom g, const T* gout, const int64_t* idx, T* gin) {
  const int64_t total = g.planes * g.oh * g.ow;
  GRID_STRIDE(i, total) {
    const int64_t p = i / (g.oh * g.ow);
    atomicAdd(gin + p * g.ih * g.iw + idx[i], gout[i]);  // the half types' atomicAdd: sm_70 / sm_80
  }
}

struct Window {
  int64_t h0, h1, w0, w1, divide;
};
__device__ __forceinline__ Window avg_window(const cpu::PoolGeom& g, int64_t oh, int64_t ow) {
  int64_t h0 = oh * g.sh - g.ph, w0 = ow * g.sw - g.pw;
  int64_t h1 = min(h0 + g.kh, g.ih + g.ph), w1 = min(w0 + g.kw, g.iw + g.pw);
  const int64_t pool = (h1 - h0) * (w1 - w0);
  h0 = max(h0, int64_t(0));
  w0 = max(w0, int64_t(0));
  h1 = min(h1, g.ih);
  w1 = min(w1, g.iw);
  const int64_t divide = g.divisor ? g.divisor : g.count_include_pad ? pool : (h1 - h0) * (w1 - w0);
  return {h0, h1, w0, w1, divide};
}

template <typename T>
__global__ void avg_pool_kernel(cpu::PoolGeom g, const T* x, T* out) {
  const int64_t total = g.planes * g.oh * g.ow;
  GRID_STRIDE(i, total) {
    const int64_t ow = i % g.ow, oh = (i / g.ow) % g.oh, p = i / (g.ow * g.oh);
    const Window a = avg_window(g, oh, ow);
    const T* xp = x + p * g.ih * g.iw;
    using A = typename Acc<T>::type;
    A s = 0;
    for (int64_t h = a.h0; h < a.h1; ++h)
      for (int64_t w = a.w0; w < a.w1; ++w) s += load_acc(xp[h * g.iw + w]);
    out[i] = store_as<T>(a.divide ? s / A(a.divide) : A(0));
  }
}

template <typename T>
__global__ void avg_pool_backward_kernel(cpu::PoolGeom g, const T* gout, T* gin) {
  const int64_t total = g.planes * g.oh * g.ow;
  GRID_STRIDE(i, total) {
    const int64_t ow = i % g.ow, oh = (i / g.ow) % g.oh, p = i / (g.ow * g.oh);
    const Window a = avg_window(g, oh, ow);
    if (!a.divide) continue;
    const T v = store_as<T>(load_acc(gout[i]) / typename Acc<T>::type(a.divide));
    T* gp = gin + p * g.ih * g.iw;
    for (int64_t h = a.h0; h < a.h1; ++h)
      for (int64_t w = a.w0; w < a.w1; ++w) atomicAdd(gp + h * g.iw + w, v);
  }
}

// ---- adaptive pooling

// The window of output o over an input of `in`: [floor(o*in/out), ceil((o+1)*in/out)). With the
// roles swapped, [start(i, in, out), end(i, in, out)) are exactly the outputs whose windows hold
// input i.
__device__ __forceinline__ int64_t adaptive_start(int64_t o, int64_t out, int64_t in) { return (o * in) / out; }
__device__ __forceinline__ int64_t adaptive_end(int64_t o, int64_t out, int64_t in) { return ((o + 1) * in + out - 1) / out; }

template <typename T>
__global__ void adaptive_max_kernel(cpu::PoolGeom g, const T* x, T* out, int64_t* idx) {
  const int64_t total = g.planes * g.oh * g.ow;
  GRID_STRIDE(i, total) {
    const int64_t ow = i % g.ow, oh = (i / g.ow) % g.oh, p = i / (g.ow * g.oh);
    const int64_t h0 = adaptive_start(oh, g.oh, g.ih), h1 = adaptive_end(oh, g.oh, g.ih);
    const int64_t w0 = adaptive_start(ow, g.ow, g.iw), w1 = adaptive_end(ow, g.ow, g.iw);
    using A = typename Acc<T>::type;
    const T* xp = x + p * g.ih * g.iw;
    A best = A(-INFINITY);
    int64_t bi = h0 * g.iw + w0;  // kept when every element is -inf: the first one, as on the CPU
    for (int64_t h = h0; h < h1; ++h)
      for (int64_t w = w0; w < w1; ++w) {
        const A v = load_acc(xp[h * g.iw + w]);
        if (v > best || v != v) {  // strict: ties keep the first index; NaN propagates (the last NaN's index)
          best = v;
          bi = h * g.iw + w;
        }
      }
    out[i] = store_as<T>(best);
    idx[i] = bi;
  }
}

template <typename T>
__global__ void adaptive_avg_kernel(cpu::PoolGeom g, const T* x, T* out) {
  const int64_t total = g.planes * g.oh * g.ow;
  GRID_STRIDE(i, total) {
    const int64_t ow = i % g.ow, oh = (i / g.ow) % g.oh, p = i / (g.ow * g.oh);
    const int64_t h0 = adaptive_start(oh, g.oh, g.ih), h1 = adaptive_end(oh, g.oh, g.ih);
    const int64_t w0 = adaptive_start(ow, g.ow, g.iw), w1 = adaptive_end(ow, g.ow, g.iw);
    using A = typename Acc<T>::type;
    const T* xp = x + p * g.ih * g.iw;
    A s = 0;
    for (int64_t h = h0; h < h1; ++h)
      for (int64_t w = w0; w < w1; ++w) s += load_acc(xp[h * g.iw + w]);
    out[i] = store_as<T>(s / A((h1 - h0) * (w1 - w0)));
  }
}

template <typename T>
__global__ void adaptive_avg_backward_kernel(cpu::PoolGeom g, const T* gout, T* gin) {
  const int64_t total = g.planes * g.ih * g.iw;
  GRID_STRIDE(i, total) {
    const int64_t w = i % g.iw, h = (i / g.iw) % g.ih, p = i / (g.iw * g.ih);
    const int64_t oh0 = adaptive_start(h, g.ih, g.oh), oh1 = adaptive_end(h, g.ih, g.oh);
    const int64_t ow0 = adaptive_start(w, g.iw, g.ow), ow1 = adaptive_end(w, g.iw, g.ow);
    using A = typename Acc<T>::type;
    const T* go = gout + p * g.oh * g.ow;
    A s = 0;
    for (int64_t oh = oh0; oh < oh1; ++oh) {
      const int64_t kh = adaptive_end(oh, g.oh, g.ih) - adaptive_start(oh, g.oh, g.ih);
      for (int64_t ow = ow0; ow < ow1; ++ow) {
        const int64_t kw = adaptive_end(ow, g.ow, g.iw) - adaptive_start(ow, g.ow, g.iw);
        s += load_acc(go[oh * g.ow + ow]) / A(kh * kw);
      }
    }
    gin[i] = store_as<T>(s);
  }
}

}  // namespace tensile::cuda
