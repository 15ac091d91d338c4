/**
 * Tensor pretty-printing: a faithful port of PyTorch 1.13's `torch/_tensor_str.py`.
 *
 * The output of {@link formatTensor} matches `str(t)` in PyTorch character for character,
 * including Python's float formatting (`'{:.4f}'`, `'{:.4e}'`, `'{:.0f}'`: correctly rounded
 * from the exact binary value, ties to even, exponents with at least two digits).
 * @module
 */

import { type DType, isFloatingPoint } from './dtype';

/** Options controlling how tensors print (`torch.set_printoptions`). */
export interface PrintOptions {
  /** Digits after the decimal point for floating-point output (default 4). */
  precision: number;
  /** Number of elements above which the output is summarised with `...` (default 1000). */
  threshold: number;
  /** Items shown at the start and end of each summarised dimension (default 3). */
  edgeitems: number;
  /** Characters per line used for wrapping (default 80). */
  linewidth: number;
  /** Force (`true`) or forbid (`false`) scientific notation; `null` chooses automatically. */
  sciMode: boolean | null;
}

/** The current print options (PyTorch's `PRINT_OPTS`); mutated by {@link setPrintoptions}. */
export const printOptions: PrintOptions = {
  precision: 4,
  threshold: 1000,
  edgeitems: 3,
  linewidth: 80,
  sciMode: null,
};

/**
 * `torch.set_printoptions`. A `profile` (`'default'`, `'short'` or `'full'`) resets precision,
 * threshold, edgeitems and linewidth first; the other given options then override it. As in
 * PyTorch, `sciMode` is always assigned: omitting it resets it to `null` (automatic).
 */
export function setPrintoptions(
  opts: Partial<PrintOptions> & { profile?: 'default' | 'short' | 'full' } = {},
): void {
  if (opts.profile !== undefined) {
    if (opts.profile === 'default') {
      Object.assign(printOptions, { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 });
    } else if (opts.profile === 'short') {
      Object.assign(printOptions, { precision: 2, threshold: 1000, edgeitems: 2, linewidth: 80 });
    } else if (opts.profile === 'full') {
      Object.assign(printOptions, { precision: 4, threshold: Infinity, edgeitems: 3, linewidth: 80 });
    }
  }
  if (opts.precision !== undefined && opts.precision !== null) printOptions.precision = opts.precision;
  if (opts.threshold !== undefined && opts.threshold !== null) printOptions.threshold = opts.threshold;
  if (opts.edgeitems !== undefined && opts.edgeitems !== null) printOptions.edgeitems = opts.edgeitems;
  if (opts.linewidth !== undefined && opts.linewidth !== null) printOptions.linewidth = opts.linewidth;
  printOptions.sciMode = opts.sciMode ?? null;
}

// ---------------------------------------------------------------------------------------------
// Python float formatting, exact.
// ---------------------------------------------------------------------------------------------

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = LITTLE_ENDIAN ? 1 : 0;

/**
 * The exact decimal expansion of |x| (finite) as a string of digits `digits` and the position of
 * the decimal point `point`: |x| = 0.d1d2d3... * 10^point, i.e. `digits` with the decimal point
 * after `point` digits. `digits` has no leading zeros (empty for zero).
 */
function exactDecimal(x: number): { digits: string; point: number } {
  F64[0] = x;
  const hi = U32[HI]!;
  const lo = U32[LO]!;
  const biasedExp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (biasedExp === 0) {
    exp = -1074; // subnormal
  } else {
    mant |= 1n << 52n;
    exp = biasedExp - 1075;
  }
  if (mant === 0n) return { digits: '', point: 0 };
  let digits: string;
  let point: number;
  if (exp >= 0) {
    digits = (mant << BigInt(exp)).toString();
    point = digits.length;
  } else {
    // mant * 2^exp = mant * 5^-exp / 10^-exp
    digits = (mant * 5n ** BigInt(-exp)).toString();
    point = digits.length + exp;
  }
  // strip trailing zeros (they carry no information)
  let end = digits.length;
  while (end > 0 && digits.charCodeAt(end - 1) === 48) end--;
  return { digits: digits.slice(0, end), point };
}

/**
 * Round the digit string `digits` (value 0.digits * 10^point) to keep `keep` digits (counted from
 * the start of `digits`), ties to even. Returns the kept digits (exactly `keep` of them, possibly
 * with a carry that adds one more leading digit, reported by `carry`).
 */
