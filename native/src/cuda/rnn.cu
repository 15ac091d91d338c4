// Recurrent layers on the GPU: cpu/rnn.cc's time loop, step for step. Each step is one cuBLAS
// GEMM of the active rows of h_{t-1} with W_hh plus one elementwise gate kernel (one thread per
// (row, hidden unit)); LSTM projections add one GEMM. The workspace has the CPU's layout and
// content (rows past a step's batch size stay zero), so the caller's weight-gradient GEMMs and
// either backward work on either forward's workspace. Per-step batch sizes are host memory:
// the loop needs them to size each launch. The half types compute in float.
#include <algorithm>

#include "../cpu/rnn.h"
#include "api.h"
#include "blas.cuh"
#include "common.cuh"

namespace tensile::cuda {
namespace {

__device__ __forceinline__ float dev_exp(float x) { return expf(x); }
__device__ __forceinline__ double dev_exp(double x) { return exp(x); }
__device__ __forceinline__ float dev_tanh(float x) { return tanhf(x); }
__device__ __forceinline__ double dev_tanh(double x) { return tanh(x); }
template <typename A>
__device__ __forceinline__ A sigm(A x) { return A(1) / (A(1) + dev_exp(-x)); }

// ---- forward gate kernels over rows [0, bt): n = bt * H threads, i = b * H + j.
// gh: the step's h_{t-1} W_hh^T (bt, G*H); xp: the input projection (B, G*H) of the step.

// tanh / relu (P == H, G == 1): h = act(x + gh).
template <typename T>
__global__ void simple_step(int64_t n, bool relu, const T* xp, const T* gh, T* hn, T* acts) {
  using A = typename Acc<T>::type;
  GRID_STRIDE(i, n) {
    const A g = load_acc(xp[i]) + load_acc(gh[i]);
    const A v = relu ? (g > A(0) ? g : A(0)) : dev_tanh(g);
    hn[i] = store_as<T>(v);
    acts[i] = store_as<T>(v);
  }
}

// LSTM (gates i, f, g, o): c and h of the step; h goes to hdst (hn, or hraw when projected).
template <typename T>
__global__ void lstm_step(int64_t n, int64_t H, const T* xp, const T* gh, T* cn, T* cprev, T* cc, T* acts,
                          T* hdst, int64_t hdst_ld) {
  using A = typename Acc<T>::type;
  const int64_t GH = 4 * H;
  GRID_STRIDE(idx, n) {
    const int64_t b = idx / H, j = idx % H;
    const T* x = xp + b * GH;
    const T* g = gh + b * GH;
    T* ac = acts + b * GH;  // act width 4H == GH
    const A i = sigm(load_acc(x[j]) + load_acc(g[j]));
    const A f = sigm(load_acc(x[H + j]) + load_acc(g[H + j]));
    const A c2 = dev_tanh(load_acc(x[2 * H + j]) + load_acc(g[2 * H + j]));
    const A o = sigm(load_acc(x[3 * H + j]) + load_acc(g[3 * H + j]));
    const A prev = load_acc(cn[b * H + j]);
    const A c = f * prev + i * c2;
    cn[b * H + j] = store_as<T>(c);
    cprev[b * H + j] = store_as<T>(prev);
    cc[b * H + j] = store_as<T>(c);
    ac[j] = store_as<T>(i);
    ac[H + j] = store_as<T>(f);
    ac[2 * H + j] = store_as<T>(c2);
    ac[3 * H + j] = store_as<T>(o);
    hdst[b * hdst_ld + j] = store_as<T>(o * dev_tanh(c));
  }
}

// GRU (gates r, z, n; n = tanh(x_n + r * (W_hn h + b_hn))); P == H. Saves r, z, n, W_hn h + b_hn.
template <typename T>
__global__ void gru_step(int64_t n, int64_t H, const T* xp, const T* gh, const T* bhh, T* hn, T* acts) {
  using A = typename Acc<T>::type;
  const int64_t GH = 3 * H;
  GRID_STRIDE(idx, n) {
    const int64_t b = idx / H, j = idx % H;
    const T* x = xp + b * GH;
    const T* g = gh + b * GH;
    T* ac = acts + b * 4 * H;
    const A ghn = load_acc(g[2 * H + j]) + load_acc(bhh[2 * H + j]);
    const A r = sigm(load_acc(x[j]) + load_acc(g[j]) + load_acc(bhh[j]));
    const A z = sigm(load_acc(x[H + j]) + load_acc(g[H + j]) + load_acc(bhh[H + j]));
    const A nn = dev_tanh(load_acc(x[2 * H + j]) + r * ghn);
    const A h = load_acc(hn[b * H + j]);
    hn[b * H + j] = store_as<T>((A(1) - z) * nn + z * h);
    ac[j] = store_as<T>(r);
    ac[H + j] = store_as<T>(z);
    ac[2 * H + j] = store_as<T>(nn);
    ac[3 * H + j] = store_as<T>(ghn);
  }
}

// ---- backward gate kernels over rows [0, bt). dO (the step's output gradient, width P == H)
// is added to dh on the fly where given; the projected LSTM adds it before its GEMMs.

template <typename T>
__global__ void simple_step_backward(int64_t n, bool relu, const T* dh, const T* dO, const T* acts, T* dg) {
  using A = typename Acc<T>::type;
  GRID_STRIDE(i, n) {
    const A h = load_acc(acts[i]);
    const A d = load_acc(dh[i]) + load_acc(dO[i]);
    dg[i] = store_as<T>(d * (relu ? (h > A(0) ? A(1) : A(0)) : A(1) - h * h));
  }
}

// src: dh (width P == H, with dO) or, projected, dh W_hr (width H, dO null).
template <typename T>
__global__ void lstm_step_backward(int64_t n, int64_t H, const T* src, const T* dO, const T* acts, const T* cprev,
                                   const T* cc, T* dc, T* dg) {
  using A = typename Acc<T>::type;
  const int64_t GH = 4 * H;
  GRID_STRIDE(idx, n) {
    const int64_t b = idx / H, j = idx % H;
    const T* ac = acts + b * GH;
    T* d = dg + b * GH;
    const A i = load_acc(ac[j]), f = load_acc(ac[H + j]), c2 = load_acc(ac[2 * H + j]), o = load_acc(ac[3 * H + j]);
    const A tc = dev_tanh(load_acc(cc[idx]));
    const A dhv = dO ? load_acc(src[idx]) + load_acc(dO[idx]) : load_acc(src[idx]);
    const A dct = load_acc(dc[idx]) + dhv * o * (A(1) - tc * tc);
    d[j] = store_as<T>(dct * c2 * i * (A(1) - i));
    d[H + j] = store_as<T>(dct * load_acc(cprev[idx]) * f * (A(1) - f));
    d[2 * H + j] = store_as<T>(dct * i * (A(1) - c2 * c2));
    d[3 * H + j] = store_as<T>(dhv * tc * o * (A(1) - o));
    dc[idx] = store_as<T>(dct * f);
  }
}

template <typename T>
__global__ void gru_step_backward(int64_t n, int64_t H, T* dh, const T* dO, const T* acts, const T* hprev, T* di, T* dhh) {
  using A = typename Acc<T>::type;
  const int64_t GH = 3 * H;
  GRID_STRIDE(idx, n) {
    const int64_t b = idx / H, j = idx % H;
    const T* ac = acts + b * 4 * H;
    const A r = load_acc(ac[j]), z = load_acc(ac[H + j]), nn = load_acc(ac[2 * H + j]), ghn = load_acc(ac[3 * H + j]);
    const A dhv = load_acc(dh[idx]) + load_acc(dO[idx]);
    const A dnp = dhv * (A(1) - z) * (A(1) - nn * nn);
    const A dzp = dhv * (load_acc(hprev[idx]) - nn) * z * (A(1) - z);
    const A drp = dnp * ghn * r * (A(1) - r);
    T* x = di + b * GH;
    T* h = dhh + b * GH;
    x[j] = store_as<T>(drp);
    x[H + j] = store_as<T>(dzp);
    x[2 * H + j] = store_as<T>(dnp);
    h[j] = store_as<T>(drp);
    h[H + j] = store_as<T>(dzp);
    h[2 * H + j] = store_as<T>(dnp * r);
    dh[idx] = store_as<T>(dhv * z);
  }
}

template <typename T>
__global__ void add_into(int64_t n, T* dst, const T* src) {
  GRID_STRIDE(i, n) dst[i] = store_as<T>(load_acc(dst[i]) + load_acc(src[i]));
}

template <typename T>
void zero(T* p, int64_t n) {
  if (n > 0) TENSILE_CUDA_CHECK(cudaMemsetAsync(p, 0, static_cast<size_t>(n) * sizeof(T), stream()));
}

template <typename T>
void copy_n(T* dst, const T* src, int64_t n) {
  if (n > 0) copy_on_device(dst, src, static_cast<size_t>(n) * sizeof(T));
}

// A scratch buffer of n elements, released (in stream order) when it goes out of scope.
template <typename T>
struct Scratch {
  T* p = nullptr;
  explicit Scratch(int64_t n) {
    if (n > 0) p = static_cast<T*>(alloc(static_cast<size_t>(n) * sizeof(T)));
  }
  ~Scratch() {
    if (p) release(p);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
};

int64_t step_batch(const cpu::RnnArgs& a, int64_t t) { return a.batch_sizes ? a.batch_sizes[t] : a.B; }

template <typename T>
void forward(DType dt, const cpu::RnnArgs& a, const T* xproj, const T* whh, const T* bhh, const T* whr, const T* h0,
             const T* c0, T* out, T* hn, T* cn, T* ws) {
  const int64_t B = a.B, H = a.H, P = a.P, GH = a.gates() * H, AW = a.act_width() * H;
  const bool lstm = a.mode == cpu::RnnMode::Lstm, gru = a.mode == cpu::RnnMode::Gru, proj = whr != nullptr;
  cpu::RnnSaved<T> s(a, ws);
  zero(ws, a.workspace());
  copy_n(hn, h0, B * P);
  if (lstm) copy_n(cn, c0, B * H);
  Scratch<T> g(B * GH);
  for (int64_t step = 0; step < a.T; ++step) {
    const int64_t t = a.reverse ? a.T - 1 - step : step;
    const int64_t bt = step_batch(a, t);
    const T* xp = xproj + t * B * GH;
    T* acts = s.acts + t * B * AW;
    T* o = out + t * B * P;
    if (bt > 0) {
      copy_n(s.hprev + t * B * P, hn, bt * P);
      gemm_2d(dt, bt, GH, P, hn, P, 1, whh, 1, P, 0.0, g.p, GH);  // g = h_{t-1} W_hh^T
      const int64_t n = bt * H;
      if (gru) {
        gru_step<T><<<blocks_for(n), kThreads, 0, stream()>>>(n, H, xp, g.p, bhh, hn, acts);
        TENSILE_CUDA_LAUNCHED();
      } else if (lstm) {
        T* hraw = s.hraw + t * B * H;
        lstm_step<T><<<blocks_for(n), kThreads, 0, stream()>>>(n, H, xp, g.p, cn, s.cprev + t * B * H, s.c + t * B * H, acts,
                                                               proj ? hraw : hn, proj ? H : P);
        TENSILE_CUDA_LAUNCHED();
        if (proj) gemm_2d(dt, bt, P, H, hraw, H, 1, whr, 1, H, 0.0, hn, P);  // h = h_raw W_hr^T
      } else {
        simple_step<T><<<blocks_for(n), kThreads, 0, stream()>>>(n, a.mode == cpu::RnnMode::Relu, xp, g.p, hn, acts);
        TENSILE_CUDA_LAUNCHED();
      }
      copy_n(o, hn, bt * P);
    }
    zero(o + bt * P, (B - bt) * P);
  }
}

template <typename T>
void backward(DType dt, const cpu::RnnArgs& a, const T* dout, const T* dhn, const T* dcn, const T* ws, const T* whh,
              const T* whr, T* dxproj, T* dgh, T* dh0, T* dc0, T* dwhr) {
  const int64_t B = a.B, H = a.H, P = a.P, GH = a.gates() * H, AW = a.act_width() * H;
  const bool lstm = a.mode == cpu::RnnMode::Lstm, gru = a.mode == cpu::RnnMode::Gru, proj = whr != nullptr;
  cpu::RnnSaved<T> s(a, const_cast<T*>(ws));
  T* dh = dh0;  // the running gradients live in the outputs
  T* dc = dc0;
  copy_n(dh, dhn, B * P);
  if (lstm) copy_n(dc, dcn, B * H);
  Scratch<T> dhr(proj ? B * H : 0);
  if (proj) zero(dwhr, P * H);
  for (int64_t step = 0; step < a.T; ++step) {
    const int64_t t = a.reverse ? step : a.T - 1 - step;
    const int64_t bt = step_batch(a, t);
    T* dg = dxproj + t * B * GH;
    zero(dg + bt * GH, (B - bt) * GH);
    if (gru) zero(dgh + t * B * GH + bt * GH, (B - bt) * GH);
    if (bt == 0) continue;
    const T* dO = dout + t * B * P;
    const T* acts = s.acts + t * B * AW;
    const int64_t n = bt * H;
    if (lstm) {
      const T* src = dh;
      const T* dO_k = dO;
      if (proj) {
        add_into<T><<<blocks_for(bt * P), kThreads, 0, stream()>>>(bt * P, dh, dO);
        TENSILE_CUDA_LAUNCHED();
        gemm_2d(dt, bt, H, P, dh, P, 1, whr, H, 1, 0.0, dhr.p, H);                  // dh_raw = dh W_hr
        gemm_2d(dt, P, H, bt, dh, 1, P, s.hraw + t * B * H, H, 1, 1.0, dwhr, H);  // dW_hr += dh^T h_raw
        src = dhr.p;
        dO_k = nullptr;
      }
      lstm_step_backward<T><<<blocks_for(n), kThreads, 0, stream()>>>(n, H, src, dO_k, acts, s.cprev + t * B * H,
                                                                       s.c + t * B * H, dc, dg);
      TENSILE_CUDA_LAUNCHED();
      gemm_2d(dt, bt, P, GH, dg, GH, 1, whh, P, 1, 0.0, dh, P);  // dh_{t-1} = dg W_hh
    } else if (gru) {
      T* dgt = dgh + t * B * GH;
      gru_step_backward<T><<<blocks_for(n), kThreads, 0, stream()>>>(n, H, dh, dO, acts, s.hprev + t * B * P, dg, dgt);
      TENSILE_CUDA_LAUNCHED();
      gemm_2d(dt, bt, P, GH, dgt, GH, 1, whh, P, 1, 1.0, dh, P);  // dh_{t-1} = dh z + dg_h W_hh
    } else {
      simple_step_backward<T><<<blocks_for(n), kThreads, 0, stream()>>>(n, a.mode == cpu::RnnMode::Relu, dh, dO, acts, dg);
      TENSILE_CUDA_LAUNCHED();
      gemm_2d(dt, bt, P, GH, dg, GH, 1, whh, P, 1, 0.0, dh, P);
    }
  }
}

}  // namespace

void rnn_forward(DType dt, const cpu::RnnArgs& a, const char* xproj, const char* whh, const char* bhh, const char* whr,
                 const char* h0, const char* c0, char* out, char* hn, char* cn, char* ws) {
  dispatch_float(dt, "rnn", [&](auto tag) {
    using T = decltype(tag);
    forward<T>(dt, a, reinterpret_cast<const T*>(xproj), reinterpret_cast<const T*>(whh), reinterpret_cast<const T*>(bhh),
               reinterpret_cast<const T*>(whr), reinterpret_cast<const T*>(h0), reinterpret_cast<const T*>(c0),
               reinterpret_cast<T*>(out), reinterpret_cast<T*>(hn), reinterpret_cast<T*>(cn), reinterpret_cast<T*>(ws));
  });
}

void rnn_backward(DType dt, const cpu::RnnArgs& a, const char* dout, const char* dhn, const char* dcn, const char* ws,
                  const char* whh, const char* whr, char* dxproj, char* dgh, char* dh0, char* dc0, char* dwhr) {
  dispatch_float(dt, "rnn", [&](auto tag) {
    using T = decltype(tag);
    backward<T>(dt, a, reinterpret_cast<const T*>(dout), reinterpret_cast<const T*>(dhn), reinterpret_cast<const T*>(dcn),
                reinterpret_cast<const T*>(ws), reinterpret_cast<const T*>(whh), reinterpret_cast<const T*>(whr),
                reinterpret_cast<T*>(dxproj), reinterpret_cast<T*>(dgh), reinterpret_cast<T*>(dh0),
                reinterpret_cast<T*>(dc0), reinterpret_cast<T*>(dwhr));
  });
}

}  // namespace tensile::cuda
