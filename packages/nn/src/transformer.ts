/**
 * `nn.Transformer`, `nn.TransformerEncoder(Layer)`, `nn.TransformerDecoder(Layer)`
 * (torch/nn/modules/transformer.py). Submodule names match PyTorch's, so state-dict keys
 * (`layers.0.self_attn.in_proj_weight`, `linear1.weight`, `norm1.weight`, ...) travel unchanged.
 * @module
 */
import * as torch from '@tensile/core';
import type { Tensor } from '@tensile/core';
import { MultiheadAttention } from './attention';
import { ModuleList } from './container';
import { Dropout } from './dropout';
import { gelu, relu } from './functional/activation';
import * as init from './init';
import { Linear, type FactoryOptions } from './linear';
import { Module } from './module';
import { LayerNorm } from './normalization';

export type Activation = 'relu' | 'gelu' | ((x: Tensor) => Tensor);

/** Options of the encoder and decoder layers. */
export interface TransformerLayerOptions extends FactoryOptions {
  dModel?: number;
  nhead?: number;
  dimFeedforward?: number;
  dropout?: number;
  activation?: Activation;
  layerNormEps?: number;
  batchFirst?: boolean;
  normFirst?: boolean;
}

function activationFn(a: Activation): (x: Tensor) => Tensor {
  if (a === 'relu') return (x) => relu(x);
  if (a === 'gelu') return (x) => gelu(x);
  if (typeof a === 'function') return a;
  throw new Error(`activation should be relu/gelu, not ${String(a)}`);
}

function layerArgs(dModel: number | TransformerLayerOptions, nhead: number | undefined, opts: TransformerLayerOptions): Required<Omit<TransformerLayerOptions, 'device' | 'dtype'>> & FactoryOptions {
  const o = typeof dModel === 'object' ? dModel : { ...opts, dModel, nhead };
  if (o.dModel === undefined || o.nhead === undefined) throw new Error('dModel and nhead are required');
  return {
    dModel: o.dModel, nhead: o.nhead, dimFeedforward: o.dimFeedforward ?? 2048, dropout: o.dropout ?? 0.1,
    activation: o.activation ?? 'relu', layerNormEps: o.layerNormEps ?? 1e-5, batchFirst: o.batchFirst ?? false,
    normFirst: o.normFirst ?? false, device: o.device, dtype: o.dtype,
  };
}

type LayerArgs = ReturnType<typeof layerArgs>;

/** A layer's attention module, as PyTorch builds `self_attn` and `multihead_attn`. */
function attention(a: LayerArgs): MultiheadAttention {
  return new MultiheadAttention(a.dModel, a.nhead, { dropout: a.dropout, batchFirst: a.batchFirst, device: a.device, dtype: a.dtype });
}

/** A LayerNorm over dModel, as PyTorch builds the layers' `norm1`... and the stacks' final norm. */
function layerNorm(a: LayerArgs): LayerNorm {
  return new LayerNorm(a.dModel, { eps: a.layerNormEps, device: a.device, dtype: a.dtype });
}

/** The given mask, or the causal mask for `x`'s sequence length when `isCausal` asks for one and none is given. */
function maskOrCausal(mask: Tensor | null | undefined, isCausal: boolean | undefined, x: Tensor, batchFirst: boolean): Tensor | null {
  if (isCausal && !mask) return Transformer.generateSquareSubsequentMask(x.shape[batchFirst ? 1 : 0], { dtype: x.dtype });
  return mask ?? null;
}

/** One residual sub-layer: `x + f(norm(x))` with normFirst (pre-norm), else `norm(x + f(x))` (post-norm). */
function residual(x: Tensor, norm: LayerNorm, normFirst: boolean, f: (y: Tensor) => Tensor): Tensor {
  return normFirst ? x.add(f(norm.forward(x))) : norm.forward(x.add(f(x)));
}

