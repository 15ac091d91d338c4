// Random numbers on the GPU: one thread per element through philox.h, the CPU kernels' own
// functions of (seed, offset, index), so a seeded GPU tensor holds exactly the CPU's values.
#include "../philox.h"
#include "api.h"
#include "common.cuh"

namespace tensile::cuda {
namespace {

template <typename T>
__global__ void random_kernel(RandomOp op, T* out, int64_t n, uint64_t seed, uint64_t offset, double a, double b) {
  GRID_STRIDE(i, n) {
    const U4 r = philox(seed, offset + random_counter(op, i));
    double v = random_value(op, r, random_lane(op, i), a, b);
    using A = typename Acc<T>::type;
    if constexpr (std::is_floating_point<A>::value) {
      // rounding to the storage type can land on `to`; PyTorch's range is half-open
      if (op == RandomOp::uniform && b > a && static_cast<double>(load_acc(store_as<T>(static_cast<A>(v)))) >= b) v = a;
      out[i] = store_as<T>(static_cast<A>(v));
    } else {
      out[i] = static_cast<T>(v);
    }
  }
}

template <typename T, typename P>
__global__ void bernoulli_kernel(T* out, const P* p, int64_t n, uint64_t seed, uint64_t offset) {
  GRID_STRIDE(i, n) {
    const RandomOp op = RandomOp::bernoulli_scalar;
    const U4 r = philox(seed, offset + random_counter(op, i));
    const double u = uniform01(r.x[random_lane(op, i)], r.x[random_lane(op, i) + 1]);
    out[i] = store_as<T>(static_cast<float>(u < static_cast<double>(load_acc(p[i])) ? 1 : 0));
  }
}

}  // namespace

void random_fill(RandomOp op, DType dt, char* out, int64_t n, uint64_t seed, uint64_t offset, double a, double b) {
  if (!n) return;
  dispatch_all(dt, "random", [&](auto tag) {
    using T = decltype(tag);
    random_kernel<T><<<blocks_for(n), kThreads, 0, stream()>>>(op, reinterpret_cast<T*>(out), n, seed, offset, a, b);
    TENSILE_CUDA_LAUNCHED();
  });
}

void bernoulli_tensor(DType out_dt, char* out, DType p_dt, const char* p, int64_t n, uint64_t seed, uint64_t offset) {
  if (!n) return;
  dispatch_float(p_dt, "bernoulli", [&](auto ptag) {
    using P = decltype(ptag);
    dispatch_all(out_dt, "bernoulli", [&](auto tag) {
      using T = decltype(tag);
      bernoulli_kernel<T, P><<<blocks_for(n), kThreads, 0, stream()>>>(reinterpret_cast<T*>(out), reinterpret_cast<const P*>(p), n, seed, offset);
      TENSILE_CUDA_LAUNCHED();
    });
  });
}

}  // namespace tensile::cuda
