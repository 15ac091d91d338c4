// Convolutions through cuDNN, when the build found it (TENSILE_WITH_CUDNN) and it is enabled
// (torch.backends.cudnn.enabled). Each call returns false, having queued nothing, when cuDNN
// cannot take the convolution (not built, disabled, asymmetric padding, sizes past int, an
// unsupported configuration); conv.cu then runs its own implicit-GEMM kernel.
#pragma once
#include "../cpu/conv.h"
#include "../dtype.h"

namespace tensile::cuda {

bool cudnn_conv_forward(DType dt, const cpu::ConvGeom& g, const char* x, const char* w, char* out);
bool cudnn_conv_backward_input(DType dt, const cpu::ConvGeom& g, const char* gout, const char* w, char* gin);
bool cudnn_conv_backward_weight(DType dt, const cpu::ConvGeom& g, const char* gout, const char* x, char* gw);

}  // namespace tensile::cuda
