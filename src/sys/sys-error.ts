/**
 * SysError: a failed system call, named the way a person can act on it (the errno's name,
 * the call, the path, and a hint chosen by call, errno and kind of path). Pure: it needs
 * no native library, so every layer can catch it without loading koffi.
 */
import { constants as osConstants } from 'node:os';
import { FbkitError } from '../errors.js';

/** errno number -> name ('EACCES'), from Node's own table of this platform's values. */
const errnoNames = new Map<number, string>(Object.entries(osConstants.errno).map(([name, value]) => [value, name]));

export function errnoName(errno: number): string {
  return errnoNames.get(errno) ?? `errno ${errno}`;
}

/** A failed system call: `code` is the errno's name, `hint` says what to do. */
export class SysError extends FbkitError {
  readonly errno: number;
  readonly syscall: string;
  readonly path?: string;

  constructor(syscall: string, errnoValue: number, path?: string, hint?: string) {
    const code = errnoName(errnoValue);
    const where = path ? ` ${path}` : '';
    super(code, `${syscall}${where} failed: ${code} (${describeErrno(errnoValue)})`, hint ?? hintFor(syscall, code, path));
    this.errno = errnoValue;
    this.syscall = syscall;
    this.path = path;
  }
}

function describeErrno(errnoValue: number): string {
  return errnoMessages[errnoName(errnoValue)] ?? errnoName(errnoValue);
}

const errnoMessages: Record<string, string> = {
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or directory',
  EIO: 'input/output error',
  ENXIO: 'no such device or address',
  EBADF: 'bad file descriptor',
  EAGAIN: 'resource temporarily unavailable',
  ENOMEM: 'out of memory',
  EACCES: 'permission denied',
  EFAULT: 'bad address',
  EBUSY: 'device or resource busy',
  EEXIST: 'file exists',
  ENODEV: 'no such device',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  EINVAL: 'invalid argument',
  ENOTTY: 'inappropriate ioctl for device',
  EFBIG: 'file too large',
  ENOSPC: 'no space left on device',
  EROFS: 'read-only file system',
  ENOSYS: 'function not implemented',
  EOPNOTSUPP: 'operation not supported',
  ETIMEDOUT: 'timed out',
};

/** What a person can do about the usual failures, by call, errno and kind of path. */
function hintFor(syscall: string, code: string, path = ''): string | undefined {
  const fb = /^\/dev\/(fb\d+|graphics\/fb\d+)$/.test(path);
  const drm = /^\/dev\/dri\//.test(path);
  const mem = path === '/dev/mem';
  const uio = /^\/dev\/uio\d+$/.test(path);
  const evdev = /^\/dev\/input\/event\d+$/.test(path);
  const uinput = path === '/dev/uinput' || path === '/dev/input/uinput';
  const pciResource = /\/sys\/(bus\/pci\/devices|devices\/pci)[^ ]*\/resource\d+(_wc)?$/.test(path);
  switch (code) {
    case 'EACCES':
      if (fb)
        return `${path} is usually owned by the 'video' group: add your user to it (sudo usermod -aG video $USER) and log in again, or run as root`;
      if (mem) return '/dev/mem needs root (CAP_SYS_RAWIO); run with sudo';
      if (evdev)
        return `${path} is usually owned by the 'input' group: add your user to it (sudo usermod -aG input $USER) and log in again, or run as root`;
      if (uinput)
        return `${path} is root-only on most systems: run as root, or give a group access with a udev rule (KERNEL=="uinput", GROUP="input", MODE="0660")`;
      if (drm)
        return `${path} is usually owned by the 'video' group (renderD* nodes by 'render', and those draw no display): add your user to video (sudo usermod -aG video $USER) and log in again, or run as root`;
      if (uio) return `give your user access to ${path} with a udev rule (e.g. GROUP/MODE on SUBSYSTEM=="uio"), or run as root`;
      if (pciResource) return 'sysfs PCI resource files are root-only; run as root';
      return `check the permissions of ${path || 'the file'}, or run as a user who may open it`;
    case 'EPERM':
      if (mem)
        return 'the kernel refused /dev/mem: STRICT_DEVMEM blocks RAM, IO_STRICT_DEVMEM blocks ranges a driver has claimed (see /proc/iomem; boot with iomem=relaxed, or unbind the driver and map its sysfs resource file), and kernel lockdown blocks it entirely';
      return 'the kernel refused the operation; run as root, or check lockdown/SELinux';
    case 'ENOENT':
      if (fb)
        return `no framebuffer device ${path}: load the display's fbdev driver (or DRM fbdev emulation), or draw on a virtual framebuffer instead (--device virtual:bochs-drm, Framebuffer.virtual())`;
      if (mem) return 'this kernel has no /dev/mem (CONFIG_DEVMEM off); use a UIO device or the sysfs PCI resource file';
      if (uinput) return 'no uinput device: load the module (modprobe uinput)';
      if (uio) return 'no such UIO device: bind the device to uio_pdrv_genirq or uio_pci_generic and look in /sys/class/uio';
      if (drm) return `no DRM node ${path}: load the display's DRM driver, and see ls /dev/dri`;
      return `${path || 'the file'} does not exist`;
    case 'ENOTTY':
      return ioctlFamilyHint(syscall, path);
    case 'ENODEV':
    case 'EINVAL':
      if (syscall === 'mmap' && pciResource) {
        return code === 'EINVAL'
          ? "a driver holds this BAR and IO_STRICT_DEVMEM refuses its resource file too: unbind the driver (see the device's driver/unbind) or boot with iomem=relaxed; also check the range lies inside the BAR"
          : 'this BAR is an I/O-port range, which cannot be memory-mapped';
      }
      if (syscall === 'mmap')
        return 'the driver does not allow this mapping (offset, length or mmap support); check the range, or use read/write access';
      return undefined;
    case 'EBUSY':
      if (mem)
        return 'a driver owns this range (see /proc/iomem); boot with iomem=relaxed, or unbind the driver and map its sysfs resource file';
      return undefined;
    case 'EROFS':
      return 'the file system is read-only; open the mapping read-only (writable: false)';
    default:
      return undefined;
  }
}

/** ENOTTY means the file does not know the request; say which kind of device would. */
function ioctlFamilyHint(syscall: string, path: string): string | undefined {
  const request = /^ioctl\(0x([0-9a-f]+)\)$/.exec(syscall);
  if (!request) return undefined;
  const type = (parseInt(request[1], 16) >> 8) & 0xff;
  const file = path || 'this file';
  if (type === 0x46) return `${file} is not a framebuffer device (the fb ioctls do not apply to it)`;
  if (type === 0x45) return `${file} is not an evdev input device (use /dev/input/eventN)`;
  if (type === 0x55) return `${file} is not the uinput device (/dev/uinput)`;
  if (type === 0x64) return `${file} is not a DRM card (the DRM ioctls do not apply to it)`;
  if (type === 0x4b || type === 0x56) return `${file} is not a virtual terminal (a serial or pseudo terminal has no graphics mode)`;
  return `${file} does not support this ioctl`;
}