function roundDigits(digits: string, keep: number): { kept: string; carry: boolean } {
  if (keep < 0) {
    // Everything is below the rounding position by at least one digit: rounds to zero
    // (the value is < 0.1 units of the last place, so never a tie or above half).
    return { kept: '', carry: false };
  }
  if (digits.length <= keep) return { kept: digits.padEnd(keep, '0'), carry: false };
  const kept = digits.slice(0, keep);
  const first = digits.charCodeAt(keep) - 48;
  let roundUp: boolean;
  if (first > 5) roundUp = true;
  else if (first < 5) roundUp = false;
  else if (digits.length > keep + 1) roundUp = true; // trailing zeros were stripped: above half
  else {
    // exact tie: round half to even
    const last = keep > 0 ? kept.charCodeAt(keep - 1) - 48 : 0;
    roundUp = last % 2 === 1;
  }
  if (!roundUp) return { kept, carry: false };
  // increment the decimal string
  const arr = kept.split('');
  let i = arr.length - 1;
  while (i >= 0) {
    if (arr[i] === '9') {
      arr[i] = '0';
      i--;
    } else {
      arr[i] = String.fromCharCode(arr[i]!.charCodeAt(0) + 1);
      break;
    }
  }
  if (i < 0) return { kept: '1' + arr.join(''), carry: true };
  return { kept: arr.join(''), carry: false };
}

function isNegative(x: number): boolean {
  return x < 0 || Object.is(x, -0);
}

function nonFinite(x: number): string | null {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return null;
}

/** Python's `'{:.Nf}'.format(x)`. */
export function pyFormatFixed(x: number, precision: number): string {
  const nf = nonFinite(x);
  if (nf !== null) return nf;
  const sign = isNegative(x) ? '-' : '';
  const { digits, point } = exactDecimal(Math.abs(x));
  let s: string;
  if (digits === '') {
    s = '0'.repeat(precision + 1);
  } else {
    // number of digits to keep = digits before the point + precision
    const keep = point + precision;
    const { kept } = roundDigits(digits, keep);
    s = kept === '' ? '0' : kept;
    // pad so that there are at least precision + 1 digits (a leading zero before the point)
    if (s.length < precision + 1) s = s.padStart(precision + 1, '0');
  }
  const intPart = s.slice(0, s.length - precision);
  const fracPart = s.slice(s.length - precision);
  return sign + (precision > 0 ? `${intPart}.${fracPart}` : intPart);
}

/** Python's `'{:.Ne}'.format(x)`. */
export function pyFormatExp(x: number, precision: number): string {
  const nf = nonFinite(x);
  if (nf !== null) return nf;
  const sign = isNegative(x) ? '-' : '';
  const { digits, point } = exactDecimal(Math.abs(x));
  let mantissa: string;
  let exponent: number;
  if (digits === '') {
    mantissa = '0'.repeat(precision + 1);
    exponent = 0;
  } else {
    const { kept, carry } = roundDigits(digits, precision + 1);
    exponent = point - 1 + (carry ? 1 : 0);
    mantissa = kept.slice(0, precision + 1);
  }
  const m = precision > 0 ? `${mantissa[0]}.${mantissa.slice(1)}` : mantissa;
  const e = Math.abs(exponent).toString().padStart(2, '0');
  return `${sign}${m}e${exponent < 0 ? '-' : '+'}${e}`;
}

// ---------------------------------------------------------------------------------------------
// _Formatter
// ---------------------------------------------------------------------------------------------

type Elem = number | bigint | boolean;

class Formatter {
  readonly floatingDtype: boolean;
  readonly isBool: boolean;
  intMode = true;
  sciMode = false;
  maxWidth = 1;

  /** `values` are the (possibly summarised) elements the formatter is sized for. */
  constructor(values: readonly Elem[], dtype: DType) {
    this.floatingDtype = isFloatingPoint(dtype);
    this.isBool = dtype === 'bool';
    const precision = printOptions.precision;

    if (!this.floatingDtype) {
      for (const v of values) this.maxWidth = Math.max(this.maxWidth, this.format0(v).length);
      // PyTorch applies PRINT_OPTS.sci_mode here too, but it only affects floating dtypes.
      return;
    }
    const nz: number[] = [];
    for (const v of values) {
      const x = v as number;
      if (Number.isFinite(x) && x !== 0) nz.push(x);
    }
    if (nz.length === 0) return; // no valid number: PyTorch returns before applying sci_mode

    let min = Infinity;
    let max = -Infinity;
    for (const x of nz) {
      const a = Math.abs(x);
      if (a < min) min = a;
      if (a > max) max = a;
    }
    for (const x of nz) {
      if (x !== Math.ceil(x)) {
        this.intMode = false;
        break;
      }
    }
    if (this.intMode) {
      if (max / min > 1000.0 || max > 1.0e8) {
        this.sciMode = true;
        for (const x of nz) this.maxWidth = Math.max(this.maxWidth, pyFormatExp(x, precision).length);
      } else {
        for (const x of nz) this.maxWidth = Math.max(this.maxWidth, pyFormatFixed(x, 0).length + 1);
      }
    } else if (max / min > 1000.0 || max > 1.0e8 || min < 1.0e-4) {
      this.sciMode = true;
      for (const x of nz) this.maxWidth = Math.max(this.maxWidth, pyFormatExp(x, precision).length);
    } else {
      for (const x of nz) this.maxWidth = Math.max(this.maxWidth, pyFormatFixed(x, precision).length);
    }
    if (printOptions.sciMode !== null) this.sciMode = printOptions.sciMode;
  }

