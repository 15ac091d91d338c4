/**
 * Convolutions: `F.conv1d/2d/3d` and `F.convTranspose1d/2d/3d`, over three native kernels
 * (im2col + GEMM forward, input gradient, weight gradient). Each of the three is declared here as
 * an op whose gradients are the other two, so gradients of gradients (gradient penalties) work
 * without a composed fallback:
 *   y  = conv(x, w)            dx = convInputGrad(dy, w)     dw = convWeightGrad(dy, x)
 *   x' = convInputGrad(y, w)   dy = conv(dx', w)             dw = convWeightGrad(y, dx')
 *   w' = convWeightGrad(y, x)  dy = conv(x, dw')             dx = convInputGrad(y, dw')
 * The transposed convolution's forward is `convInputGrad`.
 * @module
 */
import * as torch from '@tensile/core';
import type { Tensor } from '@tensile/core';

/** An int, or one int per spatial dim. */
export type IntOrTuple = number | readonly number[];
type Geometry = torch._ConvGeometry;

/** Expands an int or tuple argument to `n` entries, PyTorch's `_ntuple`. */
export function ntuple(v: IntOrTuple, n: number, name: string): number[] {
  if (typeof v === 'number') return new Array<number>(n).fill(v);
  if (v.length === 1) return new Array<number>(n).fill(v[0]);
  if (v.length !== n) throw new Error(`expected ${name} to be a single integer value or a list of ${n} values to match the convolution dimensions, but got ${name}=[${v.join(', ')}]`);
  return [...v];
}

/** The device's kernel table, or PyTorch-style error when it lacks the nn kernels. */
export function nnBackend(t: Tensor, op: string): torch._Backend {
  const b = torch._backendFor(t.device);
  if (!b.convForward) throw new Error(`Could not run '${op}' with arguments from the '${t.device}' backend.`);
  return b;
}

/** Pads spatial arrays to the 3 dims the kernels take (real dims last). */
function three(v: readonly number[], fill: number): number[] {
  return [...new Array<number>(3 - v.length).fill(fill), ...v];
}

function geometry(n: number, c: number, o: number, groups: number, input: number[], kernel: number[], output: number[],
  stride: number[], padding: number[], dilation: number[]): Geometry {
  return {
    n, c, o, groups, input: three(input, 1), kernel: three(kernel, 1), output: three(output, 1),
    stride: three(stride, 1), padding: three(padding, 0), dilation: three(dilation, 1),
  };
}

function spatial(g: Geometry, which: 'input' | 'output', nsp: number): number[] {
  return g[which].slice(3 - nsp);
}

/** y (N,O,out) = conv(x, w) + bias; the op with both gradients. */
function convOp(x: Tensor, w: Tensor, bias: Tensor | null, g: Geometry, nsp: number): Tensor {
  const xc = x.contiguous(), wc = w.contiguous(), bc = bias ? bias.contiguous() : null;
  const out = torch.empty([g.n, g.o, ...spatial(g, 'output', nsp)], { dtype: x.dtype, device: x.device });
  if (out.numel() > 0) nnBackend(x, 'convolution').convForward!(g, out, xc, wc, bc);
  const inputs = bias ? [x, w, bias] : [x, w];
  return torch._record(out, 'ConvolutionBackward0', inputs, (grad, needs) => [
    needs[0] ? convInputGradOp(grad, w, g, nsp) : null,
    needs[1] ? convWeightGradOp(grad, x, g, nsp) : null,
    needs[2] ? biasGrad(grad, g) : null,
  ], [x, w]);
}

/**
 * The bias gradient, grad summed over batch and space. As (N, O, L) summed over L first, then N:
 * both reductions then run over a unit-stride or outer dim, far faster than one reduction over
 * the non-adjacent dims (0, 2, 3).
 */
function biasGrad(grad: Tensor, g: Geometry): Tensor {
  return grad.reshape([g.n, g.o, -1]).sum(2).sum(0);
}

