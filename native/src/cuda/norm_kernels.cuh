// The normalization kernels of norm.cu (which launches them), with cpu/norm.h's geometry and
// formulas: layer / group / instance norm as rows of cpg * hw elements normalised by their own
// statistics, one block per row; batch norm per channel over (N, HW), each channel's sums
// spread over many blocks. Kept apart from norm.cu's host code so that
// native/test/norm_check.cc runs these very kernels on the host under its CUDA emulation.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>

#ifndef TENSILE_CUDA_EMULATION
#include "common.cuh"
#endif
#include "../cpu/norm.h"
#include "launch.cuh"

namespace tensile::cuda {

// ---- row norm: row r holds cols = cpg * hw elements; element i is channel (r % groups) * cpg + i / hw

template <typename T>
__global__ void row_norm_kernel(cpu::RowNormGeom g, T eps, const T* x, const T* w, const T* b, T* out, T* mean, T* rstd) {
  const int64_t L = g.cpg * g.hw;
  for (int64_t r = blockIdx.x; r < g.rows; r += gridDim.x) {
    const T* xr = x + r * L;
    T s = 0;
    for (int64_t i = threadIdx.x; i < L; i += blockDim.x) s += xr[i];
    const T mu = block_sum(s) / T(L);
    T v = 0;
    for (int64_t i = threadIdx.x; i < L; i += blockDim.x) v += (xr[i] - mu) * (xr[i] - mu);
    const T rs = T(1) / sqrt(block_sum(v) / T(L) + eps);
    if (threadIdx.x == 0) {
      if (mean) mean[r] = mu;
      if (rstd) rstd[r] = rs;
    }
    const int64_t c0 = (r % g.groups) * g.cpg;
    for (int64_t i = threadIdx.x; i < L; i += blockDim.x) {
      const int64_t c = c0 + i / g.hw;
      out[r * L + i] = (xr[i] - mu) * rs * (w ? w[c] : T(1)) + (b ? b[c] : T(0));
    }
  }
}

// dx = rstd * (g - mean(g) - xhat * mean(g * xhat)) per row, g = dy * w
template <typename T>
__global__ void row_norm_dx_kernel(cpu::RowNormGeom g, const T* dy, const T* x, const T* mean, const T* rstd, const T* w, T* dx) {
  const int64_t L = g.cpg * g.hw;
  for (int64_t r = blockIdx.x; r < g.rows; r += gridDim.x) {
    const T mu = mean[r], rs = rstd[r];
    const int64_t c0 = (r % g.groups) * g.cpg;
    T s1 = 0, s2 = 0;
    for (int64_t i = threadIdx.x; i < L; i += blockDim.x) {
      const T gi = dy[r * L + i] * (w ? w[c0 + i / g.hw] : T(1));
      s1 += gi;
      s2 += gi * (x[r * L + i] - mu);
    }
    const T m1 = block_sum(s1) / T(L), m2 = block_sum(s2) * rs / T(L);  // mean(g), mean(g * xhat)
    for (int64_t i = threadIdx.x; i < L; i += blockDim.x) {
      const T gi = dy[r * L + i] * (w ? w[c0 + i / g.hw] : T(1));
      dx[r * L + i] = rs * (gi - m1 - (x[r * L + i] - mu) * rs * m2);
    }
  }
}

// dweight[c] = sum(dy * xhat), dbias[c] = sum(dy) over the rows and positions of channel c
template <typename T>
__global__ void row_norm_params_kernel(cpu::RowNormGeom g, const T* dy, const T* x, const T* mean, const T* rstd, T* dw, T* db) {
  const int64_t L = g.cpg * g.hw, C = g.groups * g.cpg, per = (g.rows / g.groups) * g.hw;
  for (int64_t c = blockIdx.x; c < C; c += gridDim.x) {
    const int64_t grp = c / g.cpg, i0 = (c % g.cpg) * g.hw;
    T sw = 0, sb = 0;
    for (int64_t k = threadIdx.x; k < per; k += blockDim.x) {
      const int64_t r = (k / g.hw) * g.groups + grp, i = r * L + i0 + k % g.hw;
      sw += dy[i] * (x[i] - mean[r]) * rstd[r];
      sb += dy[i];
    }
    sw = block_sum(sw);
    sb = block_sum(sb);
    if (threadIdx.x == 0) {
      if (dw) dw[c] = sw;
      if (db) db[c] = sb;
    }
  }
}

// With hw == 1 (layer norm, and group norm over (N, C)) channel c's elements are a column,
// (n, c) at n * C + c, and the kernel above would read each with a stride of C. Here a block
// takes 32 adjacent columns (one per lane, so a warp reads 32 adjacent elements) over a range
// of `chunk` samples split among its 8 warps; `part` = blockIdx.y. The warps' sums add in warp
// order, and the parts' in part order (row_norm_params_finish), so the result is deterministic.
// With one part it writes dw and db itself; otherwise partial sums, part-major, (parts, C) each.
constexpr int kColTile = 32;

template <typename T>
__global__ void row_norm_params_cols_kernel(cpu::RowNormGeom g, int64_t chunk, const T* dy, const T* x, const T* mean, const T* rstd,
                                            T* dw, T* db) {
  __shared__ T shw[kThreads], shb[kThreads];
  const int64_t C = g.groups * g.cpg, N = g.rows / g.groups, c = int64_t(blockIdx.x) * kColTile + threadIdx.x % kColTile;
  const int64_t n0 = int64_t(blockIdx.y) * chunk, n1 = std::min(N, n0 + chunk);
  const int warps = kThreads / kColTile;
  T sw = 0, sb = 0;
  if (c < C) {
    const int64_t grp = c / g.cpg;
    for (int64_t n = n0 + threadIdx.x / kColTile; n < n1; n += warps) {
      const int64_t i = n * C + c, r = n * g.groups + grp;
      sw += dy[i] * (x[i] - mean[r]) * rstd[r];
      sb += dy[i];
    }
  }
  shw[threadIdx.x] = sw;
  shb[threadIdx.x] = sb;
  __syncthreads();
  if (threadIdx.x < kColTile && c < C) {
    T tw = 0, tb = 0;
    for (int k = 0; k < warps; ++k) {
      tw += shw[k * kColTile + threadIdx.x];
      tb += shb[k * kColTile + threadIdx.x];
    }
    const int64_t at = int64_t(blockIdx.y) * C + c;
    if (dw) dw[at] = tw;
    if (db) db[at] = tb;
  }
}

// dw[c] (db[c]) = the sum over the parts of row_norm_params_cols_kernel's partial sums.
template <typename T>
__global__ void row_norm_params_finish(int64_t C, int64_t parts, const T* pw, const T* pb, T* dw, T* db) {
  GRID_STRIDE(c, C) {
    T tw = 0, tb = 0;
    for (int64_t p = 0; p < parts; ++p) {
      tw += pw[p * C + c];
      tb += pb[p * C + c];
    }
    if (dw) dw[c] = tw;
    if (db) db[c] = tb;
  }
}

// ---- batch norm: channel c's elements are the planes (n, c, :) of a contiguous (N, C, HW) block.
// A block per channel would leave most of the GPU idle (ResNet's first batch norm has 64
// channels of 400k elements each), so `parts` blocks per channel each sum a strided share,
// in double and shifted by the channel's first element (which keeps the variance's
// sum-of-squares form accurate); a per-channel kernel combines the shares, and an elementwise
// kernel normalises (or forms dx). SMALL: every index fits 32 bits, so the divisions that map
// an index to its channel are 32-bit ones.

template <bool SMALL>
__device__ __forceinline__ int64_t bn_index(const cpu::BatchNormGeom& g, int64_t c, int64_t k) {
  if constexpr (SMALL) {
    const uint32_t n = uint32_t(k) / uint32_t(g.hw);
    return (int64_t(n) * g.c + c) * g.hw + (uint32_t(k) - n * uint32_t(g.hw));
  } else {
    return ((k / g.hw) * g.c + c) * g.hw + k % g.hw;
  }
}
template <bool SMALL>
__device__ __forceinline__ int64_t bn_channel(const cpu::BatchNormGeom& g, int64_t i) {
  if constexpr (SMALL) return (uint32_t(i) / uint32_t(g.hw)) % uint32_t(g.c);
  else return (i / g.hw) % g.c;
}

// Block (c, p) of c * parts + p: part[2 * (c * parts + p) + {0, 1}] = the share's sums of the
// two values term(c) gives each element of channel c. VEC: hw is a multiple of kVec and the
// terms' arrays are aligned to Vec, so kVec consecutive elements of a channel share one plane and
// one index computation and come in one vector load per array.
template <bool SMALL, bool VEC, typename Term>
__global__ void bn_partials(cpu::BatchNormGeom g, int parts, Term term, double* part) {
  constexpr int step = VEC ? kVec : 1;
  const int64_t M = g.n * g.hw;
  const int64_t c = blockIdx.x / parts, p = blockIdx.x % parts;
  const auto at = term.channel(c);
  double s = 0, q = 0;
  for (int64_t k = (p * blockDim.x + threadIdx.x) * step; k < M; k += int64_t(parts) * blockDim.x * step) {
    double2 v;
    if constexpr (VEC) v = at.vec(bn_index<SMALL>(g, c, k));
    else v = at(bn_index<SMALL>(g, c, k));
    s += v.x;
    q += v.y;
  }
  s = block_sum(s);
  q = block_sum(q);
  if (threadIdx.x == 0) {
    part[2 * blockIdx.x] = s;
    part[2 * blockIdx.x + 1] = q;
  }
}

// The statistics' terms: x - shift and its square, shift = the channel's first element.
template <typename T>
struct StatTerms {
  const T* x;
  int64_t hw;
  struct At {
    const T* x;
    double shift;
    __device__ double2 operator()(int64_t i) const {
      const double d = double(x[i]) - shift;
      return make_double2(d, d * d);
    }
    // the terms of the kVec elements from i (aligned), summed
    __device__ double2 vec(int64_t i) const {
      const Vec<T> v = *reinterpret_cast<const Vec<T>*>(x + i);
      double2 t = make_double2(0, 0);
      for (int k = 0; k < kVec; ++k) {
        const double d = double(v.v[k]) - shift;
        t.x += d;
        t.y += d * d;
      }
      return t;
    }
  };
  __device__ At channel(int64_t c) const { return {x, double(x[c * hw])}; }
};

// The gradient's terms: dy and dy * xhat.
template <typename T>
struct GradTerms {
  const T *dy, *x, *smean, *sinv;
  struct At {
    const T *dy, *x;
    double mu, inv;
    __device__ double2 operator()(int64_t i) const {
      const double d = dy[i];
      return make_double2(d, d * (double(x[i]) - mu) * inv);
    }
    __device__ double2 vec(int64_t i) const {
      const Vec<T> dv = *reinterpret_cast<const Vec<T>*>(dy + i), xv = *reinterpret_cast<const Vec<T>*>(x + i);
      double2 t = make_double2(0, 0);
      for (int k = 0; k < kVec; ++k) {
        const double d = dv.v[k];
        t.x += d;
        t.y += d * (double(xv.v[k]) - mu) * inv;
      }
      return t;
    }
  };
  __device__ At channel(int64_t c) const { return {dy, x, double(smean[c]), double(sinv[c])}; }
};

// Channel c's totals of the shares bn_partials wrote.
__device__ __forceinline__ double2 bn_totals(const double* part, int parts, int64_t c) {
  double2 t = make_double2(0, 0);
  for (int p = 0; p < parts; ++p) {
    t.x += part[2 * (c * parts + p)];
    t.y += part[2 * (c * parts + p) + 1];
  }
  return t;
}

// One thread per channel: the batch statistics from the shares (training) or the running ones
// (eval), saved for the backward; training also updates the running statistics. In double, as
// the CPU's (which rounds only the results to T).
template <typename T>
__global__ void bn_stats_finish(cpu::BatchNormGeom g, int parts, bool training, double momentum, double eps, const T* x,
                                const double* part, T* rm, T* rv, T* smean, T* sinv) {
  const int64_t M = g.n * g.hw;
  GRID_STRIDE(c, g.c) {
    double mu, inv;
    if (training) {
      double var = NAN;  // no elements: NaN statistics, as the CPU's 0 / 0
      mu = NAN;
      if (M > 0) {
        const double2 t = bn_totals(part, parts, c);
        const double ms = t.x / double(M);
        var = t.y / double(M) - ms * ms;
        if (var < 0) var = 0;  // rounding; a NaN (NaN or infinite input) stays NaN, as on the CPU
        mu = double(x[c * g.hw]) + ms;
      }
      inv = 1 / sqrt(var + eps);
      if (rm) rm[c] = T((1 - momentum) * double(rm[c]) + momentum * mu);
      if (rv) rv[c] = T((1 - momentum) * double(rv[c]) + momentum * (M > 1 ? var * double(M) / double(M - 1) : var));
    } else {
      mu = rm[c];
      inv = 1 / sqrt(double(rv[c]) + eps);
    }
    smean[c] = T(mu);
    sinv[c] = T(inv);
  }
}

template <typename T, bool SMALL>
__global__ void bn_apply(cpu::BatchNormGeom g, const T* x, const T* w, const T* b, const T* smean, const T* sinv, T* out) {
  const int64_t total = g.n * g.c * g.hw;
  GRID_STRIDE(i, total) {
    const int64_t c = bn_channel<SMALL>(g, i);
    const T wc = w ? w[c] : T(1), bc = b ? b[c] : T(0);
    out[i] = (x[i] - smean[c]) * sinv[c] * wc + bc;
  }
}

// bn_apply over whole vectors (hw a multiple of kVec, x and out aligned to Vec): one channel
// lookup and one vector load and store per kVec elements, the same arithmetic per element.
template <typename T, bool SMALL>
__global__ void bn_apply_vec(cpu::BatchNormGeom g, const T* x, const T* w, const T* b, const T* smean, const T* sinv, T* out) {
  const int64_t vectors = g.n * g.c * g.hw / kVec;
  GRID_STRIDE(v, vectors) {
    const int64_t i = v * kVec, c = bn_channel<SMALL>(g, i);
    const T wc = w ? w[c] : T(1), bc = b ? b[c] : T(0), m = smean[c], s = sinv[c];
    const Vec<T> xv = *reinterpret_cast<const Vec<T>*>(x + i);
    Vec<T> y;
    for (int k = 0; k < kVec; ++k) y.v[k] = (xv.v[k] - m) * s * wc + bc;
    *reinterpret_cast<Vec<T>*>(out + i) = y;
  }
}

// Per channel: dweight = sum(dy * xhat), dbias = sum(dy); chan[2c], chan[2c + 1] = their means for dx.
template <typename T>
__global__ void bn_grad_finish(cpu::BatchNormGeom g, int parts, const double* part, double* chan, T* dw, T* db) {
  const int64_t M = g.n * g.hw;
  GRID_STRIDE(c, g.c) {
    const double2 t = bn_totals(part, parts, c);
    const double s1 = t.x, s2 = t.y;
    if (dw) dw[c] = T(s2);
    if (db) db[c] = T(s1);
    chan[2 * c] = s1 / double(M);
    chan[2 * c + 1] = s2 / double(M);
  }
}

// training: dx = w * invstd * (dy - mean(dy) - xhat * mean(dy * xhat)); eval: dx = dy * w * invstd
template <typename T, bool SMALL>
__global__ void bn_grad_apply(cpu::BatchNormGeom g, bool training, const T* dy, const T* x, const T* smean, const T* sinv,
                              const T* w, const double* chan, T* dx) {
  const int64_t total = g.n * g.c * g.hw;
  GRID_STRIDE(i, total) {
    const int64_t c = bn_channel<SMALL>(g, i);
    const T inv = sinv[c], wc = w ? w[c] : T(1);
    if (training) {
      const T m1 = T(chan[2 * c]), m2 = T(chan[2 * c + 1]);
      dx[i] = wc * inv * (dy[i] - m1 - (x[i] - smean[c]) * inv * m2);
    } else {
      dx[i] = dy[i] * wc * inv;
    }
  }
}

// bn_grad_apply over whole vectors (hw a multiple of kVec; dy, x and dx aligned to Vec).
template <typename T, bool SMALL>
__global__ void bn_grad_apply_vec(cpu::BatchNormGeom g, bool training, const T* dy, const T* x, const T* smean, const T* sinv,
                                  const T* w, const double* chan, T* dx) {
  const int64_t vectors = g.n * g.c * g.hw / kVec;
  GRID_STRIDE(v, vectors) {
    const int64_t i = v * kVec, c = bn_channel<SMALL>(g, i);
    const T inv = sinv[c], wc = w ? w[c] : T(1);
    const Vec<T> dv = *reinterpret_cast<const Vec<T>*>(dy + i);
    Vec<T> r;
    if (training) {
      const T m1 = T(chan[2 * c]), m2 = T(chan[2 * c + 1]), mu = smean[c];
      const Vec<T> xv = *reinterpret_cast<const Vec<T>*>(x + i);
      for (int k = 0; k < kVec; ++k) r.v[k] = wc * inv * (dv.v[k] - m1 - (xv.v[k] - mu) * inv * m2);
    } else {
      for (int k = 0; k < kVec; ++k) r.v[k] = dv.v[k] * wc * inv;
    }
    *reinterpret_cast<Vec<T>*>(dx + i) = r;
  }
}

// How many blocks share one channel's reduction: enough for about 2048 blocks in all, each
// with at least a few elements per thread.
int bn_parts(const cpu::BatchNormGeom& g) {
  const int64_t M = g.n * g.hw;
  const int64_t by_size = (M + kThreads * 4 - 1) / (kThreads * 4);
  const int64_t by_grid = std::max<int64_t>(1, 2048 / std::max<int64_t>(g.c, 1));
  return static_cast<int>(std::max<int64_t>(1, std::min<int64_t>({by_size, by_grid, 1024})));
}

}  // namespace tensile::cuda