  width(): number {
    return this.maxWidth;
  }

  /** Python's `'{}'.format(value)` for a non-floating element. */
  private format0(v: Elem): string {
    if (this.isBool) return v === true || (typeof v !== 'boolean' && Number(v) !== 0) ? 'True' : 'False';
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'boolean') return v ? '1' : '0';
    return String(v);
  }

  format(v: Elem): string {
    let ret: string;
    if (this.floatingDtype) {
      const x = v as number;
      const precision = printOptions.precision;
      if (this.sciMode) {
        ret = pyFormatExp(x, precision);
      } else if (this.intMode) {
        ret = pyFormatFixed(x, 0);
        if (Number.isFinite(x)) ret += '.';
      } else {
        ret = pyFormatFixed(x, precision);
      }
    } else {
      ret = this.format0(v);
    }
    return ret.length < this.maxWidth ? ' '.repeat(this.maxWidth - ret.length) + ret : ret;
  }
}

// ---------------------------------------------------------------------------------------------
// Layout
// ---------------------------------------------------------------------------------------------

/** A strided view onto the flat value array: offset + shape + strides. */
interface View {
  offset: number;
  shape: readonly number[];
  strides: readonly number[];
}

function sub(view: View, i: number): View {
  return {
    offset: view.offset + i * view.strides[0]!,
    shape: view.shape.slice(1),
    strides: view.strides.slice(1),
  };
}

/**
 * First index of the trailing edge items of a summarised vector: Python's `self[-edgeitems:]`,
 * which with `edgeitems == 0` is the whole vector.
 */
function tailStart(n: number, edge: number): number {
  return edge > 0 ? n - edge : 0;
}

/** Indices of dimension 0 kept by summarisation (`get_summarized_data`). */
function keptIndices(n: number, summarize: boolean, isVector: boolean): number[] {
  const edge = printOptions.edgeitems;
  const out: number[] = [];
  if (summarize && n > 2 * edge) {
    for (let i = 0; i < edge; i++) out.push(i);
    for (let i = isVector ? tailStart(n, edge) : n - edge; i < n; i++) out.push(i);
  } else {
    for (let i = 0; i < n; i++) out.push(i);
  }
  return out;
}

function collectSummarized(values: readonly Elem[], view: View, summarize: boolean, out: Elem[]): void {
  if (view.shape.length === 0) {
    out.push(values[view.offset]!);
    return;
  }
  for (const i of keptIndices(view.shape[0]!, summarize, view.shape.length === 1)) {
    collectSummarized(values, sub(view, i), summarize, out);
  }
}

function vectorStr(values: readonly Elem[], view: View, indent: number, summarize: boolean, fmt: Formatter): string {
  const elementLength = fmt.width() + 2;
  const elementsPerLine = Math.max(1, Math.floor((printOptions.linewidth - indent) / elementLength));
  const n = view.shape[0]!;
  const stride = view.strides[0]!;
  const edge = printOptions.edgeitems;
  const at = (i: number): string => fmt.format(values[view.offset + i * stride]!);
  const data: string[] = [];
  if (summarize && n > 2 * edge) {
    for (let i = 0; i < edge; i++) data.push(at(i));
    data.push(' ...');
    for (let i = tailStart(n, edge); i < n; i++) data.push(at(i));
  } else {
    for (let i = 0; i < n; i++) data.push(at(i));
  }
  const lines: string[] = [];
  for (let i = 0; i < data.length; i += elementsPerLine) lines.push(data.slice(i, i + elementsPerLine).join(', '));
  return '[' + lines.join(',\n' + ' '.repeat(indent + 1)) + ']';
}

