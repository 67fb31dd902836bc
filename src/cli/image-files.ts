/**
 * The PNG files a command names: images to read (show, splash) and files to write (shot,
 * text and demo --out). Kept apart from args.ts so that only the verbs that touch a PNG
 * load the codec.
 */
import { accessSync, constants as fsConstants, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { readPng, writePng } from '../codecs/png.js';
import type { Surface } from '../draw/surface.js';
import { FbkitError } from '../errors.js';
import { fileType } from '../mmio/file-type.js';
import { usageError } from './args.js';
import { CliFailure } from './io.js';

/**
 * Checks that `path` can take a PNG before anything is drawn or read: only a file (new or
 * replaced) or a device such as /dev/null is written; a directory, a socket or a FIFO (whose
 * open would wait for a reader forever) is the user's mistake (exit 2); a missing folder or
 * no permission is exit 1. Nothing is created or changed.
 */
export function checkOutputPath(path: string): void {
  const type = fileType(path);
  if (type === 'FIFO' || type === 'socket' || type === 'directory' || type === 'block device') {
    throw usageError(`cannot write ${path}: it is a ${type}`, 'name a file to create or replace');
  }
  try {
    accessSync(type ? path : dirname(path), fsConstants.W_OK);
  } catch (err) {
    throw cannotWrite(path, err);
  }
}

/** Reads the PNG named on the command line; a missing, damaged or oversized image is the user's input (exit 2). */
export function readImageArgument(path: string): Surface {
  try {
    return readPng(path);
  } catch (err) {
    if (err instanceof FbkitError) throw CliFailure.from(err, `image '${path}': `, 2);
    throw err;
  }
}

/** Writes `surface` as a PNG file; a path that cannot be written is a one-line failure. */
export function savePng(path: string, surface: Surface): void {
  checkOutputPath(path);
  const png = writePng(surface);
  try {
    writeFileSync(path, png);
  } catch (err) {
    throw cannotWrite(path, err);
  }
}

function cannotWrite(path: string, err: unknown): CliFailure {
  return new CliFailure(`cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 1);
}
