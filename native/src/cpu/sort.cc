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

// The scaffolding sort and topk share: rows in parallel; each row's positions are put in order
// by `arrange(idx, before)`, where before(i, j) says row[i] comes first (NaN counts as the largest
// value, as in PyTorch), and the first `keep` of them are gathered into values and indices.
template <typename T, typename Arrange>
void ordered_rows(const char* in, int64_t rows, int64_t len, int64_t keep, bool descending, char* values,
                  int64_t* indices, const Arrange& arrange) {
  using A = acc_t<T>;
  const T* a = reinterpret_cast<const T*>(in);
  T* v = reinterpret_cast<T*>(values);
  parallel_for(0, rows, std::max<int64_t>(1, 4096 / std::max<int64_t>(len, 1)), [&](int64_t lo, int64_t hi) {
    std::vector<int64_t> idx(static_cast<size_t>(len));
    for (int64_t r = lo; r < hi; ++r) {
      const T* row = a + r * len;
      std::iota(idx.begin(), idx.end(), 0);
      auto before = [&](int64_t i, int64_t j) {
        A x = static_cast<A>(row[i]), y = static_cast<A>(row[j]);
        return descending ? nan_aware_less(y, x) : nan_aware_less(x, y);
      };
      arrange(idx, before);
      for (int64_t k = 0; k < keep; ++k) {
        v[r * keep + k] = row[idx[k]];
        indices[r * keep + k] = idx[k];
      }
    }
  });
}

}  // namespace

void sort(DType dt, const char* in, int64_t rows, int64_t len, bool descending, bool stable, char* values,
          int64_t* indices) {
  // stable sort always: it is what PyTorch's CPU sort returns for ties in practice
  (void)stable;
  TENSILE_DISPATCH_ALL(dt, "sort", {
    ordered_rows<T>(in, rows, len, len, descending, values, indices,
                    [](std::vector<int64_t>& idx, const auto& before) { std::stable_sort(idx.begin(), idx.end(), before); });
  });
}

void topk(DType dt, const char* in, int64_t rows, int64_t len, int64_t k, bool largest, char* values,
          int64_t* indices) {
  TENSILE_DISPATCH_ALL(dt, "topk", {
    ordered_rows<T>(in, rows, len, k, largest, values, indices, [k](std::vector<int64_t>& idx, const auto& before) {
      // partial_sort is not stable: ties go to the lower index explicitly
      auto cmp = [&](int64_t i, int64_t j) {
        if (before(i, j)) return true;
        if (before(j, i)) return false;
        return i < j;
      };
      std::partial_sort(idx.begin(), idx.begin() + k, idx.end(), cmp);
    });
  });
}

}  // namespace tensile::cpu
