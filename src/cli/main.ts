import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { Command, CommanderError } from 'commander';
import { FbkitError } from '../errors.js';
import { installedPath } from '../display/installed.js';
import { causeOf, CliFailure, processIo, type CliIo } from './io.js';

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
  text: () => import('./text.js'),
  splash: () => import('./splash.js'),
  'splash-write': () => import('./splash-write.js'),
  devmem: () => import('./devmem.js'),
  mem: () => import('./mem.js'),
  input: () => import('./input.js'),
};

export async function buildProgram(io: CliIo, verb?: string): Promise<Command> {
  const program = new Command('fbkit')
    .description('Linux framebuffer drawing and strict-width register access')
    .version(packageVersion(), '-V, --version', "print fbkit's version")
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      // Commander writes here only the help it shows after a mistake (a missing command):
      // that is information, for stdout; run() says what the mistake was, on stderr.
      writeErr: (s) => io.stdout.write(s),
      // Commander's own "error: ..." (unknown option, missing argument) reads like every
      // other failure: one line, prefixed; its "(Did you mean ...?)" joins that line.
      outputError: (s) => io.stderr.write(`fbkit: ${oneLine(s)}\n`),
    })
    .exitOverride();
  const loaders = verb !== undefined && Object.hasOwn(verbModules, verb) ? [verbModules[verb]!] : Object.values(verbModules);
  for (const module of await Promise.all(loaders.map((load) => load()))) module.register(program, io);
  return program;
}

let version: string | undefined;

/**
 * The version in package.json, read where this installation keeps it (src/ via tsx, or
 * dist/src/ once built), once per process: a program that runs the CLI in-process and then
 * drops privileges (as VM 23 does) may no longer read the installation's files.
 */
function packageVersion(): string {
  if (version !== undefined) return version;
  const file = installedPath('package.json');
  if (file === undefined) throw new CliFailure('package.json is missing from this installation', 1, 'reinstall fbkit');
  version = (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  return version;
}

/**
 * Runs the CLI; resolves to the exit code instead of exiting, so tests can call it in-process.
 * Every failure is one line on stderr: `fbkit: CAUSE (hint: FIX)`, the hint only where
 * there is one. A failure fbkit did not foresee is an internal error, also one line (with
 * the stack after it when FBKIT_DEBUG=1).
 */
export async function run(argv: string[], io: CliIo = processIo): Promise<number> {
  let helpAfterMistake: Command | undefined;
  try {
    const program = await buildProgram(
      io,
      argv.find((arg) => !arg.startsWith('-')),
    );
    program.on('beforeAllHelp', ({ error, command }: { error: boolean; command: Command }) => {
      if (error) helpAfterMistake = command;
    });
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return commanderExit(io, err, helpAfterMistake);
    if (err instanceof CliFailure) return fail(io, err.message, err.hint, err.exitCode);
    if (err instanceof FbkitError) return fail(io, causeOf(err), err.hint, 1);
    const code = fail(io, `internal error: ${err instanceof Error ? err.message : String(err)}`, undefined, 1);
    if (process.env.FBKIT_DEBUG === '1' && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
    return code;
  }
}

function fail(io: CliIo, cause: string, hint: string | undefined, exitCode: number): number {
  io.stderr.write(`fbkit: ${oneLine(cause)}${hint ? ` (hint: ${oneLine(hint)})` : ''}\n`);
  return exitCode;
}

/** Text from anywhere (a JSON parser's message, commander's suggestion) folded onto one line. */
function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, ' ');
}

/**
 * Help and version exit 0; a usage mistake (missing argument, unknown option) exits 2, like
 * bad values. Commander has printed its message already, except where it answered a missing
 * command with help alone (`fbkit`, `fbkit mem`): that mistake gets its line here.
 */
function commanderExit(io: CliIo, err: CommanderError, helpAfterMistake: Command | undefined): number {
  if (err.exitCode === 0) return 0;
  if (err.code !== 'commander.help' || helpAfterMistake === undefined) return 2;
  const names: string[] = [];
  for (let c: Command | null = helpAfterMistake; c; c = c.parent) names.unshift(c.name());
  const path = names.join(' ');
  return fail(io, `error: ${path} needs a command`, `${path} --help lists them`, 2);
}

/**
 * Entry point used by bin/fbkit.js. A reader that stops early (`fbkit shot - | head -c 10`)
 * closes the pipe; fbkit then ends quietly, with the status a program killed by SIGPIPE
 * has (128 + 13), as `cat` does in that place. Like processIo, stdout is taken (and that
 * handler installed) only when a command first writes there.
 */
export async function main(argv: string[]): Promise<void> {
  let stdout: NodeJS.WriteStream | undefined;
  const io: CliIo = {
    get stdout() {
      stdout ??= process.stdout.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'EPIPE') process.exit(128 + constants.signals.SIGPIPE);
        process.stderr.write(`fbkit: cannot write to stdout: ${err.code ?? err.message}\n`);
        process.exit(1);
      });
      return stdout;
    },
    get stderr() {
      return process.stderr;
    },
  };
  process.exitCode = await run(argv.slice(2), io);
}
