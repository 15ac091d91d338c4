#include "random.h"

#include <cmath>
#include <cstring>
#include <type_traits>
#include <vector>

#include "../threadpool.h"

namespace tensile::cpu {
namespace {

struct U4 { uint32_t x[4]; };

inline U4 philox(uint64_t seed, uint64_t counter) {
  uint32_t k0 = static_cast<uint32_t>(seed), k1 = static_cast<uint32_t>(seed >> 32);
  uint32_t c0 = static_cast<uint32_t>(counter), c1 = static_cast<uint32_t>(counter >> 32), c2 = 0, c3 = 0;
  for (int r = 0; r < 10; ++r) {
    uint64_t p0 = static_cast<uint64_t>(0xD2511F53u) * c0;
    uint64_t p1 = static_cast<uint64_t>(0xCD9E8D57u) * c2;
    uint32_t n0 = static_cast<uint32_t>(p1 >> 32) ^ c1 ^ k0;
    uint32_t n2 = static_cast<uint32_t>(p0 >> 32) ^ c3 ^ k1;
    c1 = static_cast<uint32_t>(p1);
    c3 = static_cast<uint32_t>(p0);
    c0 = n0;
    c2 = n2;
    k0 += 0x9E3779B9u;
    k1 += 0xBB67AE85u;
  }
  return {{c0, c1, c2, c3}};
}

// uniform in [0, 1) with 24 (float) or 53 (double) random bits
inline double uniform01(uint32_t a, uint32_t b) {
  uint64_t bits = (static_cast<uint64_t>(a) << 21) ^ (b >> 11);
  return static_cast<double>(bits & ((1ull << 53) - 1)) * (1.0 / 9007199254740992.0);
}

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
      // One Philox block (4 x 32 bits) serves two elements, except for the normal family, which
      // needs two uniforms (all four words) per element.
      const bool pairwise = op != RandomOp::normal && op != RandomOp::log_normal;
      U4 r{};
      uint64_t have = ~uint64_t(0);
      for (int64_t i = lo; i < hi; ++i) {
        const uint64_t ctr = offset + static_cast<uint64_t>(pairwise ? (i >> 1) : i);
        if (ctr != have) {
          r = philox(seed, ctr);
          have = ctr;
        }
        const int lane = pairwise ? static_cast<int>(i & 1) * 2 : 0;
        double u = uniform01(r.x[lane], r.x[lane + 1]);
        double v = 0;
        switch (op) {
          case RandomOp::uniform: {
            v = a + (b - a) * u;
            if constexpr (std::is_floating_point<acc_t<T>>::value) {
              // rounding to the storage type can land on `to`; PyTorch's range is half-open
              if (static_cast<double>(static_cast<acc_t<T>>(static_cast<T>(static_cast<acc_t<T>>(v)))) >= b && b > a) v = a;
            }
            break;
          }
          case RandomOp::normal: {
            double u2 = uniform01(r.x[2], r.x[3]);
            v = a + b * std::sqrt(-2.0 * std::log(1.0 - u)) * std::cos(2.0 * M_PI * u2);
            break;
          }
          case RandomOp::bernoulli_scalar: v = u < a ? 1 : 0; break;
          case RandomOp::randint: {
            uint64_t range = static_cast<uint64_t>(b - a);
            uint64_t bits = (static_cast<uint64_t>(r.x[lane]) << 32) | r.x[lane + 1];
            v = a + static_cast<double>(range ? bits % range : 0);
            break;
          }
          case RandomOp::exponential: v = -std::log(1.0 - u) / a; break;
          case RandomOp::geometric: v = std::ceil(std::log(1.0 - u) / std::log1p(-a)); break;
          case RandomOp::log_normal: {
            double u2 = uniform01(r.x[2], r.x[3]);
            v = std::exp(a + b * std::sqrt(-2.0 * std::log(1.0 - u)) * std::cos(2.0 * M_PI * u2));
            break;
          }
          case RandomOp::cauchy: v = a + b * std::tan(M_PI * (u - 0.5)); break;
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
          const uint64_t ctr = offset + static_cast<uint64_t>(i >> 1);  // two draws per Philox block
          if (ctr != have) {
            r = philox(seed, ctr);
            have = ctr;
          }
          const int lane = static_cast<int>(i & 1) * 2;
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
