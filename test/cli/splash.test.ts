/**
 * `fbkit splash` end to end on a file-backed virtual framebuffer: commands through the
 * FIFO change exactly the pixels they should, garbage is reported, QUIT and signals exit
 * cleanly and remove the FIFO.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { Framebuffer } from '../../src/display/framebuffer.js';
import { writePng } from '../../src/codecs/png.js';
import { DEFAULT_STYLE, splashLayout } from '../../src/splash/splash.js';
import { writeCommand } from '../../src/splash/fifo.js';
import { Surface } from '../../src/draw/surface.js';
import { runChild, sourcePath } from '../support/child.js';

const dir = mkdtempSync(join(tmpdir(), 'fbkit-splash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const W = 320;
const H = 200;
const geometry = join(dir, 'geometry.json');
writeFileSync(geometry, JSON.stringify({ xres: W, yres: H, bits_per_pixel: 32 }));
const logo = join(dir, 'logo.png');
const red = Surface.create(40, 20);
red.clear(0xffff0000);
writeFileSync(logo, writePng(red));

function bufferIo() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: { write: (s: string | Uint8Array) => (out.stdout += String(s)) }, stderr: { write: (s: string | Uint8Array) => (out.stderr += String(s)) } } };
}

async function until(what: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!what()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('fbkit splash', () => {
  it('draws the image and the progress bar the FIFO asks for, reports garbage, exits on QUIT', async () => {
    const raw = join(dir, 'fb.raw');
    const fifo = join(dir, 'splash.fifo');
    const { out, io } = bufferIo();
    const done = run(['splash', logo, '--device', `file:${raw}?geometry=${geometry}`, '--fifo', fifo, '--no-console', '--background', 'navy'], io);
    await until(() => existsSync(fifo));
    writeCommand(fifo, 'PROGRESS 50');
    writeFileSync(fifo, 'WHAT IS THIS\n');
    writeCommand(fifo, 'MSG Mounting /data');
    writeCommand(fifo, 'QUIT');
    expect(await done).toBe(0);
    expect(out.stderr).toMatch(/ignoring 'WHAT IS THIS': unknown command/);
    expect(existsSync(fifo)).toBe(false);

    const fb = Framebuffer.fromDeviceSpec(`file:${raw}`);
    const s = fb.surface;
    const { track, message } = splashLayout(W, H);
    const rgb = (x: number, y: number) => s.getPixel(x, y) & 0xffffff;
    expect(rgb(W / 2, H / 2)).toBe(0xff0000); // the logo, centered
    expect(rgb(2, 2)).toBe(0x000080); // the background
    const mid = track.y + 1;
    expect(rgb(track.x, mid)).toBe(DEFAULT_STYLE.barColor & 0xffffff);
    expect(rgb(track.x + Math.round(track.w / 2) - 1, mid)).toBe(DEFAULT_STYLE.barColor & 0xffffff);
    expect(rgb(track.x + Math.round(track.w / 2), mid)).toBe(DEFAULT_STYLE.trackColor & 0xffffff);
    let textPixels = 0;
    for (let y = message.y; y < message.y + message.h; y++) for (let x = 0; x < W; x++) if (rgb(x, y) === (DEFAULT_STYLE.textColor & 0xffffff)) textPixels++;
    expect(textPixels).toBeGreaterThan(20);
    fb.close();
  });

  it('a missing image fails before touching the device', async () => {
    const { out, io } = bufferIo();
    expect(await run(['splash', join(dir, 'nope.png'), '--device', 'virtual:nothing-here', '--no-console'], io)).not.toBe(0);
    expect(out.stderr).toMatch(/nope\.png/);
  });

  it('SIGTERM stops it cleanly: exit code 0, FIFO removed', async () => {
    const fifo = join(dir, 'term.fifo');
    const script = `
      import { existsSync } from 'node:fs';
      import { run } from ${JSON.stringify(sourcePath('src/cli/main.ts'))};
      const waiting = setInterval(() => { if (existsSync(${JSON.stringify(fifo)})) { clearInterval(waiting); process.kill(process.pid, 'SIGTERM'); } }, 10);
      process.exitCode = await run(['splash', ${JSON.stringify(logo)}, '--device', 'file:${join(dir, 'term.raw')}?geometry=${geometry}', '--fifo', ${JSON.stringify(fifo)}, '--no-console']);
    `;
    const r = await runChild(script);
    expect({ code: r.code, signal: r.signal }, r.stderr).toEqual({ code: 0, signal: null });
    expect(existsSync(fifo)).toBe(false);
  });
});

describe('fbkit splash-write', () => {
  it('refuses a malformed command with the reason on one line, exit code 2', async () => {
    const { out, io } = bufferIo();
    expect(await run(['splash-write', '--fifo', join(dir, 'x.fifo'), 'PROGRESS', 'many'], io)).toBe(2);
    expect(out.stderr).toMatch(/^fbkit: splash command 'PROGRESS many': PROGRESS needs a number.*\n$/);
    expect(out.stderr.split('\n')).toHaveLength(2);
  });
});
