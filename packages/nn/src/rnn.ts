/**
 * `nn.RNN`, `nn.LSTM`, `nn.GRU` and their cells (torch/nn/modules/rnn.py), over the native
 * recurrent op in functional/rnn.ts. Parameter names, shapes, gate order and initialisation
 * are PyTorch's, so state dicts load either way.
 * @module
 */
import * as torch from '@tensile/core';
import type { Tensor } from '@tensile/core';
import { dropout } from './functional/dropout';
import { inputProjection, rnnLayerOp, rnnLayers, type RnnLayerWeights, type RnnMode } from './functional/rnn';
import type { FactoryOptions } from './linear';
import { Module } from './module';
import { Parameter } from './parameter';
import { pyBool, pyFloat } from './repr';

/** The shape of a packed batch (`nn.utils.rnn.PackedSequence`); matched structurally. */
export interface PackedSequenceLike {
  data: Tensor;
  batchSizes: Tensor;
  sortedIndices: Tensor | null;
  unsortedIndices: Tensor | null;
}

function isPacked(x: unknown): x is PackedSequenceLike {
  return typeof x === 'object' && x !== null && 'data' in x && 'batchSizes' in x && !(x instanceof torch.Tensor);
}

/** Options of `nn.RNN`, `nn.LSTM`, `nn.GRU`. */
export interface RNNOptions extends FactoryOptions {
  numLayers?: number;
  nonlinearity?: 'tanh' | 'relu';
  bias?: boolean;
  batchFirst?: boolean;
  dropout?: number;
  bidirectional?: boolean;
  /** LSTM only: project h to this size (PyTorch's proj_size). */
  projSize?: number;
}

const GATES: Record<RnnMode, number> = { tanh: 1, relu: 1, lstm: 4, gru: 3 };

/** PyTorch's `RNNBase`: parameters per (layer, direction) and the stacked forward. */
export class RNNBase extends Module {
  mode: RnnMode;
  inputSize: number;
  hiddenSize: number;
  numLayers: number;
  bias: boolean;
  batchFirst: boolean;
  dropout: number;
  bidirectional: boolean;
  projSize: number;
  // Layer 0's parameters, typed for convenience; every layer's are registered under PyTorch's names.
  declare weight_ih_l0: Parameter;
  declare weight_hh_l0: Parameter;
  declare bias_ih_l0: Parameter | null;
  declare bias_hh_l0: Parameter | null;

  constructor(mode: RnnMode, inputSize: number, hiddenSize: number, opts: RNNOptions = {}) {
    super();
    this.mode = mode;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = opts.numLayers ?? 1;
    this.bias = opts.bias ?? true;
    this.batchFirst = opts.batchFirst ?? false;
    this.dropout = opts.dropout ?? 0;
    this.bidirectional = opts.bidirectional ?? false;
    this.projSize = opts.projSize ?? 0;
    if (!(this.dropout >= 0 && this.dropout <= 1)) throw new Error('dropout should be a number in range [0, 1] representing the probability of an element being zeroed');
    if (hiddenSize <= 0) throw new Error('hidden_size must be greater than zero');
    if (this.numLayers <= 0) throw new Error('num_layers must be greater than zero');
    if (this.projSize < 0) throw new Error('proj_size should be a positive integer or zero to disable projections');
    if (this.projSize >= hiddenSize) throw new Error('proj_size has to be smaller than hidden_size');
    if (this.projSize > 0 && mode !== 'lstm') throw new Error('proj_size argument is only supported for LSTM, not RNN or GRU');
    const f = { dtype: opts.dtype, device: opts.device };
    const gh = GATES[mode] * hiddenSize;
    const real = this.projSize > 0 ? this.projSize : hiddenSize;
    const dirs = this.bidirectional ? 2 : 1;
    for (let l = 0; l < this.numLayers; l++)
      for (let d = 0; d < dirs; d++) {
        const sfx = `_l${l}${d === 1 ? '_reverse' : ''}`;
        const inSize = l === 0 ? inputSize : real * dirs;
        this.registerParameter(`weight_ih${sfx}`, new Parameter(torch.empty([gh, inSize], f)));
        this.registerParameter(`weight_hh${sfx}`, new Parameter(torch.empty([gh, real], f)));
        if (this.bias) {
          this.registerParameter(`bias_ih${sfx}`, new Parameter(torch.empty([gh], f)));
          this.registerParameter(`bias_hh${sfx}`, new Parameter(torch.empty([gh], f)));
        }
        if (this.projSize > 0) this.registerParameter(`weight_hr${sfx}`, new Parameter(torch.empty([this.projSize, hiddenSize], f)));
      }
    this.resetParameters();
  }

