/**
 * `nn.init`: in-place weight initialisers with PyTorch's formulas. All run without recording
 * gradients and return the tensor they filled.
 * @module
 */
import * as torch from '@tensile/core';
import type { Tensor } from '@tensile/core';

export type Nonlinearity =
  | 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'conv_transpose1d' | 'conv_transpose2d' | 'conv_transpose3d'
  | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';
/** `'fanIn'` / `'fanOut'` (PyTorch's `'fan_in'` / `'fan_out'` are accepted too). */
export type FanMode = 'fanIn' | 'fanOut' | 'fan_in' | 'fan_out';

/** `nn.init.calculate_gain(nonlinearity, param)`: the recommended gain for a nonlinearity. */
export function calculateGain(nonlinearity: Nonlinearity | string, param?: number | null): number {
  const linear = ['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d'];
  if (linear.includes(nonlinearity) || nonlinearity === 'sigmoid') return 1;
  if (nonlinearity === 'tanh') return 5 / 3;
  if (nonlinearity === 'relu') return Math.sqrt(2);
  if (nonlinearity === 'leaky_relu') {
    let slope = 0.01;
    if (param !== undefined && param !== null) {
      if (typeof param !== 'number' || Number.isNaN(param)) throw new Error(`negative_slope ${param} not a valid number`);
      slope = param;
    }
    return Math.sqrt(2 / (1 + slope * slope));
  }
  if (nonlinearity === 'selu') return 3 / 4;
  throw new Error(`Unsupported nonlinearity ${nonlinearity}`);
}

/** PyTorch's `_calculate_fan_in_and_fan_out`. */
export function calculateFanInAndFanOut(tensor: Tensor): [number, number] {
  if (tensor.ndim < 2) throw new Error('Fan in and fan out can not be computed for tensor with fewer than 2 dimensions');
  const receptive = tensor.shape.slice(2).reduce((a, b) => a * b, 1);
  return [tensor.shape[1] * receptive, tensor.shape[0] * receptive];
}

function fan(tensor: Tensor, mode: FanMode): number {
  const m = mode === 'fan_in' ? 'fanIn' : mode === 'fan_out' ? 'fanOut' : mode;
  if (m !== 'fanIn' && m !== 'fanOut') throw new Error(`Mode ${mode} not supported, please use one of fan_in, fan_out`);
  const [fi, fo] = calculateFanInAndFanOut(tensor);
  return m === 'fanIn' ? fi : fo;
}

const noGrad = <T>(fn: () => T): T => torch.noGrad(fn);

/** Fills with U(a, b). */
export function uniform_(tensor: Tensor, a = 0, b = 1, opts: { generator?: torch.Generator } = {}): Tensor {
  return noGrad(() => tensor.uniform_(a, b, opts));
}
/** Fills with N(mean, std²). */
export function normal_(tensor: Tensor, mean = 0, std = 1, opts: { generator?: torch.Generator } = {}): Tensor {
  return noGrad(() => tensor.normal_(mean, std, opts));
}
/** Fills with N(mean, std²) truncated to [a, b] (inverse-CDF method, as PyTorch). */
export function truncNormal_(tensor: Tensor, mean = 0, std = 1, a = -2, b = 2, opts: { generator?: torch.Generator } = {}): Tensor {
  const cdf = (x: number) => (1 + erf(x / Math.SQRT2)) / 2;
  const l = cdf((a - mean) / std), u = cdf((b - mean) / std);
  return noGrad(() => {
    tensor.uniform_(2 * l - 1, 2 * u - 1, opts);
    tensor.copy_(tensor.erfinv().mul(std * Math.SQRT2).add(mean).clamp(a, b));
    return tensor;
  });
}
function erf(x: number): number {
  return torch.tensor([x], { dtype: 'float64' }).erf().item();
}
/** Fills with `val`. */
export function constant_(tensor: Tensor, val: number): Tensor {
  return noGrad(() => tensor.fill_(val));
}
/** Fills with ones. */
export const ones_ = (tensor: Tensor): Tensor => constant_(tensor, 1);
/** Fills with zeros. */
export const zeros_ = (tensor: Tensor): Tensor => constant_(tensor, 0);
/** Fills a 2-D tensor with the identity matrix. */
export function eye_(tensor: Tensor): Tensor {
  if (tensor.ndim !== 2) throw new Error('Only tensors with 2 dimensions are supported');
  return noGrad(() => tensor.copy_(torch.eye(tensor.shape[0], tensor.shape[1], { dtype: tensor.dtype })));
}
/** Fills a {3,4,5}-D conv weight with the Dirac delta (identity convolution), per group. */
export function dirac_(tensor: Tensor, groups = 1): Tensor {
  const d = tensor.ndim;
  if (d < 3 || d > 5) throw new Error('Only tensors with 3, 4, or 5 dimensions are supported');
  const sizes = tensor.shape;
  if (sizes[0] % groups !== 0) throw new Error('dim 0 must be divisible by groups');
  const outPerGroup = sizes[0] / groups;
  const minDim = Math.min(outPerGroup, sizes[1]);
  return noGrad(() => {
    tensor.zero_();
    const rows: number[] = [], cols: number[] = [];
    for (let g = 0; g < groups; g++) for (let k = 0; k < minDim; k++) { rows.push(g * outPerGroup + k); cols.push(k); }
    const centers = sizes.slice(2).map((s) => Math.floor(s / 2));
    const idx: torch.IndexItem[] = [torch.tensor(rows, { dtype: 'int64' }), torch.tensor(cols, { dtype: 'int64' }), ...centers];
    tensor.indexPut_(idx, 1);
    return tensor;
  });
}
/** Xavier/Glorot uniform: U(−a, a), a = gain·√(6 / (fan_in + fan_out)). */
export function xavierUniform_(tensor: Tensor, gain = 1): Tensor {
  const [fi, fo] = calculateFanInAndFanOut(tensor);
  const a = Math.sqrt(3) * gain * Math.sqrt(2 / (fi + fo));
  return uniform_(tensor, -a, a);
}
/** Xavier/Glorot normal: N(0, std²), std = gain·√(2 / (fan_in + fan_out)). */
export function xavierNormal_(tensor: Tensor, gain = 1): Tensor {
  const [fi, fo] = calculateFanInAndFanOut(tensor);
  return normal_(tensor, 0, gain * Math.sqrt(2 / (fi + fo)));
}

