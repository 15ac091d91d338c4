// Pooling kernels: one output element per loop iteration, planes split across threads.
// Window and divisor rules follow PyTorch's CPU kernels (aten/src/ATen/native/cpu/*Pool*),
// including NaN propagation in max pooling.
#include "pool.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>

#if defined(__AVX512F__)
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
// GCC 12's own AVX-512 headers raise false -W(maybe-)uninitialized warnings once their
// _mm512_undefined_* based intrinsics are inlined (GCC PR 105593); as in gemm.cc.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>
#endif

#include "../threadpool.h"

namespace tensile::cpu {
namespace {

template <typename F>
void dispatch(DType dt, const char* what, F f) {
  if (dt == DType::Float32) f(float{});
  else if (dt == DType::Float64) f(double{});
  else throw Error(std::string("\"") + what + "\" not implemented for '" + dtype_name(dt) + "'");
}

template <typename F>
void per_plane(const PoolGeom& g, F fn) {
  const int64_t work = g.oh * g.ow * std::max<int64_t>(1, g.kh * g.kw);
  parallel_for(0, g.planes, std::max<int64_t>(1, 16384 / std::max<int64_t>(1, work)), [&](int64_t lo, int64_t hi) {
    for (int64_t p = lo; p < hi; ++p) fn(p);
  });
}

inline int64_t start_index(int64_t o, int64_t out, int64_t in) { return (o * in) / out; }
inline int64_t end_index(int64_t o, int64_t out, int64_t in) { return ((o + 1) * in + out - 1) / out; }

// PyTorch's avg-pool window: clipped to the padded input for the count, then to the input.
struct AvgWindow {
  int64_t h0, h1, w0, w1, divide;
};
inline AvgWindow avg_window(const PoolGeom& g, int64_t oh, int64_t ow) {
  int64_t h0 = oh * g.sh - g.ph, w0 = ow * g.sw - g.pw;
  int64_t h1 = std::min(h0 + g.kh, g.ih + g.ph), w1 = std::min(w0 + g.kw, g.iw + g.pw);
  const int64_t pool = (h1 - h0) * (w1 - w0);
  h0 = std::max<int64_t>(h0, 0);
  w0 = std::max<int64_t>(w0, 0);
  h1 = std::min(h1, g.ih);
  w1 = std::min(w1, g.iw);
  int64_t divide = g.divisor ? g.divisor : g.count_include_pad ? pool : (h1 - h0) * (w1 - w0);
  return {h0, h1, w0, w1, divide};
}

#if defined(__AVX512F__)
// One output row of 2x2 / stride 2 max pooling over input rows r0, r1, 16 outputs at a time:
// the same comparisons in the same order as the scalar loop, as masked blends. Masked loads
// never touch memory past the window. Returns the number of outputs written (all of them).
int64_t max_pool_2x2_row_avx512(const float* r0, const float* r1, float* o, int64_t* id, int64_t ow_n, int64_t base,
                                int64_t iw) {
  const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
  const __m512i odd = _mm512_add_epi32(even, _mm512_set1_epi32(1));
  const __m512i lane2 = _mm512_slli_epi32(_mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), 1);
  int64_t ow = 0;
  for (; ow < ow_n; ow += 16) {
    // a short row or the row's tail: masked loads and stores of the n < 16 outputs left
    const int64_t n = std::min<int64_t>(16, ow_n - ow);
    const __mmask16 m = static_cast<__mmask16>((1u << n) - 1);
    const __mmask16 m0 = static_cast<__mmask16>(n >= 8 ? 0xFFFF : (1u << (2 * n)) - 1);
    const __mmask16 m1 = static_cast<__mmask16>(n > 8 ? (1u << (2 * n - 16)) - 1 : 0);
    const __m512 p0 = _mm512_maskz_loadu_ps(m0, r0 + 2 * ow), p1 = _mm512_maskz_loadu_ps(m1, r0 + 2 * ow + 16);
    const __m512 q0 = _mm512_maskz_loadu_ps(m0, r1 + 2 * ow), q1 = _mm512_maskz_loadu_ps(m1, r1 + 2 * ow + 16);
    const __m512 a = _mm512_permutex2var_ps(p0, even, p1), b = _mm512_permutex2var_ps(p0, odd, p1);
    const __m512 c = _mm512_permutex2var_ps(q0, even, q1), d = _mm512_permutex2var_ps(q0, odd, q1);
    __m512 best = a;
    __m512i k = _mm512_setzero_si512();
    __mmask16 t = _mm512_cmp_ps_mask(b, best, _CMP_GT_OQ) | _mm512_cmp_ps_mask(b, b, _CMP_UNORD_Q);
    best = _mm512_mask_mov_ps(best, t, b);
    k = _mm512_mask_mov_epi32(k, t, _mm512_set1_epi32(1));
    t = _mm512_cmp_ps_mask(c, best, _CMP_GT_OQ) | _mm512_cmp_ps_mask(c, c, _CMP_UNORD_Q);
    best = _mm512_mask_mov_ps(best, t, c);
    k = _mm512_mask_mov_epi32(k, t, _mm512_set1_epi32(static_cast<int>(iw)));
    t = _mm512_cmp_ps_mask(d, best, _CMP_GT_OQ) | _mm512_cmp_ps_mask(d, d, _CMP_UNORD_Q);
    best = _mm512_mask_mov_ps(best, t, d);
    k = _mm512_mask_mov_epi32(k, t, _mm512_set1_epi32(static_cast<int>(iw + 1)));
    _mm512_mask_storeu_ps(o + ow, m, best);
    // index = base + 2 * ow + 2 * lane + k, widened to int64
    const __m512i rel = _mm512_add_epi32(k, lane2);
    const __m512i off = _mm512_set1_epi64(base + 2 * ow);
    _mm512_mask_storeu_epi64(id + ow, static_cast<__mmask8>(m), _mm512_add_epi64(off, _mm512_cvtepi32_epi64(_mm512_castsi512_si256(rel))));
    _mm512_mask_storeu_epi64(id + ow + 8, static_cast<__mmask8>(m >> 8),
                             _mm512_add_epi64(off, _mm512_cvtepi32_epi64(_mm512_extracti64x4_epi64(rel, 1))));
  }
  return ow_n;
}
#endif

}  // namespace

