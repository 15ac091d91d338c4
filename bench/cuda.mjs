// CUDA workloads (issue #8), timed only where torch.cuda.isAvailable(): GEMMs through cuBLAS,
// elementwise add against the device's own copy bandwidth, the MNIST CNN training step, and
// ResNet-18 (the conv stack: forward, and a training step; the forward again without cuDNN, which
// times our implicit-GEMM convolution beside PyTorch's own fallback). The step workloads run
// through cuDNN's graph API (the default) and again through its legacy API (rows named
// ", cuDNN legacy API").
// Every sample ends with torch.cuda.synchronize(), as the PyTorch twin's does. Names match
// the `cuda` suite of torch_twin.py. Run: node bench/run.mjs cuda
import * as torch from '@tensile/core';
import * as nn from '@tensile/nn';
import * as optim from '@tensile/optim';
import { time } from './harness.mjs';

const N = 4096, ADD = 256 * 1024 * 1024;
// The step workloads warm up for 2 s, as torch_twin.py's do: a fresh process needs a few hundred
// steps before a training loop runs at its steady pace (V8's optimizing compiler, cuDNN's plans,
// the allocator's cache filled with what the collector returns), and the steady pace is what a
// training run spends its time at (bench/cuda_profile.mjs warmup shows the first steps).
const STEP = { reps: 15, warmup: 3, warmupSeconds: 2 };

function synced(fn) {
  return () => {
    const r = fn();
    torch.cuda.synchronize();
    r?.dispose?.();
  };
}

/** torchvision's resnet18 layout (BasicBlock x [2, 2, 2, 2]), written out so neither side needs torchvision. */
class BasicBlock extends nn.Module {
  constructor(cin, cout, stride) {
    super();
    this.conv1 = new nn.Conv2d(cin, cout, 3, { stride, padding: 1, bias: false });
    this.bn1 = new nn.BatchNorm2d(cout);
    this.conv2 = new nn.Conv2d(cout, cout, 3, { padding: 1, bias: false });
    this.bn2 = new nn.BatchNorm2d(cout);
    this.downsample = stride !== 1 || cin !== cout
      ? new nn.Sequential(new nn.Conv2d(cin, cout, 1, { stride, bias: false }), new nn.BatchNorm2d(cout))
      : null;
  }
  forward(x) {
    const F = nn.functional;
    const y = this.bn2.forward(this.conv2.forward(F.relu(this.bn1.forward(this.conv1.forward(x)))));
    return F.relu(y.add(this.downsample ? this.downsample.forward(x) : x));
  }
}
export function resnet18() {
  const layers = [new nn.Conv2d(3, 64, 7, { stride: 2, padding: 3, bias: false }), new nn.BatchNorm2d(64), new nn.ReLU(), new nn.MaxPool2d(3, { stride: 2, padding: 1 })];
  let cin = 64;
  for (const [cout, stride] of [[64, 1], [128, 2], [256, 2], [512, 2]]) {
    layers.push(new BasicBlock(cin, cout, stride), new BasicBlock(cout, cout, 1));
    cin = cout;
  }
  layers.push(new nn.AdaptiveAvgPool2d(1), new nn.Flatten(), new nn.Linear(512, 1000));
  return new nn.Sequential(...layers);
}

/**
 * The MNIST CNN (PyTorch's MNIST example, as the torch twin writes it) on the GPU with SGD
 * (momentum 0.9) and a batch of 64: `step` runs one training step, left unsynchronized.
 */
export function mnistTraining() {
  torch.manualSeed(0);
  const model = new nn.Sequential(
    new nn.Conv2d(1, 32, 3), new nn.ReLU(), new nn.Conv2d(32, 64, 3), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Flatten(), new nn.Linear(9216, 128), new nn.ReLU(), new nn.Linear(128, 10),
  ).to('cuda');
  const opt = new optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
  const x = torch.randn([64, 1, 28, 28], { device: 'cuda' }), y = torch.randint(0, 10, [64]).to('cuda');
  const step = () => {
    opt.zeroGrad();
    nn.functional.crossEntropy(model.forward(x), y).backward();
    opt.step();
  };
  return { model, opt, x, y, step };
}

