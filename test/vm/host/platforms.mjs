// What a machine's CPU architecture (machines.mjs `arch`) decides: the QEMU binary and
// board, the serial console's name, the kernel with its modules, busybox, and the Node the
// guest runs scenarios with (and how guest/init.sh sets it up). x86_64 boots the host's own kernel and Node
// (prereqs.mjs); arm64 and armhf boot Debian's kernel of that architecture
// (debian-arm.mjs) and run the ARM Node and koffi from the npm registry
// (test/arm/npm-package.mjs) through the host's cross C library.
import { existsSync, realpathSync } from 'node:fs';
import { armKoffi, armNode } from '../../arm/npm-package.mjs';
import { debianArmKernel } from './debian-arm.mjs';
import { bootableKernel } from './kernel.mjs';
import { APT_PACKAGES, findPrereqs, which } from './prereqs.mjs';

const ARM = {
  arm64: {
    qemu: 'qemu-system-aarch64',
    board: ['-M', 'virt', '-cpu', 'cortex-a57'],
    triplet: 'aarch64-linux-gnu',
    nodeMachine: 'arm64',
    koffiCpu: 'arm64',
    libs: ['libc.so.6', 'libstdc++.so.6'],
    packages: 'qemu-system-arm libc6-arm64-cross libstdc++6-arm64-cross',
  },
  armhf: {
    qemu: 'qemu-system-arm',
    // highmem=off: the 32-bit kernel (armmp, no LPAE) reaches no PCI window above 4 GiB.
    board: ['-M', 'virt,highmem=off', '-cpu', 'cortex-a15'],
    triplet: 'arm-linux-gnueabihf',
    nodeMachine: 'armv7l',
    koffiCpu: 'arm',
    libs: ['libc.so.6', 'libstdc++.so.6', 'libatomic.so.1'],
    packages: 'qemu-system-arm libc6-armhf-cross libstdc++6-armhf-cross libatomic1-armhf-cross',
  },
};

/**
 * `{ missing, install }` (what is not there, and the command that installs it) or the
 * platform: `{ qemu, board, console, kernel, kernelImage, busybox, modprobe, moduleRoot,
 * node, append }`, where append is what guest/init.sh needs on the command line.
 */
export function platformFor(arch, { project, cacheDir }) {
  if (arch === 'x86_64') {
    const { missing, ...found } = findPrereqs();
    if (missing.length) return { missing, install: `apt-get install -y ${APT_PACKAGES}` };
    const kernelImage = bootableKernel(found.kernel, cacheDir);
    if (kernelImage === found.kernel.image) {
      console.log('note: booting the compressed kernel, which is slow under TCG (is xz-utils installed?)');
    }
    return { ...found, board: [], console: 'ttyS0', kernelImage, node: process.execPath, append: '' };
  }
  const spec = ARM[arch];
  if (!spec) return { missing: [`a platform for arch "${arch}" (test/vm/host/platforms.mjs knows x86_64, arm64, armhf)`] };
  const missing = [];
  const qemu = which(spec.qemu);
  if (!qemu) missing.push(spec.qemu);
  const modprobe = which('modprobe');
  if (!modprobe) missing.push('modprobe (package kmod)');
  for (const lib of spec.libs) {
    if (!existsSync(`/usr/${spec.triplet}/lib/${lib}`)) missing.push(`/usr/${spec.triplet}/lib/${lib}`);
  }
  const install = `apt-get install -y ${spec.packages} kmod; dpkg --add-architecture ${arch}; apt-get update`;
  if (missing.length) return { missing, install };
  const debian = debianArmKernel(arch, cacheDir);
  if (debian.missing) return { missing: [debian.missing], install };

  // koffi looks for its native part beside itself, as @koromix/koffi-linux-<cpu>; init.sh
  // puts the ARM one there in the guest's view of the (real) directory.
  const koffiDir = `${realpathSync(`${project}/node_modules/koffi`)}/../@koromix`;
  const append = [
    `fbkit_triplet=${spec.triplet}`,
    `fbkit_koffi_dir=${realpathSync(koffiDir)}`,
    `fbkit_koffi=${armKoffi(spec.koffiCpu)}`,
    `fbkit_koffi_name=koffi-linux-${spec.koffiCpu}`,
  ].join(' ');
  return {
    qemu,
    board: spec.board,
    console: 'ttyAMA0',
    kernel: { kver: debian.kver },
    kernelImage: debian.image,
    busybox: debian.busybox,
    modprobe,
    moduleRoot: debian.moduleRoot,
    node: armNode(spec.nodeMachine),
    append,
  };
}
