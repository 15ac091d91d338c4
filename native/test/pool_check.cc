// Host check of the GPU pooling and F.unfold / F.fold kernels (src/cuda/pool_kernels.cuh), run
// under cuda_emulation.h and launched as nn.cu launches them (blocks_for(n) blocks of kThreads,
// the scattering gradients into zeroed buffers), then again on a single block so that every
// thread loops, against direct loops over the kernel taps that follow PyTorch's rules (the CPU
// kernels of src/cpu/pool.cc): max pooling with padding, stride, dilation and ceil_mode windows,
// ties (the first index wins), NaN (propagates, the last NaN's index) and all -inf windows (the
// first element's index), and its gradient over overlapping windows (atomicAdd); average pooling
// with and without count_include_pad and with divisor_override, forward and backward; adaptive
// max / average pooling over windows that overlap or repeat, and the adaptive average gradient;
// im2col / col2im with padding, stride and dilation. float64, and float32 for a few cases.
// Run by kernels.test.ts; prints one line per case and exits 1 on the first mismatch.
#include "cuda_emulation.h"
#include "check_report.h"

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "../src/cuda/pool_kernels.cuh"

using namespace tensile;
using namespace tensile::cuda;
using cpu::PoolGeom;
using Ref = std::vector<double>;
using Idx = std::vector<int64_t>;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::mt19937_64 rng(11);


// Max pooling input: small integers (ties everywhere), a few NaN, some -inf, and plane 1 all -inf.
Ref max_input(int64_t planes, int64_t plane) {
  std::uniform_int_distribution<int> u(0, 99);
  Ref v(static_cast<size_t>(planes * plane));
  for (int64_t i = 0; i < planes * plane; ++i) {
    const int r = u(rng);
    v[i] = planes > 1 && i / plane == 1 ? -kInf : r < 3 ? kNaN : r < 8 ? -kInf : double(r % 5 - 2);
  }
  return v;
}

template <typename T>
std::vector<T> as(const Ref& v) {
  return std::vector<T>(v.begin(), v.end());
}

template <typename T>
Ref widen(const std::vector<T>& v) {
  return Ref(v.begin(), v.end());
}

// tol 0: exact (NaN matches NaN, inf matches inf).
void expect_close(const Ref& got, const Ref& want, double tol, const char* what, const std::string& name) {
  for (size_t i = 0; i < want.size(); ++i) {
    const double g = got[i], w = want[i];
    if (g == w || (std::isnan(g) && std::isnan(w))) continue;
    if (!(tol > 0 && std::fabs(g - w) <= tol * (1 + std::fabs(w))))
      check::fail(name, "%s[%zu] = %.17g, want %.17g", what, i, g, w);
  }
}

void expect_same(const Idx& got, const Idx& want, const char* what, const std::string& name) {
  for (size_t i = 0; i < want.size(); ++i)
    if (got[i] != want[i]) check::fail(name, "%s[%zu] = %lld, want %lld", what, i, (long long)got[i], (long long)want[i]);
}

// The grids a kernel over n items runs on: nn.cu's, then (where that has several) one block,
// every thread looping.
template <typename F>
void launches(int64_t n, F run) {
  run(blocks_for(n), "");
  if (blocks_for(n) > 1) run(1u, " [1 block]");
}

// PyTorch's pooling output size (pooling_shape.h), ceil_mode's last window starting inside the
// input or the left padding.
int64_t pooled(int64_t in, int64_t k, int64_t pad, int64_t stride, int64_t dil, bool ceil) {
  const int64_t span = in + 2 * pad - dil * (k - 1) - 1 + (ceil ? stride - 1 : 0);
  int64_t out = span / stride + 1;  // span >= 0 for the geometries here
  if (ceil && (out - 1) * stride >= in + pad) --out;
  return out;
}

struct Pool {
  int64_t planes, ih, iw, kh, kw, sh, sw, ph, pw, dh, dw;
  bool ceil;
};

PoolGeom geom(const Pool& c, bool include_pad = true, int64_t divisor = 0) {
  PoolGeom g{};
  g.planes = c.planes;
  g.ih = c.ih;
  g.iw = c.iw;
  g.oh = pooled(c.ih, c.kh, c.ph, c.sh, c.dh, c.ceil);
  g.ow = pooled(c.iw, c.kw, c.pw, c.sw, c.dw, c.ceil);
  g.kh = c.kh;
  g.kw = c.kw;
  g.sh = c.sh;
  g.sw = c.sw;
  g.ph = c.ph;
  g.pw = c.pw;
  g.dh = c.dh;
  g.dw = c.dw;
  g.count_include_pad = include_pad;
  g.divisor = divisor;
  if (c.ceil && g.oh == pooled(c.ih, c.kh, c.ph, c.sh, c.dh, false) && g.ow == pooled(c.iw, c.kw, c.pw, c.sw, c.dw, false))
    check::fail("a ceil_mode case", "its ceil_mode adds no window");
  return g;
}

