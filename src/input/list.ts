/**
 * Every input device with what it says about itself and what fbkit makes of it (what
 * `fbkit input list` prints). A device that cannot be opened is listed with the reason.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FbkitError } from '../errors.js';
import type { AbsInfo, InputId } from '../sys/linux-input.js';
import { codeName, EV_ABS } from '../sys/linux-input.js';
import { classify, type DeviceKind } from './classify.js';
import { type EvdevAccess, kernelAccess } from './evdev-access.js';

export interface ListedDevice {
  path: string;
  name?: string;
  phys?: string;
  id?: InputId;
  kinds?: DeviceKind[];
  /** Multitouch slots (protocol B); 0 if none. */
  slots?: number;
  /** The multitouch protocol, 'A' or 'B'; absent: not multitouch. */
  multitouch?: 'A' | 'B';
  /** ABS_* name -> range. */
  axes?: Record<string, Omit<AbsInfo, 'value'>>;
  keyCount?: number;
  /** Why it could not be read ('EACCES'), with the fix. */
  error?: { code: string; message: string; hint?: string };
}

/** The event nodes of `dir`, in number order. */
export function eventNodes(dir = '/dev/input'): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /^event\d+$/.test(name))
    .sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)))
    .map((name) => join(dir, name));
}

export function listInputDevices(options: { dir?: string; access?: EvdevAccess } = {}): ListedDevice[] {
  const access = options.access ?? kernelAccess;
  return eventNodes(options.dir).map((path) => {
    let fd: number;
    try {
      fd = access.open(path);
    } catch (err) {
      const e = err as Partial<FbkitError> & Error;
      return { path, error: { code: e.code ?? 'EIO', message: e.message.split('\n')[0]!, ...(e.hint ? { hint: e.hint } : {}) } };
    }
    try {
      const caps = access.caps(fd, path);
      const { kinds, slots, multitouch } = classify(caps);
      const axes = Object.fromEntries([...caps.abs].map(([c, { value: _, ...range }]) => [codeName(EV_ABS, c), range]));
      const mt = multitouch ? { multitouch } : {};
      return { path, name: caps.name, phys: caps.phys, id: caps.id, kinds, slots, ...mt, axes, keyCount: caps.keys.length };
    } finally {
      access.close(fd);
    }
  });
}
