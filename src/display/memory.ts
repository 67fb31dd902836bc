/**
 * The bytes behind a framebuffer, in one of three shapes with the same interface:
 *
 * - 'mmap':   the device or file mapped with MappedRegion; writes are visible at once.
 * - 'shadow': for drivers whose mmap fails (EINVAL/ENODEV: some SPI/USB displays and
 *             old drivers), a RAM copy read with pread; flush() writes lines back with
 *             pwrite. Nothing reaches the screen until flush() (fbdev/device-memory.ts).
 *             A read-only open is a RAM copy too (SnapshotMemory), whose flush() refuses.
 * - 'ram':    plain memory, for a virtual framebuffer with no file.
 */
import { ClosedError, UnsupportedError } from '../errors.js';
import type { MappedRegion } from '../mmio/mapped-region.js';

export type MemoryKind = 'mmap' | 'shadow' | 'ram';

export interface FbMemory {
  readonly kind: MemoryKind;
  readonly length: number;
  /** All of the framebuffer memory; after close(), harmless scratch bytes. */
  bytes(): Uint8Array;
  /** Makes bytes [start, end) reach the device (pwrite for a shadow; a mapping needs nothing). */
  flush(start: number, end: number): void;
  close(): void;
}

export class MappedMemory implements FbMemory {
  readonly kind = 'mmap';
  /** `start`: where the first pixel sits in the mapped region. */
  constructor(
    private readonly region: MappedRegion,
    private readonly start = 0,
  ) {}
  get length(): number {
    return this.region.length - this.start;
  }
  bytes(): Uint8Array {
    return this.region.bytes().subarray(this.start);
  }
  /**
   * Nothing to push. Device memory is the screen. A file's shared mapping is its page cache,
   * which every reader (read(), another mapping) sees at once, during and after the run;
   * msync(MS_SYNC) would only force the pages to disk for crash safety, which a file
   * standing in for a screen does not need, and it made every flush of 4 MB wait 6-10 ms
   * for the disk (1.3 ms of it CPU; `fbkit fill` on a file, each present of a splash).
   */
  flush(): void {}
  close(): void {
    this.region.close();
  }
}

export class RamMemory implements FbMemory {
  readonly kind = 'ram';
  #ram: Uint8Array | undefined;
  constructor(readonly length: number) {
    this.#ram = new Uint8Array(length);
  }
  bytes(): Uint8Array {
    return this.#ram ?? new Uint8Array(this.length);
  }
  flush(): void {}
  close(): void {
    this.#ram = undefined;
  }
}

/**
 * The pixels of a device or file opened read-only, copied into RAM once. Drawing on the
 * copy is harmless (a Surface over a PROT_READ mapping would die of SIGSEGV on its first
 * write); flush() refuses, since nothing may reach the device or file.
 */
export class SnapshotMemory implements FbMemory {
  readonly kind = 'shadow';
  readonly length: number;
  #ram: Uint8Array | undefined;
  constructor(
    ram: Uint8Array,
    private readonly path: string,
  ) {
    this.#ram = ram;
    this.length = ram.length;
  }
  bytes(): Uint8Array {
    return this.#ram ?? new Uint8Array(this.length);
  }
  flush(): void {
    if (!this.#ram) throw new ClosedError(`framebuffer ${this.path}`);
    throw new UnsupportedError(
      'EROFS',
      `${this.path} was opened read-only: drawing stays in the RAM copy`,
      'open it writable to show pixels on the device',
    );
  }
  close(): void {
    this.#ram = undefined;
  }
}