// ---- max pooling and its gradient

// What a max pooling case's windows hold: the branches a case must reach.
struct Seen {
  int nan = 0, all_inf = 0, ties = 0, shared = 0;  // shared: inputs picked by several windows
};

void covers(const std::string& name, const Seen& s) {
  if (s.nan && s.all_inf && s.ties && s.shared) return;
  check::fail(name, "windows with NaN %d, all -inf %d, ties %d, inputs picked twice %d (want all > 0)", s.nan, s.all_inf,
              s.ties, s.shared);
}

// Whether input (h, w) is a tap of output (oh, ow)'s window.
bool in_window(const PoolGeom& g, int64_t ow, int64_t oh, int64_t h, int64_t w) {
  const int64_t a = h - (oh * g.sh - g.ph), b = w - (ow * g.sw - g.pw);
  return a >= 0 && b >= 0 && a % g.dh == 0 && b % g.dw == 0 && a / g.dh < g.kh && b / g.dw < g.kw;
}

template <typename T>
void check_max(const std::string& name, const Pool& c) {
  const PoolGeom g = geom(c);
  const int64_t ni = g.ih * g.iw, no = g.oh * g.ow, n = g.planes * no;
  const Ref x = widen(as<T>(max_input(g.planes, ni))), dy = widen(as<T>(check::uniform(rng, n)));

  // taps in window order: the first element inside the input starts the search with -inf, a
  // strictly greater value or any NaN takes over
  Ref out(n), dx(g.planes * ni, 0.0);
  Idx idx(n), picks(g.planes * ni, 0);
  Seen seen;
  for (int64_t p = 0; p < g.planes; ++p)
    for (int64_t oh = 0; oh < g.oh; ++oh)
      for (int64_t ow = 0; ow < g.ow; ++ow) {
        double best = -kInf;
        int64_t bi = -1;
        for (int64_t a = 0; a < g.kh; ++a)
          for (int64_t b = 0; b < g.kw; ++b) {
            const int64_t h = oh * g.sh - g.ph + a * g.dh, w = ow * g.sw - g.pw + b * g.dw;
            if (h < 0 || h >= g.ih || w < 0 || w >= g.iw) continue;
            const double v = x[p * ni + h * g.iw + w];
            if (bi < 0) bi = h * g.iw + w;
            if (v > best || std::isnan(v)) {
              best = v;
              bi = h * g.iw + w;
            }
          }
        const int64_t o = (p * g.oh + oh) * g.ow + ow;
        out[o] = best;
        idx[o] = bi;
        dx[p * ni + bi] += dy[o];
        seen.nan += std::isnan(best);
        seen.all_inf += best == -kInf;
        seen.shared += ++picks[p * ni + bi] == 2;
      }
  for (int64_t p = 0; p < g.planes; ++p)
    for (int64_t o = 0; o < no; ++o) {
      // a tie: the window's maximum occurs again after the index chosen
      const double m = out[p * no + o];
      for (int64_t h = 0; h < g.ih && !std::isnan(m) && m > -kInf; ++h)
        for (int64_t w = 0; w < g.iw; ++w)
          if (x[p * ni + h * g.iw + w] == m && h * g.iw + w > idx[p * no + o] && in_window(g, o % g.ow, o / g.ow, h, w)) {
            ++seen.ties;
            h = g.ih;
            break;
          }
    }
  covers(name, seen);

  const std::vector<T> xt = as<T>(x), dyt = as<T>(dy);
  launches(n, [&](unsigned blocks, const char* tag) {
    std::vector<T> o(n, T(-7)), gx(g.planes * ni, T(0));  // nn.cu zeroes the gradient first
    Idx id(n, -7);
    emulate({blocks, 1, 1}, kThreads, [&] { max_pool_kernel<T>(g, xt.data(), o.data(), id.data()); });
    emulate({blocks, 1, 1}, kThreads, [&] { max_pool_backward_kernel<T>(g, dyt.data(), id.data(), gx.data()); });
    const std::string what = name + tag;
    expect_close(widen(o), out, 0, "out", what);
    expect_same(id, idx, "indices", what);
    expect_close(widen(gx), dx, sizeof(T) == 4 ? 1e-6 : 1e-13, "grad_input", what);
  });
  check::pass(name);
}

