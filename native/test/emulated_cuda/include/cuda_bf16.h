// Stand-in for CUDA's cuda_bf16.h in the emulated (host-only) CUDA build: __nv_bfloat16 as 16-bit
// storage with the conversions, operators and intrinsics the kernels use, following CUDA 12's
// nvcc API and the hardware's results: float -> bfloat16 rounds to nearest even (dtype.h's),
// double -> bfloat16 is rounded once. The shared helpers live in cuda_fp16.h.
#pragma once
#include "cuda_fp16.h"

struct __nv_bfloat16_raw {
  unsigned short x;
};

struct alignas(2) __nv_bfloat16 {
 protected:
  unsigned short __x;

  static unsigned short round(float f) { return tensile::BFloat16::from_float(f); }
  static float widen(unsigned short x) {
    tensile::BFloat16 b;
    b.x = x;
    return static_cast<float>(b);
  }
  static unsigned short round_wide(long double v) { return round(tensile_emulated_fp::to_float_odd(v)); }

 public:
  __nv_bfloat16() = default;
  constexpr __nv_bfloat16(const __nv_bfloat16_raw& r) : __x(r.x) {}
  constexpr operator __nv_bfloat16_raw() const { return __nv_bfloat16_raw{__x}; }

  __nv_bfloat16(float f) : __x(round(f)) {}
  __nv_bfloat16(double d) : __x(round_wide(d)) {}
  __nv_bfloat16(short v) : __x(round(static_cast<float>(v))) {}
  __nv_bfloat16(unsigned short v) : __x(round(static_cast<float>(v))) {}
  __nv_bfloat16(int v) : __x(round_wide(v)) {}
  __nv_bfloat16(unsigned int v) : __x(round_wide(v)) {}
  __nv_bfloat16(long v) : __x(round_wide(v)) {}
  __nv_bfloat16(unsigned long v) : __x(round_wide(v)) {}
  __nv_bfloat16(long long v) : __x(round_wide(v)) {}
  __nv_bfloat16(unsigned long long v) : __x(round_wide(v)) {}

  __nv_bfloat16& operator=(float f) { return *this = __nv_bfloat16(f); }
  __nv_bfloat16& operator=(double d) { return *this = __nv_bfloat16(d); }
  __nv_bfloat16& operator=(short v) { return *this = __nv_bfloat16(v); }
  __nv_bfloat16& operator=(unsigned short v) { return *this = __nv_bfloat16(v); }
  __nv_bfloat16& operator=(int v) { return *this = __nv_bfloat16(v); }
  __nv_bfloat16& operator=(unsigned int v) { return *this = __nv_bfloat16(v); }
  __nv_bfloat16& operator=(long v) { return *this = __nv_bfloat16(v); }
  __nv_bfloat16& operator=(unsigned long v) { return *this = __nv_bfloat16(v); }
  __nv_bfloat16& operator=(long long v) { return *this = __nv_bfloat16(v); }
  __nv_bfloat16& operator=(unsigned long long v) { return *this = __nv_bfloat16(v); }

