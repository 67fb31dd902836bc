#!/usr/bin/env node
// The unit tests on ARM Node under qemu-user: fetches the ARM build of Node from the npm
// registry, installs the committed lock for that CPU (koffi's ARM binary, rollup's and
// esbuild's ARM builds for vitest), copies the checkout beside it and runs vitest there with
// the emulated Node. Usage: node test/arm/run.mjs [arm64|armv7l ...] [FILTER ...]: the
// architectures (default: both), the test files whose path holds a FILTER (default: all).
// FBKIT_ARM_RESULTS=DIR writes vitest's JSON report per architecture to DIR/arm-<arch>.json.
// FBKIT_PROPERTY_RUNS and FBKIT_FUZZ_RUNS default lower here (see PROPERTY_RUNS). Needs the packages in APT_PACKAGES.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ARM_NODE_PACKAGES, armNode, cacheRoot } from './npm-package.mjs';

const require = createRequire(import.meta.url);
const { EMULATION, emulatedCommand } = require('./exec-shim.cjs');

const project = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

const APT_PACKAGES = 'qemu-user libc6-arm64-cross libstdc++6-arm64-cross libc6-armhf-cross libstdc++6-armhf-cross libatomic1-armhf-cross';

/**
 * What differs per ARM target. `only`: the
 * folders of test/ a target runs, where not all (and why, in onlyWhy).
 */
const TARGETS = {
  arm64: { nodePackage: ARM_NODE_PACKAGES.arm64, npmCpu: 'arm64', arch: 'arm64' },
  armv7l: {
    nodePackage: ARM_NODE_PACKAGES.armv7l,
    npmCpu: 'arm',
    arch: 'arm',
    // fbkit refuses read64/write64 on 32-bit ARM by design (no single 64-bit access to device
    // memory; 'refuses 64-bit access on a 32-bit CPU' checks that, and runs); these tests
    // include 64-bit accesses among the others and so assume a 64-bit CPU. All run on arm64.
    excludedTests: Object.fromEntries(
      [
        "reads and writes of every width reads little-endian values at the block's base offset in the file",
        'reads and writes of every width writes land in the file byte for byte, and read back',
        'reads and writes of every width round-trips any value at any aligned offset, leaving the neighbours alone (property)',
        'reads and writes of every width swaps big-endian registers in JavaScript',
        'the rules, each a typed error before memory is touched refuses misaligned offsets',
        'the rules, each a typed error before memory is touched judges alignment by the address, so a block at an odd base shifts the aligned offsets',
        'the rules, each a typed error before memory is touched refuses offsets outside the block, including a wide access that would run off its end',
        'the rules, each a typed error before memory is touched refuses values that do not fit, negative ones included, without truncating',
        'modify clears then sets, in one read and one write, and returns what it wrote',
        'poll resolves with the value once (value & mask) === equals',
        'arguments of the wrong type are named as such, before anything is mapped or touched a value of the wrong type names its type',
      ].map((name) => [
        name,
        'includes 64-bit register accesses, which fbkit refuses on a 32-bit CPU by design (no single 64-bit access to device memory); it runs on arm64',
      ]),
    ),
    only: ['sys', 'raster', 'draw', 'codecs', 'mmio', 'memmap', 'display', 'input', 'present', 'testing'],
    onlyWhy:
      'the layers where 32 bits change something (struct layouts and ioctl numbers through koffi, 64-bit registers and offsets, pointer-sized fields, typed arrays); the CLI, console, splash, demo and fuzz tests above them run on arm64, and all of them again would double the stage',
  },
};

/**
 * Test files left out under emulation, each with the reason. Everything else under test/
 * that vitest.config.ts includes runs.
 */
const EXCLUDED = {
  'test/sys/private-checkout.test.ts':
    'reruns the privilege-dropping test files in a copy of the checkout inside a 0700 directory: a check of directory permissions, not of the CPU, and 70 s under emulation; the files it reruns run here directly',
  'test/mmio/width-proof.test.ts':
    'counts accesses with x86 debug registers (perf_event hardware breakpoints on the host CPU); qemu-user emulates no perf_event for the guest',
};

/**
 * Tests left out under emulation, by name as vitest's -t sees it (the describe titles and the
 * test's, space-separated; a describe title alone leaves out all its tests), each with the
 * reason; the rest of their files runs. None is an ARM fault: qemu-user's limits, and a probe
 * compiled for the host. TARGETS adds a target's own.
 */
