#include "index.h"

#include <cstring>
#include <type_traits>

namespace tensile::cpu {

void take(DType dt, const StridedLoop<3>& loop, const char* lo_bound, const char* hi_bound) {
  const int sz = item_size(dt);
  bool bad = false;
  loop.for_each(1 << 14, [&](char** p, const int64_t* s, int64_t n) {
    for (int64_t i = 0; i < n; ++i) {
      int64_t off;
      std::memcpy(&off, p[2] + i * s[2], 8);
      const char* src = p[1] + i * s[1] + off * sz;
      if (src < lo_bound || src + sz > hi_bound) {
        bad = true;
        return;
      }
      std::memcpy(p[0] + i * s[0], src, sz);
    }
  });
  if (bad) throw Error("index out of range in self");
}

void put(DType dt, bool accumulate, const StridedLoop<3>& loop, const char* lo_bound, const char* hi_bound) {
  const int sz = item_size(dt);
  bool bad = false;
  auto check = [&](const char* dst) { return dst >= lo_bound && dst + sz <= hi_bound; };
  if (!accumulate) {
    // Duplicate offsets write in an unspecified order, as in PyTorch; run serially to keep it deterministic.
    loop.for_each(INT64_MAX, [&](char** p, const int64_t* s, int64_t n) {
      for (int64_t i = 0; i < n; ++i) {
        int64_t off;
        std::memcpy(&off, p[2] + i * s[2], 8);
        char* dst = p[0] + i * s[0] + off * sz;
        if (!check(dst)) { bad = true; return; }
        std::memcpy(dst, p[1] + i * s[1], sz);
      }
    });
  } else {
    TENSILE_DISPATCH_ALL(dt, "index_put", {
      loop.for_each(INT64_MAX, [&](char** p, const int64_t* s, int64_t n) {
        for (int64_t i = 0; i < n; ++i) {
          int64_t off;
          std::memcpy(&off, p[2] + i * s[2], 8);
          char* dst = p[0] + i * s[0] + off * sz;
          if (!check(dst)) { bad = true; return; }
          T a, b;
          std::memcpy(&a, dst, sizeof(T));
          std::memcpy(&b, p[1] + i * s[1], sizeof(T));
          T r;
          if constexpr (std::is_same<T, bool>::value) r = a || b;
          else r = static_cast<T>(static_cast<acc_t<T>>(a) + static_cast<acc_t<T>>(b));
          std::memcpy(dst, &r, sizeof(T));
        }
      });
    });
  }
  if (bad) throw Error("index out of range in self");
}

int64_t nonzero(DType dt, const StridedLoop<1>& loop, int64_t* out, int64_t capacity) {
  int64_t count = 0;
  const int nd = loop.ndim;
  int64_t coord[kMaxDims] = {};
  int64_t total = 1;
  for (int d = 0; d < nd; ++d) total *= loop.shape[d];
  TENSILE_DISPATCH_ALL(dt, "nonzero", {
    const char* base = loop.ops[0].data;
    for (int64_t i = 0; i < total; ++i) {
      const char* p = base;
      for (int d = 0; d < nd; ++d) p += coord[d] * loop.ops[0].strides[d];
      T v;
      std::memcpy(&v, p, sizeof(T));
      if (static_cast<acc_t<T>>(v) != acc_t<T>(0)) {
        if (count < capacity)
          for (int d = 0; d < nd; ++d) out[count * nd + d] = coord[d];
        ++count;
      }
      for (int d = nd - 1; d >= 0; --d) {
        if (++coord[d] < loop.shape[d]) break;
        coord[d] = 0;
      }
    }
  });
  return count;
}

}  // namespace tensile::cpu
