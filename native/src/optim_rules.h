// The per-element update of every fused optimizer, shared by the CPU loops (cpu/optim.cc) and
// the CUDA kernels (cuda/optim.cu), so both devices run one definition of each formula.
//
// Each rule reproduces, element by element and in the parameter's precision, the chain of tensor
// ops that PyTorch 1.13's single-tensor implementation (torch/optim/*.py) runs, so the results
// agree with PyTorch's to rounding. PyTorch converts each Python scalar to the tensor's dtype
// before the elementwise op, hence the T(...) conversions of the double arguments. A rule is
// built on the host from its Args and called as rule(i, p, g, s0, s1, s2) for element i; it
// touches only the state slots its optimizer uses (the others are null).
//
// `with_rule<T>(args, visit)` calls visit(rule) with the rule for those arguments. Flags that
// change the loop body are template parameters, so each combination compiles to its own
// branch-free (and on the CPU vectorisable) loop.
#pragma once
#include <cmath>
#include <cstdint>
#include <type_traits>

#include "cpu/optim.h"
#include "philox.h"  // TENSILE_HD

namespace tensile::optim_rules {

template <typename T>
TENSILE_HD T sqrt_(T x) {
#ifdef __CUDA_ARCH__
  return sqrt(x);  // CUDA's float and double overloads
#else
  return std::sqrt(x);
#endif
}
template <typename T>
TENSILE_HD T abs_(T x) {
  return x < T(0) ? -x : x;  // |-0| = -0 is harmless here: it is added to eps > 0
}
// torch.maximum / amax: NaN wins.
template <typename T>
TENSILE_HD T max_nan(T a, T b) {
  return (a != a) ? a : (a > b ? a : b);
}
template <typename T>
T grad_sign(bool maximize) {
  return maximize ? T(-1) : T(1);  // grad = -grad if maximize (exact: a multiplication by ±1)
}

// Adam's two moment updates, which Adam, NAdam and RAdam share, in PyTorch's op order: updates
// exp_avg (`m`) and exp_avg_sq (`v`) in place and hands back their new values in `mi` and `vi`.
template <typename T>
struct AdamMoments {
  T b1, omb1, b2, omb2;
  AdamMoments(double beta1, double beta2) : b1(T(beta1)), omb1(T(1 - beta1)), b2(T(beta2)), omb2(T(1 - beta2)) {}
  TENSILE_HD void update(T gi, T& m, T& v, T& mi, T& vi) const {
    mi = m * b1;  // exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
    mi = mi + omb1 * gi;
    vi = v * b2;  // exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
    vi = vi + omb2 * gi * gi;
    m = mi;
    v = vi;
  }
};

template <typename T, bool WD, bool MOM, bool FIRST, bool NESTEROV>
struct Sgd {
  T sign, wd, mom, damp, neg_lr;
  explicit Sgd(const cpu::SgdArgs& a)
      : sign(grad_sign<T>(a.maximize)), wd(T(a.weight_decay)), mom(T(a.momentum)), damp(T(1 - a.dampening)), neg_lr(T(-a.lr)) {}
  TENSILE_HD void operator()(int64_t i, T* p, const T* g, T* buf, T*, T*) const {
    T d = g[i] * sign;
    if constexpr (WD) d = d + wd * p[i];  // d_p.add(param, alpha=weight_decay)
    if constexpr (MOM) {
      T bi = d;  // first step: buf = clone(d_p)
      if constexpr (!FIRST) {
        bi = buf[i] * mom;  // buf.mul_(momentum).add_(d_p, alpha=1 - dampening)
        bi = bi + damp * d;
      }
      buf[i] = bi;
      d = NESTEROV ? d + mom * bi : bi;
    }
    p[i] = p[i] + neg_lr * d;  // param.add_(d_p, alpha=-lr)
  }
};

template <typename T, bool AMS, bool WD, bool DECOUPLED>
struct Adam {
  T sign;
  AdamMoments<T> mom;
  T wd, decay, bc2, eps, neg_step;
  explicit Adam(const cpu::AdamArgs& a)
      : sign(grad_sign<T>(a.maximize)), mom(a.beta1, a.beta2), wd(T(a.weight_decay)), decay(T(1 - a.lr * a.weight_decay)),
        bc2(T(a.bias_correction2_sqrt)), eps(T(a.eps)), neg_step(T(-a.step_size)) {}
  TENSILE_HD void operator()(int64_t i, T* p, const T* g, T* m, T* v, T* vmax) const {
    T gi = g[i] * sign;
    T pi = p[i];
    if constexpr (DECOUPLED) pi = pi * decay;  // param.mul_(1 - lr * weight_decay)
    else if constexpr (WD) gi = gi + wd * pi;  // grad.add(param, alpha=weight_decay)
    T mi, vi;
    mom.update(gi, m[i], v[i], mi, vi);
    T src = vi;
    if constexpr (AMS) {
      src = max_nan(vmax[i], vi);
      vmax[i] = src;
    }
    T denom = sqrt_(src) / bc2 + eps;    // (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps)
    p[i] = pi + neg_step * mi / denom;  // param.addcdiv_(exp_avg, denom, value=-step_size)
  }
};

template <typename T>
struct Adamax {
  T sign, wd, b1, omb1, b2, eps, neg_clr;
  bool has_wd;
  explicit Adamax(const cpu::AdamaxArgs& a)
      : sign(grad_sign<T>(a.maximize)), wd(T(a.weight_decay)), b1(T(a.beta1)), omb1(T(1 - a.beta1)), b2(T(a.beta2)),
        eps(T(a.eps)), neg_clr(T(-a.clr)), has_wd(a.weight_decay != 0) {}
  TENSILE_HD void operator()(int64_t i, T* p, const T* g, T* m, T* u, T*) const {
    T gi = g[i] * sign;
    if (has_wd) gi = gi + wd * p[i];
    T mi = m[i] * b1;
    mi = mi + omb1 * gi;
    m[i] = mi;
    T ui = max_nan(T(u[i] * b2), T(abs_(gi) + eps));  // amax(cat([exp_inf * beta2, |grad| + eps]), 0)
    u[i] = ui;
    p[i] = p[i] + neg_clr * mi / ui;  // param.addcdiv_(exp_avg, exp_inf, value=-clr)
  }
};

template <typename T>
struct Nadam {
  AdamMoments<T> mom;
  T wd, bc2, eps, cg, ca;
  bool has_wd;
  explicit Nadam(const cpu::NadamArgs& a)
      : mom(a.beta1, a.beta2), wd(T(a.weight_decay)), bc2(T(a.bias_correction2)), eps(T(a.eps)), cg(T(a.grad_coef)),
        ca(T(a.avg_coef)), has_wd(a.weight_decay != 0) {}
  TENSILE_HD void operator()(int64_t i, T* p, const T* g, T* m, T* v, T*) const {
    T gi = g[i];
    T pi = p[i];
    if (has_wd) gi = gi + wd * pi;
    T mi, vi;
    mom.update(gi, m[i], v[i], mi, vi);
    T denom = sqrt_(vi / bc2) + eps;  // exp_avg_sq.div(bias_correction2).sqrt().add_(eps)
    pi = pi + cg * gi / denom;        // param.addcdiv_(grad, denom, value=...)
    p[i] = pi + ca * mi / denom;      // param.addcdiv_(exp_avg, denom, value=...)
  }
};

template <typename T>
struct Radam {
  AdamMoments<T> mom;
  T wd, bc1, bc2s, eps, lr, rect;
  bool has_wd, rectify;
  explicit Radam(const cpu::RadamArgs& a)
      : mom(a.beta1, a.beta2), wd(T(a.weight_decay)), bc1(T(a.bias_correction1)), bc2s(T(a.bias_correction2_sqrt)),
        eps(T(a.eps)), lr(T(a.lr)), rect(T(a.rect)), has_wd(a.weight_decay != 0), rectify(a.rectify) {}
  TENSILE_HD void operator()(int64_t i, T* p, const T* g, T* m, T* v, T*) const {
    T gi = g[i];
    T pi = p[i];
    if (has_wd) gi = gi + wd * pi;
    T mi, vi;
    mom.update(gi, m[i], v[i], mi, vi);
    T upd = mi / bc1 * lr;  // bias_corrected_exp_avg * lr
    if (rectify) {
      T adaptive = bc2s / (sqrt_(vi) + eps);  // sqrt(bias_correction2) / exp_avg_sq.sqrt().add_(eps)
      upd = upd * adaptive * rect;
    }
    p[i] = pi - upd;
  }
};

template <typename T, bool CENTERED, bool MOM>
struct Rmsprop {
  T sign, wd, al, omal, eps, mom, neg_lr;
  bool has_wd;
  explicit Rmsprop(const cpu::RmspropArgs& a)
      : sign(grad_sign<T>(a.maximize)), wd(T(a.weight_decay)), al(T(a.alpha)), omal(T(1 - a.alpha)), eps(T(a.eps)),
        mom(T(a.momentum)), neg_lr(T(-a.lr)), has_wd(a.weight_decay != 0) {}
  TENSILE_HD void operator()(int64_t i, T* p, const T* g, T* sq, T* buf, T* gavg) const {
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
      avg = sqrt_(si + T(-1) * ga * ga);  // square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt_()
    } else {
      avg = sqrt_(si);
    }
    avg = avg + eps;
    if constexpr (MOM) {
      T bi = buf[i] * mom;
      bi = bi + gi / avg;  // buf.mul_(momentum).addcdiv_(grad, avg)
      buf[i] = bi;
      p[i] = p[i] + neg_lr * bi;
    } else {
      p[i] = p[i] + neg_lr * gi / avg;
    }
  }
};

