/**
 * The backward engine: walks the graph from the roots in reverse creation order, sums the
 * gradients reaching each node, applies hooks, and accumulates into leaves' `.grad` (backward)
 * or returns the gradients of chosen tensors (autograd.grad).
 * @module
 */
import { ITEM_SIZE } from '../dtype';
import type { Storage } from '../storage';
import type { Tensor } from '../tensor';
import { enableGrad, isAnomalyEnabled, noGrad } from './grad_mode';
import { AccumulateGrad, type Node } from './node';

export interface BackwardOptions {
  retainGraph?: boolean;
  createGraph?: boolean;
}

interface RunOptions extends BackwardOptions {
  /** autograd.grad: capture the gradient arriving at these nodes instead of accumulating. */
  capture?: Map<Node, number>;
  captured?: (Tensor | null)[];
}

function checkNaN(node: Node, grads: readonly (Tensor | null | undefined)[]): void {
  grads.forEach((g, i) => {
    if (g && g.dtype.startsWith('float') && g.isnan().any().item()) {
      const err = new Error(`Function '${node.name}' returned nan values in its ${i}th output.`);
      if (node.trace) err.stack = `${err.message}\nForward call that created the node:\n${node.trace}`;
      throw err;
    }
  });
}

function run(roots: readonly Node[], rootGrads: readonly Tensor[], opts: RunOptions): void {
  // Count, for every reachable node, how many edges point to it; a node runs once all arrived.
  const deps = new Map<Node, number>();
  const stack: Node[] = [...roots];
  const seen = new Set<Node>(roots);
  while (stack.length) {
    const n = stack.pop()!;
    for (const m of n.next) {
      if (!m) continue;
      deps.set(m, (deps.get(m) ?? 0) + 1);
      if (!seen.has(m)) {
        seen.add(m);
        stack.push(m);
      }
    }
  }
  // Gradient buffers are freed as soon as nothing can read them again (tracked per storage, as a
  // view and its base share one), so a backward pass reuses memory like PyTorch's refcounted one
  // instead of waiting for the garbage collector. Never for a createGraph pass (its gradients are
  // part of a new graph), nor for gradients a user may hold: roots, captured ones, hook arguments.
  const early = !opts.createGraph;
  const refs = new Map<Storage, number>();
  const pinned = new Set<Storage>();
  const hold = (t: Tensor) => refs.set(t._storage, (refs.get(t._storage) ?? 0) + 1);
  const free = (s: Storage) => {
    if (early && !pinned.has(s) && !refs.has(s)) s.dispose();
  };
  const release = (t: Tensor) => {
    const s = t._storage;
    const n = (refs.get(s) ?? 1) - 1;
    if (n > 0) refs.set(s, n);
    else {
      refs.delete(s);
      free(s);
    }
  };
  const buffers = new Map<Node, Tensor>();
  const put = (m: Node, g: Tensor) => {
    const prev = buffers.get(m);
    if (prev === undefined) {
      buffers.set(m, g);
      hold(g);
    } else {
      const sum = prev.add(g);
      buffers.set(m, sum);
      hold(sum);
      release(prev);
    }
  };
  for (const g of rootGrads) pinned.add(g._storage);
  roots.forEach((r, i) => put(r, rootGrads[i]));
  // Ready nodes ordered by sequence number: the most recently created runs first.
  const ready: Node[] = roots.filter((r, i) => roots.indexOf(r) === i && !deps.get(r));
  const anomaly = isAnomalyEnabled();
  while (ready.length) {
    let best = 0;
    for (let i = 1; i < ready.length; i++) if (ready[i].seq > ready[best].seq) best = i;
    const node = ready[best];
    ready[best] = ready[ready.length - 1];
    ready.pop();
    const incoming = buffers.get(node);
    buffers.delete(node);
    if (incoming === undefined) continue;
    let grad = incoming;
    if (node.preHooks) {
      pinned.add(grad._storage);
      for (const hook of node.preHooks) {
        const r = hook(grad);
        if (r) grad = r;
      }
      pinned.add(grad._storage);
    }
    if (opts.capture?.has(node)) {
      opts.captured![opts.capture.get(node)!] = grad;
      pinned.add(grad._storage);
    }
    if (node instanceof AccumulateGrad) {
      if (node.variable._leafHooks().length) pinned.add(grad._storage);
      // A gradient buffer that nothing else holds becomes .grad itself, as PyTorch steals it,
      // instead of being copied and then freed.
      const steal = early && !opts.capture && grad === incoming && ownsBuffer(grad, node.variable) && refs.get(grad._storage) === 1 &&
        !pinned.has(grad._storage);
      if (steal) pinned.add(grad._storage);
      if (!opts.capture) accumulate(node.variable, grad, opts.createGraph ?? false, steal);
      release(incoming);
      continue;
    }
    const grads = node.apply(grad);
    if (anomaly) checkNaN(node, grads);
    if (node.postHooks) {
      pinned.add(grad._storage);
      for (const g of grads) if (g) pinned.add(g._storage);
      for (const h of node.postHooks) h(grads.map((g) => g ?? null), grad);
    }
    if (!opts.retainGraph) node.release();
    const transient: Tensor[] = [];
    for (let i = 0; i < grads.length; i++) {
      let g = grads[i];
      if (!g) continue;
      const m = node.next[i];
      if (!m) {
        transient.push(g);
        continue;
      }
      // matches PyTorch's validate_outputs: a gradient takes the dtype of the tensor it is for
      // (float32 + float64 sends a float64 gradient back to the float32 input)
      const want = m instanceof AccumulateGrad ? m.variable.dtype : m.outputMeta?.dtype;
      if (want && g.dtype !== want) {
        transient.push(g);
        g = g.to(want as Tensor['dtype']);
      }
      const summed = buffers.has(m);
      put(m, g);
      if (summed) transient.push(g);
    }
    for (let i = 0; i < node.next.length; i++) {
      const m = node.next[i];
      if (!m) continue;
      const left = deps.get(m)! - 1;
      deps.set(m, left);
      if (left === 0) ready.push(m);
    }
    release(incoming);
    if (grad !== incoming) free(grad._storage);
    for (const t of transient) free(t._storage);
  }
}

