// The CPU loops of the fused optimizer updates; the formulas are optim_rules.h's.
#include "optim.h"

#include "../optim_rules.h"
#include "../threadpool.h"

namespace tensile::cpu {
namespace {

// Elements per thread below which a hand-off to the pool costs more than it saves.
constexpr int64_t kGrain = 1 << 14;

// Typed views of the buffers, the hand-off to the pool, and restrict-qualified locals inside
// each chunk, so the compiler vectorises the loop without alias checks.
template <typename T, typename Rule>
void run(const OptimBuffers& b, const Rule& rule) {
  T* p_ = reinterpret_cast<T*>(b.param);
  const T* g_ = reinterpret_cast<const T*>(b.grad);
  T* s0_ = reinterpret_cast<T*>(b.s0);
  T* s1_ = reinterpret_cast<T*>(b.s1);
  T* s2_ = reinterpret_cast<T*>(b.s2);
  parallel_for(0, b.n, kGrain, [=](int64_t lo, int64_t hi) {
    T* __restrict p = p_;
    const T* __restrict g = g_;
    T* __restrict s0 = s0_;
    T* __restrict s1 = s1_;
    T* __restrict s2 = s2_;
    for (int64_t i = lo; i < hi; ++i) rule(i, p, g, s0, s1, s2);
  });
}

}  // namespace

TENSILE_OPTIM_STEPS(run)

}  // namespace tensile::cpu
