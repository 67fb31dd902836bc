/**
 * One physical memory map from every source Linux spreads it over: the /proc/iomem tree
 * (who holds what), PCI BARs in sysfs (which device, which driver, which resourceN file),
 * UIO maps, and x86 cache attributes (MTRR, PAT). For each range it answers "how can fbkit
 * map this right now": through a UIO map, a sysfs resource file, or /dev/mem — and for each
 * way that will fail, the kernel rule that blocks it and what to do about it.
 *
 * The kernel rules modelled here (drivers/char/mem.c, arch/x86/mm/init.c, kernel/resource.c,
 * drivers/pci/pci-sysfs.c):
 * - STRICT_DEVMEM: /dev/mem refuses System RAM (EPERM).
 * - IO_STRICT_DEVMEM: a range a driver has claimed (busy) is refused to /dev/mem (EPERM) and
 *   so is the BAR's sysfs resource file (EINVAL, measured in the QEMU guest); x86 lets the
 *   first megabyte through; `iomem=relaxed` lifts the rule.
 * - Lockdown (integrity or confidentiality) closes /dev/mem and PCI resource mmaps; UIO is untouched.
 * /proc/iomem does not print the busy flag, so a named range is taken as claimed unless it is
 * RAM, a bus window, a PCI slot's own entry, or firmware's plain `Reserved`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IomemMap, type IomemRange } from './iomem.js';
import { type AccessFacts, type ProcessIdentity, readAccessFacts, thisProcess } from './access.js';
import type { CacheType } from './cache.js';
import { type MtrrEntry, mtrrTypeOf, parseMtrr } from './mtrr.js';
import { type PatEntry, parsePatMemtypes, patTypesIn } from './pat.js';
import { listPciDevices, type PciDevice, type PciResource, pciIdText } from './pci.js';
import { listUioDevices, type UioDevice, type UioMap, uioMapOffset } from './uio.js';

export interface MemorySources {
  iomem: IomemMap;
  mtrr: MtrrEntry[];
  /** undefined: debugfs is not mounted (or not x86), so the PAT list is unknown. */
  pat?: PatEntry[];
  pci: PciDevice[];
  uio: UioDevice[];
  facts: AccessFacts;
}

export type RangeKind = 'ram' | 'bus' | 'pci-bar' | 'reserved' | 'claimed';
export type MapMethod = 'uio' | 'sysfs-resource' | 'devmem' | 'sysfs-resource-wc';

export interface MapWay {
  method: MapMethod;
  path: string;
  /** The page-aligned mmap offset to pass (MappedRegion's `offset`, or mmap's directly). */
  mmapOffset: bigint;
  /** Where the asked-for byte sits inside that mapping. */
  delta: bigint;
  cache: 'uncached' | 'write-combining';
  /** Open with O_SYNC: what makes a /dev/mem mapping uncached on x86. */
  sync: boolean;
  /** Why this way fails now; absent when nothing known stands in the way. */
  blocked?: string;
  /** What would unblock it. */
  fix?: string;
}

export interface PciBarInfo {
  slot: string;
  id: string;
  classCode: number;
  driver?: string;
  bar: string;
  prefetchable: boolean;
  is64bit: boolean;
}

export interface MemNode {
  start: bigint;
  end: bigint;
  name: string;
  kind: RangeKind;
  /** 'sysfs' for a PCI BAR /proc/iomem does not list (hidden addresses, unassigned BAR). */
  source: 'iomem' | 'sysfs';
  pci?: PciBarInfo;
  uio: { device: string; map: number; name: string }[];
  /** MTRR type covering the whole range; undefined when none does (or not x86). */
  mtrr?: CacheType;
  /** Types the kernel maps parts of it with now (PAT list). */
  pat: CacheType[];
  /** Ways to map the start of the range; empty for bus windows. */
  ways: MapWay[];
  children: MemNode[];
}

export interface MemoryMap {
  roots: MemNode[];
  /** Memory BARs sysfs knows and /proc/iomem does not show. */
  unlisted: MemNode[];
  addressesHidden: boolean;
  facts: AccessFacts;
  patKnown: boolean;
}