// ---- average pooling and its gradient

template <typename T>
void check_avg(const std::string& name, const Pool& c, bool include_pad, int64_t divisor) {
  const PoolGeom g = geom(c, include_pad, divisor);
  const int64_t ni = g.ih * g.iw, no = g.oh * g.ow, n = g.planes * no;
  const Ref x = widen(as<T>(check::uniform(rng, g.planes * ni, -2, 3))), dy = widen(as<T>(check::uniform(rng, n)));

  // a tap counts for count_include_pad while inside the padded input, and is summed while
  // inside the input itself
  Ref out(n), dx(g.planes * ni, 0.0);
  int clipped = 0, in_pad = 0;  // windows cut short by ceil_mode, windows reaching into the padding
  for (int64_t p = 0; p < g.planes; ++p)
    for (int64_t oh = 0; oh < g.oh; ++oh)
      for (int64_t ow = 0; ow < g.ow; ++ow) {
        int64_t padded = 0, inside = 0;
        double s = 0;
        for (int64_t a = 0; a < g.kh; ++a)
          for (int64_t b = 0; b < g.kw; ++b) {
            const int64_t h = oh * g.sh - g.ph + a, w = ow * g.sw - g.pw + b;
            if (h < g.ih + g.ph && w < g.iw + g.pw) ++padded;
            if (h < 0 || h >= g.ih || w < 0 || w >= g.iw) continue;
            ++inside;
            s += x[p * ni + h * g.iw + w];
          }
        const int64_t divide = divisor ? divisor : include_pad ? padded : inside;
        clipped += padded < g.kh * g.kw;
        in_pad += inside < padded;
        const int64_t o = (p * g.oh + oh) * g.ow + ow;
        out[o] = divide ? s / double(divide) : 0;
        for (int64_t a = 0; a < g.kh && divide; ++a)
          for (int64_t b = 0; b < g.kw; ++b) {
            const int64_t h = oh * g.sh - g.ph + a, w = ow * g.sw - g.pw + b;
            if (h >= 0 && h < g.ih && w >= 0 && w < g.iw) dx[p * ni + h * g.iw + w] += dy[o] / double(divide);
          }
      }

  if (!in_pad || (c.ceil && !clipped))
    check::fail(name, "windows into the padding %d, cut short by ceil_mode %d", in_pad, clipped);

  const double tol = sizeof(T) == 4 ? 2e-6 : 1e-13;
  const std::vector<T> xt = as<T>(x), dyt = as<T>(dy);
  launches(n, [&](unsigned blocks, const char* tag) {
    std::vector<T> o(n, T(-7)), gx(g.planes * ni, T(0));
    emulate({blocks, 1, 1}, kThreads, [&] { avg_pool_kernel<T>(g, xt.data(), o.data()); });
    emulate({blocks, 1, 1}, kThreads, [&] { avg_pool_backward_kernel<T>(g, dyt.data(), gx.data()); });
    const std::string what = name + tag;
    expect_close(widen(o), out, tol, "out", what);
    expect_close(widen(gx), dx, tol, "grad_input", what);
  });
  check::pass(name);
}

// ---- adaptive pooling: output o's window is [floor(o*I/O), ceil((o+1)*I/O))

int64_t lo(int64_t o, int64_t out, int64_t in) { return int64_t(std::floor(double(o * in) / double(out))); }
int64_t hi(int64_t o, int64_t out, int64_t in) { return int64_t(std::ceil(double((o + 1) * in) / double(out))); }