  /** PyTorch's default: every weight and bias U(−1/√hidden, 1/√hidden). */
  resetParameters(): void {
    const std = this.hiddenSize > 0 ? 1 / Math.sqrt(this.hiddenSize) : 0;
    torch.noGrad(() => {
      for (const p of this.parameters()) p.uniform_(-std, std);
    });
  }

  private param(name: string): Tensor | null {
    return ((this as unknown as Record<string, Tensor | null | undefined>)[name]) ?? null;
  }

  /** The weights of each (layer, direction), in PyTorch's `_flat_weights` order. */
  layerWeights(): RnnLayerWeights[] {
    const out: RnnLayerWeights[] = [];
    const dirs = this.bidirectional ? 2 : 1;
    for (let l = 0; l < this.numLayers; l++)
      for (let d = 0; d < dirs; d++) {
        const sfx = `_l${l}${d === 1 ? '_reverse' : ''}`;
        out.push({
          wIh: this.param(`weight_ih${sfx}`)!, wHh: this.param(`weight_hh${sfx}`)!,
          bIh: this.param(`bias_ih${sfx}`), bHh: this.param(`bias_hh${sfx}`), wHr: this.param(`weight_hr${sfx}`),
        });
      }
    return out;
  }

  /** @internal The shared forward: returns output (as given: packed / batch-first) and h_n, c_n. */
  _run(input: Tensor | PackedSequenceLike, hx: Tensor | null, cx: Tensor | null): [Tensor | PackedSequenceLike, Tensor, Tensor | null] {
    const name = this.mode === 'lstm' ? 'LSTM' : this.mode === 'gru' ? 'GRU' : 'RNN';
    const dirs = this.bidirectional ? 2 : 1;
    const real = this.projSize > 0 ? this.projSize : this.hiddenSize;
    let x: Tensor;
    let batchSizes: Tensor | null = null;
    let bs: number[] | null = null;
    let unbatched = false;
    if (isPacked(input)) {
      bs = Array.from(input.batchSizes.toArray() as ArrayLike<number | bigint>, Number);
      batchSizes = torch.tensor(bs, { dtype: 'int64' });
      x = padPacked(input.data, bs);
    } else {
      if (input.ndim !== 2 && input.ndim !== 3) throw new Error(`${name}: Expected input to be 2-D or 3-D but received ${input.ndim}-D tensor`);
      unbatched = input.ndim === 2;
      x = unbatched ? input.unsqueeze(1) : this.batchFirst ? input.transpose(0, 1) : input;
    }
    if (x.shape[2] !== this.inputSize) throw new Error(`input.size(-1) must be equal to input_size. Expected ${this.inputSize}, got ${x.shape[2]}`);
    const B = x.shape[1];
    const sorted = isPacked(input) ? input.sortedIndices : null;
    const prep = (h: Tensor | null, size: number, what: string): Tensor => {
      const expected = [this.numLayers * dirs, B, size];
      if (h === null) return torch.zeros(expected, { dtype: x.dtype, device: x.device });
      let t = h;
      if (unbatched) {
        if (t.ndim !== 2) throw new Error(`For unbatched 2-D input, ${what} should also be 2-D but got ${t.ndim}-D tensor`);
        t = t.unsqueeze(1);
      } else if (t.ndim !== 3) throw new Error(`For batched 3-D input, ${what} should also be 3-D but got ${t.ndim}-D tensor`);
      if (sorted) t = t.indexSelect(1, sorted);
      if (t.shape.join() !== expected.join())
        throw new Error(`Expected hidden size (${expected.join(', ')}), got [${t.shape.join(', ')}]`);
      return t;
    };
    const h0 = prep(hx, real, 'hx');
    const c0 = this.mode === 'lstm' ? prep(cx, this.hiddenSize, 'cx') : null;
    const r = rnnLayers(this.mode, x, h0, c0, this.layerWeights(), {
      numLayers: this.numLayers, bidirectional: this.bidirectional, dropout: this.dropout, training: this.training, batchSizes,
      dropoutFn: (t, p, training) => dropout(t, p, training),
    });
    let hn = r.hn, cn = r.cn;
    if (isPacked(input)) {
      const unsorted = input.unsortedIndices;
      if (unsorted) {
        hn = hn.indexSelect(1, unsorted);
        cn = cn ? cn.indexSelect(1, unsorted) : null;
      }
      const data = packPadded(r.out, bs!);
      const Ctor = (input as object).constructor as new (...a: unknown[]) => PackedSequenceLike;
      const packed = (Ctor as unknown) === Object
        ? { data, batchSizes: input.batchSizes, sortedIndices: input.sortedIndices, unsortedIndices: input.unsortedIndices }
        : new Ctor(data, input.batchSizes, input.sortedIndices, input.unsortedIndices);
      return [packed, hn, cn];
    }
    let out = r.out;
    if (unbatched) {
      out = out.squeeze(1);
      hn = hn.squeeze(1);
      cn = cn ? cn.squeeze(1) : null;
    } else if (this.batchFirst) out = out.transpose(0, 1);
    return [out, hn, cn];
  }

  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (this.projSize !== 0) s += `, proj_size=${this.projSize}`;
    if (this.numLayers !== 1) s += `, num_layers=${this.numLayers}`;
    if (this.mode === 'relu') s += ", nonlinearity='relu'";
    if (!this.bias) s += ', bias=False';
    if (this.batchFirst) s += ', batch_first=True';
    if (this.dropout !== 0) s += `, dropout=${pyFloat(this.dropout)}`;
    if (this.bidirectional) s += `, bidirectional=${pyBool(true)}`;
    return s;
  }
}

