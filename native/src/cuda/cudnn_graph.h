// One convolution through cuDNN's graph (backend) API: the descriptors PyTorch's Conv_v8 builds
// through cudnn-frontend, built here directly. The execution plan is made once per convolution
// shape and kept (cudnn.cu caches it); a call then binds its three pointers and the workspace
// (a variant pack) and executes. Issuing a convolution through the legacy cudnnConvolution*
// calls cost 82 µs of host time on an H100 whatever its size (docs/cuda.md); this path is meant
// to cut that, and gpu-check.sh's benchmark and profile compare the two.
//
// Host code only, so that native/test/cudnn_graph_check.cc can finalize these descriptors
// against the real library on a machine without a GPU.
#pragma once
#include <cudnn.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "../cpu/conv.h"

namespace tensile::cudnn_graph {

enum class Kind { forward, backward_input, backward_weight };

// The tensors' ids in a variant pack: the convolution's input (or its gradient), weight (or its
// gradient) and output (or its gradient).
constexpr int64_t kX = 'x', kW = 'w', kY = 'y';

// One backend descriptor, destroyed with its owner. The first failing call is kept (status())
// and makes the later ones no-ops, so a chain of set() and finalize() is checked once.
class Desc {
 public:
  explicit Desc(cudnnBackendDescriptorType_t type) { status_ = cudnnBackendCreateDescriptor(type, &d_); }
  ~Desc() {
    if (d_) cudnnBackendDestroyDescriptor(d_);
  }
  Desc(const Desc&) = delete;
  Desc& operator=(const Desc&) = delete;

  cudnnBackendDescriptor_t get() const { return d_; }
  cudnnStatus_t status() const { return status_; }
  bool ok() const { return status_ == CUDNN_STATUS_SUCCESS; }

  template <typename T>
  Desc& set(cudnnBackendAttributeName_t name, cudnnBackendAttributeType_t type, int64_t n, const T* values) {
    if (ok()) status_ = cudnnBackendSetAttribute(d_, name, type, n, values);
    return *this;
  }
  Desc& set(cudnnBackendAttributeName_t name, const Desc& child) {
    if (ok() && !child.ok()) status_ = child.status();
    cudnnBackendDescriptor_t c = child.get();
    return set(name, CUDNN_TYPE_BACKEND_DESCRIPTOR, 1, &c);
  }
  Desc& set_handle(cudnnBackendAttributeName_t name, cudnnHandle_t h) { return set(name, CUDNN_TYPE_HANDLE, 1, &h); }
  Desc& finalize() {
    if (ok()) status_ = cudnnBackendFinalize(d_);
    return *this;
  }

 private:
  cudnnBackendDescriptor_t d_ = nullptr;
  cudnnStatus_t status_ = CUDNN_STATUS_SUCCESS;
};

// The handle attributes are marked deprecated in the newest headers (a device-properties
// descriptor may stand in for them) but are still required by the cuDNN 9 releases we run on;
// their values, without the deprecation warning.
constexpr auto kGraphHandle = static_cast<cudnnBackendAttributeName_t>(800);  // CUDNN_ATTR_OPERATIONGRAPH_HANDLE
constexpr auto kPlanHandle = static_cast<cudnnBackendAttributeName_t>(400);   // CUDNN_ATTR_EXECUTION_PLAN_HANDLE

// A convolution's operation, and the graph of it when a handle is given; every descriptor the
// graph refers to is owned here, so that it outlives the plans made from the graph.
struct ConvOperation {
  std::vector<std::unique_ptr<Desc>> parts;
  Desc* op = nullptr;
  Desc* graph = nullptr;  // null without a handle
  // the operation's status, or the graph's when one was built
  cudnnStatus_t status() const { return (graph ? graph : op)->status(); }

