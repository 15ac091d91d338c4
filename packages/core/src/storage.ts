/**
 * Storage: the memory behind one or more tensors (a tensor and all its views share one).
 * @module
 */
import { native, type DeviceHandle, type NativeBuffer } from './binding';

/** How a device's memory is allocated, freed and moved to and from the host (backend/device.ts). */
export interface DeviceMemory {
  alloc(nbytes: number): DeviceHandle;
  free(block: DeviceHandle): void;
}

/** Buffers at least this large come from the addon's caching allocator (no fresh page faults per step). */
const NATIVE_ALLOC_BYTES = 1 << 20;
/**
 * Storages this small are carved out of shared 16 KiB slabs: creating an ArrayBuffer costs a
 * few hundred nanoseconds (a backing store plus GC bookkeeping), which would dominate the cost
 * of an op on a scalar. A slab is freed by the GC once none of its storages is reachable.
 */
const SMALL_BYTES = 256;
const SLAB_BYTES = 16 << 10;

/** What a disposed slab storage points at: a view of a detached buffer, which the addon refuses. */
const DEAD_BUFFER = new ArrayBuffer(8);
const DEAD = new Uint8Array(DEAD_BUFFER);
native.cpu.free(DEAD_BUFFER);

let slab = new ArrayBuffer(0);
let slabUsed = 0;

export class Storage {
  /**
   * The storage's host bytes; offsets and strides of tensors on this storage count from its
   * start. Empty for device memory, which only the addon can reach (see {@link handle}).
   */
  view: Uint8Array;
  readonly nbytes: number;
  readonly device: string;
  /** Device memory: the addon's block (null once freed); undefined for host memory. */
  private block?: DeviceHandle | null;
  private memory?: DeviceMemory;
  /**
   * Bumped by every in-place write through any view of this storage; autograd compares it with
   * the version it saved (PyTorch's version counter) to detect a tensor modified after use.
   */
  version = 0;

  constructor(buffer: ArrayBuffer | Uint8Array, device = 'cpu') {
    this.view = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
    this.nbytes = this.view.byteLength;
    this.device = device;
  }

  /** Fresh, uninitialised device storage of `nbytes` on `device` ('cuda:0'...). */
  static allocateOn(device: string, nbytes: number, memory: DeviceMemory): Storage {
    const block = memory.alloc(nbytes);
    const s = new Storage(new Uint8Array(0), device);
    (s as { nbytes: number }).nbytes = nbytes;
    s.block = block;
    s.memory = memory;
    return s;
  }

  /** What kernel entries receive for this storage: its host bytes or its device block. */
  get handle(): NativeBuffer {
    if (this.block === undefined) return this.view;
    if (this.block === null) throw new Error('Cannot use a tensor whose storage has been freed (the tensor was disposed)');
    return this.block;
  }

  /**
   * Fresh CPU storage of `nbytes`, zero-filled (large buffers are recycled and not zeroed).
   * `dedicated` asks for a buffer of its own (never a shared slab).
   */
  static allocate(nbytes: number, opts?: { dedicated?: boolean }): Storage {
    if (nbytes <= SMALL_BYTES && nbytes > 0 && !opts?.dedicated) {
      const size = (nbytes + 15) & ~15; // 16-byte aligned for any dtype and vector loads
      if (slabUsed + size > slab.byteLength) {
        slab = new ArrayBuffer(SLAB_BYTES);
        slabUsed = 0;
      }
      const s = new Storage(new Uint8Array(slab, slabUsed, nbytes));
      slabUsed += size;
      return s;
    }
    return new Storage(nbytes >= NATIVE_ALLOC_BYTES ? native.cpu.alloc(nbytes) : new ArrayBuffer(nbytes));
  }

  /** The ArrayBuffer holding the bytes (shared with other storages when small). */
  get buffer(): ArrayBuffer {
    return this.view.buffer as ArrayBuffer;
  }

  /** Byte offset of this storage inside `buffer`. */
  get byteOffset(): number {
    return this.view.byteOffset;
  }

  get disposed(): boolean {
    if (this.block !== undefined) return this.block === null;
    return this.view.byteLength !== this.nbytes;
  }

  /** Frees the memory now; every tensor on this storage becomes unusable. */
  dispose(): void {
    if (this.block !== undefined) {
      if (this.block !== null) this.memory!.free(this.block);
      this.block = null;
      return;
    }
    if (this.nbytes === 0 || this.disposed) return;
    const buf = this.view.buffer as ArrayBuffer;
    if (this.view.byteOffset === 0 && buf.byteLength === this.nbytes) native.cpu.free(buf);
    else this.view = DEAD; // a share of a slab: the slab itself is freed by the GC
  }
}
