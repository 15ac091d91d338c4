// Host check of the GPU arg-reduction, column-scan and range kernels (src/cuda/scan_kernels.cuh),
// run under cuda_emulation.h and launched as scan.cu launches them, against direct loops that
// follow PyTorch: argmax / argmin take the first NaN, else the first of equal extremes (a thread
// per output below length 64, a block per output from there); cumsum / cumprod / logcumsumexp /
// cummax / cummin along a dim, cummax / cummin moving their index to every later tie and every
// later NaN; arange as start + i * step and linspace forwards from start for its first half,
// backwards from end for the rest. Float64, float32 and integer dtypes, several blocks, tails,
// and grids smaller than the work so the kernels loop. scan.cu's row scan (CUB) is not here.
// Run by kernels.test.ts; prints one line per case and exits 1 on the first mismatch.
#include "cuda_emulation.h"
#include "check_report.h"

#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "../src/cuda/scan_kernels.cuh"

using namespace tensile;
using namespace tensile::cuda;
using cpu::ScanOp;

namespace {

std::mt19937_64 rng(11);
const double kNaN = std::numeric_limits<double>::quiet_NaN(), kInf = std::numeric_limits<double>::infinity();

// A buffer of n elements (std::vector<bool> packs its bits, which no kernel reads).
template <typename T>
struct Buf {
  std::unique_ptr<T[]> p;
  size_t n = 0;
  explicit Buf(int64_t size, T fill = T()) : p(new T[size_t(size)]), n(size_t(size)) {
    for (size_t i = 0; i < n; ++i) p[i] = fill;
  }
  T& operator[](size_t i) { return p[i]; }
  const T& operator[](size_t i) const { return p[i]; }
  T* data() { return p.get(); }
  const T* data() const { return p.get(); }
  size_t size() const { return n; }
  T* begin() { return p.get(); }
  T* end() { return p.get() + n; }
};

template <typename T> constexpr bool kFloat = std::is_floating_point_v<T>;
template <typename T> bool nan_(T v) {
  if constexpr (kFloat<T>) return v != v;
  else return false;
}

// Equal as stored: NaN matches NaN, and a zero its own sign.
template <typename T>
bool same(T a, T b) {
  if constexpr (kFloat<T>) return nan_(a) ? nan_(b) : a == b && std::signbit(a) == std::signbit(b);
  else return a == b;
}

// Fails the case at got's first element not the same as want's.
template <typename T>
void expect_same(const Buf<T>& got, const Buf<T>& want, const char* what, const std::string& name) {
  for (size_t i = 0; i < want.size(); ++i)
    if (!same(got[i], want[i])) check::fail(name, "%s[%zu] = %.17g, want %.17g", what, i, double(got[i]), double(want[i]));
}

std::string num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%g", v);
  return b;
}

// n values with many ties: small integers (and, for floats, signed zeros, infinities and a NaN
// with probability nan_rate).
template <typename T>
Buf<T> tied(int64_t n, double nan_rate = 0) {
  std::uniform_int_distribution<int> pick(0, 9);
  std::uniform_real_distribution<double> u(0, 1);
  Buf<T> v(n);
  for (auto& e : v) {
    const int p = pick(rng);
    if constexpr (std::is_same_v<T, bool>) e = p & 1;
    else if constexpr (kFloat<T>) {
      static const double pool[10] = {-kInf, -2, -1, -0.0, 0, 1, 2, 3, 3, kInf};
      e = u(rng) < nan_rate ? T(kNaN) : T(pool[p]);
    } else e = T(p - 4);
  }
  return v;
}

template <typename T>
Buf<T> uniform(int64_t n, double lo, double hi) {
  std::uniform_real_distribution<double> u(lo, hi);
  Buf<T> v(n);
  for (auto& e : v) e = T(u(rng));
  return v;
}

const char* dt_name(DType d) {
  switch (d) {
    case DType::Float32: return "float32";
    case DType::Float64: return "float64";
    case DType::Float16: return "float16";
    case DType::Int32: return "int32";
    case DType::Int64: return "int64";
    case DType::Bool: return "bool";
    default: return "?";
  }
}
template <typename T> DType dtype_of() {
  if constexpr (std::is_same_v<T, float>) return DType::Float32;
  else if constexpr (std::is_same_v<T, double>) return DType::Float64;
  else if constexpr (std::is_same_v<T, __half>) return DType::Float16;
  else if constexpr (std::is_same_v<T, int32_t>) return DType::Int32;
  else if constexpr (std::is_same_v<T, int64_t>) return DType::Int64;
  else return DType::Bool;
}

