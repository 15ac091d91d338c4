/**
 * Python-style formatting of values inside module reprs, so `String(layer)` matches PyTorch's
 * `repr(layer)` character for character.
 * @module
 */

/** Python's `repr(float)`: `1.0`, `0.01`, `1e-05`, `inf`. */
export function pyFloat(x: number): string {
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (Number.isNaN(x)) return 'nan';
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-4 || a >= 1e16)) {
    const [m, e] = x.toExponential().split('e');
    const sign = e[0] === '-' ? '-' : '+';
    const digits = e.replace(/^[+-]/, '');
    return `${m}e${sign}${digits.padStart(2, '0')}`;
  }
  return Number.isInteger(x) ? `${x}.0` : String(x);
}

/** Python's `repr(bool)`: `True` / `False`. */
export const pyBool = (b: boolean): string => (b ? 'True' : 'False');

/** Python's repr of a tuple of ints: `(10,)`, `(2, 5)`. */
export function pyTuple(xs: readonly number[]): string {
  return xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(', ')})`;
}

/** A value PyTorch stores as given (int or float): integers print bare, other numbers as floats. */
export function pyNumber(x: number, asFloat: boolean): string {
  return asFloat ? pyFloat(x) : Number.isInteger(x) ? String(x) : pyFloat(x);
}

/** `None` for null/undefined, else the formatted value. */
export function pyOptional<T>(x: T | null | undefined, fmt: (v: T) => string): string {
  return x === null || x === undefined ? 'None' : fmt(x);
}
