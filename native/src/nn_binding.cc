// N-API entries of the neural-network kernels (convolution, pooling, normalization, recurrent
// cells, attention): registered on the same per-device object as the core kernels.
#include "binding_util.h"

namespace tensile {

void register_nn_kernels(Napi::Env env, Napi::Object cpu) {
  (void)env;
  (void)cpu;
}

}  // namespace tensile
