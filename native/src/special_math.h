// Special functions whose one definition both devices run (cpu/elementwise.cc and
// cuda/elementwise.cu): PyTorch's calc_digamma and calc_trigamma, in double. The math calls
// are the global-namespace double ones, which are the C library's on the host and CUDA's on
// the device.
#pragma once
#include <math.h>

#include "philox.h"  // TENSILE_HD

namespace tensile::special {

// digamma (psi): the recurrence psi(x) = psi(x + 1) - 1 / x up to 10, then the asymptotic
// series; below 0 the reflection psi(1 - x) - psi(x) = pi / tan(pi x).
template <typename A>
TENSILE_HD A digamma(A xa) {
  double x = static_cast<double>(xa), result = 0;
  if (x == 0) return static_cast<A>(::copysign(double(INFINITY), -x));
  if (x < 0) {
    if (x == ::floor(x)) return static_cast<A>(NAN);
    const double r = ::fmod(x, 1.0);
    result = -M_PI / ::tan(M_PI * r);
    x = 1 - x;
  }
  while (x < 10) {
    result -= 1 / x;
    x += 1;
  }
  if (x == 10) return static_cast<A>(result + 2.25175258906672110764);
  double y = 0;
  if (x < 1e17) {
    const double z = 1 / (x * x);
    const double c[] = {8.33333333333333333333E-2, -2.10927960927960927961E-2, 7.57575757575757575758E-3,
                        -4.16666666666666666667E-3, 3.96825396825396825397E-3, -8.33333333333333333333E-3,
                        8.33333333333333333333E-2};
    double poly = 0;
    for (double ci : c) poly = poly * z + ci;
    y = z * poly;
  }
  return static_cast<A>(result + ::log(x) - 0.5 / x - y);
}

// polygamma(1, x), digamma's derivative: six steps of the recurrence psi1(x) = psi1(x + 1) +
// 1 / x^2, then the asymptotic series; below 1/2 the reflection psi1(1 - x) + psi1(x) =
// pi^2 / sin^2(pi x).
template <typename A>
TENSILE_HD A trigamma(A xa) {
  double x = static_cast<double>(xa), sign = 1, result = 0;
  if (x < 0.5) {
    sign = -1;
    const double s = ::sin(M_PI * x);
    result -= M_PI * M_PI / (s * s);
    x = 1 - x;
  }
  for (int i = 0; i < 6; ++i) {
    result += 1 / (x * x);
    x += 1;
  }
  const double ixx = 1 / (x * x);
  result += (1 + 1 / (2 * x) + ixx * (1.0 / 6 - ixx * (1.0 / 30 - ixx * (1.0 / 42)))) / x;
  return static_cast<A>(sign * result);
}

}  // namespace tensile::special
