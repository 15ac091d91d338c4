// Normalization workloads (issue #3): BatchNorm2d training and LayerNorm, forward + backward
// with a fixed upstream gradient. Part of the `nn` suite; `node bench/run.mjs norm` times only
// these two. Names match the `norm` suite of torch_twin.py.
import * as torch from '@tensile/core';
import * as nn from '@tensile/nn';
import { time } from './harness.mjs';

export function workloads() {
  torch.manualSeed(0);
  const out = {};
  {
    const bn = new nn.BatchNorm2d(64);
    const x = torch.randn(32, 64, 56, 56).requiresGrad_(), g = torch.randn(32, 64, 56, 56);
    out['BatchNorm2d(64) train fwd+bwd (32,64,56,56)'] = time(() => {
      bn.forward(x).backward(g);
      x.grad = null;
    }, { reps: 9 });
  }
  {
    const ln = new nn.LayerNorm(256);
    const x = torch.randn(16, 128, 256).requiresGrad_(), g = torch.randn(16, 128, 256);
    out['LayerNorm(256) fwd+bwd (16,128,256)'] = time(() => {
      ln.forward(x).backward(g);
      x.grad = null;
    }, { reps: 15, warmup: 3 });
  }
  return out;
}
