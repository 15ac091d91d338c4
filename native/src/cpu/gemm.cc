// CPU GEMM: C = alpha * A @ B + beta * C over arbitrarily strided operands.
//
// Floating-point design (after BLIS / GotoBLAS: Van Zee & van de Geijn, "BLIS: A Framework
// for Rapidly Instantiating BLAS Functionality", TOMS 2015; Goto & van de Geijn, "Anatomy of
// High-Performance Matrix Multiplication", TOMS 2008):
//
//   for ic in M step MC                  A block  (MC x KC)                    -> lives in L3
//     for pc in K step KC
//       pack A[ic, pc]
//       for jc in N step NC
//         pack B[pc, jc]                 B block  (KC x NC), one per thread     -> lives in L2
//         for ir in MC step MR            A micro-panel (MR x KC)               -> lives in L1
//           for jr in NC step NR          B micro-panels stream from L2
//             micro-kernel: C[MR x NR] += A_panel @ B_panel   (MR*NR accumulators in registers)
//
// This is BLIS's loop nest with the roles of A and B exchanged, because C here is row-major
// (unit stride along N), so the SIMD vectors run along N (B's micro-panel rows are loaded
// as vectors) and A's elements are broadcast. BLIS keeps the broadcast operand's micro-panel
// in L1 and streams the vector operand from L2, so B takes BLIS's "A block in L2" role and A
// takes its "B block in L3" role.
//
// Threads: when M >= N the threads split the ir loop (M) and run fully independently, each
// packing its own A panels and its own copy of the B block; measured faster here than any
// sharing scheme, and the redundant B packing costs ~T/M of the flops. When N > M they split
// the jc loop (N) and share the A block, packed cooperatively behind a barrier (BLIS style).
//
// Packing absorbs every stride pattern (row-major, column-major/transposed, general) so the
// micro-kernel only ever sees contiguous, zero-padded panels. A column-major C is handled by
// computing C^T = B^T A^T, which makes C's unit stride run along the vector dimension again.
//
// gemm_packed_b runs the same loop nest with B's packing handed to the caller (a callback that
// writes the packed B block directly), so a B that exists only implicitly (convolution columns)
// is never materialised.
//
// Matrix-vector products (M == 1 or N == 1) and integer types take direct loops instead:
// packing costs more than it saves there. Everything else, down to tiny sizes, is packed.
#include "cpu/gemm.h"
#include "cpu/transpose.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <new>
#include <thread>
#include <type_traits>
#include <vector>

#include "threadpool.h"

#if defined(__AVX512F__) || (defined(__AVX2__) && defined(__FMA__))
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
// GCC 12's own AVX-512 headers raise false -W(maybe-)uninitialized warnings once their
// _mm512_undefined_* based intrinsics are inlined (GCC PR 105593).
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>
#endif

namespace tensile::cpu {
namespace {

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

inline int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }
inline int64_t round_up(int64_t a, int64_t b) { return ceil_div(a, b) * b; }

// A grow-only, 64-byte aligned scratch buffer. Kept per thread (thread_local) and reused across
// calls: a fresh multi-megabyte allocation each call would pay a page fault per 4 KiB page,
// which costs more than the packing itself for mid-sized matrices.
class ScratchBuffer {
 public:
  ScratchBuffer() = default;
  ScratchBuffer(const ScratchBuffer&) = delete;
  ScratchBuffer& operator=(const ScratchBuffer&) = delete;
  ~ScratchBuffer() { release(); }
  void* get(size_t bytes) {
    if (bytes > cap_) {
      release();
      const size_t cap = (bytes + kAlign - 1) & ~(kAlign - 1);
      ptr_ = ::operator new(cap, std::align_val_t(kAlign));  // throws std::bad_alloc
      cap_ = cap;
    }
    return ptr_;
  }

 private:
  static constexpr size_t kAlign = 4096;  // page aligned: also 64-byte (cache line / zmm) aligned
  void release() {
    if (ptr_) ::operator delete(ptr_, std::align_val_t(kAlign));
    ptr_ = nullptr;
    cap_ = 0;
  }
  void* ptr_ = nullptr;
  size_t cap_ = 0;
};

ScratchBuffer& a_scratch() {
  thread_local ScratchBuffer buf;
  return buf;
}
ScratchBuffer& b_scratch() {
  thread_local ScratchBuffer buf;
  return buf;
}

// Generation-counting spin barrier for the threads of one parallel region. parallel_for runs
// all of its chunks concurrently (one per pool thread), so spinning is safe; after a short
// spin we yield so an oversubscribed machine still makes progress.
class SpinBarrier {
 public:
  explicit SpinBarrier(int n) : n_(n) {}
  void wait() {
    if (n_ <= 1) return;
    int gen = gen_.load(std::memory_order_acquire);
    if (count_.fetch_add(1, std::memory_order_acq_rel) == n_ - 1) {
      count_.store(0, std::memory_order_relaxed);
      gen_.store(gen + 1, std::memory_order_release);
      return;
    }
    for (int spins = 0; gen_.load(std::memory_order_acquire) == gen; ++spins) {
      if (spins < 1024) {
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#endif
      } else {
        std::this_thread::yield();
      }
    }
  }