/** PyTorch's `_sa_block` / `_mha_block`: attention of `x` over `mem` without weights, then dropout. */
function attentionBlock(attn: MultiheadAttention, drop: Dropout, x: Tensor, mem: Tensor, mask: Tensor | null, kpm: Tensor | null): Tensor {
  return drop.forward(attn.forward(x, mem, mem, { attnMask: mask, keyPaddingMask: kpm, needWeights: false })[0]);
}

/** The feed-forward submodules both layer kinds hold, under PyTorch's names. */
interface FeedForward {
  linear1: Linear;
  dropout: Dropout;
  linear2: Linear;
  activation: (x: Tensor) => Tensor;
}

/** PyTorch's `_ff_block`: linear2(dropout(activation(linear1(x)))), then the layer's last dropout. */
function feedForwardBlock(l: FeedForward, drop: Dropout, x: Tensor): Tensor {
  return drop.forward(l.linear2.forward(l.dropout.forward(l.activation(l.linear1.forward(x)))));
}

/** Options of a layer's forward. */
export interface EncoderLayerForwardOptions {
  srcMask?: Tensor | null;
  srcKeyPaddingMask?: Tensor | null;
  isCausal?: boolean;
}

/**
 * `nn.TransformerEncoderLayer(dModel, nhead, { dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst })`
 * or `new nn.TransformerEncoderLayer({ dModel, nhead, ... })`.
 */
export class TransformerEncoderLayer extends Module {
  self_attn: MultiheadAttention;
  linear1: Linear;
  dropout: Dropout;
  linear2: Linear;
  normFirst: boolean;
  norm1: LayerNorm;
  norm2: LayerNorm;
  dropout1: Dropout;
  dropout2: Dropout;
  activation: (x: Tensor) => Tensor;
  /** @internal constructor arguments, to build fresh copies in TransformerEncoder */
  declare readonly _args: TransformerLayerOptions;

  constructor(dModel: number | TransformerLayerOptions, nhead?: number, opts: TransformerLayerOptions = {}) {
    super();
    const a = layerArgs(dModel, nhead, opts);
    Object.defineProperty(this, '_args', { value: a, enumerable: false });
    const f = { device: a.device, dtype: a.dtype };
    // submodules in PyTorch's order: it fixes the state-dict order and the draws of the initialisers
    this.self_attn = attention(a);
    this.linear1 = new Linear(a.dModel, a.dimFeedforward, f);
    this.dropout = new Dropout(a.dropout);
    this.linear2 = new Linear(a.dimFeedforward, a.dModel, f);
    this.normFirst = a.normFirst;
    this.norm1 = layerNorm(a);
    this.norm2 = layerNorm(a);
    this.dropout1 = new Dropout(a.dropout);
    this.dropout2 = new Dropout(a.dropout);
    this.activation = activationFn(a.activation);
  }

  override forward(src: Tensor, opts: EncoderLayerForwardOptions = {}): Tensor {
    const mask = maskOrCausal(opts.srcMask, opts.isCausal, src, this.self_attn.batchFirst);
    const kpm = opts.srcKeyPaddingMask ?? null;
    const x = residual(src, this.norm1, this.normFirst, (y) => attentionBlock(this.self_attn, this.dropout1, y, y, mask, kpm));
    return residual(x, this.norm2, this.normFirst, (y) => feedForwardBlock(this, this.dropout2, y));
  }
}

/** Options of a decoder layer's forward. */
export interface DecoderLayerForwardOptions {
  tgtMask?: Tensor | null;
  memoryMask?: Tensor | null;
  tgtKeyPaddingMask?: Tensor | null;
  memoryKeyPaddingMask?: Tensor | null;
  tgtIsCausal?: boolean;
}

/**
 * `nn.TransformerDecoderLayer(dModel, nhead, { dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst })`;
 * `forward(tgt, memory, { tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask })`.
 */
