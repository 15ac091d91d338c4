// Stand-in for CUB's cub::DeviceSegmentedSort in the emulated (host-only) CUDA build:
// StableSortPairs sorts each segment [begin_offsets[s], end_offsets[s]) of (key, value) pairs
// stably by ascending key, on the host, with CUB's two-call protocol for temporary storage.
#pragma once
#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "device_radix_sort.cuh"

namespace cub {

struct DeviceSegmentedSort {
  // With d_temp_storage null, only sets temp_storage_bytes. Items outside every segment are left as they are.
  template <typename KeyT, typename ValueT, typename NumItemsT, typename NumSegmentsT, typename BeginOffsetIteratorT,
            typename EndOffsetIteratorT>
  static cudaError_t StableSortPairs(void* d_temp_storage, size_t& temp_storage_bytes, const KeyT* d_keys_in,
                                     KeyT* d_keys_out, const ValueT* d_values_in, ValueT* d_values_out, NumItemsT num_items,
                                     NumSegmentsT num_segments, BeginOffsetIteratorT d_begin_offsets,
                                     EndOffsetIteratorT d_end_offsets, cudaStream_t stream = 0) {
    static_assert(std::is_arithmetic_v<KeyT>, "the emulated segmented sort takes arithmetic keys");
    (void)stream;
    const int64_t n = static_cast<int64_t>(num_items), segments = static_cast<int64_t>(num_segments);
    if (!d_temp_storage) {
      temp_storage_bytes = emulated_detail::temp_bytes_for(n);
      return cudaSuccess;
    }
    if (temp_storage_bytes < emulated_detail::temp_bytes_for(n) || segments < 0) return cudaErrorInvalidValue;
    for (int64_t s = 0; s < segments; ++s) {
      const int64_t b = static_cast<int64_t>(d_begin_offsets[s]), e = static_cast<int64_t>(d_end_offsets[s]);
      if (e <= b) continue;  // an empty segment
      if (b < 0 || e > n) return cudaErrorInvalidValue;
      emulated_detail::sort_pairs(d_keys_in + b, d_keys_out + b, d_values_in + b, d_values_out + b, e - b,
                                  [](KeyT k) { return k; });
    }
    return cudaSuccess;
  }
};

}  // namespace cub
