// `fbkit mem ranges --json` and `fbkit mem map` on a real kernel: the edu and bochs BARs
// appear with their drivers, the claimed VRAM BAR is reported unmappable (IO_STRICT_DEVMEM),
// and once edu is bound to uio_pci_generic the best way to it is its UIO map — which then
// really maps and reads edu's id register.
import { writeFileSync } from 'node:fs';
import { assert, fbkit, fbkitInProcessOk, findEdu, findPciDevice, run } from '../guest/harness.mjs';

const nodes = (tree) => tree.flatMap((n) => [n, ...nodes(n.children)]);
const rangesOf = (json) => nodes(JSON.parse(json).roots);

const edu = findEdu();
const vga = findPciDevice(0x1234, 0x1111);
const eduStart = `0x${edu.bars[0].start.toString(16)}`;
const vramStart = `0x${vga.bars[0].start.toString(16)}`;

// The real binary once; further calls run the same CLI in this process.
let all = rangesOf(fbkit('mem', 'ranges', '--json'));
const vram = all.find((n) => n.pci?.id === '1234:1111' && n.pci.bar === 'BAR0');
assert.equal(vram.start, vramStart);
assert.equal(vram.pci.driver, 'bochs-drm');
assert.ok(
  vram.ways.every((w) => w.blocked),
  'the VRAM BAR bochs-drm holds cannot be mapped',
);
let eduNode = all.find((n) => n.pci?.id === '1234:11e8');
assert.equal(eduNode.start, eduStart);
assert.equal(eduNode.pci.driver, undefined, 'edu has no driver at boot');
assert.equal(eduNode.ways.find((w) => !w.blocked)?.method, 'sysfs-resource');
console.log(`edu ${eduStart} unbound: best way sysfs-resource; bochs VRAM ${vramStart}: ${vram.ways[0].blocked}`);

run('modprobe', 'uio_pci_generic');
writeFileSync('/sys/bus/pci/drivers/uio_pci_generic/new_id', '1234 11e8');
try {
  all = rangesOf(await fbkitInProcessOk('mem', 'ranges', '--json'));
  eduNode = all.find((n) => n.pci?.id === '1234:11e8');
  assert.equal(eduNode.pci.driver, 'uio_pci_generic');
  assert.equal(eduNode.uio[0]?.map, 0);
  const where = JSON.parse(await fbkitInProcessOk('mem', 'map', eduStart, '--json'));
  assert.equal(where.best.method, 'uio');
  console.log(`edu bound to uio_pci_generic: best way ${where.best.path} offset ${where.best.mmapOffset}`);
  // The answer is usable: the id register through that UIO map.
  const id = (await fbkitInProcessOk('devmem', '0', '32', '--device', where.best.path)).trim();
  assert.equal(Number(id), 0x010000ed);
} finally {
  writeFileSync('/sys/bus/pci/drivers/uio_pci_generic/remove_id', '1234 11e8');
  writeFileSync(`/sys/bus/pci/drivers/uio_pci_generic/unbind`, edu.slot);
}
