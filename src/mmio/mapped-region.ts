/**
 * MappedRegion: any file or device mapped into memory, at any byte offset.
 *
 * mmap wants a page-aligned offset, so the mapping starts at the page below the requested
 * offset and `delta` says where the requested bytes begin inside `buffer`.
 *
 * Closing is safe: koffi's ArrayBuffer over the mapping cannot be detached, and a view
 * that outlives a plain munmap would crash the process with SIGSEGV. So close() atomically
 * replaces the range with private anonymous memory (MAP_FIXED): stale views read and write
 * harmless scratch bytes, the device or file is never touched again, and the scratch pages
 * are unmapped once the last view is garbage-collected.
 */
import {
  closeFd,
  fstat,
  ftruncate,
  MAP_ANONYMOUS,
  MAP_FIXED,
  MAP_PRIVATE,
  MAP_SHARED,
  mmap,
  msync,
  munmap,
  O_CREAT,
  O_RDONLY,
  O_RDWR,
  O_SYNC,
  openFd,
  pageSize,
  PROT_READ,
  PROT_WRITE,
  viewAt,
} from '../sys/libc.js';
import { ArgumentError, ClosedError } from '../errors.js';
import { cachedPath, type CacheMode } from '../memmap/devmem-policy.js';

export interface MapOptions {
  path: string;
  /** Byte offset into the file or device (a physical address for /dev/mem). Any value. */
  offset?: number | bigint;
  /** Bytes to map. Default: the rest of a regular file; required for devices. */
  length?: number;
  /** Map for writing too (default true). A read-only mapping is PROT_READ. */
  writable?: boolean;
  /**
   * The cache mode to ask for (docs/memory-map.md has the table per architecture).
   * Default: uncached for /dev/mem (O_SYNC), the sysfs resource file and UIO maps as named;
   * the kernel's own choice for anything else.
   */
  cache?: CacheMode;
  /** Create the file if missing and extend it to offset + length (regular files only). */
  grow?: boolean;
}

export interface FdMapOptions {
  path: string;
  offset?: number | bigint;
  length: number;
  writable?: boolean;
}

// Scratch pages left by close() are unmapped when the buffer that covers them is collected.
const scratchReaper = new FinalizationRegistry<{ addr: bigint; length: number }>(({ addr, length }) => {
  try {
    munmap(addr, length);
  } catch {
    // Nothing useful can be done from a finalizer; the pages are merely leaked.
  }
});

// A region dropped without close() still gives its descriptor back.
const fdReaper = new FinalizationRegistry<number>((fd) => {
  try {
    closeFd(fd);
  } catch {
    // Already closed elsewhere: nothing to give back.
  }
});

export class MappedRegion {
  readonly path: string;
  /** The requested offset in the file or device. */
  readonly offset: bigint;
  /** The requested length in bytes. */
  readonly length: number;
  readonly writable: boolean;
  /** Where the requested bytes start inside `buffer` (offset minus the page below it). */
  readonly delta: number;
  readonly #addr: bigint;
  readonly #mappedLength: number;
  #buffer: ArrayBuffer | undefined;
  #fd: number | undefined;

