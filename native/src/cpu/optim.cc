#include "optim.h"

#include <cmath>

#include "../threadpool.h"

namespace tensile::cpu {
namespace {

// Elements per thread below which a hand-off to the pool costs more than it saves.
constexpr int64_t kGrain = 1 << 14;

// torch.maximum / amax: NaN wins.
template <typename T>
inline T max_nan(T a, T b) {
  return (a != a) ? a : (a > b ? a : b);
}

template <typename F>
void chunks(int64_t n, const F& f) {
  parallel_for(0, n, kGrain, [&](int64_t lo, int64_t hi) { f(lo, hi); });
}

// The flags that change the loop body are template parameters so each variant compiles to a
// branch-free, vectorised loop.
template <typename T, bool AMS, bool WD, bool DECOUPLED>
void adam_impl(const OptimBuffers& b, const AdamArgs& a) {
  T* p_ = reinterpret_cast<T*>(b.param);
  const T* g_ = reinterpret_cast<const T*>(b.grad);
  T* m_ = reinterpret_cast<T*>(b.s0);
  T* v_ = reinterpret_cast<T*>(b.s1);
  T* vmax_ = reinterpret_cast<T*>(b.s2);
  // PyTorch converts each Python scalar to the tensor's dtype before the elementwise op.
  const T sign = a.maximize ? T(-1) : T(1);
  const T wd = T(a.weight_decay), b1 = T(a.beta1), omb1 = T(1 - a.beta1), b2 = T(a.beta2), omb2 = T(1 - a.beta2);
  const T decay = T(1 - a.lr * a.weight_decay), bc2 = T(a.bias_correction2_sqrt), eps = T(a.eps);
  const T neg_step = T(-a.step_size);
  chunks(b.n, [=](int64_t lo, int64_t hi) {
    // restrict-qualified locals: the compiler then vectorises without alias checks
    T* __restrict p = p_;
    const T* __restrict g = g_;
    T* __restrict m = m_;
    T* __restrict v = v_;
    T* __restrict vmax = vmax_;
    for (int64_t i = lo; i < hi; ++i) {
      T gi = g[i] * sign;
      T pi = p[i];
      if constexpr (DECOUPLED) pi = pi * decay;               // param.mul_(1 - lr * weight_decay)
      else if constexpr (WD) gi = gi + wd * pi;               // grad.add(param, alpha=weight_decay)
      T mi = m[i] * b1;                                       // exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
      mi = mi + omb1 * gi;
      T vi = v[i] * b2;                                       // exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
      vi = vi + omb2 * gi * gi;
      m[i] = mi;
      v[i] = vi;
      T src = vi;
      if constexpr (AMS) {
        src = max_nan(vmax[i], vi);
        vmax[i] = src;
      }
      T denom = std::sqrt(src) / bc2 + eps;                   // (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps)
      p[i] = pi + neg_step * mi / denom;                      // param.addcdiv_(exp_avg, denom, value=-step_size)
    }
  });
}

template <typename T>
void adam_typed(const OptimBuffers& b, const AdamArgs& a) {
  const bool wd = a.weight_decay != 0;
  if (a.decoupled) {
    if (a.amsgrad) adam_impl<T, true, false, true>(b, a);
    else adam_impl<T, false, false, true>(b, a);
  } else if (a.amsgrad) {
    if (wd) adam_impl<T, true, true, false>(b, a);
    else adam_impl<T, true, false, false>(b, a);
  } else {
    if (wd) adam_impl<T, false, true, false>(b, a);
    else adam_impl<T, false, false, false>(b, a);
  }
}

template <typename T, bool WD, bool MOM, bool FIRST, bool NESTEROV>
void sgd_impl(const OptimBuffers& b, const SgdArgs& a) {
  T* p_ = reinterpret_cast<T*>(b.param);
  const T* g_ = reinterpret_cast<const T*>(b.grad);
  T* buf_ = reinterpret_cast<T*>(b.s0);
  const T sign = a.maximize ? T(-1) : T(1);
  const T wd = T(a.weight_decay), mom = T(a.momentum), damp = T(1 - a.dampening), neg_lr = T(-a.lr);
  chunks(b.n, [=](int64_t lo, int64_t hi) {
    // restrict-qualified locals: the compiler then vectorises without alias checks
    T* __restrict p = p_;
    const T* __restrict g = g_;
    T* __restrict buf = buf_;
    for (int64_t i = lo; i < hi; ++i) {
      T d = g[i] * sign;
      if constexpr (WD) d = d + wd * p[i];                   // d_p.add(param, alpha=weight_decay)
      if constexpr (MOM) {
        T bi = d;                                             // first step: buf = clone(d_p)
        if constexpr (!FIRST) {
          bi = buf[i] * mom;                                  // buf.mul_(momentum).add_(d_p, alpha=1 - dampening)
          bi = bi + damp * d;
        }
        buf[i] = bi;
        d = NESTEROV ? d + mom * bi : bi;
      }
      p[i] = p[i] + neg_lr * d;                               // param.add_(d_p, alpha=-lr)
    }
  });
}

template <typename T, bool WD>
void sgd_mom(const OptimBuffers& b, const SgdArgs& a) {
  if (a.momentum == 0) return sgd_impl<T, WD, false, false, false>(b, a);
  if (a.first) {
    if (a.nesterov) sgd_impl<T, WD, true, true, true>(b, a);
    else sgd_impl<T, WD, true, true, false>(b, a);
  } else {
    if (a.nesterov) sgd_impl<T, WD, true, false, true>(b, a);
    else sgd_impl<T, WD, true, false, false>(b, a);
  }
}

template <typename T>
void sgd_typed(const OptimBuffers& b, const SgdArgs& a) {
  if (a.weight_decay != 0) sgd_mom<T, true>(b, a);
  else sgd_mom<T, false>(b, a);
}

template <typename T>
void adamax_typed(const OptimBuffers& b, const AdamaxArgs& a) {
  T* p_ = reinterpret_cast<T*>(b.param);
  const T* g_ = reinterpret_cast<const T*>(b.grad);
  T* m_ = reinterpret_cast<T*>(b.s0);
  T* u_ = reinterpret_cast<T*>(b.s1);
  const T sign = a.maximize ? T(-1) : T(1);
  const T wd = T(a.weight_decay), b1 = T(a.beta1), omb1 = T(1 - a.beta1), b2 = T(a.beta2), eps = T(a.eps);
  const T neg_clr = T(-a.clr);
  const bool has_wd = a.weight_decay != 0;
  chunks(b.n, [=](int64_t lo, int64_t hi) {
    // restrict-qualified locals: the compiler then vectorises without alias checks
    T* __restrict p = p_;
    const T* __restrict g = g_;
    T* __restrict m = m_;
    T* __restrict u = u_;
    for (int64_t i = lo; i < hi; ++i) {
      T gi = g[i] * sign;
      if (has_wd) gi = gi + wd * p[i];
      T mi = m[i] * b1;
      mi = mi + omb1 * gi;
      m[i] = mi;
      T ui = max_nan(T(u[i] * b2), T(std::fabs(gi) + eps));  // amax(cat([exp_inf * beta2, |grad| + eps]), 0)
      u[i] = ui;
      p[i] = p[i] + neg_clr * mi / ui;                       // param.addcdiv_(exp_avg, exp_inf, value=-clr)
    }
  });
}

template <typename T>
void nadam_typed(const OptimBuffers& b, const NadamArgs& a) {
  T* p_ = reinterpret_cast<T*>(b.param);
  const T* g_ = reinterpret_cast<const T*>(b.grad);
  T* m_ = reinterpret_cast<T*>(b.s0);
  T* v_ = reinterpret_cast<T*>(b.s1);
  const T wd = T(a.weight_decay), b1 = T(a.beta1), omb1 = T(1 - a.beta1), b2 = T(a.beta2), omb2 = T(1 - a.beta2);
  const T bc2 = T(a.bias_correction2), eps = T(a.eps), cg = T(a.grad_coef), ca = T(a.avg_coef);
  const bool has_wd = a.weight_decay != 0;
  chunks(b.n, [=](int64_t lo, int64_t hi) {
    // restrict-qualified locals: the compiler then vectorises without alias checks
    T* __restrict p = p_;
    const T* __restrict g = g_;
    T* __restrict m = m_;
    T* __restrict v = v_;
    for (int64_t i = lo; i < hi; ++i) {
      T gi = g[i];
      T pi = p[i];
      if (has_wd) gi = gi + wd * pi;
      T mi = m[i] * b1;
      mi = mi + omb1 * gi;
      T vi = v[i] * b2;
      vi = vi + omb2 * gi * gi;
      m[i] = mi;
      v[i] = vi;
      T denom = std::sqrt(vi / bc2) + eps;                    // exp_avg_sq.div(bias_correction2).sqrt().add_(eps)
      pi = pi + cg * gi / denom;                              // param.addcdiv_(grad, denom, value=...)
      p[i] = pi + ca * mi / denom;                            // param.addcdiv_(exp_avg, denom, value=...)
    }
  });
}

template <typename T>
void radam_typed(const OptimBuffers& b, const RadamArgs& a) {
  T* p_ = reinterpret_cast<T*>(b.param);
  const T* g_ = reinterpret_cast<const T*>(b.grad);
  T* m_ = reinterpret_cast<T*>(b.s0);
  T* v_ = reinterpret_cast<T*>(b.s1);
  const T wd = T(a.weight_decay), b1 = T(a.beta1), omb1 = T(1 - a.beta1), b2 = T(a.beta2), omb2 = T(1 - a.beta2);
  const T bc1 = T(a.bias_correction1), bc2s = T(a.bias_correction2_sqrt), eps = T(a.eps), lr = T(a.lr), rect = T(a.rect);
  const bool has_wd = a.weight_decay != 0, rectify = a.rectify;
  chunks(b.n, [=](int64_t lo, int64_t hi) {
    // restrict-qualified locals: the compiler then vectorises without alias checks
    T* __restrict p = p_;
    const T* __restrict g = g_;
    T* __restrict m = m_;
    T* __restrict v = v_;
    for (int64_t i = lo; i < hi; ++i) {
      T gi = g[i];
      T pi = p[i];
      if (has_wd) gi = gi + wd * pi;
      T mi = m[i] * b1;
      mi = mi + omb1 * gi;
      T vi = v[i] * b2;
      vi = vi + omb2 * gi * gi;
      m[i] = mi;
      v[i] = vi;
      T upd = mi / bc1 * lr;                                  // bias_corrected_exp_avg * lr
      if (rectify) {
        T adaptive = bc2s / (std::sqrt(vi) + eps);            // sqrt(bias_correction2) / exp_avg_sq.sqrt().add_(eps)
        upd = upd * adaptive * rect;
      }
      p[i] = pi - upd;
    }
  });
}

template <typename T, bool CENTERED, bool MOM>
void rmsprop_impl(const OptimBuffers& b, const RmspropArgs& a) {
  T* p_ = reinterpret_cast<T*>(b.param);
  const T* g_ = reinterpret_cast<const T*>(b.grad);
  T* sq_ = reinterpret_cast<T*>(b.s0);
  T* buf_ = reinterpret_cast<T*>(b.s1);
  T* gavg_ = reinterpret_cast<T*>(b.s2);
  const T sign = a.maximize ? T(-1) : T(1);
  const T wd = T(a.weight_decay), al = T(a.alpha), omal = T(1 - a.alpha), eps = T(a.eps), mom = T(a.momentum);
  const T neg_lr = T(-a.lr);
  const bool has_wd = a.weight_decay != 0;
  chunks(b.n, [=](int64_t lo, int64_t hi) {
    // restrict-qualified locals: the compiler then vectorises without alias checks
    T* __restrict p = p_;
    const T* __restrict g = g_;
    T* __restrict sq = sq_;
    T* __restrict buf = buf_;
    T* __restrict gavg = gavg_;
    for (int64_t i = lo; i < hi; ++i) {
      T gi = g[i] * sign;
      if (has_wd) gi = gi + wd * p[i];
      T si = sq[i] * al;
      si = si + omal * gi * gi;
      sq[i] = si;
      T avg;
      if constexpr (CENTERED) {
        T ga = gavg[i] * al;
        ga = ga + omal * gi;
        gavg[i] = ga;
        avg = std::sqrt(si + T(-1) * ga * ga);               // square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt_()
      } else {
        avg = std::sqrt(si);
      }
      avg = avg + eps;
      if constexpr (MOM) {
        T bi = buf[i] * mom;
        bi = bi + gi / avg;                                   // buf.mul_(momentum).addcdiv_(grad, avg)
        buf[i] = bi;
        p[i] = p[i] + neg_lr * bi;
      } else {
        p[i] = p[i] + neg_lr * gi / avg;
      }
    }
  });
}

template <typename T>
void rmsprop_typed(const OptimBuffers& b, const RmspropArgs& a) {
  const bool mom = a.momentum > 0;
  if (a.centered) {
    if (mom) rmsprop_impl<T, true, true>(b, a);
    else rmsprop_impl<T, true, false>(b, a);
  } else {
    if (mom) rmsprop_impl<T, false, true>(b, a);
    else rmsprop_impl<T, false, false>(b, a);
  }
}

template <typename T>
void adagrad_typed(const OptimBuffers& b, const AdagradArgs& a) {
  T* p_ = reinterpret_cast<T*>(b.param);
  const T* g_ = reinterpret_cast<const T*>(b.grad);
  T* sum_ = reinterpret_cast<T*>(b.s0);
  const T sign = a.maximize ? T(-1) : T(1);
  const T wd = T(a.weight_decay), eps = T(a.eps), neg_clr = T(-a.clr);
  const bool has_wd = a.weight_decay != 0;
  chunks(b.n, [=](int64_t lo, int64_t hi) {
    // restrict-qualified locals: the compiler then vectorises without alias checks
    T* __restrict p = p_;
    const T* __restrict g = g_;
    T* __restrict sum = sum_;
    for (int64_t i = lo; i < hi; ++i) {
      T gi = g[i] * sign;
      if (has_wd) gi = gi + wd * p[i];
      T si = sum[i] + gi * gi;                                // state_sum.addcmul_(grad, grad, value=1)
      sum[i] = si;
      T std_ = std::sqrt(si) + eps;
      p[i] = p[i] + neg_clr * gi / std_;
    }
  });
}

template <typename T>
void adadelta_typed(const OptimBuffers& b, const AdadeltaArgs& a) {
  T* p_ = reinterpret_cast<T*>(b.param);
  const T* g_ = reinterpret_cast<const T*>(b.grad);
  T* sq_ = reinterpret_cast<T*>(b.s0);
  T* acc_ = reinterpret_cast<T*>(b.s1);
  const T sign = a.maximize ? T(-1) : T(1);
  const T wd = T(a.weight_decay), rho = T(a.rho), omrho = T(1 - a.rho), eps = T(a.eps), neg_lr = T(-a.lr);
  const bool has_wd = a.weight_decay != 0;
  chunks(b.n, [=](int64_t lo, int64_t hi) {
    // restrict-qualified locals: the compiler then vectorises without alias checks
    T* __restrict p = p_;
    const T* __restrict g = g_;
    T* __restrict sq = sq_;
    T* __restrict acc = acc_;
    for (int64_t i = lo; i < hi; ++i) {
      T gi = g[i] * sign;
      if (has_wd) gi = gi + wd * p[i];
      T si = sq[i] * rho;
      si = si + omrho * gi * gi;
      sq[i] = si;
      T std_ = std::sqrt(si + eps);
      T delta = std::sqrt(acc[i] + eps) / std_ * gi;        // acc_delta.add(eps).sqrt_().div_(std).mul_(grad)
      T ai = acc[i] * rho;
      ai = ai + omrho * delta * delta;
      acc[i] = ai;
      p[i] = p[i] + neg_lr * delta;
    }
  });
}

#define TENSILE_OPTIM_DISPATCH(dt, fn, b, a)                                   \
  do {                                                                         \
    if ((dt) == DType::Float32) fn<float>(b, a);                               \
    else if ((dt) == DType::Float64) fn<double>(b, a);                         \
    else throw Error("fused optimizer kernels support float32 and float64 only"); \
  } while (0)

}  // namespace

void sgd_step(DType dt, const OptimBuffers& b, const SgdArgs& a) { TENSILE_OPTIM_DISPATCH(dt, sgd_typed, b, a); }
void adam_step(DType dt, const OptimBuffers& b, const AdamArgs& a) { TENSILE_OPTIM_DISPATCH(dt, adam_typed, b, a); }
void adamax_step(DType dt, const OptimBuffers& b, const AdamaxArgs& a) { TENSILE_OPTIM_DISPATCH(dt, adamax_typed, b, a); }
void nadam_step(DType dt, const OptimBuffers& b, const NadamArgs& a) { TENSILE_OPTIM_DISPATCH(dt, nadam_typed, b, a); }
void radam_step(DType dt, const OptimBuffers& b, const RadamArgs& a) { TENSILE_OPTIM_DISPATCH(dt, radam_typed, b, a); }
void rmsprop_step(DType dt, const OptimBuffers& b, const RmspropArgs& a) { TENSILE_OPTIM_DISPATCH(dt, rmsprop_typed, b, a); }
void adagrad_step(DType dt, const OptimBuffers& b, const AdagradArgs& a) { TENSILE_OPTIM_DISPATCH(dt, adagrad_typed, b, a); }
void adadelta_step(DType dt, const OptimBuffers& b, const AdadeltaArgs& a) { TENSILE_OPTIM_DISPATCH(dt, adadelta_typed, b, a); }

}  // namespace tensile::cpu