const EXCLUDED_TESTS = {
  'ABI probe against the system headers':
    "compiles abi-probe.c with the host's cc, for x86-64, and compares it with the tables for the running Node's process.arch: under emulation two different machines (arm64 would agree only because both are LP64). The same file's cross-compiled probes for armhf and arm64 check the ARM tables, and run",
  'one splash per FIFO refuses while another process holds the FIFO, and takes it over once that process is killed':
    "qemu-user makes up a process's own /proc/self/stat, and its start time (field 22) is one clock tick off the kernel's, so the lock's holder id never matches what others read: the live holder looks like a reused pid",
  'ioctls on a file that is not a framebuffer FBIO_WAITFORVSYNC in its helper process reports ENOTTY without throwing, wait after wait':
    'qemu-user does not know FBIO_WAITFORVSYNC and answers ENOSYS for it before the kernel can say ENOTTY',
};

// Property tests run FBKIT_PROPERTY_RUNS cases each; emulation is ~10-30x slower than the
// host, so fewer cases here unless the caller asks for more. The full count runs on x86.
const PROPERTY_RUNS = process.env.FBKIT_PROPERTY_RUNS ?? '20';
// Likewise the fuzz tests' cases (400 or 2000 each on x86, with fixed seeds).
const FUZZ_RUNS = process.env.FBKIT_FUZZ_RUNS ?? '100';
// Test and child-process time limits are multiplied by this (test/support/child.ts).
const TIMEOUT_SCALE = process.env.FBKIT_TIMEOUT_SCALE ?? '4';

const wanted = process.argv.slice(2).filter((arg) => TARGETS[arg]);
const filters = process.argv.slice(2).filter((arg) => !TARGETS[arg]);
// Absolute: vitest runs in the copy, where a relative path would land.
const resultsDir = process.env.FBKIT_ARM_RESULTS && resolve(process.env.FBKIT_ARM_RESULTS);

console.log('excluded under emulation:');
for (const [file, why] of Object.entries(EXCLUDED)) console.log(`  ${file}: ${why}`);
for (const [test, why] of Object.entries(EXCLUDED_TESTS)) console.log(`  tests "${test}": ${why}`);

