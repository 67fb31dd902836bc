// @machines pc,arm64,armhf
// Debian's kernel has STRICT_DEVMEM and IO_STRICT_DEVMEM: /dev/mem refuses
// System RAM, and a range a driver has claimed (bochs-drm's VRAM BAR). The
// owner is visible in /proc/iomem, which is what fbkit's error names.
import { readFileSync } from 'node:fs';
import { assert, findPciDevice, hex, iomemOwners } from '../guest/harness.mjs';
import { mapDevice } from '../guest/map-device.mjs';

const vram = findPciDevice(0x1234, 0x1111).bars[0].start; // QEMU's -device VGA or bochs-display
const owners = iomemOwners(vram);
console.log(`VGA BAR0 ${hex(vram, 0)}: ${owners.join(' > ')}`);
assert.equal(owners.at(-1), 'bochs-drm');
assert.throws(() => mapDevice('/dev/mem', vram, 0x1000), { code: 'EPERM' });

// The first System RAM at or above 1 MiB: x86's STRICT_DEVMEM lets the first MiB (BIOS
// area) through; ARM's refuses all of it. pc: 0x100000, virt: 0x40000000.
const ram = readFileSync('/proc/iomem', 'utf8')
  .split('\n')
  .map((line) => /^([0-9a-f]+)-[0-9a-f]+ : System RAM$/.exec(line))
  .filter(Boolean)
  .map((m) => BigInt(`0x${m[1]}`))
  .find((start) => start >= 0x100000n);
console.log(`System RAM at ${hex(ram, 0)}`);
assert.deepEqual(iomemOwners(ram), ['System RAM']);
assert.throws(() => mapDevice('/dev/mem', ram, 0x1000), { code: 'EPERM' });

// The edu BAR has no driver, so it stays open (03 maps it).
const edu = findPciDevice(0x1234, 0x11e8);
assert.equal(iomemOwners(edu.bars[0].start).length, 2, 'edu BAR: bus and slot only, no driver');
