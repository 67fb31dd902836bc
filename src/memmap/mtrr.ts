/**
 * /proc/mtrr: the x86 Memory Type Range Registers, the firmware's (and drivers') coarse
 * cache attributes for physical ranges. One line per register in use:
 *
 *   reg01: base=0x0c0000000 ( 3072MB), size= 1024MB, count=1: uncachable
 *
 * `size` is in KB below 1 MB and in MB above. Addresses MTRRs do not cover take the default
 * type from the IA32_MTRR_DEF_TYPE MSR, which the file does not show, so a lookup there
 * answers "unknown" rather than guess.
 */
import { ArgumentError } from '../errors.js';
import { type CacheType, cacheTypeNamed } from './cache.js';

export interface MtrrEntry {
  register: number;
  base: bigint;
  size: bigint;
  /** Last byte, inclusive (as /proc/iomem bounds are). */
  end: bigint;
  type: CacheType;
  /** How many users asked for this register (firmware's count as 1). */
  count: number;
}

const LINE = /^reg(\d+): base=0x([0-9a-fA-F]+) \(\s*\d+MB\), size=\s*(\d+)([KMG])B, count=(\d+): (\S+)\s*$/;
const UNIT: Record<string, bigint> = { K: 1n << 10n, M: 1n << 20n, G: 1n << 30n };

export function parseMtrr(text: string, source = '/proc/mtrr'): MtrrEntry[] {
  const entries: MtrrEntry[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const m = LINE.exec(line);
    const type = m && cacheTypeNamed(m[6]);
    if (!m || !type) {
      throw new ArgumentError(
        'EMTRRPARSE',
        `${source} line ${index + 1} is not an MTRR entry: ${JSON.stringify(line)}`,
        'pass the text of /proc/mtrr',
      );
    }
    const base = BigInt(`0x${m[2]}`);
    const size = BigInt(m[3]) * UNIT[m[4]];
    entries.push({ register: Number(m[1]), base, size, end: base + size - 1n, type, count: Number(m[5]) });
  });
  return entries;
}

/**
 * The MTRR memory type of [first, last], or undefined when no register covers all of it
 * (the default type applies) or a register covers only part of it. Overlaps follow the SDM:
 * uncached wins; write-through beats write-back; any other overlap is undefined behaviour
 * and reported as unknown.
 */
export function mtrrTypeOf(entries: readonly MtrrEntry[], first: bigint, last: bigint = first): CacheType | undefined {
  const touching = entries.filter((e) => e.base <= last && e.end >= first);
  const covering = touching.filter((e) => e.base <= first && e.end >= last);
  if (covering.length === 0 || covering.length < touching.length) return undefined;
  const types = new Set(covering.map((e) => e.type));
  if (types.has('uncached')) return 'uncached';
  if (types.size === 1) return covering[0].type;
  if (types.size === 2 && types.has('write-through') && types.has('write-back')) return 'write-through';
  return undefined;
}
