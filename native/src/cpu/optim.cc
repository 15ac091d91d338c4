#include "optim.h"

#include <cmath>
#include <type_traits>

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

// The scaffolding every fused update shares: typed views of the buffers, the hand-off to the pool,
// and restrict-qualified locals inside each chunk, so the compiler vectorises the loop without
// alias checks. `body(i, p, g, s0, s1, s2)` updates element i; it touches only the state slots its
// optimizer uses (the others are null). Kept header-inline so `body` inlines into the loop.
template <typename T, typename Body>
inline void update_loop(const OptimBuffers& b, const Body& body) {
  T* p_ = reinterpret_cast<T*>(b.param);
  const T* g_ = reinterpret_cast<const T*>(b.grad);
  T* s0_ = reinterpret_cast<T*>(b.s0);
  T* s1_ = reinterpret_cast<T*>(b.s1);
  T* s2_ = reinterpret_cast<T*>(b.s2);
  chunks(b.n, [=](int64_t lo, int64_t hi) {
    T* __restrict p = p_;
    const T* __restrict g = g_;
    T* __restrict s0 = s0_;
    T* __restrict s1 = s1_;
    T* __restrict s2 = s2_;
    for (int64_t i = lo; i < hi; ++i) body(i, p, g, s0, s1, s2);
  });
}

// Turns runtime flags into compile-time ones: calls f(std::bool_constant<flag>...) in the flags'
// order, so each combination that changes the loop body compiles to its own branch-free loop.
template <typename F>
inline void with_flags(const F& f) {
  f();
}
template <typename F, typename... Rest>
inline void with_flags(const F& f, bool head, Rest... rest) {
  if (head) with_flags([&](auto... tail) { f(std::true_type{}, tail...); }, rest...);
  else with_flags([&](auto... tail) { f(std::false_type{}, tail...); }, rest...);
}

// PyTorch converts each Python scalar to the tensor's dtype before the elementwise op, hence the
// T(...) conversions of the double arguments below.
template <typename T>
inline T grad_sign(bool maximize) {
  return maximize ? T(-1) : T(1);  // grad = -grad if maximize (exact: a multiplication by ±1)
}

// Adam's two moment updates, which Adam, NAdam and RAdam share, in PyTorch's op order: updates
// exp_avg (`m`) and exp_avg_sq (`v`) in place and hands back their new values in `mi` and `vi`.
template <typename T>
struct AdamMoments {
  T b1, omb1, b2, omb2;
  AdamMoments(double beta1, double beta2) : b1(T(beta1)), omb1(T(1 - beta1)), b2(T(beta2)), omb2(T(1 - beta2)) {}
  inline void update(T gi, T& m, T& v, T& mi, T& vi) const {
    mi = m * b1;                                            // exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
    mi = mi + omb1 * gi;
    vi = v * b2;                                            // exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
    vi = vi + omb2 * gi * gi;
    m = mi;
    v = vi;
  }
};

template <typename T, bool AMS, bool WD, bool DECOUPLED>
void adam_impl(const OptimBuffers& b, const AdamArgs& a) {
  const T sign = grad_sign<T>(a.maximize);
  const AdamMoments<T> mom(a.beta1, a.beta2);
  const T wd = T(a.weight_decay), decay = T(1 - a.lr * a.weight_decay), bc2 = T(a.bias_correction2_sqrt), eps = T(a.eps);
  const T neg_step = T(-a.step_size);
  update_loop<T>(b, [=](int64_t i, auto p, auto g, auto m, auto v, auto vmax) {
    T gi = g[i] * sign;
    T pi = p[i];
    if constexpr (DECOUPLED) pi = pi * decay;               // param.mul_(1 - lr * weight_decay)
    else if constexpr (WD) gi = gi + wd * pi;               // grad.add(param, alpha=weight_decay)
    T mi, vi;
    mom.update(gi, m[i], v[i], mi, vi);
    T src = vi;
    if constexpr (AMS) {
      src = max_nan(vmax[i], vi);
      vmax[i] = src;
    }
    T denom = std::sqrt(src) / bc2 + eps;                   // (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps)
    p[i] = pi + neg_step * mi / denom;                      // param.addcdiv_(exp_avg, denom, value=-step_size)
  });
}

template <typename T>
void adam_typed(const OptimBuffers& b, const AdamArgs& a) {
  // AdamW's decoupled decay replaces the L2 term, so WD is only set without it.
  with_flags([&](auto ams, auto wd, auto dec) { adam_impl<T, decltype(ams)::value, decltype(wd)::value, decltype(dec)::value>(b, a); },
             a.amsgrad, a.weight_decay != 0 && !a.decoupled, a.decoupled);
}

template <typename T, bool WD, bool MOM, bool FIRST, bool NESTEROV>
void sgd_impl(const OptimBuffers& b, const SgdArgs& a) {
  const T sign = grad_sign<T>(a.maximize);
  const T wd = T(a.weight_decay), mom = T(a.momentum), damp = T(1 - a.dampening), neg_lr = T(-a.lr);
  update_loop<T>(b, [=](int64_t i, auto p, auto g, auto buf, auto, auto) {
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
  });
}

template <typename T>
void sgd_typed(const OptimBuffers& b, const SgdArgs& a) {
  // Without momentum, `first` and `nesterov` change nothing: fold them to one variant.
  const bool mom = a.momentum != 0;
  with_flags([&](auto wd, auto m, auto first, auto nest) {
    sgd_impl<T, decltype(wd)::value, decltype(m)::value, decltype(first)::value, decltype(nest)::value>(b, a);
  }, a.weight_decay != 0, mom, mom && a.first, mom && a.nesterov);
}