export class TransformerDecoderLayer extends Module {
  self_attn: MultiheadAttention;
  multihead_attn: MultiheadAttention;
  linear1: Linear;
  dropout: Dropout;
  linear2: Linear;
  normFirst: boolean;
  norm1: LayerNorm;
  norm2: LayerNorm;
  norm3: LayerNorm;
  dropout1: Dropout;
  dropout2: Dropout;
  dropout3: Dropout;
  activation: (x: Tensor) => Tensor;
  /** @internal */
  declare readonly _args: TransformerLayerOptions;

  constructor(dModel: number | TransformerLayerOptions, nhead?: number, opts: TransformerLayerOptions = {}) {
    super();
    const a = layerArgs(dModel, nhead, opts);
    Object.defineProperty(this, '_args', { value: a, enumerable: false });
    const f = { device: a.device, dtype: a.dtype };
    // submodules in PyTorch's order: it fixes the state-dict order and the draws of the initialisers
    this.self_attn = attention(a);
    this.multihead_attn = attention(a);
    this.linear1 = new Linear(a.dModel, a.dimFeedforward, f);
    this.dropout = new Dropout(a.dropout);
    this.linear2 = new Linear(a.dimFeedforward, a.dModel, f);
    this.normFirst = a.normFirst;
    this.norm1 = layerNorm(a);
    this.norm2 = layerNorm(a);
    this.norm3 = layerNorm(a);
    this.dropout1 = new Dropout(a.dropout);
    this.dropout2 = new Dropout(a.dropout);
    this.dropout3 = new Dropout(a.dropout);
    this.activation = activationFn(a.activation);
  }

  override forward(tgt: Tensor, memory: Tensor, opts: DecoderLayerForwardOptions = {}): Tensor {
    const tmask = maskOrCausal(opts.tgtMask, opts.tgtIsCausal, tgt, this.self_attn.batchFirst);
    const tkpm = opts.tgtKeyPaddingMask ?? null, mmask = opts.memoryMask ?? null, mkpm = opts.memoryKeyPaddingMask ?? null;
    let x = residual(tgt, this.norm1, this.normFirst, (y) => attentionBlock(this.self_attn, this.dropout1, y, y, tmask, tkpm));
    x = residual(x, this.norm2, this.normFirst, (y) => attentionBlock(this.multihead_attn, this.dropout2, y, memory, mmask, mkpm));
    return residual(x, this.norm3, this.normFirst, (y) => feedForwardBlock(this, this.dropout3, y));
  }
}

/** PyTorch's `_get_clones`: independent copies holding the same initial weights (deepcopy). */
function clones<T extends Module & { _args: TransformerLayerOptions }>(layer: T, n: number): ModuleList {
  const Ctor = layer.constructor as new (o: TransformerLayerOptions) => T;
  const sd = layer.stateDict();
  return new ModuleList(Array.from({ length: n }, () => {
    const m = new Ctor(layer._args);
    m.loadStateDict(sd);
    if (!layer.training) m.eval();
    return m;
  }));
}

/** `nn.TransformerEncoder(encoderLayer, numLayers, { norm })`. */
export class TransformerEncoder extends Module {
  layers: ModuleList;
  numLayers: number;
  norm: LayerNorm | null;
  constructor(encoderLayer: TransformerEncoderLayer, numLayers: number, opts: { norm?: LayerNorm | null } = {}) {
    super();
    this.layers = clones(encoderLayer, numLayers);
    this.numLayers = numLayers;
    this.norm = opts.norm ?? null;
  }
  override forward(src: Tensor, opts: { mask?: Tensor | null; srcKeyPaddingMask?: Tensor | null; isCausal?: boolean } = {}): Tensor {
    let x = src;
    for (const layer of this.layers) x = (layer as TransformerEncoderLayer).forward(x, { srcMask: opts.mask, srcKeyPaddingMask: opts.srcKeyPaddingMask, isCausal: opts.isCausal });
    return this.norm ? this.norm.forward(x) : x;
  }
}

