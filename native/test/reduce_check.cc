// Host check of the GPU reduction and softmax kernels (src/cuda/reduce_kernels.cuh), run under
// cuda_emulation.h and launched as reduce.cu launches them, against direct loops: every reduce
// op over kept and reduced dims in any order (strided input), with one block per output, with
// fewer blocks than outputs (the blocks loop), and split over several blocks per output whose
// partials the combine kernel adds; softmax and log-softmax forward and backward along a last
// and a middle dim, with a row of -inf and a NaN. Run by kernels.test.ts; prints one line per
// case and exits 1 on the first mismatch.
#include "cuda_emulation.h"
#include "check_report.h"

#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "../src/cuda/reduce_kernels.cuh"

using namespace tensile;
using namespace tensile::cuda;
using Values = std::vector<double>;

namespace {

std::mt19937_64 rng(11);

Values filled(int64_t n) { return check::uniform(rng, n, -1.5, 1.5); }

bool same(double got, double want, double tol) {
  if (std::isnan(want)) return std::isnan(got);
  if (std::isinf(want)) return got == want;
  return std::fabs(got - want) <= tol * (1 + std::fabs(want));
}

// Reports the case: ok, or its first mismatch.
void report_close(const Values& got, const Values& want, const char* name, double tol = 1e-12) {
  for (size_t i = 0; i < want.size(); ++i)
    if (!same(got[i], want[i], tol)) check::fail(name, "[%zu] = %.17g, want %.17g", i, got[i], want[i]);
  check::pass(name);
}

// ---- reductions: x is (A, B, C) contiguous; the kept dim is B, the reduced ones A and C.

struct Op {
  ReduceOp op;
  const char* name;
  double init;
  double (*map)(double);
  double (*combine)(double, double);
};

double id(double x) { return x; }
double sq(double x) { return x * x; }
double ab(double x) { return std::fabs(x); }
double nz(double x) { return x != 0 ? 1 : 0; }
double nan0(double x) { return std::isnan(x) ? 0 : x; }
double add(double a, double b) { return a + b; }
double mul(double a, double b) { return a * b; }
double mx(double a, double b) { return std::isnan(a) || std::isnan(b) ? NAN : (a > b ? a : b); }
double mn(double a, double b) { return std::isnan(a) || std::isnan(b) ? NAN : (a < b ? a : b); }
double both(double a, double b) { return a != 0 && b != 0 ? 1 : 0; }
double either(double a, double b) { return a != 0 || b != 0 ? 1 : 0; }

template <ReduceOp O>
void check_reduce(const Op& op, int64_t A, int64_t B, int64_t C, unsigned max_blocks, const Values& x) {
  Values want(B, op.init);
  for (int64_t b = 0; b < B; ++b)
    for (int64_t a = 0; a < A; ++a)
      for (int64_t c = 0; c < C; ++c) want[b] = op.combine(want[b], op.map(x[(a * B + b) * C + c]));

  RedGeom g{};
  g.nk = 1;
  g.kshape[0] = B;
  g.kstride[0] = C;
  g.nr = 2;
  g.rshape[0] = A;
  g.rstride[0] = B * C;
  g.rshape[1] = C;
  g.rstride[1] = 1;
  g.n_out = B;
  g.n_red = A * C;
  using R = Rule<O, double>;
  const int64_t chunks = reduce_chunks(g);
  const unsigned gx = unsigned(std::min<int64_t>({g.n_out, 65535, max_blocks}));
  Values out(B, -7), partial(chunks > 1 ? B * chunks : 0);
  emulate({gx, unsigned(chunks), 1}, kThreads,
          [&] { reduce_kernel<R, double, double, double>(g, x.data(), out.data(), chunks > 1 ? partial.data() : nullptr, chunks); });
  if (chunks > 1) emulate({gx, 1, 1}, kThreads, [&] { combine_kernel<R, double, double>(partial.data(), out.data(), g.n_out, chunks); });
  char name[160];
  std::snprintf(name, sizeof name, "%s over (%lld, ., %lld) of (%lld, %lld, %lld), %u blocks x %lld chunks", op.name, (long long)A,
                (long long)C, (long long)A, (long long)B, (long long)C, gx, (long long)chunks);
  report_close(out, want, name, 1e-10);
}

template <ReduceOp O>
void reduce_cases(const Op& op) {
  Values small = filled(5 * 7 * 300), full = filled(20000);
  small[3 * 300 + 17] = 0;
  if (O == ReduceOp::nansum || O == ReduceOp::amax || O == ReduceOp::amin) small[(2 * 7 + 4) * 300 + 250] = NAN;
  Values ones(5 * 7 * 300, 1.0);
  if (O == ReduceOp::all) ones[(1 * 7 + 2) * 300 + 9] = 0;
  const Values& x = (O == ReduceOp::all || O == ReduceOp::prod) ? ones : small;
  check_reduce<O>(op, 5, 7, 300, 65535, x);
  check_reduce<O>(op, 5, 7, 300, 3, x);
  check_reduce<O>(op, 1, 1, 20000, 65535, O == ReduceOp::prod ? Values(20000, 1.0) : full);
}

// ---- softmax over (outer, len, inner), elements of a row `inner` apart

void check_softmax(int64_t outer, int64_t len, int64_t inner, bool log) {
  const int64_t n = outer * len * inner;
  Values x = filled(n), gy = filled(n);
  for (int64_t k = 0; k < len; ++k) x[k * inner] = -INFINITY;  // row 0 all -inf: NaN, as PyTorch
  if (outer * inner > 2) x[(len / 2) * inner + 2] = NAN;        // a NaN spreads over its row
  Values y(n), dx(n);
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < inner; ++i) {
      auto at = [&](int64_t k) { return (o * len + k) * inner + i; };
      double m = -INFINITY, s = 0, gs = 0;
      for (int64_t k = 0; k < len; ++k) m = mx(m, x[at(k)]);
      for (int64_t k = 0; k < len; ++k) s += std::exp(x[at(k)] - m);
      for (int64_t k = 0; k < len; ++k) y[at(k)] = log ? x[at(k)] - m - std::log(s) : std::exp(x[at(k)] - m) / s;
      for (int64_t k = 0; k < len; ++k) gs += log ? gy[at(k)] : gy[at(k)] * y[at(k)];
      for (int64_t k = 0; k < len; ++k) dx[at(k)] = log ? gy[at(k)] - std::exp(y[at(k)]) * gs : y[at(k)] * (gy[at(k)] - gs);
    }
  const int64_t rows = outer * inner;
  const unsigned grid = unsigned(std::max<int64_t>(1, rows / 2));  // reduce.cu: min(rows, 65535 * 8); fewer here so blocks loop
  Values got(n, -7), gx(n, -7);
  emulate({grid, 1, 1}, kThreads, [&] { softmax_kernel<double, double>(x.data(), got.data(), outer, len, inner, log); });
  emulate({grid, 1, 1}, kThreads, [&] { softmax_backward_kernel<double, double>(gy.data(), y.data(), gx.data(), outer, len, inner, log); });
  char name[120];
  std::snprintf(name, sizeof name, "%s (%lld, %lld, %lld)", log ? "log_softmax" : "softmax", (long long)outer, (long long)len, (long long)inner);
  std::string bwd = std::string(name) + " backward";
  report_close(got, y, name);
  report_close(gx, dx, bwd.c_str());
}

}  // namespace

