/**
 * Pooling: `F.maxPool1d/2d`, `F.avgPool1d/2d`, `F.adaptiveAvgPool1d/2d`, `F.adaptiveMaxPool1d/2d`,
 * `F.maxUnpool1d/2d`, `F.lpPool1d/2d`. Forward passes run native kernels over (N*C) planes
 * (1-d pooling as planes of height 1); max pooling's gradient is a scatter-add by the saved
 * flat indices and average pooling's gradient is its own native op whose gradient is the
 * forward again, so both can be differentiated twice.
 * @module
 */
import * as torch from '@tensile/core';
import type { Tensor } from '@tensile/core';
import { nnBackend, ntuple, type IntOrTuple } from './conv';

type PoolGeometry = torch._PoolGeometry;

/** PyTorch's `pooling_output_shape`, ceil mode included. */
function outputSize(input: number, k: number, pad: number, stride: number, dilation: number, ceil: boolean): number {
  let out = Math.floor((input + 2 * pad - dilation * (k - 1) - 1 + (ceil ? stride - 1 : 0)) / stride) + 1;
  // the last window must start inside the input or the left padding
  if (ceil && (out - 1) * stride >= input + pad) out--;
  return out;
}

/** Views input as (N*C, H, W) planes; returns the planes view, batch dims and spatial size. */
function planes(input: Tensor, nsp: number, name: string, need: string): { lead: number[]; ih: number; iw: number } {
  if (input.ndim !== nsp + 1 && input.ndim !== nsp + 2) throw new Error(`${name}: ${need}, but got input of size: [${input.shape.join(', ')}]`);
  const sp = input.shape.slice(input.ndim - nsp);
  const lead = input.shape.slice(0, input.ndim - nsp);
  if (sp.some((s) => s === 0)) throw new Error(`${name}: Expected input's non-batch dimensions to have positive length, but input has a shape of [${input.shape.join(', ')}]`);
  return { lead, ih: nsp === 2 ? sp[0] : 1, iw: sp[nsp - 1] };
}

/** Floating-point input; on the CPU not float16, which PyTorch's CPU pooling lacks too. */
function checkFloat(x: Tensor, name: string): void {
  if (!x.isFloatingPoint() || (x.dtype === 'float16' && x.device === 'cpu')) {
    const n: Record<string, string> = { int64: 'Long', int32: 'Int', int16: 'Short', int8: 'Char', uint8: 'Byte', bool: 'Bool', float16: 'Half' };
    throw new Error(`"${name}" not implemented for '${n[x.dtype] ?? x.dtype}'`);
  }
}

/**
 * bfloat16 input on the CPU, whose pooling kernels take float32 and float64: such a pooling runs
 * in float32 and rounds its values back, which gives PyTorch's bfloat16 results exactly (max
 * pooling commutes with rounding; averages accumulate in float there too). GPU kernels take the
 * half types directly.
 */
function halfOnCpu(x: Tensor): boolean {
  return x.device === 'cpu' && x.dtype === 'bfloat16';
}
function roundedBack<R extends Tensor | [Tensor, Tensor]>(r: R, dtype: Tensor['dtype']): R {
  return (Array.isArray(r) ? [r[0].to(dtype), r[1]] : (r as Tensor).to(dtype)) as R;
}

/** Options of the max pooling functions. */
export interface MaxPoolOptions {
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  dilation?: IntOrTuple;
  ceilMode?: boolean;
  returnIndices?: boolean;
}