 private:
  const int n_;
  std::atomic<int> count_{0};
  std::atomic<int> gen_{0};
};

// C = beta * C over an M x N strided view (beta == 0 writes zeros without reading C).
template <typename T>
void scale_c(int64_t M, int64_t N, T beta, T* C, int64_t c_rs, int64_t c_cs) {
  for (int64_t i = 0; i < M; ++i) {
    T* c = C + i * c_rs;
    if (beta == T(0)) {
      for (int64_t j = 0; j < N; ++j) c[j * c_cs] = T(0);
    } else if (beta != T(1)) {
      for (int64_t j = 0; j < N; ++j) c[j * c_cs] = beta * c[j * c_cs];
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Direct (unpacked) paths: matrix-vector products and integer types.
// ---------------------------------------------------------------------------------------------

// Integers accumulate in a wide unsigned type: wrap-around is then well defined, and the low
// bits (all that survives the final narrowing) are the same as with any other accumulator.
template <typename T>
using AccT = std::conditional_t<std::is_floating_point_v<T>, T,
                                std::conditional_t<(sizeof(T) <= 4), uint32_t, uint64_t>>;

#if defined(__AVX512F__)
// Horizontal sums.
inline float hsum(__m512 v) {
  __m256 h = _mm256_add_ps(_mm512_castps512_ps256(v),
                           _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v), 1)));
  __m128 q = _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
  q = _mm_add_ps(q, _mm_movehl_ps(q, q));
  q = _mm_add_ss(q, _mm_movehdup_ps(q));
  return _mm_cvtss_f32(q);
}
inline double hsum(__m512d v) {
  __m256d h = _mm256_add_pd(_mm512_castpd512_pd256(v), _mm512_extractf64x4_pd(v, 1));
  __m128d q = _mm_add_pd(_mm256_castpd256_pd128(h), _mm256_extractf128_pd(h, 1));
  return _mm_cvtsd_f64(_mm_add_sd(q, _mm_unpackhi_pd(q, q)));
}
#endif

// Dot product of two unit-stride float/double vectors with independent partial sums (an
// in-order scalar reduction cannot be vectorised without -ffast-math).
template <typename T>
T dot_unit(int64_t K, const T* x, const T* y) {
#if defined(__AVX512F__)
  if constexpr (std::is_same_v<T, float>) {
    __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps();
    int64_t k = 0;
    for (; k + 32 <= K; k += 32) {
      s0 = _mm512_fmadd_ps(_mm512_loadu_ps(x + k), _mm512_loadu_ps(y + k), s0);
      s1 = _mm512_fmadd_ps(_mm512_loadu_ps(x + k + 16), _mm512_loadu_ps(y + k + 16), s1);
    }
    for (; k < K; k += 16) {
      __mmask16 m = (K - k >= 16) ? __mmask16(0xFFFF) : __mmask16((1u << (K - k)) - 1);
      s0 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m, x + k), _mm512_maskz_loadu_ps(m, y + k), s0);
    }
    return hsum(_mm512_add_ps(s0, s1));
  } else if constexpr (std::is_same_v<T, double>) {
    __m512d s0 = _mm512_setzero_pd(), s1 = _mm512_setzero_pd();
    int64_t k = 0;
    for (; k + 16 <= K; k += 16) {
      s0 = _mm512_fmadd_pd(_mm512_loadu_pd(x + k), _mm512_loadu_pd(y + k), s0);
      s1 = _mm512_fmadd_pd(_mm512_loadu_pd(x + k + 8), _mm512_loadu_pd(y + k + 8), s1);
    }
    for (; k < K; k += 8) {
      __mmask8 m = (K - k >= 8) ? __mmask8(0xFF) : __mmask8((1u << (K - k)) - 1);
      s0 = _mm512_fmadd_pd(_mm512_maskz_loadu_pd(m, x + k), _mm512_maskz_loadu_pd(m, y + k), s0);
    }
    return hsum(_mm512_add_pd(s0, s1));
  }
#endif
  T s[8] = {};
  int64_t k = 0;
  for (; k + 8 <= K; k += 8)
    for (int u = 0; u < 8; ++u) s[u] += x[k + u] * y[k + u];
  for (; k < K; ++k) s[0] += x[k] * y[k];
  return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}

template <typename T>
inline T finish(AccT<T> acc, T alpha, T beta, const T* c) {
  if constexpr (std::is_floating_point_v<T>) {
    return beta == T(0) ? alpha * acc : alpha * acc + beta * *c;
  } else {
    using A = AccT<T>;
    A r = static_cast<A>(alpha) * acc;
    if (beta != T(0)) r += static_cast<A>(beta) * static_cast<A>(*c);
    return static_cast<T>(r);
  }
}

// Integer GEMM: a plain loop over rows of C, column blocks and k, vectorisable along N when B
// is row-major. Integer matmuls are rare in this library, so no packing.
template <typename T>
void gemm_int(int64_t M, int64_t N, int64_t K, T alpha, const T* A, int64_t a_rs, int64_t a_cs,
              const T* B, int64_t b_rs, int64_t b_cs, T beta, T* C, int64_t c_rs, int64_t c_cs) {
  using Acc = AccT<T>;
  constexpr int64_t JB = 256;  // column block: the accumulator row stays in L1
  const int64_t grain = std::max<int64_t>(1, (int64_t(1) << 20) / std::max<int64_t>(1, N * K));
  parallel_for(0, M, grain, [&](int64_t i0, int64_t i1) {
    for (int64_t i = i0; i < i1; ++i) {
      const T* a = A + i * a_rs;
      T* c = C + i * c_rs;
      for (int64_t j0 = 0; j0 < N; j0 += JB) {
        const int64_t jn = std::min(JB, N - j0);
        Acc acc[JB];
        for (int64_t j = 0; j < jn; ++j) acc[j] = Acc(0);
        for (int64_t k = 0; k < K; ++k) {
          const Acc av = static_cast<Acc>(a[k * a_cs]);
          const T* b = B + k * b_rs + j0 * b_cs;
          if (b_cs == 1) {
            for (int64_t j = 0; j < jn; ++j) acc[j] += av * static_cast<Acc>(b[j]);
          } else {
            for (int64_t j = 0; j < jn; ++j) acc[j] += av * static_cast<Acc>(b[j * b_cs]);
          }
        }
        for (int64_t j = 0; j < jn; ++j) {
          T* cj = c + (j0 + j) * c_cs;
          *cj = finish<T>(acc[j], alpha, beta, cj);
        }
      }
    }
  });
}

// Matrix-vector products (float/double) are memory bound: no packing, stream the matrix once.
// Chunks of at least ~256K multiply-adds, so small products never pay for a thread hand-off.
constexpr int64_t kGemvGrainMacs = int64_t(1) << 18;

// Contiguous view of a strided vector (copied only when the stride is not 1).
template <typename T>
const T* contiguous(const T* x, int64_t n, int64_t stride, std::vector<T>& tmp) {
  if (stride == 1) return x;
  tmp.resize(static_cast<size_t>(n));
  for (int64_t k = 0; k < n; ++k) tmp[k] = x[k * stride];
  return tmp.data();
}

