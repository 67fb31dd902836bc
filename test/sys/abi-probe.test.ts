/**
 * Compiles src/sys/abi-probe.c and checks every number it prints against the TypeScript
 * tables, both ways: a probe line the TS side does not know is a failure too, so the two
 * cannot drift apart silently. Once with the host's `cc` against this machine's headers and
 * this process's ABI, and once per cross target (armhf, arm64, i386): the probe is
 * cross-compiled against that target's headers, run under qemu-user, and compared with the
 * tables computed for that target's ABI, so the 32-bit layouts are checked by a real
 * compiler and not only by our reading of C's alignment rules.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as fb from '../../src/sys/linux-fb.js';
import * as libc from '../../src/sys/libc.js';
import * as kd from '../../src/sys/linux-kd.js';
import * as input from '../../src/sys/linux-input.js';
import * as drm from '../../src/sys/linux-drm.js';

const probeSource = join(import.meta.dirname, '..', '..', 'src', 'sys', 'abi-probe.c');
const workDir = mkdtempSync(join(tmpdir(), 'fbkit-abi-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

interface ProbeTarget {
  /** Debian's name for the architecture: test titles and file names. */
  readonly name: string;
  readonly compiler: string;
  readonly compilerArgs: readonly string[];
  /** Runs the foreign executable; absent for the host. */
  readonly emulator?: string;
}

interface CrossTarget extends ProbeTarget {
  /** process.arch of a Node process there: what abiFor takes. */
  readonly arch: string;
  readonly emulator: string;
  /**
   * What to apt-get install. The cross libc's headers are named because .ci/run installs with
   * --no-install-recommends, and the compiler only recommends them: without them the probe
   * picks up the host's /usr/include and fails on bits/wordsize.h.
   */
  readonly packages: readonly string[];
}

// The DRM headers: Debian's libdrm-dev for the host, the cross libc's kernel headers for the targets.
const HOST: ProbeTarget = { name: 'host', compiler: 'cc', compilerArgs: ['-I/usr/include/libdrm'] };

// -static: the cross libc's libc.a comes with its headers, and a static probe needs neither
// qemu's -L sysroot nor the target's dynamic loader.
const CROSS_TARGETS: readonly CrossTarget[] = [
  {
    name: 'armhf',
    arch: 'arm',
    compiler: 'arm-linux-gnueabihf-gcc',
    compilerArgs: ['-static', '-I/usr/arm-linux-gnueabihf/include/drm'],
    emulator: 'qemu-arm',
    packages: ['gcc-arm-linux-gnueabihf', 'libc6-dev-armhf-cross', 'qemu-user'],
  },
  {
    name: 'arm64',
    arch: 'arm64',
    compiler: 'aarch64-linux-gnu-gcc',
    compilerArgs: ['-static', '-I/usr/aarch64-linux-gnu/include/drm'],
    emulator: 'qemu-aarch64',
    packages: ['gcc-aarch64-linux-gnu', 'libc6-dev-arm64-cross', 'qemu-user'],
  },
  {
    name: 'i386',
    arch: 'ia32',
    compiler: 'i686-linux-gnu-gcc',
    compilerArgs: ['-static', '-I/usr/i686-linux-gnu/include/drm'],
    emulator: 'qemu-i386',
    packages: ['gcc-i686-linux-gnu', 'libc6-dev-i386-cross', 'qemu-user'],
  },
];

/**
 * The 32-bit targets again with a 64-bit time_t (glibc's _TIME_BITS=64): <linux/input.h> then
 * swaps struct timeval in struct input_event for two longs, and the layout must not change.
 */
const TIME64_TARGETS: readonly CrossTarget[] = CROSS_TARGETS.filter((t) => t.name !== 'arm64').map((t) => ({
  ...t,
  name: `${t.name}-time64`,
  compilerArgs: [...t.compilerArgs, '-D_TIME_BITS=64', '-D_FILE_OFFSET_BITS=64'],
}));

const runs = (command: string, args: readonly string[]): boolean => spawnSync(command, args).status === 0;

/** What is missing to build and run the probe for `target`, as readable reasons. */
function missingTools(target: CrossTarget): string[] {
  const missing: string[] = [];
  if (!runs(target.compiler, ['--version'])) missing.push(`no ${target.compiler}`);
  // -print-file-name answers the bare name when the file is not in the toolchain's paths.
  else if (!execFileSync(target.compiler, ['-print-file-name=libc.a'], { encoding: 'utf8' }).includes('/'))
    missing.push(`no C library for ${target.compiler}`);
  if (!runs(target.emulator, ['--version'])) missing.push(`no ${target.emulator}`);
  return missing;
}

