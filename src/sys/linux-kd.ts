/**
 * <linux/kd.h> and <linux/vt.h> in TypeScript: the few virtual-terminal ioctls a
 * program needs to take the console for graphics and give it back.
 *
 * (The calls are in kd-ioctl.ts.) These request numbers are plain constants ('K' 0x4B.. and 'V' 0x56..), not built
 * with _IOC, so they are the same on every architecture. src/sys/abi-probe.c prints
 * them from the real headers and test/sys/abi-probe.test.ts compares every value.
 */
export const KDSETMODE = 0x4b3a;
export const KDGETMODE = 0x4b3b;
export const KDGKBMODE = 0x4b44;
export const KDSKBMODE = 0x4b45;

/** Console modes for KDSETMODE/KDGETMODE: in graphics mode fbcon stops drawing text. */
export const KD_MODE = { TEXT: 0x00, GRAPHICS: 0x01 } as const;

/** Keyboard modes for KDGKBMODE/KDSKBMODE. */
export const K_MODE = { RAW: 0x00, XLATE: 0x01, MEDIUMRAW: 0x02, UNICODE: 0x03, OFF: 0x04 } as const;

export const VT_OPENQRY = 0x5600;
export const VT_GETMODE = 0x5601;
export const VT_SETMODE = 0x5602;
export const VT_GETSTATE = 0x5603;
export const VT_RELDISP = 0x5605;
export const VT_ACTIVATE = 0x5606;
export const VT_WAITACTIVE = 0x5607;

/** vt_mode.mode: the kernel switches VTs on its own, or asks the owning process first. */
export const VT_MODE = { AUTO: 0x00, PROCESS: 0x01 } as const;
/** VT_RELDISP's argument that acknowledges getting the VT back (1 releases it, 0 refuses). */
export const VT_ACKACQ = 0x02;

/** struct vt_mode: char mode, char waitv, short relsig, short acqsig, short frsig. */
export const VT_MODE_LAYOUT = { size: 8, offsets: { mode: 0, waitv: 1, relsig: 2, acqsig: 4, frsig: 6 } } as const;

export interface VtMode {
  /** VT_MODE.AUTO or VT_MODE.PROCESS. */
  mode: number;
  /** Non-zero: writes to the VT block while it is not on screen. */
  waitv: number;
  /** Signal the kernel sends to ask the process to release the VT. */
  relsig: number;
  /** Signal the kernel sends when the VT is on screen again. */
  acqsig: number;
  /** Unused by the kernel. */
  frsig: number;
}

/** struct vt_stat: three unsigned shorts. */
export const VT_STAT_SIZE = 6;

export interface VtState {
  /** Number of the VT on screen (1-based: /dev/tty<active>). */
  active: number;
  signal: number;
  /** Bit n set: VT n is open. */
  state: number;
}

/** struct vt_mode from its 8 bytes (host byte order, as the kernel wrote them). */
export function decodeVtMode(bytes: Uint8Array): VtMode {
  const shorts = new Int16Array(bytes.buffer, bytes.byteOffset, VT_MODE_LAYOUT.size / 2);
  const o = VT_MODE_LAYOUT.offsets;
  return {
    mode: bytes[o.mode]!,
    waitv: bytes[o.waitv]!,
    relsig: shorts[o.relsig / 2]!,
    acqsig: shorts[o.acqsig / 2]!,
    frsig: shorts[o.frsig / 2]!,
  };
}

export function encodeVtMode(mode: VtMode): Uint8Array {
  const bytes = new Uint8Array(VT_MODE_LAYOUT.size);
  const shorts = new Int16Array(bytes.buffer);
  const o = VT_MODE_LAYOUT.offsets;
  bytes[o.mode] = mode.mode;
  bytes[o.waitv] = mode.waitv;
  shorts[o.relsig / 2] = mode.relsig;
  shorts[o.acqsig / 2] = mode.acqsig;
  shorts[o.frsig / 2] = mode.frsig;
  return bytes;
}
