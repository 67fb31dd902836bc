// What an ARM machine of the VM suite boots: Debian's own kernel for that architecture
// (linux-image-arm64 / linux-image-armmp) with its modules, and busybox-static of the same
// architecture, fetched with `apt-get download` (the host needs `dpkg --add-architecture
// <arch>` and `apt-get update` once, as root) and unpacked into .vm-cache/debian-<arch>,
// where they are kept until Debian publishes a newer version. Node and koffi for the guest
// come from the npm registry (test/arm/npm-package.mjs).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';

/** Per Debian architecture: the kernel flavour's metapackage. */
const KERNEL_METAPACKAGE = { arm64: 'linux-image-arm64', armhf: 'linux-image-armmp' };

const aptSetupHint = (arch) => `as root: dpkg --add-architecture ${arch} && apt-get update (then the suite downloads the packages itself)`;

/**
 * `{ kver, image, moduleRoot, busybox }` for Debian architecture `arch`, or `{ missing }`
 * saying why not. moduleRoot is the unpacked package's root: modules are under
 * moduleRoot/lib/modules/<kver>, with a modules.dep made here (the package leaves that to
 * its postinst).
 */
export function debianArmKernel(arch, cacheDir) {
  const dir = `${cacheDir}/debian-${arch}`;
  try {
    // The metapackage names the current ABI's image package, e.g. linux-image-6.1.0-50-arm64.
    const depends = execFileSync('apt-cache', ['depends', `${KERNEL_METAPACKAGE[arch]}:${arch}`], { encoding: 'utf8' });
    const imagePackage = /Depends: (linux-image-[^:\s]+)/.exec(depends)?.[1];
    if (!imagePackage) throw new Error(`apt-cache names no image package for ${KERNEL_METAPACKAGE[arch]}:${arch}`);
    const kernelRoot = unpackedDeb(`${imagePackage}:${arch}`, dir);
    const kver = readdirSync(`${kernelRoot}/lib/modules`)[0];
    if (!existsSync(`${kernelRoot}/lib/modules/${kver}/modules.dep`)) {
      execFileSync('depmod', ['-b', kernelRoot, kver]);
    }
    const busyboxRoot = unpackedDeb(`busybox-static:${arch}`, dir);
    return {
      kver,
      image: `${kernelRoot}/boot/vmlinuz-${kver}`,
      moduleRoot: kernelRoot,
      busybox: `${busyboxRoot}/bin/busybox`,
    };
  } catch (err) {
    return { missing: `Debian's ${arch} kernel and busybox-static (${firstLine(err)}; ${aptSetupHint(arch)})` };
  }
}

/**
 * The files of Debian package `spec` (name:arch) at the version apt offers now, unpacked into
 * dir/<name>_<version>; older versions of the same package are removed.
 */
function unpackedDeb(spec, dir) {
  const name = spec.split(':')[0];
  const show = execFileSync('apt-cache', ['show', '--no-all-versions', spec], { encoding: 'utf8' });
  const version = /^Version: (\S+)/m.exec(show)?.[1];
  if (!version) throw new Error(`apt-cache shows no version of ${spec}`);
  const root = `${dir}/${name}_${version.replaceAll(':', '%3a')}`;
  if (existsSync(`${root}/.complete`)) return root;

  mkdirSync(dir, { recursive: true });
  for (const old of readdirSync(dir).filter((entry) => entry.startsWith(`${name}_`))) {
    rmSync(`${dir}/${old}`, { recursive: true, force: true });
  }
  const download = `${dir}/download-${process.pid}`;
  mkdirSync(download, { recursive: true });
  try {
    console.log(`downloading ${spec} ${version} (apt-get download)`);
    execFileSync('apt-get', ['download', '-q', `${spec}=${version}`], { cwd: download, stdio: ['ignore', 'ignore', 'pipe'] });
    const [deb] = readdirSync(download).filter((file) => file.endsWith('.deb'));
    const unpacking = `${root}.tmp`;
    rmSync(unpacking, { recursive: true, force: true });
    execFileSync('dpkg-deb', ['-x', `${download}/${deb}`, unpacking]);
    writeFileSync(`${unpacking}/.complete`, '');
    renameSync(unpacking, root);
    return root;
  } finally {
    rmSync(download, { recursive: true, force: true });
  }
}

function firstLine(err) {
  return String(err.stderr || err.message)
    .trim()
    .split('\n')
    .at(-1);
}
