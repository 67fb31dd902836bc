/**
 * The /dev/mem policy: which file and flags give the cache mode asked for, why the kernel
 * refused a range (named from /proc/iomem), and which writes fbkit refuses itself (System
 * RAM behind /dev/mem). Knowledge of the memory map only: the mapping is mmio/'s job.
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ArgumentError, FbkitError } from '../errors.js';
import { SysError } from '../sys/sys-error.js';
import { IomemMap, rangeText } from './iomem.js';

/**
 * 'uncached': what registers need (O_SYNC on /dev/mem; sysfs resourceN and UIO maps are
 * uncached already). 'write-combining': a prefetchable PCI BAR through its resourceN_wc file,
 * for framebuffer memory, never registers. 'default': whatever the kernel picks (on x86 a
 * /dev/mem map without O_SYNC can be cached write-back: wrong for registers).
 */
export type CacheMode = 'uncached' | 'write-combining' | 'default';

/** A write the block refuses: a read-only mapping, or System RAM behind /dev/mem. */
export class WriteRefusedError extends FbkitError {}

const PCI_RESOURCE = /^(.*\/resource\d+)(_wc)?$/;

/**
 * The file to open and whether it needs O_SYNC for the cache mode asked for. Asking for a
 * mode the path cannot give is an error, never a silent fallback to another mode.
 */
export function cachedPath(path: string, cache: CacheMode | undefined): { path: string; sync: boolean } {
  const refuse = (why: string, fix: string): never => {
    throw new ArgumentError('ECACHE', `cannot map ${path} ${cache}: ${why}`, fix);
  };
  if (isDevMem(path)) {
    if (cache === 'write-combining') refuse('/dev/mem has no write-combining mode', "map the PCI BAR's sysfs resourceN_wc file instead");
    return { path, sync: cache !== 'default' };
  }
  // A PCI device's sysfs directory: resourceN files beside its vendor id.
  const resource = PCI_RESOURCE.exec(path);
  if (resource && existsSync(join(dirname(path), 'vendor'))) {
    const [, plain, wc] = resource;
    if (cache === 'write-combining' && !wc) {
      if (!existsSync(`${plain}_wc`)) refuse(`${plain}_wc does not exist: the BAR is not prefetchable`, "map it 'uncached'");
      return { path: `${plain}_wc`, sync: false };
    }
    if (wc && cache === 'uncached') return { path: plain, sync: false };
    return { path, sync: false };
  }
  if (/^\/dev\/uio\d+$/.test(path)) {
    if (cache === 'write-combining') refuse('UIO maps are always uncached', "map it 'uncached'");
    return { path, sync: false };
  }
  if (cache === 'uncached' || cache === 'write-combining') {
    refuse(
      'the kernel (page cache or driver) decides how this file is cached',
      'leave cache unset, or use /dev/mem, a sysfs resource file or a UIO device',
    );
  }
  return { path, sync: false };
}

/** Whether `path` is /dev/mem, through any symlink (a path that does not exist is not). */
export function isDevMem(path: string): boolean {
  return resolvePath(path) === '/dev/mem';
}

/** /dev/mem through any symlink; a path that does not exist stays as given (open reports it). */
function resolvePath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * Turns a /dev/mem EPERM/EBUSY into the same SysError with a hint that names the range,
 * its owner and the way around it; anything else passes through unchanged.
 */
export function explainDevmemError(err: unknown, address: number | bigint, length: number, iomem: IomemMap | undefined): unknown {
  if (!(err instanceof SysError) || (err.code !== 'EPERM' && err.code !== 'EBUSY') || !iomem) return err;
  const explained = new SysError(err.syscall, err.errno, err.path, iomem.describeDevmemRefusal(address, length, err.code));
  explained.cause = err;
  return explained;
}

/** The refusal for writes to a /dev/mem block that overlaps System RAM; undefined when it does not or cannot be told. */
export function systemRamWriteRefusal(iomem: IomemMap, address: bigint, length: number): WriteRefusedError | undefined {
  if (iomem.addressesHidden) return undefined;
  const ram = iomem.systemRamIn(address, length);
  if (!ram) return undefined;
  return new WriteRefusedError(
    'ESYSTEMRAM',
    `0x${address.toString(16)}+0x${length.toString(16)} overlaps System RAM (${rangeText(ram)}); writing there corrupts the running kernel or a process`,
    'check the address against the device manual; pass force: true (devmem --force) only if you mean it',
  );
}

/** /proc/iomem, or undefined where there is none to explain with. */
export function readIomemOrUndefined(): IomemMap | undefined {
  try {
    return IomemMap.read();
  } catch {
    return undefined; // No /proc (a chroot, a container): nothing to explain with.
  }
}
