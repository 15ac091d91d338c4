/**
 * Shape and stride arithmetic shared by every op: contiguous strides, broadcasting, dim
 * normalisation and the size-argument forms PyTorch accepts (`zeros(2, 3)` and `zeros([2, 3])`).
 * @module
 */

export type Shape = readonly number[];

export function numelOf(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= Math.max(shape[i], 1);
  }
  return strides;
}

export function isContiguousLayout(shape: Shape, strides: Shape): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] === 1) continue;
    if (strides[i] !== expected) return false;
    expected *= shape[i];
  }
  return true;
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function shapeString(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/** `torch.broadcast_shapes`, with PyTorch's error message. */
export function broadcastShapes(a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)];
    const db = i < n - b.length ? 1 : b[i - (n - b.length)];
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else
      throw new Error(
        `The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i}`,
      );
  }
  return out;
}

/** Strides that read a tensor of (shape, strides) as if expanded to `target` (0 on broadcast dims). */
export function broadcastStrides(shape: Shape, strides: Shape, target: Shape): number[] {
  const out = new Array<number>(target.length).fill(0);
  const off = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) out[i + off] = shape[i] === 1 && target[i + off] !== 1 ? 0 : strides[i];
  return out;
}

/** Wraps a possibly negative dim into [0, ndim), with PyTorch's IndexError wording. */
export function normalizeDim(dim: number, ndim: number): number {
  const n = Math.max(ndim, 1);
  if (!Number.isInteger(dim) || dim < -n || dim >= n)
    throw new Error(`Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`);
  return dim < 0 ? dim + n : dim;
}

/** Accepts `f(2, 3)`, `f([2, 3])` and `f(2, 3, options)`: returns [sizes, trailing options]. */
export function parseSizes<O extends object>(args: readonly unknown[]): [number[], O | undefined] {
  let opts: O | undefined;
  let list = args;
  const last = list[list.length - 1];
  if (last !== undefined && typeof last === 'object' && !Array.isArray(last)) {
    opts = last as O;
    list = list.slice(0, -1);
  }
  const sizes = list.length === 1 && Array.isArray(list[0]) ? (list[0] as number[]) : (list as number[]);
  for (const s of sizes) {
    if (typeof s !== 'number' || !Number.isInteger(s))
      throw new TypeError(`sizes must be integers, but got ${typeof s === 'number' ? s : typeof s}`);
    if (s < 0) throw new Error(`Trying to create tensor with negative dimension ${s}: ${shapeString(sizes)}`);
  }
  return [[...sizes], opts];
}

/** Resolves one -1 in a requested shape (`view(2, -1)`), with PyTorch's error messages. */
export function inferShape(requested: Shape, numel: number): number[] {
  const shape = [...requested];
  let infer = -1;
  let known = 1;
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === -1) {
      if (infer >= 0) throw new Error('only one dimension can be inferred');
      infer = i;
    } else if (!Number.isInteger(shape[i]) || shape[i] < 0) {
      throw new Error(`invalid shape dimension ${shape[i]}`);
    } else known *= shape[i];
  }
  if (infer >= 0) {
    if (known === 0 || numel % known !== 0)
      throw new Error(`shape '${shapeString(requested)}' is invalid for input of size ${numel}`);
    shape[infer] = numel / known;
  } else if (known !== numel) {
    throw new Error(`shape '${shapeString(requested)}' is invalid for input of size ${numel}`);
  }
  return shape;
}

/**
 * Strides for viewing (shape, strides) as `target` without a copy, or null when the memory
 * layout does not allow it (PyTorch's computeStride).
 */
export function viewStrides(shape: Shape, strides: Shape, target: Shape): number[] | null {
  const numel = numelOf(shape);
  if (numel <= 1) return contiguousStrides(target);
  const out = new Array<number>(target.length);
  let viewD = target.length - 1;
  let chunkBase = strides[strides.length - 1] ?? 1;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    tensorNumel *= shape[d];
    if (d === 0 || (shape[d - 1] !== 1 && strides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || target[viewD] === 1)) {
        out[viewD] = viewNumel * chunkBase;
        viewNumel *= target[viewD];
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkBase = strides[d - 1];
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  if (viewD !== -1) return null;
  return out;
}
