// Host check of the GPU elementwise kernels (src/cuda/elementwise_kernels.cuh), run under
// cuda_emulation.h against direct loops: the strided maps over broadcast and transposed
// operands (DevLoop's offsets), the vectorised maps for contiguous operands with a tail that is
// not a whole vector and fewer blocks than the data (the grid-stride step), scalar operands,
// where with broadcasting, dtype-converting copies (float -> int wrapping as the CPU's, NaN and
// inf, -> bool) and a strided fill. The ops themselves are elementwise.cu's device lambdas; here
// a fixed function stands in. Run by kernels.test.ts.
#include "cuda_emulation.h"
#include "check_report.h"

#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "../src/cuda/elementwise_kernels.cuh"

using namespace tensile;
using namespace tensile::cuda;

namespace {

// 64-byte aligned storage, as device allocations are (the vector kernels need it).
template <typename T>
struct Aligned {
  std::unique_ptr<T[], void (*)(void*)> p;
  explicit Aligned(int64_t n) : p(static_cast<T*>(std::aligned_alloc(64, ((n * sizeof(T) + 63) / 64) * 64)), std::free) {}
  T* get() const { return p.get(); }
  T& operator[](int64_t i) const { return p[i]; }
};

// A DevLoop over `shape` with per-operand element strides.
template <int NT>
DevLoop<NT> loop(std::vector<int64_t> shape, std::vector<std::vector<int64_t>> strides, std::vector<void*> data) {
  DevLoop<NT> L{};
  L.ndim = int(shape.size());
  L.numel = 1;
  for (int d = 0; d < L.ndim; ++d) {
    L.shape[d] = shape[d];
    L.numel *= shape[d];
    for (int k = 0; k < NT; ++k) L.strides[k][d] = strides[k][d];
  }
  for (int k = 0; k < NT; ++k) L.data[k] = static_cast<char*>(data[k]);
  return L;
}

double f1(double x) { return 2 * x + 1; }
double f2(double a, double b) { return a * 3 - b; }

void check_maps() {
  // out (4, 5, 6) = f2(a (4, 1, 6) broadcast, b (6, 5, 4) transposed to (4, 5, 6))
  const int64_t n = 4 * 5 * 6;
  Aligned<double> a(24), b(n), out(n);
  for (int i = 0; i < 24; ++i) a[i] = i * 0.25;
  for (int i = 0; i < n; ++i) b[i] = i * 0.5 - 7;
  const DevLoop<3> L = loop<3>({4, 5, 6}, {{30, 6, 1}, {6, 0, 1}, {1, 4, 20}}, {out.get(), a.get(), b.get()});
  emulate({2, 1, 1}, kThreads, [&] { map2_kernel<double, double, double>(L, true, 0.0, true, 0.0, f2); });
  bool ok = true;
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 5; ++j)
      for (int k = 0; k < 6; ++k) ok = ok && out[(i * 5 + j) * 6 + k] == f2(a[i * 6 + k], b[k * 20 + j * 4 + i]);
  check::report(ok, "map2: broadcast and transposed operands", "differs from the direct loop");

  // scalar b
  emulate({1, 1, 1}, kThreads, [&] { map2_kernel<double, double, double>(L, true, 0.0, false, 1.5, f2); });
  ok = true;
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 5; ++j)
      for (int k = 0; k < 6; ++k) ok = ok && out[(i * 5 + j) * 6 + k] == f2(a[i * 6 + k], 1.5);
  check::report(ok, "map2: a scalar operand", "differs from the direct loop");

  // map1 over a strided (every other element) input
  Aligned<double> x(2 * n), y(n);
  for (int i = 0; i < 2 * n; ++i) x[i] = i - 50.0;
  const DevLoop<2> L1 = loop<2>({n}, {{1}, {2}}, {y.get(), x.get()});
  emulate({blocks_for(n), 1, 1}, kThreads, [&] { map1_kernel<double, double>(L1, f1); });
  ok = true;
  for (int i = 0; i < n; ++i) ok = ok && y[i] == f1(x[2 * i]);
  check::report(ok, "map1: a strided operand", "differs from the direct loop");
}

