// What every .cu file of the CUDA part shares: error checks that throw tensile::Error (the
// N-API guard turns it into a JavaScript Error), the current stream, launch geometry
// (launch.cuh), the device-side loop over strided operands, and dtype dispatch.
#pragma once
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <string>

#include "../dtype.h"
#include "../ops.h"
#include "../strided.h"
#include "launch.cuh"

namespace tensile::cuda {

inline void check(cudaError_t e, const char* what) {
  if (e != cudaSuccess) {
    cudaGetLastError();  // clear a sticky launch error so the next call reports its own
    throw Error(std::string("CUDA error: ") + cudaGetErrorString(e) + " (" + what + ")");
  }
}
#define TENSILE_CUDA_CHECK(expr) ::tensile::cuda::check((expr), #expr)
// After a launch: reports an invalid configuration at once (execution errors surface at the next sync).
#define TENSILE_CUDA_LAUNCHED() ::tensile::cuda::check(cudaGetLastError(), "kernel launch")

// The stream all work of the current device is queued on (runtime.cu).
cudaStream_t stream();

// The name of an op code, for "not implemented" errors.
const char* op_name(UnaryOp op);
const char* op_name(BinaryOp op);
const char* op_name(ReduceOp op);

// Storage type -> the CUDA type kernels compute with.
template <typename T> struct DevType { using type = T; };
template <> struct DevType<Half> { using type = __half; };
template <> struct DevType<BFloat16> { using type = __nv_bfloat16; };

// Arithmetic type of a storage type: float for the half types.
template <typename T> struct Acc { using type = T; };
template <> struct Acc<__half> { using type = float; };
template <> struct Acc<__nv_bfloat16> { using type = float; };

template <typename T> __device__ __forceinline__ typename Acc<T>::type load_acc(const T& v) {
  return static_cast<typename Acc<T>::type>(v);
}
// A stored value converted to an accumulator type A (through float for the half types).
template <typename A, typename T> __device__ __forceinline__ A load_acc_as(const T& v) {
  return static_cast<A>(load_acc(v));
}
template <typename T, typename A> __device__ __forceinline__ T store_as(A v) { return static_cast<T>(v); }
template <> __device__ __forceinline__ __half store_as<__half, float>(float v) { return __float2half(v); }
template <> __device__ __forceinline__ __nv_bfloat16 store_as<__nv_bfloat16, float>(float v) { return __float2bfloat16(v); }
template <> __device__ __forceinline__ bool store_as<bool, float>(float v) { return v != 0.f; }
template <> __device__ __forceinline__ bool store_as<bool, double>(double v) { return v != 0.0; }
template <> __device__ __forceinline__ __half store_as<__half, double>(double v) { return __double2half(v); }
template <> __device__ __forceinline__ __nv_bfloat16 store_as<__nv_bfloat16, double>(double v) { return __double2bfloat16(v); }

// A host double as the device storage type T (a scalar argument of a kernel).
template <typename T>
T scalar_as(double v) {
  if constexpr (std::is_same<T, bool>::value) return v != 0;
  else if constexpr (std::is_same<T, __half>::value) return __float2half(static_cast<float>(v));
  else if constexpr (std::is_same<T, __nv_bfloat16>::value) return __float2bfloat16(static_cast<float>(v));
  else return static_cast<T>(v);
}

// Calls body(T{}) with T the device type of a floating-point dt; `name` names the op in the
// error for other dtypes ("<name>_cuda" not implemented for 'Long', PyTorch's wording).
template <typename F>
void dispatch_float(DType dt, const char* name, F body) {
  switch (dt) {
    case DType::Float32: body(float{}); break;
    case DType::Float64: body(double{}); break;
    case DType::Float16: body(__half{}); break;
    case DType::BFloat16: body(__nv_bfloat16{}); break;
    default: throw Error(std::string("\"") + name + "_cuda\" not implemented for '" + dtype_name(dt) + "'");
  }
}

// Calls body(T{}) with T the device storage type of dt.
template <typename F>
void dispatch_all(DType dt, const char* name, F body) {
  switch (dt) {
    case DType::Float32: body(float{}); break;
    case DType::Float64: body(double{}); break;
    case DType::Float16: body(__half{}); break;
    case DType::BFloat16: body(__nv_bfloat16{}); break;
    case DType::Int8: body(int8_t{}); break;
    case DType::UInt8: body(uint8_t{}); break;
    case DType::Int16: body(int16_t{}); break;
    case DType::Int32: body(int32_t{}); break;
    case DType::Int64: body(int64_t{}); break;
    case DType::Bool: body(bool{}); break;
    default: throw Error(std::string(name) + ": unsupported dtype");
  }
}

}  // namespace tensile::cuda
