// Stand-in for cuBLAS (cublas_v2.h) in the emulated (host-only) CUDA build: handles, streams and
// cublasGemmStridedBatchedEx with cuBLAS's documented column-major semantics and argument checks,
// computed naively on the host (accumulating in the compute type, TF32 inputs when allowed).
#pragma once
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <vector>

typedef enum {
  CUBLAS_STATUS_SUCCESS = 0,
  CUBLAS_STATUS_NOT_INITIALIZED = 1,
  CUBLAS_STATUS_ALLOC_FAILED = 3,
  CUBLAS_STATUS_INVALID_VALUE = 7,
  CUBLAS_STATUS_ARCH_MISMATCH = 8,
  CUBLAS_STATUS_MAPPING_ERROR = 11,
  CUBLAS_STATUS_EXECUTION_FAILED = 13,
  CUBLAS_STATUS_INTERNAL_ERROR = 14,
  CUBLAS_STATUS_NOT_SUPPORTED = 15,
} cublasStatus_t;

typedef enum { CUBLAS_OP_N = 0, CUBLAS_OP_T = 1, CUBLAS_OP_C = 2 } cublasOperation_t;

typedef enum {
  CUBLAS_COMPUTE_16F = 64,
  CUBLAS_COMPUTE_32F = 68,
  CUBLAS_COMPUTE_64F = 70,
  CUBLAS_COMPUTE_32F_FAST_TF32 = 77,
} cublasComputeType_t;

typedef enum { CUBLAS_GEMM_DEFAULT = -1, CUBLAS_GEMM_DEFAULT_TENSOR_OP = 99 } cublasGemmAlgo_t;

struct cublasContext {
  cudaStream_t stream = nullptr;
};
typedef cublasContext* cublasHandle_t;

inline cublasStatus_t cublasCreate(cublasHandle_t* handle) {
  if (!handle) return CUBLAS_STATUS_INVALID_VALUE;
  *handle = new cublasContext;
  return CUBLAS_STATUS_SUCCESS;
}
inline cublasStatus_t cublasDestroy(cublasHandle_t handle) {
  if (!handle) return CUBLAS_STATUS_NOT_INITIALIZED;
  delete handle;
  return CUBLAS_STATUS_SUCCESS;
}
inline cublasStatus_t cublasSetStream(cublasHandle_t handle, cudaStream_t stream) {
  if (!handle) return CUBLAS_STATUS_NOT_INITIALIZED;
  handle->stream = stream;  // streams run everything at once here: nothing else to do
  return CUBLAS_STATUS_SUCCESS;
}
inline cublasStatus_t cublasGetStream(cublasHandle_t handle, cudaStream_t* stream) {
  if (!handle) return CUBLAS_STATUS_NOT_INITIALIZED;
  *stream = handle->stream;
  return CUBLAS_STATUS_SUCCESS;
}

namespace tensile_emulated_blas {

// float rounded to TF32 (10 mantissa bits, nearest even), what tensor cores multiply when
// CUBLAS_COMPUTE_32F_FAST_TF32 lets cuBLAS use them.
inline float to_tf32(float f) {
  uint32_t b;
  std::memcpy(&b, &f, 4);
  if ((b & 0x7f800000u) == 0x7f800000u) return f;  // inf / NaN unchanged
  b += 0xfffu + ((b >> 13) & 1u);
  b &= ~0x1fffu;
  std::memcpy(&f, &b, 4);
  return f;
}

// An element as the accumulator type (the half types through float, as the device's).
template <typename T, typename Acc>
Acc load(const void* base, int64_t i) {
  const T v = static_cast<const T*>(base)[i];
  if constexpr (std::is_same_v<T, double>) return v;
  else return static_cast<Acc>(static_cast<float>(v));
}
template <typename T, typename Acc>
void store(void* base, int64_t i, Acc v) {
  if constexpr (std::is_same_v<T, double>) static_cast<double*>(base)[i] = v;
  else static_cast<T*>(base)[i] = T(static_cast<float>(v));
}

// C_b = alpha op(A_b) op(B_b) + beta C_b, column-major, each sum in order over l in [0, k).
template <typename T, typename Acc>
void gemm(cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k, Acc alpha, const void* A, int lda,
          long long sa, const void* B, int ldb, long long sb, Acc beta, void* C, int ldc, long long sc, int batch,
          bool tf32) {
  std::vector<Acc> a(size_t(m) * k), b(size_t(n) * k);  // op(A) by rows, op(B) by columns: both contiguous in l
  for (int bi = 0; bi < batch; ++bi) {
    const int64_t oa = bi * sa, ob = bi * sb, oc = bi * sc;
    for (int i = 0; i < m; ++i)
      for (int l = 0; l < k; ++l) {
        Acc v = load<T, Acc>(A, oa + (ta == CUBLAS_OP_N ? i + int64_t(l) * lda : l + int64_t(i) * lda));
        if constexpr (std::is_same_v<Acc, float>) if (tf32) v = to_tf32(v);
        a[size_t(i) * k + l] = v;
      }
    for (int j = 0; j < n; ++j)
      for (int l = 0; l < k; ++l) {
        Acc v = load<T, Acc>(B, ob + (tb == CUBLAS_OP_N ? l + int64_t(j) * ldb : j + int64_t(l) * ldb));
        if constexpr (std::is_same_v<Acc, float>) if (tf32) v = to_tf32(v);
        b[size_t(j) * k + l] = v;
      }
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < m; ++i) {
        Acc s = 0;
        const Acc* ar = &a[size_t(i) * k];
        const Acc* bc = &b[size_t(j) * k];
        for (int l = 0; l < k; ++l) s += ar[l] * bc[l];
        const int64_t ci = oc + i + int64_t(j) * ldc;
        // beta == 0: C is not read (it may hold NaN), as cuBLAS documents
        store<T, Acc>(C, ci, beta == Acc(0) ? alpha * s : alpha * s + beta * load<T, Acc>(C, ci));
      }
  }
}

}  // namespace tensile_emulated_blas

