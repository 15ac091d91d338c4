// Every scheduler's learning rates (and cycled momenta) against PyTorch 1.13 over enough epochs
// to cover its phases, and its state dict's keys and values.
import { expect, test } from 'vitest';
import * as torch from '@tensile/core';
import * as optim from '@tensile/optim';
import { expectClose, expectStateEqual, golden } from './fixture';

const S = optim.lrScheduler;
const LAMBDAS: Record<string, (e: number) => number> = {
  pow095: (e) => 0.95 ** e, const09: () => 0.9, halfevery3: (e) => 0.5 ** Math.floor(e / 3),
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Spec = { type: string; [k: string]: any };
type Sched = optim.lrScheduler.LRScheduler | optim.lrScheduler.ReduceLROnPlateau;

function build(opt: optim.Optimizer, spec: Spec): Sched {
  const { type, ...o } = spec;
  switch (type) {
    case 'LambdaLR': return new S.LambdaLR(opt, Array.isArray(o.lambda) ? o.lambda.map((n: string) => LAMBDAS[n]) : LAMBDAS[o.lambda]);
    case 'MultiplicativeLR': return new S.MultiplicativeLR(opt, LAMBDAS[o.lambda]);
    case 'StepLR': return new S.StepLR(opt, o as { stepSize: number });
    case 'MultiStepLR': return new S.MultiStepLR(opt, o as { milestones: number[] });
    case 'ConstantLR': return new S.ConstantLR(opt, o);
    case 'LinearLR': return new S.LinearLR(opt, o);
    case 'ExponentialLR': return new S.ExponentialLR(opt, o as { gamma: number });
    case 'PolynomialLR': return new S.PolynomialLR(opt, o);
    case 'CosineAnnealingLR': return new S.CosineAnnealingLR(opt, o as { TMax: number });
    case 'CosineAnnealingWarmRestarts': return new S.CosineAnnealingWarmRestarts(opt, o as { T0: number });
    case 'CyclicLR': return new S.CyclicLR(opt, o as optim.lrScheduler.CyclicLROptions);
    case 'OneCycleLR': return new S.OneCycleLR(opt, o as optim.lrScheduler.OneCycleLROptions);
    case 'ReduceLROnPlateau': return new S.ReduceLROnPlateau(opt, o);
    case 'SequentialLR':
      return new S.SequentialLR(opt, { schedulers: o.schedulers.map((s: Spec) => build(opt, s)), milestones: o.milestones });
    case 'ChainedScheduler': return new S.ChainedScheduler(o.schedulers.map((s: Spec) => build(opt, s)));
    case 'SWALR': return new optim.swaUtils.SWALR(opt, o as optim.swaUtils.SWALROptions);
  }
  throw new Error('unknown scheduler ' + type);
}

function makeOpt(kind: string): optim.Optimizer {
  const ps = [torch.zeros(2).requiresGrad_(true), torch.zeros(2).requiresGrad_(true)];
  if (kind === 'adam') return new optim.Adam([{ params: [ps[0]] }, { params: [ps[1]], lr: 0.05 }], { lr: 0.1 });
  return new optim.SGD([{ params: [ps[0]] }, { params: [ps[1]], lr: 0.05 }], { lr: 0.1, momentum: 0.9 });
}

const momentumOf = (g: optim.ParamGroup) => (g.momentum !== undefined ? g.momentum : g.betas[0]);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
test.each((golden.schedulers as any[]).map((c) => [c.name, c]))('%s', (_n, c) => {
  const opt = makeOpt(c.optimizer);
  const sched = build(opt, c.spec);
  const lrs = [opt.paramGroups.map((g) => g.lr)];
  const momenta = [opt.paramGroups.map(momentumOf)];
  for (let e = 0; e < c.epochs; e++) {
    opt.step();
    if (c.metrics) (sched as optim.lrScheduler.ReduceLROnPlateau).step(c.metrics[e]);
    else (sched as optim.lrScheduler.LRScheduler).step();
    lrs.push(opt.paramGroups.map((g) => g.lr));
    momenta.push(opt.paramGroups.map(momentumOf));
  }
  expectClose(lrs.flat(), c.lrs.flat(), 1e-12, 1e-15, 'lr');
  expectClose(momenta.flat(), c.momenta.flat(), 1e-12, 1e-15, 'momentum');
  expect(sched.getLastLr()).toEqual(opt.paramGroups.map((g) => g.lr));
  expectStateEqual(sched.stateDict(), c.state_dict, 1e-12, 1e-15, 'state_dict');
  // the keys the scheduler adds to the groups (initial_lr, max_lr, swa_lr ...) are PyTorch's
  for (const [i, g] of opt.paramGroups.entries()) {
    const { params: _p, ...rest } = g;
    expect(Object.keys(rest).sort()).toEqual(Object.keys(c.param_groups[i]).sort());
  }
});

test('a scheduler resumes from its state dict', () => {
  const a = makeOpt('sgd'), b = makeOpt('sgd');
  const sa = new S.CosineAnnealingLR(a, 7, { etaMin: 0.01 });
  for (let e = 0; e < 4; e++) sa.step();
  const sd = sa.stateDict();
  b.loadStateDict(a.stateDict());
  const sb = new S.CosineAnnealingLR(b, { TMax: 7, etaMin: 0.01 });
  sb.loadStateDict(sd);
  expect(sb.lastEpoch).toBe(4);
  for (let e = 0; e < 5; e++) {
    sa.step();
    sb.step();
    expect(sb.getLastLr()).toEqual(sa.getLastLr());
  }
});

test('warm-up with LinearLR + SequentialLR, and positional forms', () => {
  const opt = makeOpt('sgd');
  const warm = new S.LinearLR(opt, { startFactor: 0.1, totalIters: 2 });
  const main = new S.StepLR(opt, 2, { gamma: 0.5 });
  const sched = new S.SequentialLR(opt, { schedulers: [warm, main], milestones: [2] });
  const seen = [sched.getLastLr()[0]];
  for (let e = 0; e < 5; e++) {
    sched.step();
    seen.push(sched.getLastLr()[0]);
  }
  expectClose(seen, [0.01, 0.055, 0.1, 0.1, 0.05, 0.05], 1e-12, 1e-15, 'warm-up');
});

test('resuming without initial_lr and non-optimizers are refused', () => {
  const opt = makeOpt('sgd');
  expect(() => new S.StepLR(opt, { stepSize: 2, lastEpoch: 3 })).toThrow("param 'initial_lr' is not specified in param_groups[0] when resuming an optimizer");
  expect(() => new S.StepLR({} as optim.Optimizer, { stepSize: 2 })).toThrow('is not an Optimizer');
  expect(() => new S.ConstantLR(opt, { factor: 2 })).toThrow('Constant multiplicative factor expected to be between 0 and 1.');
});
