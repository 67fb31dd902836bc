/**
 * UIO devices: /sys/class/uio/uioN/ names the device, and maps/mapM/{name,addr,size,offset}
 * describe the memory regions its kernel driver exports. User space maps region M through
 * /dev/uioN at mmap offset M * page size (UIO's convention for picking the region); the
 * mapping then starts at the page holding `addr`, and `offset` says where the region starts
 * inside that first page.
 */
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ArgumentError } from '../errors.js';

export interface UioMap {
  index: number;
  name: string;
  /** Physical address of the region (as the driver reports it). */
  addr: bigint;
  size: bigint;
  /** Where `addr` sits inside the first mapped page. */
  offset: bigint;
}

export interface UioDevice {
  /** `uio0`... */
  name: string;
  /** The character device to mmap: /dev/uioN. */
  devPath: string;
  /** Whether that node exists under the root the list was read from. */
  devNodeExists: boolean;
  /** The driver-given name (`uio_pci_generic`, a device-tree node name...). */
  driverName: string;
  /** The parent device (a PCI slot such as 0000:00:03.0, or a platform device name). */
  parent?: string;
  maps: UioMap[];
}

/** Every UIO device under `${root}/sys/class/uio`, in index order; [] when UIO is absent. */
export function listUioDevices(root = '/'): UioDevice[] {
  const base = join(root, 'sys/class/uio');
  if (!existsSync(base)) return [];
  return readdirSync(base)
    .filter((n) => /^uio\d+$/.test(n))
    .sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)))
    .map((name) => ({ ...readUioDevice(join(base, name), name), devNodeExists: existsSync(join(root, 'dev', name)) }));
}

function readUioDevice(dir: string, name = basename(dir)): Omit<UioDevice, 'devNodeExists'> {
  const mapsDir = join(dir, 'maps');
  const maps = existsSync(mapsDir)
    ? readdirSync(mapsDir)
        .filter((m) => /^map\d+$/.test(m))
        .map((m) => readUioMap(join(mapsDir, m), Number(m.slice(3))))
        .sort((a, b) => a.index - b.index)
    : [];
  let parent: string | undefined;
  try {
    parent = basename(readlinkSync(join(dir, 'device')));
  } catch {
    parent = undefined; // a UIO device without a parent link (unusual): nothing to name
  }
  return { name, devPath: `/dev/${name}`, driverName: readFileSync(join(dir, 'name'), 'utf8').trim(), parent, maps };
}

function readUioMap(dir: string, index: number): UioMap {
  const field = (f: string) => readFileSync(join(dir, f), 'utf8').trim();
  const number = (f: string) => {
    const text = field(f);
    if (!/^(0x[0-9a-fA-F]+|\d+)$/.test(text)) {
      throw new ArgumentError(
        'EUIOPARSE',
        `${join(dir, f)} is not a number: ${JSON.stringify(text)}`,
        'point at a sysfs UIO map directory',
      );
    }
    return BigInt(text);
  };
  const name = existsSync(join(dir, 'name')) ? field('name') : '';
  return { index, name, addr: number('addr'), size: number('size'), offset: existsSync(join(dir, 'offset')) ? number('offset') : 0n };
}

/** The mmap offset on /dev/uioN that selects map `index`. */
export function uioMapOffset(index: number, pageSize: number): bigint {
  return BigInt(index) * BigInt(pageSize);
}
