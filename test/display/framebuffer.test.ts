import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SysError } from '../../src/sys/sys-error.js';
import { FB_VMODE } from '../../src/sys/linux-fb.js';
import { ArgumentError, ClosedError, UnsupportedError } from '../../src/errors.js';
import { pack, unpack } from '../../src/raster/format.js';
import { Framebuffer } from '../../src/display/framebuffer.js';
import { GeometryError, listDeviceFixtures, type FbGeometry } from '../../src/display/geometry.js';
import { catchError } from '../support/catch-error.js';
import { runChild, sourcePath } from '../support/child.js';

const dir = mkdtempSync(join(tmpdir(), 'fbkit-fb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The native pixel value stored at (x, y) of the visible page, read from raw memory. */
function storedPixel(fb: Framebuffer, x: number, y: number): number {
  const { stride, xoffset, yoffset, format } = fb.info;
  const bytes = fb.bytes();
  const bitPos = (xoffset + x) * format.bpp;
  const at = (yoffset + y) * stride + Math.floor(bitPos / 8);
  if (format.bpp < 8) {
    const shift = format.bitOrder === 'lsb-first' ? bitPos % 8 : 8 - format.bpp - (bitPos % 8);
    return (bytes[at]! >> shift) & ((1 << format.bpp) - 1);
  }
  let v = 0;
  for (let i = format.bpp / 8 - 1; i >= 0; i--) v = v * 256 + bytes[at + i]!; // little-endian pixels
  return v;
}

const rgb = (
  bpp: number,
  r: [number, number],
  g: [number, number],
  b: [number, number],
  t: [number, number] = [0, 0],
): Partial<FbGeometry> => ({
  bits_per_pixel: bpp,
  red: { offset: r[0], length: r[1] },
  green: { offset: g[0], length: g[1] },
  blue: { offset: b[0], length: b[1] },
  transp: { offset: t[0], length: t[1] },
});

describe('device fixtures through the virtual framebuffer', () => {
  const expected: Record<string, { format: string; stride: number; width: number; height: number; yoffset?: number; memory?: number }> = {
    'bochs-drm': { format: 'XRGB8888', stride: 5120, width: 1280, height: 800 },
    'bochs-drm-doublebuffer': { format: 'XRGB8888', stride: 4096, width: 1024, height: 768, yoffset: 768 },
    'rpi-1366x768': { format: 'RGB565', stride: 2752, width: 1366, height: 768 },
    'spi-tft-ili9341': { format: 'RGB565', stride: 640, width: 320, height: 240 },
    'panel-bgr888': { format: 'BGR888', stride: 2400, width: 800, height: 480 },
    'sun-cg6-pseudocolor': { format: 'PAL8', stride: 1152, width: 1152, height: 900, memory: 1152 * 900 },
    'ssd1306-oled': { format: 'MONO10', stride: 16, width: 128, height: 64 },
    'efifb-1366x768': { format: 'ARGB8888', stride: 5504, width: 1366, height: 768 },
    vfb: { format: 'PAL8', stride: 640, width: 640, height: 480, memory: 1048576 },
    'gray8-epd': { format: 'GRAY8', stride: 1872, width: 1872, height: 1404 },
  };

  it('has a fixture for every device the issue names, plus a planar one to refuse', () => {
    expect(listDeviceFixtures()).toEqual([...Object.keys(expected), 'vga16-planar'].sort());
  });

  it.each(Object.entries(expected))('%s decodes to the expected mode', (name, want) => {
    using fb = Framebuffer.virtual(name);
    const { info } = fb;
    expect(info.format.name).toBe(want.format);
    expect([info.stride, info.width, info.height, info.yoffset]).toEqual([want.stride, want.width, want.height, want.yoffset ?? 0]);
    if (want.memory) expect(info.memoryLength).toBe(want.memory);
    expect(info.access).toBe('ram');
    expect(fb.surface.stride).toBe(info.stride);
    expect(fb.surface.width).toBe(info.width);
  });

  it.each(Object.keys(expected))('%s: drawing lands at (yoffset + y) * stride + (xoffset + x) * bpp / 8, padding untouched', (name) => {
    using fb = Framebuffer.virtual(name);
    const s = fb.surface;
    const { format, width, height, stride, yoffset } = fb.info;
    const color = 0xff3366cc;
    s.fillRect({ x: 0, y: 0, w: width, h: height }, color);
    const points = [
      [0, 0],
      [width - 1, 0],
      [0, height - 1],
      [width - 1, height - 1],
      [width >> 1, height >> 1],
    ];
    s.setPixel(width - 1, height - 1, 0xffffffff);
    for (const [x, y] of points.slice(0, -2)) expect(storedPixel(fb, x!, y!)).toBe(pack(format, color));
    expect(storedPixel(fb, width - 1, height - 1)).toBe(pack(format, 0xffffffff));
    const bytes = fb.bytes();
    const used = Math.ceil((width * format.bpp) / 8);
    const padding = bytes.subarray(yoffset * stride + used, (yoffset + 1) * stride);
    expect(padding.every((b) => b === 0)).toBe(true);
    // Nothing above the visible page was touched (the double-buffer's first page).
    expect(bytes.subarray(0, yoffset * stride).every((b) => b === 0)).toBe(true);
  });

  it('reads the pseudocolor fixture palette from the colormap', () => {
    using fb = Framebuffer.virtual('sun-cg6-pseudocolor');
    expect(fb.info.format.palette![1]).toBe(0xffaa0000);
    fb.surface.setPixel(3, 4, 0xffaa0000);
    expect(storedPixel(fb, 3, 4)).toBe(1);
  });

  it('puts the OLED leftmost pixel in bit 0 (the kernel order on little-endian machines)', () => {
    using fb = Framebuffer.virtual('ssd1306-oled');
    fb.surface.setPixel(0, 0, 0xffffffff);
    expect(fb.bytes()[0]).toBe(0b0000_0001);
    fb.surface.setPixel(9, 1, 0xffffffff);
    expect(fb.bytes()[16 + 1]).toBe(0b0000_0010);
  });

  it('refuses the planar VGA16 mode with UnsupportedError', () => {
    expect(() => Framebuffer.virtual('vga16-planar')).toThrow(UnsupportedError);
    expect(() => Framebuffer.virtual('vga16-planar')).toThrow(/VGA_PLANES/);
  });
});

describe('every pixel format from its bitfields', () => {
  const cases: [string, Partial<FbGeometry>][] = [
    ['XRGB8888', rgb(32, [16, 8], [8, 8], [0, 8])],
    ['ARGB8888', rgb(32, [16, 8], [8, 8], [0, 8], [24, 8])],
    ['XBGR8888', rgb(32, [0, 8], [8, 8], [16, 8])],
    ['ABGR8888', rgb(32, [0, 8], [8, 8], [16, 8], [24, 8])],
    ['RGBA8888', rgb(32, [24, 8], [16, 8], [8, 8], [0, 8])],
    ['BGRA8888', rgb(32, [8, 8], [16, 8], [24, 8], [0, 8])],
    ['RGB888', rgb(24, [16, 8], [8, 8], [0, 8])],
    ['BGR888', rgb(24, [0, 8], [8, 8], [16, 8])],
    ['RGB565', rgb(16, [11, 5], [5, 6], [0, 5])],
    ['BGR565', rgb(16, [0, 5], [5, 6], [11, 5])],
    ['XRGB1555', rgb(16, [10, 5], [5, 5], [0, 5])],
    ['ARGB1555', rgb(16, [10, 5], [5, 5], [0, 5], [15, 1])],
    ['GRAY8', { bits_per_pixel: 8, grayscale: 1, visual: 'TRUECOLOR' }],
    ['PAL8', { bits_per_pixel: 8, visual: 'PSEUDOCOLOR' }],
    ['PAL4', { bits_per_pixel: 4, visual: 'PSEUDOCOLOR' }],
    ['PAL2', { bits_per_pixel: 2, visual: 'PSEUDOCOLOR' }],
    ['PAL1', { bits_per_pixel: 1, visual: 'PSEUDOCOLOR' }],
    ['MONO01', { bits_per_pixel: 1, visual: 'MONO01' }],
    ['MONO10', { bits_per_pixel: 1, visual: 'MONO10' }],
  ];

  it.each(cases)('%s', (name, fields) => {
    // Odd width and an offset page: stride padding and offsets both matter.
    using fb = Framebuffer.virtual({
      id: name,
      xres: 37,
      yres: 5,
      xres_virtual: 48,
      yres_virtual: 12,
      xoffset: 8,
      yoffset: 3,
      ...fields,
    } as FbGeometry);
    expect(fb.info.format.name).toBe(name);
    const white = 0xffffffff,
      red = 0xffff0000;
    fb.surface.setPixel(1, 2, white);
    fb.surface.setPixel(36, 4, red);
    expect(storedPixel(fb, 1, 2)).toBe(pack(fb.info.format, white));
    expect(storedPixel(fb, 36, 4)).toBe(pack(fb.info.format, red));
    expect(fb.surface.getPixel(36, 4) >>> 0).toBe(unpack(fb.info.format, pack(fb.info.format, red)));
  });

  it('FB_NONSTD_REV_PIX_IN_B reverses the sub-byte pixel order', () => {
    using plain = Framebuffer.virtual({ xres: 16, yres: 1, bits_per_pixel: 1, visual: 'MONO10' });
    using reversed = Framebuffer.virtual({ xres: 16, yres: 1, bits_per_pixel: 1, visual: 'MONO10', nonstd: 2 });
    expect(plain.info.format.bitOrder).toBe('lsb-first');
    expect(reversed.info.format.bitOrder).toBe('msb-first');
    reversed.surface.setPixel(0, 0, 0xffffffff);
    expect(reversed.bytes()[0]).toBe(0x80);
  });
});

describe('bad geometry', () => {
  const base: FbGeometry = { xres: 64, yres: 48, bits_per_pixel: 32 };
  it.each<[string, FbGeometry, RegExp]>([
    ['more lines than memory', { ...base, yres_virtual: 96, smem_len: 64 * 4 * 48 }, /96 x line_length 256 = 24576 bytes, but only 12288/],
    ['zero width', { ...base, xres: 0 }, /zero size/],
    ['absurd bpp 7', { ...base, bits_per_pixel: 7 }, /bits_per_pixel 7/],
    ['absurd bpp 64', { ...base, bits_per_pixel: 64 }, /bits_per_pixel 64/],
    ['line shorter than its pixels', { ...base, line_length: 100 }, /line_length 100 is shorter/],
    ['page outside the virtual resolution', { ...base, yoffset: 1 }, /outside virtual/],
    ['negative size', { ...base, xres: -5 }, /xres must be a whole number/],
    ['unknown visual name', { ...base, visual: 'SEPIA' }, /unknown visual 'SEPIA'/],
  ])('%s -> GeometryError with a hint', (_, g, message) => {
    const err = catchError(() => Framebuffer.virtual(g));
    expect(err).toBeInstanceOf(GeometryError);
    expect((err as GeometryError).message).toMatch(message);
    expect((err as GeometryError).hint).toBeTruthy();
  });

  it.each<[string, FbGeometry]>([
    ['hold-and-modify', { ...base, nonstd: 1 }],
    ['FOURCC', { ...base, grayscale: 0x56595559 }],
    ['text mode', { ...base, type: 'TEXT' }],
  ])('%s -> UnsupportedError', (_, g) => {
    expect(() => Framebuffer.virtual(g)).toThrow(UnsupportedError);
  });
});

describe('mode changes, panning, colormaps, vsync', () => {
  it('pans the double-buffered display between its pages', () => {
    using fb = Framebuffer.virtual('bochs-drm-doublebuffer');
    fb.surface.setPixel(0, 0, 0xffffffff);
    expect(fb.bytes()[768 * 4096]).toBe(0xff);
    expect(fb.pan(0, 0)).toEqual({ ok: true, value: undefined });
    expect(fb.info.yoffset).toBe(0);
    fb.surface.setPixel(0, 0, 0xff0000ff);
    expect(fb.bytes()[0]).toBe(0xff); // blue byte of page 0
    expect(() => fb.pan(0, 769)).toThrow(ArgumentError);
    expect(() => fb.pan(-1, 0)).toThrow(ArgumentError);
  });

  it('refuses a y-wrap pan whose page would wrap past the end, before asking the driver (vfb has ywrapstep 1)', () => {
    using fb = Framebuffer.virtual('vfb');
    fb.setMode({ yres_virtual: 960, vmode: FB_VMODE.YWRAP });
    // The kernel would show lines 600..959 then 0..119: no single Surface covers that.
    expect(() => fb.pan(0, 600)).toThrow(expect.objectContaining({ code: 'EPAN' }));
    expect(fb.info.yoffset).toBe(0);
    expect(fb.info.var.yoffset).toBe(0);
    // A wrap offset that keeps the page whole is a plain pan and still works.
    expect(fb.pan(0, 480)).toEqual({ ok: true, value: undefined });
    expect(fb.info.yoffset).toBe(480);
    fb.surface.setPixel(0, 479, 0xffffffff);
    expect(fb.bytes()[959 * 640]).toBe(pack(fb.info.format, 0xffffffff));
  });

  it('reports panning a driver cannot do as unsupported, not as a crash', () => {
    using fb = Framebuffer.virtual({ xres: 8, yres: 8, yres_virtual: 16, bits_per_pixel: 32, ypanstep: 0 });
    expect(fb.pan(0, 8)).toMatchObject({ ok: false, reason: 'unsupported', code: 'EINVAL' });
    expect(fb.info.yoffset).toBe(0);
  });

  it('setMode asks the driver, re-reads, and remaps (vfb rounding)', () => {
    using fb = Framebuffer.virtual('vfb');
    const info = fb.setMode({ bits_per_pixel: 16 });
    expect(info.format.name).toBe('RGB565');
    expect(info.stride).toBe(1280);
    expect(fb.surface.format.name).toBe('RGB565');
    expect(fb.testMode({ bits_per_pixel: 12, xres: 321 })).toMatchObject({ bits_per_pixel: 16, xres: 321, xres_virtual: 640 });
    expect(fb.info.bitsPerPixel).toBe(16); // testMode applied nothing
    expect(() => fb.setMode({ bits_per_pixel: 32 })).toThrow(SysError); // 2560 * 480 > 1 MiB: ENOMEM
    expect(fb.info.bitsPerPixel).toBe(16);
    const small = fb.setMode({ xres: 320, yres: 200, xres_virtual: 320, yres_virtual: 200, bits_per_pixel: 32 });
    expect([small.width, small.stride, small.format.name]).toEqual([320, 1280, 'XRGB8888']);
  });

  it('setMode on a driver without check_var leaves the mode alone (efifb)', () => {
    using fb = Framebuffer.virtual('efifb-1366x768');
    expect(fb.setMode({ xres: 800, yres: 600 }).width).toBe(1366);
  });

  it('colormaps: read, write, and the palette format follows', () => {
    using fb = Framebuffer.virtual('vfb');
    const got = fb.getColormap();
    expect(got.ok && got.value.red.length).toBe(256);
    const red = new Uint16Array([0xffff]),
      zero = new Uint16Array([0]);
    expect(fb.setColormap({ start: 5, red, green: zero, blue: zero }).ok).toBe(true);
    expect(fb.info.format.palette![5]).toBe(0xffff0000);
    expect(() => fb.setColormap({ start: 0, red, green: new Uint16Array(2), blue: zero })).toThrow(ArgumentError);
    expect(fb.setColormap({ start: 255, red: new Uint16Array(2), green: new Uint16Array(2), blue: new Uint16Array(2) })).toMatchObject({
      ok: false,
      code: 'EINVAL',
    });
  });

  it('waitForVsync resolves on the virtual retrace and never waits past its timeout', async () => {
    using fb = Framebuffer.virtual('bochs-drm');
    await expect(fb.waitForVsync({ timeoutMs: 1000 })).resolves.toEqual({ ok: true, value: undefined });
    await expect(fb.waitForVsync({ timeoutMs: 0 })).resolves.toMatchObject({ ok: false, reason: 'timeout' });
    await expect(fb.waitForVsync({ timeoutMs: -1 })).rejects.toThrow(ArgumentError);
  });

  it('blank accepts the kernel levels by name', () => {
    using fb = Framebuffer.virtual('bochs-drm');
    expect(fb.blank('powerdown').ok).toBe(true);
    expect(() => fb.blank('off' as never)).toThrow(/unknown blank mode/);
  });
});

describe('file-backed virtual framebuffer and --device specs', () => {
  it('another opener of file:PATH sees the pixels and the mode', () => {
    const file = join(dir, 'shared.raw');
    using writer = Framebuffer.virtual('spi-tft-ili9341', { file });
    expect(writer.info.access).toBe('mmap');
    expect(writer.info.path).toBe(`file:${file}`);
    writer.surface.setPixel(10, 20, 0xff00ff00);
    writer.flush();
    expect(existsSync(`${file}.json`)).toBe(true);
    using reader = Framebuffer.fromDeviceSpec(`file:${file}`);
    expect(reader.info.format.name).toBe('RGB565');
    expect(reader.surface.getPixel(10, 20) >>> 0).toBe(0xff00ff00);
    expect(readFileSync(file).length).toBe(153600);
  });

  it('leaves no files behind for a geometry it refuses', () => {
    const file = join(dir, 'refused.raw');
    expect(() => Framebuffer.virtual({ xres: 0, yres: 1, bits_per_pixel: 8 }, { file })).toThrow(GeometryError);
    expect([existsSync(file), existsSync(`${file}.json`)]).toEqual([false, false]);
  });

  it('keeps the sidecar up to date after a pan', () => {
    const file = join(dir, 'panned.raw');
    using fb = Framebuffer.virtual('bochs-drm-doublebuffer', { file });
    fb.pan(0, 0);
    expect(JSON.parse(readFileSync(`${file}.json`, 'utf8')).yoffset).toBe(0);
  });

  it('file:PATH?geometry=NAME uses a fixture, and existing pixels survive reopening', () => {
    const file = join(dir, 'given.raw');
    writeFileSync(file, Buffer.alloc(1024, 0xff));
    using fb = Framebuffer.fromDeviceSpec(`file:${file}?geometry=ssd1306-oled`);
    expect(fb.info.format.name).toBe('MONO10');
    expect(fb.bytes()[1023]).toBe(0xff);
  });

  it.each([
    ['bogus:thing', /unknown device kind/],
    ['file:', /names no file/],
    [`file:${join(dir, 'nothing.raw')}`, /has no geometry file/],
    [`file:${join(dir, 'x.raw')}?geometry=no-such-device`, /no device fixture named 'no-such-device'/],
    [`file:${join(dir, 'x.raw')}?size=3`, /unknown option 'size'/],
    ['virtual:nope', /no device fixture named 'nope'/],
  ])('%s is refused with a clear error', (spec, message) => {
    expect(() => Framebuffer.fromDeviceSpec(spec)).toThrow(message);
  });
});

describe('read-only file-backed framebuffers (fbkit shot, fbkit info)', () => {
  it('read the file into RAM and change neither the pixels nor the mode file', () => {
    const file = join(dir, 'readonly.raw');
    {
      using fb = Framebuffer.virtual('spi-tft-ili9341', { file });
      fb.surface.setPixel(1, 2, 0xff00ff00);
    }
    const pixels = readFileSync(file);
    // Compact JSON: any rewrite of the sidecar would indent it.
    writeFileSync(`${file}.json`, JSON.stringify(JSON.parse(readFileSync(`${file}.json`, 'utf8'))));
    const sidecar = readFileSync(`${file}.json`, 'utf8');
    const fb = Framebuffer.fromDeviceSpec(`file:${file}`, { writable: false });
    expect(fb.info.access).toBe('shadow');
    expect(fb.surface.getPixel(1, 2)).toBe(0xff00ff00);
    fb.surface.clear(0xffffffff);
    expect(() => fb.flush()).toThrow(/read-only/);
    expect(fb.pan(0, 0).ok).toBe(true); // what fbkit info's probe does
    fb.close();
    expect(readFileSync(file).equals(pixels)).toBe(true);
    expect(readFileSync(`${file}.json`, 'utf8')).toBe(sidecar);
  });

  it('refuse a file shorter than the geometry instead of growing it, and write no sidecar', () => {
    const file = join(dir, 'short.raw');
    writeFileSync(file, 'abc');
    const err = catchError(() => Framebuffer.fromDeviceSpec(`file:${file}?geometry=vfb`, { writable: false }));
    expect(err).toBeInstanceOf(GeometryError);
    expect((err as Error).message).toContain(`${file} holds 3 bytes; its geometry needs 1048576`);
    expect(readFileSync(file, 'utf8')).toBe('abc');
    expect(existsSync(`${file}.json`)).toBe(false);
  });

  it('create nothing for a missing file', () => {
    const file = join(dir, 'missing.raw');
    expect(() => Framebuffer.virtual('vfb', { file, writable: false })).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect([existsSync(file), existsSync(`${file}.json`)]).toEqual([false, false]);
  });
});

describe('writable file-backed framebuffers write the sidecar only after the pixels file opened', () => {
  it('a missing directory is a SysError, not a raw node:fs error, and nothing appears', () => {
    const file = join(dir, 'no-such-dir', 'x.raw');
    const err = catchError(() => Framebuffer.fromDeviceSpec(`file:${file}?geometry=vfb`));
    expect(err).toBeInstanceOf(SysError);
    expect(err).toMatchObject({ code: 'ENOENT' });
  });

  it('a pixels path that is not a regular file is refused for reading and writing, leaving no sidecar', () => {
    const sub = join(dir, 'a-directory');
    mkdirSync(sub);
    for (const writable of [false, true]) {
      const err = catchError(() => Framebuffer.fromDeviceSpec(`file:${sub}?geometry=vfb`, { writable }));
      expect(err).toBeInstanceOf(ArgumentError);
      expect(err).toMatchObject({ code: 'EFILETYPE', message: expect.stringContaining(`${sub} is a directory, not a regular file`) });
    }
    expect(existsSync(`${sub}.json`)).toBe(false);
  });

  it('a sidecar path that is not a regular file is refused before the pixels file is created', () => {
    const file = join(dir, 'blocked.raw');
    mkdirSync(`${file}.json`);
    expect(() => Framebuffer.virtual('vfb', { file })).toThrow(`${file}.json is a directory, not a regular file`);
    expect(existsSync(file)).toBe(false);
  });
});

describe('FIFOs are refused, never opened (an open for reading would wait for a writer)', () => {
  it('as /dev/fbN, as file:, as its sidecar and as a geometry JSON', async () => {
    const fifoDir = join(dir, 'fifos');
    mkdirSync(fifoDir);
    // In a child with a timeout: should the checks regress, the child blocks, not the suite.
    const r = await runChild(
      `
      import { mkfifo } from ${JSON.stringify(sourcePath('src/sys/libc.ts'))};
      import { Framebuffer } from ${JSON.stringify(sourcePath('src/display/framebuffer.ts'))};
      import { readGeometryFile } from ${JSON.stringify(sourcePath('src/display/geometry.ts'))};
      const dir = ${JSON.stringify(fifoDir)};
      for (const name of ['fb', 'pixels', 'geometry.json', 'plain.raw.json']) mkfifo(dir + '/' + name);
      const attempts = {
        device: () => Framebuffer.open(dir + '/fb', { writable: false }),
        fileReadOnly: () => Framebuffer.fromDeviceSpec('file:' + dir + '/pixels?geometry=vfb', { writable: false }),
        fileWritable: () => Framebuffer.fromDeviceSpec('file:' + dir + '/pixels?geometry=vfb'),
        geometryOption: () => Framebuffer.fromDeviceSpec('file:' + dir + '/x.raw?geometry=' + dir + '/geometry.json', { writable: false }),
        sidecar: () => Framebuffer.fromDeviceSpec('file:' + dir + '/plain.raw?geometry=vfb'),
        readGeometryFile: () => readGeometryFile(dir + '/geometry.json'),
      };
      const results = {};
      for (const [name, attempt] of Object.entries(attempts)) {
        try { attempt(); results[name] = 'opened'; } catch (err) { results[name] = err.name + ': ' + err.message.split('\\n')[0]; }
      }
      console.log(JSON.stringify(results));
    `,
      [],
      15_000,
    );
    expect([r.code, r.signal], r.stderr).toEqual([0, null]);
    expect(JSON.parse(r.stdout)).toEqual({
      device: `ArgumentError: ${fifoDir}/fb is a FIFO, not a framebuffer device`,
      fileReadOnly: `ArgumentError: ${fifoDir}/pixels is a FIFO, not a regular file`,
      fileWritable: `ArgumentError: ${fifoDir}/pixels is a FIFO, not a regular file`,
      geometryOption: `GeometryError: geometry ${fifoDir}/geometry.json is a FIFO, not a regular file`,
      sidecar: `ArgumentError: ${fifoDir}/plain.raw.json is a FIFO, not a regular file`,
      readGeometryFile: `GeometryError: geometry ${fifoDir}/geometry.json is a FIFO, not a regular file`,
    });
    expect([existsSync(join(fifoDir, 'pixels.json')), existsSync(join(fifoDir, 'plain.raw'))]).toEqual([false, false]);
  });
});

describe('opening paths that are not framebuffers', () => {
  const openFds = () => readdirSync('/proc/self/fd').length;

  it('a character device other than a framebuffer fails with ENOTTY, a hint, and no descriptor left behind', () => {
    const before = openFds();
    const err = catchError(() => Framebuffer.open('/dev/null'));
    expect(err).toBeInstanceOf(SysError);
    expect(err).toMatchObject({ code: 'ENOTTY' });
    expect((err as SysError).hint).toMatch(/not a framebuffer/);
    expect(openFds()).toBe(before);
  });

  it('anything but a character device is refused before it is opened; a regular file is pointed to file:', () => {
    const file = join(dir, 'plain');
    writeFileSync(file, Buffer.alloc(8192));
    const before = openFds();
    for (const [path, type] of [
      [file, 'regular file'],
      [dir, 'directory'],
    ] as const) {
      const err = catchError(() => Framebuffer.open(path, { writable: false }));
      expect(err).toBeInstanceOf(ArgumentError);
      expect(err).toMatchObject({ code: 'EFILETYPE', message: expect.stringContaining(`${path} is a ${type}, not a framebuffer device`) });
    }
    expect((catchError(() => Framebuffer.open(file)) as ArgumentError).hint).toContain(`file:${file}?geometry=`);
    expect(openFds()).toBe(before);
  });

  it('a missing device fails with ENOENT and suggests the virtual framebuffer', () => {
    expect(() => Framebuffer.open('/dev/fb97')).toThrow(
      expect.objectContaining({ code: 'ENOENT', hint: expect.stringMatching(/virtual/) }),
    );
  });
});

describe('close', () => {
  it('is idempotent and turns every later use into ClosedError', () => {
    const fb = Framebuffer.virtual('bochs-drm');
    const s = fb.surface;
    fb.close();
    fb.close();
    expect(fb.closed).toBe(true);
    expect(() => fb.info).toThrow(ClosedError);
    expect(() => s.setPixel(0, 0, 0)).toThrow(ClosedError);
    expect(() => fb.pan(0, 0)).toThrow(ClosedError);
  });
});

describe('grayscale palette modes', () => {
  it('assume a gray ramp, not the console colors, when the mode brings no colormap', () => {
    const fb = Framebuffer.virtual({ xres: 16, yres: 4, bits_per_pixel: 4, grayscale: 1, visual: 'STATIC_PSEUDOCOLOR' });
    const palette = fb.info.format.palette!;
    expect(palette.length).toBe(16);
    expect(palette[0]).toBe(0xff000000);
    expect(palette[1]).toBe(0xff111111);
    expect(palette[15]).toBe(0xffffffff);
    fb.surface.setPixel(0, 0, 0xff888888);
    expect(fb.surface.getPixel(0, 0)).toBe(0xff888888);
    fb.close();
  });
});
