// Layer normalization: one pass for the mean, one for the variance about it (two passes, as
// PyTorch's CPU kernel, rather than a single sum-of-squares pass that loses precision when
// the mean is large), one for the output. A row is a few KiB, so all three read it from L1.
#include "norm.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "../threadpool.h"

namespace tensile::cpu {
namespace {

// Sums in 16 independent lanes: the fixed inner loop vectorises, and the lanes shorten the
// dependency chain of one running sum.
template <typename T, typename F>
T lane_sum(int64_t n, F term) {
  constexpr int kLanes = 16;
  T acc[kLanes] = {};
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (int j = 0; j < kLanes; ++j) acc[j] += term(i + j);
  T s = 0;
  for (; i < n; ++i) s += term(i);
  for (int j = 0; j < kLanes; ++j) s += acc[j];
  return s;
}

template <typename T>
void layer_norm_rows(int64_t rows, int64_t cols, T eps, const T* x, const T* w, const T* b, T* out, T* mean,
                     T* rstd) {
  parallel_for(0, rows, std::max<int64_t>(1, 16384 / std::max<int64_t>(1, cols)), [&](int64_t lo, int64_t hi) {
    for (int64_t r = lo; r < hi; ++r) {
      const T* xr = x + r * cols;
      T* o = out + r * cols;
      const T mu = lane_sum<T>(cols, [&](int64_t i) { return xr[i]; }) / T(cols);
      const T var = lane_sum<T>(cols, [&](int64_t i) { const T d = xr[i] - mu; return d * d; }) / T(cols);
      const T rs = T(1) / std::sqrt(var + eps);
      if (mean) mean[r] = mu;
      if (rstd) rstd[r] = rs;
      if (w && b)
        for (int64_t i = 0; i < cols; ++i) o[i] = (xr[i] - mu) * rs * w[i] + b[i];
      else if (w)
        for (int64_t i = 0; i < cols; ++i) o[i] = (xr[i] - mu) * rs * w[i];
      else if (b)
        for (int64_t i = 0; i < cols; ++i) o[i] = (xr[i] - mu) * rs + b[i];
      else
        for (int64_t i = 0; i < cols; ++i) o[i] = (xr[i] - mu) * rs;
    }
  });
}

}  // namespace

void layer_norm(DType dt, int64_t rows, int64_t cols, double eps, const char* x, const char* weight,
                const char* bias, char* out, char* mean, char* rstd) {
  auto run = [&](auto tag) {
    using T = decltype(tag);
    layer_norm_rows<T>(rows, cols, static_cast<T>(eps), reinterpret_cast<const T*>(x), reinterpret_cast<const T*>(weight),
                       reinterpret_cast<const T*>(bias), reinterpret_cast<T*>(out), reinterpret_cast<T*>(mean),
                       reinterpret_cast<T*>(rstd));
  };
  if (dt == DType::Float32) run(float{});
  else if (dt == DType::Float64) run(double{});
  else throw Error(std::string("\"LayerNormKernelImpl\" not implemented for '") + dtype_name(dt) + "'");
}

}  // namespace tensile::cpu
