// N-API entries of the fused optimizer update kernels.
#include "binding_util.h"

namespace tensile {

void register_optim_kernels(Napi::Env env, Napi::Object cpu) {
  (void)env;
  (void)cpu;
}

}  // namespace tensile
