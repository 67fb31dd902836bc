/**
 * mkfifo(3): Node has no way to create a named pipe. Kept apart from libc.ts only
 * because that file has another owner; it can move there as is.
 */
import koffi from 'koffi';
import { errno, SysError } from './libc.js';

const mkfifoC = koffi.load('libc.so.6').func('int mkfifo(const char *path, uint32_t mode)');

export function mkfifo(path: string, mode = 0o600): void {
  if ((mkfifoC(path, mode) as number) === -1) throw new SysError('mkfifo', errno(), path);
}
