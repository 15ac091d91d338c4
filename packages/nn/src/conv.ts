/**
 * `nn.Conv1d/2d/3d` and `nn.ConvTranspose1d/2d/3d` (torch/nn/modules/conv.py), over
 * `F.conv*` / `F.convTranspose*` (functional/conv.ts). Non-zero padding modes pad with `F.pad` first.
 * @module
 */
import * as torch from '@tensile/core';
import type { Tensor } from '@tensile/core';
import * as F from './functional/conv';
import { pad } from './functional/padding';
import * as init from './init';
import type { FactoryOptions } from './linear';
import { Module } from './module';
import { Parameter } from './parameter';
import { pyTuple } from './repr';

export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

/** Options of the convolution layers. */
export interface ConvLayerOptions extends FactoryOptions {
  stride?: F.IntOrTuple;
  padding?: F.IntOrTuple | 'same' | 'valid';
  dilation?: F.IntOrTuple;
  groups?: number;
  bias?: boolean;
  paddingMode?: PaddingMode;
}

/** What Conv and ConvTranspose share: PyTorch's `_ConvNd`. */
abstract class ConvNd extends Module {
  inChannels: number;
  outChannels: number;
  kernelSize: number[];
  stride: number[];
  padding: number[] | 'same' | 'valid';
  dilation: number[];
  transposed: boolean;
  outputPadding: number[];
  groups: number;
  paddingMode: PaddingMode;
  weight: Parameter;
  bias: Parameter | null;
  /** The number of spatial dimensions (1, 2 or 3), which picks the functional op. */
  protected readonly nsp: number;

  constructor(nsp: number, transposed: boolean, inChannels: number, outChannels: number, kernelSize: F.IntOrTuple,
    opts: ConvLayerOptions & { outputPadding?: F.IntOrTuple }) {
    super();
    const groups = opts.groups ?? 1;
    if (groups <= 0) throw new Error('groups must be a positive integer');
    if (inChannels % groups !== 0) throw new Error('in_channels must be divisible by groups');
    if (outChannels % groups !== 0) throw new Error('out_channels must be divisible by groups');
    const p = opts.padding ?? 0;
    if (typeof p === 'string') {
      if (p !== 'same' && p !== 'valid') throw new Error(`Invalid padding string '${p}', should be one of ['valid', 'same']`);
      if (p === 'same' && F.ntuple(opts.stride ?? 1, nsp, 'stride').some((s) => s !== 1))
        throw new Error("padding='same' is not supported for strided convolutions");
    }
    const mode = opts.paddingMode ?? 'zeros';
    if (!['zeros', 'reflect', 'replicate', 'circular'].includes(mode))
      throw new Error(`padding_mode must be one of ['zeros', 'reflect', 'replicate', 'circular'], but got padding_mode='${mode}'`);
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = F.ntuple(kernelSize, nsp, 'kernel_size');
    this.stride = F.ntuple(opts.stride ?? 1, nsp, 'stride');
    this.padding = typeof p === 'string' ? p : F.ntuple(p, nsp, 'padding');
    this.dilation = F.ntuple(opts.dilation ?? 1, nsp, 'dilation');
    this.transposed = transposed;
    this.outputPadding = F.ntuple(opts.outputPadding ?? 0, nsp, 'output_padding');
    this.groups = groups;
    this.paddingMode = mode;
    this.nsp = nsp;
    const f = { dtype: opts.dtype, device: opts.device };
    const shape = transposed ? [inChannels, outChannels / groups, ...this.kernelSize] : [outChannels, inChannels / groups, ...this.kernelSize];
    this.weight = new Parameter(torch.empty(shape, f));
    this.bias = opts.bias ?? true ? new Parameter(torch.empty([outChannels], f)) : null;
    this.resetParameters();
  }

  /** PyTorch's default: kaiming_uniform_(a=√5) for the weight, U(−1/√fan_in, 1/√fan_in) for the bias. */
  resetParameters(): void {
    init.kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias) {
      const [fanIn] = init.calculateFanInAndFanOut(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      init.uniform_(this.bias, -bound, bound);
    }
  }

