import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IomemHiddenError, IomemMap, rangeText } from '../../src/memmap/iomem.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/iomem/${name}`, import.meta.url), 'utf8');
const q35 = () => IomemMap.parse(fixture('qemu-q35-bochs-edu.txt'));
const q35Sysfs = new URL('../../fixtures/iomem/qemu-q35-sysfs', import.meta.url).pathname;

describe('IomemMap.parse', () => {
  it('builds the tree from indentation, keeping names with spaces and inclusive bounds', () => {
    const map = q35();
    const pciBus = map.roots.find((r) => r.start === 0xc0000000n)!;
    expect(pciBus.name).toBe('PCI Bus 0000:00');
    expect(pciBus.end).toBe(0xfebfffffn);
    const vga = pciBus.children.find((r) => r.name === '0000:00:02.0')!;
    expect(vga.depth).toBe(1);
    expect(vga.parent).toBe(pciBus);
    expect(vga.children.map((c) => c.name)).toEqual(['bochs-drm']);
    expect(vga.children[0].depth).toBe(2);
    const mmconfig = map.roots.find((r) => r.name.startsWith('PCI MMCONFIG'))!;
    expect(mmconfig.name).toBe('PCI MMCONFIG 0000 [bus 00-ff]');
    expect(mmconfig.children[0].children[0].name).toBe('pnp 00:05');
    expect(map.addressesHidden).toBe(false);
  });

  it('reads ranges above 4 GiB (more than eight digits) exactly', () => {
    const top = q35().roots.at(-1)!;
    expect(top.start).toBe(0xfd00000000n);
    expect(top.end).toBe(0xffffffffffn);
    const pi = IomemMap.parse(fixture('raspberrypi4-reconstructed.txt'));
    expect(pi.innermost(0x600000010n).map((r) => r.name)).toEqual(['xhci-hcd']);
  });

  it('walks every line once, parents first', () => {
    const text = fixture('qemu-pc-bochs-edu.txt');
    const names = [...IomemMap.parse(text).walk()].map((r) => r.name);
    const lines = text
      .trim()
      .split('\n')
      .map((l) => l.split(' : ')[1]);
    expect(names).toEqual(lines);
  });

  it("sees a non-root reader's all-zero addresses and refuses to answer from them", () => {
    const map = IomemMap.parse(fixture('firecracker-nonroot.txt'));
    expect(map.addressesHidden).toBe(true);
    expect(() => map.isSystemRam(0x100000)).toThrow(IomemHiddenError);
    expect(map.describeDevmemRefusal(0x100000, 4, 'EPERM')).toMatch(/hides addresses from non-root users; run as root/);
    expect(IomemMap.parse(fixture('firecracker-root.txt')).addressesHidden).toBe(false);
  });

  it('rejects text that is not /proc/iomem, naming the line', () => {
    expect(() => IomemMap.parse('00000000-00000fff : Reserved\nhello\n')).toThrow(/line 2 is not "start-end : name"/);
    expect(() => IomemMap.parse('00000000-00000fff : Reserved\n    00000000-000000ff : x\n')).toThrow(/line 2 is indented deeper/);
  });
});

describe('looking addresses up', () => {
  it("knows System RAM, including the kernel's own ranges inside it, and spans that touch it", () => {
    const map = q35();
    expect(map.isSystemRam(0x00100000)).toBe(true);
    expect(map.isSystemRam(0x0e600000n)).toBe(true); // Kernel code, a child of System RAM
    expect(map.isSystemRam(0xfd000000)).toBe(false);
    expect(map.isSystemRam(0x1ffdf000)).toBe(false); // first byte after RAM: Reserved
    expect(map.isSystemRam(0x1ffde000, 0x2000)).toBe(true); // straddles the RAM end
    expect(rangeText(map.systemRamIn(0x1ffdeffc, 8)!)).toBe('0x00100000-0x1ffdefff');
  });

  it('finds the innermost owner under bus and slot', () => {
    const map = q35();
    expect(map.innermost(0xfd000000).map((r) => r.name)).toEqual(['bochs-drm']);
    expect(map.overlapping(0xfd000000).map((r) => r.name)).toEqual(['PCI Bus 0000:00', '0000:00:02.0', 'bochs-drm']);
    expect(map.innermost(0xfea00004).map((r) => r.name)).toEqual(['0000:00:03.0']);
    expect(map.innermost(0xf0000000).map((r) => r.name)).toEqual(['PCI Bus 0000:00']); // a bus window, no device
  });

  it('rejects a negative address or an empty span', () => {
    expect(() => q35().overlapping(-1)).toThrow(/not a byte span/);
    expect(() => q35().overlapping(0, 0)).toThrow(/not a byte span/);
  });
});

