import * as torch from '@tensile/core';
import * as nn from '@tensile/nn';
import * as optim from '@tensile/optim';
const F = nn.functional;
torch.setNumThreads(2);
torch.manualSeed(0);
class CNN extends nn.Module {
  conv1 = new nn.Conv2d(1, 32, 3); conv2 = new nn.Conv2d(32, 64, 3);
  fc1 = new nn.Linear(9216, 128); fc2 = new nn.Linear(128, 10);
  forward(x) {
    let h = F.relu(this.conv1.forward(x));
    h = F.maxPool2d(F.relu(this.conv2.forward(h)), 2);
    h = F.relu(this.fc1.forward(h.flatten(1)));
    return this.fc2.forward(h);
  }
}
const model = new CNN();
const opt = new optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
const x = torch.randn(64, 1, 28, 28), y = torch.randint(0, 10, [64]);
for (let i = 0; i < 60; i++) { opt.zeroGrad(); F.crossEntropy(model.forward(x), y).backward(); opt.step(); }