template <typename T>
void adamax_typed(const OptimBuffers& b, const AdamaxArgs& a) {
  const T sign = grad_sign<T>(a.maximize);
  const T wd = T(a.weight_decay), b1 = T(a.beta1), omb1 = T(1 - a.beta1), b2 = T(a.beta2), eps = T(a.eps);
  const T neg_clr = T(-a.clr);
  const bool has_wd = a.weight_decay != 0;
  update_loop<T>(b, [=](int64_t i, auto p, auto g, auto m, auto u, auto) {
    T gi = g[i] * sign;
    if (has_wd) gi = gi + wd * p[i];
    T mi = m[i] * b1;
    mi = mi + omb1 * gi;
    m[i] = mi;
    T ui = max_nan(T(u[i] * b2), T(std::fabs(gi) + eps));  // amax(cat([exp_inf * beta2, |grad| + eps]), 0)
    u[i] = ui;
    p[i] = p[i] + neg_clr * mi / ui;                       // param.addcdiv_(exp_avg, exp_inf, value=-clr)
  });
}

template <typename T>
void nadam_typed(const OptimBuffers& b, const NadamArgs& a) {
  const AdamMoments<T> mom(a.beta1, a.beta2);
  const T wd = T(a.weight_decay), bc2 = T(a.bias_correction2), eps = T(a.eps), cg = T(a.grad_coef), ca = T(a.avg_coef);
  const bool has_wd = a.weight_decay != 0;
  update_loop<T>(b, [=](int64_t i, auto p, auto g, auto m, auto v, auto) {
    T gi = g[i];
    T pi = p[i];
    if (has_wd) gi = gi + wd * pi;
    T mi, vi;
    mom.update(gi, m[i], v[i], mi, vi);
    T denom = std::sqrt(vi / bc2) + eps;                    // exp_avg_sq.div(bias_correction2).sqrt().add_(eps)
    pi = pi + cg * gi / denom;                              // param.addcdiv_(grad, denom, value=...)
    p[i] = pi + ca * mi / denom;                            // param.addcdiv_(exp_avg, denom, value=...)
  });
}

template <typename T>
void radam_typed(const OptimBuffers& b, const RadamArgs& a) {
  const AdamMoments<T> mom(a.beta1, a.beta2);
  const T wd = T(a.weight_decay), bc1 = T(a.bias_correction1), bc2s = T(a.bias_correction2_sqrt), eps = T(a.eps), lr = T(a.lr), rect = T(a.rect);
  const bool has_wd = a.weight_decay != 0, rectify = a.rectify;
  update_loop<T>(b, [=](int64_t i, auto p, auto g, auto m, auto v, auto) {
    T gi = g[i];
    T pi = p[i];
    if (has_wd) gi = gi + wd * pi;
    T mi, vi;
    mom.update(gi, m[i], v[i], mi, vi);
    T upd = mi / bc1 * lr;                                  // bias_corrected_exp_avg * lr
    if (rectify) {
      T adaptive = bc2s / (std::sqrt(vi) + eps);            // sqrt(bias_correction2) / exp_avg_sq.sqrt().add_(eps)
      upd = upd * adaptive * rect;
    }
    p[i] = pi - upd;
  });
}

template <typename T, bool CENTERED, bool MOM>
void rmsprop_impl(const OptimBuffers& b, const RmspropArgs& a) {
  const T sign = grad_sign<T>(a.maximize);
  const T wd = T(a.weight_decay), al = T(a.alpha), omal = T(1 - a.alpha), eps = T(a.eps), mom = T(a.momentum);
  const T neg_lr = T(-a.lr);
  const bool has_wd = a.weight_decay != 0;
  update_loop<T>(b, [=](int64_t i, auto p, auto g, auto sq, auto buf, auto gavg) {
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
  });
}

template <typename T>
void rmsprop_typed(const OptimBuffers& b, const RmspropArgs& a) {
  with_flags([&](auto centered, auto mom) { rmsprop_impl<T, decltype(centered)::value, decltype(mom)::value>(b, a); },
             a.centered, a.momentum > 0);
}

template <typename T>
void adagrad_typed(const OptimBuffers& b, const AdagradArgs& a) {
  const T sign = grad_sign<T>(a.maximize);
  const T wd = T(a.weight_decay), eps = T(a.eps), neg_clr = T(-a.clr);
  const bool has_wd = a.weight_decay != 0;
  update_loop<T>(b, [=](int64_t i, auto p, auto g, auto sum, auto, auto) {
    T gi = g[i] * sign;
    if (has_wd) gi = gi + wd * p[i];
    T si = sum[i] + gi * gi;                                // state_sum.addcmul_(grad, grad, value=1)
    sum[i] = si;
    T std_ = std::sqrt(si) + eps;
    p[i] = p[i] + neg_clr * gi / std_;
  });
}

template <typename T>
void adadelta_typed(const OptimBuffers& b, const AdadeltaArgs& a) {
  const T sign = grad_sign<T>(a.maximize);
  const T wd = T(a.weight_decay), rho = T(a.rho), omrho = T(1 - a.rho), eps = T(a.eps), neg_lr = T(-a.lr);
  const bool has_wd = a.weight_decay != 0;
  update_loop<T>(b, [=](int64_t i, auto p, auto g, auto sq, auto acc, auto) {
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
