/**
 * Compiles native/abi-probe.c against this machine's headers and checks every number
 * it prints against the TypeScript tables, both ways: a probe line the TS side does not
 * know is a failure too, so the two cannot drift apart silently.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as fb from '../../src/sys/linux-fb.js';
import * as libc from '../../src/sys/libc.js';
import * as kd from '../../src/sys/linux-kd.js';

const probeSource = join(import.meta.dirname, '..', '..', 'src', 'sys', 'abi-probe.c');
const haveCc = spawnSync('cc', ['--version']).status === 0;
const workDir = mkdtempSync(join(tmpdir(), 'fbkit-abi-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function runProbe(): Map<string, number> {
  const exe = join(workDir, 'abi-probe');
  execFileSync('cc', ['-Wall', '-Werror', '-o', exe, probeSource]);
  const out = execFileSync(exe, { encoding: 'utf8' });
  return new Map(
    out
      .trim()
      .split('\n')
      .map((line) => {
        const [name, value] = line.split(' ');
        return [name, Number(value)];
      }),
  );
}

/** What the TS code believes, under the probe's names. */
function tsTable(): Map<string, number> {
  const t = new Map<string, number>();
  const addLayout = (struct: string, layout: Pick<fb.Layout, 'size' | 'offsets'>): void => {
    t.set(`sizeof.${struct}`, layout.size);
    for (const [field, offset] of Object.entries(layout.offsets)) t.set(`offsetof.${struct}.${field}`, offset);
  };
  addLayout('fb_var_screeninfo', fb.varLayout());
  addLayout('fb_fix_screeninfo', fb.fixLayout());
  addLayout('fb_cmap', fb.cmapLayout());
  // fb_bitfield is three u32s; the var codec writes offset, length, msb_right at +0/+4/+8.
  t.set('sizeof.fb_bitfield', 12);
  t.set('offsetof.fb_bitfield.offset', 0);
  t.set('offsetof.fb_bitfield.length', 4);
  t.set('offsetof.fb_bitfield.msb_right', 8);

  for (const name of [
    'FBIOGET_VSCREENINFO',
    'FBIOPUT_VSCREENINFO',
    'FBIOGET_FSCREENINFO',
    'FBIOGETCMAP',
    'FBIOPUTCMAP',
    'FBIOPAN_DISPLAY',
    'FBIOBLANK',
    'FBIO_WAITFORVSYNC',
  ] as const)
    t.set(name, fb[name]);
  const addTable = (prefix: string, table: Record<string, number>): void => {
    for (const [name, value] of Object.entries(table)) t.set(`${prefix}${name}`, value);
  };
  addTable('FB_TYPE_', fb.FB_TYPE);
  addTable('FB_VISUAL_', fb.FB_VISUAL);
  const { CHANGE_CMAP_VBL, ...activate } = fb.FB_ACTIVATE;
  addTable('FB_ACTIVATE_', activate);
  t.set('FB_CHANGE_CMAP_VBL', CHANGE_CMAP_VBL);
  addTable('FB_SYNC_', fb.FB_SYNC);
  addTable('FB_VMODE_', fb.FB_VMODE);
  addTable('FB_BLANK_', fb.FB_BLANK);
  addTable('FB_NONSTD_', fb.FB_NONSTD);
  addTable('FB_ROTATE_', fb.FB_ROTATE);
  t.set('FB_CAP_FOURCC', fb.FB_CAP_FOURCC);
  addTable('FB_ACCEL_', Object.fromEntries(Object.entries(fb.FB_ACCEL).map(([name, [id]]) => [name, id])));

  for (const name of [
    'O_RDONLY',
    'O_WRONLY',
    'O_RDWR',
    'O_CREAT',
    'O_NOCTTY',
    'O_NONBLOCK',
    'O_SYNC',
    'O_CLOEXEC',
    'PROT_READ',
    'PROT_WRITE',
    'MAP_SHARED',
    'MAP_PRIVATE',
    'MAP_FIXED',
    'MAP_ANONYMOUS',
    'MS_SYNC',
  ] as const) {
    t.set(name, libc[name]);
  }
  t.set('PAGE_SIZE', libc.pageSize());

  // src/sys/linux-kd.ts (console takeover)
  for (const name of [
    'KDSETMODE',
    'KDGETMODE',
    'KDGKBMODE',
    'KDSKBMODE',
    'VT_OPENQRY',
    'VT_GETMODE',
    'VT_SETMODE',
    'VT_GETSTATE',
    'VT_RELDISP',
    'VT_ACTIVATE',
    'VT_WAITACTIVE',
    'VT_ACKACQ',
  ] as const)
    t.set(name, kd[name]);
  addTable('KD_', kd.KD_MODE);
  addTable('K_', kd.K_MODE);
  addTable('VT_', kd.VT_MODE);
  t.set('sizeof.vt_stat', kd.VT_STAT_SIZE);
  addLayout('vt_mode', kd.VT_MODE_LAYOUT);
  return t;
}

describe.skipIf(!haveCc)(`ABI probe against the system headers${haveCc ? '' : ' — SKIPPED: no C compiler (cc) here; install gcc'}`, () => {
  const probe = haveCc ? runProbe() : new Map<string, number>();
  const ts = tsTable();

  it('prints a sane number of values', () => {
    expect(probe.size).toBeGreaterThan(150);
  });

  it.each([...probe.keys()])('%s matches the TypeScript table', (name) => {
    expect(ts.has(name), `${name} is printed by the probe but unknown to the TS tables`).toBe(true);
    expect(ts.get(name)).toBe(probe.get(name));
  });

  it('covers every TypeScript constant', () => {
    const missing = [...ts.keys()].filter((name) => !probe.has(name));
    expect(missing).toEqual([]);
  });
});

describe('32-bit layouts (C alignment rules; no -m32 toolchain needed)', () => {
  const abi32 = fb.abiFor('arm', 'LE');

  it('fb_fix_screeninfo is 68 bytes with 4-byte unsigned longs', () => {
    const l = fb.fixLayout(abi32);
    expect(l.size).toBe(68);
    expect(l.offsets).toMatchObject({
      smem_start: 16,
      smem_len: 20,
      visual: 32,
      xpanstep: 36,
      ywrapstep: 40,
      line_length: 44,
      mmio_start: 48,
      mmio_len: 52,
      accel: 56,
      capabilities: 60,
      reserved1: 64,
    });
  });

  it('fb_cmap is 24 bytes with 4-byte pointers', () => {
    const l = fb.cmapLayout(abi32);
    expect(l.size).toBe(24);
    expect(l.offsets).toMatchObject({ red: 8, green: 12, blue: 16, transp: 20 });
  });

  it('fb_var_screeninfo is 160 bytes everywhere', () => {
    expect(fb.varLayout(abi32).size).toBe(160);
  });

  it('FBIO_WAITFORVSYNC follows the powerpc/mips _IOC encoding there', () => {
    expect(fb.fbioWaitForVsync(fb.abiFor('ppc64', 'BE'))).toBe(0x80044620);
    expect(fb.fbioWaitForVsync(fb.abiFor('arm', 'LE'))).toBe(0x40044620);
  });
});
