/**
 * The dispatch-table entry of an accelerator (CUDA): storages are blocks of device memory, and
 * the kernel entries that have device kernels ({@link ON_DEVICE}: elementwise ops, copies and
 * fills, ranges, reductions and arg-reductions, scans, softmax, matmul, sorting and top-k,
 * indexing and nonzero, random numbers, convolution, fold/unfold, pooling, recurrent layers,
 * normalization, fused optimizer steps) receive those blocks directly, through the CPU
 * backend's own argument marshalling: the addon picks the device kernel from where the buffers
 * live. Every other entry runs on the host through {@link viaHost}: correct everywhere, at the
 * price of a copy each way, until it gets a device kernel of its own.
 * @module
 */
import type { DeviceHandle } from '../binding';
import { ITEM_SIZE } from '../dtype';
import { contiguousStrides } from '../shape';
import { Storage, type DeviceMemory } from '../storage';
import { backendFor, type Backend, type Operand } from './backend';
import { cpuBackend } from './cpu';

/** Device memory plus the two transfers; the addon's `cuda` object satisfies it. */
export interface DeviceRuntime extends DeviceMemory {
  upload(block: DeviceHandle, byteOffset: number, src: Uint8Array): void;
  download(dst: Uint8Array, block: DeviceHandle, byteOffset: number): void;
  /** Bytes from one device's block to another's, without the host; returns when the copy is done. */
  copyPeer(dst: DeviceHandle, dstByteOffset: number, src: DeviceHandle, srcByteOffset: number, bytes: number): void;
}

/** The Backend methods whose native entries run device kernels when handed device buffers. */
const ON_DEVICE = new Set<keyof Backend>([
  'unary', 'binary', 'where', 'fill', 'reduce', 'softmax', 'softmaxBackward', 'matmul', 'take', 'put', 'random', 'bernoulli',
  'convForward', 'convBackwardInput', 'convBackwardWeight', 'maxPool2d', 'maxPool2dBackward', 'avgPool2d', 'avgPool2dBackward',
  'layerNorm', 'layerNormBackward', 'groupNorm', 'groupNormBackward', 'batchNorm', 'batchNormBackward',
  'im2col', 'col2im', 'adaptivePool2d', 'adaptiveAvgPool2dBackward', 'rnnForward', 'rnnBackward',
  'reduceArg', 'scan', 'range', 'sort', 'topk', 'nonzero',
  'optimStep',
]);

function isOperand(v: unknown): v is Operand {
  return typeof v === 'object' && v !== null && '_storage' in v && (v as Operand)._storage instanceof Storage;
}

const warned = new Set<string>();

/** PyTorch's error for an operand of another device (a second GPU) reaching this device's kernel. */
function otherDevice(device: string, v: Operand): Error | null {
  const d = v._storage.device;
  if (d === 'cpu' || d === device) return null;
  return new Error(`Expected all tensors to be on the same device, but found at least two devices, ${device} and ${d}!`);
}

/**
 * `method` of the CPU backend run on host copies of every device storage among the arguments
 * (operands may sit in arrays and plain objects, as the nn geometries and gradient sets do);
 * afterwards each copy goes back to its device storage, outputs and in-place updates included.
 */
function viaHost(device: string, runtime: DeviceRuntime, name: string, method: (...a: unknown[]) => unknown) {
  return (...args: unknown[]): unknown => {
    if (!warned.has(name)) {
      warned.add(name);
      process.emitWarning(`'${name}' has no ${device.split(':')[0].toUpperCase()} kernel yet: it runs on the CPU, with a copy each way`, 'TensileWarning');
    }
    const copies = new Map<Storage, Storage>();
    const toHost = (v: unknown): unknown => {
      if (isOperand(v)) {
        if (v._storage.device === 'cpu') return v;
        const err = otherDevice(device, v);
        if (err) throw err;
        let host = copies.get(v._storage);
        if (!host) {
          host = Storage.allocate(v._storage.nbytes, { dedicated: true });
          runtime.download(host.view, v._storage.handle as DeviceHandle, 0);
          copies.set(v._storage, host);
        }
        const o: Operand = { _storage: host, _offset: v._offset, _shape: v._shape, _strides: v._strides, dtype: v.dtype, _contiguous: v._contiguous };
        return o;
      }
      if (Array.isArray(v)) return v.map(toHost);
      if (typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype)
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toHost(x)]));
      return v;
    };
    const result = method(...args.map(toHost));
    for (const [dev, host] of copies) {
      runtime.upload(dev.handle as DeviceHandle, 0, host.view);
      host.dispose();
    }
    return result;
  };
}

/**
 * `method` (a device kernel's entry) with any host operand among its arguments first copied to
 * the device: a 0-d CPU tensor may join a CUDA op, as in PyTorch.
 */