template <typename T>
void check_adaptive(const std::string& name, int64_t planes, int64_t ih, int64_t iw, int64_t oh_n, int64_t ow_n) {
  PoolGeom g{};
  g.planes = planes;
  g.ih = ih;
  g.iw = iw;
  g.oh = oh_n;
  g.ow = ow_n;
  const int64_t ni = ih * iw, no = oh_n * ow_n, n = planes * no;
  const Ref xm = widen(as<T>(max_input(planes, ni))), xa = widen(as<T>(check::uniform(rng, planes * ni, -2, 3)));
  const Ref dy = widen(as<T>(check::uniform(rng, n)));

  Ref mx(n), avg(n), dx(planes * ni, 0.0);
  Idx idx(n);
  for (int64_t p = 0; p < planes; ++p)
    for (int64_t oh = 0; oh < oh_n; ++oh)
      for (int64_t ow = 0; ow < ow_n; ++ow) {
        const int64_t h0 = lo(oh, oh_n, ih), h1 = hi(oh, oh_n, ih), w0 = lo(ow, ow_n, iw), w1 = hi(ow, ow_n, iw);
        const int64_t o = (p * oh_n + oh) * ow_n + ow, count = (h1 - h0) * (w1 - w0);
        double best = -kInf, s = 0;
        int64_t bi = h0 * iw + w0;
        for (int64_t h = h0; h < h1; ++h)
          for (int64_t w = w0; w < w1; ++w) {
            const double v = xm[p * ni + h * iw + w];
            if (v > best || std::isnan(v)) {
              best = v;
              bi = h * iw + w;
            }
            s += xa[p * ni + h * iw + w];
            dx[p * ni + h * iw + w] += dy[o] / double(count);
          }
        mx[o] = best;
        idx[o] = bi;
        avg[o] = s / double(count);
      }

  const double tol = sizeof(T) == 4 ? 2e-6 : 1e-13;
  const std::vector<T> xmt = as<T>(xm), xat = as<T>(xa), dyt = as<T>(dy);
  launches(n, [&](unsigned blocks, const char* tag) {
    std::vector<T> o(n, T(-7)), a(n, T(-7));
    Idx id(n, -7);
    emulate({blocks, 1, 1}, kThreads, [&] { adaptive_max_kernel<T>(g, xmt.data(), o.data(), id.data()); });
    emulate({blocks, 1, 1}, kThreads, [&] { adaptive_avg_kernel<T>(g, xat.data(), a.data()); });
    const std::string what = name + tag;
    expect_close(widen(o), mx, 0, "max out", what);
    expect_same(id, idx, "max indices", what);
    expect_close(widen(a), avg, tol, "avg out", what);
  });
  // the gradient gathers over input elements: its own launch size
  launches(planes * ni, [&](unsigned blocks, const char* tag) {
    std::vector<T> gx(planes * ni, T(-7));
    emulate({blocks, 1, 1}, kThreads, [&] { adaptive_avg_backward_kernel<T>(g, dyt.data(), gx.data()); });
    expect_close(widen(gx), dx, tol, "avg grad_input", name + tag);
  });
  check::pass(name);
}

// ---- F.unfold / F.fold: col (N, C*kh*kw, oh*ow), row c*kh*kw + a*kw + b

template <typename T>
void check_fold(const std::string& name, int64_t N, int64_t C, int64_t ih, int64_t iw, int64_t kh, int64_t kw, int64_t sh,
                int64_t sw, int64_t ph, int64_t pw, int64_t dh, int64_t dw) {
  cpu::ConvGeom g{};
  g.N = N;
  g.C = C;
  g.O = 1;
  g.G = 1;
  const int64_t oh_n = pooled(ih, kh, ph, sh, dh, false), ow_n = pooled(iw, kw, pw, sw, dw, false);
  const int64_t in[3] = {1, ih, iw}, k[3] = {1, kh, kw}, out[3] = {1, oh_n, ow_n};
  const int64_t stride[3] = {1, sh, sw}, pad[3] = {0, ph, pw}, dil[3] = {1, dh, dw};
  for (int d = 0; d < 3; ++d) {
    g.in[d] = in[d];
    g.k[d] = k[d];
    g.out[d] = out[d];
    g.stride[d] = stride[d];
    g.pad[d] = pad[d];
    g.dil[d] = dil[d];
  }
  const int64_t T_ = kh * kw, L = oh_n * ow_n, P = ih * iw, ncol = N * C * T_ * L, nx = N * C * P;
  const Ref x = widen(as<T>(check::uniform(rng, nx))), colin = widen(as<T>(check::uniform(rng, ncol)));

  Ref col(ncol), folded(nx, 0.0);
  for (int64_t s = 0; s < N; ++s)
    for (int64_t c = 0; c < C; ++c)
      for (int64_t a = 0; a < kh; ++a)
        for (int64_t b = 0; b < kw; ++b)
          for (int64_t oh = 0; oh < oh_n; ++oh)
            for (int64_t ow = 0; ow < ow_n; ++ow) {
              const int64_t h = oh * sh - ph + a * dh, w = ow * sw - pw + b * dw;
              const int64_t e = ((s * C + c) * T_ + a * kw + b) * L + oh * ow_n + ow;
              const bool in_x = h >= 0 && h < ih && w >= 0 && w < iw;
              const int64_t xi = ((s * C + c) * ih + h) * iw + w;
              col[e] = in_x ? x[xi] : 0;
              if (in_x) folded[xi] += colin[e];
            }

  const double tol = sizeof(T) == 4 ? 2e-6 : 1e-13;
  const std::vector<T> xt = as<T>(x), ct = as<T>(colin);
  const ConvDims<int64_t> d(g);
  launches(ncol, [&](unsigned blocks, const char* tag) {
    std::vector<T> o(ncol, T(-7));
    emulate({blocks, 1, 1}, kThreads, [&] { im2col_kernel<T>(d, g.N, xt.data(), o.data()); });
    expect_close(widen(o), col, 0, "unfold", name + tag);
  });
  launches(nx, [&](unsigned blocks, const char* tag) {
    std::vector<T> o(nx, T(-7));
    emulate({blocks, 1, 1}, kThreads, [&] { col2im_kernel<T>(d, g.N, ct.data(), o.data()); });
    expect_close(widen(o), folded, tol, "fold", name + tag);
  });
  check::pass(name);
}

}  // namespace

