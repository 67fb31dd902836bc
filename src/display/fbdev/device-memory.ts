/**
 * The memory of an fbdev device: mapped where the driver allows mmap, otherwise a RAM
 * shadow read with pread and written back with pwrite on flush().
 */
import { constants } from 'node:os';
import { ClosedError } from '../../errors.js';
import { MappedRegion } from '../../mmio/mapped-region.js';
import { pageSize, pread, pwrite } from '../../sys/libc.js';
import { SysError } from '../../sys/sys-error.js';
import { MappedMemory, SnapshotMemory, type FbMemory } from '../memory.js';

export class ShadowMemory implements FbMemory {
  readonly kind = 'shadow';
  #ram: Uint8Array | undefined;
  constructor(
    private readonly fd: number,
    readonly length: number,
    private readonly path: string,
  ) {
    this.#ram = readFully(fd, length, path);
  }
  bytes(): Uint8Array {
    return this.#ram ?? new Uint8Array(this.length);
  }
  flush(start: number, end: number): void {
    if (!this.#ram) throw new ClosedError(`framebuffer ${this.path}`);
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

/** Reads `length` bytes from offset 0; a short device (read returns 0) leaves zeros. */
function readFully(fd: number, length: number, path: string): Uint8Array {
  const buf = new Uint8Array(length);
  let at = 0;
  while (at < length) {
    const n = pread(fd, buf.subarray(at), at, path);
    if (n === 0) break;
    at += n;
  }
  return buf;
}

type Mapper = (fd: number, length: number, path: string) => MappedRegion;

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
export interface DeviceMemoryOptions {
  /** 'auto' (default): mmap, falling back to the shadow; or force one of them. */
  access?: 'auto' | 'mmap' | 'shadow';
  /** Default true; a read-only device always gets a shadow. */
  writable?: boolean;
  /** fix.smem_start: its offset inside a page is where the mapped pixels begin. */
  smemStart?: bigint;
  /** How to map (tests pass one that fails like a driver would). */
  map?: Mapper;
}

export function openDeviceMemory(fd: number, length: number, path: string, opts: DeviceMemoryOptions = {}): FbMemory {
  const { access: prefer = 'auto', writable = true, smemStart = 0n, map = mapWhole } = opts;
  if (!writable) return new SnapshotMemory(readFully(fd, length, path), path);
  if (prefer === 'shadow') return new ShadowMemory(fd, length, path);
  const start = Number(smemStart % BigInt(pageSize()));
  try {
    return new MappedMemory(map(fd, start + length, path), start);
  } catch (err) {
    if (prefer === 'auto' && err instanceof SysError && NO_MMAP.has(err.code)) return new ShadowMemory(fd, length, path);
    throw err;
  }
}
