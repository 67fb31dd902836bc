/**
 * A touch kiosk: a text field fed by a keyboard and three buttons that highlight on press
 * and act on release, on KMS, fbdev or a virtual framebuffer.
 *
 *   npx tsx examples/kiosk-touch/main.ts [--device /dev/dri/cardN | /dev/fbN | virtual:NAME | file:PATH?geometry=NAME]
 *        [--output NAME] [--mode WxH[@Hz]] [--input /dev/input/eventN] [--rotate 0|90|180|270]
 *        [--grab] [--no-console] [--script] [--out shot.png]
 *
 * Without --device it runs where a long-running program should: KMS when a card has a
 * connected output and its DRM master is free, else /dev/fb0.
 * --script plays a tap on each button and some typing instead of reading devices (the
 * headless demo; --out saves the screen at the end). With /dev/uinput, a uinput device can
 * stand in for hardware instead (see test/vm/scenarios).
 */
import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { Console } from '../../src/console/console.js';
import { chooseDisplay } from '../../src/display/choose-display.js';
import { Framebuffer } from '../../src/display/framebuffer.js';
import type { InputEvent } from '../../src/input/events.js';
import { InputSource } from '../../src/input/input-source.js';
import { writePng } from '../../src/codecs/png.js';
import { checkRotation } from '../../src/raster/rotation.js';
import { TouchPanel } from './panel.js';

const { values: args } = parseArgs({
  options: {
    device: { type: 'string' },
    output: { type: 'string' },
    mode: { type: 'string' },
    input: { type: 'string', multiple: true },
    rotate: { type: 'string' },
    grab: { type: 'boolean', default: false },
    'no-console': { type: 'boolean', default: false },
    script: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});

const rotate = checkRotation(Number(args.rotate ?? 0), '--rotate');
// The panel shows the picture turned; touches are turned back with it (screen.rotation).
const fb = Framebuffer.fromDeviceSpec(args.device ?? chooseDisplay('long-running').path, { rotate, output: args.output, mode: args.mode });
const con = fb.kind === 'device' && !args['no-console'] ? Console.takeFor(fb) : undefined;
process.stderr.write(`kiosk-touch: ${fb.width}x${fb.height} on ${fb.info.path} (${fb.backend}${fb.output ? `, ${fb.output}` : ''})\n`);
const panel = new TouchPanel(fb.surface);
const drawAll = (): void => {
  panel.drawAll();
  fb.flush();
};
drawAll();
// Another VT on screen: its owner draws there (and on KMS holds DRM master); taps wait. Back
// on our VT: fbcon drew over fbdev, and KMS shows our buffer again but repainting costs little.
con?.on('acquire', drawAll);
const show = (e: InputEvent): void => {
  if (con && !con.active) return;
  for (const rect of panel.handle(e)) fb.flush(rect);
};

if (args.script) {
  const at = (label: string) => {
    const r = panel.buttons.find((b) => b.label === label)!.rect;
    return { x: r.x + (r.w >> 1), y: r.y + (r.h >> 1) };
  };
  const common = { device: 'script', time: 0, source: 'touch' as const };
  for (const ch of 'hello kiosk') show({ type: 'key', key: 'KEY_X', code: 0, action: 'press', text: ch, device: 'script', time: 0 });
  show({ type: 'pointer', action: 'down', ...at('GREEN'), ...common });
  show({ type: 'pointer', action: 'up', ...at('GREEN'), ...common });
} else {
  const source = InputSource.open({
    screen: { width: fb.width, height: fb.height, rotation: fb.rotation },
    ...(args.input ? { devices: args.input } : {}),
    grab: args.grab,
  });
  source.on('event', show);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => source.close());
  // The listener draws; this loop only waits for close() (a signal) to end the stream.
  for await (const _event of source);
}
if (args.out) writeFileSync(args.out, writePng(fb.surface));
con?.close();
fb.close();