// cuBLAS's strided batched GEMM, real types only, A, B and C of one type; alpha and beta are
// host pointers to double for CUBLAS_COMPUTE_64F, to float for the 32F compute types.
inline cublasStatus_t cublasGemmStridedBatchedEx(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb,
                                                 int m, int n, int k, const void* alpha, const void* A, cudaDataType_t Atype,
                                                 int lda, long long strideA, const void* B, cudaDataType_t Btype, int ldb,
                                                 long long strideB, const void* beta, void* C, cudaDataType_t Ctype, int ldc,
                                                 long long strideC, int batchCount, cublasComputeType_t computeType,
                                                 cublasGemmAlgo_t algo) {
  namespace eb = tensile_emulated_blas;
  (void)algo;
  if (!handle) return CUBLAS_STATUS_NOT_INITIALIZED;
  auto is_op = [](cublasOperation_t o) { return o == CUBLAS_OP_N || o == CUBLAS_OP_T || o == CUBLAS_OP_C; };
  const int a_rows = transa == CUBLAS_OP_N ? m : k, b_rows = transb == CUBLAS_OP_N ? k : n;
  auto at_least_1 = [](int v) { return v > 1 ? v : 1; };
  if (!is_op(transa) || !is_op(transb) || m < 0 || n < 0 || k < 0 || batchCount < 0 || lda < at_least_1(a_rows) ||
      ldb < at_least_1(b_rows) || ldc < at_least_1(m) || !alpha || !beta)
    return CUBLAS_STATUS_INVALID_VALUE;
  if (Atype != Btype || Atype != Ctype) return CUBLAS_STATUS_NOT_SUPPORTED;
  // CUBLAS_OP_C is CUBLAS_OP_T for real types
  if (transa == CUBLAS_OP_C) transa = CUBLAS_OP_T;
  if (transb == CUBLAS_OP_C) transb = CUBLAS_OP_T;
  const bool tf32 = computeType == CUBLAS_COMPUTE_32F_FAST_TF32;
  if (computeType == CUBLAS_COMPUTE_64F) {
    if (Atype != CUDA_R_64F) return CUBLAS_STATUS_NOT_SUPPORTED;
    if (m == 0 || n == 0 || batchCount == 0) return CUBLAS_STATUS_SUCCESS;
    eb::gemm<double, double>(transa, transb, m, n, k, *static_cast<const double*>(alpha), A, lda, strideA, B, ldb, strideB,
                             *static_cast<const double*>(beta), C, ldc, strideC, batchCount, false);
    return CUBLAS_STATUS_SUCCESS;
  }
  if (computeType != CUBLAS_COMPUTE_32F && !tf32) return CUBLAS_STATUS_NOT_SUPPORTED;
  if (tf32 && Atype != CUDA_R_32F) return CUBLAS_STATUS_NOT_SUPPORTED;
  if (Atype != CUDA_R_32F && Atype != CUDA_R_16F && Atype != CUDA_R_16BF) return CUBLAS_STATUS_NOT_SUPPORTED;
  if (m == 0 || n == 0 || batchCount == 0) return CUBLAS_STATUS_SUCCESS;
  const float al = *static_cast<const float*>(alpha), be = *static_cast<const float*>(beta);
  switch (Atype) {
    case CUDA_R_32F:
      eb::gemm<float, float>(transa, transb, m, n, k, al, A, lda, strideA, B, ldb, strideB, be, C, ldc, strideC, batchCount, tf32);
      break;
    case CUDA_R_16F:
      eb::gemm<__half, float>(transa, transb, m, n, k, al, A, lda, strideA, B, ldb, strideB, be, C, ldc, strideC, batchCount, false);
      break;
    default:
      eb::gemm<__nv_bfloat16, float>(transa, transb, m, n, k, al, A, lda, strideA, B, ldb, strideB, be, C, ldc, strideC,
                                     batchCount, false);
      break;
  }
  return CUBLAS_STATUS_SUCCESS;
}
