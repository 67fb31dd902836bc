// @machines pc,arm64,armhf
// busybox devmem (an independent /dev/mem client) sees QEMU's edu device:
// the id register, and the liveness register that returns the inverse.
import { assert, findEdu, hex, run } from '../guest/harness.mjs';

const edu = findEdu();
const bar0 = edu.bars[0].start;
console.log(`edu at ${edu.slot}, BAR0 ${hex(bar0, 0)}`);
// Compared as hex strings, so a failure prints readable values.
const read32 = (addr) => hex(Number(run('busybox', 'devmem', hex(addr, 0), '32')));

assert.equal(read32(bar0), '0x010000ed');
run('busybox', 'devmem', hex(bar0 + 4n, 0), '32', '0x12345678');
assert.equal(read32(bar0 + 4n), '0xedcba987');
