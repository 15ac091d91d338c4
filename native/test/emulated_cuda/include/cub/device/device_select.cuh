// Stand-in for CUB's cub::DeviceSelect in the emulated (host-only) CUDA build: Flagged copies the
// items whose flag is nonzero, in order, and stores their count, on the host, with CUB's
// two-call protocol for temporary storage.
#pragma once
#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>

#include "device_radix_sort.cuh"

namespace cub {

struct DeviceSelect {
  // With d_temp_storage null, only sets temp_storage_bytes.
  template <typename InputIteratorT, typename FlagIterator, typename OutputIteratorT, typename NumSelectedIteratorT,
            typename NumItemsT>
  static cudaError_t Flagged(void* d_temp_storage, size_t& temp_storage_bytes, InputIteratorT d_in, FlagIterator d_flags,
                             OutputIteratorT d_out, NumSelectedIteratorT d_num_selected_out, NumItemsT num_items,
                             cudaStream_t stream = 0) {
    (void)stream;
    const int64_t n = static_cast<int64_t>(num_items);
    if (!d_temp_storage) {
      temp_storage_bytes = emulated_detail::temp_bytes_for(n);
      return cudaSuccess;
    }
    if (temp_storage_bytes < emulated_detail::temp_bytes_for(n)) return cudaErrorInvalidValue;
    int64_t selected = 0;
    for (int64_t i = 0; i < n; ++i)
      if (d_flags[i]) d_out[selected++] = d_in[i];
    *d_num_selected_out = selected;
    return cudaSuccess;
  }
};

}  // namespace cub