/** Builds and runs the probe for `target`: its printed lines as name -> value. */
function runProbe(target: ProbeTarget): Map<string, number> {
  const exe = join(workDir, `abi-probe-${target.name}`);
  execFileSync(target.compiler, ['-Wall', '-Werror', ...target.compilerArgs, '-o', exe, probeSource]);
  const out = target.emulator ? execFileSync(target.emulator, [exe], { encoding: 'utf8' }) : execFileSync(exe, { encoding: 'utf8' });
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

/** What the TS code believes for a process with `abi`, under the probe's names. */
function tsTable(abi: fb.FbAbi): Map<string, number> {
  const t = new Map<string, number>();
  const addLayout = (struct: string, layout: Pick<fb.Layout, 'size' | 'offsets'>): void => {
    t.set(`sizeof.${struct}`, layout.size);
    for (const [field, offset] of Object.entries(layout.offsets)) t.set(`offsetof.${struct}.${field}`, offset);
  };
  addLayout('fb_var_screeninfo', fb.varLayout(abi));
  addLayout('fb_fix_screeninfo', fb.fixLayout(abi));
  addLayout('fb_cmap', fb.cmapLayout(abi));
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
  ] as const)
    t.set(name, fb[name]);
  // The only fb ioctl built with _IOC; for the host ABI this is fb.FBIO_WAITFORVSYNC by definition.
  t.set('FBIO_WAITFORVSYNC', fb.fbioWaitForVsync(abi));
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
    'POLLIN',
  ] as const) {
    t.set(name, libc[name]);
  }
  addLayout('pollfd', libc.POLLFD_LAYOUT);

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

  // src/sys/linux-input.ts (evdev, uinput)
  addLayout('input_event', input.eventLayout(abi));
  addLayout('input_id', input.INPUT_ID_LAYOUT);
  addLayout('input_absinfo', input.ABSINFO_LAYOUT);
  addLayout('uinput_setup', input.UINPUT_SETUP_LAYOUT);
  addLayout('uinput_abs_setup', input.UINPUT_ABS_SETUP_LAYOUT);
  t.set('UINPUT_MAX_NAME_SIZE', input.UINPUT_MAX_NAME_SIZE);
  const e = input.evioc(abi);
  const abs = (name: string): number => input.code(name);
  for (const [name, value] of Object.entries({
    EVIOCGVERSION: e.GVERSION,
    EVIOCGID: e.GID,
    EVIOCGREP: e.GREP,
    'EVIOCGNAME(256)': e.GNAME(256),
    'EVIOCGPHYS(256)': e.GPHYS(256),
    'EVIOCGUNIQ(256)': e.GUNIQ(256),
    'EVIOCGPROP(8)': e.GPROP(8),
    'EVIOCGMTSLOTS(44)': e.GMTSLOTS(44),
    'EVIOCGKEY(96)': e.GKEY(96),
    'EVIOCGLED(8)': e.GLED(8),
    'EVIOCGSW(8)': e.GSW(8),
    'EVIOCGBIT(0,8)': e.GBIT(0, 8),
    'EVIOCGBIT(EV_ABS,8)': e.GBIT(input.EV_ABS, 8),
    'EVIOCGABS(ABS_X)': e.GABS(abs('ABS_X')),
    'EVIOCGABS(ABS_MT_SLOT)': e.GABS(abs('ABS_MT_SLOT')),
    EVIOCGRAB: e.GRAB,
    EVIOCSCLOCKID: e.SCLOCKID,
    CLOCK_MONOTONIC: input.CLOCK_MONOTONIC,
    KEY_MAX: input.KEY_MAX,
    ABS_MAX: input.ABS_MAX,
    REL_MAX: input.REL_MAX,
    EV_MAX: input.EV_MAX,
    INPUT_PROP_MAX: input.INPUT_PROP_MAX,
    LED_MAX: input.LED_MAX,
  }))
    t.set(name, value);
  const ui = input.uiIoctl(abi);
  for (const name of [
    'DEV_CREATE',
    'DEV_DESTROY',
    'DEV_SETUP',
    'ABS_SETUP',
    'SET_EVBIT',
    'SET_KEYBIT',
    'SET_RELBIT',
    'SET_ABSBIT',
    'SET_PROPBIT',
    'GET_VERSION',
  ] as const)
    t.set(`UI_${name}`, ui[name]);
  t.set('UI_GET_SYSNAME(64)', ui.GET_SYSNAME(64));
  // src/sys/linux-drm.ts (the KMS backend)
  for (const def of drm.DRM_STRUCTS) addLayout(def.name, drm.drmLayout(def, abi));
  for (const [name, value] of Object.entries(drm.drmIoctls(abi))) t.set(name, value);
  addTable('DRM_CAP_', drm.DRM_CAP);
  t.set('DRM_MODE_PAGE_FLIP_EVENT', drm.DRM_MODE_PAGE_FLIP_EVENT);
  addTable('DRM_EVENT_', drm.DRM_EVENT);
  t.set('DRM_MODE_TYPE_PREFERRED', drm.DRM_MODE_TYPE_PREFERRED);
  addTable('DRM_FORMAT_', drm.DRM_FORMAT);
  addTable('DRM_MODE_CONNECTOR_', Object.fromEntries(Object.entries(drm.DRM_MODE_CONNECTOR).map(([name, [id]]) => [name, id])));
  return t;
}

