/**
 * Counts memory accesses with a hardware watchpoint: perf_event_open(PERF_TYPE_BREAKPOINT)
 * on one address of this process, counting every load or store that overlaps
 * [address, address + len). Tests only.
 *
 * A watchpoint fires once per instruction that touches any byte of its range, so with
 * len equal to the register's width a single wide access counts 1 and a byte-by-byte copy
 * of the same register counts once per byte: exactly what tells the two apart.
 */
import koffi from 'koffi';
import { readSync } from 'node:fs';
import { closeFd, errno, ioctlInt, syscall6 } from '../../src/sys/libc.js';
import { errnoName } from '../../src/sys/sys-error.js';

// <linux/perf_event.h>
const PERF_TYPE_BREAKPOINT = 5;
const HW_BREAKPOINT_W = 2;
const HW_BREAKPOINT_RW = 3; // x86 cannot watch loads alone: reads are counted with RW
const PERF_ATTR_SIZE_VER5 = 112;
const ATTR_DISABLED = 1n << 0n;
const ATTR_EXCLUDE_KERNEL = 1n << 5n;
const ATTR_EXCLUDE_HV = 1n << 6n;
const PERF_FLAG_FD_CLOEXEC = 8;
const PERF_EVENT_IOC_ENABLE = 0x2400; // _IO('$', 0)
const PERF_EVENT_IOC_DISABLE = 0x2401;
const PERF_EVENT_IOC_RESET = 0x2403;
const SYS_PERF_EVENT_OPEN: Partial<Record<string, number>> = { x64: 298, arm64: 241 };

/** Errors that mean "this kernel or machine will not give us a watchpoint", not a bug here. */
const REFUSALS = new Set(['EACCES', 'EPERM', 'ENOENT', 'EOPNOTSUPP', 'ENODEV', 'ENOSPC', 'ENOSYS']);

export type Watch = 'write' | 'access';

export class Watchpoint {
  readonly #fd: number;
  readonly #counter = new Uint8Array(8);

  private constructor(fd: number) {
    this.#fd = fd;
  }

  /**
   * Watches `len` bytes at `byteOffset` of `buffer` (which must be aligned to len):
   * 'write' counts stores, 'access' counts loads and stores.
   */
  static open(buffer: ArrayBuffer, byteOffset: number, len: 1 | 2 | 4 | 8, watch: Watch): Watchpoint {
    const fd = openEvent(koffi.address(buffer) + BigInt(byteOffset), len, watch);
    if (typeof fd === 'string') throw new Error(`perf_event_open refused the watchpoint: ${fd}`);
    return new Watchpoint(fd);
  }

  /** How many accesses `fn` makes to the watched bytes. */
  count(fn: () => void): number {
    ioctlInt(this.#fd, PERF_EVENT_IOC_RESET, 0);
    ioctlInt(this.#fd, PERF_EVENT_IOC_ENABLE, 0);
    try {
      fn();
    } finally {
      ioctlInt(this.#fd, PERF_EVENT_IOC_DISABLE, 0);
    }
    // A perf fd reads with read(2) only (pread is ESPIPE): Node's readSync with position null.
    readSync(this.#fd, this.#counter, 0, 8, null);
    return Number(new DataView(this.#counter.buffer).getBigUint64(0, true));
  }

  close(): void {
    closeFd(this.#fd);
  }
}

/**
 * Why watchpoints cannot be used here, or undefined when they can. Probes once with a
 * real watchpoint; an errno outside the kernel's refusals is a bug in this helper and throws.
 */
export function watchpointsUnavailable(): string | undefined {
  if (SYS_PERF_EVENT_OPEN[process.arch] === undefined) return `no perf_event_open syscall number known for ${process.arch}`;
  const probe = new ArrayBuffer(8);
  const fd = openEvent(koffi.address(probe), 8, 'access');
  if (typeof fd === 'string')
    return `the kernel refused a hardware watchpoint (${fd}; /proc/sys/kernel/perf_event_paranoid, or no debug registers in this VM)`;
  closeFd(fd);
  return undefined;
}

/** The event's fd, or the errno name when the kernel refuses. */
function openEvent(address: bigint, len: number, watch: Watch): number | string {
  const attr = new Uint8Array(PERF_ATTR_SIZE_VER5);
  const v = new DataView(attr.buffer);
  v.setUint32(0, PERF_TYPE_BREAKPOINT, true); // type
  v.setUint32(4, PERF_ATTR_SIZE_VER5, true); // size
  v.setBigUint64(16, 1n, true); // sample_period: the count is what we read, not samples
  v.setBigUint64(40, ATTR_DISABLED | ATTR_EXCLUDE_KERNEL | ATTR_EXCLUDE_HV, true);
  v.setUint32(52, watch === 'write' ? HW_BREAKPOINT_W : HW_BREAKPOINT_RW, true); // bp_type
  v.setBigUint64(56, address, true); // bp_addr
  v.setBigUint64(64, BigInt(len), true); // bp_len
  // pid 0, cpu -1: this thread (the one running JavaScript) on any CPU.
  const fd = syscall6(SYS_PERF_EVENT_OPEN[process.arch]!, koffi.address(attr), 0n, -1n, -1n, BigInt(PERF_FLAG_FD_CLOEXEC));
  if (fd >= 0n) return Number(fd);
  const code = errnoName(errno());
  if (REFUSALS.has(code)) return code;
  throw new Error(`perf_event_open failed with ${code}: the attribute block is wrong`);
}
