/**
 * `torch.cuda.amp.GradScaler`: loss scaling for float16 training. The loss is multiplied by a
 * large factor before backward so small gradients do not flush to zero in float16; `step`
 * divides the gradients back (`unscale_`) and skips the optimizer step when any of them is
 * inf or NaN; `update` then halves the factor after such a step and doubles it after
 * `growthInterval` clean ones. Works for parameters on any device.
 * @module
 */
import { tensor } from './ops/creation';
import { Tensor } from './tensor';

/** What the scaler needs of an optimizer (`@tensile/optim`'s satisfy it). */
export interface ScalableOptimizer {
  paramGroups: { params: Tensor[] }[];
  step(...args: unknown[]): unknown;
}

type Stage = 'ready' | 'unscaled' | 'stepped';

export interface GradScalerOptions {
  initScale?: number;
  growthFactor?: number;
  backoffFactor?: number;
  growthInterval?: number;
  enabled?: boolean;
}

type Nested = Tensor | readonly Nested[];

export class GradScaler {
  private scaleValue: number;
  private growthFactor: number;
  private backoffFactor: number;
  private growthInterval: number;
  private growthTracker = 0;
  private readonly enabled: boolean;
  private perOptimizer = new Map<ScalableOptimizer, { stage: Stage; foundInf: boolean | null }>();

  constructor(opts: GradScalerOptions = {}) {
    this.scaleValue = opts.initScale ?? 2 ** 16;
    this.growthFactor = opts.growthFactor ?? 2;
    this.backoffFactor = opts.backoffFactor ?? 0.5;
    this.growthInterval = opts.growthInterval ?? 2000;
    this.enabled = opts.enabled ?? true;
    if (this.growthFactor <= 1) throw new Error('The growth factor must be > 1.0.');
    if (this.backoffFactor >= 1) throw new Error('The backoff factor must be < 1.0.');
  }

  private state(opt: ScalableOptimizer) {
    let s = this.perOptimizer.get(opt);
    if (!s) {
      s = { stage: 'ready', foundInf: null };
      this.perOptimizer.set(opt, s);
    }
    return s;
  }

  /**
   * The outputs (a tensor or nested arrays of them) times the current scale. As in PyTorch the
   * scale is a float32 tensor of shape [1], so a 0-d float16 loss becomes a float32 [1].
   */
  scale<T extends Nested>(outputs: T): T {
    if (!this.enabled) return outputs;
    const apply = (o: Nested): Nested => {
      if (o instanceof Tensor) return o.mul(tensor([this.scaleValue], { dtype: 'float32', device: o.device }));
      if (Array.isArray(o)) return o.map(apply);
      throw new Error('outputs must be a Tensor or an iterable of Tensors');
    };
    return apply(outputs) as T;
  }

  /** Divides the optimizer's gradients by the scale, in place, noting whether any is inf/NaN. */
  unscale_(optimizer: ScalableOptimizer): void {
    if (!this.enabled) return;
    const s = this.state(optimizer);
    if (s.stage === 'unscaled') throw new Error('unscale_() has already been called on this optimizer since the last update().');
    if (s.stage === 'stepped') throw new Error('unscale_() is being called after step().');
    const inv = 1 / this.scaleValue;
    let found = false, checked = false;
    for (const g of optimizer.paramGroups)
      for (const p of g.params) {
        const grad = p.grad;
        if (!grad) continue;
        checked = true;
        if (grad.dtype === 'float16') throw new Error('Attempting to unscale FP16 gradients.');
        if (!found && !grad.isfinite().all().item()) found = true;
        grad.mul_(inv);
      }
    s.foundInf = checked ? found : null; // no gradients: no check recorded, as in PyTorch
    s.stage = 'unscaled';
  }

  /**
   * `optimizer.step(...args)` unless the (unscaled) gradients hold an inf or NaN, in which case
   * the step is skipped; returns the step's result (undefined when skipped).
   */
  step(optimizer: ScalableOptimizer, ...args: unknown[]): unknown {
    if (!this.enabled) return optimizer.step(...args);
    const s = this.state(optimizer);
    if (s.stage === 'stepped') throw new Error('step() has already been called since the last update().');
    if (s.stage === 'ready') this.unscale_(optimizer);
    if (s.foundInf === null) throw new Error('No inf checks were recorded for this optimizer.');
    let result: unknown;
    if (!s.foundInf) result = optimizer.step(...args);
    s.stage = 'stepped';
    return result;
  }

  /**
   * Updates the scale for the next iteration: `newScale` if given; otherwise times
   * backoffFactor if any optimizer saw inf/NaN gradients this iteration, times growthFactor
   * after growthInterval clean iterations in a row.
   */
  update(newScale?: number | Tensor): void {
    if (!this.enabled) return;
    if (newScale !== undefined) {
      this.scaleValue = newScale instanceof Tensor ? newScale.item() : newScale;
    } else {
      const checks = [...this.perOptimizer.values()].filter((s) => s.foundInf !== null);
      if (!checks.length) throw new Error('No inf checks were recorded prior to update.');
      if (checks.some((s) => s.foundInf)) {
        this.scaleValue *= this.backoffFactor;
        this.growthTracker = 0;
      } else if (++this.growthTracker === this.growthInterval) {
        this.scaleValue *= this.growthFactor;
        this.growthTracker = 0;
      }
    }
    this.perOptimizer.clear();
  }

  /** The current scale (1 when disabled), as PyTorch's `get_scale()`. */
  getScale(): number {
    return this.enabled ? this.scaleValue : 1;
  }
  getGrowthFactor(): number {
    return this.growthFactor;
  }
  setGrowthFactor(v: number): void {
    this.growthFactor = v;
  }
  getBackoffFactor(): number {
    return this.backoffFactor;
  }
  setBackoffFactor(v: number): void {
    this.backoffFactor = v;
  }
  getGrowthInterval(): number {
    return this.growthInterval;
  }
  setGrowthInterval(v: number): void {
    this.growthInterval = v;
  }
  isEnabled(): boolean {
    return this.enabled;
  }

  /** PyTorch's keys: scale, growth_factor, backoff_factor, growth_interval, _growth_tracker. */
  stateDict(): Record<string, number> {
    if (!this.enabled) return {};
    return {
      scale: this.scaleValue, growth_factor: this.growthFactor, backoff_factor: this.backoffFactor,
      growth_interval: this.growthInterval, _growth_tracker: this.growthTracker,
    };
  }

  loadStateDict(sd: Record<string, number>): void {
    if (!this.enabled) return;
    if (!Object.keys(sd).length)
      throw new Error('The source state dict is empty, possibly because it was saved from a disabled instance of GradScaler.');
    this.scaleValue = sd.scale;
    this.growthFactor = sd.growth_factor;
    this.backoffFactor = sd.backoff_factor;
    this.growthInterval = sd.growth_interval;
    this.growthTracker = sd._growth_tracker;
  }
}
