/**
 * The one place that knows libc's ABI. Everything here is a thin, typed wrapper over a
 * koffi binding; every failing call throws SysError with the errno's name, the syscall,
 * the path and a hint a person can act on.
 *
 * Nothing native is loaded at import: koffi and the C library are loaded by the first call
 * that needs them, so drawing, PNG and golden-image code runs where koffi cannot load
 * (macOS, a sandbox without native addons) and fails only when it touches the OS.
 */
import { fstatSync } from 'node:fs';
import { createRequire } from 'node:module';
import { FbkitError } from '../errors.js';
import { SysError } from './sys-error.js';

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

export type LibcFlavor = 'glibc' | 'musl';

/** musl names its loader (which is its libc) after the CPU, not Node's arch names. */
const MUSL_ARCH: Readonly<Record<string, string>> = {
  x64: 'x86_64',
  arm64: 'aarch64',
  arm: 'armhf',
  ia32: 'i386',
  ppc64: 'powerpc64le',
  riscv64: 'riscv64',
  s390x: 's390x',
  loong64: 'loongarch64',
};

/**
 * The C library this process runs on: Node's own report says which glibc it was linked
 * against, and says nothing on musl (Alpine-based kiosk images).
 */
export function libcFlavor(reportHeader: { glibcVersionRuntime?: string } = nodeReportHeader()): LibcFlavor {
  return typeof reportHeader.glibcVersionRuntime === 'string' ? 'glibc' : 'musl';
}

