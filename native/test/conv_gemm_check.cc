// Host check of the GPU convolution's implicit GEMM where no GPU exists. For each geometry, the
// convolution, its input gradient and its weight gradient are computed by direct loops over the
// spatial positions, then (1) as the GEMMs the index maps of src/cuda/conv_gemm.h describe,
// summed naively, checking that every offset lies inside its tensor and that the output maps
// write each element exactly once, and (2) by the kernels of src/cuda/implicit_gemm.cuh
// themselves, run under cuda_emulation.h with the split-K plans conv.cu would pick on a small
// and a large GPU and with one group per launch. Run by kernels.test.ts; prints one line per
// case and exits 1 on the first mismatch.
#include "cuda_emulation.h"
#include "check_report.h"

#include <cmath>
#include <random>
#include <vector>

#include "../src/cuda/conv_gemm.h"
#include "../src/cuda/implicit_gemm.cuh"

using tensile::cpu::ConvGeom;
using namespace tensile::cuda;

namespace {

struct Case {
  const char* name;
  int64_t N, C, O, G;
  int64_t in[3], k[3], stride[3], pad[3], dil[3];
  int64_t trail[3];  // trailing padding (differs from pad for PyTorch's asymmetric 'same')
};

ConvGeom geom(const Case& c) {
  ConvGeom g{};
  g.N = c.N;
  g.C = c.C;
  g.O = c.O;
  g.G = c.G;
  for (int d = 0; d < 3; ++d) {
    g.in[d] = c.in[d];
    g.k[d] = c.k[d];
    g.stride[d] = c.stride[d];
    g.pad[d] = c.pad[d];
    g.dil[d] = c.dil[d];
    g.out[d] = (c.in[d] + c.pad[d] + c.trail[d] - c.dil[d] * (c.k[d] - 1) - 1) / c.stride[d] + 1;
  }
  return g;
}

// C = A @ B summed through the maps; checks the offsets' bounds and that C is covered once.
template <typename Map>
void gemm_via(const Map& map, int64_t G, const std::vector<double>& a, const std::vector<double>& b, std::vector<double>& c,
              const char* name) {
  std::vector<int> written(c.size(), 0);
  for (int64_t g = 0; g < G; ++g)
    for (int64_t m = 0; m < map.M; ++m)
      for (int64_t n = 0; n < map.N; ++n) {
        double s = 0;
        for (int64_t k = 0; k < map.K; ++k) {
          const auto ai = map.a(g, m, k), bi = map.b(g, k, n);
          if (ai < 0 || ai >= int64_t(a.size())) check::fail(name, "A offset out of range");
          if (bi < -1 || bi >= int64_t(b.size())) check::fail(name, "B offset out of range");
          if (bi >= 0) s += a[ai] * b[bi];
        }
        const auto ci = map.c(g, m, n);
        if (ci < 0 || ci >= int64_t(c.size())) check::fail(name, "C offset out of range");
        c[ci] = s;
        ++written[ci];
      }
  for (int w : written)
    if (w != 1) check::fail(name, "C not written exactly once");
}

// C = A @ B (+ bias) by the CUDA kernels, launched as conv.cu launches them under `plan`.
template <typename Map>
std::vector<double> gemm_by_kernels(const Map& map, int64_t G, IgemmPlan plan, const std::vector<double>& a,
                                    const std::vector<double>& b, const double* bias, size_t c_size) {
  using I = decltype(map.M);
  std::vector<double> c(c_size, -7);
  const int64_t M = map.M, N = map.N;
  if (!M || !N) return c;
  std::vector<double> partial(plan.splits > 1 ? static_cast<size_t>(plan.splits * std::min(G, plan.depth) * M * N) : 0);
  double* part = plan.splits > 1 ? partial.data() : nullptr;
  for (int64_t g0 = 0; g0 < G; g0 += plan.depth) {
    const int64_t groups = std::min(plan.depth, G - g0);
    const dim3 grid{unsigned((N + kTileN - 1) / kTileN), unsigned((M + kTileM - 1) / kTileM), unsigned(groups * plan.splits)};
    emulate(grid, kThreads, [&] {
      igemm_kernel<double, Map, I>(map, I(g0), int(plan.splits), I(plan.k_chunk), a.data(), b.data(), part ? nullptr : bias, c.data(), part);
    });
    if (part)
      emulate(dim3{2, 1, 1}, kThreads, [&] { igemm_sum_kernel<double, Map, I>(map, I(g0), groups, int(plan.splits), part, bias, c.data()); });
  }
  return c;
}

bool close(const std::vector<double>& x, const std::vector<double>& y) {
  for (size_t i = 0; i < x.size(); ++i)
    if (std::fabs(x[i] - y[i]) > 1e-9 * (1 + std::fabs(y[i]))) return false;
  return true;
}

template <typename I>
void check_case(const Case& cs) {
  const ConvGeom g = geom(cs);
  const int64_t Cg = g.C / g.G, Og = g.O / g.G, P = g.in_plane(), L = g.out_plane(), T = g.kernel();
  std::mt19937_64 rng(42);
  auto filled = [&](int64_t n) { return check::uniform(rng, n); };
  const auto x = filled(g.N * g.C * P), w = filled(g.O * Cg * T), gout = filled(g.N * g.O * L);

  // Direct loops: for each sample, output channel, output position and tap, the input element
  // the window reads (or none in the padding); each term feeds all three results.
  std::vector<double> out(gout.size(), 0), gin(x.size(), 0), gw(w.size(), 0);
  for (int64_t n = 0; n < g.N; ++n)
    for (int64_t o = 0; o < g.O; ++o)
      for (int64_t c = 0; c < Cg; ++c)
        for (int64_t o0 = 0; o0 < g.out[0]; ++o0)
          for (int64_t o1 = 0; o1 < g.out[1]; ++o1)
            for (int64_t o2 = 0; o2 < g.out[2]; ++o2)
              for (int64_t a = 0; a < g.k[0]; ++a)
                for (int64_t b = 0; b < g.k[1]; ++b)
                  for (int64_t e = 0; e < g.k[2]; ++e) {
                    const int64_t i0 = o0 * g.stride[0] - g.pad[0] + a * g.dil[0];
                    const int64_t i1 = o1 * g.stride[1] - g.pad[1] + b * g.dil[1];
                    const int64_t i2 = o2 * g.stride[2] - g.pad[2] + e * g.dil[2];
                    if (i0 < 0 || i0 >= g.in[0] || i1 < 0 || i1 >= g.in[1] || i2 < 0 || i2 >= g.in[2]) continue;
                    const int64_t xi = ((n * g.C + (o / Og) * Cg + c) * g.in[0] + i0) * g.in[1] * g.in[2] + i1 * g.in[2] + i2;
                    const int64_t wi = ((o * Cg + c) * g.k[0] + a) * g.k[1] * g.k[2] + b * g.k[2] + e;
                    const int64_t yi = ((n * g.O + o) * g.out[0] + o0) * g.out[1] * g.out[2] + o1 * g.out[2] + o2;
                    out[yi] += w[wi] * x[xi];
                    gin[xi] += w[wi] * gout[yi];
                    gw[wi] += gout[yi] * x[xi];
                  }

  std::vector<double> out2(out.size(), -7), gin2(gin.size(), -7), gw2(gw.size(), -7);
  const ConvForwardGemm<I> fwd(g);
  const ConvInputGradGemm<I> dgrad(g);
  const ConvWeightGradGemm<I> wgrad(g);
  gemm_via(fwd, g.G, w, x, out2, cs.name);
  gemm_via(dgrad, g.G, w, gout, gin2, cs.name);
  gemm_via(wgrad, g.G, gout, x, gw2, cs.name);
  if (!close(out2, out)) check::fail(cs.name, "forward differs");
  if (!close(gin2, gin)) check::fail(cs.name, "input gradient differs");
  if (!close(gw2, gw)) check::fail(cs.name, "weight gradient differs");

  // The kernels, with a bias on the forward.
  const auto bias = filled(g.O);
  std::vector<double> out_b = out;
  for (int64_t n = 0; n < g.N; ++n)
    for (int64_t o = 0; o < g.O; ++o)
      for (int64_t l = 0; l < L; ++l) out_b[(n * g.O + o) * L + l] += bias[o];
  for (int64_t sms : {1, 132}) {
    for (bool one_group : {false, true}) {
      auto plan = [&](const auto& map) {
        IgemmPlan p = plan_igemm(map.M, map.N, map.K, g.G, sms, sizeof(double));
        if (one_group) p.depth = 1;
        return p;
      };
      if (!close(gemm_by_kernels(fwd, g.G, plan(fwd), w, x, bias.data(), out.size()), out_b))
        check::fail(cs.name, "forward kernel differs");
      if (!close(gemm_by_kernels(dgrad, g.G, plan(dgrad), w, gout, nullptr, gin.size()), gin))
        check::fail(cs.name, "input gradient kernel differs");
      if (!close(gemm_by_kernels(wgrad, g.G, plan(wgrad), gout, x, nullptr, gw.size()), gw))
        check::fail(cs.name, "weight gradient kernel differs");
      if (g.G == 1) break;  // one group per launch is the same launch
    }
  }
}

}  // namespace

