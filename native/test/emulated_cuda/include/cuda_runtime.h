// The CUDA runtime for the emulated build (../build.mjs): one or more "devices" whose memory is
// host memory, streams that run everything at once (a launch returns when its kernel is done),
// and the host side of CUDA's device math (min / max overloads, erfinv). Only what Tensile's
// CUDA sources call.
#pragma once
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <math.h>  // isnan, isinf, isfinite in the global namespace, as device code has them
#include <type_traits>

#include "device_emulation.h"

enum cudaError_t { cudaSuccess = 0, cudaErrorInvalidValue = 1, cudaErrorMemoryAllocation = 2, cudaErrorInvalidDevice = 101 };
enum cudaMemcpyKind { cudaMemcpyHostToHost = 0, cudaMemcpyHostToDevice = 1, cudaMemcpyDeviceToHost = 2, cudaMemcpyDeviceToDevice = 3 };
enum cudaDeviceAttr { cudaDevAttrMultiProcessorCount = 16 };
enum cudaDataType_t { CUDA_R_32F = 0, CUDA_R_64F = 1, CUDA_R_16F = 2, CUDA_R_16BF = 14 };
struct CUstream_st {};
typedef CUstream_st* cudaStream_t;
constexpr unsigned cudaStreamNonBlocking = 1;
struct cudaDeviceProp {
  char name[256];
  size_t totalGlobalMem;
  int multiProcessorCount;
};

namespace tensile_emu {
// Devices: TENSILE_EMULATED_GPUS of them (default 1), with TENSILE_EMULATED_GPU_MEMORY_MIB
// (default 16 GiB) of memory between them that they pretend to have: out of memory comes when
// that much host memory is in use as device memory.
inline int device_count() {
  const char* s = std::getenv("TENSILE_EMULATED_GPUS");
  return s ? std::atoi(s) : 1;
}
inline thread_local int current = 0;
inline std::atomic<int64_t> used{0};
inline size_t total() {
  static const size_t t = [] {
    const char* s = std::getenv("TENSILE_EMULATED_GPU_MEMORY_MIB");
    return (s ? std::strtoull(s, nullptr, 10) : 16384) << 20;
  }();
  return t;
}
inline cudaError_t last = cudaSuccess;
}  // namespace tensile_emu

inline cudaError_t cudaGetLastError() {
  const cudaError_t e = tensile_emu::last;
  tensile_emu::last = cudaSuccess;
  return e;
}
inline const char* cudaGetErrorString(cudaError_t e) {
  switch (e) {
    case cudaSuccess: return "no error";
    case cudaErrorMemoryAllocation: return "out of memory";
    case cudaErrorInvalidDevice: return "invalid device ordinal";
    default: return "invalid argument";
  }
}
inline cudaError_t cudaGetDeviceCount(int* n) {
  *n = tensile_emu::device_count();
  return cudaSuccess;
}
inline cudaError_t cudaGetDevice(int* d) {
  *d = tensile_emu::current;
  return cudaSuccess;
}
inline cudaError_t cudaSetDevice(int d) {
  if (d < 0 || d >= tensile_emu::device_count()) return cudaErrorInvalidDevice;
  tensile_emu::current = d;
  return cudaSuccess;
}
inline cudaError_t cudaGetDeviceProperties(cudaDeviceProp* p, int d) {
  if (d < 0 || d >= tensile_emu::device_count()) return cudaErrorInvalidDevice;
  std::memset(p, 0, sizeof *p);
  std::strcpy(p->name, "NVIDIA device, emulated on the host (Tensile)");
  p->totalGlobalMem = tensile_emu::total();
  p->multiProcessorCount = 4;
  return cudaSuccess;
}
inline cudaError_t cudaDeviceGetAttribute(int* v, cudaDeviceAttr a, int) {
  *v = a == cudaDevAttrMultiProcessorCount ? 4 : 0;
  return cudaSuccess;
}
inline cudaError_t cudaMemGetInfo(size_t* free_b, size_t* total) {
  *total = tensile_emu::total();
  *free_b = tensile_emu::total() - size_t(tensile_emu::used.load());
  return cudaSuccess;
}
inline cudaError_t cudaDeviceSynchronize() { return cudaSuccess; }
inline cudaError_t cudaStreamSynchronize(cudaStream_t) { return cudaSuccess; }
inline cudaError_t cudaStreamCreateWithFlags(cudaStream_t* s, unsigned) {
  *s = new CUstream_st;
  return cudaSuccess;
}