  operator float() const { return widen(__x); }
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
static_assert(sizeof(__nv_bfloat16) == 2 && std::is_trivially_copyable_v<__nv_bfloat16>, "__nv_bfloat16 must be 16-bit storage");

// ---- conversions and bit casts
inline __nv_bfloat16 __float2bfloat16(float f) { return __nv_bfloat16(f); }
inline __nv_bfloat16 __float2bfloat16_rn(float f) { return __nv_bfloat16(f); }
inline __nv_bfloat16 __double2bfloat16(double d) { return __nv_bfloat16(d); }
inline float __bfloat162float(__nv_bfloat16 h) { return static_cast<float>(h); }
inline __nv_bfloat16 __int2bfloat16_rn(int v) { return __nv_bfloat16(v); }
inline int __bfloat162int_rz(__nv_bfloat16 h) { return static_cast<int>(h); }
inline __nv_bfloat16 __ll2bfloat16_rn(long long v) { return __nv_bfloat16(v); }
inline long long __bfloat162ll_rz(__nv_bfloat16 h) { return static_cast<long long>(h); }
inline unsigned short __bfloat16_as_ushort(__nv_bfloat16 h) { return static_cast<__nv_bfloat16_raw>(h).x; }
inline short __bfloat16_as_short(__nv_bfloat16 h) { return static_cast<short>(static_cast<__nv_bfloat16_raw>(h).x); }
inline __nv_bfloat16 __ushort_as_bfloat16(unsigned short b) { return __nv_bfloat16(__nv_bfloat16_raw{b}); }
inline __nv_bfloat16 __short_as_bfloat16(short b) { return __nv_bfloat16(__nv_bfloat16_raw{static_cast<unsigned short>(b)}); }

// ---- arithmetic and comparisons, computed in float and rounded once (float's 24 bits make that
// the correctly rounded bfloat16 result, as the device's)
inline __nv_bfloat16 __hadd(__nv_bfloat16 a, __nv_bfloat16 b) { return __nv_bfloat16(float(a) + float(b)); }
inline __nv_bfloat16 __hsub(__nv_bfloat16 a, __nv_bfloat16 b) { return __nv_bfloat16(float(a) - float(b)); }
inline __nv_bfloat16 __hmul(__nv_bfloat16 a, __nv_bfloat16 b) { return __nv_bfloat16(float(a) * float(b)); }
inline __nv_bfloat16 __hdiv(__nv_bfloat16 a, __nv_bfloat16 b) { return __nv_bfloat16(float(a) / float(b)); }
inline __nv_bfloat16 __hfma(__nv_bfloat16 a, __nv_bfloat16 b, __nv_bfloat16 c) { return __nv_bfloat16(std::fma(float(a), float(b), float(c))); }
inline __nv_bfloat16 __hneg(__nv_bfloat16 a) { return __ushort_as_bfloat16(static_cast<unsigned short>(__bfloat16_as_ushort(a) ^ 0x8000u)); }
inline __nv_bfloat16 __habs(__nv_bfloat16 a) { return __ushort_as_bfloat16(static_cast<unsigned short>(__bfloat16_as_ushort(a) & 0x7FFFu)); }
inline bool __hisnan(__nv_bfloat16 a) { return (__bfloat16_as_ushort(a) & 0x7FFFu) > 0x7F80u; }
inline bool __heq(__nv_bfloat16 a, __nv_bfloat16 b) { return float(a) == float(b); }
inline bool __hne(__nv_bfloat16 a, __nv_bfloat16 b) { return float(a) != float(b) && !__hisnan(a) && !__hisnan(b); }  // ordered
inline bool __hneu(__nv_bfloat16 a, __nv_bfloat16 b) { return float(a) != float(b); }
inline bool __hlt(__nv_bfloat16 a, __nv_bfloat16 b) { return float(a) < float(b); }
inline bool __hle(__nv_bfloat16 a, __nv_bfloat16 b) { return float(a) <= float(b); }
inline bool __hgt(__nv_bfloat16 a, __nv_bfloat16 b) { return float(a) > float(b); }
inline bool __hge(__nv_bfloat16 a, __nv_bfloat16 b) { return float(a) >= float(b); }
inline int __hisinf(__nv_bfloat16 a) {
  const unsigned short b = __bfloat16_as_ushort(a);
  return (b & 0x7FFFu) == 0x7F80u ? ((b & 0x8000u) ? -1 : 1) : 0;
}

inline __nv_bfloat16 operator+(const __nv_bfloat16& a, const __nv_bfloat16& b) { return __hadd(a, b); }
inline __nv_bfloat16 operator-(const __nv_bfloat16& a, const __nv_bfloat16& b) { return __hsub(a, b); }
inline __nv_bfloat16 operator*(const __nv_bfloat16& a, const __nv_bfloat16& b) { return __hmul(a, b); }
inline __nv_bfloat16 operator/(const __nv_bfloat16& a, const __nv_bfloat16& b) { return __hdiv(a, b); }
inline __nv_bfloat16& operator+=(__nv_bfloat16& a, const __nv_bfloat16& b) { return a = __hadd(a, b); }
inline __nv_bfloat16& operator-=(__nv_bfloat16& a, const __nv_bfloat16& b) { return a = __hsub(a, b); }
inline __nv_bfloat16& operator*=(__nv_bfloat16& a, const __nv_bfloat16& b) { return a = __hmul(a, b); }
inline __nv_bfloat16& operator/=(__nv_bfloat16& a, const __nv_bfloat16& b) { return a = __hdiv(a, b); }
inline __nv_bfloat16& operator++(__nv_bfloat16& a) { return a = __hadd(a, __ushort_as_bfloat16(0x3F80u)); }
inline __nv_bfloat16& operator--(__nv_bfloat16& a) { return a = __hsub(a, __ushort_as_bfloat16(0x3F80u)); }
inline __nv_bfloat16 operator++(__nv_bfloat16& a, int) { const __nv_bfloat16 old = a; ++a; return old; }
inline __nv_bfloat16 operator--(__nv_bfloat16& a, int) { const __nv_bfloat16 old = a; --a; return old; }
inline __nv_bfloat16 operator+(const __nv_bfloat16& a) { return a; }
inline __nv_bfloat16 operator-(const __nv_bfloat16& a) { return __hneg(a); }
inline bool operator==(const __nv_bfloat16& a, const __nv_bfloat16& b) { return __heq(a, b); }
inline bool operator!=(const __nv_bfloat16& a, const __nv_bfloat16& b) { return __hneu(a, b); }
inline bool operator<(const __nv_bfloat16& a, const __nv_bfloat16& b) { return __hlt(a, b); }
inline bool operator<=(const __nv_bfloat16& a, const __nv_bfloat16& b) { return __hle(a, b); }
inline bool operator>(const __nv_bfloat16& a, const __nv_bfloat16& b) { return __hgt(a, b); }
inline bool operator>=(const __nv_bfloat16& a, const __nv_bfloat16& b) { return __hge(a, b); }

// atomicAdd of bfloat16s (sm_80+): returns the value before the add.
inline __nv_bfloat16 atomicAdd(__nv_bfloat16* p, __nv_bfloat16 v) { return tensile_emulated_fp::atomic_add16(p, v); }
