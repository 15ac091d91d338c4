/**
 * Data types, their storage and PyTorch's type-promotion rules.
 * @module
 */

/** Element type of a tensor, named as PyTorch names it (without the `torch.` prefix). */
export type DType =
  | 'float32'
  | 'float64'
  | 'float16'
  | 'bfloat16'
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'bool';

/** Every dtype, in the order of their native codes (the addon's `DType` enum uses the same order). */
export const DTYPES: readonly DType[] = [
  'float32',
  'float64',
  'float16',
  'bfloat16',
  'int8',
  'uint8',
  'int16',
  'int32',
  'int64',
  'bool',
];

/** The native enum value of a dtype. */
export const DTYPE_CODE: Readonly<Record<DType, number>> = Object.fromEntries(
  DTYPES.map((d, i) => [d, i]),
) as Record<DType, number>;

/** Bytes per element. */
export const ITEM_SIZE: Readonly<Record<DType, number>> = {
  float32: 4,
  float64: 8,
  float16: 2,
  bfloat16: 2,
  int8: 1,
  uint8: 1,
  int16: 2,
  int32: 4,
  int64: 8,
  bool: 1,
};

export function isFloatingPoint(d: DType): boolean {
  return d === 'float32' || d === 'float64' || d === 'float16' || d === 'bfloat16';
}

export function isIntegral(d: DType, includeBool = false): boolean {
  return !isFloatingPoint(d) && (includeBool || d !== 'bool');
}

/** PyTorch's name for a dtype, as printed (`torch.float32`). */
export function torchName(d: DType): string {
  return `torch.${d}`;
}

// Promotion follows c10's promoteTypes lattice: bool < integers < floats; within a category the
// wider type wins, uint8 with a signed type goes to the next signed type that holds both, and
// float16 with bfloat16 goes to float32.
const INT_RANK: Partial<Record<DType, number>> = { int8: 1, int16: 2, int32: 3, int64: 4 };
const FLOAT_RANK: Partial<Record<DType, number>> = { float16: 1, bfloat16: 1, float32: 2, float64: 3 };

/** `torch.promote_types(a, b)`. */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  if (a === 'bool') return b;
  if (b === 'bool') return a;
  const fa = isFloatingPoint(a);
  const fb = isFloatingPoint(b);
  if (fa && fb) {
    if ((a === 'float16' && b === 'bfloat16') || (a === 'bfloat16' && b === 'float16')) return 'float32';
    return FLOAT_RANK[a]! >= FLOAT_RANK[b]! ? a : b;
  }
  if (fa) return a;
  if (fb) return b;
  if (a === 'uint8') return b === 'int8' ? 'int16' : b;
  if (b === 'uint8') return a === 'int8' ? 'int16' : a;
  return INT_RANK[a]! >= INT_RANK[b]! ? a : b;
}

/** The category of a value for PyTorch's "dimension category" promotion: bool < int < float. */
export function category(d: DType): 0 | 1 | 2 {
  if (d === 'bool') return 0;
  return isFloatingPoint(d) ? 2 : 1;
}
