// The output of every *_check.cc here, the format kernels.test.ts reads: "ok <case>" for each
// case that passes, "FAIL <case>: <why>" and exit status 1 at the first that does not, and
// "<n> cases passed" at the end, n counted here (the test checks that it matches the ok lines).
#pragma once

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace check {

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
