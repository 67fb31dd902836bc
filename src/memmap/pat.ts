/**
 * The x86 PAT memtype list (/sys/kernel/debug/x86/pat_memtype_list, needs debugfs mounted):
 * every physical range the kernel currently maps with an explicit memory type, e.g.
 *
 *   PAT: [mem 0x00000000fd000000-0x00000000fe000000] uncached-minus
 *
 * The end is exclusive here (unlike /proc/iomem). Kernels before 5.7 printed
 * `uncached-minus @ 0xfd000000-0xfe000000`; both forms are read.
 */
import { ArgumentError } from '../errors.js';
import { type CacheType, cacheTypeNamed } from './cache.js';

export interface PatEntry {
  start: bigint;
  /** Last byte, inclusive (converted from the file's exclusive end). */
  end: bigint;
  type: CacheType;
}

const CURRENT = /^PAT: \[mem 0x([0-9a-fA-F]+)-0x([0-9a-fA-F]+)\] (\S+)$/;
const OLD = /^(\S+) @ 0x([0-9a-fA-F]+)-0x([0-9a-fA-F]+)$/;

export function parsePatMemtypes(text: string, source = 'pat_memtype_list'): PatEntry[] {
  const out: PatEntry[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line === 'PAT memtype list:') return;
    const cur = CURRENT.exec(line);
    const old = cur ? undefined : OLD.exec(line);
    const [startHex, endHex, name] = cur ? [cur[1], cur[2], cur[3]] : old ? [old[2], old[3], old[1]] : [];
    const type = name === undefined ? undefined : cacheTypeNamed(name);
    if (!type || startHex === undefined || endHex === undefined) {
      throw new ArgumentError(
        'EPATPARSE',
        `${source} line ${index + 1} is not a PAT memtype entry: ${JSON.stringify(raw)}`,
        'pass the text of /sys/kernel/debug/x86/pat_memtype_list',
      );
    }
    out.push({ start: BigInt(`0x${startHex}`), end: BigInt(`0x${endHex}`) - 1n, type });
  });
  return out;
}

/** The distinct memory types the kernel maps any byte of [first, last] with, in file order. */
export function patTypesIn(entries: readonly PatEntry[], first: bigint, last: bigint): CacheType[] {
  return [...new Set(entries.filter((e) => e.start <= last && e.end >= first).map((e) => e.type))];
}
