#include "allocator.h"

#include <sys/mman.h>

#include <cstdlib>
#include <map>
#include <mutex>
#include <new>
#include <vector>

namespace tensile {
namespace {

constexpr size_t kAlign = 64;
constexpr size_t kHugePage = size_t(2) << 20;
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
  // Large blocks are 2 MiB aligned and marked for transparent huge pages: first-touch page
  // faults then cost one fault per 2 MiB instead of one per 4 KiB, which otherwise dominates
  // an elementwise op writing a fresh 64 MB output.
  const size_t align = bytes >= kHugePage ? kHugePage : kAlign;
  const size_t rounded = (bytes + align - 1) / align * align;
  void* p = std::aligned_alloc(align, rounded);
  if (!p) {
    host_empty_cache();
    p = std::aligned_alloc(align, rounded);
  }
#ifdef MADV_HUGEPAGE
  if (p && align == kHugePage) madvise(p, rounded, MADV_HUGEPAGE);
#endif
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
