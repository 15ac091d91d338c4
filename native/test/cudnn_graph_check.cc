// The graph-API convolution descriptors of native/src/cuda/cudnn_graph.h, finalized by the real
// cuDNN library. Tensor, convolution and operation descriptors need no GPU, so this runs
// wherever cuDNN's headers and libraries are (cudnn_graph.test.ts finds them): cuDNN checks the
// attribute types, and that x, w and y form the convolution described. Where a GPU is present
// it also plans each case. Output in check_report.h's format.
#include "../src/cuda/cudnn_graph.h"

#include <string>

#include "check_report.h"

using namespace tensile;
using cudnn_graph::Kind;

namespace {

// a 2-d convolution (spatial dims 1 and 2; dim 0 unused), or a 3-d one
cpu::ConvGeom geom(int64_t N, int64_t C, int64_t O, int64_t G, std::initializer_list<int64_t> in, std::initializer_list<int64_t> k,
                   int64_t stride, int64_t pad, int64_t dil) {
  cpu::ConvGeom g{N, C, O, G, {1, 1, 1}, {1, 1, 1}, {1, 1, 1}, {1, 1, 1}, {0, 0, 0}, {1, 1, 1}};
  const int first = 3 - static_cast<int>(in.size());
  int d = first;
  for (int64_t v : in) g.in[d++] = v;
  d = first;
  for (int64_t v : k) g.k[d++] = v;
  for (d = first; d < 3; ++d) {
    g.stride[d] = stride;
    g.pad[d] = pad;
    g.dil[d] = dil;
    g.out[d] = (g.in[d] + 2 * pad - dil * (g.k[d] - 1) - 1) / stride + 1;
  }
  return g;
}

struct Case {
  const char* name;
  cpu::ConvGeom g;
  int nsp;
};

const char* kind_name(Kind k) {
  return k == Kind::forward ? "forward" : k == Kind::backward_input ? "backward_input" : "backward_weight";
}

}  // namespace

int main() {
  const Case cases[] = {
      {"3x3 pad 1", geom(2, 3, 8, 1, {1, 9, 11}, {1, 3, 3}, 1, 1, 1), 2},
      {"stride 2", geom(2, 4, 6, 1, {1, 10, 10}, {1, 3, 3}, 2, 1, 1), 2},
      {"dilation 2", geom(1, 4, 4, 1, {1, 12, 9}, {1, 3, 3}, 1, 2, 2), 2},
      {"groups 2", geom(2, 4, 6, 2, {1, 7, 7}, {1, 3, 3}, 1, 1, 1), 2},
      {"depthwise", geom(2, 8, 8, 8, {1, 6, 6}, {1, 3, 3}, 1, 1, 1), 2},
      {"1-d as 2-d", geom(3, 2, 5, 1, {1, 1, 20}, {1, 1, 5}, 1, 2, 1), 2},
      {"7x7 stride 2 stem", geom(2, 3, 64, 1, {1, 32, 32}, {1, 7, 7}, 2, 3, 1), 2},
      {"3-d", geom(1, 2, 3, 1, {5, 6, 7}, {3, 3, 3}, 1, 1, 1), 3},
  };
  struct Type {
    const char* name;
    cudnnDataType_t data, compute;
  };
  const Type types[] = {{"float32", CUDNN_DATA_FLOAT, CUDNN_DATA_FLOAT},
                        {"float64", CUDNN_DATA_DOUBLE, CUDNN_DATA_DOUBLE},
                        {"float16", CUDNN_DATA_HALF, CUDNN_DATA_FLOAT},
                        {"bfloat16", CUDNN_DATA_BFLOAT16, CUDNN_DATA_FLOAT}};
  cudnnHandle_t handle = nullptr;
  if (cudnnCreate(&handle) != CUDNN_STATUS_SUCCESS) handle = nullptr;  // no GPU: descriptors only

  for (const Case& c : cases)
    for (const Type& t : types)
      for (Kind k : {Kind::forward, Kind::backward_input, Kind::backward_weight}) {
        const std::string name = std::string(kind_name(k)) + " " + c.name + " " + t.name;
        auto op = cudnn_graph::describe(k, t.data, t.compute, c.g, c.nsp, 16, handle);
        if (!op->op->ok()) check::fail(name, "operation not finalized: %s", cudnnGetErrorString(op->op->status()));
        if (handle) {
          if (op->status() != CUDNN_STATUS_SUCCESS) check::fail(name, "graph: %s", cudnnGetErrorString(op->status()));
          cudnn_graph::Plan plan;
          if (cudnn_graph::make_plan(handle, std::move(op), t.data == CUDNN_DATA_FLOAT, false, plan)) {
            if (plan.workspace < 0) check::fail(name, "workspace %lld", static_cast<long long>(plan.workspace));
          } else if (c.nsp == 2 && (t.data == CUDNN_DATA_FLOAT || t.data == CUDNN_DATA_HALF)) {
            check::fail(name, "no execution plan");  // the cases every cuDNN 9 GPU plans
          } else {
            std::printf("note: %s: no execution plan on this GPU (cudnn.cu then takes the legacy API)\n", name.c_str());
          }
        }
        check::pass(name);
      }

  // cuDNN does check: an output size that the convolution does not give is refused
  {
    cpu::ConvGeom g = geom(2, 3, 8, 1, {1, 9, 11}, {1, 3, 3}, 1, 1, 1);
    g.out[2] += 1;
    for (Kind k : {Kind::forward, Kind::backward_input, Kind::backward_weight}) {
      auto op = cudnn_graph::describe(k, CUDNN_DATA_FLOAT, CUDNN_DATA_FLOAT, g, 2, 16, nullptr);
      check::report(!op->op->ok(), std::string("refuses a wrong output size (") + kind_name(k) + ")", "finalized anyway");
    }
  }
  // the alignment promised: the largest power of two up to 16 dividing every address
  {
    alignas(64) static char buf[256];
    check::report(cudnn_graph::alignment_of(buf, buf + 64, buf + 128) == 16, "alignment of 64-byte aligned addresses is 16", "not 16");
    check::report(cudnn_graph::alignment_of(buf, buf + 4, buf + 128) == 4, "alignment with a 4-byte offset is 4", "not 4");
    check::report(cudnn_graph::alignment_of(buf + 2, buf, buf) == 2, "alignment with a 2-byte offset is 2", "not 2");
  }
  std::printf("%s\n", handle ? "planned on the GPU" : "no GPU: descriptors only, no plans");
  if (handle) cudnnDestroy(handle);
  return check::finish();
}
