/**
 * `fbkit fill COLOR [--rect x,y,w,h] [--rotate DEG] [--device D]`: one color over the screen
 * or a rectangle (in the rotated picture's coordinates).
 */
import type { Command } from 'commander';
import type { Rotation } from '../raster/rotation.js';
import { colorArg, DEVICE_HELP, openDevice, parseRect, rotateOption, type CliRect } from './args.js';
import type { CliIo } from './io.js';

interface FillOptions {
  rect?: CliRect;
  rotate: Rotation;
  device?: string;
}

export function register(program: Command, _io: CliIo): void {
  program
    .command('fill')
    .description('fill the visible screen (or a rectangle of it) with one color')
    .argument('<color>', 'a name (red, navy...), #rgb, #rrggbb, 0xRRGGBB or 0xAARRGGBB', (text: string) => colorArg(text))
    .option('--rect <x,y,w,h>', 'fill only this rectangle (clipped to the screen)', (text: string) => parseRect(text))
    .addOption(rotateOption())
    .option('--device <spec>', DEVICE_HELP)
    .action((color: number, opts: FillOptions) => {
      const fb = openDevice(opts.device, { rotate: opts.rotate });
      try {
        const screen = fb.surface;
        const rect = opts.rect ?? { x: 0, y: 0, w: screen.width, h: screen.height };
        screen.fillRect(rect, color);
        fb.flush(rect);
      } finally {
        fb.close();
      }
    });
}
