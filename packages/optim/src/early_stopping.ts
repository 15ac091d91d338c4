/**
 * Early stopping: a small helper (not in PyTorch, which leaves it to user code) that watches a
 * validation metric and says when training has stopped improving.
 * @module
 */

/** Options of {@link EarlyStopping}. */
export interface EarlyStoppingOptions {
  /** `'min'` for a loss, `'max'` for an accuracy. */
  mode?: 'min' | 'max';
  /** Epochs without improvement tolerated before stopping. */
  patience?: number;
  /** The smallest change that counts as an improvement. */
  minDelta?: number;
}

/**
 * ```ts
 * const stopper = new optim.EarlyStopping({ patience: 5 });
 * for (let epoch = 0; epoch < 100; epoch++) {
 *   train();
 *   const val = validate();
 *   if (stopper.improved) torch.save(model.stateDict(), 'best.pt');   // after step(): was this the best so far?
 *   if (stopper.step(val)) break;
 * }
 * ```
 */
export class EarlyStopping {
  readonly mode: 'min' | 'max';
  readonly patience: number;
  readonly minDelta: number;
  /** The best metric seen. */
  best: number;
  /** Epochs since the best. */
  numBadEpochs = 0;
  /** Whether the last `step` set a new best. */
  improved = false;
  /** Set once patience has run out. */
  shouldStop = false;

  constructor(opts: EarlyStoppingOptions = {}) {
    this.mode = opts.mode ?? 'min';
    if (this.mode !== 'min' && this.mode !== 'max') throw new Error('mode ' + this.mode + ' is unknown!');
    this.patience = opts.patience ?? 10;
    this.minDelta = opts.minDelta ?? 0;
    if (this.minDelta < 0) throw new Error(`min_delta must be non-negative, got ${this.minDelta}`);
    this.best = this.mode === 'min' ? Infinity : -Infinity;
  }

  /** Records one epoch's metric (a number or a 0-dim tensor); returns true when training should stop. */
  step(metric: number | { item(): number }): boolean {
    const v = typeof metric === 'number' ? metric : metric.item();
    this.improved = this.mode === 'min' ? v < this.best - this.minDelta : v > this.best + this.minDelta;
    if (this.improved) {
      this.best = v;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    this.shouldStop = this.numBadEpochs > this.patience;
    return this.shouldStop;
  }

  stateDict(): Record<string, unknown> {
    return { best: this.best, num_bad_epochs: this.numBadEpochs, should_stop: this.shouldStop };
  }

  loadStateDict(sd: Record<string, unknown>): void {
    this.best = sd.best as number;
    this.numBadEpochs = sd.num_bad_epochs as number;
    this.shouldStop = sd.should_stop as boolean;
  }
}
