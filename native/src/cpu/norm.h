// Layer normalization on the CPU: each row of a contiguous (rows, cols) block is normalised
// by its own mean and biased variance, then scaled and shifted per column.
#pragma once
#include <cstdint>

#include "../dtype.h"

namespace tensile::cpu {

// out = (x - mean) * rstd * weight + bias per row, rstd = 1 / sqrt(var + eps); weight and bias
// may be null (1 and 0); mean and rstd (rows) may be null, else they receive the statistics.
void layer_norm(DType dt, int64_t rows, int64_t cols, double eps, const char* x, const char* weight,
                const char* bias, char* out, char* mean, char* rstd);

}  // namespace tensile::cpu
