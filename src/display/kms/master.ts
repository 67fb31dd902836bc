/**
 * Becoming DRM master, the right to set modes and flip pages on a card. Only one open file
 * holds it at a time: a compositor, a display manager, another fbkit. When it is taken,
 * the error names the holder where debugfs lets root see it.
 */
import { readFileSync } from 'node:fs';
import { FbkitError } from '../../errors.js';
import { SysError } from '../../sys/sys-error.js';
import type { KmsCard } from './card.js';

/** DRM master is held by someone else (or may not be taken by this user). */
export class MasterError extends FbkitError {}

/**
 * The process holding master on card `minor`, from debugfs's clients table (columns
 * command, pid (tgid in later kernels), dev, master, a, uid, magic), e.g. 'Xorg (pid
 * 812)'; undefined when it cannot be read (not root, no debugfs) or nobody holds it.
 */
export function masterHolder(minor: string, debugfs = '/sys/kernel/debug/dri'): string | undefined {
  let table: string;
  try {
    table = readFileSync(`${debugfs}/${minor}/clients`, 'utf8');
  } catch {
    return undefined;
  }
  const [header, ...rows] = table.trim().split('\n');
  const columns = header?.trim().split(/\s+/) ?? [];
  const master = columns.indexOf('master');
  const tgid = columns.findIndex((c) => c === 'tgid' || c === 'pid');
  if (master < 0 || tgid < 0) return undefined;
  for (const row of rows) {
    const cells = row.trim().split(/\s+/);
    // The command may contain spaces: count the columns from the right.
    const shift = cells.length - columns.length;
    if (cells[master + shift] === 'y') return `${cells.slice(0, shift + 1).join(' ')} (pid ${cells[tgid + shift]})`;
  }
  return undefined;
}

export function becomeMaster(card: KmsCard, debugfs?: string): void {
  try {
    card.setMaster();
  } catch (err) {
    if (!(err instanceof SysError)) throw err;
    const minor = card.name.replace(/^card/, '');
    const holder = masterHolder(minor, debugfs);
    const who = holder ? `${holder} holds it` : 'another program holds it (a compositor, a display manager, another fbkit)';
    const hint = holder
      ? `stop ${holder.split(' (')[0]} or run on a VT it does not own; or draw through it instead`
      : 'stop the program showing the desktop (or switch to a VT it does not own); as root, /sys/kernel/debug/dri/' +
        `${minor}/clients names it`;
    throw new MasterError('EMASTER', `cannot become DRM master of ${card.path} (${err.code}): ${who}`, hint);
  }
}
