#!/usr/bin/env node
// Custom loss functions as nn.Module subclasses, ported from the tutorials: a mean-absolute-error
// CustomLoss, LabelSmoothingCrossEntropy and FocalLoss. Each is checked against the built-in loss
// it generalises, then FocalLoss trains a classifier on an imbalanced data set.
//   node examples/custom_losses.mjs [--quick]
import * as torch from '@tensile/core';
import * as nn from '@tensile/nn';
import * as optim from '@tensile/optim';

const F = nn.functional;
const quick = process.argv.includes('--quick') || process.env.TENSILE_QUICK === '1';
function check(ok, message) {
  if (!ok) {
    console.error(`FAILED: ${message}`);
    process.exit(1);
  }
}
const close = (a, b) => torch.allclose(a, b, { atol: 1e-6, rtol: 1e-5 });
torch.manualSeed(0);

// class CustomLoss(nn.Module): def forward(self, predictions, targets): return torch.mean(torch.abs(predictions - targets))
class CustomLoss extends nn.Module {
  forward(predictions, targets) {
    return predictions.sub(targets).abs().mean();
  }
}

class LabelSmoothingCrossEntropy extends nn.Module {
  constructor(smoothing = 0.1) {
    super();
    this.smoothing = smoothing;
  }
  forward(pred, target) {
    const nClasses = pred.size(-1);
    const logPred = F.logSoftmax(pred, -1);
    // with torch.no_grad(): the smoothed target distribution
    const trueDist = torch.noGrad(() => {
      const dist = torch.zerosLike(logPred);
      dist.fill_(this.smoothing / (nClasses - 1));
      dist.scatter_(1, target.unsqueeze(1), 1.0 - this.smoothing); // true_dist.scatter_(1, target.unsqueeze(1), 1 - smoothing)
      return dist;
    });
    return trueDist.neg().mul(logPred).sum(-1).mean(); // torch.mean(torch.sum(-true_dist * log_pred, dim=-1))
  }
}

class FocalLoss extends nn.Module {
  constructor({ alpha = 1, gamma = 2, reduction = 'mean' } = {}) {
    super();
    Object.assign(this, { alpha, gamma, reduction });
  }
  forward(inputs, targets) {
    const ceLoss = F.crossEntropy(inputs, targets, { reduction: 'none' });
    const pt = ceLoss.neg().exp(); // pt = torch.exp(-ce_loss)
    const focalLoss = pt.neg().add(1).pow(this.gamma).mul(ceLoss).mul(this.alpha); // alpha * (1 - pt) ** gamma * ce_loss
    if (this.reduction === 'mean') return focalLoss.mean();
    if (this.reduction === 'sum') return focalLoss.sum();
    return focalLoss;
  }
}

// ---- Checks against the built-in losses ------------------------------------------------------
const logits = torch.randn(8, 5, { requiresGrad: true });
const target = torch.randint(0, 5, [8]);
const pred = torch.randn(8, 3), y = torch.randn(8, 3);

const mae = new CustomLoss().forward(pred, y);
console.log(`CustomLoss (MAE) ${mae.item().toFixed(6)}  nn.L1Loss ${new nn.L1Loss().forward(pred, y).item().toFixed(6)}`);
check(close(mae, new nn.L1Loss().forward(pred, y)), 'CustomLoss differs from L1Loss');

// The tutorial puts 1 - ε on the target and ε/(n-1) elsewhere; PyTorch's label_smoothing=ε' puts
// 1 - ε' + ε'/n on the target and ε'/n elsewhere. They agree when ε' = ε·n/(n-1).
const eps = 0.1, n = 5;
const ours = new LabelSmoothingCrossEntropy(eps).forward(logits, target);
const builtin = new nn.CrossEntropyLoss({ labelSmoothing: (eps * n) / (n - 1) }).forward(logits, target);
console.log(`LabelSmoothingCrossEntropy(0.1) ${ours.item().toFixed(6)}  nn.CrossEntropyLoss(label_smoothing=0.125) ${builtin.item().toFixed(6)}`);
check(close(ours, builtin), 'label smoothing differs from CrossEntropyLoss(labelSmoothing)');
check(close(new LabelSmoothingCrossEntropy(0).forward(logits, target), F.crossEntropy(logits, target)), 'smoothing 0 is not cross-entropy');
// and its gradient: the smoothed target minus softmax, over the batch
ours.backward();
const expectedGrad = torch.noGrad(() => logits.softmax(1).sub(
  torch.fullLike(logits, eps / (n - 1)).scatter(1, target.unsqueeze(1), 1 - eps)).div(8));
check(close(logits.grad, expectedGrad), 'wrong label-smoothing gradient');

// Focal loss: γ = 0 is cross-entropy; γ > 0 scales each term down by (1 - p_t)^γ ≤ 1
const ce = F.crossEntropy(logits, target, { reduction: 'none' });
const focal0 = new FocalLoss({ gamma: 0, reduction: 'none' }).forward(logits, target);
const focal2 = new FocalLoss({ gamma: 2, reduction: 'none' }).forward(logits, target);
console.log('per-sample CE   :', String(ce.detach()));
console.log('per-sample focal:', String(focal2.detach()));
check(close(focal0, ce), 'focal loss with gamma 0 is not cross-entropy');
check(focal2.le(ce).all().item(), 'focal loss exceeds cross-entropy');

// ---- Training with FocalLoss on imbalanced classes (10% positives) -----------------------------
function blobs(count) {
  const labels = torch.rand(count).lt(0.1).long(); // 10% class 1
  const centers = torch.tensor([[-1.0, 0.0], [1.0, 0.5]]);
  const x = centers.index(labels).add(torch.randn(count, 2).mul(0.7)); // centers[labels] + noise
  return [x, labels];
}
const [trainX, trainY] = blobs(quick ? 2000 : 10000);
const [testX, testY] = blobs(2000);
const model = new nn.Sequential(new nn.Linear(2, 16), new nn.ReLU(), new nn.Linear(16, 2));
const criterion = new FocalLoss({ alpha: 1, gamma: 2 });
const optimizer = new optim.Adam(model.parameters(), { lr: 0.05 });
let first = 0, last = 0;
const steps = quick ? 150 : 500;
for (let step = 0; step < steps; step++) {
  optimizer.zeroGrad();
  const loss = criterion.forward(model.forward(trainX), trainY);
  loss.backward();
  optimizer.step();
  if (step === 0) first = loss.item();
  last = loss.item();
}
const predicted = torch.noGrad(() => model.forward(testX).argmax(1));
const positives = testY.eq(1);
const recall = predicted.index(positives).eq(1).float().mean().item(); // recall of the rare class
const accuracy = predicted.eq(testY).float().mean().item();
console.log(`focal-loss training: loss ${first.toFixed(4)} → ${last.toFixed(4)}, test accuracy ${(accuracy * 100).toFixed(1)}%, ` +
  `rare-class recall ${(recall * 100).toFixed(1)}%`);
check(last < first / 2, 'focal loss did not decrease');
check(accuracy > 0.9 && recall > 0.5, `weak classifier (accuracy ${accuracy}, recall ${recall})`);
if (quick) console.log('\nquick check passed');
