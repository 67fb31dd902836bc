import { Command, CommanderError } from 'commander';
import { FbkitError } from '../errors.js';
import { CliFailure, processIo, type CliIo } from './io.js';

/** Each verb lives in its own module and adds itself to the program. */
type Register = (program: Command, io: CliIo) => void;

/**
 * Verbs by name, loaded on demand: a command imports only its own module (and so only the
 * native and PNG code it needs), which keeps start-up — the splash's time to first frame —
 * short. `--help` and unknown verbs load them all.
 */
const verbModules: Record<string, () => Promise<{ register: Register }>> = {
  info: () => import('./info.js'),
  fill: () => import('./fill.js'),
  show: () => import('./show.js'),
  shot: () => import('./shot.js'),
  demo: () => import('./demo.js'),
  splash: () => import('./splash.js'),
  'splash-write': () => import('./splash.js'),
  devmem: () => import('./devmem.js'),
  mem: () => import('./mem.js'),
};

export async function buildProgram(io: CliIo, verb?: string): Promise<Command> {
  const program = new Command('fbkit')
    .description('Linux framebuffer drawing and strict-width register access')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride();
  const loaders = verb !== undefined && Object.hasOwn(verbModules, verb) ? [verbModules[verb]!] : Object.values(verbModules);
  // splash and splash-write share a module: register each module once.
  for (const module of new Set(await Promise.all(loaders.map((load) => load())))) module.register(program, io);
  return program;
}

/** Runs the CLI; resolves to the exit code instead of exiting, so tests can call it in-process. */
export async function run(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    const program = await buildProgram(io, argv.find((arg) => !arg.startsWith('-')));
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return commanderExitCode(err);
    if (err instanceof CliFailure) {
      io.stderr.write(`fbkit: ${err.message}\n`);
      return err.exitCode;
    }
    if (err instanceof FbkitError) {
      io.stderr.write(`fbkit: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

/** Help and version exit 0; a usage mistake (missing argument, unknown option) exits 2, like bad values. */
function commanderExitCode(err: CommanderError): number {
  return err.exitCode === 0 ? 0 : 2;
}

/** Entry point used by bin/fbkit.js. */
export async function main(argv: string[]): Promise<void> {
  process.exitCode = await run(argv.slice(2));
}
