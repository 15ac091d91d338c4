/**
 * The golden-case runner for the heavy layers (fixtures from golden/gen_heavy.py): builds the
 * module or functional call a case names, loads PyTorch's state dict, and checks the outputs and
 * the gradients of sum(output * gout) for every input and parameter.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import * as torch from '@tensile/core';
import type { Tensor } from '@tensile/core';
import * as nn from '@tensile/nn';
import { dec, expectClose, type Enc } from './golden';

export interface HeavyCase {
  name: string;
  cls?: string;
  fn?: string;
  special?: string;
  args?: unknown[];
  opts?: Record<string, unknown> | null;
  forwardOpts?: Record<string, unknown>;
  state?: Record<string, Enc>;
  inputs: Enc[];
  outputs: Enc[];
  gouts?: (Enc | null)[];
  inputGrads: (Enc | null)[];
  paramGrads?: Record<string, Enc | null>;
}

export function loadCases(file: string): HeavyCase[] {
  return JSON.parse(readFileSync(new URL(`./golden/${file}`, import.meta.url), 'utf8')) as HeavyCase[];
}

const isEnc = (v: unknown): v is Enc => typeof v === 'object' && v !== null && 'shape' in v && 'data' in v;

/** Option values that are golden tensors become tensors. */
function decodeOpts(o: Record<string, unknown> | null | undefined): Record<string, unknown> {
  const r: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o ?? {})) r[k] = isEnc(v) ? dec(v) : v;
  return r;
}

/** Every tensor of a (nested) output, in order; packed sequences give their data. */
function flatten(o: unknown): Tensor[] {
  if (o instanceof torch.Tensor) return [o];
  if (o === null || o === undefined) return [];
  if (Array.isArray(o)) return o.flatMap(flatten);
  if (typeof o === 'object' && 'data' in (o as object) && 'batchSizes' in (o as object)) return [(o as { data: Tensor }).data];
  throw new Error('unexpected output');
}

type Ctor = new (...a: unknown[]) => nn.Module;

/** Builds the forward of a module case from its forwardOpts (state passing, masks, packing). */
function moduleForward(c: HeavyCase, m: nn.Module): (...xs: Tensor[]) => unknown {
  const fo = c.forwardOpts ?? {};
  if (fo.state === 'hc') return (x, h, cc) => m.forward(x, [h, cc]);
  if (fo.state === 'h') return (x, h) => m.forward(x, h);
  if (fo.packed) return (x) => m.forward(nn.utils.rnn.packPaddedSequence(x, fo.packed as number[], { enforceSorted: false }));
  if (fo.self) return (x) => m.forward(x, x, x, { attnMask: nn.Transformer.generateSquareSubsequentMask(fo.causalFloat as number) });
  if (fo.causal) return (t, mem) => m.forward(t, mem, { tgtMask: nn.Transformer.generateSquareSubsequentMask(fo.causal as number) });
  const extra = decodeOpts(fo);
  if (Object.keys(extra).length) return (...xs) => m.forward(...xs, extra);
  return (...xs) => m.forward(...xs);
}

/** Runs one case and checks it against PyTorch; `tol` is relative+absolute. */
export function checkCase(c: HeavyCase, tol = 2e-4): void {
  if (c.special === 'gradpen') return checkGradPenalty(c);
  const inputs = c.inputs.map((e) => {
    const t = dec(e);
    return torch.isFloatingPointDtype(t.dtype) ? t.requiresGrad_() : t;
  });
  let fwd: (...xs: Tensor[]) => unknown;
  let params: Record<string, Tensor> = {};
  if (c.cls) {
    const C = (nn as unknown as Record<string, Ctor>)[c.cls];
    const m = c.opts === null || c.opts === undefined ? new C(...(c.args ?? [])) : new C(...(c.args ?? []), decodeOpts(c.opts));
    const res = m.loadStateDict(Object.fromEntries(Object.entries(c.state ?? {}).map(([k, v]) => [k, dec(v)])));
    expect(res.missingKeys, `${c.name}: missing keys`).toEqual([]);
    expect(res.unexpectedKeys, `${c.name}: unexpected keys`).toEqual([]);
    params = Object.fromEntries(m.namedParameters());
    fwd = moduleForward(c, m);
  } else {
    const f = (nn.functional as unknown as Record<string, (...a: unknown[]) => unknown>)[c.fn!];
    fwd = (...xs) => f(...xs, ...(c.args ?? []), decodeOpts(c.opts));
  }
  const outs = flatten(fwd(...inputs));
  expect(outs.length, `${c.name}: number of outputs`).toBe(c.outputs.length);
  outs.forEach((o, i) => expectClose(o, c.outputs[i], `${c.name}: output ${i}`, tol));
  let loss: Tensor | null = null;
  outs.forEach((o, i) => {
    const g = c.gouts?.[i];
    if (g && o.requiresGrad) {
      const term = o.mul(dec(g)).sum();
      loss = loss ? loss.add(term) : term;
    }
  });
  if (!loss) return;
  (loss as Tensor).backward();
  const diff = inputs.filter((t) => t.requiresGrad);
  c.inputGrads.forEach((g, i) => {
    if (g) expectClose(diff[i].grad ?? torch.zerosLike(diff[i]), g, `${c.name}: input grad ${i}`, tol);
  });
  for (const [k, g] of Object.entries(c.paramGrads ?? {})) {
    if (g) expectClose(params[k].grad ?? torch.zerosLike(params[k]), g, `${c.name}: grad of ${k}`, tol);
  }
}

/** Gradient penalty: d/d(x, w) of |d(sum conv(x,w)^2)/dx|^2, a second-order gradient through conv2d. */
function checkGradPenalty(c: HeavyCase): void {
  const x = dec(c.inputs[0]).requiresGrad_(), w = dec(c.inputs[1]).requiresGrad_();
  const y = nn.functional.conv2d(x, w, null, { padding: 1, stride: 2 });
  const [gx] = torch.autograd.grad([y.pow(2).sum()], [x], { createGraph: true });
  const pen = gx!.pow(2).sum();
  expectClose(pen, c.outputs[0], `${c.name}: penalty`, 1e-9);
  const [dx, dw] = torch.autograd.grad([pen], [x, w]);
  expectClose(dx!, c.inputGrads[0]!, `${c.name}: d/dx`, 1e-9);
  expectClose(dw!, c.inputGrads[1]!, `${c.name}: d/dw`, 1e-9);
}
