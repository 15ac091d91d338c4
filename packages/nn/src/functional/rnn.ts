/**
 * The recurrent op: one (layer, direction) of an RNN/LSTM/GRU over a time-major, padded input
 * with optional per-step batch sizes (packed sequences). The input projection of all steps is
 * one GEMM done here with core's `addmm` (so W_ih, b_ih and the input get their gradients from
 * core); the time loop and its backward are native (native/src/cpu/rnn.cc), and the recurrent
 * weight gradients are single GEMMs over all steps of the gate gradients it returns.
 * @module
 */
import * as torch from '@tensile/core';
import type { Tensor } from '@tensile/core';

export type RnnMode = 'tanh' | 'relu' | 'lstm' | 'gru';

const GATES: Record<RnnMode, number> = { tanh: 1, relu: 1, lstm: 4, gru: 3 };

/** The weights of one (layer, direction), PyTorch's `weight_ih_l{k}{_reverse}` family. */
export interface RnnLayerWeights {
  wIh: Tensor;
  wHh: Tensor;
  bIh: Tensor | null;
  bHh: Tensor | null;
  wHr: Tensor | null;
}

function backendOf(t: Tensor): torch._Backend {
  const b = torch._backendFor(t.device);
  if (!b.rnnForward) throw new Error(`Could not run 'rnn' with arguments from the '${t.device}' backend.`);
  return b;
}

/**
 * Runs the time loop of one layer direction. `xproj` (T,B,G*H) already holds x W_ih^T + b_ih
 * (+ b_hh except for GRU, whose b_hh sits inside the reset gate). Returns out (T,B,P), h_n, c_n.
 */
export function rnnLayerOp(
  mode: RnnMode, xproj: Tensor, wHh: Tensor, bHh: Tensor | null, wHr: Tensor | null, h0: Tensor, c0: Tensor | null,
  reverse: boolean, batchSizes: Tensor | null,
): { out: Tensor; hn: Tensor; cn: Tensor | null } {
  const [T, B, GH] = xproj.shape;
  const H = GH / GATES[mode], P = wHh.shape[1];
  const lstm = mode === 'lstm', gru = mode === 'gru';
  const geom: torch._RnnGeometry = { mode, steps: T, batch: B, hidden: H, proj: P, reverse };
  const opts = { dtype: xproj.dtype, device: xproj.device };
  const actWidth = lstm || gru ? 4 : 1;
  const ws = torch.empty([T * B * (P + actWidth * H + 3 * H)], opts);
  const out = torch.empty([T, B, P], opts), hn = torch.empty([B, P], opts), cn = lstm ? torch.empty([B, H], opts) : null;
  const xc = xproj.contiguous(), whh = wHh.contiguous(), bhh = gru ? bHh!.contiguous() : null, whr = wHr ? wHr.contiguous() : null;
  const h0c = h0.contiguous(), c0c = c0 ? c0.contiguous() : null;
  const backend = backendOf(xproj);
  backend.rnnForward!(geom, { out, hn, cn, ws }, { xproj: xc, whh, bhh, whr, h0: h0c, c0: c0c }, batchSizes);

  const inputs: Tensor[] = [xproj, wHh, h0];
  if (c0) inputs.push(c0);
  if (gru) inputs.push(bHh!);
  if (wHr) inputs.push(wHr);
  if (!inputs.some((t) => t.requiresGrad) || !torch.isGradEnabled()) return { out, hn, cn };

  // One differentiable output holding out | h_n | c_n, so the three share one backward node.
  const flat = torch.noGrad(() => torch.cat(cn ? [out.flatten(), hn.flatten(), cn.flatten()] : [out.flatten(), hn.flatten()]));
  const nOut = T * B * P;
  torch._record(flat, lstm ? 'MkldnnRnnLayerBackward0' : 'RnnLayerBackward0', inputs, (grad) => {
    if (torch.isGradEnabled()) throw new Error(`double backward is not supported for ${mode === 'tanh' || mode === 'relu' ? 'rnn' : mode}`);
    const gc = grad.contiguous();
    const dout = gc.narrow(0, 0, nOut), dhn = gc.narrow(0, nOut, B * P), dcn = lstm ? gc.narrow(0, nOut + B * P, B * H) : null;
    const dxproj = torch.empty([T, B, GH], opts), dh0 = torch.empty([B, P], opts);
    const dgh = gru ? torch.empty([T, B, GH], opts) : null, dc0 = lstm ? torch.empty([B, H], opts) : null;
    const dwhr = whr ? torch.empty([P, H], opts) : null;
    backend.rnnBackward!(geom, { dxproj, dgh, dh0, dc0, dwhr }, { dout, dhn, dcn, ws, whh, whr }, batchSizes);
    const hprev = ws.narrow(0, 0, T * B * P).view([T * B, P]);
    const dHidden = (dgh ?? dxproj).view([T * B, GH]);
    const grads: (Tensor | null)[] = [dxproj, dHidden.t().matmul(hprev), dh0];
    if (c0) grads.push(dc0);
    if (gru) grads.push(dHidden.sum(0));
    if (wHr) grads.push(dwhr);
    return grads;
  }, inputs);
  const o = flat.narrow(0, 0, nOut).view([T, B, P]);
  const h = flat.narrow(0, nOut, B * P).view([B, P]);
  const c = lstm ? flat.narrow(0, nOut + B * P, B * H).view([B, H]) : null;
  return { out: o, hn: h, cn: c };
}

