/**
 * The autograd graph: one {@link Node} per differentiable op application, holding the op's
 * backward formula (written with Tensor ops, so graphs of gradients can be differentiated
 * again) and edges to the nodes of its inputs. Leaves end in an {@link AccumulateGrad}.
 * @module
 */
import type { Tensor } from '../tensor';
import { isAnomalyEnabled, isGradEnabled } from './grad_mode';

/** Computes the gradients of an op's inputs from the gradient of its output. */
export type BackwardFn = (grad: Tensor, needsInputGrad: readonly boolean[]) => readonly (Tensor | null | undefined)[];
export type GradHook = (grad: Tensor) => Tensor | void | undefined;

interface SavedVersion {
  tensor: Tensor;
  version: number;
}

let sequence = 0;

export class Node {
  /** PyTorch's class name for the node, e.g. `AddBackward0`; shown as `grad_fn=<AddBackward0>`. */
  readonly name: string;
  /** Per input: the node its gradient flows to, or null when that input needs no gradient. */
  readonly next: (Node | null)[];
  /** Creation order; later nodes run first in backward, like PyTorch's sequence numbers. */
  readonly seq: number;
  /** Hooks on the gradient of this node's output tensor (`tensor.registerHook` on a non-leaf). */
  preHooks: GradHook[] | null = null;
  /** Full backward hooks of modules: called with (gradInputs, gradOutput). */
  postHooks: ((gradInputs: (Tensor | null)[], gradOutput: Tensor) => void)[] | null = null;
  /** Stack trace of the forward call, recorded in anomaly mode. */
  readonly trace: string | null;
  private fn: BackwardFn | null;
  private saved: SavedVersion[] | null;
  /** Output shape/dtype, to materialise a zero gradient when none reaches this node's consumer. */
  outputMeta: { shape: readonly number[]; dtype: string } | null = null;

  constructor(name: string, next: (Node | null)[], fn: BackwardFn | null, saved: readonly Tensor[] | null) {
    this.name = name;
    this.next = next;
    this.fn = fn;
    this.seq = sequence++;
    this.saved = saved ? saved.map((tensor) => ({ tensor, version: tensor._version })) : null;
    this.trace = isAnomalyEnabled() ? (new Error().stack ?? null) : null;
  }

  /** Applies the backward formula; throws PyTorch's errors for freed graphs and modified inputs. */
  apply(grad: Tensor): readonly (Tensor | null | undefined)[] {
    if (!this.fn)
      throw new Error(
        'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). ' +
          'Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). ' +
          'Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.',
      );
    if (this.saved) {
      for (const s of this.saved) {
        if (s.tensor._version !== s.version) {
          const t = s.tensor;
          throw new Error(
            'one of the variables needed for gradient computation has been modified by an inplace operation: ' +
              `[torch.${typeName(t.dtype)} [${t.shape.join(', ')}]], which is output 0 of ${t.gradFn?.name ?? 'a leaf'}, ` +
              `is at version ${t._version}; expected version ${s.version} instead. ` +
              'Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).',
          );
        }
      }
    }
    const needs = this.next.map((n) => n !== null);
    return this.fn(grad, needs);
  }

  /** Drops saved tensors and the formula (after a backward without retainGraph). */
  release(): void {
    this.fn = null;
    this.saved = null;
  }

  /** PyTorch's `grad_fn.next_functions`. */
  get nextFunctions(): [Node | null, number][] {
    return this.next.map((n) => [n, 0]);
  }

  toString(): string {
    return `<${this.name} object>`;
  }
}

function typeName(dtype: string): string {
  const names: Record<string, string> = {
    float32: 'FloatTensor', float64: 'DoubleTensor', float16: 'HalfTensor', bfloat16: 'BFloat16Tensor',
    int8: 'CharTensor', uint8: 'ByteTensor', int16: 'ShortTensor', int32: 'IntTensor', int64: 'LongTensor', bool: 'BoolTensor',
  };
  return names[dtype] ?? dtype;
}

/** The sink of a leaf tensor's gradient: runs the leaf's hooks, then adds into `.grad`. */
export class AccumulateGrad extends Node {
  readonly variable: Tensor;
  constructor(variable: Tensor) {
    super('AccumulateGrad', [], null, null);
    this.variable = variable;
  }
}

/** The node a gradient for tensor `t` should flow into, or null if `t` needs none. */
export function gradEdge(t: Tensor): Node | null {
  if (!t.requiresGrad) return null;
  return t.gradFn ?? t._gradAccumulator();
}

/**
 * Attaches a backward node to `out` when recording is on and any input requires a gradient.
 * `saved` lists tensors the formula reads, for the in-place modification check.
 */
export function record(
  out: Tensor,
  name: string,
  inputs: readonly Tensor[],
  backward: BackwardFn,
  saved: readonly Tensor[] | null = null,
): Tensor {
  if (!isGradEnabled()) return out;
  let any = false;
  for (let i = 0; i < inputs.length; i++) if (inputs[i].requiresGrad) { any = true; break; }
  if (!any) return out;
  const next = new Array<Node | null>(inputs.length);
  for (let i = 0; i < inputs.length; i++) next[i] = gradEdge(inputs[i]);
  const node = new Node(name, next, backward, saved);
  node.outputMeta = { shape: out.shape, dtype: out.dtype };
  out._setGradFn(node);
  return out;
}

/** True when recording is on and some input needs a gradient (lets ops skip saving work). */
export function needsGrad(...inputs: (Tensor | unknown)[]): boolean {
  if (!isGradEnabled()) return false;
  for (const t of inputs) if (t && typeof t === 'object' && (t as Tensor).requiresGrad) return true;
  return false;
}
