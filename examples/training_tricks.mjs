#!/usr/bin/env node
// The "advanced techniques" of the tutorials in one training loop: a learning-rate scheduler
// (StepLR), gradient clipping (clip_grad_norm_), gradient accumulation (loss / accumulation_steps,
// step every N batches) and early stopping on the validation loss, restoring the best weights.
// Task: fit a noisy sine from 64 points with an over-sized MLP, which overfits — so the
// validation loss turns back up and early stopping has something to do.
//   node examples/training_tricks.mjs [--quick]
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

// ---- Data: y = sin(3x) + noise ------------------------------------------------------------
function makeData(n, noise) {
  const x = torch.rand(n, 1).mul(4).sub(2); // U(-2, 2)
  return [x, x.mul(3).sin().add(torch.randn(n, 1).mul(noise))];
}
const [trainX, trainY] = makeData(64, 0.3);
const [valX, valY] = makeData(512, 0.3);
const trainLoader = new DataLoader(new TensorDataset(trainX, trainY), { batchSize: 8, shuffle: true });

const makeModel = () => new nn.Sequential(
  new nn.Linear(1, 128), new nn.Tanh(), new nn.Linear(128, 128), new nn.Tanh(), new nn.Linear(128, 1));
const model = makeModel();
const criterion = new nn.MSELoss();

// ---- Gradient accumulation, checked: 4 micro-batches of 16 with loss / 4 give the gradient of
// one batch of 64 (MSELoss averages, hence the division).
const accumulationSteps = 4;
model.zeroGrad();
criterion.forward(model.forward(trainX), trainY).backward();
const fullBatchGrads = model.parameters().map((p) => p.grad.clone());
model.zeroGrad();
for (let i = 0; i < accumulationSteps; i++) {
  const xb = trainX.narrow(0, i * 16, 16), yb = trainY.narrow(0, i * 16, 16);
  criterion.forward(model.forward(xb), yb).div(accumulationSteps).backward(); // loss = loss / accumulation_steps
}
const same = model.parameters().every((p, i) => torch.allclose(p.grad, fullBatchGrads[i], { atol: 1e-6 }));
console.log(`accumulated micro-batch gradients equal the full-batch gradient: ${same}`);
check(same, 'accumulated gradients differ from the full-batch gradient');
model.zeroGrad();

// ---- Training loop ----------------------------------------------------------------------------
const baseLr = 1e-2, maxNorm = 1.0;
const optimizer = new optim.Adam(model.parameters(), { lr: baseLr });
const scheduler = new optim.lrScheduler.StepLR(optimizer, { stepSize: 15, gamma: 0.5 }); // StepLR(optimizer, step_size=15, gamma=0.5)
// optim.EarlyStopping is the tutorials' EarlyStopping class (patience, min_delta, counter, best)
const earlyStopping = new optim.EarlyStopping({ mode: 'min', patience: 20, minDelta: 1e-4 });
const maxEpochs = quick ? 600 : 2000;

const validate = () => {
  model.eval();
  const loss = torch.noGrad(() => criterion.forward(model.forward(valX), valY).item());
  model.train();
  return loss;
};
// best_state = copy.deepcopy(model.state_dict())
const cloneState = (sd) => Object.fromEntries(Object.entries(sd).map(([k, v]) => [k, v.clone()]));
let bestState = cloneState(model.stateDict()), bestEpoch = 0;
let maxClippedNorm = 0, clippedSteps = 0, steps = 0, epoch = 0;
const firstVal = validate();

for (epoch = 1; epoch <= maxEpochs; epoch++) {
  let i = 0;
  optimizer.zeroGrad();
  for (const [x, y] of trainLoader) {
    const loss = criterion.forward(model.forward(x), y).div(accumulationSteps);
    loss.backward();
    if ((i + 1) % accumulationSteps === 0) {
      // clip_grad_norm_ returns the norm before clipping
      const norm = nn.utils.clipGradNorm_(model.parameters(), maxNorm).item();
      if (norm > maxNorm) clippedSteps++;
      const after = torch.noGrad(() => torch.stack(model.parameters().map((p) => p.grad.norm())).norm().item());
      maxClippedNorm = Math.max(maxClippedNorm, after);
      optimizer.step();
      optimizer.zeroGrad();
      steps++;
    }
    i++;
  }
  scheduler.step(); // once per epoch, after optimizer.step()

  const valLoss = validate();
  const stop = earlyStopping.step(valLoss);
  if (earlyStopping.improved) {
    bestState = cloneState(model.stateDict()); // "save_checkpoint"
    bestEpoch = epoch;
  }
  if (epoch % 15 === 0 || stop) {
    console.log(`epoch ${String(epoch).padStart(4)}  val loss ${valLoss.toFixed(4)}  best ${earlyStopping.best.toFixed(4)} (epoch ${bestEpoch})  ` +
      `lr ${scheduler.getLastLr()[0].toExponential(2)}  bad epochs ${earlyStopping.numBadEpochs}`);
  }
  if (stop) {
    console.log(`early stopping at epoch ${epoch}: no improvement for ${earlyStopping.numBadEpochs} epochs`);
    break;
  }
}

model.loadStateDict(bestState); // model.load_state_dict(best_state)
const restored = validate();
console.log(`restored the weights of epoch ${bestEpoch}: val loss ${restored.toFixed(4)} (started at ${firstVal.toFixed(4)})`);
console.log(`${steps} optimizer steps (effective batch ${8 * accumulationSteps}), ${clippedSteps} of them clipped; ` +
  `largest gradient norm after clipping ${maxClippedNorm.toFixed(4)}`);

const epochsRun = Math.min(epoch, maxEpochs);
const expectedLr = baseLr * 0.5 ** Math.floor(epochsRun / 15);
check(epoch <= maxEpochs, 'early stopping never triggered');
check(Math.abs(restored - earlyStopping.best) < 1e-6, `restored weights give ${restored}, not the best ${earlyStopping.best}`);
check(restored < firstVal / 3, `validation loss did not decrease enough (${firstVal} → ${restored})`);
check(maxClippedNorm <= maxNorm * (1 + 1e-4), `a clipped gradient norm exceeds ${maxNorm}`);
check(Math.abs(scheduler.getLastLr()[0] - expectedLr) < 1e-12, `StepLR lr ${scheduler.getLastLr()[0]} != ${expectedLr}`);
if (quick) console.log('\nquick check passed');