// ---- argmax / argmin

// scan.cu's reduce_arg launch; grid 0 takes its grid, another forces a smaller one (the kernels
// loop); parts > 1 splits each dim over that many blocks and combines their results.
template <typename T>
void launch_arg(bool is_max, const T* a, int64_t outer, int64_t len, int64_t inner, T* v, int64_t* idx, unsigned grid,
                int64_t parts = 1) {
  const int64_t n_out = outer * inner;
  if (parts > 1) {
    Buf<typename Acc<T>::type> pv(n_out * parts);
    Buf<int64_t> pi(n_out * parts, -7);
    emulate({grid ? grid : grid_for_blocks(n_out * parts), 1, 1}, kThreads,
            [&] { arg_block_kernel<T>(a, outer, len, inner, is_max, v, idx, parts, pv.data(), pi.data()); });
    emulate({blocks_for(n_out), 1, 1}, kThreads,
            [&] { arg_combine_kernel<T>(a, outer, len, inner, parts, is_max, pv.data(), pi.data(), v, idx); });
  } else if (len >= 64) {
    emulate({grid ? grid : grid_for_blocks(n_out), 1, 1}, kThreads,
            [&] { arg_block_kernel<T>(a, outer, len, inner, is_max, v, idx); });
  } else {
    emulate({grid ? grid : blocks_for(n_out), 1, 1}, kThreads,
            [&] { arg_thread_kernel<T>(a, outer, len, inner, is_max, v, idx); });
  }
}

// alone: also with either output null, as max(dim) with one of them unused.
template <typename T>
void check_arg(const char* what, int64_t outer, int64_t len, int64_t inner, unsigned grid = 0, bool alone = false, int64_t parts = 1) {
  const int64_t n_out = outer * inner;
  Buf<T> a = tied<T>(outer * len * inner, 0.004);
  auto at = [&](int64_t oi, int64_t k) -> T& { return a[(oi / inner * len + k) * inner + oi % inner]; };
  // columns with a rule of their own (the rest are random, with ties everywhere)
  for (int64_t oi = 0; oi < n_out && oi < 7; ++oi)
    for (int64_t k = 0; k < len; ++k) {
      T& x = at(oi, k);
      if constexpr (kFloat<T>) {
        if (nan_(x)) x = 1;
        switch (oi) {
          case 0: if (k == len - 1) x = T(kNaN); break;           // one NaN, last
          case 1: x = 1; break;                                     // all equal
          case 2: x = T(-kInf); break;                              // all -inf
          case 3: if (k == len / 2 || k == len - 2) x = T(kNaN); break;  // two NaNs: the first wins
          case 4: x = k % 2 ? T(0.0) : T(-0.0); break;              // signed zeros tie
          case 5: x = T(k); break;                                  // increasing: max last, min first
          case 6: x = T(kInf); break;                               // all +inf
        }
      } else if (oi == 1) x = 1;
      else if (oi == 5 && !std::is_same_v<T, bool>) x = T(k % 100);
    }
  for (const bool is_max : {true, false}) {
    Buf<T> want_v(n_out);
    Buf<int64_t> want_i(n_out);
    for (int64_t oi = 0; oi < n_out; ++oi) {
      int64_t best = -1;
      for (int64_t k = 0; k < len && best < 0; ++k)
        if (nan_(at(oi, k))) best = k;  // the first NaN
      if (best < 0) {
        best = 0;
        for (int64_t k = 1; k < len; ++k)
          if (is_max ? at(oi, k) > at(oi, best) : at(oi, k) < at(oi, best)) best = k;  // strictly: the first of equals
      }
      want_v[oi] = at(oi, best);
      want_i[oi] = best;
    }
    const std::string name = std::string(is_max ? "argmax " : "argmin ") + what + " (" + std::to_string(outer) + ", " +
                             std::to_string(len) + ", " + std::to_string(inner) + ") " + dt_name(dtype_of<T>()) +
                             (grid ? ", grid " + std::to_string(grid) : "") + (parts > 1 ? ", " + std::to_string(parts) + " parts" : "");
    Buf<T> v(n_out, T(7));
    Buf<int64_t> idx(n_out, -7);
    launch_arg<T>(is_max, a.data(), outer, len, inner, v.data(), idx.data(), grid, parts);
    expect_same(v, want_v, "values", name);
    expect_same(idx, want_i, "indices", name);
    if (alone) {
      Buf<T> v1(n_out, T(7));
      Buf<int64_t> idx1(n_out, -7);
      launch_arg<T>(is_max, a.data(), outer, len, inner, v1.data(), nullptr, grid, parts);
      launch_arg<T>(is_max, a.data(), outer, len, inner, nullptr, idx1.data(), grid, parts);
      expect_same(v1, want_v, "values alone", name);
      expect_same(idx1, want_i, "indices alone", name);
    }
    check::pass(name);
  }
}

