/**
 * `nn.PixelShuffle`, `nn.PixelUnshuffle` (torch/nn/modules/pixelshuffle.py).
 * @module
 */
import type { Tensor } from '@tensile/core';
import { pixelShuffle, pixelUnshuffle } from './functional/vision';
import { Module } from './module';

/** `nn.PixelShuffle(upscaleFactor)`: (*, C·r², H, W) → (*, C, H·r, W·r). */
export class PixelShuffle extends Module {
  constructor(public upscaleFactor: number) { super(); }
  override forward(input: Tensor): Tensor { return pixelShuffle(input, this.upscaleFactor); }
  override extraRepr(): string { return `upscale_factor=${this.upscaleFactor}`; }
}
/** `nn.PixelUnshuffle(downscaleFactor)`: (*, C, H·r, W·r) → (*, C·r², H, W). */
export class PixelUnshuffle extends Module {
  constructor(public downscaleFactor: number) { super(); }
  override forward(input: Tensor): Tensor { return pixelUnshuffle(input, this.downscaleFactor); }
  override extraRepr(): string { return `downscale_factor=${this.downscaleFactor}`; }
}
