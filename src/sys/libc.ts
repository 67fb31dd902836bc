/**
 * The one place that knows libc's ABI. Everything here is a thin, typed wrapper over a
 * koffi binding; every failing call throws SysError with the errno's name, the syscall,
 * the path and a hint a person can act on.
 */
import koffi from 'koffi';
import { fstatSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { FbkitError } from '../errors.js';

const libc = koffi.load('libc.so.6');

// Linux values, the same on x86-64, arm64, arm and x86 (asm-generic); native/abi-probe.c
// prints them from the real headers and a test compares.
export const O_RDONLY = 0o0;
export const O_WRONLY = 0o1;
export const O_RDWR = 0o2;
export const O_CREAT = 0o100;
export const O_NOCTTY = 0o400;
export const O_NONBLOCK = 0o4000;
export const O_SYNC = 0o4010000;
export const O_CLOEXEC = 0o2000000;
export const PROT_READ = 0x1;
export const PROT_WRITE = 0x2;
export const MAP_SHARED = 0x01;
export const MAP_PRIVATE = 0x02;
export const MAP_FIXED = 0x10;
export const MAP_ANONYMOUS = 0x20;
export const MS_SYNC = 4;
const SC_PAGESIZE = 30;

/**
 * The C prototypes bound below. Calls that take a file offset use the *64 entry points:
 * on 32-bit ARM and x86 the plain mmap/pread/pwrite/ftruncate take a 32-bit off_t, so an
 * int64_t argument would be passed in the wrong place (and offsets past 4 GiB, such as
 * high /dev/mem addresses, could not be given at all); on 64-bit glibc they are aliases.
 */
export const LIBC_PROTOTYPES = {
  open: 'int open(const char *path, int flags, uint32_t mode)',
  close: 'int close(int fd)',
  mmap: 'void *mmap64(void *addr, size_t len, int prot, int flags, int fd, int64_t off)',
  munmap: 'int munmap(void *addr, size_t len)',
  msync: 'int msync(void *addr, size_t len, int flags)',
  pread: 'intptr_t pread64(int fd, void *buf, size_t n, int64_t off)',
  pwrite: 'intptr_t pwrite64(int fd, const void *buf, size_t n, int64_t off)',
  ftruncate: 'int ftruncate64(int fd, int64_t len)',
  sysconf: 'long sysconf(int name)',
  mkfifo: 'int mkfifo(const char *path, uint32_t mode)',
  syscall6: 'long syscall(long nr, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f)',
} as const;

const c = {
  open: libc.func(LIBC_PROTOTYPES.open),
  close: libc.func(LIBC_PROTOTYPES.close),
  ioctlPtr: libc.func('ioctl', 'int', ['int', 'unsigned long', 'void *']),
  ioctlInt: libc.func('ioctl', 'int', ['int', 'unsigned long', 'unsigned long']),
  mmap: libc.func(LIBC_PROTOTYPES.mmap),
  munmap: libc.func(LIBC_PROTOTYPES.munmap),
  msync: libc.func(LIBC_PROTOTYPES.msync),
  pread: libc.func(LIBC_PROTOTYPES.pread),
  pwrite: libc.func(LIBC_PROTOTYPES.pwrite),
  ftruncate: libc.func(LIBC_PROTOTYPES.ftruncate),
  sysconf: libc.func(LIBC_PROTOTYPES.sysconf),
  mkfifo: libc.func(LIBC_PROTOTYPES.mkfifo),
  syscall6: libc.func(LIBC_PROTOTYPES.syscall6),
};

export const PAGE_SIZE: number = Number(c.sysconf(SC_PAGESIZE));

/** errno number -> name ('EACCES'), from Node's own table of this platform's values. */
const errnoNames = new Map<number, string>(
  Object.entries(osConstants.errno).map(([name, value]) => [value, name]),
);

export function errnoName(errno: number): string {
  return errnoNames.get(errno) ?? `errno ${errno}`;
}

/** The errno of the last failed libc call made through koffi on this thread. */
export function errno(): number {
  return koffi.errno();
}

/** A failed system call: `code` is the errno's name, `hint` says what to do. */
export class SysError extends FbkitError {
  readonly errno: number;
  readonly syscall: string;
  readonly path?: string;

  constructor(syscall: string, errnoValue: number, path?: string, hint?: string) {
    const code = errnoName(errnoValue);
    const where = path ? ` ${path}` : '';
    super(code, `${syscall}${where} failed: ${code} (${describeErrno(errnoValue)})`, hint ?? hintFor(syscall, code, path));
    this.errno = errnoValue;
    this.syscall = syscall;
    this.path = path;
  }
}

function describeErrno(errnoValue: number): string {
  return errnoMessages[errnoName(errnoValue)] ?? errnoName(errnoValue);
}

const errnoMessages: Record<string, string> = {
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or directory',
  EIO: 'input/output error',
  ENXIO: 'no such device or address',
  EBADF: 'bad file descriptor',
  EAGAIN: 'resource temporarily unavailable',
  ENOMEM: 'out of memory',
  EACCES: 'permission denied',
  EFAULT: 'bad address',
  EBUSY: 'device or resource busy',
  EEXIST: 'file exists',
  ENODEV: 'no such device',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  EINVAL: 'invalid argument',
  ENOTTY: 'inappropriate ioctl for device',
  EFBIG: 'file too large',
  ENOSPC: 'no space left on device',
  EROFS: 'read-only file system',
  ENOSYS: 'function not implemented',
  EOPNOTSUPP: 'operation not supported',
  ETIMEDOUT: 'timed out',
};

/** What a person can do about the usual failures, by call, errno and kind of path. */
function hintFor(syscall: string, code: string, path = ''): string | undefined {
  const fb = /^\/dev\/(fb\d+|graphics\/fb\d+)$/.test(path);
  const mem = path === '/dev/mem';
  const uio = /^\/dev\/uio\d+$/.test(path);
  const pciResource = /\/sys\/(bus\/pci\/devices|devices\/pci)[^ ]*\/resource\d+(_wc)?$/.test(path);
  switch (code) {
    case 'EACCES':
      if (fb) return `${path} is usually owned by the 'video' group: add your user to it (sudo usermod -aG video $USER) and log in again, or run as root`;
      if (mem) return '/dev/mem needs root (CAP_SYS_RAWIO); run with sudo';
      if (uio) return `give your user access to ${path} with a udev rule (e.g. GROUP/MODE on SUBSYSTEM=="uio"), or run as root`;
      if (pciResource) return 'sysfs PCI resource files are root-only; run as root';
      return `check the permissions of ${path || 'the file'}, or run as a user who may open it`;
    case 'EPERM':
      if (mem) return 'the kernel refused /dev/mem: STRICT_DEVMEM blocks RAM, IO_STRICT_DEVMEM blocks ranges a driver has claimed (see /proc/iomem; boot with iomem=relaxed, or unbind the driver and map its sysfs resource file), and kernel lockdown blocks it entirely';
      return 'the kernel refused the operation; run as root, or check lockdown/SELinux';
    case 'ENOENT':
      if (fb) return `no framebuffer device ${path}: load the display's fbdev driver (or DRM fbdev emulation), or draw on a virtual framebuffer instead (--device virtual:bochs-drm, Framebuffer.virtual())`;
      if (mem) return 'this kernel has no /dev/mem (CONFIG_DEVMEM off); use a UIO device or the sysfs PCI resource file';
      if (uio) return 'no such UIO device: bind the device to uio_pdrv_genirq or uio_pci_generic and look in /sys/class/uio';
      return `${path || 'the file'} does not exist`;
    case 'ENOTTY':
      return ioctlFamilyHint(syscall, path);
    case 'ENODEV':
    case 'EINVAL':
      if (syscall === 'mmap' && pciResource) {
        return code === 'EINVAL'
          ? 'a driver holds this BAR and IO_STRICT_DEVMEM refuses its resource file too: unbind the driver (see the device\'s driver/unbind) or boot with iomem=relaxed; also check the range lies inside the BAR'
          : 'this BAR is an I/O-port range, which cannot be memory-mapped';
      }
      if (syscall === 'mmap') return 'the driver does not allow this mapping (offset, length or mmap support); check the range, or use read/write access';
      return undefined;
    case 'EBUSY':
      if (mem) return 'a driver owns this range (see /proc/iomem); boot with iomem=relaxed, or unbind the driver and map its sysfs resource file';
      return undefined;
    case 'EROFS':
      return 'the file system is read-only; open the mapping read-only (writable: false)';
    default:
      return undefined;
  }
}

/** ENOTTY means the file does not know the request; say which kind of device would. */
function ioctlFamilyHint(syscall: string, path: string): string | undefined {
  const request = /^ioctl\(0x([0-9a-f]+)\)$/.exec(syscall);
  if (!request) return undefined;
  const type = (parseInt(request[1], 16) >> 8) & 0xff;
  const file = path || 'this file';
  if (type === 0x46) return `${file} is not a framebuffer device (the fb ioctls do not apply to it)`;
  if (type === 0x4b || type === 0x56) return `${file} is not a virtual terminal (a serial or pseudo terminal has no graphics mode)`;
  return `${file} does not support this ioctl`;
}

function check(result: number | bigint, syscall: string, path?: string): void {
  if (result === -1 || result === -1n) throw new SysError(syscall, errno(), path);
}

export function openFd(path: string, flags: number, mode = 0o644): number {
  const fd = c.open(path, flags | O_CLOEXEC, mode) as number;
  check(fd, 'open', path);
  return fd;
}

export function closeFd(fd: number): void {
  check(c.close(fd) as number, 'close');
}

/** ioctl whose argument is a pointer to `buf` (the kernel reads and/or writes it). */
export function ioctlPtr(fd: number, request: number, buf: Uint8Array | null, path?: string): number {
  const r = c.ioctlPtr(fd, request, buf) as number;
  check(r, `ioctl(0x${request.toString(16)})`, path);
  return r;
}

/** ioctl whose argument is a plain integer value (FBIOBLANK, KDSETMODE...). */
export function ioctlInt(fd: number, request: number, value: number, path?: string): number {
  const r = c.ioctlInt(fd, request, value) as number;
  check(r, `ioctl(0x${request.toString(16)})`, path);
  return r;
}

/** The koffi binding of ioctl with a pointer argument, for callers that need `.async`. */
export const ioctlPtrBinding = c.ioctlPtr;

export function mmap(length: number, prot: number, flags: number, fd: number, offset: bigint, path?: string, at: bigint | null = null): bigint {
  const addr = c.mmap(at, length, prot, flags, fd, offset) as bigint;
  // MAP_FAILED is (void *)-1: koffi hands it back as the all-ones address.
  if (addr === 0xffffffffffffffffn || addr === 0xffffffffn || addr === -1n) throw new SysError('mmap', errno(), path);
  return BigInt(addr);
}

export function munmap(addr: bigint, length: number): void {
  check(c.munmap(addr, length) as number, 'munmap');
}

export function msync(addr: bigint, length: number, path?: string): void {
  check(c.msync(addr, length, MS_SYNC) as number, 'msync', path);
}

/** A zero-copy ArrayBuffer over `length` bytes at `addr`. */
export function viewAt(addr: bigint, length: number): ArrayBuffer {
  return koffi.view(addr, length) as ArrayBuffer;
}

export function pread(fd: number, buf: Uint8Array, offset: bigint | number, path?: string): number {
  const n = Number(c.pread(fd, buf, buf.byteLength, BigInt(offset)));
  check(n, 'pread', path);
  return n;
}

export function pwrite(fd: number, buf: Uint8Array, offset: bigint | number, path?: string): number {
  const n = Number(c.pwrite(fd, buf, buf.byteLength, BigInt(offset)));
  check(n, 'pwrite', path);
  return n;
}

export function ftruncate(fd: number, length: bigint | number, path?: string): void {
  check(c.ftruncate(fd, BigInt(length)) as number, 'ftruncate', path);
}

export interface FileStat {
  size: bigint;
  isRegularFile: boolean;
  isCharDevice: boolean;
}

export function fstat(fd: number): FileStat {
  // Node's fstat takes any descriptor, including ones opened through libc.
  const st = fstatSync(fd, { bigint: true });
  return { size: st.size, isRegularFile: st.isFile(), isCharDevice: st.isCharacterDevice() };
}

/** Creates a named pipe (Node has no call for it). */
export function mkfifo(path: string, mode = 0o600): void {
  check(c.mkfifo(path, mode) as number, 'mkfifo', path);
}

/** A raw system call with up to six integer/pointer arguments; returns the raw result. */
export function syscall6(nr: number, a = 0n, b = 0n, cc = 0n, d = 0n, e = 0n, f = 0n): bigint {
  return BigInt(c.syscall6(nr, a, b, cc, d, e, f) as number | bigint);
}
