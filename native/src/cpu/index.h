// Gather/scatter through precomputed element offsets: every indexing op (advanced indexing,
// index_select, gather, scatter, index_add, masked ops, embedding) reduces to these two.
#pragma once
#include "../strided.h"

namespace tensile::cpu {

// out[i] = src[offsets[i]] where loop operands are (out, src, offsets:int64). src's pointer
// walks its non-indexed dims; offsets (in elements) add the indexed part. Every address is
// checked against [src_lo, src_hi) so a bad offset throws instead of reading out of bounds.
void take(DType dt, const StridedLoop<3>& loop, const char* src_lo, const char* src_hi);
// dst[offsets[i]] = values[i] (or += when accumulate); loop operands (dst, values, offsets).
void put(DType dt, bool accumulate, const StridedLoop<3>& loop, const char* dst_lo, const char* dst_hi);

// Writes the coordinates of the nonzero elements (row-major order) of a strided tensor into
// out (count x ndim int64); returns how many were found (at most `capacity`).
int64_t nonzero(DType dt, const StridedLoop<1>& loop, int64_t* out, int64_t capacity);

}  // namespace tensile::cpu
