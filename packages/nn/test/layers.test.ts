/**
 * Every layer and loss against PyTorch: the layer is built here, PyTorch's state dict loaded
 * into it, and output, input gradients, parameter gradients and post-call state compared.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as torch from '@tensile/core';
import * as nn from '@tensile/nn';
import { dec, expectClose, type Enc } from './golden';

interface Case {
  name: string;
  kind: 'module' | 'functional';
  train?: boolean;
  state?: Record<string, Enc>;
  inputs: (Enc | null)[];
  out: Enc;
  upstream?: Enc;
  inputGrads?: (Enc | null)[];
  paramGrads?: Record<string, Enc>;
  stateAfter?: Record<string, Enc>;
}
const golden = JSON.parse(readFileSync(new URL('./golden/nn.json', import.meta.url), 'utf8')) as { cases: Case[] };

const F = nn.functional;
const MODULES: Record<string, () => nn.Module> = {
  Linear: () => new nn.Linear(4, 5),
  Linear3d: () => new nn.Linear(4, 2),
  LinearNoBias: () => new nn.Linear(4, 5, { bias: false }),
  Bilinear: () => new nn.Bilinear(3, 4, 2),
  Identity: () => new nn.Identity(),
  Flatten: () => new nn.Flatten(),
  Unflatten: () => new nn.Unflatten(1, [2, 2]),
  ReLU: () => new nn.ReLU(),
  ReLU6: () => new nn.ReLU6(),
  LeakyReLU: () => new nn.LeakyReLU(0.2),
  PReLU: () => new nn.PReLU(4),
  ELU: () => new nn.ELU(0.7),
  SELU: () => new nn.SELU(),
  CELU: () => new nn.CELU(1.3),
  GELU: () => new nn.GELU(),
  GELUTanh: () => new nn.GELU({ approximate: 'tanh' }),
  SiLU: () => new nn.SiLU(),
  Mish: () => new nn.Mish(),
  Sigmoid: () => new nn.Sigmoid(),
  Tanh: () => new nn.Tanh(),
  Softmax: () => new nn.Softmax(1),
  LogSoftmax: () => new nn.LogSoftmax(1),
  Softmin: () => new nn.Softmin(1),
  Softplus: () => new nn.Softplus({ beta: 2, threshold: 3 }),
  Softsign: () => new nn.Softsign(),
  Hardswish: () => new nn.Hardswish(),
  Hardsigmoid: () => new nn.Hardsigmoid(),
  Hardtanh: () => new nn.Hardtanh(-0.5, 1.5),
  Tanhshrink: () => new nn.Tanhshrink(),
  Threshold: () => new nn.Threshold(0.3, -2),
  GLU: () => new nn.GLU(),
  Hardshrink: () => new nn.Hardshrink(0.6),
  Softshrink: () => new nn.Softshrink(0.4),
  LogSigmoid: () => new nn.LogSigmoid(),
  Dropout_eval: () => new nn.Dropout(0.5),
  BatchNorm1d_train: () => new nn.BatchNorm1d(4),
  BatchNorm1d_eval: () => new nn.BatchNorm1d(4),
  BatchNorm1d_3d_train: () => new nn.BatchNorm1d(3),
  BatchNorm1d_cma: () => new nn.BatchNorm1d(4, { momentum: null }),
  BatchNorm2d_train: () => new nn.BatchNorm2d(3),
  BatchNorm2d_noaffine: () => new nn.BatchNorm2d(3, { affine: false }),
  BatchNorm3d_train: () => new nn.BatchNorm3d(2),
  LayerNorm: () => new nn.LayerNorm(5),
  LayerNorm2: () => new nn.LayerNorm([4, 4]),
  GroupNorm: () => new nn.GroupNorm(2, 4),
  InstanceNorm1d: () => new nn.InstanceNorm1d(3),
  InstanceNorm2d_track: () => new nn.InstanceNorm2d(3, { affine: true, trackRunningStats: true }),
  LocalResponseNorm: () => new nn.LocalResponseNorm(3),
  Embedding: () => new nn.Embedding(10, 3),
  EmbeddingPad: () => new nn.Embedding(10, 3, { paddingIdx: 2 }),
  EmbeddingMaxNorm: () => new nn.Embedding(10, 3, { maxNorm: 1 }),
  EmbeddingBagSum: () => new nn.EmbeddingBag(10, 3, { mode: 'sum' }),
  EmbeddingBagMean: () => new nn.EmbeddingBag(10, 3, { mode: 'mean' }),
  EmbeddingBagMax: () => new nn.EmbeddingBag(10, 3, { mode: 'max' }),
  EmbeddingBag2d: () => new nn.EmbeddingBag(10, 3),
  CosineSimilarity: () => new nn.CosineSimilarity(),
  PairwiseDistance: () => new nn.PairwiseDistance(),
  MSELoss: () => new nn.MSELoss(),
  MSELoss_sum: () => new nn.MSELoss({ reduction: 'sum' }),
  L1Loss_none: () => new nn.L1Loss({ reduction: 'none' }),
  SmoothL1Loss: () => new nn.SmoothL1Loss({ beta: 0.5 }),
  HuberLoss: () => new nn.HuberLoss({ delta: 0.7 }),
  CrossEntropyLoss: () => new nn.CrossEntropyLoss(),
  // weights are buffers: loadStateDict fills them from PyTorch's state dict
  CrossEntropyLoss_w_ign: () => new nn.CrossEntropyLoss(torch.zeros(5), { ignoreIndex: -100 }),
  CrossEntropyLoss_ls: () => new nn.CrossEntropyLoss({ weight: torch.zeros(5), labelSmoothing: 0.1 }),
  CrossEntropyLoss_ls_nw: () => new nn.CrossEntropyLoss({ labelSmoothing: 0.2, reduction: 'sum' }),
  CrossEntropyLoss_probs: () => new nn.CrossEntropyLoss({ labelSmoothing: 0.1 }),
  CrossEntropyLoss_kdim: () => new nn.CrossEntropyLoss({ reduction: 'none' }),
  CrossEntropyLoss_kdim_mean: () => new nn.CrossEntropyLoss(torch.zeros(3)),
  NLLLoss: () => new nn.NLLLoss(torch.zeros(5)),
  BCELoss: () => new nn.BCELoss(),
  BCELoss_w: () => new nn.BCELoss(torch.zeros(4), { reduction: 'sum' }),
  BCEWithLogitsLoss: () => new nn.BCEWithLogitsLoss(),
  BCEWithLogitsLoss_pw: () => new nn.BCEWithLogitsLoss({ weight: torch.zeros(4), posWeight: torch.zeros(4) }),
  KLDivLoss_batchmean: () => new nn.KLDivLoss({ reduction: 'batchmean' }),
  KLDivLoss_logtarget: () => new nn.KLDivLoss({ reduction: 'sum', logTarget: true }),
  CosineEmbeddingLoss: () => new nn.CosineEmbeddingLoss({ margin: 0.2 }),
  MarginRankingLoss: () => new nn.MarginRankingLoss({ margin: 0.3 }),
  HingeEmbeddingLoss: () => new nn.HingeEmbeddingLoss({ margin: 1.5 }),
  TripletMarginLoss: () => new nn.TripletMarginLoss({ margin: 1, swap: true }),
  MultiLabelSoftMarginLoss: () => new nn.MultiLabelSoftMarginLoss(torch.zeros(4)),
  PoissonNLLLoss: () => new nn.PoissonNLLLoss(),
  PoissonNLLLoss_full: () => new nn.PoissonNLLLoss({ logInput: false, full: true }),
  GaussianNLLLoss: () => new nn.GaussianNLLLoss({ full: true }),
  SoftMarginLoss: () => new nn.SoftMarginLoss(),
  CTCLoss: () => new nn.CTCLoss(),
  CTCLoss_sum_concat: () => new nn.CTCLoss({ reduction: 'sum', blank: 0 }),
};

type Fn = (...xs: torch.Tensor[]) => torch.Tensor;
const FUNCTIONS: Record<string, Fn> = {
  pad_constant: (x) => F.pad(x, [1, 2, 0, 1], 'constant', 0.5),
  pad_crop: (x) => F.pad(x, [-1, 1]),
  pad_reflect: (x) => F.pad(x, [2, 1, 1, 2], 'reflect'),
  pad_replicate: (x) => F.pad(x, [2, 1, 1, 2], 'replicate'),
  pad_circular: (x) => F.pad(x, [2, 1, 1, 2], 'circular'),
  normalize: (x) => F.normalize(x, { dim: 1 }),
  one_hot: (t) => F.oneHot(t, 5),
  linear: (x, w, b) => F.linear(x, w, b),
  gelu: (x) => F.gelu(x),
  elu: (x) => F.elu(x, 0.5),
  prelu_scalar: (x, w) => F.prelu(x, w),
  batch_norm_fn: (x, w, b) => F.batchNorm(x, null, null, { weight: w, bias: b, training: true }),
  layer_norm_fn: (x) => F.layerNorm(x, [5]),
  group_norm_fn: (x) => F.groupNorm(x, 3),
  instance_norm_fn: (x) => F.instanceNorm(x),
  cosine_similarity_fn: (a, b) => F.cosineSimilarity(a, b, 0),
  softmax_implicit: (x) => F.softmax(x, -1),
};

function inputsOf(c: Case): torch.Tensor[] {
  return c.inputs.map((e, i) => {
    const t = dec(e!);
    const wantsGrad = c.inputGrads?.[i] != null;
    return wantsGrad ? t.requiresGrad_(true) : t;
  });
}

describe('layers and losses match PyTorch', () => {
  for (const c of golden.cases.filter((x) => x.kind === 'module')) {
    it(c.name, () => {
      const make = MODULES[c.name];
      expect(make, `no factory for ${c.name}`).toBeDefined();
      const m = make();
      const sd = Object.fromEntries(Object.entries(c.state!).map(([k, v]) => [k, dec(v)]));
      expect(Object.keys(m.stateDict())).toEqual(Object.keys(sd));
      m.loadStateDict(sd);
      m.train(c.train ?? false);
      const xs = inputsOf(c);
      const out = (m.forward as (...a: torch.Tensor[]) => torch.Tensor)(...xs);
      expectClose(out, c.out, `${c.name} output`);
      if (c.upstream) {
        out.backward(dec(c.upstream));
        c.inputGrads!.forEach((g, i) => g && expectClose(xs[i].grad!, g, `${c.name} grad input ${i}`));
        const params = Object.fromEntries(m.namedParameters());
        for (const [k, g] of Object.entries(c.paramGrads ?? {})) {
          expect(params[k].grad, `${c.name} grad ${k}`).not.toBeNull();
          expectClose(params[k].grad!, g, `${c.name} grad ${k}`);
        }
      }
      const after = m.stateDict();
      for (const [k, v] of Object.entries(c.stateAfter ?? {})) expectClose(after[k], v, `${c.name} state after ${k}`);
    });
  }
});

describe('functional forms match PyTorch', () => {
  for (const c of golden.cases.filter((x) => x.kind === 'functional')) {
    it(c.name, () => {
      const fn = FUNCTIONS[c.name];
      expect(fn, `no function for ${c.name}`).toBeDefined();
      const xs = inputsOf(c);
      const out = fn(...xs);
      expectClose(out, c.out, `${c.name} output`);
      if (c.upstream) {
        out.backward(dec(c.upstream));
        c.inputGrads!.forEach((g, i) => g && expectClose(xs[i].grad!, g, `${c.name} grad input ${i}`));
      }
    });
  }
});

describe('class-index losses refuse targets out of range in PyTorch 1.13 words', () => {
  const F = nn.functional;
  it('nll_loss and cross_entropy name the offending target; ignore_index is exempt', () => {
    // messages as torch.nn.functional.nll_loss / cross_entropy raise them on the CPU
    expect(() => F.nllLoss(torch.zeros(2, 3), torch.tensor([0, 5]))).toThrow('Target 5 is out of bounds.');
    expect(() => F.nllLoss(torch.zeros(2, 3), torch.tensor([0, -3]))).toThrow('Target -3 is out of bounds.');
    expect(() => F.nllLoss(torch.zeros(2, 3), torch.tensor([-5, 12]))).toThrow('Target -5 is out of bounds.');
    expect(() => F.crossEntropy(torch.zeros(2, 3, 4), torch.tensor([[0, 1, 3, 0], [0, 0, 0, 0]]))).toThrow('Target 3 is out of bounds.');
    expect(F.nllLoss(torch.zeros(2, 3), torch.tensor([0, -100])).item()).toBe(0);
    expect(F.nllLoss(torch.zeros(2, 3), torch.tensor([0, 5]), { ignoreIndex: 5 }).item()).toBe(0);
    // gather keeps its own wording
    expect(() => torch.zeros(2, 3).gather(1, torch.tensor([[0], [5]]))).toThrow('index 5 is out of bounds for dimension 1 with size 3');
  });
});
