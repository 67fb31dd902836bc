/**
 * What a Framebuffer asks of the thing behind it, as ioctl-shaped calls: the kernel
 * (fbdev/kernel-driver.ts, real ioctls on a descriptor it owns) or a model of a driver
 * (virtual/virtual-driver.ts). Keeping this seam ioctl-shaped means the virtual twin
 * exercises the same Framebuffer code as /dev/fbN; Framebuffer.fromDriver takes any
 * implementation (a user's own driver, a test double). Calls fail the way the kernel's
 * do: a SysError whose errno says why (ENOTTY or EINVAL for a call the driver lacks, which
 * Framebuffer turns into `{ ok: false, reason: 'unsupported' }`).
 */
import type { AsyncIoctlResult, Colormap, FixScreeninfo, VarScreeninfo } from '../sys/linux-fb.js';
import type { FbMemory } from './memory.js';

/**
 * 'device': a screen the kernel shows (and a console may be drawing on); 'virtual': memory
 * or a file that nothing displays.
 */
export type DriverKind = 'device' | 'virtual';

export interface FbDriver {
  /** '/dev/fb0', 'virtual:NAME', 'file:PATH'. */
  readonly path: string;
  readonly kind: DriverKind;
  /** 'kms' for a DRM card; absent: 'fbdev' for a device, 'virtual' otherwise. */
  readonly backend?: 'fbdev' | 'kms';
  /** The KMS output it shows. */
  readonly output?: { readonly name: string };
  getVar(): VarScreeninfo;
  getFix(): FixScreeninfo;
  /** FBIOPUT_VSCREENINFO: returns the var as the driver rounded it. */
  putVar(v: VarScreeninfo): VarScreeninfo;
  panDisplay(v: VarScreeninfo): void;
  blank(level: number): void;
  getCmap(start: number, len: number): Colormap;
  putCmap(cmap: Colormap): void;
  waitForVsync(crtc: number): Promise<AsyncIoctlResult>;
  /** Optional: gets ready to wait (the kernel's driver starts a helper process); vsync timeouts count from when it resolves. */
  prepareVsync?(): Promise<void>;
  /** `smemStart`: fix.smem_start, whose offset inside its page is where a mapping's pixels begin. */
  openMemory(length: number, smemStart: bigint): FbMemory;
  close(): void;
  /**
   * A second, independent handle on the same device, so its mode can be restored after
   * the program has closed its own (the usual order on the way out). Absent where nothing
   * outlives the Framebuffer.
   */
  reopen?(): FbDriver;
  /** Optional: gives the display up while another VT is on screen (KMS drops DRM master). */
  release?(): void;
  /** Optional: takes it back once our VT returns (KMS: master, and our mode set again). */
  acquire?(): void;
}
