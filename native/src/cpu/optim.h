// Fused optimizer updates: one pass over a parameter's contiguous buffers per step, in place.
// Each kernel reproduces, element by element and in the parameter's precision, the chain of
// tensor ops that PyTorch 1.13's single-tensor implementation (torch/optim/*.py) runs, so the
// results agree with PyTorch's to rounding. Scalars that PyTorch computes in Python (bias
// corrections, step sizes) are computed by the caller in double and passed in.
#pragma once
#include <cstdint>

#include "../dtype.h"

namespace tensile::cpu {

// Buffers of one parameter: all contiguous, `n` elements of the same dtype (float32 or float64).
// Unused state slots are null.
struct OptimBuffers {
  char* param;
  const char* grad;
  char* s0;
  char* s1;
  char* s2;
  int64_t n;
};

struct SgdArgs {
  double lr, momentum, dampening, weight_decay;
  bool nesterov, maximize, first;  // first: the momentum buffer (s0) is initialised to the gradient
};
struct AdamArgs {
  double lr, beta1, beta2, eps, weight_decay, step_size, bias_correction2_sqrt;
  bool amsgrad, maximize, decoupled;  // decoupled: AdamW's weight decay (s2 = max_exp_avg_sq when amsgrad)
};
struct AdamaxArgs {
  double beta1, beta2, eps, weight_decay, clr;
  bool maximize;
};
struct NadamArgs {
  double beta1, beta2, eps, weight_decay, bias_correction2, grad_coef, avg_coef;
};
struct RadamArgs {
  double lr, beta1, beta2, eps, weight_decay, bias_correction1, bias_correction2_sqrt, rect;
  bool rectify;
};
struct RmspropArgs {
  double lr, alpha, eps, weight_decay, momentum;
  bool centered, maximize;  // s0 = square_avg, s1 = momentum_buffer (momentum > 0), s2 = grad_avg (centered)
};
struct AdagradArgs {
  double clr, eps, weight_decay;
  bool maximize;
};
struct AdadeltaArgs {
  double lr, rho, eps, weight_decay;
  bool maximize;
};

void sgd_step(DType dt, const OptimBuffers& b, const SgdArgs& a);
void adam_step(DType dt, const OptimBuffers& b, const AdamArgs& a);
void adamax_step(DType dt, const OptimBuffers& b, const AdamaxArgs& a);
void nadam_step(DType dt, const OptimBuffers& b, const NadamArgs& a);
void radam_step(DType dt, const OptimBuffers& b, const RadamArgs& a);
void rmsprop_step(DType dt, const OptimBuffers& b, const RmspropArgs& a);
void adagrad_step(DType dt, const OptimBuffers& b, const AdagradArgs& a);
void adadelta_step(DType dt, const OptimBuffers& b, const AdadeltaArgs& a);

}  // namespace tensile::cpu
