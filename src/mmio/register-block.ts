/**
 * RegisterBlock: strict-width access to memory-mapped device registers.
 *
 * A device register must see exactly one bus access of its own width. Every call here is
 * one machine access, counted with hardware watchpoints in test/width-proof.test.ts:
 * - reads are `Atomics.load` on a typed array of the width: one plain load that the
 *   optimizer can neither drop nor merge;
 * - writes are a typed-array element store (`u32[i] = v`): one store of the width, in the
 *   interpreter and in optimized code.
 * Never Buffer or DataView methods (they go byte by byte: the device sees four byte writes
 * and keeps garbage) and never `Atomics.store` (an `xchg` on x86: a locked read-modify-write
 * whose read the device sees too).
 *
 * Rules, each broken one a typed error before memory is touched:
 * - the offset is a whole number inside the block, and the address (block base + offset)
 *   is a multiple of the access size: a misaligned access is split or faults on device memory;
 * - values are whole numbers from 0 to the width's maximum; negative numbers are refused
 *   rather than taken as two's complement (-1 is not 0xffffffff here), and nothing is truncated;
 * - 8/16/32-bit values are numbers; 64-bit reads return a bigint and writes take a bigint
 *   (or a safe integer number);
 * - 64-bit access needs a 64-bit CPU: 32-bit ARM has no single 64-bit access to device memory.
 */
import { ArgumentError, ClosedError, FbkitError, UnsupportedError } from '../errors.js';
import {
  explainDevmemError,
  isDevMem,
  readIomemOrUndefined,
  systemRamWriteRefusal,
  WriteRefusedError,
  type CacheMode,
} from '../memmap/devmem-policy.js';
import { checkObject, describeValue } from '../errors.js';
import { checkFlag, checkLength, checkPath, MappedRegion, toOffset } from './mapped-region.js';

export type RegisterWidth = 8 | 16 | 32 | 64;

/** Byte order of the device's registers; 'big' swaps in JavaScript, still one access. */
export type ByteOrder = 'little' | 'big';

/** What a RegisterBlock needs from a mapping (MappedRegion is one). */
export interface RegisterRegion {
  readonly path: string;
  /** The block's first byte in the file or device (a physical address on /dev/mem). */
  readonly offset: bigint;
  readonly length: number;
  readonly writable: boolean;
  /** Where the block starts inside `buffer`; the buffer itself starts on a page boundary. */
  readonly delta: number;
  readonly buffer: ArrayBuffer;
  readonly closed: boolean;
  close(): void;
}

export interface RegisterBlockOptions {
  /** Default 'little' (the CPU's order on every platform Node runs on). */
  byteOrder?: ByteOrder;
}

export interface OpenRegisterBlockOptions extends RegisterBlockOptions {
  /** /dev/mem (then `base` is a physical address), /dev/uioN, a sysfs resourceN file or any file. */
  path: string;
  /** Byte offset of the block in `path`. Need not be page-aligned. */
  base: number | bigint;
  /** Bytes in the block. */
  length: number;
  /** Cache mode (default: uncached on /dev/mem via O_SYNC, as registers need); see MappedRegion. */
  cache?: CacheMode;
  /** Map for writing (default true). */
  writable?: boolean;
  /** Allow writes into a System RAM range of /dev/mem (default false: they corrupt the running system). */
  force?: boolean;
}

export interface ModifyMasks<T> {
  /** Bits to set; applied after `clear`, so a bit in both ends up set. */
  set?: T;
  /** Bits to clear. */
  clear?: T;
}

export interface PollOptions<T> {
  /** Bits to compare (default: all bits of the width). */
  mask?: T;
  /** Wait until (value & mask) === equals. */
  equals: T;
  timeoutMs: number;
  /** Pause between reads (default 1 ms). */
  intervalMs?: number;
}

