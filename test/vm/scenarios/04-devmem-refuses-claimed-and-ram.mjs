// Debian's kernel has STRICT_DEVMEM and IO_STRICT_DEVMEM: /dev/mem refuses
// System RAM, and a range a driver has claimed (bochs-drm's VRAM BAR). The
// owner is visible in /proc/iomem, which is what fbkit's error names.
import { assert, findPciDevice, hex, iomemOwners } from '../guest/harness.mjs';
import { mapDevice } from '../guest/map-device.mjs';

const vram = findPciDevice(0x1234, 0x1111).bars[0].start; // QEMU's -device VGA
const owners = iomemOwners(vram);
console.log(`VGA BAR0 ${hex(vram, 0)}: ${owners.join(' > ')}`);
assert.equal(owners.at(-1), 'bochs-drm');
assert.throws(() => mapDevice('/dev/mem', vram, 0x1000), { code: 'EPERM' });

const ram = 0x100000n; // the first page above the BIOS area, which /dev/mem still allows
assert.deepEqual(iomemOwners(ram), ['System RAM']);
assert.throws(() => mapDevice('/dev/mem', ram, 0x1000), { code: 'EPERM' });

// The edu BAR has no driver, so it stays open (03 maps it).
const edu = findPciDevice(0x1234, 0x11e8);
assert.equal(iomemOwners(edu.bars[0].start).length, 2, 'edu BAR: bus and slot only, no driver');
