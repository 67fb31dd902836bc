/**
 * `fbkit shot OUT.png|- [--rect x,y,w,h] [--rotate DEG] [--device D]`: the visible page as a
 * PNG, from any pixel format and any stride; `-` writes the PNG to stdout so it pipes.
 * The picture is the screen as the device lays it out; `--rotate` turns it back by that
 * rotation, so a program drawing with `--rotate 90` is captured upright (and `--rect`
 * is then in that upright picture).
 */
import type { Command } from 'commander';
import { FORMATS, isOpaqueFormat } from '../raster/format.js';
import { writePng } from '../codecs/png.js';
import { Surface } from '../draw/surface.js';
import { intersectRect } from '../raster/geometry.js';
import type { Rotation } from '../raster/rotation.js';
import { DEVICE_HELP, openDevice, parseRect, rotateOption, savePng, usageError, type CliRect } from './args.js';
import type { CliIo } from './io.js';

interface ShotOptions {
  rect?: CliRect;
  rotate: Rotation;
  device?: string;
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
    .action((out: string, opts: ShotOptions) => {
      const fb = openDevice(opts.device, { writable: false, rotate: opts.rotate });
      let image: Surface;
      let what: string;
      try {
        const screen = fb.surface;
        const whole = { x: 0, y: 0, w: screen.width, h: screen.height };
        const rect = opts.rect ? intersectRect(opts.rect, whole) : whole;
        if (rect.w === 0 || rect.h === 0) {
          const r = opts.rect!;
          throw usageError(`--rect '${r.x},${r.y},${r.w},${r.h}' covers no pixel of the ${screen.width}x${screen.height} screen`);
        }
        image = capture(screen, rect);
        what = `${rect.w}x${rect.h} from ${fb.info.path} (${screen.format.name})`;
      } finally {
        fb.close();
      }
      if (out === '-') {
        io.stdout.write(writePng(image));
        return;
      }
      savePng(out, image);
      io.stdout.write(`wrote ${out}: ${what}\n`);
    });
}
