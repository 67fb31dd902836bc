/**
 * `fbkit devmem ADDRESS [WIDTH [VALUE]]`: busybox devmem's conventions, with strict widths.
 *
 * - ADDRESS and VALUE read like busybox's bb_strtoull(text, base 0): `0x`/`0X` hex, a
 *   leading 0 octal, otherwise decimal; the whole text must be the number (no sign, no
 *   spaces, no suffix), up to 2^64 - 1.
 * - WIDTH: 8, 16, 32 or 64 in decimal, or one letter, either case: b (8), h (16),
 *   w (32), l (a C long: 64 on 64-bit CPUs, 32 on 32-bit ones). Default 32.
 * - A read prints `0x` and the value in uppercase hex, zero-padded to the width's digits;
 *   a write prints nothing.
 * Stricter than busybox: a VALUE that does not fit the width and an ADDRESS not aligned
 * to it are refused (exit code 2, nothing written) instead of truncated or split.
 */
import type { Command } from 'commander';
import { ArgumentError } from '../errors.js';
import { has64BitAccess, RegisterBlock, type RegisterWidth } from '../mmio/register-block.js';
import { parseBusyboxNumber, usageError } from './args.js';
import { CliFailure, type CliIo } from './io.js';

interface DevmemOptions {
  device?: string;
  force?: boolean;
  json?: boolean;
}

export function register(program: Command, io: CliIo): void {
  program
    .command('devmem')
    .description('read or write one register of physical memory (or of a device file), as busybox devmem does')
    .argument('<address>', 'physical address, or offset into --device: 0x hex, 0 octal or decimal')
    .argument('[width]', 'access width: 8, 16, 32, 64 or b, h, w, l (default 32)')
    .argument('[value]', 'write this value (0x hex, 0 octal or decimal) instead of reading')
    .option(
      '--device <path>',
      'map this file instead of /dev/mem: /dev/uioN, /sys/bus/pci/devices/<slot>/resourceN or any file; ADDRESS is then an offset into it',
    )
    .option('--force', 'allow writes into System RAM through /dev/mem')
    .option('--json', 'print the read as JSON: {"device","address","width","value"}')
    .addHelpText(
      'after',
      '\nA read prints 0x plus the value in uppercase hex, padded to the width (0x010000ED);\n' +
        'a write prints nothing. Each access is exactly one load or store of WIDTH bits.\n' +
        'Bad ADDRESS, WIDTH or VALUE (or an ADDRESS not aligned to WIDTH): exit code 2, nothing written.\n\n' +
        'Examples:\n' +
        '  fbkit devmem 0xfea00000                   read 32 bits\n' +
        '  fbkit devmem 0xfea00004 w 0x12345678      write 32 bits\n' +
        '  fbkit devmem 0x4 32 --device /sys/bus/pci/devices/0000:00:03.0/resource0\n',
    )
    .action((addressText: string, widthText: string | undefined, valueText: string | undefined, opts: DevmemOptions) => {
      const address = parseBusyboxNumber('devmem', addressText, 'ADDRESS');
      const width = widthText === undefined ? 32 : parseWidth(widthText);
      const value = valueText === undefined ? undefined : parseValue(valueText, width);
      const size = width / 8;
      if (address % BigInt(size) !== 0n) {
        throw usageError(`devmem: ADDRESS 0x${address.toString(16)} is not aligned to the ${width}-bit width: use a multiple of ${size}`);
      }
      const path = opts.device ?? '/dev/mem';
      const block = openBlock(path, address, size, value !== undefined, opts.force === true);
      try {
        if (value === undefined) {
          const read = readAt(block, width);
          const hex = `0x${read
            .toString(16)
            .toUpperCase()
            .padStart(width / 4, '0')}`;
          const text = opts.json
            ? JSON.stringify({ device: path, address: `0x${address.toString(16).toUpperCase()}`, width, value: hex })
            : hex;
          io.stdout.write(`${text}\n`);
        } else {
          writeAt(block, width, value);
        }
      } finally {
        block.close();
      }
    });
}

function parseWidth(text: string): RegisterWidth {
  // busybox: one non-digit character is a letter; anything else is a decimal number.
  if (text.length === 1 && !/[0-9]/.test(text)) {
    const letter = text.toLowerCase();
    if (letter === 'b') return 8;
    if (letter === 'h') return 16;
    if (letter === 'w') return 32;
    if (letter === 'l') return has64BitAccess() ? 64 : 32;
  } else if (/^[0-9]+$/.test(text)) {
    const n = Number(text);
    if (n === 8 || n === 16 || n === 32 || n === 64) return n;
  }
  throw usageError(`devmem: bad WIDTH '${text}': use 8, 16, 32, 64 or b, h, w, l`);
}

function parseValue(text: string, width: RegisterWidth): bigint {
  const value = parseBusyboxNumber('devmem', text, 'VALUE');
  if (value >> BigInt(width) !== 0n) {
    throw usageError(
      `devmem: VALUE ${text} does not fit in ${width} bits (largest 0x${((1n << BigInt(width)) - 1n).toString(16).toUpperCase()})`,
    );
  }
  return value;
}

/**
 * Maps the register. MappedRegion refuses what cannot be mapped (a FIFO, whose open would
 * block; /dev/zero) and a mapping the address or width makes impossible (past the end of a
 * file): all of that is the user's input.
 */
function openBlock(path: string, address: bigint, size: number, writable: boolean, force: boolean): RegisterBlock {
  const mappable = 'give /dev/mem, /dev/uioN, a sysfs resourceN file or any regular file';
  if (path === '') throw usageError('devmem: --device is empty', mappable);
  try {
    return RegisterBlock.open({ path, base: address, length: size, writable, force });
  } catch (err) {
    if (err instanceof ArgumentError) throw CliFailure.from(err, 'devmem: ', 2);
    throw err;
  }
}

function readAt(block: RegisterBlock, width: RegisterWidth): bigint {
  switch (width) {
    case 8:
      return BigInt(block.read8(0));
    case 16:
      return BigInt(block.read16(0));
    case 32:
      return BigInt(block.read32(0));
    case 64:
      return block.read64(0);
  }
}

function writeAt(block: RegisterBlock, width: RegisterWidth, value: bigint): void {
  switch (width) {
    case 8:
      return block.write8(0, Number(value));
    case 16:
      return block.write16(0, Number(value));
    case 32:
      return block.write32(0, Number(value));
    case 64:
      return block.write64(0, value);
  }
}
