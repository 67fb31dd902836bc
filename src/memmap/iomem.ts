/**
 * /proc/iomem: the kernel's tree of physical address ranges and who holds each one.
 *
 * It answers the questions a /dev/mem user hits first: is this address RAM (STRICT_DEVMEM
 * refuses it), has a driver claimed it (IO_STRICT_DEVMEM refuses it), and which PCI device's
 * sysfs `resourceN` file reaches the same registers without /dev/mem at all.
 *
 * Lines look like `  fd000000-fdffffff : bochs-drm`: two spaces of indent per level of
 * nesting, inclusive hex bounds, then the name. Without root the kernel prints every
 * address as 0; the map then says so (`addressesHidden`) instead of answering wrongly.
 */
import { readFileSync } from 'node:fs';
import { ArgumentError, FbkitError } from '../errors.js';

export interface IomemRange {
  /** First byte. */
  readonly start: bigint;
  /** Last byte (inclusive, as the kernel prints it). */
  readonly end: bigint;
  readonly name: string;
  /** 0 for top-level ranges. */
  readonly depth: number;
  readonly parent: IomemRange | undefined;
  readonly children: readonly IomemRange[];
}

interface MutableRange extends IomemRange {
  readonly children: IomemRange[];
}

export interface RefusalOptions {
  /** Where PCI devices live in sysfs, to name the right resourceN file (tests pass a fixture). */
  pciDevicesDir?: string;
}

const LINE = /^((?: {2})*)([0-9a-fA-F]+)-([0-9a-fA-F]+) : (.*)$/;
const PCI_SLOT = /^[0-9a-f]{4,}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/;
const SYSTEM_RAM = 'System RAM';

/** The /proc/iomem tree cannot answer: the kernel hid the addresses from a non-root reader. */
export class IomemHiddenError extends FbkitError {
  constructor(source: string) {
    super(
      'EIOMEMHIDDEN',
      `${source} shows every address as 0 to this user`,
      'read it as root (the kernel hides physical addresses from other users)',
    );
  }
}

export class IomemMap {
  /** Top-level ranges, in the kernel's order. */
  readonly roots: readonly IomemRange[];
  /** True when every range reads 0-0: the kernel hides addresses from non-root readers. */
  readonly addressesHidden: boolean;
  readonly source: string;

  private constructor(roots: IomemRange[], hidden: boolean, source: string) {
    this.roots = roots;
    this.addressesHidden = hidden;
    this.source = source;
  }

  static parse(text: string, source = '/proc/iomem'): IomemMap {
    const roots: MutableRange[] = [];
    const open: MutableRange[] = []; // open[d] is the latest range at depth d
    let hidden = true;
    let count = 0;
    text.split('\n').forEach((line, index) => {
      if (line.trim() === '') return;
      const m = LINE.exec(line);
      if (!m) {
        throw new ArgumentError(
          'EIOMEMPARSE',
          `${source} line ${index + 1} is not "start-end : name": ${JSON.stringify(line)}`,
          'pass the text of /proc/iomem',
        );
      }
      const depth = m[1].length / 2;
      if (depth > open.length) {
        throw new ArgumentError(
          'EIOMEMPARSE',
          `${source} line ${index + 1} is indented deeper than any range above it`,
          'pass the text of /proc/iomem',
        );
      }
      const parent = depth === 0 ? undefined : open[depth - 1];
      const range: MutableRange = { start: BigInt(`0x${m[2]}`), end: BigInt(`0x${m[3]}`), name: m[4], depth, parent, children: [] };
      if (parent) parent.children.push(range);
      else roots.push(range);
      open.length = depth;
      open.push(range);
      if (range.start !== 0n || range.end !== 0n) hidden = false;
      count++;
    });
    return new IomemMap(roots, hidden && count > 0, source);
  }

  static read(path = '/proc/iomem'): IomemMap {
    return IomemMap.parse(readFileSync(path, 'utf8'), path);
  }

  /** Every range, parents before children. */
  *walk(): Generator<IomemRange> {
    const stack = [...this.roots].reverse();
    for (let r = stack.pop(); r; r = stack.pop()) {
      yield r;
      for (let i = r.children.length - 1; i >= 0; i--) stack.push(r.children[i]);
    }
  }

  /** Ranges of any depth that share at least one byte with [address, address + length). */
  overlapping(address: number | bigint, length: number | bigint = 1): IomemRange[] {
    this.#assertVisible();
    const [first, last] = span(address, length);
    return [...this.walk()].filter((r) => r.start <= last && r.end >= first);
  }

  /** The innermost ranges that overlap: the claims nearest the hardware (a driver under its PCI slot). */
  innermost(address: number | bigint, length: number | bigint = 1): IomemRange[] {
    const hits = this.overlapping(address, length);
    return hits.filter((r) => !hits.some((other) => other.parent === r));
  }

