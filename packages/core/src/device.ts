/**
 * Device strings: 'cpu', 'cuda', 'cuda:N', normalised as PyTorch prints them.
 * @module
 */

/** A device as accepted by `to()` and the `device` options: `'cpu'`, `'cuda'` or `'cuda:N'`. */
export type Device = 'cpu' | 'cuda' | `cuda:${number}` | (string & {});

/** The GPU a bare 'cuda' means: `torch.cuda.setDevice` changes it. */
let currentCuda = 0;

/** @internal */
export function _currentCudaIndex(): number {
  return currentCuda;
}
/** @internal (torch.cuda.setDevice validates first) */
export function _setCurrentCudaIndex(index: number): void {
  currentCuda = index;
}

/** `'cuda'` becomes `'cuda:<current device>'`; invalid strings throw PyTorch's error. */
export function normalizeDevice(device: string | undefined | null): string {
  if (device === undefined || device === null || device === 'cpu') return 'cpu';
  if (device === 'cuda') return `cuda:${currentCuda}`;
  if (/^cuda:\d+$/.test(device)) return device;
  if (/^cpu:0$/.test(device)) return 'cpu';
  throw new Error(`Expected one of cpu, cuda device type at start of device string: ${device}`);
}

/** The index of a 'cuda:N' string. */
export function deviceIndex(device: string): number {
  const colon = device.indexOf(':');
  return colon < 0 ? currentCuda : Number(device.slice(colon + 1));
}