  private constructor(fd: number, ownsFd: boolean, opts: FdMapOptions) {
    const offset = toOffset(opts.offset);
    const length = checkLength(opts.length);
    const page = BigInt(pageSize());
    const pageStart = offset - (offset % page);
    this.delta = Number(offset - pageStart);
    this.#mappedLength = Math.ceil((this.delta + length) / pageSize()) * pageSize();
    this.path = opts.path;
    this.offset = offset;
    this.length = length;
    this.writable = opts.writable ?? true;
    const prot = this.writable ? PROT_READ | PROT_WRITE : PROT_READ;
    this.#addr = mmap(this.#mappedLength, prot, MAP_SHARED, fd, pageStart, opts.path);
    this.#buffer = viewAt(this.#addr, this.#mappedLength);
    scratchReaper.register(this.#buffer, { addr: this.#addr, length: this.#mappedLength });
    if (ownsFd) {
      this.#fd = fd;
      fdReaper.register(this, fd, this);
    }
  }

  /** Opens `path` and maps the requested range; see MapOptions. */
  static open(opts: MapOptions): MappedRegion {
    const writable = opts.writable ?? true;
    if (opts.grow && !writable) {
      throw new ArgumentError('EGROW', `cannot grow ${opts.path} through a read-only mapping`, 'drop grow, or map it writable');
    }
    const { path, sync } = cachedPath(opts.path, opts.cache);
    let flags = writable ? O_RDWR : O_RDONLY;
    if (sync) flags |= O_SYNC;
    if (opts.grow) flags |= O_CREAT;
    const fd = openFd(path, flags);
    try {
      const length = checkedLength(fd, { ...opts, path });
      return new MappedRegion(fd, true, { path, offset: opts.offset, length, writable });
    } catch (err) {
      closeFd(fd);
      throw err;
    }
  }

  /** Maps a range of a descriptor the caller keeps owning (the framebuffer keeps its fd for ioctls). */
  static fromFd(fd: number, opts: FdMapOptions): MappedRegion {
    checkedLength(fd, { ...opts, grow: false });
    return new MappedRegion(fd, false, opts);
  }

  get closed(): boolean {
    return this.#buffer === undefined;
  }

  /** The whole page-aligned mapping; the requested range starts at `delta`. */
  get buffer(): ArrayBuffer {
    return this.#buffer ?? this.#closed();
  }

  /** The requested range as bytes. */
  bytes(): Uint8Array {
    return new Uint8Array(this.buffer, this.delta, this.length);
  }

  assertOpen(): void {
    if (this.#buffer === undefined) this.#closed();
  }

  /** Flushes written bytes to the file (msync MS_SYNC); a no-op in effect for device memory. */
  sync(): void {
    this.assertOpen();
    msync(this.#addr, this.#mappedLength, this.path);
  }

  /** Idempotent. Views still held afterwards see scratch memory instead of the file or device. */
  close(): void {
    if (this.#buffer === undefined) return;
    // MAP_FIXED swaps the pages in one step: there is no instant at which the range is unmapped.
    mmap(this.#mappedLength, PROT_READ | PROT_WRITE, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0n, this.path, this.#addr);
    this.#buffer = undefined;
    if (this.#fd !== undefined) {
      fdReaper.unregister(this);
      const fd = this.#fd;
      this.#fd = undefined;
      closeFd(fd);
    }
  }

  [Symbol.dispose](): void {
    this.close();
  }

  #closed(): never {
    throw new ClosedError(`mapping of ${this.path}`);
  }
}

/**
 * The length to map. For a regular file (sysfs resourceN files included, whose size is the
 * BAR's) the range must lie inside the file: touching a page past its end raises SIGBUS.
 */
function checkedLength(fd: number, opts: { path: string; offset?: number | bigint; length?: number; grow?: boolean }): number {
  const offset = toOffset(opts.offset);
  if (opts.length !== undefined) checkLength(opts.length);
  const st = fstat(fd);
  if (!st.isRegularFile) {
    if (opts.length === undefined) {
      throw new ArgumentError('ELENGTH', `${opts.path} is a device: its size is unknown`, 'pass length: the number of bytes to map');
    }
    return opts.length;
  }
  const length = checkLength(opts.length ?? Number(st.size - offset));
  const end = offset + BigInt(length);
  if (end > st.size) {
    if (!opts.grow) {
      throw new ArgumentError(
        'ERANGE',
        `range 0x${offset.toString(16)}+0x${length.toString(16)} ends past the end of ${opts.path} (${st.size} bytes); touching it would raise SIGBUS`,
        'map a smaller range, or pass grow: true to extend the file',
      );
    }
    ftruncate(fd, end, opts.path);
  }
  return length;
}

function toOffset(offset: number | bigint | undefined): bigint {
  if (typeof offset === 'number' && !Number.isSafeInteger(offset)) {
    throw new ArgumentError('EOFFSET', `offset ${offset} is not a whole number`, 'pass a byte offset >= 0');
  }
  const value = BigInt(offset ?? 0);
  if (value < 0n) throw new ArgumentError('EOFFSET', `offset ${value} is negative`, 'pass a byte offset >= 0');
  return value;
}

function checkLength(length: number): number {
  if (!Number.isSafeInteger(length) || length <= 0) {
    throw new ArgumentError('ELENGTH', `length ${length} is not a positive whole number of bytes`, 'pass the number of bytes to map (> 0)');
  }
  return length;
}