template <typename T>
struct Adagrad {
  T sign, wd, eps, neg_clr;
  bool has_wd;
  explicit Adagrad(const cpu::AdagradArgs& a)
      : sign(grad_sign<T>(a.maximize)), wd(T(a.weight_decay)), eps(T(a.eps)), neg_clr(T(-a.clr)), has_wd(a.weight_decay != 0) {}
  TENSILE_HD void operator()(int64_t i, T* p, const T* g, T* sum, T*, T*) const {
    T gi = g[i] * sign;
    if (has_wd) gi = gi + wd * p[i];
    T si = sum[i] + gi * gi;  // state_sum.addcmul_(grad, grad, value=1)
    sum[i] = si;
    T std_ = sqrt_(si) + eps;
    p[i] = p[i] + neg_clr * gi / std_;
  }
};

template <typename T>
struct Adadelta {
  T sign, wd, rho, omrho, eps, neg_lr;
  bool has_wd;
  explicit Adadelta(const cpu::AdadeltaArgs& a)
      : sign(grad_sign<T>(a.maximize)), wd(T(a.weight_decay)), rho(T(a.rho)), omrho(T(1 - a.rho)), eps(T(a.eps)),
        neg_lr(T(-a.lr)), has_wd(a.weight_decay != 0) {}
  TENSILE_HD void operator()(int64_t i, T* p, const T* g, T* sq, T* acc, T*) const {
    T gi = g[i] * sign;
    if (has_wd) gi = gi + wd * p[i];
    T si = sq[i] * rho;
    si = si + omrho * gi * gi;
    sq[i] = si;
    T std_ = sqrt_(si + eps);
    T delta = sqrt_(acc[i] + eps) / std_ * gi;  // acc_delta.add(eps).sqrt_().div_(std).mul_(grad)
    T ai = acc[i] * rho;
    ai = ai + omrho * delta * delta;
    acc[i] = ai;
    p[i] = p[i] + neg_lr * delta;
  }
};

