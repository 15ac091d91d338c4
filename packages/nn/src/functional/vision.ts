/**
 * Vision functions: `F.interpolate` (nearest, nearest-exact, linear, bilinear, bicubic, trilinear),
 * `F.pixelShuffle`/`F.pixelUnshuffle`, `F.gridSample`, `F.affineGrid`. Interpolation along one
 * axis is a linear map, so each axis is resampled by a small (out × in) weight matrix product
 * (or an index select for nearest modes): gradients come from core's matmul and indexing.
 * @module
 */
import * as torch from '@tensile/core';
import type { Tensor } from '@tensile/core';

export type InterpolateMode = 'nearest' | 'nearest-exact' | 'linear' | 'bilinear' | 'bicubic' | 'trilinear' | 'area';

/** Options of `F.interpolate`. */
export interface InterpolateOptions {
  size?: number | readonly number[] | null;
  scaleFactor?: number | readonly number[] | null;
  mode?: InterpolateMode;
  alignCorners?: boolean | null;
  recomputeScaleFactor?: boolean | null;
}

/** PyTorch's `area_pixel_compute_source_index` scale: in/out, or 1/scale_factor when given. */
function axisScale(inSize: number, outSize: number, alignCorners: boolean, scaleFactor: number | null): number {
  if (alignCorners) return outSize > 1 ? (inSize - 1) / (outSize - 1) : 0;
  return scaleFactor !== null && scaleFactor > 0 ? 1 / scaleFactor : inSize / outSize;
}

/** Cubic convolution weights (A = -0.75) of offset t in [0, 1), PyTorch's `get_cubic_upsample_coefficients`. */
function cubicCoefficients(t: number): number[] {
  const A = -0.75;
  const c1 = (x: number) => ((A + 2) * x - (A + 3)) * x * x + 1;
  const c2 = (x: number) => ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
  return [c2(t + 1), c1(t), c1(1 - t), c2(2 - t)];
}

/** The (out × in) resampling matrix of one axis (a few nonzeros per row: metadata-sized work). */
function axisMatrix(mode: 'linear' | 'cubic', inSize: number, outSize: number, alignCorners: boolean, sf: number | null, dtype: torch.DType): Tensor {
  const m = new Float64Array(outSize * inSize);
  const scale = axisScale(inSize, outSize, alignCorners, sf);
  for (let o = 0; o < outSize; o++) {
    let src = alignCorners ? o * scale : (o + 0.5) * scale - 0.5;
    if (mode === 'linear') {
      if (!alignCorners && src < 0) src = 0;
      const i0 = Math.min(Math.floor(src), inSize - 1);
      const i1 = Math.min(i0 + 1, inSize - 1);
      const l1 = src - i0;
      m[o * inSize + i0] += 1 - l1;
      m[o * inSize + i1] += l1;
    } else {
      const i = Math.floor(src);
      const w = cubicCoefficients(src - i);
      for (let k = 0; k < 4; k++) {
        const j = Math.min(Math.max(i - 1 + k, 0), inSize - 1);
        m[o * inSize + j] += w[k];
      }
    }
  }
  return torch.fromArray(m, [outSize, inSize]).to(dtype);
}

function nearestIndex(inSize: number, outSize: number, sf: number | null, exact: boolean): Tensor {
  const scale = axisScale(inSize, outSize, false, sf);
  const idx = new Array<number>(outSize);
  for (let o = 0; o < outSize; o++) idx[o] = Math.min(Math.floor(exact ? (o + 0.5) * scale : o * scale), inSize - 1);
  return torch.tensor(idx, { dtype: 'int64' });
}