/** poll*() gave up; `lastValue` is the last value read. */
export class RegisterTimeoutError extends FbkitError {
  constructor(
    message: string,
    readonly lastValue: number | bigint,
  ) {
    super('ETIMEDOUT', message, 'raise timeoutMs, or check that the device is powered, clocked and out of reset');
  }
}

const BITS_32_CPUS = new Set(['arm', 'ia32', 'mips', 'mipsel', 'ppc', 's390']);

/** Whether `arch` (a process.arch value) has single 64-bit loads and stores: every 64-bit CPU. */
export function has64BitAccess(arch: string = process.arch): boolean {
  return !BITS_32_CPUS.has(arch);
}

const MAX = { 8: 0xff, 16: 0xffff, 32: 0xffffffff } as const;
const MAX64 = (1n << 64n) - 1n;

export class RegisterBlock {
  readonly path: string;
  /** The block's first byte in the file or device. */
  readonly base: bigint;
  readonly length: number;
  readonly byteOrder: ByteOrder;
  readonly #region: RegisterRegion;
  // One typed array per width over the whole page-aligned buffer, made once: an element
  // index is (delta + offset) / size, which the alignment rule keeps whole.
  readonly #u8: Uint8Array;
  readonly #u16: Uint16Array;
  readonly #u32: Uint32Array;
  readonly #u64: BigUint64Array;
  readonly #start: number;
  readonly #big: boolean;
  readonly #cpu64: boolean;
  #writeRefusal: WriteRefusedError | undefined;

  /** Wraps a mapping; the block takes it over, and close() closes it. */
  constructor(region: RegisterRegion, opts: RegisterBlockOptions = {}) {
    checkObject('options', opts, 'an object { byteOrder? }', "pass { byteOrder: 'big' }, or leave the options out");
    const order = checkByteOrder(opts.byteOrder);
    const buf = region.buffer;
    this.path = region.path;
    this.base = region.offset;
    this.length = region.length;
    this.byteOrder = order;
    this.#region = region;
    this.#u8 = new Uint8Array(buf);
    this.#u16 = new Uint16Array(buf, 0, buf.byteLength >> 1);
    this.#u32 = new Uint32Array(buf, 0, buf.byteLength >> 2);
    this.#u64 = new BigUint64Array(buf, 0, buf.byteLength >> 3);
    this.#start = region.delta;
    this.#big = order === 'big';
    this.#cpu64 = has64BitAccess();
    if (!region.writable) {
      this.#writeRefusal = new WriteRefusedError('EREADONLY', `${region.path} is mapped read-only`, 'open the block with writable: true');
    }
  }

  /**
   * Maps `length` bytes at `base` of `path`. On /dev/mem, a refusal by the kernel (EPERM,
   * EBUSY) comes back explained from /proc/iomem, and a block overlapping System RAM refuses
   * writes unless `force` is set (when /proc/iomem can be read: without root it hides addresses,
   * and without root /dev/mem does not open either).
   */
  static open(opts: OpenRegisterBlockOptions): RegisterBlock {
    // Every option is checked before anything is opened; the cache mode by MappedRegion.open.
    checkObject('options', opts, 'an object { path, base, length, ... }', 'pass RegisterBlock.open({ path, base, length })');
    checkPath(opts.path);
    toOffset(opts.base, 'base');
    checkLength(opts.length);
    checkByteOrder(opts.byteOrder);
    const force = checkFlag('force', opts.force) ?? false;
    const writable = checkFlag('writable', opts.writable) ?? true;
    const physical = isDevMem(opts.path);
    let region: MappedRegion;
    try {
      region = MappedRegion.open({ path: opts.path, offset: opts.base, length: opts.length, writable, cache: opts.cache });
    } catch (err) {
      throw physical ? explainDevmemError(err, opts.base, opts.length, readIomemOrUndefined()) : err;
    }
    let block: RegisterBlock;
    try {
      block = new RegisterBlock(region, opts);
    } catch (err) {
      region.close();
      throw err;
    }
    if (physical && writable && !force) {
      const iomem = readIomemOrUndefined();
      block.#writeRefusal ??= iomem && systemRamWriteRefusal(iomem, region.offset, region.length);
    }
    return block;
  }