/** Registers the comparisons of one probe run with one TS table, both ways. */
function expectSameNumbers(probe: ReadonlyMap<string, number>, ts: ReadonlyMap<string, number>, headersMayBeOlder = false): void {
  it('prints a sane number of values', () => {
    expect(probe.size).toBeGreaterThan(150);
  });

  // The ~750 input event code names are one test: the same comparison, without 750 lines of report.
  const codes = input.allCodeNames();
  it(`input event code names (${codes.size} in sys/input-codes.ts) match the headers`, () => {
    const printed = [...probe].filter(([name]) => codes.has(name));
    expect(printed.filter(([name, value]) => codes.get(name) !== value)).toEqual([]);
    // A cross toolchain's headers may predate a few of the newest keys (each is #ifdef'd in the probe).
    const unprinted = [...codes.keys()].filter((name) => !probe.has(name));
    if (headersMayBeOlder) expect(unprinted.length).toBeLessThan(codes.size / 20);
    else expect(unprinted).toEqual([]);
  });

  it.each([...probe.keys()].filter((name) => !codes.has(name)))('%s matches the TypeScript table', (name) => {
    expect(ts.has(name), `${name} is printed by the probe but unknown to the TS tables`).toBe(true);
    expect(ts.get(name)).toBe(probe.get(name));
  });

  it('covers every TypeScript constant', () => {
    const missing = [...ts.keys()].filter((name) => !probe.has(name) && !codes.has(name));
    expect(missing).toEqual([]);
  });
}

const haveCc = runs('cc', ['--version']);

describe.skipIf(!haveCc)(`ABI probe against the system headers${haveCc ? '' : ' — SKIPPED: no C compiler (cc) here; install gcc'}`, () => {
  const probe = haveCc ? runProbe(HOST) : new Map<string, number>();
  // sysconf's answer is this machine's, and so is the TS side's: pageSize() asks sysconf.
  const ts = new Map([...tsTable(fb.NATIVE_ABI), ['PAGE_SIZE', libc.pageSize()]]);
  expectSameNumbers(probe, ts);
});

/**
 * Probe lines that describe the machine the probe runs on, not the target's ABI, and so are
 * left out of the cross comparisons (each still has to be printed, see below).
 */
const HOST_ONLY_LINES: ReadonlyMap<string, string> = new Map([
  [
    'PAGE_SIZE',
    "sysconf(_SC_PAGESIZE) is the running kernel's page size, not part of the ABI: under qemu-user it " +
      'is whatever qemu reports, arm64 kernels run with 4, 16 or 64 KiB pages, and the TS side hardcodes ' +
      'none (pageSize() asks sysconf at run time)',
  ],
]);

for (const target of [...CROSS_TARGETS, ...TIME64_TARGETS]) {
  const missing = missingTools(target);
  const install = `apt-get install ${target.packages.join(' ')}`;
  // Outside CI a missing toolchain skips, saying what to install; in CI it fails, so the
  // cross comparisons cannot quietly stop running.
  const skip = missing.length > 0 && !process.env.CI;
  const title = `ABI probe for ${target.name} (${target.compiler}, ${target.emulator}) against abiFor('${target.arch}')`;
  describe.skipIf(skip)(skip ? `${title} — SKIPPED: ${missing.join(', ')}; ${install}` : title, () => {
    if (missing.length > 0) {
      it('has its cross toolchain', () => {
        throw new Error(`${missing.join(', ')}: ${install}`);
      });
      return;
    }
    const printed = runProbe(target);
    const probe = new Map([...printed].filter(([name]) => !HOST_ONLY_LINES.has(name)));

    it.each([...HOST_ONLY_LINES])('%s is printed, and left out of the comparison: %s', (name) => {
      // Still a page size: a power of two of at least 4 KiB, whatever the machine.
      const value = printed.get(name);
      expect(value).toBeGreaterThanOrEqual(4096);
      expect(Number.isInteger(Math.log2(value!))).toBe(true);
    });

    // All three targets are little-endian; abiFor's default byte order would be the host's.
    expectSameNumbers(probe, tsTable(fb.abiFor(target.arch, 'LE')), true);
  });
}

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