export interface KaimingOptions {
  /** Negative slope of the leaky ReLU after this layer (default 0). */
  a?: number;
  mode?: FanMode;
  nonlinearity?: Nonlinearity;
  generator?: torch.Generator;
}
/** He/Kaiming uniform: U(−b, b), b = gain·√(3 / fan). */
export function kaimingUniform_(tensor: Tensor, opts: KaimingOptions = {}): Tensor {
  if (tensor.shape.includes(0)) return tensor;
  const f = fan(tensor, opts.mode ?? 'fanIn');
  const gain = calculateGain(opts.nonlinearity ?? 'leaky_relu', opts.a ?? 0);
  const bound = Math.sqrt(3) * (gain / Math.sqrt(f));
  return uniform_(tensor, -bound, bound, { generator: opts.generator });
}
/** He/Kaiming normal: N(0, std²), std = gain / √fan. */
export function kaimingNormal_(tensor: Tensor, opts: KaimingOptions = {}): Tensor {
  if (tensor.shape.includes(0)) return tensor;
  const f = fan(tensor, opts.mode ?? 'fanIn');
  const gain = calculateGain(opts.nonlinearity ?? 'leaky_relu', opts.a ?? 0);
  return normal_(tensor, 0, gain / Math.sqrt(f), { generator: opts.generator });
}

/**
 * A (semi-)orthogonal matrix scaled by `gain`, from the QR decomposition of a normal matrix
 * with R's diagonal made positive (as PyTorch). QR by block Gram–Schmidt, orthogonalised twice.
 */
export function orthogonal_(tensor: Tensor, gain = 1): Tensor {
  if (tensor.ndim < 2) throw new Error('Only tensors with 2 or more dimensions are supported');
  if (tensor.numel() === 0) return tensor;
  return noGrad(() => {
    const rows = tensor.shape[0], cols = tensor.numel() / rows;
    let a = torch.randn([rows, cols], { dtype: 'float64' });
    if (rows < cols) a = a.t();
    const q = gramSchmidt(a.contiguous());
    const out = rows < cols ? q.t() : q;
    tensor.copy_(out.mul(gain).reshape(tensor.shape as number[]));
    return tensor;
  });
}
/** Q of the thin QR (m ≥ n) with positive diag(R); each column orthogonalised twice against the previous ones. */
function gramSchmidt(a: Tensor): Tensor {
  const [m, n] = a.shape;
  const q = torch.zeros([m, n], { dtype: a.dtype });
  for (let j = 0; j < n; j++) {
    let v = a.narrow(1, j, 1);
    if (j > 0) {
      const prev = q.narrow(1, 0, j);
      for (let pass = 0; pass < 2; pass++) v = v.sub(prev.mm(prev.t().mm(v)));
    }
    q.narrow(1, j, 1).copy_(v.div(v.norm()));
  }
  return q;
}

/** Sparse init of a 2-D tensor: N(0, std²) with a `sparsity` fraction of each column zeroed. */
export function sparse_(tensor: Tensor, sparsity: number, std = 0.01): Tensor {
  if (tensor.ndim !== 2) throw new Error('Only tensors with 2 dimensions are supported');
  const [rows, cols] = tensor.shape;
  const numZeros = Math.ceil(sparsity * rows);
  return noGrad(() => {
    tensor.normal_(0, std);
    for (let c = 0; c < cols; c++) {
      const zeroRows = torch.randperm(rows).narrow(0, 0, numZeros);
      tensor.indexPut_([zeroRows, c], 0);
    }
    return tensor;
  });
}

/** Deprecated PyTorch aliases (`nn.init.uniform` ...) are not provided; use the `_` forms. */
export const _calculateFanInAndFanOut = calculateFanInAndFanOut;
