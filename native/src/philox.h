// The random-number core shared by the CPU (cpu/random.cc) and CUDA (cuda/random.cu) kernels:
// Philox-4x32-10 and the per-element transforms of each distribution. Every draw is a pure
// function of (seed, offset, element index), so the GPU draws exactly the CPU's numbers.
#pragma once
#include <cmath>
#include <cstdint>

#if defined(__CUDACC__)
#define TENSILE_HD __host__ __device__ __forceinline__
#else
#define TENSILE_HD inline
#endif

namespace tensile {

// The distributions, in the order TypeScript's RANDOM table numbers them.
enum class RandomOp { uniform, normal, bernoulli_scalar, randint, exponential, geometric, log_normal, cauchy };

struct U4 {
  uint32_t x[4];
};

TENSILE_HD U4 philox(uint64_t seed, uint64_t counter) {
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

// uniform in [0, 1) with 53 random bits
TENSILE_HD double uniform01(uint32_t a, uint32_t b) {
  uint64_t bits = (static_cast<uint64_t>(a) << 21) ^ (b >> 11);
  return static_cast<double>(bits & ((1ull << 53) - 1)) * (1.0 / 9007199254740992.0);
}

// One Philox block (4 x 32 bits) serves two elements, except for the normal family, which
// needs two uniforms (all four words) per element: element i reads block `random_counter`,
// words from `random_lane`.
TENSILE_HD bool random_pairwise(RandomOp op) { return op != RandomOp::normal && op != RandomOp::log_normal; }
TENSILE_HD uint64_t random_counter(RandomOp op, int64_t i) {
  return static_cast<uint64_t>(random_pairwise(op) ? (i >> 1) : i);
}
TENSILE_HD int random_lane(RandomOp op, int64_t i) { return random_pairwise(op) ? static_cast<int>(i & 1) * 2 : 0; }

// a + b * c in one rounding on every compiler and device: GCC with -mfma already fuses the
// expression on the CPU and nvcc fuses it on the GPU, but neither is bound to (a build without
// FMA, or another compiler, would round twice), and a seed must give the same float64 draws
TENSILE_HD double add_mul(double a, double b, double c) { return fma(b, c, a); }

// The value of one element from its block; a, b are the distribution's parameters (uniform:
// from, to; normal: mean, std; bernoulli: p; randint: low, high; exponential: lambda;
// geometric: p; log-normal: mean, std; cauchy: median, sigma).
TENSILE_HD double random_value(RandomOp op, const U4& r, int lane, double a, double b) {
  const double u = uniform01(r.x[lane], r.x[lane + 1]);
  switch (op) {
    case RandomOp::uniform: return add_mul(a, b - a, u);
    case RandomOp::normal: return add_mul(a, b * sqrt(-2.0 * log(1.0 - u)), cos(2.0 * M_PI * uniform01(r.x[2], r.x[3])));
    case RandomOp::bernoulli_scalar: return u < a ? 1 : 0;
    case RandomOp::randint: {
      const uint64_t range = static_cast<uint64_t>(b - a);
      const uint64_t bits = (static_cast<uint64_t>(r.x[lane]) << 32) | r.x[lane + 1];
      return a + static_cast<double>(range ? bits % range : 0);
    }
    case RandomOp::exponential: return -log(1.0 - u) / a;
    case RandomOp::geometric: return ceil(log(1.0 - u) / log1p(-a));
    case RandomOp::log_normal: return exp(add_mul(a, b * sqrt(-2.0 * log(1.0 - u)), cos(2.0 * M_PI * uniform01(r.x[2], r.x[3]))));
    case RandomOp::cauchy: return add_mul(a, b, tan(M_PI * (u - 0.5)));
  }
  return 0;
}

}  // namespace tensile
