import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FbDriver } from '../../src/display/driver.js';
import { Framebuffer } from '../../src/display/framebuffer.js';
import { screeninfoFromGeometry, type FbGeometry } from '../../src/display/geometry.js';
import { VirtualDriver } from '../../src/display/virtual/virtual-driver.js';
import { frameLoop, Frames } from '../../src/present/frames.js';

const W = 64;
const H = 40;
const geometry = (extra: Partial<FbGeometry> = {}): FbGeometry => ({ xres: W, yres: H, bits_per_pixel: 32, ...extra });

const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);

/** The page the device shows right now, as bytes. */
function visible(fb: Framebuffer): Uint8Array {
  const { yoffset, stride, height } = fb.info;
  return fb.bytes().slice(yoffset * stride, (yoffset + height) * stride);
}

describe('Frames: copy mode', () => {
  it('copies only the damaged rectangle to the screen', () => {
    const fb = Framebuffer.virtual(geometry());
    fb.surface.clear(0xff000000);
    const frames = Frames.attach(fb);
    expect(frames.mode).toBe('copy');
    expect(frames.flipUnavailable).toMatch(/no room for a second 40-line page/);
    frames.back.clear(0xff0000ff); // changed everywhere in RAM...
    frames.damage({ x: 10, y: 5, w: 4, h: 3 }); // ...but only this is declared
    expect(frames.presentNow()).toBe(12);
    const s = fb.surface;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const inside = x >= 10 && x < 14 && y >= 5 && y < 8;
        expect(s.getPixel(x, y) & 0xffffff, `${x},${y}`).toBe(inside ? 0x0000ff : 0);
      }
    }
    expect(frames.presentNow()).toBe(0);
  });

  it('the back buffer starts as what was on screen and is in the device format', () => {
    const fb = Framebuffer.virtual(geometry({ bits_per_pixel: 16 }));
    fb.surface.fillRect({ x: 0, y: 0, w: W, h: 1 }, 0xffff0000);
    const frames = Frames.attach(fb, { flip: 'copy' });
    expect(frames.back.format).toBe(fb.info.format);
    expect(frames.back.stride).toBe(fb.info.stride);
    expect(frames.back.getPixel(5, 0)).toBe(fb.surface.getPixel(5, 0));
    expect(frames.back.bytes).not.toBe(fb.surface.bytes);
  });

  it("initial: 'blank' starts from zeros instead of reading the screen", () => {
    const fb = Framebuffer.virtual(geometry());
    fb.surface.clear(0xffffffff);
    const frames = Frames.attach(fb, { initial: 'blank' });
    expect(frames.back.bytes.every((b) => b === 0)).toBe(true);
  });

  it('copies whole bytes for 1-bit pixels without touching pixels outside', () => {
    const fb = Framebuffer.virtual(geometry({ bits_per_pixel: 1, visual: 'MONO10' }));
    const frames = Frames.attach(fb);
    frames.back.fillRect({ x: 3, y: 2, w: 2, h: 2 }, 0xffffffff);
    frames.damage({ x: 3, y: 2, w: 2, h: 2 });
    frames.presentNow();
    expect(visible(fb)).toEqual(frames.back.bytes);
  });
});

describe('Frames: page flipping', () => {
  it('flips when the virtual height holds two pages, and the shown page always equals back', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ x: fc.nat(W), y: fc.nat(H), w: fc.nat(W), h: fc.nat(H), color: fc.nat(0xffffff) }), {
          minLength: 1,
          maxLength: 12,
        }),
        (ops) => {
          const fb = Framebuffer.virtual(geometry({ yres_virtual: 2 * H, ypanstep: 1 }));
          fb.surface.clear(0xff102030);
          const frames = Frames.attach(fb);
          expect(frames.mode).toBe('flip');
          for (const op of ops) {
            frames.back.fillRect(op, (0xff000000 | op.color) >>> 0);
            frames.damage(op);
            const before = fb.info.yoffset;
            const copied = frames.presentNow();
            expect(fb.info.yoffset !== before).toBe(copied > 0);
            expect(same(visible(fb), frames.back.bytes)).toBe(true);
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it("with initial: 'blank', the first flip still shows the whole back buffer, not the old screen", () => {
    const fb = Framebuffer.virtual(geometry({ yres_virtual: 2 * H, ypanstep: 1 }));
    fb.surface.clear(0xffffffff);
    const frames = Frames.attach(fb, { initial: 'blank' });
    frames.back.fillRect({ x: 0, y: 0, w: 4, h: 4 }, 0xffff0000);
    frames.damage({ x: 0, y: 0, w: 4, h: 4 });
    frames.presentNow();
    expect(same(visible(fb), frames.back.bytes)).toBe(true);
  });

  it('falls back to copying when the driver cannot pan (ypanstep 0), and says why', () => {
    const warnings: string[] = [];
    const fb = Framebuffer.virtual(geometry({ yres_virtual: 2 * H, ypanstep: 0 }));
    const frames = Frames.attach(fb, { warn: (m) => warnings.push(m) });
    expect(frames.mode).toBe('copy');
    expect(frames.flipUnavailable).toMatch(/ypanstep 0/);
    expect(warnings).toEqual([expect.stringMatching(/page flipping off/)]);
  });

  it('falls back when the trial pan is refused by the driver', () => {
    const fb = Framebuffer.virtual(geometry({ yres_virtual: 2 * H, ypanstep: 1 }));
    fb.pan = () => ({ ok: false, reason: 'unsupported', code: 'EINVAL', message: 'FBIOPAN_DISPLAY is not supported' });
    const frames = Frames.attach(fb);
    expect(frames.mode).toBe('copy');
    expect(frames.flipUnavailable).toMatch(/FBIOPAN_DISPLAY is not supported/);
    expect(fb.info.yoffset).toBe(0);
  });

  it('close() puts the picture back on the original page', () => {
    const fb = Framebuffer.virtual(geometry({ yres_virtual: 2 * H, ypanstep: 1 }));
    const frames = Frames.attach(fb);
    expect(fb.info.yoffset).toBe(H); // the trial flip at attach
    frames.back.clear(0xff00ff00);
    frames.damageAll();
    frames.presentNow();
    frames.back.fillRect({ x: 1, y: 1, w: 5, h: 5 }, 0xffff0000);
    frames.damage({ x: 1, y: 1, w: 5, h: 5 });
    frames.presentNow();
    expect(fb.info.yoffset).toBe(H);
    frames.close();
    expect(fb.info.yoffset).toBe(0);
    expect(visible(fb)).toEqual(frames.back.bytes);
  });
});

