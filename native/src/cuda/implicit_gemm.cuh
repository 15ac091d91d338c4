// The implicit-GEMM kernels of conv.cu: C = A @ B per group over the index maps of
// conv_gemm.h (64x64 tiles of C, 16-deep slices of K through shared memory, a 4x4 block of C per
// thread), with K optionally split over extra blocks whose partial sums igemm_sum_kernel adds in
// a fixed order; and the plan that picks the split. Kept apart from conv.cu's host code so that
// native/test/conv_gemm_check.cc can run these very kernels on the host (a thread per CUDA
// thread, a barrier per __syncthreads) where no GPU exists: under TENSILE_CUDA_EMULATION it
// supplies common.cuh's names itself.
#pragma once
#include <algorithm>
#include <cstdint>

#ifndef TENSILE_CUDA_EMULATION
#include "common.cuh"
#endif
#include "conv_gemm.h"

namespace tensile::cuda {

constexpr int kTileM = 64, kTileN = 64, kTileK = 16;
constexpr int kSub = 4;                                // each thread computes kSub x kSub entries of C
constexpr int kSide = kTileM / kSub;                   // 16 x 16 threads
static_assert(kSide * kSide == kThreads, "one thread per kSub x kSub block of the tile");
static_assert(kTileM * kTileK % kThreads == 0 && kTileN * kTileK % kThreads == 0, "whole tile loads");

// One (tile, group, K slice) of C = A @ B over Map's operands. Thread (tx, ty) owns rows
// ty + kSide*i and columns tx + kSide*j of the tile: strided so that shared-memory reads are
// conflict-free and the stores of a warp cover consecutive columns. With `partial`, the sums go
// to partial[split][group][m][n] for igemm_sum_kernel; otherwise C (plus bias[g*M + m]) is written.
template <typename T, typename Map, typename I>
__global__ void __launch_bounds__(kThreads)
igemm_kernel(Map map, I g0, int splits, I k_chunk, const T* a, const T* b, const T* bias, T* c, typename Acc<T>::type* partial) {
  using A = typename Acc<T>::type;
  __shared__ A as[kTileK][kTileM];
  __shared__ A bs[kTileK][kTileN];
  const int tid = threadIdx.x, tx = tid % kSide, ty = tid / kSide;
  const I gl = I(blockIdx.z) / splits, split = I(blockIdx.z) % splits, g = g0 + gl;
  const I m0 = I(blockIdx.y) * kTileM, n0 = I(blockIdx.x) * kTileN;
  const I kb = split * k_chunk, ke = min(map.K, kb + k_chunk);

  A acc[kSub][kSub];
#pragma unroll
  for (int i = 0; i < kSub; ++i)
#pragma unroll
    for (int j = 0; j < kSub; ++j) acc[i][j] = A(0);

  for (I k0 = kb; k0 < ke; k0 += kTileK) {
#pragma unroll
    for (int r = 0; r < kTileM * kTileK / kThreads; ++r) {  // A: consecutive threads take consecutive k
      const int e = tid + r * kThreads, kk = e % kTileK, mm = e / kTileK;
      const I m = m0 + mm, k = k0 + kk;
      const I off = m < map.M && k < ke ? map.a(g, m, k) : I(-1);
      as[kk][mm] = off >= 0 ? load_acc(a[off]) : A(0);
    }
#pragma unroll
    for (int r = 0; r < kTileN * kTileK / kThreads; ++r) {  // B: consecutive threads take consecutive n
      const int e = tid + r * kThreads, nn = e % kTileN, kk = e / kTileN;
      const I n = n0 + nn, k = k0 + kk;
      const I off = n < map.N && k < ke ? map.b(g, k, n) : I(-1);
      bs[kk][nn] = off >= 0 ? load_acc(b[off]) : A(0);
    }
    __syncthreads();
#pragma unroll
    for (int kk = 0; kk < kTileK; ++kk) {
      A av[kSub], bv[kSub];
#pragma unroll
      for (int i = 0; i < kSub; ++i) av[i] = as[kk][ty + kSide * i];
#pragma unroll
      for (int j = 0; j < kSub; ++j) bv[j] = bs[kk][tx + kSide * j];
#pragma unroll
      for (int i = 0; i < kSub; ++i)
#pragma unroll
        for (int j = 0; j < kSub; ++j) acc[i][j] += av[i] * bv[j];
    }
    __syncthreads();
  }

  const int64_t groups = gridDim.z / splits;
#pragma unroll
  for (int i = 0; i < kSub; ++i) {
    const I m = m0 + ty + kSide * i;
    if (m >= map.M) continue;
#pragma unroll
    for (int j = 0; j < kSub; ++j) {
      const I n = n0 + tx + kSide * j;
      if (n >= map.N) continue;
      if (partial)
        partial[((split * groups + gl) * int64_t(map.M) + m) * map.N + n] = acc[i][j];
      else
        c[map.c(g, m, n)] = store_as<T>(acc[i][j] + (bias ? load_acc(bias[g * map.M + m]) : A(0)));
    }
  }
}

// C[g0 + gl][m][n] = the sum over splits of partial[split][gl][m][n] (plus the bias), in split order.
template <typename T, typename Map, typename I>
__global__ void igemm_sum_kernel(Map map, I g0, int64_t groups, int splits, const typename Acc<T>::type* partial, const T* bias, T* c) {
  using A = typename Acc<T>::type;
  const int64_t mn = int64_t(map.M) * map.N, total = groups * mn;
  GRID_STRIDE(i, total) {
    const I n = I(i % map.N), m = I((i / map.N) % map.M), gl = I(i / mn), g = g0 + gl;
    A s = bias ? load_acc(bias[g * map.M + m]) : A(0);
    for (int sp = 0; sp < splits; ++sp) s += partial[sp * total + i];
    c[map.c(g, m, n)] = store_as<T>(s);
  }
}

// How a GEMM of G groups of M x N x K runs: K in `splits` slices of k_chunk (a multiple of the
// tile depth) when the tiles of C alone would leave the GPU short of about four blocks per
// multiprocessor, keeping at least four tile depths per slice and the partial sums (acc_bytes
// each) under 256 MiB; `depth` groups per launch keep the grid's z under 65535.
struct IgemmPlan {
  int64_t splits, k_chunk, depth;
};

inline IgemmPlan plan_igemm(int64_t M, int64_t N, int64_t K, int64_t G, int64_t multiprocessors, int64_t acc_bytes) {
  const int64_t want = 4 * multiprocessors, tiles = ((M + kTileM - 1) / kTileM) * ((N + kTileN - 1) / kTileN) * G;
  int64_t splits = 1;
  if (tiles < want && K > 8 * kTileK) {
    splits = std::min((want + tiles - 1) / tiles, K / (4 * kTileK));
    splits = std::min<int64_t>(splits, (int64_t(256) << 20) / (G * M * N * acc_bytes));
    splits = std::max<int64_t>(splits, 1);
  }
  const int64_t k_chunk = splits == 1 ? std::max<int64_t>(K, 1) : ((K + splits - 1) / splits + kTileK - 1) / kTileK * kTileK;
  splits = std::max<int64_t>(1, (K + k_chunk - 1) / k_chunk);  // rounding k_chunk up may leave fewer
  return {splits, k_chunk, std::max<int64_t>(1, 65535 / splits)};
}

}  // namespace tensile::cuda
