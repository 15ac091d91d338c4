// Convolutions through cuDNN's convolution API (see cudnn.cuh), as PyTorch's default
// (non-benchmark) path runs them: descriptors in NCHW / NCDHW, the algorithm cuDNN's heuristics
// rank first among those whose workspace can be allocated, float32 on FMA units unless
// torch.backends.cudnn.allowTf32 (PyTorch's CUDNN_FMA_MATH), half types on tensor cores with
// float accumulation. Descriptors and the chosen algorithm are cached per convolution shape.
#include <climits>
#include <map>
#include <mutex>
#include <tuple>
#include <vector>

#include "api.h"
#include "common.cuh"
#include "cudnn.cuh"

#ifdef TENSILE_WITH_CUDNN
#include <cudnn.h>
#endif

namespace tensile::cuda {
namespace {
bool g_enabled = true;
bool g_allow_tf32 = true;  // PyTorch's default for cuDNN (unlike matmul's)
}  // namespace

void set_cudnn_flags(bool enabled, bool allow_tf32) {
  g_enabled = enabled;
  g_allow_tf32 = allow_tf32;
}

#ifndef TENSILE_WITH_CUDNN

int cudnn_version() { return 0; }
bool cudnn_conv_forward(DType, const cpu::ConvGeom&, const char*, const char*, char*) { return false; }
bool cudnn_conv_backward_input(DType, const cpu::ConvGeom&, const char*, const char*, char*) { return false; }
bool cudnn_conv_backward_weight(DType, const cpu::ConvGeom&, const char*, const char*, char*) { return false; }

#else

namespace {

void check_dnn(cudnnStatus_t s, const char* what) {
  if (s != CUDNN_STATUS_SUCCESS) throw Error(std::string("cuDNN error: ") + cudnnGetErrorString(s) + " (" + what + ")");
}
#define TENSILE_CUDNN_CHECK(expr) check_dnn((expr), #expr)

// The handle of the current device, bound to its stream; null when cuDNN cannot start (a
// library that does not match the driver, say): convolutions then take the fallback path.
cudnnHandle_t handle() {
  static std::mutex mu;
  static std::vector<cudnnHandle_t> handles;
  static std::vector<bool> failed;
  const int dev = current_device();
  std::lock_guard<std::mutex> lock(mu);
  if (handles.empty()) {
    handles.assign(static_cast<size_t>(std::max(1, device_count())), nullptr);
    failed.assign(handles.size(), false);
  }
  cudnnHandle_t& h = handles.at(static_cast<size_t>(dev));
  if (!h) {
    if (failed[dev]) return nullptr;
    if (cudnnCreate(&h) != CUDNN_STATUS_SUCCESS) {
      failed[dev] = true;
      h = nullptr;
      return nullptr;
    }
  }
  TENSILE_CUDNN_CHECK(cudnnSetStream(h, stream()));
  return h;
}

enum class Kind { forward, backward_input, backward_weight };

// Everything a plan depends on.
using Key = std::tuple<int, int, int, bool, std::vector<int64_t>>;

struct Plan {
  cudnnTensorDescriptor_t x = nullptr, y = nullptr;  // input (N, C, in), output (N, O, out)
  cudnnFilterDescriptor_t w = nullptr;               // (O, C/G, k)
  cudnnConvolutionDescriptor_t conv = nullptr;
  int algo = -1;
  size_t workspace = 0;
  bool supported = false;
};

cudnnDataType_t data_type(DType dt) {
  switch (dt) {
    case DType::Float32: return CUDNN_DATA_FLOAT;
    case DType::Float64: return CUDNN_DATA_DOUBLE;
    case DType::Float16: return CUDNN_DATA_HALF;
    default: return CUDNN_DATA_BFLOAT16;
  }
}

// The spatial dims cuDNN is given: 2 for 1-d and 2-d convolutions (their leading dim is the
// unused one of size 1), 3 for 3-d.
int spatial_dims(const cpu::ConvGeom& g) {
  return (g.in[0] == 1 && g.k[0] == 1 && g.out[0] == 1 && g.pad[0] == 0 && g.stride[0] == 1 && g.dil[0] == 1) ? 2 : 3;
}

// cuDNN pads both sides alike and counts in int: the convolutions it cannot describe are left to
// the fallback.
bool describable(const cpu::ConvGeom& g) {
  // cuDNN rejects zero-sized dims (CUDNN_STATUS_BAD_PARAM when the descriptors are set)
  if (g.N < 1 || g.C < 1 || g.O < 1 || g.in_plane() < 1 || g.out_plane() < 1) return false;
  const int64_t big = INT_MAX;
  if (g.N * g.C * g.in_plane() > big || g.N * g.O * g.out_plane() > big || g.O * (g.C / g.G) * g.kernel() > big) return false;
  for (int d = 0; d < 3; ++d) {
    const int64_t expect = (g.in[d] + 2 * g.pad[d] - g.dil[d] * (g.k[d] - 1) - 1) / g.stride[d] + 1;
    if (expect != g.out[d]) return false;
  }
  return true;
}

void tensor_desc(cudnnTensorDescriptor_t& d, cudnnDataType_t t, int64_t n, int64_t c, const int64_t* sp, int nsp) {
  int dims[5], strides[5];
  dims[0] = int(n);
  dims[1] = int(c);
  for (int i = 0; i < nsp; ++i) dims[2 + i] = int(sp[3 - nsp + i]);
  const int nd = 2 + nsp;
  strides[nd - 1] = 1;
  for (int i = nd - 2; i >= 0; --i) strides[i] = strides[i + 1] * std::max(dims[i + 1], 1);
  TENSILE_CUDNN_CHECK(cudnnCreateTensorDescriptor(&d));
  TENSILE_CUDNN_CHECK(cudnnSetTensorNdDescriptor(d, t, nd, dims, strides));
}

// Builds the descriptors of g and picks the algorithm for `kind`.
Plan make_plan(cudnnHandle_t h, Kind kind, DType dt, const cpu::ConvGeom& g) {
  Plan p;
  const cudnnDataType_t t = data_type(dt);
  const int nsp = spatial_dims(g);
  tensor_desc(p.x, t, g.N, g.C, g.in, nsp);
  tensor_desc(p.y, t, g.N, g.O, g.out, nsp);
  int wdims[5] = {int(g.O), int(g.C / g.G), 1, 1, 1};
  int pad[3], stride[3], dil[3];
  for (int i = 0; i < nsp; ++i) {
    const int d = 3 - nsp + i;
    wdims[2 + i] = int(g.k[d]);
    pad[i] = int(g.pad[d]);
    stride[i] = int(g.stride[d]);
    dil[i] = int(g.dil[d]);
  }
  TENSILE_CUDNN_CHECK(cudnnCreateFilterDescriptor(&p.w));
  TENSILE_CUDNN_CHECK(cudnnSetFilterNdDescriptor(p.w, t, CUDNN_TENSOR_NCHW, 2 + nsp, wdims));
  TENSILE_CUDNN_CHECK(cudnnCreateConvolutionDescriptor(&p.conv));
  // the half types accumulate in float, as PyTorch asks of cuDNN
  const cudnnDataType_t compute = dt == DType::Float64 ? CUDNN_DATA_DOUBLE : CUDNN_DATA_FLOAT;
  TENSILE_CUDNN_CHECK(cudnnSetConvolutionNdDescriptor(p.conv, nsp, pad, stride, dil, CUDNN_CROSS_CORRELATION, compute));
  TENSILE_CUDNN_CHECK(cudnnSetConvolutionGroupCount(p.conv, int(g.G)));
  const cudnnMathType_t math = dt == DType::Float16 || dt == DType::BFloat16 ? CUDNN_TENSOR_OP_MATH
                               : dt == DType::Float32 && !g_allow_tf32     ? CUDNN_FMA_MATH
                                                                           : CUDNN_DEFAULT_MATH;
  TENSILE_CUDNN_CHECK(cudnnSetConvolutionMathType(p.conv, math));

  // the heuristics' ranking: the first algorithm that reports success and a workspace size wins
  auto pick = [&](auto* perf, int count, auto workspace_of) {
    for (int i = 0; i < count; ++i) {
      size_t ws = 0;
      if (perf[i].status != CUDNN_STATUS_SUCCESS || workspace_of(perf[i].algo, &ws) != CUDNN_STATUS_SUCCESS) continue;
      p.algo = static_cast<int>(perf[i].algo);
      p.workspace = ws;
      p.supported = true;
      return;
    }
  };
  int count = 0;
  if (kind == Kind::forward) {
    cudnnConvolutionFwdAlgoPerf_t perf[CUDNN_CONVOLUTION_FWD_ALGO_COUNT];
    if (cudnnGetConvolutionForwardAlgorithm_v7(h, p.x, p.w, p.conv, p.y, CUDNN_CONVOLUTION_FWD_ALGO_COUNT, &count, perf) ==
        CUDNN_STATUS_SUCCESS)
      pick(perf, count, [&](cudnnConvolutionFwdAlgo_t a, size_t* ws) {
        return cudnnGetConvolutionForwardWorkspaceSize(h, p.x, p.w, p.conv, p.y, a, ws);
      });
  } else if (kind == Kind::backward_input) {
    cudnnConvolutionBwdDataAlgoPerf_t perf[CUDNN_CONVOLUTION_BWD_DATA_ALGO_COUNT];
    if (cudnnGetConvolutionBackwardDataAlgorithm_v7(h, p.w, p.y, p.conv, p.x, CUDNN_CONVOLUTION_BWD_DATA_ALGO_COUNT, &count,
                                                    perf) == CUDNN_STATUS_SUCCESS)
      pick(perf, count, [&](cudnnConvolutionBwdDataAlgo_t a, size_t* ws) {
        return cudnnGetConvolutionBackwardDataWorkspaceSize(h, p.w, p.y, p.conv, p.x, a, ws);
      });
  } else {
    cudnnConvolutionBwdFilterAlgoPerf_t perf[CUDNN_CONVOLUTION_BWD_FILTER_ALGO_COUNT];
    if (cudnnGetConvolutionBackwardFilterAlgorithm_v7(h, p.x, p.y, p.conv, p.w, CUDNN_CONVOLUTION_BWD_FILTER_ALGO_COUNT,
                                                      &count, perf) == CUDNN_STATUS_SUCCESS)
      pick(perf, count, [&](cudnnConvolutionBwdFilterAlgo_t a, size_t* ws) {
        return cudnnGetConvolutionBackwardFilterWorkspaceSize(h, p.x, p.y, p.conv, p.w, a, ws);
      });
  }
  return p;
}

// The cached plan of (kind, dtype, geometry, math flags) on the current device; null when cuDNN
// is off or cannot take the convolution.
const Plan* plan_for(cudnnHandle_t h, Kind kind, DType dt, const cpu::ConvGeom& g) {
  static std::mutex mu;
  static std::map<Key, Plan> plans;
  std::vector<int64_t> shape = {g.N, g.C, g.O, g.G};
  for (int d = 0; d < 3; ++d)
    for (int64_t v : {g.in[d], g.k[d], g.out[d], g.stride[d], g.pad[d], g.dil[d]}) shape.push_back(v);
  Key key{current_device(), static_cast<int>(kind), static_cast<int>(dt), g_allow_tf32, std::move(shape)};
  std::lock_guard<std::mutex> lock(mu);
  auto it = plans.find(key);
  if (it == plans.end()) {
    Plan p;  // unsupported unless made: a geometry whose descriptors cuDNN refuses goes to the fallback
    try {
      p = make_plan(h, kind, dt, g);
    } catch (const Error&) {
    }
    it = plans.emplace(key, p).first;
  }
  return it->second.supported ? &it->second : nullptr;
}

// Runs `body(plan, alpha, beta, workspace)` for a convolution cuDNN can take; false otherwise.
template <typename F>
bool run(Kind kind, DType dt, const cpu::ConvGeom& g, F body) {
  if (!g_enabled || !describable(g)) return false;
  if (dt != DType::Float32 && dt != DType::Float64 && dt != DType::Float16 && dt != DType::BFloat16) return false;
  cudnnHandle_t h = handle();
  if (!h) return false;
  const Plan* p = plan_for(h, kind, dt, g);
  if (!p) return false;
  // back to the cache after the queued work, in stream order; a workspace that does not fit
  // leaves the convolution to the fallback, whose column buffer comes in sample-sized chunks
  void* ws = nullptr;
  if (p->workspace) {
    try {
      ws = alloc(p->workspace);
    } catch (const Error&) {
      return false;
    }
  }
  const float f1 = 1, f0 = 0;
  const double d1 = 1, d0 = 0;
  const void* one = dt == DType::Float64 ? static_cast<const void*>(&d1) : &f1;
  const void* zero = dt == DType::Float64 ? static_cast<const void*>(&d0) : &f0;
  cudnnStatus_t s;
  try {
    s = body(h, *p, one, zero, ws);
  } catch (...) {
    release(ws);
    throw;
  }
  release(ws);
  if (s == CUDNN_STATUS_NOT_SUPPORTED) return false;
  check_dnn(s, kind == Kind::forward ? "cudnnConvolutionForward"
               : kind == Kind::backward_input ? "cudnnConvolutionBackwardData" : "cudnnConvolutionBackwardFilter");
  return true;
}

}  // namespace

int cudnn_version() {
  try {
    return handle() ? static_cast<int>(cudnnGetVersion()) : 0;
  } catch (const std::exception&) {
    return 0;
  }
}

bool cudnn_conv_forward(DType dt, const cpu::ConvGeom& g, const char* x, const char* w, char* out) {
  return run(Kind::forward, dt, g, [&](cudnnHandle_t h, const Plan& p, const void* one, const void* zero, void* ws) {
    return cudnnConvolutionForward(h, one, p.x, x, p.w, w, p.conv, static_cast<cudnnConvolutionFwdAlgo_t>(p.algo), ws,
                                   p.workspace, zero, p.y, out);
  });
}

bool cudnn_conv_backward_input(DType dt, const cpu::ConvGeom& g, const char* gout, const char* w, char* gin) {
  return run(Kind::backward_input, dt, g, [&](cudnnHandle_t h, const Plan& p, const void* one, const void* zero, void* ws) {
    return cudnnConvolutionBackwardData(h, one, p.w, w, p.y, gout, p.conv, static_cast<cudnnConvolutionBwdDataAlgo_t>(p.algo),
                                        ws, p.workspace, zero, p.x, gin);
  });
}

bool cudnn_conv_backward_weight(DType dt, const cpu::ConvGeom& g, const char* gout, const char* x, char* gw) {
  return run(Kind::backward_weight, dt, g, [&](cudnnHandle_t h, const Plan& p, const void* one, const void* zero, void* ws) {
    return cudnnConvolutionBackwardFilter(h, one, p.x, x, p.y, gout, p.conv,
                                          static_cast<cudnnConvolutionBwdFilterAlgo_t>(p.algo), ws, p.workspace, zero, p.w, gw);
  });
}

#endif  // TENSILE_WITH_CUDNN

}  // namespace tensile::cuda
