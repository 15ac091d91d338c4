// Sorting along the last dim of contiguous rows.
#pragma once
#include "../dtype.h"

namespace tensile::cpu {

// Sorts each of `rows` rows of `len` elements; writes values and int64 indices (rows x len).
// NaN sorts as greater than every number, as in PyTorch.
void sort(DType dt, const char* in, int64_t rows, int64_t len, bool descending, bool stable, char* values,
          int64_t* indices);
// The k largest (or smallest) of each row, sorted; values and indices are rows x k.
void topk(DType dt, const char* in, int64_t rows, int64_t len, int64_t k, bool largest, char* values,
          int64_t* indices);

}  // namespace tensile::cpu
