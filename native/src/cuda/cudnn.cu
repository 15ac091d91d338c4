// Convolutions through cuDNN (see cudnn.cuh), as PyTorch's default (non-benchmark) path runs
// them: tensors in NCHW / NCDHW, what cuDNN's heuristics rank first among what can run, float32
// on FMA units unless torch.backends.cudnn.allowTf32, half types on tensor cores with float
// accumulation. Two ways in, each cached per convolution shape:
// - the graph API (cudnn_graph.h: an execution plan, as PyTorch's Conv_v8), the default: its
//   calls cost the host less (on an H100, 40 to 47 µs a convolution against 100 to 129);
// - the legacy convolution API (descriptors and the chosen algorithm), with
//   TENSILE_CUDNN_API=legacy, and for any shape the graph API cannot plan.
#include <climits>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <tuple>
#include <vector>

#include "api.h"
#include "common.cuh"
#include "cudnn.cuh"

#ifdef TENSILE_WITH_CUDNN
#include <cudnn.h>

#include "cudnn_graph.h"
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

using cudnn_graph::Kind;

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

// Everything but the device and flags that a plan depends on.
std::vector<int64_t> shape_key(const cpu::ConvGeom& g) {
  std::vector<int64_t> shape = {g.N, g.C, g.O, g.G};
  for (int d = 0; d < 3; ++d)
    for (int64_t v : {g.in[d], g.k[d], g.out[d], g.stride[d], g.pad[d], g.dil[d]}) shape.push_back(v);
  return shape;
}