// ---- scans along a dim (the column kernel: inner > 1, or rows up to kThreads long)

// PyTorch's _log_add_exp_helper (logcumsumexp's step).
template <typename A>
A log_add_exp(A x, A y) {
  const A lo = std::isnan(y) ? y : std::min(x, y), hi = std::isnan(y) ? y : std::max(x, y);
  if (lo != hi || std::isfinite(lo)) return std::log1p(std::exp(lo - hi)) + hi;
  return x;  // equal infinities
}

const char* op_name(ScanOp op) {
  const char* names[] = {"cumsum", "cumprod", "logcumsumexp", "cummax", "cummin"};
  return names[static_cast<int>(op)];
}

template <typename TI, typename TO>
void check_scan(ScanOp op, const Buf<TI>& x, int64_t outer, int64_t len, int64_t inner, unsigned grid = 0) {
  using A = ScanAcc<TO>;  // the output's arithmetic type, int64 for integers
  const bool with_idx = op == ScanOp::cummax || op == ScanOp::cummin;
  const std::string name = std::string(op_name(op)) + " (" + std::to_string(outer) + ", " + std::to_string(len) + ", " +
                           std::to_string(inner) + ") " + dt_name(dtype_of<TI>()) + " -> " + dt_name(dtype_of<TO>()) +
                           (grid ? ", grid " + std::to_string(grid) : "");
  if (inner == 1 && len > kThreads) check::fail(name, "scan.cu runs this on its row kernel, not emulated");
  const int64_t n = outer * len * inner;
  Buf<TO> want(n);
  Buf<int64_t> want_i(n);
  for (int64_t b = 0; b < outer; ++b)
    for (int64_t i = 0; i < inner; ++i) {
      A acc{};
      int64_t idx = 0;
      for (int64_t k = 0; k < len; ++k) {
        const int64_t p = (b * len + k) * inner + i;
        const A v = static_cast<A>(static_cast<acc_t<TI>>(x[p]));
        if (k == 0) acc = v;
        else
          switch (op) {
            case ScanOp::cumsum: acc = acc + v; break;
            case ScanOp::cumprod: acc = acc * v; break;
            case ScanOp::logcumsumexp:
              if constexpr (kFloat<A>) acc = log_add_exp(acc, v);
              break;
            // PyTorch's cummax_cummin_helper: a NaN always takes over, else a number at least
            // (at most) as large (small) unless a NaN came before
            case ScanOp::cummax:
              if (nan_(v) || (!nan_(acc) && v >= acc)) acc = v, idx = k;
              break;
            case ScanOp::cummin:
              if (nan_(v) || (!nan_(acc) && v <= acc)) acc = v, idx = k;
              break;
          }
        want[p] = static_cast<TO>(acc);
        want_i[p] = idx;
      }
    }
  Buf<TO> o(n, TO(7));
  Buf<int64_t> oi(n, -7);
  int64_t* ip = with_idx ? oi.data() : nullptr;
  const char* in = reinterpret_cast<const char*>(x.data());
  const DType dt = dtype_of<TI>();
  // scan.cu's scan launch for the column kernel
  emulate({grid ? grid : blocks_for(outer * inner), 1, 1}, kThreads,
          [&] { scan_column_kernel<TO>(op, dt, in, o.data(), ip, outer, len, inner); });
  expect_same(o, want, "values", name);
  if (with_idx) expect_same(oi, want_i, "indices", name);
  check::pass(name);
}