/** Whether g, laid out like a fresh contiguous tensor, covers its whole storage and fits v. */
function ownsBuffer(g: Tensor, v: Tensor): boolean {
  return g._contiguous && g._offset === 0 && g._storage.nbytes === g.numel() * ITEM_SIZE[g.dtype] && g.dtype === v.dtype &&
    g.device === v.device && g.ndim === v.ndim && g.shape.every((s, i) => s === v.shape[i]) && v.grad === null;
}

function accumulate(variable: Tensor, grad: Tensor, createGraph: boolean, steal = false): void {
  for (const hook of variable._leafHooks()) {
    const r = hook(grad);
    if (r) grad = r;
  }
  if (!createGraph) grad = grad.detach();
  if (grad.shape.length !== variable.shape.length || grad.shape.some((s, i) => s !== variable.shape[i]))
    grad = grad.sumToSize(variable.shape);
  const prev = variable.grad;
  if (prev === null) {
    // Own a copy unless the engine handed over a buffer nothing else holds: the same gradient
    // tensor may reach several leaves (through add, say), and optimizers and clipping modify
    // .grad in place.
    variable.grad = createGraph ? grad.mul(1) : steal ? grad : grad.clone();
  } else if (createGraph) {
    variable.grad = prev.add(grad);
  } else {
    noGrad(() => prev.add_(grad));
  }
  for (const hook of variable._postAccumulateHooks()) hook(variable);
}

function rootGradients(outputs: readonly Tensor[], gradOutputs: readonly (Tensor | null | undefined)[] | undefined): Tensor[] {
  return outputs.map((o, i) => {
    const g = gradOutputs?.[i];
    if (g) {
      if (g.shape.length !== o.shape.length || g.shape.some((s, k) => s !== o.shape[k]))
        throw new Error(
          `Mismatch in shape: grad_output[${i}] has a shape of torch.Size([${g.shape.join(', ')}]) and output[${i}] has a shape of torch.Size([${o.shape.join(', ')}]).`,
        );
      return g;
    }
    if (o.numel() !== 1) throw new Error('grad can be implicitly created only for scalar outputs');
    return o.onesLike();
  });
}

function rootNodes(outputs: readonly Tensor[]): Node[] {
  return outputs.map((o) => {
    if (!o.requiresGrad) throw new Error('element 0 of tensors does not require grad and does not have a grad_fn');
    return o.gradFn ?? o._gradAccumulator();
  });
}

/** `tensor.backward()` / `torch.autograd.backward`. */
export function backward(
  outputs: readonly Tensor[],
  gradOutputs?: readonly (Tensor | null | undefined)[],
  opts: BackwardOptions = {},
): void {
  const roots = rootNodes(outputs);
  const grads = rootGradients(outputs, gradOutputs);
  const retainGraph = opts.retainGraph ?? opts.createGraph ?? false;
  const go = () => run(roots, grads, { retainGraph, createGraph: opts.createGraph });
  if (opts.createGraph) enableGrad(go);
  else noGrad(go);
}

export interface GradOptions extends BackwardOptions {
  gradOutputs?: (Tensor | null | undefined)[];
  allowUnused?: boolean;
}

/** `torch.autograd.grad`: the gradients of `outputs` with respect to `inputs`, leaving `.grad` alone. */
export function grad(outputs: Tensor | Tensor[], inputs: Tensor | Tensor[], opts: GradOptions = {}): (Tensor | null)[] {
  const outs = Array.isArray(outputs) ? outputs : [outputs];
  const ins = Array.isArray(inputs) ? inputs : [inputs];
  const capture = new Map<Node, number>();
  ins.forEach((t, i) => {
    if (!t.requiresGrad) throw new Error(`One of the differentiated Tensors does not require grad`);
    capture.set(t.gradFn ?? t._gradAccumulator(), i);
  });
  const captured: (Tensor | null)[] = ins.map(() => null);
  const roots = rootNodes(outs);
  const grads = rootGradients(outs, opts.gradOutputs);
  const retainGraph = opts.retainGraph ?? opts.createGraph ?? false;
  const go = () => run(roots, grads, { retainGraph, createGraph: opts.createGraph, capture, captured });
  if (opts.createGraph) enableGrad(go);
  else noGrad(go);
  captured.forEach((g, i) => {
    if (g === null && !opts.allowUnused)
      throw new Error(
        'One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.',
      );
    if (g && !opts.createGraph) captured[i] = g.detach();
    if (g && (g.shape.length !== ins[i].shape.length)) captured[i] = g.sumToSize(ins[i].shape);
  });
  return captured;
}
