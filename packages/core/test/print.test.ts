import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

import type { DType } from '../src/dtype';
import {
  formatTensor,
  printOptions,
  pyFormatExp,
  pyFormatFixed,
  setPrintoptions,
  type PrintOptions,
} from '../src/print';

interface GoldenCase {
  name: string;
  values: (number | string | boolean)[];
  shape: number[];
  dtype: DType;
  requiresGrad: boolean;
  gradFn: string | null;
  options: Record<string, unknown> | null;
  expected: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const cases = JSON.parse(readFileSync(join(here, 'golden', 'print.json'), 'utf8')) as GoldenCase[];

function decodeFloat(v: number | string | boolean): number {
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  return Number(v);
}

/** The values as the library would hold them: typed arrays for floats, bigint for int64. */
function decodeValues(c: GoldenCase): ArrayLike<number | bigint | boolean> {
  switch (c.dtype) {
    case 'float32':
      return Float32Array.from(c.values, decodeFloat);
    case 'float64':
      return Float64Array.from(c.values, decodeFloat);
    case 'float16':
    case 'bfloat16':
      // already converted to numbers (every float16/bfloat16 value is a float32)
      return c.values.map((v) => Math.fround(decodeFloat(v)));
    case 'int64':
      return c.values.map((v) => BigInt(v as number | string));
    case 'bool':
      return c.values.map((v) => v === true);
    default:
      return c.values.map((v) => Number(v));
  }
}

/** Translate gen_print.py's `torch.set_printoptions` kwargs to setPrintoptions'. */
function toOptions(o: Record<string, unknown>): Partial<PrintOptions> & { profile?: 'default' | 'short' | 'full' } {
  const out: Partial<PrintOptions> & { profile?: 'default' | 'short' | 'full' } = {};
  for (const [k, v] of Object.entries(o)) {
    if (k === 'sci_mode') out.sciMode = v as boolean | null;
    else (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

afterEach(() => {
  setPrintoptions({ profile: 'default' });
});

describe('formatTensor matches PyTorch 1.13 str(tensor)', () => {
  for (const c of cases) {
    it(c.name, () => {
      if (c.options) setPrintoptions(toOptions(c.options));
      const extras: { requiresGrad?: boolean; gradFn?: string } = { requiresGrad: c.requiresGrad };
      if (c.gradFn !== null) extras.gradFn = c.gradFn;
      expect(formatTensor(decodeValues(c), c.shape, c.dtype, extras)).toBe(c.expected);
    });
  }
});

describe('formatTensor (hand-written)', () => {
  it('formats scalars', () => {
    expect(formatTensor([3], [], 'float32', {})).toBe('tensor(3.)');
    expect(formatTensor([true], [], 'bool', {})).toBe('tensor(True)');
    expect(formatTensor([1], [], 'bool', {})).toBe('tensor(True)');
    expect(formatTensor([7n], [], 'int64', {})).toBe('tensor(7)');
    expect(formatTensor([0.5], [], 'float64', { requiresGrad: true })).toBe(
      'tensor(0.5000, dtype=torch.float64, requires_grad=True)',
    );
  });

  it('formats empty tensors', () => {
    expect(formatTensor([], [0], 'float32', {})).toBe('tensor([])');
    expect(formatTensor([], [0, 3], 'float32', {})).toBe('tensor([], size=(0, 3))');
    expect(formatTensor([], [0], 'int64', {})).toBe('tensor([], dtype=torch.int64)');
  });

  it('aligns bools and negative numbers', () => {
    expect(formatTensor([1, 0], [2], 'bool', {})).toBe('tensor([ True, False])');
    expect(formatTensor([-1, 10, 3], [3], 'int32', {})).toBe('tensor([-1, 10,  3], dtype=torch.int32)');
    expect(formatTensor([-1.5, 2], [2], 'float32', {})).toBe('tensor([-1.5000,  2.0000])');
  });

  it('rounds float32 inputs given as plain numbers to float32', () => {
    // 0.30000001192092896 is the float32 nearest 0.3; at precision 8 its float32-ness shows.
    setPrintoptions({ precision: 8 });
    expect(formatTensor([0.3], [1], 'float32', {})).toBe('tensor([0.30000001])');
    expect(formatTensor([0.3], [1], 'float64', {})).toBe('tensor([0.30000000], dtype=torch.float64)');
  });

  it('prints the device, dtype and grad_fn suffixes in order', () => {
    expect(formatTensor([1, 2], [2], 'float16', { device: 'cuda:0', gradFn: 'AddBackward0', requiresGrad: true })).toBe(
      "tensor([1., 2.], device='cuda:0', dtype=torch.float16, grad_fn=<AddBackward0>)",
    );
    expect(formatTensor([1, 2], [2], 'float32', { device: 'cpu' })).toBe('tensor([1., 2.])');
    expect(formatTensor([], [2, 0], 'float32', { device: 'cuda:1' })).toBe(
      "tensor([], device='cuda:1', size=(2, 0))",
    );
  });

  it('moves suffixes to a new line when the last line is too long', () => {
    const v = Array.from({ length: 9 }, (_, i) => i + 0.5);
    expect(formatTensor(v, [9], 'float64', {})).toBe(
      'tensor([0.5000, 1.5000, 2.5000, 3.5000, 4.5000, 5.5000, 6.5000, 7.5000, 8.5000],\n' +
        '       dtype=torch.float64)',
    );
  });

  it('keeps PyTorch quirks of summarisation', () => {
    // edgeitems=0: Python's self[-0:] is the whole vector
    setPrintoptions({ threshold: 3, edgeitems: 0 });
    expect(formatTensor([0, 1, 2, 3, 4], [5], 'int64', {})).toBe('tensor([ ..., 0, 1, 2, 3, 4])');
    setPrintoptions({ threshold: 5, edgeitems: 2 });
    expect(formatTensor(Array.from({ length: 10 }, (_, i) => i), [10], 'int64', {})).toBe('tensor([0, 1,  ..., 8, 9])');
  });

  it('setPrintoptions follows torch.set_printoptions', () => {
    setPrintoptions({ sciMode: true });
    expect(printOptions.sciMode).toBe(true);
    setPrintoptions({ precision: 2 }); // like PyTorch, an omitted sci_mode resets it to None
    expect(printOptions).toEqual({ precision: 2, threshold: 1000, edgeitems: 3, linewidth: 80, sciMode: null });
    setPrintoptions({ profile: 'short' });
    expect(printOptions).toEqual({ precision: 2, threshold: 1000, edgeitems: 2, linewidth: 80, sciMode: null });
    setPrintoptions({ profile: 'full', linewidth: 120 });
    expect(printOptions).toEqual({ precision: 4, threshold: Infinity, edgeitems: 3, linewidth: 120, sciMode: null });
    setPrintoptions({ profile: 'default' });
    expect(printOptions).toEqual({ precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80, sciMode: null });
  });
});

describe('Python float formatting', () => {
  it("reproduces '{:.Nf}' (exact value, ties to even)", () => {
    expect(pyFormatFixed(0.5, 0)).toBe('0');
    expect(pyFormatFixed(1.5, 0)).toBe('2');
    expect(pyFormatFixed(2.5, 0)).toBe('2');
    expect(pyFormatFixed(-0.4, 0)).toBe('-0');
    expect(pyFormatFixed(0.125, 2)).toBe('0.12');
    expect(pyFormatFixed(0.375, 2)).toBe('0.38');
    expect(pyFormatFixed(1.005, 2)).toBe('1.00'); // 1.005 is 1.00499999999999989...
    expect(pyFormatFixed(-0, 4)).toBe('-0.0000');
    expect(pyFormatFixed(1e22, 4)).toBe('10000000000000000000000.0000');
    expect(pyFormatFixed(NaN, 4)).toBe('nan');
    expect(pyFormatFixed(-Infinity, 4)).toBe('-inf');
  });

  it("reproduces '{:.Ne}'", () => {
    expect(pyFormatExp(1e5, 4)).toBe('1.0000e+05');
    expect(pyFormatExp(-1.5e-7, 4)).toBe('-1.5000e-07');
    expect(pyFormatExp(0, 4)).toBe('0.0000e+00');
    expect(pyFormatExp(1.5, 0)).toBe('2e+00');
    expect(pyFormatExp(2.5, 0)).toBe('2e+00');
    expect(pyFormatExp(9.99996e5, 4)).toBe('1.0000e+06');
    expect(pyFormatExp(1.5e200, 4)).toBe('1.5000e+200');
    expect(pyFormatExp(5e-324, 2)).toBe('4.94e-324');
    expect(pyFormatExp(Infinity, 4)).toBe('inf');
  });
});
