// The `cuda` object of the addon (CUDA builds only): device queries, the caching allocator's
// storages and statistics, and host <-> device copies. The kernels themselves are reached
// through the same entries as the CPU's (addon.cc), which dispatch on where their buffers live.
//
// A CUDA storage is a JavaScript external holding a DeviceBlock, type-tagged so that no other
// external can pass for one. Its memory returns to the allocator's cache on dispose() (free)
// or, failing that, when the garbage collector finalizes the external; the bytes are reported
// to V8 as external memory so collections come early enough under GPU memory pressure.
#include <napi.h>

#include <string>

#include "binding_util.h"
#include "cuda/api.h"

namespace tensile {
namespace {

struct DeviceBlock {
  void* ptr;
  size_t bytes;
  int device;
};

const napi_type_tag kDeviceTag = {0x7e05113c0da00001ULL, 0x5445'4e53'494c'4531ULL};

// No CUDA call here: release() finds the block's device itself, and the GC finalizer must not
// throw (a C++ exception out of a finalizer terminates the process; after a kernel fault every
// CUDA call fails).
void release_block(DeviceBlock* b) {
  if (!b->ptr) return;
  cuda::release(b->ptr);
  b->ptr = nullptr;
}

DeviceBlock* block_of(const Napi::CallbackInfo& info, size_t i) {
  napi_value v = info[i];
  bool tagged = false;
  napi_valuetype t;
  if (napi_typeof(info.Env(), v, &t) != napi_ok || t != napi_external ||
      napi_check_object_type_tag(info.Env(), v, &kDeviceTag, &tagged) != napi_ok || !tagged)
    throw Error("internal error: not a CUDA storage");
  void* data = nullptr;
  napi_get_value_external(info.Env(), v, &data);
  return static_cast<DeviceBlock*>(data);
}

// The GPU an optional index argument names, else the current one.
int device_arg(const Napi::CallbackInfo& info, size_t i) {
  if (is_absent(info, i)) return cuda::current_device();
  const int64_t d = get_int(info[i].As<Napi::Number>().DoubleValue(), "device");
  if (d < 0 || d >= cuda::device_count()) throw Error("CUDA error: invalid device ordinal");
  return static_cast<int>(d);
}

// (nbytes, device?) -> a fresh CUDA storage on that GPU (default: the current one)
Napi::Value Alloc(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int64_t bytes = get_count(info[0].As<Napi::Number>().DoubleValue(), "size");
  const int device = device_arg(info, 1);
  cuda::DeviceGuard on(device);
  auto* b = new DeviceBlock{nullptr, static_cast<size_t>(bytes), device};
  try {
    b->ptr = cuda::alloc(b->bytes);
  } catch (...) {
    delete b;
    throw;
  }
  Napi::MemoryManagement::AdjustExternalMemory(env, bytes);
  auto ext = Napi::External<DeviceBlock>::New(env, b, [](Napi::Env e, DeviceBlock* blk) {
    try {
      release_block(blk);
    } catch (...) {  // nothing to report from a finalizer; the block stays out of the cache
    }
    Napi::MemoryManagement::AdjustExternalMemory(e, -static_cast<int64_t>(blk->bytes));
    delete blk;
  });
  napi_type_tag_object(env, ext, &kDeviceTag);
  return ext;
}

// (storage): its memory back to the cache now (dispose()); later uses of the storage throw.
Napi::Value Free(const Napi::CallbackInfo& info) {
  release_block(block_of(info, 0));
  return info.Env().Undefined();
}

// (storage, byteOffset, Uint8Array src): host -> device
Napi::Value Upload(const Napi::CallbackInfo& info) {
  DeviceBlock* b = block_of(info, 0);
  const int64_t off = get_count(info[1].As<Napi::Number>().DoubleValue(), "offset");
  Buf src = get_buf(info, 2, "source");
  if (!b->ptr) throw Error("Cannot use a tensor whose storage has been freed (the tensor was disposed)");
  if (static_cast<size_t>(off) + src.len > b->bytes) throw Error("internal error: upload past the end of the storage");
  cuda::DeviceGuard on(b->device);  // ordered on the stream of the GPU that holds the block
  cuda::copy_to_device(static_cast<char*>(b->ptr) + off, src.data, src.len);
  return info.Env().Undefined();
}

// (Uint8Array dst, storage, byteOffset): device -> host; waits for the work queued before it
Napi::Value Download(const Napi::CallbackInfo& info) {
  Buf dst = get_buf(info, 0, "destination");
  DeviceBlock* b = block_of(info, 1);
  const int64_t off = get_count(info[2].As<Napi::Number>().DoubleValue(), "offset");
  if (!b->ptr) throw Error("Cannot use a tensor whose storage has been freed (the tensor was disposed)");
  if (static_cast<size_t>(off) + dst.len > b->bytes) throw Error("internal error: download past the end of the storage");
  cuda::DeviceGuard on(b->device);
  cuda::copy_to_host(dst.data, static_cast<char*>(b->ptr) + off, dst.len);
  return info.Env().Undefined();
}

Napi::Value DeviceCount(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), cuda::device_count()); }
Napi::Value DeviceName(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), cuda::device_name(device_arg(info, 0)));
}
Napi::Value CurrentDevice(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), cuda::current_device()); }
Napi::Value SetDevice(const Napi::CallbackInfo& info) {
  cuda::set_device(device_arg(info, 0));
  return info.Env().Undefined();
}
// (device?): the calls below work on the GPU they are given, by default the current one
Napi::Value Synchronize(const Napi::CallbackInfo& info) {
  cuda::DeviceGuard on(device_arg(info, 0));
  cuda::synchronize();
  return info.Env().Undefined();
}
Napi::Value MemoryStats(const Napi::CallbackInfo& info) {
  cuda::DeviceGuard on(device_arg(info, 0));
  const cuda::MemoryStats s = cuda::memory_stats();
  Napi::Object o = Napi::Object::New(info.Env());
  o.Set("allocated", Napi::Number::New(info.Env(), static_cast<double>(s.allocated)));
  o.Set("reserved", Napi::Number::New(info.Env(), static_cast<double>(s.reserved)));
  o.Set("maxAllocated", Napi::Number::New(info.Env(), static_cast<double>(s.max_allocated)));
  return o;
}
Napi::Value EmptyCache(const Napi::CallbackInfo& info) {
  cuda::empty_cache();
  return info.Env().Undefined();
}
Napi::Value ResetPeakMemoryStats(const Napi::CallbackInfo& info) {
  cuda::DeviceGuard on(device_arg(info, 0));
  cuda::reset_peak_memory_stats();
  return info.Env().Undefined();
}
Napi::Value SetAllowTf32(const Napi::CallbackInfo& info) {
  cuda::set_allow_tf32(info[0].As<Napi::Boolean>().Value());
  return info.Env().Undefined();
}
// (enabled, allowTf32)
Napi::Value SetCudnnFlags(const Napi::CallbackInfo& info) {
  cuda::set_cudnn_flags(info[0].As<Napi::Boolean>().Value(), info[1].As<Napi::Boolean>().Value());
  return info.Env().Undefined();
}
Napi::Value CudnnVersion(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), cuda::cudnn_version()); }

}  // namespace