/** x (T,B,I) → x W_ih^T + bias as (T,B,G*H): one GEMM for every step. */
export function inputProjection(mode: RnnMode, x: Tensor, w: RnnLayerWeights): Tensor {
  const [T, B, I] = x.shape;
  const x2 = x.reshape([T * B, I]);
  let bias: Tensor | null = w.bIh;
  if (mode !== 'gru' && w.bHh) bias = bias ? bias.add(w.bHh) : w.bHh;
  const y = bias ? torch.addmm(bias, x2, w.wIh.t()) : x2.matmul(w.wIh.t());
  return y.view([T, B, w.wIh.shape[0]]);
}

/** Options of {@link rnnLayers}. */
export interface RnnLayersOptions {
  numLayers: number;
  bidirectional: boolean;
  dropout: number;
  training: boolean;
  /** Per-step batch sizes of a packed input (int64, length T), or null. */
  batchSizes: Tensor | null;
  dropoutFn: (x: Tensor, p: number, training: boolean) => Tensor;
}

/**
 * A stacked (bi)directional recurrent network over x (T,B,I): weights[layer*dirs + dir].
 * h0 (L*D, B, P), c0 (L*D, B, H) for LSTM. Returns out (T,B,D*P), h_n, c_n.
 */
export function rnnLayers(mode: RnnMode, x: Tensor, h0: Tensor, c0: Tensor | null, weights: RnnLayerWeights[], opts: RnnLayersOptions): { out: Tensor; hn: Tensor; cn: Tensor | null } {
  const dirs = opts.bidirectional ? 2 : 1;
  let layerInput = x;
  const hs: Tensor[] = [], cs: Tensor[] = [];
  for (let l = 0; l < opts.numLayers; l++) {
    const outs: Tensor[] = [];
    for (let d = 0; d < dirs; d++) {
      const i = l * dirs + d;
      const w = weights[i];
      const xproj = inputProjection(mode, layerInput, w);
      const bhh = mode === 'gru' ? (w.bHh ?? torch.zeros([w.wHh.shape[0]], { dtype: x.dtype, device: x.device })) : null;
      const r = rnnLayerOp(mode, xproj, w.wHh, bhh, w.wHr, h0.select(0, i), c0 ? c0.select(0, i) : null, d === 1, opts.batchSizes);
      outs.push(r.out);
      hs.push(r.hn);
      if (r.cn) cs.push(r.cn);
    }
    layerInput = dirs === 1 ? outs[0] : torch.cat(outs, 2);
    if (opts.dropout > 0 && opts.training && l < opts.numLayers - 1) layerInput = opts.dropoutFn(layerInput, opts.dropout, true);
  }
  return { out: layerInput, hn: torch.stack(hs, 0), cn: c0 ? torch.stack(cs, 0) : null };
}
