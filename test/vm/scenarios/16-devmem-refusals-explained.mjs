// @machines pc,arm64,armhf
// fbkit's answers when /dev/mem must not be used, on a real kernel:
// - the VRAM BAR bochs-drm has claimed: the kernel refuses with EPERM
//   (IO_STRICT_DEVMEM), and fbkit's error (library and `fbkit devmem`) names
//   the owner /proc/iomem gives, bochs-drm;
// - System RAM the kernel would let through (the first MiB, which x86's
//   STRICT_DEVMEM still allows): `fbkit devmem` refuses to write there
//   without --force (exit 1, the message says System RAM and --force) and the
//   memory is unchanged; with --force the same write goes through, so the
//   refusal is fbkit's own;
// - on ARM, whose STRICT_DEVMEM refuses all System RAM: the kernel's EPERM,
//   explained as System RAM that STRICT_DEVMEM protects.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { assert, fbkitInProcess, findPciDevice, hex, importFbkit, iomemOwners, onArm, project, run } from '../guest/harness.mjs';

const { RegisterBlock } = await importFbkit();

/** The real binary: exit code, stdout, stderr. Once; then the same CLI in this process (node start-up costs seconds here). */
function fbkitRun(...args) {
  const r = spawnSync(process.execPath, [`${project}/bin/fbkit.js`, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// The claimed VRAM BAR.
const vram = findPciDevice(0x1234, 0x1111).bars[0].start;
const owner = iomemOwners(vram).at(-1);
assert.equal(owner, 'bochs-drm', '/proc/iomem: bochs-drm holds the VRAM BAR');
assert.throws(
  () => RegisterBlock.open({ path: '/dev/mem', base: vram, length: 4, writable: false }),
  (err) => {
    console.log(`library: ${err.message}`);
    assert.equal(err.code, 'EPERM');
    assert.match(err.message, new RegExp(`claimed by ${owner}\\b`));
    return true;
  },
);
const cli = fbkitRun('devmem', hex(vram, 0));
console.log(`fbkit devmem ${hex(vram, 0)}: exit ${cli.code}: ${cli.stderr.trim()}`);
assert.equal(cli.code, 1, 'exit code');
assert.equal(cli.stdout, '', 'no value printed');
assert.match(cli.stderr, /EPERM/);
assert.match(cli.stderr, new RegExp(`claimed by ${owner}\\b`), 'the CLI names the owner');

if (onArm) {
  const ramStart = /^([0-9a-f]+)-[0-9a-f]+ : System RAM$/m.exec(readFileSync('/proc/iomem', 'utf8'))[1];
  const ram = hex(BigInt(`0x${ramStart}`) + 0x10000n, 0);
  for (const args of [[ram], [ram, '32', '0x12345678', '--force']]) {
    const refused = await fbkitInProcess('devmem', ...args);
    console.log(`fbkit devmem ${args.join(' ')}: exit ${refused.code}: ${refused.stderr.trim()}`);
    assert.equal(refused.code, 1, "exit code of the kernel's refusal");
    assert.equal(refused.stdout, '');
    assert.match(refused.stderr, /EPERM/);
    assert.match(
      refused.stderr,
      new RegExp(`0x${ramStart}-0x[0-9a-f]+ is System RAM; the kernel's STRICT_DEVMEM refuses /dev/mem maps of RAM`),
    );
  }
  process.exit(0);
}

// System RAM below 1 MiB: the first page-aligned word well inside the first System RAM range.
const firstRam = readFileSync('/proc/iomem', 'utf8')
  .split('\n')
  .map((line) => /^([0-9a-f]+)-([0-9a-f]+) : System RAM$/.exec(line))
  .find(Boolean);
const ram = (BigInt(`0x${firstRam[1]}`) + 0x8000n) & ~0xfffn;
assert.ok(ram < 0x100000n && ram + 4n <= BigInt(`0x${firstRam[2]}`), `${hex(ram, 0)} is inside ${firstRam[0]} and below 1 MiB`);
assert.deepEqual(iomemOwners(ram), ['System RAM']);
const busyboxRead = () => run('busybox', 'devmem', hex(ram, 0), '32').trim();
const before = busyboxRead();
const other = `0x${((Number(before) ^ 0xa5a5a5a5) >>> 0).toString(16).toUpperCase()}`;

const refused = await fbkitInProcess('devmem', hex(ram, 0), '32', other);
console.log(`fbkit devmem ${hex(ram, 0)} 32 ${other}: exit ${refused.code}: ${refused.stderr.trim()}`);
assert.equal(refused.code, 1, 'exit code of a refused write');
assert.match(refused.stderr, /System RAM/);
assert.match(refused.stderr, /--force/, 'the message says how to insist');
assert.equal(busyboxRead(), before, 'memory unchanged after the refused write');

// The kernel itself allows it: --force writes (the value that is already there).
const forced = await fbkitInProcess('devmem', hex(ram, 0), '32', before, '--force');
assert.deepEqual([forced.code, forced.stderr], [0, ''], `--force: ${forced.stderr}`);
assert.equal(busyboxRead(), before);
