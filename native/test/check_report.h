// The output of every *_check.cc here, the format kernels.test.ts reads: "ok <case>" for each
// case that passes, "FAIL <case>: <why>" and exit status 1 at the first that does not, and
// "<n> cases passed" at the end, n counted here (the test checks that it matches the ok lines).
#pragma once

#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace check {

// n draws of U(lo, hi) from a check file's own generator (each seeds its own, so its cases see
// the same inputs run after run).
inline std::vector<double> uniform(std::mt19937_64& rng, int64_t n, double lo = -1, double hi = 1) {
  std::uniform_real_distribution<double> u(lo, hi);
  std::vector<double> v(static_cast<size_t>(n));
  for (auto& e : v) e = u(rng);
  return v;
}

inline int passed = 0;

// Prints "ok <name>" and counts the case.
inline void pass(const std::string& name) {
  std::printf("ok %s\n", name.c_str());
  ++passed;
}

// Prints "FAIL <name>: <why>", why a printf format followed by its arguments, and exits 1.
[[noreturn, gnu::format(printf, 2, 3)]] inline void fail(const std::string& name, const char* why, ...) {
  std::printf("FAIL %s: ", name.c_str());
  va_list args;
  va_start(args, why);
  std::vprintf(why, args);
  va_end(args);
  std::printf("\n");
  std::exit(1);
}

// pass(name) where ok, else fail(name, why).
inline void report(bool ok, const std::string& name, const char* why) {
  if (!ok) fail(name, "%s", why);
  pass(name);
}

// Prints "<n> cases passed"; main returns what this returns.
inline int finish() {
  std::printf("%d cases passed\n", passed);
  return 0;
}

}  // namespace check
