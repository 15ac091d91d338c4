// Host memory for large tensors: 64-byte aligned blocks recycled through a size-keyed cache, so
// a training loop that frees and reallocates the same large buffers does not pay for fresh
// pages (page faults) every step. Small tensors use V8's own ArrayBuffer allocator instead.
#pragma once
#include <cstddef>
#include <cstdint>

namespace tensile {

void* host_alloc(size_t bytes);
void host_free(void* p, size_t bytes);
size_t host_cached_bytes();
void host_empty_cache();

}  // namespace tensile
