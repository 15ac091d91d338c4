/**
 * `nn.Fold`, `nn.Unfold` (torch/nn/modules/fold.py) over the native im2col/col2im of `F.fold`/`F.unfold`.
 * @module
 */
import type { Tensor } from '@tensile/core';
import { fold, unfold, type IntOrTuple } from './functional/conv';
import { Module } from './module';

const show = (v: IntOrTuple): string => (typeof v === 'number' ? String(v) : `(${v.join(', ')})`);

/** Options of `nn.Fold`/`nn.Unfold`. */
export interface FoldLayerOptions {
  dilation?: IntOrTuple;
  padding?: IntOrTuple;
  stride?: IntOrTuple;
}

/** `nn.Fold(outputSize, kernelSize, { dilation, padding, stride })`: (N, C·k, L) → (N, C, H, W). */
export class Fold extends Module {
  dilation: IntOrTuple;
  padding: IntOrTuple;
  stride: IntOrTuple;
  constructor(public outputSize: IntOrTuple, public kernelSize: IntOrTuple, opts: FoldLayerOptions = {}) {
    super();
    this.dilation = opts.dilation ?? 1;
    this.padding = opts.padding ?? 0;
    this.stride = opts.stride ?? 1;
  }
  override forward(input: Tensor): Tensor {
    return fold(input, this.outputSize, this.kernelSize, { dilation: this.dilation, padding: this.padding, stride: this.stride });
  }
  override extraRepr(): string {
    return `output_size=${show(this.outputSize)}, kernel_size=${show(this.kernelSize)}, dilation=${show(this.dilation)}, padding=${show(this.padding)}, stride=${show(this.stride)}`;
  }
}
/** `nn.Unfold(kernelSize, { dilation, padding, stride })`: (N, C, H, W) → (N, C·k, L). */
export class Unfold extends Module {
  dilation: IntOrTuple;
  padding: IntOrTuple;
  stride: IntOrTuple;
  constructor(public kernelSize: IntOrTuple, opts: FoldLayerOptions = {}) {
    super();
    this.dilation = opts.dilation ?? 1;
    this.padding = opts.padding ?? 0;
    this.stride = opts.stride ?? 1;
  }
  override forward(input: Tensor): Tensor {
    return unfold(input, this.kernelSize, { dilation: this.dilation, padding: this.padding, stride: this.stride });
  }
  override extraRepr(): string {
    return `kernel_size=${show(this.kernelSize)}, dilation=${show(this.dilation)}, padding=${show(this.padding)}, stride=${show(this.stride)}`;
  }
}