function withHostOperands(runtime: DeviceRuntime, device: string, method: (...a: unknown[]) => unknown) {
  return (...args: unknown[]): unknown => {
    let host = false;
    for (const a of args) {
      if (!isOperand(a)) continue;
      if (a._storage.device === 'cpu') host = true;
      else {
        const err = otherDevice(device, a);
        if (err) throw err;
      }
    }
    if (!host) return method(...args);
    const temps: Storage[] = [];
    const moved = args.map((a) => {
      if (!isOperand(a) || a._storage.device !== 'cpu') return a;
      const d = Storage.allocateOn(device, a._storage.nbytes, runtime);
      runtime.upload(d.handle as DeviceHandle, 0, a._storage.view);
      temps.push(d);
      const o: Operand = { _storage: d, _offset: a._offset, _shape: a._shape, _strides: a._strides, dtype: a.dtype, _contiguous: a._contiguous };
      return o;
    });
    try {
      return method(...moved);
    } finally {
      for (const t of temps) t.dispose();
    }
  };
}

/** The bytes of a contiguous operand, from its offset. */
function byteRange(o: Operand): { start: number; length: number } {
  const size = ITEM_SIZE[o.dtype];
  return { start: o._offset * size, length: o._shape.reduce((a, b) => a * b, 1) * size };
}

/**
 * out = src across two devices of one runtime: one direct transfer between contiguous operands
 * in out's dtype, each side gathered or scattered on its own device where it is strided (or, on
 * the source's side, converted).
 */
function copyPeer(runtime: DeviceRuntime, out: Operand, src: Operand): void {
  const contiguous = (storage: Storage): Operand => ({
    _storage: storage, _offset: 0, _shape: src._shape, _strides: contiguousStrides(src._shape), dtype: out.dtype, _contiguous: true,
  });
  const bytes = src._shape.reduce((a, v) => a * v, 1) * ITEM_SIZE[out.dtype];
  let s = src, d = out;
  const temps: Storage[] = [];
  try {
    if (!src._contiguous || src.dtype !== out.dtype) {
      s = contiguous(backendFor(src._storage.device).allocate(bytes));
      temps.push(s._storage);
      cpuBackend.copy(s, src);
    }
    if (!out._contiguous) {
      d = contiguous(backendFor(out._storage.device).allocate(bytes));
      temps.push(d._storage);
    }
    runtime.copyPeer(d._storage.handle as DeviceHandle, byteRange(d).start, s._storage.handle as DeviceHandle, byteRange(s).start, bytes);
    if (d !== out) cpuBackend.copy(out, d);
  } finally {
    for (const t of temps) t.dispose();
  }
}

/**
 * The backend of one device type: `device` names its storages ('cuda:0'), `runtime` allocates
 * and moves their memory.
 */
export function makeDeviceBackend(device: string, runtime: DeviceRuntime): Backend {
  const backend: Record<string, unknown> = { device };
  for (const [name, method] of Object.entries(cpuBackend)) {
    if (typeof method !== 'function') continue;
    const fn = method as (...a: unknown[]) => unknown;
    backend[name] = ON_DEVICE.has(name as keyof Backend) ? withHostOperands(runtime, device, fn) : viaHost(device, runtime, name, fn);
  }
  const b = backend as unknown as Backend;
  b.allocate = (nbytes: number) => Storage.allocateOn(device, nbytes, runtime);
  // Copies within the device run there; between two devices, copyPeer; between a device and the
  // host, one transfer of a contiguous operand in the destination's dtype.
  b.copy = (out: Operand, src: Operand) => {
    const outDev = out._storage.device !== 'cpu', srcDev = src._storage.device !== 'cpu';
    if (outDev && srcDev) {
      if (out._storage.device === src._storage.device) return cpuBackend.copy(out, src);
      return copyPeer(runtime, out, src);
    }
    if (outDev) {
      if (!src._contiguous || !out._contiguous || src.dtype !== out.dtype) throw new Error('internal error: host-to-device copy of a strided or converted operand');
      const r = byteRange(src);
      runtime.upload(out._storage.handle as DeviceHandle, byteRange(out).start, src._storage.view.subarray(r.start, r.start + r.length));
      return;
    }
    // device -> host: gather a strided source on the device first, then one transfer
    let s = src, tmp: Storage | null = null;
    if (!src._contiguous || src.dtype !== out.dtype) {
      const bytes = src._shape.reduce((a, v) => a * v, 1) * ITEM_SIZE[out.dtype];
      tmp = b.allocate(bytes);
      s = { _storage: tmp, _offset: 0, _shape: src._shape, _strides: contiguousStrides(src._shape), dtype: out.dtype, _contiguous: true };
      cpuBackend.copy(s, src);
    }
    if (!out._contiguous) throw new Error('internal error: device-to-host copy into a strided operand');
    const r = byteRange(s), o = byteRange(out);
    runtime.download(out._storage.view.subarray(o.start, o.start + r.length), s._storage.handle as DeviceHandle, r.start);
    tmp?.dispose();
  };
  return b;
}