bool get_device_buf(napi_env env, napi_value v, Buf& out) {
  napi_valuetype t;
  if (napi_typeof(env, v, &t) != napi_ok || t != napi_external) return false;
  bool tagged = false;
  if (napi_check_object_type_tag(env, v, &kDeviceTag, &tagged) != napi_ok || !tagged) return false;
  void* data = nullptr;
  napi_get_value_external(env, v, &data);
  auto* b = static_cast<DeviceBlock*>(data);
  out = {static_cast<char*>(b->ptr), b->ptr ? b->bytes : 0, true, b->device};
  if (b->ptr) {
    const int now = cuda::current_device();
    if (now != b->device) {
      if (g_entry_prev_device < 0) g_entry_prev_device = now;
      cuda::set_device(b->device);
    }
  }
  return true;
}

thread_local int g_entry_prev_device = -1;

void register_cuda(Napi::Env env, Napi::Object exports) {
  Napi::Object c = Napi::Object::New(env);
#define EXPORT(name, fn) c.Set(name, Napi::Function::New(env, Guard<fn>, name))
  EXPORT("alloc", Alloc);
  EXPORT("free", Free);
  EXPORT("upload", Upload);
  EXPORT("download", Download);
  EXPORT("deviceCount", DeviceCount);
  EXPORT("deviceName", DeviceName);
  EXPORT("currentDevice", CurrentDevice);
  EXPORT("setDevice", SetDevice);
  EXPORT("synchronize", Synchronize);
  EXPORT("memoryStats", MemoryStats);
  EXPORT("emptyCache", EmptyCache);
  EXPORT("resetPeakMemoryStats", ResetPeakMemoryStats);
  EXPORT("setAllowTf32", SetAllowTf32);
  EXPORT("setCudnnFlags", SetCudnnFlags);
  EXPORT("cudnnVersion", CudnnVersion);
#undef EXPORT
  exports.Set("cuda", c);
}

}  // namespace tensile
