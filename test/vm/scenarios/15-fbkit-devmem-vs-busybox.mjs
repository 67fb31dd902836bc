// @machines pc,arm64,armhf
// `fbkit devmem` and busybox devmem are interchangeable on a real device (edu
// through /dev/mem): they print the same text for the same read, and each one
// sees what the other wrote, at 32 bits (the liveness register, which inverts)
// and at 64 bits (the DMA address registers at 0x80 and 0x88). On 32-bit ARM,
// fbkit refuses 64-bit accesses (no single 64-bit access to device memory; exit 1,
// the message says so and what to do), so there only the 32-bit half runs.
// The first fbkit call runs the real binary (bin/fbkit.js), the others the same
// CLI inside this process: a node start-up costs seconds in the guest.
import { assert, fbkit, fbkitInProcess, fbkitInProcessOk, findEdu, hex, run } from '../guest/harness.mjs';

const bar0 = findEdu().bars[0].start;
const at = (offset) => hex(bar0 + BigInt(offset), 0);
const busybox = (...args) => run('busybox', 'devmem', ...args).trim();
const ours = async (...args) => (await fbkitInProcessOk('devmem', ...args)).trim();

if (process.arch === 'arm') {
  busybox(at(0x04), '32', '0x12345678');
  const fbkitRead = fbkit('devmem', at(0x04)).trim();
  assert.deepEqual([fbkitRead, busybox(at(0x04))], ['0xEDCBA987', '0xEDCBA987'], "fbkit reads busybox's write, both print it alike");
  assert.equal(await ours(at(0x04), 'w', '0x0F0F0F0F'), '', 'a write prints nothing');
  assert.equal(busybox(at(0x04)), '0xF0F0F0F0', "busybox reads fbkit's write");
  const before = busybox(at(0x80));
  for (const args of [
    [at(0x80), '64'],
    [at(0x80), '64', '0xFEDCBA9876543210'],
  ]) {
    const refused = await fbkitInProcess('devmem', ...args);
    console.log(`fbkit devmem ${args.join(' ')}: exit ${refused.code}: ${refused.stderr.trim()}`);
    assert.equal(refused.code, 1, 'a 64-bit access on 32-bit ARM is refused as what this system cannot do');
    assert.equal(refused.stdout, '');
    assert.match(refused.stderr, /a arm CPU has no single 64-bit access to device memory.*hint: use two 32-bit accesses/);
  }
  assert.equal(busybox(at(0x80)), before, '0x80 untouched by the refused write');
  process.exit(0);
}

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
