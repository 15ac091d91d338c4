// Dense matrix multiply on the CPU: C = alpha * op(A) @ op(B) + beta * C for one matrix,
// with every operand given by (pointer, row stride, column stride) in elements, so
// transposed and otherwise strided views need no copy before the call.
#pragma once
#include <cstdint>

namespace tensile::cpu {

template <typename T>
void gemm(int64_t M, int64_t N, int64_t K, T alpha,
          const T* A, int64_t a_rs, int64_t a_cs,
          const T* B, int64_t b_rs, int64_t b_cs,
          T beta, T* C, int64_t c_rs, int64_t c_cs);

}  // namespace tensile::cpu
