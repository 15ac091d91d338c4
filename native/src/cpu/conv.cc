// Convolution by im2col + GEMM. A sample's patches unrolled into a (C*k, L) column matrix
// (L = output positions) turn the convolution of one group into one GEMM with the (O/G, C/G*k)
// weight matrix; the gradients are the two transposed products, with col2im scattering column
// gradients back onto the input. The column matrix is never built whole: the kernels walk the
// output positions in chunks whose columns fit in L2 (a whole (C*k, L) matrix is often several
// MiB, so writing it and streaming it back through the GEMM's packing costs as much as the
// multiply), and the work items (sample, chunk) or (sample, channel block) are spread over the
// threads, each GEMM single-threaded inside (the pool runs nested regions inline).
#include "conv.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "../threadpool.h"
#include "gemm.h"

namespace tensile::cpu {
namespace {

// Grow-only per-thread scratch: a fresh allocation per call would pay a page fault per page.
template <typename T>
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

// A short contiguous copy (one output row, typically tens of elements): inline vector moves,
// where a memcpy call's dispatch costs as much as the copy.
template <typename T>
inline void copy_run(T* __restrict d, const T* __restrict src, int64_t n) {
  for (int64_t j = 0; j < n; ++j) d[j] = src[j];
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

template <typename T>
void forward(const ConvGeom& g, const T* x, const T* w, const T* bias, T* out) {
  const int64_t L = g.out_plane(), Cg = g.C / g.G, Og = g.O / g.G, CK = Cg * g.kernel();
  const bool pw = is_pointwise(g);
  const int64_t lc_max = pw ? std::min<int64_t>(L, 2048) : chunk_len<T>(g.C * g.kernel(), L);
  const int64_t chunks = (L + lc_max - 1) / lc_max;
  parallel_for(0, g.N * chunks, 1, [&](int64_t lo, int64_t hi) {
    T* buf = pw ? nullptr : scratch<T>(static_cast<size_t>(g.C) * g.kernel() * lc_max);
    for (int64_t it = lo; it < hi; ++it) {
      const int64_t n = it / chunks, l0 = (it % chunks) * lc_max, l1 = std::min(L, l0 + lc_max), lc = l1 - l0;
      const T* xn = x + n * g.C * g.in_plane();
      T* on = out + n * g.O * L + l0;
      // the columns: the input itself for a pointwise convolution (row stride L)
      const T* col = xn + l0;
      int64_t col_rs = L;
      if (!pw) {
        unroll_range<true, T>(g, 0, g.C, const_cast<T*>(xn), buf, l0, l1);
        col = buf;
        col_rs = lc;
      }
      // the bias is added by the GEMM (beta = 1 over rows pre-filled with it): no extra pass
      if (bias)
        for (int64_t o = 0; o < g.O; ++o) std::fill(on + o * L, on + o * L + lc, bias[o]);
      for (int64_t grp = 0; grp < g.G; ++grp)
        gemm<T>(Og, lc, CK, T(1), w + grp * Og * CK, CK, 1, col + grp * CK * col_rs, col_rs, 1, bias ? T(1) : T(0),
                on + grp * Og * L, L, 1);
    }
  });
}

// Each work item is one sample's input gradient for a block of channels (within one group), so
// items write disjoint parts of gin and col2im needs no synchronisation; channels are split
// only as far as needed to give every thread an item.
template <typename T>
void backward_input(const ConvGeom& g, const T* gout, const T* w, T* gin) {
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
void backward_weight(const ConvGeom& g, const T* gout, const T* x, T* gw) {
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
