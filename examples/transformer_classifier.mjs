#!/usr/bin/env node
// A Transformer encoder classifier: Embedding · √d_model + sinusoidal PositionalEncoding (the
// tutorials' class, buffer and all) → nn.TransformerEncoder → mean over positions → Linear.
// Synthetic task that needs word order: every sequence holds one token A and one token B among
// filler tokens; the label says whether A comes before B. Without positions the encoder could
// not tell (attention alone is order-blind).
//   node examples/transformer_classifier.mjs [--quick]
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

// ---- Data ------------------------------------------------------------------------------
const vocabSize = 12, seqLen = 8, A = 1, B = 2; // tokens 3..11 are filler, 0 is unused
function makeData(n) {
  const x = torch.randint(3, vocabSize, [n, seqLen]);
  // two distinct random positions per row: the first two entries of a random permutation
  const pos = torch.rand(n, seqLen).argsort(1).narrow(1, 0, 2); // (n, 2)
  x.scatter_(1, pos.narrow(1, 0, 1), A); // x[i, pos[i, 0]] = A
  x.scatter_(1, pos.narrow(1, 1, 1), B); // x[i, pos[i, 1]] = B
  const y = pos.select(1, 0).lt(pos.select(1, 1)).long(); // 1 when A comes first
  return [x, y];
}
const [trainX, trainY] = makeData(quick ? 2048 : 8192);
const [testX, testY] = makeData(1000);
console.log('first training sequence:', String(trainX.index(0)), ' label', trainY.index(0).item());

// ---- Model -----------------------------------------------------------------------------
class PositionalEncoding extends nn.Module {
  constructor(dModel, maxLen = 5000) {
    super();
    const pe = torch.zeros(maxLen, dModel);
    const position = torch.arange(0, maxLen, { dtype: 'float32' }).unsqueeze(1);
    // div_term = torch.exp(torch.arange(0, d_model, 2).float() * (-math.log(10000.0) / d_model))
    const divTerm = torch.arange(0, dModel, 2).float().mul(-Math.log(10000.0) / dModel).exp();
    pe.indexPut_([':', '0::2'], position.mul(divTerm).sin()); // pe[:, 0::2] = torch.sin(position * div_term)
    pe.indexPut_([':', '1::2'], position.mul(divTerm).cos()); // pe[:, 1::2] = torch.cos(position * div_term)
    this.registerBuffer('pe', pe.unsqueeze(0)); // self.register_buffer('pe', pe.unsqueeze(0))
  }
  forward(x) {
    return x.add(this.pe.index(':', `:${x.size(1)}`, ':')); // x + self.pe[:, :x.size(1), :]
  }
}

class TransformerClassifier extends nn.Module {
  constructor({ vocabSize, dModel, nhead, numLayers, dimFeedforward, numClasses, maxLen }) {
    super();
    this.dModel = dModel;
    this.embedding = new nn.Embedding(vocabSize, dModel);
    this.posEncoder = new PositionalEncoding(dModel, maxLen);
    // normFirst (pre-LN, as in GPT-style encoders) trains more stably than post-LN on small data
    const layer = new nn.TransformerEncoderLayer({ dModel, nhead, dimFeedforward, dropout: 0.0, batchFirst: true, normFirst: true });
    this.encoder = new nn.TransformerEncoder(layer, numLayers);
    this.fc = new nn.Linear(dModel, numClasses);
  }
  forward(src) {
    let x = this.embedding.forward(src).mul(Math.sqrt(this.dModel)); // self.embedding(src) * math.sqrt(d_model)
    x = this.posEncoder.forward(x);
    x = this.encoder.forward(x); // (batch, seq, d_model)
    return this.fc.forward(x.mean(1)); // mean-pool over positions, then classify
  }
}

const model = new TransformerClassifier({ vocabSize, dModel: 32, nhead: 4, numLayers: 2, dimFeedforward: 64, numClasses: 2, maxLen: 64 });
const nParams = model.parameters().reduce((n, p) => n + p.numel(), 0);
console.log(`TransformerClassifier: ${nParams.toLocaleString('en-US')} parameters; buffers: ${model.namedBuffers().map(([k]) => k).join(', ')}`);
check(!model.parameters().includes(model.posEncoder.pe), 'the positional encoding must be a buffer, not a parameter');

const loader = new DataLoader(new TensorDataset(trainX, trainY), { batchSize: 64, shuffle: true });
const criterion = new nn.CrossEntropyLoss();
const optimizer = new optim.AdamW(model.parameters(), { lr: 4e-3, weightDecay: 0.01 });
const epochs = quick ? 6 : 15;
// Transformers like a warm-up: LinearLR from 10% over the first epoch's steps, then constant.
const scheduler = new optim.lrScheduler.LinearLR(optimizer, { startFactor: 0.1, totalIters: loader.length });

const accuracy = (x, y) => {
  model.eval();
  const acc = torch.noGrad(() => model.forward(x).argmax(1).eq(y).float().mean().item());
  model.train();
  return acc;
};
// Transformers trained at a high learning rate can spike for an epoch (PyTorch's do too on this
// task): like early stopping, judge the best epoch's accuracy.
let firstLoss = null, lastLoss = 0, acc = 0, best = 0;
for (let epoch = 1; epoch <= epochs; epoch++) {
  let total = 0, batches = 0;
  for (const [x, y] of loader) {
    optimizer.zeroGrad();
    const loss = criterion.forward(model.forward(x), y);
    loss.backward();
    nn.utils.clipGradNorm_(model.parameters(), 1.0);
    optimizer.step();
    scheduler.step();
    total += loss.item();
    batches++;
  }
  lastLoss = total / batches;
  firstLoss ??= lastLoss;
  acc = accuracy(testX, testY);
  best = Math.max(best, acc);
  console.log(`epoch ${String(epoch).padStart(2)}: train loss ${lastLoss.toFixed(4)}  test accuracy ${(acc * 100).toFixed(1)}%`);
}
check(lastLoss < firstLoss * 0.75, `training loss did not decrease enough (${firstLoss} → ${lastLoss})`);
check(best >= (quick ? 0.85 : 0.95), `best test accuracy ${best} too low`);
if (quick) console.log('\nquick check passed');