/** x' (N,C,in) = input gradient of conv for output gradient y; the transposed convolution. */
function convInputGradOp(y: Tensor, w: Tensor, g: Geometry, nsp: number): Tensor {
  const yc = y.contiguous(), wc = w.contiguous();
  const out = torch.empty([g.n, g.c, ...spatial(g, 'input', nsp)], { dtype: y.dtype, device: y.device });
  if (out.numel() > 0) nnBackend(y, 'convolution_backward').convBackwardInput!(g, out, yc, wc);
  return torch._record(out, 'ConvolutionBackwardBackward0', [y, w], (grad, needs) => [
    needs[0] ? convOp(grad, w, null, g, nsp) : null,
    needs[1] ? convWeightGradOp(y, grad, g, nsp) : null,
  ], [y, w]);
}

/** w' (O,C/G,k) = weight gradient of conv from output gradient y and input x. */
function convWeightGradOp(y: Tensor, x: Tensor, g: Geometry, nsp: number): Tensor {
  const yc = y.contiguous(), xc = x.contiguous();
  const kernel = g.kernel.slice(3 - nsp);
  const out = torch.empty([g.o, g.c / g.groups, ...kernel], { dtype: y.dtype, device: y.device });
  if (out.numel() > 0) nnBackend(y, 'convolution_backward').convBackwardWeight!(g, out, yc, xc);
  return torch._record(out, 'ConvolutionBackwardBackward1', [y, x], (grad, needs) => [
    needs[0] ? convOp(x, grad, null, g, nsp) : null,
    needs[1] ? convInputGradOp(y, grad, g, nsp) : null,
  ], [y, x]);
}

function sizeStr(s: readonly number[]): string {
  return `[${s.join(', ')}]`;
}

function checkDtypes(input: Tensor, weight: Tensor, bias: Tensor | null | undefined): void {
  const name = (d: string) => (d === 'float64' ? 'Double' : d === 'float32' ? 'Float' : d === 'int64' ? 'Long' : d);
  if (input.dtype !== weight.dtype) throw new Error(`expected scalar type ${name(input.dtype)} but found ${name(weight.dtype)}`);
  if (bias && bias.dtype !== input.dtype) throw new Error(`expected scalar type ${name(input.dtype)} but found ${name(bias.dtype)}`);
}

/** Options of `F.conv1d/2d/3d`. */
export interface ConvOptions {
  stride?: IntOrTuple;
  padding?: IntOrTuple | 'same' | 'valid';
  dilation?: IntOrTuple;
  groups?: number;
}

/**
 * The half type of a float16/bfloat16 convolution on the CPU, whose kernels are float32 and
 * float64 only: it runs in float32 and is rounded back, as PyTorch's CPU bfloat16 path
 * accumulates in float32. Null otherwise (including mismatched dtypes, which checkDtypes reports).
 */
function lowPrecisionOnCpu(input: Tensor, weight: Tensor): 'float16' | 'bfloat16' | null {
  const d = input.dtype;
  return (d === 'float16' || d === 'bfloat16') && weight.dtype === d && input.device === 'cpu' ? d : null;
}

