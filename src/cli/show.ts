/**
 * `fbkit show IMAGE [--fit none|contain|cover|stretch] [--background COLOR] [--rotate DEG] [--device D]`:
 * a PNG on the screen, placed by the fit mode (default contain), centered, blended over
 * the background color (default black) where it is transparent or does not reach.
 */
import type { Command } from 'commander';
import { blitScaled } from '../draw/scale.js';
import type { Surface } from '../draw/surface.js';
import { colorOption, parseFit, type FitMode } from './args.js';
import { readImageArgument } from './image-files.js';
import { addDisplayOptions, holdPicture, openDisplay, type DisplayOptions } from './display-options.js';
import type { CliIo } from './io.js';

export interface ShowOptions {
  fit: FitMode;
  /** 0xAARRGGBB under the image and around it. */
  background: number;
}

/** Clears `screen` to the background and draws `image` on it, placed by `fit` and centered. */
export function showImage(screen: Surface, image: Surface, opts: ShowOptions): void {
  const bounds = { x: 0, y: 0, w: screen.width, h: screen.height };
  screen.fillRect(bounds, opts.background);
  blitScaled(screen, image, bounds, { fit: opts.fit, filter: 'bilinear', op: 'over' });
}

interface ShowCliOptions extends DisplayOptions {
  fit: FitMode;
  background: number;
}

export function register(program: Command, io: CliIo): void {
  const command = program
    .command('show')
    .description('show a PNG image on the screen')
    .argument('<image>', 'PNG file (any color type and bit depth)')
    .option('--fit <mode>', 'none (natural size), contain, cover or stretch', (text: string) => parseFit(text), 'contain' as FitMode)
    .addOption(colorOption('--background <color>', 'color around and under the image', 0xff000000, 'black'));
  addDisplayOptions(command, 'one-shot').action(async (path: string, opts: ShowCliOptions) => {
    const image = readImageArgument(path);
    const fb = openDisplay(opts, 'one-shot');
    try {
      showImage(fb.surface, image, opts);
      fb.flush();
      await holdPicture(fb, opts.hold, io);
    } finally {
      fb.close();
    }
  });
}
