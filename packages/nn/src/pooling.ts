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
}

/** `nn.AvgPool1d(kernelSize, { stride, padding, ceilMode, countIncludePad })`. */
export class AvgPool1d extends AvgPoolNd {
  constructor(kernelSize: IntOrTuple, opts: Omit<AvgPoolLayerOptions, 'divisorOverride'> = {}) {
    super(kernelSize, opts);
  }
  override forward(input: Tensor): Tensor {
    return P.avgPool1d(input, this.kernelSize, this.opts);
  }
  override extraRepr(): string {
    return `kernel_size=${show(this.kernelSize)}, stride=${show(this.stride)}, padding=${show(this.padding)}`;
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
  override extraRepr(): string {
    return `kernel_size=${show(this.kernelSize)}, stride=${show(this.stride)}, padding=${show(this.padding)}`;
  }
}

/** `nn.AdaptiveAvgPool1d(outputSize)`. */
export class AdaptiveAvgPool1d extends Module {
  constructor(public outputSize: IntOrTuple) {
    super();
  }
  override forward(input: Tensor): Tensor {
    return P.adaptiveAvgPool1d(input, this.outputSize);
  }
  override extraRepr(): string {
    return `output_size=${show(this.outputSize)}`;
  }
}
/** `nn.AdaptiveAvgPool2d(outputSize)`; an entry of null keeps that input size. */
export class AdaptiveAvgPool2d extends Module {
  constructor(public outputSize: IntOrTuple | readonly (number | null)[]) {
    super();
  }
  override forward(input: Tensor): Tensor {
    return P.adaptiveAvgPool2d(input, this.outputSize);
  }
  override extraRepr(): string {
    return `output_size=${show(this.outputSize as IntOrTuple)}`;
  }
}
/** `nn.AdaptiveMaxPool1d(outputSize, { returnIndices })`. */
export class AdaptiveMaxPool1d extends Module {
  returnIndices: boolean;
  constructor(public outputSize: IntOrTuple, opts: { returnIndices?: boolean } = {}) {
    super();
    this.returnIndices = opts.returnIndices ?? false;
  }
  override forward(input: Tensor): Tensor | [Tensor, Tensor] {
    return P.adaptiveMaxPool1d(input, this.outputSize, { returnIndices: this.returnIndices as true });
  }
  override extraRepr(): string {
    return `output_size=${show(this.outputSize)}`;
  }
}
/** `nn.AdaptiveMaxPool2d(outputSize, { returnIndices })`. */
export class AdaptiveMaxPool2d extends Module {
  returnIndices: boolean;
  constructor(public outputSize: IntOrTuple | readonly (number | null)[], opts: { returnIndices?: boolean } = {}) {
    super();
    this.returnIndices = opts.returnIndices ?? false;
  }
  override forward(input: Tensor): Tensor | [Tensor, Tensor] {
    return P.adaptiveMaxPool2d(input, this.outputSize, { returnIndices: this.returnIndices as true });
  }
  override extraRepr(): string {
    return `output_size=${show(this.outputSize as IntOrTuple)}`;
  }
}

/** `nn.MaxUnpool1d(kernelSize, { stride, padding })`; forward(input, indices, outputSize?). */
export class MaxUnpool1d extends Module {
  stride: IntOrTuple;
  padding: IntOrTuple;
  constructor(public kernelSize: IntOrTuple, opts: { stride?: IntOrTuple | null; padding?: IntOrTuple } = {}) {
    super();
    this.stride = opts.stride ?? kernelSize;
    this.padding = opts.padding ?? 0;
  }
  override forward(input: Tensor, indices: Tensor, outputSize?: readonly number[]): Tensor {
    return P.maxUnpool1d(input, indices, this.kernelSize, { stride: this.stride, padding: this.padding, outputSize });
  }
  override extraRepr(): string {
    return `kernel_size=${show(this.kernelSize)}, stride=${show(this.stride)}, padding=${show(this.padding)}`;
  }
}
/** `nn.MaxUnpool2d(kernelSize, { stride, padding })`; forward(input, indices, outputSize?). */
export class MaxUnpool2d extends Module {
  stride: IntOrTuple;
  padding: IntOrTuple;
  constructor(public kernelSize: IntOrTuple, opts: { stride?: IntOrTuple | null; padding?: IntOrTuple } = {}) {
    super();
    this.stride = opts.stride ?? kernelSize;
    this.padding = opts.padding ?? 0;
  }
  override forward(input: Tensor, indices: Tensor, outputSize?: readonly number[]): Tensor {
    return P.maxUnpool2d(input, indices, this.kernelSize, { stride: this.stride, padding: this.padding, outputSize });
  }
  override extraRepr(): string {
    return `kernel_size=${show(this.kernelSize)}, stride=${show(this.stride)}, padding=${show(this.padding)}`;
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