const PCI_SLOT = /^[0-9a-f]{4,}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/;
const LOW_MEGABYTE = 0x100000n;

/** Everything under `root` ('/' live; a fixture directory in tests). */
export function readMemorySources(root: string, me: ProcessIdentity = thisProcess()): MemorySources {
  const text = (p: string) => {
    const path = join(root, p);
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  };
  const patPath = 'sys/kernel/debug/x86/pat_memtype_list';
  const patText = text(patPath);
  return {
    iomem: IomemMap.parse(text('proc/iomem') ?? '', join(root, 'proc/iomem')),
    mtrr: parseMtrr(text('proc/mtrr') ?? '', join(root, 'proc/mtrr')),
    pat: patText === undefined ? undefined : parsePatMemtypes(patText, join(root, patPath)),
    pci: listPciDevices(root),
    uio: listUioDevices(root),
    facts: readAccessFacts(root, me),
  };
}

export function buildMemoryMap(src: MemorySources): MemoryMap {
  const hidden = src.iomem.addressesHidden;
  const roots = hidden ? [] : src.iomem.roots.map((r) => nodeFrom(r, src));
  const listed = new Set([...src.iomem.walk()].map((r) => `${r.name}@${r.start}`));
  const unlisted = src.pci.flatMap((dev) =>
    dev.resources
      // The expansion ROM is read through the `rom` file, not mapped: leave it out.
      .filter((r) => r.kind === 'mem' && r.label !== 'ROM' && (hidden || !listed.has(`${dev.slot}@${r.start}`)))
      .map((r) => barNode(dev, r, src)),
  );
  for (const dev of src.uio) for (const map of dev.maps) attachUio(dev, map, [...roots, ...unlisted]);
  return { roots, unlisted, addressesHidden: hidden, facts: src.facts, patKnown: src.pat !== undefined };
}

export type RangeSummary = Pick<MemNode, 'start' | 'end' | 'name' | 'kind' | 'pci' | 'uio'>;

export interface Location {
  address: bigint;
  /** The iomem ranges holding it, outermost first (without their children). */
  chain: RangeSummary[];
  /** A PCI BAR holding it, whether or not /proc/iomem shows it. */
  pci?: PciBarInfo;
  mtrr?: CacheType;
  pat: CacheType[];
  ways: MapWay[];
  /** The first way not blocked, preferring uncached ones (registers need them). */
  best?: MapWay;
}

/** Which ranges hold `address` and how to reach it (the page holding it, `length` bytes). */
export function locate(src: MemorySources, map: MemoryMap, address: bigint, length = 1n): Location {
  const last = address + length - 1n;
  const chain: RangeSummary[] = [];
  for (let level = [...map.roots, ...map.unlisted]; ; ) {
    const hit = level.find((n) => n.start <= address && n.end >= address);
    if (!hit) break;
    const { start, end, name, kind, pci, uio } = hit;
    chain.push({ start, end, name, kind, pci, uio });
    level = hit.children;
  }
  const bar = findBar(src.pci, address, last);
  const ways = waysTo(src, address, last);
  return {
    address,
    chain,
    pci: bar && barInfo(bar.dev, bar.res),
    mtrr: mtrrTypeOf(src.mtrr, address, last),
    pat: src.pat ? patTypesIn(src.pat, address, last) : [],
    ways,
    best: bestWay(ways),
  };
}

export function bestWay(ways: readonly MapWay[]): MapWay | undefined {
  const open = ways.filter((w) => !w.blocked);
  return open.find((w) => w.cache === 'uncached') ?? open[0];
}

function nodeFrom(r: IomemRange, src: MemorySources): MemNode {
  const kind = kindOf(r);
  const dev = kind === 'pci-bar' ? src.pci.find((d) => d.slot === r.name) : undefined;
  const res = dev?.resources.find((x) => x.start === r.start && x.end === r.end);
  return {
    start: r.start,
    end: r.end,
    name: r.name,
    kind,
    source: 'iomem',
    pci: dev && res ? barInfo(dev, res) : undefined,
    uio: [],
    mtrr: mtrrTypeOf(src.mtrr, r.start, r.end),
    pat: src.pat ? patTypesIn(src.pat, r.start, r.end) : [],
    ways: kind === 'bus' ? [] : waysTo(src, r.start, r.start),
    children: r.children.map((c) => nodeFrom(c, src)),
  };
}