  get closed(): boolean {
    return this.#region.closed;
  }

  read8(offset: number): number {
    return Atomics.load(this.#u8, this.#index(offset, 1, 'read8'));
  }

  read16(offset: number): number {
    const v = Atomics.load(this.#u16, this.#index(offset, 2, 'read16'));
    return this.#big ? swap16(v) : v;
  }

  read32(offset: number): number {
    const v = Atomics.load(this.#u32, this.#index(offset, 4, 'read32'));
    return this.#big ? swap32(v) : v;
  }

  read64(offset: number): bigint {
    const v = Atomics.load(this.#u64, this.#index(offset, 8, 'read64'));
    return this.#big ? swap64(v) : v;
  }

  write8(offset: number, value: number): void {
    const i = this.#writeIndex(offset, 1, 'write8');
    this.#u8[i] = checkValue(value, 8, 'write8');
  }

  write16(offset: number, value: number): void {
    const i = this.#writeIndex(offset, 2, 'write16');
    const v = checkValue(value, 16, 'write16');
    this.#u16[i] = this.#big ? swap16(v) : v;
  }

  write32(offset: number, value: number): void {
    const i = this.#writeIndex(offset, 4, 'write32');
    const v = checkValue(value, 32, 'write32');
    this.#u32[i] = this.#big ? swap32(v) : v;
  }

  write64(offset: number, value: bigint | number): void {
    const i = this.#writeIndex(offset, 8, 'write64');
    const v = checkValue64(value, 'write64');
    this.#u64[i] = this.#big ? swap64(v) : v;
  }

  /** One read, then one write of ((old & ~clear) | set). Returns the value written. */
  modify8(offset: number, masks: ModifyMasks<number>): number {
    return this.#modifyNumber(
      offset,
      8,
      masks,
      () => this.read8(offset),
      (v) => this.write8(offset, v),
    );
  }

  modify16(offset: number, masks: ModifyMasks<number>): number {
    return this.#modifyNumber(
      offset,
      16,
      masks,
      () => this.read16(offset),
      (v) => this.write16(offset, v),
    );
  }

  modify32(offset: number, masks: ModifyMasks<number>): number {
    return this.#modifyNumber(
      offset,
      32,
      masks,
      () => this.read32(offset),
      (v) => this.write32(offset, v),
    );
  }

  modify64(offset: number, masks: ModifyMasks<bigint | number>): bigint {
    checkMasks(masks, 'modify64');
    const set = checkValue64(masks.set ?? 0n, 'modify64 set');
    const clear = checkValue64(masks.clear ?? 0n, 'modify64 clear');
    this.#writeIndex(offset, 8, 'modify64');
    const v = (this.read64(offset) & ~clear & MAX64) | set;
    this.write64(offset, v);
    return v;
  }

  /** Reads until (value & mask) === equals; resolves to that value, or rejects with RegisterTimeoutError. */
  async poll8(offset: number, opts: PollOptions<number>): Promise<number> {
    return this.#pollNumber(offset, 8, opts, () => this.read8(offset));
  }

  async poll16(offset: number, opts: PollOptions<number>): Promise<number> {
    return this.#pollNumber(offset, 16, opts, () => this.read16(offset));
  }

  async poll32(offset: number, opts: PollOptions<number>): Promise<number> {
    return this.#pollNumber(offset, 32, opts, () => this.read32(offset));
  }

  async poll64(offset: number, opts: PollOptions<bigint | number>): Promise<bigint> {
    checkPollOptions(opts, 'poll64');
    const mask = checkValue64(opts.mask ?? MAX64, 'poll64 mask');
    const equals = checkValue64(opts.equals, 'poll64 equals');
    const spec = {
      what: `poll64 at offset ${hex(offset)}`,
      digits: 16,
      mask,
      equals,
      read: () => this.read64(offset),
      masked: (v: bigint) => v & mask,
    };
    return poll(spec, opts, (equals & ~mask) !== 0n);
  }

  /** Idempotent; closes the mapping. Later calls throw ClosedError. */
  close(): void {
    this.#region.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  #modifyNumber(offset: number, width: 8 | 16 | 32, masks: ModifyMasks<number>, read: () => number, write: (v: number) => void): number {
    const op = `modify${width}`;
    checkMasks(masks, op);
    const set = checkValue(masks.set ?? 0, width, `${op} set`);
    const clear = checkValue(masks.clear ?? 0, width, `${op} clear`);
    this.#writeIndex(offset, (width / 8) as 1 | 2 | 4, op); // refuse a read-only block before the read
    const v = ((read() & ~clear) | set) >>> 0;
    write(v);
    return v;
  }

  #pollNumber(offset: number, width: 8 | 16 | 32, opts: PollOptions<number>, read: () => number): Promise<number> {
    const op = `poll${width}`;
    checkPollOptions(opts, op);
    const mask = checkValue(opts.mask ?? MAX[width], width, `${op} mask`);
    const equals = checkValue(opts.equals, width, `${op} equals`);
    const spec = { what: `${op} at offset ${hex(offset)}`, digits: width / 4, mask, equals, read, masked: (v: number) => (v & mask) >>> 0 };
    return poll(spec, opts, (equals & ~mask) !== 0);
  }

