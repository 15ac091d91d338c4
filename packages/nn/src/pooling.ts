/**
 * Pooling layers (torch/nn/modules/pooling.py) over functional/pooling.ts.
 * @module
 */
import type { Tensor } from '@tensile/core';
import type { IntOrTuple } from './functional/conv';
import * as P from './functional/pooling';
import { Module } from './module';
import { pyBool } from './repr';

const show = (v: IntOrTuple | null | undefined): string =>
  v == null ? 'None' : typeof v === 'number' ? String(v) : v.length === 1 ? `(${v[0]},)` : `(${v.join(', ')})`;

/** Options of `nn.MaxPool1d/2d`. */
export interface MaxPoolLayerOptions {
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  dilation?: IntOrTuple;
  returnIndices?: boolean;
  ceilMode?: boolean;
}

abstract class MaxPoolNd extends Module {
  kernelSize: IntOrTuple;
  stride: IntOrTuple;
  padding: IntOrTuple;
  dilation: IntOrTuple;
  returnIndices: boolean;
  ceilMode: boolean;
  constructor(kernelSize: IntOrTuple, opts: MaxPoolLayerOptions) {
    super();
    this.kernelSize = kernelSize;
    this.stride = opts.stride ?? kernelSize;
    this.padding = opts.padding ?? 0;
    this.dilation = opts.dilation ?? 1;
    this.returnIndices = opts.returnIndices ?? false;
    this.ceilMode = opts.ceilMode ?? false;
  }
  protected get opts(): P.MaxPoolOptions {
    return { stride: this.stride, padding: this.padding, dilation: this.dilation, ceilMode: this.ceilMode, returnIndices: this.returnIndices };
  }
  override extraRepr(): string {
    return `kernel_size=${show(this.kernelSize)}, stride=${show(this.stride)}, padding=${show(this.padding)}, dilation=${show(this.dilation)}, ceil_mode=${pyBool(this.ceilMode)}`;
  }
}

/** `nn.MaxPool1d(kernelSize, { stride, padding, dilation, returnIndices, ceilMode })`; returns [values, indices] with returnIndices. */
export class MaxPool1d extends MaxPoolNd {
  constructor(kernelSize: IntOrTuple, opts: MaxPoolLayerOptions = {}) {
    super(kernelSize, opts);
  }
  override forward(input: Tensor): Tensor | [Tensor, Tensor] {
    return P.maxPool1d(input, this.kernelSize, this.opts as P.MaxPoolOptions & { returnIndices: true });
  }
}
/** `nn.MaxPool2d(kernelSize, { stride, padding, dilation, returnIndices, ceilMode })`; returns [values, indices] with returnIndices. */
export class MaxPool2d extends MaxPoolNd {
  constructor(kernelSize: IntOrTuple, opts: MaxPoolLayerOptions = {}) {
    super(kernelSize, opts);
  }
  override forward(input: Tensor): Tensor | [Tensor, Tensor] {
    return P.maxPool2d(input, this.kernelSize, this.opts as P.MaxPoolOptions & { returnIndices: true });
  }
}

/** Options of `nn.AvgPool1d/2d`. */
export interface AvgPoolLayerOptions {
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  ceilMode?: boolean;
  countIncludePad?: boolean;
  divisorOverride?: number | null;
}

abstract class AvgPoolNd extends Module {
  kernelSize: IntOrTuple;
  stride: IntOrTuple;
  padding: IntOrTuple;
  ceilMode: boolean;
  countIncludePad: boolean;
  divisorOverride: number | null;
  constructor(kernelSize: IntOrTuple, opts: AvgPoolLayerOptions) {
    super();
    this.kernelSize = kernelSize;
    this.stride = opts.stride ?? kernelSize;
    this.padding = opts.padding ?? 0;
    this.ceilMode = opts.ceilMode ?? false;
    this.countIncludePad = opts.countIncludePad ?? true;
    this.divisorOverride = opts.divisorOverride ?? null;
  }
  protected get opts(): P.AvgPoolOptions {
    return { stride: this.stride, padding: this.padding, ceilMode: this.ceilMode, countIncludePad: this.countIncludePad, divisorOverride: this.divisorOverride };
  }
  override extraRepr(): string {
    return `kernel_size=${show(this.kernelSize)}, stride=${show(this.stride)}, padding=${show(this.padding)}`;
  }
}

/** `nn.AvgPool1d(kernelSize, { stride, padding, ceilMode, countIncludePad })`. */
export class AvgPool1d extends AvgPoolNd {
  constructor(kernelSize: IntOrTuple, opts: Omit<AvgPoolLayerOptions, 'divisorOverride'> = {}) {
    super(kernelSize, opts);
  }
  override forward(input: Tensor): Tensor {
    return P.avgPool1d(input, this.kernelSize, this.opts);
  }
}
/** `nn.AvgPool2d(kernelSize, { stride, padding, ceilMode, countIncludePad, divisorOverride })`. */
export class AvgPool2d extends AvgPoolNd {
  constructor(kernelSize: IntOrTuple, opts: AvgPoolLayerOptions = {}) {
    super(kernelSize, opts);
  }
  override forward(input: Tensor): Tensor {
    return P.avgPool2d(input, this.kernelSize, this.opts);
  }
}