// Device memory: 256-byte aligned host blocks whose size is kept just before them, poisoned
// with NaN-like bytes (0xFF) so that a kernel reading memory nobody wrote shows.
inline cudaError_t cudaMalloc(void** p, size_t bytes) {
  const size_t n = (bytes + 255) / 256 * 256;
  if (int64_t(n) > int64_t(tensile_emu::total()) - tensile_emu::used.load()) {
    tensile_emu::last = cudaErrorMemoryAllocation;
    return cudaErrorMemoryAllocation;
  }
  char* base = static_cast<char*>(std::aligned_alloc(256, n + 256));
  if (!base) return cudaErrorMemoryAllocation;
  std::memcpy(base, &n, sizeof n);
  std::memset(base + 256, 0xFF, n);
  tensile_emu::used += int64_t(n);
  *p = base + 256;
  return cudaSuccess;
}
inline cudaError_t cudaFree(void* p) {
  if (!p) return cudaSuccess;
  char* base = static_cast<char*>(p) - 256;
  size_t n;
  std::memcpy(&n, base, sizeof n);
  tensile_emu::used -= int64_t(n);
  std::free(base);
  return cudaSuccess;
}
inline cudaError_t cudaMemcpyAsync(void* dst, const void* src, size_t bytes, cudaMemcpyKind, cudaStream_t = nullptr) {
  if (bytes) std::memmove(dst, src, bytes);
  return cudaSuccess;
}
inline cudaError_t cudaMemcpy(void* dst, const void* src, size_t bytes, cudaMemcpyKind k) { return cudaMemcpyAsync(dst, src, bytes, k); }
inline cudaError_t cudaMemcpyPeerAsync(void* dst, int, const void* src, int, size_t bytes, cudaStream_t = nullptr) {
  if (bytes) std::memmove(dst, src, bytes);
  return cudaSuccess;
}
inline cudaError_t cudaMemsetAsync(void* p, int v, size_t bytes, cudaStream_t = nullptr) {
  if (bytes) std::memset(p, v, bytes);
  return cudaSuccess;
}

namespace tensile_emu {
// kernel<<<grid, block, shared, stream>>>(args) after ../rewrite-launches.mjs.
template <typename F>
void launch(dim3 grid, dim3 block, F body) {
  if (grid.x == 0 || grid.y == 0 || grid.z == 0 || block.x == 0 || block.x > 1024 || block.y != 1 || block.z != 1 ||
      grid.y > 65535 || grid.z > 65535) {
    last = cudaErrorInvalidValue;  // an invalid configuration, reported by cudaGetLastError as on a GPU
    return;
  }
  emulate(grid, block.x, body);
}
}  // namespace tensile_emu

// The host side of CUDA's device math: min / max over mixed integer and floating types, and erfinv.
template <typename A, typename B, typename = std::enable_if_t<std::is_arithmetic_v<A> && std::is_arithmetic_v<B>>>
inline std::common_type_t<A, B> min(A a, B b) {
  using C = std::common_type_t<A, B>;
  return C(b) < C(a) ? C(b) : C(a);
}
template <typename A, typename B, typename = std::enable_if_t<std::is_arithmetic_v<A> && std::is_arithmetic_v<B>>>
inline std::common_type_t<A, B> max(A a, B b) {
  using C = std::common_type_t<A, B>;
  return C(a) < C(b) ? C(b) : C(a);
}
inline double erfinv(double y) {
  if (!(y > -1 && y < 1)) return y == -1 ? -INFINITY : y == 1 ? INFINITY : NAN;
  double lo = -6, hi = 6;  // erf is monotonic: bisect, then polish with Newton steps
  for (int i = 0; i < 64; ++i) (std::erf((lo + hi) / 2) < y ? lo : hi) = (lo + hi) / 2;
  double x = (lo + hi) / 2;
  for (int i = 0; i < 2; ++i) x -= (std::erf(x) - y) / (2 / std::sqrt(M_PI) * std::exp(-x * x));
  return x;
}
inline float erfinv(float y) { return float(erfinv(double(y))); }