void check_vec() {
  // n not a multiple of kVec, and two blocks where vec_blocks would give more: the grid-stride step
  const int64_t n = 4 * 2 * kThreads * 3 + 3;
  Aligned<float> x(n), y(n), z(n);
  for (int64_t i = 0; i < n; ++i) x[i] = float(i % 101) - 50;
  for (int64_t i = 0; i < n; ++i) y[i] = float(i % 7);
  bool aligned = vec_aligned<float>(x.get()) && vec_aligned<float>(y.get()) && vec_aligned<float>(z.get());
  auto g1 = [](float v) { return 2 * v + 1; };
  auto g2 = [](float a, float b) { return a * 3 - b; };
  emulate({2, 1, 1}, kThreads, [&] { map1_vec_kernel<float, float>(z.get(), x.get(), n, g1); });
  bool ok = aligned;
  for (int64_t i = 0; i < n; ++i) ok = ok && z[i] == g1(x[i]);
  check::report(ok, "map1_vec: tail and grid-stride step", "differs from the direct loop");
  for (int64_t i = 0; i < n; ++i) z[i] = -1;
  emulate({vec_blocks(n), 1, 1}, kThreads, [&] { map2_vec_kernel<float, float, float>(z.get(), x.get(), 0.f, y.get(), 0.f, n, g2); });
  ok = true;
  for (int64_t i = 0; i < n; ++i) ok = ok && z[i] == g2(x[i], y[i]);
  check::report(ok, "map2_vec: two operands", "differs from the direct loop");
  emulate({3, 1, 1}, kThreads, [&] { map2_vec_kernel<float, float, float>(z.get(), nullptr, 2.5f, y.get(), 0.f, n, g2); });
  ok = true;
  for (int64_t i = 0; i < n; ++i) ok = ok && z[i] == g2(2.5f, y[i]);
  check::report(ok, "map2_vec: a scalar first operand", "differs from the direct loop");
}

void check_where() {
  // out (3, 4) = c (3, 1) ? a (3, 4) : scalar
  Aligned<bool> c(3);
  Aligned<int32_t> a(12), out(12);
  c[0] = true;
  c[1] = false;
  c[2] = true;
  for (int i = 0; i < 12; ++i) a[i] = i * 10;
  const DevLoop<4> L = loop<4>({3, 4}, {{4, 1}, {1, 0}, {4, 1}, {0, 0}}, {out.get(), c.get(), a.get(), nullptr});
  emulate({1, 1, 1}, kThreads, [&] { where_kernel<int32_t>(L, true, 0, false, -5); });
  bool ok = true;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 4; ++j) ok = ok && out[i * 4 + j] == (c[i] ? a[i * 4 + j] : -5);
  check::report(ok, "where: broadcast condition, scalar other", "differs from the direct loop");
}

void check_copy_fill() {
  const double in[] = {1.9, -1.9, 300.0, -129.0, 1e20, NAN, INFINITY, -0.0, 255.5, 65537.0};
  const int n = 10;
  Aligned<double> x(n);
  Aligned<int8_t> i8(n);
  Aligned<int32_t> i32(n);
  Aligned<int64_t> i64(n);
  Aligned<bool> b(n);
  for (int i = 0; i < n; ++i) x[i] = in[i];
  const DevLoop<2> L8 = loop<2>({n}, {{1}, {1}}, {i8.get(), x.get()});
  const DevLoop<2> L32 = loop<2>({n}, {{1}, {1}}, {i32.get(), x.get()});
  const DevLoop<2> L64 = loop<2>({n}, {{1}, {1}}, {i64.get(), x.get()});
  const DevLoop<2> Lb = loop<2>({n}, {{1}, {1}}, {b.get(), x.get()});
  emulate({1, 1, 1}, kThreads, [&] { copy_kernel<int8_t, double>(L8); });
  emulate({1, 1, 1}, kThreads, [&] { copy_kernel<int32_t, double>(L32); });
  emulate({1, 1, 1}, kThreads, [&] { copy_kernel<int64_t, double>(L64); });
  emulate({1, 1, 1}, kThreads, [&] { copy_kernel<bool, double>(Lb); });
  bool ok = true;
  for (int i = 0; i < n; ++i) {
    // the CPU's conversion: through int64 (x86's cvttsd2si: INT64_MIN for NaN, inf and out of range), then wrap
    const int64_t w = std::isfinite(in[i]) && std::fabs(in[i]) < 9.2e18 ? int64_t(in[i]) : INT64_MIN;
    ok = ok && i8[i] == int8_t(uint8_t(uint64_t(w))) && i32[i] == int32_t(uint32_t(uint64_t(w))) && i64[i] == w &&
         b[i] == (in[i] != 0);
  }
  check::report(ok, "copy: float64 -> int8 / int32 / int64 (wrapping, NaN, inf) and -> bool", "differs from the CPU's conversion");

  Aligned<double> f(20);
  for (int i = 0; i < 20; ++i) f[i] = 0;
  const DevLoop<1> Lf = loop<1>({4, 2}, {{5, 2}}, {f.get()});  // a (4, 2) view with strides (5, 2)
  emulate({1, 1, 1}, kThreads, [&] { fill_kernel<double>(Lf, 7.5); });
  ok = true;
  for (int i = 0; i < 20; ++i) ok = ok && f[i] == ((i % 5 == 0 || i % 5 == 2) && i < 20 ? 7.5 : 0);
  check::report(ok, "fill: a strided view", "differs from the direct loop");
}

}  // namespace

int main() {
  check_maps();
  check_vec();
  check_where();
  check_copy_fill();
  return check::finish();
}
