/**
 * `fbkit mem ranges` and `fbkit mem map ADDRESS`: the physical memory map with owners,
 * cache attributes and the ways fbkit can map each range right now (see src/memmap/ranges.ts
 * and docs/memory-map.md). `--root DIR` reads a captured tree instead of this machine.
 */
import type { Command } from 'commander';
import { hexAddress } from '../memmap/cache.js';
import {
  buildMemoryMap,
  type Location,
  type MapWay,
  type MemNode,
  type MemoryMap,
  type MemorySources,
  locate,
  readMemorySources,
  bestWay,
} from '../memmap/ranges.js';
import { fileType } from '../mmio/file-type.js';
import { parseBusyboxNumber, usageError } from './args.js';
import type { CliIo } from './io.js';

interface MemOptions {
  json?: boolean;
  root: string;
}

export function register(program: Command, io: CliIo): void {
  const mem = program.command('mem').description('the physical memory map: ranges, owners, cache attributes, and how to map them');
  mem
    .command('ranges')
    .description('print /proc/iomem as a tree with PCI BARs, drivers, UIO maps, MTRR/PAT cache types and the way to map each range')
    .option('--json', 'print the tree as JSON (addresses as 0x hex strings)')
    .option('--root <dir>', 'read proc/ and sys/ under this directory (a captured tree) instead of /', '/')
    .action((opts: MemOptions) => {
      const src = sources(opts.root);
      const map = buildMemoryMap(src);
      io.stdout.write(opts.json ? `${toJson(map)}\n` : rangesText(map));
    });
  mem
    .command('map')
    .description('which range holds ADDRESS and the best way to map it')
    .argument('<address>', 'physical address: 0x hex, 0 octal or decimal')
    .option('--json', 'print the answer as JSON (addresses as 0x hex strings)')
    .option('--root <dir>', 'read proc/ and sys/ under this directory (a captured tree) instead of /', '/')
    .action((text: string, opts: MemOptions) => {
      const address = parseBusyboxNumber('mem map', text, 'address');
      const src = sources(opts.root);
      const where = locate(src, buildMemoryMap(src), address);
      io.stdout.write(opts.json ? `${toJson(where)}\n` : locationText(where, src));
    });
}

/** The captured (or live) tree under `root`; a root that is no directory would read as an empty machine. */
function sources(root: string): MemorySources {
  const type = fileType(root);
  if (type !== 'directory') {
    throw usageError(
      `mem: --root '${root}' is ${type ? `a ${type}` : 'no directory that exists'}`,
      'give the directory that holds proc/ and sys/ (/ for this machine)',
    );
  }
  return readMemorySources(root);
}

/** JSON with BigInts as 0x hex strings: physical addresses past 2^53 stay exact. */
function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v), 2);
}

function rangesText(map: MemoryMap): string {
  const lines: string[] = [];
  if (map.addressesHidden) lines.push('/proc/iomem hides addresses from this user: run as root for the full tree');
  const walk = (nodes: MemNode[], depth: number) => {
    for (const n of nodes) {
      const pad = '  '.repeat(depth);
      lines.push(`${pad}${hexAddress(n.start)}-${hexAddress(n.end)} ${n.name}${details(n)}`);
      const how = n.kind === 'bus' || (n.kind === 'ram' && depth > 0) ? undefined : howLine(n.ways);
      if (how) lines.push(`${pad}    ${how}`);
      walk(n.children, depth + 1);
    }
  };
  walk(map.roots, 0);
  if (map.unlisted.length) {
    lines.push('', 'PCI memory BARs /proc/iomem does not show:');
    walk(map.unlisted, 1);
  }
  lines.push('', factsLine(map));
  return `${lines.join('\n')}\n`;
}

function details(n: MemNode): string {
  const parts: string[] = [];
  if (n.pci) {
    const p = n.pci;
    parts.push(
      `${p.bar} ${p.id} ${p.driver ? `driver ${p.driver}` : 'no driver'}${p.prefetchable ? ', prefetchable' : ''}${p.is64bit ? ', 64-bit' : ''}`,
    );
  }
  for (const u of n.uio) parts.push(`UIO ${u.device} map${u.map}`);
  const cache = [n.mtrr && `MTRR ${n.mtrr}`, n.pat.length ? `PAT ${n.pat.join('/')}` : undefined].filter(Boolean);
  if (cache.length) parts.push(cache.join(', '));
  return parts.length ? `  [${parts.join('; ')}]` : '';
}

/** One line: the best way, or why none works (the first reason). */
function howLine(ways: MapWay[]): string | undefined {
  if (ways.length === 0) return undefined;
  const best = bestWay(ways);
  if (best) return `map: ${wayText(best)}`;
  return `cannot map now: ${ways[0].blocked}`;
}

function wayText(w: MapWay): string {
  const where =
    w.method === 'uio'
      ? `${w.path} at mmap offset ${hexAddress(w.mmapOffset)} + ${hexAddress(w.delta)}`
      : `${w.path} at ${hexAddress(w.mmapOffset + w.delta)}`;
  return `${where} (${w.cache}${w.sync ? ', O_SYNC' : ''})`;
}

function locationText(where: Location, src: MemorySources): string {
  const lines = [`${hexAddress(where.address)}:`];
  if (src.iomem.addressesHidden) lines.push('  /proc/iomem hides addresses from this user: run as root to see who owns it');
  if (!where.chain.length && !src.iomem.addressesHidden) lines.push('  no range in /proc/iomem holds it');
  where.chain.forEach((r, i) => lines.push(`${'  '.repeat(i + 1)}${hexAddress(r.start)}-${hexAddress(r.end)} ${r.name} (${r.kind})`));
  if (where.pci) {
    const p = where.pci;
    lines.push(`  PCI ${p.slot} ${p.id} ${p.bar}, ${p.driver ? `driver ${p.driver}` : 'no driver bound'}`);
  }
  lines.push(
    `  cache: MTRR ${where.mtrr ?? 'none covers it (default type)'}; PAT ${src.pat ? where.pat.join('/') || 'no kernel mapping' : 'unknown (mount debugfs)'}`,
  );
  lines.push(where.best ? `  best: ${wayText(where.best)}` : '  best: none works now');
  for (const w of where.ways) {
    lines.push(`  ${w.blocked ? 'x' : '-'} ${w.method}: ${wayText(w)}`);
    if (w.blocked) lines.push(`      ${w.blocked}${w.fix ? `; ${w.fix}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

function factsLine(map: MemoryMap): string {
  const f = map.facts;
  const flag = (v: boolean | undefined) => (v === undefined ? 'unknown' : v ? 'on' : 'off');
  return [
    `arch ${f.arch}`,
    f.root ? 'root' : 'not root',
    `/dev/mem ${f.devMem ? 'present' : 'absent'}`,
    `STRICT_DEVMEM ${flag(f.strictDevmem)}`,
    `IO_STRICT_DEVMEM ${flag(f.ioStrictDevmem)}${f.iomemRelaxed ? ' (iomem=relaxed)' : ''}`,
    `lockdown ${f.lockdown ?? 'unknown'}`,
    `PAT list ${map.patKnown ? 'read' : 'unknown (mount debugfs)'}`,
  ].join(', ');
}
