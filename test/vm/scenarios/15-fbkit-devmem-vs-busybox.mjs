// `fbkit devmem` and busybox devmem are interchangeable on a real device (edu
// through /dev/mem): they print the same text for the same read, and each one
// sees what the other wrote, at 32 bits (the liveness register, which inverts)
// and at 64 bits (the DMA address registers at 0x80 and 0x88).
// The first fbkit call runs the real binary (bin/fbkit.js), the others the same
// CLI inside this process: a node start-up costs seconds in the guest.
import { assert, fbkit, fbkitInProcessOk, findEdu, hex, run } from '../guest/harness.mjs';

const bar0 = findEdu().bars[0].start;
const at = (offset) => hex(bar0 + BigInt(offset), 0);
const busybox = (...args) => run('busybox', 'devmem', ...args).trim();
const ours = async (...args) => (await fbkitInProcessOk('devmem', ...args)).trim();

const savedSrc = busybox(at(0x80), '64');
const savedDst = busybox(at(0x88), '64');
try {
  // busybox writes, fbkit reads, and both print the read alike.
  busybox(at(0x04), '32', '0x12345678');
  busybox(at(0x88), '64', '0x0123456789ABCDEF');
  const fbkitReads = [fbkit('devmem', at(0x04)).trim(), await ours(at(0x88), '64')];
  const busyboxReads = [busybox(at(0x04)), busybox(at(0x88), '64')];
  console.log(`reads after busybox's writes: fbkit ${fbkitReads.join(' ')}, busybox ${busyboxReads.join(' ')}`);
  assert.deepEqual(fbkitReads, ['0xEDCBA987', '0x0123456789ABCDEF'], "fbkit reads busybox's writes");
  assert.deepEqual(fbkitReads, busyboxReads, 'the same text for the same read');

  // fbkit writes, busybox reads.
  assert.equal(await ours(at(0x04), 'w', '0x0F0F0F0F'), '', 'a write prints nothing');
  assert.equal(await ours(at(0x80), '64', '0xFEDCBA9876543210'), '');
  const afterOurs = [busybox(at(0x04)), busybox(at(0x80), '64'), busybox(at(0x88), '64')];
  console.log(`busybox after fbkit's writes: ${afterOurs.join(' ')}`);
  assert.deepEqual(afterOurs, ['0xF0F0F0F0', '0xFEDCBA9876543210', '0x0123456789ABCDEF'], "busybox reads fbkit's writes (0x88 untouched)");
} finally {
  busybox(at(0x80), '64', savedSrc);
  busybox(at(0x88), '64', savedDst);
}
