// Helpers shared by the addon's N-API entry files: the metadata block TypeScript fills before
// each call, buffer and extent validation, and the exception guard around every entry.
#pragma once
#include <napi.h>

#include <cmath>
#include <cstring>
#include <initializer_list>
#include <string>

#include "dtype.h"
#include "strided.h"
#ifdef TENSILE_WITH_CUDA
#include "cuda/api.h"
// CUDA_OR_THROW(call): the CUDA kernel, in a CUDA build, for an entry whose buffers are device
// memory; a CPU-only build never sees device buffers.
#define CUDA_OR_THROW(call) call
#else
#define CUDA_OR_THROW(call) throw Error("internal error: CUDA buffer in a CPU-only build")
#endif

namespace tensile {

extern thread_local double* g_meta;
extern thread_local size_t g_meta_len;

struct Buf {
  char* data;
  size_t len;
  bool device = false;  // CUDA memory (only in a CUDA build): kernels must not touch it from the host
  int ordinal = -1;     // which GPU holds it
};

// A CUDA storage arrives as an external tagged as such (cuda_binding.cc); data is null once
// the storage was freed. Returns false for anything else, and always in a CPU-only build.
// Fetching a live one makes its GPU current until the entry returns (EntryDevice), so the
// kernels queue on that GPU's stream.
#ifdef TENSILE_WITH_CUDA
bool get_device_buf(napi_env env, napi_value v, Buf& out);
// The device that was current before an entry switched to its buffers' GPU (-1: none).
extern thread_local int g_entry_prev_device;
struct EntryDevice {
  ~EntryDevice() {
    if (g_entry_prev_device < 0) return;
    const int prev = g_entry_prev_device;
    g_entry_prev_device = -1;
    try {
      cuda::set_device(prev);
    } catch (...) {  // nothing sensible to report from here
    }
  }
};
#else
inline bool get_device_buf(napi_env, napi_value, Buf&) { return false; }
struct EntryDevice {};
#endif

// PyTorch's words for operands on two devices.
inline std::string device_label(const Buf& b) { return b.device ? "cuda:" + std::to_string(b.ordinal) : "cpu"; }
inline void check_same_device(const Buf& a, const Buf& b) {
  if (a.device != b.device || a.ordinal != b.ordinal)
    throw Error("Expected all tensors to be on the same device, but found at least two devices, " + device_label(a) +
                " and " + device_label(b) + "!");
}

// A storage arrives as a Uint8Array over its bytes (small storages share one ArrayBuffer, a
// "slab", so a view is what delimits them); a plain ArrayBuffer is accepted too; with
// allow_device, a CUDA storage as well (entries that dispatch on Buf::device).
inline Buf get_buf(const Napi::CallbackInfo& info, size_t i, const char* what, bool allow_device = false) {
  if (i >= info.Length()) throw Error(std::string("internal error: missing ") + what);
  napi_value v = info[i];
  napi_env env = info.Env();
  {
    Buf d{nullptr, 0, true};
    if (get_device_buf(env, v, d)) {
      if (!allow_device)
        throw Error("Could not run this operation with arguments from the 'CUDA' backend: it has no CUDA kernel yet");
      if (!d.data) throw Error("Cannot use a tensor whose storage has been freed (the tensor was disposed)");
      return d;
    }
  }
  bool is_typed = false;
  napi_is_typedarray(env, v, &is_typed);
  Buf b{nullptr, 0};
  if (is_typed) {
    napi_typedarray_type type;
    size_t length = 0;
    void* data = nullptr;
    napi_value ab;
    size_t offset = 0;
    if (napi_get_typedarray_info(env, v, &type, &length, &data, &ab, &offset) != napi_ok || type != napi_uint8_array)
      throw Error(std::string("internal error: ") + what + " is not a byte view");
    b = {static_cast<char*>(data), length};
    if (length == 0) {
      bool detached = false;
      napi_is_detached_arraybuffer(env, ab, &detached);
      if (detached) throw Error("Cannot use a tensor whose storage has been freed (the tensor was disposed)");
    }
  } else if (info[i].IsArrayBuffer()) {
    auto abuf = info[i].As<Napi::ArrayBuffer>();
    if (abuf.ByteLength() == 0 && abuf.IsDetached())
      throw Error("Cannot use a tensor whose storage has been freed (the tensor was disposed)");
    b = {static_cast<char*>(abuf.Data()), abuf.ByteLength()};
  } else {
    throw Error(std::string("internal error: ") + what + " is not a buffer");
  }
  if (b.data == nullptr && b.len == 0) b.data = reinterpret_cast<char*>(&g_meta_len);  // empty: any non-null base
  return b;
}

// The buffers of one entry that has device kernels: get() accepts device memory, and all of
// them must live in the same place (mixing throws; the TypeScript layer reports PyTorch's
// "Expected all tensors to be on the same device" first). device(): they are on the GPU.
struct DeviceBufs {
  const Napi::CallbackInfo& info;
  bool any = false;
  Buf first{nullptr, 0};
  Buf get(size_t i, const char* what) {
    Buf b = get_buf(info, i, what, true);
    if (any) check_same_device(first, b);
    else first = b, any = true;
    return b;
  }
  bool device() const { return any && first.device; }
};

// A scalar's bytes standing in for an operand of an entry whose output is `like`: placed on
// like's device, so the same-device check passes (device kernels take the value itself, never
// this host pointer).
inline Buf scalar_buf(char* bytes, const Buf& like) { return {bytes, 8, like.device, like.ordinal}; }

// The same check over buffers already fetched (entries that also build scalar buffers).
inline bool on_device(std::initializer_list<const Buf*> bufs) {
  const Buf* first = nullptr;
  for (const Buf* b : bufs) {
    if (!b) continue;
    if (first) check_same_device(*first, *b);
    else first = b;
  }
  return first && first->device;
}

inline bool is_absent(const Napi::CallbackInfo& info, size_t i) {
  return i >= info.Length() || info[i].IsUndefined() || info[i].IsNull();
}

inline const double* meta(size_t needed) {
  if (g_meta == nullptr) throw Error("internal error: addon not initialised");
  if (needed > g_meta_len) throw Error("internal error: metadata block too small");
  return g_meta;
}

inline DType get_dtype(double code) {
  if (!(code >= 0 && code < static_cast<double>(DType::Count)) || code != std::floor(code))
    throw Error("internal error: invalid dtype code");
  return static_cast<DType>(static_cast<int>(code));
}

inline int64_t get_int(double v, const char* what) {
  if (!(std::fabs(v) < 9.0e15) || v != std::floor(v)) throw Error(std::string("internal error: invalid ") + what);
  return static_cast<int64_t>(v);
}

inline int64_t get_count(double v, const char* what) {
  int64_t n = get_int(v, what);
  if (n < 0) throw Error(std::string("internal error: negative ") + what);
  return n;
}

// Checks that `count` elements of `item` bytes starting at element `offset` lie inside buf.
inline char* span(const Buf& b, int64_t offset, int64_t count, int item, const char* what) {
  if (offset < 0 || count < 0) throw Error(std::string("internal error: negative extent for ") + what);
  if (count == 0) return b.data + (static_cast<size_t>(offset) * item <= b.len ? offset * item : 0);
  unsigned __int128 end = (static_cast<unsigned __int128>(offset) + static_cast<unsigned __int128>(count)) * item;
  if (end > b.len) throw Error(std::string("internal error: ") + what + " extends past its storage (was the tensor disposed?)");
  return b.data + offset * item;
}

// Reads a strided loop description at meta[pos] and checks each operand's reach.
template <int NT>
StridedLoop<NT> loop_from_meta(size_t pos, const std::array<Buf, NT>& bufs, const std::array<int, NT>& sizes) {
  const double* m = meta(pos + 1);
  int ndim = static_cast<int>(get_count(m[pos], "ndim"));
  if (ndim > kMaxDims) throw Error("tensors with more than 16 dimensions are not supported");
  meta(pos + 1 + ndim + NT * (ndim + 1));
  StridedLoop<NT> loop;
  loop.ndim = ndim;
  size_t p = pos + 1;
  int64_t numel = 1;
  for (int d = 0; d < ndim; ++d) {
    loop.shape[d] = get_count(m[p++], "size");
    numel *= loop.shape[d];
    if (numel > (int64_t(1) << 50)) throw Error("internal error: tensor too large");
  }
  for (int k = 0; k < NT; ++k) {
    int64_t offset = get_count(m[p++], "offset");
    unsigned __int128 reach = static_cast<unsigned __int128>(offset);
    for (int d = 0; d < ndim; ++d) {
      int64_t st = get_count(m[p++], "stride");
      loop.ops[k].strides[d] = st * sizes[k];
      if (loop.shape[d] > 0) reach += static_cast<unsigned __int128>(loop.shape[d] - 1) * st;
    }
    if (numel > 0 && (reach + 1) * sizes[k] > bufs[k].len)
      throw Error("internal error: operand extends past its storage (was the tensor disposed?)");
    loop.ops[k].data = bufs[k].data + offset * sizes[k];
  }
  loop.coalesce();
  return loop;
}

// Wraps a kernel entry so C++ exceptions surface as JavaScript Errors with the kernel's message.
template <Napi::Value (*F)(const Napi::CallbackInfo&)>
Napi::Value Guard(const Napi::CallbackInfo& info) {
  [[maybe_unused]] EntryDevice restore;  // the caller's current GPU, after an entry that switched to its buffers'
  try {
    return F(info);
  } catch (const Napi::Error&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw Napi::Error::New(info.Env(), "DefaultCPUAllocator: not enough memory");
  } catch (const std::exception& e) {
    throw Napi::Error::New(info.Env(), e.what());
  }
}


}  // namespace tensile