/** `F.interpolate(input, { size, scaleFactor, mode, alignCorners, recomputeScaleFactor })` over the trailing 1–3 dims. */
export function interpolate(input: Tensor, opts: InterpolateOptions = {}): Tensor {
  const mode = opts.mode ?? 'nearest';
  const nsp = input.ndim - 2;
  if (nsp < 1 || nsp > 3) throw new Error(`Input Error: Only 3D, 4D and 5D input Tensors supported (got ${input.ndim}D) for the modes: nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact (got ${mode})`);
  const needDims: Partial<Record<InterpolateMode, number>> = { linear: 1, bilinear: 2, bicubic: 2, trilinear: 3 };
  if (needDims[mode] !== undefined && needDims[mode] !== nsp)
    throw new Error(`Got ${input.ndim}D input, but ${mode} mode needs ${needDims[mode]! + 2}D input`);
  const interpolating = mode === 'linear' || mode === 'bilinear' || mode === 'bicubic' || mode === 'trilinear';
  if (opts.alignCorners != null && !interpolating)
    throw new Error('align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear');
  const alignCorners = opts.alignCorners ?? false;
  if ((opts.size == null) === (opts.scaleFactor == null)) throw new Error(opts.size != null ? 'only one of size or scale_factor should be defined' : 'either size or scale_factor should be defined');
  const inSp = input.shape.slice(2);
  let outSp: number[];
  let sfs: (number | null)[] = new Array(nsp).fill(null);
  if (opts.size != null) {
    outSp = typeof opts.size === 'number' ? new Array<number>(nsp).fill(opts.size) : [...opts.size];
    if (outSp.length !== nsp) throw new Error(`Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of [${inSp.join(', ')}] and output size of [${outSp.join(', ')}]. Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.`);
  } else {
    const sf = typeof opts.scaleFactor === 'number' ? new Array<number>(nsp).fill(opts.scaleFactor) : [...opts.scaleFactor!];
    if (sf.length !== nsp) throw new Error(`Input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of [${inSp.join(', ')}] and scale_factor of shape [${sf.join(', ')}].`);
    outSp = inSp.map((s, i) => Math.floor(s * sf[i]));
    if (!opts.recomputeScaleFactor) sfs = sf;
  }
  if (mode === 'area') return areaInterpolate(input, outSp);
  let x = input;
  for (let i = 0; i < nsp; i++) {
    const d = 2 + i;
    // the same size at scale 1 is the identity in every mode
    if (outSp[i] === inSp[i] && (sfs[i] === null || sfs[i] === 1)) continue;
    if (mode === 'nearest' || mode === 'nearest-exact') {
      x = x.indexSelect(d, nearestIndex(inSp[i], outSp[i], sfs[i], mode === 'nearest-exact'));
    } else {
      const m = axisMatrix(mode === 'bicubic' ? 'cubic' : 'linear', inSp[i], outSp[i], alignCorners, sfs[i], x.dtype);
      x = x.movedim(d, -1).matmul(m.t()).movedim(-1, d);
    }
  }
  return x;
}

function areaInterpolate(input: Tensor, outSp: number[]): Tensor {
  // adaptive average pooling is PyTorch's area mode; resample each axis with its averaging matrix
  let x = input;
  const inSp = input.shape.slice(2);
  for (let i = 0; i < outSp.length; i++) {
    const I = inSp[i], O = outSp[i];
    const m = new Float64Array(O * I);
    for (let o = 0; o < O; o++) {
      const s = Math.floor((o * I) / O), e = Math.ceil(((o + 1) * I) / O);
      for (let j = s; j < e; j++) m[o * I + j] = 1 / (e - s);
    }
    x = x.movedim(2 + i, -1).matmul(torch.fromArray(m, [O, I]).to(x.dtype).t()).movedim(-1, 2 + i);
  }
  return x;
}

/** `F.upsample` (deprecated alias of interpolate). */
export const upsample = (input: Tensor, opts: InterpolateOptions = {}): Tensor => interpolate(input, opts);

/** `F.pixelShuffle(input, upscaleFactor)`: (*, C·r², H, W) → (*, C, H·r, W·r). */
export function pixelShuffle(input: Tensor, upscaleFactor: number): Tensor {
  if (input.ndim < 3) throw new Error(`pixel_shuffle expects input to have at least 3 dimensions, but got input with ${input.ndim} dimension(s)`);
  const r = upscaleFactor;
  const lead = input.shape.slice(0, -3);
  const [c, h, w] = input.shape.slice(-3);
  if (c % (r * r) !== 0) throw new Error(`pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=${c} is not divisible by ${r * r}`);
  const oc = c / (r * r);
  const n = lead.length;
  const perm = [...lead.map((_, i) => i), n, n + 3, n + 1, n + 4, n + 2];
  return input.reshape([...lead, oc, r, r, h, w]).permute(perm).reshape([...lead, oc, h * r, w * r]);
}

/** `F.pixelUnshuffle(input, downscaleFactor)`: (*, C, H·r, W·r) → (*, C·r², H, W). */
export function pixelUnshuffle(input: Tensor, downscaleFactor: number): Tensor {
  if (input.ndim < 3) throw new Error(`pixel_unshuffle expects input to have at least 3 dimensions, but got input with ${input.ndim} dimension(s)`);
  const r = downscaleFactor;
  const lead = input.shape.slice(0, -3);
  const [c, h, w] = input.shape.slice(-3);
  if (h % r !== 0) throw new Error(`pixel_unshuffle expects height to be divisible by downscale_factor, but input.size(-2)=${h} is not divisible by ${r}`);
  if (w % r !== 0) throw new Error(`pixel_unshuffle expects width to be divisible by downscale_factor, but input.size(-1)=${w} is not divisible by ${r}`);
  const n = lead.length;
  const perm = [...lead.map((_, i) => i), n, n + 2, n + 4, n + 1, n + 3];
  return input.reshape([...lead, c, h / r, r, w / r, r]).permute(perm).reshape([...lead, c * r * r, h / r, w / r]);
}

