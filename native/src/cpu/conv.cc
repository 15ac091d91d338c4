// Convolution as GEMM, for 1-, 2- and 3-d convolutions alike. A sample's patches unrolled into a
// (C*k, L) column matrix (L = output positions) turn the convolution of one group into one GEMM
// with the (O/G, C/G*k) weight matrix; the gradients are the two transposed products.
//
// The forward and the weight gradient never build the column matrix: every entry of it is
// input[rowoff(row) + coloff(position)] on a zero-padded copy of the sample's input, so the
// GEMM's B panels are packed straight from that copy ("implicit GEMM", gemm_packed_b). im2col
// followed by the GEMM's own packing wrote and re-read every column entry twice, and that was
// close to half of the forward time. The input gradient of a stride-1 convolution with many
// input channels is itself such a convolution (of gout, with flipped kernels); the other cases
// take the explicit route: a GEMM into column chunks that fit in L2, scattered back by col2im.
// Work items (sample, chunk of positions) or (sample, channel block) are spread over the
// threads, each GEMM single-threaded inside (the pool runs nested regions inline).
#include "conv.h"
#include "transpose.h"

#include <alloca.h>

#include <algorithm>
#include <cstring>
#include <type_traits>
#include <string>
#include <vector>

#include "../threadpool.h"
#include "gemm.h"

#if defined(__AVX512F__)
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
// GCC 12's AVX-512 headers raise false -W(maybe-)uninitialized warnings (GCC PR 105593).
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>
#endif