let failed = false;
for (const name of wanted.length ? wanted : Object.keys(TARGETS)) {
  const started = Date.now();
  const status = runTarget(name, TARGETS[name]);
  console.log(`== arm unit tests on ${name}: ${status === 0 ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s`);
  if (status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);

function runTarget(name, target) {
  const { qemu, sysroot } = EMULATION[target.arch];
  const missing = [];
  if (spawnSync(qemu, ['--version']).status !== 0) missing.push(qemu);
  // Node links libstdc++ (and, on 32-bit ARM, libatomic) besides the C library.
  for (const lib of ['libc.so.6', 'libstdc++.so.6', ...(target.arch === 'arm' ? ['libatomic.so.1'] : [])]) {
    if (!existsSync(`${sysroot}/lib/${lib}`)) missing.push(`${sysroot}/lib/${lib}`);
  }
  if (missing.length) {
    // Never a skip: a run that tested nothing must not look like one that passed.
    console.log(`FAIL ${name}: missing ${missing.join(', ')} (hint: apt-get install -y ${APT_PACKAGES})`);
    writeReport(name, { numPassedTests: 0, numFailedTests: 1 });
    return 1;
  }
  if (!existsSync(`${project}/dist/src/cli/main.js`)) fail('dist/ is missing: run `npm run build` first (npm run test:arm does)');

  const dir = `${cacheRoot}/${name}`;
  const node = armNode(name);
  const tree = prepareTree(dir, target);
  // The Node binary and the shim run from a world-readable temp dir: tests that drop to nobody
  // start them too, and the checkout may sit in a 0700 home (x86 runs /usr/bin/node, readable).
  const run = mkdtempSync(join(tmpdir(), `fbkit-arm-${name}-`));
  chmodSync(run, 0o755);
  try {
    cpSync(node, `${run}/node`);
    cpSync(require.resolve('./exec-shim.cjs'), `${run}/exec-shim.cjs`);
    // `node` by name (scripts' `#!/usr/bin/env node`, tests spawning "node") is the ARM one too.
    mkdirSync(`${run}/bin`);
    const wrapper = emulatedCommand(target.arch, `${run}/node`, [], `${run}/exec-shim.cjs`).map((word) => `'${word}'`);
    writeFileSync(`${run}/bin/node`, `#!/bin/sh\nexec ${wrapper.join(' ')} "$@"\n`, { mode: 0o755 });
    return runVitest(name, target, tree, run);
  } finally {
    rmSync(run, { recursive: true, force: true });
  }
}

function runVitest(name, target, tree, run) {
  const { qemu } = EMULATION[target.arch];

  const include = testFiles(tree).filter(
    (file) =>
      !EXCLUDED[file] &&
      (!target.only || target.only.includes(file.split('/')[1])) &&
      (!filters.length || filters.some((filter) => file.includes(filter))),
  );
  if (target.only) console.log(`${name} runs only test/{${target.only.join(',')}}: ${target.onlyWhy}`);
  const vitest = `${tree}/node_modules/vitest/vitest.mjs`;
  const reporters = ['--reporter=default'];
  if (resultsDir) {
    mkdirSync(resultsDir, { recursive: true });
    // An earlier run's report must not stand in for this one if vitest dies before writing.
    rmSync(`${resultsDir}/arm-${name}.json`, { force: true });
    reporters.push('--reporter=json', `--outputFile.json=${resultsDir}/arm-${name}.json`);
  }
  // One pattern that matches every name but the excluded ones; vitest reports those as skipped.
  const excludedTests = { ...EXCLUDED_TESTS, ...target.excludedTests };
  for (const [test, why] of Object.entries(target.excludedTests ?? {})) console.log(`  ${name} only, tests "${test}": ${why}`);
  const skip = `^(?!.*(${Object.keys(excludedTests).map(escapeRegExp).join('|')}))`;
  const command = emulatedCommand(
    target.arch,
    `${run}/node`,
    [vitest, 'run', ...reporters, '-t', skip, ...include],
    `${run}/exec-shim.cjs`,
  );
  console.log(`== ${name}: ${include.length} test files under ${qemu} with Node ${target.nodePackage.split('@')[1]}`);
  const result = spawnSync(command[0], command.slice(1), {
    cwd: tree,
    stdio: 'inherit',
    env: {
      ...process.env,
      PATH: `${run}/bin:${process.env.PATH}`,
      FBKIT_PROPERTY_RUNS: PROPERTY_RUNS,
      FBKIT_FUZZ_RUNS: FUZZ_RUNS,
      FBKIT_TIMEOUT_SCALE: TIMEOUT_SCALE,
    },
  });
  if (resultsDir && !existsSync(`${resultsDir}/arm-${name}.json`)) writeReport(name, { numPassedTests: 0, numFailedTests: 1 });
  return result.status ?? 1;
}

/**
 * A copy of the checkout (tracked and untracked-but-not-ignored files, plus dist/) with its
 * own node_modules installed from the committed lock for the ARM CPU. A copy rather than
 * links: Node and vite resolve links to their real path and would find the x86 node_modules.
 * The install is redone only when package.json or the lock changes.
 */
function prepareTree(dir, target) {
  const tree = `${dir}/tree`;
  mkdirSync(tree, { recursive: true });
  const lockHash = createHash('sha256')
    .update(readFileSync(`${project}/package.json`))
    .update(readFileSync(`${project}/package-lock.json`))
    .digest('hex');
  const stamp = `${dir}/modules.sha256`;
  for (const entry of readdirSync(tree)) {
    if (entry !== 'node_modules') rmSync(`${tree}/${entry}`, { recursive: true, force: true });
  }
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: project, encoding: 'utf8' })
    .split('\0')
    // lstat, not exists: the fixtures' sysfs links dangle on purpose (deleted files are left out).
    .filter((file) => file && lstatSync(`${project}/${file}`, { throwIfNoEntry: false }))
    // Biome refuses to run on the checkout while a second root biome.json sits inside it.
    .filter((file) => file !== 'biome.json');
  for (const file of files) {
    mkdirSync(dirname(`${tree}/${file}`), { recursive: true });
    // verbatimSymlinks: cpSync would otherwise point relative links back into the checkout.
    cpSync(`${project}/${file}`, `${tree}/${file}`, { verbatimSymlinks: true });
  }
  cpSync(`${project}/dist`, `${tree}/dist`, { recursive: true });
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== lockHash || !existsSync(`${tree}/node_modules`)) {
    console.log(`installing node_modules for ${target.npmCpu} from package-lock.json`);
    rmSync(`${tree}/node_modules`, { recursive: true, force: true });
    // --ignore-scripts: the prepare script would build with the host's tsc, already done;
    // koffi's install script only picks the prebuilt binary npm installs by --cpu anyway.
    execFileSync('npm', ['ci', `--cpu=${target.npmCpu}`, '--os=linux', '--libc=glibc', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: tree,
      stdio: 'inherit',
    });
    writeFileSync(stamp, lockHash);
  }
  return tree;
}

/** The test files vitest.config.ts would include, project-relative. */
function testFiles(tree) {
  const out = [];
  const walk = (rel) => {
    for (const entry of readdirSync(join(tree, rel), { withFileTypes: true })) {
      const path = `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (path !== 'test/vm') walk(path);
      } else if (entry.name.endsWith('.test.ts')) out.push(path);
    }
  };
  walk('test');
  return out.sort();
}

function writeReport(name, report) {
  if (!resultsDir) return;
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(`${resultsDir}/arm-${name}.json`, JSON.stringify(report));
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function fail(message) {
  console.error(`test:arm: ${message}`);
  process.exit(1);
}