/** The shared body of `F.conv{1,2,3}d`: validation in PyTorch's words, then {@link convOp}. */
export function convNd(nsp: number, input: Tensor, weight: Tensor, bias: Tensor | null | undefined, opts: ConvOptions): Tensor {
  const name = `conv${nsp}d`;
  [input, weight, bias] = torch._autocast(name, input, weight, bias);
  const low = lowPrecisionOnCpu(input, weight);
  // the float32 call runs outside autocast, which would otherwise cast it straight back
  if (low) return torch.autocast('cpu', () => convNd(nsp, input.float(), weight.float(), bias?.float(), opts), { enabled: false }).to(low);
  if (input.ndim !== nsp + 1 && input.ndim !== nsp + 2)
    throw new Error(`Expected ${nsp + 1}D (unbatched) or ${nsp + 2}D (batched) input to ${name}, but got input of size: ${sizeStr(input.shape)}`);
  const unbatched = input.ndim === nsp + 1;
  const x = unbatched ? input.unsqueeze(0) : input;
  if (weight.ndim !== nsp + 2)
    throw new Error(`Expected ${nsp + 2}-dimensional input for ${nsp + 2}-dimensional weight ${sizeStr(weight.shape)}, but got ${weight.ndim}-dimensional input of size ${sizeStr(input.shape)} instead`);
  checkDtypes(input, weight, bias);
  const groups = opts.groups ?? 1;
  if (!(groups > 0)) throw new Error('non-positive groups is not supported');
  const stride = ntuple(opts.stride ?? 1, nsp, 'stride');
  const dilation = ntuple(opts.dilation ?? 1, nsp, 'dilation');
  const [n, c, ...inSp] = x.shape;
  const [o, cg, ...k] = weight.shape;
  if (stride.some((s) => s <= 0)) throw new Error('non-positive stride is not supported');
  if (dilation.some((d) => d <= 0)) throw new Error('dilation should be greater than zero');
  if (o % groups !== 0)
    throw new Error(`Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size ${sizeStr(weight.shape)} instead`);
  if (cg * groups !== c)
    throw new Error(`Given groups=${groups}, weight of size ${sizeStr(weight.shape)}, expected input${sizeStr(x.shape)} to have ${cg * groups} channels, but got ${c} channels instead`);
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== o))
    throw new Error(`Given weight of size ${sizeStr(weight.shape)}, expected bias to be 1-dimensional with ${o} elements, but got bias of size ${sizeStr(bias.shape)} instead`);
  let padding: number[];
  const p = opts.padding ?? 0;
  let outSp: number[];
  if (p === 'same') {
    if (stride.some((s) => s !== 1)) throw new Error("padding='same' is not supported for strided convolutions");
    // matches PyTorch: the odd unit of total padding goes on the trailing side
    padding = k.map((kk, i) => Math.floor((dilation[i] * (kk - 1)) / 2));
    outSp = [...inSp];
  } else {
    padding = p === 'valid' ? new Array<number>(nsp).fill(0) : ntuple(p, nsp, 'padding');
    if (padding.some((v) => v < 0)) throw new Error('negative padding is not supported');
    const eff = k.map((kk, i) => dilation[i] * (kk - 1) + 1);
    const padded = inSp.map((s, i) => s + 2 * padding[i]);
    if (padded.some((s, i) => s < eff[i]))
      throw new Error(`Calculated padded input size per channel: (${padded.join(' x ')}). Kernel size: (${eff.join(' x ')}). Kernel size can't be greater than actual input size`);
    outSp = inSp.map((s, i) => Math.floor((s + 2 * padding[i] - eff[i]) / stride[i]) + 1);
  }
  const g = geometry(n, c, o, groups, inSp, k, outSp, stride, padding, dilation);
  const y = convOp(x, weight, bias ?? null, g, nsp);
  return unbatched ? y.squeeze(0) : y;
}

/** `F.conv1d(input, weight, bias?, { stride, padding, dilation, groups })`. */
export function conv1d(input: Tensor, weight: Tensor, bias?: Tensor | null, opts: ConvOptions = {}): Tensor {
  return convNd(1, input, weight, bias, opts);
}
/** `F.conv2d(input, weight, bias?, { stride, padding, dilation, groups })`; padding may be 'same' or 'valid'. */
export function conv2d(input: Tensor, weight: Tensor, bias?: Tensor | null, opts: ConvOptions = {}): Tensor {
  return convNd(2, input, weight, bias, opts);
}
/** `F.conv3d(input, weight, bias?, { stride, padding, dilation, groups })`. */
export function conv3d(input: Tensor, weight: Tensor, bias?: Tensor | null, opts: ConvOptions = {}): Tensor {
  return convNd(3, input, weight, bias, opts);
}

/** Options of `F.convTranspose1d/2d/3d`. */
export interface ConvTransposeOptions {
  stride?: IntOrTuple;
  padding?: IntOrTuple;
  outputPadding?: IntOrTuple;
  groups?: number;
  dilation?: IntOrTuple;
}

