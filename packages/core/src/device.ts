/**
 * Device strings: 'cpu', 'cuda', 'cuda:N', normalised as PyTorch prints them.
 * @module
 */

/** A device as accepted by `to()` and the `device` options: `'cpu'`, `'cuda'` or `'cuda:N'`. */
export type Device = 'cpu' | 'cuda' | `cuda:${number}` | (string & {});

/** `'cuda'` becomes `'cuda:0'`; invalid strings throw PyTorch's error. */
export function normalizeDevice(device: string | undefined | null): string {
  if (device === undefined || device === null || device === 'cpu') return 'cpu';
  if (device === 'cuda') return 'cuda:0';
  if (/^cuda:\d+$/.test(device)) return device;
  if (/^cpu:0$/.test(device)) return 'cpu';
  throw new Error(`Expected one of cpu, cuda device type at start of device string: ${device}`);
}
