// 2-d pooling on the CPU over (N*C) planes; 1-d pooling uses planes of height 1.
// Max pooling reports PyTorch's flat in-plane indices (ih * W + iw), so its gradient and
// MaxUnpool are a scatter/gather by index done with core ops.
#pragma once
#include <cstdint>

#include "../dtype.h"

namespace tensile::cpu {

struct PoolGeom {
  int64_t planes, ih, iw, oh, ow, kh, kw, sh, sw, ph, pw, dh, dw;
  bool count_include_pad;
  int64_t divisor;  // 0: none
};

void max_pool2d(DType dt, const PoolGeom& g, const char* x, char* out, int64_t* indices);
// gin = zeros, then gin[plane][indices[j]] += gout[j]: max pooling's gradient (and MaxUnpool).
// Indices must lie inside their plane (max_pool2d's always do).
void max_pool2d_backward(DType dt, const PoolGeom& g, const char* gout, const int64_t* indices, char* gin);
void avg_pool2d(DType dt, const PoolGeom& g, const char* x, char* out);
void avg_pool2d_backward(DType dt, const PoolGeom& g, const char* gout, char* gin);
// Adaptive pooling: window of output o is [floor(o*I/O), ceil((o+1)*I/O)).
void adaptive_pool2d(DType dt, bool is_max, const PoolGeom& g, const char* x, char* out, int64_t* indices);
void adaptive_avg_pool2d_backward(DType dt, const PoolGeom& g, const char* gout, char* gin);

}  // namespace tensile::cpu
