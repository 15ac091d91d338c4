/**
 * Grad mode and anomaly mode: process-wide switches, as in PyTorch.
 * @module
 */

let gradEnabled = true;
let anomaly = false;

/** Whether operations currently record the autograd graph. */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** `torch.set_grad_enabled(mode)`. */
export function setGradEnabled(mode: boolean): void {
  gradEnabled = mode;
}

function withGradMode<T>(mode: boolean, fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = mode;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

/**
 * Runs `fn` without recording the graph (`with torch.no_grad():`). The switch covers the
 * synchronous part of `fn` only: an async function's awaited continuations run with the
 * caller's mode.
 */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}

/** Runs `fn` with recording on, even inside {@link noGrad} (`with torch.enable_grad():`). */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode(true, fn);
}

/** `torch.inference_mode()`: here the same as {@link noGrad}. */
export function inferenceMode<T>(fn: () => T): T {
  return withGradMode(false, fn);
}

/** `torch.autograd.set_detect_anomaly(mode)`: record forward stack traces and check backward for NaN. */
export function setDetectAnomaly(mode: boolean): void {
  anomaly = mode;
}

export function isAnomalyEnabled(): boolean {
  return anomaly;
}

/** Runs `fn` with anomaly detection on (`with torch.autograd.detect_anomaly():`). */
export function detectAnomaly<T>(fn: () => T): T {
  const prev = anomaly;
  anomaly = true;
  try {
    return fn();
  } finally {
    anomaly = prev;
  }
}
