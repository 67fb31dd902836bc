// Builds the guest's initramfs: static busybox, the kernel modules for 9p,
// bochs-drm and vfb, and test/vm/guest/init.sh as /init. Cached in .vm-cache
// under a hash of everything that goes in.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, renameSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { basename } from 'node:path';
import { gzipSync, gunzipSync } from 'node:zlib';
import { CpioWriter } from './cpio.mjs';

// Module name -> options. 9p needs its virtio transport; bochs drives
// `-device VGA` and gives /dev/fb0 through DRM fbdev emulation; vfb is a
// memory-backed /dev/fb1 whose mode can be changed. Its default 1 MiB cannot
// hold 640x480 at 32 bpp (FBIOPUT_VSCREENINFO fails with ENOMEM); 4 MiB holds
// two such pages, for panning.
const MODULES = {
  virtio_pci: '',
  '9pnet_virtio': '',
  '9p': '',
  bochs: '',
  vfb: 'vfb_enable=1 videomemorysize=4194304',
};

export function buildInitramfs({ kernel, busybox, modprobe, cacheDir, initScript }) {
  const modules = moduleLoadList(modprobe, kernel.kver);
  const key = createHash('sha256');
  for (const path of [busybox, ...modules.map((m) => m.path)]) {
    const { size, mtimeMs } = statSync(path);
    key.update(`${path}:${size}:${mtimeMs}\n`);
  }
  key.update(readFileSync(initScript));
  key.update(JSON.stringify(modules));
  const out = `${cacheDir}/initramfs-${kernel.kver}-${key.digest('hex').slice(0, 12)}.cpio.gz`;
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
  for (const old of readdirSync(cacheDir).filter((f) => f.startsWith('initramfs-'))) rmSync(`${cacheDir}/${old}`);
  writeFileSync(`${out}.tmp`, gzipSync(cpio.finish()));
  renameSync(`${out}.tmp`, out);
  return out;
}

// Dependencies first, each file once, options on the module that asked.
function moduleLoadList(modprobe, kver) {
  const text = execFileSync(modprobe, ['-a', '-S', kver, '--show-depends', ...Object.keys(MODULES)], {
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
    list.push({ path: m[1], options: MODULES[name] ?? '' });
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
