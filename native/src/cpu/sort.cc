#include "sort.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <type_traits>
#include <vector>

#include "../threadpool.h"

namespace tensile::cpu {
namespace {

template <typename A>
inline bool nan_aware_less(A a, A b) {
  if constexpr (std::is_floating_point<A>::value) {
    if (std::isnan(b)) return !std::isnan(a);
    if (std::isnan(a)) return false;
  }
  return a < b;
}

}  // namespace

void sort(DType dt, const char* in, int64_t rows, int64_t len, bool descending, bool stable, char* values,
          int64_t* indices) {
  TENSILE_DISPATCH_ALL(dt, "sort", {
    using A = acc_t<T>;
    const T* a = reinterpret_cast<const T*>(in);
    T* v = reinterpret_cast<T*>(values);
    parallel_for(0, rows, std::max<int64_t>(1, 4096 / std::max<int64_t>(len, 1)), [&](int64_t lo, int64_t hi) {
      std::vector<int64_t> idx(static_cast<size_t>(len));
      for (int64_t r = lo; r < hi; ++r) {
        const T* row = a + r * len;
        std::iota(idx.begin(), idx.end(), 0);
        auto cmp = [&](int64_t i, int64_t j) {
          A x = static_cast<A>(row[i]), y = static_cast<A>(row[j]);
          return descending ? nan_aware_less(y, x) : nan_aware_less(x, y);
        };
        // stable sort always: it is what PyTorch's CPU sort returns for ties in practice
        (void)stable;
        std::stable_sort(idx.begin(), idx.end(), cmp);
        for (int64_t k = 0; k < len; ++k) {
          v[r * len + k] = row[idx[k]];
          indices[r * len + k] = idx[k];
        }
      }
    });
  });
}

void topk(DType dt, const char* in, int64_t rows, int64_t len, int64_t k, bool largest, char* values,
          int64_t* indices) {
  TENSILE_DISPATCH_ALL(dt, "topk", {
    using A = acc_t<T>;
    const T* a = reinterpret_cast<const T*>(in);
    T* v = reinterpret_cast<T*>(values);
    parallel_for(0, rows, std::max<int64_t>(1, 4096 / std::max<int64_t>(len, 1)), [&](int64_t lo, int64_t hi) {
      std::vector<int64_t> idx(static_cast<size_t>(len));
      for (int64_t r = lo; r < hi; ++r) {
        const T* row = a + r * len;
        std::iota(idx.begin(), idx.end(), 0);
        auto cmp = [&](int64_t i, int64_t j) {
          A x = static_cast<A>(row[i]), y = static_cast<A>(row[j]);
          if (largest ? nan_aware_less(y, x) : nan_aware_less(x, y)) return true;
          if (largest ? nan_aware_less(x, y) : nan_aware_less(y, x)) return false;
          return i < j;
        };
        std::partial_sort(idx.begin(), idx.begin() + k, idx.end(), cmp);
        for (int64_t j = 0; j < k; ++j) {
          v[r * k + j] = row[idx[j]];
          indices[r * k + j] = idx[j];
        }
      }
    });
  });
}

}  // namespace tensile::cpu
