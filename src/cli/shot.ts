/**
 * `fbkit shot OUT.png|- [--rect x,y,w,h] [--rotate DEG] [--device D] [--output O]`: the
 * visible page as a PNG, from any pixel format and any stride; `-` writes the PNG to stdout
 * so it pipes. On a KMS card, what the output's CRTC scans out now, whoever drew it
 * (display/kms/capture.ts). The picture is the screen as the device lays it out;
 * `--rotate` turns it back by that rotation, so a program drawing with `--rotate 90` is
 * captured upright (and `--rect` is then in that upright picture).
 */
import type { Command } from 'commander';
import { FORMATS, isOpaqueFormat } from '../raster/format.js';
import { writePng } from '../codecs/png.js';
import { Surface } from '../draw/surface.js';
import { intersectRect } from '../raster/geometry.js';
import { inverseRotation, rotateSize, type Rotation } from '../raster/rotation.js';
import { rotateInto } from '../draw/rotate.js';
import { captureKms } from '../display/kms/capture.js';
import { isDrmCard } from '../display/kms/card-path.js';
import { DEVICE_HELP, parseRect, rotateOption, usageError, type CliRect } from './args.js';
import { savePng } from './image-files.js';
import { devicePath, openDevice } from './display-options.js';
import type { CliIo } from './io.js';

interface ShotOptions {
  rect?: CliRect;
  rotate: Rotation;
  device?: string;
  output?: string;
}

/** Runs `take` on the screen's pixels (a KMS output's scanout, or the framebuffer's visible page) and where they came from. */
function grab<T>(opts: ShotOptions, take: (screen: Surface, from: string) => T): T {
  const path = devicePath(opts, 'one-shot');
  if (isDrmCard(path)) {
    const shot = captureKms(path, { output: opts.output });
    return take(upright(shot.surface, opts.rotate), `${path} ${shot.output.name}`);
  }
  if (opts.output !== undefined)
    throw usageError(`--output chooses among a KMS card's outputs, and ${path} is not one`, 'give --device /dev/dri/cardN');
  const fb = openDevice(path, { writable: false, rotate: opts.rotate });
  try {
    return take(fb.surface, fb.info.path);
  } finally {
    fb.close();
  }
}

/** The picture a program drawing with `rotation` made, from the screen as the device lays it out. */
function upright(screen: Surface, rotation: Rotation): Surface {
  if (rotation === 0) return screen;
  const back = inverseRotation(rotation);
  const { width, height } = rotateSize(screen, back);
  const out = Surface.create(width, height, screen.format);
  rotateInto(out, screen, { x: 0, y: 0, w: screen.width, h: screen.height }, back);
  return out;
}

/**
 * Copies `rect` of the screen (already inside it) into a 32-bit surface: a blit starts at
 * any column, even in sub-byte formats, and the PNG keeps alpha only if the screen has it.
 */
function capture(screen: Surface, rect: CliRect): Surface {
  const out = Surface.create(rect.w, rect.h, isOpaqueFormat(screen.format) ? FORMATS.XRGB8888 : FORMATS.ARGB8888);
  out.blit(screen, { x: 0, y: 0 }, { srcRect: rect });
  return out;
}

export function register(program: Command, io: CliIo): void {
  program
    .command('shot')
    .description('save the visible screen (or a rectangle of it) as a PNG')
    .argument('<out>', "PNG file to write, or '-' for stdout")
    .option('--rect <x,y,w,h>', 'only this rectangle of the screen', (text: string) => parseRect(text))
    .addOption(rotateOption('capture a screen drawn with this --rotate upright (default 0: as the device lays it out)'))
    .option('--device <spec>', DEVICE_HELP)
    .option('--output <name>', 'KMS: the output to capture (default: the first one showing a picture)')
    .action((out: string, opts: ShotOptions) => {
      const { image, what } = grab(opts, (screen, from) => {
        const whole = { x: 0, y: 0, w: screen.width, h: screen.height };
        const rect = opts.rect ? intersectRect(opts.rect, whole) : whole;
        if (rect.w === 0 || rect.h === 0) {
          const r = opts.rect!;
          throw usageError(`--rect '${r.x},${r.y},${r.w},${r.h}' covers no pixel of the ${screen.width}x${screen.height} screen`);
        }
        return { image: capture(screen, rect), what: `${rect.w}x${rect.h} from ${from} (${screen.format.name})` };
      });
      if (out === '-') {
        io.stdout.write(writePng(image));
        return;
      }
      savePng(out, image);
      io.stdout.write(`wrote ${out}: ${what}\n`);
    });
}
