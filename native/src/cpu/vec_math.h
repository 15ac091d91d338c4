// Vectorised float32 math for CPU kernels.
#pragma once
#include <cmath>
#include <cstdint>
#if defined(__AVX512F__) || defined(__AVX2__)
#include <immintrin.h>
#endif

// glibc's libmvec: vectorised float32 transcendental functions (max error 4 ulp), declared
// here because math.h only exposes them under -ffast-math, which would break NaN semantics.
extern "C" {
#if defined(__AVX512F__)
#define TENSILE_VEC_WIDTH 16
using vfloat = __m512;
#define TENSILE_MVEC(name) _ZGVeN16v_##name##f
#define TENSILE_DECLARE(name) vfloat TENSILE_MVEC(name)(vfloat);
#elif defined(__AVX2__)
#define TENSILE_VEC_WIDTH 8
using vfloat = __m256;
#define TENSILE_MVEC(name) _ZGVdN8v_##name##f
#define TENSILE_DECLARE(name) vfloat TENSILE_MVEC(name)(vfloat);
#endif
#ifdef TENSILE_VEC_WIDTH
TENSILE_DECLARE(exp) TENSILE_DECLARE(exp2) TENSILE_DECLARE(expm1) TENSILE_DECLARE(log)
TENSILE_DECLARE(log2) TENSILE_DECLARE(log10) TENSILE_DECLARE(log1p) TENSILE_DECLARE(sin)
TENSILE_DECLARE(cos) TENSILE_DECLARE(tan) TENSILE_DECLARE(asin) TENSILE_DECLARE(acos)
TENSILE_DECLARE(atan) TENSILE_DECLARE(sinh) TENSILE_DECLARE(cosh) TENSILE_DECLARE(tanh)
TENSILE_DECLARE(asinh) TENSILE_DECLARE(acosh) TENSILE_DECLARE(atanh) TENSILE_DECLARE(erf)
TENSILE_DECLARE(erfc)
#endif
}


namespace tensile::cpu {

// x[i] = exp(x[i]) over a contiguous run, through libmvec where available.
inline void exp_inplace(float* x, int64_t n) {
  int64_t i = 0;
#if defined(TENSILE_VEC_WIDTH) && TENSILE_VEC_WIDTH == 16
  for (; i + 16 <= n; i += 16) _mm512_storeu_ps(x + i, TENSILE_MVEC(exp)(_mm512_loadu_ps(x + i)));
#elif defined(TENSILE_VEC_WIDTH)
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(x + i, TENSILE_MVEC(exp)(_mm256_loadu_ps(x + i)));
#endif
  for (; i < n; ++i) x[i] = std::exp(x[i]);
}
inline void exp_inplace(double* x, int64_t n) {
  for (int64_t i = 0; i < n; ++i) x[i] = std::exp(x[i]);
}

// The largest of x[0 .. n), NaN if any is NaN, -inf for n == 0.
inline float max_or_nan(const float* x, int64_t n) {
  float m = -INFINITY;
  bool nan = false;
  int64_t i = 0;
#if defined(__AVX512F__)
  __m512 vm = _mm512_set1_ps(-INFINITY);
  __mmask16 vnan = 0;
  for (; i + 16 <= n; i += 16) {
    const __m512 v = _mm512_loadu_ps(x + i);
    vnan |= _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q);
    vm = _mm512_max_ps(vm, v);
  }
  m = _mm512_reduce_max_ps(vm);
  nan = vnan != 0;
#endif
  for (; i < n; ++i) {
    nan |= std::isnan(x[i]);
    m = x[i] > m ? x[i] : m;
  }
  return nan ? NAN : m;
}

}  // namespace tensile::cpu
