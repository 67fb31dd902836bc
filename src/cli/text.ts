/**
 * `fbkit text "Out of order" [--font FILE|FAMILY] [--fallback FILE|FAMILY]... [--size PX] [--color C]
 * [--background C] [--at x,y | --center] [--width W] [--align left|center|right]
 * [--out FILE.png] [--rotate DEG] [--device D] [--output O] [--mode M] [--hold S]`: antialiased outline text on the screen. --background fills the whole
 * screen first; --center centers the text box (--width wide when given) on the screen.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { ArgumentError } from '../errors.js';
import { measureOutlineText } from '../draw/outline-text.js';
import { colorArg, DEFAULT_FAMILY, FONT_HELP, usageError } from './args.js';
import { checkOutputPath, savePng } from './image-files.js';
import { addDisplayOptions, holdPicture, openDisplay, type DisplayOptions } from './display-options.js';
import { fontArg } from './font-arg.js';
import { CliFailure, type CliIo } from './io.js';

interface TextCliOptions extends DisplayOptions {
  font: string;
  fallback: string[];
  size: number;
  color: number;
  background?: number;
  at?: { x: number; y: number };
  center?: boolean;
  width?: number;
  align: 'left' | 'center' | 'right';
  out?: string;
}

function positiveNumber(flag: string) {
  return (text: string): number => {
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n) || n <= 0) throw usageError(`${flag} '${text}' is not a positive number of pixels`);
    return n;
  };
}

function parsePoint(text: string): { x: number; y: number } {
  const parts = text.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 2 || parts.some((n, i) => !Number.isFinite(n) || text.split(',')[i]!.trim() === ''))
    throw usageError(`--at '${text}' is not a point: use x,y in pixels, e.g. 20,40`);
  return { x: parts[0]!, y: parts[1]! };
}

export function register(program: Command, io: CliIo): void {
  const command = program
    .command('text')
    .description('draw antialiased text in a TrueType/OpenType font')
    .argument('<text>', 'the text; \\n in it starts a new line')
    .option('--font <file|family>', FONT_HELP, DEFAULT_FAMILY)
    .option(
      '--fallback <file|family>',
      'a font for characters --font lacks (repeat for more)',
      (t: string, all: string[]) => [...all, t],
      [] as string[],
    )
    .option('--size <px>', 'pixels per em', positiveNumber('--size'), 48)
    .addOption(new Option('--color <color>', 'text color').argParser((t: string) => colorArg(t, '--color')).default(0xffffffff, 'white'))
    .option('--background <color>', 'fill the screen with this color first', (t: string) => colorArg(t, '--background'))
    .addOption(new Option('--at <x,y>', 'top-left of the text box').argParser(parsePoint).conflicts('center'))
    .option('--center', 'center the text box on the screen')
    .option('--width <px>', 'wrap lines to this width', positiveNumber('--width'))
    .addOption(new Option('--align <side>', 'left, center or right inside --width').choices(['left', 'center', 'right']).default('left'))
    .option('--out <file.png>', 'also save the screen as a PNG');
  addDisplayOptions(command, 'one-shot').action(async (text: string, opts: TextCliOptions) => {
    const font = fontArg(opts.font);
    const fallback = opts.fallback.map(fontArg);
    if (opts.out !== undefined) checkOutputPath(opts.out);
    const fb = openDisplay(opts, 'one-shot');
    try {
      const s = fb.surface;
      const layout = { font, fallback, size: opts.size, width: opts.width, align: opts.align };
      const box = measureOutlineText(text.replace(/\\n/g, '\n'), layout);
      let at = opts.at ?? { x: 0, y: 0 };
      if (opts.center) at = { x: (s.width - (opts.width ?? box.width)) / 2, y: (s.height - box.height) / 2 };
      if (opts.background !== undefined) s.clear(opts.background);
      s.drawText(text.replace(/\\n/g, '\n'), { ...layout, ...at, color: opts.color });
      fb.flush();
      if (opts.out !== undefined) savePng(opts.out, s);
      io.stdout.write(
        `drew ${box.lines} line${box.lines === 1 ? '' : 's'} in ${font.name} at ${Math.round(at.x)},${Math.round(at.y)} (${Math.ceil(box.width)}x${Math.ceil(box.height)})\n`,
      );
      await holdPicture(fb, opts.hold, io);
    } catch (err) {
      if (err instanceof ArgumentError) throw CliFailure.from(err, '', 2);
      throw err;
    } finally {
      fb.close();
    }
  });
}
