// Stand-in for CUDA's cuda_fp16.h in the emulated (host-only) CUDA build: __half as 16-bit
// storage with the conversions, operators and intrinsics the kernels use, following CUDA 12's
// nvcc API (so code that is ambiguous or ill-formed for nvcc is so here too) and the hardware's
// results: float -> half rounds to nearest even (dtype.h's), double -> half is rounded once.
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

}  // namespace tensile_emulated_fp

struct __half_raw {
  unsigned short x;
};

struct alignas(2) __half {
 protected:
  unsigned short __x;

  static unsigned short round(float f) { return tensile::Half::from_float(f); }
  static unsigned short round_wide(long double v) { return round(tensile_emulated_fp::to_float_odd(v)); }

 public:
  __half() = default;
  constexpr __half(const __half_raw& r) : __x(r.x) {}
  constexpr operator __half_raw() const { return __half_raw{__x}; }

  __half(float f) : __x(round(f)) {}
  __half(double d) : __x(round_wide(d)) {}
  __half(short v) : __x(round(static_cast<float>(v))) {}
  __half(unsigned short v) : __x(round(static_cast<float>(v))) {}
  __half(int v) : __x(round_wide(v)) {}
  __half(unsigned int v) : __x(round_wide(v)) {}
  __half(long v) : __x(round_wide(v)) {}
  __half(unsigned long v) : __x(round_wide(v)) {}
  __half(long long v) : __x(round_wide(v)) {}
  __half(unsigned long long v) : __x(round_wide(v)) {}

  __half& operator=(float f) { return *this = __half(f); }
  __half& operator=(double d) { return *this = __half(d); }
  __half& operator=(short v) { return *this = __half(v); }
  __half& operator=(unsigned short v) { return *this = __half(v); }
  __half& operator=(int v) { return *this = __half(v); }
  __half& operator=(unsigned int v) { return *this = __half(v); }
  __half& operator=(long v) { return *this = __half(v); }
  __half& operator=(unsigned long v) { return *this = __half(v); }
  __half& operator=(long long v) { return *this = __half(v); }
  __half& operator=(unsigned long long v) { return *this = __half(v); }

  operator float() const { return tensile::Half::to_float(__x); }
  // The integer conversions nvcc allows, toward zero and saturating as the device's.
  operator signed char() const { return tensile_emulated_fp::to_int_rz<signed char>(float(*this)); }
  operator unsigned char() const { return tensile_emulated_fp::to_int_rz<unsigned char>(float(*this)); }
  operator char() const { return tensile_emulated_fp::to_int_rz<char>(float(*this)); }
  operator short() const { return tensile_emulated_fp::to_int_rz<short>(float(*this)); }
  operator unsigned short() const { return tensile_emulated_fp::to_int_rz<unsigned short>(float(*this)); }
  operator int() const { return tensile_emulated_fp::to_int_rz<int>(float(*this)); }
  operator unsigned int() const { return tensile_emulated_fp::to_int_rz<unsigned int>(float(*this)); }
  operator long() const { return tensile_emulated_fp::to_int_rz<long>(float(*this)); }
  operator unsigned long() const { return tensile_emulated_fp::to_int_rz<unsigned long>(float(*this)); }
  operator long long() const { return tensile_emulated_fp::to_int_rz<long long>(float(*this)); }
  operator unsigned long long() const { return tensile_emulated_fp::to_int_rz<unsigned long long>(float(*this)); }
  // Both zeros are false, NaN is true.
  operator bool() const { return (__x & 0x7FFFu) != 0; }
};
static_assert(sizeof(__half) == 2 && std::is_trivially_copyable_v<__half>, "__half must be 16-bit storage");

// ---- conversions and bit casts
inline __half __float2half(float f) { return __half(f); }
inline __half __float2half_rn(float f) { return __half(f); }
inline __half __double2half(double d) { return __half(d); }
inline float __half2float(__half h) { return static_cast<float>(h); }
inline __half __int2half_rn(int v) { return __half(v); }
inline int __half2int_rz(__half h) { return static_cast<int>(h); }
inline __half __ll2half_rn(long long v) { return __half(v); }
inline long long __half2ll_rz(__half h) { return static_cast<long long>(h); }
inline unsigned short __half_as_ushort(__half h) { return static_cast<__half_raw>(h).x; }
inline short __half_as_short(__half h) { return static_cast<short>(static_cast<__half_raw>(h).x); }
inline __half __ushort_as_half(unsigned short b) { return __half(__half_raw{b}); }
inline __half __short_as_half(short b) { return __half(__half_raw{static_cast<unsigned short>(b)}); }