/** Row index of packed data for every padded (t, b) slot; slots past a step's batch read a zero row. */
function padPacked(data: Tensor, bs: number[]): Tensor {
  const T = bs.length, B = bs[0] ?? 0, N = data.shape[0];
  const idx = new Array<number>(T * B);
  let off = 0;
  for (let t = 0; t < T; t++) {
    for (let b = 0; b < B; b++) idx[t * B + b] = b < bs[t] ? off + b : N;
    off += bs[t];
  }
  const withZero = torch.cat([data, torch.zeros([1, data.shape[1]], { dtype: data.dtype, device: data.device })], 0);
  return withZero.indexSelect(0, torch.tensor(idx, { dtype: 'int64' })).view([T, B, data.shape[1]]);
}

function packPadded(out: Tensor, bs: number[]): Tensor {
  const [T, B, P] = out.shape;
  const idx: number[] = [];
  for (let t = 0; t < T; t++) for (let b = 0; b < bs[t]; b++) idx.push(t * B + b);
  return out.reshape([T * B, P]).indexSelect(0, torch.tensor(idx, { dtype: 'int64' }));
}

/** `nn.RNN(inputSize, hiddenSize, { numLayers, nonlinearity, bias, batchFirst, dropout, bidirectional })` → [output, h_n]. */
export class RNN extends RNNBase {
  nonlinearity: 'tanh' | 'relu';
  constructor(inputSize: number, hiddenSize: number, opts: RNNOptions = {}) {
    const nl = opts.nonlinearity ?? 'tanh';
    if (nl !== 'tanh' && nl !== 'relu') throw new Error(`Unknown nonlinearity '${nl}'. Select from 'tanh' or 'relu'.`);
    super(nl, inputSize, hiddenSize, opts);
    this.nonlinearity = nl;
  }
  override forward(input: Tensor, hx?: Tensor | null): [Tensor, Tensor];
  override forward(input: PackedSequenceLike, hx?: Tensor | null): [PackedSequenceLike, Tensor];
  override forward(input: Tensor | PackedSequenceLike, hx: Tensor | null = null): [Tensor | PackedSequenceLike, Tensor] {
    const [out, h] = this._run(input, hx, null);
    return [out, h];
  }
}

