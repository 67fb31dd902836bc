import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { IomemMap } from '../../src/memmap/iomem.js';
import { readAccessFacts } from '../../src/memmap/access.js';
import { mtrrTypeOf, parseMtrr } from '../../src/memmap/mtrr.js';
import { parsePatMemtypes, patTypesIn } from '../../src/memmap/pat.js';
import { listPciDevices, parsePciResources } from '../../src/memmap/pci.js';
import { buildMemoryMap, locate, type MemorySources, readMemorySources } from '../../src/memmap/ranges.js';
import { listUioDevices, uioMapOffset } from '../../src/memmap/uio.js';

const fixture = (name: string) => join(import.meta.dirname, '..', '..', 'fixtures', 'memmap', name);
const rootUser = { arch: 'x64', euid: 0, pageSize: 4096 };
const where = (src: MemorySources, address: bigint) => locate(src, buildMemoryMap(src), address);

describe('/proc/mtrr', () => {
  it('reads the QEMU guest capture: 2 GiB uncachable at 2 GiB', () => {
    const [e] = parseMtrr('reg00: base=0x080000000 ( 2048MB), size= 2048MB, count=1: uncachable\n');
    expect(e).toEqual({ register: 0, base: 0x80000000n, size: 0x80000000n, end: 0xffffffffn, type: 'uncached', count: 1 });
  });

  it('reads sizes given in KB', () => {
    const [e] = parseMtrr('reg03: base=0x0000d0000 (    0MB), size=   64KB, count=2: write-protect');
    expect([e.base, e.size, e.type, e.count]).toEqual([0xd0000n, 0x10000n, 'write-protect', 2]);
  });

  it('refuses a line that is not an MTRR entry', () => {
    expect(() => parseMtrr('reg00: base=0x0 size=1MB')).toThrow(ArgumentError);
    expect(() => parseMtrr('reg00: base=0x000000000 (    0MB), size=    1MB, count=1: purple')).toThrow(/not an MTRR entry/);
  });

  it('combines overlapping registers as the CPU does', () => {
    const entries = parseMtrr(
      [
        'reg00: base=0x000000000 (    0MB), size= 4096MB, count=1: write-back',
        'reg01: base=0x0c0000000 ( 3072MB), size= 1024MB, count=1: uncachable',
        'reg02: base=0x000000000 (    0MB), size=    1MB, count=1: write-through',
      ].join('\n'),
    );
    expect(mtrrTypeOf(entries, 0x1000_0000n)).toBe('write-back');
    expect(mtrrTypeOf(entries, 0xfea0_0000n)).toBe('uncached'); // UC wins over WB
    expect(mtrrTypeOf(entries, 0x8_0000n)).toBe('write-through'); // WT wins over WB
    expect(mtrrTypeOf(entries, 0xbfff_f000n, 0xc000_0fffn)).toBeUndefined(); // straddles WB and UC
    expect(mtrrTypeOf(entries, 0x1_0000_0000n)).toBeUndefined(); // default type: not in the file
  });
});

describe('PAT memtype list', () => {
  it('reads the current format with its exclusive end, and the pre-5.7 one', () => {
    const entries = parsePatMemtypes(
      'PAT memtype list:\nPAT: [mem 0x00000000fd000000-0x00000000fe000000] uncached-minus\nwrite-combining @ 0xe0000000-0xe0100000\n',
    );
    expect(entries).toEqual([
      { start: 0xfd000000n, end: 0xfdffffffn, type: 'uncached-minus' },
      { start: 0xe0000000n, end: 0xe00fffffn, type: 'write-combining' },
    ]);
    expect(patTypesIn(entries, 0xfdfff000n, 0xfe000fffn)).toEqual(['uncached-minus']);
    expect(patTypesIn(entries, 0xfe000000n, 0xfe000fffn)).toEqual([]);
  });

  it('refuses other text', () => {
    expect(() => parsePatMemtypes('PAT: [mem 0x0-0x1000] sparkly')).toThrow(ArgumentError);
  });
});

