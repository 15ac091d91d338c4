// Host check of the GPU normalization kernels (src/cuda/norm_kernels.cuh), run under
// cuda_emulation.h in float64 and launched as norm.cu launches them, against direct loops over
// the formulas of cpu/norm.h: layer / group / instance norm forward and backward (with fewer
// blocks than rows, so the blocks loop), and batch norm training and eval, forward and backward,
// with the planned number of blocks per channel and with more, through both index widths.
// Run by kernels.test.ts; prints one line per case and exits 1 on the first mismatch.
#include "cuda_emulation.h"
#include "check_report.h"

#include <cmath>
#include <random>
#include <vector>

#include "../src/cuda/norm_kernels.cuh"

using namespace tensile;
using namespace tensile::cuda;
// 64-byte aligned, so that the vector kernels (whole Vec<double> loads) can run on them
template <typename T>
struct Aligned {
  using value_type = T;
  Aligned() = default;
  template <typename U>
  Aligned(const Aligned<U>&) {}
  T* allocate(size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t(64))); }
  void deallocate(T* p, size_t) { ::operator delete(p, std::align_val_t(64)); }
  bool operator==(const Aligned&) const { return true; }
  bool operator!=(const Aligned&) const { return false; }
};
using Values = std::vector<double, Aligned<double>>;

