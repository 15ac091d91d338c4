/**
 * Storage: the memory behind one or more tensors (a tensor and all its views share one).
 * @module
 */
import { native } from './binding';

/** Buffers at least this large come from the addon's caching allocator (no fresh page faults per step). */
const NATIVE_ALLOC_BYTES = 1 << 20;

export class Storage {
  /** The bytes; on the CPU an ArrayBuffer the kernels read and write directly. */
  buffer: ArrayBuffer;
  readonly nbytes: number;
  readonly device: string;
  /**
   * Bumped by every in-place write through any view of this storage; autograd compares it with
   * the version it saved (PyTorch's version counter) to detect a tensor modified after use.
   */
  version = 0;

  constructor(buffer: ArrayBuffer, device = 'cpu') {
    this.buffer = buffer;
    this.nbytes = buffer.byteLength;
    this.device = device;
  }

  /** Fresh CPU storage of `nbytes`; its contents are unspecified (zero for small buffers). */
  static allocate(nbytes: number): Storage {
    return new Storage(nbytes >= NATIVE_ALLOC_BYTES ? native.cpu.alloc(nbytes) : new ArrayBuffer(nbytes));
  }

  get disposed(): boolean {
    return this.buffer.byteLength !== this.nbytes;
  }

  /** Frees the memory now; every tensor on this storage becomes unusable. */
  dispose(): void {
    if (this.nbytes > 0 && !this.disposed) native.cpu.free(this.buffer);
  }
}