// ---- ranges

// The CPU's arange: start + i * step as one fused multiply-add (std::fma).
template <typename T>
void check_arange(int64_t n, double start, double step, unsigned grid = 0) {
  const std::string name = "arange(" + std::to_string(n) + " from " + num(start) + " by " + num(step) + ") " + dt_name(dtype_of<T>()) + (grid ? ", grid " + std::to_string(grid) : "");
  Buf<T> want(n), o(n, T(-7));
  for (int64_t i = 0; i < n; ++i) want[i] = static_cast<T>(static_cast<acc_t<T>>(std::fma(double(i), step, start)));
  emulate({grid ? grid : blocks_for(n), 1, 1}, kThreads, [&] { arange_kernel<T>(o.data(), n, start, step); });
  expect_same(o, want, "values", name);
  if (!same(o[0], static_cast<T>(start))) check::fail(name, "the first is %.17g, want the start", double(o[0]));
  check::pass(name);
}

// PyTorch's two-sided linspace: start + step * i up to n / 2, end - step * (n - 1 - i) from
// there (as fused by the CPU build), so both ends are exact.
template <typename T>
void check_linspace(int64_t n, double start, double end, unsigned grid = 0) {
  const std::string name = "linspace(" + num(start) + ", " + num(end) + ", " + std::to_string(n) + ") " + dt_name(dtype_of<T>()) + (grid ? ", grid " + std::to_string(grid) : "");
  const double step = n > 1 ? (end - start) / double(n - 1) : 0;  // on the host, as scan.cu's linspace
  Buf<T> want(n), o(n, T(-7));
  for (int64_t i = 0; i < n; ++i) {
    const double v = i < n / 2 || n == 1 ? std::fma(step, double(i), start) : std::fma(-step, double(n - 1 - i), end);
    want[i] = static_cast<T>(static_cast<acc_t<T>>(v));
  }
  emulate({grid ? grid : blocks_for(n), 1, 1}, kThreads, [&] { linspace_kernel<T>(o.data(), n, start, end, step); });
  const bool ends = same(o[0], static_cast<T>(start)) && (n == 1 || same(o[n - 1], static_cast<T>(end)));
  if (!ends) check::fail(name, "the ends are %.17g and %.17g", double(o[0]), double(o[n - 1]));
  expect_same(o, want, "values", name);
  check::pass(name);
}

}  // namespace

