// Normalization on the GPU, forward and backward, with cpu/norm.h's geometry and formulas:
// layer / group / instance norm as rows of cpg * hw elements normalised by their own
// statistics, batch norm per channel over (N, HW). One block per row (or channel) computes its
// statistics by block-wide sums, two passes for the variance as on the CPU, then writes its
// outputs; the weight and bias gradients reduce per channel in a second kernel. float32 and
// float64, accumulating in the storage type (as PyTorch's CUDA kernels do for float).
#include "api.h"
#include "common.cuh"

namespace tensile::cuda {
namespace {

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

// ---- batch norm: channel c's elements are (n, c, j) of a contiguous (N, C, HW) block

template <typename T>
__device__ __forceinline__ int64_t bn_index(const cpu::BatchNormGeom& g, int64_t c, int64_t k) {
  return ((k / g.hw) * g.c + c) * g.hw + k % g.hw;
}

template <typename T>
__global__ void batch_norm_kernel(cpu::BatchNormGeom g, bool training, T momentum, T eps, const T* x, const T* w, const T* b,
                                  T* rm, T* rv, T* out, T* smean, T* sinv) {
  const int64_t M = g.n * g.hw;
  for (int64_t c = blockIdx.x; c < g.c; c += gridDim.x) {
    T mu, inv;
    if (training) {
      T s = 0;
      for (int64_t k = threadIdx.x; k < M; k += blockDim.x) s += x[bn_index<T>(g, c, k)];
      mu = block_sum(s) / T(M);
      T v = 0;
      for (int64_t k = threadIdx.x; k < M; k += blockDim.x) {
        const T d = x[bn_index<T>(g, c, k)] - mu;
        v += d * d;
      }
      const T var = block_sum(v) / T(M);
      inv = T(1) / sqrt(var + eps);
      if (threadIdx.x == 0 && rm && rv) {
        rm[c] = (T(1) - momentum) * rm[c] + momentum * mu;
        rv[c] = (T(1) - momentum) * rv[c] + momentum * (M > 1 ? var * T(M) / T(M - 1) : var);
      }
    } else {
      mu = rm[c];
      inv = T(1) / sqrt(rv[c] + eps);
    }
    if (threadIdx.x == 0) {
      smean[c] = mu;
      sinv[c] = inv;
    }
    const T wc = w ? w[c] : T(1), bc = b ? b[c] : T(0);
    for (int64_t k = threadIdx.x; k < M; k += blockDim.x) {
      const int64_t i = bn_index<T>(g, c, k);
      out[i] = (x[i] - mu) * inv * wc + bc;
    }
  }
}

template <typename T>
__global__ void batch_norm_backward_kernel(cpu::BatchNormGeom g, bool training, const T* dy, const T* x, const T* smean,
                                           const T* sinv, const T* w, T* dx, T* dw, T* db) {
  const int64_t M = g.n * g.hw;
  for (int64_t c = blockIdx.x; c < g.c; c += gridDim.x) {
    const T mu = smean[c], inv = sinv[c], wc = w ? w[c] : T(1);
    T s1 = 0, s2 = 0;  // sum(dy), sum(dy * xhat)
    for (int64_t k = threadIdx.x; k < M; k += blockDim.x) {
      const int64_t i = bn_index<T>(g, c, k);
      s1 += dy[i];
      s2 += dy[i] * (x[i] - mu) * inv;
    }
    s1 = block_sum(s1);
    s2 = block_sum(s2);
    if (threadIdx.x == 0) {
      if (dw) dw[c] = s2;
      if (db) db[c] = s1;
    }
    if (!dx) continue;
    for (int64_t k = threadIdx.x; k < M; k += blockDim.x) {
      const int64_t i = bn_index<T>(g, c, k);
      dx[i] = training ? wc * inv * (dy[i] - s1 / T(M) - (x[i] - mu) * inv * s2 / T(M)) : dy[i] * wc * inv;
    }
  }
}

template <typename F>
void dispatch_norm(DType dt, const char* kernel, F body) {
  if (dt == DType::Float32) body(float{});
  else if (dt == DType::Float64) body(double{});
  else throw Error(std::string("\"") + kernel + "\" not implemented for '" + dtype_name(dt) + "'");
}

unsigned grid(int64_t n) { return static_cast<unsigned>(std::max<int64_t>(1, std::min<int64_t>(n, 65535 * 8))); }

}  // namespace

void row_norm(const char* kernel, DType dt, const cpu::RowNormGeom& g, double eps, const char* x, const char* weight,
              const char* bias, char* out, char* mean, char* rstd) {
  if (g.rows == 0 || g.cpg * g.hw == 0) return;
  dispatch_norm(dt, kernel, [&](auto tag) {
    using T = decltype(tag);
    row_norm_kernel<T><<<grid(g.rows), kThreads, 0, stream()>>>(g, T(eps), reinterpret_cast<const T*>(x), reinterpret_cast<const T*>(weight),
                                                                reinterpret_cast<const T*>(bias), reinterpret_cast<T*>(out),
                                                                reinterpret_cast<T*>(mean), reinterpret_cast<T*>(rstd));
    TENSILE_CUDA_LAUNCHED();
  });
}

void row_norm_backward(const char* kernel, DType dt, const cpu::RowNormGeom& g, const char* dy, const char* x, const char* mean,
                       const char* rstd, const char* weight, char* dx, char* dweight, char* dbias) {
  dispatch_norm(dt, kernel, [&](auto tag) {
    using T = decltype(tag);
    const T *dyp = reinterpret_cast<const T*>(dy), *xp = reinterpret_cast<const T*>(x), *mp = reinterpret_cast<const T*>(mean),
            *rp = reinterpret_cast<const T*>(rstd);
    if (dx && g.rows && g.cpg * g.hw) {
      row_norm_dx_kernel<T><<<grid(g.rows), kThreads, 0, stream()>>>(g, dyp, xp, mp, rp, reinterpret_cast<const T*>(weight),
                                                                     reinterpret_cast<T*>(dx));
      TENSILE_CUDA_LAUNCHED();
    }
    const int64_t C = g.groups * g.cpg;
    if ((dweight || dbias) && C) {
      row_norm_params_kernel<T><<<grid(C), kThreads, 0, stream()>>>(g, dyp, xp, mp, rp, reinterpret_cast<T*>(dweight),
                                                                   reinterpret_cast<T*>(dbias));
      TENSILE_CUDA_LAUNCHED();
    }
  });
}

void batch_norm(DType dt, const cpu::BatchNormGeom& g, bool training, double momentum, double eps, const char* x,
                const char* weight, const char* bias, char* running_mean, char* running_var, char* out, char* save_mean,
                char* save_invstd) {
  if (g.c == 0) return;
  dispatch_norm(dt, "batch_norm", [&](auto tag) {
    using T = decltype(tag);
    batch_norm_kernel<T><<<grid(g.c), kThreads, 0, stream()>>>(
        g, training, T(momentum), T(eps), reinterpret_cast<const T*>(x), reinterpret_cast<const T*>(weight),
        reinterpret_cast<const T*>(bias), reinterpret_cast<T*>(running_mean), reinterpret_cast<T*>(running_var),
        reinterpret_cast<T*>(out), reinterpret_cast<T*>(save_mean), reinterpret_cast<T*>(save_invstd));
    TENSILE_CUDA_LAUNCHED();
  });
}

void batch_norm_backward(DType dt, const cpu::BatchNormGeom& g, bool training, const char* dy, const char* x,
                         const char* save_mean, const char* save_invstd, const char* weight, char* dx, char* dweight,
                         char* dbias) {
  if (g.c == 0) return;
  dispatch_norm(dt, "batch_norm_backward", [&](auto tag) {
    using T = decltype(tag);
    batch_norm_backward_kernel<T><<<grid(g.c), kThreads, 0, stream()>>>(
        g, training, reinterpret_cast<const T*>(dy), reinterpret_cast<const T*>(x), reinterpret_cast<const T*>(save_mean),
        reinterpret_cast<const T*>(save_invstd), reinterpret_cast<const T*>(weight), reinterpret_cast<T*>(dx),
        reinterpret_cast<T*>(dweight), reinterpret_cast<T*>(dbias));
    TENSILE_CUDA_LAUNCHED();
  });
}

}  // namespace tensile::cuda
