#!/usr/bin/env node
// Transfer learning, the tutorials' two strategies: (1) feature extraction — load pretrained
// weights, freeze every parameter (param.requires_grad = False), replace the head and train only
// it; (2) selective fine-tuning — unfreeze the last block and give it a smaller learning rate
// than the head with optimizer parameter groups.
// "Pretraining" happens here too, so the example is self-contained: an MLP learns to recognise
// MNIST digits (10 classes), is saved with torch.save, and is then transferred to a new task with
// little data: is the digit odd or even?
//   node examples/fine_tuning.mjs [--quick]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as torch from '@tensile/core';
import * as nn from '@tensile/nn';
import * as optim from '@tensile/optim';
import { DataLoader, TensorDataset } from '@tensile/data';
import { MNIST } from './mnist_dataset.mjs';

const quick = process.argv.includes('--quick') || process.env.TENSILE_QUICK === '1';
function check(ok, message) {
  if (!ok) {
    console.error(`FAILED: ${message}`);
    process.exit(1);
  }
}
torch.manualSeed(0);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'tensile-finetune-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

// ---- Data: digits 0–9 for pretraining; the new task relabels digits as even (0) / odd (1) ------
const [trainX, trainY] = new MNIST({ train: true }).tensors();
const [testX, testY] = new MNIST({ train: false }).tensors();
const take = (x, y, start, n) => [x.narrow(0, start, n).flatten(1), y.narrow(0, start, n)];
const nPre = quick ? 2000 : 6000;
const pretrainSet = take(trainX, trainY, 0, nPre);
// the new task has little data: a few hundred images the pretraining never saw
const parity = ([x, y]) => [x, y.remainder(2)]; // y % 2
const newTrain = parity(take(trainX, trainY, nPre, quick ? 300 : 1000));
const newTest = parity(take(testX, testY, 0, 1000));

class Net extends nn.Module {
  constructor(numClasses) {
    super();
    this.features = new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 128), new nn.ReLU());
    this.fc = new nn.Linear(128, numClasses);
  }
  forward(x) {
    return this.fc.forward(this.features.forward(x));
  }
}

function train(model, optimizer, [x, y], epochs) {
  const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 64, shuffle: true });
  const criterion = new nn.CrossEntropyLoss();
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const [xb, yb] of loader) {
      optimizer.zeroGrad();
      criterion.forward(model.forward(xb), yb).backward();
      optimizer.step();
    }
  }
}
function accuracy(model, [x, y]) {
  model.eval();
  const acc = torch.noGrad(() => model.forward(x).argmax(1).eq(y).float().mean().item());
  model.train();
  return acc;
}
const snapshot = (module) => module.parameters().map((p) => p.detach().clone());
const unchanged = (module, before) => module.parameters().every((p, i) => torch.equal(p, before[i]));

// ---- Pretraining on all ten digits, then torch.save(model.state_dict(), 'pretrained.pt') ---------
const pretrained = new Net(10);
train(pretrained, new optim.Adam(pretrained.parameters(), { lr: 1e-3 }), pretrainSet, quick ? 2 : 5);
const weights = path.join(tmp, 'pretrained.pt');
torch.save(pretrained.stateDict(), weights);
console.log(`pretrained on digits 0-9 (${nPre} images): test accuracy ${(accuracy(pretrained, take(testX, testY, 0, 1000)) * 100).toFixed(1)}%, saved to ${path.basename(weights)}`);

// ---- 1. Feature extraction ------------------------------------------------------------------
const model = new Net(10);
model.loadStateDict(torch.load(weights)); // model.load_state_dict(torch.load('pretrained.pt'))
// for param in model.parameters(): param.requires_grad = False
for (const param of model.parameters()) param.requiresGrad = false;
// model.fc = nn.Linear(num_features, 2): a new head for the new classes, trainable by default
model.fc = new nn.Linear(128, 2);
const trainable = model.parameters().filter((p) => p.requiresGrad).reduce((n, p) => n + p.numel(), 0);
const total = model.parameters().reduce((n, p) => n + p.numel(), 0);
console.log(`feature extraction: ${trainable.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} parameters trainable`);
check(trainable === 128 * 2 + 2, `only the head should be trainable, got ${trainable}`);

const frozenFeatures = snapshot(model.features);
const accBefore = accuracy(model, newTest);
// optimizer = optim.Adam(model.fc.parameters(), lr=0.01)
train(model, new optim.Adam(model.fc.parameters(), { lr: 1e-2 }), newTrain, quick ? 15 : 20);
const accHead = accuracy(model, newTest);
console.log(`odd/even accuracy: ${(accBefore * 100).toFixed(1)}% with an untrained head → ${(accHead * 100).toFixed(1)}% after training the head`);
check(unchanged(model.features, frozenFeatures), 'frozen parameters changed');
check(model.features.parameters().every((p) => p.grad === null), 'frozen parameters received gradients');
check(accHead >= 0.75, `head-only accuracy ${accHead} below 75%`);

// ---- 2. Selective fine-tuning with per-group learning rates --------------------------------
// for name, param in model.named_parameters(): param.requires_grad = 'features.2' in name or 'fc' in name
for (const [name, param] of model.namedParameters()) {
  param.requiresGrad = name.startsWith('features.2.') || name.startsWith('fc.');
}
console.log('trainable now:', model.namedParameters().filter(([, p]) => p.requiresGrad).map(([n]) => n).join(', '));
// optim.Adam([{'params': model.features[2].parameters(), 'lr': 1e-4}, {'params': model.fc.parameters(), 'lr': 1e-3}])
const optimizer = new optim.Adam([
  { params: model.features.get(2).parameters(), lr: 1e-4 },
  { params: model.fc.parameters(), lr: 1e-3 },
]);
console.log('param group lrs:', optimizer.paramGroups.map((g) => g.lr).join(', '));
check(optimizer.paramGroups[0].lr === 1e-4 && optimizer.paramGroups[1].lr === 1e-3, 'wrong group learning rates');
const firstLayer = snapshot(model.features.get(0));
const lastBlock = snapshot(model.features.get(2));
train(model, optimizer, newTrain, quick ? 3 : 10);
const accFine = accuracy(model, newTest);
console.log(`after fine-tuning features.2 and fc: ${(accFine * 100).toFixed(1)}%`);
check(unchanged(model.features.get(0), firstLayer), 'features.0 is frozen but changed');
check(!unchanged(model.features.get(2), lastBlock), 'features.2 is unfrozen but did not change');
check(accFine >= accHead - 0.02, `fine-tuning lost accuracy (${accHead} → ${accFine})`);
if (quick) console.log('\nquick check passed');