function maxPoolNd(nsp: number, input: Tensor, kernelSize: IntOrTuple, opts: MaxPoolOptions): Tensor | [Tensor, Tensor] {
  const name = `max_pool${nsp}d`;
  checkFloat(input, name);
  if (halfOnCpu(input)) return roundedBack(maxPoolNd(nsp, input.float(), kernelSize, opts), input.dtype);
  const k = ntuple(kernelSize, nsp, 'kernel_size');
  const s = opts.stride == null || (Array.isArray(opts.stride) && opts.stride.length === 0) ? k : ntuple(opts.stride, nsp, 'stride');
  const p = ntuple(opts.padding ?? 0, nsp, 'padding'), d = ntuple(opts.dilation ?? 1, nsp, 'dilation');
  if (k.some((v) => v <= 0)) throw new Error(`${name}: kernel_size must be greater than zero, but got ${k.join(' ')}`);
  if (s.some((v) => v <= 0)) throw new Error(`${name}: stride must be greater than zero, but got ${s.join(' ')}`);
  if (d.some((v) => v <= 0)) throw new Error(`${name}: dilation must be greater than zero, but got ${d.join(' ')}`);
  for (let i = 0; i < nsp; i++)
    if (p[i] > k[i] / 2) throw new Error(`pad should be at most half of effective kernel size, but got pad=${p[i]}, kernel_size=${k[i]} and dilation=${d[i]}`);
  const { lead, ih, iw } = planes(input, nsp, name, nsp === 2 ? 'Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input' : 'Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input');
  const out = input.shape.slice(input.ndim - nsp).map((v, i) => outputSize(v, k[i], p[i], s[i], d[i], opts.ceilMode ?? false));
  if (out.some((v) => v <= 0))
    throw new Error(`Given input size: (${input.shape.slice(input.ndim - nsp - 1).join('x')}). Calculated output size: (${[input.shape[input.ndim - nsp - 1], ...out].join('x')}). Output size is too small`);
  const one = (a: number[], fill: number) => (nsp === 2 ? a : [fill, a[0]]);
  const [kh, kw] = one(k, 1), [sh, sw] = one(s, 1), [ph, pw] = one(p, 0), [dh, dw] = one(d, 1), [oh, ow] = one(out, 1);
  const np = lead.reduce((a, b) => a * b, 1);
  const g: PoolGeometry = { planes: np, ih, iw, oh, ow, kh, kw, sh, sw, ph, pw, dh, dw };
  const values = torch.empty([...lead, ...out], { dtype: input.dtype, device: input.device });
  const indices = torch.empty([...lead, ...out], { dtype: 'int64', device: input.device });
  if (values.numel() > 0) nnBackend(input, name).maxPool2d!(g, values, indices, input.contiguous());
  torch._record(values, 'MaxPool2DWithIndicesBackward0', [input],
    (grad) => [maxPoolBackwardOp(grad, indices, g, input.shape)]);
  return opts.returnIndices ? [values, indices] : values;
}

/**
 * Max pooling's input gradient: grad summed into the positions the saved indices name, by the
 * native kernel (one pass, no index validation needed: the indices are max pooling's own). Its
 * gradient is the gather by the same indices.
 */
function maxPoolBackwardOp(grad: Tensor, indices: Tensor, g: PoolGeometry, inShape: readonly number[]): Tensor {
  const b = torch._backendFor(grad.device);
  if (!b.maxPool2dBackward) return scatterByIndex(grad, indices, inShape, g.planes, g.ih * g.iw);
  const out = torch.empty(inShape as number[], { dtype: grad.dtype, device: grad.device });
  if (out.numel() > 0) b.maxPool2dBackward(g, out, grad.contiguous(), indices);
  return torch._record(out, 'MaxPool2DWithIndicesBackwardBackward0', [grad],
    (gg) => [gg.reshape([g.planes, -1]).gather(1, indices.reshape([g.planes, -1])).view(grad.shape as number[])]);
}

/** grad_input = zeros(planes, H*W).scatterAdd(1, indices, grad): the gradient of max pooling and MaxUnpool's forward. */
function scatterByIndex(src: Tensor, indices: Tensor, shape: readonly number[], np: number, plane: number): Tensor {
  const z = torch.zeros([np, plane], { dtype: src.dtype, device: src.device });
  return torch.scatterAdd(z, 1, indices.reshape([np, -1]), src.reshape([np, -1])).view(shape as number[]);
}

