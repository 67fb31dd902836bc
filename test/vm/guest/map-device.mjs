// A deliberately tiny mmap through koffi, independent of fbkit's own native
// layer, so the kernel-only scenarios check the devices without trusting the
// code under test.
import koffi from 'koffi';
import { constants } from 'node:os';

const libc = koffi.load('libc.so.6');
const open = libc.func('int open(const char *path, int flags, uint32_t mode)');
const close = libc.func('int close(int fd)');
// mmap64: a 64-bit offset on 32-bit CPUs too (plain mmap's off_t is 32 bits there).
const mmap = libc.func('void *mmap64(void *addr, size_t len, int prot, int flags, int fd, int64_t off)');
const munmap = libc.func('int munmap(void *addr, size_t len)');

const O_RDWR = 0o2;
const O_SYNC = 0o4010000; // uncached mapping of /dev/mem
const PROT_READ_WRITE = 0x3;
const MAP_SHARED = 0x01;
const MAP_FAILED = (1n << BigInt(8 * koffi.sizeof('void *'))) - 1n; // (void *)-1

const errnoName = (n) => Object.entries(constants.errno).find(([, v]) => v === n)?.[0] ?? `errno ${n}`;

/** Maps length bytes of path at a page-aligned offset; throws Error with .code = errno name. */
export function mapDevice(path, offset, length) {
  const fd = open(path, O_RDWR | O_SYNC, 0);
  if (fd < 0) throw sysError('open', path);
  const ptr = mmap(null, length, PROT_READ_WRITE, MAP_SHARED, fd, offset);
  const failed = koffi.address(ptr) === MAP_FAILED && sysError('mmap', path);
  close(fd);
  if (failed) throw failed;
  const buffer = koffi.view(ptr, length);
  return {
    buffer,
    // Views must not be touched after unmap (that is a SIGSEGV); scenarios
    // unmap at their very end.
    unmap: () => munmap(ptr, length),
  };
}

function sysError(call, path) {
  const code = errnoName(koffi.errno());
  return Object.assign(new Error(`${call} ${path}: ${code}`), { code });
}
