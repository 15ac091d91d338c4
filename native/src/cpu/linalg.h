// Batched matrix multiply over strided operands.
#pragma once
#include "../dtype.h"

namespace tensile::cpu {

struct MatmulArgs {
  int64_t batch, M, N, K;
  const char* a; int64_t a_bs, a_rs, a_cs;  // strides in elements
  const char* b; int64_t b_bs, b_rs, b_cs;
  char* c; int64_t c_bs, c_rs, c_cs;
  double alpha, beta;
};
void matmul(DType dt, const MatmulArgs& args);

}  // namespace tensile::cpu
