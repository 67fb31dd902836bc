/**
 * `fbkit splash` end to end on a file-backed virtual framebuffer: commands through the
 * FIFO change exactly the pixels they should, garbage is reported (escaped, cut short,
 * not endlessly), QUIT and signals exit cleanly and remove the FIFO; every refusal is
 * one line, exit code 2 for bad input and 1 for the state of the system, and comes
 * before anything is drawn. `fbkit splash-write` the same way.
 */
import {
  chmodSync,
  chownSync,
  closeSync,
  constants,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { Framebuffer } from '../../src/display/framebuffer.js';
import { writePng } from '../../src/codecs/png.js';
import { DEFAULT_STYLE, splashLayout } from '../../src/splash/splash.js';
import { writeCommand } from '../../src/splash/fifo.js';
import { Surface } from '../../src/draw/surface.js';
import { mkfifo } from '../../src/sys/libc.js';
import { runChild, sourcePath } from '../support/child.js';
import { fill } from '../splash/pipes.js';

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
  return {
    out,
    io: {
      stdout: { write: (s: string | Uint8Array) => (out.stdout += String(s)) },
      stderr: { write: (s: string | Uint8Array) => (out.stderr += String(s)) },
    },
  };
}

/**
 * A file-backed framebuffer filled with a pattern, and a check that its pixels are
 * still exactly those: a refusal must come before anything is drawn.
 */
function patternedDevice(name: string): { spec: string; untouched: () => boolean } {
  const raw = join(dir, name);
  const spec = `file:${raw}?geometry=${geometry}`;
  const fb = Framebuffer.fromDeviceSpec(spec);
  fb.surface.clear(0xff123456);
  fb.close();
  const before = readFileSync(raw);
  return { spec, untouched: () => readFileSync(raw).equals(before) };
}

