// The op codes each kernel family understands. The names are exported to JavaScript at load
// time (addon.cc), so TypeScript refers to ops by name and this list is their only definition.
#pragma once

#define TENSILE_UNARY_OPS(X)                                                                     \
  X(neg) X(abs) X(sign) X(square) X(reciprocal) X(relu) X(exp) X(exp2) X(expm1) X(log) X(log2)   \
  X(log10) X(log1p) X(sqrt) X(rsqrt) X(sin) X(cos) X(tan) X(asin) X(acos) X(atan) X(sinh)        \
  X(cosh) X(tanh) X(asinh) X(acosh) X(atanh) X(sigmoid) X(logsigmoid) X(erf) X(erfc) X(erfinv)   \
  X(floor) X(ceil) X(round) X(trunc) X(frac) X(gelu) X(gelu_tanh) X(silu) X(mish) X(softplus)    \
  X(elu) X(selu) X(celu) X(leaky_relu) X(hardtanh) X(hardswish) X(hardsigmoid) X(softsign)       \
  X(tanhshrink) X(threshold) X(clamp) X(clamp_min) X(clamp_max) X(pow_scalar) X(rpow_scalar)     \
  X(bitwise_not) X(logical_not) X(isnan) X(isinf) X(isfinite) X(isposinf) X(isneginf) X(signbit) \
  X(nan_to_num) X(lgamma) X(digamma) X(trigamma) X(round_decimals) X(hardshrink) X(softshrink)

#define TENSILE_BINARY_OPS(X)                                                                    \
  X(add) X(sub) X(mul) X(div) X(div_trunc) X(div_floor) X(pow) X(maximum) X(minimum) X(fmax)     \
  X(fmin) X(atan2) X(remainder) X(fmod) X(hypot) X(copysign) X(xlogy) X(eq) X(ne) X(lt) X(le)    \
  X(gt) X(ge) X(logical_and) X(logical_or) X(logical_xor) X(bitwise_and) X(bitwise_or)           \
  X(bitwise_xor) X(lshift) X(rshift) X(threshold_backward) X(sigmoid_backward)                   \
  X(tanh_backward) X(lerp_scalar)

#define TENSILE_REDUCE_OPS(X) X(sum) X(prod) X(amax) X(amin) X(all) X(any) X(sum_sq) X(sum_abs) \
  X(count_nonzero) X(nansum)

#define TENSILE_ENUM_ENTRY(name) name,
namespace tensile {
enum class UnaryOp { TENSILE_UNARY_OPS(TENSILE_ENUM_ENTRY) Count };
enum class BinaryOp { TENSILE_BINARY_OPS(TENSILE_ENUM_ENTRY) Count };
enum class ReduceOp { TENSILE_REDUCE_OPS(TENSILE_ENUM_ENTRY) Count };
}  // namespace tensile
#undef TENSILE_ENUM_ENTRY
