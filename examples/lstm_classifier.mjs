#!/usr/bin/env node
// An LSTM sequence classifier (the tutorials' LSTMClassifier: LSTM → last hidden states of both
// directions → dropout → Linear) on a synthetic task: is the sum of a sequence of random numbers
// positive? The answer needs the whole sequence, so the model must carry a running total.
//   node examples/lstm_classifier.mjs [--quick]
import * as torch from '@tensile/core';
import * as nn from '@tensile/nn';
import * as optim from '@tensile/optim';
import { DataLoader, TensorDataset } from '@tensile/data';

const quick = process.argv.includes('--quick') || process.env.TENSILE_QUICK === '1';
function check(ok, message) {
  if (!ok) {
    console.error(`FAILED: ${message}`);
    process.exit(1);
  }
}
torch.manualSeed(0);

// Data: x (batch, seq_len, 1) ~ N(0, 1); y = 1 if x.sum() > 0 else 0
const seqLen = 12;
function makeData(n) {
  const x = torch.randn(n, seqLen, 1);
  const y = x.sum([1, 2]).gt(0).long(); // (x.sum(dim=(1, 2)) > 0).long()
  return [x, y];
}
const [trainX, trainY] = makeData(quick ? 2048 : 8192);
const [testX, testY] = makeData(1000);
const loader = new DataLoader(new TensorDataset(trainX, trainY), { batchSize: 64, shuffle: true });

class LSTMClassifier extends nn.Module {
  constructor(inputDim, hiddenDim, outputDim, { nLayers = 1, dropout = 0.2, bidirectional = true } = {}) {
    super();
    // nn.LSTM(input_dim, hidden_dim, n_layers, batch_first=True, bidirectional=True)
    this.lstm = new nn.LSTM(inputDim, hiddenDim, { numLayers: nLayers, batchFirst: true, bidirectional });
    this.fc = new nn.Linear(bidirectional ? hiddenDim * 2 : hiddenDim, outputDim);
    this.dropout = new nn.Dropout(dropout);
  }
  forward(x) {
    // output, (hidden, cell) = self.lstm(x)
    const [, [hidden]] = this.lstm.forward(x);
    // hidden: (num_layers * num_directions, batch, hidden_dim); join the last layer's two directions
    // torch.cat((hidden[-2, :, :], hidden[-1, :, :]), dim=1)
    const last = this.lstm.bidirectional ? torch.cat([hidden.index(-2), hidden.index(-1)], 1) : hidden.index(-1);
    return this.fc.forward(this.dropout.forward(last));
  }
}

const model = new LSTMClassifier(1, 24, 2);
console.log(String(model));
const criterion = new nn.CrossEntropyLoss();
const optimizer = new optim.Adam(model.parameters(), { lr: 1e-2 });

function accuracy(x, y) {
  model.eval();
  const acc = torch.noGrad(() => model.forward(x).argmax(1).eq(y).float().mean().item());
  model.train();
  return acc;
}

const epochs = quick ? 4 : 15;
const before = accuracy(testX, testY);
let firstLoss = null, lastLoss = 0, acc = before;
for (let epoch = 1; epoch <= epochs; epoch++) {
  let total = 0, batches = 0;
  for (const [x, y] of loader) {
    optimizer.zeroGrad();
    const loss = criterion.forward(model.forward(x), y);
    loss.backward();
    nn.utils.clipGradNorm_(model.parameters(), 1.0); // usual for RNNs
    optimizer.step();
    total += loss.item();
    batches++;
  }
  lastLoss = total / batches;
  firstLoss ??= lastLoss;
  acc = accuracy(testX, testY);
  console.log(`epoch ${String(epoch).padStart(2)}: train loss ${lastLoss.toFixed(4)}  test accuracy ${(acc * 100).toFixed(1)}%`);
}
console.log(`accuracy before training ${(before * 100).toFixed(1)}%, after ${(acc * 100).toFixed(1)}%`);
check(lastLoss < firstLoss, `training loss did not decrease (${firstLoss} → ${lastLoss})`);
check(acc >= (quick ? 0.9 : 0.95), `test accuracy ${acc} too low`);
if (quick) console.log('\nquick check passed');