function tensorStrWithFormatter(
  values: readonly Elem[],
  view: View,
  indent: number,
  summarize: boolean,
  fmt: Formatter,
): string {
  const dim = view.shape.length;
  if (dim === 0) return fmt.format(values[view.offset]!);
  if (dim === 1) return vectorStr(values, view, indent, summarize, fmt);
  const n = view.shape[0]!;
  const edge = printOptions.edgeitems;
  const row = (i: number): string => tensorStrWithFormatter(values, sub(view, i), indent + 1, summarize, fmt);
  const slices: string[] = [];
  if (summarize && n > 2 * edge) {
    for (let i = 0; i < edge; i++) slices.push(row(i));
    slices.push('...');
    for (let i = n - edge; i < n; i++) slices.push(row(i));
  } else {
    for (let i = 0; i < n; i++) slices.push(row(i));
  }
  return '[' + slices.join(',' + '\n'.repeat(dim - 1) + ' '.repeat(indent + 1)) + ']';
}

function tensorStr(values: readonly Elem[], shape: readonly number[], dtype: DType, indent: number): string {
  const numel = shape.reduce((a, b) => a * b, 1);
  if (numel === 0) return '[]';
  const summarize = numel > printOptions.threshold;
  const strides: number[] = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d]!;
  }
  const view: View = { offset: 0, shape, strides };
  let fmtValues: Elem[];
  if (summarize) {
    fmtValues = [];
    collectSummarized(values, view, true, fmtValues);
  } else {
    fmtValues = values as Elem[];
  }
  const fmt = new Formatter(fmtValues, dtype);
  return tensorStrWithFormatter(values, view, indent, summarize, fmt);
}

function addSuffixes(tensorString: string, suffixes: readonly string[], indent: number, forceNewline: boolean): string {
  const parts = [tensorString];
  let lastLineLen = tensorString.length - tensorString.lastIndexOf('\n') + 1;
  for (const suffix of suffixes) {
    const suffixLen = suffix.length;
    if (forceNewline || lastLineLen + suffixLen + 2 > printOptions.linewidth) {
      parts.push(',\n' + ' '.repeat(indent) + suffix);
      lastLineLen = indent + suffixLen;
      forceNewline = false;
    } else {
      parts.push(', ' + suffix);
      lastLineLen += suffixLen + 2;
    }
  }
  parts.push(')');
  return parts.join('');
}

/** Python's `str(tuple(shape))`. */
function tupleStr(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

/** Normalise the input elements: floats widened from their storage precision, bools as booleans. */
function normalise(values: ArrayLike<Elem>, dtype: DType): Elem[] {
  const n = values.length;
  const out = new Array<Elem>(n);
  if (isFloatingPoint(dtype)) {
    // float16/bfloat16 print after conversion to float32; every such value is a float32.
    const narrow = dtype !== 'float64';
    for (let i = 0; i < n; i++) {
      const x = Number(values[i]);
      out[i] = narrow ? Math.fround(x) : x;
    }
  } else if (dtype === 'bool') {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      out[i] = typeof v === 'boolean' ? v : Number(v) !== 0;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      out[i] = typeof v === 'boolean' ? (v ? 1 : 0) : v;
    }
  }
  return out;
}

/**
 * Formats a tensor like PyTorch's `torch._tensor_str._str(t)` (what `str(t)` / `repr(t)` give):
 * the whole `tensor(...)` string, with the device, size, dtype, requires_grad and grad_fn
 * suffixes where PyTorch shows them.
 *
 * @param values the elements in row-major order (int64 may be bigint; bool may be 0/1).
 * @param shape the tensor's shape (`[]` for a scalar).
 * @param dtype the tensor's dtype.
 * @param extras `device` (printed unless `'cpu'`), `requiresGrad`, `gradFn` (e.g. `'AddBackward0'`).
 */
export function formatTensor(
  values: ArrayLike<number | bigint | boolean>,
  shape: readonly number[],
  dtype: DType,
  extras: { device?: string; requiresGrad?: boolean; gradFn?: string } = {},
): string {
  const prefix = 'tensor(';
  const indent = prefix.length;
  const suffixes: string[] = [];
  const device = extras.device;
  if (device !== undefined && device !== 'cpu') suffixes.push(`device='${device}'`);

  const numel = shape.reduce((a, b) => a * b, 1);
  let body: string;
  if (numel === 0) {
    if (shape.length !== 1) suffixes.push('size=' + tupleStr(shape));
    if (dtype !== 'float32') suffixes.push(`dtype=torch.${dtype}`);
    body = '[]';
  } else {
    if (dtype !== 'float32' && dtype !== 'int64' && dtype !== 'bool') suffixes.push(`dtype=torch.${dtype}`);
    body = tensorStr(normalise(values, dtype), shape, dtype, indent);
  }
  if (extras.gradFn) suffixes.push(`grad_fn=<${extras.gradFn}>`);
  else if (extras.requiresGrad) suffixes.push('requires_grad=True');
  return addSuffixes(prefix + body, suffixes, indent, false);
}
