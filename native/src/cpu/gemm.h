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

// Columns per packed B micro-panel (the micro-kernel's vector width along N).
template <typename T>
int gemm_nr();

// Writes rows [k0, k0 + kc) x columns [j0, j0 + n) of a virtual K x N matrix B into dst as
// ceil(n / gemm_nr<T>()) micro-panels of NR columns: panel q at dst + q * NR * kc holds element
// (k0 + k, j0 + q * NR + j) at [k * NR + j], columns at or beyond n zero. Lets a caller build B
// straight into the GEMM's packed layout (convolution's implicit im2col) with no B matrix at all.
// dst is 64-byte aligned. fn may be called from several threads at once (disjoint blocks).
template <typename T>
struct GemmBPacker {
  void (*fn)(const void* ctx, int64_t k0, int64_t kc, int64_t j0, int64_t n, T* dst);
  const void* ctx;
};

// C = alpha * A @ B + beta * C with B supplied by a packer; C must be unit-stride along N
// (c_cs == 1), as B cannot be transposed. floats and doubles only.
template <typename T>
void gemm_packed_b(int64_t M, int64_t N, int64_t K, T alpha, const T* A, int64_t a_rs, int64_t a_cs,
                   GemmBPacker<T> b, T beta, T* C, int64_t c_rs);

// C (M x N, unit column stride) = A @ B where row k of B is the N elements at rows[k] (any
// alignment): no packed copy of B at all. For a stride-1 convolution the rows of the column
// matrix are windows of the input itself. Single-threaded; floats and doubles only.
template <typename T>
void gemm_rows_b(int64_t M, int64_t N, int64_t K, const T* A, int64_t a_rs, int64_t a_cs, const T* const* rows,
                 T* C, int64_t c_rs);

}  // namespace tensile::cpu
