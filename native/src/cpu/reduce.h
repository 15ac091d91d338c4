// Reductions, scans and softmax on the CPU.
#pragma once
#include "../ops.h"
#include "../strided.h"

namespace tensile::cpu {

// Input: `ndim` dims of `shape` with byte strides `in_strides` at `in`. Dims with reduce_mask[d]
// set are reduced; the output is contiguous over the kept dims in order.
struct ReduceArgs {
  int ndim;
  int64_t shape[kMaxDims];
  int64_t in_strides[kMaxDims];
  bool reduce_mask[kMaxDims];
  const char* in;
  char* out;
};
void reduce(ReduceOp op, DType in, DType out, const ReduceArgs& args);

// max/min along one dim of a contiguous (outer, len, inner) block, writing values and int64
// indices (outer, inner); either output may be null. is_max selects max.
void reduce_arg(DType dt, bool is_max, const char* in, int64_t outer, int64_t len, int64_t inner,
                char* values, int64_t* indices);

// Scans along the middle dim of a contiguous (outer, len, inner) block.
enum class ScanOp { cumsum, cumprod, logcumsumexp, cummax, cummin };
void scan(ScanOp op, DType in, DType out, const char* a, char* o, int64_t* indices, int64_t outer, int64_t len,
          int64_t inner);

// softmax / log_softmax along the middle dim of a contiguous (outer, len, inner) block.
void softmax(DType dt, bool log, const char* a, char* o, int64_t outer, int64_t len, int64_t inner);
// grad_in from grad_out and the forward output y (both contiguous, same layout).
void softmax_backward(DType dt, bool log, const char* g, const char* y, char* o, int64_t outer, int64_t len,
                      int64_t inner);

}  // namespace tensile::cpu