function barNode(dev: PciDevice, res: PciResource, src: MemorySources): MemNode {
  return {
    start: res.start,
    end: res.end,
    name: dev.slot,
    kind: 'pci-bar',
    source: 'sysfs',
    pci: barInfo(dev, res),
    uio: [],
    mtrr: mtrrTypeOf(src.mtrr, res.start, res.end),
    pat: src.pat ? patTypesIn(src.pat, res.start, res.end) : [],
    ways: waysTo(src, res.start, res.start),
    children: [],
  };
}

function kindOf(r: IomemRange): RangeKind {
  if (r.name === 'System RAM' || (r.parent && kindOf(r.parent) === 'ram')) return 'ram';
  if (r.name.startsWith('PCI Bus ')) return 'bus';
  if (PCI_SLOT.test(r.name)) return 'pci-bar';
  if (r.name === 'Reserved') return 'reserved';
  return 'claimed';
}

function barInfo(dev: PciDevice, res: PciResource): PciBarInfo {
  return {
    slot: dev.slot,
    id: pciIdText(dev),
    classCode: dev.classCode,
    driver: dev.driver,
    bar: res.label,
    prefetchable: res.prefetchable,
    is64bit: res.is64bit,
  };
}

function attachUio(dev: UioDevice, map: UioMap, level: MemNode[]): void {
  const last = map.addr + map.size - 1n;
  const hit = level.find((n) => n.start <= map.addr && n.end >= last);
  if (!hit) return; // a map outside every listed range (an address iomem hides): the device list still shows it
  const deeper = hit.children.some((c) => c.start <= map.addr && c.end >= last);
  if (deeper) attachUio(dev, map, hit.children);
  else hit.uio.push({ device: dev.devPath, map: map.index, name: map.name });
}

function findBar(pci: readonly PciDevice[], first: bigint, last: bigint) {
  for (const dev of pci) {
    const res = dev.resources.find((r) => r.start <= first && r.end >= last);
    if (res) return { dev, res };
  }
  return undefined;
}

/** Every way to map [first, last], most suitable for registers first. */
export function waysTo(src: MemorySources, first: bigint, last: bigint): MapWay[] {
  const { facts } = src;
  const page = BigInt(facts.pageSize);
  const at = (offset: bigint) => ({ mmapOffset: offset - (offset % page), delta: offset % page });
  const ways: MapWay[] = [];

  for (const dev of src.uio) {
    for (const map of dev.maps) {
      if (map.addr > first || map.addr + map.size - 1n < last) continue;
      const blocked = dev.devNodeExists
        ? {}
        : {
            blocked: `${dev.devPath} does not exist`,
            fix: `create it (udev does; or mknod with the numbers in /sys/class/uio/${dev.name}/dev)`,
          };
      ways.push({
        method: 'uio',
        path: dev.devPath,
        mmapOffset: uioMapOffset(map.index, facts.pageSize),
        delta: first - map.addr + map.offset,
        cache: 'uncached',
        sync: false,
        ...blocked,
      });
    }
  }

  const bar = findBar(src.pci, first, last);
  let wc: MapWay | undefined;
  if (bar) {
    const { dev, res } = bar;
    const base = { ...at(first - res.start), cache: 'uncached' as const, sync: false };
    const path = res.resourceFile ?? `${dev.dir}/resource${res.index}`;
    const why = sysfsBlock(src, dev, res);
    ways.push({ method: 'sysfs-resource', path, ...base, ...why });
    if (res.wcFile) wc = { method: 'sysfs-resource-wc', path: res.wcFile, ...base, cache: 'write-combining', ...why };
  }

  ways.push({ method: 'devmem', path: '/dev/mem', ...at(first), cache: 'uncached', sync: true, ...devmemBlock(src, first, last) });
  if (wc) ways.push(wc);
  return ways;
}

type Block = { blocked?: string; fix?: string };

