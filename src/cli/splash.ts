/**
 * `fbkit splash IMAGE [--fit M] [--background C] [--fifo PATH] [--rotate DEG] [--device D] [--tty PATH]
 * [--no-console] [--timing] [--font F]`: a boot splash driven through a FIFO with the psplash
 * protocol (its client is `fbkit splash-write`, splash-write.ts).
 *
 * Start-up order: decode the image; take the FIFO (lock, checks, a new one made under a
 * temporary name); take the console, draw and present the first frame; only then put
 * the FIFO in place and listen. A bad image, an unusable FIFO or another splash on it
 * fails with the console and the screen as they were, and a script that waits for the
 * FIFO to appear finds the splash up.
 */
import type { Command } from 'commander';
import { Console } from '../console/console.js';
import type { Framebuffer } from '../display/framebuffer.js';
import { Frames } from '../present/frames.js';
import { DEFAULT_STYLE, Splash } from '../splash/splash.js';
import { defaultFifoPath, takeFifo, type TakenFifo } from '../splash/fifo.js';
import { quoteLine } from '../splash/protocol.js';
import { colorOption, FONT_HELP, parseFit, type FitMode } from './args.js';
import { readImageArgument } from './image-files.js';
import { addDisplayOptions, openDisplay, type DisplayOptions } from './display-options.js';
import { asCliFailure, type CliIo } from './io.js';

interface SplashOptions extends DisplayOptions {
  fit: FitMode;
  background: number;
  fifo?: string;
  tty?: string;
  console: boolean;
  timing?: boolean;
  font?: string;
}

const QUIT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Invalid commands reported one by one; past this many they are only counted, so a runaway writer cannot flood the log. */
const MAX_INVALID_REPORTS = 10;

export function register(program: Command, io: CliIo): void {
  const warn = (message: string): void => void io.stderr.write(`fbkit splash: ${message}\n`);

  const splashCommand = program
    .command('splash')
    .description('show IMAGE with a progress bar and a message line; take PROGRESS/MSG/QUIT commands from a FIFO')
    .argument('<image>', 'PNG file')
    .option('--fit <mode>', 'none, contain, cover or stretch', (t: string) => parseFit(t), DEFAULT_STYLE.fit as FitMode)
    .addOption(colorOption('--background <color>', 'color around the image', DEFAULT_STYLE.background, 'black'))
    .option('--fifo <path>', 'FIFO to listen on (default /run/fbkit-splash.fifo, else $XDG_RUNTIME_DIR or /tmp)')
    .option('--tty <path>', 'virtual terminal to put in graphics mode (default: the active one)');
  addDisplayOptions(splashCommand, 'long-running')
    .option('--no-console', 'leave the virtual terminal alone')
    .option('--timing', 'print the time from process start to the first frame')
    .option('--font <file|family>', `${FONT_HELP} for the message line (default: the built-in bitmap font)`)
    .action(async (imagePath: string, opts: SplashOptions) => {
      const image = readImageArgument(imagePath);
      // The font code (and node:child_process, which finds installed fonts) only for
      // --font: loading it cost the first frame some 1.5 ms.
      const font = opts.font === undefined ? undefined : (await import('./font-arg.js')).fontArg(opts.font);
      const fifo = asCliFailure(() => takeFifo(fifoPath(opts.fifo, warn)));
      let fb: Framebuffer | undefined;
      let con: Console | undefined;
      try {
        fb = openDisplay(opts, 'long-running');
        con = Console.takeFor(fb, { device: opts.console ? opts.tty : null, warn });
        const frames = Frames.attach(fb, { warn, initial: 'blank', console: con });
        const splash = new Splash(frames, image, { ...DEFAULT_STYLE, fit: opts.fit, background: opts.background, font });
        splash.drawAll();
        frames.presentNow();
        if (opts.timing) {
          // Wall time since the process started, and the CPU time it took (steadier on a busy machine).
          const cpu = process.cpuUsage();
          io.stderr.write(
            `fbkit splash: first frame ${performance.now().toFixed(1)} ms after process start (${((cpu.user + cpu.system) / 1e3).toFixed(1)} ms CPU)\n`,
          );
        }
        await asCliFailure(() => serve(splash, frames, fifo, warn));
        frames.close();
      } finally {
        con?.close();
        fb?.close();
        fifo.close();
      }
    });
}

/** The --fifo given, or the default location (with a note when that is not /run). */
function fifoPath(given: string | undefined, warn: (m: string) => void): string {
  if (given !== undefined) return given;
  const chosen = defaultFifoPath();
  if (chosen.note) warn(chosen.note);
  return chosen.path;
}

/**
 * Listens on the FIFO and applies its commands until QUIT or a signal, presenting once
 * per burst of commands. Putting the FIFO in place can fail, synchronously; the promise
 * settles when the splash should end.
 */
function serve(splash: Splash, frames: Frames, fifo: TakenFifo, warn: (m: string) => void): Promise<void> {
  let presentPending = false;
  let invalid = 0;
  let ended!: () => void;
  const done = new Promise<void>((resolve) => (ended = resolve));
  const present = (): void => {
    if (!presentPending) return; // finish() got there first
    presentPending = false;
    frames.presentNow();
  };
  const finish = (): void => {
    for (const signal of QUIT_SIGNALS) process.removeListener(signal, finish);
    fifo.close();
    present();
    if (invalid > MAX_INVALID_REPORTS) warn(`ignored ${invalid - MAX_INVALID_REPORTS} more invalid commands`);
    ended();
  };
  fifo.listen((line) => {
    if (line.kind === 'invalid') {
      invalid++;
      if (invalid <= MAX_INVALID_REPORTS) warn(`ignoring ${quoteLine(line.line)}: ${line.reason}`);
      if (invalid === MAX_INVALID_REPORTS) warn('further invalid commands are counted, not shown');
      return;
    }
    if (splash.apply(line)) return finish();
    if (!presentPending) {
      presentPending = true;
      setImmediate(present);
    }
  });
  // A signal is a request to stop like QUIT: the FIFO is removed and the console
  // restored on the normal way out (Console's own handler restores it first anyway).
  for (const signal of QUIT_SIGNALS) process.on(signal, finish);
  return done;
}
