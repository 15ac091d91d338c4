#!/usr/bin/env node
// Saving and resuming a training checkpoint, as in PyTorch's "Saving and loading a general
// checkpoint" recipe: torch.save({ epoch, model_state_dict, optimizer_state_dict, ... }) and,
// later, a fresh model and optimizer restored with load_state_dict. The file is PyTorch's format:
// Python reads it with torch.load(path). (PyTorch 1.13's weights_only=True reader refuses any
// Python float, even in optimizer checkpoints PyTorch wrote itself; later versions accept them.)
// The check: training epochs 1–4 straight through, and training epochs 1–2, saving, loading into
// new objects and training epochs 3–4, give the same losses — the resumed run is the same run.
// (The checkpoint also holds the scheduler state and the RNG state, so shuffling and dropout
// continue exactly where they stopped.)
//   node examples/checkpoint_resume.mjs [--quick] [--keep]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
const tmp = mkdtempSync(path.join(os.tmpdir(), 'tensile-ckpt-'));
if (!process.argv.includes('--keep')) process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
const PATH = path.join(tmp, 'checkpoint.pt');

// ---- Data and model -------------------------------------------------------------------------
torch.manualSeed(0);
const x = torch.randn(quick ? 512 : 4096, 10);
const y = x.narrow(1, 0, 3).sum(1).gt(0).long(); // a simple rule to learn
const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 32, shuffle: true });

class Net extends nn.Module {
  constructor() {
    super();
    this.fc1 = new nn.Linear(10, 32);
    this.bn = new nn.BatchNorm1d(32); // buffers (running stats) travel in the state dict too
    this.drop = new nn.Dropout(0.2); // draws from the RNG, hence the saved RNG state
    this.fc2 = new nn.Linear(32, 2);
  }
  forward(x) {
    return this.fc2.forward(this.drop.forward(nn.functional.relu(this.bn.forward(this.fc1.forward(x)))));
  }
}
const criterion = new nn.CrossEntropyLoss();
const makeAll = () => {
  const model = new Net();
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 }); // momentum buffers are optimizer state
  const scheduler = new optim.lrScheduler.StepLR(optimizer, { stepSize: 1, gamma: 0.7 });
  return { model, optimizer, scheduler };
};

/** One epoch; returns the mean loss. */
function trainEpoch({ model, optimizer, scheduler }) {
  model.train();
  let total = 0, batches = 0;
  for (const [xb, yb] of loader) {
    optimizer.zeroGrad();
    const loss = criterion.forward(model.forward(xb), yb);
    loss.backward();
    optimizer.step();
    total += loss.item();
    batches++;
  }
  scheduler.step();
  return total / batches;
}

const epochs = 4, saveAfter = 2;

// ---- Run A: straight through, saving a checkpoint after epoch 2 ---------------------------------
torch.manualSeed(1);
const a = makeAll();
const lossesA = [];
for (let epoch = 1; epoch <= epochs; epoch++) {
  lossesA.push(trainEpoch(a));
  console.log(`run A  epoch ${epoch}: loss ${lossesA.at(-1).toFixed(6)}  lr ${a.scheduler.getLastLr()[0].toFixed(4)}`);
  if (epoch === saveAfter) {
    // torch.save({'epoch': epoch, 'model_state_dict': model.state_dict(), 'optimizer_state_dict': ..., 'loss': loss}, PATH)
    torch.save({
      epoch,
      model_state_dict: a.model.stateDict(),
      optimizer_state_dict: a.optimizer.stateDict(),
      scheduler_state_dict: a.scheduler.stateDict(),
      loss: lossesA.at(-1),
      rng_state: torch.getRngState(),
    }, PATH);
    console.log(`  saved ${path.basename(PATH)} (${(statSync(PATH).size / 1024).toFixed(1)} KB)`);
  }
}

// ---- Run B: a new process would start here — fresh objects, then load the checkpoint ---------
torch.manualSeed(123); // different initial weights and RNG, all overwritten by the checkpoint
const b = makeAll();
const checkpoint = torch.load(PATH); // checkpoint = torch.load(PATH)
b.model.loadStateDict(checkpoint.model_state_dict); // model.load_state_dict(checkpoint['model_state_dict'])
b.optimizer.loadStateDict(checkpoint.optimizer_state_dict); // optimizer.load_state_dict(checkpoint['optimizer_state_dict'])
b.scheduler.loadStateDict(checkpoint.scheduler_state_dict);
torch.setRngState(checkpoint.rng_state); // torch.set_rng_state(checkpoint['rng_state'])
const startEpoch = checkpoint.epoch + 1;
console.log(`resumed from epoch ${checkpoint.epoch} (saved loss ${checkpoint.loss.toFixed(6)}, lr ${b.optimizer.paramGroups[0].lr.toFixed(4)}); ` +
  `momentum buffers restored: ${b.optimizer.state.size}`);
check(checkpoint.loss === lossesA[saveAfter - 1], 'the saved loss did not round-trip');
check(Object.keys(checkpoint.model_state_dict).includes('bn.num_batches_tracked'), 'buffers missing from the checkpoint');

const lossesB = [];
for (let epoch = startEpoch; epoch <= epochs; epoch++) {
  lossesB.push(trainEpoch(b));
  console.log(`run B  epoch ${epoch}: loss ${lossesB.at(-1).toFixed(6)}  (run A: ${lossesA[epoch - 1].toFixed(6)})`);
}
for (let i = 0; i < lossesB.length; i++) {
  const diff = Math.abs(lossesB[i] - lossesA[saveAfter + i]);
  check(diff <= 1e-6, `resumed loss of epoch ${saveAfter + i + 1} differs by ${diff}`);
}
check(lossesA.at(-1) < lossesA[0], 'training loss did not decrease');
// same final weights, too
const sdA = a.model.stateDict(), sdB = b.model.stateDict();
check(Object.keys(sdA).every((k) => torch.allclose(sdA[k].double(), sdB[k].double(), { atol: 1e-6 })), 'final weights differ');
console.log('resumed run matches the uninterrupted run (losses and final weights)');
if (quick) console.log('\nquick check passed');
