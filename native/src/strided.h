// Shared shape/stride logic: a description of strided operands read from the metadata
// array TypeScript fills for each call, dimension coalescing, and the parallel walk over
// the elements of N operands that every elementwise kernel uses.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "dtype.h"
#include "threadpool.h"

namespace tensile {

constexpr int kMaxDims = 16;

// One operand: base pointer (already advanced by its storage offset) and strides in bytes.
struct Operand {
  char* data = nullptr;
  int64_t strides[kMaxDims] = {};
};

// A loop over a common shape shared by NT operands (operand 0 is usually the output).
template <int NT>
struct StridedLoop {
  int ndim = 0;
  int64_t shape[kMaxDims] = {};
  std::array<Operand, NT> ops;

  int64_t numel() const {
    int64_t n = 1;
    for (int i = 0; i < ndim; ++i) n *= shape[i];
    return n;
  }

  // Drops size-1 dims and merges adjacent dims that are contiguous with each other in every
  // operand, so a contiguous tensor of any rank becomes one flat run.
  void coalesce() {
    int out = 0;
    for (int i = 0; i < ndim; ++i) {
      if (shape[i] == 1) continue;
      if (out > 0) {
        bool mergeable = true;
        for (int k = 0; k < NT; ++k)
          if (ops[k].strides[out - 1] != ops[k].strides[i] * shape[i]) { mergeable = false; break; }
        if (mergeable) {
          shape[out - 1] *= shape[i];
          for (int k = 0; k < NT; ++k) ops[k].strides[out - 1] = ops[k].strides[i];
          continue;
        }
      }
      shape[out] = shape[i];
      for (int k = 0; k < NT; ++k) ops[k].strides[out] = ops[k].strides[i];
      ++out;
    }
    ndim = out;
    if (ndim == 0) {  // a single element
      ndim = 1;
      shape[0] = 1;
      for (int k = 0; k < NT; ++k) ops[k].strides[0] = 0;
    }
  }

  // Calls run(ptrs, inner_strides, n) over 1-D runs covering every element, in parallel chunks
  // of at least `grain` elements. Pointers and strides are in bytes.
  template <typename Run>
  void for_each(int64_t grain, const Run& run) const {
    int64_t total = numel();
    if (total == 0) return;
    const int last = ndim - 1;
    int64_t inner_strides[NT];
    for (int k = 0; k < NT; ++k) inner_strides[k] = ops[k].strides[last];
    auto chunk = [&](int64_t lo, int64_t hi) {
      int64_t coord[kMaxDims];
      int64_t rem = lo;
      for (int d = last; d >= 0; --d) {
        coord[d] = rem % shape[d];
        rem /= shape[d];
      }
      char* ptrs[NT];
      for (int k = 0; k < NT; ++k) {
        char* p = ops[k].data;
        for (int d = 0; d <= last; ++d) p += coord[d] * ops[k].strides[d];
        ptrs[k] = p;
      }
      int64_t idx = lo;
      while (idx < hi) {
        int64_t n = shape[last] - coord[last];
        if (n > hi - idx) n = hi - idx;
        run(ptrs, inner_strides, n);
        idx += n;
        if (idx >= hi) break;
        // advance to the start of the next row
        for (int k = 0; k < NT; ++k) ptrs[k] += n * inner_strides[k];
        coord[last] += n;
        for (int d = last; d > 0 && coord[d] == shape[d]; --d) {
          coord[d] = 0;
          ++coord[d - 1];
          for (int k = 0; k < NT; ++k)
            ptrs[k] += ops[k].strides[d - 1] - shape[d] * ops[k].strides[d];
        }
      }
    };
    parallel_for(0, total, grain, chunk);
  }
};

// Reads the common layout written by TypeScript (packages/core/src/backend/meta.ts):
//   meta[0] = ndim, meta[1..ndim] = shape, then per operand: offset, strides[ndim] (elements).
// Returns the index just past what was read so callers can read op parameters after it.
template <int NT>
int read_loop(const double* meta, const std::array<char*, NT>& bases, const std::array<int, NT>& item_sizes,
              StridedLoop<NT>& loop) {
  int ndim = static_cast<int>(meta[0]);
  if (ndim < 0 || ndim > kMaxDims) throw Error("tensors with more than 16 dimensions are not supported");
  loop.ndim = ndim;
  int pos = 1;
  for (int d = 0; d < ndim; ++d) loop.shape[d] = static_cast<int64_t>(meta[pos++]);
  for (int k = 0; k < NT; ++k) {
    int64_t offset = static_cast<int64_t>(meta[pos++]);
    loop.ops[k].data = bases[k] + offset * item_sizes[k];
    for (int d = 0; d < ndim; ++d) loop.ops[k].strides[d] = static_cast<int64_t>(meta[pos++]) * item_sizes[k];
  }
  return pos;
}

}  // namespace tensile
