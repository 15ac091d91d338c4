// Matrix products through cuBLAS: one strided-batched GEMM per call, for float32 (TF32 tensor
// cores only when allowed, as torch.backends.cuda.matmul.allow_tf32), float64, float16 and
// bfloat16 (float accumulation). cuBLAS is column-major: a row-major C = A B is computed as the
// column-major C^T = B^T A^T, which reads the same memory. A matrix with no unit stride (a
// transposed-and-sliced view) is first copied to a packed one.
#include <cublas_v2.h>

#include <algorithm>
#include <climits>
#include <mutex>
#include <string>
#include <vector>

#include "api.h"
#include "blas.cuh"
#include "common.cuh"

namespace tensile::cuda {
namespace {

bool g_allow_tf32 = false;

void check_blas(cublasStatus_t s, const char* what) {
  if (s != CUBLAS_STATUS_SUCCESS)
    throw Error(std::string("CUDA error: CUBLAS_STATUS error ") + std::to_string(static_cast<int>(s)) + " when calling `" + what + "`");
}

cublasHandle_t handle() {
  static std::mutex mu;
  static std::vector<cublasHandle_t> handles;
  const int dev = current_device();
  std::lock_guard<std::mutex> lock(mu);
  if (handles.empty()) handles.assign(static_cast<size_t>(std::max(1, device_count())), nullptr);
  cublasHandle_t& h = handles.at(static_cast<size_t>(dev));
  if (!h) check_blas(cublasCreate(&h), "cublasCreate");
  check_blas(cublasSetStream(h, stream()), "cublasSetStream");
  return h;
}

// A (rows x cols) operand as cuBLAS sees it: column-major with leading dimension ld, either the
// matrix itself (col_major) or its transpose (a row-major matrix).
struct Mat {
  const char* data;
  int64_t bs, ld;
  bool col_major;
};

// The layout of a rows x cols matrix with element strides (rs, cs), or false when neither
// stride is a unit one (or the leading dimension overflows cuBLAS's int). Strides along a dim
// of extent 1 are free.
bool layout(int64_t rows, int64_t cols, int64_t rs, int64_t cs, bool& col_major, int64_t& ld) {
  if ((cs == 1 || cols == 1) && (rows == 1 || rs >= cols)) {
    col_major = false;
    ld = rows == 1 ? std::max<int64_t>(cols, 1) : rs;
    return ld <= INT_MAX;
  }
  if ((rs == 1 || rows == 1) && (cols == 1 || cs >= rows)) {
    col_major = true;
    ld = cols == 1 ? std::max<int64_t>(rows, 1) : cs;
    return ld <= INT_MAX;
  }
  return false;
}

// A loop over C's (batch, M, N) elements, every operand C in its own strides (callers repoint
// the ones that are not C).
template <int NT>
StridedLoop<NT> c_loop(DType dt, const cpu::MatmulArgs& a, int64_t batch) {
  const int sz = item_size(dt);
  StridedLoop<NT> L;
  L.ndim = 3;
  L.shape[0] = batch;
  L.shape[1] = a.M;
  L.shape[2] = a.N;
  L.ops[0].data = a.c;
  L.ops[0].strides[0] = a.c_bs * sz;
  L.ops[0].strides[1] = a.c_rs * sz;
  L.ops[0].strides[2] = a.c_cs * sz;
  for (int k = 1; k < NT; ++k) L.ops[k] = L.ops[0];
  return L;
}

// Packs a strided (batch, rows, cols) operand into fresh row-major memory (released by the caller).
char* pack(DType dt, int64_t batch, int64_t rows, int64_t cols, const char* src, int64_t bs, int64_t rs, int64_t cs) {
  const int sz = item_size(dt);
  char* dst = static_cast<char*>(alloc(static_cast<size_t>(batch * rows * cols * sz)));
  StridedLoop<2> L;
  L.ndim = 3;
  L.shape[0] = batch;
  L.shape[1] = rows;
  L.shape[2] = cols;
  L.ops[0].data = dst;
  L.ops[0].strides[0] = rows * cols * sz;
  L.ops[0].strides[1] = cols * sz;
  L.ops[0].strides[2] = sz;
  L.ops[1].data = const_cast<char*>(src);
  L.ops[1].strides[0] = bs * sz;
  L.ops[1].strides[1] = rs * sz;
  L.ops[1].strides[2] = cs * sz;
  try {
    copy(dt, dt, L);
  } catch (...) {
    release(dst);
    throw;
  }
  return dst;
}

}  // namespace

void set_allow_tf32(bool allow) { g_allow_tf32 = allow; }

void matmul(DType dt, const cpu::MatmulArgs& a) {
  if (a.batch == 0 || a.M == 0 || a.N == 0) return;
  cudaDataType_t type;
  cublasComputeType_t compute;
  switch (dt) {
    case DType::Float32: type = CUDA_R_32F; compute = g_allow_tf32 ? CUBLAS_COMPUTE_32F_FAST_TF32 : CUBLAS_COMPUTE_32F; break;
    case DType::Float64: type = CUDA_R_64F; compute = CUBLAS_COMPUTE_64F; break;
    case DType::Float16: type = CUDA_R_16F; compute = CUBLAS_COMPUTE_32F; break;
    case DType::BFloat16: type = CUDA_R_16BF; compute = CUBLAS_COMPUTE_32F; break;
    default: throw Error(std::string("\"addmm_cuda\" not implemented for '") + dtype_name(dt) + "'");
  }
  if (std::max({a.batch, a.M, a.N, a.K}) > INT_MAX)
    throw Error("matmul: a dimension larger than 2^31 - 1 is not supported on CUDA");
  if (a.K == 0) {
    // No terms: C = beta * C (zeros for beta == 0, whatever C held), done here because cuBLAS
    // has been seen to leave C untouched for k == 0 (pytorch/pytorch#31421), as PyTorch does.
    const int64_t nb = a.c_bs == 0 ? 1 : a.batch;  // a broadcast output is one matrix
    if (a.beta == 0) {
      fill(dt, c_loop<1>(dt, a, nb), 0.0);
    } else {
      binary(BinaryOp::mul, dt, dt, c_loop<3>(dt, a, nb), 1.0, nullptr, &a.beta);  // C = C * beta, in place
    }
    return;
  }
  struct Temps {  // packed copies, back to the cache on every exit (stream order keeps them for the GEMM)
    std::vector<char*> v;
    void push_back(char* p) { v.push_back(p); }
    ~Temps() {
      for (char* t : v) release(t);
    }
  } temps;
  auto operand = [&](const char* p, int64_t rows, int64_t cols, int64_t bs, int64_t rs, int64_t cs) {
    Mat m{p, bs, 0, false};
    if (!layout(rows, cols, rs, cs, m.col_major, m.ld)) {
      char* t = pack(dt, a.batch, rows, cols, p, bs, rs, cs);
      temps.push_back(t);
      m = {t, rows * cols, std::max<int64_t>(cols, 1), false};
    }
    return m;
  };
  const Mat A = operand(a.a, a.M, a.K, a.a_bs, a.a_rs, a.a_cs);
  const Mat B = operand(a.b, a.K, a.N, a.b_bs, a.b_rs, a.b_cs);
  bool c_col = false;
  int64_t ldc = 0;
  char* c = a.c;
  int64_t c_bs = a.c_bs;
  const bool c_direct = layout(a.M, a.N, a.c_rs, a.c_cs, c_col, ldc) && (a.batch == 1 || a.c_bs != 0);
  if (!c_direct) {  // an odd output view: compute packed, then copy into it
    c = pack(dt, a.batch, a.M, a.N, a.c, a.c_bs, a.c_rs, a.c_cs);
    temps.push_back(c);
    c_bs = a.M * a.N;
    c_col = false;
    ldc = std::max<int64_t>(a.N, 1);
  }
  // scalars in the compute type: double for float64, float otherwise
  const double alpha_d = a.alpha, beta_d = a.beta;
  const float alpha_f = static_cast<float>(a.alpha), beta_f = static_cast<float>(a.beta);
  const void* alpha = dt == DType::Float64 ? static_cast<const void*>(&alpha_d) : &alpha_f;
  const void* beta = dt == DType::Float64 ? static_cast<const void*>(&beta_d) : &beta_f;
  cublasHandle_t h = handle();
  if (!c_col) {
    // row-major C: C^T (N x M) = B^T A^T; a row-major operand is already its transpose
    check_blas(cublasGemmStridedBatchedEx(h, B.col_major ? CUBLAS_OP_T : CUBLAS_OP_N, A.col_major ? CUBLAS_OP_T : CUBLAS_OP_N,
                                          static_cast<int>(a.N), static_cast<int>(a.M), static_cast<int>(a.K), alpha,
                                          B.data, type, static_cast<int>(B.ld), B.bs, A.data, type, static_cast<int>(A.ld), A.bs,
                                          beta, c, type, static_cast<int>(ldc), c_bs, static_cast<int>(a.batch), compute,
                                          CUBLAS_GEMM_DEFAULT),
               "cublasGemmStridedBatchedEx");
  } else {
    // column-major C = A B; a row-major operand is the transpose of what cuBLAS reads
    check_blas(cublasGemmStridedBatchedEx(h, A.col_major ? CUBLAS_OP_N : CUBLAS_OP_T, B.col_major ? CUBLAS_OP_N : CUBLAS_OP_T,
                                          static_cast<int>(a.M), static_cast<int>(a.N), static_cast<int>(a.K), alpha,
                                          A.data, type, static_cast<int>(A.ld), A.bs, B.data, type, static_cast<int>(B.ld), B.bs,
                                          beta, c, type, static_cast<int>(ldc), c_bs, static_cast<int>(a.batch), compute,
                                          CUBLAS_GEMM_DEFAULT),
               "cublasGemmStridedBatchedEx");
  }
  if (!c_direct) {
    // copy the packed result into the output view
    StridedLoop<2> L = c_loop<2>(dt, a, a.batch);
    const int sz = item_size(dt);
    L.ops[1].data = c;
    L.ops[1].strides[0] = a.M * a.N * sz;
    L.ops[1].strides[1] = a.N * sz;
    L.ops[1].strides[2] = sz;
    copy(dt, dt, L);
  }
}

void gemm_2d(DType dt, int64_t M, int64_t N, int64_t K, const void* a, int64_t a_rs, int64_t a_cs, const void* b,
             int64_t b_rs, int64_t b_cs, double beta, void* c, int64_t ldc) {
  cpu::MatmulArgs m;
  m.batch = 1;
  m.M = M;
  m.N = N;
  m.K = K;
  m.a = static_cast<const char*>(a);
  m.a_bs = 0;
  m.a_rs = a_rs;
  m.a_cs = a_cs;
  m.b = static_cast<const char*>(b);
  m.b_bs = 0;
  m.b_rs = b_rs;
  m.b_cs = b_cs;
  m.c = static_cast<char*>(c);
  m.c_bs = 0;
  m.c_rs = ldc;
  m.c_cs = 1;
  m.alpha = 1;
  m.beta = beta;
  cuda::matmul(dt, m);
}

}  // namespace tensile::cuda
