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
import { statSync } from 'node:fs';
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
import { checkObject, describeValue } from '../errors.js';
import { cachedPath, type CacheMode } from '../memmap/devmem-policy.js';
import { fileType } from './file-type.js';

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

/** One piece of a mapping made of several ranges of a descriptor, laid side by side. */
export interface FdPart {
  /** Page-aligned offset in the descriptor. */
  offset: bigint;
  /** A whole number of pages. */
  length: number;
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

  private constructor(fd: number, ownsFd: boolean, opts: FdMapOptions, parts?: readonly FdPart[]) {
    const offset = toOffset(opts.offset ?? 0);
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
    this.#addr = parts ? mapParts(fd, parts, prot, opts.path) : mmap(this.#mappedLength, prot, MAP_SHARED, fd, pageStart, opts.path);
    this.#buffer = viewAt(this.#addr, this.#mappedLength);
    scratchReaper.register(this.#buffer, { addr: this.#addr, length: this.#mappedLength });
    if (ownsFd) {
      this.#fd = fd;
      fdReaper.register(this, fd, this);
    }
  }

  /** Opens `path` and maps the requested range; see MapOptions. */
  static open(opts: MapOptions): MappedRegion {
    checkObject('options', opts, 'an object { path, offset?, length?, ... }', 'pass MappedRegion.open({ path, offset, length })');
    checkPath(opts.path);
    toOffset(opts.offset ?? 0);
    if (opts.length !== undefined) checkLength(opts.length);
    const writable = checkFlag('writable', opts.writable) ?? true;
    const grow = checkFlag('grow', opts.grow) ?? false;
    if (grow && !writable) {
      throw new ArgumentError('EGROW', `cannot grow ${opts.path} through a read-only mapping`, 'drop grow, or map it writable');
    }
    checkMappable(opts.path);
    const { path, sync } = cachedPath(opts.path, checkCache(opts.cache));
    let flags = writable ? O_RDWR : O_RDONLY;
    if (sync) flags |= O_SYNC;
    if (grow) flags |= O_CREAT;
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
    if (!Number.isSafeInteger(fd) || fd < 0) {
      throw new ArgumentError(
        'EINVAL',
        `fd must be an open file descriptor (a whole number >= 0), got ${describeValue(fd)}`,
        'pass the number an open() returned',
      );
    }
    checkObject('options', opts, 'an object { path, length, offset?, writable? }', 'pass MappedRegion.fromFd(fd, { path, length })');
    checkFlag('writable', opts.writable);
    checkedLength(fd, { ...opts, grow: false });
    return new MappedRegion(fd, false, opts);
  }

  /**
   * Maps several page-aligned ranges of a descriptor the caller keeps owning, one after
   * the other in memory, as one region: two buffers of a DRM card that must look like one
   * framebuffer memory.
   */
  static fromFdParts(fd: number, opts: { path: string; parts: readonly FdPart[]; writable?: boolean }): MappedRegion {
    const page = pageSize();
    for (const part of opts.parts) {
      if (part.offset % BigInt(page) !== 0n || part.length <= 0 || part.length % page !== 0)
        throw new ArgumentError(
          'EALIGN',
          `each part must start on a page and be whole pages (${page} bytes), got offset 0x${part.offset.toString(16)} length ${part.length}`,
          'map the parts separately',
        );
    }
    const length = opts.parts.reduce((sum, p) => sum + p.length, 0);
    return new MappedRegion(fd, false, { path: opts.path, offset: 0, length, writable: opts.writable }, opts.parts);
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

/** Reserves the whole length, then maps each part over its place (MAP_FIXED); nothing stays mapped on failure. */
function mapParts(fd: number, parts: readonly FdPart[], prot: number, path: string): bigint {
  const total = parts.reduce((sum, p) => sum + p.length, 0);
  const addr = mmap(total, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0n, path);
  try {
    let at = 0;
    for (const part of parts) {
      mmap(part.length, prot, MAP_SHARED | MAP_FIXED, fd, part.offset, path, addr + BigInt(at));
      at += part.length;
    }
  } catch (err) {
    munmap(addr, total);
    throw err;
  }
  return addr;
}

/**
 * The length to map. For a regular file (sysfs resourceN files included, whose size is the
 * BAR's) the range must lie inside the file: touching a page past its end raises SIGBUS.
 */
function checkedLength(fd: number, opts: { path: string; offset?: number | bigint; length?: number; grow?: boolean }): number {
  const offset = toOffset(opts.offset ?? 0);
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

/** A byte offset (`name` is 'offset' here, 'base' for a RegisterBlock): a whole number or a bigint, >= 0. */
export function toOffset(offset: unknown, name = 'offset'): bigint {
  const fix = `pass a byte ${name} >= 0 (a number, or a bigint above 2^53)`;
  if (typeof offset === 'number') {
    if (!Number.isSafeInteger(offset)) throw new ArgumentError('EOFFSET', `${name} ${offset} is not a whole number`, fix);
  } else if (typeof offset !== 'bigint') {
    throw new ArgumentError('EOFFSET', `${name} must be a number or a bigint, got ${describeValue(offset)}`, fix);
  }
  const value = BigInt(offset);
  if (value < 0n) throw new ArgumentError('EOFFSET', `${name} ${value} is negative`, fix);
  return value;
}

export function checkLength(length: unknown): number {
  const fix = 'pass the number of bytes to map (> 0)';
  if (typeof length !== 'number') throw new ArgumentError('ELENGTH', `length must be a number, got ${describeValue(length)}`, fix);
  if (!Number.isSafeInteger(length) || length <= 0) {
    throw new ArgumentError('ELENGTH', `length ${length} is not a positive whole number of bytes`, fix);
  }
  return length;
}

export function checkPath(path: unknown): void {
  if (typeof path !== 'string' || path === '') {
    throw new ArgumentError(
      'EINVAL',
      `path must be a file or device path, got ${describeValue(path)}`,
      "pass a path such as '/dev/mem', '/dev/uio0' or a sysfs resourceN file",
    );
  }
}

/** An on/off option: absent, or exactly true or false (a string 'no' would be truthy). */
export function checkFlag(name: string, v: unknown): boolean | undefined {
  if (v !== undefined && typeof v !== 'boolean') {
    throw new ArgumentError(
      'EINVAL',
      `${name} must be true or false, got ${describeValue(v)}`,
      `pass ${name}: true or ${name}: false, or leave it out`,
    );
  }
  return v;
}

const CACHE_MODES: readonly unknown[] = ['uncached', 'write-combining', 'default'] satisfies CacheMode[];

function checkCache(cache: unknown): CacheMode | undefined {
  if (cache !== undefined && !CACHE_MODES.includes(cache)) {
    throw new ArgumentError(
      'ECACHE',
      `cache must be 'uncached', 'write-combining' or 'default', got ${describeValue(cache)}`,
      "leave it out for the path's usual mode ('uncached' for /dev/mem)",
    );
  }
  return cache as CacheMode | undefined;
}

const MAPPABLE = 'give /dev/mem, /dev/uioN, a sysfs resourceN file, a framebuffer or any regular file';

/**
 * Only what mmap can serve is opened: a FIFO's open would wait for a writer forever, a
 * directory or socket cannot be mapped, and /dev/zero's shared mapping is fresh memory the
 * size of the mapping, so an access at its offset past the first page raises SIGBUS.
 */
function checkMappable(path: string): void {
  const type = fileType(path);
  if (type === 'FIFO' || type === 'socket' || type === 'directory') {
    throw new ArgumentError('EFILETYPE', `${path} is a ${type}, not a device or a regular file`, MAPPABLE);
  }
  if (type === 'character device' && isDevZero(path)) {
    throw new ArgumentError('EFILETYPE', `${path} is /dev/zero, which holds no registers`, MAPPABLE);
  }
}

/** Character device 1:5, whatever the node is called. */
function isDevZero(path: string): boolean {
  const { rdev } = statSync(path);
  return ((rdev >> 8) & 0xfff) === 1 && ((rdev & 0xff) | ((rdev >> 12) & 0xfff00)) === 5;
}
