// The `cuda` object of the addon (CUDA builds only): device queries, the caching allocator's
// storages and statistics, and host <-> device copies. The kernels themselves are reached
// through the same entries as the CPU's (addon.cc), which dispatch on where their buffers live.
//
// A CUDA storage is an empty ArrayBuffer whose backing store is a DeviceBlock, type-tagged so
// that no other object can pass for one. Its memory returns to the allocator's cache on
// dispose() (free) or, failing that, when the garbage collector frees the ArrayBuffer: V8 calls
// a backing store's deleter from the collection itself, as it frees a CPU tensor's bytes, where
// a N-API finalizer would wait for the event loop, which a synchronous training loop never
// reaches (its GPU temporaries then piled up until the device ran out of memory). Being empty,
// the ArrayBuffer shows JavaScript no bytes, so nothing can read device memory as host memory.
// The bytes are reported to V8 as external memory so that collections come under GPU memory
// pressure, scaled down (see reported_size) so that they do not come every few allocations.
#include <napi.h>
#include <v8.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "binding_util.h"
#include "cuda/api.h"

namespace tensile {
namespace {

struct DeviceBlock {
  std::atomic<void*> ptr;
  size_t bytes;
  int device;
  int64_t reported;  // what Alloc added to V8's external-memory count
};

// V8 starts a collection once external memory has grown 64 MiB past its level after the last
// one. Counted in full, GPU memory would then cost a full collection every 64 MiB of
// activations, about one per layer of a convolutional network at batch 32. So a device
// byte counts as 64 MiB / (a quarter of the GPU's memory): a collection comes after about a
// quarter of the device has been allocated anew, and when memory runs out before that the
// allocator's out-of-memory hook collects at once. TENSILE_CUDA_GC_FRACTION (0 to 1) sets
// another fraction: smaller holds less memory in unreachable tensors, at more collections.
int64_t reported_size(size_t bytes, int device) {
  static const std::vector<double> scale = [] {  // once (worker threads may allocate too)
    double fraction = 0.25;
    if (const char* f = std::getenv("TENSILE_CUDA_GC_FRACTION")) {
      const double v = std::strtod(f, nullptr);
      if (v > 0 && v <= 1) fraction = v;
    }
    std::vector<double> s;
    for (int d = 0; d < cuda::device_count(); ++d) {
      const double part = static_cast<double>(cuda::device_total_memory(d)) * fraction;
      s.push_back(part > 0 ? std::min(1.0, 64.0 * (1 << 20) / part) : 1.0);
    }
    return s;
  }();
  return static_cast<int64_t>(static_cast<double>(bytes) * scale[static_cast<size_t>(device)]);
}

const napi_type_tag kDeviceTag = {0x7e05113c0da00001ULL, 0x5445'4e53'494c'4531ULL};

// Bytes released but not yet taken off V8's external-memory count: the collector may free a
// block on one of its background threads, where V8 must not be called, so the next entry on the
// JavaScript thread reports them. (One count for the process: with GPU tensors in several
// worker threads, one thread's V8 may be told of another's releases; the totals still agree.)
std::atomic<int64_t> g_unreported{0};

// No CUDA call here: release() finds the block's device itself; it may run on a collector
// thread, and after a kernel fault every CUDA call fails.
void release_block(DeviceBlock* b) {
  void* p = b->ptr.exchange(nullptr);
  if (!p) return;
  cuda::release(p);
  g_unreported.fetch_add(b->reported);
}

void report_released(napi_env env) {
  const int64_t n = g_unreported.exchange(0);
  int64_t ignored;
  if (n) napi_adjust_external_memory(env, -n, &ignored);
}

// The backing store's deleter: the storage is unreachable and being collected.
void on_collected(void* data, size_t, void*) {
  auto* b = static_cast<DeviceBlock*>(data);
  try {
    release_block(b);
  } catch (...) {  // nothing to report from the collector; the block stays out of the cache
  }
  delete b;
}

// The allocator's last resort before out-of-memory: unreachable storages may hold the memory.
void collect_garbage() {
  if (v8::Isolate* iso = v8::Isolate::GetCurrent()) iso->LowMemoryNotification();
}

// Whether v is a CUDA storage; if so *block is its DeviceBlock (null once the ArrayBuffer was
// detached, transferred away).
bool is_storage(napi_env env, napi_value v, DeviceBlock** block) {
  bool is_ab = false;
  if (napi_is_arraybuffer(env, v, &is_ab) != napi_ok || !is_ab) return false;
  bool tagged = false;
  if (napi_check_object_type_tag(env, v, &kDeviceTag, &tagged) != napi_ok || !tagged) return false;
  // V8 shows an empty buffer's data as null, but its backing store keeps what it was given;
  // a napi_value is a v8::Local's handle slot (Node's v8impl::V8LocalValueFromJsValue)
  v8::Local<v8::Value> local;
  std::memcpy(static_cast<void*>(&local), &v, sizeof v);
  *block = static_cast<DeviceBlock*>(local.As<v8::ArrayBuffer>()->GetBackingStore()->Data());
  return true;
}

// A live block's device pointer (throws for anything else, and for a freed block).
DeviceBlock* block_of(const Napi::CallbackInfo& info, size_t i) {
  DeviceBlock* b = nullptr;
  if (!is_storage(info.Env(), info[i], &b)) throw Error("internal error: not a CUDA storage");
  if (!b || !b->ptr.load()) throw Error("Cannot use a tensor whose storage has been freed (the tensor was disposed)");
  return b;
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
  report_released(env);
  cuda::DeviceGuard on(device);
  auto* b = new DeviceBlock{{nullptr}, static_cast<size_t>(bytes), device, reported_size(static_cast<size_t>(bytes), device)};
  try {
    b->ptr = cuda::alloc(b->bytes);
  } catch (...) {
    delete b;
    throw;
  }
  v8::Isolate* iso = v8::Isolate::GetCurrent();
  v8::Local<v8::ArrayBuffer> ab = v8::ArrayBuffer::New(iso, v8::ArrayBuffer::NewBackingStore(b, 0, on_collected, nullptr));
  napi_value v;  // (Node's v8impl::JsValueFromV8LocalValue)
  std::memcpy(&v, &ab, sizeof v);
  napi_type_tag_object(env, v, &kDeviceTag);
  int64_t ignored;
  napi_adjust_external_memory(env, b->reported, &ignored);
  return Napi::Value(env, v);
}

// (storage): its memory back to the cache now (dispose()); later uses of the storage throw.
Napi::Value Free(const Napi::CallbackInfo& info) {
  DeviceBlock* b = nullptr;
  if (!is_storage(info.Env(), info[0], &b)) throw Error("internal error: not a CUDA storage");
  if (b) release_block(b);
  report_released(info.Env());
  return info.Env().Undefined();
}

// (storage, byteOffset, Uint8Array src): host -> device
Napi::Value Upload(const Napi::CallbackInfo& info) {
  DeviceBlock* b = block_of(info, 0);
  const int64_t off = get_count(info[1].As<Napi::Number>().DoubleValue(), "offset");
  Buf src = get_buf(info, 2, "source");
  if (static_cast<size_t>(off) + src.len > b->bytes) throw Error("internal error: upload past the end of the storage");
  cuda::DeviceGuard on(b->device);  // ordered on the stream of the GPU that holds the block
  cuda::copy_to_device(static_cast<char*>(b->ptr.load()) + off, src.data, src.len);
  return info.Env().Undefined();
}

// (Uint8Array dst, storage, byteOffset): device -> host; waits for the work queued before it
Napi::Value Download(const Napi::CallbackInfo& info) {
  Buf dst = get_buf(info, 0, "destination");
  DeviceBlock* b = block_of(info, 1);
  const int64_t off = get_count(info[2].As<Napi::Number>().DoubleValue(), "offset");
  if (static_cast<size_t>(off) + dst.len > b->bytes) throw Error("internal error: download past the end of the storage");
  cuda::DeviceGuard on(b->device);
  cuda::copy_to_host(dst.data, static_cast<char*>(b->ptr.load()) + off, dst.len);
  return info.Env().Undefined();
}

// (dst storage, dstByteOffset, src storage, srcByteOffset, bytes): one GPU to another
Napi::Value CopyPeer(const Napi::CallbackInfo& info) {
  DeviceBlock* d = block_of(info, 0);
  DeviceBlock* s = block_of(info, 2);
  const int64_t doff = get_count(info[1].As<Napi::Number>().DoubleValue(), "offset");
  const int64_t soff = get_count(info[3].As<Napi::Number>().DoubleValue(), "offset");
  const int64_t n = get_count(info[4].As<Napi::Number>().DoubleValue(), "size");
  if (static_cast<size_t>(doff + n) > d->bytes || static_cast<size_t>(soff + n) > s->bytes)
    throw Error("internal error: copy past the end of a storage");
  cuda::copy_peer(static_cast<char*>(d->ptr.load()) + doff, d->device, static_cast<const char*>(s->ptr.load()) + soff, s->device,
                  static_cast<size_t>(n));
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
  o.Set("segmentsAllocated", Napi::Number::New(info.Env(), static_cast<double>(s.segments_allocated)));
  o.Set("segmentsFreed", Napi::Number::New(info.Env(), static_cast<double>(s.segments_freed)));
  o.Set("allocRetries", Napi::Number::New(info.Env(), static_cast<double>(s.alloc_retries)));
  o.Set("ooms", Napi::Number::New(info.Env(), static_cast<double>(s.ooms)));
  return o;
}
Napi::Value EmptyCache(const Napi::CallbackInfo& info) {
  cuda::empty_cache();
  return info.Env().Undefined();
}
Napi::Value MemGetInfo(const Napi::CallbackInfo& info) {
  cuda::DeviceGuard on(device_arg(info, 0));
  const auto [free_b, total_b] = cuda::mem_get_info();
  Napi::Object o = Napi::Object::New(info.Env());
  o.Set("free", Napi::Number::New(info.Env(), static_cast<double>(free_b)));
  o.Set("total", Napi::Number::New(info.Env(), static_cast<double>(total_b)));
  return o;
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
  DeviceBlock* b = nullptr;
  if (!is_storage(env, v, &b)) return false;  // the CPU's byte views
  void* p = b ? b->ptr.load() : nullptr;
  out = {static_cast<char*>(p), p ? b->bytes : 0, true, b ? b->device : 0};
  if (p) {
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
  cuda::set_out_of_memory_hook(collect_garbage);
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
  EXPORT("copyPeer", CopyPeer);
  EXPORT("memoryStats", MemoryStats);
  EXPORT("emptyCache", EmptyCache);
  EXPORT("resetPeakMemoryStats", ResetPeakMemoryStats);
  EXPORT("memGetInfo", MemGetInfo);
  EXPORT("setAllowTf32", SetAllowTf32);
  EXPORT("setCudnnFlags", SetCudnnFlags);
  EXPORT("cudnnVersion", CudnnVersion);
#undef EXPORT
  exports.Set("cuda", c);
}

}  // namespace tensile
