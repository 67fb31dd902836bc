/**
 * The bytes behind a framebuffer, in one of three shapes with the same interface:
 *
 * - 'mmap':   the device or file mapped with MappedRegion; writes are visible at once.
 * - 'shadow': for drivers whose mmap fails (EINVAL/ENODEV: some SPI/USB displays and
 *             old drivers), a RAM copy read with pread; flush() writes lines back with
 *             pwrite. Nothing reaches the screen until flush().
 * - 'ram':    plain memory, for a virtual framebuffer with no file.
 */
import { constants } from 'node:os';
import { pageSize, pread, pwrite } from '../sys/libc.js';
import { SysError } from '../sys/sys-error.js';
import { ClosedError, UnsupportedError } from '../errors.js';
import { MappedRegion } from '../mmio/mapped-region.js';

export type MemoryKind = 'mmap' | 'shadow' | 'ram';

export interface FbMemory {
  readonly kind: MemoryKind;
  readonly length: number;
  /** All of the framebuffer memory; after close(), harmless scratch bytes. */
  bytes(): Uint8Array;
  /** Makes bytes [start, end) reach the device or file (pwrite for a shadow, msync for a file). */
  flush(start: number, end: number): void;
  close(): void;
}

export class MappedMemory implements FbMemory {
  readonly kind = 'mmap';
  /** `start`: where the first pixel sits in the mapped region. */
  constructor(private readonly region: MappedRegion, private readonly syncOnFlush: boolean, private readonly start = 0) {}
  get length(): number {
    return this.region.length - this.start;
  }
  bytes(): Uint8Array {
    return this.region.bytes().subarray(this.start);
  }
  flush(): void {
    // Device memory needs nothing; a file-backed framebuffer is pushed to the file.
    if (this.syncOnFlush) this.region.sync();
  }
  close(): void {
    this.region.close();
  }
}

export class ShadowMemory implements FbMemory {
  readonly kind = 'shadow';
  #ram: Uint8Array | undefined;
  constructor(private readonly fd: number, readonly length: number, private readonly path: string, private readonly writable = true) {
    const ram = new Uint8Array(length);
    readFully(fd, ram, path);
    this.#ram = ram;
  }
  bytes(): Uint8Array {
    return this.#ram ?? new Uint8Array(this.length);
  }
  flush(start: number, end: number): void {
    if (!this.#ram) throw new ClosedError(`framebuffer ${this.path}`);
    if (!this.writable) throw new UnsupportedError('EROFS', `${this.path} was opened read-only: drawing stays in the RAM copy`, 'open it writable to show pixels on the device');
    const from = Math.max(0, start);
    const to = Math.min(this.length, end);
    let at = from;
    while (at < to) {
      const n = pwrite(this.fd, this.#ram.subarray(at, to), at, this.path);
      if (n === 0) throw new SysError('pwrite', constants.errno.EIO, this.path, 'the device accepted no bytes; it may have been unplugged');
      at += n;
    }
  }
  close(): void {
    this.#ram = undefined;
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

/** Reads `buf.length` bytes from offset 0; a short device (read returns 0) leaves zeros. */
function readFully(fd: number, buf: Uint8Array, path: string): void {
  let at = 0;
  while (at < buf.length) {
    const n = pread(fd, buf.subarray(at), at, path);
    if (n === 0) return;
    at += n;
  }
}

export type Mapper = (fd: number, length: number, path: string) => MappedRegion;

const mapWhole: Mapper = (fd, length, path) => MappedRegion.fromFd(fd, { path, length, writable: true });

/** Errors that mean "this driver cannot be mmapped", as opposed to a bad request. */
const NO_MMAP = new Set(['EINVAL', 'ENODEV', 'ENOSYS', 'EOPNOTSUPP']);

/**
 * Maps the device; where the driver refuses mmap, falls back to a pread/pwrite shadow.
 * Read-only opens always get a shadow (a snapshot): a Surface over a PROT_READ mapping
 * would crash the process with SIGSEGV on its first write.
 *
 * The kernel's generic fb mmap maps from smem_start rounded down to a page, so where
 * smem_start is not page-aligned the first pixel sits `smem_start % PAGE_SIZE` bytes into
 * the mapping (pread/pwrite count from the first pixel already).
 */
export function openDeviceMemory(fd: number, length: number, path: string, prefer: 'auto' | 'mmap' | 'shadow' = 'auto', writable = true, map: Mapper = mapWhole, smemStart = 0n): FbMemory {
  if (prefer === 'shadow' || !writable) return new ShadowMemory(fd, length, path, writable);
  const start = Number(smemStart % BigInt(pageSize()));
  try {
    return new MappedMemory(map(fd, start + length, path), false, start);
  } catch (err) {
    if (prefer === 'auto' && err instanceof SysError && NO_MMAP.has(err.code)) return new ShadowMemory(fd, length, path);
    throw err;
  }
}
