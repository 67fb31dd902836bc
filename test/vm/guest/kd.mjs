// The VT's KDGETMODE through a tiny koffi binding, independent of fbkit's own console
// code, so the kiosk scenarios check the mode without trusting the code under test.
import koffi from 'koffi';
import { assert } from './harness.mjs';

const libc = koffi.load('libc.so.6');
const open = libc.func('int open(const char *path, int flags, uint32_t mode)');
const close = libc.func('int close(int fd)');
const ioctl = libc.func('ioctl', 'int', ['int', 'unsigned long', 'void *']);

const O_RDWR = 0o2;
const O_NOCTTY = 0o400;
const KDGETMODE = 0x4b3b;
export const KD_TEXT = 0;
export const KD_GRAPHICS = 1;

/** The current VT's mode as KDGETMODE on /dev/tty0 reports it (KD_TEXT or KD_GRAPHICS). */
export function kdMode() {
  const fd = open('/dev/tty0', O_RDWR | O_NOCTTY, 0);
  assert.ok(fd >= 0, 'open /dev/tty0');
  const out = Buffer.alloc(4);
  const r = ioctl(fd, KDGETMODE, out);
  close(fd);
  assert.equal(r, 0, 'KDGETMODE on /dev/tty0');
  return out.readInt32LE(0);
}
