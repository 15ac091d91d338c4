// Random number kernels. Every draw is a pure function of (seed, offset, element index) through
// Philox-4x32-10, so results are reproducible whatever the thread count, and the generator's
// whole state is the (seed, offset) pair that TypeScript keeps.
#pragma once
#include "../dtype.h"
#include "../philox.h"

namespace tensile::cpu {

using tensile::RandomOp;

// Fills n contiguous elements of dtype dt; a, b are the distribution's parameters
// (uniform: from, to; normal: mean, std; bernoulli: p; randint: low, high).
void random_fill(RandomOp op, DType dt, char* out, int64_t n, uint64_t seed, uint64_t offset, double a, double b);
// out[i] = (u_i < p[i]) for a float tensor p of n contiguous elements.
void bernoulli_tensor(DType out_dt, char* out, DType p_dt, const char* p, int64_t n, uint64_t seed, uint64_t offset);
// A random permutation of 0..n-1 as int64 (Fisher-Yates driven by Philox).
void randperm(int64_t* out, int64_t n, uint64_t seed, uint64_t offset);
// Draws `samples` category indices per row from unnormalised weights (rows x cats, float64).
void multinomial(const double* weights, int64_t rows, int64_t cats, int64_t samples, bool replacement, int64_t* out,
                 uint64_t seed, uint64_t offset);

}  // namespace tensile::cpu