// The cached plan of (kind, dtype, geometry, math flags) on the current device; null when cuDNN
// cannot take the convolution.
const Plan* plan_for(cudnnHandle_t h, Kind kind, DType dt, const cpu::ConvGeom& g) {
  static std::mutex mu;
  static std::map<Key, Plan> plans;
  Key key{current_device(), static_cast<int>(kind), static_cast<int>(dt), g_allow_tf32, shape_key(g)};
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

// Read at each call (a getenv is nothing beside a convolution), so that a benchmark can set
// process.env.TENSILE_CUDNN_API to compare the two APIs in one process.
bool graph_api() {
  const char* v = std::getenv("TENSILE_CUDNN_API");
  return !(v && std::strcmp(v, "legacy") == 0);
}

// The cached graph-API plan of (kind, dtype, geometry, math flags, the operands' alignment) on
// the current device; null when the graph API cannot plan the convolution.
const cudnn_graph::Plan* graph_plan_for(cudnnHandle_t h, Kind kind, DType dt, const cpu::ConvGeom& g, int64_t alignment) {
  static std::mutex mu;
  static std::map<Key, std::unique_ptr<cudnn_graph::Plan>> plans;
  std::vector<int64_t> shape = shape_key(g);
  shape.push_back(alignment);
  Key key{current_device(), static_cast<int>(kind), static_cast<int>(dt), g_allow_tf32, std::move(shape)};
  std::lock_guard<std::mutex> lock(mu);
  auto it = plans.find(key);
  if (it == plans.end()) {
    auto plan = std::make_unique<cudnn_graph::Plan>();
    const cudnnDataType_t compute = dt == DType::Float64 ? CUDNN_DATA_DOUBLE : CUDNN_DATA_FLOAT;
    auto operation = cudnn_graph::describe(kind, data_type(dt), compute, g, spatial_dims(g), alignment, h);
    if (!cudnn_graph::make_plan(h, std::move(operation), dt == DType::Float32, g_allow_tf32, *plan)) plan.reset();
    it = plans.emplace(key, std::move(plan)).first;
  }
  return it->second.get();
}

// A convolution's three tensors in the roles of its kind: the input (or its gradient), the
// weight (or its gradient), the output (or its gradient).
struct Operands {
  void *x, *w, *y;
};

cudnnStatus_t run_legacy(cudnnHandle_t h, Kind kind, DType dt, const Plan& p, const Operands& o, void* ws) {
  const float f1 = 1, f0 = 0;
  const double d1 = 1, d0 = 0;
  const void* one = dt == DType::Float64 ? static_cast<const void*>(&d1) : &f1;
  const void* zero = dt == DType::Float64 ? static_cast<const void*>(&d0) : &f0;
  switch (kind) {
    case Kind::forward:
      return cudnnConvolutionForward(h, one, p.x, o.x, p.w, o.w, p.conv, static_cast<cudnnConvolutionFwdAlgo_t>(p.algo), ws,
                                     p.workspace, zero, p.y, o.y);
    case Kind::backward_input:
      return cudnnConvolutionBackwardData(h, one, p.w, o.w, p.y, o.y, p.conv, static_cast<cudnnConvolutionBwdDataAlgo_t>(p.algo), ws,
                                          p.workspace, zero, p.x, o.x);
    default:
      return cudnnConvolutionBackwardFilter(h, one, p.x, o.x, p.y, o.y, p.conv, static_cast<cudnnConvolutionBwdFilterAlgo_t>(p.algo),
                                            ws, p.workspace, zero, p.w, o.w);
  }
}

// Queues the convolution if cuDNN can take it; false otherwise, having queued nothing.
bool run(Kind kind, DType dt, const cpu::ConvGeom& g, const Operands& o) {
  if (!g_enabled || !describable(g)) return false;
  if (dt != DType::Float32 && dt != DType::Float64 && dt != DType::Float16 && dt != DType::BFloat16) return false;
  cudnnHandle_t h = handle();
  if (!h) return false;
  const cudnn_graph::Plan* graph = graph_api() ? graph_plan_for(h, kind, dt, g, cudnn_graph::alignment_of(o.x, o.w, o.y)) : nullptr;
  const Plan* legacy = graph ? nullptr : plan_for(h, kind, dt, g);
  if (!graph && !legacy) return false;
  // back to the cache after the queued work, in stream order; a workspace that does not fit
  // leaves the convolution to the fallback, whose column buffer comes in sample-sized chunks
  const size_t workspace = graph ? static_cast<size_t>(graph->workspace) : legacy->workspace;
  void* ws = nullptr;
  if (workspace) {
    try {
      ws = alloc(workspace);
    } catch (const Error&) {
      return false;
    }
  }
  cudnnStatus_t s;
  try {
    s = graph ? cudnn_graph::execute(h, *graph, o.x, o.w, o.y, ws) : run_legacy(h, kind, dt, *legacy, o, ws);
  } catch (...) {
    release(ws);
    throw;
  }
  release(ws);
  if (s == CUDNN_STATUS_NOT_SUPPORTED) return false;
  check_dnn(s, graph                          ? "cudnnBackendExecute"
               : kind == Kind::forward        ? "cudnnConvolutionForward"
               : kind == Kind::backward_input ? "cudnnConvolutionBackwardData"
                                              : "cudnnConvolutionBackwardFilter");
  return true;
}

// cuDNN reads from the const operands only.
void* in(const char* p) { return const_cast<char*>(p); }

}  // namespace

int cudnn_version() {
  try {
    return handle() ? static_cast<int>(cudnnGetVersion()) : 0;
  } catch (const std::exception&) {
    return 0;
  }
}

bool cudnn_conv_forward(DType dt, const cpu::ConvGeom& g, const char* x, const char* w, char* out) {
  return run(Kind::forward, dt, g, {in(x), in(w), out});
}

bool cudnn_conv_backward_input(DType dt, const cpu::ConvGeom& g, const char* gout, const char* w, char* gin) {
  return run(Kind::backward_input, dt, g, {gin, in(w), in(gout)});
}

bool cudnn_conv_backward_weight(DType dt, const cpu::ConvGeom& g, const char* gout, const char* x, char* gw) {
  return run(Kind::backward_weight, dt, g, {in(x), gw, in(gout)});
}

#endif  // TENSILE_WITH_CUDNN

}  // namespace tensile::cuda
