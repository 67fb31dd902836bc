// busybox devmem (an independent /dev/mem client) sees QEMU's edu device:
// the id register, and the liveness register that returns the inverse.
import { assert, findEdu, hex, run } from '../guest/harness.mjs';

const edu = findEdu();
const bar0 = edu.bars[0].start;
console.log(`edu at ${edu.slot}, BAR0 ${hex(bar0, 0)}`);
const devmem = (...args) => run('busybox', 'devmem', ...args).trim();

assert.equal(Number(devmem(hex(bar0, 0), '32')), 0x010000ed);
devmem(hex(bar0 + 4n, 0), '32', '0x12345678');
assert.equal(Number(devmem(hex(bar0 + 4n, 0), '32')), 0xedcba987);
