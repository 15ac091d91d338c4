// Elementwise CPU kernels: every function walks a StridedLoop whose operand 0 is the output.
#pragma once
#include "../ops.h"
#include "../strided.h"

namespace tensile::cpu {

// out = op(a), params p[0..3] as the op defines them (alpha, bounds, beta/threshold ...).
void unary(UnaryOp op, DType in, DType out, const StridedLoop<2>& loop, const double* p);
// out = op(a, b); inputs share dtype `in`; `out` is `in` or bool for comparisons.
void binary(BinaryOp op, DType in, DType out, const StridedLoop<3>& loop, double alpha);
// out = cond ? a : b
void where(DType dt, const StridedLoop<4>& loop);
// out = a converted to out's dtype
void copy(DType out, DType in, const StridedLoop<2>& loop);
void fill(DType dt, const StridedLoop<1>& loop, double value);
// out[i] = start + i * step (contiguous out), as arange and linspace compute it.
void arange(DType dt, void* out, int64_t n, double start, double step);
void linspace(DType dt, void* out, int64_t n, double start, double end);

bool unary_is_predicate(UnaryOp op);  // produces bool
bool binary_is_predicate(BinaryOp op);

}  // namespace tensile::cpu
