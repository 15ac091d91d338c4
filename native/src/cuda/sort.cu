// Sorting, top-k and nonzero on the GPU, with cpu/sort.cc's and cpu/index.cc's results.
// sort / topk: every element becomes an unsigned radix key whose order is the CPU comparator's
// (NaN above +inf and all NaNs equal, -0 equal to +0; descending is the complemented key, so
// ties keep their index order either way) and CUB's stable segmented sort orders each row's
// (key, index) pairs; the first `keep` of each row are then gathered. nonzero: a count, read
// back to the host (the caller sizes its output from it), then CUB's flagged selection of the
// row-major positions, turned into coordinates.
#include <cub/device/device_radix_sort.cuh>
#include <cub/device/device_segmented_sort.cuh>
#include <cub/device/device_select.cuh>
#include <thrust/iterator/counting_iterator.h>

#include <algorithm>
#include <type_traits>

#include "api.h"
#include "common.cuh"

namespace tensile::cuda {
namespace {

// ---- sort keys: K is the unsigned type of T's width; key(x) orders as nan_aware_less does.
template <typename T> struct KeyOf;
template <> struct KeyOf<float> {
  using K = uint32_t;
  static __device__ K key(float x) {
    if (x != x) return 0xFFFFFFFFu;  // every NaN: one key above +inf
    if (x == 0.f) x = 0.f;           // -0 ties with +0
    const K u = __float_as_uint(x);
    return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
  }
};
template <> struct KeyOf<double> {
  using K = uint64_t;
  static __device__ K key(double x) {
    if (x != x) return ~K(0);
    if (x == 0.0) x = 0.0;
    const K u = static_cast<K>(__double_as_longlong(x));
    return (u >> 63) ? ~u : (u | (K(1) << 63));
  }
};
// The half types from their bits: NaN has all exponent bits and a nonzero mantissa.
__device__ __forceinline__ uint16_t half_key(uint16_t b, uint16_t inf_bits) {
  if ((b & 0x7FFFu) > inf_bits) return 0xFFFFu;
  if ((b & 0x7FFFu) == 0) b = 0;
  return (b & 0x8000u) ? static_cast<uint16_t>(~b) : static_cast<uint16_t>(b | 0x8000u);
}
template <> struct KeyOf<__half> {
  using K = uint16_t;
  static __device__ K key(__half x) { return half_key(__half_as_ushort(x), 0x7C00u); }
};
template <> struct KeyOf<__nv_bfloat16> {
  using K = uint16_t;
  static __device__ K key(__nv_bfloat16 x) { return half_key(__bfloat16_as_ushort(x), 0x7F80u); }
};
template <> struct KeyOf<int8_t> {
  using K = uint8_t;
  static __device__ K key(int8_t x) { return static_cast<K>(static_cast<K>(x) ^ 0x80u); }
};
template <> struct KeyOf<uint8_t> {
  using K = uint8_t;
  static __device__ K key(uint8_t x) { return x; }
};
template <> struct KeyOf<int16_t> {
  using K = uint16_t;
  static __device__ K key(int16_t x) { return static_cast<K>(static_cast<K>(x) ^ 0x8000u); }
};
template <> struct KeyOf<int32_t> {
  using K = uint32_t;
  static __device__ K key(int32_t x) { return static_cast<K>(x) ^ 0x80000000u; }
};
template <> struct KeyOf<int64_t> {
  using K = uint64_t;
  static __device__ K key(int64_t x) { return static_cast<K>(x) ^ (K(1) << 63); }
};
template <> struct KeyOf<bool> {
  using K = uint8_t;
  static __device__ K key(bool x) { return x ? 1 : 0; }
};

// keys[i] and the position of i in its row; descending complements the key.
template <typename T>
__global__ void make_keys_kernel(const T* a, int64_t n, int64_t len, bool descending, typename KeyOf<T>::K* keys,
                                 int64_t* pos) {
  using K = typename KeyOf<T>::K;
  GRID_STRIDE(i, n) {
    const K k = KeyOf<T>::key(a[i]);
    keys[i] = descending ? static_cast<K>(~k) : k;
    pos[i] = i % len;
  }
}

__global__ void row_offsets_kernel(int64_t* offsets, int64_t rows, int64_t len) {
  GRID_STRIDE(r, rows + 1) offsets[r] = r * len;
}

// The first keep of each sorted row: values from the input at the sorted positions.
template <typename T>
__global__ void gather_rows_kernel(const T* a, const int64_t* order, int64_t rows, int64_t len, int64_t keep, T* values,
                                   int64_t* indices) {
  GRID_STRIDE(j, rows * keep) {
    const int64_t r = j / keep, c = j % keep;
    const int64_t p = order[r * len + c];
    values[j] = a[r * len + p];
    indices[j] = p;
  }
}

// A device buffer for the length of one call (released in stream order).
struct Scratch {
  void* p = nullptr;
  explicit Scratch(size_t bytes) : p(alloc(std::max<size_t>(bytes, 1))) {}
  ~Scratch() { release(p); }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  template <typename P> P* as() const { return static_cast<P*>(p); }
};

// Rows at least this long, when fewer than kFewRows of them, sort one by one device-wide.
constexpr int64_t kLongRow = 1 << 15, kFewRows = 128;

// Rows sorted by (key, index), stably; the first keep of each go to values and indices.
void ordered_rows(DType dt, const char* in, int64_t rows, int64_t len, int64_t keep, bool descending, char* values,
                  int64_t* indices) {
  const int64_t n = rows * len;
  if (n == 0 || keep == 0) return;
  dispatch_all(dt, "sort", [&](auto tag) {
    using T = decltype(tag);
    using K = typename KeyOf<T>::K;
    const T* a = reinterpret_cast<const T*>(in);
    Scratch keys_in(n * sizeof(K)), keys_out(n * sizeof(K)), pos_in(n * 8), pos_out(n * 8), offsets((rows + 1) * 8);
    make_keys_kernel<T><<<blocks_for(n), kThreads, 0, stream()>>>(a, n, len, descending, keys_in.as<K>(), pos_in.as<int64_t>());
    TENSILE_CUDA_LAUNCHED();
    row_offsets_kernel<<<blocks_for(rows + 1), kThreads, 0, stream()>>>(offsets.as<int64_t>(), rows, len);
    TENSILE_CUDA_LAUNCHED();
    const int64_t* begin = offsets.as<int64_t>();
    size_t temp_bytes = 0;
    if (len >= kLongRow && rows < kFewRows) {
      // A few long rows: CUB's segmented sort gives each segment one block, so each row gets a
      // device-wide (stable) radix sort of its own instead.
      TENSILE_CUDA_CHECK(cub::DeviceRadixSort::SortPairs(nullptr, temp_bytes, keys_in.as<K>(), keys_out.as<K>(),
                                                         pos_in.as<int64_t>(), pos_out.as<int64_t>(), len, 0,
                                                         int(sizeof(K) * 8), stream()));
      Scratch temp(temp_bytes);
      for (int64_t r = 0; r < rows; ++r)
        TENSILE_CUDA_CHECK(cub::DeviceRadixSort::SortPairs(temp.p, temp_bytes, keys_in.as<K>() + r * len,
                                                           keys_out.as<K>() + r * len, pos_in.as<int64_t>() + r * len,
                                                           pos_out.as<int64_t>() + r * len, len, 0, int(sizeof(K) * 8),
                                                           stream()));
    } else {
      TENSILE_CUDA_CHECK(cub::DeviceSegmentedSort::StableSortPairs(nullptr, temp_bytes, keys_in.as<K>(), keys_out.as<K>(),
                                                                   pos_in.as<int64_t>(), pos_out.as<int64_t>(), n, rows,
                                                                   begin, begin + 1, stream()));
      Scratch temp(temp_bytes);
      TENSILE_CUDA_CHECK(cub::DeviceSegmentedSort::StableSortPairs(temp.p, temp_bytes, keys_in.as<K>(), keys_out.as<K>(),
                                                                   pos_in.as<int64_t>(), pos_out.as<int64_t>(), n, rows,
                                                                   begin, begin + 1, stream()));
    }
    gather_rows_kernel<T><<<blocks_for(rows * keep), kThreads, 0, stream()>>>(a, pos_out.as<int64_t>(), rows, len, keep,
                                                                             reinterpret_cast<T*>(values), indices);
    TENSILE_CUDA_LAUNCHED();
  });
}

// ---- nonzero: the strided input in its original dims (element strides), row-major positions.
struct NzGeom {
  int ndim;
  int64_t numel;
  int64_t shape[kMaxDims];
  int64_t strides[kMaxDims];
  const char* data;
  __device__ __forceinline__ int64_t offset(int64_t i) const {
    int64_t off = 0;
    for (int d = ndim - 1; d >= 0; --d) {
      off += (i % shape[d]) * strides[d];
      i /= shape[d];
    }
    return off;
  }
};

template <typename T>
__device__ __forceinline__ bool is_nonzero(const NzGeom& g, int64_t i) {
  const auto v = load_acc(reinterpret_cast<const T*>(g.data)[g.offset(i)]);
  return v != decltype(v)(0);  // in the arithmetic type, as the CPU: -0 is zero, NaN is not
}

template <typename T>
__global__ void nonzero_count_kernel(NzGeom g, unsigned long long* count) {
  long long c = 0;
  GRID_STRIDE(i, g.numel) c += is_nonzero<T>(g, i) ? 1 : 0;
  c = block_sum(c);
  if (threadIdx.x == 0 && c) atomicAdd(count, static_cast<unsigned long long>(c));
}

template <typename T>
__global__ void nonzero_flags_kernel(NzGeom g, uint8_t* flags) {
  GRID_STRIDE(i, g.numel) flags[i] = is_nonzero<T>(g, i) ? 1 : 0;
}

// Row-major position -> coordinates, for the first n selected.
__global__ void coords_kernel(NzGeom g, const int64_t* positions, int64_t n, int64_t* out) {
  GRID_STRIDE(j, n) {
    int64_t p = positions[j];
    for (int d = g.ndim - 1; d >= 0; --d) {
      out[j * g.ndim + d] = p % g.shape[d];
      p /= g.shape[d];
    }
  }
}

}  // namespace

void sort(DType dt, const char* in, int64_t rows, int64_t len, bool descending, bool stable, char* values,
          int64_t* indices) {
  (void)stable;  // always stable, as the CPU's
  ordered_rows(dt, in, rows, len, len, descending, values, indices);
}

void topk(DType dt, const char* in, int64_t rows, int64_t len, int64_t k, bool largest, char* values,
          int64_t* indices) {
  ordered_rows(dt, in, rows, len, k, largest, values, indices);
}

int64_t nonzero(DType dt, const StridedLoop<1>& loop, int64_t* out, int64_t capacity) {
  NzGeom g{};
  g.ndim = loop.ndim;
  g.numel = loop.numel();
  const int sz = item_size(dt);
  for (int d = 0; d < loop.ndim; ++d) {
    g.shape[d] = loop.shape[d];
    g.strides[d] = loop.ops[0].strides[d] / sz;
  }
  g.data = loop.ops[0].data;
  if (g.numel == 0) return 0;
  int64_t count = 0;
  dispatch_all(dt, "nonzero", [&](auto tag) {
    using T = decltype(tag);
    Scratch d_count(sizeof(unsigned long long));
    TENSILE_CUDA_CHECK(cudaMemsetAsync(d_count.p, 0, sizeof(unsigned long long), stream()));
    nonzero_count_kernel<T><<<blocks_for(g.numel), kThreads, 0, stream()>>>(g, d_count.as<unsigned long long>());
    TENSILE_CUDA_LAUNCHED();
    unsigned long long c = 0;
    copy_to_host(&c, d_count.p, sizeof c);
    count = static_cast<int64_t>(c);
    const int64_t n_out = std::min(count, capacity);
    if (n_out == 0 || g.ndim == 0) return;  // a 0-d input has no coordinates to write
    Scratch flags(g.numel), positions(count * 8), d_selected(8);
    nonzero_flags_kernel<T><<<blocks_for(g.numel), kThreads, 0, stream()>>>(g, flags.as<uint8_t>());
    TENSILE_CUDA_LAUNCHED();
    thrust::counting_iterator<int64_t> first(0);
    size_t temp_bytes = 0;
    TENSILE_CUDA_CHECK(cub::DeviceSelect::Flagged(nullptr, temp_bytes, first, flags.as<uint8_t>(), positions.as<int64_t>(),
                                                  d_selected.as<int64_t>(), g.numel, stream()));
    Scratch temp(temp_bytes);
    TENSILE_CUDA_CHECK(cub::DeviceSelect::Flagged(temp.p, temp_bytes, first, flags.as<uint8_t>(), positions.as<int64_t>(),
                                                  d_selected.as<int64_t>(), g.numel, stream()));
    coords_kernel<<<blocks_for(n_out), kThreads, 0, stream()>>>(g, positions.as<int64_t>(), n_out, out);
    TENSILE_CUDA_LAUNCHED();
  });
  return count;
}

}  // namespace tensile::cuda