namespace tensile::cpu {
namespace {

// Grow-only per-thread scratch: a fresh allocation per call would pay a page fault per page.
// Slots keep buffers that are live at the same time apart.
template <typename T, int Slot = 0>
T* scratch(size_t n) {
  thread_local std::vector<char> buf;
  if (buf.size() < n * sizeof(T)) buf.resize(n * sizeof(T));
  return reinterpret_cast<T*>(buf.data());
}

// ceil(a / b) for b > 0 and any sign of a.
inline int64_t cdiv(int64_t a, int64_t b) { return a >= 0 ? (a + b - 1) / b : -((-a) / b); }

bool is_pointwise(const ConvGeom& g) {
  for (int d = 0; d < 3; ++d)
    if (g.k[d] != 1 || g.stride[d] != 1 || g.pad[d] != 0 || g.out[d] != g.in[d]) return false;
  return true;
}

#if defined(__AVX512F__)
// The few vector operations the implicit-im2col packer needs.
template <typename T>
struct VecOf;
template <>
struct VecOf<float> {
  using V = __m512;
  using M = __mmask16;
  static constexpr int W = 16;
  static V zero() { return _mm512_setzero_ps(); }
  static V set1(float x) { return _mm512_set1_ps(x); }
  static V add(V a, V b) { return _mm512_add_ps(a, b); }
  static V merge(V v, M m, const float* p) { return _mm512_mask_loadu_ps(v, m, p); }
  static V loadz(M m, const float* p) { return _mm512_maskz_loadu_ps(m, p); }
  static V orv(V a, V b) { return _mm512_or_ps(a, b); }
  static void store(float* p, V v) { _mm512_storeu_ps(p, v); }
  static void store_n(float* p, M m, V v) { _mm512_mask_storeu_ps(p, m, v); }
};
template <>
struct VecOf<double> {
  using V = __m512d;
  using M = __mmask8;
  static constexpr int W = 8;
  static V zero() { return _mm512_setzero_pd(); }
  static V set1(double x) { return _mm512_set1_pd(x); }
  static V add(V a, V b) { return _mm512_add_pd(a, b); }
  static V merge(V v, M m, const double* p) { return _mm512_mask_loadu_pd(v, m, p); }
  static V loadz(M m, const double* p) { return _mm512_maskz_loadu_pd(m, p); }
  static V orv(V a, V b) { return _mm512_or_pd(a, b); }
  static void store(double* p, V v) { _mm512_storeu_pd(p, v); }
  static void store_n(double* p, M m, V v) { _mm512_mask_storeu_pd(p, m, v); }
};
#endif

// A short contiguous copy (one row, typically tens of elements), d = src (+ add when kAdd):
// inline vector moves, where a memcpy call's dispatch costs as much as the copy (GCC turns a
// plain loop into that call).
template <typename T, bool kAdd = false>
inline void copy_run(T* __restrict d, const T* __restrict src, int64_t n, T add = T(0)) {
#if defined(__AVX512F__)
  using VT = VecOf<T>;
  constexpr int W = VT::W;
  const typename VT::V va = VT::set1(add);
  int64_t j = 0;
  for (; j + W <= n; j += W) {
    const typename VT::V v = VT::loadz(typename VT::M(~0u), src + j);
    VT::store(d + j, kAdd ? VT::add(v, va) : v);
  }
  if (j < n) {
    const typename VT::M m = typename VT::M((1u << (n - j)) - 1);
    const typename VT::V v = VT::loadz(m, src + j);
    VT::store_n(d + j, m, kAdd ? VT::add(v, va) : v);
  }
#else
  for (int64_t j = 0; j < n; ++j) d[j] = kAdd ? src[j] + add : src[j];
#endif
}

// Extents of the zero-padded input: leading pad, the input, and as much trailing pad as the
// windows reach; `padded` is false when that is the input itself.
inline void padded_extent(const ConvGeom& g, int64_t* ext, bool& padded) {
  padded = false;
  for (int d = 0; d < 3; ++d) {
    const int64_t need = (g.out[d] - 1) * g.stride[d] + (g.k[d] - 1) * g.dil[d] + 1;
    ext[d] = std::max(g.pad[d] + g.in[d], need);
    if (ext[d] != g.in[d] || g.pad[d] != 0) padded = true;
  }
}

// out[i] = offset in the padded input (extents ext) of column-matrix row r0 + i, for cnt rows:
// channel c0 + r / k plus the kernel tap r % k. Counted up, not divided out per row: the
// divisions cost as much as packing the row.
inline void row_offsets(const ConvGeom& g, const int64_t* ext, int64_t c0, int64_t r0, int64_t cnt, int64_t* out) {
  if (cnt <= 0) return;
  const int64_t plane12 = ext[1] * ext[2], plane = ext[0] * plane12, K = g.kernel();
  const int64_t t = r0 % K;
  int64_t c = c0 + r0 / K, a = t / (g.k[1] * g.k[2]), b = (t / g.k[2]) % g.k[1], e = t % g.k[2];
  const int64_t sa = g.dil[0] * plane12, sb = g.dil[1] * ext[2], se = g.dil[2];
  for (int64_t i = 0; i < cnt; ++i) {
    out[i] = c * plane + a * sa + b * sb + e * se;
    if (++e == g.k[2]) {
      e = 0;
      if (++b == g.k[1]) {
        b = 0;
        if (++a == g.k[0]) {
          a = 0;
          ++c;
        }
      }
    }
  }
}

// xp (C, ext) = x (C, in) placed at offset pad inside zeros.
template <typename T>
void pad_copy(const ConvGeom& g, const int64_t* ext, const T* x, T* xp) {
  const int64_t e12 = ext[1] * ext[2];
  for (int64_t c = 0; c < g.C; ++c) {
    T* dc = xp + c * ext[0] * e12;
    const T* sc = x + c * g.in_plane();
    for (int64_t i0 = 0; i0 < ext[0]; ++i0) {
      T* d0 = dc + i0 * e12;
      const int64_t s0 = i0 - g.pad[0];
      if (s0 < 0 || s0 >= g.in[0]) {
        std::memset(d0, 0, sizeof(T) * e12);
        continue;
      }
      for (int64_t i1 = 0; i1 < ext[1]; ++i1) {
        T* d = d0 + i1 * ext[2];
        const int64_t s1 = i1 - g.pad[1];
        if (s1 < 0 || s1 >= g.in[1]) {
          std::memset(d, 0, sizeof(T) * ext[2]);
          continue;
        }
        const T* s = sc + (s0 * g.in[1] + s1) * g.in[2];
        const int64_t lead = g.pad[2], tail = ext[2] - lead - g.in[2];
        for (int64_t j = 0; j < lead; ++j) d[j] = T(0);
        copy_run(d + lead, s, g.in[2]);
        for (int64_t j = 0; j < tail; ++j) d[lead + g.in[2] + j] = T(0);
      }
    }
  }
}

// Walks every (column row, output row) pair of one sample's column matrix: for the innermost
// spatial dim it hands `run` the contiguous range of output positions that read inside the
// input, so the copy (im2col) or accumulation (col2im) there is a strided loop with no bounds tests.
template <bool kToCol, typename T>
void unroll(const ConvGeom& g, int64_t C, T* x, T* col) {
  const int64_t L = g.out_plane(), o1n = g.out[1], o2n = g.out[2];
  int64_t row = 0;
  for (int64_t c = 0; c < C; ++c) {
    for (int64_t a = 0; a < g.k[0]; ++a)
      for (int64_t b = 0; b < g.k[1]; ++b)
        for (int64_t e = 0; e < g.k[2]; ++e, ++row) {
          T* dst = col + row * L;
          const int64_t off2 = e * g.dil[2] - g.pad[2];
          const int64_t lo = std::clamp<int64_t>(cdiv(-off2, g.stride[2]), 0, o2n);
          const int64_t hi = std::clamp<int64_t>(cdiv(g.in[2] - off2, g.stride[2]), lo, o2n);
          for (int64_t o0 = 0; o0 < g.out[0]; ++o0) {
            const int64_t i0 = o0 * g.stride[0] - g.pad[0] + a * g.dil[0];
            T* d0 = dst + o0 * o1n * o2n;
            if (i0 < 0 || i0 >= g.in[0]) {
              if (kToCol) std::memset(d0, 0, sizeof(T) * o1n * o2n);
              continue;
            }
            for (int64_t o1 = 0; o1 < o1n; ++o1) {
              const int64_t i1 = o1 * g.stride[1] - g.pad[1] + b * g.dil[1];
              T* d = d0 + o1 * o2n;
              if (i1 < 0 || i1 >= g.in[1]) {
                if (kToCol) std::memset(d, 0, sizeof(T) * o2n);
                continue;
              }
              T* src = x + ((c * g.in[0] + i0) * g.in[1] + i1) * g.in[2] + off2;
              const int64_t s = g.stride[2];
              if (kToCol) {
                for (int64_t j = 0; j < lo; ++j) d[j] = T(0);
                if (s == 1) copy_run(d + lo, src + lo, hi - lo);
                else for (int64_t j = lo; j < hi; ++j) d[j] = src[j * s];
                for (int64_t j = hi; j < o2n; ++j) d[j] = T(0);
              } else {
                if (s == 1) for (int64_t j = lo; j < hi; ++j) src[j] += d[j];
                else for (int64_t j = lo; j < hi; ++j) src[j * s] += d[j];
              }
            }
          }
        }
  }
}

template <typename T>
void im2col(const ConvGeom& g, int64_t C, const T* x, T* col) { unroll<true, T>(g, C, const_cast<T*>(x), col); }
template <typename T>
void col2im(const ConvGeom& g, int64_t C, const T* col, T* x) {
  std::memset(x, 0, sizeof(T) * C * g.in_plane());
  unroll<false, T>(g, C, x, const_cast<T*>(col));
}

// Output positions per chunk: the chunk's columns (rows x chunk) stay within ~512 KiB, next to
// the GEMM's packed copy of them in a 2 MiB L2. Multiples of 32 keep the GEMM's micro-tiles full.
template <typename T>
int64_t chunk_len(int64_t rows, int64_t L) {
  const int64_t budget = (int64_t(1024) << 10) / int64_t(sizeof(T));
  int64_t lc = std::max<int64_t>(64, budget / std::max<int64_t>(1, rows)) / 32 * 32;
  if (lc >= L) return L;
  const int64_t n = (L + lc - 1) / lc;  // balance the chunks: no short tail
  return std::min(L, ((L + n - 1) / n + 31) / 32 * 32);
}

// unroll for channels [c0, c1) and output positions [l0, l1) only: col is ((c1-c0)*k, l1-l0).
// Positions are walked as runs along the innermost output dim, each split into the part that
// reads inside the input (a strided copy / accumulation) and the padding around it.
template <bool kToCol, typename T>
void unroll_range(const ConvGeom& g, int64_t c0, int64_t c1, T* x, T* col, int64_t l0, int64_t l1) {
  if (l0 == 0 && l1 == g.out_plane()) {
    // whole planes: the plain walk, with less bookkeeping per run
    unroll<kToCol, T>(g, c1 - c0, x + c0 * g.in_plane(), col);
    return;
  }
  const int64_t lc = l1 - l0, o1n = g.out[1], o2n = g.out[2], s = g.stride[2];
  const int64_t p0 = l0 % o2n, q0 = l0 / o2n;
  int64_t row = 0;
  for (int64_t c = c0; c < c1; ++c)
    for (int64_t a = 0; a < g.k[0]; ++a)
      for (int64_t b = 0; b < g.k[1]; ++b)
        for (int64_t e = 0; e < g.k[2]; ++e, ++row) {
          T* dst = col + row * lc;
          const int64_t off2 = e * g.dil[2] - g.pad[2];
          const int64_t lo = std::clamp<int64_t>(cdiv(-off2, s), 0, o2n);
          const int64_t hi = std::clamp<int64_t>(cdiv(g.in[2] - off2, s), lo, o2n);
          int64_t l = l0, o2 = p0, o1 = q0 % o1n, o0 = q0 / o1n;
          while (l < l1) {
            const int64_t end = std::min(o2n, o2 + (l1 - l));
            T* d = dst + (l - l0) - o2;  // d[j]: output position j of this run
            const int64_t i0 = o0 * g.stride[0] - g.pad[0] + a * g.dil[0];
            const int64_t i1 = o1 * g.stride[1] - g.pad[1] + b * g.dil[1];
            if (i0 < 0 || i0 >= g.in[0] || i1 < 0 || i1 >= g.in[1]) {
              if (kToCol) std::memset(d + o2, 0, sizeof(T) * (end - o2));
            } else {
              T* src = x + ((c * g.in[0] + i0) * g.in[1] + i1) * g.in[2] + off2;
              const int64_t jlo = std::clamp(lo, o2, end), jhi = std::clamp(hi, jlo, end);
              if (kToCol) {
                for (int64_t j = o2; j < jlo; ++j) d[j] = T(0);
                if (s == 1) copy_run(d + jlo, src + jlo, jhi - jlo);
                else for (int64_t j = jlo; j < jhi; ++j) d[j] = src[j * s];
                for (int64_t j = jhi; j < end; ++j) d[j] = T(0);
              } else {
                if (s == 1) for (int64_t j = jlo; j < jhi; ++j) src[j] += d[j];
                else for (int64_t j = jlo; j < jhi; ++j) src[j * s] += d[j];
              }
            }
            l += end - o2;
            o2 = 0;
            if (++o1 == o1n) {
              o1 = 0;
              ++o0;
            }
          }
        }
}

// Runs fn(n) for every sample: in parallel over samples when there are several.
template <typename F>
void per_sample(int64_t N, F fn) {
  parallel_for(0, N, 1, [&](int64_t lo, int64_t hi) {
    for (int64_t n = lo; n < hi; ++n) fn(n);
  });
}

// Forward as an "implicit GEMM": out (O, L) = W (O, C*k) @ col (C*k, L) per sample and group,
// with the GEMM's B panels packed straight from the (zero-padded) input, so the column matrix
// is built once, already in the micro-kernel's layout and in cache, instead of being written
// by im2col and then copied again by the GEMM's own packing. On a padded input every column
// matrix entry is input[rowoff(k) + coloff(l)]: rowoff for the kernel tap and channel of row
// k, coloff for the output position l, with no bounds tests. The bias rides along as one more
// row of ones in B and a bias column appended to W, so C needs no separate fill pass.
template <typename T>
struct ImplicitCol {
  const T* xp;            // padded input of the sample (channels of the whole sample)
  int64_t ext[3];         // padded extents
  const ConvGeom* g;
  int64_t c0;             // first channel of the group
  int64_t CK;             // rows of real columns; row CK (if present) is the bias row of ones
  int64_t l0;             // first output position of this GEMM's columns
  int nr;

