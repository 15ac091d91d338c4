// Convolution and 2-d pooling on the GPU.
//
// Convolution is im2col + cuBLAS: the column matrix of every sample (in chunks of samples that
// keep it under 256 MiB) is unrolled by one kernel and multiplied with the weights by one
// strided-batched GEMM per group; the input gradient is the transposed product followed by a
// col2im that gathers (each input element sums the column entries that read it, no atomics);
// the weight gradient sums per-sample products with beta = 1. The same two kernels serve
// F.unfold / F.fold on their own. Pooling runs one thread per output element, with PyTorch's
// window rules and NaN propagation; the adaptive average pooling gradient gathers (one thread
// per input element, summing the windows that hold it in the CPU kernel's order), no atomics.
#include <algorithm>

#include "../cpu/conv.h"
#include "../cpu/pool.h"
#include "api.h"
#include "common.cuh"
#include "cudnn.cuh"

namespace tensile::cuda {
namespace {

// col (n_s, C*K, L) = im2col of x (n_s, C, in) for n_s samples.
template <typename T>
__global__ void im2col_kernel(cpu::ConvGeom g, int64_t ns, const T* x, T* col) {
  const int64_t K = g.k[0] * g.k[1] * g.k[2], L = g.out[0] * g.out[1] * g.out[2];
  const int64_t total = ns * g.C * K * L;
  GRID_STRIDE(i, total) {
    const int64_t l = i % L, t = (i / L) % K, c = (i / (L * K)) % g.C, n = i / (L * K * g.C);
    const int64_t o2 = l % g.out[2], o1 = (l / g.out[2]) % g.out[1], o0 = l / (g.out[2] * g.out[1]);
    const int64_t e = t % g.k[2], b = (t / g.k[2]) % g.k[1], a = t / (g.k[2] * g.k[1]);
    const int64_t i0 = o0 * g.stride[0] - g.pad[0] + a * g.dil[0];
    const int64_t i1 = o1 * g.stride[1] - g.pad[1] + b * g.dil[1];
    const int64_t i2 = o2 * g.stride[2] - g.pad[2] + e * g.dil[2];
    T v = T(0);
    if (i0 >= 0 && i0 < g.in[0] && i1 >= 0 && i1 < g.in[1] && i2 >= 0 && i2 < g.in[2])
      v = x[((n * g.C + c) * g.in[0] + i0) * g.in[1] * g.in[2] + i1 * g.in[2] + i2];
    col[i] = v;
  }
}

// x (n_s, C, in) = col2im of col (n_s, C*K, L): each input element gathers the entries that read it.
template <typename T>
__global__ void col2im_kernel(cpu::ConvGeom g, int64_t ns, const T* col, T* x) {
  const int64_t K = g.k[0] * g.k[1] * g.k[2], L = g.out[0] * g.out[1] * g.out[2];
  const int64_t plane = g.in[0] * g.in[1] * g.in[2];
  const int64_t total = ns * g.C * plane;
  GRID_STRIDE(i, total) {
    const int64_t p = i % plane, c = (i / plane) % g.C, n = i / (plane * g.C);
    const int64_t i2 = p % g.in[2], i1 = (p / g.in[2]) % g.in[1], i0 = p / (g.in[2] * g.in[1]);
    using A = typename Acc<T>::type;
    A s = 0;
    for (int64_t a = 0; a < g.k[0]; ++a) {
      const int64_t q0 = i0 + g.pad[0] - a * g.dil[0];
      if (q0 < 0 || q0 % g.stride[0]) continue;
      const int64_t o0 = q0 / g.stride[0];
      if (o0 >= g.out[0]) continue;
      for (int64_t b = 0; b < g.k[1]; ++b) {
        const int64_t q1 = i1 + g.pad[1] - b * g.dil[1];
        if (q1 < 0 || q1 % g.stride[1]) continue;
        const int64_t o1 = q1 / g.stride[1];
        if (o1 >= g.out[1]) continue;
        for (int64_t e = 0; e < g.k[2]; ++e) {
          const int64_t q2 = i2 + g.pad[2] - e * g.dil[2];
          if (q2 < 0 || q2 % g.stride[2]) continue;
          const int64_t o2 = q2 / g.stride[2];
          if (o2 >= g.out[2]) continue;
          const int64_t t = (a * g.k[1] + b) * g.k[2] + e, l = (o0 * g.out[1] + o1) * g.out[2] + o2;
          s += load_acc(col[((n * g.C + c) * K + t) * L + l]);
        }
      }
    }
    x[i] = store_as<T>(s);
  }
}

template <typename T>
__global__ void add_bias_kernel(T* out, const T* bias, int64_t n, int64_t O, int64_t L) {
  GRID_STRIDE(i, n) out[i] = store_as<T>(load_acc(out[i]) + load_acc(bias[(i / L) % O]));
}

// Samples per chunk: the column matrix of a chunk stays under 256 MiB.
int64_t chunk_samples(const cpu::ConvGeom& g, int item) {
  const int64_t per = g.C * g.kernel() * g.out_plane() * item;
  return std::max<int64_t>(1, std::min<int64_t>(g.N, (int64_t(256) << 20) / std::max<int64_t>(1, per)));
}

// C (batch) = A (batch) @ B (batch), element strides, through cuBLAS.
void gemm(DType dt, int64_t batch, int64_t M, int64_t N, int64_t K, const void* a, int64_t a_bs, int64_t a_rs, int64_t a_cs,
          const void* b, int64_t b_bs, int64_t b_rs, int64_t b_cs, void* c, int64_t c_bs, int64_t c_rs, double beta) {
  cpu::MatmulArgs m;
  m.batch = batch;
  m.M = M;
  m.N = N;
  m.K = K;
  m.a = static_cast<const char*>(a);
  m.a_bs = a_bs;
  m.a_rs = a_rs;
  m.a_cs = a_cs;
  m.b = static_cast<const char*>(b);
  m.b_bs = b_bs;
  m.b_rs = b_rs;
  m.b_cs = b_cs;
  m.c = static_cast<char*>(c);
  m.c_bs = c_bs;
  m.c_rs = c_rs;
  m.c_cs = 1;
  m.alpha = 1;
  m.beta = beta;
  cuda::matmul(dt, m);
}

}  // namespace

namespace {

// Runs body(T{}, n0, ns, col) over chunks of samples [n0, n0 + ns), with col a column buffer
// sized for a chunk (freed after the queued work, in stream order); T is dt's device type.
template <typename F>
void over_sample_chunks(DType dt, const cpu::ConvGeom& g, const char* name, F body) {
  const int sz = item_size(dt);
  const int64_t ns_max = chunk_samples(g, sz);
  char* col = static_cast<char*>(alloc(static_cast<size_t>(ns_max * g.C * g.kernel() * g.out_plane() * sz)));
  try {
    dispatch_float(dt, name, [&](auto tag) {
      for (int64_t n0 = 0; n0 < g.N; n0 += ns_max) body(tag, n0, std::min(ns_max, g.N - n0), col);
    });
  } catch (...) {
    release(col);
    throw;
  }
  release(col);
}

// col = im2col of samples [n0, n0 + ns) of x.
template <typename T>
void im2col(const cpu::ConvGeom& g, int64_t n0, int64_t ns, const char* x, char* col) {
  const int64_t total = ns * g.C * g.kernel() * g.out_plane();
  im2col_kernel<T><<<blocks_for(total), kThreads, 0, stream()>>>(g, ns, reinterpret_cast<const T*>(x) + n0 * g.C * g.in_plane(),
                                                                 reinterpret_cast<T*>(col));
  TENSILE_CUDA_LAUNCHED();
}

}  // namespace

void conv_forward(DType dt, const cpu::ConvGeom& g, const char* x, const char* w, const char* bias, char* out) {
  const int sz = item_size(dt);
  const int64_t L = g.out_plane(), K = g.kernel(), Og = g.O / g.G, CK = g.C / g.G * K;
  if (g.N == 0 || L == 0 || g.O == 0) return;
  if (!cudnn_conv_forward(dt, g, x, w, out))
    over_sample_chunks(dt, g, "convolution", [&](auto tag, int64_t n0, int64_t ns, char* col) {
      im2col<decltype(tag)>(g, n0, ns, x, col);
      for (int64_t grp = 0; grp < g.G; ++grp)  // out_n (Og, L) = w_grp (Og, CK) @ col_n,grp (CK, L)
        gemm(dt, ns, Og, L, CK, w + grp * Og * CK * sz, 0, CK, 1, col + grp * CK * L * sz, g.C * K * L, L, 1,
             out + (n0 * g.O + grp * Og) * L * sz, g.O * L, L, 0);
    });
  if (bias) {
    dispatch_float(dt, "convolution", [&](auto tag) {
      using T = decltype(tag);
      const int64_t n = g.N * g.O * L;
      add_bias_kernel<T><<<blocks_for(n), kThreads, 0, stream()>>>(reinterpret_cast<T*>(out), reinterpret_cast<const T*>(bias), n, g.O, L);
      TENSILE_CUDA_LAUNCHED();
    });
  }
}

void conv_backward_input(DType dt, const cpu::ConvGeom& g, const char* gout, const char* w, char* gin) {
  const int sz = item_size(dt);
  const int64_t L = g.out_plane(), K = g.kernel(), Og = g.O / g.G, CK = g.C / g.G * K;
  if (g.N == 0 || g.C == 0 || g.in_plane() == 0) return;
  if (L > 0 && g.O > 0 && cudnn_conv_backward_input(dt, g, gout, w, gin)) return;
  over_sample_chunks(dt, g, "convolution_backward", [&](auto tag, int64_t n0, int64_t ns, char* col) {
    using T = decltype(tag);
    for (int64_t grp = 0; grp < g.G; ++grp)  // col_n,grp (CK, L) = w_grp^T (CK, Og) @ gout_n,grp (Og, L)
      gemm(dt, ns, CK, L, Og, w + grp * Og * CK * sz, 0, 1, CK, gout + (n0 * g.O + grp * Og) * L * sz, g.O * L, L, 1,
           col + grp * CK * L * sz, g.C * K * L, L, 0);
    const int64_t total = ns * g.C * g.in_plane();
    col2im_kernel<T><<<blocks_for(total), kThreads, 0, stream()>>>(g, ns, reinterpret_cast<const T*>(col),
                                                                   reinterpret_cast<T*>(gin) + n0 * g.C * g.in_plane());
    TENSILE_CUDA_LAUNCHED();
  });
}

void conv_backward_weight(DType dt, const cpu::ConvGeom& g, const char* gout, const char* x, char* gw) {
  const int sz = item_size(dt);
  const int64_t L = g.out_plane(), K = g.kernel(), Og = g.O / g.G, CK = g.C / g.G * K;
  if (g.N == 0 || L == 0) {  // no terms: a zero gradient
    const size_t bytes = static_cast<size_t>(g.O * CK * sz);
    if (bytes) TENSILE_CUDA_CHECK(cudaMemsetAsync(gw, 0, bytes, stream()));
    return;
  }
  if (g.C > 0 && g.O > 0 && cudnn_conv_backward_weight(dt, g, gout, x, gw)) return;
  over_sample_chunks(dt, g, "convolution_backward", [&](auto tag, int64_t n0, int64_t ns, char* col) {
    im2col<decltype(tag)>(g, n0, ns, x, col);
    for (int64_t n = 0; n < ns; ++n)
      for (int64_t grp = 0; grp < g.G; ++grp)  // gw_grp (Og, CK) += gout_n,grp (Og, L) @ col_n,grp^T (L, CK)
        gemm(dt, 1, Og, CK, L, gout + ((n0 + n) * g.O + grp * Og) * L * sz, 0, L, 1, col + (n * g.C * K + grp * CK) * L * sz, 0, 1, L,
             gw + grp * Og * CK * sz, 0, CK, n0 + n == 0 ? 0.0 : 1.0);
  });
}

// ---- pooling

namespace {

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
__device__ Window avg_window(const cpu::PoolGeom& g, int64_t oh, int64_t ow) {
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
    im2col_kernel<T><<<blocks_for(total), kThreads, 0, stream()>>>(g, g.N, reinterpret_cast<const T*>(x), reinterpret_cast<T*>(col));
    TENSILE_CUDA_LAUNCHED();
  });
}

void col2im_batch(DType dt, const cpu::ConvGeom& g, const char* col, char* x) {
  const int64_t total = g.N * g.C * g.in_plane();
  if (!total) return;
  dispatch_float(dt, "col2im", [&](auto tag) {
    using T = decltype(tag);
    col2im_kernel<T><<<blocks_for(total), kThreads, 0, stream()>>>(g, g.N, reinterpret_cast<const T*>(col), reinterpret_cast<T*>(x));
    TENSILE_CUDA_LAUNCHED();
  });
}

// ---- adaptive pooling

namespace {

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

}  // namespace

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
