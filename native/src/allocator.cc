#include "allocator.h"

#include <cstdlib>
#include <map>
#include <mutex>
#include <new>
#include <vector>

namespace tensile {
namespace {

constexpr size_t kAlign = 64;
constexpr size_t kMaxCached = size_t(256) << 20;  // beyond this, freed blocks go back to the OS

std::mutex mu;
std::map<size_t, std::vector<void*>> cache;
size_t cached = 0;

}  // namespace

void* host_alloc(size_t bytes) {
  {
    std::lock_guard<std::mutex> lk(mu);
    auto it = cache.find(bytes);
    if (it != cache.end() && !it->second.empty()) {
      void* p = it->second.back();
      it->second.pop_back();
      cached -= bytes;
      return p;
    }
  }
  void* p = std::aligned_alloc(kAlign, (bytes + kAlign - 1) / kAlign * kAlign);
  if (!p) {
    host_empty_cache();
    p = std::aligned_alloc(kAlign, (bytes + kAlign - 1) / kAlign * kAlign);
  }
  return p;
}

void host_free(void* p, size_t bytes) {
  std::lock_guard<std::mutex> lk(mu);
  if (cached + bytes <= kMaxCached) {
    cache[bytes].push_back(p);
    cached += bytes;
  } else {
    std::free(p);
  }
}

size_t host_cached_bytes() {
  std::lock_guard<std::mutex> lk(mu);
  return cached;
}

void host_empty_cache() {
  std::lock_guard<std::mutex> lk(mu);
  for (auto& kv : cache)
    for (void* p : kv.second) std::free(p);
  cache.clear();
  cached = 0;
}

}  // namespace tensile