int main() {
  const Case cases[] = {
      // name                       N  C  O  G   in          k          stride     pad        dil        trailing pad
      {"conv1d", 2, 3, 4, 1, {1, 1, 9}, {1, 1, 3}, {1, 1, 1}, {0, 0, 0}, {1, 1, 1}, {0, 0, 0}},
      {"conv1d stride 2 pad 1", 2, 3, 4, 1, {1, 1, 10}, {1, 1, 3}, {1, 1, 2}, {0, 0, 1}, {1, 1, 1}, {0, 0, 1}},
      {"conv2d 3x3 pad 1", 2, 3, 5, 1, {1, 6, 7}, {1, 3, 3}, {1, 1, 1}, {0, 1, 1}, {1, 1, 1}, {0, 1, 1}},
      {"conv2d stride 2, 7x7 pad 3", 1, 3, 4, 1, {1, 11, 9}, {1, 7, 7}, {1, 2, 2}, {0, 3, 3}, {1, 1, 1}, {0, 3, 3}},
      {"conv2d stride (2,3) dil (2,1)", 2, 2, 3, 1, {1, 9, 10}, {1, 3, 2}, {1, 2, 3}, {0, 1, 0}, {1, 2, 1}, {0, 1, 0}},
      {"conv2d groups 2", 2, 4, 6, 2, {1, 5, 5}, {1, 3, 3}, {1, 1, 1}, {0, 1, 1}, {1, 1, 1}, {0, 1, 1}},
      {"conv2d depthwise", 2, 3, 6, 3, {1, 5, 6}, {1, 3, 3}, {1, 2, 1}, {0, 1, 1}, {1, 1, 1}, {0, 1, 1}},
      {"conv2d 1x1", 3, 4, 2, 1, {1, 4, 4}, {1, 1, 1}, {1, 1, 1}, {0, 0, 0}, {1, 1, 1}, {0, 0, 0}},
      {"conv2d 'same' even kernel (asymmetric)", 1, 2, 3, 1, {1, 6, 5}, {1, 4, 2}, {1, 1, 1}, {0, 1, 0}, {1, 1, 1}, {0, 2, 1}},
      {"conv2d kernel = input", 2, 2, 3, 1, {1, 3, 3}, {1, 3, 3}, {1, 1, 1}, {0, 0, 0}, {1, 1, 1}, {0, 0, 0}},
      {"conv3d", 2, 2, 3, 1, {4, 5, 4}, {2, 3, 2}, {1, 2, 1}, {1, 1, 0}, {1, 1, 2}, {1, 1, 0}},
      {"conv3d groups", 1, 4, 4, 2, {3, 4, 5}, {3, 2, 2}, {2, 1, 2}, {1, 0, 1}, {1, 2, 1}, {1, 0, 1}},
      {"conv2d batch 4, 12x12 (split-K)", 4, 3, 5, 1, {1, 12, 12}, {1, 3, 3}, {1, 1, 1}, {0, 1, 1}, {1, 1, 1}, {0, 1, 1}},
      {"conv2d groups 2, batch 4 (split-K)", 4, 4, 6, 2, {1, 12, 12}, {1, 3, 3}, {1, 1, 1}, {0, 1, 1}, {1, 1, 1}, {0, 1, 1}},
      {"conv2d 80 output channels (two row tiles)", 1, 2, 80, 1, {1, 5, 5}, {1, 3, 3}, {1, 1, 1}, {0, 1, 1}, {1, 1, 1}, {0, 1, 1}},
      {"zero input channels", 2, 0, 3, 1, {1, 4, 4}, {1, 3, 3}, {1, 1, 1}, {0, 1, 1}, {1, 1, 1}, {0, 1, 1}},
  };
  for (const Case& c : cases) {
    check_case<int32_t>(c);
    check_case<int64_t>(c);
    check::pass(c.name);
  }
  return check::finish();
}