/** `nn.LSTM(inputSize, hiddenSize, { numLayers, bias, batchFirst, dropout, bidirectional, projSize })` → [output, [h_n, c_n]]. */
export class LSTM extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, opts: RNNOptions = {}) {
    super('lstm', inputSize, hiddenSize, opts);
  }
  override forward(input: Tensor, hx?: [Tensor, Tensor] | null): [Tensor, [Tensor, Tensor]];
  override forward(input: PackedSequenceLike, hx?: [Tensor, Tensor] | null): [PackedSequenceLike, [Tensor, Tensor]];
  override forward(input: Tensor | PackedSequenceLike, hx: [Tensor, Tensor] | null = null): [Tensor | PackedSequenceLike, [Tensor, Tensor]] {
    const [out, h, c] = this._run(input, hx ? hx[0] : null, hx ? hx[1] : null);
    return [out, [h, c!]];
  }
}

/** `nn.GRU(inputSize, hiddenSize, { numLayers, bias, batchFirst, dropout, bidirectional })` → [output, h_n]. */
export class GRU extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, opts: RNNOptions = {}) {
    super('gru', inputSize, hiddenSize, opts);
  }
  override forward(input: Tensor, hx?: Tensor | null): [Tensor, Tensor];
  override forward(input: PackedSequenceLike, hx?: Tensor | null): [PackedSequenceLike, Tensor];
  override forward(input: Tensor | PackedSequenceLike, hx: Tensor | null = null): [Tensor | PackedSequenceLike, Tensor] {
    const [out, h] = this._run(input, hx, null);
    return [out, h];
  }
}

