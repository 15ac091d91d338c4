// Reductions over any set of dims, and softmax along one dim.
//
// A reduction is (outputs) x (reduced elements): each block reduces one output's elements with
// a shared-memory tree; when there are too few outputs to fill the device (a full sum), each
// output's elements are split over several blocks whose partial results a second launch
// combines. Sums of float32 accumulate in float32 and of half types in float, as PyTorch's.
#include <cmath>
#include <vector>

#include "api.h"
#include "common.cuh"
#include "reduce_kernels.cuh"

namespace tensile::cuda {
namespace {

template <ReduceOp Op, typename TI, typename TO, typename A>
void run_reduce(const RedGeom& g, const char* in, char* out) {
  using R = Rule<Op, A>;
  if (g.n_out == 0) return;
  const int64_t chunks = reduce_chunks(g);
  const unsigned gx = static_cast<unsigned>(std::min<int64_t>(g.n_out, 65535));
  A* partial = nullptr;
  if (chunks > 1) partial = static_cast<A*>(alloc(sizeof(A) * g.n_out * chunks));
  reduce_kernel<R, TI, TO, A><<<dim3(gx, static_cast<unsigned>(chunks)), kThreads, 0, stream()>>>(
      g, reinterpret_cast<const TI*>(in), reinterpret_cast<TO*>(out), partial, chunks);
  TENSILE_CUDA_LAUNCHED();
  if (chunks > 1) {
    combine_kernel<R, TO, A><<<gx, kThreads, 0, stream()>>>(partial, reinterpret_cast<TO*>(out), g.n_out, chunks);
    TENSILE_CUDA_LAUNCHED();
    release(partial);  // stream order: reused only by later launches
  }
}

// The accumulator of op on storage type TI (device type): PyTorch's choices.
template <ReduceOp Op, typename TI>
void reduce_in(DType out_dt, const RedGeom& g, const char* in, char* out) {
  using AccIn = typename Acc<TI>::type;
  constexpr bool kFloatIn = std::is_floating_point<AccIn>::value;
  if constexpr (Op == ReduceOp::all || Op == ReduceOp::any) {
    if (out_dt == DType::Bool) return run_reduce<Op, TI, bool, int>(g, in, out);
    return run_reduce<Op, TI, uint8_t, int>(g, in, out);
  } else if constexpr (Op == ReduceOp::count_nonzero) {
    return run_reduce<Op, TI, int64_t, int64_t>(g, in, out);
  } else if constexpr (kFloatIn) {
    dispatch_all(out_dt, op_name(Op), [&](auto to) {
      using TO = decltype(to);
      if constexpr (std::is_floating_point<typename Acc<TO>::type>::value) run_reduce<Op, TI, TO, AccIn>(g, in, out);
      else throw Error("internal error: float reduction into an integer output");
    });
  } else {
    // integer and bool inputs: sums and products in int64 (their output dtype), max/min in place
    if constexpr (Op == ReduceOp::amax || Op == ReduceOp::amin) {
      if constexpr (std::is_same<TI, bool>::value) return run_reduce<Op, TI, bool, int>(g, in, out);
      else return run_reduce<Op, TI, TI, TI>(g, in, out);
    } else {
      if (out_dt == DType::Int64) return run_reduce<Op, TI, int64_t, int64_t>(g, in, out);
      dispatch_all(out_dt, op_name(Op), [&](auto to) {
        using TO = decltype(to);
        run_reduce<Op, TI, TO, typename Acc<TO>::type>(g, in, out);
      });
    }
  }
}

}  // namespace

void reduce(ReduceOp op, DType in, DType out, const cpu::ReduceArgs& args) {
  RedGeom g{};
  g.n_out = g.n_red = 1;
  const int isz = item_size(in);
  for (int d = 0; d < args.ndim; ++d) {
    const int64_t st = args.in_strides[d] / isz;
    if (args.reduce_mask[d]) {
      g.rshape[g.nr] = args.shape[d];
      g.rstride[g.nr++] = st;
      g.n_red *= args.shape[d];
    } else {
      g.kshape[g.nk] = args.shape[d];
      g.kstride[g.nk++] = st;
      g.n_out *= args.shape[d];
    }
  }
  dispatch_all(in, op_name(op), [&](auto tag) {
    using TI = decltype(tag);
    switch (op) {
#define TENSILE_RED_CASE(name) \
  case ReduceOp::name: return reduce_in<ReduceOp::name, TI>(out, g, args.in, args.out);
      TENSILE_REDUCE_OPS(TENSILE_RED_CASE)
#undef TENSILE_RED_CASE
      default: throw Error("internal error: unknown reduce op");
    }
  });
}

void softmax(DType dt, bool log, const char* a, char* o, int64_t outer, int64_t len, int64_t inner) {
  const int64_t rows = outer * inner;
  if (rows == 0 || len == 0) return;
  dispatch_float(dt, "softmax", [&](auto tag) {
    using T = decltype(tag);
    using A = typename Acc<T>::type;
    softmax_kernel<T, A><<<static_cast<unsigned>(std::min<int64_t>(rows, 65535 * 8)), kThreads, 0, stream()>>>(
        reinterpret_cast<const T*>(a), reinterpret_cast<T*>(o), outer, len, inner, log);
    TENSILE_CUDA_LAUNCHED();
  });
}

void softmax_backward(DType dt, bool log, const char* g, const char* y, char* o, int64_t outer, int64_t len, int64_t inner) {
  const int64_t rows = outer * inner;
  if (rows == 0 || len == 0) return;
  dispatch_float(dt, "softmax_backward", [&](auto tag) {
    using T = decltype(tag);
    using A = typename Acc<T>::type;
    softmax_backward_kernel<T, A><<<static_cast<unsigned>(std::min<int64_t>(rows, 65535 * 8)), kThreads, 0, stream()>>>(
        reinterpret_cast<const T*>(g), reinterpret_cast<const T*>(y), reinterpret_cast<T*>(o), outer, len, inner, log);
    TENSILE_CUDA_LAUNCHED();
  });
}

}  // namespace tensile::cuda
