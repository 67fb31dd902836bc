/**
 * `fbkit splash IMAGE [--fit M] [--background C] [--fifo PATH] [--device D] [--tty PATH]
 * [--no-console] [--timing]`: a boot splash driven through a FIFO with the psplash
 * protocol; and `fbkit splash-write COMMAND...`, its client.
 *
 * Start-up order: decode the image (a bad path fails before the console is touched),
 * take the console, draw and present the first frame, and only then create the FIFO.
 */
import type { Command } from 'commander';
import { Console } from '../console/console.js';
import { Frames } from '../present/frames.js';
import { readPng } from '../codecs/png.js';
import { DEFAULT_STYLE, Splash } from '../splash/splash.js';
import { defaultFifoPath, findFifo, listenFifo, writeCommand } from '../splash/fifo.js';
import { colorOption, DEVICE_HELP, openDevice, parseFit, type FitMode } from './args.js';
import type { CliIo } from './io.js';

interface SplashOptions {
  fit: FitMode;
  background: number;
  fifo?: string;
  device?: string;
  tty?: string;
  console: boolean;
  timing?: boolean;
}

const QUIT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export function register(program: Command, io: CliIo): void {
  const warn = (message: string): void => void io.stderr.write(`fbkit splash: ${message}\n`);

  program
    .command('splash')
    .description('show IMAGE with a progress bar and a message line; take PROGRESS/MSG/QUIT commands from a FIFO')
    .argument('<image>', 'PNG file')
    .option('--fit <mode>', 'none, contain, cover or stretch', (t: string) => parseFit(t), DEFAULT_STYLE.fit as FitMode)
    .addOption(colorOption('--background <color>', 'color around the image', DEFAULT_STYLE.background, 'black'))
    .option('--fifo <path>', 'FIFO to listen on (default /run/fbkit-splash.fifo, else $XDG_RUNTIME_DIR or /tmp)')
    .option('--device <spec>', DEVICE_HELP)
    .option('--tty <path>', 'virtual terminal to put in graphics mode (default: the active one)')
    .option('--no-console', 'leave the virtual terminal alone')
    .option('--timing', 'print the time from process start to the first frame')
    .action(async (imagePath: string, opts: SplashOptions) => {
      const image = await readPng(imagePath);
      const fb = openDevice(opts.device);
      const con = Console.takeFor(fb, { device: opts.console ? opts.tty : null, warn });
      try {
        const frames = Frames.attach(fb, { warn, initial: 'blank', console: con });
        const splash = new Splash(frames, image, { ...DEFAULT_STYLE, fit: opts.fit, background: opts.background });
        splash.drawAll();
        frames.presentNow();
        if (opts.timing) {
          // Wall time since the process started, and the CPU time it took (steadier on a busy machine).
          const cpu = process.cpuUsage();
          io.stderr.write(`fbkit splash: first frame ${performance.now().toFixed(1)} ms after process start (${((cpu.user + cpu.system) / 1e3).toFixed(1)} ms CPU)\n`);
        }
        await serve(splash, frames, opts.fifo, warn);
        frames.close();
      } finally {
        con.close();
        fb.close();
      }
    });

  program
    .command('splash-write')
    .description('send one command to a running splash: PROGRESS <0-100>, MSG <text> or QUIT')
    .argument('<command...>', 'the command, quoted or as separate words')
    .option('--fifo <path>', 'the splash FIFO (default: where `fbkit splash` makes it)')
    .action((words: string[], opts: { fifo?: string }) => {
      writeCommand(opts.fifo ?? findFifo(), words.join(' '));
    });
}

/** Applies FIFO commands until QUIT or a signal; presents once per burst of commands. */
function serve(splash: Splash, frames: Frames, fifoPath: string | undefined, warn: (m: string) => void): Promise<void> {
  let path = fifoPath;
  if (!path) {
    const chosen = defaultFifoPath();
    if (chosen.note) warn(chosen.note);
    path = chosen.path;
  }
  return new Promise((resolve) => {
    let presentPending = false;
    const present = (): void => {
      if (!presentPending) return; // finish() got there first
      presentPending = false;
      frames.presentNow();
    };
    const finish = (): void => {
      for (const signal of QUIT_SIGNALS) process.removeListener(signal, finish);
      listener.close();
      present();
      resolve();
    };
    const listener = listenFifo(path, (line) => {
      if (line.kind === 'invalid') {
        warn(`ignoring '${line.line}': ${line.reason}`);
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
  });
}