/** `F.maxPool1d(input, kernelSize, { stride, padding, dilation, ceilMode, returnIndices })`. */
export function maxPool1d(input: Tensor, kernelSize: IntOrTuple, opts?: MaxPoolOptions & { returnIndices?: false }): Tensor;
export function maxPool1d(input: Tensor, kernelSize: IntOrTuple, opts: MaxPoolOptions & { returnIndices: true }): [Tensor, Tensor];
export function maxPool1d(input: Tensor, kernelSize: IntOrTuple, opts: MaxPoolOptions = {}): Tensor | [Tensor, Tensor] {
  return maxPoolNd(1, input, kernelSize, opts);
}
/** `F.maxPool2d(input, kernelSize, { stride, padding, dilation, ceilMode, returnIndices })`. */
export function maxPool2d(input: Tensor, kernelSize: IntOrTuple, opts?: MaxPoolOptions & { returnIndices?: false }): Tensor;
export function maxPool2d(input: Tensor, kernelSize: IntOrTuple, opts: MaxPoolOptions & { returnIndices: true }): [Tensor, Tensor];
export function maxPool2d(input: Tensor, kernelSize: IntOrTuple, opts: MaxPoolOptions = {}): Tensor | [Tensor, Tensor] {
  return maxPoolNd(2, input, kernelSize, opts);
}

/** Options of the average pooling functions. */
export interface AvgPoolOptions {
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  ceilMode?: boolean;
  countIncludePad?: boolean;
  divisorOverride?: number | null;
}

function avgPoolOp(x: Tensor, g: PoolGeometry, outShape: number[]): Tensor {
  const out = torch.empty(outShape, { dtype: x.dtype, device: x.device });
  if (out.numel() > 0) nnBackend(x, 'avg_pool2d').avgPool2d!(g, out, x.contiguous());
  return torch._record(out, 'AvgPool2DBackward0', [x], (grad) => [avgPoolBackwardOp(grad, g, x.shape)]);
}

function avgPoolBackwardOp(grad: Tensor, g: PoolGeometry, inShape: readonly number[]): Tensor {
  const out = torch.empty(inShape as number[], { dtype: grad.dtype, device: grad.device });
  if (out.numel() > 0) nnBackend(grad, 'avg_pool2d_backward').avgPool2dBackward!(g, out, grad.contiguous());
  return torch._record(out, 'AvgPool2DBackwardBackward0', [grad], (gg) => [avgPoolOp(gg, g, grad.shape as number[])]);
}

function avgPoolNd(nsp: number, input: Tensor, kernelSize: IntOrTuple, opts: AvgPoolOptions): Tensor {
  const name = `avg_pool${nsp}d`;
  checkFloat(input, name);
  if (halfOnCpu(input)) return roundedBack(avgPoolNd(nsp, input.float(), kernelSize, opts), input.dtype);
  const k = ntuple(kernelSize, nsp, 'kernel_size');
  const s = opts.stride == null || (Array.isArray(opts.stride) && opts.stride.length === 0) ? k : ntuple(opts.stride, nsp, 'stride');
  const p = ntuple(opts.padding ?? 0, nsp, 'padding');
  if (k.some((v) => v <= 0)) throw new Error(`${name}: kernel_size must be greater than zero`);
  if (s.some((v) => v <= 0)) throw new Error(`${name}: stride must be greater than zero`);
  for (let i = 0; i < nsp; i++)
    if (p[i] > k[i] / 2) throw new Error(`pad should be at most half of kernel size, but got pad=${p[i]} and kernel_size=${k[i]}`);
  const divisor = opts.divisorOverride ?? 0;
  if (opts.divisorOverride != null && divisor === 0) throw new Error('divisor must be not zero');
  const { lead, ih, iw } = planes(input, nsp, name, nsp === 2 ? 'Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input' : 'Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input');
  const out = input.shape.slice(input.ndim - nsp).map((v, i) => outputSize(v, k[i], p[i], s[i], 1, opts.ceilMode ?? false));
  if (out.some((v) => v <= 0))
    throw new Error(`Given input size: (${input.shape.slice(input.ndim - nsp - 1).join('x')}). Calculated output size: (${[input.shape[input.ndim - nsp - 1], ...out].join('x')}). Output size is too small`);
  const one = (a: number[], fill: number) => (nsp === 2 ? a : [fill, a[0]]);
  const [kh, kw] = one(k, 1), [sh, sw] = one(s, 1), [ph, pw] = one(p, 0), [oh, ow] = one(out, 1);
  const g: PoolGeometry = {
    planes: lead.reduce((a, b) => a * b, 1), ih, iw, oh, ow, kh, kw, sh, sw, ph, pw, dh: 1, dw: 1,
    countIncludePad: opts.countIncludePad ?? true, divisor,
  };
  return avgPoolOp(input, g, [...lead, ...out]);
}

