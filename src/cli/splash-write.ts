/**
 * `fbkit splash-write COMMAND... [--fifo PATH]`: sends one command to a running `fbkit
 * splash` through its FIFO. A module of its own, apart from splash.ts: a boot script runs it
 * once per step, and it needs only the FIFO's client side, not the splash's drawing,
 * console and display code.
 */
import type { Command } from 'commander';
import { writeCommand } from '../splash/fifo.js';
import { asCliFailure } from './io.js';

export function register(program: Command): void {
  program
    .command('splash-write')
    .description('send one command to a running splash: PROGRESS <0-100>, MSG <text> or QUIT')
    .argument('<command...>', 'the command, quoted or as separate words')
    .option('--fifo <path>', 'the splash FIFO (default: where `fbkit splash` makes it)')
    .action((words: string[], opts: { fifo?: string }) => {
      asCliFailure(() => writeCommand(opts.fifo, words.join(' ')));
    });
}
