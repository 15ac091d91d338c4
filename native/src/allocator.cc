#include "allocator.h"

#include <cstdlib>
#include <list>
#include <map>
#include <mutex>
#include <new>
#include <utility>

namespace tensile {
namespace {

constexpr size_t kAlign = 64;
constexpr size_t kMaxCached = size_t(256) << 20;  // what the cache may hold; past it the oldest blocks go back to the OS

// Cached blocks in the order they were freed (front: the longest unused), and the same blocks by
// size, each size's in that order too. A full cache evicts from the front: when a program moves
// on to tensors of other sizes (another model, another phase), the blocks of the sizes it no
// longer asks for make room, rather than the cache refusing the new sizes for good.
using Block = std::pair<size_t, void*>;
std::mutex mu;
std::list<Block> lru;
std::map<size_t, std::list<std::list<Block>::iterator>> by_size;
size_t cached = 0;

// Under mu: takes the newest (`newest`) or the oldest cached block of the size list `s` out of
// both indexes, without freeing it.
void* unlink(std::map<size_t, std::list<std::list<Block>::iterator>>::iterator s, bool newest) {
  const auto it = newest ? s->second.back() : s->second.front();
  if (newest) s->second.pop_back();
  else s->second.pop_front();
  if (s->second.empty()) by_size.erase(s);
  void* p = it->second;
  cached -= it->first;
  lru.erase(it);
  return p;
}

}  // namespace

void* host_alloc(size_t bytes) {
  {
    std::lock_guard<std::mutex> lk(mu);
    auto s = by_size.find(bytes);
    if (s != by_size.end()) return unlink(s, true);  // the most recently freed of this size
  }
  void* p = std::aligned_alloc(kAlign, (bytes + kAlign - 1) / kAlign * kAlign);
  if (!p) {
    host_empty_cache();
    p = std::aligned_alloc(kAlign, (bytes + kAlign - 1) / kAlign * kAlign);
  }
  return p;
}

void host_free(void* p, size_t bytes) {
  if (bytes > kMaxCached) {
    std::free(p);
    return;
  }
  std::lock_guard<std::mutex> lk(mu);
  // the oldest block overall is the oldest of its size
  while (cached + bytes > kMaxCached) std::free(unlink(by_size.find(lru.front().first), false));
  lru.emplace_back(bytes, p);
  by_size[bytes].push_back(std::prev(lru.end()));
  cached += bytes;
}

size_t host_cached_bytes() {
  std::lock_guard<std::mutex> lk(mu);
  return cached;
}

void host_empty_cache() {
  std::lock_guard<std::mutex> lk(mu);
  for (const Block& b : lru) std::free(b.second);
  lru.clear();
  by_size.clear();
  cached = 0;
}

}  // namespace tensile