  static void pack(const void* ctx, int64_t k0, int64_t kc, int64_t j0, int64_t n, T* dst) {
    static_cast<const ImplicitCol*>(ctx)->run(k0, kc, j0, n, dst);
  }

  void run(int64_t k0, int64_t kc, int64_t j0, int64_t n, T* dst) const {
    const ConvGeom& G = *g;
    const int64_t plane12 = ext[1] * ext[2];
    // row offsets of this block's real rows (kernel tap and channel); rows from CK on are ones
    const int64_t kreal = std::clamp<int64_t>(CK - k0, 0, kc);
    int64_t* rowoff = static_cast<int64_t*>(alloca(sizeof(int64_t) * (kreal + 1)));
    row_offsets(G, ext, c0, k0, kreal, rowoff);
    // Each panel's columns as runs along the innermost output dim, split at vector boundaries:
    // (first lane, lanes, source offset of the first lane). Within a run the source is
    // contiguous (stride 1) or evenly strided.
    const int64_t s2 = G.stride[2], o1n = G.out[1], o2n = G.out[2];
    int64_t l = l0 + j0;
    int64_t o2 = l % o2n, q = l / o2n, o1 = q % o1n, o0 = q / o1n;
    struct Seg {
      int32_t j, len;
      int64_t off;
    };
#if defined(__AVX512F__)
    using VT = VecOf<T>;
    constexpr int W = VT::W;
    const bool vec = s2 == 1 && nr == 2 * W;
#else
    constexpr int W = 1 << 20;  // no vector splits
#endif
    const int64_t np = (n + nr - 1) / nr;
    // at most one run per lane
    Seg* segs = static_cast<Seg*>(alloca(sizeof(Seg) * (np * nr + 1)));
    int* first = static_cast<int*>(alloca(sizeof(int) * (2 * np + 1)));
    int ns = 0;
    for (int64_t p = 0; p < np; ++p) {
      const int pn = static_cast<int>(std::min<int64_t>(nr, n - p * nr));
      first[2 * p] = ns;
      first[2 * p + 1] = ns;
      for (int j = 0; j < pn;) {
        const int vend = std::min(pn, (j / W + 1) * W);
        const int len = static_cast<int>(std::min<int64_t>(vend - j, o2n - o2));
        segs[ns++] = {j, len, o0 * G.stride[0] * plane12 + o1 * G.stride[1] * ext[2] + o2 * s2};
        if (j < W) first[2 * p + 1] = ns;
        j += len;
        o2 += len;
        if (o2 == o2n) {
          o2 = 0;
          if (++o1 == o1n) {
            o1 = 0;
            ++o0;
          }
        }
      }
    }
    first[2 * np] = ns;
#if defined(__AVX512F__)
    if (vec) {
      // Per vector of a panel row: masked loads of its runs merged into one register and one
      // full store, which also zero-fills the lanes past n.
      typename VT::M* mask = static_cast<typename VT::M*>(alloca(sizeof(typename VT::M) * (ns + 1)));
      int64_t* voff = static_cast<int64_t*>(alloca(sizeof(int64_t) * (ns + 1)));
      for (int si = 0; si < ns; ++si) {
        const int lane = segs[si].j % W;
        mask[si] = typename VT::M(((1u << segs[si].len) - 1) << lane);
        voff[si] = segs[si].off - lane;
      }
      // Blocks of rows, panel by panel: the rows' source lines stay in L1 across the panels,
      // and each panel gets a contiguous run of stores (the panels themselves are often a
      // multiple of 4 KiB apart, so storing one row across all panels would thrash an L1 set).
      constexpr int64_t KB = 8;
      const int64_t pstride = nr * kc;
      for (int64_t kb = 0; kb < kreal; kb += KB) {
        const int64_t ke = std::min(kreal, kb + KB);
        for (int64_t p = 0; p < np; ++p) {
          const int s0 = first[2 * p], s1 = first[2 * p + 1], s2e = first[2 * p + 2];
          T* d = dst + p * pstride + kb * nr;
          if (s1 - s0 <= 2 && s2e - s1 <= 2 && s1 > s0 && s2e > s1) {
            // the common case (rows at least a vector wide): each vector is one or two runs,
            // loaded independently (no merge chain) and or-ed; a second run may be empty
            const typename VT::M ma = mask[s0], mb = s1 - s0 == 2 ? mask[s0 + 1] : typename VT::M(0);
            const typename VT::M mc = mask[s1], md = s2e - s1 == 2 ? mask[s1 + 1] : typename VT::M(0);
            const int64_t oa = voff[s0], ob = s1 - s0 == 2 ? voff[s0 + 1] : oa;
            const int64_t oc = voff[s1], od = s2e - s1 == 2 ? voff[s1 + 1] : oc;
            const T* x0 = xp;
            for (int64_t k = kb; k < ke; ++k, d += nr) {
              const T* src = x0 + rowoff[k];
              VT::store(d, VT::orv(VT::loadz(ma, src + oa), VT::loadz(mb, src + ob)));
              VT::store(d + W, VT::orv(VT::loadz(mc, src + oc), VT::loadz(md, src + od)));
            }
            continue;
          }
          for (int64_t k = kb; k < ke; ++k, d += nr) {
            const T* src = xp + rowoff[k];
            typename VT::V v0 = VT::zero(), v1 = VT::zero();
            for (int si = s0; si < s1; ++si) v0 = VT::merge(v0, mask[si], src + voff[si]);
            for (int si = s1; si < s2e; ++si) v1 = VT::merge(v1, mask[si], src + voff[si]);
            VT::store(d, v0);
            VT::store(d + W, v1);
          }
        }
      }
      for (int64_t p = 0; p < np; ++p) {
        const int pn = static_cast<int>(std::min<int64_t>(nr, n - p * nr));
        for (int64_t k = kreal; k < kc; ++k)
          for (int j = 0; j < nr; ++j) dst[p * pstride + k * nr + j] = j < pn ? T(1) : T(0);
      }
      return;
    }
#endif
    for (int64_t p = 0; p < np; ++p) {
      const int pn = static_cast<int>(std::min<int64_t>(nr, n - p * nr));
      T* d = dst + p * nr * kc;
      for (int64_t k = 0; k < kc; ++k, d += nr) {
        if (k >= kreal) {
          for (int j = 0; j < nr; ++j) d[j] = j < pn ? T(1) : T(0);
          continue;
        }
        for (int j = pn; j < nr; ++j) d[j] = T(0);
        const T* src = xp + rowoff[k];
        for (int si = first[2 * p]; si < first[2 * p + 2]; ++si) {
          const T* sp = src + segs[si].off;
          T* dp = d + segs[si].j;
          for (int j = 0; j < segs[si].len; ++j) dp[j] = sp[j * s2];
        }
      }
    }
  }
};


// The transposed column matrix col^T (L x C*k) of one sample, packed straight from its padded
// input for the weight gradient's GEMM gw (O, C*k) += gout (O, L) @ col^T: B's rows are output
// positions, its columns the (channel, tap) rows of the column matrix. Entries are again
// input[rowoff(r) + coloff(l)]; 16 positions of 16 column rows are loaded along the positions
// (contiguous in the input) and transposed in registers.
template <typename T>
struct ImplicitColT {
  const T* xp;
  int64_t ext[3];
  const ConvGeom* g;
  int64_t c0, CK, l0;
  int nr;