int main() {
  // ---- arg-reductions: a thread per output (len < 64), a block per output (len >= 64)
  check_arg<double>("thread kernel", 37, 5, 13, 0, true);  // 481 outputs: two blocks, a tail
  check_arg<double>("thread kernel", 37, 5, 13, 1);
  check_arg<float>("thread kernel", 300, 63, 1);
  check_arg<int32_t>("thread kernel", 20, 10, 30);
  check_arg<bool>("thread kernel", 9, 7, 40);
  check_arg<double>("thread kernel", 600, 1, 1);
  check_arg<double>("block kernel", 3, 64, 5);
  check_arg<float>("block kernel", 2, 700, 4, 0, true);  // several elements per thread, a tail
  check_arg<float>("block kernel", 2, 700, 4, 3);  // fewer blocks than outputs
  check_arg<double>("block kernel", 1, 1000, 7);
  check_arg<int32_t>("block kernel", 4, 300, 2);
  check_arg<int64_t>("block kernel", 9, 257, 1);
  check_arg<bool>("block kernel", 5, 100, 2);
  // split dims (scan.cu splits few outputs over very long dims): uneven ranges, empty ranges
  // (64 over 60 parts: ranges of 2, the last 28 empty), fewer blocks than ranges
  check_arg<float>("split", 2, 700, 4, 0, true, 3);
  check_arg<double>("split", 3, 64, 5, 0, false, 60);
  check_arg<double>("split", 1, 1000, 7, 5, false, 9);
  check_arg<int32_t>("split", 1, 3000, 1, 0, false, 4);
  check_arg<bool>("split", 5, 100, 2, 0, false, 7);

  // ---- scans
  using S = ScanOp;
  check_scan<double, double>(S::cumsum, uniform<double>(5 * 40 * 70, -1, 1), 5, 40, 70);  // 350 columns
  check_scan<double, double>(S::cumsum, tied<double>(5 * 40 * 70, 0.01), 5, 40, 70, 1);  // infinities, NaN
  check_scan<float, float>(S::cumsum, uniform<float>(300 * 200, -1, 1), 300, 200, 1);  // rows up to kThreads
  check_scan<float, float>(S::cumsum, uniform<float>(3 * 256 * 1, -1, 1), 3, 256, 1);
  check_scan<float, double>(S::cumsum, uniform<float>(4 * 30 * 9, -1, 1), 4, 30, 9);
  check_scan<int32_t, int64_t>(S::cumsum, tied<int32_t>(7 * 30 * 11), 7, 30, 11);
  check_scan<bool, int64_t>(S::cumsum, tied<bool>(3 * 50 * 6), 3, 50, 6);
  check_scan<__half, float>(S::cumsum, uniform<__half>(3 * 20 * 5, -2, 2), 3, 20, 5);
  check_scan<int32_t, int32_t>(S::cumsum, tied<int32_t>(2 * 100 * 3), 2, 100, 3);
  check_scan<double, double>(S::cumprod, uniform<double>(3 * 100 * 90, 0.9, 1.1), 3, 100, 90);
  check_scan<float, float>(S::cumprod, uniform<float>(6 * 120 * 50, 0.9, 1.1), 6, 120, 50, 2);
  check_scan<int64_t, int64_t>(S::cumprod, [] {
    Buf<int64_t> v(2 * 50 * 9);
    std::uniform_int_distribution<int> p(0, 4);
    for (auto& e : v) e = std::vector<int64_t>{-1, 1, 1, 2, -2}[size_t(p(rng))];
    return v;
  }(), 2, 50, 9);
  // logcumsumexp: -inf prefixes, equal infinities, NaN
  check_scan<double, double>(S::logcumsumexp, uniform<double>(4 * 50 * 70, -3, 3), 4, 50, 70);
  check_scan<double, double>(S::logcumsumexp, tied<double>(4 * 50 * 70, 0.005), 4, 50, 70, 1);
  check_scan<float, float>(S::logcumsumexp, tied<float>(6 * 300 * 2, 0.002), 6, 300, 2);
  check_scan<float, float>(S::logcumsumexp, uniform<float>(50 * 200 * 1, -3, 3), 50, 200, 1);
  // cummax / cummin: ties (the later index), several NaNs per column
  for (const S op : {S::cummax, S::cummin}) {
    check_scan<double, double>(op, tied<double>(3 * 300 * 5, 0.01), 3, 300, 5);
    check_scan<double, double>(op, tied<double>(3 * 300 * 5, 0.01), 3, 300, 5, 1);
    check_scan<float, float>(op, tied<float>(200 * 60 * 1, 0.02), 200, 60, 1);
    check_scan<double, double>(op, uniform<double>(2 * 80 * 130, -1, 1), 2, 80, 130);
    check_scan<int32_t, int32_t>(op, tied<int32_t>(4 * 50 * 20), 4, 50, 20);
    check_scan<int64_t, int64_t>(op, tied<int64_t>(3 * 256 * 1), 3, 256, 1);
  }

  // ---- ranges
  check_arange<double>(1037, 0, 1);
  check_arange<double>(1037, -2.5, 0.1);
  check_arange<double>(1037, -2.5, 0.1, 2);  // the grid loops
  check_arange<float>(700, 1, 0.3);
  check_arange<float>(3, 0, 0.1);
  check_arange<int64_t>(600, -300, 3);
  check_arange<int32_t>(513, 5, -2);
  for (const int64_t n : {1, 2, 3, 7, 10, 1000, 1001}) {
    check_linspace<double>(n, -1, 1);
    check_linspace<float>(n, 0, 1);
  }
  check_linspace<double>(1001, 3, -0.7, 1);
  check_linspace<float>(777, 1e3, -1e-3, 2);
  check_linspace<int64_t>(50, -10, 10);
  check_linspace<int32_t>(300, 0, 1000);
  return check::finish();
}
