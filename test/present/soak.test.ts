/**
 * Long-running use must not grow: thousands of frames of the kiosk board on a virtual
 * framebuffer (page flipping on), and hundreds of FIFO/console takeover cycles, with the
 * heap measured after a full GC and open descriptors counted in /proc/self/fd.
 * Runs in a child with --expose-gc so vitest's own allocations do not blur the numbers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runChild, sourcePath } from '../support/child.js';

const dir = mkdtempSync(join(tmpdir(), 'fbkit-soak-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Sample {
  heap: number;
  fds: number;
  listeners: number;
}

const sampler = `
  import { readdirSync } from 'node:fs';
  const sample = () => {
    globalThis.gc();
    return { heap: process.memoryUsage().heapUsed, fds: readdirSync('/proc/self/fd').length,
      listeners: ['SIGINT', 'SIGTERM', 'exit', 'uncaughtExceptionMonitor'].reduce((n, e) => n + process.listenerCount(e), 0) };
  };
  const samples = [];
`;

async function soak(body: string): Promise<Sample[]> {
  const r = await runChild(`${sampler}${body}\nconsole.log(JSON.stringify(samples));`, ['--expose-gc'], 240_000);
  expect({ code: r.code, signal: r.signal }, r.stderr).toEqual({ code: 0, signal: null });
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Sample[];
}

/** Flat: after the first sample (warm-up: JIT, caches), the heap stays within `slack` bytes and nothing else moves. */
function expectFlat(samples: Sample[], slack: number): void {
  const [, base, ...rest] = samples;
  for (const s of rest) {
    expect(s.heap - base.heap, `heap samples ${samples.map((x) => (x.heap / 1024).toFixed(0)).join(' ')} KB`).toBeLessThan(slack);
    expect(s.fds).toBe(base.fds);
    expect(s.listeners).toBe(base.listeners);
  }
}

describe('soak', () => {
  it('12,000 frames of the kiosk board: heap and descriptors stay flat', async () => {
    const samples = await soak(`
      import { Framebuffer } from ${JSON.stringify(sourcePath('src/display/framebuffer.ts'))};
      import { Frames } from ${JSON.stringify(sourcePath('src/present/frames.ts'))};
      import { ClockBoard, clockLines } from ${JSON.stringify(sourcePath('examples/kiosk-clock/board.ts'))};
      const fb = Framebuffer.virtual({ xres: 320, yres: 240, yres_virtual: 480, ypanstep: 1, bits_per_pixel: 32 });
      const frames = Frames.attach(fb);
      if (frames.mode !== 'flip') throw new Error('expected page flipping');
      const board = new ClockBoard(frames);
      board.drawAll(clockLines(new Date(0), 320, 'starting'));
      frames.presentNow();
      for (let i = 0; i < 12000; i++) {
        board.update(clockLines(new Date(i * 1000), 320, 'frames ' + i));
        frames.presentNow();
        if (i % 1500 === 1499) samples.push(sample());
      }
    `);
    expect(samples).toHaveLength(8);
    expectFlat(samples, 1024 * 1024);
  });

  it('600 FIFO listen/close and console take/restore cycles leak no descriptors or listeners', async () => {
    const samples = await soak(`
      import { Console } from ${JSON.stringify(sourcePath('src/console/console.ts'))};
      import { listenFifo, writeCommand } from ${JSON.stringify(sourcePath('src/splash/fifo.ts'))};
      const device = { path: '/dev/fake', getMode: () => 0, setMode() {}, write() {}, close() {} };
      for (let i = 0; i < 600; i++) {
        const con = Console.take({ device, screen: { snapshot: () => () => {} } });
        const listener = listenFifo(${JSON.stringify(join(dir, 'soak.fifo'))}, () => {});
        writeCommand(listener.path, 'PROGRESS ' + (i % 101));
        await new Promise((r) => setImmediate(r));
        listener.close();
        con.close();
        if (i % 100 === 99) { await new Promise((r) => setTimeout(r, 5)); samples.push(sample()); }
      }
    `);
    expectFlat(samples, 512 * 1024);
  });
});
