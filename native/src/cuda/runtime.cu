// Devices, the stream per device, and the caching allocator.
//
// Allocator: cudaMalloc and cudaFree synchronise the device and cost tens of microseconds, so
// freed blocks are kept in a per-device cache keyed by (rounded) size and handed out again, as
// PyTorch's CUDACachingAllocator does. All work runs on one stream per device, so a block freed
// by the host can be reused by the next launch at once: stream order puts its new use after
// every queued use of its old one. When cudaMalloc fails the cache is emptied and the call
// retried, then garbage is collected (the binding's out-of-memory hook) and it is tried once
// more before reporting out-of-memory in PyTorch's words.
#include <map>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "api.h"
#include "common.cuh"

namespace tensile::cuda {
namespace {

struct DeviceState {
  cudaStream_t stream = nullptr;
  std::multimap<size_t, void*> free_blocks;   // size -> block
  struct Live {
    size_t size;  // the block's (cached) size
    size_t used;  // what the statistics count: the request rounded to 512 bytes, as PyTorch's block
  };
  std::unordered_map<void*, Live> live;
  int64_t allocated = 0, reserved = 0, max_allocated = 0;
  int64_t segments_allocated = 0, segments_freed = 0, alloc_retries = 0, ooms = 0;
};

std::mutex g_mutex;
std::vector<DeviceState>& devices() {
  static std::vector<DeviceState> d(static_cast<size_t>(device_count()));
  return d;
}

DeviceState& state(int dev) {
  auto& d = devices();
  if (dev < 0 || dev >= static_cast<int>(d.size())) throw Error("CUDA error: invalid device ordinal");
  return d[static_cast<size_t>(dev)];
}

// Small blocks round to 512 bytes, large ones to 2 MiB, so a reused block fits requests of
// nearby sizes (PyTorch rounds the same way).
size_t round_size(size_t n) {
  if (n < (size_t(1) << 20)) return (n + 511) & ~size_t(511);
  return (n + (size_t(2) << 20) - 1) & ~((size_t(2) << 20) - 1);
}

// PyTorch's format_size: bytes, KiB, MiB or GiB by magnitude, two decimals.
std::string format_size(int64_t b) {
  char s[64];
  const double d = static_cast<double>(b);
  if (b <= 1024) snprintf(s, sizeof s, "%lld bytes", static_cast<long long>(b));
  else if (b <= (int64_t(1) << 20)) snprintf(s, sizeof s, "%.2f KiB", d / 1024);
  else if (b <= (int64_t(1) << 30)) snprintf(s, sizeof s, "%.2f MiB", d / (1 << 20));
  else snprintf(s, sizeof s, "%.2f GiB", d / (1 << 30));
  return s;
}

void free_cached(DeviceState& s) {
  for (auto& [size, p] : s.free_blocks) {
    cudaFree(p);
    s.reserved -= static_cast<int64_t>(size);
    ++s.segments_freed;
  }
  s.free_blocks.clear();
}

}  // namespace

int device_count() {
  int n = 0;
  if (cudaGetDeviceCount(&n) != cudaSuccess) {
    cudaGetLastError();
    return 0;
  }
  return n;
}

std::string device_name(int device) {
  cudaDeviceProp p;
  TENSILE_CUDA_CHECK(cudaGetDeviceProperties(&p, device));
  return p.name;
}

size_t device_total_memory(int device) {
  cudaDeviceProp p;
  TENSILE_CUDA_CHECK(cudaGetDeviceProperties(&p, device));
  return p.totalGlobalMem;
}

int current_device() {
  int d = 0;
  TENSILE_CUDA_CHECK(cudaGetDevice(&d));
  return d;
}

void set_device(int device) {
  if (device < 0 || device >= device_count()) throw Error("CUDA error: invalid device ordinal");
  TENSILE_CUDA_CHECK(cudaSetDevice(device));
}

DeviceGuard::DeviceGuard(int device) : prev_(current_device()) {
  if (device != prev_) set_device(device);
}
DeviceGuard::~DeviceGuard() {
  int now = prev_;
  if (cudaGetDevice(&now) == cudaSuccess && now != prev_) cudaSetDevice(prev_);  // no throwing from a destructor
}

cudaStream_t stream() {
  const int dev = current_device();
  std::lock_guard<std::mutex> lock(g_mutex);
  DeviceState& s = state(dev);
  if (!s.stream) TENSILE_CUDA_CHECK(cudaStreamCreateWithFlags(&s.stream, cudaStreamNonBlocking));
  return s.stream;
}

void synchronize() { TENSILE_CUDA_CHECK(cudaDeviceSynchronize()); }

namespace {

void (*g_oom_hook)() = nullptr;

// A block of `size` bytes: from the cache, else from cudaMalloc, which is tried once more after
// the cache is emptied; null when the device has no room even then. Under g_mutex.
void* take_block(DeviceState& s, size_t size) {
  auto it = s.free_blocks.find(size);
  if (it != s.free_blocks.end()) {
    void* p = it->second;
    s.free_blocks.erase(it);
    return p;
  }
  void* p = nullptr;
  if (cudaMalloc(&p, size) != cudaSuccess) {
    ++s.alloc_retries;
    cudaGetLastError();
    cudaDeviceSynchronize();  // queued work may still use cached blocks (cudaFree waits too; say so)
    cudaGetLastError();
    free_cached(s);
    if (cudaMalloc(&p, size) != cudaSuccess) {
      cudaGetLastError();
      return nullptr;
    }
  }
  s.reserved += static_cast<int64_t>(size);
  ++s.segments_allocated;
  return p;
}

// PyTorch's out-of-memory message.
std::string out_of_memory(const DeviceState& s, int dev, size_t size) {
  size_t free_b = 0, total_b = 0;
  cudaMemGetInfo(&free_b, &total_b);
  cudaGetLastError();
  return "CUDA out of memory. Tried to allocate " + format_size(static_cast<int64_t>(size)) + " (GPU " + std::to_string(dev) +
         "; " + format_size(static_cast<int64_t>(total_b)) + " total capacity; " + format_size(s.allocated) +
         " already allocated; " + format_size(static_cast<int64_t>(free_b)) + " free; " + format_size(s.reserved) +
         " reserved in total by PyTorch) If reserved memory is >> allocated memory try setting max_split_size_mb to "
         "avoid fragmentation.  See documentation for Memory Management and PYTORCH_CUDA_ALLOC_CONF";
}

}  // namespace

void set_out_of_memory_hook(void (*hook)()) { g_oom_hook = hook; }

void* alloc(size_t bytes) {
  const int dev = current_device();
  const size_t size = round_size(bytes > 0 ? bytes : 1);
  const size_t used = ((bytes > 0 ? bytes : 1) + 511) & ~size_t(511);
  for (int attempt = 0;; ++attempt) {
    {
      std::lock_guard<std::mutex> lock(g_mutex);
      DeviceState& s = state(dev);
      if (void* p = take_block(s, size)) {
        s.live[p] = {size, used};
        s.allocated += static_cast<int64_t>(used);
        if (s.allocated > s.max_allocated) s.max_allocated = s.allocated;
        return p;
      }
      if (attempt > 0 || !g_oom_hook) {
        ++s.ooms;
        throw Error(out_of_memory(s, dev, size));
      }
    }
    g_oom_hook();  // outside the lock: the collector's frees come back through release()
  }
}

void release(void* p) {
  if (!p) return;
  std::lock_guard<std::mutex> lock(g_mutex);
  for (auto& s : devices()) {
    auto it = s.live.find(p);
    if (it == s.live.end()) continue;
    s.allocated -= static_cast<int64_t>(it->second.used);
    s.free_blocks.emplace(it->second.size, p);
    s.live.erase(it);
    return;
  }
}

MemoryStats memory_stats() {
  const int dev = current_device();
  std::lock_guard<std::mutex> lock(g_mutex);
  const DeviceState& s = state(dev);
  return {s.allocated, s.reserved, s.max_allocated, s.segments_allocated, s.segments_freed, s.alloc_retries, s.ooms};
}

void empty_cache() {
  std::lock_guard<std::mutex> lock(g_mutex);
  auto& d = devices();
  for (size_t i = 0; i < d.size(); ++i) {
    if (d[i].free_blocks.empty()) continue;
    // each GPU's own queue: cudaFree of a block still in use by queued work is undefined
    DeviceGuard on(static_cast<int>(i));
    synchronize();
    free_cached(d[i]);
  }
}

std::pair<size_t, size_t> mem_get_info() {
  size_t free_b = 0, total_b = 0;
  TENSILE_CUDA_CHECK(cudaMemGetInfo(&free_b, &total_b));
  return {free_b, total_b};
}

void reset_peak_memory_stats() {
  const int dev = current_device();
  std::lock_guard<std::mutex> lock(g_mutex);
  DeviceState& s = state(dev);
  s.max_allocated = s.allocated;
}

void copy_to_device(void* dst, const void* src, size_t bytes) {
  if (bytes == 0) return;
  cudaStream_t st = stream();
  TENSILE_CUDA_CHECK(cudaMemcpyAsync(dst, src, bytes, cudaMemcpyHostToDevice, st));
  // the source is pageable host memory the caller may free or change once we return
  TENSILE_CUDA_CHECK(cudaStreamSynchronize(st));
}

void copy_to_host(void* dst, const void* src, size_t bytes) {
  if (bytes == 0) return;
  cudaStream_t st = stream();
  TENSILE_CUDA_CHECK(cudaMemcpyAsync(dst, src, bytes, cudaMemcpyDeviceToHost, st));
  TENSILE_CUDA_CHECK(cudaStreamSynchronize(st));
}

void copy_on_device(void* dst, const void* src, size_t bytes) {
  if (bytes == 0) return;
  TENSILE_CUDA_CHECK(cudaMemcpyAsync(dst, src, bytes, cudaMemcpyDeviceToDevice, stream()));
}

void copy_peer(void* dst, int dst_device, const void* src, int src_device, size_t bytes) {
  if (bytes == 0) return;
  {
    DeviceGuard on(src_device);  // the source's queued writes land first
    TENSILE_CUDA_CHECK(cudaStreamSynchronize(stream()));
  }
  DeviceGuard on(dst_device);  // after the destination's queued uses of its block
  cudaStream_t st = stream();
  TENSILE_CUDA_CHECK(cudaMemcpyPeerAsync(dst, dst_device, src, src_device, bytes, st));
  // once this returns the source block may go back to its GPU's cache and be rewritten there
  TENSILE_CUDA_CHECK(cudaStreamSynchronize(st));
}

}  // namespace tensile::cuda
