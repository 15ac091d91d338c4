#include "random.h"

#include <cmath>
#include <cstring>
#include <type_traits>
#include <vector>

#include "../threadpool.h"

namespace tensile::cpu {
namespace {

template <typename T>
inline void store(char* out, int64_t i, double v) {
  T t;
  if constexpr (std::is_same<T, bool>::value) t = v != 0;
  else t = static_cast<T>(static_cast<acc_t<T>>(v));
  std::memcpy(out + i * sizeof(T), &t, sizeof(T));
}

}  // namespace

void random_fill(RandomOp op, DType dt, char* out, int64_t n, uint64_t seed, uint64_t offset, double a, double b) {
  TENSILE_DISPATCH_ALL(dt, "random", {
    parallel_for(0, n, 1 << 14, [&](int64_t lo, int64_t hi) {
      U4 r{};
      uint64_t have = ~uint64_t(0);
      for (int64_t i = lo; i < hi; ++i) {
        const uint64_t ctr = offset + random_counter(op, i);
        if (ctr != have) {  // consecutive elements share a block: draw it once
          r = philox(seed, ctr);
          have = ctr;
        }
        double v = random_value(op, r, random_lane(op, i), a, b);
        if constexpr (std::is_floating_point<acc_t<T>>::value) {
          // rounding to the storage type can land on `to`; PyTorch's range is half-open
          if (op == RandomOp::uniform && b > a &&
              static_cast<double>(static_cast<acc_t<T>>(static_cast<T>(static_cast<acc_t<T>>(v)))) >= b)
            v = a;
        }
        store<T>(out, i, v);
      }
    });
  });
}

void bernoulli_tensor(DType out_dt, char* out, DType p_dt, const char* p, int64_t n, uint64_t seed, uint64_t offset) {
  TENSILE_DISPATCH_FLOAT(p_dt, "bernoulli", {
    const T* pp = reinterpret_cast<const T*>(p);
    using TP = T;
    TENSILE_DISPATCH_ALL(out_dt, "bernoulli", {
      parallel_for(0, n, 1 << 14, [&](int64_t lo, int64_t hi) {
        U4 r{};
        uint64_t have = ~uint64_t(0);
        for (int64_t i = lo; i < hi; ++i) {
          const uint64_t ctr = offset + random_counter(RandomOp::bernoulli_scalar, i);  // two draws per block
          if (ctr != have) {
            r = philox(seed, ctr);
            have = ctr;
          }
          const int lane = random_lane(RandomOp::bernoulli_scalar, i);
          double u = uniform01(r.x[lane], r.x[lane + 1]);
          store<T>(out, i, u < static_cast<double>(static_cast<acc_t<TP>>(pp[i])) ? 1.0 : 0.0);
        }
      });
    });
  });
}

void randperm(int64_t* out, int64_t n, uint64_t seed, uint64_t offset) {
  for (int64_t i = 0; i < n; ++i) out[i] = i;
  for (int64_t i = n - 1; i > 0; --i) {
    U4 r = philox(seed, offset + static_cast<uint64_t>(i));
    uint64_t bits = (static_cast<uint64_t>(r.x[0]) << 32) | r.x[1];
    int64_t j = static_cast<int64_t>(bits % static_cast<uint64_t>(i + 1));
    std::swap(out[i], out[j]);
  }
}

void multinomial(const double* weights, int64_t rows, int64_t cats, int64_t samples, bool replacement, int64_t* out,
                 uint64_t seed, uint64_t offset) {
  std::vector<double> cdf(static_cast<size_t>(cats));
  std::vector<double> w(static_cast<size_t>(cats));
  uint64_t ctr = offset;
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t c = 0; c < cats; ++c) w[c] = weights[r * cats + c];
    for (int64_t s = 0; s < samples; ++s) {
      double total = 0;
      for (int64_t c = 0; c < cats; ++c) {
        total += w[c];
        cdf[c] = total;
      }
      U4 rr = philox(seed, ctr++);
      double u = uniform01(rr.x[0], rr.x[1]) * total;
      int64_t lo = 0, hi = cats - 1;
      while (lo < hi) {  // first c with cdf[c] > u
        int64_t mid = (lo + hi) / 2;
        if (cdf[mid] > u) hi = mid; else lo = mid + 1;
      }
      while (lo > 0 && w[lo] == 0) --lo;  // never pick a zero-weight category
      while (lo < cats - 1 && w[lo] == 0) ++lo;
      out[r * samples + s] = lo;
      if (!replacement) w[lo] = 0;
    }
  }
}

}  // namespace tensile::cpu
