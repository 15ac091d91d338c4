// A convolution and its two gradients as GEMMs whose operands are read in place (implicit GEMM):
// per group g, C[m][n] = sum over k of A[m][k] * B[k][n], where A, B and C are index maps into
// the tensors themselves. The im2col matrix is never built: an entry of it is the input element
// its map names, or zero where the map answers -1 (the padding). conv.cu runs the tiled kernel
// over these maps; they are plain C++ so that a host test (native/test/conv_gemm_check.cc)
// checks every map against direct convolution loops, which no GPU-less machine could otherwise do.
//
// I is the index type: int32_t when every offset fits (integer division, which the maps do a
// lot of, is several times cheaper in 32 bits on a GPU), int64_t otherwise.
#pragma once
#include <cstdint>

#include "../cpu/conv.h"

#ifdef __CUDACC__
#define TENSILE_HD __host__ __device__ __forceinline__
#else
#define TENSILE_HD inline
#endif

namespace tensile::cuda {

// The sizes the maps decode with, in the index type.
template <typename I>
struct ConvDims {
  I C, O, Cg, Og;          // channels, output channels, both per group
  I in[3], out[3], k[3];   // spatial sizes and kernel (unused dims 1)
  I stride[3], pad[3], dil[3];
  I P, L, T;               // input plane, output plane, kernel taps

  explicit ConvDims(const cpu::ConvGeom& g)
      : C(I(g.C)), O(I(g.O)), Cg(I(g.C / g.G)), Og(I(g.O / g.G)), P(I(g.in_plane())), L(I(g.out_plane())), T(I(g.kernel())) {
    for (int d = 0; d < 3; ++d) {
      in[d] = I(g.in[d]);
      out[d] = I(g.out[d]);
      k[d] = I(g.k[d]);
      stride[d] = I(g.stride[d]);
      pad[d] = I(g.pad[d]);
      dil[d] = I(g.dil[d]);
    }
  }

  // The input position (flat over the plane) that output position l reads through kernel tap
  // t, or -1 where that falls in the padding.
  TENSILE_HD I tap_input(I l, I t) const {
    const I o2 = l % out[2], o1 = (l / out[2]) % out[1], o0 = l / (out[2] * out[1]);
    const I e = t % k[2], b = (t / k[2]) % k[1], a = t / (k[2] * k[1]);
    const I i0 = o0 * stride[0] - pad[0] + a * dil[0];
    const I i1 = o1 * stride[1] - pad[1] + b * dil[1];
    const I i2 = o2 * stride[2] - pad[2] + e * dil[2];
    if (i0 < 0 || i0 >= in[0] || i1 < 0 || i1 >= in[1] || i2 < 0 || i2 >= in[2]) return -1;
    return (i0 * in[1] + i1) * in[2] + i2;
  }

  // The output position whose window reads input position p through kernel tap t, or -1 when
  // none does (the inverse of tap_input: striding may skip p, or the window may start outside).
  TENSILE_HD I tap_output(I p, I t) const {
    const I i2 = p % in[2], i1 = (p / in[2]) % in[1], i0 = p / (in[2] * in[1]);
    const I e = t % k[2], b = (t / k[2]) % k[1], a = t / (k[2] * k[1]);
    const I q0 = i0 + pad[0] - a * dil[0], q1 = i1 + pad[1] - b * dil[1], q2 = i2 + pad[2] - e * dil[2];
    if (q0 < 0 || q1 < 0 || q2 < 0 || q0 % stride[0] || q1 % stride[1] || q2 % stride[2]) return -1;
    const I o0 = q0 / stride[0], o1 = q1 / stride[1], o2 = q2 / stride[2];
    if (o0 >= out[0] || o1 >= out[1] || o2 >= out[2]) return -1;
    return (o0 * out[1] + o1) * out[2] + o2;
  }

  // Offset in x (N, C, in) of im2col entry (sample s, channel c of group g, tap t, output l), or -1.
  TENSILE_HD I col(I s, I g, I c, I t, I l) const {
    const I p = tap_input(l, t);
    return p < 0 ? I(-1) : ((s * C + g * Cg + c) * P + p);
  }
};

// Forward: out (N, O, L) = w (O, Cg*T) @ im2col(x), batch folded into the columns.
// M = Og, K = Cg*T (k = c*T + t), N = batch*L (n = s*L + l).
template <typename I>
struct ConvForwardGemm {
  ConvDims<I> d;
  I M, N, K;
  ConvForwardGemm(const cpu::ConvGeom& g) : d(g), M(d.Og), N(I(g.N) * d.L), K(d.Cg * d.T) {}
  TENSILE_HD I a(I g, I m, I k) const { return (g * d.Og + m) * K + k; }
  TENSILE_HD I b(I g, I k, I n) const { return d.col(n / d.L, g, k / d.T, k % d.T, n % d.L); }
  TENSILE_HD I c(I g, I m, I n) const { return ((n / d.L) * d.O + g * d.Og + m) * d.L + n % d.L; }
};

// Input gradient: gin (N, C, P) = col2im(w^T @ gout), each input element gathering the output
// positions that read it. M = Cg, K = Og*T (k = o*T + t), N = batch*P (n = s*P + p).
template <typename I>
struct ConvInputGradGemm {
  ConvDims<I> d;
  I M, N, K;
  ConvInputGradGemm(const cpu::ConvGeom& g) : d(g), M(d.Cg), N(I(g.N) * d.P), K(d.Og * d.T) {}
  TENSILE_HD I a(I g, I m, I k) const { return ((g * d.Og + k / d.T) * d.Cg + m) * d.T + k % d.T; }
  TENSILE_HD I b(I g, I k, I n) const {
    const I l = d.tap_output(n % d.P, k % d.T);
    return l < 0 ? I(-1) : (((n / d.P) * d.O + g * d.Og + k / d.T) * d.L + l);
  }
  TENSILE_HD I c(I g, I m, I n) const { return ((n / d.P) * d.C + g * d.Cg + m) * d.P + n % d.P; }
};

// Weight gradient: gw (O, Cg*T) = gout @ im2col(x)^T, summed over the batch.
// M = Og, K = batch*L (k = s*L + l), N = Cg*T (n = c*T + t).
template <typename I>
struct ConvWeightGradGemm {
  ConvDims<I> d;
  I M, N, K;
  ConvWeightGradGemm(const cpu::ConvGeom& g) : d(g), M(d.Og), N(d.Cg * d.T), K(I(g.N) * d.L) {}
  TENSILE_HD I a(I g, I m, I k) const { return ((k / d.L) * d.O + g * d.Og + m) * d.L + k % d.L; }
  TENSILE_HD I b(I g, I k, I n) const { return d.col(k / d.L, g, n / d.T, n % d.T, k % d.L); }
  TENSILE_HD I c(I g, I m, I n) const { return (g * d.Og + m) * N + n; }
};

}  // namespace tensile::cuda
