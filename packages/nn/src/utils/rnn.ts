/**
 * `nn.utils.rnn`: padding and packing of variable-length sequences. A {@link PackedSequence}
 * holds the time-major interleaving of the sequences (longest first) that the RNN layers
 * consume step by step.
 * @module
 */
import * as torch from '@tensile/core';
import { Tensor } from '@tensile/core';

/**
 * Sequences packed time step by time step: `data` stacks, for each step t, the rows of the
 * `batchSizes[t]` sequences still running (sorted longest first). `sortedIndices` maps the
 * sorted order back to the original batch, `unsortedIndices` is its inverse.
 */
export class PackedSequence {
  constructor(
    readonly data: Tensor,
    readonly batchSizes: Tensor,
    readonly sortedIndices: Tensor | null = null,
    readonly unsortedIndices: Tensor | null = null,
  ) {}
  /** The same packing with `data` moved/cast (`packed.to('cuda')`). */
  to(a: Parameters<Tensor['to']>[0]): PackedSequence {
    const d = this.data.to(a);
    if (d === this.data) return this;
    const dev = d.device;
    return new PackedSequence(d, this.batchSizes, this.sortedIndices?.to(dev) ?? null, this.unsortedIndices?.to(dev) ?? null);
  }
  get isCuda(): boolean {
    return this.data.isCuda;
  }
  /** `[data, batchSizes, sortedIndices, unsortedIndices]`, like unpacking PyTorch's namedtuple. */
  *[Symbol.iterator](): Iterator<Tensor | null> {
    yield this.data;
    yield this.batchSizes;
    yield this.sortedIndices;
    yield this.unsortedIndices;
  }
}

function invertPermutation(p: Tensor): Tensor {
  return torch.emptyLike(p).scatter(0, p, torch.arange(0, p.numel(), 1, { dtype: 'int64', device: p.device }));
}

function lengthList(lengths: Tensor | readonly number[]): number[] {
  return lengths instanceof Tensor ? (lengths.reshape(-1).tolist() as number[]) : [...lengths];
}

/**
 * Packs a padded batch (T, B, *) — or (B, T, *) with `batchFirst` — given each sequence's
 * length. With `enforceSorted` (default) lengths must be decreasing; otherwise they are sorted here.
 */
export function packPaddedSequence(
  input: Tensor, lengths: Tensor | readonly number[], opts: { batchFirst?: boolean; enforceSorted?: boolean } = {},
): PackedSequence {
  const batchFirst = opts.batchFirst ?? false;
  let lens = lengthList(lengths);
  let sortedIndices: Tensor | null = null;
  let x = input;
  if (opts.enforceSorted ?? true) {
    for (let i = 1; i < lens.length; i++)
      if (lens[i] > lens[i - 1])
        throw new Error(
          '`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You can pass `enforce_sorted=False` ' +
            'to pack_padded_sequence and/or pack_sequence to sidestep this requirement if you do not need ONNX exportability.',
        );
  } else {
    const s = torch.sort(torch.tensor(lens, { dtype: 'int64' }), { dim: 0, descending: true, stable: true });
    sortedIndices = s.indices;
    lens = s.values.tolist() as number[];
    x = x.indexSelect(batchFirst ? 0 : 1, sortedIndices.to(x.device));
  }
  if (lens.some((l) => l <= 0))
    throw new Error("Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0");
  if (batchFirst) x = x.transpose(0, 1);
  if (lens[0] > x.shape[0])
    throw new Error(`Expected sequence length to be larger than or equal to ${lens[0]}, but got ${x.shape[0]}`);
  if (lens.length !== x.shape[1])
    throw new Error(`Expected \`len(lengths)\` to be equal to batch_size, but got ${lens.length} (batch_size=${x.shape[1]})`);
  const batchSizes: number[] = [];
  for (let t = 0; t < lens[0]; t++) batchSizes.push(lens.filter((l) => l > t).length);
  const data = torch.cat(batchSizes.map((b, t) => x.select(0, t).narrow(0, 0, b)));
  return new PackedSequence(data, torch.tensor(batchSizes, { dtype: 'int64' }), sortedIndices, sortedIndices ? invertPermutation(sortedIndices) : null);
}

