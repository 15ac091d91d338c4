// In-register transposes of a 16 x 16 float / 8 x 8 double AVX-512 tile (rows in, columns
// out): the usual unpack / in-lane shuffle / cross-lane shuffle ladder. Used by the GEMM's
// packing of transposed operands and by the convolution's implicit-GEMM packers.
#pragma once
#if defined(__AVX512F__)
#include <immintrin.h>

namespace tensile::cpu {

inline void transpose_tile(__m512 (&r)[16]) {
  __m512 t[16], u[16];
  for (int i = 0; i < 16; i += 2) {
    t[i] = _mm512_unpacklo_ps(r[i], r[i + 1]);
    t[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]);
  }
  for (int i = 0; i < 16; i += 4) {
    u[i] = _mm512_shuffle_ps(t[i], t[i + 2], 0x44);
    u[i + 1] = _mm512_shuffle_ps(t[i], t[i + 2], 0xEE);
    u[i + 2] = _mm512_shuffle_ps(t[i + 1], t[i + 3], 0x44);
    u[i + 3] = _mm512_shuffle_ps(t[i + 1], t[i + 3], 0xEE);
  }
  // u[4q + c] lane L now holds column 4L + c of rows 4q..4q+3.
  for (int h = 0; h < 16; h += 8)
    for (int c = 0; c < 4; ++c) {
      t[h + c] = _mm512_shuffle_f32x4(u[h + c], u[h + 4 + c], 0x88);
      t[h + 4 + c] = _mm512_shuffle_f32x4(u[h + c], u[h + 4 + c], 0xDD);
    }
  for (int c = 0; c < 8; ++c) {
    r[c] = _mm512_shuffle_f32x4(t[c], t[8 + c], 0x88);
    r[8 + c] = _mm512_shuffle_f32x4(t[c], t[8 + c], 0xDD);
  }
}
inline void transpose_tile(__m512d (&r)[8]) {
  __m512d t[8], u[8];
  for (int i = 0; i < 8; i += 2) {
    t[i] = _mm512_unpacklo_pd(r[i], r[i + 1]);
    t[i + 1] = _mm512_unpackhi_pd(r[i], r[i + 1]);
  }
  for (int h = 0; h < 8; h += 4) {
    u[h] = _mm512_shuffle_f64x2(t[h], t[h + 2], 0x88);
    u[h + 1] = _mm512_shuffle_f64x2(t[h + 1], t[h + 3], 0x88);
    u[h + 2] = _mm512_shuffle_f64x2(t[h], t[h + 2], 0xDD);
    u[h + 3] = _mm512_shuffle_f64x2(t[h + 1], t[h + 3], 0xDD);
  }
  for (int c = 0; c < 4; ++c) {
    r[c] = _mm512_shuffle_f64x2(u[c], u[4 + c], 0x88);
    r[4 + c] = _mm512_shuffle_f64x2(u[c], u[4 + c], 0xDD);
  }
}

}  // namespace tensile::cpu
#endif
