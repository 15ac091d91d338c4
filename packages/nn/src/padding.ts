/**
 * Padding layers (torch/nn/modules/padding.py) over `F.pad`.
 * @module
 */
import type { Tensor } from '@tensile/core';
import { pad, type PadMode } from './functional/padding';
import { Module } from './module';
import { pyFloat, pyTuple } from './repr';

/** Expands an int to `2 * dims` pads (left, right, top, bottom, ...). */
function pads(p: number | readonly number[], dims: number): number[] {
  if (typeof p === 'number') return new Array<number>(2 * dims).fill(p);
  if (p.length !== 2 * dims) throw new Error(`expected padding of length ${2 * dims}, got ${p.length}`);
  return [...p];
}

abstract class PadNd extends Module {
  padding: number[];
  constructor(padding: number | readonly number[], private readonly dims: number, private readonly mode: PadMode, public value = 0) {
    super();
    this.padding = pads(padding, dims);
  }
  override forward(input: Tensor): Tensor {
    if (this.mode !== 'constant' && input.ndim !== this.dims + 1 && input.ndim !== this.dims + 2)
      throw new Error(`Expected ${this.dims + 1}D or ${this.dims + 2}D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: [${input.shape.join(', ')}]`);
    return pad(input, this.padding, this.mode, this.value);
  }
  override extraRepr(): string {
    return this.mode === 'constant' ? `padding=${pyTuple(this.padding)}, value=${pyFloat(this.value)}` : pyTuple(this.padding);
  }
}

/** `nn.ConstantPad1d(padding, value)`. */
export class ConstantPad1d extends PadNd {
  constructor(padding: number | readonly number[], value: number) { super(padding, 1, 'constant', value); }
}
/** `nn.ConstantPad2d(padding, value)`. */
export class ConstantPad2d extends PadNd {
  constructor(padding: number | readonly number[], value: number) { super(padding, 2, 'constant', value); }
}
/** `nn.ConstantPad3d(padding, value)`. */
export class ConstantPad3d extends PadNd {
  constructor(padding: number | readonly number[], value: number) { super(padding, 3, 'constant', value); }
}
/** `nn.ZeroPad2d(padding)`. */
export class ZeroPad2d extends PadNd {
  constructor(padding: number | readonly number[]) { super(padding, 2, 'constant', 0); }
  override extraRepr(): string { return pyTuple(this.padding); }
}
/** `nn.ReflectionPad1d(padding)`. */
export class ReflectionPad1d extends PadNd {
  constructor(padding: number | readonly number[]) { super(padding, 1, 'reflect'); }
}
/** `nn.ReflectionPad2d(padding)`. */
export class ReflectionPad2d extends PadNd {
  constructor(padding: number | readonly number[]) { super(padding, 2, 'reflect'); }
}
/** `nn.ReplicationPad1d(padding)`. */
export class ReplicationPad1d extends PadNd {
  constructor(padding: number | readonly number[]) { super(padding, 1, 'replicate'); }
}
/** `nn.ReplicationPad2d(padding)`. */
export class ReplicationPad2d extends PadNd {
  constructor(padding: number | readonly number[]) { super(padding, 2, 'replicate'); }
}
/** `nn.ReplicationPad3d(padding)`. */
export class ReplicationPad3d extends PadNd {
  constructor(padding: number | readonly number[]) { super(padding, 3, 'replicate'); }
}