/**
 * Unpacks to a padded batch (T, B, *) (or (B, T, *) with `batchFirst`) and the lengths, in the
 * original batch order.
 */
export function padPackedSequence(
  sequence: PackedSequence, opts: { batchFirst?: boolean; paddingValue?: number; totalLength?: number | null } = {},
): [Tensor, Tensor] {
  const bs = sequence.batchSizes.tolist() as number[];
  const maxLen = bs.length;
  let total = maxLen;
  if (opts.totalLength != null) {
    if (opts.totalLength < maxLen)
      throw new Error(`Expected total_length to be at least the length of the longest sequence in input, but got total_length=${opts.totalLength} and max sequence length being ${maxLen}`);
    total = opts.totalLength;
  }
  const data = sequence.data;
  const b = bs[0];
  const feat = data.shape.slice(1);
  const pad = opts.paddingValue ?? 0;
  const rows: Tensor[] = [];
  let off = 0;
  for (let t = 0; t < total; t++) {
    const n = t < maxLen ? bs[t] : 0;
    const parts: Tensor[] = [];
    if (n > 0) parts.push(data.narrow(0, off, n));
    if (n < b) parts.push(torch.full([b - n, ...feat], pad, { dtype: data.dtype, device: data.device }));
    rows.push(parts.length === 1 ? parts[0] : torch.cat(parts));
    off += n;
  }
  let out = torch.stack(rows);
  const lensArr: number[] = [];
  for (let i = 0; i < b; i++) lensArr.push(bs.filter((x) => x > i).length);
  let lengths = torch.tensor(lensArr, { dtype: 'int64' });
  if (opts.batchFirst) out = out.transpose(0, 1);
  if (sequence.unsortedIndices) {
    out = out.indexSelect(opts.batchFirst ? 0 : 1, sequence.unsortedIndices.to(out.device));
    lengths = lengths.indexSelect(0, sequence.unsortedIndices.to('cpu'));
  }
  return [out, lengths];
}

/** Stacks sequences of shape (L_i, *) into (maxL, B, *) (or (B, maxL, *) with `batchFirst`), padding the ends. */
export function padSequence(sequences: readonly Tensor[], opts: { batchFirst?: boolean; paddingValue?: number } = {}): Tensor {
  if (sequences.length === 0) throw new Error('received an empty list of sequences');
  const maxLen = Math.max(...sequences.map((s) => s.shape[0]));
  const pad = opts.paddingValue ?? 0;
  const padded = sequences.map((s) => {
    const n = s.shape[0];
    if (n === maxLen) return s;
    return torch.cat([s, torch.full([maxLen - n, ...s.shape.slice(1)], pad, { dtype: s.dtype, device: s.device })]);
  });
  return torch.stack(padded, opts.batchFirst ? 0 : 1);
}

/** Packs a list of sequences (L_i, *) (sorted by decreasing length unless `enforceSorted: false`). */
export function packSequence(sequences: readonly Tensor[], opts: { enforceSorted?: boolean } = {}): PackedSequence {
  const lengths = sequences.map((s) => s.shape[0]);
  return packPaddedSequence(padSequence(sequences), lengths, { enforceSorted: opts.enforceSorted ?? true });
}

/** Splits a padded batch back into its sequences. */
export function unpadSequence(padded: Tensor, lengths: Tensor | readonly number[], opts: { batchFirst?: boolean } = {}): Tensor[] {
  const x = opts.batchFirst ? padded : padded.transpose(0, 1);
  return lengthList(lengths).map((l, i) => x.select(0, i).narrow(0, 0, l));
}

/** Splits a PackedSequence back into its sequences, in the original order. */
export function unpackSequence(packed: PackedSequence): Tensor[] {
  const [padded, lengths] = padPackedSequence(packed, { batchFirst: true });
  return unpadSequence(padded, lengths, { batchFirst: true });
}

export { invertPermutation };
