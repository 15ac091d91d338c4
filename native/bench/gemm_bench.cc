// Standalone correctness test and benchmark for tensile::cpu::gemm.
//
// Build (from the repository root):
//   g++ -O3 -march=native -std=c++17 -pthread -Inative/src native/bench/gemm_bench.cc
//       native/src/cpu/gemm.cc native/src/threadpool.cc -o /tmp/gemm_bench
// Run:  /tmp/gemm_bench            correctness sweep, then timings
//       /tmp/gemm_bench test       correctness only
//       /tmp/gemm_bench bench [N]  square timings only (optionally one size)
//       /tmp/gemm_bench shapes     float timings over assorted non-square shapes
// GEMM_BENCH_THREADS=n sets the pool size (default: hardware concurrency).
// Exit status is non-zero if any correctness check fails.
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "cpu/gemm.h"
#include "threadpool.h"

namespace {

using tensile::cpu::gemm;

std::mt19937_64 rng(12345);

// An M x N matrix stored with a chosen layout inside a larger buffer, so we can test
// row-major, column-major and padded/general strides.
enum class Layout { RowMajor, ColMajor, Strided };
const char* layout_name(Layout l) {
  return l == Layout::RowMajor ? "R" : l == Layout::ColMajor ? "C" : "S";
}

template <typename T>
struct Mat {
  int64_t rows, cols, rs, cs;
  std::vector<T> buf;
  Mat(int64_t r, int64_t c, Layout l) : rows(r), cols(c) {
    if (l == Layout::RowMajor) {
      rs = c, cs = 1;
    } else if (l == Layout::ColMajor) {
      rs = 1, cs = r;
    } else {  // both strides non-unit, with padding
      rs = 2 * c + 3, cs = 2;
    }
    buf.resize(static_cast<size_t>(std::max<int64_t>(1, (r - 1) * rs + (c - 1) * cs + 1)));
  }
  T& at(int64_t i, int64_t j) { return buf[i * rs + j * cs]; }
  void fill_random() {
    if constexpr (std::is_floating_point_v<T>) {
      std::uniform_real_distribution<double> d(-1.0, 1.0);
      for (auto& x : buf) x = static_cast<T>(d(rng));
    } else {
      std::uniform_int_distribution<int> d(-3, 3);
      for (auto& x : buf) x = static_cast<T>(d(rng));
    }
  }
};

template <typename T>
bool check_one(int64_t M, int64_t N, int64_t K, Layout la, Layout lb, Layout lc, T alpha, T beta) {
  Mat<T> A(M, K, la), B(K, N, lb), C(M, N, lc);
  A.fill_random();
  B.fill_random();
  C.fill_random();
  const bool nan_c = beta == T(0) && std::is_floating_point_v<T>;
  if (nan_c)  // beta == 0 must not read C
    for (auto& x : C.buf) x = std::numeric_limits<T>::quiet_NaN();

  // Reference in double (or wrapping int64 for integers).
  std::vector<double> ref(static_cast<size_t>(M * N));
  std::vector<double> mag(static_cast<size_t>(M * N));
  for (int64_t i = 0; i < M; ++i)
    for (int64_t j = 0; j < N; ++j) {
      double s = 0, a = 0;
      for (int64_t k = 0; k < K; ++k) {
        s += double(A.at(i, k)) * double(B.at(k, j));
        a += std::fabs(double(A.at(i, k)) * double(B.at(k, j)));
      }
      double c = beta == T(0) ? 0.0 : double(C.at(i, j));
      ref[i * N + j] = double(alpha) * s + double(beta) * c;
      mag[i * N + j] = std::fabs(double(alpha)) * a + std::fabs(double(beta) * c);
    }

  gemm<T>(M, N, K, alpha, A.buf.data(), A.rs, A.cs, B.buf.data(), B.rs, B.cs, beta, C.buf.data(),
          C.rs, C.cs);

  const double eps = std::is_same_v<T, float> ? 1e-6 : std::is_same_v<T, double> ? 1e-14 : 0.0;
  for (int64_t i = 0; i < M; ++i)
    for (int64_t j = 0; j < N; ++j) {
      double got = double(C.at(i, j));
      double want = ref[i * N + j];
      bool ok;
      if constexpr (std::is_floating_point_v<T>) {
        ok = std::fabs(got - want) <= eps * (4.0 * K + 8.0) * (mag[i * N + j] + 1e-30);
      } else {
        ok = static_cast<T>(static_cast<int64_t>(want)) == static_cast<T>(got);
      }
      if (!ok) {
        std::printf("FAIL %s M=%lld N=%lld K=%lld A=%s B=%s C=%s alpha=%g beta=%g at (%lld,%lld): "
                    "got %.9g want %.9g\n",
                    sizeof(T) == 4 && std::is_floating_point_v<T> ? "f32" : "T", (long long)M,
                    (long long)N, (long long)K, layout_name(la), layout_name(lb), layout_name(lc),
                    double(alpha), double(beta), (long long)i, (long long)j, got, want);
        return false;
      }
    }
  return true;
}

struct Tally {
  int passed = 0, failed = 0;
  void add(bool ok) { ok ? ++passed : ++failed; }
};

template <typename T>
void sweep(Tally& t, const char* name) {
  const Layout layouts[] = {Layout::RowMajor, Layout::ColMajor, Layout::Strided};
  int before = t.failed;
  // Every edge size 1..40 (covers each remainder of the micro-tile), all layout combos rotating.
  int idx = 0;
  for (int64_t M = 1; M <= 40; ++M)
    for (int64_t N = 1; N <= 40; N += (N < 8 ? 1 : 3)) {
      const int64_t K = 1 + (M * 7 + N * 3) % 41;
      Layout la = layouts[idx % 3], lb = layouts[(idx / 3) % 3], lc = layouts[(idx / 9) % 3];
      T alpha = (idx % 4 == 1) ? T(2) : T(1);
      T beta = (idx % 3 == 0) ? T(0) : (idx % 3 == 1 ? T(1) : T(-2));
      t.add(check_one<T>(M, N, K, la, lb, lc, alpha, beta));
      ++idx;
    }
  // Mid-size and non-square shapes that go through the packed path, all 27 layout combos.
  const int64_t shapes[][3] = {{100, 67, 129},  {33, 250, 17},  {257, 95, 400}, {64, 64, 64},
                               {1, 300, 200},   {300, 1, 200},  {129, 513, 31}, {70, 40, 800},
                               {2, 1000, 50},   {1000, 3, 70},  {15, 33, 1},    {47, 2, 2}};
  for (auto& s : shapes)
    for (int a = 0; a < 3; ++a)
      for (int b = 0; b < 3; ++b)
        for (int c = 0; c < 3; ++c) {
          T alpha = ((a + b + c) % 2) ? T(3) : T(1);
          T beta = (c == 0) ? T(0) : (c == 1 ? T(1) : T(-1));
          t.add(check_one<T>(s[0], s[1], s[2], layouts[a], layouts[b], layouts[c], alpha, beta));
        }
  // A few large ones that exercise several K/N/M blocks and both threads.
  t.add(check_one<T>(600, 1500, 800, Layout::RowMajor, Layout::RowMajor, Layout::RowMajor, T(1), T(0)));
  t.add(check_one<T>(700, 900, 1100, Layout::ColMajor, Layout::RowMajor, Layout::RowMajor, T(2), T(1)));
  t.add(check_one<T>(1100, 700, 500, Layout::RowMajor, Layout::ColMajor, Layout::ColMajor, T(1), T(-1)));
  t.add(check_one<T>(2100, 100, 90, Layout::RowMajor, Layout::RowMajor, Layout::RowMajor, T(1), T(1)));
  std::printf("%-8s %s\n", name, t.failed == before ? "ok" : "FAILED");
}

// Degenerate sizes: M, N or K == 0.
template <typename T>
void degenerate(Tally& t) {
  std::vector<T> C(12, T(5));
  gemm<T>(3, 4, 0, T(1), nullptr, 0, 1, nullptr, 4, 1, T(2), C.data(), 4, 1);
  t.add(std::all_of(C.begin(), C.end(), [](T x) { return x == T(10); }));
  std::fill(C.begin(), C.end(), std::is_floating_point_v<T> ? T(NAN) : T(7));
  gemm<T>(3, 4, 0, T(1), nullptr, 0, 1, nullptr, 4, 1, T(0), C.data(), 4, 1);
  t.add(std::all_of(C.begin(), C.end(), [](T x) { return x == T(0); }));
  gemm<T>(0, 4, 5, T(1), nullptr, 5, 1, nullptr, 4, 1, T(0), nullptr, 4, 1);
  gemm<T>(3, 0, 5, T(1), nullptr, 5, 1, nullptr, 0, 1, T(0), nullptr, 0, 1);
  t.add(true);
}

// Stride-0 (broadcast) operands, and several caller threads running gemm at once.
void special(Tally& t) {
  {
    // A: every row is the same vector (a_rs = 0); B: every column the same (b_cs = 0).
    const int64_t M = 37, N = 45, K = 29;
    std::vector<float> a(K), b(K), c(M * N, NAN);
    for (int64_t k = 0; k < K; ++k) a[k] = float(k % 5) - 2, b[k] = float(k % 3) - 1;
    gemm<float>(M, N, K, 1.f, a.data(), 0, 1, b.data(), 1, 0, 0.f, c.data(), N, 1);
    float want = 0;
    for (int64_t k = 0; k < K; ++k) want += a[k] * b[k];
    t.add(std::all_of(c.begin(), c.end(), [&](float x) { return x == want; }));
  }
  {
    const int64_t n = 300;
    std::vector<double> A(n * n), B(n * n), ref(n * n);
    std::uniform_real_distribution<double> d(-1.0, 1.0);
    for (auto& x : A) x = d(rng);
    for (auto& x : B) x = d(rng);
    gemm<double>(n, n, n, 1.0, A.data(), n, 1, B.data(), n, 1, 0.0, ref.data(), n, 1);
    std::vector<std::vector<double>> outs(4, std::vector<double>(n * n));
    std::vector<std::thread> callers;
    for (int c = 0; c < 4; ++c)
      callers.emplace_back([&, c] {
        for (int rep = 0; rep < 5; ++rep)
          gemm<double>(n, n, n, 1.0, A.data(), n, 1, B.data(), n, 1, 0.0, outs[c].data(), n, 1);
      });
    for (auto& th : callers) th.join();
    for (auto& o : outs) t.add(o == ref);
  }
}

double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Median GFLOP/s of C (M x N, row-major) = A (M x K, row-major) @ B, where B is row-major
// (K x N) or, with transposed_b, the transpose of a row-major N x K matrix (as in x @ W^T).
template <typename T>
double bench(int64_t M, int64_t N, int64_t K, bool transposed_b = false) {
  std::vector<T> A(M * K), B(K * N), C(M * N);
  std::uniform_real_distribution<double> d(-1.0, 1.0);
  for (auto& x : A) x = T(d(rng));
  for (auto& x : B) x = T(d(rng));
  auto run = [&] {
    if (transposed_b)
      gemm<T>(M, N, K, T(1), A.data(), K, 1, B.data(), 1, K, T(0), C.data(), N, 1);
    else
      gemm<T>(M, N, K, T(1), A.data(), K, 1, B.data(), N, 1, T(0), C.data(), N, 1);
  };
  const double flop = 2.0 * M * N * K;
  // ~0.3 s of measurement per configuration, at least 7 timed runs.
  const int reps = static_cast<int>(std::clamp(0.3 / (flop / 200e9), 7.0, 2001.0));
  for (int i = 0; i < 2 + reps / 10; ++i) run();
  std::vector<double> ts;
  for (int i = 0; i < reps; ++i) {
    double t0 = now();
    run();
    ts.push_back(now() - t0);
  }
  std::sort(ts.begin(), ts.end());
  return flop / ts[ts.size() / 2] / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "all";
  if (const char* t = std::getenv("GEMM_BENCH_THREADS")) tensile::set_num_threads(std::atoi(t));
  int rc = 0;
  if (mode == "all" || mode == "test") {
    Tally t;
    degenerate<float>(t);
    degenerate<double>(t);
    degenerate<int32_t>(t);
    special(t);
    sweep<float>(t, "float");
    sweep<double>(t, "double");
    sweep<int64_t>(t, "int64");
    sweep<int32_t>(t, "int32");
    sweep<int16_t>(t, "int16");
    sweep<int8_t>(t, "int8");
    sweep<uint8_t>(t, "uint8");
    std::printf("%d passed, %d failed\n", t.passed, t.failed);
    if (t.failed) rc = 1;
  }
  if (mode == "all" || mode == "bench") {
    std::printf("threads: %d\n", tensile::get_num_threads());
    std::vector<int64_t> sizes = {256, 512, 1024, 2048};
    if (argc > 2) sizes = {std::atoll(argv[2])};
    for (int64_t n : sizes) {
      std::printf("sgemm %5lld^3: %7.1f GFLOP/s   (B^T: %7.1f)\n", (long long)n, bench<float>(n, n, n),
                  bench<float>(n, n, n, true));
      std::printf("dgemm %5lld^3: %7.1f GFLOP/s\n", (long long)n, bench<double>(n, n, n));
    }
  }
  if (mode == "shapes") {
    const int64_t shapes[][3] = {{64, 64, 64},     {128, 128, 128},  {100, 100, 100},
                                 {512, 3072, 768}, {512, 768, 3072}, {2048, 512, 512},
                                 {10000, 64, 64},  {64, 10000, 64},  {32, 4096, 4096},
                                 {1, 4096, 4096},  {4096, 1, 4096},  {8, 512, 512}};
    std::vector<std::array<int64_t, 3>> list;
    for (auto& s : shapes) list.push_back({s[0], s[1], s[2]});
    if (argc > 4) list = {{std::atoll(argv[2]), std::atoll(argv[3]), std::atoll(argv[4])}};
    for (auto& s : list)
      std::printf("sgemm %5lld x %5lld x %5lld: %7.1f GFLOP/s   (B^T: %7.1f)\n", (long long)s[0],
                  (long long)s[1], (long long)s[2], bench<float>(s[0], s[1], s[2]),
                  bench<float>(s[0], s[1], s[2], true));
  }
  return rc;
}