namespace {

std::mt19937_64 rng(7);

Values uniform(std::mt19937_64& r, int64_t n, double lo = -1, double hi = 1) {
  const std::vector<double> v = check::uniform(r, n, lo, hi);
  return Values(v.begin(), v.end());
}


// Fails the case at got's first mismatch.
void expect_close(const Values& got, const Values& want, const char* what, const char* name) {
  for (size_t i = 0; i < want.size(); ++i)
    if (!(std::fabs(got[i] - want[i]) <= 1e-10 * (1 + std::fabs(want[i]))))
      check::fail(name, "%s[%zu] = %.17g, want %.17g", what, i, got[i], want[i]);
}

// ---- layer / group / instance norm

void check_rows(const char* name, cpu::RowNormGeom g, bool affine) {
  const int64_t L = g.cpg * g.hw, C = g.groups * g.cpg, n = g.rows * L;
  const double eps = 1e-5;
  const Values x = uniform(rng, n, -2, 3), dy = uniform(rng, n);
  const Values w = uniform(rng, C), b = uniform(rng, C);
  auto chan = [&](int64_t r, int64_t i) { return (r % g.groups) * g.cpg + i / g.hw; };

  Values out(n), mean(g.rows), rstd(g.rows), dx(n), dw(C, 0), db(C, 0);
  for (int64_t r = 0; r < g.rows; ++r) {
    double mu = 0, var = 0, m1 = 0, m2 = 0;
    for (int64_t i = 0; i < L; ++i) mu += x[r * L + i];
    mu /= L;
    for (int64_t i = 0; i < L; ++i) var += (x[r * L + i] - mu) * (x[r * L + i] - mu);
    const double rs = 1 / std::sqrt(var / L + eps);
    mean[r] = mu;
    rstd[r] = rs;
    for (int64_t i = 0; i < L; ++i) {
      const int64_t c = chan(r, i);
      const double xh = (x[r * L + i] - mu) * rs, gi = dy[r * L + i] * (affine ? w[c] : 1);
      out[r * L + i] = affine ? xh * w[c] + b[c] : xh;
      m1 += gi / L;
      m2 += gi * xh / L;
      dw[c] += dy[r * L + i] * xh;
      db[c] += dy[r * L + i];
    }
    for (int64_t i = 0; i < L; ++i) {
      const double xh = (x[r * L + i] - mu) * rs, gi = dy[r * L + i] * (affine ? w[chan(r, i)] : 1);
      dx[r * L + i] = rs * (gi - m1 - xh * m2);
    }
  }

  const double* wp = affine ? w.data() : nullptr;
  const unsigned blocks = unsigned(std::max<int64_t>(1, g.rows / 2));  // fewer blocks than rows
  Values o(n, -7), mu(g.rows, -7), rs(g.rows, -7), gx(n, -7), gw(C, -7), gb(C, -7);
  emulate({blocks, 1, 1}, kThreads, [&] {
    row_norm_kernel<double>(g, eps, x.data(), wp, affine ? b.data() : nullptr, o.data(), mu.data(), rs.data());
  });
  emulate({blocks, 1, 1}, kThreads, [&] { row_norm_dx_kernel<double>(g, dy.data(), x.data(), mu.data(), rs.data(), wp, gx.data()); });
  emulate({unsigned(std::max<int64_t>(1, C / 2)), 1, 1}, kThreads,
          [&] { row_norm_params_kernel<double>(g, dy.data(), x.data(), mu.data(), rs.data(), gw.data(), gb.data()); });
  expect_close(o, out, "out", name);
  expect_close(mu, mean, "mean", name);
  expect_close(rs, rstd, "rstd", name);
  expect_close(gx, dx, "dx", name);
  expect_close(gw, dw, "dweight", name);
  expect_close(gb, db, "dbias", name);
  if (g.hw == 1) {
    // norm.cu's column-tiled path: in one part, and split over parts summed by the finishing kernel
    const int64_t N = g.rows / g.groups;
    const unsigned tiles = unsigned((C + kColTile - 1) / kColTile);
    for (int64_t parts : {int64_t(1), int64_t(3)}) {
      const int64_t chunk = (N + parts - 1) / parts;
      Values cw(C, -7), cb(C, -7), pw(parts * C, -7), pb(parts * C, -7);
      const bool split = parts > 1;
      emulate({tiles, unsigned(parts), 1}, kThreads, [&] {
        row_norm_params_cols_kernel<double>(g, chunk, dy.data(), x.data(), mu.data(), rs.data(), split ? pw.data() : cw.data(),
                                            split ? pb.data() : cb.data());
      });
      if (split)
        emulate({1, 1, 1}, kThreads, [&] { row_norm_params_finish<double>(C, parts, pw.data(), pb.data(), cw.data(), cb.data()); });
      expect_close(cw, dw, split ? "dweight (columns, 3 parts)" : "dweight (columns)", name);
      expect_close(cb, db, split ? "dbias (columns, 3 parts)" : "dbias (columns)", name);
    }
  }
  check::pass(name);
}

// ---- batch norm

// vec: the whole-vector kernels (hw a multiple of kVec), as norm.cu picks them for aligned operands
template <bool SMALL>
void check_batch(const char* name, cpu::BatchNormGeom g, bool training, int parts, bool vec = false) {
  if (vec && (g.hw % kVec != 0)) check::fail(name, "hw %lld is not a multiple of kVec", static_cast<long long>(g.hw));
  const int64_t M = g.n * g.hw, n = g.n * g.c * g.hw;
  const double eps = 1e-5, momentum = 0.1;
  const Values x = uniform(rng, n, 4, 6), dy = uniform(rng, n);
  const Values w = uniform(rng, g.c), b = uniform(rng, g.c);
  const Values rm0 = uniform(rng, g.c), rv0 = uniform(rng, g.c, 0.5, 2);
  auto at = [&](int64_t s, int64_t c, int64_t k) { return (s * g.c + c) * g.hw + k; };

  Values out(n), smean(g.c), sinv(g.c), rm = rm0, rv = rv0, dx(n), dw(g.c), db(g.c);
  for (int64_t c = 0; c < g.c; ++c) {
    double mu = 0, var = 0;
    for (int64_t s = 0; s < g.n; ++s)
      for (int64_t k = 0; k < g.hw; ++k) mu += x[at(s, c, k)] / M;
    for (int64_t s = 0; s < g.n; ++s)
      for (int64_t k = 0; k < g.hw; ++k) var += (x[at(s, c, k)] - mu) * (x[at(s, c, k)] - mu) / M;
    if (training) {
      rm[c] = 0.9 * rm0[c] + 0.1 * mu;
      rv[c] = 0.9 * rv0[c] + 0.1 * var * M / (M - 1);
    } else {
      mu = rm0[c];
      var = rv0[c];
    }
    const double inv = 1 / std::sqrt(var + eps);
    smean[c] = mu;
    sinv[c] = inv;
    double s1 = 0, s2 = 0;
    for (int64_t s = 0; s < g.n; ++s)
      for (int64_t k = 0; k < g.hw; ++k) {
        const int64_t i = at(s, c, k);
        out[i] = (x[i] - mu) * inv * w[c] + b[c];
        s1 += dy[i];
        s2 += dy[i] * (x[i] - mu) * inv;
      }
    dw[c] = s2;
    db[c] = s1;
    for (int64_t s = 0; s < g.n; ++s)
      for (int64_t k = 0; k < g.hw; ++k) {
        const int64_t i = at(s, c, k);
        dx[i] = training ? w[c] * inv * (dy[i] - s1 / M - (x[i] - mu) * inv * s2 / M) : dy[i] * w[c] * inv;
      }
  }

  // as norm.cu's batch_norm and batch_norm_backward
  Values part(2 * g.c * parts + 2 * g.c, -7), o(n, -7), sm(g.c, -7), si(g.c, -7), grm = rm0, grv = rv0;
  double* chan = part.data() + 2 * g.c * parts;
  const StatTerms<double> stat{x.data(), g.hw};
  if (training)
    emulate({unsigned(g.c * parts), 1, 1}, kThreads, [&] {
      if (vec) bn_partials<SMALL, true>(g, parts, stat, part.data());
      else bn_partials<SMALL, false>(g, parts, stat, part.data());
    });
  emulate({blocks_for(g.c), 1, 1}, kThreads, [&] {
    bn_stats_finish<double>(g, parts, training, momentum, eps, x.data(), part.data(), grm.data(), grv.data(), sm.data(), si.data());
  });
  emulate({vec ? vec_blocks(n) : blocks_for(n), 1, 1}, kThreads, [&] {
    if (vec) bn_apply_vec<double, SMALL>(g, x.data(), w.data(), b.data(), sm.data(), si.data(), o.data());
    else bn_apply<double, SMALL>(g, x.data(), w.data(), b.data(), sm.data(), si.data(), o.data());
  });
  Values gx(n, -7), gw(g.c, -7), gb(g.c, -7);
  const GradTerms<double> grad{dy.data(), x.data(), sm.data(), si.data()};
  emulate({unsigned(g.c * parts), 1, 1}, kThreads, [&] {
    if (vec) bn_partials<SMALL, true>(g, parts, grad, part.data());
    else bn_partials<SMALL, false>(g, parts, grad, part.data());
  });
  emulate({blocks_for(g.c), 1, 1}, kThreads, [&] { bn_grad_finish<double>(g, parts, part.data(), chan, gw.data(), gb.data()); });
  emulate({vec ? vec_blocks(n) : blocks_for(n), 1, 1}, kThreads, [&] {
    if (vec) bn_grad_apply_vec<double, SMALL>(g, training, dy.data(), x.data(), sm.data(), si.data(), w.data(), chan, gx.data());
    else bn_grad_apply<double, SMALL>(g, training, dy.data(), x.data(), sm.data(), si.data(), w.data(), chan, gx.data());
  });
  expect_close(o, out, "out", name);
  expect_close(sm, smean, "save_mean", name);
  expect_close(si, sinv, "save_invstd", name);
  expect_close(grm, rm, "running_mean", name);
  expect_close(grv, rv, "running_var", name);
  expect_close(gx, dx, "dx", name);
  expect_close(gw, dw, "dweight", name);
  expect_close(gb, db, "dbias", name);
  check::pass(name);
}

}  // namespace

