/**
 * The options every drawing verb shares to say where and how it draws: --rotate, --device
 * (any backend; without it one is chosen, see display/choose-display.ts), and for KMS
 * cards --output and --mode; one-shot verbs also take --hold, since a KMS picture lasts
 * only while its program runs.
 */
import type { Command } from 'commander';
import { chooseDisplay, type DisplayPurpose } from '../display/choose-display.js';
import { specKind } from '../display/device-spec.js';
import { Framebuffer, type OpenOptions } from '../display/framebuffer.js';
import { GeometryError } from '../display/geometry.js';
import { isDrmCard } from '../display/kms/card-path.js';
import { ArgumentError, UnsupportedError } from '../errors.js';
import type { Rotation } from '../raster/rotation.js';
import { DEVICE_HELP, rotateOption, usageError } from './args.js';
import { CliFailure, type CliIo } from './io.js';

export interface DisplayOptions {
  rotate?: Rotation;
  device?: string;
  output?: string;
  mode?: string;
  hold?: number;
}

/** Adds --rotate, --device, --output and --mode (and --hold for one-shot verbs) to `command`. */
export function addDisplayOptions(command: Command, purpose: DisplayPurpose): Command {
  command
    .addOption(rotateOption())
    .option('--device <spec>', DEVICE_HELP)
    .option('--output <name>', 'KMS: the output to draw on, as sysfs names it (Virtual-1, HDMI-A-1); default the first connected')
    .option('--mode <WxH[@Hz]>', "KMS: the mode to set; default the output's preferred mode");
  if (purpose === 'one-shot')
    command.option('--hold <seconds>', 'KMS: keep the picture this long (default: until interrupted); fbdev keeps it anyway', parseHold);
  return command;
}

function parseHold(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0) throw usageError(`--hold '${text}' is not a number of seconds >= 0`);
  return n;
}

/**
 * Opens the --device framebuffer (default /dev/fb0). The user's mistakes are usage
 * failures (exit code 2): a spec wrong in itself (empty, an unknown kind, a path that is
 * no framebuffer) and, for virtual: and file:, a geometry that is wrong or describes a
 * mode fbkit cannot draw. The same mode reported by a real device, and a device that
 * cannot be opened (no such file, no permission), are system failures (exit code 1).
 */
export function openDevice(spec: string | undefined, opts: OpenOptions = {}): Framebuffer {
  const text = spec ?? '/dev/fb0';
  if (text === '') throw usageError('--device is empty', 'give /dev/fbN, virtual:NAME or file:PATH[?geometry=NAME|FILE.json]');
  try {
    return Framebuffer.fromDeviceSpec(text, opts);
  } catch (err) {
    const usersGeometry = (err instanceof GeometryError || err instanceof UnsupportedError) && specKind(text) === 'virtual';
    if (err instanceof ArgumentError || usersGeometry) throw CliFailure.from(err, `--device '${text}': `, 2);
    throw err;
  }
}

/** The device named by --device, else the one chosen for `purpose`. */
export function devicePath(opts: DisplayOptions, purpose: DisplayPurpose): string {
  return opts.device ?? chooseDisplay(purpose).path;
}

/** Opens where the verb draws; --output/--mode on a device that is no KMS card is the user's mistake. */
export function openDisplay(opts: DisplayOptions, purpose: DisplayPurpose, extra: OpenOptions = {}): Framebuffer {
  const path = devicePath(opts, purpose);
  if ((opts.output !== undefined || opts.mode !== undefined) && !isDrmCard(path))
    throw usageError(
      `--output and --mode choose among a KMS card's outputs, and ${path} is not one`,
      'give --device /dev/dri/cardN, or leave them out',
    );
  return openDevice(path, { ...extra, rotate: opts.rotate, output: opts.output, mode: opts.mode });
}

/**
 * On KMS, keeps the picture until SIGINT/SIGTERM or `seconds`, saying so on stderr (a dumb
 * buffer goes when its program exits); elsewhere returns at once.
 */
export async function holdPicture(fb: Framebuffer, seconds: number | undefined, io: CliIo): Promise<void> {
  if (fb.backend !== 'kms' || seconds === 0) return;
  const where = `${fb.info.path} (${fb.output})`;
  io.stderr.write(
    `fbkit: showing on ${where} ${seconds === undefined ? 'until interrupted (Ctrl-C)' : `for ${seconds} s`}: a KMS picture lasts only while fbkit runs\n`,
  );
  await new Promise<void>((resolve) => {
    const done = (): void => {
      clearInterval(alive);
      clearTimeout(timer);
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    // A signal listener alone does not keep Node running: this interval does.
    const alive = setInterval(() => {}, 2 ** 30);
    const timer = seconds === undefined ? undefined : setTimeout(done, seconds * 1000);
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
