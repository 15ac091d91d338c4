#!/usr/bin/env node
// Evaluation metrics computed with tensor ops, no per-sample JavaScript loops: accuracy,
// precision, recall, F1 (per class, macro and weighted, as sklearn's classification_report
// prints them) and the confusion matrix; then the binary case at a decision threshold.
// Ported from the tutorials' "Evaluation metrics implementation" section.
//   node examples/metrics.mjs [--quick]
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
const near = (a, b) => Math.abs(a - b) < 1e-5;
const nearAll = (t, values) => t.tolist().every((v, i) => near(v, values[i]));

/** confusion[i][j] = how many samples of true class i were predicted as class j. */
function confusionMatrix(target, predicted, numClasses) {
  // each (true, predicted) pair becomes one cell index; one_hot + sum counts them (a bincount)
  const cell = target.mul(numClasses).add(predicted);
  return F.oneHot(cell, numClasses * numClasses).sum(0).view(numClasses, numClasses);
}

/** Per-class precision, recall and F1 from a confusion matrix, plus macro / weighted averages. */
function classificationReport(cm) {
  const cmf = cm.double();
  const tp = cmf.diagonal(); // true positives per class
  const predictedCount = cmf.sum(0); // tp + fp (column sums)
  const support = cmf.sum(1); // tp + fn (row sums)
  // 0/0 (a class never predicted / absent) counts as 0, as sklearn's zero_division=0
  const safeDiv = (a, b) => torch.where(b.gt(0), a.div(b.clamp(1e-12)), torch.zerosLike(a));
  const precision = safeDiv(tp, predictedCount);
  const recall = safeDiv(tp, support);
  const f1 = safeDiv(precision.mul(recall).mul(2), precision.add(recall));
  const weights = support.div(support.sum());
  return {
    accuracy: tp.sum().div(cmf.sum()).item(),
    precision, recall, f1, support,
    macro: { precision: precision.mean().item(), recall: recall.mean().item(), f1: f1.mean().item() },
    weighted: { precision: precision.mul(weights).sum().item(), recall: recall.mul(weights).sum().item(), f1: f1.mul(weights).sum().item() },
  };
}

function printReport(report, names) {
  const row = (name, p, r, f, s) => `${name.padStart(12)} ${p.toFixed(4).padStart(9)} ${r.toFixed(4).padStart(9)} ${f.toFixed(4).padStart(9)} ${String(s).padStart(9)}`;
  console.log(`${''.padStart(12)} ${'precision'.padStart(9)} ${'recall'.padStart(9)} ${'f1-score'.padStart(9)} ${'support'.padStart(9)}`);
  const [p, r, f, s] = [report.precision.tolist(), report.recall.tolist(), report.f1.tolist(), report.support.tolist()];
  names.forEach((name, i) => console.log(row(name, p[i], r[i], f[i], s[i])));
  const total = s.reduce((a, b) => a + b, 0);
  console.log(`${'accuracy'.padStart(12)} ${''.padStart(9)} ${''.padStart(9)} ${report.accuracy.toFixed(4).padStart(9)} ${String(total).padStart(9)}`);
  console.log(row('macro avg', report.macro.precision, report.macro.recall, report.macro.f1, total));
  console.log(row('weighted avg', report.weighted.precision, report.weighted.recall, report.weighted.f1, total));
}

