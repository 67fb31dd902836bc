/**
 * `fbkit input list [--json]`: the input devices and what each one is.
 * `fbkit input watch [--device PATH] [--display D] [--rotate R] [--json] ...`: one line per
 *   event, like evtest but in screen pixels, key names and text.
 * `fbkit input calibrate [--device PATH] [--display D] [--rotate R]`: draws targets, takes
 *   a tap on each, prints the calibration matrix.
 */
import { existsSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { FbkitError } from '../errors.js';
import type { Rotation } from '../raster/rotation.js';
import { ABS_X, ABS_Y } from '../input/classify.js';
import type { InputEvent } from '../input/events.js';
import { checkMatrix, type GeometryOptions, makeTransform, normalize, type ScreenGeometry, solveCalibration } from '../input/geometry.js';
import { InputSource } from '../input/input-source.js';
import { listInputDevices } from '../input/list.js';
import { rotateOption, usageError } from './args.js';
import { openDevice } from './display-options.js';
import { CliFailure, type CliIo } from './io.js';

const DISPLAY_HELP =
  'the display whose pixels positions are given in: /dev/fbN, virtual:NAME or file:PATH (default /dev/fb0 if there is one, else device units)';

interface GeometryFlags {
  display?: string;
  rotate: Rotation;
  swapXy?: boolean;
  invertX?: boolean;
  invertY?: boolean;
  matrix?: number[];
}

function parseMatrix(text: string): number[] {
  const values = text
    .trim()
    .split(/[\s,]+/)
    .map(Number);
  try {
    return [...checkMatrix(values, '--matrix')];
  } catch (err) {
    throw CliFailure.from(err as FbkitError, '', 2);
  }
}

/** The display's size as the application sees it (turned by --rotate) and its rotation; closed again at once. */
function screenOf(spec: string | undefined, rotate: Rotation): ScreenGeometry | undefined {
  if (spec === undefined && !existsSync('/dev/fb0')) return undefined;
  const fb = openDevice(spec, { writable: false, rotate });
  try {
    return { width: fb.width, height: fb.height, rotation: fb.rotation };
  } finally {
    fb.close();
  }
}

function geometry(flags: GeometryFlags): GeometryOptions {
  return {
    ...(flags.matrix ? { matrix: flags.matrix } : {}),
    swapXY: flags.swapXy ?? false,
    invertX: flags.invertX ?? false,
    invertY: flags.invertY ?? false,
  };
}

/** One event as evtest-like text: device, what, where. */
function describe(e: InputEvent): string {
  switch (e.type) {
    case 'pointer':
      return `${e.device} pointer ${e.action} ${e.x},${e.y}${e.button ? ` ${e.button}` : ''} (${e.source})`;
    case 'touch':
      return `${e.device} touch ${e.action} id=${e.id} slot=${e.slot} ${e.x},${e.y}`;
    case 'wheel':
      return `${e.device} wheel dx=${e.dx} dy=${e.dy} at ${e.x},${e.y}`;
    case 'key':
      return `${e.device} key ${e.key} ${e.action}${e.text === undefined ? '' : ` ${JSON.stringify(e.text)}`}`;
    case 'device':
      return `${e.device} ${e.action}${e.name ? ` "${e.name}"` : ''}${e.kinds ? ` (${e.kinds.join(', ')})` : ''}${e.reason ? `: ${e.reason}` : ''}`;
  }
}

function withGeometryOptions(command: Command): Command {
  return command
    .option('--device <path>', 'read only this device (default: every keyboard, mouse, touchscreen and tablet, and those plugged in later)')
    .option('--display <spec>', DISPLAY_HELP)
    .addOption(rotateOption("the display's rotation: the picture turned by 0, 90, 180 or 270 degrees clockwise (as on the drawing verbs)"))
    .option('--swap-xy', 'swap the touch axes (a panel mounted turned)')
    .option('--invert-x', 'mirror the touch X axis')
    .option('--invert-y', 'mirror the touch Y axis')
    .option('--matrix <a b c d e f>', 'calibration matrix, as `fbkit input calibrate` prints it', parseMatrix);
}

export function register(program: Command, io: CliIo): void {
  const input = program.command('input').description('input devices: list them, watch their events, calibrate a touchscreen');

  input
    .command('list')
    .description('list the input devices: name, id, kind (keyboard, pointer, touch, touchpad, tablet), axes')
    .option('--json', 'one JSON array')
    .action((opts: { json?: boolean }) => {
      const devices = listInputDevices();
      if (opts.json) {
        io.stdout.write(`${JSON.stringify(devices)}\n`);
        return;
      }
      if (devices.length === 0) io.stdout.write('no input devices in /dev/input\n');
      for (const d of devices) {
        if (d.error) {
          io.stdout.write(`${d.path}: cannot open: ${d.error.code}${d.error.hint ? ` (hint: ${d.error.hint})` : ''}\n`);
          continue;
        }
        const id = d.id!;
        const hex = (n: number) => n.toString(16).padStart(4, '0');
        const kinds = d.kinds!.length > 0 ? d.kinds!.join(', ') : 'other';
        const multitouch =
          d.multitouch === 'B' ? `, multitouch ${d.slots} slots` : d.multitouch === 'A' ? ', multitouch without slots (protocol A)' : '';
        const axes = Object.entries(d.axes!)
          .filter(([name]) => ['ABS_X', 'ABS_Y', 'ABS_MT_POSITION_X', 'ABS_MT_POSITION_Y'].includes(name))
          .map(([name, a]) => `${name} ${a.minimum}..${a.maximum}`);
        io.stdout.write(
          `${d.path}: "${d.name}" ${hex(id.bustype)}:${hex(id.vendor)}:${hex(id.product)} ${kinds}${multitouch}${axes.length ? `; ${axes.join(', ')}` : ''}\n`,
        );
      }
    });

  withGeometryOptions(
    input
      .command('watch')
      .description('print input events, one line each: pointer and touch in screen pixels, keys by name with their text'),
  )
    .option('--json', 'one JSON object per line')
    .option('--grab', 'take the devices exclusively (the console does not see the keys)')
    .addOption(
      new Option('--count <n>', 'stop after n events').argParser((text: string) => {
        const n = Number(text);
        if (!Number.isInteger(n) || n <= 0) throw usageError(`--count '${text}' is not a positive whole number`);
        return n;
      }),
    )
    .action(async (opts: GeometryFlags & { device?: string; json?: boolean; grab?: boolean; count?: number }) => {
      const screen = screenOf(opts.display, opts.rotate);
      const source = InputSource.open({
        ...geometry(opts),
        ...(screen ? { screen } : {}),
        ...(opts.device ? { devices: [opts.device] } : {}),
        grab: opts.grab ?? false,
      });
      io.stderr.write(
        `watching ${source.devices.map((d) => `${d.path} (${d.name})`).join(', ') || 'for devices to be plugged in'}${screen ? ` on a ${screen.width}x${screen.height} screen` : ' in device units'}\n`,
      );
      let seen = 0;
      try {
        for await (const event of source) {
          io.stdout.write(opts.json ? `${JSON.stringify(event)}\n` : `${describe(event)}\n`);
          if (opts.count !== undefined && ++seen >= opts.count) break;
        }
      } finally {
        source.close();
      }
    });

  withGeometryOptions(
    input.command('calibrate').description('draw targets on the display, take a tap on each, print the calibration matrix'),
  )
    .option('--json', 'print the matrix as JSON')
    .action(async (opts: GeometryFlags & { device?: string; json?: boolean }) => {
      const fb = openDevice(opts.display, { rotate: opts.rotate });
      try {
        const s = fb.surface;
        const options = geometry({ ...opts, matrix: undefined });
        const transform = makeTransform({ width: fb.width, height: fb.height, rotation: fb.rotation }, options);
        // Raw device units: the matrix is found from positions before any calibration.
        const source = InputSource.open({
          kinds: ['touch', 'tablet', 'touchpad'],
          ...(opts.device ? { devices: [opts.device] } : {}),
          hotplug: false,
        });
        try {
          const device = source.devices[0];
          if (!device)
            throw new CliFailure('no touchscreen or tablet to calibrate', 1, 'plug one in, or name it with --device (fbkit input list)');
          // The pointer position calibrate reads is ABS_X/ABS_Y (multitouch screens report it too).
          const ax = device.caps.abs.get(ABS_X);
          const ay = device.caps.abs.get(ABS_Y);
          if (!ax || !ay)
            throw new CliFailure(
              `${device.path} (${device.name}) has no ABS_X/ABS_Y axes to calibrate`,
              1,
              'name a touchscreen or tablet with --device (fbkit input list shows the axes)',
            );
          const targets = [
            [0.1, 0.1],
            [0.9, 0.1],
            [0.9, 0.9],
            [0.1, 0.9],
            [0.5, 0.5],
          ].map(([fx, fy]) => ({ x: Math.round(fx! * (s.width - 1)), y: Math.round(fy! * (s.height - 1)) }));
          const samples = [];
          const events = source[Symbol.asyncIterator]();
          for (const target of targets) {
            s.fillRect({ x: 0, y: 0, w: s.width, h: s.height }, 0xff000000);
            s.fillRect({ x: target.x - 15, y: target.y, w: 31, h: 1 }, 0xffffffff);
            s.fillRect({ x: target.x, y: target.y - 15, w: 1, h: 31 }, 0xffffffff);
            fb.flush();
            io.stderr.write(`tap the cross at ${target.x},${target.y}\n`);
            for (;;) {
              const { value, done } = await events.next();
              if (done) throw new CliFailure(`${device.path} went away during calibration`, 1);
              if (value.type === 'pointer' && value.action === 'up' && value.device === device.path) {
                samples.push({
                  measured: { x: normalize(value.x, ax.minimum, ax.maximum), y: normalize(value.y, ay.minimum, ay.maximum) },
                  target: transform.toPanel(target.x, target.y),
                });
                break;
              }
            }
          }
          const matrix = solveCalibration(samples).map((v) => Number(v.toFixed(6)));
          s.fillRect({ x: 0, y: 0, w: s.width, h: s.height }, 0xff000000);
          fb.flush();
          io.stdout.write(opts.json ? `${JSON.stringify({ device: device.path, matrix })}\n` : `${matrix.join(' ')}\n`);
        } finally {
          source.close();
        }
      } catch (err) {
        if (err instanceof FbkitError && err.code === 'ESINGULAR') throw CliFailure.from(err, '', 1);
        throw err;
      } finally {
        fb.close();
      }
    });
}