function sysfsBlock(src: MemorySources, dev: PciDevice, res: PciResource): Block {
  const { facts } = src;
  if (res.kind === 'io')
    return {
      blocked: `${res.label} of ${dev.slot} is I/O-port space, not memory (mmap fails with ENODEV)`,
      fix: 'use port I/O (/dev/port, inb/outb) instead',
    };
  if (res.kind !== 'mem') return { blocked: `${res.label} of ${dev.slot} is not a memory resource` };
  if (!res.resourceFile)
    return { blocked: `the kernel made no resource${res.index} file for ${dev.slot} ${res.label}`, fix: 'use /dev/mem or a UIO driver' };
  if (!facts.root) return { blocked: 'sysfs resource files are root-only (mode 0600)', fix: 'run as root' };
  if (facts.lockdown && facts.lockdown !== 'none')
    return {
      blocked: `kernel lockdown (${facts.lockdown}) forbids mapping PCI BARs from user space`,
      fix: 'boot without lockdown (it follows Secure Boot on many distributions), or bind the device to uio_pci_generic',
    };
  // pci_mmap_resource asks iomem_is_exclusive() about the BAR's first page only.
  const claim = claimedBy(src, res.start, res.start);
  if (claim && ioStrictApplies(facts)) {
    return {
      blocked: `${claim.name} has claimed this BAR; with IO_STRICT_DEVMEM the kernel refuses to mmap the resource file of a claimed BAR (EINVAL)`,
      fix: `unbind the driver (echo ${dev.slot} > /sys/bus/pci/drivers/${dev.driver ?? claim.name}/unbind) or boot with iomem=relaxed`,
    };
  }
  return {};
}

function devmemBlock(src: MemorySources, first: bigint, last: bigint): Block {
  const { facts, iomem } = src;
  if (!facts.devMem)
    return {
      blocked: '/dev/mem does not exist (a kernel without CONFIG_DEVMEM, or no device node)',
      fix: 'use a sysfs resource file or UIO',
    };
  if (!facts.root) return { blocked: 'opening /dev/mem needs root (CAP_SYS_RAWIO)', fix: 'run as root' };
  if (facts.lockdown && facts.lockdown !== 'none')
    return {
      blocked: `kernel lockdown (${facts.lockdown}) closes /dev/mem`,
      fix: 'boot without lockdown, or bind the device to uio_pci_generic',
    };
  if (iomem.addressesHidden) return {};
  const ram = iomem.systemRamIn(first, last - first + 1n);
  if (ram && facts.strictDevmem !== false) {
    const assumed = facts.strictDevmem === undefined ? ' (kernel config not found; assuming it is on, as distributions build it)' : '';
    return {
      blocked: `System RAM: STRICT_DEVMEM refuses /dev/mem maps of RAM${assumed}`,
      fix: 'reserve the memory for the device (memmap= or reserved-memory) and reach it through its driver or UIO',
    };
  }
  // x86 lets /dev/mem map claimed ranges in the first megabyte (legacy BIOS and VGA areas).
  const lowMegabyte = (facts.arch === 'x64' || facts.arch === 'ia32') && last < LOW_MEGABYTE;
  const claim = claimedBy(src, first, last);
  if (claim && ioStrictApplies(facts) && !lowMegabyte) {
    return {
      blocked: `claimed by ${claim.name}: IO_STRICT_DEVMEM refuses /dev/mem maps of ranges a driver holds`,
      fix: "use the driver's interface, unbind the driver, or boot with iomem=relaxed",
    };
  }
  return {};
}

function ioStrictApplies(facts: AccessFacts): boolean {
  return facts.ioStrictDevmem !== false && !facts.iomemRelaxed;
}

/** The claimed (busy) range nearest the hardware on the pages of [first, last], if any. */
function claimedBy(src: MemorySources, first: bigint, last: bigint): IomemRange | undefined {
  if (src.iomem.addressesHidden) return undefined;
  const page = BigInt(src.facts.pageSize);
  const from = first - (first % page);
  const to = last - (last % page) + page - 1n;
  return src.iomem
    .overlapping(from, to - from + 1n)
    .filter((r) => kindOf(r) === 'claimed')
    .at(-1);
}
