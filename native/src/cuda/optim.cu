// Fused optimizer steps on the GPU: one thread per element running optim_rules.h's update,
// the very formula the CPU loop runs, so both devices agree with PyTorch to rounding.
#include "../optim_rules.h"
#include "api.h"
#include "common.cuh"

namespace tensile::cuda {
namespace {

template <typename T, typename Rule>
__global__ void optim_kernel(Rule rule, T* p, const T* g, T* s0, T* s1, T* s2, int64_t n) {
  GRID_STRIDE(i, n) rule(i, p, g, s0, s1, s2);
}

template <typename T, typename Rule>
void run(const cpu::OptimBuffers& b, const Rule& rule) {
  optim_kernel<T><<<blocks_for(b.n), kThreads, 0, stream()>>>(
      rule, reinterpret_cast<T*>(b.param), reinterpret_cast<const T*>(b.grad), reinterpret_cast<T*>(b.s0),
      reinterpret_cast<T*>(b.s1), reinterpret_cast<T*>(b.s2), b.n);
  TENSILE_CUDA_LAUNCHED();
}

}  // namespace

TENSILE_OPTIM_STEPS(run)

}  // namespace tensile::cuda