  Desc& add(cudnnBackendDescriptorType_t type) {
    parts.push_back(std::make_unique<Desc>(type));
    return *parts.back();
  }
};

// A packed tensor of `dims` (N, C, spatial...).
inline Desc& tensor(ConvOperation& c, int64_t uid, cudnnDataType_t type, const std::vector<int64_t>& dims, int64_t alignment) {
  std::vector<int64_t> strides(dims.size(), 1);
  for (size_t i = dims.size() - 1; i-- > 0;) strides[i] = strides[i + 1] * dims[i + 1];
  const auto n = static_cast<int64_t>(dims.size());
  return c.add(CUDNN_BACKEND_TENSOR_DESCRIPTOR)
      .set(CUDNN_ATTR_TENSOR_DATA_TYPE, CUDNN_TYPE_DATA_TYPE, 1, &type)
      .set(CUDNN_ATTR_TENSOR_DIMENSIONS, CUDNN_TYPE_INT64, n, dims.data())
      .set(CUDNN_ATTR_TENSOR_STRIDES, CUDNN_TYPE_INT64, n, strides.data())
      .set(CUDNN_ATTR_TENSOR_UNIQUE_ID, CUDNN_TYPE_INT64, 1, &uid)
      .set(CUDNN_ATTR_TENSOR_BYTE_ALIGNMENT, CUDNN_TYPE_INT64, 1, &alignment)
      .finalize();
}

// The operation `kind` of the convolution g over its last `nsp` spatial dims (cudnn.cu gives
// 1-d convolutions as 2-d ones), in `type` computing in `compute`, each pointer aligned to
// `alignment` bytes; with a handle, also its operation graph.
inline std::unique_ptr<ConvOperation> describe(Kind kind, cudnnDataType_t type, cudnnDataType_t compute, const cpu::ConvGeom& g,
                                               int nsp, int64_t alignment, cudnnHandle_t handle) {
  auto c = std::make_unique<ConvOperation>();
  std::vector<int64_t> xd = {g.N, g.C}, wd = {g.O, g.C / g.G}, yd = {g.N, g.O};
  std::vector<int64_t> pad, stride, dil;
  for (int d = 3 - nsp; d < 3; ++d) {
    xd.push_back(g.in[d]);
    wd.push_back(g.k[d]);
    yd.push_back(g.out[d]);
    pad.push_back(g.pad[d]);
    stride.push_back(g.stride[d]);
    dil.push_back(g.dil[d]);
  }
  Desc& x = tensor(*c, kX, type, xd, alignment);
  Desc& w = tensor(*c, kW, type, wd, alignment);
  Desc& y = tensor(*c, kY, type, yd, alignment);
  const cudnnConvolutionMode_t mode = CUDNN_CROSS_CORRELATION;
  const int64_t spatial = nsp;
  Desc& conv = c->add(CUDNN_BACKEND_CONVOLUTION_DESCRIPTOR)
                   .set(CUDNN_ATTR_CONVOLUTION_COMP_TYPE, CUDNN_TYPE_DATA_TYPE, 1, &compute)
                   .set(CUDNN_ATTR_CONVOLUTION_CONV_MODE, CUDNN_TYPE_CONVOLUTION_MODE, 1, &mode)
                   .set(CUDNN_ATTR_CONVOLUTION_SPATIAL_DIMS, CUDNN_TYPE_INT64, 1, &spatial)
                   .set(CUDNN_ATTR_CONVOLUTION_DILATIONS, CUDNN_TYPE_INT64, spatial, dil.data())
                   .set(CUDNN_ATTR_CONVOLUTION_FILTER_STRIDES, CUDNN_TYPE_INT64, spatial, stride.data())
                   .set(CUDNN_ATTR_CONVOLUTION_PRE_PADDINGS, CUDNN_TYPE_INT64, spatial, pad.data())
                   .set(CUDNN_ATTR_CONVOLUTION_POST_PADDINGS, CUDNN_TYPE_INT64, spatial, pad.data())
                   .finalize();

  // alpha 1 and beta 0, as doubles for double data and floats otherwise
  const double d1 = 1, d0 = 0;
  const float f1 = 1, f0 = 0;
  const bool dbl = compute == CUDNN_DATA_DOUBLE;
  const cudnnBackendAttributeType_t scalar = dbl ? CUDNN_TYPE_DOUBLE : CUDNN_TYPE_FLOAT;
  const void* one = dbl ? static_cast<const void*>(&d1) : &f1;
  const void* zero = dbl ? static_cast<const void*>(&d0) : &f0;
  // the operation's descriptor type and its attributes for x, w, y (each in its kind's role),
  // the convolution, alpha and beta
  struct Attrs {
    cudnnBackendDescriptorType_t type;
    cudnnBackendAttributeName_t x, w, y, conv, alpha, beta;
  };
  const Attrs a = kind == Kind::forward
                      ? Attrs{CUDNN_BACKEND_OPERATION_CONVOLUTION_FORWARD_DESCRIPTOR, CUDNN_ATTR_OPERATION_CONVOLUTION_FORWARD_X,
                              CUDNN_ATTR_OPERATION_CONVOLUTION_FORWARD_W, CUDNN_ATTR_OPERATION_CONVOLUTION_FORWARD_Y,
                              CUDNN_ATTR_OPERATION_CONVOLUTION_FORWARD_CONV_DESC, CUDNN_ATTR_OPERATION_CONVOLUTION_FORWARD_ALPHA,
                              CUDNN_ATTR_OPERATION_CONVOLUTION_FORWARD_BETA}
                  : kind == Kind::backward_input
                      ? Attrs{CUDNN_BACKEND_OPERATION_CONVOLUTION_BACKWARD_DATA_DESCRIPTOR, CUDNN_ATTR_OPERATION_CONVOLUTION_BWD_DATA_DX,
                              CUDNN_ATTR_OPERATION_CONVOLUTION_BWD_DATA_W, CUDNN_ATTR_OPERATION_CONVOLUTION_BWD_DATA_DY,
                              CUDNN_ATTR_OPERATION_CONVOLUTION_BWD_DATA_CONV_DESC, CUDNN_ATTR_OPERATION_CONVOLUTION_BWD_DATA_ALPHA,
                              CUDNN_ATTR_OPERATION_CONVOLUTION_BWD_DATA_BETA}
                      : Attrs{CUDNN_BACKEND_OPERATION_CONVOLUTION_BACKWARD_FILTER_DESCRIPTOR, CUDNN_ATTR_OPERATION_CONVOLUTION_BWD_FILTER_X,
                              CUDNN_ATTR_OPERATION_CONVOLUTION_BWD_FILTER_DW, CUDNN_ATTR_OPERATION_CONVOLUTION_BWD_FILTER_DY,
                              CUDNN_ATTR_OPERATION_CONVOLUTION_BWD_FILTER_CONV_DESC,
                              CUDNN_ATTR_OPERATION_CONVOLUTION_BWD_FILTER_ALPHA, CUDNN_ATTR_OPERATION_CONVOLUTION_BWD_FILTER_BETA};
  c->op = &c->add(a.type).set(a.x, x).set(a.w, w).set(a.y, y).set(a.conv, conv).set(a.alpha, scalar, 1, one).set(a.beta, scalar, 1, zero);
  c->op->finalize();
  if (handle && c->op->ok()) {
    c->graph = &c->add(CUDNN_BACKEND_OPERATIONGRAPH_DESCRIPTOR).set(CUDNN_ATTR_OPERATIONGRAPH_OPS, *c->op).set_handle(kGraphHandle, handle).finalize();
  }
  return c;
}

// Whether an engine configuration may run: never one that converts its inputs down, and for
// float32 no tensor cores (TF32) unless allowed, as PyTorch filters cuDNN's configurations.
inline bool acceptable(cudnnBackendDescriptor_t config, bool float32, bool allow_tf32) {
  Desc engine(CUDNN_BACKEND_ENGINE_DESCRIPTOR);
  if (!engine.ok()) return false;
  cudnnBackendDescriptor_t e = engine.get();
  int64_t n = 0;
  if (cudnnBackendGetAttribute(config, CUDNN_ATTR_ENGINECFG_ENGINE, CUDNN_TYPE_BACKEND_DESCRIPTOR, 1, &n, &e) != CUDNN_STATUS_SUCCESS)
    return false;
  cudnnBackendNumericalNote_t notes[CUDNN_NUMERICAL_NOTE_TYPE_COUNT];
  if (cudnnBackendGetAttribute(e, CUDNN_ATTR_ENGINE_NUMERICAL_NOTE, CUDNN_TYPE_NUMERICAL_NOTE, CUDNN_NUMERICAL_NOTE_TYPE_COUNT, &n, notes) !=
      CUDNN_STATUS_SUCCESS)
    return false;
  for (int64_t i = 0; i < n && i < CUDNN_NUMERICAL_NOTE_TYPE_COUNT; ++i) {
    if (notes[i] == CUDNN_NUMERICAL_NOTE_DOWN_CONVERT_INPUTS) return false;
    if (notes[i] == CUDNN_NUMERICAL_NOTE_TENSOR_CORE && float32 && !allow_tf32) return false;
  }
  return true;
}

// An execution plan with what it refers to.
struct Plan {
  std::unique_ptr<ConvOperation> operation;
  std::unique_ptr<Desc> config, plan;
  int64_t workspace = 0;
};

// The plan of the first engine configuration, in the ranking of cuDNN's instant heuristics and
// then of its fallback list, that is acceptable and finalizes; false when there is none.
inline bool make_plan(cudnnHandle_t handle, std::unique_ptr<ConvOperation> operation, bool float32, bool allow_tf32, Plan& out) {
  if (!operation->graph || !operation->graph->ok()) return false;
  for (cudnnBackendHeurMode_t mode : {CUDNN_HEUR_MODE_INSTANT, CUDNN_HEUR_MODE_FALLBACK}) {
    Desc heur(CUDNN_BACKEND_ENGINEHEUR_DESCRIPTOR);
    heur.set(CUDNN_ATTR_ENGINEHEUR_OPERATION_GRAPH, *operation->graph).set(CUDNN_ATTR_ENGINEHEUR_MODE, CUDNN_TYPE_HEUR_MODE, 1, &mode).finalize();
    int64_t count = 0;
    if (!heur.ok() ||
        cudnnBackendGetAttribute(heur.get(), CUDNN_ATTR_ENGINEHEUR_RESULTS, CUDNN_TYPE_BACKEND_DESCRIPTOR, 0, &count, nullptr) !=
            CUDNN_STATUS_SUCCESS ||
        count <= 0)
      continue;
    std::vector<std::unique_ptr<Desc>> configs;
    std::vector<cudnnBackendDescriptor_t> raw;
    for (int64_t i = 0; i < count; ++i) {
      configs.push_back(std::make_unique<Desc>(CUDNN_BACKEND_ENGINECFG_DESCRIPTOR));
      if (!configs.back()->ok()) return false;
      raw.push_back(configs.back()->get());
    }
    int64_t got = 0;
    if (cudnnBackendGetAttribute(heur.get(), CUDNN_ATTR_ENGINEHEUR_RESULTS, CUDNN_TYPE_BACKEND_DESCRIPTOR, count, &got, raw.data()) !=
        CUDNN_STATUS_SUCCESS)
      continue;
    for (int64_t i = 0; i < got && i < count; ++i) {
      if (!acceptable(raw[i], float32, allow_tf32)) continue;
      auto plan = std::make_unique<Desc>(CUDNN_BACKEND_EXECUTION_PLAN_DESCRIPTOR);
      plan->set_handle(kPlanHandle, handle).set(CUDNN_ATTR_EXECUTION_PLAN_ENGINE_CONFIG, *configs[i]).finalize();
      int64_t workspace = 0, n = 0;
      if (!plan->ok() || cudnnBackendGetAttribute(plan->get(), CUDNN_ATTR_EXECUTION_PLAN_WORKSPACE_SIZE, CUDNN_TYPE_INT64, 1, &n,
                                                  &workspace) != CUDNN_STATUS_SUCCESS)
        continue;
      out.operation = std::move(operation);
      out.config = std::move(configs[i]);
      out.plan = std::move(plan);
      out.workspace = workspace;
      return true;
    }
  }
  return false;
}

// Runs `plan` on x, w and y (in the roles of its kind) with `workspace` (of the plan's size, or
// null when that is 0).
inline cudnnStatus_t execute(cudnnHandle_t handle, const Plan& plan, void* x, void* w, void* y, void* workspace) {
  const int64_t uids[3] = {kX, kW, kY};
  void* pointers[3] = {x, w, y};
  Desc pack(CUDNN_BACKEND_VARIANT_PACK_DESCRIPTOR);
  pack.set(CUDNN_ATTR_VARIANT_PACK_UNIQUE_IDS, CUDNN_TYPE_INT64, 3, uids)
      .set(CUDNN_ATTR_VARIANT_PACK_DATA_POINTERS, CUDNN_TYPE_VOID_PTR, 3, pointers)
      .set(CUDNN_ATTR_VARIANT_PACK_WORKSPACE, CUDNN_TYPE_VOID_PTR, 1, &workspace)
      .finalize();
  if (!pack.ok()) return pack.status();
  return cudnnBackendExecute(handle, plan.plan->get(), pack.get());
}

// The largest power of two up to 16 dividing every address: the alignment a tensor descriptor
// may promise (PyTorch's getAlignment, taken over the three operands).
inline int64_t alignment_of(const void* a, const void* b, const void* c) {
  const auto bits = reinterpret_cast<uintptr_t>(a) | reinterpret_cast<uintptr_t>(b) | reinterpret_cast<uintptr_t>(c) | uintptr_t(16);
  return static_cast<int64_t>(bits & (~bits + 1));
}

}  // namespace tensile::cudnn_graph
