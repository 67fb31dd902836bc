// Finds what the rig needs on the host: QEMU, a Debian kernel with its
// modules, a static busybox. Reports every missing piece at once.
import { existsSync, readdirSync, readFileSync, accessSync, constants } from 'node:fs';

export const APT_PACKAGES = 'qemu-system-x86 linux-image-amd64 busybox-static fbset fbcat';

export function findPrereqs() {
  const missing = [];
  const qemu = which('qemu-system-x86_64');
  if (!qemu) missing.push('qemu-system-x86_64 (package qemu-system-x86)');

  const kernel = newestKernel();
  if (!kernel) missing.push('a kernel /boot/vmlinuz-<kver> with /lib/modules/<kver> (package linux-image-amd64)');
  else if (!readable(kernel.image)) missing.push(`read access to ${kernel.image} (run as root)`);

  const busybox = ['/bin/busybox', '/usr/bin/busybox'].find(isStaticBusybox);
  if (!busybox) missing.push('a static busybox (package busybox-static)');

  const modprobe = which('modprobe') ?? ['/sbin/modprobe', '/usr/sbin/modprobe'].find(existsSync);
  if (!modprobe) missing.push('modprobe (package kmod)');

  // The guest runs the host's own tools through the shared root.
  for (const [tool, pkg] of [
    ['fbset', 'fbset'],
    ['fbcat', 'fbcat'],
  ]) {
    if (!which(tool)) missing.push(`${tool} (package ${pkg})`);
  }

  return { missing, qemu, kernel, busybox, modprobe };
}

function newestKernel() {
  const kvers = readdirSync('/boot')
    .filter((f) => f.startsWith('vmlinuz-'))
    .map((f) => f.slice('vmlinuz-'.length))
    .filter((kver) => existsSync(`/lib/modules/${kver}/modules.dep`))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const kver = kvers.at(-1);
  return kver && { kver, image: `/boot/vmlinuz-${kver}`, modules: `/lib/modules/${kver}` };
}

// The Debian "busybox" package is dynamically linked and would not run in the
// initramfs, which has no libc; only busybox-static's binary will do. A 64-bit
// ELF is static when no program header is PT_INTERP (asks for a loader).
function isStaticBusybox(path) {
  if (!existsSync(path)) return false;
  const elf = readFileSync(path);
  if (elf.readUInt32BE(0) !== 0x7f454c46 || elf[4] !== 2) return false;
  const phoff = Number(elf.readBigUInt64LE(0x20));
  const phentsize = elf.readUInt16LE(0x36);
  const phnum = elf.readUInt16LE(0x38);
  const PT_INTERP = 3;
  for (let i = 0; i < phnum; i++) {
    if (elf.readUInt32LE(phoff + i * phentsize) === PT_INTERP) return false;
  }
  return true;
}

export function which(cmd) {
  for (const dir of (process.env.PATH ?? '').split(':').concat('/usr/sbin', '/sbin')) {
    const path = `${dir}/${cmd}`;
    if (dir && existsSync(path)) return path;
  }
  return undefined;
}

function readable(path) {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}
