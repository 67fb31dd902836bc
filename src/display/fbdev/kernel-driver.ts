/** The kernel's fbdev driver behind /dev/fbN: every call is the ioctl of the same name. */
import { ArgumentError } from '../../errors.js';
import { closeFd, O_RDONLY, O_RDWR, openFd } from '../../sys/libc.js';
import type { AsyncIoctlResult, Colormap, FixScreeninfo, VarScreeninfo } from '../../sys/linux-fb.js';
import type { BlockingCallHelper } from '../../sys/blocking-call.js';
import { blank, getCmap, getFix, getVar, panDisplay, putCmap, putVar, vsyncHelper, waitForVsync } from '../../sys/fb-ioctl.js';
import type { FbDriver } from '../driver.js';
import { fileType } from '../../mmio/file-type.js';
import type { FbMemory } from '../memory.js';
import { openDeviceMemory } from './device-memory.js';

export interface KernelDriverOptions {
  /** Default true; read-only opens see a RAM snapshot of the pixels. */
  writable?: boolean;
  /** 'auto' (default): mmap, falling back to the shadow; or force one of them. */
  access?: 'auto' | 'mmap' | 'shadow';
}

export class KernelDriver implements FbDriver {
  readonly kind = 'device';
  /** Waits for vsync in a helper process, started by the first wait (see sys/blocking-call.ts). */
  #vsync: BlockingCallHelper | undefined;

  private constructor(
    readonly path: string,
    private readonly fd: number,
    private readonly options: KernelDriverOptions,
  ) {}

  /**
   * Opens the device node; the driver owns the descriptor and every ioctl on it. Only a
   * character device can be a framebuffer: anything else is refused before the open (a
   * FIFO would block it until a writer came).
   */
  static open(path: string, options: KernelDriverOptions = {}): KernelDriver {
    const type = fileType(path);
    if (type !== undefined && type !== 'character device') {
      const hint =
        type === 'regular file'
          ? `for pixels kept in a file use file:${path}?geometry=NAME`
          : 'give /dev/fbN (ls /dev/fb*), or virtual:NAME for a framebuffer in memory';
      throw new ArgumentError('EFILETYPE', `${path} is a ${type}, not a framebuffer device`, hint);
    }
    return new KernelDriver(path, openFd(path, options.writable === false ? O_RDONLY : O_RDWR), options);
  }

  reopen(): KernelDriver {
    return KernelDriver.open(this.path);
  }
  getVar(): VarScreeninfo {
    return getVar(this.fd, this.path);
  }
  getFix(): FixScreeninfo {
    return getFix(this.fd, this.path);
  }
  putVar(v: VarScreeninfo): VarScreeninfo {
    return putVar(this.fd, v, this.path);
  }
  panDisplay(v: VarScreeninfo): void {
    panDisplay(this.fd, v, this.path);
  }
  blank(level: number): void {
    blank(this.fd, level, this.path);
  }
  getCmap(start: number, len: number): Colormap {
    return getCmap(this.fd, start, len, this.path);
  }
  putCmap(cmap: Colormap): void {
    putCmap(this.fd, cmap, this.path);
  }
  prepareVsync(): Promise<void> {
    return this.#vsyncHelper().start();
  }
  waitForVsync(crtc: number): Promise<AsyncIoctlResult> {
    return waitForVsync(this.#vsyncHelper(), crtc);
  }
  openMemory(length: number, smemStart: bigint): FbMemory {
    return openDeviceMemory(this.fd, length, this.path, { ...this.options, smemStart });
  }
  close(): void {
    this.#vsync?.close(); // the helper holds a duplicate of the descriptor, and may be blocked on it
    closeFd(this.fd);
  }
  #vsyncHelper(): BlockingCallHelper {
    return (this.#vsync ??= vsyncHelper(this.fd, this.path));
  }
}
