// Fused optimizer steps on the GPU: SGD (momentum, dampening, Nesterov, weight decay,
// maximize) and Adam / AdamW (amsgrad), one thread per element, with cpu/optim.cc's formulas
// in the same operation order, so results agree with the CPU's (and PyTorch's) to rounding.
// The other optimizers run their CPU kernel on host copies (backend/device.ts).
#include <cmath>

#include "api.h"
#include "common.cuh"

namespace tensile::cuda {
namespace {

template <typename T>
__global__ void sgd_kernel(T* p, const T* g, T* buf, int64_t n, T sign, T wd, T mom, T damp, T neg_lr, bool has_wd,
                           bool has_mom, bool first, bool nesterov) {
  GRID_STRIDE(i, n) {
    T d = g[i] * sign;
    if (has_wd) d = d + wd * p[i];
    if (has_mom) {
      T bi = d;
      if (!first) {
        bi = buf[i] * mom;
        bi = bi + damp * d;
      }
      buf[i] = bi;
      d = nesterov ? d + mom * bi : bi;
    }
    p[i] = p[i] + neg_lr * d;
  }
}

template <typename T>
__global__ void adam_kernel(T* p, const T* g, T* m, T* v, T* vmax, int64_t n, T sign, T wd, T decay, T b1, T omb1, T b2,
                            T omb2, T bc2, T eps, T neg_step, bool ams, bool has_wd, bool decoupled) {
  GRID_STRIDE(i, n) {
    T gi = g[i] * sign;
    T pi = p[i];
    if (decoupled) pi = pi * decay;
    else if (has_wd) gi = gi + wd * pi;
    T mi = m[i] * b1;
    mi = mi + omb1 * gi;
    T vi = v[i] * b2;
    vi = vi + omb2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    T src = vi;
    if (ams) {
      const T prev = vmax[i];
      src = prev != prev ? prev : (prev > vi ? prev : vi);  // torch.maximum: NaN wins
      vmax[i] = src;
    }
    const T denom = sqrt(src) / bc2 + eps;
    p[i] = pi + neg_step * mi / denom;
  }
}

template <typename F>
void dispatch_optim(DType dt, F body) {
  if (dt == DType::Float32) body(float{});
  else if (dt == DType::Float64) body(double{});
  else throw Error("fused optimizer kernels support float32 and float64 only");
}

}  // namespace

void sgd_step(DType dt, const cpu::OptimBuffers& b, const cpu::SgdArgs& a) {
  if (!b.n) return;
  dispatch_optim(dt, [&](auto tag) {
    using T = decltype(tag);
    const bool mom = a.momentum != 0;
    sgd_kernel<T><<<blocks_for(b.n), kThreads, 0, stream()>>>(
        reinterpret_cast<T*>(b.param), reinterpret_cast<const T*>(b.grad), reinterpret_cast<T*>(b.s0), b.n,
        a.maximize ? T(-1) : T(1), T(a.weight_decay), T(a.momentum), T(1 - a.dampening), T(-a.lr), a.weight_decay != 0, mom,
        mom && a.first, mom && a.nesterov);
    TENSILE_CUDA_LAUNCHED();
  });
}

void adam_step(DType dt, const cpu::OptimBuffers& b, const cpu::AdamArgs& a) {
  if (!b.n) return;
  dispatch_optim(dt, [&](auto tag) {
    using T = decltype(tag);
    adam_kernel<T><<<blocks_for(b.n), kThreads, 0, stream()>>>(
        reinterpret_cast<T*>(b.param), reinterpret_cast<const T*>(b.grad), reinterpret_cast<T*>(b.s0), reinterpret_cast<T*>(b.s1),
        reinterpret_cast<T*>(b.s2), b.n, a.maximize ? T(-1) : T(1), T(a.weight_decay), T(1 - a.lr * a.weight_decay), T(a.beta1),
        T(1 - a.beta1), T(a.beta2), T(1 - a.beta2), T(a.bias_correction2_sqrt), T(a.eps), T(-a.step_size), a.amsgrad,
        a.weight_decay != 0 && !a.decoupled, a.decoupled);
    TENSILE_CUDA_LAUNCHED();
  });
}

}  // namespace tensile::cuda
