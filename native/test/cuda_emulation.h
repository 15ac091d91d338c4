// What the kernel checks here compile kernel headers with, where no GPU exists: CUDA's execution
// model on host threads (emulated_cuda/include/device_emulation.h), and stand-ins for the names
// of src/cuda/common.cuh that kernels use, for float and double (launch.cuh's are the real ones).
#pragma once
#include "emulated_cuda/include/device_emulation.h"

namespace tensile::cuda {
template <typename T> struct Acc { using type = T; };
template <typename T> T load_acc(const T& v) { return v; }
template <typename T, typename A> T store_as(A v) { return static_cast<T>(v); }
template <typename A, typename T> A load_acc_as(const T& v) { return static_cast<A>(v); }
template <typename T> T min(T a, T b) { return std::min(a, b); }
template <typename T> T max(T a, T b) { return std::max(a, b); }
using std::exp;
using std::fabs;
using std::isfinite;
using std::isinf;
using std::isnan;
using std::log;
using std::log1p;
using std::sqrt;
}  // namespace tensile::cuda

// The half types as dtype.h's storage structs, converting through float as the device's do, so
// that kernels reading any dtype compile (kernels computing in half are not emulated).
#include "../src/dtype.h"
using __half = tensile::Half;
using __nv_bfloat16 = tensile::BFloat16;

#include "../src/cuda/launch.cuh"
