/**
 * src/sys/kd-ioctl.ts: the numbers are checked against <linux/kd.h> and <linux/vt.h> by
 * src/sys/abi-probe.c (test/sys/abi-probe.test.ts); here, how the calls fail off a VT.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as kd from '../../src/sys/kd-ioctl.js';
import { SysError } from '../../src/sys/sys-error.js';

const dir = mkdtempSync(join(tmpdir(), 'fbkit-kd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kd/vt ioctls on a file that is not a VT', () => {
  it('KDGETMODE and VT_GETSTATE fail with ENOTTY, naming the path', () => {
    const path = join(dir, 'plain');
    writeFileSync(path, '');
    const fd = openSync(path, 'r');
    try {
      expect(() => kd.kdGetMode(fd, path)).toThrow(SysError);
      expect(() => kd.vtGetState(fd, path)).toThrow(/ENOTTY[\s\S]*plain|plain[\s\S]*ENOTTY/);
    } finally {
      closeSync(fd);
    }
  });
});
