/**
 * `nn.Flatten` and `nn.Unflatten` (torch/nn/modules/flatten.py).
 * @module
 */
import type { Tensor } from '@tensile/core';
import { Module } from './module';
import { pyTuple } from './repr';

/** Flattens dims `startDim..endDim` (default 1..−1) into one. */
export class Flatten extends Module {
  startDim: number;
  endDim: number;
  constructor(startDim = 1, endDim = -1) {
    super();
    this.startDim = startDim;
    this.endDim = endDim;
  }
  override forward(input: Tensor): Tensor {
    return input.flatten(this.startDim, this.endDim);
  }
  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}

/** Splits dim `dim` into `unflattenedSize`. */
export class Unflatten extends Module {
  dim: number;
  unflattenedSize: number[];
  constructor(dim: number, unflattenedSize: readonly number[]) {
    super();
    this.dim = dim;
    this.unflattenedSize = [...unflattenedSize];
  }
  override forward(input: Tensor): Tensor {
    return input.unflatten(this.dim, this.unflattenedSize);
  }
  override extraRepr(): string {
    return `dim=${this.dim}, unflattened_size=${pyTuple(this.unflattenedSize)}`;
  }
}