void max_pool2d(DType dt, const PoolGeom& g, const char* xb, char* ob, int64_t* indices) {
  const bool pool2x2 = g.kh == 2 && g.kw == 2 && g.sh == 2 && g.sw == 2 && g.ph == 0 && g.pw == 0 && g.dh == 1 &&
                       g.dw == 1 && 2 * g.oh <= g.ih && 2 * g.ow <= g.iw;
  dispatch(dt, "max_pool2d", [&](auto tag) {
    using T = decltype(tag);
    per_plane(g, [&](int64_t p) {
      const T* x = reinterpret_cast<const T*>(xb) + p * g.ih * g.iw;
      T* out = reinterpret_cast<T*>(ob) + p * g.oh * g.ow;
      int64_t* idx = indices + p * g.oh * g.ow;
      if (pool2x2) {
        // The common 2x2 / stride 2 window fully inside the input: the same comparisons in the
        // same order, written as selects so the loop over ow vectorises (on real data each
        // comparison is a coin toss, which as a branch costs a misprediction every other time).
        for (int64_t oh = 0; oh < g.oh; ++oh) {
          const T* r0 = x + 2 * oh * g.iw;
          const T* r1 = r0 + g.iw;
          T* o = out + oh * g.ow;
          int64_t* id = idx + oh * g.ow;
          const int64_t base = 2 * oh * g.iw, iw = g.iw;
          int64_t ow = 0;
#if defined(__AVX512F__)
          if constexpr (std::is_same_v<T, float>) ow = max_pool_2x2_row_avx512(r0, r1, o, id, g.ow, base, iw);
#endif
          for (; ow < g.ow; ++ow) {
            const T a = r0[2 * ow], b = r0[2 * ow + 1], c = r1[2 * ow], d = r1[2 * ow + 1];
            T best = a;  // the first element wins over the initial -inf unless it is -inf itself,
            int64_t k = 0;  // when the initial index (also the first element's) is kept: the same
            const bool tb = (b > best) | (b != b);  // b != b: NaN propagates, as in PyTorch
            best = tb ? b : best;
            k = tb ? 1 : k;
            const bool tc = (c > best) | (c != c);
            best = tc ? c : best;
            k = tc ? iw : k;
            const bool td = (d > best) | (d != d);
            best = td ? d : best;
            k = td ? iw + 1 : k;
            o[ow] = best;
            id[ow] = base + 2 * ow + k;
          }
        }
        return;
      }
      for (int64_t oh = 0; oh < g.oh; ++oh) {
        int64_t h0 = oh * g.sh - g.ph;
        while (h0 < 0) h0 += g.dh;
        const int64_t h1 = std::min(oh * g.sh - g.ph + (g.kh - 1) * g.dh + 1, g.ih);
        for (int64_t ow = 0; ow < g.ow; ++ow) {
          int64_t w0 = ow * g.sw - g.pw;
          while (w0 < 0) w0 += g.dw;
          const int64_t w1 = std::min(ow * g.sw - g.pw + (g.kw - 1) * g.dw + 1, g.iw);
          T best = -std::numeric_limits<T>::infinity();
          int64_t bi = h0 * g.iw + w0;
          for (int64_t h = h0; h < h1; h += g.dh) {
            const T* row = x + h * g.iw;
            for (int64_t w = w0; w < w1; w += g.dw) {
              const T v = row[w];
              const bool take = (v > best) | (v != v);
              best = take ? v : best;
              bi = take ? h * g.iw + w : bi;
            }
          }
          out[oh * g.ow + ow] = best;
          idx[oh * g.ow + ow] = bi;
        }
      }
    });
  });
}

