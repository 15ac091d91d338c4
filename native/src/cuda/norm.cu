// Normalization on the GPU, forward and backward, with cpu/norm.h's geometry and formulas:
// layer / group / instance norm as rows of cpg * hw elements normalised by their own
// statistics, batch norm per channel over (N, HW). One block per row computes its statistics by
// block-wide sums, two passes for the variance as on the CPU, then writes its outputs; the
// weight and bias gradients reduce per channel in a second kernel. Batch norm spreads each
// channel over many blocks (see below). float32 and float64.
#include "api.h"
#include "common.cuh"
#include "norm_kernels.cuh"

namespace tensile::cuda {
namespace {

// Calls body(std::bool_constant<SMALL>) for g's index width.
template <typename F>
void with_index_width(const cpu::BatchNormGeom& g, F body) {
  if (g.n * g.c * g.hw < (int64_t(1) << 32)) body(std::true_type{});
  else body(std::false_type{});
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
      T *dw = reinterpret_cast<T*>(dweight), *db = reinterpret_cast<T*>(dbias);
      if (g.hw != 1) {
        row_norm_params_kernel<T><<<grid(C), kThreads, 0, stream()>>>(g, dyp, xp, mp, rp, dw, db);
        TENSILE_CUDA_LAUNCHED();
        return;
      }
      // columns (see norm_kernels.cuh): at least 128 samples per part, at most 64 parts
      const int64_t N = g.rows / g.groups, chunk = std::max<int64_t>(128, (N + 63) / 64), parts = N ? (N + chunk - 1) / chunk : 1;
      const dim3 blocks(static_cast<unsigned>((C + kColTile - 1) / kColTile), static_cast<unsigned>(parts));
      if (parts == 1) {
        row_norm_params_cols_kernel<T><<<blocks, kThreads, 0, stream()>>>(g, chunk, dyp, xp, mp, rp, dw, db);
        TENSILE_CUDA_LAUNCHED();
        return;
      }
      T* partial = static_cast<T*>(alloc(static_cast<size_t>(2 * parts * C) * sizeof(T)));
      row_norm_params_cols_kernel<T><<<blocks, kThreads, 0, stream()>>>(g, chunk, dyp, xp, mp, rp, partial, partial + parts * C);
      TENSILE_CUDA_LAUNCHED();
      row_norm_params_finish<T><<<blocks_for(C), kThreads, 0, stream()>>>(C, parts, partial, partial + parts * C, dw, db);
      release(partial);  // reused in stream order, after the finishing kernel
      TENSILE_CUDA_LAUNCHED();
    }
  });
}

void batch_norm(DType dt, const cpu::BatchNormGeom& g, bool training, double momentum, double eps, const char* x,
                const char* weight, const char* bias, char* running_mean, char* running_var, char* out, char* save_mean,
                char* save_invstd) {
  if (g.c == 0) return;
  const int parts = bn_parts(g);
  const bool reduce = training && g.n * g.hw > 0;
  auto* part = reduce ? static_cast<double*>(alloc(sizeof(double) * 2 * g.c * parts)) : nullptr;
  try {
    dispatch_norm(dt, "batch_norm", [&](auto tag) {
      using T = decltype(tag);
      const T* xp = reinterpret_cast<const T*>(x);
      // whole vectors of kVec elements within one plane (norm_kernels.cuh's *_vec kernels)
      const bool vec = g.hw % kVec == 0 && vec_aligned<T>(xp);
      with_index_width(g, [&](auto small) {
        constexpr bool S = decltype(small)::value;
        if (reduce) {
          if (vec) bn_partials<S, true><<<unsigned(g.c * parts), kThreads, 0, stream()>>>(g, parts, StatTerms<T>{xp, g.hw}, part);
          else bn_partials<S, false><<<unsigned(g.c * parts), kThreads, 0, stream()>>>(g, parts, StatTerms<T>{xp, g.hw}, part);
          TENSILE_CUDA_LAUNCHED();
        }
        bn_stats_finish<T><<<blocks_for(g.c), kThreads, 0, stream()>>>(
            g, parts, training, momentum, eps, xp, part, reinterpret_cast<T*>(running_mean), reinterpret_cast<T*>(running_var),
            reinterpret_cast<T*>(save_mean), reinterpret_cast<T*>(save_invstd));
        TENSILE_CUDA_LAUNCHED();
        const int64_t total = g.n * g.c * g.hw;
        if (total == 0) return;
        const T *wp = reinterpret_cast<const T*>(weight), *bp = reinterpret_cast<const T*>(bias),
                *mp = reinterpret_cast<const T*>(save_mean), *ip = reinterpret_cast<const T*>(save_invstd);
        if (vec && vec_aligned<T>(out))
          bn_apply_vec<T, S><<<vec_blocks(total), kThreads, 0, stream()>>>(g, xp, wp, bp, mp, ip, reinterpret_cast<T*>(out));
        else bn_apply<T, S><<<blocks_for(total), kThreads, 0, stream()>>>(g, xp, wp, bp, mp, ip, reinterpret_cast<T*>(out));
        TENSILE_CUDA_LAUNCHED();
      });
    });
  } catch (...) {
    release(part);
    throw;
  }
  release(part);  // reused only by work queued after this, in stream order
}