// Turns runtime flags into compile-time ones: calls f(std::bool_constant<flag>...) in the flags'
// order.
template <typename F>
inline void with_flags(const F& f) {
  f();
}
template <typename F, typename... Rest>
inline void with_flags(const F& f, bool head, Rest... rest) {
  if (head) with_flags([&](auto... tail) { f(std::true_type{}, tail...); }, rest...);
  else with_flags([&](auto... tail) { f(std::false_type{}, tail...); }, rest...);
}

template <typename T, typename V>
void with_rule(const cpu::SgdArgs& a, const V& visit) {
  // Without momentum, `first` and `nesterov` change nothing: fold them to one variant.
  const bool mom = a.momentum != 0;
  with_flags([&](auto wd, auto m, auto first, auto nest) {
    visit(Sgd<T, decltype(wd)::value, decltype(m)::value, decltype(first)::value, decltype(nest)::value>(a));
  }, a.weight_decay != 0, mom, mom && a.first, mom && a.nesterov);
}
template <typename T, typename V>
void with_rule(const cpu::AdamArgs& a, const V& visit) {
  // AdamW's decoupled decay replaces the L2 term, so WD is only set without it.
  with_flags([&](auto ams, auto wd, auto dec) { visit(Adam<T, decltype(ams)::value, decltype(wd)::value, decltype(dec)::value>(a)); },
             a.amsgrad, a.weight_decay != 0 && !a.decoupled, a.decoupled);
}
template <typename T, typename V>
void with_rule(const cpu::RmspropArgs& a, const V& visit) {
  with_flags([&](auto centered, auto mom) { visit(Rmsprop<T, decltype(centered)::value, decltype(mom)::value>(a)); },
             a.centered, a.momentum > 0);
}
template <typename T, typename V>
void with_rule(const cpu::AdamaxArgs& a, const V& visit) { visit(Adamax<T>(a)); }
template <typename T, typename V>
void with_rule(const cpu::NadamArgs& a, const V& visit) { visit(Nadam<T>(a)); }
template <typename T, typename V>
void with_rule(const cpu::RadamArgs& a, const V& visit) { visit(Radam<T>(a)); }
template <typename T, typename V>
void with_rule(const cpu::AdagradArgs& a, const V& visit) { visit(Adagrad<T>(a)); }
template <typename T, typename V>
void with_rule(const cpu::AdadeltaArgs& a, const V& visit) { visit(Adadelta<T>(a)); }