describe('Frames: vsync and blanking', () => {
  it('waits for the retrace when asked', async () => {
    const fb = Framebuffer.virtual(geometry());
    const frames = Frames.attach(fb, { vsync: { timeoutMs: 200 } });
    frames.damage({ x: 0, y: 0, w: 1, h: 1 });
    expect(await frames.present()).toEqual({ pixels: 1, synced: true });
  });

  it("does not count a driver's start-up (prepareVsync: the kernel driver's helper process) as a vsync timeout", async () => {
    const driver: FbDriver = new VirtualDriver('virtual:slow-start', screeninfoFromGeometry(geometry()));
    // Ready after 300 ms (a helper process starting on a slow board); from then on the retrace comes at once.
    const ready = new Promise<void>((resolve) => setTimeout(resolve, 300));
    driver.prepareVsync = () => ready;
    driver.waitForVsync = async () => (await ready, { ok: true });
    const frames = Frames.attach(Framebuffer.fromDriver(driver), { vsync: { timeoutMs: 100 } });
    frames.damage({ x: 0, y: 0, w: 1, h: 1 });
    expect(await frames.present()).toEqual({ pixels: 1, synced: true });
  });

  it('stops waiting on a driver without FBIO_WAITFORVSYNC and still presents', async () => {
    const fb = Framebuffer.virtual(geometry());
    let calls = 0;
    fb.waitForVsync = async () => (
      calls++, { ok: false, reason: 'unsupported', code: 'ENOTTY', message: 'FBIO_WAITFORVSYNC is not supported' }
    );
    const warnings: string[] = [];
    const frames = Frames.attach(fb, { vsync: true, warn: (m) => warnings.push(m) });
    for (let i = 0; i < 3; i++) {
      frames.damage({ x: i, y: 0, w: 1, h: 1 });
      expect(await frames.present()).toEqual({ pixels: 1, synced: false });
    }
    expect(calls).toBe(1);
    expect(frames.vsyncUnavailable).toMatch(/not supported/);
    expect(warnings).toHaveLength(1);
  });

  it('gives up on vsync after repeated timeouts', async () => {
    const fb = Framebuffer.virtual(geometry());
    let calls = 0;
    fb.waitForVsync = async () => (
      calls++, { ok: false, reason: 'timeout', code: 'ETIMEDOUT', message: 'no vertical retrace within 50 ms' }
    );
    const frames = Frames.attach(fb, { vsync: true });
    for (let i = 0; i < 5; i++) {
      frames.damage({ x: 0, y: 0, w: 1, h: 1 });
      await frames.present();
    }
    expect(calls).toBe(3);
    expect(frames.vsyncUnavailable).toMatch(/3 waits in a row timed out/);
  });

  it('blank() on a driver without FBIOBLANK reports instead of throwing', () => {
    const fb = Framebuffer.virtual(geometry());
    const frames = Frames.attach(fb);
    expect(frames.blank().ok).toBe(true);
    fb.blank = () => ({ ok: false, reason: 'unsupported', code: 'EINVAL', message: 'FBIOBLANK is not supported by the driver of efifb' });
    const warnings: string[] = [];
    const quiet = Frames.attach(fb, { warn: (m) => warnings.push(m) });
    expect(quiet.unblank()).toMatchObject({ ok: false, reason: 'unsupported' });
    expect(warnings).toEqual(['FBIOBLANK is not supported by the driver of efifb']);
  });
});

describe('frameLoop', () => {
  it('runs the given number of frames with increasing times', async () => {
    const times: number[] = [];
    const stats = await frameLoop(
      ({ frame, time }) => {
        times.push(time);
        expect(frame).toBe(times.length - 1);
      },
      { fps: 200, maxFrames: 5 },
    );
    expect(stats.frames).toBe(5);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('stops when the frame returns false or the signal aborts', async () => {
    expect((await frameLoop(({ frame }) => frame < 2, { fps: 500 })).frames).toBe(3);
    const ac = new AbortController();
    const stats = await frameLoop(
      ({ frame }) => {
        if (frame === 1) ac.abort();
      },
      { fps: 1, signal: ac.signal },
    );
    expect(stats.frames).toBe(2);
  });

  it('skips slots a slow frame overran instead of bunching frames', async () => {
    const stats = await frameLoop(
      async ({ frame }) => {
        if (frame === 0) await new Promise((r) => setTimeout(r, 35));
      },
      { fps: 100, maxFrames: 2 },
    );
    expect(stats.skipped).toBeGreaterThanOrEqual(2);
  });

  it('refuses a bad fps', async () => {
    await expect(frameLoop(() => {}, { fps: 0 })).rejects.toThrow(/fps/);
  });
});