describe('sysfs PCI', () => {
  it('decodes BAR kinds and flags from resource lines', () => {
    const bars = parsePciResources(
      [
        '0x00000000fd000000 0x00000000fdffffff 0x0000000000042208',
        '0x0000000000000000 0x0000000000000000 0x0000000000000000',
        '0x000000000000c040 0x000000000000c05f 0x0000000000040101',
        '0x0000004000000000 0x000000400007ffff 0x0000000000140204',
        '0x0000000000000000 0x0000000000000000 0x0000000000000000',
        '0x0000000000000000 0x0000000000000000 0x0000000000000000',
        '0x00000000000c0000 0x00000000000dffff 0x0000000000000212',
      ].join('\n'),
    );
    expect(bars.map((b) => [b.label, b.kind, b.prefetchable, b.is64bit, b.size])).toEqual([
      ['BAR0', 'mem', true, false, 0x1000000n],
      ['BAR2', 'io', false, false, 0x20n],
      ['BAR3', 'mem', false, true, 0x80000n],
      ['ROM', 'mem', false, false, 0x20000n],
    ]);
    expect(() => parsePciResources('0xfd000000 0xfdffffff')).toThrow(/not "start end flags"/);
  });

  it('lists the real guest capture with drivers and resource files', () => {
    const devices = listPciDevices(fixture('qemu-pc-guest'));
    const edu = devices.find((d) => d.vendor === 0x1234 && d.device === 0x11e8)!;
    const vga = devices.find((d) => d.vendor === 0x1234 && d.device === 0x1111)!;
    expect(edu.driver).toBe('uio_pci_generic');
    expect(edu.resources[0]).toMatchObject({ start: 0xfea00000n, end: 0xfeafffffn });
    expect(edu.resources[0].wcFile).toBeUndefined();
    expect(edu.resources[0].resourceFile).toMatch(/0000:00:03\.0\/resource0$/);
    expect(vga.driver).toBe('bochs-drm');
    expect(vga.resources[0].wcFile).toMatch(/resource0_wc$/);
    expect(devices.find((d) => d.slot === '0000:00:00.0')!.driver).toBeUndefined();
  });
});

describe('UIO', () => {
  it('lists maps with their in-page offset; map N sits at mmap offset N pages', () => {
    const [dev] = listUioDevices(fixture('arm64-uio-constructed'));
    expect(dev).toMatchObject({
      name: 'uio0',
      devPath: '/dev/uio0',
      driverName: 'fpga-regs',
      parent: 'a0000000.fpga-regs',
      devNodeExists: true,
    });
    expect(dev.maps.map((m) => [m.index, m.name, m.addr, m.size, m.offset])).toEqual([
      [0, 'control', 0xa0000000n, 0x800n, 0n],
      [1, 'status', 0xa0001800n, 0x800n, 0x800n],
    ]);
    expect(uioMapOffset(1, 4096)).toBe(4096n);
    expect(uioMapOffset(3, 16384)).toBe(49152n);
  });

  it('is empty where UIO is absent', () => {
    expect(listUioDevices(fixture('firecracker-host'))).toEqual([]);
  });
});

describe('access facts', () => {
  it('reads lockdown, the devmem config and iomem=relaxed', () => {
    expect(readAccessFacts(fixture('qemu-pc-guest'), rootUser)).toMatchObject({
      devMem: true,
      lockdown: 'none',
      strictDevmem: true,
      ioStrictDevmem: true,
      iomemRelaxed: false,
      root: true,
    });
    expect(readAccessFacts(fixture('q35-lockdown-constructed'), { ...rootUser, euid: 1000 })).toMatchObject({
      lockdown: 'integrity',
      iomemRelaxed: true,
      root: false,
    });
    expect(readAccessFacts(fixture('firecracker-host'), rootUser)).toMatchObject({
      devMem: false,
      lockdown: undefined,
      strictDevmem: undefined,
    });
  });
});

