/**
 * Framebuffer.fromDriver: any FbDriver works, and what a Framebuffer and a Console decide
 * about a device comes from the driver (its kind, its second handle), not from the path.
 */
import { constants } from 'node:os';
import { describe, expect, it } from 'vitest';
import { Console } from '../../src/console/console.js';
import type { ConsoleDevice } from '../../src/console/tty.js';
import type { FbDriver } from '../../src/display/driver.js';
import { Framebuffer } from '../../src/display/framebuffer.js';
import { screeninfoFromGeometry, type Screeninfo } from '../../src/display/geometry.js';
import { RamMemory } from '../../src/display/memory.js';
import type { Colormap, VarScreeninfo } from '../../src/sys/linux-fb.js';
import { SysError } from '../../src/sys/sys-error.js';

/** A device whose "kernel" state every handle shares, and which counts its handles. */
function fakeDevice(path: string) {
  const kernel: { state: Screeninfo; open: number; memory: RamMemory } = {
    state: screeninfoFromGeometry({ xres: 16, yres: 8, yres_virtual: 16, ypanstep: 1, bits_per_pixel: 32 }),
    open: 0,
    memory: new RamMemory(16 * 4 * 16),
  };
  const handle = (): FbDriver => {
    kernel.open++;
    return {
      path,
      kind: 'device',
      getVar: () => structuredClone(kernel.state.var),
      getFix: () => structuredClone(kernel.state.fix),
      putVar: (v: VarScreeninfo) => {
        kernel.state.var = structuredClone(v);
        return structuredClone(v);
      },
      panDisplay: (v: VarScreeninfo) => {
        kernel.state.var.yoffset = v.yoffset;
      },
      blank: () => {},
      // A driver says "not supported" the way the kernel does: a SysError with its errno.
      getCmap: (): Colormap => {
        throw new SysError('ioctl(FBIOGETCMAP)', constants.errno.ENOTTY, path);
      },
      putCmap: () => {},
      waitForVsync: async () => ({ ok: true }),
      openMemory: () => kernel.memory,
      close: () => void kernel.open--,
      reopen: handle,
    };
  };
  return { kernel, driver: handle() };
}

function fakeConsole(log: string[]): ConsoleDevice {
  let mode = 0;
  return {
    path: '/dev/tty7',
    getMode: () => mode,
    setMode: (m) => void log.push(`mode ${(mode = m)}`),
    write: () => {},
    close: () => void log.push('close'),
  };
}

describe('Framebuffer.fromDriver', () => {
  it('draws into the memory the driver gives and reports its kind', () => {
    const { kernel, driver } = fakeDevice('spi:panel0');
    using fb = Framebuffer.fromDriver(driver);
    expect(fb.kind).toBe('device');
    fb.surface.fillRect({ x: 0, y: 0, w: 1, h: 1 }, 0xff112233);
    expect([...kernel.memory.bytes().subarray(0, 3)]).toEqual([0x33, 0x22, 0x11]);
  });

  it("restores the mode through the driver's second handle after the program closed its own, then closes that handle", () => {
    const { kernel, driver } = fakeDevice('spi:panel0');
    const fb = Framebuffer.fromDriver(driver);
    const restore = fb.screenState().snapshot();
    expect(kernel.open).toBe(2);
    fb.pan(0, 8);
    fb.close();
    expect(kernel.state.var.yoffset).toBe(8);
    restore();
    expect(kernel.state.var.yoffset).toBe(0);
    expect(kernel.open).toBe(0);
  });

  it('Console.takeFor takes the VT for a device driver whatever its path, and leaves it for a virtual one', () => {
    const log: string[] = [];
    const { driver } = fakeDevice('spi:panel0');
    using fb = Framebuffer.fromDriver(driver);
    const con = Console.takeFor(fb, { device: fakeConsole(log), warn: () => {} });
    expect(con.taken).toBe(true);
    con.restore();
    expect(log).toEqual(['mode 1', 'mode 0', 'close']);

    using virtualFb = Framebuffer.virtual({ xres: 4, yres: 4, bits_per_pixel: 16 });
    const none = Console.takeFor(virtualFb, { device: fakeConsole(log), warn: () => {} });
    expect(none.taken).toBe(false);
    none.restore();
  });
});