/** The shared body of `F.convTranspose{1,2,3}d`: the input gradient of the matching convolution. */
export function convTransposeNd(nsp: number, input: Tensor, weight: Tensor, bias: Tensor | null | undefined, opts: ConvTransposeOptions): Tensor {
  const name = `conv_transpose${nsp}d`;
  [input, weight, bias] = torch._autocast(name, input, weight, bias);
  const low = lowPrecisionOnCpu(input, weight);
  if (low) return torch.autocast('cpu', () => convTransposeNd(nsp, input.float(), weight.float(), bias?.float(), opts), { enabled: false }).to(low);
  if (input.ndim !== nsp + 1 && input.ndim !== nsp + 2)
    throw new Error(`Expected ${nsp + 1}D (unbatched) or ${nsp + 2}D (batched) input to ${name}, but got input of size: ${sizeStr(input.shape)}`);
  const unbatched = input.ndim === nsp + 1;
  const x = unbatched ? input.unsqueeze(0) : input;
  checkDtypes(input, weight, bias);
  const groups = opts.groups ?? 1;
  const stride = ntuple(opts.stride ?? 1, nsp, 'stride');
  const padding = ntuple(opts.padding ?? 0, nsp, 'padding');
  const outPad = ntuple(opts.outputPadding ?? 0, nsp, 'output_padding');
  const dilation = ntuple(opts.dilation ?? 1, nsp, 'dilation');
  const [n, cin, ...inSp] = x.shape;
  const [wi, coutG, ...k] = weight.shape;
  if (wi !== cin)
    throw new Error(`Given transposed=1, weight of size ${sizeStr(weight.shape)}, expected input${sizeStr(x.shape)} to have ${wi} channels, but got ${cin} channels instead`);
  if (cin % groups !== 0) throw new Error(`Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size ${sizeStr(weight.shape)} instead`);
  for (let i = 0; i < nsp; i++)
    if (outPad[i] >= stride[i] && outPad[i] >= dilation[i])
      throw new Error('output padding must be smaller than either stride or dilation');
  const cout = coutG * groups;
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== cout))
    throw new Error(`Given transposed=1, weight of size ${sizeStr(weight.shape)}, expected bias to be 1-dimensional with ${cout} elements, but got bias of size ${sizeStr(bias.shape)} instead`);
  const outSp = inSp.map((s, i) => (s - 1) * stride[i] - 2 * padding[i] + dilation[i] * (k[i] - 1) + outPad[i] + 1);
  if (outSp.some((s) => s <= 0))
    throw new Error(`Given input size per channel: (${inSp.join(' x ')}). Calculated output size per channel: (${outSp.join(' x ')}). Output size is too small`);
  // the convolution this one transposes: input = our output (Cout channels), output = our input (Cin)
  const g = geometry(n, cout, cin, groups, outSp, k, inSp, stride, padding, dilation);
  let y = convInputGradOp(x, weight, g, nsp);
  if (bias) y = y.add(bias.view([cout, ...new Array<number>(nsp).fill(1)]));
  return unbatched ? y.squeeze(0) : y;
}

/** `F.convTranspose1d(input, weight, bias?, { stride, padding, outputPadding, groups, dilation })`. */
export function convTranspose1d(input: Tensor, weight: Tensor, bias?: Tensor | null, opts: ConvTransposeOptions = {}): Tensor {
  return convTransposeNd(1, input, weight, bias, opts);
}
/** `F.convTranspose2d(input, weight, bias?, { stride, padding, outputPadding, groups, dilation })`. */
export function convTranspose2d(input: Tensor, weight: Tensor, bias?: Tensor | null, opts: ConvTransposeOptions = {}): Tensor {
  return convTransposeNd(2, input, weight, bias, opts);
}
/** `F.convTranspose3d(input, weight, bias?, { stride, padding, outputPadding, groups, dilation })`. */
export function convTranspose3d(input: Tensor, weight: Tensor, bias?: Tensor | null, opts: ConvTransposeOptions = {}): Tensor {
  return convTransposeNd(3, input, weight, bias, opts);
}

/** Options of `F.unfold` / `F.fold`. */
export interface FoldOptions {
  dilation?: IntOrTuple;
  padding?: IntOrTuple;
  stride?: IntOrTuple;
}

