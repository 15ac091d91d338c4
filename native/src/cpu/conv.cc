// Convolution by im2col + GEMM. Every sample's patches are unrolled into a (C*k, L) column
// matrix (L = output positions) so that the convolution of one group is one GEMM with the
// (O/G, C/G*k) weight matrix; the gradients are the two transposed products, with col2im
// scattering column gradients back onto the input. Samples run in parallel, one per thread,
// each GEMM single-threaded inside (the pool runs nested regions inline); a single sample
// lets the GEMM use the threads instead.
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
                if (s == 1) std::memcpy(d + lo, src + lo, sizeof(T) * (hi - lo));
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
  per_sample(g.N, [&](int64_t n) {
    const T* xn = x + n * g.C * g.in_plane();
    T* on = out + n * g.O * L;
    const T* col = xn;
    if (!pw) {
      T* buf = scratch<T>(static_cast<size_t>(g.C) * g.kernel() * L);
      im2col(g, g.C, xn, buf);
      col = buf;
    }
    for (int64_t grp = 0; grp < g.G; ++grp)
      gemm<T>(Og, L, CK, T(1), w + grp * Og * CK, CK, 1, col + grp * CK * L, L, 1, T(0), on + grp * Og * L, L, 1);
    if (bias)
      for (int64_t o = 0; o < g.O; ++o) {
        T* r = on + o * L;
        const T bo = bias[o];
        for (int64_t j = 0; j < L; ++j) r[j] += bo;
      }
  });
}

template <typename T>
void backward_input(const ConvGeom& g, const T* gout, const T* w, T* gin) {
  const int64_t L = g.out_plane(), Cg = g.C / g.G, Og = g.O / g.G, CK = Cg * g.kernel();
  const bool pw = is_pointwise(g);
  per_sample(g.N, [&](int64_t n) {
    const T* gn = gout + n * g.O * L;
    T* in = gin + n * g.C * g.in_plane();
    T* col = pw ? in : scratch<T>(static_cast<size_t>(g.C) * g.kernel() * L);
    for (int64_t grp = 0; grp < g.G; ++grp)
      gemm<T>(CK, L, Og, T(1), w + grp * Og * CK, 1, CK, gn + grp * Og * L, L, 1, T(0), col + grp * CK * L, L, 1);
    if (!pw) col2im(g, g.C, col, in);
  });
}

template <typename T>
void backward_weight(const ConvGeom& g, const T* gout, const T* x, T* gw) {
  const int64_t L = g.out_plane(), Cg = g.C / g.G, Og = g.O / g.G, CK = Cg * g.kernel();
  const int64_t WN = g.O * CK;
  const bool pw = is_pointwise(g);
  const int chunks = std::max(1, parallel_chunks(0, g.N, 1));
  // One partial weight gradient per chunk of samples, summed at the end.
  std::vector<T> partial(static_cast<size_t>(chunks > 1 ? chunks - 1 : 0) * WN);
  parallel_for(0, chunks, 1, [&](int64_t c0, int64_t c1) {
    for (int64_t c = c0; c < c1; ++c) {
      T* acc = c == 0 ? gw : partial.data() + (c - 1) * WN;
      const int64_t n0 = g.N * c / chunks, n1 = g.N * (c + 1) / chunks;
      if (n0 == n1) std::memset(acc, 0, sizeof(T) * WN);
      for (int64_t n = n0; n < n1; ++n) {
        const T* xn = x + n * g.C * g.in_plane();
        const T* col = xn;
        if (!pw) {
          T* buf = scratch<T>(static_cast<size_t>(g.C) * g.kernel() * L);
          im2col(g, g.C, xn, buf);
          col = buf;
        }
        const T beta = n == n0 ? T(0) : T(1);
        for (int64_t grp = 0; grp < g.G; ++grp)
          gemm<T>(Og, CK, L, T(1), gout + n * g.O * L + grp * Og * L, L, 1, col + grp * CK * L, 1, L, beta,
                  acc + grp * Og * CK, CK, 1);
      }
    }
  });
  for (int c = 1; c < chunks; ++c) {
    const T* p = partial.data() + (c - 1) * WN;
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
