// Convolution on the GPU: cuDNN where the build found it and it takes the case (cudnn.cu),
// otherwise our own implicit-GEMM kernel (implicit_gemm.cuh): a tiled GEMM whose operand tiles
// are gathered through the index maps of conv_gemm.h, so the im2col matrix is never built and no
// column buffer is allocated. The weight gradient reduces over batch x output positions while
// its C is small, so its K is split over extra blocks (split-K) whose partial sums a second
// kernel adds in a fixed order: deterministic, no atomics. The forward and the input gradient
// split K the same way when their C has too few tiles to fill the GPU.
#include <algorithm>
#include <climits>

#include "../cpu/conv.h"
#include "api.h"
#include "common.cuh"
#include "cudnn.cuh"
#include "implicit_gemm.cuh"

namespace tensile::cuda {
namespace {

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
      const IgemmPlan plan = plan_igemm(M, N, K, G, multiprocessors(), sizeof(Ac));
      const int64_t splits = plan.splits, k_chunk = plan.k_chunk, depth = plan.depth;
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
