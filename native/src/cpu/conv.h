// Convolution on the CPU as GEMM over im2col columns (packed straight from the input where the
// kernels allow, see conv.cc), for 1-, 2- and 3-d convolutions
// alike: lower-rank convolutions are described with the missing spatial dims of size 1.
// The same three kernels also give the transposed convolution (its forward is the input
// gradient of a convolution) and F.unfold / F.fold (im2col / col2im on their own).
#pragma once
#include <cstdint>

#include "../dtype.h"

namespace tensile::cpu {

// Geometry of a grouped convolution, all spatial arrays of length 3 (unused dims: size 1,
// kernel 1, stride 1, padding 0, dilation 1). `pad` is the leading padding; the trailing
// padding is implied by `out`, which lets 'same' padding be asymmetric like PyTorch's.
struct ConvGeom {
  int64_t N, C, O, G;
  int64_t in[3], k[3], out[3], stride[3], pad[3], dil[3];
  int64_t in_plane() const { return in[0] * in[1] * in[2]; }
  int64_t out_plane() const { return out[0] * out[1] * out[2]; }
  int64_t kernel() const { return k[0] * k[1] * k[2]; }
};

// out (N, O, out) = conv(x (N, C, in), w (O, C/G, k)) + bias (O) (bias may be null).
void conv_forward(DType dt, const ConvGeom& g, const char* x, const char* w, const char* bias, char* out);
// gin (N, C, in) = input gradient of conv, from gout (N, O, out) and w.
void conv_backward_input(DType dt, const ConvGeom& g, const char* gout, const char* w, char* gin);
// gw (O, C/G, k) = weight gradient of conv, from gout (N, O, out) and x (N, C, in).
void conv_backward_weight(DType dt, const ConvGeom& g, const char* gout, const char* x, char* gw);
// col (N, C*k, out) = im2col(x (N, C, in)).
void im2col_batch(DType dt, const ConvGeom& g, const char* x, char* col);
// x (N, C, in) = col2im(col (N, C*k, out)), overlapping entries summed.
void col2im_batch(DType dt, const ConvGeom& g, const char* col, char* x);

}  // namespace tensile::cpu