/** The output size of the 2d adaptive pools: an entry of null keeps that input size. */
type OutputSize2d = IntOrTuple | readonly (number | null)[];

/** What the adaptive pools share (PyTorch's `_AdaptiveAvgPoolNd` / `_AdaptiveMaxPoolNd`): the target size and its repr. */
abstract class AdaptivePoolNd<S extends OutputSize2d> extends Module {
  constructor(public outputSize: S) {
    super();
  }
  override extraRepr(): string {
    return `output_size=${show(this.outputSize as IntOrTuple)}`;
  }
}

/** `nn.AdaptiveAvgPool1d(outputSize)`. */
export class AdaptiveAvgPool1d extends AdaptivePoolNd<IntOrTuple> {
  override forward(input: Tensor): Tensor {
    return P.adaptiveAvgPool1d(input, this.outputSize);
  }
}
/** `nn.AdaptiveAvgPool2d(outputSize)`; an entry of null keeps that input size. */
export class AdaptiveAvgPool2d extends AdaptivePoolNd<OutputSize2d> {
  override forward(input: Tensor): Tensor {
    return P.adaptiveAvgPool2d(input, this.outputSize);
  }
}

abstract class AdaptiveMaxPoolNd<S extends OutputSize2d> extends AdaptivePoolNd<S> {
  returnIndices: boolean;
  constructor(outputSize: S, opts: { returnIndices?: boolean } = {}) {
    super(outputSize);
    this.returnIndices = opts.returnIndices ?? false;
  }
}

/** `nn.AdaptiveMaxPool1d(outputSize, { returnIndices })`. */
export class AdaptiveMaxPool1d extends AdaptiveMaxPoolNd<IntOrTuple> {
  override forward(input: Tensor): Tensor | [Tensor, Tensor] {
    return P.adaptiveMaxPool1d(input, this.outputSize, { returnIndices: this.returnIndices as true });
  }
}
/** `nn.AdaptiveMaxPool2d(outputSize, { returnIndices })`. */
export class AdaptiveMaxPool2d extends AdaptiveMaxPoolNd<OutputSize2d> {
  override forward(input: Tensor): Tensor | [Tensor, Tensor] {
    return P.adaptiveMaxPool2d(input, this.outputSize, { returnIndices: this.returnIndices as true });
  }
}

/** Options of `nn.MaxUnpool1d/2d`. */
interface MaxUnpoolLayerOptions {
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
}

/** What the unpooling layers share (PyTorch's `_MaxUnpoolNd`): the window options and their repr. */
abstract class MaxUnpoolNd extends Module {
  stride: IntOrTuple;
  padding: IntOrTuple;
  constructor(public kernelSize: IntOrTuple, opts: MaxUnpoolLayerOptions = {}) {
    super();
    this.stride = opts.stride ?? kernelSize;
    this.padding = opts.padding ?? 0;
  }
  override extraRepr(): string {
    return `kernel_size=${show(this.kernelSize)}, stride=${show(this.stride)}, padding=${show(this.padding)}`;
  }
}

/** `nn.MaxUnpool1d(kernelSize, { stride, padding })`; forward(input, indices, outputSize?). */
export class MaxUnpool1d extends MaxUnpoolNd {
  override forward(input: Tensor, indices: Tensor, outputSize?: readonly number[]): Tensor {
    return P.maxUnpool1d(input, indices, this.kernelSize, { stride: this.stride, padding: this.padding, outputSize });
  }
}
/** `nn.MaxUnpool2d(kernelSize, { stride, padding })`; forward(input, indices, outputSize?). */
export class MaxUnpool2d extends MaxUnpoolNd {
  override forward(input: Tensor, indices: Tensor, outputSize?: readonly number[]): Tensor {
    return P.maxUnpool2d(input, indices, this.kernelSize, { stride: this.stride, padding: this.padding, outputSize });
  }
}

/** `nn.LPPool1d(normType, kernelSize, { stride, ceilMode })`. */
export class LPPool1d extends Module {
  constructor(public normType: number, public kernelSize: number, public opts: { stride?: number | null; ceilMode?: boolean } = {}) {
    super();
  }
  override forward(input: Tensor): Tensor {
    return P.lpPool1d(input, this.normType, this.kernelSize, this.opts);
  }
}
/** `nn.LPPool2d(normType, kernelSize, { stride, ceilMode })`. */
export class LPPool2d extends Module {
  constructor(public normType: number, public kernelSize: IntOrTuple, public opts: { stride?: IntOrTuple | null; ceilMode?: boolean } = {}) {
    super();
  }
  override forward(input: Tensor): Tensor {
    return P.lpPool2d(input, this.normType, this.kernelSize, this.opts);
  }
}