void max_pool2d_backward(DType dt, const PoolGeom& g, const char* gb, const int64_t* indices, char* ib) {
  dispatch(dt, "max_pool2d_with_indices_backward", [&](auto tag) {
    using T = decltype(tag);
    const int64_t ni = g.ih * g.iw, no = g.oh * g.ow;
    parallel_for(0, g.planes, std::max<int64_t>(1, 32768 / std::max<int64_t>(1, ni + no)), [&](int64_t lo, int64_t hi) {
      for (int64_t p = lo; p < hi; ++p) {
        const T* go = reinterpret_cast<const T*>(gb) + p * no;
        const int64_t* idx = indices + p * no;
        T* gi = reinterpret_cast<T*>(ib) + p * ni;
        std::memset(gi, 0, sizeof(T) * ni);
        for (int64_t j = 0; j < no; ++j) gi[idx[j]] += go[j];
      }
    });
  });
}

void avg_pool2d(DType dt, const PoolGeom& g, const char* xb, char* ob) {
  dispatch(dt, "avg_pool2d", [&](auto tag) {
    using T = decltype(tag);
    per_plane(g, [&](int64_t p) {
      const T* x = reinterpret_cast<const T*>(xb) + p * g.ih * g.iw;
      T* out = reinterpret_cast<T*>(ob) + p * g.oh * g.ow;
      for (int64_t oh = 0; oh < g.oh; ++oh)
        for (int64_t ow = 0; ow < g.ow; ++ow) {
          const AvgWindow a = avg_window(g, oh, ow);
          T s = 0;
          for (int64_t h = a.h0; h < a.h1; ++h)
            for (int64_t w = a.w0; w < a.w1; ++w) s += x[h * g.iw + w];
          out[oh * g.ow + ow] = a.divide ? s / static_cast<T>(a.divide) : T(0);
        }
    });
  });
}