/** `F.avgPool1d(input, kernelSize, { stride, padding, ceilMode, countIncludePad })`. */
export function avgPool1d(input: Tensor, kernelSize: IntOrTuple, opts: Omit<AvgPoolOptions, 'divisorOverride'> = {}): Tensor {
  return avgPoolNd(1, input, kernelSize, opts);
}
/** `F.avgPool2d(input, kernelSize, { stride, padding, ceilMode, countIncludePad, divisorOverride })`. */
export function avgPool2d(input: Tensor, kernelSize: IntOrTuple, opts: AvgPoolOptions = {}): Tensor {
  return avgPoolNd(2, input, kernelSize, opts);
}

function adaptiveGeometry(nsp: number, input: Tensor, outputSize: IntOrTuple | readonly (number | null)[], name: string) {
  const req = typeof outputSize === 'number' ? new Array<number | null>(nsp).fill(outputSize) : [...outputSize];
  if (req.length === 1 && nsp === 2) req.push(req[0]);
  if (req.length !== nsp) throw new Error(`${name}: output_size must be ${nsp}`);
  if (input.ndim !== nsp + 1 && input.ndim !== nsp + 2)
    throw new Error(`${name}(): Expected ${nsp + 1}D or ${nsp + 2}D tensor, but got [${input.shape.join(', ')}]`);
  for (let i = 1; i < input.ndim; i++)
    if (input.shape[i] === 0)
      throw new Error(`${name}(): Expected input to have non-zero size for non-batch dimensions, but input has sizes [${input.shape.join(', ')}] with dimension ${i} being empty`);
  const sp = input.shape.slice(input.ndim - nsp);
  const out = req.map((v, i) => (v == null ? sp[i] : v));
  const lead = input.shape.slice(0, input.ndim - nsp);
  const [ih, iw] = nsp === 2 ? sp : [1, sp[0]];
  const [oh, ow] = nsp === 2 ? out : [1, out[0]];
  const g: PoolGeometry = { planes: lead.reduce((a, b) => a * b, 1), ih, iw, oh, ow, kh: 1, kw: 1, sh: 1, sw: 1, ph: 0, pw: 0, dh: 1, dw: 1 };
  return { g, shape: [...lead, ...out] };
}

function adaptiveAvgOp(x: Tensor, g: PoolGeometry, shape: number[]): Tensor {
  const out = torch.empty(shape, { dtype: x.dtype, device: x.device });
  if (out.numel() > 0) nnBackend(x, 'adaptive_avg_pool2d').adaptivePool2d!(g, false, out, null, x.contiguous());
  return torch._record(out, 'AdaptiveAvgPool2DBackward0', [x], (grad) => [adaptiveAvgBackwardOp(grad, g, x.shape)]);
}