  /** The element index for an access of `size` bytes, after every check that does not involve the value. */
  #index(offset: number, size: 1 | 2 | 4 | 8, op: string): number {
    if (this.#region.closed) throw new ClosedError(`register block on ${this.path}`);
    if (size === 8 && !this.#cpu64) {
      throw new UnsupportedError(
        'ENO64BIT',
        `${op}: a ${process.arch} CPU has no single 64-bit access to device memory`,
        "use two 32-bit accesses, in the order the device's manual gives",
      );
    }
    if (!Number.isSafeInteger(offset) || offset < 0 || offset + size > this.length) throw this.#offsetError(offset, size, op);
    const at = this.#start + offset;
    if (at % size !== 0) {
      throw new ArgumentError(
        'EALIGN',
        `${op}: offset ${hex(offset)} puts the access at 0x${(this.base + BigInt(offset)).toString(16)}, not a multiple of ${size}`,
        `a ${size * 8}-bit access must sit on a ${size}-byte boundary; use a narrower width or an aligned offset`,
      );
    }
    return at / size;
  }

  /** Why `offset` cannot be used: the wrong type, not whole, or outside the block. */
  #offsetError(offset: unknown, size: number, op: string): ArgumentError {
    const fix = `pass an offset from 0 to ${this.length - size}`;
    if (typeof offset !== 'number')
      return new ArgumentError('EOFFSET', `${op}: offset must be a number, got ${describeValue(offset)}`, fix);
    if (!Number.isInteger(offset)) return new ArgumentError('ERANGE', `${op}: offset ${offset} is not a whole number`, fix);
    return new ArgumentError(
      'ERANGE',
      `${op}: offset ${hex(offset)} is outside the block (0x0..0x${(this.length - size).toString(16)} for ${size}-byte access)`,
      fix,
    );
  }

  #writeIndex(offset: number, size: 1 | 2 | 4 | 8, op: string): number {
    const i = this.#index(offset, size, op);
    if (this.#writeRefusal) throw this.#writeRefusal;
    return i;
  }
}

function checkValue(value: number, width: 8 | 16 | 32, op: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX[width]) {
    const fix = `pass a whole number from 0 to 0x${MAX[width].toString(16)}; mask it yourself if truncation is what you want`;
    if (typeof value !== 'number') throw new ArgumentError('EVALUE', `${op}: value must be a number, got ${describeValue(value)}`, fix);
    throw new ArgumentError('EVALUE', `${op}: ${registerValue(value)} does not fit in ${width} bits`, fix);
  }
  return value;
}