void avg_pool2d_backward(DType dt, const PoolGeom& g, const char* gb, char* ib) {
  dispatch(dt, "avg_pool2d_backward", [&](auto tag) {
    using T = decltype(tag);
    per_plane(g, [&](int64_t p) {
      const T* go = reinterpret_cast<const T*>(gb) + p * g.oh * g.ow;
      T* gi = reinterpret_cast<T*>(ib) + p * g.ih * g.iw;
      std::memset(gi, 0, sizeof(T) * g.ih * g.iw);
      for (int64_t oh = 0; oh < g.oh; ++oh)
        for (int64_t ow = 0; ow < g.ow; ++ow) {
          const AvgWindow a = avg_window(g, oh, ow);
          if (!a.divide) continue;
          const T v = go[oh * g.ow + ow] / static_cast<T>(a.divide);
          for (int64_t h = a.h0; h < a.h1; ++h)
            for (int64_t w = a.w0; w < a.w1; ++w) gi[h * g.iw + w] += v;
        }
    });
  });
}

void adaptive_pool2d(DType dt, bool is_max, const PoolGeom& g, const char* xb, char* ob, int64_t* indices) {
  dispatch(dt, is_max ? "adaptive_max_pool2d" : "adaptive_avg_pool2d", [&](auto tag) {
    using T = decltype(tag);
    per_plane(g, [&](int64_t p) {
      const T* x = reinterpret_cast<const T*>(xb) + p * g.ih * g.iw;
      T* out = reinterpret_cast<T*>(ob) + p * g.oh * g.ow;
      for (int64_t oh = 0; oh < g.oh; ++oh) {
        const int64_t h0 = start_index(oh, g.oh, g.ih), h1 = end_index(oh, g.oh, g.ih);
        for (int64_t ow = 0; ow < g.ow; ++ow) {
          const int64_t w0 = start_index(ow, g.ow, g.iw), w1 = end_index(ow, g.ow, g.iw);
          if (is_max) {
            T best = -std::numeric_limits<T>::infinity();
            int64_t bi = h0 * g.iw + w0;
            for (int64_t h = h0; h < h1; ++h)
              for (int64_t w = w0; w < w1; ++w) {
                const T v = x[h * g.iw + w];
                if (v > best || std::isnan(v)) {
                  best = v;
                  bi = h * g.iw + w;
                }
              }
            out[oh * g.ow + ow] = best;
            indices[p * g.oh * g.ow + oh * g.ow + ow] = bi;
          } else {
            T s = 0;
            for (int64_t h = h0; h < h1; ++h)
              for (int64_t w = w0; w < w1; ++w) s += x[h * g.iw + w];
            out[oh * g.ow + ow] = s / static_cast<T>((h1 - h0) * (w1 - w0));
          }
        }
      }
    });
  });
}

void adaptive_avg_pool2d_backward(DType dt, const PoolGeom& g, const char* gb, char* ib) {
  dispatch(dt, "adaptive_avg_pool2d_backward", [&](auto tag) {
    using T = decltype(tag);
    per_plane(g, [&](int64_t p) {
      const T* go = reinterpret_cast<const T*>(gb) + p * g.oh * g.ow;
      T* gi = reinterpret_cast<T*>(ib) + p * g.ih * g.iw;
      std::memset(gi, 0, sizeof(T) * g.ih * g.iw);
      for (int64_t oh = 0; oh < g.oh; ++oh) {
        const int64_t h0 = start_index(oh, g.oh, g.ih), h1 = end_index(oh, g.oh, g.ih);
        for (int64_t ow = 0; ow < g.ow; ++ow) {
          const int64_t w0 = start_index(ow, g.ow, g.iw), w1 = end_index(ow, g.ow, g.iw);
          const T v = go[oh * g.ow + ow] / static_cast<T>((h1 - h0) * (w1 - w0));
          for (int64_t h = h0; h < h1; ++h)
            for (int64_t w = w0; w < w1; ++w) gi[h * g.iw + w] += v;
        }
      }
    });
  });
}

}  // namespace tensile::cpu