function adaptiveAvgBackwardOp(grad: Tensor, g: PoolGeometry, inShape: readonly number[]): Tensor {
  const out = torch.empty(inShape as number[], { dtype: grad.dtype, device: grad.device });
  if (out.numel() > 0) nnBackend(grad, 'adaptive_avg_pool2d_backward').adaptiveAvgPool2dBackward!(g, out, grad.contiguous());
  return torch._record(out, 'AdaptiveAvgPool2DBackwardBackward0', [grad], (gg) => [adaptiveAvgOp(gg, g, grad.shape as number[])]);
}

/** `F.adaptiveAvgPool1d(input, outputSize)`. */
export function adaptiveAvgPool1d(input: Tensor, outputSize: IntOrTuple): Tensor {
  checkFloat(input, 'adaptive_avg_pool1d');
  if (halfOnCpu(input)) return roundedBack(adaptiveAvgPool1d(input.float(), outputSize), input.dtype);
  const { g, shape } = adaptiveGeometry(1, input, outputSize, 'adaptive_avg_pool1d');
  return adaptiveAvgOp(input, g, shape);
}
/** `F.adaptiveAvgPool2d(input, outputSize)`; an entry of null keeps that input size. */
export function adaptiveAvgPool2d(input: Tensor, outputSize: IntOrTuple | readonly (number | null)[]): Tensor {
  checkFloat(input, 'adaptive_avg_pool2d');
  if (halfOnCpu(input)) return roundedBack(adaptiveAvgPool2d(input.float(), outputSize), input.dtype);
  const { g, shape } = adaptiveGeometry(2, input, outputSize, 'adaptive_avg_pool2d');
  return adaptiveAvgOp(input, g, shape);
}

function adaptiveMaxNd(nsp: number, input: Tensor, outputSize: IntOrTuple | readonly (number | null)[], returnIndices: boolean): Tensor | [Tensor, Tensor] {
  const name = `adaptive_max_pool${nsp}d`;
  checkFloat(input, name);
  if (halfOnCpu(input)) return roundedBack(adaptiveMaxNd(nsp, input.float(), outputSize, returnIndices), input.dtype);
  const { g, shape } = adaptiveGeometry(nsp, input, outputSize, name);
  const values = torch.empty(shape, { dtype: input.dtype, device: input.device });
  const indices = torch.empty(shape, { dtype: 'int64', device: input.device });
  if (values.numel() > 0) nnBackend(input, name).adaptivePool2d!(g, true, values, indices, input.contiguous());
  torch._record(values, 'AdaptiveMaxPool2DBackward0', [input], (grad) => [scatterByIndex(grad, indices, input.shape, g.planes, g.ih * g.iw)]);
  return returnIndices ? [values, indices] : values;
}

/** `F.adaptiveMaxPool1d(input, outputSize, { returnIndices })`. */
export function adaptiveMaxPool1d(input: Tensor, outputSize: IntOrTuple, opts?: { returnIndices?: false }): Tensor;
export function adaptiveMaxPool1d(input: Tensor, outputSize: IntOrTuple, opts: { returnIndices: true }): [Tensor, Tensor];
export function adaptiveMaxPool1d(input: Tensor, outputSize: IntOrTuple, opts: { returnIndices?: boolean } = {}): Tensor | [Tensor, Tensor] {
  return adaptiveMaxNd(1, input, outputSize, opts.returnIndices ?? false);
}
/** `F.adaptiveMaxPool2d(input, outputSize, { returnIndices })`. */
export function adaptiveMaxPool2d(input: Tensor, outputSize: IntOrTuple | readonly (number | null)[], opts?: { returnIndices?: false }): Tensor;
export function adaptiveMaxPool2d(input: Tensor, outputSize: IntOrTuple | readonly (number | null)[], opts: { returnIndices: true }): [Tensor, Tensor];
export function adaptiveMaxPool2d(input: Tensor, outputSize: IntOrTuple | readonly (number | null)[], opts: { returnIndices?: boolean } = {}): Tensor | [Tensor, Tensor] {
  return adaptiveMaxNd(2, input, outputSize, opts.returnIndices ?? false);
}