// ---- 1. A small case worked out by hand ---------------------------------------------------------
const yTrue = torch.tensor([0, 1, 2, 2, 1, 0, 1, 2, 2, 0]);
const yPred = torch.tensor([0, 2, 2, 2, 1, 0, 0, 2, 1, 0]);
const cm = confusionMatrix(yTrue, yPred, 3);
console.log('confusion matrix (rows: true class, columns: predicted):\n' + String(cm));
const report = classificationReport(cm);
printReport(report, ['0', '1', '2']);
// the values sklearn.metrics.classification_report gives for these labels
check(JSON.stringify(cm.tolist()) === '[[3,0,0],[1,1,1],[0,1,3]]', 'wrong confusion matrix');
check(near(report.accuracy, 0.7), 'wrong accuracy');
check(nearAll(report.precision, [0.75, 0.5, 0.75]), 'wrong precision');
check(nearAll(report.recall, [1, 1 / 3, 0.75]), 'wrong recall');
check(nearAll(report.f1, [6 / 7, 0.4, 0.75]), 'wrong F1');
check(near(report.macro.f1, (6 / 7 + 0.4 + 0.75) / 3) && near(report.weighted.f1, (3 * 6 / 7 + 3 * 0.4 + 4 * 0.75) / 10), 'wrong averages');

// ---- 2. Metrics of a trained classifier -----------------------------------------------------------
torch.manualSeed(0);
const n = quick ? 1500 : 6000;
const centers = torch.tensor([[0.0, 2.0], [-1.7, -1.0], [1.7, -1.0]]);
const labels = torch.randint(0, 3, [n]);
const points = centers.index(labels).add(torch.randn(n, 2).mul(1.1));
const model = new nn.Linear(2, 3); // multinomial logistic regression
const optimizer = new optim.Adam(model.parameters(), { lr: 0.1 });
for (let step = 0; step < 100; step++) {
  optimizer.zeroGrad();
  F.crossEntropy(model.forward(points), labels).backward();
  optimizer.step();
}
// model.eval(); with torch.no_grad(): preds = model(x).argmax(1)
const testLabels = torch.randint(0, 3, [1000]);
const testPoints = centers.index(testLabels).add(torch.randn(1000, 2).mul(1.1));
const predicted = torch.noGrad(() => model.forward(testPoints).argmax(1));
const cm2 = confusionMatrix(testLabels, predicted, 3);
console.log('\ntrained 3-class classifier, confusion matrix:\n' + String(cm2));
const report2 = classificationReport(cm2);
printReport(report2, ['top', 'left', 'right']);
// cross-check the tensor arithmetic against a plain count
const t = testLabels.tolist(), p = predicted.tolist();
const plainAccuracy = t.filter((v, i) => v === p[i]).length / t.length;
const plainRecall0 = t.filter((v, i) => v === 0 && p[i] === 0).length / t.filter((v) => v === 0).length;
check(near(report2.accuracy, plainAccuracy) && near(report2.recall.tolist()[0], plainRecall0), 'tensor metrics disagree with counting');
check(cm2.sum().item() === 1000, 'confusion matrix does not count every sample');
check(report2.accuracy > 0.8 && report2.macro.f1 > 0.8, `classifier too weak (accuracy ${report2.accuracy})`);

// ---- 3. Binary metrics at a threshold ----------------------------------------------------------
// scores = torch.sigmoid(logits); preds = scores > 0.5; tp = (preds & targets).sum() ...
const isTop = testLabels.eq(0); // "top" class vs the rest
const scores = torch.noGrad(() => model.forward(testPoints).softmax(1).select(1, 0));
const recalls = [];
for (const threshold of [0.3, 0.5, 0.7]) {
  const pred = scores.gt(threshold);
  const tp = pred.logicalAnd(isTop).sum().item();
  const fp = pred.logicalAnd(isTop.logicalNot()).sum().item();
  const fn = pred.logicalNot().logicalAnd(isTop).sum().item();
  const precision = tp / (tp + fp), recall = tp / (tp + fn);
  console.log(`threshold ${threshold}: precision ${precision.toFixed(3)}  recall ${recall.toFixed(3)}  F1 ${((2 * precision * recall) / (precision + recall)).toFixed(3)}`);
  recalls.push(recall);
}
// a higher threshold predicts fewer positives: recall can only fall
check(recalls[0] >= recalls[1] && recalls[1] >= recalls[2] && recalls[0] > recalls[2], 'recall does not fall with the threshold');
if (quick) console.log('\nquick check passed');
