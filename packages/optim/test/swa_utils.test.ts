// Stochastic weight averaging against PyTorch 1.13: AveragedModel (SWA mean and an EMA) over
// three weight snapshots of a Linear + BatchNorm1d model, its state-dict keys, and update_bn.
import { expect, test } from 'vitest';
import * as torch from '@tensile/core';
import * as nn from '@tensile/nn';
import * as optim from '@tensile/optim';
import { expectClose, golden } from './fixture';

const swa = golden.swa;
const makeModel = () => new nn.Sequential(new nn.Linear(3, 4), new nn.BatchNorm1d(4));

function setWeights(model: nn.Module, flatValues: number[][]): void {
  torch.noGrad(() => model.parameters().forEach((p, i) => p.copy_(torch.tensor(flatValues[i]).reshape(p.shape))));
}

test('AveragedModel: SWA running mean and EMA match PyTorch', () => {
  const model = makeModel();
  const avg = new optim.swaUtils.AveragedModel(model, { copy: makeModel });
  const ema = new optim.swaUtils.AveragedModel(model, { copy: makeModel, avgFn: (a, m) => a.mul(0.9).add(m.mul(0.1)) });
  for (const snap of swa.snapshots) {
    setWeights(model, snap);
    avg.updateParameters(model);
    ema.updateParameters(model);
  }
  avg.parameters().forEach((p, i) => expectClose(Array.from(p.detach().toArray() as Float32Array), swa.swa[i], 1e-6, 1e-6, `swa ${i}`));
  ema.parameters().forEach((p, i) => expectClose(Array.from(p.detach().toArray() as Float32Array), swa.ema[i], 1e-6, 1e-6, `ema ${i}`));
  expect(avg.n_averaged.item()).toBe(swa.n_averaged);
  expect(avg.n_averaged.dtype).toBe('int64');
  expect(Object.keys(avg.stateDict())).toEqual(swa.state_dict_keys);
  // the copy shares no storage with the model
  expect(avg.parameters()[0]).not.toBe(model.parameters()[0]);
});

test('AveragedModel state dict round-trips', () => {
  const model = makeModel();
  const a = new optim.swaUtils.AveragedModel(model, { copy: makeModel });
  setWeights(model, swa.snapshots[0]);
  a.updateParameters(model);
  const b = new optim.swaUtils.AveragedModel(makeModel(), { copy: makeModel });
  b.loadStateDict(a.stateDict());
  expect(b.n_averaged.item()).toBe(1);
  expectClose(Array.from(b.parameters()[0].detach().toArray() as Float32Array), swa.snapshots[0][0], 0, 0, 'weight');
});

test('updateBn recomputes batch-norm statistics as a cumulative average', () => {
  const model = makeModel();
  const avg = new optim.swaUtils.AveragedModel(model, { copy: makeModel });
  for (const snap of swa.snapshots) {
    setWeights(model, snap);
    avg.updateParameters(model);
  }
  const loader = swa.batches.map((b: number[]) => [torch.tensor(b).reshape(5, 3), torch.zeros(5)]);
  const bn = (avg.module as nn.Sequential).get(1) as nn.BatchNorm1d;
  (avg.module as nn.Module).eval();
  optim.swaUtils.updateBn(loader, avg.module as unknown as optim.swaUtils.BnModel);
  expectClose(Array.from(bn.running_mean!.toArray() as Float32Array), swa.running_mean, 1e-5, 1e-6, 'running_mean');
  expectClose(Array.from(bn.running_var!.toArray() as Float32Array), swa.running_var, 1e-5, 1e-6, 'running_var');
  expect(Number(bn.num_batches_tracked!.item())).toBe(swa.num_batches_tracked);
  expect(bn.momentum).toBe(swa.bn_momentum);
  expect((avg.module as nn.Module).training).toBe(false);
});

test('getEmaAvgFn blends with the given decay', () => {
  const f = optim.swaUtils.getEmaAvgFn(0.75);
  const out = f(torch.tensor([1, 2]), torch.tensor([5, 6]), torch.tensor(3));
  expect(Array.from(out.toArray() as Float32Array)).toEqual([2, 3]);
});
