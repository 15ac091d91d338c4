// Element types as the addon sees them, and the dtype dispatch used by every kernel.
// The enum order is the contract with packages/core/src/dtype.ts (DTYPES).
#pragma once
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

namespace tensile {

enum class DType : int { Float32, Float64, Float16, BFloat16, Int8, UInt8, Int16, Int32, Int64, Bool, Count };

inline int item_size(DType d) {
  switch (d) {
    case DType::Float32: case DType::Int32: return 4;
    case DType::Float64: case DType::Int64: return 8;
    case DType::Float16: case DType::BFloat16: case DType::Int16: return 2;
    default: return 1;
  }
}

inline bool is_floating(DType d) {
  return d == DType::Float32 || d == DType::Float64 || d == DType::Float16 || d == DType::BFloat16;
}

// float16 storage: converted to float for arithmetic (PyTorch's CPU kernels do the same).
struct Half {
  uint16_t x;
  Half() = default;
  Half(float f) : x(from_float(f)) {}
  operator float() const { return to_float(x); }
  static float to_float(uint16_t h) {
    uint32_t sign = (h & 0x8000u) << 16, exp = (h >> 10) & 0x1f, man = h & 0x3ff, bits;
    if (exp == 0) {
      if (man == 0) {
        bits = sign;
      } else {  // subnormal: normalise
        int e = -1;
        do { ++e; man <<= 1; } while (!(man & 0x400));
        bits = sign | ((127 - 15 - e) << 23) | ((man & 0x3ff) << 13);
      }
    } else if (exp == 0x1f) {
      bits = sign | 0x7f800000u | (man << 13);
    } else {
      bits = sign | ((exp + 127 - 15) << 23) | (man << 13);
    }
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
  }
  static uint16_t from_float(float f) {  // round to nearest even, as the hardware does
    uint32_t b;
    std::memcpy(&b, &f, 4);
    uint32_t sign = (b >> 16) & 0x8000u;
    uint32_t absb = b & 0x7fffffffu;
    if (absb >= 0x7f800000u) return static_cast<uint16_t>(sign | 0x7c00u | (absb > 0x7f800000u ? 0x200u : 0));
    if (absb >= 0x477ff000u) return static_cast<uint16_t>(sign | 0x7c00u);  // overflow to inf
    if (absb < 0x38800000u) {  // subnormal or zero in half
      float af;
      std::memcpy(&af, &absb, 4);
      uint32_t v = static_cast<uint32_t>(af * 16777216.0f + 0.5f);  // 2^24 = 1 / smallest subnormal
      float back = static_cast<float>(v) - af * 16777216.0f;
      if (back == 0.5f && (v & 1)) --v;  // ties to even
      return static_cast<uint16_t>(sign | v);
    }
    uint32_t mant_odd = (absb >> 13) & 1;
    absb += 0xc8000fffu + mant_odd;  // rebias exponent (-112 << 23) and round
    return static_cast<uint16_t>(sign | (absb >> 13));
  }
};

struct BFloat16 {
  uint16_t x;
  BFloat16() = default;
  BFloat16(float f) : x(from_float(f)) {}
  operator float() const {
    uint32_t b = static_cast<uint32_t>(x) << 16;
    float f;
    std::memcpy(&f, &b, 4);
    return f;
  }
  static uint16_t from_float(float f) {
    uint32_t b;
    std::memcpy(&b, &f, 4);
    if ((b & 0x7fffffffu) > 0x7f800000u) return 0x7fc0;  // NaN
    b += 0x7fffu + ((b >> 16) & 1);  // round to nearest even
    return static_cast<uint16_t>(b >> 16);
  }
};

// The type arithmetic is done in for a storage type.
template <typename T> struct compute_type { using type = T; };
template <> struct compute_type<Half> { using type = float; };
template <> struct compute_type<BFloat16> { using type = float; };
template <typename T> using acc_t = typename compute_type<T>::type;

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

const char* dtype_name(DType d);

}  // namespace tensile

// TENSILE_DISPATCH(dtype, T, body): runs body with T bound to the C++ storage type of dtype.
#define TENSILE_CASE(ENUM, TYPE, ...) \
  case ::tensile::DType::ENUM: {      \
    using T = TYPE;                   \
    __VA_ARGS__;                      \
    break;                            \
  }
#define TENSILE_DISPATCH_ALL(DT, NAME, ...)                                   \
  switch (DT) {                                                               \
    TENSILE_CASE(Float32, float, __VA_ARGS__)                                 \
    TENSILE_CASE(Float64, double, __VA_ARGS__)                                \
    TENSILE_CASE(Float16, ::tensile::Half, __VA_ARGS__)                       \
    TENSILE_CASE(BFloat16, ::tensile::BFloat16, __VA_ARGS__)                  \
    TENSILE_CASE(Int8, int8_t, __VA_ARGS__)                                   \
    TENSILE_CASE(UInt8, uint8_t, __VA_ARGS__)                                 \
    TENSILE_CASE(Int16, int16_t, __VA_ARGS__)                                 \
    TENSILE_CASE(Int32, int32_t, __VA_ARGS__)                                 \
    TENSILE_CASE(Int64, int64_t, __VA_ARGS__)                                 \
    TENSILE_CASE(Bool, bool, __VA_ARGS__)                                     \
    default:                                                                  \
      throw ::tensile::Error(std::string(NAME) + ": unsupported dtype");      \
  }
#define TENSILE_DISPATCH_FLOAT(DT, NAME, ...)                                                 \
  switch (DT) {                                                                               \
    TENSILE_CASE(Float32, float, __VA_ARGS__)                                                 \
    TENSILE_CASE(Float64, double, __VA_ARGS__)                                                \
    TENSILE_CASE(Float16, ::tensile::Half, __VA_ARGS__)                                       \
    TENSILE_CASE(BFloat16, ::tensile::BFloat16, __VA_ARGS__)                                  \
    default:                                                                                  \
      throw ::tensile::Error(std::string(NAME) + " not implemented for '" +                   \
                             ::tensile::dtype_name(DT) + "'");                                \
  }