  static void pack(const void* ctx, int64_t k0, int64_t kc, int64_t j0, int64_t n, T* dst) {
    static_cast<const ImplicitColT*>(ctx)->run(k0, kc, j0, n, dst);
  }

  int64_t col_off(int64_t l) const {
    const ConvGeom& G = *g;
    const int64_t o2 = l % G.out[2], q = l / G.out[2], o1 = q % G.out[1], o0 = q / G.out[1];
    return o0 * G.stride[0] * ext[1] * ext[2] + o1 * G.stride[1] * ext[2] + o2 * G.stride[2];
  }

  void run(int64_t k0, int64_t kc, int64_t j0, int64_t n, T* dst) const {
    const ConvGeom& G = *g;
    const int64_t np = (n + nr - 1) / nr;
    int64_t* rowoff = static_cast<int64_t*>(alloca(sizeof(int64_t) * (np * nr)));
    row_offsets(G, ext, c0, j0, n, rowoff);
    for (int64_t j = n; j < np * nr; ++j) rowoff[j] = rowoff[n - 1];  // pad columns: any valid row
#if defined(__AVX512F__)
    if constexpr (std::is_same_v<T, float>) {
      if (G.stride[2] == 1 && nr == 32) {
        const int64_t o2n = G.out[2];
        for (int64_t kg = 0; kg < kc; kg += 16) {
          // positions l0 + k0 + kg .. +16 as runs along the output rows: (lanes mask, offset)
          const int kn = static_cast<int>(std::min<int64_t>(16, kc - kg));
          __mmask16 mask[16];
          int64_t voff[16];
          int ns = 0;
          for (int i = 0; i < kn;) {
            const int64_t l = l0 + k0 + kg + i;
            const int len = static_cast<int>(std::min<int64_t>(kn - i, o2n - l % o2n));
            mask[ns] = __mmask16(((1u << len) - 1) << i);
            voff[ns++] = col_off(l) - i;
            i += len;
          }
          for (int64_t p = 0; p < np; ++p) {
            for (int h = 0; h < 2; ++h) {
              __m512 v[16];
              const int64_t* ro = rowoff + p * nr + h * 16;
              const int cols = static_cast<int>(std::clamp<int64_t>(n - p * nr - h * 16, 0, 16));
              if (ns == 1) {
                for (int i = 0; i < 16; ++i) v[i] = _mm512_maskz_loadu_ps(mask[0], xp + ro[i] + voff[0]);
              } else {
                for (int i = 0; i < 16; ++i) {
                  const T* src = xp + ro[i];
                  __m512 acc = _mm512_maskz_loadu_ps(mask[0], src + voff[0]);
                  for (int si = 1; si < ns; ++si) acc = _mm512_mask_loadu_ps(acc, mask[si], src + voff[si]);
                  v[i] = acc;
                }
              }
              // zero the padding columns beyond n
              for (int i = cols; i < 16; ++i) v[i] = _mm512_setzero_ps();
              transpose_tile(v);
              T* d = dst + p * nr * kc + kg * nr + h * 16;
              for (int i = 0; i < kn; ++i) _mm512_storeu_ps(d + i * nr, v[i]);
            }
          }
        }
        return;
      }
    }
#endif
    for (int64_t k = 0; k < kc; ++k) {
      const T* src = xp + col_off(l0 + k0 + k);
      for (int64_t p = 0; p < np; ++p) {
        T* d = dst + p * nr * kc + k * nr;
        for (int j = 0; j < nr; ++j) d[j] = p * nr + j < n ? src[rowoff[p * nr + j]] : T(0);
      }
    }
  }
};

// One group's outputs at wide positions [j0, j0 + n) of one sample (see forward): the GEMM
// out_w (Og, n) = w (Og, CK) @ rows, row k being xp[rowoff(k) + j0 ...], then the outputs among
// those positions copied to on (Og, L), plus the bias (may be null) on the way.
template <typename T>
void forward_wide_block(const ConvGeom& g, const int64_t* ext, const T* xp, const T* w, const T* bias,
                        int64_t j0, int64_t n, T* on) {
  const int64_t Og = g.O / g.G, CK = g.C / g.G * g.kernel(), L = g.out_plane();
  const T** rows = scratch<const T*, 3>(static_cast<size_t>(CK));
  int64_t* rowoff = scratch<int64_t, 3>(static_cast<size_t>(CK));
  row_offsets(g, ext, 0, 0, CK, rowoff);
  for (int64_t k = 0; k < CK; ++k) rows[k] = xp + rowoff[k] + j0;
  T* cw = scratch<T, 4>(static_cast<size_t>(Og * n));
  gemm_rows_b<T>(Og, n, CK, w, CK, 1, rows, cw, n);
  // Copy out the output rows (runs of out[2] positions) that meet [j0, j0 + n), one channel at
  // a time: each channel's outputs are one contiguous run of `on`, a single store stream.
  const int64_t plane12 = ext[1] * ext[2], o2n = g.out[2];
  for (int64_t o = 0; o < Og; ++o) {
    for (int64_t o0 = 0; o0 < g.out[0]; ++o0) {
      const int64_t base0 = o0 * plane12;
      if (base0 >= j0 + n) break;
      for (int64_t o1 = 0; o1 < g.out[1]; ++o1) {
        const int64_t j = base0 + o1 * ext[2];
        const int64_t a = std::max(j, j0), b = std::min(j + o2n, j0 + n);
        if (a >= b) continue;
        T* d = on + o * L + (o0 * g.out[1] + o1) * o2n + (a - j);
        const T* src = cw + o * n + (a - j0);
        if (bias) copy_run<T, true>(d, src, b - a, bias[o]);
        else copy_run(d, src, b - a);
      }
    }
  }
}

template <typename T>
void forward(const ConvGeom& g, const T* x, const T* w, const T* bias, T* out) {
  const int64_t L = g.out_plane(), Cg = g.C / g.G, Og = g.O / g.G, CK = Cg * g.kernel();
  // padded input geometry: leading pad, the input, and as much trailing pad as the windows reach
  bool padded = false;
  int64_t ext[3];
  padded_extent(g, ext, padded);
  const int64_t pplane = ext[0] * ext[1] * ext[2];
  // With stride 1 in every dim, count output positions on the padded input's grid instead
  // ("wide" positions j = o0 * ext1 * ext2 + o1 * ext2 + o2, o2 running on past out[2] into the
  // columns that only padding reaches): the column matrix's row for a (channel, tap) is then
  // the contiguous window xp[rowoff + j], so the GEMM reads B straight from the padded input
  // with no packing at all (gemm_rows_b). The wide positions that are not outputs cost a few
  // percent more multiply-adds and are dropped when the result is copied out.
  bool wide = true;
  for (int d = 0; d < 3; ++d) wide = wide && g.stride[d] == 1;
  const int64_t plane12 = ext[1] * ext[2];
  const int64_t Lw = (g.out[0] - 1) * plane12 + (g.out[1] - 1) * ext[2] + g.out[2];
  wide = wide && L > 0 && 4 * Lw <= 5 * L;
  const int64_t P = wide ? Lw : L;
  // The implicit GEMM's weights carry the bias as one more column, (O, CK + 1), against a row
  // of ones in B, so C needs no separate fill pass; the wide path adds it when copying out.
  const int64_t CKb = CK + (bias && !wide ? 1 : 0);
  const T* wa = w;
  if (CKb > CK) {
    T* wb = scratch<T, 1>(static_cast<size_t>(g.O * CKb));
    for (int64_t o = 0; o < g.O; ++o) {
      std::memcpy(wb + o * CKb, w + o * CK, sizeof(T) * CK);
      wb[o * CKb + CK] = bias[o];
    }
    wa = wb;
  }
  // Work items: (sample, range of positions). A range's outputs (O x range) stay within ~1 MiB,
  // so the GEMM's passes over them (one per block of K) hit L2; and when the samples do not
  // spread evenly over the threads, each is split so every thread gets a balanced share.
  const int nt = get_num_threads();
  const int64_t lc_fit = std::max<int64_t>(1024, (int64_t(1) << 20) / int64_t(sizeof(T)) / g.O);
  int64_t chunks = cdiv(P, lc_fit);
  if (g.N % nt != 0 && g.N < 8 * nt) chunks = std::max(chunks, std::min<int64_t>(cdiv(P, 64), nt));
  const int nr = gemm_nr<T>();
  const int64_t lc_max = ((P + chunks - 1) / chunks + nr - 1) / nr * nr;
  chunks = (P + lc_max - 1) / lc_max;
  parallel_for(0, g.N * chunks, 1, [&](int64_t lo, int64_t hi) {
    int64_t have = -1;  // the sample whose padded copy is in xp
    T* xp = nullptr;
    for (int64_t it = lo; it < hi; ++it) {
      const int64_t n = it / chunks, l0 = (it % chunks) * lc_max, lc = std::min(P, l0 + lc_max) - l0;
      const T* xn = x + n * g.C * g.in_plane();
      if (!padded) {
        xp = const_cast<T*>(xn);
      } else if (have != n) {
        xp = scratch<T>(static_cast<size_t>(g.C * pplane));
        pad_copy(g, ext, xn, xp);
        have = n;
      }
      for (int64_t grp = 0; grp < g.G; ++grp) {
        T* on = out + n * g.O * L + grp * Og * L;
        if (wide) {
          forward_wide_block(g, ext, xp + grp * Cg * pplane, w + grp * Og * CK, bias ? bias + grp * Og : nullptr, l0, lc, on);
          continue;
        }
        ImplicitCol<T> col{xp, {ext[0], ext[1], ext[2]}, &g, grp * Cg, CK, l0, nr};
        gemm_packed_b<T>(Og, lc, CKb, T(1), wa + grp * Og * CKb, CKb, 1, GemmBPacker<T>{&ImplicitCol<T>::pack, &col}, T(0),
                         on + l0, L);
      }
    }
  });
}

// For a stride-1 convolution the input gradient is itself a convolution: of gout, padded by
// dil * (k - 1) - pad, with the kernels flipped and their in/out channels swapped. That runs on
// the implicit-GEMM forward above, with no column matrix and no col2im scatter.
template <typename T>
bool backward_input_as_conv(const ConvGeom& g, const T* gout, const T* w, T* gin) {
  // Worth it only when the gradient has many channels: they are this GEMM's rows, and with
  // few of them the packed columns serve too few rows (measured slower below 64, and at 32
  // only as fast when no padding adds work). It also multiplies by the taps that land in the
  // padding of gout, in_plane / out_plane times the explicit route's work.
  const int64_t Cg0 = g.C / g.G;
  if (is_pointwise(g) || Cg0 < 32 || 4 * g.in_plane() > 5 * g.out_plane()) return false;
  if (Cg0 < 64 && g.in_plane() > g.out_plane()) return false;
  ConvGeom t = g;
  for (int d = 0; d < 3; ++d) {
    if (g.stride[d] != 1 || g.pad[d] > g.dil[d] * (g.k[d] - 1)) return false;
    t.in[d] = g.out[d];
    t.out[d] = g.in[d];
    t.pad[d] = g.dil[d] * (g.k[d] - 1) - g.pad[d];
  }
  t.C = g.O;
  t.O = g.C;
  const int64_t Cg = g.C / g.G, Og = g.O / g.G, K = g.kernel();
  // wt (C, O/G, k): wt[grp * Cg + c, o, K - 1 - i] = w[grp * Og + o, c, i]
  T* wt = scratch<T, 2>(static_cast<size_t>(g.C * Og * K));
  for (int64_t grp = 0; grp < g.G; ++grp)
    for (int64_t o = 0; o < Og; ++o)
      for (int64_t c = 0; c < Cg; ++c) {
        const T* src = w + ((grp * Og + o) * Cg + c) * K;
        T* dst = wt + ((grp * Cg + c) * Og + o) * K;
        for (int64_t i = 0; i < K; ++i) dst[K - 1 - i] = src[i];
      }
  forward<T>(t, gout, wt, nullptr, gin);
  return true;
}

// Each work item is one sample's input gradient for a block of channels (within one group), so
// items write disjoint parts of gin and col2im needs no synchronisation; channels are split
// only as far as needed to give every thread an item.
template <typename T>
void backward_input(const ConvGeom& g, const T* gout, const T* w, T* gin) {
  if (backward_input_as_conv(g, gout, w, gin)) return;
  const int64_t L = g.out_plane(), Cg = g.C / g.G, Og = g.O / g.G, CK = Cg * g.kernel(), K = g.kernel();
  const bool pw = is_pointwise(g);
  const int64_t units = g.N * g.G;
  const int64_t cblocks = std::min<int64_t>(Cg, std::max<int64_t>(1, (get_num_threads() + units - 1) / units));
  const int64_t lc_max = pw ? L : chunk_len<T>(((Cg + cblocks - 1) / cblocks) * K, L);
  parallel_for(0, units * cblocks, 1, [&](int64_t lo, int64_t hi) {
    for (int64_t it = lo; it < hi; ++it) {
      const int64_t n = it / (g.G * cblocks), grp = (it / cblocks) % g.G, cb = it % cblocks;
      const int64_t c0 = Cg * cb / cblocks, c1 = Cg * (cb + 1) / cblocks;  // within the group
      if (c0 == c1) continue;
      const T* gn = gout + n * g.O * L + grp * Og * L;
      const T* wg = w + grp * Og * CK + c0 * K;  // (Og, rows) block of the (Og, CK) weight matrix
      T* in = gin + n * g.C * g.in_plane();
      const int64_t cabs = grp * Cg + c0, rows = (c1 - c0) * K;
      if (pw) {
        gemm<T>(rows, L, Og, T(1), wg, 1, CK, gn, L, 1, T(0), in + cabs * L, L, 1);
        continue;
      }
      std::memset(in + cabs * g.in_plane(), 0, sizeof(T) * (c1 - c0) * g.in_plane());
      T* buf = scratch<T>(static_cast<size_t>(rows) * lc_max);
      for (int64_t l0 = 0; l0 < L; l0 += lc_max) {
        const int64_t l1 = std::min(L, l0 + lc_max), lc = l1 - l0;
        gemm<T>(rows, lc, Og, T(1), wg, 1, CK, gn + l0, L, 1, T(0), buf, lc, 1);
        unroll_range<false, T>(g, cabs, cabs + (c1 - c0), in, buf, l0, l1);
      }
    }
  });
}

// Work items (sample, chunk of positions) are split over the threads; each thread sums its
// items' products into its own partial weight gradient, and the partials are added at the end.
template <typename T>
void backward_weight_implicit(const ConvGeom& g, const T* gout, const T* x, T* gw) {
  const int64_t L = g.out_plane(), Cg = g.C / g.G, Og = g.O / g.G, CK = Cg * g.kernel();
  const int64_t WN = g.O * CK;
  if (g.N == 0 || L == 0) {  // an empty batch: no terms in the sum
    std::memset(gw, 0, sizeof(T) * WN);
    return;
  }
  bool padded = false;
  int64_t ext[3];
  padded_extent(g, ext, padded);
  const int64_t pplane = ext[0] * ext[1] * ext[2];
  // work items: (sample, range of positions), enough of them to balance the threads
  const int64_t nth = get_num_threads();
  int64_t chunks = 1;
  if (g.N < 4 * nth) chunks = std::max<int64_t>(1, std::min<int64_t>(cdiv(4 * nth, g.N), L / 256));
  const int64_t lc_max = cdiv(L, chunks);
  chunks = cdiv(L, lc_max);
  const int64_t items = g.N * chunks;
  const int nt = std::max(1, parallel_chunks(0, items, 1));
  std::vector<T> partial(static_cast<size_t>(nt > 1 ? nt - 1 : 0) * WN);
  const int nr = gemm_nr<T>();
  parallel_for(0, nt, 1, [&](int64_t t0, int64_t t1) {
    for (int64_t t = t0; t < t1; ++t) {
      T* acc = t == 0 ? gw : partial.data() + (t - 1) * WN;
      const int64_t i0 = items * t / nt, i1 = items * (t + 1) / nt;
      if (i0 == i1) std::memset(acc, 0, sizeof(T) * WN);
      int64_t have = -1;
      T* xp = nullptr;
      for (int64_t it = i0; it < i1; ++it) {
        const int64_t n = it / chunks, l0 = (it % chunks) * lc_max, lc = std::min(L, l0 + lc_max) - l0;
        const T* xn = x + n * g.C * g.in_plane();
        if (!padded) {
          xp = const_cast<T*>(xn);
        } else if (have != n) {
          xp = scratch<T>(static_cast<size_t>(g.C * pplane));
          pad_copy(g, ext, xn, xp);
          have = n;
        }
        const T beta = it == i0 ? T(0) : T(1);
        for (int64_t grp = 0; grp < g.G; ++grp) {
          ImplicitColT<T> col{xp, {ext[0], ext[1], ext[2]}, &g, grp * Cg, CK, l0, nr};
          gemm_packed_b<T>(Og, CK, lc, T(1), gout + n * g.O * L + grp * Og * L + l0, L, 1,
                           GemmBPacker<T>{&ImplicitColT<T>::pack, &col}, beta, acc + grp * Og * CK, CK);
        }
      }
    }
  });
  for (int t = 1; t < nt; ++t) {
    const T* p = partial.data() + (t - 1) * WN;
    for (int64_t i = 0; i < WN; ++i) gw[i] += p[i];
  }
}

template <typename T>
void backward_weight(const ConvGeom& g, const T* gout, const T* x, T* gw) {
  // The implicit packer has a vector path for unit inner stride only (strided inputs measured
  // slower than im2col there), and a column matrix of fewer than 32 rows fills less than one
  // packed panel: those take the explicit route.
  if (std::is_same_v<T, float> && !is_pointwise(g) && g.stride[2] == 1 && g.C / g.G * g.kernel() >= 32) {
    backward_weight_implicit(g, gout, x, gw);
    return;
  }
  const int64_t L = g.out_plane(), Cg = g.C / g.G, Og = g.O / g.G, CK = Cg * g.kernel();
  const int64_t WN = g.O * CK;
  const bool pw = is_pointwise(g);
  const int64_t lc_max = pw ? std::min<int64_t>(L, 2048) : chunk_len<T>(g.C * g.kernel(), L);
  const int64_t chunks = (L + lc_max - 1) / lc_max, items = g.N * chunks;
  const int nt = std::max(1, parallel_chunks(0, items, 1));
  std::vector<T> partial(static_cast<size_t>(nt > 1 ? nt - 1 : 0) * WN);
  parallel_for(0, nt, 1, [&](int64_t t0, int64_t t1) {
    for (int64_t t = t0; t < t1; ++t) {
      T* acc = t == 0 ? gw : partial.data() + (t - 1) * WN;
      const int64_t i0 = items * t / nt, i1 = items * (t + 1) / nt;
      if (i0 == i1) std::memset(acc, 0, sizeof(T) * WN);
      T* buf = pw ? nullptr : scratch<T>(static_cast<size_t>(g.C) * g.kernel() * lc_max);
      for (int64_t it = i0; it < i1; ++it) {
        const int64_t n = it / chunks, l0 = (it % chunks) * lc_max, l1 = std::min(L, l0 + lc_max), lc = l1 - l0;
        const T* xn = x + n * g.C * g.in_plane();
        const T* col = xn + l0;
        int64_t col_rs = L;
        if (!pw) {
          unroll_range<true, T>(g, 0, g.C, const_cast<T*>(xn), buf, l0, l1);
          col = buf;
          col_rs = lc;
        }
        const T beta = it == i0 ? T(0) : T(1);
        for (int64_t grp = 0; grp < g.G; ++grp)
          gemm<T>(Og, CK, lc, T(1), gout + n * g.O * L + grp * Og * L + l0, L, 1, col + grp * CK * col_rs, 1, col_rs, beta,
                  acc + grp * Og * CK, CK, 1);
      }
    }
  });
  for (int t = 1; t < nt; ++t) {
    const T* p = partial.data() + (t - 1) * WN;
    for (int64_t i = 0; i < WN; ++i) gw[i] += p[i];
  }
}

template <typename F>
void dispatch(DType dt, const char* what, F f) {
  if (dt == DType::Float32) f(float{});
  else if (dt == DType::Float64) f(double{});
  else throw Error(std::string("\"") + what + "\" not implemented for '" + dtype_name(dt) + "'");
}

}  // namespace

void conv_forward(DType dt, const ConvGeom& g, const char* x, const char* w, const char* bias, char* out) {
  dispatch(dt, "slow_conv2d_cpu", [&](auto tag) {
    using T = decltype(tag);
    forward<T>(g, reinterpret_cast<const T*>(x), reinterpret_cast<const T*>(w), reinterpret_cast<const T*>(bias),
               reinterpret_cast<T*>(out));
  });
}

void conv_backward_input(DType dt, const ConvGeom& g, const char* gout, const char* w, char* gin) {
  dispatch(dt, "slow_conv2d_backward_cpu", [&](auto tag) {
    using T = decltype(tag);
    backward_input<T>(g, reinterpret_cast<const T*>(gout), reinterpret_cast<const T*>(w), reinterpret_cast<T*>(gin));
  });
}

void conv_backward_weight(DType dt, const ConvGeom& g, const char* gout, const char* x, char* gw) {
  dispatch(dt, "slow_conv2d_backward_cpu", [&](auto tag) {
    using T = decltype(tag);
    backward_weight<T>(g, reinterpret_cast<const T*>(gout), reinterpret_cast<const T*>(x), reinterpret_cast<T*>(gw));
  });
}

void im2col_batch(DType dt, const ConvGeom& g, const char* x, char* col) {
  dispatch(dt, "im2col", [&](auto tag) {
    using T = decltype(tag);
    const int64_t rows = g.C * g.kernel() * g.out_plane();
    per_sample(g.N, [&](int64_t n) {
      im2col<T>(g, g.C, reinterpret_cast<const T*>(x) + n * g.C * g.in_plane(), reinterpret_cast<T*>(col) + n * rows);
    });
  });
}

void col2im_batch(DType dt, const ConvGeom& g, const char* col, char* x) {
  dispatch(dt, "col2im", [&](auto tag) {
    using T = decltype(tag);
    const int64_t rows = g.C * g.kernel() * g.out_plane();
    per_sample(g.N, [&](int64_t n) {
      col2im<T>(g, g.C, reinterpret_cast<const T*>(col) + n * rows, reinterpret_cast<T*>(x) + n * g.C * g.in_plane());
    });
  });
}

}  // namespace tensile::cpu
