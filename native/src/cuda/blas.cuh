// Internal to the CUDA part: a single (unbatched) GEMM on device pointers, for kernels that
// chain small products themselves (the recurrent time loop). Not part of api.h.
#pragma once
#include <cstdint>

#include "../dtype.h"

namespace tensile::cuda {

// c (M, N; row stride ldc, unit column stride) = a (M, K) @ b (K, N) + beta * c, element strides,
// through matmul (cuBLAS; TF32 as allowed there). M == 0 or N == 0 does nothing.
void gemm_2d(DType dt, int64_t M, int64_t N, int64_t K, const void* a, int64_t a_rs, int64_t a_cs, const void* b,
             int64_t b_rs, int64_t b_cs, double beta, void* c, int64_t ldc);

}  // namespace tensile::cuda