describe('the combined map and the way to each address', () => {
  const guest = readMemorySources(fixture('qemu-pc-guest'), rootUser);

  it('reaches the edu BAR best through its UIO map, then its resource file, then /dev/mem', () => {
    const at = where(guest, 0xfea00004n);
    expect(at.chain.map((r) => r.name)).toEqual(['PCI Bus 0000:00', '0000:00:03.0']);
    expect(at.pci).toMatchObject({ id: '1234:11e8', bar: 'BAR0', driver: 'uio_pci_generic' });
    expect(at.mtrr).toBe('uncached');
    expect(at.ways.map((w) => [w.method, w.mmapOffset, w.delta, w.blocked])).toEqual([
      ['uio', 0n, 4n, undefined],
      ['sysfs-resource', 0n, 4n, undefined],
      ['devmem', 0xfea00000n, 4n, undefined],
    ]);
    expect(at.best?.path).toBe('/dev/uio0');
    expect(at.ways[2].sync).toBe(true);
  });

  it('blocks every way into a BAR bochs-drm claimed, naming IO_STRICT_DEVMEM', () => {
    const at = where(guest, 0xfd000010n);
    expect(at.ways.map((w) => w.method)).toEqual(['sysfs-resource', 'devmem', 'sysfs-resource-wc']);
    expect(at.ways.every((w) => /bochs-drm/.test(w.blocked ?? '') && /IO_STRICT_DEVMEM/.test(w.blocked ?? ''))).toBe(true);
    expect(at.ways[0].blocked).toMatch(/EINVAL/);
    expect(at.ways[2].cache).toBe('write-combining');
    expect(at.best).toBeUndefined();
    expect(at.pat).toEqual(['uncached-minus']);
  });

  it('refuses System RAM to /dev/mem under STRICT_DEVMEM', () => {
    const at = where(guest, 0x200000n);
    expect(at.chain.map((r) => r.kind)).toEqual(['ram']);
    expect(at.ways).toHaveLength(1);
    expect(at.ways[0].blocked).toMatch(/System RAM: STRICT_DEVMEM/);
  });

  it('lets x86 /dev/mem reach claimed ranges in the first megabyte', () => {
    expect(where(guest, 0xf0000n).best?.method).toBe('devmem'); // System ROM
    expect(where(guest, 0xfec00000n).ways[0].blocked).toMatch(/claimed by IOAPIC 0/);
  });

  it('says lockdown and not-root block /dev/mem and sysfs, but not UIO', () => {
    const q35 = readMemorySources(fixture('q35-lockdown-constructed'), rootUser);
    const edu = where(q35, 0xfea00000n);
    expect(edu.ways.map((w) => w.blocked)).toEqual([
      expect.stringMatching(/lockdown \(integrity\)/),
      expect.stringMatching(/lockdown \(integrity\) closes \/dev\/mem/),
    ]);
    const nonRoot = readMemorySources(fixture('qemu-pc-guest'), { ...rootUser, euid: 1000 });
    const eduAsUser = where(nonRoot, 0xfea00000n);
    expect(eduAsUser.best?.method).toBe('uio');
    expect(eduAsUser.ways.slice(1).map((w) => w.blocked)).toEqual([
      expect.stringMatching(/root-only/),
      expect.stringMatching(/needs root/),
    ]);
  });

  it('lets iomem=relaxed through a claimed BAR', () => {
    const relaxed = { ...guest, facts: { ...guest.facts, iomemRelaxed: true } };
    expect(where(relaxed, 0xfd000000n).best).toMatchObject({ method: 'sysfs-resource', cache: 'uncached' });
  });

  it('explains a machine with no /dev/mem and no resource files (the real host)', () => {
    const host = readMemorySources(fixture('firecracker-host'), rootUser);
    const at = where(host, 0x4000000010n);
    expect(at.pci).toMatchObject({ slot: '0000:00:01.0', driver: 'virtio-pci' });
    expect(at.ways.map((w) => w.blocked)).toEqual([
      expect.stringMatching(/no resource0 file/),
      expect.stringMatching(/\/dev\/mem does not exist/),
    ]);
    expect(at.mtrr).toBeUndefined();
    expect(buildMemoryMap(host).patKnown).toBe(false);
  });

  it('finds a UIO map that starts mid-page: offset N pages, delta from the page start', () => {
    const arm = readMemorySources(fixture('arm64-uio-constructed'), { arch: 'arm64', euid: 0, pageSize: 4096 });
    const at = where(arm, 0xa0001810n);
    expect(at.best).toMatchObject({ method: 'uio', path: '/dev/uio0', mmapOffset: 4096n, delta: 0x810n });
    const map = buildMemoryMap(arm);
    expect(map.roots.find((n) => n.name.startsWith('a0000000.fpga-regs'))!.uio.map((u) => u.map)).toEqual([0, 1]);
  });

  it('falls back to sysfs BARs when /proc/iomem hides addresses (non-root reader)', () => {
    const zeroed = readFileSync(join(fixture('qemu-pc-guest'), 'proc/iomem'), 'utf8').replace(
      /[0-9a-f]+-[0-9a-f]+ :/g,
      '00000000-00000000 :',
    );
    const map = buildMemoryMap({ ...guest, iomem: IomemMap.parse(zeroed) });
    expect(map.addressesHidden).toBe(true);
    expect(map.roots).toEqual([]);
    expect(map.unlisted.map((n) => `${n.name} ${n.pci?.bar}`)).toEqual([
      '0000:00:02.0 BAR0',
      '0000:00:02.0 BAR2',
      '0000:00:03.0 BAR0',
      '0000:00:04.0 BAR1',
      '0000:00:04.0 BAR4',
      '0000:00:05.0 BAR1',
      '0000:00:05.0 BAR4',
    ]);
    expect(map.unlisted.find((n) => n.pci?.id === '1234:11e8')!.uio).toEqual([{ device: '/dev/uio0', map: 0, name: '0000:00:03.0' }]);
    expect(buildMemoryMap(guest).unlisted).toEqual([]); // the real capture lists every memory BAR
  });
});