function nodeReportHeader(): { glibcVersionRuntime?: string } {
  return (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header ?? {};
}

/** The names to dlopen for a flavor, in order: musl's soname differs per CPU. */
export function libcNames(flavor: LibcFlavor, arch: string = process.arch): string[] {
  if (flavor === 'glibc') return ['libc.so.6'];
  const cpu = MUSL_ARCH[arch] ?? arch;
  return [`libc.musl-${cpu}.so.1`, `/lib/ld-musl-${cpu}.so.1`, 'libc.so'];
}

/**
 * The C prototypes bound below. Calls that take a file offset use glibc's *64 entry
 * points: on 32-bit ARM and x86 the plain mmap/pread/pwrite/ftruncate take a 32-bit off_t,
 * so an int64_t argument would be passed in the wrong place (and offsets past 4 GiB, such
 * as high /dev/mem addresses, could not be given at all); on 64-bit glibc they are
 * aliases. musl's off_t is 64 bits everywhere and recent musl exports no *64 names.
 */
export function libcPrototypes(flavor: LibcFlavor) {
  const lfs = flavor === 'glibc' ? '64' : '';
  return {
    open: 'int open(const char *path, int flags, uint32_t mode)',
    close: 'int close(int fd)',
    mmap: `void *mmap${lfs}(void *addr, size_t len, int prot, int flags, int fd, int64_t off)`,
    munmap: 'int munmap(void *addr, size_t len)',
    msync: 'int msync(void *addr, size_t len, int flags)',
    pread: `intptr_t pread${lfs}(int fd, void *buf, size_t n, int64_t off)`,
    pwrite: `intptr_t pwrite${lfs}(int fd, const void *buf, size_t n, int64_t off)`,
    ftruncate: `int ftruncate${lfs}(int fd, int64_t len)`,
    sysconf: 'long sysconf(int name)',
    mkfifo: 'int mkfifo(const char *path, uint32_t mode)',
    read: 'intptr_t read(int fd, void *buf, size_t n)',
    poll: 'int poll(void *fds, unsigned long nfds, int timeout)',
    syscall6: 'long syscall(long nr, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f)',
  } as const;
}

/** koffi's module, typed as loosely as this file uses it. */
type Koffi = typeof import('koffi');

let loadedKoffi: Koffi | undefined;

/** koffi, loaded on first use; a one-line FbkitError where its native addon cannot load. */
export function koffi(): Koffi {
  if (loadedKoffi) return loadedKoffi;
  try {
    loadedKoffi = createRequire(import.meta.url)('koffi') as Koffi;
  } catch (err) {
    throw new FbkitError(
      'ENATIVE',
      `the native FFI (koffi) cannot be loaded on ${process.platform}-${process.arch}: ${(err as Error).message.split('\n')[0]}`,
      'install fbkit with its dependencies on Linux (npm install); drawing, PNG and virtual framebuffers work without it',
    );
  }
  return loadedKoffi;
}

function bind() {
  const k = koffi();
  const flavor = libcFlavor();
  const names = libcNames(flavor);
  let lib: ReturnType<Koffi['load']> | undefined;
  let libName = '';
  for (const name of names) {
    try {
      lib = k.load(name);
      libName = name;
      break;
    } catch {
      // try the next name
    }
  }
  if (!lib)
    throw new FbkitError('ENATIVE', `no C library could be loaded (tried ${names.join(', ')})`, 'fbkit needs Linux with glibc or musl');
  const p = libcPrototypes(flavor);
  return {
    name: libName,
    open: lib.func(p.open),
    close: lib.func(p.close),
    ioctlPtr: lib.func('ioctl', 'int', ['int', 'unsigned long', 'void *']),
    ioctlInt: lib.func('ioctl', 'int', ['int', 'unsigned long', 'unsigned long']),
    mmap: lib.func(p.mmap),
    munmap: lib.func(p.munmap),
    msync: lib.func(p.msync),
    pread: lib.func(p.pread),
    pwrite: lib.func(p.pwrite),
    ftruncate: lib.func(p.ftruncate),
    sysconf: lib.func(p.sysconf),
    mkfifo: lib.func(p.mkfifo),
    read: lib.func(p.read),
    poll: lib.func(p.poll),
    syscall6: lib.func(p.syscall6),
  };
}

let bound: ReturnType<typeof bind> | undefined;
const libc = (): ReturnType<typeof bind> => (bound ??= bind());

let pageSizeValue: number | undefined;

/** The MMU page size (sysconf), read once. */
export function pageSize(): number {
  return (pageSizeValue ??= Number(libc().sysconf(SC_PAGESIZE)));
}

/** The errno of the last failed libc call made through koffi on this thread. */
export function errno(): number {
  return koffi().errno();
}

function check(result: number | bigint, syscall: string, path?: string): void {
  if (result === -1 || result === -1n) throw new SysError(syscall, errno(), path);
}

export function openFd(path: string, flags: number, mode = 0o644): number {
  const fd = libc().open(path, flags | O_CLOEXEC, mode) as number;
  check(fd, 'open', path);
  return fd;
}

export function closeFd(fd: number): void {
  check(libc().close(fd) as number, 'close');
}

/** ioctl whose argument is a pointer to `buf` (the kernel reads and/or writes it). */
export function ioctlPtr(fd: number, request: number, buf: Uint8Array | null, path?: string): number {
  const r = libc().ioctlPtr(fd, request, buf) as number;
  check(r, `ioctl(0x${request.toString(16)})`, path);
  return r;
}

/** ioctl whose argument is a plain integer value (FBIOBLANK, KDSETMODE...). */
export function ioctlInt(fd: number, request: number, value: number, path?: string): number {
  const r = libc().ioctlInt(fd, request, value) as number;
  check(r, `ioctl(0x${request.toString(16)})`, path);
  return r;
}

/**
 * What another node process needs to bind the same C library (blocking-call.ts's helper):
 * koffi's entry file and the libc name that loaded here.
 */
export function nativeLocation(): { koffi: string; libc: string } {
  return { koffi: createRequire(import.meta.url).resolve('koffi'), libc: libc().name };
}

export function mmap(
  length: number,
  prot: number,
  flags: number,
  fd: number,
  offset: bigint,
  path?: string,
  at: bigint | null = null,
): bigint {
  const addr = libc().mmap(at, length, prot, flags, fd, offset) as bigint;
  // MAP_FAILED is (void *)-1: koffi hands it back as the all-ones address.
  if (addr === 0xffffffffffffffffn || addr === 0xffffffffn || addr === -1n) throw new SysError('mmap', errno(), path);
  return BigInt(addr);
}

export function munmap(addr: bigint, length: number): void {
  check(libc().munmap(addr, length) as number, 'munmap');
}

export function msync(addr: bigint, length: number, path?: string): void {
  check(libc().msync(addr, length, MS_SYNC) as number, 'msync', path);
}

/** A zero-copy ArrayBuffer over `length` bytes at `addr`. */
export function viewAt(addr: bigint, length: number): ArrayBuffer {
  return koffi().view(addr, length) as ArrayBuffer;
}

export function pread(fd: number, buf: Uint8Array, offset: bigint | number, path?: string): number {
  const n = Number(libc().pread(fd, buf, buf.byteLength, BigInt(offset)));
  check(n, 'pread', path);
  return n;
}

export function pwrite(fd: number, buf: Uint8Array, offset: bigint | number, path?: string): number {
  const n = Number(libc().pwrite(fd, buf, buf.byteLength, BigInt(offset)));
  check(n, 'pwrite', path);
  return n;
}

export function ftruncate(fd: number, length: bigint | number, path?: string): void {
  check(libc().ftruncate(fd, BigInt(length)) as number, 'ftruncate', path);
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
  check(libc().mkfifo(path, mode) as number, 'mkfifo', path);
}

export function read(fd: number, buf: Uint8Array, path?: string): number {
  const n = Number(libc().read(fd, buf, buf.byteLength));
  check(n, 'read', path);
  return n;
}

export const POLLIN = 0x1;
/** struct pollfd { int fd; short events; short revents; }: the same on every Linux ABI. */
export const POLLFD_LAYOUT = { size: 8, offsets: { fd: 0, events: 4, revents: 6 } } as const;

/** A struct pollfd asking for POLLIN on `fd`, in this process's byte order. */
export function pollInRequest(fd: number): Uint8Array {
  const bytes = new Uint8Array(POLLFD_LAYOUT.size);
  new Int32Array(bytes.buffer, POLLFD_LAYOUT.offsets.fd, 1)[0] = fd;
  new Int16Array(bytes.buffer, POLLFD_LAYOUT.offsets.events, 1)[0] = POLLIN;
  return bytes;
}

/** Whether `fd` has something to read within `timeoutMs` (0: just look). Blocks that long. */
export function pollIn(fd: number, timeoutMs: number, path?: string): boolean {
  const n = libc().poll(pollInRequest(fd), 1, timeoutMs) as number;
  check(n, 'poll', path);
  return n > 0;
}

/** A raw system call with up to six integer/pointer arguments; returns the raw result. */
export function syscall6(nr: number, a = 0n, b = 0n, cc = 0n, d = 0n, e = 0n, f = 0n): bigint {
  return BigInt(libc().syscall6(nr, a, b, cc, d, e, f) as number | bigint);
}
