import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emptyFix, emptyVar } from '../../src/sys/linux-fb.js';
import { run } from '../../src/cli/main.js';
import { fbsetInfo, fbsetText } from '../../src/display/fbset.js';
import { listDeviceFixtures } from '../../src/display/geometry.js';
import { Framebuffer } from '../../src/display/framebuffer.js';

const dir = mkdtempSync(join(tmpdir(), 'fbkit-info-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function fbkit(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io = {
    stdout: { write: (s: string | Uint8Array) => (out += String(s)) },
    stderr: { write: (s: string | Uint8Array) => (err += String(s)) },
  };
  const code = await run(argv, io);
  return { code, out, err };
}

describe('fbkit info', () => {
  it('prints the fbset -i block for vfb with the values fbset shows for it', async () => {
    const { code, out } = await fbkit('info', '--device', 'virtual:vfb');
    expect(code).toBe(0);
    for (const line of [
      '    geometry 640 480 640 480 8',
      '    timings 20000 64 64 32 32 64 2',
      '    rgba 8/0,8/0,8/0,0/0',
      '    Name        : Virtual FB',
      '    Address     : 0',
      '    Size        : 1048576',
      '    Type        : PACKED PIXELS',
      '    Visual      : PSEUDOCOLOR',
      '    YWrapStep   : 1',
      '    LineLength  : 640',
      '    Accelerator : No',
    ])
      expect(out.split('\n')).toContain(line);
    expect(out).toMatch(/mode {8}640x480, 8 bpp, PAL8/);
    expect(out).toMatch(/size {8}unknown/);
  });

  it('shows stride padding and the double buffer offset for a person to read', async () => {
    expect((await fbkit('info', '--device', 'virtual:rpi-1366x768')).out).toMatch(
      /stride {6}2752 bytes per line \(2732 of pixels, 20 padding\)/,
    );
    expect((await fbkit('info', '--device', 'virtual:bochs-drm-doublebuffer')).out).toMatch(/virtual {5}1024x1536, visible page at 0,768/);
  });

  it.each(listDeviceFixtures().filter((n) => n !== 'vga16-planar'))(
    "--json for %s agrees with itself and with fbset's fields",
    async (name) => {
      const { code, out } = await fbkit('info', '--device', `virtual:${name}`, '--json');
      expect(code).toBe(0);
      const r = JSON.parse(out);
      expect(r.fbset.geometry).toEqual([r.width, r.height, r.virtualWidth, r.virtualHeight, r.bitsPerPixel]);
      expect(r.fbset.linelength).toBe(r.stride);
      expect(r.fix.line_length).toBe(r.stride);
      expect(r.fbset.name).toBe(r.id);
      expect(r.fbset.size).toBe(r.fix.smem_len);
      expect(r.var.xres).toBe(r.width);
      expect(r.format.name).toMatch(/^[A-Z]/);
      expect(Object.keys(r.supports)).toEqual(['colormap', 'pan', 'vsync', 'modeChange', 'blank']);
    },
  );

  it('--no-probe leaves the optional ioctls alone', async () => {
    const r = JSON.parse((await fbkit('info', '--device', 'virtual:bochs-drm', '--json', '--no-probe')).out);
    expect(Object.values(r.supports).map((s) => (s as { status: string }).status)).toEqual(Array(5).fill('not probed'));
  });

  it('reports what a driver cannot do', async () => {
    const r = JSON.parse((await fbkit('info', '--device', 'virtual:spi-tft-ili9341', '--json')).out);
    expect(r.supports.pan).toMatchObject({ status: 'no' });
    expect(r.supports.colormap.status).toBe('yes');
  });

  it.each([
    [['--device', 'bogus:x'], 2, /unknown device kind/],
    [['--device', 'virtual:vga16-planar'], 2, /VGA_PLANES/],
    [['--device', '/dev/fb97'], 1, /ENOENT[\s\S]*hint: .*virtual/],
  ])('fails cleanly for %j', async (args, exit, message) => {
    const { code, err } = await fbkit('info', ...(args as string[]));
    expect(code).toBe(exit);
    expect(err).toMatch(message);
  });

  it('reads a file: device without writing to it or its mode file, probes included', async () => {
    const file = join(dir, 'screen.raw');
    Framebuffer.virtual('bochs-drm-doublebuffer', { file }).close();
    // Compact JSON: a rewrite of the sidecar would indent it.
    writeFileSync(`${file}.json`, JSON.stringify(JSON.parse(readFileSync(`${file}.json`, 'utf8'))));
    const [pixels, sidecar] = [readFileSync(file), readFileSync(`${file}.json`, 'utf8')];
    const { code, out } = await fbkit('info', '--device', `file:${file}`, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ access: 'shadow', supports: { pan: { status: 'yes' } } });
    expect(readFileSync(file).equals(pixels)).toBe(true);
    expect(readFileSync(`${file}.json`, 'utf8')).toBe(sidecar);
  });

  it('refuses a file: path that is not a regular file (exit 2) and leaves no mode file behind', async () => {
    const sub = join(dir, 'not-a-file');
    mkdirSync(sub);
    const { code, err } = await fbkit('info', '--device', `file:${sub}?geometry=vfb`);
    expect(code).toBe(2);
    expect(err).toBe(
      `fbkit: --device 'file:${sub}?geometry=vfb': ${sub} is a directory, not a regular file (hint: a file-backed framebuffer lives in a regular file; name a device without file: (/dev/fbN))\n`,
    );
    expect(existsSync(`${sub}.json`)).toBe(false);
  });

  it('names a file that is not a framebuffer', async () => {
    const file = join(dir, 'plain.bin');
    writeFileSync(file, Buffer.alloc(4096));
    expect(await fbkit('info', '--device', file)).toMatchObject({
      code: 2,
      err: expect.stringContaining(`${file} is a regular file, not a framebuffer device`),
    });
    expect(await fbkit('info', '--device', '/dev/null')).toMatchObject({
      code: 1,
      err: expect.stringMatching(/ENOTTY.*not a framebuffer/),
    });
  });
});

