// Host check of the GPU take / put kernels (src/cuda/index_kernels.cuh), run under
// cuda_emulation.h and launched as index.cu launches them, against sequential loops: a gather
// through int64 offsets (and the out-of-range flag for an offset past the source), a plain put,
// and an accumulating put with many duplicate indices in every dtype put accumulates, where the
// block's threads really do race: float64 / float32 / int32 / int64 through atomicAdd, and int16
// / int8 / uint8 / bool through the compare-and-swap on the 32-bit word that holds the item
// (integers wrap, bool accumulates as logical or). Run by kernels.test.ts.
#include "cuda_emulation.h"
#include "check_report.h"

#include <memory>
#include <random>
#include <vector>

#include "../src/cuda/index_kernels.cuh"

using namespace tensile;
using namespace tensile::cuda;

namespace {

std::mt19937_64 rng(3);

// A 1-d loop of n elements over three operands with these element strides.
DevLoop<3> loop(int64_t n, void* d0, int64_t s0, const void* d1, int64_t s1, const void* d2, int64_t s2) {
  DevLoop<3> L{};
  L.ndim = 1;
  L.numel = n;
  L.shape[0] = n;
  L.data[0] = static_cast<char*>(d0);
  L.data[1] = static_cast<char*>(const_cast<void*>(d1));
  L.data[2] = static_cast<char*>(const_cast<void*>(d2));
  L.strides[0][0] = s0;
  L.strides[1][0] = s1;
  L.strides[2][0] = s2;
  return L;
}

void check_take() {
  const int64_t n = 1000, src_n = 97;
  std::vector<double> src(src_n), out(n, -7), want(n);
  for (int64_t i = 0; i < src_n; ++i) src[i] = 0.5 * double(i) - 3;
  std::vector<int64_t> off(n);
  for (int64_t i = 0; i < n; ++i) want[i] = src[off[i] = int64_t(rng() % src_n)];
  const char* lo = reinterpret_cast<const char*>(src.data());
  const char* hi = reinterpret_cast<const char*>(src.data() + src_n);
  int bad = 0;
  emulate({blocks_for(n), 1, 1}, kThreads,
          [&] { take_kernel<uint64_t>(loop(n, out.data(), 1, src.data(), 0, off.data(), 1), lo, hi, &bad); });
  bool ok = bad == 0;
  for (int64_t i = 0; i < n; ++i) ok = ok && out[i] == want[i];
  check::report(ok, "take: 1000 gathers of 8-byte items", "a value differs from the direct gather, or the flag is raised");

  off[517] = src_n;  // one past the end: flagged, not read
  bad = 0;
  emulate({blocks_for(n), 1, 1}, kThreads,
          [&] { take_kernel<uint64_t>(loop(n, out.data(), 1, src.data(), 0, off.data(), 1), lo, hi, &bad); });
  off[517] = -1;
  int bad_low = 0;
  emulate({blocks_for(n), 1, 1}, kThreads,
          [&] { take_kernel<uint64_t>(loop(n, out.data(), 1, src.data(), 0, off.data(), 1), lo, hi, &bad_low); });
  check::report(bad == 1 && bad_low == 1, "take: an offset past either end raises the flag", "the flag is not raised");
}

// dst (m items) += values at random offsets (or = for a plain put); every offset is hit many times.
template <typename T>
void check_put(const char* name, bool accumulate, int64_t m, T (*value)(int64_t)) {
  const int64_t n = 3000;
  // (arrays, not vectors: std::vector<bool> packs bits) + 3: items past m share the last word and must stay put
  std::unique_ptr<T[]> dst(new T[m + 3]), want(new T[m + 3]), vals(new T[n]);
  for (int64_t i = 0; i < m + 3; ++i) dst[i] = want[i] = value(i * 7 + 1);
  std::vector<int64_t> off(n);
  for (int64_t i = 0; i < n; ++i) {
    off[i] = int64_t(rng() % m);
    vals[i] = value(i);
  }
  if (!accumulate)  // a plain put: distinct offsets, so the result does not depend on thread order
    for (int64_t i = 0; i < n; ++i) off[i] = (i * 13) % m;
  for (int64_t i = 0; i < n; ++i) {
    T& d = want[off[i]];
    if (!accumulate) d = vals[i];
    else if constexpr (std::is_same<T, bool>::value) d = d || vals[i];
    else d = static_cast<T>(d + vals[i]);
  }
  const char* lo = reinterpret_cast<const char*>(dst.get());
  const char* hi = reinterpret_cast<const char*>(dst.get() + m);
  int bad = 0;
  const DevLoop<3> L = loop(n, dst.get(), 0, vals.get(), 1, off.data(), 1);
  if (accumulate)
    emulate({blocks_for(n), 1, 1}, kThreads, [&] { put_kernel<T, true>(L, true, T{}, lo, hi, &bad); });
  else
    emulate({blocks_for(n), 1, 1}, kThreads, [&] { put_kernel<T, false>(L, true, T{}, lo, hi, &bad); });
  bool ok = bad == 0;
  for (int64_t i = 0; i < m + 3; ++i) ok = ok && dst[i] == want[i];
  check::report(ok, name, "differs from the sequential loop, or the flag is raised");
}

template <typename T>
T small_int(int64_t i) {
  return static_cast<T>(int64_t(i % 7) - 3);
}
template <typename T>
T wide(int64_t i) {
  return static_cast<T>(i * 1000003 % 2000 - 1000);
}
double half_steps(int64_t i) { return 0.5 * double(i % 9) - 2; }  // exact in binary: order-independent sums
float half_steps_f(int64_t i) { return float(half_steps(i)); }
bool sparse_true(int64_t i) { return i % 97 == 5; }

}  // namespace

int main() {
  check_take();
  check_put<double>("put: float64, plain", false, 4000, half_steps);
  check_put<double>("put: float64, accumulating", true, 37, half_steps);
  check_put<float>("put: float32, accumulating", true, 37, half_steps_f);
  check_put<int64_t>("put: int64, accumulating", true, 37, wide<int64_t>);
  check_put<int32_t>("put: int32, accumulating", true, 37, wide<int32_t>);
  check_put<int16_t>("put: int16, accumulating (compare-and-swap, wrapping)", true, 37, wide<int16_t>);
  check_put<int8_t>("put: int8, accumulating (compare-and-swap, wrapping)", true, 37, small_int<int8_t>);
  check_put<uint8_t>("put: uint8, accumulating (compare-and-swap, wrapping)", true, 37, wide<uint8_t>);
  check_put<bool>("put: bool, accumulating as logical or", true, 37, sparse_true);
  check_put<uint8_t>("put: 1-byte items, plain", false, 4000, wide<uint8_t>);
  return check::finish();
}