// y (1 x N) = alpha * x (1 x K) @ B (K x N) + beta * y.
template <typename T>
void gemv_row(int64_t N, int64_t K, T alpha, const T* x, int64_t x_s, const T* B, int64_t b_rs,
              int64_t b_cs, T beta, T* y, int64_t y_s) {
  std::vector<T> xtmp;
  const T* xc = contiguous(x, K, x_s, xtmp);
  const int64_t grain = std::max<int64_t>(64, kGemvGrainMacs / K);
  parallel_for(0, N, grain, [&](int64_t j0, int64_t j1) {
    if (b_cs == 1) {
      // Row-major B: y += x[k] * B[k, :], four rows of B per pass over the accumulator, each
      // row read contiguously (prefetcher friendly).
      constexpr int64_t JB = 1024;
      T acc[JB];
      for (int64_t jb = j0; jb < j1; jb += JB) {
        const int64_t jn = std::min(JB, j1 - jb);
        for (int64_t j = 0; j < jn; ++j) acc[j] = T(0);
        int64_t k = 0;
        for (; k + 4 <= K; k += 4) {
          const T x0 = xc[k], x1 = xc[k + 1], x2 = xc[k + 2], x3 = xc[k + 3];
          const T* b0 = B + k * b_rs + jb;
          const T* b1 = b0 + b_rs;
          const T* b2 = b1 + b_rs;
          const T* b3 = b2 + b_rs;
          for (int64_t j = 0; j < jn; ++j) acc[j] += (x0 * b0[j] + x1 * b1[j]) + (x2 * b2[j] + x3 * b3[j]);
        }
        for (; k < K; ++k) {
          const T x0 = xc[k];
          const T* b0 = B + k * b_rs + jb;
          for (int64_t j = 0; j < jn; ++j) acc[j] += x0 * b0[j];
        }
        for (int64_t j = 0; j < jn; ++j) {
          T* yj = y + (jb + j) * y_s;
          *yj = beta == T(0) ? alpha * acc[j] : alpha * acc[j] + beta * *yj;
        }
      }
    } else {
      // Column-major (or general) B: one dot product per output.
      std::vector<T> btmp;
      for (int64_t j = j0; j < j1; ++j) {
        const T d = dot_unit<T>(K, xc, contiguous(B + j * b_cs, K, b_rs, btmp));
        T* yj = y + j * y_s;
        *yj = beta == T(0) ? alpha * d : alpha * d + beta * *yj;
      }
    }
  });
}

// y (M x 1) = alpha * A (M x K, rows contiguous or general) @ x (K x 1) + beta * y.
// (A with contiguous columns is routed to gemv_row by transposing the problem.)
template <typename T>
void gemv_col(int64_t M, int64_t K, T alpha, const T* A, int64_t a_rs, int64_t a_cs, const T* x,
              int64_t x_s, T beta, T* y, int64_t y_s) {
  std::vector<T> xtmp;
  const T* xc = contiguous(x, K, x_s, xtmp);
  const int64_t grain = std::max<int64_t>(1, kGemvGrainMacs / K);
  parallel_for(0, M, grain, [&](int64_t i0, int64_t i1) {
    std::vector<T> atmp;
    for (int64_t i = i0; i < i1; ++i) {
      const T d = dot_unit<T>(K, contiguous(A + i * a_rs, K, a_cs, atmp), xc);
      T* yi = y + i * y_s;
      *yi = beta == T(0) ? alpha * d : alpha * d + beta * *yi;
    }
  });
}

// ---------------------------------------------------------------------------------------------
// SIMD abstraction for the micro-kernel: one "vector" of W lanes plus the handful of
// operations the kernel and its C update need. Partial (edge) vectors use masks.
// ---------------------------------------------------------------------------------------------

