// Normalization on the CPU, forward and backward, float32 and float64.
//
// Layer, group and instance norm share one row-wise kernel: x is a contiguous block of `rows`
// rows of cpg * hw elements, each normalised by its own mean and biased variance; the affine
// weight and bias are per channel, the channel of element i of row r being
// (r % groups) * cpg + i / hw. Layer norm is (rows, groups 1, cpg = normalized size, hw 1),
// group norm (N * G, G, C / G, HW), instance norm (N * C, C, 1, HW).
//
// Batch norm reduces per channel over (N, HW) of a contiguous (N, C, HW) block instead.
#pragma once
#include <cstdint>

#include "../dtype.h"

namespace tensile::cpu {

struct RowNormGeom {
  int64_t rows, groups, cpg, hw;
  int64_t cols() const { return cpg * hw; }
  int64_t channels() const { return groups * cpg; }
};

// out = (x - mean) * rstd * weight + bias per row, rstd = 1 / sqrt(var + eps); weight and bias
// (channels) may be null (1 and 0); mean and rstd (rows) may be null, else they receive the
// statistics. `kernel` names the op in the unsupported-dtype error.
void row_norm(const char* kernel, DType dt, const RowNormGeom& g, double eps, const char* x, const char* weight,
              const char* bias, char* out, char* mean, char* rstd);

// Gradients of row_norm from dy, x and the forward's mean and rstd: dx (rows * cols) and
// dweight, dbias (channels); each output may be null (not wanted), weight may be null (1).
void row_norm_backward(const char* kernel, DType dt, const RowNormGeom& g, const char* dy, const char* x,
                       const char* mean, const char* rstd, const char* weight, char* dx, char* dweight, char* dbias);

// Compatibility entry: layer norm over a (rows, cols) block.
void layer_norm(DType dt, int64_t rows, int64_t cols, double eps, const char* x, const char* weight,
                const char* bias, char* out, char* mean, char* rstd);

struct BatchNormGeom {
  int64_t n, c, hw;
};

// Training: normalises each channel by its batch mean and biased variance, writes them to
// save_mean and save_invstd (1 / sqrt(var + eps)) and, when given, updates running_mean and
// running_var in place (running_var with the unbiased variance, as PyTorch:
// r = (1 - momentum) * r + momentum * stat). Eval: normalises by the running statistics (both
// required) and writes them to save_mean / save_invstd the same way. weight and bias may be null.
void batch_norm(DType dt, const BatchNormGeom& g, bool training, double momentum, double eps, const char* x,
                const char* weight, const char* bias, char* running_mean, char* running_var, char* out,
                char* save_mean, char* save_invstd);

// Gradients of batch_norm from dy, x and the forward's save_mean / save_invstd. Training:
// dx = w * invstd * (dy - mean(dy) - xhat * mean(dy * xhat)) over (N, HW); eval: dx = dy * w * invstd.
// dweight = sum(dy * xhat), dbias = sum(dy). Outputs may be null; weight may be null (1).
void batch_norm_backward(DType dt, const BatchNormGeom& g, bool training, const char* dy, const char* x,
                         const char* save_mean, const char* save_invstd, const char* weight, char* dx,
                         char* dweight, char* dbias);

}  // namespace tensile::cpu