// ---- arithmetic and comparisons, computed in float and rounded once (float's 24 bits make that
// the correctly rounded half result, as the device's)
inline __half __hadd(__half a, __half b) { return __half(float(a) + float(b)); }
inline __half __hsub(__half a, __half b) { return __half(float(a) - float(b)); }
inline __half __hmul(__half a, __half b) { return __half(float(a) * float(b)); }
inline __half __hdiv(__half a, __half b) { return __half(float(a) / float(b)); }
inline __half __hfma(__half a, __half b, __half c) { return __half(std::fma(float(a), float(b), float(c))); }
inline __half __hneg(__half a) { return __ushort_as_half(static_cast<unsigned short>(__half_as_ushort(a) ^ 0x8000u)); }
inline __half __habs(__half a) { return __ushort_as_half(static_cast<unsigned short>(__half_as_ushort(a) & 0x7FFFu)); }
inline bool __hisnan(__half a) { return (__half_as_ushort(a) & 0x7FFFu) > 0x7C00u; }
inline bool __heq(__half a, __half b) { return float(a) == float(b); }
inline bool __hne(__half a, __half b) { return float(a) != float(b) && !__hisnan(a) && !__hisnan(b); }  // ordered
inline bool __hneu(__half a, __half b) { return float(a) != float(b); }
inline bool __hlt(__half a, __half b) { return float(a) < float(b); }
inline bool __hle(__half a, __half b) { return float(a) <= float(b); }
inline bool __hgt(__half a, __half b) { return float(a) > float(b); }
inline bool __hge(__half a, __half b) { return float(a) >= float(b); }
inline int __hisinf(__half a) {
  const unsigned short b = __half_as_ushort(a);
  return (b & 0x7FFFu) == 0x7C00u ? ((b & 0x8000u) ? -1 : 1) : 0;
}

inline __half operator+(const __half& a, const __half& b) { return __hadd(a, b); }
inline __half operator-(const __half& a, const __half& b) { return __hsub(a, b); }
inline __half operator*(const __half& a, const __half& b) { return __hmul(a, b); }
inline __half operator/(const __half& a, const __half& b) { return __hdiv(a, b); }
inline __half& operator+=(__half& a, const __half& b) { return a = __hadd(a, b); }
inline __half& operator-=(__half& a, const __half& b) { return a = __hsub(a, b); }
inline __half& operator*=(__half& a, const __half& b) { return a = __hmul(a, b); }
inline __half& operator/=(__half& a, const __half& b) { return a = __hdiv(a, b); }
inline __half& operator++(__half& a) { return a = __hadd(a, __ushort_as_half(0x3C00u)); }
inline __half& operator--(__half& a) { return a = __hsub(a, __ushort_as_half(0x3C00u)); }
inline __half operator++(__half& a, int) { const __half old = a; ++a; return old; }
inline __half operator--(__half& a, int) { const __half old = a; --a; return old; }
inline __half operator+(const __half& a) { return a; }
inline __half operator-(const __half& a) { return __hneg(a); }
inline bool operator==(const __half& a, const __half& b) { return __heq(a, b); }
inline bool operator!=(const __half& a, const __half& b) { return __hneu(a, b); }
inline bool operator<(const __half& a, const __half& b) { return __hlt(a, b); }
inline bool operator<=(const __half& a, const __half& b) { return __hle(a, b); }
inline bool operator>(const __half& a, const __half& b) { return __hgt(a, b); }
inline bool operator>=(const __half& a, const __half& b) { return __hge(a, b); }

// atomicAdd of halves (sm_70+): returns the value before the add.
inline __half atomicAdd(__half* p, __half v) { return tensile_emulated_fp::atomic_add16(p, v); }
