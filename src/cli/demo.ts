/**
 * `fbkit demo [--out demo.png] [--font F] [--rotate DEG] [--device D] [--output O] [--mode M] [--hold S]`:
 * draws the demo scene (src/demo/scene.ts), with antialiased outline text in --font (default
 * DejaVu Sans when installed).
 * Where: --device if given, else /dev/fb0 if it exists, else an in-memory virtual
 * framebuffer with QEMU's bochs-drm geometry (1280x800 XRGB8888).
 * The PNG: written to --out when given; without --out, to demo.png only when the scene
 * went to an in-memory framebuffer, where nothing else would show it. A PNG path that
 * cannot be written fails before anything is drawn.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { drawDemoScene } from '../demo/scene.js';
import { Framebuffer } from '../display/framebuffer.js';
import { checkOutputPath, savePng } from './image-files.js';
import { addDisplayOptions, holdPicture, openDevice, openDisplay, type DisplayOptions } from './display-options.js';
import { DEFAULT_FAMILY, FONT_HELP } from './args.js';
import { defaultFont, fontArg } from './font-arg.js';
import type { CliIo } from './io.js';

const VIRTUAL_FALLBACK = 'bochs-drm';

interface DemoCliOptions extends DisplayOptions {
  out?: string;
  font?: string;
}

function openTarget(opts: DemoCliOptions): Framebuffer {
  if (opts.device !== undefined) return openDisplay(opts, 'one-shot');
  const { rotate } = opts;
  return existsSync('/dev/fb0') ? openDevice('/dev/fb0', { rotate }) : Framebuffer.virtual(VIRTUAL_FALLBACK, { rotate });
}

export function register(program: Command, io: CliIo): void {
  const command = program
    .command('demo')
    .description(
      `draw a scene that shows off the library (without --device: on /dev/fb0, or on virtual:${VIRTUAL_FALLBACK} when absent); writes a PNG when there is no screen to see it on`,
    )
    .option('--out <file.png>', 'also save the result as a PNG (default demo.png when drawn on a virtual framebuffer)')
    .option('--font <file|family>', `${FONT_HELP}; default ${DEFAULT_FAMILY} when installed, else the built-in bitmap font`);
  addDisplayOptions(command, 'one-shot').action(async (opts: DemoCliOptions) => {
    const font = opts.font === undefined ? defaultFont() : fontArg(opts.font);
    const fb = openTarget(opts);
    try {
      const { path, format, access } = fb.info;
      const { width, height } = fb;
      const out = opts.out ?? (access === 'ram' ? 'demo.png' : undefined);
      if (out !== undefined) checkOutputPath(out);
      drawDemoScene(fb.surface, { caption: `${path} ${width}x${height} ${format.name}`, font });
      fb.flush();
      const turned = fb.rotation === 0 ? '' : `, turned ${fb.rotation} degrees`;
      io.stdout.write(`drew the demo on ${path} (${width}x${height} ${format.name}${turned})\n`);
      if (out !== undefined) {
        savePng(out, fb.surface);
        io.stdout.write(`wrote ${out}\n`);
      }
      await holdPicture(fb, opts.hold, io);
    } finally {
      fb.close();
    }
  });
}
