/**
 * `fbkit show IMAGE [--fit none|contain|cover|stretch] [--background COLOR] [--rotate DEG] [--device D]`:
 * a PNG on the screen, placed by the fit mode (default contain), centered, blended over
 * the background color (default black) where it is transparent or does not reach.
 */
import type { Command } from 'commander';
import { blitScaled } from '../draw/scale.js';
import type { Surface } from '../draw/surface.js';
import type { Rotation } from '../raster/rotation.js';
import { colorOption, DEVICE_HELP, openDevice, parseFit, readImageArgument, rotateOption, type FitMode } from './args.js';
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

interface ShowCliOptions {
  fit: FitMode;
  background: number;
  rotate: Rotation;
  device?: string;
}

export function register(program: Command, _io: CliIo): void {
  program
    .command('show')
    .description('show a PNG image on the screen')
    .argument('<image>', 'PNG file (any color type and bit depth)')
    .option('--fit <mode>', 'none (natural size), contain, cover or stretch', (text: string) => parseFit(text), 'contain' as FitMode)
    .addOption(colorOption('--background <color>', 'color around and under the image', 0xff000000, 'black'))
    .addOption(rotateOption())
    .option('--device <spec>', DEVICE_HELP)
    .action((path: string, opts: ShowCliOptions) => {
      const image = readImageArgument(path);
      const fb = openDevice(opts.device, { rotate: opts.rotate });
      try {
        showImage(fb.surface, image, opts);
        fb.flush();
      } finally {
        fb.close();
      }
    });
}
