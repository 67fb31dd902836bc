/**
 * Memory types as x86 names them (MTRR and PAT share the vocabulary), so that every source
 * of cache facts — /proc/mtrr, the PAT memtype list, a sysfs `resourceN_wc` file — speaks
 * the same words in the memory map.
 */
export type CacheType =
  | 'uncached' // UC: every access goes to the bus, in order
  | 'uncached-minus' // UC-: uncached, but an MTRR may still make it write-combining
  | 'write-combining' // WC: writes may be merged and reordered; reads uncached
  | 'write-through'
  | 'write-protect'
  | 'write-back'; // ordinary cached RAM

const NAMES: Record<string, CacheType> = {
  uncachable: 'uncached', // /proc/mtrr spells it this way
  uncached: 'uncached',
  'uncached-minus': 'uncached-minus',
  'write-combining': 'write-combining',
  'write-through': 'write-through',
  'write-protect': 'write-protect',
  'write-protected': 'write-protect', // PAT's spelling
  'write-back': 'write-back',
};

/** The kernel's name for a memory type, in either file's spelling; undefined when unknown. */
export function cacheTypeNamed(name: string): CacheType | undefined {
  return NAMES[name.trim()];
}

/** Formats an address the way /proc/iomem does: at least eight hex digits. */
export function hexAddress(v: bigint): string {
  return `0x${v.toString(16).padStart(8, '0')}`;
}