function checkValue64(value: bigint | number, op: string): bigint {
  const v = typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : value;
  if (typeof v !== 'bigint' || v < 0n || v > MAX64) {
    const fix = 'pass a bigint from 0n to 0xffffffffffffffffn (numbers only up to 2^53 - 1)';
    if (typeof v !== 'bigint' && typeof v !== 'number') {
      throw new ArgumentError('EVALUE', `${op}: value must be a bigint or a safe integer, got ${describeValue(value)}`, fix);
    }
    throw new ArgumentError('EVALUE', `${op}: ${registerValue(value)} does not fit in 64 bits`, fix);
  }
  return v;
}

function checkByteOrder(order: unknown): ByteOrder {
  if (order === undefined) return 'little';
  if (order !== 'little' && order !== 'big') {
    throw new ArgumentError(
      'EBYTEORDER',
      `byteOrder must be 'little' or 'big', got ${describeValue(order)}`,
      "pass byteOrder: 'little' or 'big' (the device's register order)",
    );
  }
  return order;
}

function checkMasks(masks: unknown, op: string): void {
  checkObject(`${op}: masks`, masks, 'an object { set?, clear? }', 'pass the bits to set and/or clear, e.g. { set: 0x1 }');
}

function checkPollOptions(opts: unknown, op: string): void {
  checkObject(`${op}: options`, opts, 'an object { equals, timeoutMs, mask?, intervalMs? }', 'pass at least { equals, timeoutMs }');
}

interface PollSpec<T> {
  what: string;
  /** Hex digits of the width, for messages. */
  digits: number;
  mask: T;
  equals: T;
  read: () => T;
  masked: (v: T) => T;
}

async function poll<T extends number | bigint>(spec: PollSpec<T>, opts: PollOptions<unknown>, unreachable: boolean): Promise<T> {
  const { what, digits, mask, equals, read, masked } = spec;
  const { timeoutMs, intervalMs = 1 } = opts;
  for (const [name, ms] of [
    ['timeoutMs', timeoutMs],
    ['intervalMs', intervalMs],
  ] as const) {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new ArgumentError(
        'EVALUE',
        `${what}: ${name} must be a finite number >= 0, got ${describeValue(ms)}`,
        'pass milliseconds, e.g. 100',
      );
    }
  }
  if (unreachable) {
    throw new ArgumentError(
      'EVALUE',
      `${what}: equals ${pad(equals, digits)} has bits outside mask ${pad(mask, digits)}, so it can never match`,
      'clear those bits from equals, or widen the mask',
    );
  }
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (masked(value) === equals) return value;
    const left = deadline - performance.now();
    if (left <= 0) {
      throw new RegisterTimeoutError(
        `${what} timed out after ${timeoutMs} ms: last read ${pad(value, digits)}, (value & ${pad(mask, digits)}) = ${pad(masked(value), digits)}, waiting for ${pad(equals, digits)}`,
        value,
      );
    }
    await new Promise((r) => setTimeout(r, Math.min(intervalMs, left)));
  }
}

function swap16(v: number): number {
  return ((v & 0xff) << 8) | (v >>> 8);
}

function swap32(v: number): number {
  return (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;
}

function swap64(v: bigint): bigint {
  const lo = Number(v & 0xffffffffn);
  const hi = Number(v >> 32n);
  return (BigInt(swap32(lo)) << 32n) | BigInt(swap32(hi));
}

function hex(offset: number): string {
  return `0x${offset.toString(16)}`;
}

function pad(v: number | bigint, digits: number): string {
  return `0x${v.toString(16).padStart(digits, '0')}`;
}

/** A number or bigint that does not fit a register, in hex like the register values around it. */
function registerValue(value: number | bigint): string {
  if (typeof value === 'bigint') return value < 0n ? `${value}n` : `0x${value.toString(16)}n`;
  return Number.isInteger(value) && value >= 0 ? `0x${value.toString(16)}` : String(value);
}