describe('fbset layout', () => {
  it('computes the mode name and scan rates the way fbset printed them for vfb at 320x200x16', () => {
    // Real fbset -i output for vfb after `fbset -g 320 200 320 200 16`:
    //   mode "320x200-367"  # D: 50.000 MHz, H: 97.656 kHz, V: 367.129 Hz  rgba 5/0,6/5,5/11,0/0
    const v = {
      ...emptyVar(),
      xres: 320,
      yres: 200,
      xres_virtual: 320,
      yres_virtual: 200,
      bits_per_pixel: 16,
      pixclock: 20000,
      left_margin: 64,
      right_margin: 64,
      upper_margin: 32,
      lower_margin: 32,
      hsync_len: 64,
      vsync_len: 2,
      red: { offset: 0, length: 5, msb_right: 0 },
      green: { offset: 5, length: 6, msb_right: 0 },
      blue: { offset: 11, length: 5, msb_right: 0 },
    };
    const i = fbsetInfo(v, { ...emptyFix(), id: 'Virtual FB', smem_start: 0xb4a04000n, smem_len: 1048576, visual: 2, line_length: 640 });
    const text = fbsetText(i);
    expect(text).toContain('mode "320x200-367"\n    # D: 50.000 MHz, H: 97.656 kHz, V: 367.129 Hz\n');
    expect(text).toContain('    rgba 5/0,6/5,5/11,0/0\n');
    expect(text).toContain('    Address     : 0xb4a04000\n');
    expect(text).toContain('    Visual      : TRUECOLOR\n');
  });

  it('prints MMIO only when the driver has some, and flags only when set', () => {
    const v = { ...emptyVar(), xres: 8, yres: 8, sync: 3, vmode: 1, grayscale: 1 };
    const text = fbsetText(fbsetInfo(v, { ...emptyFix(), mmio_start: 0xfe000000n, mmio_len: 4096, visual: 5, accel: 4242 }));
    expect(text).toContain('    hsync high\n    vsync high\n    laced true\n    grayscale true\n');
    expect(text).toContain('    MMIO Address: 0xfe000000\n    MMIO Size   : 4096\n');
    expect(text).toContain('    Visual      : STATIC PSEUDOCOLOR\n');
    expect(text).toContain('    Accelerator : Unknown (4242)\n');
    expect(fbsetText(fbsetInfo(emptyVar(), emptyFix()))).not.toContain('MMIO');
  });
});
