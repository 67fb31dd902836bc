// @machines pc,arm64,armhf
// fbkit's RegisterBlock on a real device register file: QEMU's edu, through
// /dev/mem (physical address) and through its sysfs resource0 (offset 0).
// - id 0x010000ed; a write32 to the liveness register reads back inverted;
// - negative control: the same value as four write8 or two write16 is dropped
//   (edu ignores accesses below 0x80 that are not 4 bytes), so the block's
//   write32 really is one 32-bit store; on ARM the refusal is SIGBUS, so there
//   write8 and write16 each kill a child process (through resource0);
// - factorial: write32 to 0x08, poll32 until status bit 0 (busy) clears, and a
//   poll for a state that never comes times out;
// - 64-bit at 0x80 (DMA source address, 4- or 8-byte access): write64/read64
//   keep all 64 bits in one access; a 32-bit write there replaces the whole
//   register (upper half cleared), 0x84 is no register (reads all ones, writes
//   dropped), so two 32-bit halves cannot pass for a 64-bit write. On 32-bit
//   ARM, which has no single 64-bit access, read64/write64 are refused
//   (ENO64BIT) before touching the device.
import { assert, findEdu, hex, importFbkit, nodeChild, onArm, project } from '../guest/harness.mjs';

const { RegisterBlock, RegisterTimeoutError } = await importFbkit();

const ID = 0x00;
const LIVENESS = 0x04;
const FACTORIAL = 0x08;
const STATUS = 0x20;
const DMA_SRC = 0x80;
const DMA_DST = 0x88;
const hex64 = (v) => `0x${v.toString(16).padStart(16, '0')}`;

const edu = findEdu();
const ways = [
  { path: `${edu.dir}/resource0`, base: 0n },
  { path: '/dev/mem', base: edu.bars[0].start },
];

for (const { path, base } of ways) {
  console.log(`${path} at ${hex(base, 0)}`);
  const regs = RegisterBlock.open({ path, base, length: 0x100 });
  try {
    assert.equal(hex(regs.read32(ID)), hex(0x010000ed), `${path}: id`);

    regs.write32(LIVENESS, 0x12345678);
    assert.equal(hex(regs.read32(LIVENESS)), hex(0xedcba987), `${path}: write32 to liveness reads back inverted`);
    if (!onArm) {
      for (let i = 0; i < 4; i++) regs.write8(LIVENESS + i, [0x0d, 0xf0, 0xfe, 0xca][i]);
      assert.equal(hex(regs.read32(LIVENESS)), hex(0xedcba987), `${path}: four write8 must be dropped`);
      regs.write16(LIVENESS, 0xf00d);
      regs.write16(LIVENESS + 2, 0xcafe);
      assert.equal(hex(regs.read32(LIVENESS)), hex(0xedcba987), `${path}: two write16 must be dropped`);
      console.log('  liveness: write8 x4 and write16 x2 dropped');
    } else if (base === 0n) {
      for (const write of ['write8(LIVENESS, 0x0d)', 'write16(LIVENESS, 0xf00d)']) {
        const child = nodeChild(
          `const { RegisterBlock } = await import('${project}/dist/src/index.js');
           const regs = RegisterBlock.open({ path: '${path}', base: 0n, length: 0x100 });
           const LIVENESS = ${LIVENESS};
           regs.${write};
           console.log('the store went through');`,
        );
        assert.equal(
          child.signal,
          'SIGBUS',
          `${path}: ${write} must be refused (SIGBUS); the child: ${child.status} ${child.stdout}${child.stderr}`,
        );
        assert.equal(hex(regs.read32(LIVENESS)), hex(0xedcba987), `${path}: ${write} left the register alone`);
        console.log(`  liveness: ${write} SIGBUS, as expected on ARM`);
      }
    }
    regs.write32(LIVENESS, 0xcafef00d);
    assert.equal(hex(regs.read32(LIVENESS)), hex(0x35010ff2), `${path}: the same value by write32`);
    console.log('  liveness: write32 inverted');

    regs.write32(FACTORIAL, 12);
    const status = await regs.poll32(STATUS, { mask: 0x1, equals: 0, timeoutMs: 2000 });
    assert.equal(status & 1, 0);
    assert.equal(regs.read32(FACTORIAL), 479001600, `${path}: 12!`);
    await assert.rejects(
      regs.poll32(STATUS, { mask: 0x1, equals: 1, timeoutMs: 50 }),
      RegisterTimeoutError,
      `${path}: edu is idle, so waiting for busy times out`,
    );
    console.log(`  factorial: 12! = ${regs.read32(FACTORIAL)} after poll32 (status ${hex(status)})`);

    if (process.arch === 'arm') {
      const before = regs.read32(DMA_SRC);
      for (const access of [() => regs.read64(DMA_SRC), () => regs.write64(DMA_SRC, 1n)]) {
        assert.throws(access, (err) => err.code === 'ENO64BIT' && /a arm CPU has no single 64-bit access/.test(err.message));
      }
      assert.equal(hex(regs.read32(DMA_SRC)), hex(before), `${path}: 0x80 untouched by the refused write64`);
      console.log('  0x80: read64 and write64 refused on 32-bit ARM (ENO64BIT)');
      continue;
    }
    const savedSrc = regs.read64(DMA_SRC);
    const savedDst = regs.read64(DMA_DST);
    regs.write64(DMA_SRC, 0x123456789abcdef0n);
    assert.equal(hex64(regs.read64(DMA_SRC)), hex64(0x123456789abcdef0n), `${path}: write64/read64 at 0x80`);
    assert.equal(hex(regs.read32(DMA_SRC)), hex(0x9abcdef0), `${path}: read32 at 0x80 is the low half`);
    assert.equal(hex(regs.read32(DMA_SRC + 4)), hex(0xffffffff), `${path}: 0x84 is no register`);
    regs.write64(DMA_DST, 0xfedcba9876543210n);
    assert.equal(hex64(regs.read64(DMA_DST)), hex64(0xfedcba9876543210n), `${path}: write64/read64 at 0x88`);
    assert.equal(hex64(regs.read64(DMA_SRC)), hex64(0x123456789abcdef0n), `${path}: 0x80 unchanged by 0x88`);
    // Two 32-bit halves: the low one replaces the register, the high one goes nowhere.
    regs.write32(DMA_SRC, 0x11223344);
    regs.write32(DMA_SRC + 4, 0x55667788);
    assert.equal(hex64(regs.read64(DMA_SRC)), hex64(0x11223344n), `${path}: two write32 halves are not a 64-bit write`);
    console.log('  0x80: write64 keeps 64 bits, write32 clears the upper half, 0x84 ignored');
    regs.write64(DMA_SRC, savedSrc);
    regs.write64(DMA_DST, savedDst);
  } finally {
    regs.close();
  }
}
