/**
 * PCI devices as sysfs shows them: /sys/bus/pci/devices/<slot>/ with `vendor`, `device`,
 * `class`, `resource` (one "start end flags" line per resource, in hex) and a `driver`
 * symlink naming the bound driver. Each memory BAR N the kernel lets user space map has a
 * `resourceN` file (mmap it at offset 0 = the BAR's first byte, uncached), and a prefetchable
 * one also a `resourceN_wc` file (mapped write-combining).
 */
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ArgumentError } from '../errors.js';

/** <linux/ioport.h> resource flags that matter to a user of the BAR. */
const IORESOURCE_IO = 0x100n;
const IORESOURCE_MEM = 0x200n;
const IORESOURCE_PREFETCH = 0x2000n;
const IORESOURCE_MEM_64 = 0x100000n;
const IORESOURCE_TYPE_BITS = 0x1f00n;

/** Lines 0-5 of `resource` are the BARs, line 6 the expansion ROM; later ones are bridge windows and SR-IOV BARs. */
const BAR_COUNT = 6;
const ROM_INDEX = 6;

export interface PciResource {
  /** The line number in `resource`: N in resourceN. */
  index: number;
  /** `BAR0`..`BAR5`, `ROM`, or `resource7`... */
  label: string;
  start: bigint;
  /** Last byte, inclusive. */
  end: bigint;
  size: bigint;
  flags: bigint;
  kind: 'mem' | 'io' | 'other';
  prefetchable: boolean;
  is64bit: boolean;
  /** sysfs files that map it, when the kernel created them (absolute paths under the given root). */
  resourceFile?: string;
  wcFile?: string;
}

export interface PciDevice {
  slot: string;
  dir: string;
  vendor: number;
  device: number;
  /** 24-bit class code: base class, subclass, programming interface. */
  classCode: number;
  /** The bound driver's name; undefined when no driver holds the device. */
  driver?: string;
  /** Resources with a non-zero size, in `resource` order. */
  resources: PciResource[];
}

/** Parses the text of a sysfs `resource` file; empty (all-zero) lines are left out. */
export function parsePciResources(text: string, source = 'resource'): PciResource[] {
  const out: PciResource[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const fields = line.trim().split(/\s+/);
    if (fields.length !== 3 || !fields.every((f) => /^0x[0-9a-fA-F]+$/.test(f))) {
      throw new ArgumentError(
        'EPCIPARSE',
        `${source} line ${index + 1} is not "start end flags": ${JSON.stringify(line)}`,
        'pass the text of a sysfs PCI resource file',
      );
    }
    const [start, end, flags] = fields.map((f) => BigInt(f));
    if (start === 0n && end === 0n) return;
    const type = flags & IORESOURCE_TYPE_BITS;
    out.push({
      index,
      label: index < BAR_COUNT ? `BAR${index}` : index === ROM_INDEX ? 'ROM' : `resource${index}`,
      start,
      end,
      size: end - start + 1n,
      flags,
      kind: type === IORESOURCE_MEM ? 'mem' : type === IORESOURCE_IO ? 'io' : 'other',
      prefetchable: (flags & IORESOURCE_PREFETCH) !== 0n,
      is64bit: (flags & IORESOURCE_MEM_64) !== 0n,
    });
  });
  return out;
}

/** Every PCI device under `${root}/sys/bus/pci/devices`; [] when the machine has no PCI bus. */
export function listPciDevices(root = '/'): PciDevice[] {
  const base = join(root, 'sys/bus/pci/devices');
  if (!existsSync(base)) return [];
  return readdirSync(base)
    .sort()
    .map((slot) => readPciDevice(join(base, slot), slot));
}

function readPciDevice(dir: string, slot = basename(dir)): PciDevice {
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  const resources = parsePciResources(read('resource'), join(dir, 'resource'));
  for (const r of resources) {
    const file = join(dir, `resource${r.index}`);
    if (existsSync(file)) r.resourceFile = file;
    if (existsSync(`${file}_wc`)) r.wcFile = `${file}_wc`;
  }
  return {
    slot,
    dir,
    vendor: Number(read('vendor').trim()),
    device: Number(read('device').trim()),
    classCode: existsSync(join(dir, 'class')) ? Number(read('class').trim()) : 0,
    driver: driverOf(dir),
    resources,
  };
}

/** The bound driver's name is the last component of the `driver` symlink's target. */
function driverOf(dir: string): string | undefined {
  try {
    return basename(readlinkSync(join(dir, 'driver')));
  } catch {
    return undefined; // no link: no driver bound
  }
}

/** `1234:11e8`, the way lspci -n prints an id pair. */
export function pciIdText(d: Pick<PciDevice, 'vendor' | 'device'>): string {
  return `${d.vendor.toString(16).padStart(4, '0')}:${d.device.toString(16).padStart(4, '0')}`;
}