#if defined(__AVX512F__)
struct Avx512F32 {
  using T = float;
  using V = __m512;
  static constexpr int W = 16;
  static V zero() { return _mm512_setzero_ps(); }
  static V set1(T x) { return _mm512_set1_ps(x); }
  static V load(const T* p) { return _mm512_load_ps(p); }  // packed panels are aligned
  static V loadu(const T* p) { return _mm512_loadu_ps(p); }
  static void storeu(T* p, V v) { _mm512_storeu_ps(p, v); }
  static V fma(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
  static V mul(V a, V b) { return _mm512_mul_ps(a, b); }
  static __mmask16 mask(int n) { return __mmask16((1u << n) - 1); }  // n in [0, 16]
  static V load_n(const T* p, int n) { return _mm512_maskz_loadu_ps(mask(n), p); }
  static void store_n(T* p, V v, int n) { _mm512_mask_storeu_ps(p, mask(n), v); }
};
struct Avx512F64 {
  using T = double;
  using V = __m512d;
  static constexpr int W = 8;
  static V zero() { return _mm512_setzero_pd(); }
  static V set1(T x) { return _mm512_set1_pd(x); }
  static V load(const T* p) { return _mm512_load_pd(p); }
  static V loadu(const T* p) { return _mm512_loadu_pd(p); }
  static void storeu(T* p, V v) { _mm512_storeu_pd(p, v); }
  static V fma(V a, V b, V c) { return _mm512_fmadd_pd(a, b, c); }
  static V mul(V a, V b) { return _mm512_mul_pd(a, b); }
  static __mmask8 mask(int n) { return __mmask8((1u << n) - 1); }  // n in [0, 8]
  static V load_n(const T* p, int n) { return _mm512_maskz_loadu_pd(mask(n), p); }
  static void store_n(T* p, V v, int n) { _mm512_mask_storeu_pd(p, mask(n), v); }
};
#elif defined(__AVX2__) && defined(__FMA__)
struct Avx2F32 {
  using T = float;
  using V = __m256;
  static constexpr int W = 8;
  static V zero() { return _mm256_setzero_ps(); }
  static V set1(T x) { return _mm256_set1_ps(x); }
  static V load(const T* p) { return _mm256_load_ps(p); }
  static V loadu(const T* p) { return _mm256_loadu_ps(p); }
  static void storeu(T* p, V v) { _mm256_storeu_ps(p, v); }
  static V fma(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
  static V mul(V a, V b) { return _mm256_mul_ps(a, b); }
  static __m256i mask(int n) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
  }
  static V load_n(const T* p, int n) { return _mm256_maskload_ps(p, mask(n)); }
  static void store_n(T* p, V v, int n) { _mm256_maskstore_ps(p, mask(n), v); }
};
struct Avx2F64 {
  using T = double;
  using V = __m256d;
  static constexpr int W = 4;
  static V zero() { return _mm256_setzero_pd(); }
  static V set1(T x) { return _mm256_set1_pd(x); }
  static V load(const T* p) { return _mm256_load_pd(p); }
  static V loadu(const T* p) { return _mm256_loadu_pd(p); }
  static void storeu(T* p, V v) { _mm256_storeu_pd(p, v); }
  static V fma(V a, V b, V c) { return _mm256_fmadd_pd(a, b, c); }
  static V mul(V a, V b) { return _mm256_mul_pd(a, b); }
  static __m256i mask(int n) {
    return _mm256_cmpgt_epi64(_mm256_set1_epi64x(n), _mm256_setr_epi64x(0, 1, 2, 3));
  }
  static V load_n(const T* p, int n) { return _mm256_maskload_pd(p, mask(n)); }
  static void store_n(T* p, V v, int n) { _mm256_maskstore_pd(p, mask(n), v); }
};
#endif

#if defined(__GNUC__)
// Portable fallback: 16-byte vectors through the GCC/Clang vector extension (SSE2 on any x86-64,
// NEON on AArch64). Partial vectors go through memcpy.
template <typename TT>
struct Vec16 {
  using T = TT;
  typedef T V __attribute__((vector_size(16)));
  static constexpr int W = 16 / sizeof(T);
  static V zero() { return V{}; }
  static V set1(T x) {
    V v;
    for (int i = 0; i < W; ++i) v[i] = x;  // recognised as a broadcast
    return v;
  }
  static V load(const T* p) { return loadu(p); }
  static V loadu(const T* p) {
    V v;
    std::memcpy(&v, p, sizeof(V));
    return v;
  }
  static void storeu(T* p, V v) { std::memcpy(p, &v, sizeof(V)); }
  static V fma(V a, V b, V c) { return a * b + c; }
  static V mul(V a, V b) { return a * b; }
  static V load_n(const T* p, int n) {
    V v{};
    std::memcpy(&v, p, n * sizeof(T));
    return v;
  }
  static void store_n(T* p, V v, int n) { std::memcpy(p, &v, n * sizeof(T)); }
};
#else
// Last resort: a single scalar lane; the kernel becomes a register-blocked scalar loop.
template <typename TT>
struct Vec16 {
  using T = TT;
  using V = TT;
  static constexpr int W = 1;
  static V zero() { return T(0); }
  static V set1(T x) { return x; }
  static V load(const T* p) { return *p; }
  static V loadu(const T* p) { return *p; }
  static void storeu(T* p, V v) { *p = v; }
  static V fma(V a, V b, V c) { return a * b + c; }
  static V mul(V a, V b) { return a * b; }
  static V load_n(const T* p, int n) { return n > 0 ? *p : T(0); }
  static void store_n(T* p, V v, int n) {
    if (n > 0) *p = v;
  }
};
#endif

// ---------------------------------------------------------------------------------------------
// Micro-kernel: C[m x n] = alpha * (A_panel @ B) + beta * C, m <= MRC, n <= NVC * W.
//   A_panel: kc x MR, element (k, r) at a[k * MR + r]   (packed, zero-padded rows)
//   B:       kc x NR, row k's vectors from the source's load(k, v): a packed, aligned panel
//            (PanelB) or, for convolution, rows anywhere in memory (RowsB)
// The first MRC (<= MR) rows and NVC (<= NV) vectors of columns of the tile are computed in
// registers: the full tile for interior panels, fewer for the last panels of M and N (and for
// small M / N) so few FMAs are wasted on zero padding; the C update is clipped to m x n.
// All loops over r / v are fully unrolled so the accumulators stay in registers.
// ---------------------------------------------------------------------------------------------

// B as a packed micro-panel: element (k, j) at b[k * NR + j], zero-padded columns, aligned.
template <class S, int NR>
struct PanelB {
  const typename S::T* b;
  template <bool kMaskLast>
  typename S::V load(int64_t k, int v, int) const { return S::load(b + k * NR + v * S::W); }
};

// B as row pointers: element (k, j) at rows[k][j0 + j], no alignment. The last vector of a
// partial tile is a masked load (kMaskLast), so nothing past column n is read.
template <class S>
struct RowsB {
  const typename S::T* const* rows;
  int64_t j0;
  template <bool kMaskLast>
  typename S::V load(int64_t k, int v, int last) const {
    const typename S::T* p = rows[k] + j0 + v * S::W;
    return kMaskLast ? S::load_n(p, last) : S::loadu(p);
  }
};

template <class S, int MR, int MRC, int NV, int NVC, class B, bool kMaskLast>
void micro_kernel(int64_t kc, const typename S::T* __restrict a, B b, typename S::T* c, int64_t c_rs,
                  int64_t c_cs, int m, int n, typename S::T alpha, typename S::T beta) {
  using T = typename S::T;
  using V = typename S::V;
  constexpr int W = S::W;

  // C is only needed after the whole k loop: start pulling the tile in now. Into L2 rather than
  // L1: C rows 4 KiB apart alias to one L1 set and would evict the L1-resident A micro-panel.
  if (c_cs == 1) {
#pragma GCC unroll 16
    for (int r = 0; r < MRC; ++r) {
      if (r < m) {
        __builtin_prefetch(c + r * c_rs, 1, 2);
        __builtin_prefetch(c + r * c_rs + n - 1, 1, 2);
      }
    }
  }

  V acc[MRC][NVC];
#pragma GCC unroll 16
  for (int r = 0; r < MRC; ++r)
#pragma GCC unroll 4
    for (int v = 0; v < NVC; ++v) acc[r][v] = S::zero();

  const int last = n - (NVC - 1) * W;  // lanes of the last vector
#pragma GCC unroll 4
  for (int64_t k = 0; k < kc; ++k) {
    V bv[NVC];
#pragma GCC unroll 4
    for (int v = 0; v < NVC; ++v)
      bv[v] = kMaskLast && v == NVC - 1 ? b.template load<true>(k, v, last) : b.template load<false>(k, v, last);
#pragma GCC unroll 16
    for (int r = 0; r < MRC; ++r) {
      const V ar = S::set1(a[r]);
#pragma GCC unroll 4
      for (int v = 0; v < NVC; ++v) acc[r][v] = S::fma(ar, bv[v], acc[r][v]);
    }
    a += MR;
  }

  const V va = S::set1(alpha);
  if (c_cs == 1) {
    const V vb = S::set1(beta);
    const bool full = (n == NVC * W);
#pragma GCC unroll 16
    for (int r = 0; r < MRC; ++r) {
      if (r >= m) break;
      T* cr = c + r * c_rs;
#pragma GCC unroll 4
      for (int v = 0; v < NVC; ++v) {
        const V x = S::mul(acc[r][v], va);
        if (full) {
          S::storeu(cr + v * W, beta == T(0) ? x : S::fma(S::loadu(cr + v * W), vb, x));
        } else {
          const int nv = std::min(std::max(n - v * W, 0), W);
          S::store_n(cr + v * W, beta == T(0) ? x : S::fma(S::load_n(cr + v * W, nv), vb, x), nv);
        }
      }
    }
  } else {
    // General C strides: spill the tile and update element by element.
    alignas(64) T tile[MRC * NVC * W];
#pragma GCC unroll 16
    for (int r = 0; r < MRC; ++r)
#pragma GCC unroll 4
      for (int v = 0; v < NVC; ++v) S::storeu(tile + r * NVC * W + v * W, S::mul(acc[r][v], va));
    for (int r = 0; r < m; ++r)
      for (int j = 0; j < n; ++j) {
        T* cij = c + r * c_rs + j * c_cs;
        const T x = tile[r * NVC * W + j];
        *cij = beta == T(0) ? x : x + beta * *cij;
      }
  }
}

template <typename T, class B>
using KernelFn = void (*)(int64_t, const T* __restrict, B, T*, int64_t, int64_t, int, int, T, T);

// The kernel computing the fewest rows (in steps of 2) and vectors that still cover m x n.
template <class S, int MR, int NV, class B, bool kMaskLast, int NVC, int MRC = MR>
KernelFn<typename S::T, B> pick_rows(int m) {
  if constexpr (MRC <= 2) {
    return &micro_kernel<S, MR, MRC, NV, NVC, B, kMaskLast>;
  } else {
    if (m > MRC - 2) return &micro_kernel<S, MR, MRC, NV, NVC, B, kMaskLast>;
    return pick_rows<S, MR, NV, B, kMaskLast, NVC, MRC - 2>(m);
  }
}
template <class S, int MR, int NV, class B, bool kMaskLast = false, int NVC = NV>
KernelFn<typename S::T, B> pick_kernel(int m, int n) {
  if constexpr (NVC <= 1) {
    return pick_rows<S, MR, NV, B, kMaskLast, NVC>(m);
  } else {
    if (n > (NVC - 1) * S::W) return pick_rows<S, MR, NV, B, kMaskLast, NVC>(m);
    return pick_kernel<S, MR, NV, B, kMaskLast, NVC - 1>(m, n);
  }
}

// ---------------------------------------------------------------------------------------------
// Packing
// ---------------------------------------------------------------------------------------------

#if defined(__AVX512F__)

// dst[k * ld + i] = src[i * s_stride + k] for i < rows, k < len; lanes rows..width-1 of each
// dst row are zero-filled (width <= W). Reads each source row contiguously, W at a time.
template <typename S>
void transpose_strip(const typename S::T* src, int64_t s_stride, int rows, int width, int64_t len,
                     typename S::T* dst, int64_t ld) {
  constexpr int W = S::W;
  for (int64_t k0 = 0; k0 < len; k0 += W) {
    const int kn = static_cast<int>(std::min<int64_t>(W, len - k0));
    typename S::V r[W];
#pragma GCC unroll 16
    for (int i = 0; i < W; ++i) r[i] = i < rows ? S::load_n(src + i * s_stride + k0, kn) : S::zero();
    transpose_tile(r);
#pragma GCC unroll 16
    for (int k = 0; k < W; ++k)
      if (k < kn) S::store_n(dst + (k0 + k) * ld, r[k], width);
  }
}

template <typename T>
struct Avx512Of;
template <>
struct Avx512Of<float> {
  using S = Avx512F32;
};
template <>
struct Avx512Of<double> {
  using S = Avx512F64;
};
#endif

// Panels [p0, p1) of an m x kc block of A into MR-row micro-panels (see micro_kernel).
template <typename T, int MR>
void pack_a(int64_t m, int64_t kc, const T* A, int64_t a_rs, int64_t a_cs, int64_t p0, int64_t p1,
            T* dst) {
  for (int64_t p = p0; p < p1; ++p) {
    const int64_t i0 = p * MR;
    const int mr = static_cast<int>(std::min<int64_t>(MR, m - i0));
    T* d = dst + p * MR * kc;
    const T* src = A + i0 * a_rs;
    if (a_rs == 1 && mr == MR) {
      // Column-major A (a transposed view): each k column of the panel is contiguous.
      for (int64_t k = 0; k < kc; ++k) std::memcpy(d + k * MR, src + k * a_cs, MR * sizeof(T));
    } else if (a_cs == 1) {
      // Row-major A: the panel is a transpose of MR contiguous rows.
#if defined(__AVX512F__)
      using S = typename Avx512Of<T>::S;
      constexpr int W = S::W;
      for (int g = 0; g < MR; g += W) {
        const int rows = std::max(0, std::min(W, mr - g));
        transpose_strip<S>(src + g * a_rs, a_rs, rows, std::min(W, MR - g), kc, d + g, MR);
      }
#else
      // Scalar transpose, 16 k at a time so the destination tile stays in L1.
      constexpr int64_t KB = 16;
      for (int64_t k0 = 0; k0 < kc; k0 += KB) {
        const int64_t kn = std::min(KB, kc - k0);
        for (int r = 0; r < mr; ++r) {
          const T* s = src + r * a_rs + k0;
          T* dd = d + k0 * MR + r;
          for (int64_t k = 0; k < kn; ++k) dd[k * MR] = s[k];
        }
        for (int r = mr; r < MR; ++r)
          for (int64_t k = 0; k < kn; ++k) d[(k0 + k) * MR + r] = T(0);
      }
#endif
    } else {
      for (int64_t k = 0; k < kc; ++k) {
        for (int r = 0; r < mr; ++r) d[k * MR + r] = src[r * a_rs + k * a_cs];
        for (int r = mr; r < MR; ++r) d[k * MR + r] = T(0);
      }
    }
  }
}

// A kc x n block of B into NR-column micro-panels (see micro_kernel).
template <typename T, int NR>
void pack_b(int64_t kc, int64_t n, const T* B, int64_t b_rs, int64_t b_cs, T* dst) {
  const int64_t np = ceil_div(n, NR);
  const int64_t n_full = n / NR;  // panels without column padding
  const int tail = static_cast<int>(n - n_full * NR);
  if (b_cs == 1) {
    // Row-major B: walk B row by row (one long contiguous read per k, friendly to the
    // hardware prefetcher and the TLB) and scatter NR-wide pieces to the panels.
    for (int64_t k = 0; k < kc; ++k) {
      const T* src = B + k * b_rs;
      T* d = dst + k * NR;
      for (int64_t q = 0; q < n_full; ++q) std::memcpy(d + q * NR * kc, src + q * NR, NR * sizeof(T));
      if (tail) {
        T* dt = d + n_full * NR * kc;
        std::memcpy(dt, src + n_full * NR, tail * sizeof(T));
        std::memset(dt + tail, 0, (NR - tail) * sizeof(T));
      }
    }
    return;
  }
  for (int64_t q = 0; q < np; ++q) {
    const int64_t j0 = q * NR;
    const int nr = static_cast<int>(std::min<int64_t>(NR, n - j0));
    T* d = dst + q * NR * kc;
    const T* src = B + j0 * b_cs;
    if (b_rs == 1) {
      // Column-major B (e.g. x @ W^T): the panel is a transpose of NR contiguous columns.
#if defined(__AVX512F__)
      using S = typename Avx512Of<T>::S;
      constexpr int W = S::W;
      static_assert(NR % W == 0, "B panels are whole vectors");
      for (int g = 0; g < NR; g += W) {
        const int cols = std::max(0, std::min(W, nr - g));
        transpose_strip<S>(src + g * b_cs, b_cs, cols, W, kc, d + g, NR);
      }
#else
      // Scalar transpose, 16 k at a time so the destination tile stays in L1.
      constexpr int64_t KB = 16;
      for (int64_t k0 = 0; k0 < kc; k0 += KB) {
        const int64_t kn = std::min(KB, kc - k0);
        for (int j = 0; j < nr; ++j) {
          const T* s = src + j * b_cs + k0;
          T* dd = d + k0 * NR + j;
          for (int64_t k = 0; k < kn; ++k) dd[k * NR] = s[k];
        }
        for (int j = nr; j < NR; ++j)
          for (int64_t k = 0; k < kn; ++k) d[(k0 + k) * NR + j] = T(0);
      }
#endif
    } else {
      for (int64_t k = 0; k < kc; ++k) {
        for (int j = 0; j < nr; ++j) d[k * NR + j] = src[k * b_rs + j * b_cs];
        for (int j = nr; j < NR; ++j) d[k * NR + j] = T(0);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Blocking parameters per element type and ISA.
//   KC: the A micro-panel (MR x KC) must sit in L1 (48 KiB here) next to the streaming B lines.
//   NC: one thread's B block (KC x NC) must sit in its L2 (2 MiB here) with room to spare.
//   MC: the A block (MC x KC, double-buffered) only needs to fit in L3; a large MC means B is
//       packed once for the whole of M. KC / NC were scanned (256..512 / 480..1024) on the
//       target and are flat within noise around these values.
// ---------------------------------------------------------------------------------------------

template <typename T>
struct Config;

#if defined(__AVX512F__)
template <>
struct Config<float> {
  using S = Avx512F32;
  static constexpr int MR = 14, NV = 2;  // 14 x 32 tile: 28 accumulators of 32 zmm registers
  static constexpr int64_t KC = 384, NC = 672, MC = 2016;
};
template <>
struct Config<double> {
  using S = Avx512F64;
  static constexpr int MR = 14, NV = 2;  // 14 x 16 tile
  static constexpr int64_t KC = 256, NC = 480, MC = 1008;
};
#elif defined(__AVX2__) && defined(__FMA__)
template <>
struct Config<float> {
  using S = Avx2F32;
  static constexpr int MR = 6, NV = 2;  // 6 x 16 tile: 12 accumulators of 16 ymm registers
  static constexpr int64_t KC = 256, NC = 512, MC = 1020;
};
template <>
struct Config<double> {
  using S = Avx2F64;
  static constexpr int MR = 6, NV = 2;  // 6 x 8 tile
  static constexpr int64_t KC = 256, NC = 256, MC = 510;
};
#else
template <>
struct Config<float> {
  using S = Vec16<float>;
  // 4 x 8 tile: 8 accumulators. 6 x 8 would fit 16 xmm registers only with three-operand
  // instructions; SSE2's destructive two-operand forms make it spill.
  static constexpr int MR = 4, NV = 2;
  static constexpr int64_t KC = 256, NC = 512, MC = 1024;
};
template <>
struct Config<double> {
  using S = Vec16<double>;
  static constexpr int MR = 4, NV = 2;  // 4 x 4 tile
  static constexpr int64_t KC = 256, NC = 256, MC = 512;
};
#endif

// pack_b_block(pc, kc, jc, nc, dst): the kc x nc block of B at (pc, jc) as NR-column micro-panels.
template <typename T, class PackB>
void gemm_packed(int64_t M, int64_t N, int64_t K, T alpha, const T* A, int64_t a_rs, int64_t a_cs,
                 const PackB& pack_b_block, T beta, T* C, int64_t c_rs, int64_t c_cs) {
  using Cfg = Config<T>;
  using S = typename Cfg::S;
  constexpr int MR = Cfg::MR;
  constexpr int NR = Cfg::NV * S::W;

  constexpr int64_t kc_max = Cfg::KC, nc_max = Cfg::NC, mc_max = Cfg::MC;

  // Balanced blocks: e.g. K = 400 becomes two blocks of 200 rather than 384 + 16.
  const int64_t n_pc = ceil_div(K, kc_max);
  const int64_t kc_blk = ceil_div(K, n_pc);
  const int64_t n_ic = ceil_div(M, mc_max);
  const int64_t mc_blk = round_up(ceil_div(M, n_ic), MR);

  // Threads: at least ~8M multiply-adds each. Waking a pool thread costs tens of microseconds,
  // which is the whole run time of a 128^3 product.
  const int64_t m_panels_total = ceil_div(M, MR);
  const int64_t n_panels = ceil_div(N, NR);
  const double macs = double(M) * double(N) * double(K);
  const int want = static_cast<int>(std::max(1.0, std::min<double>(get_num_threads(), macs / (1 << 23))));
  const int nt = std::max(1, parallel_chunks(0, want, 1));
  // Split M when M >= N: each thread then packs only its own A panels and shares nothing (no
  // barrier); the price is every thread packing all of B, cheap relative to M/T x N x K work.
  // When N > M, split N instead and share the A block, packed cooperatively (BLIS style).
  int tn = 1;
  if (N > M) {
    for (int d = nt; d >= 1; --d)
      if (nt % d == 0 && n_panels >= d) {
        tn = d;
        break;
      }
  } else {
    for (int d = nt; d >= 1; --d)
      if (nt % d == 0 && m_panels_total >= d) {
        tn = nt / d;
        break;
      }
  }
  const int tm = nt / tn;

  // Packed A for all threads (each thread's panels at their own offsets), double-buffered for
  // the shared-A case (see the barrier note below). Allocated on the calling thread.
  const int64_t a_elems = round_up(mc_blk, MR) * kc_blk;
  T* a_pack = static_cast<T*>(a_scratch().get(2 * a_elems * sizeof(T)));
  SpinBarrier barrier(nt);

  auto body = [&](int tid) {
    const int ti = tid / tn, tj = tid % tn;
    // This thread's columns: a contiguous run of NR panels.
    const int64_t jp0 = n_panels * tj / tn, jp1 = n_panels * (tj + 1) / tn;
    const int64_t j_begin = jp0 * NR, j_end = std::min(N, jp1 * NR);
    const int64_t my_n = std::max<int64_t>(0, j_end - j_begin);
    const int64_t n_jc = std::max<int64_t>(1, ceil_div(my_n, nc_max));
    const int64_t nc_blk = round_up(ceil_div(my_n, n_jc), NR);
    T* b_pack = static_cast<T*>(b_scratch().get(nc_blk * kc_blk * sizeof(T) + 64));

    int64_t iter = 0;
    for (int64_t ic = 0; ic < M; ic += mc_blk) {
      const int64_t mc = std::min(mc_blk, M - ic);
      const int64_t m_panels = ceil_div(mc, MR);
      for (int64_t pc = 0; pc < K; pc += kc_blk, ++iter) {
        const int64_t kc = std::min(kc_blk, K - pc);
        T* ap = a_pack + (iter & 1) * a_elems;
        const int64_t ip0 = m_panels * ti / tm, ip1 = m_panels * (ti + 1) / tm;
        if (tn == 1) {
          // Threads split only M: each packs exactly the A panels it uses, nothing is shared.
          pack_a<T, MR>(mc, kc, A + ic * a_rs + pc * a_cs, a_rs, a_cs, ip0, ip1, ap);
        } else {
          // Every thread packs a share of A's panels, then all wait until the block is complete.
          // Double buffering makes one barrier per block enough: a thread can only start
          // packing block iter+1 (into the buffer of iter-1) after every thread reached this
          // barrier for block iter, i.e. after every thread finished computing with block iter-1.
          pack_a<T, MR>(mc, kc, A + ic * a_rs + pc * a_cs, a_rs, a_cs, m_panels * tid / nt,
                        m_panels * (tid + 1) / nt, ap);
          barrier.wait();
        }

        const T beta_eff = pc == 0 ? beta : T(1);
        for (int64_t jc = j_begin; jc < j_end; jc += nc_blk) {
          const int64_t nc = std::min(nc_blk, j_end - jc);
          pack_b_block(pc, kc, jc, nc, b_pack);
          for (int64_t ip = ip0; ip < ip1; ++ip) {
            const int64_t i = ic + ip * MR;
            const int m = static_cast<int>(std::min<int64_t>(MR, M - i));
            const T* a_panel = ap + ip * MR * kc;
            using Panel = PanelB<S, NR>;
            const KernelFn<T, Panel> full_kernel = pick_kernel<S, MR, Cfg::NV, Panel>(m, NR);
            for (int64_t jr = 0; jr < nc; jr += NR) {
              const int n = static_cast<int>(std::min<int64_t>(NR, nc - jr));
              const KernelFn<T, Panel> kernel = n == NR ? full_kernel : pick_kernel<S, MR, Cfg::NV, Panel>(m, n);
              kernel(kc, a_panel, Panel{b_pack + jr * kc}, C + i * c_rs + (jc + jr) * c_cs, c_rs, c_cs, m, n,
                     alpha, beta_eff);
            }
          }
        }
      }
    }
  };

  if (nt == 1) {
    body(0);
  } else {
    // parallel_chunks(0, nt, 1) == nt, so each chunk is exactly one thread id and all of them
    // run concurrently, as the barrier requires.
    parallel_for(0, nt, 1, [&](int64_t lo, int64_t hi) {
      for (int64_t t = lo; t < hi; ++t) body(static_cast<int>(t));
    });
  }
}

}  // namespace

template <typename T>
void gemm(int64_t M, int64_t N, int64_t K, T alpha, const T* A, int64_t a_rs, int64_t a_cs,
          const T* B, int64_t b_rs, int64_t b_cs, T beta, T* C, int64_t c_rs, int64_t c_cs) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0 || alpha == T(0)) {
    scale_c<T>(M, N, beta, C, c_rs, c_cs);
    return;
  }
  // Strides along a dimension of extent 1 are meaningless; normalise them so the layout tests
  // below see e.g. a 1 x N row with any row stride as unit-stride.
  if (N == 1) c_cs = b_cs = 1;
  if (M == 1) c_rs = a_rs = 1;
  if (K == 1) a_cs = b_rs = 1;

  // Computing C^T = B^T @ A^T instead swaps M <-> N and A <-> B^T:
  //   A' = B^T: a_rs' = b_cs, a_cs' = b_rs;  B' = A^T: b_rs' = a_cs, b_cs' = a_rs;  C' = C^T.
  auto transpose_problem = [&] {
    std::swap(M, N);
    std::swap(A, B);
    std::swap(a_rs, b_cs);
    std::swap(a_cs, b_rs);
    std::swap(c_rs, c_cs);
  };

  if constexpr (!std::is_floating_point_v<T>) {
    gemm_int<T>(M, N, K, alpha, A, a_rs, a_cs, B, b_rs, b_cs, beta, C, c_rs, c_cs);
  } else {
    if (M == 1 || N == 1) {
      // Matrix-vector: orient it as y = A x with contiguous rows of A (dot products) or as
      // y^T = x^T B with contiguous rows of B (axpys).
      if (N == 1 && !(a_cs == 1 || M == 1)) transpose_problem();
      if (N == 1)
        gemv_col<T>(M, K, alpha, A, a_rs, a_cs, B, b_rs, beta, C, c_rs);
      else
        gemv_row<T>(N, K, alpha, A, a_cs, B, b_rs, b_cs, beta, C, c_cs);
      return;
    }
    // Vectors run along N, so prefer the orientation where N fills at least half a vector, and
    // otherwise the one where C is unit-stride along N (a column-major C gets transposed).
    constexpr int W = Config<T>::S::W;
    const bool narrow_n = N < W / 2 && M > N;
    const bool narrow_m = M < W / 2 && N > M;
    if (narrow_n || (!narrow_m && c_cs != 1 && c_rs == 1)) transpose_problem();
    constexpr int NR = Config<T>::NV * W;
    gemm_packed<T>(M, N, K, alpha, A, a_rs, a_cs,
                   [&](int64_t pc, int64_t kc, int64_t jc, int64_t nc, T* dst) {
                     pack_b<T, NR>(kc, nc, B + pc * b_rs + jc * b_cs, b_rs, b_cs, dst);
                   },
                   beta, C, c_rs, c_cs);
  }
}

template <typename T>
int gemm_nr() {
  return Config<T>::NV * Config<T>::S::W;
}

template <typename T>
void gemm_packed_b(int64_t M, int64_t N, int64_t K, T alpha, const T* A, int64_t a_rs, int64_t a_cs,
                   GemmBPacker<T> b, T beta, T* C, int64_t c_rs) {
  static_assert(std::is_floating_point_v<T>, "packed-B GEMM is for floating point");
  if (M <= 0 || N <= 0) return;
  if (K <= 0 || alpha == T(0)) {
    scale_c<T>(M, N, beta, C, c_rs, 1);
    return;
  }
  if (M == 1) a_rs = 1;
  gemm_packed<T>(M, N, K, alpha, A, a_rs, a_cs,
                 [&](int64_t pc, int64_t kc, int64_t jc, int64_t nc, T* dst) { b.fn(b.ctx, pc, kc, jc, nc, dst); },
                 beta, C, c_rs, int64_t(1));
}

template <typename T>
void gemm_rows_b(int64_t M, int64_t N, int64_t K, const T* A, int64_t a_rs, int64_t a_cs, const T* const* rows,
                 T* C, int64_t c_rs) {
  static_assert(std::is_floating_point_v<T>, "row-pointer GEMM is for floating point");
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    scale_c<T>(M, N, T(0), C, c_rs, 1);
    return;
  }
  using Cfg = Config<T>;
  using S = typename Cfg::S;
  using Rows = RowsB<S>;
  constexpr int MR = Cfg::MR;
  constexpr int NR = Cfg::NV * S::W;
  const int64_t n_pc = ceil_div(K, Cfg::KC), kc_blk = ceil_div(K, n_pc);
  const int64_t m_panels = ceil_div(M, MR);
  T* ap = static_cast<T*>(a_scratch().get(m_panels * MR * kc_blk * sizeof(T)));
  for (int64_t pc = 0; pc < K; pc += kc_blk) {
    const int64_t kc = std::min(kc_blk, K - pc);
    pack_a<T, MR>(M, kc, A + pc * a_cs, a_rs, a_cs, 0, m_panels, ap);
    const T beta = pc == 0 ? T(0) : T(1);
    // A column tile of B (kc rows of NR) stays in L1 while every panel of A streams past it.
    for (int64_t j = 0; j < N; j += NR) {
      const int n = static_cast<int>(std::min<int64_t>(NR, N - j));
      const Rows b{rows + pc, j};
      for (int64_t ip = 0; ip < m_panels; ++ip) {
        const int m = static_cast<int>(std::min<int64_t>(MR, M - ip * MR));
        const KernelFn<T, Rows> kernel =
            n == NR ? pick_kernel<S, MR, Cfg::NV, Rows>(m, n) : pick_kernel<S, MR, Cfg::NV, Rows, true>(m, n);
        kernel(kc, ap + ip * MR * kc, b, C + ip * MR * c_rs + j, c_rs, 1, m, n, T(1), beta);
      }
    }
  }
}

template void gemm<float>(int64_t, int64_t, int64_t, float, const float*, int64_t, int64_t,
                          const float*, int64_t, int64_t, float, float*, int64_t, int64_t);
template void gemm<double>(int64_t, int64_t, int64_t, double, const double*, int64_t, int64_t,
                           const double*, int64_t, int64_t, double, double*, int64_t, int64_t);
template void gemm_rows_b<float>(int64_t, int64_t, int64_t, const float*, int64_t, int64_t, const float* const*,
                                 float*, int64_t);
template void gemm_rows_b<double>(int64_t, int64_t, int64_t, const double*, int64_t, int64_t, const double* const*,
                                  double*, int64_t);
template int gemm_nr<float>();
template int gemm_nr<double>();
template void gemm_packed_b<float>(int64_t, int64_t, int64_t, float, const float*, int64_t, int64_t,
                                   GemmBPacker<float>, float, float*, int64_t);
template void gemm_packed_b<double>(int64_t, int64_t, int64_t, double, const double*, int64_t, int64_t,
                                    GemmBPacker<double>, double, double*, int64_t);
template void gemm<int64_t>(int64_t, int64_t, int64_t, int64_t, const int64_t*, int64_t, int64_t,
                            const int64_t*, int64_t, int64_t, int64_t, int64_t*, int64_t, int64_t);
template void gemm<int32_t>(int64_t, int64_t, int64_t, int32_t, const int32_t*, int64_t, int64_t,
                            const int32_t*, int64_t, int64_t, int32_t, int32_t*, int64_t, int64_t);
template void gemm<int16_t>(int64_t, int64_t, int64_t, int16_t, const int16_t*, int64_t, int64_t,
                            const int16_t*, int64_t, int64_t, int16_t, int16_t*, int64_t, int64_t);
template void gemm<int8_t>(int64_t, int64_t, int64_t, int8_t, const int8_t*, int64_t, int64_t,
                           const int8_t*, int64_t, int64_t, int8_t, int8_t*, int64_t, int64_t);
template void gemm<uint8_t>(int64_t, int64_t, int64_t, uint8_t, const uint8_t*, int64_t, int64_t,
                            const uint8_t*, int64_t, int64_t, uint8_t, uint8_t*, int64_t, int64_t);

}  // namespace tensile::cpu
