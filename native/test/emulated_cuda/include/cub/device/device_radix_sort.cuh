// Stand-in for CUB's cub::DeviceRadixSort in the emulated (host-only) CUDA build: SortPairs as a
// stable ascending sort of unsigned keys on bits [begin_bit, end_bit), run at once on the host,
// with CUB's two-call protocol for temporary storage.
#pragma once
#include <cuda_runtime.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <type_traits>
#include <vector>

namespace cub {
namespace emulated_detail {

// What the emulation asks for: one byte per item and a byte more, so that a caller sizing temp
// storage from another call's num_items is caught (cudaErrorInvalidValue), as it could be on a GPU.
inline size_t temp_bytes_for(int64_t num_items) { return static_cast<size_t>(std::max<int64_t>(num_items, 0)) + 1; }

// Stable ascending order of keys[0, n) by key(k), carried to the values.
template <typename K, typename V, typename KeyFn>
void sort_pairs(const K* keys_in, K* keys_out, const V* values_in, V* values_out, int64_t n, KeyFn key) {
  std::vector<int64_t> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), int64_t(0));
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return key(keys_in[a]) < key(keys_in[b]); });
  std::vector<K> k(static_cast<size_t>(n));
  std::vector<V> v(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    k[i] = keys_in[order[i]];
    v[i] = values_in[order[i]];
  }
  std::copy(k.begin(), k.end(), keys_out);  // through copies: outputs may overlap the inputs
  std::copy(v.begin(), v.end(), values_out);
}

}  // namespace emulated_detail

struct DeviceRadixSort {
  // With d_temp_storage null, only sets temp_storage_bytes; otherwise sorts (keys, values) pairs.
  template <typename KeyT, typename ValueT, typename NumItemsT>
  static cudaError_t SortPairs(void* d_temp_storage, size_t& temp_storage_bytes, const KeyT* d_keys_in, KeyT* d_keys_out,
                               const ValueT* d_values_in, ValueT* d_values_out, NumItemsT num_items, int begin_bit = 0,
                               int end_bit = sizeof(KeyT) * 8, cudaStream_t stream = 0) {
    static_assert(std::is_integral_v<KeyT> && std::is_unsigned_v<KeyT> && !std::is_same_v<KeyT, bool>,
                  "the emulated radix sort takes unsigned integer keys only");
    (void)stream;
    const int64_t n = static_cast<int64_t>(num_items);
    if (!d_temp_storage) {
      temp_storage_bytes = emulated_detail::temp_bytes_for(n);
      return cudaSuccess;
    }
    if (temp_storage_bytes < emulated_detail::temp_bytes_for(n) || begin_bit < 0 || end_bit > int(sizeof(KeyT) * 8) ||
        begin_bit > end_bit)
      return cudaErrorInvalidValue;
    const int width = end_bit - begin_bit;
    const uint64_t mask = width >= 64 ? ~uint64_t(0) : (uint64_t(1) << width) - 1;
    emulated_detail::sort_pairs(d_keys_in, d_keys_out, d_values_in, d_values_out, n, [&](KeyT k) {
      return width == 0 ? uint64_t(0) : (static_cast<uint64_t>(k) >> begin_bit) & mask;
    });
    return cudaSuccess;
  }
};

}  // namespace cub
