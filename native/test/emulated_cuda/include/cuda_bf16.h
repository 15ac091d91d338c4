// Stand-in for CUDA's cuda_bf16.h in the emulated (host-only) CUDA build: __nv_bfloat16 as cuda_fp16.h's
// Float16 with bfloat16's bits (float -> bfloat16 to nearest even, dtype.h's; double rounded once).
#pragma once
#include "cuda_fp16.h"

namespace tensile_emulated_fp {
struct BFloat16Bits {
  static unsigned short round(float f) { return tensile::BFloat16::from_float(f); }
  static float widen(unsigned short x) {
    tensile::BFloat16 b;
    b.x = x;
    return static_cast<float>(b);
  }
};
}  // namespace tensile_emulated_fp

struct __nv_bfloat16 : tensile_emulated_fp::Float16<__nv_bfloat16, tensile_emulated_fp::BFloat16Bits> {
  using Float16::Float16;
};
static_assert(sizeof(__nv_bfloat16) == 2 && std::is_trivially_copyable_v<__nv_bfloat16>, "__nv_bfloat16 must be 16-bit storage");

inline __nv_bfloat16 __float2bfloat16(float f) { return __nv_bfloat16(f); }
inline __nv_bfloat16 __double2bfloat16(double d) { return __nv_bfloat16(d); }
inline float __bfloat162float(__nv_bfloat16 h) { return static_cast<float>(h); }
inline unsigned short __bfloat16_as_ushort(__nv_bfloat16 h) { return h.bits(); }
inline __nv_bfloat16 __ushort_as_bfloat16(unsigned short b) { return __nv_bfloat16::from_bits(b); }