/** `F.affineGrid(theta, size, { alignCorners })`: (N, 2, 3) affine maps → (N, H, W, 2) sampling grid. */
export function affineGrid(theta: Tensor, size: readonly number[], opts: { alignCorners?: boolean } = {}): Tensor {
  if (size.length !== 4) throw new Error('affine_grid only supports 4D sizes, for 2D affine transformations');
  const [N, , H, W] = size;
  if (theta.ndim !== 3 || theta.shape[0] !== N || theta.shape[1] !== 2 || theta.shape[2] !== 3)
    throw new Error(`Expected a batch of 2D affine matrices of shape Nx2x3 for size [${size.join(', ')}]. Got [${theta.shape.join(', ')}].`);
  const ac = opts.alignCorners ?? false;
  const lin = (n: number) => {
    const l = torch.linspace(-1, 1, n, { dtype: theta.dtype });
    return ac || n <= 1 ? (n <= 1 ? torch.zeros([n], { dtype: theta.dtype }) : l) : l.mul((n - 1) / n);
  };
  const xs = lin(W).view([1, W]).expand([H, W]);
  const ys = lin(H).view([H, 1]).expand([H, W]);
  const base = torch.stack([xs, ys, torch.ones([H, W], { dtype: theta.dtype })], 2).reshape([1, H * W, 3]);
  return base.matmul(theta.transpose(1, 2)).view([N, H, W, 2]);
}

/** Options of `F.gridSample`. */
export interface GridSampleOptions {
  mode?: 'bilinear' | 'nearest';
  paddingMode?: 'zeros' | 'border' | 'reflection';
  alignCorners?: boolean;
}

/** Reflects coordinates into [lo, hi] (PyTorch's `reflect_coordinates`), with tensor ops. */
function reflect(x: Tensor, lo: number, hi: number): Tensor {
  if (lo === hi) return x.mul(0);
  const span = hi - lo;
  const d = x.sub(lo).abs();
  const flips = d.div(span).floor();
  const extra = d.sub(flips.mul(span));
  const even = flips.remainder(2).eq(0);
  return torch.where(even, extra.add(lo), extra.neg().add(span + lo));
}

/** `F.gridSample(input, grid, { mode, paddingMode, alignCorners })` for 4-D input (N,C,H,W) and grid (N,Ho,Wo,2). */
export function gridSample(input: Tensor, grid: Tensor, opts: GridSampleOptions = {}): Tensor {
  if (input.ndim !== 4) throw new Error(`grid_sampler(): expected 4D or 5D input and grid with same number of dimensions, but got input with sizes [${input.shape.join(', ')}] and grid with sizes [${grid.shape.join(', ')}]`);
  if (grid.ndim !== 4 || grid.shape[3] !== 2 || grid.shape[0] !== input.shape[0])
    throw new Error(`grid_sampler(): expected grid to have size 2 in last dimension and the same batch size as input, but got grid with sizes [${grid.shape.join(', ')}]`);
  const mode = opts.mode ?? 'bilinear', pm = opts.paddingMode ?? 'zeros', ac = opts.alignCorners ?? false;
  const [N, C, H, W] = input.shape;
  const [, Ho, Wo] = grid.shape;
  const unnorm = (c: Tensor, size: number) => (ac ? c.add(1).mul((size - 1) / 2) : c.add(1).mul(size).sub(1).div(2));
  const compute = (c: Tensor, size: number) => {
    let v = unnorm(c, size);
    if (pm === 'border') v = v.clamp(0, size - 1);
    else if (pm === 'reflection') {
      v = ac ? reflect(v, 0, size - 1) : reflect(v, -0.5, size - 0.5);
      v = v.clamp(0, size - 1);
    }
    return v;
  };
  const ix = compute(grid.select(3, 0), W), iy = compute(grid.select(3, 1), H); // (N, Ho, Wo)
  const flat = input.reshape([N, C, H * W]);
  const sample = (xi: Tensor, yi: Tensor): Tensor => {
    // xi, yi: integer-valued float tensors (N, Ho, Wo); out of range reads 0
    const valid = xi.ge(0).logicalAnd(xi.le(W - 1)).logicalAnd(yi.ge(0)).logicalAnd(yi.le(H - 1));
    const idx = yi.clamp(0, H - 1).mul(W).add(xi.clamp(0, W - 1)).detach().long().view([N, 1, Ho * Wo]).expand([N, C, Ho * Wo]);
    const v = flat.gather(2, idx).view([N, C, Ho, Wo]);
    return v.mul(valid.unsqueeze(1).to(input.dtype));
  };
  if (mode === 'nearest') return sample(ix.round(), iy.round());
  if (mode !== 'bilinear') throw new Error(`nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or 'bicubic', but got: '${mode}'`);
  const x0 = ix.floor().detach(), y0 = iy.floor().detach();
  const x1 = x0.add(1), y1 = y0.add(1);
  const wx1 = ix.sub(x0), wx0 = x1.sub(ix), wy1 = iy.sub(y0), wy0 = y1.sub(iy);
  const w = (a: Tensor, b: Tensor) => a.mul(b).unsqueeze(1);
  return sample(x0, y0).mul(w(wx0, wy0))
    .add(sample(x1, y0).mul(w(wx1, wy0)))
    .add(sample(x0, y1).mul(w(wx0, wy1)))
    .add(sample(x1, y1).mul(w(wx1, wy1)));
}