describe('describeDevmemRefusal', () => {
  it('names the driver that claimed a BAR and the sysfs file that reaches it', () => {
    const msg = q35().describeDevmemRefusal(0xfd000000, 4, 'EPERM', { pciDevicesDir: q35Sysfs });
    expect(msg).toBe(
      '/dev/mem refused 0xfd000000+0x4 (EPERM): 0xfd000000-0xfdffffff is claimed by bochs-drm (PCI device 0000:00:02.0); ' +
        "the kernel's IO_STRICT_DEVMEM blocks it; boot with iomem=relaxed or unbind the driver (echo 0000:00:02.0 > /sys/bus/pci/devices/0000:00:02.0/driver/unbind) and map /sys/bus/pci/devices/0000:00:02.0/resource0",
    );
    // bochs-drm's MMIO registers are BAR 2 of the same device.
    expect(q35().describeDevmemRefusal(0xfeb94500, 4, 'EPERM', { pciDevicesDir: q35Sysfs })).toMatch(/resource2$/);
  });

  it("says resourceN when the sysfs tree is not this capture's", () => {
    const msg = q35().describeDevmemRefusal(0xfd000000, 4, 'EBUSY', { pciDevicesDir: '/nonexistent' });
    expect(msg).toMatch(/\(EBUSY\).*\/sys\/bus\/pci\/devices\/0000:00:02.0\/resourceN$/);
  });

  it('explains System RAM with STRICT_DEVMEM', () => {
    expect(q35().describeDevmemRefusal(0x01000000, 0x1000, 'EPERM')).toMatch(
      /0x00100000-0x1ffdefff is System RAM; the kernel's STRICT_DEVMEM refuses/,
    );
  });

  it("names a platform driver's claim on a board without PCI", () => {
    const pi = IomemMap.parse(fixture('raspberrypi4-reconstructed.txt'));
    expect(pi.describeDevmemRefusal(0xfe200000, 4, 'EPERM')).toMatch(
      /0xfe200000-0xfe2000b3 is claimed by fe200000\.gpio gpio@7e200000; the kernel's IO_STRICT_DEVMEM blocks it; boot with iomem=relaxed or unbind/,
    );
  });

  it('does not blame devmem rules for a device no driver holds, or for an empty hole', () => {
    const msg = q35().describeDevmemRefusal(0xfea00000, 4, 'EPERM', { pciDevicesDir: q35Sysfs });
    expect(msg).toMatch(/0xfea00000-0xfeafffff belongs to PCI device 0000:00:03.0, which no driver has claimed/);
    expect(msg).toMatch(/lockdown.*CAP_SYS_RAWIO, or map \/sys\/bus\/pci\/devices\/0000:00:03.0\/resource0$/);
    expect(q35().describeDevmemRefusal(0xf0000000, 4, 'EPERM')).toMatch(/no device in \/proc\/iomem holds 0xf0000000/);
  });

  it("reads a PC's NVMe claim behind a bridge", () => {
    const pc = IomemMap.parse(fixture('pc-desktop-reconstructed.txt'));
    expect(pc.describeDevmemRefusal(0xdf000000, 4, 'EPERM')).toMatch(/is claimed by nvme \(PCI device 0000:02:00.0\)/);
  });
});
