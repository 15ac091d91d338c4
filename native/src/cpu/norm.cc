// Normalization kernels. Statistics take two passes, one for the mean and one for the variance
// about it (as PyTorch's CPU kernels, rather than a single sum-of-squares pass that loses
// precision when the mean is large), and accumulate in double for both dtypes (PyTorch's CPU
// acc_type of float is double). Parameter gradients are reduced into per-chunk partial sums and
// then summed in a fixed order, so they do not depend on how the threads raced.
#include "norm.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "../threadpool.h"

namespace tensile::cpu {
namespace {

using Acc = double;
constexpr int kLanes = 16;

// Sums in 16 independent lanes: the fixed inner loop vectorises, and the lanes shorten the
// dependency chain of one running sum.
template <typename F>
Acc lane_sum(int64_t n, F term) {
  Acc acc[kLanes] = {};
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (int j = 0; j < kLanes; ++j) acc[j] += term(i + j);
  Acc s = 0;
  for (; i < n; ++i) s += term(i);
  for (int j = 0; j < kLanes; ++j) s += acc[j];
  return s;
}

// Half a lane set: 8 lanes of T (GCC / Clang vector extensions; vector_size takes only a
// concrete type, hence one specialisation per dtype). Sums keep their kLanes lanes as two of
// these: a 16-double vector is wider than any register, and GCC lowers it through the stack.
template <typename T>
struct HalfLanesOf;
template <> struct HalfLanesOf<float> { typedef float type __attribute__((vector_size(kLanes / 2 * sizeof(float)))); };
template <> struct HalfLanesOf<double> { typedef double type __attribute__((vector_size(kLanes / 2 * sizeof(double)))); };
template <typename T>
using HalfLanes = typename HalfLanesOf<T>::type;

template <typename V, typename T>
inline V load_lanes(const T* p) {
  V v;
  __builtin_memcpy(&v, p, sizeof(V));
  return v;
}
template <typename V, typename T>
inline void store_lanes(T* p, const V& v) {
  __builtin_memcpy(p, &v, sizeof(V));
}

// Two lane sums over the same elements in one pass.
template <typename F1, typename F2>
void lane_sum2(int64_t n, F1 t1, F2 t2, Acc& s1, Acc& s2) {
  Acc a[kLanes] = {}, b[kLanes] = {};
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (int j = 0; j < kLanes; ++j) {
      a[j] += t1(i + j);
      b[j] += t2(i + j);
    }
  Acc x = 0, y = 0;
  for (; i < n; ++i) {
    x += t1(i);
    y += t2(i);
  }
  for (int j = 0; j < kLanes; ++j) {
    x += a[j];
    y += b[j];
  }
  s1 = x;
  s2 = y;
}

// Rows (or planes) of `len` elements per parallel chunk: enough work to pay for a hand-off.
int64_t grain_for(int64_t len) { return std::max<int64_t>(1, 16384 / std::max<int64_t>(1, len)); }

// Runs body(chunk, lo, hi) over `chunks` fixed slices of [0, n), one per pool thread; the slice
// of a chunk depends only on `chunks`, so per-chunk partial sums reduce in a fixed order.
template <typename F>
void over_chunks(int64_t n, int chunks, F body) {
  parallel_for(0, chunks, 1, [&](int64_t k0, int64_t k1) {
    for (int64_t k = k0; k < k1; ++k) body(k, n * k / chunks, n * (k + 1) / chunks);
  });
}

template <typename F>
void dispatch(const char* kernel, DType dt, F run) {
  if (dt == DType::Float32) run(float{});
  else if (dt == DType::Float64) run(double{});
  else throw Error(std::string("\"") + kernel + "\" not implemented for '" + dtype_name(dt) + "'");
}

// ---- layer / group / instance norm: rows of (cpg channels x hw) --------------------------------

template <typename T>
void row_norm_impl(const RowNormGeom& g, Acc eps, const T* x, const T* w, const T* b, T* out, T* mean, T* rstd) {
  const int64_t L = g.cols();
  parallel_for(0, g.rows, grain_for(L), [&](int64_t lo, int64_t hi) {
    for (int64_t r = lo; r < hi; ++r) {
      const T* xr = x + r * L;
      T* o = out + r * L;
      const Acc mu = lane_sum(L, [&](int64_t i) { return Acc(xr[i]); }) / Acc(L);
      const Acc var = lane_sum(L, [&](int64_t i) { const Acc d = Acc(xr[i]) - mu; return d * d; }) / Acc(L);
      const Acc rs = 1 / std::sqrt(var + eps);
      if (mean) mean[r] = T(mu);
      if (rstd) rstd[r] = T(rs);
      const T m = T(mu), s = T(rs);
      const int64_t c0 = (r % g.groups) * g.cpg;
      if (g.hw == 1) {  // an affine parameter per element (layer norm)
        const T* wr = w ? w + c0 : nullptr;
        const T* br = b ? b + c0 : nullptr;
        if (wr && br)
          for (int64_t i = 0; i < L; ++i) o[i] = (xr[i] - m) * s * wr[i] + br[i];
        else if (wr)
          for (int64_t i = 0; i < L; ++i) o[i] = (xr[i] - m) * s * wr[i];
        else if (br)
          for (int64_t i = 0; i < L; ++i) o[i] = (xr[i] - m) * s + br[i];
        else
          for (int64_t i = 0; i < L; ++i) o[i] = (xr[i] - m) * s;
      } else {  // one scale and shift per channel plane
        for (int64_t j = 0; j < g.cpg; ++j) {
          const T a = w ? s * w[c0 + j] : s, sh = b ? b[c0 + j] : T(0);
          const T* xs = xr + j * g.hw;
          T* os = o + j * g.hw;
          for (int64_t i = 0; i < g.hw; ++i) os[i] = (xs[i] - m) * a + sh;
        }
      }
    }
  });
}

// One pass over a layer-norm row for its backward: s1 = sum(dy * w), s2 = sum(dy * w * (x - mu))
// and, when pw is given, pw[i] += dy * (x - mu) * rs, pb[i] += dy (the row's share of dweight
// and dbias). The row sums run in T lanes (a row is short; PyTorch's kernel sums in T too).
// Not inlined: inside the caller's loop GCC vectorises it far worse (measured 2x slower).
template <bool kWeight, bool kParams, typename T>
__attribute__((noinline)) void row_sums(int64_t L, const T* dy, const T* x, const T* w, Acc mu, Acc rs, T* pw, T* pb, Acc& s1, Acc& s2) {
  using V = HalfLanes<T>;
  constexpr int kHalf = kLanes / 2;
  const T m = T(mu), r = T(rs);
  // lane j sums elements i + j (lanes 0-7 in a0/b0, 8-15 in a1/b1), in vector registers: as
  // lane arrays they were spilled to the stack, a store-to-load chain on every step
  V a0 = {}, a1 = {}, b0 = {}, b1 = {};
  auto half = [&](int64_t k, V& a, V& b) {
    const V d = load_lanes<V>(dy + k), xm = load_lanes<V>(x + k) - m;
    const V gw = kWeight ? d * load_lanes<V>(w + k) : d;
    a += gw;
    b += gw * xm;
    if (kParams) {
      store_lanes(pw + k, load_lanes<V>(pw + k) + d * xm * r);
      store_lanes(pb + k, load_lanes<V>(pb + k) + d);
    }
  };
  int64_t i = 0;
  for (; i + kLanes <= L; i += kLanes) {
    half(i, a0, b0);
    half(i + kHalf, a1, b1);
  }
  T ta = 0, tb = 0;
  for (; i < L; ++i) {
    const T d = dy[i], xm = x[i] - m, gw = kWeight ? d * w[i] : d;
    ta += gw;
    tb += gw * xm;
    if (kParams) {
      pw[i] += d * xm * r;
      pb[i] += d;
    }
  }
  s1 = ta;
  s2 = tb;
  for (int j = 0; j < kHalf; ++j) {
    s1 += a0[j];
    s2 += b0[j];
  }
  for (int j = 0; j < kHalf; ++j) {
    s1 += a1[j];
    s2 += b1[j];
  }
}

template <typename T>
void row_sums(int64_t L, const T* dy, const T* x, const T* w, Acc mu, Acc rs, T* pw, T* pb, Acc& s1, Acc& s2) {
  if (w && pw) row_sums<true, true>(L, dy, x, w, mu, rs, pw, pb, s1, s2);
  else if (w) row_sums<true, false>(L, dy, x, w, mu, rs, pw, pb, s1, s2);
  else if (pw) row_sums<false, true>(L, dy, x, w, mu, rs, pw, pb, s1, s2);
  else row_sums<false, false>(L, dy, x, w, mu, rs, pw, pb, s1, s2);
}

// dx = rstd * (g - mean(g) - xhat * mean(g * xhat)) per row with g = dy * w, written as
// a * dy + k1 * (x - mean) + k0; dweight += dy * xhat and dbias += dy per channel.
template <typename T>
void row_norm_backward_impl(const RowNormGeom& g, const T* dy, const T* x, const T* mean, const T* rstd, const T* w,
                            T* dx, T* dw, T* db) {
  const int64_t L = g.cols(), C = g.channels();
  const bool params = dw || db;
  const int chunks = std::max(1, parallel_chunks(0, g.rows, grain_for(L)));
  std::vector<Acc> part(params ? static_cast<size_t>(chunks) * 2 * C : 0, Acc(0));
  over_chunks(g.rows, chunks, [&](int64_t k, int64_t lo, int64_t hi) {
    Acc* pw = params ? part.data() + k * 2 * C : nullptr;
    Acc* pb = params ? pw + C : nullptr;
    // Layer-norm rows add their shares of dweight / dbias in T (as fast as the row pass itself);
    // every kFlushRows rows they move into the Acc partials, so no T sum grows long.
    constexpr int64_t kFlushRows = 64;
    std::vector<T> tpart(params && g.hw == 1 ? 2 * C : 0, T(0));
    T* tw = tpart.empty() ? nullptr : tpart.data();
    T* tb = tpart.empty() ? nullptr : tw + C;
    auto flush = [&] {
      for (int64_t c = 0; c < C; ++c) {
        pw[c] += tw[c];
        pb[c] += tb[c];
        tw[c] = tb[c] = T(0);
      }
    };
    for (int64_t r = lo; r < hi; ++r) {
      if (tw && r > lo && (r - lo) % kFlushRows == 0) flush();
      const T* dyr = dy + r * L;
      const T* xr = x + r * L;
      const Acc mu = mean[r], rs = rstd[r];
      const int64_t c0 = (r % g.groups) * g.cpg;
      Acc s1 = 0, s2 = 0;  // sum(g), sum(g * (x - mean))
      if (g.hw == 1) {
        row_sums(L, dyr, xr, w ? w + c0 : nullptr, mu, rs, tw ? tw + c0 : nullptr, tb ? tb + c0 : nullptr, s1, s2);
        if (!dx) continue;
      } else {
        for (int64_t j = 0; j < g.cpg; ++j) {
          const T* dys = dyr + j * g.hw;
          const T* xs = xr + j * g.hw;
          Acc sdy, sdx;
          lane_sum2(g.hw, [&](int64_t i) { return Acc(dys[i]); },
                    [&](int64_t i) { return Acc(dys[i]) * (Acc(xs[i]) - mu); }, sdy, sdx);
          const Acc wc = w ? Acc(w[c0 + j]) : Acc(1);
          s1 += wc * sdy;
          s2 += wc * sdx;
          if (params) {
            pw[c0 + j] += sdx * rs;
            pb[c0 + j] += sdy;
          }
        }
        if (!dx) continue;
      }
      T* dxr = dx + r * L;
      const T m = T(mu), k1 = T(-rs * rs * rs * s2 / Acc(L)), k0 = T(-rs * s1 / Acc(L));
      if (g.hw == 1) {
        const T a = T(rs);
        if (w)
          for (int64_t i = 0; i < L; ++i) dxr[i] = a * dyr[i] * w[c0 + i] + k1 * (xr[i] - m) + k0;
        else
          for (int64_t i = 0; i < L; ++i) dxr[i] = a * dyr[i] + k1 * (xr[i] - m) + k0;
      } else {
        for (int64_t j = 0; j < g.cpg; ++j) {
          const T a = T(w ? rs * Acc(w[c0 + j]) : rs);
          const T* dys = dyr + j * g.hw;
          const T* xs = xr + j * g.hw;
          T* dxs = dxr + j * g.hw;
          for (int64_t i = 0; i < g.hw; ++i) dxs[i] = a * dys[i] + k1 * (xs[i] - m) + k0;
        }
      }
    }
    if (tw) flush();
  });
  if (!params) return;
  for (int64_t c = 0; c < C; ++c) {
    Acc sw = 0, sb = 0;
    for (int k = 0; k < chunks; ++k) {
      sw += part[k * 2 * C + c];
      sb += part[k * 2 * C + C + c];
    }
    if (dw) dw[c] = T(sw);
    if (db) db[c] = T(sb);
  }
}

// ---- batch norm: channels of an (N, C, HW) block ------------------------------------------------

// Per-channel sums of K quantities over (N, HW), into out[k * C + c], in a fixed order.
// plane(n, c, s) adds plane (n, c)'s K sums to s[0..K) (hw > 1: planes are the parallel unit);
// row(n, s) adds row n's terms to s[k * C + c] (hw == 1, where a plane is one element: rows are
// the unit and each chunk keeps its own partial sums).
template <int K, typename Plane, typename Row>
void channel_sums(const BatchNormGeom& g, Acc* out, Plane plane, Row row) {
  const int64_t N = g.n, C = g.c;
  std::fill(out, out + K * C, Acc(0));
  if (g.hw == 1) {
    const int chunks = std::max(1, parallel_chunks(0, N, grain_for(C)));
    std::vector<Acc> part(static_cast<size_t>(chunks) * K * C, Acc(0));
    over_chunks(N, chunks, [&](int64_t k, int64_t lo, int64_t hi) {
      for (int64_t n = lo; n < hi; ++n) row(n, part.data() + k * K * C);
    });
    for (int k = 0; k < chunks; ++k)
      for (int64_t i = 0; i < K * C; ++i) out[i] += part[k * K * C + i];
  } else {
    std::vector<Acc> planes(static_cast<size_t>(N * C * K), Acc(0));
    parallel_for(0, N * C, grain_for(g.hw), [&](int64_t lo, int64_t hi) {
      for (int64_t p = lo; p < hi; ++p) plane(p / C, p % C, planes.data() + p * K);
    });
    for (int64_t p = 0; p < N * C; ++p)
      for (int k = 0; k < K; ++k) out[k * C + p % C] += planes[p * K + k];
  }
}

// out = a[c] * dy + k1[c] * (x - m[c]) + k0[c] over an (N, C, HW) block; without dy (the
// forward) out = k1[c] * (x - m[c]) + k0[c].
template <typename T>
void channel_affine(const BatchNormGeom& g, const T* dy, const T* x, const std::vector<T>& a, const std::vector<T>& m,
                    const std::vector<T>& k1, const std::vector<T>& k0, T* out) {
  const int64_t C = g.c, HW = g.hw;
  if (HW == 1) {
    parallel_for(0, g.n, grain_for(C), [&](int64_t lo, int64_t hi) {
      for (int64_t n = lo; n < hi; ++n) {
        const T* xr = x + n * C;
        T* o = out + n * C;
        if (dy) {
          const T* d = dy + n * C;
          for (int64_t c = 0; c < C; ++c) o[c] = a[c] * d[c] + k1[c] * (xr[c] - m[c]) + k0[c];
        } else {
          for (int64_t c = 0; c < C; ++c) o[c] = k1[c] * (xr[c] - m[c]) + k0[c];
        }
      }
    });
    return;
  }
  parallel_for(0, g.n * C, grain_for(HW), [&](int64_t lo, int64_t hi) {
    for (int64_t p = lo; p < hi; ++p) {
      const int64_t c = p % C;
      const T* xs = x + p * HW;
      T* o = out + p * HW;
      const T mc = m[c], k1c = k1[c], k0c = k0[c];
      if (!dy) {
        for (int64_t i = 0; i < HW; ++i) o[i] = k1c * (xs[i] - mc) + k0c;
        continue;
      }
      const T* d = dy + p * HW;
      const T ac = a[c];
      if (k1c == T(0) && k0c == T(0))
        for (int64_t i = 0; i < HW; ++i) o[i] = ac * d[i];
      else
        for (int64_t i = 0; i < HW; ++i) o[i] = ac * d[i] + k1c * (xs[i] - mc) + k0c;
    }
  });
}

template <typename T>
void batch_norm_impl(const BatchNormGeom& g, bool training, Acc momentum, Acc eps, const T* x, const T* w, const T* b,
                     T* rm, T* rv, T* out, T* save_mean, T* save_invstd) {
  const int64_t N = g.n, C = g.c, HW = g.hw;
  const Acc M = Acc(N * HW);
  std::vector<Acc> mu(C), inv(C);
  if (training) {
    std::vector<Acc> s(C);
    channel_sums<1>(
        g, s.data(),
        [&](int64_t n, int64_t c, Acc* o) {
          const T* xs = x + (n * C + c) * HW;
          o[0] += lane_sum(HW, [&](int64_t i) { return Acc(xs[i]); });
        },
        [&](int64_t n, Acc* o) {
          const T* xr = x + n * C;
          for (int64_t c = 0; c < C; ++c) o[c] += xr[c];
        });
    for (int64_t c = 0; c < C; ++c) mu[c] = s[c] / M;
    channel_sums<1>(
        g, s.data(),
        [&](int64_t n, int64_t c, Acc* o) {
          const T* xs = x + (n * C + c) * HW;
          const Acc m = mu[c];
          o[0] += lane_sum(HW, [&](int64_t i) { const Acc d = Acc(xs[i]) - m; return d * d; });
        },
        [&](int64_t n, Acc* o) {
          const T* xr = x + n * C;
          for (int64_t c = 0; c < C; ++c) {
            const Acc d = Acc(xr[c]) - mu[c];
            o[c] += d * d;
          }
        });
    for (int64_t c = 0; c < C; ++c) {
      const Acc var = s[c] / M;
      inv[c] = 1 / std::sqrt(var + eps);
      if (rm) rm[c] = T((1 - momentum) * Acc(rm[c]) + momentum * mu[c]);
      if (rv) rv[c] = T((1 - momentum) * Acc(rv[c]) + momentum * (M > 1 ? var * M / (M - 1) : var));
    }
  } else {
    for (int64_t c = 0; c < C; ++c) {
      mu[c] = rm[c];
      inv[c] = 1 / std::sqrt(Acc(rv[c]) + eps);
    }
  }
  std::vector<T> scale(C), m(C), shift(C);
  for (int64_t c = 0; c < C; ++c) {
    save_mean[c] = m[c] = T(mu[c]);
    save_invstd[c] = T(inv[c]);
    scale[c] = T(w ? inv[c] * Acc(w[c]) : inv[c]);
    shift[c] = b ? b[c] : T(0);
  }
  channel_affine<T>(g, nullptr, x, scale, m, scale, shift, out);
}

template <typename T>
void batch_norm_backward_impl(const BatchNormGeom& g, bool training, const T* dy, const T* x, const T* save_mean,
                              const T* save_invstd, const T* w, T* dx, T* dw, T* db) {
  const int64_t C = g.c;
  const Acc M = Acc(g.n * g.hw);
  std::vector<Acc> mu(C), inv(C), s(2 * C, Acc(0));  // s: sum(dy) | sum(dy * (x - mean))
  for (int64_t c = 0; c < C; ++c) {
    mu[c] = save_mean[c];
    inv[c] = save_invstd[c];
  }
  if ((training && dx) || dw || db)
    channel_sums<2>(
        g, s.data(),
        [&](int64_t n, int64_t c, Acc* o) {
          const T* d = dy + (n * C + c) * g.hw;
          const T* xs = x + (n * C + c) * g.hw;
          const Acc m = mu[c];
          Acc a, b;
          lane_sum2(g.hw, [&](int64_t i) { return Acc(d[i]); }, [&](int64_t i) { return Acc(d[i]) * (Acc(xs[i]) - m); }, a, b);
          o[0] += a;
          o[1] += b;
        },
        [&](int64_t n, Acc* o) {
          const T* d = dy + n * C;
          const T* xr = x + n * C;
          for (int64_t c = 0; c < C; ++c) {
            o[c] += d[c];
            o[C + c] += Acc(d[c]) * (Acc(xr[c]) - mu[c]);
          }
        });
  for (int64_t c = 0; c < C; ++c) {
    if (dw) dw[c] = T(s[C + c] * inv[c]);
    if (db) db[c] = T(s[c]);
  }
  if (!dx) return;
  std::vector<T> a(C), m(C), k1(C), k0(C);
  for (int64_t c = 0; c < C; ++c) {
    const Acc wi = (w ? Acc(w[c]) : Acc(1)) * inv[c];
    a[c] = T(wi);
    m[c] = T(mu[c]);
    k1[c] = training ? T(-wi * inv[c] * inv[c] * s[C + c] / M) : T(0);
    k0[c] = training ? T(-wi * s[c] / M) : T(0);
  }
  channel_affine<T>(g, dy, x, a, m, k1, k0, dx);
}

template <typename T>
const T* as(const char* p) {
  return reinterpret_cast<const T*>(p);
}
template <typename T>
T* as(char* p) {
  return reinterpret_cast<T*>(p);
}

}  // namespace

void row_norm(const char* kernel, DType dt, const RowNormGeom& g, double eps, const char* x, const char* weight,
              const char* bias, char* out, char* mean, char* rstd) {
  dispatch(kernel, dt, [&](auto tag) {
    using T = decltype(tag);
    row_norm_impl<T>(g, eps, as<T>(x), as<T>(weight), as<T>(bias), as<T>(out), as<T>(mean), as<T>(rstd));
  });
}

void row_norm_backward(const char* kernel, DType dt, const RowNormGeom& g, const char* dy, const char* x,
                       const char* mean, const char* rstd, const char* weight, char* dx, char* dweight, char* dbias) {
  dispatch(kernel, dt, [&](auto tag) {
    using T = decltype(tag);
    row_norm_backward_impl<T>(g, as<T>(dy), as<T>(x), as<T>(mean), as<T>(rstd), as<T>(weight), as<T>(dx),
                              as<T>(dweight), as<T>(dbias));
  });
}

void layer_norm(DType dt, int64_t rows, int64_t cols, double eps, const char* x, const char* weight,
                const char* bias, char* out, char* mean, char* rstd) {
  row_norm("LayerNormKernelImpl", dt, RowNormGeom{rows, 1, cols, 1}, eps, x, weight, bias, out, mean, rstd);
}

void batch_norm(DType dt, const BatchNormGeom& g, bool training, double momentum, double eps, const char* x,
                const char* weight, const char* bias, char* running_mean, char* running_var, char* out,
                char* save_mean, char* save_invstd) {
  dispatch("batch_norm", dt, [&](auto tag) {
    using T = decltype(tag);
    batch_norm_impl<T>(g, training, momentum, eps, as<T>(x), as<T>(weight), as<T>(bias), as<T>(running_mean),
                       as<T>(running_var), as<T>(out), as<T>(save_mean), as<T>(save_invstd));
  });
}

void batch_norm_backward(DType dt, const BatchNormGeom& g, bool training, const char* dy, const char* x,
                         const char* save_mean, const char* save_invstd, const char* weight, char* dx,
                         char* dweight, char* dbias) {
  dispatch("batch_norm_backward_cpu", dt, [&](auto tag) {
    using T = decltype(tag);
    batch_norm_backward_impl<T>(g, training, as<T>(dy), as<T>(x), as<T>(save_mean), as<T>(save_invstd),
                                as<T>(weight), as<T>(dx), as<T>(dweight), as<T>(dbias));
  });
}

}  // namespace tensile::cpu
