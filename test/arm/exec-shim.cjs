// Loaded (node --require) into every ARM Node process that test/arm/run.mjs starts under
// qemu-user. qemu-user runs one ARM program, but when that program executes another ARM
// program (vitest forking its workers, a test starting `process.execPath`, the vsync helper)
// the kernel gets the exec, and without a binfmt_misc entry for ARM (a container usually has
// none, and registering one would change the whole machine) it answers ENOEXEC. So this does
// what binfmt_misc would: a child whose program is this ARM node is started as the emulator
// running it, with this file loaded again so the child's own children work the same way.
// Other ARM programs started by path (esbuild's Go binary, which vite starts) are run by the
// emulator too. Children by name (`node`, `#!/usr/bin/env node`) find the wrapper run.mjs
// puts first in PATH. Synchronous calls (spawnSync, execFileSync) go another way and are not
// covered: no test starts Node or an ARM program with them.
'use strict';
const { ChildProcess } = require('node:child_process');
const { closeSync, openSync, readSync } = require('node:fs');

/** Emulator, C library root and ELF e_machine for each process.arch this runs under. */
const EMULATION = {
  arm64: { qemu: 'qemu-aarch64', sysroot: '/usr/aarch64-linux-gnu', machine: 183 },
  arm: { qemu: 'qemu-arm', sysroot: '/usr/arm-linux-gnueabihf', machine: 40 },
};

/** Whether `file` is an ELF executable for `machine` (false for scripts, x86 programs, names). */
function isElfFor(file, machine) {
  if (!file.includes('/')) return false;
  const header = Buffer.alloc(20);
  let fd;
  try {
    fd = openSync(file, 'r');
    if (readSync(fd, header, 0, 20, 0) < 20) return false;
  } catch {
    return false; // let spawn itself report a missing or unreadable program
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  // e_machine is little-endian on every ARM target here.
  return header.readUInt32BE(0) === 0x7f454c46 && header.readUInt16LE(18) === machine;
}

/** The command line that runs `node` (an ARM Node binary) with `args` under its emulator, this file loaded. */
function emulatedCommand(arch, node, args, shim = __filename) {
  const { qemu, sysroot } = EMULATION[arch];
  return [qemu, '-L', sysroot, node, '--require', shim, ...args];
}

const emulation = EMULATION[process.arch];
// Only under emulation: loaded by an x86 process (run.mjs imports EMULATION) it changes nothing.
if (emulation) {
  const spawn = ChildProcess.prototype.spawn;
  // Every asynchronous child_process call (spawn, execFile, exec, fork) ends here with the
  // program in options.file and the whole argv, argv[0] included, in options.args.
  ChildProcess.prototype.spawn = function spawnEmulated(options) {
    if (options?.file === process.execPath) {
      const command = emulatedCommand(process.arch, process.execPath, options.args.slice(1));
      options = { ...options, file: command[0], args: command };
    } else if (typeof options?.file === 'string' && isElfFor(options.file, emulation.machine)) {
      const command = [emulation.qemu, '-L', emulation.sysroot, options.file, ...options.args.slice(1)];
      options = { ...options, file: command[0], args: command };
    }
    return spawn.call(this, options);
  };
}

module.exports = { EMULATION, emulatedCommand };