int main() {
  reduce_cases<ReduceOp::sum>({ReduceOp::sum, "sum", 0, id, add});
  reduce_cases<ReduceOp::prod>({ReduceOp::prod, "prod", 1, id, mul});
  reduce_cases<ReduceOp::amax>({ReduceOp::amax, "amax", -INFINITY, id, mx});
  reduce_cases<ReduceOp::amin>({ReduceOp::amin, "amin", INFINITY, id, mn});
  reduce_cases<ReduceOp::all>({ReduceOp::all, "all", 1, nz, both});
  reduce_cases<ReduceOp::any>({ReduceOp::any, "any", 0, nz, either});
  reduce_cases<ReduceOp::sum_sq>({ReduceOp::sum_sq, "sum_sq", 0, sq, add});
  reduce_cases<ReduceOp::sum_abs>({ReduceOp::sum_abs, "sum_abs", 0, ab, add});
  reduce_cases<ReduceOp::count_nonzero>({ReduceOp::count_nonzero, "count_nonzero", 0, nz, add});
  reduce_cases<ReduceOp::nansum>({ReduceOp::nansum, "nansum", 0, nan0, add});
  for (bool log : {false, true}) {
    check_softmax(4, 300, 1, log);
    check_softmax(3, 5, 4, log);
  }
  return check::finish();
}
