/**
 * Storage: the memory behind one or more tensors (a tensor and all its views share one).
 * @module
 */
import { native } from './binding';

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
   * The storage's bytes: what the kernels receive. Offsets and strides of tensors on this
   * storage count from its start.
   */
  view: Uint8Array;
  readonly nbytes: number;
  readonly device: string;
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
    return this.view.byteLength !== this.nbytes;
  }

  /** Frees the memory now; every tensor on this storage becomes unusable. */
  dispose(): void {
    if (this.nbytes === 0 || this.disposed) return;
    const buf = this.view.buffer as ArrayBuffer;
    if (this.view.byteOffset === 0 && buf.byteLength === this.nbytes) native.cpu.free(buf);
    else this.view = DEAD; // a share of a slab: the slab itself is freed by the GC
  }
}
