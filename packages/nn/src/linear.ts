/**
 * `nn.Identity`, `nn.Linear`, `nn.Bilinear` (torch/nn/modules/linear.py).
 * @module
 */
import * as torch from '@tensile/core';
import type { DType, Tensor } from '@tensile/core';
import * as F from './functional/linear';
import * as init from './init';
import { Module } from './module';
import { Parameter } from './parameter';
import { pyBool } from './repr';

/** Options every parameterised layer accepts for where its parameters live. */
export interface FactoryOptions {
  device?: string;
  dtype?: DType;
}

/** A placeholder that returns its input; constructor arguments are ignored (PyTorch's `nn.Identity`). */
export class Identity extends Module {
  constructor(..._args: unknown[]) {
    super();
  }
  override forward(input: Tensor): Tensor {
    return input;
  }
}

/** y = x Wᵀ + b. Weight (out, in) and bias (out) start as PyTorch's: U(−1/√in, 1/√in). */
export class Linear extends Module {
  inFeatures: number;
  outFeatures: number;
  weight: Parameter;
  bias: Parameter | null;

  constructor(inFeatures: number, outFeatures: number, opts: { bias?: boolean } & FactoryOptions = {}) {
    super();
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.weight = new Parameter(torch.empty([outFeatures, inFeatures], { dtype: opts.dtype, device: opts.device }));
    this.bias = opts.bias ?? true ? new Parameter(torch.empty([outFeatures], { dtype: opts.dtype, device: opts.device })) : null;
    this.resetParameters();
  }
  /** Re-draws weight and bias with the default initialisation. */
  resetParameters(): void {
    // matches PyTorch: kaiming_uniform_(a=√5) gives U(−1/√fan_in, 1/√fan_in)
    init.kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias) {
      const [fanIn] = init.calculateFanInAndFanOut(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      init.uniform_(this.bias, -bound, bound);
    }
  }
  override forward(input: Tensor): Tensor {
    return F.linear(input, this.weight, this.bias);
  }
  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${pyBool(this.bias !== null)}`;
  }
}

/** y_o = x1ᵀ W_o x2 + b_o, weight (out, in1, in2). */
export class Bilinear extends Module {
  in1Features: number;
  in2Features: number;
  outFeatures: number;
  weight: Parameter;
  bias: Parameter | null;

  constructor(in1Features: number, in2Features: number, outFeatures: number, opts: { bias?: boolean } & FactoryOptions = {}) {
    super();
    this.in1Features = in1Features;
    this.in2Features = in2Features;
    this.outFeatures = outFeatures;
    this.weight = new Parameter(torch.empty([outFeatures, in1Features, in2Features], { dtype: opts.dtype, device: opts.device }));
    this.bias = opts.bias ?? true ? new Parameter(torch.empty([outFeatures], { dtype: opts.dtype, device: opts.device })) : null;
    this.resetParameters();
  }
  resetParameters(): void {
    const bound = 1 / Math.sqrt(this.weight.shape[1]);
    init.uniform_(this.weight, -bound, bound);
    if (this.bias) init.uniform_(this.bias, -bound, bound);
  }
  override forward(input1: Tensor, input2: Tensor): Tensor {
    return F.bilinear(input1, input2, this.weight, this.bias);
  }
  override extraRepr(): string {
    return `in1_features=${this.in1Features}, in2_features=${this.in2Features}, out_features=${this.outFeatures}, bias=${pyBool(this.bias !== null)}`;
  }
}
