// `fbkit mem ranges --json` and `fbkit mem map` on a real kernel: the edu and bochs BARs
// appear with their drivers, the claimed VRAM BAR is reported unmappable (IO_STRICT_DEVMEM),
// and once edu is bound to uio_pci_generic the best way to it is its UIO map — which then
// really maps and reads edu's id register.
import { writeFileSync } from 'node:fs';
import { assert, findEdu, findPciDevice, project, run } from '../guest/harness.mjs';

const fbkit = (...args) => run(process.execPath, `${project}/bin/fbkit.js`, ...args);
const nodes = (tree) => tree.flatMap((n) => [n, ...nodes(n.children)]);
const ranges = () => nodes(JSON.parse(fbkit('mem', 'ranges', '--json')).roots);

const edu = findEdu();
const vga = findPciDevice(0x1234, 0x1111);
const eduStart = `0x${edu.bars[0].start.toString(16)}`;
const vramStart = `0x${vga.bars[0].start.toString(16)}`;

let all = ranges();
const vram = all.find((n) => n.pci?.id === '1234:1111' && n.pci.bar === 'BAR0');
assert.equal(vram.start, vramStart);
assert.equal(vram.pci.driver, 'bochs-drm');
assert.ok(vram.ways.every((w) => w.blocked), 'the VRAM BAR bochs-drm holds cannot be mapped');
let eduNode = all.find((n) => n.pci?.id === '1234:11e8');
assert.equal(eduNode.start, eduStart);
assert.equal(eduNode.pci.driver, undefined, 'edu has no driver at boot');
assert.equal(eduNode.ways.find((w) => !w.blocked)?.method, 'sysfs-resource');
console.log(`edu ${eduStart} unbound: best way sysfs-resource; bochs VRAM ${vramStart}: ${vram.ways[0].blocked}`);

run('modprobe', 'uio_pci_generic');
writeFileSync('/sys/bus/pci/drivers/uio_pci_generic/new_id', '1234 11e8');
try {
  all = ranges();
  eduNode = all.find((n) => n.pci?.id === '1234:11e8');
  assert.equal(eduNode.pci.driver, 'uio_pci_generic');
  assert.equal(eduNode.uio[0]?.map, 0);
  const where = JSON.parse(fbkit('mem', 'map', eduStart, '--json'));
  assert.equal(where.best.method, 'uio');
  console.log(`edu bound to uio_pci_generic: best way ${where.best.path} offset ${where.best.mmapOffset}`);
  // The answer is usable: the id register through that UIO map.
  const id = fbkit('devmem', '0', '32', '--device', where.best.path).trim();
  assert.equal(Number(id), 0x010000ed);
} finally {
  writeFileSync('/sys/bus/pci/drivers/uio_pci_generic/remove_id', '1234 11e8');
  writeFileSync(`/sys/bus/pci/drivers/uio_pci_generic/unbind`, edu.slot);
}
