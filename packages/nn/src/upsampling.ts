/**
 * `nn.Upsample`, `nn.UpsamplingNearest2d`, `nn.UpsamplingBilinear2d` (torch/nn/modules/upsampling.py).
 * @module
 */
import type { Tensor } from '@tensile/core';
import { interpolate, type InterpolateMode } from './functional/vision';
import { Module } from './module';
import { pyFloat } from './repr';

/** Options of `nn.Upsample`. */
export interface UpsampleOptions {
  size?: number | readonly number[] | null;
  scaleFactor?: number | readonly number[] | null;
  mode?: InterpolateMode;
  alignCorners?: boolean | null;
  recomputeScaleFactor?: boolean | null;
}

/** `nn.Upsample({ size, scaleFactor, mode, alignCorners })`. */
export class Upsample extends Module {
  size: number | readonly number[] | null;
  scaleFactor: number | readonly number[] | null;
  mode: InterpolateMode;
  alignCorners: boolean | null;
  recomputeScaleFactor: boolean | null;
  constructor(opts: UpsampleOptions = {}) {
    super();
    this.size = opts.size ?? null;
    this.scaleFactor = opts.scaleFactor ?? null;
    this.mode = opts.mode ?? 'nearest';
    this.alignCorners = opts.alignCorners ?? null;
    this.recomputeScaleFactor = opts.recomputeScaleFactor ?? null;
  }
  override forward(input: Tensor): Tensor {
    return interpolate(input, { size: this.size, scaleFactor: this.scaleFactor, mode: this.mode, alignCorners: this.alignCorners, recomputeScaleFactor: this.recomputeScaleFactor });
  }
  override extraRepr(): string {
    const sf = this.scaleFactor;
    const info = sf !== null ? `scale_factor=${typeof sf === 'number' ? pyFloat(sf) : `(${sf.map(pyFloat).join(', ')})`}` : `size=${typeof this.size === 'number' ? this.size : `(${(this.size ?? []).join(', ')})`}`;
    return `${info}, mode='${this.mode}'`;
  }
}
/** `nn.UpsamplingNearest2d({ size, scaleFactor })`. */
export class UpsamplingNearest2d extends Upsample {
  constructor(opts: { size?: number | readonly number[] | null; scaleFactor?: number | readonly number[] | null } = {}) {
    super({ ...opts, mode: 'nearest' });
  }
}
/** `nn.UpsamplingBilinear2d({ size, scaleFactor })`: bilinear with alignCorners true, as PyTorch. */
export class UpsamplingBilinear2d extends Upsample {
  constructor(opts: { size?: number | readonly number[] | null; scaleFactor?: number | readonly number[] | null } = {}) {
    super({ ...opts, mode: 'bilinear', alignCorners: true });
  }
}
