// Stand-in for CUDA's cuda_fp16.h in the emulated (host-only) CUDA build: __half as 16-bit
// storage with the conversions, operators and intrinsics the kernels use, following CUDA 12's
// nvcc API (so code that is ambiguous or ill-formed for nvcc is so here too) and the hardware's
// results: float -> half rounds to nearest even (dtype.h's), double -> half is rounded once.
// __nv_bfloat16 (cuda_bf16.h) is the same template, Float16 below, with bfloat16's bits.
#pragma once
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <new>
#include <type_traits>

// dtype.h's conversions, from the very file the sources include (so its #pragma once holds): the
// emulated build compiles a copy of src/ and puts it on the include path; a compile without
// that path (a check of these headers alone) takes the repository's own.
#if __has_include("dtype.h")
#include "dtype.h"
#else
#include "../../../src/dtype.h"
#endif

namespace tensile_emulated_fp {

// x rounded to float with round-to-odd (truncate, then set the last bit if inexact): rounding that
// float to nearest even at 11 or 8 bits gives x correctly rounded (float keeps >= 2 more bits),
// which a plain double -> float -> half would not (it rounds twice). long double holds every
// double and every 64-bit integer exactly.
inline float to_float_odd(long double x) {
  float f = static_cast<float>(x);
  if (!std::isfinite(f) || static_cast<long double>(f) == x) return f;  // exact, NaN, or past float's range
  if (std::fabs(static_cast<long double>(f)) > std::fabs(x)) f = std::nextafter(f, 0.0f);
  uint32_t b;
  std::memcpy(&b, &f, 4);
  b |= 1u;
  std::memcpy(&f, &b, 4);
  return f;
}

// Float -> integer as the device's cvt.rzi: toward zero, saturating, NaN -> 0.
template <typename I>
I to_int_rz(float f) {
  if (f != f) return I(0);
  if (f <= static_cast<float>(std::numeric_limits<I>::lowest())) return std::numeric_limits<I>::lowest();
  if (f >= static_cast<float>(std::numeric_limits<I>::max())) return std::numeric_limits<I>::max();
  return static_cast<I>(f);
}

// The CAS loop of a 16-bit atomic add: old + v rounded once, returning the old value.
template <typename H>
H atomic_add16(H* p, H v) {
  static_assert(sizeof(H) == 2, "16-bit types only");
  std::atomic_ref<unsigned short> word(*reinterpret_cast<unsigned short*>(p));
  unsigned short old = word.load(), next;
  H old_h;
  do {
    std::memcpy(static_cast<void*>(&old_h), &old, 2);
    const H sum(static_cast<float>(old_h) + static_cast<float>(v));
    std::memcpy(&next, &sum, 2);
  } while (!word.compare_exchange_weak(old, next));
  return old_h;
}

// The storage, conversions and operators __half and __nv_bfloat16 share. Self is the type
// itself; F its format: F::round(float) -> bits (to nearest even), F::widen(bits) -> float.
template <typename Self, typename F>
struct alignas(2) Float16 {
 protected:
  unsigned short __x;
  static unsigned short round_wide(long double v) { return F::round(to_float_odd(v)); }

 public:
  Float16() = default;
  Float16(float f) : __x(F::round(f)) {}
  Float16(double d) : __x(round_wide(d)) {}
  Float16(short v) : __x(F::round(static_cast<float>(v))) {}
  Float16(unsigned short v) : __x(F::round(static_cast<float>(v))) {}
  Float16(int v) : __x(round_wide(v)) {}
  Float16(unsigned int v) : __x(round_wide(v)) {}
  Float16(long v) : __x(round_wide(v)) {}
  Float16(unsigned long v) : __x(round_wide(v)) {}
  Float16(long long v) : __x(round_wide(v)) {}
  Float16(unsigned long long v) : __x(round_wide(v)) {}

  unsigned short bits() const { return __x; }
  static Self from_bits(unsigned short b) {
    Self h;
    h.__x = b;
    return h;
  }

  operator float() const { return F::widen(__x); }
  // The integer conversions nvcc allows, toward zero and saturating as the device's.
  operator signed char() const { return to_int_rz<signed char>(float(*this)); }
  operator unsigned char() const { return to_int_rz<unsigned char>(float(*this)); }
  operator char() const { return to_int_rz<char>(float(*this)); }
  operator short() const { return to_int_rz<short>(float(*this)); }
  operator unsigned short() const { return to_int_rz<unsigned short>(float(*this)); }
  operator int() const { return to_int_rz<int>(float(*this)); }
  operator unsigned int() const { return to_int_rz<unsigned int>(float(*this)); }
  operator long() const { return to_int_rz<long>(float(*this)); }
  operator unsigned long() const { return to_int_rz<unsigned long>(float(*this)); }
  operator long long() const { return to_int_rz<long long>(float(*this)); }
  operator unsigned long long() const { return to_int_rz<unsigned long long>(float(*this)); }
  // Both zeros are false, NaN is true.
  operator bool() const { return (__x & 0x7FFFu) != 0; }

  // Arithmetic in float, rounded once (float's 24 bits make that the correctly rounded result,
  // as the device's); comparisons in float.
  friend Self operator+(const Self& a, const Self& b) { return Self(float(a) + float(b)); }
  friend Self operator-(const Self& a, const Self& b) { return Self(float(a) - float(b)); }
  friend Self operator*(const Self& a, const Self& b) { return Self(float(a) * float(b)); }
  friend Self operator/(const Self& a, const Self& b) { return Self(float(a) / float(b)); }
  friend Self& operator+=(Self& a, const Self& b) { return a = a + b; }
  friend Self& operator-=(Self& a, const Self& b) { return a = a - b; }
  friend Self& operator*=(Self& a, const Self& b) { return a = a * b; }
  friend Self& operator/=(Self& a, const Self& b) { return a = a / b; }
  friend Self operator+(const Self& a) { return a; }
  friend Self operator-(const Self& a) { return from_bits(static_cast<unsigned short>(a.__x ^ 0x8000u)); }
  friend bool operator==(const Self& a, const Self& b) { return float(a) == float(b); }
  friend bool operator!=(const Self& a, const Self& b) { return float(a) != float(b); }
  friend bool operator<(const Self& a, const Self& b) { return float(a) < float(b); }
  friend bool operator<=(const Self& a, const Self& b) { return float(a) <= float(b); }
  friend bool operator>(const Self& a, const Self& b) { return float(a) > float(b); }
  friend bool operator>=(const Self& a, const Self& b) { return float(a) >= float(b); }
};

struct HalfBits {
  static unsigned short round(float f) { return tensile::Half::from_float(f); }
  static float widen(unsigned short x) { return tensile::Half::to_float(x); }
};

}  // namespace tensile_emulated_fp

// atomicAdd of the 16-bit types (sm_70 / sm_80): returns the value before the add.
template <typename H, typename F>
H atomicAdd(tensile_emulated_fp::Float16<H, F>* p, H v) {
  return tensile_emulated_fp::atomic_add16(static_cast<H*>(p), v);
}

struct __half : tensile_emulated_fp::Float16<__half, tensile_emulated_fp::HalfBits> {
  using Float16::Float16;
};
static_assert(sizeof(__half) == 2 && std::is_trivially_copyable_v<__half>, "__half must be 16-bit storage");

inline __half __float2half(float f) { return __half(f); }
inline __half __double2half(double d) { return __half(d); }
inline float __half2float(__half h) { return static_cast<float>(h); }
inline unsigned short __half_as_ushort(__half h) { return h.bits(); }
inline __half __ushort_as_half(unsigned short b) { return __half::from_bits(b); }