function im2colOp(x: Tensor, g: Geometry): Tensor {
  const L = g.output[1] * g.output[2];
  const out = torch.empty([g.n, g.c * g.kernel[1] * g.kernel[2], L], { dtype: x.dtype, device: x.device });
  if (out.numel() > 0) nnBackend(x, 'im2col').im2col!(g, out, x.contiguous());
  return torch._record(out, 'Im2ColBackward0', [x], (grad) => [col2imOp(grad, g)]);
}

function col2imOp(col: Tensor, g: Geometry): Tensor {
  const out = torch.empty([g.n, g.c, g.input[1], g.input[2]], { dtype: col.dtype, device: col.device });
  if (out.numel() > 0) nnBackend(col, 'col2im').col2im!(g, out, col.contiguous());
  return torch._record(out, 'Col2ImBackward0', [col], (grad) => [im2colOp(grad, g)]);
}

/** `F.unfold(input, kernelSize, { dilation, padding, stride })`: sliding blocks → (N, C*k, L). */
export function unfold(input: Tensor, kernelSize: IntOrTuple, opts: FoldOptions = {}): Tensor {
  if (input.ndim !== 3 && input.ndim !== 4)
    throw new Error(`Input Error: Only 3D or 4D input Tensors are supported (got ${input.ndim}D)`);
  const unbatched = input.ndim === 3;
  const x = unbatched ? input.unsqueeze(0) : input;
  const k = ntuple(kernelSize, 2, 'kernel_size'), d = ntuple(opts.dilation ?? 1, 2, 'dilation');
  const p = ntuple(opts.padding ?? 0, 2, 'padding'), s = ntuple(opts.stride ?? 1, 2, 'stride');
  const [n, c, h, w] = x.shape;
  const out = [h, w].map((v, i) => Math.floor((v + 2 * p[i] - (d[i] * (k[i] - 1) + 1)) / s[i]) + 1);
  if (out.some((v) => v < 1))
    throw new Error(`Given input with spatial size (${h}, ${w}), kernel_size=(${k.join(', ')}), dilation=(${d.join(', ')}), padding=(${p.join(', ')}), calculated shape of the array of sliding blocks as (${out.join(', ')}), but its components must be at least one.`);
  const y = im2colOp(x, geometry(n, c, c, 1, [h, w], k, out, s, p, d));
  return unbatched ? y.squeeze(0) : y;
}

/** `F.fold(input, outputSize, kernelSize, { dilation, padding, stride })`: (N, C*k, L) → (N, C, H, W), overlaps summed. */
export function fold(input: Tensor, outputSize: IntOrTuple, kernelSize: IntOrTuple, opts: FoldOptions = {}): Tensor {
  if (input.ndim !== 2 && input.ndim !== 3)
    throw new Error(`Input Error: Only unbatched (2D) or batched (3D) input Tensors are supported (got ${input.ndim}D)`);
  const unbatched = input.ndim === 2;
  const x = unbatched ? input.unsqueeze(0) : input;
  const os = ntuple(outputSize, 2, 'output_size'), k = ntuple(kernelSize, 2, 'kernel_size');
  const d = ntuple(opts.dilation ?? 1, 2, 'dilation'), p = ntuple(opts.padding ?? 0, 2, 'padding'), s = ntuple(opts.stride ?? 1, 2, 'stride');
  const [n, ck, L] = x.shape;
  const kk = k[0] * k[1];
  if (ck % kk !== 0)
    throw new Error(`Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got input.size(1)=${ck} and kernel_size=(${k.join(', ')})`);
  const blocks = os.map((v, i) => Math.floor((v + 2 * p[i] - (d[i] * (k[i] - 1) + 1)) / s[i]) + 1);
  if (blocks[0] * blocks[1] !== L)
    throw new Error(`Given output_size=(${os.join(', ')}), kernel_size=(${k.join(', ')}), dilation=(${d.join(', ')}), padding=(${p.join(', ')}), stride=(${s.join(', ')}), expected size of input's dimension 2 to match the calculated number of sliding blocks ${blocks[0]} * ${blocks[1]} = ${blocks[0] * blocks[1]}, but got input.size(2)=${L}.`);
  const c = ck / kk;
  const y = col2imOp(x, geometry(n, c, c, 1, os, k, blocks, s, p, d));
  return unbatched ? y.squeeze(0) : y;
}