/** `nn.TransformerDecoder(decoderLayer, numLayers, { norm })`. */
export class TransformerDecoder extends Module {
  layers: ModuleList;
  numLayers: number;
  norm: LayerNorm | null;
  constructor(decoderLayer: TransformerDecoderLayer, numLayers: number, opts: { norm?: LayerNorm | null } = {}) {
    super();
    this.layers = clones(decoderLayer, numLayers);
    this.numLayers = numLayers;
    this.norm = opts.norm ?? null;
  }
  override forward(tgt: Tensor, memory: Tensor, opts: DecoderLayerForwardOptions = {}): Tensor {
    let x = tgt;
    for (const layer of this.layers) x = (layer as TransformerDecoderLayer).forward(x, memory, opts);
    return this.norm ? this.norm.forward(x) : x;
  }
}

/** Options of `nn.Transformer`. */
export interface TransformerOptions extends TransformerLayerOptions {
  numEncoderLayers?: number;
  numDecoderLayers?: number;
  customEncoder?: Module | null;
  customDecoder?: Module | null;
}

/** `nn.Transformer({ dModel, nhead, numEncoderLayers, numDecoderLayers, dimFeedforward, dropout, activation, ... })`. */
export class Transformer extends Module {
  encoder: Module;
  decoder: Module;
  dModel: number;
  nhead: number;
  batchFirst: boolean;

  constructor(opts: TransformerOptions = {}) {
    super();
    const a = layerArgs({ ...opts, dModel: opts.dModel ?? 512, nhead: opts.nhead ?? 8 }, undefined, {});
    this.encoder = opts.customEncoder ?? new TransformerEncoder(new TransformerEncoderLayer(a), opts.numEncoderLayers ?? 6, { norm: layerNorm(a) });
    this.decoder = opts.customDecoder ?? new TransformerDecoder(new TransformerDecoderLayer(a), opts.numDecoderLayers ?? 6, { norm: layerNorm(a) });
    this.dModel = a.dModel;
    this.nhead = a.nhead;
    this.batchFirst = a.batchFirst;
    // matches PyTorch: xavier_uniform_ on every matrix parameter
    for (const p of this.parameters()) if (p.ndim > 1) init.xavierUniform_(p);
  }

  override forward(src: Tensor, tgt: Tensor, opts: {
    srcMask?: Tensor | null; tgtMask?: Tensor | null; memoryMask?: Tensor | null; srcKeyPaddingMask?: Tensor | null;
    tgtKeyPaddingMask?: Tensor | null; memoryKeyPaddingMask?: Tensor | null;
  } = {}): Tensor {
    const batched = src.ndim === 3;
    if (batched && src.shape[this.batchFirst ? 0 : 1] !== tgt.shape[this.batchFirst ? 0 : 1]) throw new Error('the batch number of src and tgt must be equal');
    if (src.shape[src.ndim - 1] !== this.dModel || tgt.shape[tgt.ndim - 1] !== this.dModel)
      throw new Error('the feature number of src and tgt must be equal to d_model');
    const memory = this.encoder.forward(src, { mask: opts.srcMask, srcKeyPaddingMask: opts.srcKeyPaddingMask });
    return this.decoder.forward(tgt, memory, {
      tgtMask: opts.tgtMask, memoryMask: opts.memoryMask, tgtKeyPaddingMask: opts.tgtKeyPaddingMask, memoryKeyPaddingMask: opts.memoryKeyPaddingMask,
    });
  }

  /** A float (sz, sz) mask with -inf above the diagonal, 0 elsewhere. */
  static generateSquareSubsequentMask(sz: number, opts: { dtype?: torch.DType; device?: string } = {}): Tensor {
    return torch.full([sz, sz], -Infinity, { dtype: opts.dtype ?? 'float32', device: opts.device }).triu(1);
  }
}
