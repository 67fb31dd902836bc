/**
 * `fbkit fill COLOR [--rect x,y,w,h] [--rotate DEG] [--device D] [--output O] [--mode M] [--hold S]`:
 * one color over the screen or a rectangle (in the rotated picture's coordinates).
 */
import type { Command } from 'commander';
import { colorArg, parseRect, type CliRect } from './args.js';
import { addDisplayOptions, holdPicture, openDisplay, type DisplayOptions } from './display-options.js';
import type { CliIo } from './io.js';

interface FillOptions extends DisplayOptions {
  rect?: CliRect;
}

export function register(program: Command, io: CliIo): void {
  const command = program
    .command('fill')
    .description('fill the visible screen (or a rectangle of it) with one color')
    .argument('<color>', 'a name (red, navy...), #rgb, #rrggbb, 0xRRGGBB or 0xAARRGGBB', (text: string) => colorArg(text))
    .option('--rect <x,y,w,h>', 'fill only this rectangle (clipped to the screen)', (text: string) => parseRect(text));
  addDisplayOptions(command, 'one-shot').action(async (color: number, opts: FillOptions) => {
    const fb = openDisplay(opts, 'one-shot');
    try {
      const screen = fb.surface;
      const rect = opts.rect ?? { x: 0, y: 0, w: screen.width, h: screen.height };
      screen.fillRect(rect, color);
      fb.flush(rect);
      await holdPicture(fb, opts.hold, io);
    } finally {
      fb.close();
    }
  });
}
