/**
 * native/linux-kd.ts against <linux/kd.h> and <linux/vt.h>: the probe lines below are
 * compiled with the system's cc and every printed number is compared with the TS
 * constant (the same idea as native/abi-probe.c, kept here until native/abi-probe.c grows a
 * kd/vt section).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as kd from '../native/linux-kd.js';
import { SysError } from '../native/libc.js';

const haveCc = spawnSync('cc', ['--version']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'fbkit-kd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const expected: Record<string, number> = {
  KDSETMODE: kd.KDSETMODE,
  KDGETMODE: kd.KDGETMODE,
  KDGKBMODE: kd.KDGKBMODE,
  KDSKBMODE: kd.KDSKBMODE,
  KD_TEXT: kd.KD_MODE.TEXT,
  KD_GRAPHICS: kd.KD_MODE.GRAPHICS,
  ...Object.fromEntries(Object.entries(kd.K_MODE).map(([k, v]) => [`K_${k}`, v])),
  VT_OPENQRY: kd.VT_OPENQRY,
  VT_GETMODE: kd.VT_GETMODE,
  VT_SETMODE: kd.VT_SETMODE,
  VT_GETSTATE: kd.VT_GETSTATE,
  VT_ACTIVATE: kd.VT_ACTIVATE,
  VT_WAITACTIVE: kd.VT_WAITACTIVE,
  'sizeof.vt_stat': kd.VT_STAT_SIZE,
};

function probe(): Map<string, number> {
  const lines = Object.keys(expected).map((name) => name.startsWith('sizeof.')
    ? `printf("${name} %zu\\n", sizeof(struct ${name.slice(7)}));`
    : `printf("${name} %llu\\n", (unsigned long long)(${name}));`);
  const src = join(dir, 'kd-probe.c');
  writeFileSync(src, `#include <stdio.h>\n#include <linux/kd.h>\n#include <linux/vt.h>\nint main(void) {\n${lines.join('\n')}\nreturn 0;\n}\n`);
  execFileSync('cc', ['-Wall', '-Werror', '-o', join(dir, 'kd-probe'), src]);
  const out = execFileSync(join(dir, 'kd-probe'), { encoding: 'utf8' });
  return new Map(out.trim().split('\n').map((l) => { const [n, v] = l.split(' '); return [n, Number(v)]; }));
}

describe.skipIf(!haveCc)(`kd/vt constants against the headers${haveCc ? '' : ' — SKIPPED: no cc'}`, () => {
  const fromHeaders = haveCc ? probe() : new Map<string, number>();
  it.each(Object.entries(expected))('%s', (name, value) => {
    expect(fromHeaders.get(name)).toBe(value);
  });
});

describe('kd/vt ioctls on a file that is not a VT', () => {
  it('KDGETMODE and VT_GETSTATE fail with ENOTTY, naming the path', () => {
    const path = join(dir, 'plain');
    writeFileSync(path, '');
    const fd = openSync(path, 'r');
    try {
      expect(() => kd.kdGetMode(fd, path)).toThrow(SysError);
      expect(() => kd.vtGetState(fd, path)).toThrow(/ENOTTY/);
    } finally {
      closeSync(fd);
    }
  });
});
