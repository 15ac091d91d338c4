#!/usr/bin/env node
// A classifier for a table read from a CSV file: the PyTorch tutorial pipeline of
// pandas-style preprocessing → tensors → TensorDataset → random_split → DataLoader → MLP,
// with the standard training loop (zero_grad / backward / step) and a no_grad evaluation.
// Data: examples/data/credit.csv (synthetic; regenerate with `node examples/data/make_credit_csv.mjs`).
//   node examples/tabular_classifier.mjs [--quick] [--epochs N]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as torch from '@tensile/core';
import * as nn from '@tensile/nn';
import * as optim from '@tensile/optim';
import { DataLoader, TensorDataset, randomSplit } from '@tensile/data';

const F = nn.functional;
const quick = process.argv.includes('--quick') || process.env.TENSILE_QUICK === '1';
const epochsArg = process.argv.indexOf('--epochs');
const epochs = epochsArg >= 0 ? Number(process.argv[epochsArg + 1]) : quick ? 15 : 25;
function check(ok, message) {
  if (!ok) {
    console.error(`FAILED: ${message}`);
    process.exit(1);
  }
}
torch.manualSeed(0);

// ---- Read the CSV (pd.read_csv) ---------------------------------------------------------
const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data', 'credit.csv');
const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
const columns = header.split(',');
const rows = lines.map((line) => line.split(','));
const column = (name) => rows.map((r) => r[columns.indexOf(name)]);
console.log(`${rows.length} rows, columns: ${columns.join(', ')}`);

// ---- Features ------------------------------------------------------------------------------
// Numeric columns, standardised: (x - x.mean(0)) / x.std(0)
const numeric = ['age', 'income', 'debt_ratio', 'years_employed'];
const raw = torch.tensor(rows.map((_, i) => numeric.map((c) => Number(column(c)[i]))), { dtype: 'float32' });
const numericFeatures = raw.sub(raw.mean(0)).div(raw.std(0));

// Categorical columns, one-hot encoded: F.one_hot(codes, num_classes).float()
function oneHot(name) {
  const values = column(name);
  const categories = [...new Set(values)].sort();
  const codes = torch.tensor(values.map((v) => categories.indexOf(v))); // int64, like LongTensor
  console.log(`  ${name}: ${categories.join(' / ')}`);
  return F.oneHot(codes, categories.length).float();
}
console.log('one-hot columns:');
const features = torch.cat([numericFeatures, oneHot('employment'), oneHot('housing')], 1); // torch.cat([...], dim=1)

// Labels: class indices (int64) for CrossEntropyLoss
const classes = ['low', 'medium', 'high'];
const labels = torch.tensor(column('risk').map((r) => classes.indexOf(r)));
console.log(`features ${JSON.stringify(features.shape)}, labels ${JSON.stringify(labels.shape)}`);

// ---- Dataset and loaders ---------------------------------------------------------------
const dataset = new TensorDataset(features, labels); // TensorDataset(X, y)
const [trainSet, valSet] = randomSplit(dataset, [0.8, 0.2], new torch.Generator().manualSeed(42));
const trainLoader = new DataLoader(trainSet, { batchSize: 32, shuffle: true });
const valLoader = new DataLoader(valSet, { batchSize: 128 });
console.log(`train ${trainSet.length} rows (${trainLoader.length} batches), validation ${valSet.length} rows`);

// ---- Model -----------------------------------------------------------------------------
class TabularNet extends nn.Module {
  constructor(inFeatures, numClasses) {
    super(); // super().__init__()
    this.net = new nn.Sequential(
      new nn.Linear(inFeatures, 32),
      new nn.ReLU(),
      new nn.Dropout(0.1),
      new nn.Linear(32, 16),
      new nn.ReLU(),
      new nn.Linear(16, numClasses),
    );
  }
  forward(x) {
    return this.net.forward(x);
  }
}
const model = new TabularNet(features.shape[1], classes.length);
const criterion = new nn.CrossEntropyLoss();
const optimizer = new optim.Adam(model.parameters(), { lr: 1e-2 });

// Evaluation: model.eval(); with torch.no_grad(): ...; _, predicted = torch.max(outputs, 1)
function evaluate(loader) {
  model.eval();
  let correct = 0, total = 0, lossSum = 0;
  torch.noGrad(() => {
    for (const [x, y] of loader) {
      const outputs = model.forward(x);
      lossSum += criterion.forward(outputs, y).item() * y.shape[0];
      const predicted = outputs.max(1).indices;
      correct += predicted.eq(y).sum().item(); // (predicted == y).sum().item()
      total += y.size(0);
    }
  });
  model.train();
  return { loss: lossSum / total, accuracy: correct / total };
}

const before = evaluate(valLoader);
console.log(`before training: validation loss ${before.loss.toFixed(4)}, accuracy ${(before.accuracy * 100).toFixed(1)}%`);
let after = before;
for (let epoch = 1; epoch <= epochs; epoch++) {
  let running = 0, seen = 0;
  for (const [x, y] of trainLoader) {
    optimizer.zeroGrad();
    const loss = criterion.forward(model.forward(x), y);
    loss.backward();
    optimizer.step();
    running += loss.item() * y.shape[0];
    seen += y.shape[0];
  }
  after = evaluate(valLoader);
  if (epoch % 5 === 0 || epoch === epochs) {
    console.log(`epoch ${String(epoch).padStart(2)}: train loss ${(running / seen).toFixed(4)}  ` +
      `val loss ${after.loss.toFixed(4)}  val accuracy ${(after.accuracy * 100).toFixed(1)}%`);
  }
}
check(after.loss < before.loss * 0.6, `validation loss did not decrease enough (${before.loss} → ${after.loss})`);
check(after.accuracy >= 0.75, `validation accuracy ${after.accuracy} below 75% (the majority class is 50%)`);
if (quick) console.log('\nquick check passed');
