// The VT's KDGETMODE, VT_GETMODE and VT_GETSTATE through a tiny koffi binding,
// independent of fbkit's own console code, so the kiosk scenarios check the modes
// without trusting the code under test.
import koffi from 'koffi';
import { assert } from './harness.mjs';

const libc = koffi.load('libc.so.6');
const open = libc.func('int open(const char *path, int flags, uint32_t mode)');
const close = libc.func('int close(int fd)');
const ioctl = libc.func('ioctl', 'int', ['int', 'unsigned long', 'void *']);

const O_RDWR = 0o2;
const O_NOCTTY = 0o400;
const KDGETMODE = 0x4b3b;
const VT_GETMODE = 0x5601;
const VT_GETSTATE = 0x5603;
export const KD_TEXT = 0;
export const KD_GRAPHICS = 1;
export const VT_AUTO = 0;
export const VT_PROCESS = 1;

function ioctlOn(path, request, out, what) {
  const fd = open(path, O_RDWR | O_NOCTTY, 0);
  assert.ok(fd >= 0, `open ${path}`);
  const r = ioctl(fd, request, out);
  close(fd);
  assert.equal(r, 0, `${what} on ${path}`);
  return out;
}

/** struct vt_mode of /dev/tty<n> (char mode, char waitv, short relsig, short acqsig, short frsig). */
export function vtMode(n) {
  const out = ioctlOn(`/dev/tty${n}`, VT_GETMODE, Buffer.alloc(8), 'VT_GETMODE');
  return { mode: out[0], waitv: out[1], relsig: out.readInt16LE(2), acqsig: out.readInt16LE(4) };
}

/** The number of the VT on screen (VT_GETSTATE's v_active). */
export function activeVt() {
  return ioctlOn('/dev/tty0', VT_GETSTATE, Buffer.alloc(6), 'VT_GETSTATE').readUInt16LE(0);
}

/** The current VT's mode as KDGETMODE on /dev/tty0 reports it (KD_TEXT or KD_GRAPHICS). */
export function kdMode() {
  return ioctlOn('/dev/tty0', KDGETMODE, Buffer.alloc(4), 'KDGETMODE').readInt32LE(0);
}
