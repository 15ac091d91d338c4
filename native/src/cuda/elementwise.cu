// Elementwise kernels: unary and binary ops, where, dtype-converting copies and fills, over
// operands of any strides (the host coalesces dims first, so contiguous tensors take the
// division-free 1-d path). One grid-stride loop per launch; arithmetic in float for the
// half types, as PyTorch's CUDA kernels do.
#include <cmath>

#include "../cpu/elementwise.h"
#include "../special_math.h"
#include "api.h"
#include "common.cuh"
#include "elementwise_kernels.cuh"

namespace tensile::cuda {

#define TENSILE_NAME(x) #x,
const char* op_name(UnaryOp op) {
  static const char* names[] = {TENSILE_UNARY_OPS(TENSILE_NAME)};
  return names[static_cast<int>(op)];
}
const char* op_name(BinaryOp op) {
  static const char* names[] = {TENSILE_BINARY_OPS(TENSILE_NAME)};
  return names[static_cast<int>(op)];
}
const char* op_name(ReduceOp op) {
  static const char* names[] = {TENSILE_REDUCE_OPS(TENSILE_NAME)};
  return names[static_cast<int>(op)];
}
#undef TENSILE_NAME

namespace {

[[noreturn]] void not_implemented(const char* op, DType dt) {
  throw Error(std::string("\"") + op + "_cuda\" not implemented for '" + dtype_name(dt) + "'");
}

// Whether the loop is one contiguous run in every operand that is read from memory.
template <int NT>
bool contiguous(const DevLoop<NT>& d, std::initializer_list<bool> in_memory) {
  if (d.ndim != 1) return false;
  int k = 0;
  for (bool m : in_memory) {
    if (m && d.strides[k][0] != 1) return false;
    ++k;
  }
  return true;
}

template <int NT>
DevLoop<NT> loop_of(const StridedLoop<NT>& L, std::initializer_list<DType> dts) {
  int sizes[NT];
  int k = 0;
  for (DType d : dts) sizes[k++] = item_size(d);
  return dev_loop<NT>(L, sizes);
}

template <typename TO, typename TI, typename F>
void launch1(const StridedLoop<2>& L, DType out, DType in, F f) {
  const DevLoop<2> d = loop_of<2>(L, {out, in});
  if (d.numel == 0) return;
  if (contiguous(d, {true, true}) && vec_aligned<TO>(d.data[0]) && vec_aligned<TI>(d.data[1]))
    map1_vec_kernel<TO, TI><<<vec_blocks(d.numel), kThreads, 0, stream()>>>(
        reinterpret_cast<TO*>(d.data[0]), reinterpret_cast<const TI*>(d.data[1]), d.numel, f);
  else map1_kernel<TO, TI><<<blocks_for(d.numel), kThreads, 0, stream()>>>(d, f);
  TENSILE_CUDA_LAUNCHED();
}

// ---- unary

template <typename T>
void unary_float(UnaryOp op, const StridedLoop<2>& L, DType dt, const double* p) {
  using A = typename Acc<T>::type;
  const A p0 = static_cast<A>(p[0]), p1 = static_cast<A>(p[1]), p2 = static_cast<A>(p[2]);
  auto go = [&](auto f) { launch1<T, T>(L, dt, dt, f); };
  switch (op) {
    case UnaryOp::neg: return go([] __device__(A x) { return -x; });
    case UnaryOp::abs: return go([] __device__(A x) { return fabs(x); });
    case UnaryOp::sign: return go([] __device__(A x) { return static_cast<A>((A(0) < x) - (x < A(0))); });
    case UnaryOp::square: return go([] __device__(A x) { return x * x; });
    case UnaryOp::reciprocal: return go([] __device__(A x) { return A(1) / x; });
    case UnaryOp::relu: return go([] __device__(A x) { return x < A(0) ? A(0) : x; });
    case UnaryOp::exp: return go([] __device__(A x) { return exp(x); });
    case UnaryOp::exp2: return go([] __device__(A x) { return exp2(x); });
    case UnaryOp::expm1: return go([] __device__(A x) { return expm1(x); });
    case UnaryOp::log: return go([] __device__(A x) { return log(x); });
    case UnaryOp::log2: return go([] __device__(A x) { return log2(x); });
    case UnaryOp::log10: return go([] __device__(A x) { return log10(x); });
    case UnaryOp::log1p: return go([] __device__(A x) { return log1p(x); });
    case UnaryOp::sqrt: return go([] __device__(A x) { return sqrt(x); });
    case UnaryOp::rsqrt: return go([] __device__(A x) { return A(1) / sqrt(x); });
    case UnaryOp::sin: return go([] __device__(A x) { return sin(x); });
    case UnaryOp::cos: return go([] __device__(A x) { return cos(x); });
    case UnaryOp::tan: return go([] __device__(A x) { return tan(x); });
    case UnaryOp::asin: return go([] __device__(A x) { return asin(x); });
    case UnaryOp::acos: return go([] __device__(A x) { return acos(x); });
    case UnaryOp::atan: return go([] __device__(A x) { return atan(x); });
    case UnaryOp::sinh: return go([] __device__(A x) { return sinh(x); });
    case UnaryOp::cosh: return go([] __device__(A x) { return cosh(x); });
    case UnaryOp::tanh: return go([] __device__(A x) { return tanh(x); });
    case UnaryOp::asinh: return go([] __device__(A x) { return asinh(x); });
    case UnaryOp::acosh: return go([] __device__(A x) { return acosh(x); });
    case UnaryOp::atanh: return go([] __device__(A x) { return atanh(x); });
    case UnaryOp::sigmoid: return go([] __device__(A x) { return A(1) / (A(1) + exp(-x)); });
    case UnaryOp::logsigmoid: return go([] __device__(A x) { return fmin(x, A(0)) - log1p(exp(-fabs(x))); });
    case UnaryOp::erf: return go([] __device__(A x) { return erf(x); });
    case UnaryOp::erfc: return go([] __device__(A x) { return erfc(x); });
    case UnaryOp::erfinv: return go([] __device__(A x) { return erfinv(x); });
    case UnaryOp::lgamma: return go([] __device__(A x) { return lgamma(x); });
    case UnaryOp::digamma: return go([] __device__(A x) { return special::digamma(x); });
    case UnaryOp::trigamma: return go([] __device__(A x) { return special::trigamma(x); });
    case UnaryOp::floor: return go([] __device__(A x) { return floor(x); });
    case UnaryOp::ceil: return go([] __device__(A x) { return ceil(x); });
    case UnaryOp::round: return go([] __device__(A x) { return nearbyint(x); });
    case UnaryOp::trunc: return go([] __device__(A x) { return trunc(x); });
    case UnaryOp::frac: return go([] __device__(A x) { return x - trunc(x); });
    case UnaryOp::gelu: return go([] __device__(A x) { return A(0.5) * x * (A(1) + erf(x * A(M_SQRT1_2))); });
    case UnaryOp::gelu_tanh:
      return go([] __device__(A x) {
        const A k = A(M_SQRT2 * M_2_SQRTPI * 0.5);
        return A(0.5) * x * (A(1) + tanh(k * (x + A(0.044715) * x * x * x)));
      });
    case UnaryOp::silu: return go([] __device__(A x) { return x / (A(1) + exp(-x)); });
    case UnaryOp::mish: return go([] __device__(A x) { return x * tanh(x > A(20) ? x : log1p(exp(x))); });
    case UnaryOp::softplus: return go([=] __device__(A x) { return x * p0 > p1 ? x : log1p(exp(x * p0)) / p0; });
    case UnaryOp::elu: return go([=] __device__(A x) { return x > A(0) ? p1 * x : p1 * p0 * expm1(x * p2); });
    case UnaryOp::selu:
      return go([] __device__(A x) {
        const A alpha = A(1.6732632423543772848170429916717), scale = A(1.0507009873554804934193349852946);
        return x > A(0) ? scale * x : scale * alpha * expm1(x);
      });
    case UnaryOp::celu: return go([=] __device__(A x) { return x > A(0) ? x : p0 * expm1(x / p0); });
    case UnaryOp::leaky_relu: return go([=] __device__(A x) { return x > A(0) ? x : x * p0; });
    case UnaryOp::hardtanh: return go([=] __device__(A x) { return x < p0 ? p0 : (x > p1 ? p1 : x); });
    case UnaryOp::hardswish: return go([] __device__(A x) { return x * fmin(fmax(x + A(3), A(0)), A(6)) / A(6); });
    case UnaryOp::hardsigmoid: return go([] __device__(A x) { return fmin(fmax(x + A(3), A(0)), A(6)) / A(6); });
    case UnaryOp::softsign: return go([] __device__(A x) { return x / (A(1) + fabs(x)); });
    case UnaryOp::tanhshrink: return go([] __device__(A x) { return x - tanh(x); });
    case UnaryOp::threshold: return go([=] __device__(A x) { return x > p0 ? x : p1; });
    case UnaryOp::clamp:
      return go([=] __device__(A x) { return isnan(x) ? x : (x < p0 ? p0 : x) > p1 ? p1 : (x < p0 ? p0 : x); });
    case UnaryOp::clamp_min: return go([=] __device__(A x) { return isnan(x) ? x : (x < p0 ? p0 : x); });
    case UnaryOp::clamp_max: return go([=] __device__(A x) { return isnan(x) ? x : (x > p0 ? p0 : x); });
    case UnaryOp::pow_scalar:  // the CPU's special cases: sqrt(-inf) is NaN where pow gives inf
      if (p[0] == 2) return go([] __device__(A x) { return x * x; });
      if (p[0] == 0.5) return go([] __device__(A x) { return sqrt(x); });
      return go([=] __device__(A x) { return pow(x, p0); });
    case UnaryOp::rpow_scalar: return go([=] __device__(A x) { return pow(p0, x); });
    case UnaryOp::nan_to_num:
      return go([=] __device__(A x) { return isnan(x) ? p0 : (isinf(x) ? (x > A(0) ? p1 : p2) : x); });
    case UnaryOp::hardshrink: return go([=] __device__(A x) { return (x >= -p0 && x <= p0) ? A(0) : x; });
    case UnaryOp::softshrink: return go([=] __device__(A x) { return x > p0 ? x - p0 : (x < -p0 ? x + p0 : A(0)); });
    case UnaryOp::round_decimals:
      return go([=] __device__(A x) {
        const A scale = pow(A(10), p0);
        return nearbyint(x * scale) / scale;
      });
    default: not_implemented(op_name(op), dt);
  }
}

template <typename T>
void unary_int(UnaryOp op, const StridedLoop<2>& L, DType dt, const double* p) {
  using A = T;
  const A p0 = static_cast<A>(p[0]), p1 = static_cast<A>(p[1]);
  auto go = [&](auto f) { launch1<T, T>(L, dt, dt, f); };
  constexpr bool kBool = std::is_same<T, bool>::value;
  switch (op) {
    case UnaryOp::neg:
      if constexpr (kBool) throw Error("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.");
      else return go([] __device__(A x) { return static_cast<A>(0 - static_cast<std::make_unsigned_t<A>>(x)); });
    case UnaryOp::abs:
      if constexpr (std::is_unsigned<A>::value || kBool) return go([] __device__(A x) { return x; });
      else return go([] __device__(A x) { return x < A(0) ? static_cast<A>(-x) : x; });
    case UnaryOp::sign: return go([] __device__(A x) { return static_cast<A>((A(0) < x) - (x < A(0))); });
    case UnaryOp::square: return go([] __device__(A x) { return static_cast<A>(x * x); });
    case UnaryOp::relu: return go([] __device__(A x) { return x < A(0) ? A(0) : x; });
    case UnaryOp::floor: case UnaryOp::ceil: case UnaryOp::round: case UnaryOp::trunc:
      return go([] __device__(A x) { return x; });
    case UnaryOp::clamp: return go([=] __device__(A x) { return (x < p0 ? p0 : x) > p1 ? p1 : (x < p0 ? p0 : x); });
    case UnaryOp::clamp_min: return go([=] __device__(A x) { return x < p0 ? p0 : x; });
    case UnaryOp::clamp_max: return go([=] __device__(A x) { return x > p0 ? p0 : x; });
    case UnaryOp::hardtanh: return go([=] __device__(A x) { return x < p0 ? p0 : (x > p1 ? p1 : x); });
    case UnaryOp::threshold: return go([=] __device__(A x) { return x > p0 ? x : p1; });
    case UnaryOp::leaky_relu: return go([=] __device__(A x) { return x > A(0) ? x : static_cast<A>(x * p0); });
    case UnaryOp::pow_scalar: {
      const int64_t e = static_cast<int64_t>(p[0]);
      if (e < 0) throw Error("Integers to negative integer powers are not allowed.");
      return go([=] __device__(A x) {
        A r = 1, b = x;
        for (int64_t k = e; k; k >>= 1, b = static_cast<A>(b * b)) if (k & 1) r = static_cast<A>(r * b);
        return r;
      });
    }
    case UnaryOp::bitwise_not:
      if constexpr (kBool) return go([] __device__(A x) { return !x; });
      else return go([] __device__(A x) { return static_cast<A>(~x); });
    default: not_implemented(op_name(op), dt);
  }
}

template <typename T>
void predicate(UnaryOp op, const StridedLoop<2>& L, DType dt) {
  using A = typename Acc<T>::type;
  constexpr bool kFloat = std::is_floating_point<A>::value;
  auto go = [&](auto f) { launch1<bool, T>(L, DType::Bool, dt, f); };
  switch (op) {
    case UnaryOp::logical_not: return go([] __device__(A x) { return !(x != A(0)); });
    case UnaryOp::isnan: return go([] __device__(A x) { if constexpr (kFloat) return bool(isnan(x)); else return false; });
    case UnaryOp::isinf: return go([] __device__(A x) { if constexpr (kFloat) return bool(isinf(x)); else return false; });
    case UnaryOp::isfinite: return go([] __device__(A x) { if constexpr (kFloat) return bool(isfinite(x)); else return true; });
    case UnaryOp::isposinf: return go([] __device__(A x) { if constexpr (kFloat) return isinf(x) && x > A(0); else return false; });
    case UnaryOp::isneginf: return go([] __device__(A x) { if constexpr (kFloat) return isinf(x) && x < A(0); else return false; });
    case UnaryOp::signbit: return go([] __device__(A x) { if constexpr (kFloat) return bool(signbit(x)); else return x < A(0); });
    default: not_implemented(op_name(op), dt);
  }
}

// ---- binary

template <typename T>
void binary_typed(BinaryOp op, const StridedLoop<3>& L, DType dt, DType out_dt, double alpha_d, const double* sa,
                  const double* sb) {
  using A = typename Acc<T>::type;
  constexpr bool kFloat = std::is_floating_point<A>::value;
  constexpr bool kBool = std::is_same<T, bool>::value;
  const A alpha = static_cast<A>(alpha_d);
  const DevLoop<3> d = loop_of<3>(L, {out_dt, dt, dt});
  if (d.numel == 0) return;
  // a scalar operand is first rounded to the operands' dtype, as the CPU's stride-0 operand is
  const A va = sa ? static_cast<A>(scalar_as<T>(*sa)) : A(0), vb = sb ? static_cast<A>(scalar_as<T>(*sb)) : A(0);
  const T* pa = sa ? nullptr : reinterpret_cast<const T*>(d.data[1]);
  const T* pb = sb ? nullptr : reinterpret_cast<const T*>(d.data[2]);
  const bool flat = contiguous(d, {true, !sa, !sb}) && vec_aligned<T>(pa) && vec_aligned<T>(pb);
  auto launch = [&](auto out_tag, auto f) {
    using TO = decltype(out_tag);
    if (flat && vec_aligned<TO>(d.data[0]))
      map2_vec_kernel<TO, T, A><<<vec_blocks(d.numel), kThreads, 0, stream()>>>(reinterpret_cast<TO*>(d.data[0]), pa, va, pb,
                                                                                vb, d.numel, f);
    else map2_kernel<TO, T, A><<<blocks_for(d.numel), kThreads, 0, stream()>>>(d, !sa, va, !sb, vb, f);
    TENSILE_CUDA_LAUNCHED();
  };
  auto go = [&](auto f) { launch(T{}, f); };
  auto cmp = [&](auto f) { launch(bool{}, f); };
  switch (op) {
    case BinaryOp::add:
      if constexpr (kBool) return go([] __device__(A a, A b) { return a || b; });
      else return go([=] __device__(A a, A b) { return static_cast<A>(a + alpha * b); });
    case BinaryOp::sub:
      if constexpr (kBool) throw Error("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.");
      else return go([=] __device__(A a, A b) { return static_cast<A>(a - alpha * b); });
    case BinaryOp::mul:
      if constexpr (kBool) return go([] __device__(A a, A b) { return a && b; });
      else return go([] __device__(A a, A b) { return static_cast<A>(a * b); });
    case BinaryOp::eq: return cmp([] __device__(A a, A b) { return a == b; });
    case BinaryOp::ne: return cmp([] __device__(A a, A b) { return a != b; });
    case BinaryOp::lt: return cmp([] __device__(A a, A b) { return a < b; });
    case BinaryOp::le: return cmp([] __device__(A a, A b) { return a <= b; });
    case BinaryOp::gt: return cmp([] __device__(A a, A b) { return a > b; });
    case BinaryOp::ge: return cmp([] __device__(A a, A b) { return a >= b; });
    case BinaryOp::logical_and: return cmp([] __device__(A a, A b) { return (a != A(0)) && (b != A(0)); });
    case BinaryOp::logical_or: return cmp([] __device__(A a, A b) { return (a != A(0)) || (b != A(0)); });
    case BinaryOp::logical_xor: return cmp([] __device__(A a, A b) { return (a != A(0)) != (b != A(0)); });
    case BinaryOp::maximum:
      return go([] __device__(A a, A b) {
        if constexpr (kFloat) { if (isnan(a) || isnan(b)) return A(NAN); }
        return a > b ? a : b;
      });
    case BinaryOp::minimum:
      return go([] __device__(A a, A b) {
        if constexpr (kFloat) { if (isnan(a) || isnan(b)) return A(NAN); }
        return a < b ? a : b;
      });
    default:
      break;
  }
  if constexpr (kFloat) {
    switch (op) {
      case BinaryOp::div: return go([] __device__(A a, A b) { return a / b; });
      case BinaryOp::div_trunc: return go([] __device__(A a, A b) { return trunc(a / b); });
      case BinaryOp::div_floor:
        return go([] __device__(A a, A b) {
          if (b == A(0)) return a / b;
          const A mod = fmod(a, b);
          A div = (a - mod) / b;
          if (mod != A(0) && ((b < A(0)) != (mod < A(0)))) div -= A(1);
          if (div == A(0)) return copysign(A(0), a / b);
          A fl = floor(div);
          if (div - fl > A(0.5)) fl += A(1);
          return fl;
        });
      case BinaryOp::remainder:
        return go([] __device__(A a, A b) {
          A m = fmod(a, b);
          if (m != A(0) && ((b < A(0)) != (m < A(0)))) m += b;
          return m;
        });
      case BinaryOp::fmod: return go([] __device__(A a, A b) { return fmod(a, b); });
      case BinaryOp::pow: return go([] __device__(A a, A b) { return pow(a, b); });
      case BinaryOp::fmax: return go([] __device__(A a, A b) { return fmax(a, b); });
      case BinaryOp::fmin: return go([] __device__(A a, A b) { return fmin(a, b); });
      case BinaryOp::atan2: return go([] __device__(A a, A b) { return atan2(a, b); });
      case BinaryOp::hypot: return go([] __device__(A a, A b) { return hypot(a, b); });
      case BinaryOp::copysign: return go([] __device__(A a, A b) { return copysign(a, b); });
      case BinaryOp::xlogy:
        return go([] __device__(A a, A b) { return isnan(b) ? b : (a == A(0) ? A(0) : a * log(b)); });
      case BinaryOp::threshold_backward: {
        const double thr = alpha_d;  // compared in double, as on the CPU
        return go([=] __device__(A g, A x) { return static_cast<double>(x) > thr ? g : A(0); });
      }
      case BinaryOp::sigmoid_backward: return go([] __device__(A g, A y) { return g * (A(1) - y) * y; });
      case BinaryOp::tanh_backward: return go([] __device__(A g, A y) { return g * (A(1) - y * y); });
      case BinaryOp::lerp_scalar: {
        const A w = alpha;
        return go([=] __device__(A a, A b) { return w < A(0.5) ? a + w * (b - a) : b - (b - a) * (A(1) - w); });
      }
      default:
        break;
    }
  } else if constexpr (!kBool) {
    switch (op) {
      case BinaryOp::bitwise_and: return go([] __device__(A a, A b) { return static_cast<A>(a & b); });
      case BinaryOp::bitwise_or: return go([] __device__(A a, A b) { return static_cast<A>(a | b); });
      case BinaryOp::bitwise_xor: return go([] __device__(A a, A b) { return static_cast<A>(a ^ b); });
      case BinaryOp::maximum: case BinaryOp::fmax: return go([] __device__(A a, A b) { return a > b ? a : b; });
      case BinaryOp::minimum: case BinaryOp::fmin: return go([] __device__(A a, A b) { return a < b ? a : b; });
      case BinaryOp::threshold_backward: {
        const double thr = alpha_d;
        return go([=] __device__(A g, A x) { return static_cast<double>(x) > thr ? g : A(0); });
      }
      case BinaryOp::lshift:
        return go([] __device__(A a, A b) {
          using U = std::make_unsigned_t<A>;
          return (b < A(0) || b >= A(sizeof(A) * 8)) ? A(0) : static_cast<A>(static_cast<U>(a) << b);
        });
      case BinaryOp::rshift:
        return go([] __device__(A a, A b) {
          if (b < A(0) || b >= A(sizeof(A) * 8)) return static_cast<A>(a < A(0) ? -1 : 0);
          return static_cast<A>(a >> b);
        });
      case BinaryOp::div_trunc: case BinaryOp::div_floor: case BinaryOp::remainder: case BinaryOp::fmod:
      case BinaryOp::pow: {
        // the CPU's rules: a zero divisor (a negative power) raises a flag the host reads after
        // the kernel, which waits for it; MIN / -1 wraps
        int* flag = static_cast<int*>(alloc(sizeof(int)));
        TENSILE_CUDA_CHECK(cudaMemsetAsync(flag, 0, sizeof(int), stream()));
        if (op == BinaryOp::div_trunc || op == BinaryOp::div_floor) {
          const bool floor = op == BinaryOp::div_floor;
          go([flag, floor] __device__(A a, A b) {
            if (b == A(0)) { *flag = 1; return A(0); }
            if constexpr (std::is_signed<A>::value) {
              if (b == A(-1)) return static_cast<A>(0 - static_cast<std::make_unsigned_t<A>>(a));
              A q = static_cast<A>(a / b);
              if (floor && a % b != A(0) && ((a < A(0)) != (b < A(0)))) q = static_cast<A>(q - 1);
              return q;
            } else {
              return static_cast<A>(a / b);
            }
          });
        } else if (op == BinaryOp::remainder) {
          go([=] __device__(A a, A b) {
            if (b == A(0)) { *flag = 1; return A(0); }
            if constexpr (std::is_signed<A>::value) {
              if (b == A(-1)) return A(0);
              A m = static_cast<A>(a % b);
              if (m != A(0) && ((b < A(0)) != (m < A(0)))) m = static_cast<A>(m + b);
              return m;
            } else {
              return static_cast<A>(a % b);
            }
          });
        } else if (op == BinaryOp::fmod) {
          go([=] __device__(A a, A b) {
            if (b == A(0)) { *flag = 1; return A(0); }
            if constexpr (std::is_signed<A>::value) { if (b == A(-1)) return A(0); }
            return static_cast<A>(a % b);
          });
        } else {
          go([flag] __device__(A a, A b) {
            if constexpr (std::is_signed<A>::value) { if (b < A(0)) { *flag = 1; return A(0); } }
            A r = 1, base = a;
            for (A k = b; k; k = static_cast<A>(k >> 1), base = static_cast<A>(base * base))
              if (k & 1) r = static_cast<A>(r * base);
            return r;
          });
        }
        int bad = 0;
        copy_to_host(&bad, flag, sizeof(int));
        release(flag);
        if (bad) throw Error(op == BinaryOp::pow ? "Integers to negative integer powers are not allowed." : "ZeroDivisionError");
        return;
      }
      default:
        break;
    }
  } else {
    switch (op) {
      case BinaryOp::bitwise_and: return go([] __device__(A a, A b) { return a && b; });
      case BinaryOp::bitwise_or: return go([] __device__(A a, A b) { return a || b; });
      case BinaryOp::bitwise_xor: return go([] __device__(A a, A b) { return a != b; });
      case BinaryOp::fmax: return go([] __device__(A a, A b) { return a > b ? a : b; });
      case BinaryOp::fmin: return go([] __device__(A a, A b) { return a < b ? a : b; });
      default:
        break;
    }
  }
  not_implemented(op_name(op), dt);
}

}  // namespace

void unary(UnaryOp op, DType in, DType out, const StridedLoop<2>& loop, const double* p) {
  if (cpu::unary_is_predicate(op)) {
    if (out != DType::Bool) throw Error("internal error: predicate output must be bool");
    dispatch_all(in, op_name(op), [&](auto tag) { predicate<decltype(tag)>(op, loop, in); });
    return;
  }
  if (in != out) throw Error("internal error: unary op with differing dtypes");
  dispatch_all(in, op_name(op), [&](auto tag) {
    using T = decltype(tag);
    if constexpr (std::is_floating_point<typename Acc<T>::type>::value) unary_float<T>(op, loop, in, p);
    else unary_int<T>(op, loop, in, p);
  });
}

void binary(BinaryOp op, DType in, DType out, const StridedLoop<3>& loop, double alpha, const double* scalar_a,
            const double* scalar_b) {
  // the kernels write bool for comparisons and the input dtype otherwise
  if (out != (cpu::binary_is_predicate(op) ? DType::Bool : in)) throw Error("internal error: binary op output dtype");
  dispatch_all(in, op_name(op), [&](auto tag) { binary_typed<decltype(tag)>(op, loop, in, out, alpha, scalar_a, scalar_b); });
}

void where(DType dt, const StridedLoop<4>& loop, const double* scalar_a, const double* scalar_b) {
  const DevLoop<4> d = loop_of<4>(loop, {dt, DType::Bool, dt, dt});
  if (d.numel == 0) return;
  dispatch_all(dt, "where", [&](auto tag) {
    using T = decltype(tag);
    const T sa = scalar_as<T>(scalar_a ? *scalar_a : 0), sb = scalar_as<T>(scalar_b ? *scalar_b : 0);
    where_kernel<T><<<blocks_for(d.numel), kThreads, 0, stream()>>>(d, !scalar_a, sa, !scalar_b, sb);
    TENSILE_CUDA_LAUNCHED();
  });
}

void copy(DType out, DType in, const StridedLoop<2>& loop) {
  const DevLoop<2> d = loop_of<2>(loop, {out, in});
  if (d.numel == 0) return;
  // a contiguous copy of one dtype is a plain memcpy
  if (out == in && d.ndim == 1 && d.strides[0][0] == 1 && d.strides[1][0] == 1) {
    copy_on_device(d.data[0], d.data[1], static_cast<size_t>(d.numel) * item_size(out));
    return;
  }
  dispatch_all(out, "copy_", [&](auto to) {
    dispatch_all(in, "copy_", [&](auto ti) {
      copy_kernel<decltype(to), decltype(ti)><<<blocks_for(d.numel), kThreads, 0, stream()>>>(d);
      TENSILE_CUDA_LAUNCHED();
    });
  });
}

void fill(DType dt, const StridedLoop<1>& loop, double value) {
  const DevLoop<1> d = loop_of<1>(loop, {dt});
  if (d.numel == 0) return;
  dispatch_all(dt, "fill_", [&](auto tag) {
    using T = decltype(tag);
    fill_kernel<T><<<blocks_for(d.numel), kThreads, 0, stream()>>>(d, scalar_as<T>(value));
    TENSILE_CUDA_LAUNCHED();
  });
}

}  // namespace tensile::cuda
