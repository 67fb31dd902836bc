// Debian's vmlinuz is an xz-compressed bzImage; under TCG, decompressing it
// inside the guest takes longer than the rest of the boot. QEMU can boot the
// uncompressed ELF (vmlinux) directly through its PVH entry point, so the
// payload is unpacked once on the host and cached. Falls back to the bzImage
// when that is not possible.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';

const XZ_MAGIC = Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]);

export function bootableKernel(kernel, cacheDir) {
  const out = `${cacheDir}/vmlinux-${kernel.kver}`;
  if (existsSync(out)) return out;
  const payload = compressedPayload(readFileSync(kernel.image));
  if (!payload.subarray(0, XZ_MAGIC.length).equals(XZ_MAGIC)) return kernel.image;
  for (const old of readdirSync(cacheDir).filter((f) => f.startsWith('vmlinux-'))) rmSync(`${cacheDir}/${old}`);
  try {
    // --single-stream: the kernel's build appends the size after the xz stream.
    const vmlinux = execFileSync('xz', ['-dc', '--single-stream'], { input: payload, maxBuffer: 1 << 30 });
    if (!hasPvhEntry(vmlinux)) return kernel.image;
    writeAtomically(out, vmlinux);
    return out;
  } catch {
    return kernel.image; // no xz(1) on this host
  }
}

// The x86 boot protocol's setup header: the protected-mode code starts after
// setup_sects (0x1f1) + 1 sectors; payload_offset (0x248) and payload_length
// (0x24c) locate the compressed kernel within it.
function compressedPayload(bzImage) {
  const setupSects = bzImage[0x1f1] || 4;
  const start = (setupSects + 1) * 512 + bzImage.readUInt32LE(0x248);
  return bzImage.subarray(start, start + bzImage.readUInt32LE(0x24c));
}

// XEN_ELFNOTE_PHYS32_ENTRY (18) in a "Xen" note: the entry QEMU's PVH loader needs.
function hasPvhEntry(elf) {
  const phoff = Number(elf.readBigUInt64LE(0x20));
  const phentsize = elf.readUInt16LE(0x36);
  const PT_NOTE = 4;
  for (let i = 0; i < elf.readUInt16LE(0x38); i++) {
    const ph = phoff + i * phentsize;
    if (elf.readUInt32LE(ph) !== PT_NOTE) continue;
    const end = Number(elf.readBigUInt64LE(ph + 8)) + Number(elf.readBigUInt64LE(ph + 32));
    for (let n = Number(elf.readBigUInt64LE(ph + 8)); n + 12 <= end; ) {
      const [namesz, descsz, type] = [elf.readUInt32LE(n), elf.readUInt32LE(n + 4), elf.readUInt32LE(n + 8)];
      const name = elf.toString('latin1', n + 12, n + 12 + namesz - 1);
      if (name === 'Xen' && type === 18) return true;
      n += 12 + align4(namesz) + align4(descsz);
    }
  }
  return false;
}

const align4 = (n) => (n + 3) & ~3;

function writeAtomically(path, data) {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