  override extraRepr(): string {
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${pyTuple(this.kernelSize)}, stride=${pyTuple(this.stride)}`;
    if (typeof this.padding === 'string') s += `, padding=${this.padding}`;
    else if (this.padding.some((v) => v !== 0)) s += `, padding=${pyTuple(this.padding)}`;
    if (this.dilation.some((v) => v !== 1)) s += `, dilation=${pyTuple(this.dilation)}`;
    if (this.outputPadding.some((v) => v !== 0)) s += `, output_padding=${pyTuple(this.outputPadding)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (!this.bias) s += ', bias=False';
    if (this.paddingMode !== 'zeros') s += `, padding_mode=${this.paddingMode}`;
    return s;
  }
}

/** The convolution layers' shared forward: pads with `F.pad` first for non-zero padding modes. */
abstract class Conv extends ConvNd {
  constructor(nsp: number, inChannels: number, outChannels: number, kernelSize: F.IntOrTuple, opts: ConvLayerOptions) {
    super(nsp, false, inChannels, outChannels, kernelSize, opts);
  }
  override forward(input: Tensor): Tensor {
    if (this.paddingMode !== 'zeros') {
      // PyTorch's _reversed_padding_repeated_twice: (last dim before, after, ...)
      const p = this.padding;
      const amounts = p === 'valid' ? this.kernelSize.map(() => [0, 0])
        : p === 'same' ? this.kernelSize.map((k, i) => { const t = this.dilation[i] * (k - 1); const l = Math.floor(t / 2); return [l, t - l]; })
        : p.map((v) => [v, v]);
      const rev = amounts.reverse().flat();
      const padded = pad(input, rev, this.paddingMode === 'circular' ? 'circular' : this.paddingMode);
      return F.convNd(this.nsp, padded, this.weight, this.bias, { stride: this.stride, dilation: this.dilation, groups: this.groups });
    }
    return F.convNd(this.nsp, input, this.weight, this.bias, { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups });
  }
}

/** `nn.Conv1d(inChannels, outChannels, kernelSize, { stride, padding, dilation, groups, bias, paddingMode })`. */
export class Conv1d extends Conv {
  constructor(inChannels: number, outChannels: number, kernelSize: F.IntOrTuple, opts: ConvLayerOptions = {}) {
    super(1, inChannels, outChannels, kernelSize, opts);
  }
}
/** `nn.Conv2d(inChannels, outChannels, kernelSize, { stride, padding, dilation, groups, bias, paddingMode })`. */
export class Conv2d extends Conv {
  constructor(inChannels: number, outChannels: number, kernelSize: F.IntOrTuple, opts: ConvLayerOptions = {}) {
    super(2, inChannels, outChannels, kernelSize, opts);
  }
}
/** `nn.Conv3d(inChannels, outChannels, kernelSize, { stride, padding, dilation, groups, bias, paddingMode })`. */
export class Conv3d extends Conv {
  constructor(inChannels: number, outChannels: number, kernelSize: F.IntOrTuple, opts: ConvLayerOptions = {}) {
    super(3, inChannels, outChannels, kernelSize, opts);
  }
}

/** Options of the transposed convolution layers. */
export interface ConvTransposeLayerOptions extends FactoryOptions {
  stride?: F.IntOrTuple;
  padding?: F.IntOrTuple;
  outputPadding?: F.IntOrTuple;
  groups?: number;
  bias?: boolean;
  dilation?: F.IntOrTuple;
  paddingMode?: 'zeros';
}

abstract class ConvTranspose extends ConvNd {
  constructor(nsp: number, inChannels: number, outChannels: number, kernelSize: F.IntOrTuple, opts: ConvTransposeLayerOptions) {
    if ((opts.paddingMode ?? 'zeros') !== 'zeros') throw new Error(`Only "zeros" padding mode is supported for ${new.target.name}`);
    super(nsp, true, inChannels, outChannels, kernelSize, opts);
  }
  /** `outputSize` picks the output padding that yields that size, as PyTorch's `_output_padding`. */
  override forward(input: Tensor, outputSize?: readonly number[]): Tensor {
    let outputPadding = this.outputPadding;
    const pad = this.padding as number[];
    if (outputSize) {
      const want = outputSize.slice(outputSize.length - this.nsp);
      const sp = input.shape.slice(input.ndim - this.nsp);
      outputPadding = want.map((w, i) => {
        const min = (sp[i] - 1) * this.stride[i] - 2 * pad[i] + this.dilation[i] * (this.kernelSize[i] - 1) + 1;
        const max = min + this.stride[i] - 1;
        if (w < min || w > max)
          throw new Error(`requested an output size of [${want.join(', ')}], but valid sizes range from [${min}] to [${max}] (for an input of [${sp.join(', ')}])`);
        return w - min;
      });
    }
    return F.convTransposeNd(this.nsp, input, this.weight, this.bias, {
      stride: this.stride, padding: pad, outputPadding, groups: this.groups, dilation: this.dilation,
    });
  }
}

/** `nn.ConvTranspose1d(inChannels, outChannels, kernelSize, { stride, padding, outputPadding, groups, bias, dilation })`. */
export class ConvTranspose1d extends ConvTranspose {
  constructor(inChannels: number, outChannels: number, kernelSize: F.IntOrTuple, opts: ConvTransposeLayerOptions = {}) {
    super(1, inChannels, outChannels, kernelSize, opts);
  }
}
/** `nn.ConvTranspose2d(inChannels, outChannels, kernelSize, { stride, padding, outputPadding, groups, bias, dilation })`. */
export class ConvTranspose2d extends ConvTranspose {
  constructor(inChannels: number, outChannels: number, kernelSize: F.IntOrTuple, opts: ConvTransposeLayerOptions = {}) {
    super(2, inChannels, outChannels, kernelSize, opts);
  }
}
/** `nn.ConvTranspose3d(inChannels, outChannels, kernelSize, { stride, padding, outputPadding, groups, bias, dilation })`. */
export class ConvTranspose3d extends ConvTranspose {
  constructor(inChannels: number, outChannels: number, kernelSize: F.IntOrTuple, opts: ConvTransposeLayerOptions = {}) {
    super(3, inChannels, outChannels, kernelSize, opts);
  }
}
