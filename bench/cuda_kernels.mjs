// One ResNet-18 forward (train mode, no grad, batch 32) and one training step, each between
// two marker launches (a cumsum: no scan runs in ResNet-18), for Nsight Compute to time kernel by
// kernel; bench/cuda_kernels_torch.py does the same in PyTorch, and
// bench/cuda_kernels_summary.mjs sums each side's kernels between the markers. On a GPU machine:
//   ncu --clock-control none --metrics gpu__time_duration.sum --csv --page raw --log-file ours.csv node bench/cuda_kernels.mjs
import * as torch from '@tensile/core';
import * as nn from '@tensile/nn';
import * as optim from '@tensile/optim';
import { resnet18 } from './cuda.mjs';

torch.manualSeed(0);
const model = resnet18().to('cuda');
const opt = new optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
const x = torch.randn([32, 3, 224, 224], { device: 'cuda' }), y = torch.randint(0, 1000, [32]).to('cuda');
const marker = torch.zeros([1000], { device: 'cuda' });
const forward = () => torch.noGrad(() => model.forward(x));
const step = () => {
  opt.zeroGrad();
  nn.functional.crossEntropy(model.forward(x), y).backward();
  opt.step();
};
for (let i = 0; i < 3; i++) { forward(); step(); }
torch.cuda.synchronize();
for (const fn of [forward, step]) {
  marker.cumsum(0);
  fn();
  marker.cumsum(0);
  torch.cuda.synchronize();
}