int main() {
  // rows, groups, cpg, hw
  check_rows("layer norm (6 rows of 300)", {6, 1, 300, 1}, true);
  check_rows("layer norm (40 rows of 70: columns past a tile's end)", {40, 1, 70, 1}, true);
  check_rows("group norm over (N 9, C 12), 4 groups (hw 1: the column path)", {36, 4, 3, 1}, true);
  check_rows("layer norm, no affine", {5, 1, 40, 1}, false);
  check_rows("group norm (N 2, 3 groups of 2 channels, hw 50)", {6, 3, 2, 50}, true);
  check_rows("instance norm (N 2, C 3, hw 70)", {6, 3, 1, 70}, true);
  // n, c, hw
  const cpu::BatchNormGeom bn{3, 4, 500}, bn1{5, 3, 1};
  check_batch<true>("batch norm train", bn, true, bn_parts(bn));
  check_batch<true>("batch norm train, 7 blocks per channel", bn, true, 7);
  check_batch<false>("batch norm train, 64-bit indices", bn, true, 3);
  check_batch<true>("batch norm train, (5, 3) input", bn1, true, bn_parts(bn1));
  check_batch<true>("batch norm eval", bn, false, bn_parts(bn));
  check_batch<false>("batch norm eval, 64-bit indices", bn, false, 2);
  // whole vectors: planes of 4 x 125 (hw 500) and of 2 vectors (hw 8, so a thread's next vector
  // may start another plane), 7 parts per channel (grid-stride over vectors), both index widths
  const cpu::BatchNormGeom bn8{5, 3, 8};
  check_batch<true>("batch norm train, vectors", bn, true, bn_parts(bn), true);
  check_batch<true>("batch norm train, vectors, 7 blocks per channel", bn, true, 7, true);
  check_batch<false>("batch norm train, vectors, 64-bit indices", bn, true, 3, true);
  check_batch<true>("batch norm train, vectors of hw 8", bn8, true, 2, true);
  check_batch<true>("batch norm eval, vectors", bn, false, bn_parts(bn), true);
  check_batch<false>("batch norm eval, vectors of hw 8, 64-bit indices", bn8, false, 1, true);
  return check::finish();
}
