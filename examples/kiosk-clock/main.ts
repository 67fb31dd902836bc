/**
 * A full-screen clock/status board for a kiosk: takes the console, redraws once a second
 * with dirty rectangles, and gives the console back on Ctrl-C (or any other way out).
 *
 *   npx tsx examples/kiosk-clock/main.ts [--device /dev/dri/cardN | /dev/fbN | virtual:NAME | file:PATH?geometry=NAME]
 *                                        [--output NAME] [--mode WxH[@Hz]]
 *                                        [--tty /dev/ttyN] [--no-console] [--seconds N] [--rotate 0|90|180|270]
 * Without --device it runs where a long-running program should: KMS when a card has a
 * connected output and its DRM master is free (real page flips), else /dev/fb0.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Console } from '../../src/console/console.js';
import { chooseDisplay } from '../../src/display/choose-display.js';
import { Framebuffer } from '../../src/display/framebuffer.js';
import { checkRotation } from '../../src/raster/rotation.js';
import { frameLoop, Frames } from '../../src/present/frames.js';
import { ClockBoard, clockLines } from './board.js';

const { values: args } = parseArgs({
  options: {
    device: { type: 'string' },
    output: { type: 'string' },
    mode: { type: 'string' },
    tty: { type: 'string' },
    'no-console': { type: 'boolean', default: false },
    seconds: { type: 'string' },
    rotate: { type: 'string', default: '0' },
  },
});

const warn = (message: string): void => void process.stderr.write(`kiosk-clock: ${message}\n`);
// A panel mounted on its side: the board is laid out upright and presented turned.
const fb = Framebuffer.fromDeviceSpec(args.device ?? chooseDisplay('long-running').path, {
  output: args.output,
  mode: args.mode,
  rotate: checkRotation(Number(args.rotate), '--rotate'),
});
const con = Console.takeFor(fb, { device: args['no-console'] ? null : args.tty, warn });
const frames = Frames.attach(fb, { warn, initial: 'blank', console: con });
const board = new ClockBoard(frames);
const stop = new AbortController();
// Our own handlers make Ctrl-C a clean stop; Console restores the VT before they run.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stop.abort());

const status = (presented: number): string =>
  `load ${loadavg()[0].toFixed(2)}  heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1)} MB  frames ${presented}`;

let presented = 0;
board.drawAll(clockLines(new Date(), fb.width, status(0)));
frames.presentNow();
// Start on a whole second so the display ticks with the wall clock.
await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000)));
await frameLoop(
  async () => {
    board.update(clockLines(new Date(), fb.width, status(++presented)));
    await frames.present();
  },
  { fps: 1, signal: stop.signal, maxFrames: args.seconds ? Number(args.seconds) : undefined },
);
frames.close();
con.close();
fb.close();