int main() {
  // planes, ih, iw, kh, kw, sh, sw, ph, pw, dh, dw, ceil_mode
  check_max<double>("max_pool 3x3 stride 2 pad 1 (6x17x15)", {6, 17, 15, 3, 3, 2, 2, 1, 1, 1, 1, false});
  check_max<double>("max_pool 3x2 stride (1,2) pad 1 dilation (2,3)", {5, 12, 14, 3, 2, 1, 2, 1, 1, 2, 3, false});
  check_max<double>("max_pool 3x3 stride 2 ceil_mode", {14, 10, 9, 3, 3, 2, 2, 0, 0, 1, 1, true});
  check_max<double>("max_pool 2x4 stride 3 pad (1,2) dilation 2 ceil_mode", {12, 11, 16, 2, 4, 3, 3, 1, 2, 2, 2, true});
  check_max<double>("max_pool 3x3 stride 1 pad 1 (overlapping)", {4, 9, 13, 3, 3, 1, 1, 1, 1, 1, 1, false});
  check_max<float>("max_pool float32 3x3 stride 1 pad 1 dilation 2", {4, 10, 11, 3, 3, 1, 1, 1, 1, 2, 2, false});

  const Pool a1{8, 10, 11, 3, 3, 2, 2, 1, 1, 1, 1, true}, a2{5, 9, 12, 3, 2, 1, 2, 1, 1, 1, 1, false};
  check_avg<double>("avg_pool 3x3 stride 2 pad 1 ceil_mode count_include_pad", a1, true, 0);
  check_avg<double>("avg_pool 3x3 stride 2 pad 1 ceil_mode exclude pad", a1, false, 0);
  check_avg<double>("avg_pool 3x2 stride (1,2) pad 1 count_include_pad", a2, true, 0);
  check_avg<double>("avg_pool 3x2 stride (1,2) pad 1 divisor_override 5", a2, false, 5);
  check_avg<float>("avg_pool float32 3x3 stride 2 pad 1 ceil_mode exclude pad", a1, false, 0);

  check_adaptive<double>("adaptive 7x10 -> 3x4 (overlapping windows)", 25, 7, 10, 3, 4);
  check_adaptive<double>("adaptive 5x3 -> 7x4 (more outputs than inputs)", 20, 5, 3, 7, 4);
  check_adaptive<double>("adaptive 13x6 -> 5x6", 9, 13, 6, 5, 6);
  check_adaptive<float>("adaptive float32 11x9 -> 4x5", 14, 11, 9, 4, 5);

  // N, C, ih, iw, kh, kw, sh, sw, ph, pw, dh, dw
  check_fold<double>("unfold / fold 3x3 pad 1", 2, 4, 7, 6, 3, 3, 1, 1, 1, 1, 1, 1);
  check_fold<double>("unfold / fold 2x3 stride (2,1) pad (1,2) dilation (2,1)", 2, 2, 9, 8, 2, 3, 2, 1, 1, 2, 2, 1);
  check_fold<double>("unfold / fold 2x2 stride 3 (inputs no window reads)", 4, 2, 8, 10, 2, 2, 3, 3, 0, 0, 1, 1);
  check_fold<float>("unfold / fold float32 3x2 stride 2 pad 1 dilation 2", 2, 3, 9, 7, 3, 2, 2, 2, 1, 1, 2, 2);

  return check::finish();
}
