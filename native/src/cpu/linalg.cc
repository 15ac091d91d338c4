#include "linalg.h"

#include <algorithm>

#include "../threadpool.h"
#include "gemm.h"

namespace tensile::cpu {

void matmul(DType dt, const MatmulArgs& m) {
  auto run = [&](auto tag) {
    using T = decltype(tag);
    const T* a = reinterpret_cast<const T*>(m.a);
    const T* b = reinterpret_cast<const T*>(m.b);
    T* c = reinterpret_cast<T*>(m.c);
    auto one = [&](int64_t i) {
      gemm<T>(m.M, m.N, m.K, static_cast<T>(m.alpha), a + i * m.a_bs, m.a_rs, m.a_cs, b + i * m.b_bs, m.b_rs, m.b_cs,
              static_cast<T>(m.beta), c + i * m.c_bs, m.c_rs, m.c_cs);
    };
    // Many small matrices: one per thread; few large ones: let gemm parallelise inside.
    if (m.batch > 1 && m.M * m.N * m.K < (1 << 18)) {
      parallel_for(0, m.batch, 1, [&](int64_t lo, int64_t hi) {
        for (int64_t i = lo; i < hi; ++i) one(i);
      });
    } else {
      for (int64_t i = 0; i < m.batch; ++i) one(i);
    }
  };
  switch (dt) {
    case DType::Float32: run(float{}); break;
    case DType::Float64: run(double{}); break;
    case DType::Int64: run(int64_t{}); break;
    case DType::Int32: run(int32_t{}); break;
    case DType::Int16: run(int16_t{}); break;
    case DType::Int8: run(int8_t{}); break;
    case DType::UInt8: run(uint8_t{}); break;
    default: throw Error(std::string("\"addmm_impl_cpu_\" not implemented for '") + dtype_name(dt) + "'");
  }
}

}  // namespace tensile::cpu
