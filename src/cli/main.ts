import { Command, CommanderError } from 'commander';
import { FbkitError } from '../errors.js';
import { CliFailure, processIo, type CliIo } from './io.js';
import { register as fill } from './fill.js';
import { register as show } from './show.js';
import { register as shot } from './shot.js';
import { register as demo } from './demo.js';
import { register as devmem } from './devmem.js';
import { register as mem } from './mem.js';
import { register as info } from './info.js';
import { register as splash } from './splash.js';

/** Each verb lives in its own module and adds itself to the program. */
type Register = (program: Command, io: CliIo) => void;
const commands: Register[] = [devmem, mem, fill, show, shot, demo, info, splash];

export function buildProgram(io: CliIo): Command {
  const program = new Command('fbkit')
    .description('Linux framebuffer drawing and strict-width register access')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride();
  for (const register of commands) register(program, io);
  return program;
}

/** Runs the CLI; resolves to the exit code instead of exiting, so tests can call it in-process. */
export async function run(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
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

/** Entry point used by bin/fbkit.js. */
export async function main(argv: string[]): Promise<void> {
  process.exitCode = await run(argv.slice(2));
}
