// N-API entries of the fused optimizer update kernels (cpu/optim.h).
//
// Every entry is called as f(param, grad, s0, s1, s2) with host or device storages (unused state
// slots undefined) and reads META as
//   [dtype, n, paramOffset, gradOffset, s0Offset, s1Offset, s2Offset, -, scalars...]
// (offsets in elements). Each buffer the kernel touches is checked to hold n elements from its
// offset; the kernel then updates param and state in place.
#include "binding_util.h"
#include "cpu/optim.h"

namespace tensile {
namespace {

constexpr size_t kScalars = 8;  // META index of the first scalar

struct Operands {
  DType dt;
  cpu::OptimBuffers b;
  bool on_device = false;
};

// Reads and validates the buffers (host or device memory, all in one place); `slots` says which
// of s0, s1, s2 the update uses.
Operands operands(const Napi::CallbackInfo& info, size_t nscalars, bool s0, bool s1, bool s2) {
  const double* m = meta(kScalars + nscalars);
  DType dt = get_dtype(m[0]);
  if (dt != DType::Float32 && dt != DType::Float64) throw Error("fused optimizer kernels support float32 and float64 only");
  int item = item_size(dt);
  int64_t n = get_count(m[1], "numel");
  Operands o;
  DeviceBufs bufs{info};
  auto slot = [&](size_t i, bool used, const char* what) -> char* {
    if (!used) return nullptr;
    return span(bufs.get(i, what), get_count(m[2 + i], "offset"), n, item, what);
  };
  o.dt = dt;
  o.b.param = slot(0, true, "param");
  o.b.grad = slot(1, true, "grad");
  o.b.s0 = slot(2, s0, "state");
  o.b.s1 = slot(3, s1, "state");
  o.b.s2 = slot(4, s2, "state");
  o.b.n = n;
  o.on_device = bufs.device();
  return o;
}

// The step on the device the buffers live on: the same-named cpu:: or cuda:: function.
#define TENSILE_STEP(name, o, a)                                  \
  do {                                                            \
    if ((o).on_device) CUDA_OR_THROW(cuda::name((o).dt, (o).b, a)); \
    else cpu::name((o).dt, (o).b, a);                             \
  } while (0)

// scalars: [lr, momentum, dampening, weight_decay, nesterov, maximize, first]
Napi::Value SgdStep(const Napi::CallbackInfo& info) {
  const double* s = meta(kScalars + 7) + kScalars;
  Operands o = operands(info, 7, s[1] != 0, false, false);
  TENSILE_STEP(sgd_step, o, (cpu::SgdArgs{s[0], s[1], s[2], s[3], s[4] != 0, s[5] != 0, s[6] != 0}));
  return info.Env().Undefined();
}

// scalars: [lr, beta1, beta2, eps, weight_decay, step_size, bias_correction2_sqrt, amsgrad, maximize, decoupled]
Napi::Value AdamStep(const Napi::CallbackInfo& info) {
  const double* s = meta(kScalars + 10) + kScalars;
  Operands o = operands(info, 10, true, true, s[7] != 0);
  TENSILE_STEP(adam_step, o, (cpu::AdamArgs{s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7] != 0, s[8] != 0, s[9] != 0}));
  return info.Env().Undefined();
}

// scalars: [beta1, beta2, eps, weight_decay, clr, maximize]
Napi::Value AdamaxStep(const Napi::CallbackInfo& info) {
  const double* s = meta(kScalars + 6) + kScalars;
  Operands o = operands(info, 6, true, true, false);
  TENSILE_STEP(adamax_step, o, (cpu::AdamaxArgs{s[0], s[1], s[2], s[3], s[4], s[5] != 0}));
  return info.Env().Undefined();
}

// scalars: [beta1, beta2, eps, weight_decay, bias_correction2, grad_coef, avg_coef]
Napi::Value NadamStep(const Napi::CallbackInfo& info) {
  const double* s = meta(kScalars + 7) + kScalars;
  Operands o = operands(info, 7, true, true, false);
  TENSILE_STEP(nadam_step, o, (cpu::NadamArgs{s[0], s[1], s[2], s[3], s[4], s[5], s[6]}));
  return info.Env().Undefined();
}

// scalars: [lr, beta1, beta2, eps, weight_decay, bias_correction1, bias_correction2_sqrt, rect, rectify]
Napi::Value RadamStep(const Napi::CallbackInfo& info) {
  const double* s = meta(kScalars + 9) + kScalars;
  Operands o = operands(info, 9, true, true, false);
  TENSILE_STEP(radam_step, o, (cpu::RadamArgs{s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8] != 0}));
  return info.Env().Undefined();
}

// scalars: [lr, alpha, eps, weight_decay, momentum, centered, maximize]
Napi::Value RmspropStep(const Napi::CallbackInfo& info) {
  const double* s = meta(kScalars + 7) + kScalars;
  Operands o = operands(info, 7, true, s[4] > 0, s[5] != 0);
  TENSILE_STEP(rmsprop_step, o, (cpu::RmspropArgs{s[0], s[1], s[2], s[3], s[4], s[5] != 0, s[6] != 0}));
  return info.Env().Undefined();
}

// scalars: [clr, eps, weight_decay, maximize]
Napi::Value AdagradStep(const Napi::CallbackInfo& info) {
  const double* s = meta(kScalars + 4) + kScalars;
  Operands o = operands(info, 4, true, false, false);
  TENSILE_STEP(adagrad_step, o, (cpu::AdagradArgs{s[0], s[1], s[2], s[3] != 0}));
  return info.Env().Undefined();
}

// scalars: [lr, rho, eps, weight_decay, maximize]
Napi::Value AdadeltaStep(const Napi::CallbackInfo& info) {
  const double* s = meta(kScalars + 5) + kScalars;
  Operands o = operands(info, 5, true, true, false);
  TENSILE_STEP(adadelta_step, o, (cpu::AdadeltaArgs{s[0], s[1], s[2], s[3], s[4] != 0}));
  return info.Env().Undefined();
}

}  // namespace

void register_optim_kernels(Napi::Env env, Napi::Object cpu) {
#define EXPORT(name, fn) cpu.Set(name, Napi::Function::New(env, Guard<fn>, name))
  EXPORT("sgdStep", SgdStep);
  EXPORT("adamStep", AdamStep);
  EXPORT("adamaxStep", AdamaxStep);
  EXPORT("nadamStep", NadamStep);
  EXPORT("radamStep", RadamStep);
  EXPORT("rmspropStep", RmspropStep);
  EXPORT("adagradStep", AdagradStep);
  EXPORT("adadeltaStep", AdadeltaStep);
#undef EXPORT
}

}  // namespace tensile
