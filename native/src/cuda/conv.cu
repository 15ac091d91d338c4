// Convolution on the GPU: cuDNN where the build found it and it takes the case (cudnn.cu),
// otherwise our own implicit-GEMM kernel. The kernel is a tiled GEMM (64x64 tiles of C, 16-deep
// slices of K through shared memory, a 4x4 block of C per thread) whose operand tiles are
// gathered through the index maps of conv_gemm.h, so the im2col matrix is never built and no
// column buffer is allocated. The weight gradient reduces over batch x output positions while
// its C is small, so its K is split over extra blocks (split-K) whose partial sums a second
// kernel adds in a fixed order: deterministic, no atomics. The forward and the input gradient
// split K the same way when their C has too few tiles to fill the GPU.
#include <algorithm>
#include <climits>

#include "../cpu/conv.h"
#include "api.h"
#include "common.cuh"
#include "conv_gemm.h"
#include "cudnn.cuh"

namespace tensile::cuda {
namespace {

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

int multiprocessors() {
  int n = 0;
  TENSILE_CUDA_CHECK(cudaDeviceGetAttribute(&n, cudaDevAttrMultiProcessorCount, current_device()));
  return n;
}

// Runs C = A @ B for the G groups of `map` (with Map<int32_t> when every offset fits in 32 bits),
// launching at most 65535 (group, split) blocks deep at a time.
template <template <typename> class Map>
void implicit_gemm(DType dt, const char* name, const cpu::ConvGeom& geom, int64_t max_numel, const char* a, const char* b,
                   const char* bias, char* c) {
  auto run = [&](auto map) {
    using I = decltype(map.M);
    const int64_t M = map.M, N = map.N, K = map.K, G = geom.G;
    const int64_t tiles_m = (M + kTileM - 1) / kTileM, tiles_n = (N + kTileN - 1) / kTileN;
    if (!M || !N) return;
    if (tiles_m > 65535 || tiles_n > INT_MAX) throw Error(std::string(name) + ": convolution too large for the CUDA kernel");
    dispatch_float(dt, name, [&](auto tag) {
      using T = decltype(tag);
      using Ac = typename Acc<T>::type;
      // Enough blocks for about four per multiprocessor: split K when the tiles of C fall short,
      // keeping at least four K slices per split and the partial sums under 256 MiB.
      const int64_t want = 4 * int64_t(multiprocessors()), tiles = tiles_m * tiles_n * G;
      int64_t splits = 1;
      if (tiles < want && K > 8 * kTileK) {
        splits = std::min((want + tiles - 1) / tiles, K / (4 * kTileK));
        splits = std::min<int64_t>(splits, (int64_t(256) << 20) / (G * M * N * int64_t(sizeof(Ac))));
        splits = std::max<int64_t>(splits, 1);
      }
      const int64_t k_chunk = splits == 1 ? std::max<int64_t>(K, 1) : ((K + splits - 1) / splits + kTileK - 1) / kTileK * kTileK;
      splits = std::max<int64_t>(1, (K + k_chunk - 1) / k_chunk);  // rounding k_chunk up may leave fewer
      const int64_t depth = std::max<int64_t>(1, 65535 / splits);  // groups per launch
      Ac* partial = splits > 1 ? static_cast<Ac*>(alloc(static_cast<size_t>(splits * std::min(G, depth) * M * N) * sizeof(Ac))) : nullptr;
      try {
        for (int64_t g0 = 0; g0 < G; g0 += depth) {
          const int64_t groups = std::min(depth, G - g0);
          const dim3 grid(static_cast<unsigned>(tiles_n), static_cast<unsigned>(tiles_m), static_cast<unsigned>(groups * splits));
          igemm_kernel<T, decltype(map), I><<<grid, kThreads, 0, stream()>>>(
              map, I(g0), int(splits), I(k_chunk), reinterpret_cast<const T*>(a), reinterpret_cast<const T*>(b),
              splits > 1 ? nullptr : reinterpret_cast<const T*>(bias), reinterpret_cast<T*>(c), partial);
          TENSILE_CUDA_LAUNCHED();
          if (splits > 1) {
            igemm_sum_kernel<T, decltype(map), I><<<blocks_for(groups * M * N), kThreads, 0, stream()>>>(
                map, I(g0), groups, int(splits), partial, reinterpret_cast<const T*>(bias), reinterpret_cast<T*>(c));
            TENSILE_CUDA_LAUNCHED();
          }
        }
      } catch (...) {
        if (partial) release(partial);
        throw;
      }
      if (partial) release(partial);
    });
  };
  // 32-bit offsets when the largest operand, and a tile's overhang past it, stay below 2^31.
  if (max_numel < (int64_t(1) << 30)) run(Map<int32_t>(geom));
  else run(Map<int64_t>(geom));
}

int64_t largest(const cpu::ConvGeom& g) {
  return std::max({g.N * g.C * g.in_plane(), g.O * (g.C / g.G) * g.kernel(), g.N * g.O * g.out_plane()});
}

template <typename T>
__global__ void add_bias_kernel(T* out, const T* bias, int64_t n, int64_t O, int64_t L) {
  GRID_STRIDE(i, n) out[i] = store_as<T>(load_acc(out[i]) + load_acc(bias[(i / L) % O]));
}

}  // namespace

void conv_forward(DType dt, const cpu::ConvGeom& g, const char* x, const char* w, const char* bias, char* out) {
  const int64_t L = g.out_plane();
  if (g.N == 0 || L == 0 || g.O == 0) return;
  if (!cudnn_conv_forward(dt, g, x, w, out)) {
    implicit_gemm<ConvForwardGemm>(dt, "convolution", g, largest(g), w, x, bias, out);
    return;
  }
  if (bias) {
    dispatch_float(dt, "convolution", [&](auto tag) {
      using T = decltype(tag);
      const int64_t n = g.N * g.O * L;
      add_bias_kernel<T><<<blocks_for(n), kThreads, 0, stream()>>>(reinterpret_cast<T*>(out), reinterpret_cast<const T*>(bias), n, g.O, L);
      TENSILE_CUDA_LAUNCHED();
    });
  }
}

void conv_backward_input(DType dt, const cpu::ConvGeom& g, const char* gout, const char* w, char* gin) {
  if (g.N == 0 || g.C == 0 || g.in_plane() == 0) return;
  if (g.out_plane() > 0 && g.O > 0 && cudnn_conv_backward_input(dt, g, gout, w, gin)) return;
  implicit_gemm<ConvInputGradGemm>(dt, "convolution_backward", g, largest(g), w, gout, nullptr, gin);
}

void conv_backward_weight(DType dt, const cpu::ConvGeom& g, const char* gout, const char* x, char* gw) {
  if (g.C > 0 && g.O > 0 && g.N > 0 && g.out_plane() > 0 && cudnn_conv_backward_weight(dt, g, gout, x, gw)) return;
  implicit_gemm<ConvWeightGradGemm>(dt, "convolution_backward", g, largest(g), gout, x, nullptr, gw);
}

}  // namespace tensile::cuda
