// @machines pc,arm64,armhf
// The seed bug, reproduced and told apart on a real device: the edu device
// refuses register accesses that are not exactly 32 bits wide. A typed-array
// 32-bit store to the liveness register (0x04) reads back inverted; the same
// value written with Buffer.writeUInt32LE, as four bytes or as two 16-bit
// halves is refused: on x86 dropped (the register keeps its value), on ARM an
// external abort that kills the process with SIGBUS (each one tried in a
// child process, through resource0). Checked through both ways of mapping the BAR.
import { assert, findEdu, hex, nodeChild, onArm, project } from '../guest/harness.mjs';
import { mapDevice } from '../guest/map-device.mjs';

const edu = findEdu();
const bar0 = edu.bars[0];
const mappings = {
  [`${edu.dir}/resource0`]: 0n,
  '/dev/mem': bar0.start,
};

// Function bodies over `buffer` (the mapped page), so a child process can run them too.
const narrow = {
  'Buffer.writeUInt32LE': 'Buffer.from(buffer).writeUInt32LE(0xcafef00d, 4);',
  'four byte stores': 'new Uint8Array(buffer).set([0x0d, 0xf0, 0xfe, 0xca], 4);',
  'two 16-bit stores': 'const u16 = new Uint16Array(buffer); u16[2] = 0xf00d; u16[3] = 0xcafe;',
};

for (const [path, offset] of Object.entries(mappings)) {
  console.log(`mapping ${path} at ${hex(offset, 0)}`);
  const { buffer, unmap } = mapDevice(path, offset, 0x1000);
  const u32 = new Uint32Array(buffer);
  const liveness = () => u32[1];

  assert.equal(u32[0], 0x010000ed, `${path}: id register`);

  u32[1] = 0x12345678;
  assert.equal(liveness(), 0xedcba987, `${path}: 32-bit store`);

  if (!onArm) {
    for (const [how, body] of Object.entries(narrow)) {
      new Function('buffer', body)(buffer);
      assert.equal(hex(liveness()), hex(0xedcba987), `${path}: ${how} must be dropped`);
      console.log(`  ${how}: dropped, as expected`);
    }
  } else if (offset === 0n) {
    for (const [how, body] of Object.entries(narrow)) {
      const child = nodeChild(
        `import { mapDevice } from '${project}/test/vm/guest/map-device.mjs';
         const { buffer } = mapDevice('${path}', 0n, 0x1000);
         ${body}
         console.log('the store went through');`,
      );
      assert.equal(
        child.signal,
        'SIGBUS',
        `${path}: ${how} must be refused (SIGBUS); the child: ${child.status} ${child.stdout}${child.stderr}`,
      );
      assert.equal(hex(liveness()), hex(0xedcba987), `${path}: ${how} left the register alone`);
      console.log(`  ${how}: SIGBUS, as expected on ARM`);
    }
  }

  // Still alive after the refused writes.
  u32[1] = 0x0f0f0f0f;
  assert.equal(hex(liveness()), hex(0xf0f0f0f0), `${path}: 32-bit store after the refused ones`);
  unmap();
}