/** stderr as lines, without the empty one after the last newline. */
function lines(stderr: string): string[] {
  return stderr.split('\n').slice(0, -1);
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
    const done = run(
      ['splash', logo, '--device', `file:${raw}?geometry=${geometry}`, '--fifo', fifo, '--no-console', '--background', 'navy'],
      io,
    );
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
    for (let y = message.y; y < message.y + message.h; y++)
      for (let x = 0; x < W; x++) if (rgb(x, y) === (DEFAULT_STYLE.textColor & 0xffffff)) textPixels++;
    expect(textPixels).toBeGreaterThan(20);
    fb.close();
  });

  it('--rotate 90 lays the splash out on the turned picture and shows it turned', async () => {
    const raw = join(dir, 'turned.raw');
    const fifo = join(dir, 'turned.fifo');
    const { io } = bufferIo();
    const done = run(
      ['splash', logo, '--device', `file:${raw}?geometry=${geometry}`, '--fifo', fifo, '--no-console', '--rotate', '90'],
      io,
    );
    await until(() => existsSync(fifo));
    writeCommand(fifo, 'PROGRESS 100');
    writeCommand(fifo, 'QUIT');
    expect(await done).toBe(0);
    // Read back upright: the layout of a portrait H x W screen.
    const fb = Framebuffer.fromDeviceSpec(`file:${raw}`, { rotate: 90 });
    const s = fb.surface;
    const rgb = (x: number, y: number) => s.getPixel(x, y) & 0xffffff;
    const { track } = splashLayout(H, W);
    expect([s.width, s.height]).toEqual([H, W]);
    expect(rgb(H / 2, W / 2)).toBe(0xff0000);
    expect(rgb(H / 2 - 20, W / 2 - 10)).toBe(0xff0000); // the logo is 40 wide: it did not turn with the screen
    expect(rgb(H / 2 - 20, W / 2 - 20)).toBe(0x000000);
    expect(rgb(track.x, track.y + 1)).toBe(DEFAULT_STYLE.barColor & 0xffffff);
    expect(rgb(track.x + track.w - 1, track.y + track.h - 1)).toBe(DEFAULT_STYLE.barColor & 0xffffff);
    // On the device, the bar runs down the screen (at x = W - 1 - y of the upright picture).
    const device = fb.deviceSurface;
    expect(device.getPixel(W - 1 - (track.y + 1), track.x + 5) & 0xffffff).toBe(DEFAULT_STYLE.barColor & 0xffffff);
    fb.close();
  });

  it('a missing or damaged image is bad input: one line, exit code 2, before the FIFO or the device', async () => {
    const damaged = join(dir, 'bad.png');
    writeFileSync(damaged, 'not a PNG at all');
    const fifo = join(dir, 'unused.fifo');
    for (const image of [join(dir, 'nope.png'), damaged]) {
      const { out, io } = bufferIo();
      expect(await run(['splash', image, '--device', 'virtual:nothing-here', '--fifo', fifo, '--no-console'], io)).toBe(2);
      expect(lines(out.stderr)).toEqual([expect.stringMatching(new RegExp(`^fbkit: image '${image}': `))]);
      expect(existsSync(fifo)).toBe(false);
    }
  });

  it("a second splash on the same FIFO is refused, naming the first one's pid, with its device untouched", async () => {
    const fifo = join(dir, 'shared.fifo');
    const first = bufferIo();
    const running = run(
      ['splash', logo, '--device', `file:${join(dir, 'first.raw')}?geometry=${geometry}`, '--fifo', fifo, '--no-console'],
      first.io,
    );
    await until(() => existsSync(fifo));
    const device = patternedDevice('second.raw');
    const second = bufferIo();
    expect(await run(['splash', logo, '--device', device.spec, '--fifo', fifo, '--no-console'], second.io)).toBe(1);
    expect(lines(second.out.stderr)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^fbkit: another splash \\(pid ${process.pid}\\) is listening on ${fifo} \\(hint: stop it first with \`fbkit splash-write --fifo ${fifo} QUIT\`, or pass another --fifo PATH\\)$`,
        ),
      ),
    ]);
    expect(device.untouched()).toBe(true);
    // The first one still has the FIFO: its QUIT ends it, and only then is the FIFO gone.
    expect(existsSync(fifo)).toBe(true);
    writeCommand(fifo, 'QUIT');
    expect(await running).toBe(0);
    expect([existsSync(fifo), existsSync(`${fifo}.lock`)]).toEqual([false, false]);
  });

  const unusable: Array<[string, (path: string) => void, RegExp]> = [
    ['a regular file', (path) => writeFileSync(path, 'keep'), /exists and is not a FIFO/],
    [
      'a FIFO every user may write',
      (path) => {
        mkfifo(path);
        chmodSync(path, 0o622);
      },
      /is writable by every user/,
    ],
  ];
  if (process.getuid?.() === 0) {
    unusable.push([
      "another user's FIFO",
      (path) => {
        mkfifo(path);
        chownSync(path, 65534, 65534);
      },
      /belongs to uid 65534/,
    ]);
  }

  it.each(unusable)('--fifo naming %s fails on one line, exit code 1, before anything is drawn', async (what, make, message) => {
    const fifo = join(dir, `unusable ${what}`);
    make(fifo);
    const device = patternedDevice(`unusable ${what}.raw`);
    const { out, io } = bufferIo();
    expect(await run(['splash', logo, '--device', device.spec, '--fifo', fifo, '--no-console'], io)).toBe(1);
    expect(lines(out.stderr)).toEqual([expect.stringMatching(/^fbkit: /)]);
    expect(out.stderr).toMatch(message);
    expect(device.untouched()).toBe(true);
    expect(existsSync(`${fifo}.lock`)).toBe(false);
  });

  it('reports invalid lines escaped and cut short, and stops listing them after ten', async () => {
    const fifo = join(dir, 'garbage.fifo');
    const { out, io } = bufferIo();
    const done = run(
      ['splash', logo, '--device', `file:${join(dir, 'garbage.raw')}?geometry=${geometry}`, '--fifo', fifo, '--no-console'],
      io,
    );
    await until(() => existsSync(fifo));
    const garbage = ['\x1b[2J\x1b]0;owned\x07 HELLO', `MSG ${'x'.repeat(5000)}`, `BOGUS ${'y'.repeat(200)}`];
    for (let i = 0; i < 27; i++) garbage.push(`BOGUS ${i}`);
    writeFileSync(fifo, `${garbage.join('\n')}\nQUIT\n`);
    expect(await done).toBe(0);
    const reported = lines(out.stderr);
    expect(out.stderr).not.toMatch(/[\x00-\x09\x0b-\x1f]/);
    expect(reported[0]).toBe(
      "fbkit splash: ignoring '\\x1b[2J\\x1b]0;owned\\x07 HELLO': unknown command; expected PROGRESS <0-100>, MSG <text> or QUIT",
    );
    expect(reported[1]).toBe(`fbkit splash: ignoring 'MSG ${'x'.repeat(76)}…': longer than 1024 bytes; dropped`);
    expect(reported[2]).toMatch(/^fbkit splash: ignoring 'BOGUS y{74}…': unknown command/);
    expect(reported.slice(10)).toEqual([
      'fbkit splash: further invalid commands are counted, not shown',
      'fbkit splash: ignored 20 more invalid commands',
    ]);
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

  it('refuses a command over 1 KiB on one line, exit code 2, sending none of it; sends one at the limit whole', async () => {
    const fifo = join(dir, 'long.fifo');
    mkfifo(fifo);
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const { out, io } = bufferIo();
      expect(await run(['splash-write', '--fifo', fifo, 'MSG', 'x'.repeat(100_000)], io)).toBe(2);
      expect(lines(out.stderr)).toEqual([
        'fbkit: splash command of 100004 bytes: the limit is 1024 (hint: shorten the MSG text; one line of the screen shows far less)',
      ]);
      const longest = `MSG ${'x'.repeat(1020)}`;
      expect(await run(['splash-write', '--fifo', fifo, longest], bufferIo().io)).toBe(0);
      const buf = Buffer.alloc(200_000);
      expect(buf.subarray(0, readSync(reader, buf)).toString()).toBe(`${longest}\n`);
    } finally {
      closeSync(reader);
    }
  });

  it('into a full FIFO (a splash that does not read): one line, exit code 1, no stack', async () => {
    const fifo = join(dir, 'full.fifo');
    mkfifo(fifo);
    const stuck = openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK);
    try {
      fill(stuck);
      const { out, io } = bufferIo();
      expect(await run(['splash-write', '--fifo', fifo, 'QUIT'], io)).toBe(1);
      expect(lines(out.stderr)).toEqual([
        `fbkit: the splash is not reading ${fifo}: its FIFO is full (hint: the splash is stuck or stopped; restart it)`,
      ]);
    } finally {
      closeSync(stuck);
    }
  });
});
