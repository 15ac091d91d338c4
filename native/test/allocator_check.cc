// The host allocator's block cache (src/allocator.cc): reuse by exact size, most recent first; a
// full cache evicting its longest-unused blocks rather than refusing new sizes; blocks too big to
// cache freed at once. Output in check_report.h's format.
#include "../src/allocator.h"

#include <cstring>
#include <vector>

#include "check_report.h"

using namespace tensile;

int main() {
  constexpr size_t MiB = size_t(1) << 20;
  host_empty_cache();
  check::report(host_cached_bytes() == 0, "an emptied cache holds nothing", "bytes still cached");

  // a freed block comes back for the same size, the most recently freed first
  void* a = host_alloc(3 * MiB);
  void* b = host_alloc(3 * MiB);
  check::report(a && b && a != b, "two live blocks are distinct", "same or null");
  std::memset(a, 1, 3 * MiB);
  host_free(a, 3 * MiB);
  host_free(b, 3 * MiB);
  check::report(host_cached_bytes() == 6 * MiB, "freed blocks are cached", "wrong cached total");
  check::report(host_alloc(3 * MiB) == b, "the most recently freed block of a size is reused first", "another block");
  check::report(host_alloc(3 * MiB) == a, "then the older one", "another block");
  check::report(host_cached_bytes() == 0, "reused blocks leave the cache", "wrong cached total");
  host_free(a, 3 * MiB);
  void* c = host_alloc(5 * MiB);
  check::report(c != a && host_cached_bytes() == 3 * MiB, "another size gets a block of its own, not a cached one",
                "a cached block of another size");
  host_free(b, 3 * MiB);
  host_free(c, 5 * MiB);

  // a cache filled by one phase's large blocks still takes the next phase's sizes
  host_empty_cache();
  std::vector<void*> big;
  for (int i = 0; i < 10; ++i) big.push_back(host_alloc(25 * MiB));
  for (void* p : big) host_free(p, 25 * MiB);
  check::report(host_cached_bytes() == 250 * MiB, "ten 25 MiB blocks fill the cache to 250 MiB", "wrong cached total");
  void* s1 = host_alloc(4 * MiB);
  void* s2 = host_alloc(4 * MiB);
  host_free(s1, 4 * MiB);
  host_free(s2, 4 * MiB);  // 258 MiB would pass the 256 MiB cap: the oldest 25 MiB block goes
  check::report(host_cached_bytes() == 233 * MiB, "past the cap the longest-unused block is evicted, the new one kept",
                "the new block was not cached, or the wrong one evicted");
  check::report(host_alloc(4 * MiB) == s2 && host_alloc(4 * MiB) == s1, "the new size's blocks are reused",
                "a 4 MiB block was not reused");
  host_free(s1, 4 * MiB);
  host_free(s2, 4 * MiB);

  // a block larger than the whole cache is not cached
  const size_t before = host_cached_bytes();
  void* huge = host_alloc(300 * MiB);
  host_free(huge, 300 * MiB);
  check::report(host_cached_bytes() == before, "a block larger than the cache goes straight back", "it was cached");

  host_empty_cache();
  check::report(host_cached_bytes() == 0, "emptying frees every cached block", "bytes still cached");
  return check::finish();
}