  /** The first System RAM range the byte span touches, if any. */
  systemRamIn(address: number | bigint, length: number | bigint = 1): IomemRange | undefined {
    return this.overlapping(address, length).find((r) => r.name === SYSTEM_RAM);
  }

  isSystemRam(address: number | bigint, length: number | bigint = 1): boolean {
    return this.systemRamIn(address, length) !== undefined;
  }

  /**
   * Why /dev/mem refused to map [address, address + length) with `code` (EPERM, EBUSY...),
   * naming the range, its owner and the way around it. Never throws: an unknown answer
   * is an explanation too.
   */
  describeDevmemRefusal(address: number | bigint, length: number | bigint, code: string, opts: RefusalOptions = {}): string {
    const [first] = span(address, length);
    const head = `/dev/mem refused ${hex(first)}+0x${BigInt(length).toString(16)} (${code})`;
    if (this.addressesHidden) {
      return `${head}: cannot tell who owns it, ${this.source} hides addresses from non-root users; run as root (opening /dev/mem needs CAP_SYS_RAWIO anyway)`;
    }
    const ram = this.systemRamIn(address, length);
    if (ram) {
      return (
        `${head}: ${rangeText(ram)} is System RAM; the kernel's STRICT_DEVMEM refuses /dev/mem maps of RAM` +
        '; reserve the memory for the device (memmap= on the kernel command line, or reserved-memory in the device tree) and reach it through its driver or UIO'
      );
    }
    const owners = this.innermost(address, length).filter((r) => !isBus(r));
    const claim = owners.find((r) => !PCI_SLOT.test(r.name));
    if (claim) {
      const slot = pciSlotAbove(claim);
      const pci = slot ? ` (PCI device ${slot.name})` : '';
      // IO_STRICT_DEVMEM also refuses the sysfs resource file while a driver holds the BAR
      // (measured: EINVAL on Debian's 6.1 kernel), so that way needs the driver unbound first.
      const way = slot
        ? `unbind the driver (echo ${slot.name} > /sys/bus/pci/devices/${slot.name}/driver/unbind) and map ${resourceFile(slot.name, first, opts)}`
        : `unbind ${JSON.stringify(claim.name)} from its driver`;
      return `${head}: ${rangeText(claim)} is claimed by ${claim.name}${pci}; the kernel's IO_STRICT_DEVMEM blocks it; boot with iomem=relaxed or ${way}`;
    }
    const device = owners.find((r) => PCI_SLOT.test(r.name));
    const where = device
      ? `${rangeText(device)} belongs to PCI device ${device.name}, which no driver has claimed`
      : `no device in ${this.source} holds ${hex(first)}`;
    const alt = device ? `, or map ${resourceFile(device.name, first, opts)}` : '';
    return `${head}: ${where}, so devmem rules do not explain it; check kernel lockdown (/sys/kernel/security/lockdown) and that the process has CAP_SYS_RAWIO${alt}`;
  }

  #assertVisible(): void {
    if (this.addressesHidden) throw new IomemHiddenError(this.source);
  }
}

/** `0xfd000000-0xfdffffff`, eight digits at least, as the kernel pads them. */
export function rangeText(r: IomemRange): string {
  return `${hex(r.start)}-${hex(r.end)}`;
}

function hex(v: bigint): string {
  return `0x${v.toString(16).padStart(8, '0')}`;
}

function span(address: number | bigint, length: number | bigint): [bigint, bigint] {
  const first = BigInt(address);
  const len = BigInt(length);
  if (first < 0n || len <= 0n) {
    throw new ArgumentError('ERANGE', `address ${first} with length ${len} is not a byte span`, 'pass an address >= 0 and a length > 0');
  }
  return [first, first + len - 1n];
}

// Bus windows hold devices but own nothing themselves.
function isBus(r: IomemRange): boolean {
  return r.name.startsWith('PCI Bus ');
}

function pciSlotAbove(r: IomemRange): IomemRange | undefined {
  for (let p = r.parent; p; p = p.parent) if (PCI_SLOT.test(p.name)) return p;
  return undefined;
}

/**
 * The sysfs file that maps the BAR holding `address`. sysfs `resource` lists one
 * "start end flags" line per BAR; the line's index is N in resourceN.
 */
function resourceFile(slot: string, address: bigint, opts: RefusalOptions): string {
  const dir = opts.pciDevicesDir ?? '/sys/bus/pci/devices';
  let n = 'N';
  try {
    const lines = readFileSync(`${dir}/${slot}/resource`, 'utf8').split('\n');
    const index = lines.findIndex((line) => {
      const [start, end] = line
        .trim()
        .split(/\s+/)
        .map((f) => BigInt(f));
      return end !== undefined && end !== 0n && start <= address && address <= end;
    });
    if (index >= 0) n = String(index);
  } catch {
    // No sysfs here (another machine's capture): the generic name still tells the way.
  }
  return `/sys/bus/pci/devices/${slot}/resource${n}`;
}