/** PyTorch's `RNNCellBase`: weight_ih, weight_hh, bias_ih, bias_hh. */
export class RNNCellBase extends Module {
  inputSize: number;
  hiddenSize: number;
  bias: boolean;
  weight_ih: Parameter;
  weight_hh: Parameter;
  bias_ih: Parameter | null;
  bias_hh: Parameter | null;
  constructor(protected readonly mode: RnnMode, inputSize: number, hiddenSize: number, opts: { bias?: boolean } & FactoryOptions = {}) {
    super();
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.bias = opts.bias ?? true;
    const f = { dtype: opts.dtype, device: opts.device };
    const gh = GATES[mode] * hiddenSize;
    this.weight_ih = new Parameter(torch.empty([gh, inputSize], f));
    this.weight_hh = new Parameter(torch.empty([gh, hiddenSize], f));
    this.bias_ih = this.bias ? new Parameter(torch.empty([gh], f)) : null;
    this.bias_hh = this.bias ? new Parameter(torch.empty([gh], f)) : null;
    this.resetParameters();
  }
  /** PyTorch's default: U(−1/√hidden, 1/√hidden). */
  resetParameters(): void {
    const std = this.hiddenSize > 0 ? 1 / Math.sqrt(this.hiddenSize) : 0;
    torch.noGrad(() => {
      for (const p of this.parameters()) p.uniform_(-std, std);
    });
  }
  /** @internal One step: the recurrent op with T = 1. */
  _step(input: Tensor, hx: Tensor | null, cx: Tensor | null): [Tensor, Tensor | null] {
    const name = this.constructor.name;
    if (input.ndim !== 1 && input.ndim !== 2) throw new Error(`${name}: Expected input to be 1-D or 2-D but received ${input.ndim}-D tensor`);
    const unbatched = input.ndim === 1;
    const x = unbatched ? input.unsqueeze(0) : input;
    if (x.shape[1] !== this.inputSize) throw new Error(`input has inconsistent input_size: got ${x.shape[1]} expected ${this.inputSize}`);
    const B = x.shape[0];
    const state = (h: Tensor | null): Tensor => {
      if (h === null) return torch.zeros([B, this.hiddenSize], { dtype: x.dtype, device: x.device });
      const t = unbatched ? h.unsqueeze(0) : h;
      if (t.shape[0] !== B) throw new Error(`Input batch size ${B} doesn't match hidden0 batch size ${t.shape[0]}`);
      if (t.shape[1] !== this.hiddenSize) throw new Error(`hidden0 has inconsistent hidden_size: got ${t.shape[1]}, expected ${this.hiddenSize}`);
      return t;
    };
    const h0 = state(hx), c0 = this.mode === 'lstm' ? state(cx) : null;
    const w: RnnLayerWeights = { wIh: this.weight_ih, wHh: this.weight_hh, bIh: this.bias_ih, bHh: this.bias_hh, wHr: null };
    const xproj = inputProjection(this.mode, x.unsqueeze(0), w);
    const bhh = this.mode === 'gru' ? (this.bias_hh ?? torch.zeros([this.weight_hh.shape[0]], { dtype: x.dtype })) : null;
    const r = rnnLayerOp(this.mode, xproj, this.weight_hh, bhh, null, h0, c0, false, null);
    return unbatched ? [r.hn.squeeze(0), r.cn ? r.cn.squeeze(0) : null] : [r.hn, r.cn];
  }
  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (!this.bias) s += ', bias=False';
    if (this.mode === 'relu') s += ", nonlinearity='relu'";
    return s;
  }
}

/** `nn.RNNCell(inputSize, hiddenSize, { bias, nonlinearity })` → h'. */
export class RNNCell extends RNNCellBase {
  nonlinearity: 'tanh' | 'relu';
  constructor(inputSize: number, hiddenSize: number, opts: { bias?: boolean; nonlinearity?: 'tanh' | 'relu' } & FactoryOptions = {}) {
    const nl = opts.nonlinearity ?? 'tanh';
    if (nl !== 'tanh' && nl !== 'relu') throw new Error(`Unknown nonlinearity: ${nl}`);
    super(nl, inputSize, hiddenSize, opts);
    this.nonlinearity = nl;
  }
  override forward(input: Tensor, hx: Tensor | null = null): Tensor {
    return this._step(input, hx, null)[0];
  }
}
/** `nn.LSTMCell(inputSize, hiddenSize, { bias })` → [h', c']. */
export class LSTMCell extends RNNCellBase {
  constructor(inputSize: number, hiddenSize: number, opts: { bias?: boolean } & FactoryOptions = {}) {
    super('lstm', inputSize, hiddenSize, opts);
  }
  override forward(input: Tensor, hx: [Tensor, Tensor] | null = null): [Tensor, Tensor] {
    const [h, c] = this._step(input, hx ? hx[0] : null, hx ? hx[1] : null);
    return [h, c!];
  }
}
/** `nn.GRUCell(inputSize, hiddenSize, { bias })` → h'. */
export class GRUCell extends RNNCellBase {
  constructor(inputSize: number, hiddenSize: number, opts: { bias?: boolean } & FactoryOptions = {}) {
    super('gru', inputSize, hiddenSize, opts);
  }
  override forward(input: Tensor, hx: Tensor | null = null): Tensor {
    return this._step(input, hx, null)[0];
  }
}
