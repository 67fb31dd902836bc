// Builds a machine's initramfs: static busybox, the kernel modules the machine
// lists (machines.mjs) with their dependencies, and test/vm/guest/init.sh as
// /init. Cached in .vm-cache under a hash of everything that goes in.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, renameSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { basename } from 'node:path';
import { gzipSync, gunzipSync } from 'node:zlib';
import { CpioWriter } from './cpio.mjs';

/**
 * modules: { name: 'options' } as machines.mjs gives them; moduleRoot: where lib/modules/<kver>
 * is when that is not the host's / (an unpacked Debian kernel package of another architecture).
 */
export function buildInitramfs({ kernel, busybox, modprobe, moduleRoot, cacheDir, initScript, machine, modules: wanted }) {
  const modules = moduleLoadList(modprobe, moduleRoot, kernel.kver, wanted);
  const key = createHash('sha256');
  for (const path of [busybox, ...modules.map((m) => m.path)]) {
    const { size, mtimeMs } = statSync(path);
    key.update(`${path}:${size}:${mtimeMs}\n`);
  }
  key.update(readFileSync(initScript));
  key.update(JSON.stringify(modules));
  const prefix = `initramfs-${machine}-`;
  const out = `${cacheDir}/${prefix}${kernel.kver}-${key.digest('hex').slice(0, 12)}.cpio.gz`;
  if (existsSync(out)) return out;

  const cpio = new CpioWriter();
  for (const dir of ['bin', 'dev', 'proc', 'sys', 'hostroot', 'modules']) cpio.dir(dir);
  // The kernel opens /dev/console for init before anything can mount devtmpfs.
  cpio.charDevice('dev/console', 5, 1);
  cpio.file('bin/busybox', readFileSync(busybox), 0o755);
  cpio.file('init', readFileSync(initScript), 0o755);
  const order = [];
  for (const { path, options } of modules) {
    const name = basename(path).replace(/\.(xz|zst|gz)$/, '');
    cpio.file(`modules/${name}`, readModule(path));
    order.push(`${name} ${options}`.trim());
  }
  cpio.file('modules/load-order', `${order.join('\n')}\n`);

  mkdirSync(cacheDir, { recursive: true });
  for (const old of readdirSync(cacheDir).filter((f) => f.startsWith(prefix))) rmSync(`${cacheDir}/${old}`);
  writeFileSync(`${out}.tmp`, gzipSync(cpio.finish()));
  renameSync(`${out}.tmp`, out);
  return out;
}

// Dependencies first, each file once, options on the module that asked.
function moduleLoadList(modprobe, moduleRoot, kver, wanted) {
  const root = moduleRoot ? ['-d', moduleRoot] : [];
  const text = execFileSync(modprobe, [...root, '-a', '-S', kver, '--show-depends', ...Object.keys(wanted)], {
    encoding: 'utf8',
  });
  const seen = new Set();
  const list = [];
  for (const line of text.split('\n')) {
    const m = /^insmod (\S+)/.exec(line);
    if (!m || seen.has(m[1])) continue;
    seen.add(m[1]);
    const name = basename(m[1])
      .replace(/\.ko(\.\w+)?$/, '')
      .replaceAll('-', '_');
    list.push({ path: m[1], options: wanted[name] ?? '' });
  }
  return list;
}

// Newer Debian kernels ship .ko.xz or .ko.zst; busybox insmod cannot be
// trusted to decompress, so the guest gets plain .ko files.
function readModule(path) {
  if (path.endsWith('.gz')) return gunzipSync(readFileSync(path));
  if (path.endsWith('.xz')) return execFileSync('xz', ['-dc', path], { maxBuffer: 1 << 28 });
  if (path.endsWith('.zst')) return execFileSync('zstd', ['-dc', path], { maxBuffer: 1 << 28 });
  return readFileSync(path);
}
