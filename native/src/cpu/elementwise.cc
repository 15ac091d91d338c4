#include "elementwise.h"

#include <atomic>
#include <cmath>
#include <cstring>
#include <string>
#include <limits>
#include <type_traits>


#include "../special_math.h"
#include "vec_math.h"

namespace tensile::cpu {
namespace {

constexpr int64_t kCheapGrain = 1 << 15;  // elements per thread below which threads cost more than they save
constexpr int64_t kMathGrain = 1 << 12;

template <typename T>
inline T load(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

// out = f(a) over the loop, with a contiguous fast path the compiler vectorises.
template <typename TO, typename TI, typename F>
void map1(const StridedLoop<2>& loop, int64_t grain, const F& f) {
  loop.for_each(grain, [&](char** p, const int64_t* s, int64_t n) {
    if (s[0] == sizeof(TO) && s[1] == sizeof(TI)) {
      TO* o = reinterpret_cast<TO*>(p[0]);
      const TI* a = reinterpret_cast<const TI*>(p[1]);
      for (int64_t i = 0; i < n; ++i) o[i] = static_cast<TO>(f(static_cast<acc_t<TI>>(a[i])));
    } else {
      for (int64_t i = 0; i < n; ++i) {
        TO r = static_cast<TO>(f(static_cast<acc_t<TI>>(load<TI>(p[1] + i * s[1]))));
        std::memcpy(p[0] + i * s[0], &r, sizeof(TO));
      }
    }
  });
}

template <typename TO, typename TI, typename F>
void map2(const StridedLoop<3>& loop, int64_t grain, const F& f) {
  using A = acc_t<TI>;
  loop.for_each(grain, [&](char** p, const int64_t* s, int64_t n) {
    if (s[0] == sizeof(TO) && s[1] == sizeof(TI) && s[2] == sizeof(TI)) {
      TO* o = reinterpret_cast<TO*>(p[0]);
      const TI* a = reinterpret_cast<const TI*>(p[1]);
      const TI* b = reinterpret_cast<const TI*>(p[2]);
      for (int64_t i = 0; i < n; ++i) o[i] = static_cast<TO>(f(static_cast<A>(a[i]), static_cast<A>(b[i])));
    } else if (s[0] == sizeof(TO) && s[1] == sizeof(TI) && s[2] == 0) {
      TO* o = reinterpret_cast<TO*>(p[0]);
      const TI* a = reinterpret_cast<const TI*>(p[1]);
      const A b = static_cast<A>(load<TI>(p[2]));
      for (int64_t i = 0; i < n; ++i) o[i] = static_cast<TO>(f(static_cast<A>(a[i]), b));
    } else if (s[0] == sizeof(TO) && s[1] == 0 && s[2] == sizeof(TI)) {
      TO* o = reinterpret_cast<TO*>(p[0]);
      const A a = static_cast<A>(load<TI>(p[1]));
      const TI* b = reinterpret_cast<const TI*>(p[2]);
      for (int64_t i = 0; i < n; ++i) o[i] = static_cast<TO>(f(a, static_cast<A>(b[i])));
    } else {
      for (int64_t i = 0; i < n; ++i) {
        TO r = static_cast<TO>(f(static_cast<A>(load<TI>(p[1] + i * s[1])), static_cast<A>(load<TI>(p[2] + i * s[2]))));
        std::memcpy(p[0] + i * s[0], &r, sizeof(TO));
      }
    }
  });
}

#ifdef TENSILE_VEC_WIDTH
// Contiguous float32 runs go through libmvec; the remainder and strided runs use `scalar`.
template <typename V, typename S>
void map_float_vec(const StridedLoop<2>& loop, const V& vec, const S& scalar) {
  loop.for_each(kMathGrain, [&](char** p, const int64_t* s, int64_t n) {
    if (s[0] == 4 && s[1] == 4) {
      float* o = reinterpret_cast<float*>(p[0]);
      const float* a = reinterpret_cast<const float*>(p[1]);
      int64_t i = 0;
#if TENSILE_VEC_WIDTH == 16
      for (; i + 16 <= n; i += 16) _mm512_storeu_ps(o + i, vec(_mm512_loadu_ps(a + i)));
#else
      for (; i + 8 <= n; i += 8) _mm256_storeu_ps(o + i, vec(_mm256_loadu_ps(a + i)));
#endif
      for (; i < n; ++i) o[i] = scalar(a[i]);
    } else {
      for (int64_t i = 0; i < n; ++i) {
        float r = scalar(load<float>(p[1] + i * s[1]));
        std::memcpy(p[0] + i * s[0], &r, 4);
      }
    }
  });
}
#endif

template <typename A>
A erfinv_impl(A y) {
  // Rational approximation (Giles 2010) refined by two Newton steps, as PyTorch's calc_erfinv does.
  if (y <= A(-1)) return y == A(-1) ? -std::numeric_limits<A>::infinity() : std::numeric_limits<A>::quiet_NaN();
  if (y >= A(1)) return y == A(1) ? std::numeric_limits<A>::infinity() : std::numeric_limits<A>::quiet_NaN();
  double x = static_cast<double>(y);
  double w = -std::log((1.0 - x) * (1.0 + x)), r;
  if (w < 6.25) {
    w -= 3.125;
    r = -3.6444120640178196996e-21;
    const double c[] = {-1.685059138182016589e-19, 1.2858480715256400167e-18, 1.115787767802518096e-17,
                        -1.333171662854620906e-16, 2.0972767875968561637e-17, 6.6376381343583238325e-15,
                        -4.0545662729752068639e-14, -8.1519341976054721522e-14, 2.6335093153082322977e-12,
                        -1.2975133253453532498e-11, -5.4154120542946279317e-11, 1.051212273321532285e-09,
                        -4.1126339803469836976e-09, -2.9070369957882005086e-08, 4.2347877827932403518e-07,
                        -1.3654692000834678645e-06, -1.3882523362786468719e-05, 0.0001867342080340571352,
                        -0.00074070253416626697512, -0.0060336708714301490533, 0.24015818242558961693,
                        1.6536545626831027356};
    for (double ci : c) r = r * w + ci;
  } else if (w < 16.0) {
    w = std::sqrt(w) - 3.25;
    r = 2.2137376921775787049e-09;
    const double c[] = {9.0756561938885390979e-08, -2.7517406297064545428e-07, 1.8239629214389227755e-08,
                        1.5027403968909827627e-06, -4.013867526981545969e-06, 2.9234449089955446044e-06,
                        1.2475304481671778723e-05, -4.7318229009055733981e-05, 6.8284851459573175448e-05,
                        2.4031110387097893999e-05, -0.0003550375203628474796, 0.00095328937973738049703,
                        -0.0016882755560235047313, 0.0024914420961078508066, -0.0037512085075692412107,
                        0.005370914553590063617, 1.0052589676941592334, 3.0838856104922207635};
    for (double ci : c) r = r * w + ci;
  } else {
    w = std::sqrt(w) - 5.0;
    r = -2.7109920616438573243e-11;
    const double c[] = {-2.5556418169965252055e-10, 1.5076572693500548083e-09, -3.7894654401267369937e-09,
                        7.6157012080783393804e-09, -1.4960026627149240478e-08, 2.9147953450901080826e-08,
                        -6.7711997758452339498e-08, 2.2900482228026654717e-07, -9.9298272942317002539e-07,
                        4.5260625972231537039e-06, -1.9681778105531670567e-05, 7.5995277030017761139e-05,
                        -0.00021503011930044477347, -0.00013871931833623122026, 1.0103004648645343977,
                        4.8499064014085844221};
    for (double ci : c) r = r * w + ci;
  }
  double z = r * x;
  for (int i = 0; i < 2; ++i) z -= (std::erf(z) - x) / (2.0 / std::sqrt(M_PI) * std::exp(-z * z));
  return static_cast<A>(z);
}

template <typename T>
void unary_float(UnaryOp op, const StridedLoop<2>& L, const double* p) {
  using A = acc_t<T>;
  const A p0 = static_cast<A>(p[0]), p1 = static_cast<A>(p[1]), p2 = static_cast<A>(p[2]);
  constexpr bool kF32 = std::is_same<T, float>::value;
#ifdef TENSILE_VEC_WIDTH
#define VEC_OR_SCALAR(name, expr)                                                                    \
  if constexpr (kF32) {                                                                             \
    map_float_vec(L, [](vfloat v) { return TENSILE_MVEC(name)(v); }, [](float x) { return expr; }); \
  } else {                                                                                          \
    map1<T, T>(L, kMathGrain, [](A x) { return expr; });                                            \
  }                                                                                                 \
  return;
#else
#define VEC_OR_SCALAR(name, expr) map1<T, T>(L, kMathGrain, [](A x) { return expr; }); return;
#endif
  switch (op) {
    case UnaryOp::exp: VEC_OR_SCALAR(exp, std::exp(x))
    case UnaryOp::exp2: VEC_OR_SCALAR(exp2, std::exp2(x))
    case UnaryOp::expm1: VEC_OR_SCALAR(expm1, std::expm1(x))
    case UnaryOp::log: VEC_OR_SCALAR(log, std::log(x))
    case UnaryOp::log2: VEC_OR_SCALAR(log2, std::log2(x))
    case UnaryOp::log10: VEC_OR_SCALAR(log10, std::log10(x))
    case UnaryOp::log1p: VEC_OR_SCALAR(log1p, std::log1p(x))
    case UnaryOp::sin: VEC_OR_SCALAR(sin, std::sin(x))
    case UnaryOp::cos: VEC_OR_SCALAR(cos, std::cos(x))
    case UnaryOp::tan: VEC_OR_SCALAR(tan, std::tan(x))
    case UnaryOp::asin: VEC_OR_SCALAR(asin, std::asin(x))
    case UnaryOp::acos: VEC_OR_SCALAR(acos, std::acos(x))
    case UnaryOp::atan: VEC_OR_SCALAR(atan, std::atan(x))
    case UnaryOp::sinh: VEC_OR_SCALAR(sinh, std::sinh(x))
    case UnaryOp::cosh: VEC_OR_SCALAR(cosh, std::cosh(x))
    case UnaryOp::tanh: VEC_OR_SCALAR(tanh, std::tanh(x))
    case UnaryOp::asinh: VEC_OR_SCALAR(asinh, std::asinh(x))
    case UnaryOp::acosh: VEC_OR_SCALAR(acosh, std::acosh(x))
    case UnaryOp::atanh: VEC_OR_SCALAR(atanh, std::atanh(x))
    case UnaryOp::erf: VEC_OR_SCALAR(erf, std::erf(x))
    case UnaryOp::erfc: VEC_OR_SCALAR(erfc, std::erfc(x))
#undef VEC_OR_SCALAR
    case UnaryOp::sigmoid:
#if defined(TENSILE_VEC_WIDTH) && TENSILE_VEC_WIDTH == 16
      if constexpr (kF32) {
        const __m512 one = _mm512_set1_ps(1.f);
        map_float_vec(L, [&](__m512 v) {
          return _mm512_div_ps(one, _mm512_add_ps(one, TENSILE_MVEC(exp)(_mm512_sub_ps(_mm512_setzero_ps(), v))));
        }, [](float x) { return 1.f / (1.f + std::exp(-x)); });
        return;
      }
#endif
      return map1<T, T>(L, kMathGrain, [](A x) { return A(1) / (A(1) + std::exp(-x)); });
    case UnaryOp::logsigmoid:
      return map1<T, T>(L, kMathGrain, [](A x) { return std::min(x, A(0)) - std::log1p(std::exp(-std::abs(x))); });
    case UnaryOp::sqrt: return map1<T, T>(L, kCheapGrain, [](A x) { return std::sqrt(x); });
    case UnaryOp::rsqrt: return map1<T, T>(L, kCheapGrain, [](A x) { return A(1) / std::sqrt(x); });
    case UnaryOp::reciprocal: return map1<T, T>(L, kCheapGrain, [](A x) { return A(1) / x; });
    case UnaryOp::erfinv: return map1<T, T>(L, kMathGrain, [](A x) { return erfinv_impl<A>(x); });
    case UnaryOp::frac: return map1<T, T>(L, kCheapGrain, [](A x) { return x - std::trunc(x); });
    case UnaryOp::gelu:
      return map1<T, T>(L, kMathGrain, [](A x) { return A(0.5) * x * (A(1) + std::erf(x * A(M_SQRT1_2))); });
    case UnaryOp::gelu_tanh:
      return map1<T, T>(L, kMathGrain, [](A x) {
        const A k = A(M_SQRT2 * M_2_SQRTPI * 0.5);
        return A(0.5) * x * (A(1) + std::tanh(k * (x + A(0.044715) * x * x * x)));
      });
    case UnaryOp::silu: return map1<T, T>(L, kMathGrain, [](A x) { return x / (A(1) + std::exp(-x)); });
    case UnaryOp::mish:
      return map1<T, T>(L, kMathGrain, [](A x) {
        A sp = x > A(20) ? x : std::log1p(std::exp(x));
        return x * std::tanh(sp);
      });
    case UnaryOp::softplus:  // p0 = beta, p1 = threshold
      return map1<T, T>(L, kMathGrain, [=](A x) { return x * p0 > p1 ? x : std::log1p(std::exp(x * p0)) / p0; });
    case UnaryOp::elu:  // p0 = alpha, p1 = scale, p2 = input_scale (elu, selu and celu share it)
      return map1<T, T>(L, kMathGrain, [=](A x) { return x > A(0) ? p1 * x : p1 * p0 * std::expm1(x * p2); });
    case UnaryOp::selu:
      return map1<T, T>(L, kMathGrain, [](A x) {
        const A alpha = A(1.6732632423543772848170429916717), scale = A(1.0507009873554804934193349852946);
        return x > A(0) ? scale * x : scale * alpha * std::expm1(x);
      });
    case UnaryOp::celu:
      return map1<T, T>(L, kMathGrain, [=](A x) { return x > A(0) ? x : p0 * std::expm1(x / p0); });
    case UnaryOp::hardswish:
      return map1<T, T>(L, kCheapGrain, [](A x) { return x * std::min(std::max(x + A(3), A(0)), A(6)) / A(6); });
    case UnaryOp::hardsigmoid:
      return map1<T, T>(L, kCheapGrain, [](A x) { return std::min(std::max(x + A(3), A(0)), A(6)) / A(6); });
    case UnaryOp::softsign: return map1<T, T>(L, kCheapGrain, [](A x) { return x / (A(1) + std::abs(x)); });
    case UnaryOp::tanhshrink: return map1<T, T>(L, kMathGrain, [](A x) { return x - std::tanh(x); });
    case UnaryOp::rpow_scalar: return map1<T, T>(L, kMathGrain, [=](A x) { return std::pow(p0, x); });
    case UnaryOp::nan_to_num:
      return map1<T, T>(L, kCheapGrain, [=](A x) {
        return std::isnan(x) ? p0 : (x == std::numeric_limits<A>::infinity() ? p1 : (x == -std::numeric_limits<A>::infinity() ? p2 : x));
      });
    case UnaryOp::lgamma: return map1<T, T>(L, kMathGrain, [](A x) { return std::lgamma(x); });
    case UnaryOp::digamma: return map1<T, T>(L, kMathGrain, [](A x) { return special::digamma<A>(x); });
    case UnaryOp::trigamma: return map1<T, T>(L, kMathGrain, [](A x) { return special::trigamma<A>(x); });
    case UnaryOp::round_decimals:
      return map1<T, T>(L, kCheapGrain, [=](A x) {
        A scale = std::pow(A(10), p0);
        return std::nearbyint(x * scale) / scale;
      });
    case UnaryOp::hardshrink:
      return map1<T, T>(L, kCheapGrain, [=](A x) { return (x >= -p0 && x <= p0) ? A(0) : x; });
    case UnaryOp::softshrink:
      return map1<T, T>(L, kCheapGrain, [=](A x) { return x > p0 ? x - p0 : (x < -p0 ? x + p0 : A(0)); });
    default:
      throw Error("unary op not implemented for floating point");
  }
}

// Ops defined for every numeric dtype (integers included).
template <typename T>
bool unary_any(UnaryOp op, const StridedLoop<2>& L, const double* p) {
  using A = acc_t<T>;
  constexpr bool kFloat = std::is_floating_point<A>::value;
  const A p0 = static_cast<A>(p[0]), p1 = static_cast<A>(p[1]);
  switch (op) {
    case UnaryOp::neg:
      if constexpr (std::is_same<T, bool>::value) throw Error("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.");
      else if constexpr (std::is_integral<A>::value) map1<T, T>(L, kCheapGrain, [](A x) { return static_cast<A>(0 - static_cast<std::make_unsigned_t<A>>(x)); });
      else map1<T, T>(L, kCheapGrain, [](A x) { return -x; });
      return true;
    case UnaryOp::abs:
      if constexpr (std::is_unsigned<A>::value) map1<T, T>(L, kCheapGrain, [](A x) { return x; });
      else map1<T, T>(L, kCheapGrain, [](A x) { return x < A(0) ? static_cast<A>(-x) : x; });
      return true;
    case UnaryOp::sign:
      map1<T, T>(L, kCheapGrain, [](A x) { return static_cast<A>((A(0) < x) - (x < A(0))); });
      return true;
    case UnaryOp::square: map1<T, T>(L, kCheapGrain, [](A x) { return static_cast<A>(x * x); }); return true;
    case UnaryOp::relu:
      // NaN propagates through relu, as in PyTorch (clamp_min semantics)
      map1<T, T>(L, kCheapGrain, [](A x) { return x < A(0) ? A(0) : x; });
      return true;
    case UnaryOp::floor: case UnaryOp::ceil: case UnaryOp::round: case UnaryOp::trunc:
      if constexpr (kFloat) {
        if (op == UnaryOp::floor) map1<T, T>(L, kCheapGrain, [](A x) { return std::floor(x); });
        else if (op == UnaryOp::ceil) map1<T, T>(L, kCheapGrain, [](A x) { return std::ceil(x); });
        else if (op == UnaryOp::round) map1<T, T>(L, kCheapGrain, [](A x) { return std::nearbyint(x); });
        else map1<T, T>(L, kCheapGrain, [](A x) { return std::trunc(x); });
      } else {
        map1<T, T>(L, kCheapGrain, [](A x) { return x; });
      }
      return true;
    case UnaryOp::clamp:  // NaN propagates, min is applied before max, as torch.clamp does
      map1<T, T>(L, kCheapGrain, [=](A x) {
        if constexpr (kFloat) { if (std::isnan(x)) return x; }
        A r = x < p0 ? p0 : x;
        return r > p1 ? p1 : r;
      });
      return true;
    case UnaryOp::clamp_min:
      map1<T, T>(L, kCheapGrain, [=](A x) {
        if constexpr (kFloat) { if (std::isnan(x)) return x; }
        return x < p0 ? p0 : x;
      });
      return true;
    case UnaryOp::clamp_max:
      map1<T, T>(L, kCheapGrain, [=](A x) {
        if constexpr (kFloat) { if (std::isnan(x)) return x; }
        return x > p0 ? p0 : x;
      });
      return true;
    case UnaryOp::hardtanh:
      map1<T, T>(L, kCheapGrain, [=](A x) { return x < p0 ? p0 : (x > p1 ? p1 : x); });
      return true;
    case UnaryOp::threshold:  // p0 = threshold, p1 = value
      map1<T, T>(L, kCheapGrain, [=](A x) { return x > p0 ? x : p1; });
      return true;
    case UnaryOp::leaky_relu:
      map1<T, T>(L, kCheapGrain, [=](A x) { return x > A(0) ? x : static_cast<A>(x * p0); });
      return true;
    case UnaryOp::pow_scalar:
      if constexpr (kFloat) {
        if (p[0] == 2) map1<T, T>(L, kCheapGrain, [](A x) { return x * x; });
        else if (p[0] == 0.5) map1<T, T>(L, kCheapGrain, [](A x) { return std::sqrt(x); });
        else map1<T, T>(L, kMathGrain, [=](A x) { return std::pow(x, p0); });
      } else {
        int64_t e = static_cast<int64_t>(p[0]);
        if (e < 0) throw Error("Integers to negative integer powers are not allowed.");
        map1<T, T>(L, kCheapGrain, [=](A x) {
          A r = 1, b = x;
          for (int64_t k = e; k; k >>= 1, b = static_cast<A>(b * b)) if (k & 1) r = static_cast<A>(r * b);
          return r;
        });
      }
      return true;
    case UnaryOp::bitwise_not:
      if constexpr (std::is_same<T, bool>::value) map1<T, T>(L, kCheapGrain, [](A x) { return !x; });
      else if constexpr (std::is_integral<A>::value) map1<T, T>(L, kCheapGrain, [](A x) { return static_cast<A>(~x); });
      else throw Error("\"bitwise_not_cpu\" not implemented for '" + std::string(dtype_name(DType::Float32)) + "'");
      return true;
    default:
      return false;
  }
}

template <typename T>
void unary_predicate(UnaryOp op, const StridedLoop<2>& L) {
  using A = acc_t<T>;
  constexpr bool kFloat = std::is_floating_point<A>::value;
  switch (op) {
    case UnaryOp::logical_not: return map1<bool, T>(L, kCheapGrain, [](A x) { return !(x != A(0)); });
    case UnaryOp::isnan: return map1<bool, T>(L, kCheapGrain, [](A x) { if constexpr (kFloat) return std::isnan(x); else return false; });
    case UnaryOp::isinf: return map1<bool, T>(L, kCheapGrain, [](A x) { if constexpr (kFloat) return std::isinf(x); else return false; });
    case UnaryOp::isfinite: return map1<bool, T>(L, kCheapGrain, [](A x) { if constexpr (kFloat) return std::isfinite(x); else return true; });
    case UnaryOp::isposinf: return map1<bool, T>(L, kCheapGrain, [](A x) { if constexpr (kFloat) return x == std::numeric_limits<A>::infinity(); else return false; });
    case UnaryOp::isneginf: return map1<bool, T>(L, kCheapGrain, [](A x) { if constexpr (kFloat) return x == -std::numeric_limits<A>::infinity(); else return false; });
    case UnaryOp::signbit: return map1<bool, T>(L, kCheapGrain, [](A x) { if constexpr (kFloat) return std::signbit(x); else return x < A(0); });
    default: throw Error("not a predicate");
  }
}

// Integer division that never traps: x / 0 flags an error (PyTorch: "ZeroDivisionError"),
// and MIN / -1 wraps instead of raising SIGFPE.
template <typename A>
inline A safe_div_trunc(A a, A b, bool& div0) {
  if (b == 0) { div0 = true; return 0; }
  if constexpr (std::is_signed<A>::value) {
    if (b == A(-1)) return static_cast<A>(0 - static_cast<std::make_unsigned_t<A>>(a));
  }
  return static_cast<A>(a / b);
}

template <typename T>
void binary_typed(BinaryOp op, const StridedLoop<3>& L, double alpha_d) {
  using A = acc_t<T>;
  constexpr bool kFloat = std::is_floating_point<A>::value;
  constexpr bool kBool = std::is_same<T, bool>::value;
  const A alpha = static_cast<A>(alpha_d);
  const double thr = alpha_d;
  switch (op) {
    case BinaryOp::add:
      if constexpr (kBool) return map2<T, T>(L, kCheapGrain, [](A a, A b) { return a || b; });
      else if (alpha_d == 1) return map2<T, T>(L, kCheapGrain, [](A a, A b) { return static_cast<A>(a + b); });
      else return map2<T, T>(L, kCheapGrain, [=](A a, A b) { return static_cast<A>(a + alpha * b); });
    case BinaryOp::sub:
      if constexpr (kBool) throw Error("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.");
      else if (alpha_d == 1) return map2<T, T>(L, kCheapGrain, [](A a, A b) { return static_cast<A>(a - b); });
      else return map2<T, T>(L, kCheapGrain, [=](A a, A b) { return static_cast<A>(a - alpha * b); });
    case BinaryOp::mul:
      if constexpr (kBool) return map2<T, T>(L, kCheapGrain, [](A a, A b) { return a && b; });
      else return map2<T, T>(L, kCheapGrain, [](A a, A b) { return static_cast<A>(a * b); });
    case BinaryOp::div:
      if constexpr (kFloat) return map2<T, T>(L, kCheapGrain, [](A a, A b) { return a / b; });
      break;
    case BinaryOp::div_trunc:
      if constexpr (kFloat) return map2<T, T>(L, kCheapGrain, [](A a, A b) { return std::trunc(a / b); });
      else if constexpr (!kBool) {
        bool flag = false;
        map2<T, T>(L, kCheapGrain, [&](A a, A b) { bool z = false; A r = safe_div_trunc(a, b, z); if (z) flag = true; return r; });
        if (flag) throw Error("ZeroDivisionError");
        return;
      }
      break;
    case BinaryOp::div_floor:
      if constexpr (kFloat) {
        // Python's floor division on floats: floor of the true quotient, computed as PyTorch does via fmod
        return map2<T, T>(L, kCheapGrain, [](A a, A b) {
          if (b == A(0)) return a / b;
          A mod = std::fmod(a, b);
          A div = (a - mod) / b;
          if (mod != A(0) && ((b < A(0)) != (mod < A(0)))) div -= A(1);
          A floordiv;
          if (div != A(0)) {
            floordiv = std::floor(div);
            if (div - floordiv > A(0.5)) floordiv += A(1);
          } else {
            floordiv = std::copysign(A(0), a / b);
          }
          return floordiv;
        });
      } else if constexpr (!kBool) {
        bool flag = false;
        map2<T, T>(L, kCheapGrain, [&](A a, A b) {
          bool z = false;
          A q = safe_div_trunc(a, b, z);
          if (z) { flag = true; return A(0); }
          if constexpr (std::is_signed<A>::value) { if ((a % b != 0) && ((a < 0) != (b < 0))) q = static_cast<A>(q - 1); }
          return q;
        });
        if (flag) throw Error("ZeroDivisionError");
        return;
      }
      break;
    case BinaryOp::remainder:
      if constexpr (kFloat) {
        return map2<T, T>(L, kCheapGrain, [](A a, A b) {
          A m = std::fmod(a, b);
          if (m != A(0) && ((b < A(0)) != (m < A(0)))) m += b;
          return m;
        });
      } else if constexpr (!kBool) {
        bool flag = false;
        map2<T, T>(L, kCheapGrain, [&](A a, A b) {
          if (b == 0) { flag = true; return A(0); }
          if constexpr (std::is_signed<A>::value) { if (b == A(-1)) return A(0); }
          A m = static_cast<A>(a % b);
          if constexpr (std::is_signed<A>::value) { if (m != 0 && ((b < 0) != (m < 0))) m = static_cast<A>(m + b); }
          return m;
        });
        if (flag) throw Error("ZeroDivisionError");
        return;
      }
      break;
    case BinaryOp::fmod:
      if constexpr (kFloat) return map2<T, T>(L, kCheapGrain, [](A a, A b) { return std::fmod(a, b); });
      else if constexpr (!kBool) {
        bool flag = false;
        map2<T, T>(L, kCheapGrain, [&](A a, A b) {
          if (b == 0) { flag = true; return A(0); }
          if constexpr (std::is_signed<A>::value) { if (b == A(-1)) return A(0); }
          return static_cast<A>(a % b);
        });
        if (flag) throw Error("ZeroDivisionError");
        return;
      }
      break;
    case BinaryOp::pow:
      if constexpr (kFloat) return map2<T, T>(L, kMathGrain, [](A a, A b) { return std::pow(a, b); });
      else if constexpr (!kBool) {
        bool neg = false;
        map2<T, T>(L, kCheapGrain, [&](A a, A b) {
          if constexpr (std::is_signed<A>::value) { if (b < 0) { neg = true; return A(0); } }
          A r = 1, base = a;
          for (auto k = b; k; k = static_cast<A>(k >> 1), base = static_cast<A>(base * base)) if (k & 1) r = static_cast<A>(r * base);
          return r;
        });
        if (neg) throw Error("Integers to negative integer powers are not allowed.");
        return;
      }
      break;
    case BinaryOp::maximum:
      return map2<T, T>(L, kCheapGrain, [](A a, A b) {
        if constexpr (kFloat) { if (std::isnan(a) || std::isnan(b)) return std::numeric_limits<A>::quiet_NaN(); }
        return a > b ? a : b;
      });
    case BinaryOp::minimum:
      return map2<T, T>(L, kCheapGrain, [](A a, A b) {
        if constexpr (kFloat) { if (std::isnan(a) || std::isnan(b)) return std::numeric_limits<A>::quiet_NaN(); }
        return a < b ? a : b;
      });
    case BinaryOp::fmax:
      if constexpr (kFloat) return map2<T, T>(L, kCheapGrain, [](A a, A b) { return std::fmax(a, b); });
      else return map2<T, T>(L, kCheapGrain, [](A a, A b) { return a > b ? a : b; });
    case BinaryOp::fmin:
      if constexpr (kFloat) return map2<T, T>(L, kCheapGrain, [](A a, A b) { return std::fmin(a, b); });
      else return map2<T, T>(L, kCheapGrain, [](A a, A b) { return a < b ? a : b; });
    case BinaryOp::atan2:
      if constexpr (kFloat) return map2<T, T>(L, kMathGrain, [](A a, A b) { return std::atan2(a, b); });
      break;
    case BinaryOp::hypot:
      if constexpr (kFloat) return map2<T, T>(L, kMathGrain, [](A a, A b) { return std::hypot(a, b); });
      break;
    case BinaryOp::copysign:
      if constexpr (kFloat) return map2<T, T>(L, kCheapGrain, [](A a, A b) { return std::copysign(a, b); });
      break;
    case BinaryOp::xlogy:
      if constexpr (kFloat) return map2<T, T>(L, kMathGrain, [](A a, A b) {
        if (std::isnan(b)) return b;
        return a == A(0) ? A(0) : a * std::log(b);
      });
      break;
    case BinaryOp::bitwise_and:
      if constexpr (!kFloat) return map2<T, T>(L, kCheapGrain, [](A a, A b) { return static_cast<A>(a & b); });
      break;
    case BinaryOp::bitwise_or:
      if constexpr (!kFloat) return map2<T, T>(L, kCheapGrain, [](A a, A b) { return static_cast<A>(a | b); });
      break;
    case BinaryOp::bitwise_xor:
      if constexpr (!kFloat) return map2<T, T>(L, kCheapGrain, [](A a, A b) { return static_cast<A>(a ^ b); });
      break;
    case BinaryOp::lshift:
      if constexpr (!kFloat && !kBool) return map2<T, T>(L, kCheapGrain, [](A a, A b) {
        using U = std::make_unsigned_t<A>;
        return (b < 0 || b >= A(sizeof(A) * 8)) ? A(0) : static_cast<A>(static_cast<U>(a) << b);
      });
      break;
    case BinaryOp::rshift:
      if constexpr (!kFloat && !kBool) return map2<T, T>(L, kCheapGrain, [](A a, A b) {
        if (b < 0 || b >= A(sizeof(A) * 8)) return static_cast<A>(a < 0 ? -1 : 0);
        return static_cast<A>(a >> b);
      });
      break;
    case BinaryOp::threshold_backward:  // (grad, input): grad where input > threshold
      return map2<T, T>(L, kCheapGrain, [=](A g, A x) { return static_cast<double>(x) > thr ? g : A(0); });
    case BinaryOp::sigmoid_backward:  // (grad, output)
      return map2<T, T>(L, kCheapGrain, [](A g, A y) { return static_cast<A>(g * (A(1) - y) * y); });
    case BinaryOp::tanh_backward:
      return map2<T, T>(L, kCheapGrain, [](A g, A y) { return static_cast<A>(g * (A(1) - y * y)); });
    case BinaryOp::lerp_scalar:
      if constexpr (kFloat) return map2<T, T>(L, kCheapGrain, [=](A a, A b) { return a + alpha * (b - a); });
      break;
    default:
      break;
  }
  throw Error(std::string("binary op not implemented for '") + dtype_name(DType::Float32) + "'");
}

template <typename T>
void compare_typed(BinaryOp op, const StridedLoop<3>& L) {
  using A = acc_t<T>;
  switch (op) {
    case BinaryOp::eq: return map2<bool, T>(L, kCheapGrain, [](A a, A b) { return a == b; });
    case BinaryOp::ne: return map2<bool, T>(L, kCheapGrain, [](A a, A b) { return a != b; });
    case BinaryOp::lt: return map2<bool, T>(L, kCheapGrain, [](A a, A b) { return a < b; });
    case BinaryOp::le: return map2<bool, T>(L, kCheapGrain, [](A a, A b) { return a <= b; });
    case BinaryOp::gt: return map2<bool, T>(L, kCheapGrain, [](A a, A b) { return a > b; });
    case BinaryOp::ge: return map2<bool, T>(L, kCheapGrain, [](A a, A b) { return a >= b; });
    case BinaryOp::logical_and: return map2<bool, T>(L, kCheapGrain, [](A a, A b) { return (a != A(0)) && (b != A(0)); });
    case BinaryOp::logical_or: return map2<bool, T>(L, kCheapGrain, [](A a, A b) { return (a != A(0)) || (b != A(0)); });
    case BinaryOp::logical_xor: return map2<bool, T>(L, kCheapGrain, [](A a, A b) { return (a != A(0)) != (b != A(0)); });
    default: throw Error("not a comparison");
  }
}

}  // namespace

bool unary_is_predicate(UnaryOp op) {
  switch (op) {
    case UnaryOp::logical_not: case UnaryOp::isnan: case UnaryOp::isinf: case UnaryOp::isfinite:
    case UnaryOp::isposinf: case UnaryOp::isneginf: case UnaryOp::signbit:
      return true;
    default:
      return false;
  }
}

bool binary_is_predicate(BinaryOp op) {
  switch (op) {
    case BinaryOp::eq: case BinaryOp::ne: case BinaryOp::lt: case BinaryOp::le: case BinaryOp::gt:
    case BinaryOp::ge: case BinaryOp::logical_and: case BinaryOp::logical_or: case BinaryOp::logical_xor:
      return true;
    default:
      return false;
  }
}

void unary(UnaryOp op, DType in, DType out, const StridedLoop<2>& loop, const double* p) {
  if (unary_is_predicate(op)) {
    if (out != DType::Bool) throw Error("predicate output must be bool");
    // float16/bfloat16 predicates are computed on a float32 copy by the caller: GCC 12's
    // vectoriser crashes on the half-to-bool loops.
    if (in == DType::Float16 || in == DType::BFloat16) throw Error("internal error: half predicate");
    switch (in) {
      case DType::Float32: unary_predicate<float>(op, loop); break;
      case DType::Float64: unary_predicate<double>(op, loop); break;
      case DType::Int8: unary_predicate<int8_t>(op, loop); break;
      case DType::UInt8: unary_predicate<uint8_t>(op, loop); break;
      case DType::Int16: unary_predicate<int16_t>(op, loop); break;
      case DType::Int32: unary_predicate<int32_t>(op, loop); break;
      case DType::Int64: unary_predicate<int64_t>(op, loop); break;
      case DType::Bool: unary_predicate<bool>(op, loop); break;
      default: throw Error("unary: unsupported dtype");
    }
    return;
  }
  if (in != out) throw Error("unary: input and output dtypes differ");
  bool done = false;
  TENSILE_DISPATCH_ALL(in, "unary", done = unary_any<T>(op, loop, p));
  if (done) return;
  TENSILE_DISPATCH_FLOAT(in, "unary", unary_float<T>(op, loop, p));
}

void binary(BinaryOp op, DType in, DType out, const StridedLoop<3>& loop, double alpha) {
  if (binary_is_predicate(op)) {
    if (out != DType::Bool) throw Error("comparison output must be bool");
    TENSILE_DISPATCH_ALL(in, "binary", compare_typed<T>(op, loop));
    return;
  }
  if (in != out) throw Error("binary: input and output dtypes differ");
  TENSILE_DISPATCH_ALL(in, "binary", binary_typed<T>(op, loop, alpha));
}

void where(DType dt, const StridedLoop<4>& L) {
  TENSILE_DISPATCH_ALL(dt, "where", {
    L.for_each(kCheapGrain, [&](char** p, const int64_t* s, int64_t n) {
      for (int64_t i = 0; i < n; ++i) {
        bool c = load<bool>(p[1] + i * s[1]);
        std::memcpy(p[0] + i * s[0], c ? p[2] + i * s[2] : p[3] + i * s[3], sizeof(T));
      }
    });
  });
}

void copy(DType out, DType in, const StridedLoop<2>& loop) {
  if (out == in) {
    int sz = item_size(in);
    // strided runs move whole words (a memcpy call per element would dominate transposes)
    auto strided = [](auto word, char* dst, const char* src, int64_t ds, int64_t ss, int64_t n) {
      using W = decltype(word);
      for (int64_t i = 0; i < n; ++i) {
        W v;
        std::memcpy(&v, src + i * ss, sizeof(W));
        std::memcpy(dst + i * ds, &v, sizeof(W));
      }
    };
    loop.for_each(kCheapGrain, [&](char** p, const int64_t* s, int64_t n) {
      if (s[0] == sz && s[1] == sz) {
        std::memcpy(p[0], p[1], static_cast<size_t>(n) * sz);
      } else if (sz == 4) {
        strided(uint32_t{}, p[0], p[1], s[0], s[1], n);
      } else if (sz == 8) {
        strided(uint64_t{}, p[0], p[1], s[0], s[1], n);
      } else if (sz == 2) {
        strided(uint16_t{}, p[0], p[1], s[0], s[1], n);
      } else {
        strided(uint8_t{}, p[0], p[1], s[0], s[1], n);
      }
    });
    return;
  }
  TENSILE_DISPATCH_ALL(in, "copy", {
    using TI = T;
    TENSILE_DISPATCH_ALL(out, "copy", {
      using TO = T;
      if constexpr (std::is_same<TO, bool>::value) {
        map1<TO, TI>(loop, kCheapGrain, [](acc_t<TI> x) { return x != acc_t<TI>(0); });
      } else if constexpr (std::is_integral<TO>::value && std::is_floating_point<acc_t<TI>>::value) {
        // float -> int goes through int64 so out-of-range values wrap instead of being undefined
        map1<TO, TI>(loop, kCheapGrain, [](acc_t<TI> x) {
          return std::isfinite(x) && std::abs(x) < 9.2e18 ? static_cast<TO>(static_cast<int64_t>(x)) : static_cast<TO>(INT64_MIN);
        });
      } else {
        map1<TO, TI>(loop, kCheapGrain, [](acc_t<TI> x) { return static_cast<acc_t<TO>>(x); });
      }
    });
  });
}

void fill(DType dt, const StridedLoop<1>& loop, double value) {
  TENSILE_DISPATCH_ALL(dt, "fill", {
    T v;
    if constexpr (std::is_same<T, bool>::value) v = value != 0;
    else v = static_cast<T>(static_cast<acc_t<T>>(value));
    loop.for_each(kCheapGrain, [&](char** p, const int64_t* s, int64_t n) {
      if (s[0] == sizeof(T)) {
        T* o = reinterpret_cast<T*>(p[0]);
        for (int64_t i = 0; i < n; ++i) o[i] = v;
      } else {
        for (int64_t i = 0; i < n; ++i) std::memcpy(p[0] + i * s[0], &v, sizeof(T));
      }
    });
  });
}

void arange(DType dt, void* out, int64_t n, double start, double step) {
  TENSILE_DISPATCH_ALL(dt, "arange", {
    T* o = static_cast<T*>(out);
    parallel_for(0, n, kCheapGrain, [&](int64_t lo, int64_t hi) {
      // fused explicitly, not at the compiler's discretion: the GPU kernel computes the same fma
      for (int64_t i = lo; i < hi; ++i) o[i] = static_cast<T>(static_cast<acc_t<T>>(std::fma(static_cast<double>(i), step, start)));
    });
  });
}

void linspace(DType dt, void* out, int64_t n, double start, double end) {
  // PyTorch fills the first half forwards from start and the second half backwards from end.
  double step = n > 1 ? (end - start) / static_cast<double>(n - 1) : 0;
  int64_t half = n / 2;
  TENSILE_DISPATCH_ALL(dt, "linspace", {
    T* o = static_cast<T*>(out);
    for (int64_t i = 0; i < n; ++i) {
      // a single step is `start`, as in PyTorch; fused explicitly, as the GPU kernel
      double v = (i < half || n == 1) ? std::fma(step, static_cast<double>(i), start)
                                      : std::fma(-step, static_cast<double>(n - i - 1), end);
      o[i] = static_cast<T>(static_cast<acc_t<T>>(v));
    }
  });
}

}  // namespace tensile::cpu