void batch_norm_backward(DType dt, const cpu::BatchNormGeom& g, bool training, const char* dy, const char* x,
                         const char* save_mean, const char* save_invstd, const char* weight, char* dx, char* dweight,
                         char* dbias) {
  if (g.c == 0) return;
  const int parts = bn_parts(g);
  const int64_t M = g.n * g.hw;
  const bool sums = (training && dx) || dweight || dbias;
  auto* part = sums ? static_cast<double*>(alloc(sizeof(double) * 2 * g.c * (parts + 1))) : nullptr;
  double* chan = sums ? part + 2 * g.c * parts : nullptr;
  try {
    dispatch_norm(dt, "batch_norm_backward", [&](auto tag) {
      using T = decltype(tag);
      const T *dyp = reinterpret_cast<const T*>(dy), *xp = reinterpret_cast<const T*>(x);
      const T *mp = reinterpret_cast<const T*>(save_mean), *ip = reinterpret_cast<const T*>(save_invstd);
      const bool vec = g.hw % kVec == 0 && vec_aligned<T>(dyp) && vec_aligned<T>(xp);
      with_index_width(g, [&](auto small) {
        constexpr bool S = decltype(small)::value;
        if (sums) {
          if (M > 0) {
            if (vec) bn_partials<S, true><<<unsigned(g.c * parts), kThreads, 0, stream()>>>(g, parts, GradTerms<T>{dyp, xp, mp, ip}, part);
            else bn_partials<S, false><<<unsigned(g.c * parts), kThreads, 0, stream()>>>(g, parts, GradTerms<T>{dyp, xp, mp, ip}, part);
            TENSILE_CUDA_LAUNCHED();
          } else {
            TENSILE_CUDA_CHECK(cudaMemsetAsync(part, 0, sizeof(double) * 2 * g.c * parts, stream()));
          }
          bn_grad_finish<T><<<blocks_for(g.c), kThreads, 0, stream()>>>(g, parts, part, chan, reinterpret_cast<T*>(dweight),
                                                                        reinterpret_cast<T*>(dbias));
          TENSILE_CUDA_LAUNCHED();
        }
        const int64_t total = g.n * g.c * g.hw;
        if (!dx || total == 0) return;
        const T* wp = reinterpret_cast<const T*>(weight);
        if (vec && vec_aligned<T>(dx))
          bn_grad_apply_vec<T, S><<<vec_blocks(total), kThreads, 0, stream()>>>(g, training, dyp, xp, mp, ip, wp, chan, reinterpret_cast<T*>(dx));
        else bn_grad_apply<T, S><<<blocks_for(total), kThreads, 0, stream()>>>(g, training, dyp, xp, mp, ip, wp, chan, reinterpret_cast<T*>(dx));
        TENSILE_CUDA_LAUNCHED();
      });
    });
  } catch (...) {
    release(part);
    throw;
  }
  release(part);
}

}  // namespace tensile::cuda