/** Options of `F.maxUnpool1d/2d`. */
export interface MaxUnpoolOptions {
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  outputSize?: readonly number[] | null;
}

function maxUnpoolNd(nsp: number, input: Tensor, indices: Tensor, kernelSize: IntOrTuple, opts: MaxUnpoolOptions): Tensor {
  const k = ntuple(kernelSize, nsp, 'kernel_size');
  const s = opts.stride == null ? k : ntuple(opts.stride, nsp, 'stride');
  const p = ntuple(opts.padding ?? 0, nsp, 'padding');
  if (indices.dtype !== 'int64') throw new Error(`elements in indices should be type int64 but got: ${indices.dtype}`);
  if (indices.shape.join() !== input.shape.join())
    throw new Error(`Expected shape of indices to be same as that of the input tensor (${input.shape.join(', ')}) but got indices tensor with shape: (${indices.shape.join(', ')})`);
  const sp = input.shape.slice(input.ndim - nsp);
  let out = sp.map((v, i) => (v - 1) * s[i] - 2 * p[i] + k[i]);
  if (opts.outputSize) {
    const os = opts.outputSize.slice(opts.outputSize.length - nsp);
    for (let i = 0; i < nsp; i++) {
      const lo = out[i] - s[i], hi = out[i] + s[i];
      if (os[i] <= lo || os[i] >= hi)
        throw new Error(`invalid output_size "[${os.join(', ')}]" (dim ${i} must be between ${lo} and ${hi})`);
    }
    out = [...os];
  }
  const lead = input.shape.slice(0, input.ndim - nsp);
  const np = lead.reduce((a, b) => a * b, 1);
  const plane = out.reduce((a, b) => a * b, 1);
  const z = torch.zeros([np, plane], { dtype: input.dtype, device: input.device });
  // matches PyTorch: assignment, not accumulation, where indices repeat
  return torch.scatter(z, 1, indices.reshape([np, -1]), input.reshape([np, -1])).view([...lead, ...out]);
}

/** `F.maxUnpool1d(input, indices, kernelSize, { stride, padding, outputSize })`. */
export function maxUnpool1d(input: Tensor, indices: Tensor, kernelSize: IntOrTuple, opts: MaxUnpoolOptions = {}): Tensor {
  return maxUnpoolNd(1, input, indices, kernelSize, opts);
}
/** `F.maxUnpool2d(input, indices, kernelSize, { stride, padding, outputSize })`. */
export function maxUnpool2d(input: Tensor, indices: Tensor, kernelSize: IntOrTuple, opts: MaxUnpoolOptions = {}): Tensor {
  return maxUnpoolNd(2, input, indices, kernelSize, opts);
}

/** `F.lpPool1d(input, normType, kernelSize, { stride, ceilMode })`: (sum x^p)^(1/p) over windows. */
export function lpPool1d(input: Tensor, normType: number, kernelSize: number, opts: { stride?: number | null; ceilMode?: boolean } = {}): Tensor {
  const out = avgPool1d(input.pow(normType), kernelSize, { stride: opts.stride, ceilMode: opts.ceilMode });
  return out.sign().mul(out.abs().relu()).mul(kernelSize).pow(1 / normType);
}
/** `F.lpPool2d(input, normType, kernelSize, { stride, ceilMode })`. */
export function lpPool2d(input: Tensor, normType: number, kernelSize: IntOrTuple, opts: { stride?: IntOrTuple | null; ceilMode?: boolean } = {}): Tensor {
  const [kh, kw] = ntuple(kernelSize, 2, 'kernel_size');
  const out = avgPool2d(input.pow(normType), [kh, kw], { stride: opts.stride, ceilMode: opts.ceilMode });
  return out.sign().mul(out.abs().relu()).mul(kh * kw).pow(1 / normType);
}
