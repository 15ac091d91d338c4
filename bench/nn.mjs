// nn workloads (issue #3): conv2d forward, MLP and CNN training steps, LSTM fwd+bwd,
// TransformerEncoderLayer forward, and the normalization workloads of norm.mjs. Names match the
// `nn` suite of torch_twin.py.
import * as torch from '@tensile/core';
import * as nn from '@tensile/nn';
import * as optim from '@tensile/optim';
import { time } from './harness.mjs';
import { workloads as normWorkloads } from './norm.mjs';

const F = nn.functional;

class MLP extends nn.Module {
  fc1 = new nn.Linear(784, 512);
  fc2 = new nn.Linear(512, 256);
  fc3 = new nn.Linear(256, 10);
  forward(x) {
    return this.fc3.forward(F.relu(this.fc2.forward(F.relu(this.fc1.forward(x)))));
  }
}

// PyTorch's MNIST example network
class CNN extends nn.Module {
  conv1 = new nn.Conv2d(1, 32, 3);
  conv2 = new nn.Conv2d(32, 64, 3);
  fc1 = new nn.Linear(9216, 128);
  fc2 = new nn.Linear(128, 10);
  forward(x) {
    let h = F.relu(this.conv1.forward(x));
    h = F.maxPool2d(F.relu(this.conv2.forward(h)), 2);
    h = F.relu(this.fc1.forward(h.flatten(1)));
    return this.fc2.forward(h);
  }
}

function trainStep(model, opt, x, y) {
  return () => {
    opt.zeroGrad();
    F.crossEntropy(model.forward(x), y).backward();
    opt.step();
  };
}

export function workloads() {
  torch.manualSeed(0);
  const out = {};
  {
    const x = torch.randn(8, 64, 56, 56), w = torch.randn(64, 64, 3, 3), b = torch.randn(64);
    // The output is disposed as it is dropped, as PyTorch's refcount frees it: left to the garbage
    // collector, every call would get fresh pages for its 6.4 MB (about 2 ms of page faults).
    out['conv2d fwd (8,64,56,56) 64x3x3'] = time(() => F.conv2d(x, w, b, { padding: 1 }).dispose(), { reps: 11 });
  }
  {
    const model = new MLP();
    const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
    out['MLP 784-512-256-10 train step b128 (Adam)'] = time(trainStep(model, opt, torch.randn(128, 784), torch.randint(0, 10, [128])), { reps: 15, warmup: 3 });
  }
  {
    const model = new CNN();
    const opt = new optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
    out['CNN train step b64 (SGD momentum)'] = time(trainStep(model, opt, torch.randn(64, 1, 28, 28), torch.randint(0, 10, [64])), { reps: 11, warmup: 2 });
  }
  {
    const lstm = new nn.LSTM(128, 256, { batchFirst: true });
    const x = torch.randn(32, 50, 128);
    out['LSTM 128->256 (32,50,128) fwd+bwd'] = time(() => {
      const [o] = lstm.forward(x);
      o.sum().backward();
    }, { reps: 9 });
  }
  {
    const layer = new nn.TransformerEncoderLayer(256, 8, { dimFeedforward: 1024, batchFirst: true });
    layer.eval();
    const x = torch.randn(16, 128, 256);
    out['TransformerEncoderLayer(256,8,1024) fwd (16,128,256)'] = torch.noGrad(() => time(() => layer.forward(x), { reps: 9 }));
  }
  Object.assign(out, normWorkloads());
  return out;
}