export function workloads() {
  if (!torch.cuda.isAvailable()) return {};
  const out = {};
  for (const dt of ['float32', 'float16']) {
    const a = torch.randn([N, N], { device: 'cuda', dtype: dt }), b = torch.randn([N, N], { device: 'cuda', dtype: dt });
    out[`cuda ${dt === 'float32' ? 's' : 'h'}gemm ${N}^3`] = time(synced(() => a.matmul(b)), { reps: 9, warmup: 2 });
    a.dispose();
    b.dispose();
  }
  {
    const x = torch.randn([ADD], { device: 'cuda' }), y = torch.randn([ADD], { device: 'cuda' });
    const dst = torch.empty([ADD], { device: 'cuda' });
    out['cuda add 256M'] = time(synced(() => x.add(y)), { reps: 9 });
    out['cuda copy 256M (device to device)'] = time(synced(() => { dst.copy_(x); }), { reps: 9 });
    for (const t of [x, y, dst]) t.dispose();
  }
  // the step workloads through each of cuDNN's two APIs (cudnn.cu): the graph API, our default
  // and PyTorch's, then the legacy convolution API (TENSILE_CUDNN_API=legacy)
  const api = process.env.TENSILE_CUDNN_API;
  try {
    for (const [suffix, value] of [['', 'graph'], [', cuDNN legacy API', 'legacy']]) {
      process.env.TENSILE_CUDNN_API = value;
      steps(out, suffix);
    }
  } finally {
    if (api === undefined) delete process.env.TENSILE_CUDNN_API;
    else process.env.TENSILE_CUDNN_API = api;
  }
  {
    // the convolutions without cuDNN: our implicit-GEMM kernel (conv.cu)
    torch.manualSeed(0);
    const model = resnet18().to('cuda');
    const x = torch.randn([32, 3, 224, 224], { device: 'cuda' });
    torch.backends.cudnn.enabled = false;
    try {
      out['cuda ResNet-18 forward b32 224px, no cuDNN'] = torch.noGrad(() => time(synced(() => model.forward(x)), { reps: 5, warmup: 1 }));
    } finally {
      torch.backends.cudnn.enabled = true;
    }
  }
  return out;
}

/** The MNIST CNN training step and ResNet-18's forward and training step, named with `suffix`. */
function steps(out, suffix) {
  out[`cuda MNIST CNN train step b64${suffix}`] = time(synced(mnistTraining().step), STEP);
  {
    torch.manualSeed(0);
    const model = resnet18().to('cuda');
    const opt = new optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
    const x = torch.randn([32, 3, 224, 224], { device: 'cuda' }), y = torch.randint(0, 1000, [32]).to('cuda');
    out[`cuda ResNet-18 forward b32 224px${suffix}`] = torch.noGrad(() => time(synced(() => model.forward(x)), STEP));
    out[`cuda ResNet-18 train step b32 224px${suffix}`] = time(synced(() => {
      opt.zeroGrad();
      nn.functional.crossEntropy(model.forward(x), y).backward();
      opt.step();
    }), STEP);
  }
}

/** Figures derived from times: TFLOP/s for the GEMMs, GB/s moved for add (3 x 1 GiB) and copy (2 x 1 GiB). */
export const rates = {
  [`cuda sgemm ${N}^3`]: (s) => `${((2 * N ** 3) / s / 1e12).toFixed(1)} TFLOP/s`,
  [`cuda hgemm ${N}^3`]: (s) => `${((2 * N ** 3) / s / 1e12).toFixed(1)} TFLOP/s`,
  'cuda add 256M': (s) => `${((3 * 4 * ADD) / s / 1e9).toFixed(0)} GB/s`,
  'cuda copy 256M (device to device)': (s) => `${((2 * 4 * ADD) / s / 1e9).toFixed(0)} GB/s`,
};