// Calls body(T{}) for the optimizer kernels' dtypes.
template <typename F>
void dispatch(DType dt, const F& body) {
  if (dt == DType::Float32) body(float{});
  else if (dt == DType::Float64) body(double{});
  else throw Error("fused optimizer kernels support float32 and float64 only");
}

// The steps of every family, each device defining `run<T>(buffers, rule)`.
#define TENSILE_OPTIM_STEPS(run)                                                                 \
  TENSILE_OPTIM_STEP(run, sgd_step, SgdArgs)                                                     \
  TENSILE_OPTIM_STEP(run, adam_step, AdamArgs)                                                   \
  TENSILE_OPTIM_STEP(run, adamax_step, AdamaxArgs)                                               \
  TENSILE_OPTIM_STEP(run, nadam_step, NadamArgs)                                                 \
  TENSILE_OPTIM_STEP(run, radam_step, RadamArgs)                                                 \
  TENSILE_OPTIM_STEP(run, rmsprop_step, RmspropArgs)                                             \
  TENSILE_OPTIM_STEP(run, adagrad_step, AdagradArgs)                                             \
  TENSILE_OPTIM_STEP(run, adadelta_step, AdadeltaArgs)
#define TENSILE_OPTIM_STEP(run, name, Args)                                                      \
  void name(DType dt, const cpu::OptimBuffers& b, const cpu::Args& a) {                          \
    if (!b.n) return;                                                                            \
    optim_rules::dispatch(dt, [&](auto tag) {                                                    \
      using T = decltype(tag);                                                                   \
      optim_rules::with_rule<T>(a, [&](const auto& rule) { run<T>(b, rule); });                  \
    });                                                                                          \
  }

}  // namespace tensile::optim_rules
