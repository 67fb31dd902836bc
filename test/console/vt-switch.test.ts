/**
 * Process-controlled VT switching: a fake kernel plays VT_SETMODE/VT_RELDISP/VT_GETSTATE
 * and "sends" the signal by emitting it on `process` (synchronously, so each step can be
 * checked); the child-process test at the end sends real signals.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { KD_MODE, VT_ACKACQ, VT_MODE, type VtMode } from '../../src/sys/linux-kd.js';
import { Console } from '../../src/console/console.js';
import type { ConsoleDevice } from '../../src/console/tty.js';
import { Framebuffer } from '../../src/display/framebuffer.js';
import { KmsDriver } from '../../src/display/kms/kms-driver.js';
import { Frames } from '../../src/present/frames.js';
import { sourcePath } from '../support/child.js';
import { FakeKmsCard } from '../support/fake-kms-card.js';

const dir = mkdtempSync(join(tmpdir(), 'fbkit-vt-switch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const signalName = (n: number): NodeJS.Signals => Object.entries(constants.signals).find(([, v]) => v === n)![0] as NodeJS.Signals;

/** A VT and the kernel's switching logic, as far as vt_ioctl.c goes for one VT. */
function fakeKernel(original: VtMode = { mode: VT_MODE.AUTO, waitv: 0, relsig: 0, acqsig: 0, frsig: 0 }) {
  const log: string[] = [];
  const k = {
    log,
    kdMode: KD_MODE.TEXT as number,
    vtMode: { ...original },
    foreground: true,
    /** A switch away the kernel is waiting for us to answer. */
    pendingAway: false,
    device: undefined as unknown as ConsoleDevice,
    /** Ctrl-Alt-F2: in VT_PROCESS mode the kernel asks; in VT_AUTO it just switches. */
    switchAway(): void {
      if (k.vtMode.mode !== VT_MODE.PROCESS) return void (k.foreground = false);
      k.pendingAway = true;
      process.emit(signalName(k.vtMode.relsig), signalName(k.vtMode.relsig));
    },
    /** Ctrl-Alt-F1: our VT is on screen again, then the acquire signal. */
    switchBack(): void {
      k.foreground = true;
      if (k.vtMode.mode === VT_MODE.PROCESS) process.emit(signalName(k.vtMode.acqsig), signalName(k.vtMode.acqsig));
    },
  };
  k.device = {
    path: '/dev/fake-tty1',
    getMode: () => k.kdMode,
    setMode: (m) => void (k.kdMode = m),
    write: () => {},
    close: () => log.push('close'),
    vt: {
      getMode: () => ({ ...k.vtMode }),
      setMode: (m) => {
        k.vtMode = { ...m };
        log.push(`vt_mode ${JSON.stringify(m)}`);
      },
      releaseDisplay: (arg) => {
        log.push(`reldisp ${arg}`);
        if (k.vtMode.mode !== VT_MODE.PROCESS) throw new Error('EINVAL: not VT_PROCESS');
        if (!k.pendingAway) {
          if (arg !== VT_ACKACQ) throw new Error('EINVAL: no switch pending');
          return;
        }
        k.pendingAway = false;
        // Any answer but 0 lets the pending switch happen, VT_ACKACQ included.
        if (arg !== 0) k.foreground = false;
      },
      isForeground: () => k.foreground,
    },
  };
  return k;
}

const RED = 0xffff0000;
const BLUE = 0xff0000ff;
const TEXT_BG = 0xff000000;

/** A kiosk: a virtual screen, the console taken on a fake VT, frames that follow it. */
function kiosk(k = fakeKernel()) {
  const fb = Framebuffer.virtual({ xres: 32, yres: 16, bits_per_pixel: 32 });
  const warnings: string[] = [];
  const con = Console.take({ device: k.device, hideCursor: false, warn: (m) => warnings.push(m) });
  const frames = Frames.attach(fb, { console: con, flip: 'copy' });
  const events: string[] = [];
  con.on('release', () => events.push(`release, screen ${fb.surface.getPixel(0, 0).toString(16)}`));
  con.on('acquire', () => events.push('acquire'));
  return { k, fb, con, frames, events, warnings };
}

describe('VT switching with a fake kernel', () => {
  it('take: VT_PROCESS with SIGUSR2 for release and acquire; restore puts back the original vt_mode once and stops listening', () => {
    const original = { mode: VT_MODE.AUTO, waitv: 1, relsig: 0, acqsig: 0, frsig: 0 };
    const k = fakeKernel(original);
    const listeners = process.listenerCount('SIGUSR2');
    const con = Console.take({ device: k.device, hideCursor: false });
    expect(k.vtMode).toEqual({
      mode: VT_MODE.PROCESS,
      waitv: 0,
      relsig: constants.signals.SIGUSR2,
      acqsig: constants.signals.SIGUSR2,
      frsig: 0,
    });
    expect(process.listenerCount('SIGUSR2')).toBe(listeners + 1);
    con.close();
    con.restore();
    expect(k.vtMode).toEqual(original);
    expect(k.kdMode).toBe(KD_MODE.TEXT);
    expect(k.log.filter((l) => l.startsWith('vt_mode'))).toHaveLength(2);
    expect(process.listenerCount('SIGUSR2')).toBe(listeners);
  });

  it('release stops presents (the device keeps what the other VT drew); acquire repaints all of back', () => {
    const { k, fb, con, frames, events } = kiosk();
    frames.back.clear(RED);
    frames.damageAll();
    frames.presentNow();
    expect(fb.surface.getPixel(0, 0)).toBe(RED);

    k.switchAway();
    expect(con.active).toBe(false);
    expect(k.foreground).toBe(false); // we answered VT_RELDISP 1
    expect(events).toEqual([`release, screen ${RED.toString(16)}`]); // told before the VT was handed over
    fb.surface.clear(TEXT_BG); // tty2's text console draws
    frames.back.fillRect({ x: 0, y: 0, w: 4, h: 4 }, BLUE);
    frames.damage({ x: 0, y: 0, w: 4, h: 4 });
    expect(frames.presentNow()).toBe(0);
    expect(fb.surface.getPixel(0, 0)).toBe(TEXT_BG);
    expect(fb.surface.getPixel(20, 10)).toBe(TEXT_BG);

    k.kdMode = KD_MODE.TEXT; // as if something had reset our VT's mode meanwhile
    k.switchBack();
    expect(con.active).toBe(true);
    expect(k.log).toContain(`reldisp ${VT_ACKACQ}`);
    expect(k.kdMode).toBe(KD_MODE.GRAPHICS);
    expect(events.at(-1)).toBe('acquire');
    expect(fb.surface.getPixel(0, 0)).toBe(BLUE);
    expect(fb.surface.getPixel(20, 10)).toBe(RED); // not damaged since, repainted anyway
    con.close();
  });

  it('a stray signal while on screen is refused by the kernel: still active, and repainted', () => {
    const { k, fb, con, frames, events } = kiosk();
    frames.back.clear(RED);
    fb.surface.clear(TEXT_BG);
    process.emit('SIGUSR2', 'SIGUSR2');
    expect(con.active).toBe(true);
    expect(k.foreground).toBe(true);
    expect(events).toEqual([expect.stringMatching(/^release/), 'acquire']);
    expect(fb.surface.getPixel(5, 5)).toBe(RED);
    con.close();
  });

  it('a stray signal while another VT is on screen changes nothing', () => {
    const { k, con, events } = kiosk();
    k.switchAway();
    process.emit('SIGUSR2', 'SIGUSR2');
    expect(con.active).toBe(false);
    expect(events).toEqual([expect.stringMatching(/^release/)]);
    con.close();
  });

  it('back and away again before the signal is handled (one merged signal): stays released', () => {
    const { k, con, frames, events } = kiosk();
    k.switchAway();
    k.foreground = true; // back on our VT...
    k.pendingAway = true; // ...and already asked to leave again; both signals merged into one
    process.emit('SIGUSR2', 'SIGUSR2');
    expect(k.foreground).toBe(false);
    expect(con.active).toBe(false);
    expect(events).toEqual([expect.stringMatching(/^release/)]);
    frames.damageAll();
    expect(frames.presentNow()).toBe(0);
    con.close();
  });

  it('restore while released still puts back the original mode; frames detach on close', () => {
    const { k, con, frames, events } = kiosk();
    k.switchAway();
    frames.close();
    con.close();
    expect(k.vtMode.mode).toBe(VT_MODE.AUTO);
    expect(k.kdMode).toBe(KD_MODE.TEXT);
    k.switchBack(); // VT_AUTO again: no signal, nobody repaints
    expect(events).toEqual([expect.stringMatching(/^release/)]);
  });

  it('vtSwitching: false leaves the switching mode alone', () => {
    const k = fakeKernel();
    const con = Console.take({ device: k.device, vtSwitching: false, hideCursor: false });
    expect(k.vtMode.mode).toBe(VT_MODE.AUTO);
    expect(con.active).toBe(true);
    con.close();
    expect(k.log.filter((l) => l.startsWith('vt_mode'))).toEqual([]);
  });

  it('a VT another process already controls is left to it, with a warning', () => {
    const held = { mode: VT_MODE.PROCESS, waitv: 0, relsig: 10, acqsig: 10, frsig: 0 };
    const k = fakeKernel(held);
    const warnings: string[] = [];
    const con = Console.take({ device: k.device, hideCursor: false, warn: (m) => warnings.push(m) });
    expect(con.taken).toBe(true);
    expect(k.vtMode).toEqual(held);
    expect(warnings).toEqual([expect.stringMatching(/VT switches stay automatic.*another process controls switching/)]);
    con.close();
    expect(k.vtMode).toEqual(held);
  });
});

describe('VT switching on KMS (a fake card)', () => {
  /** A KMS kiosk: the console taken for a fake card's output, frames that follow it. */
  function kmsKiosk() {
    const k = fakeKernel();
    const card = new FakeKmsCard();
    const fb = Framebuffer.fromDriver(KmsDriver.onCard(card));
    const warnings: string[] = [];
    const con = Console.takeFor(fb, { device: k.device, hideCursor: false, warn: (m) => warnings.push(m) });
    const frames = Frames.attach(fb, { console: con, initial: 'blank' });
    const events: string[] = [];
    con.on('release', () => events.push(`release, master ${card.master}`));
    con.on('acquire', () => events.push(`acquire, master ${card.master}`));
    /** The color at the top-left of what the CRTC scans out, once the flip in flight has landed. */
    const shown = (): number => {
      card.readEvents(1);
      return new Uint32Array(card.scanout(31).buffer)[0]! & 0xffffff;
    };
    const close = (): void => {
      frames.close();
      con.close();
      fb.close();
    };
    return { k, card, fb, con, frames, events, warnings, shown, close };
  }

  it('drops master before the VT is handed over; takes it back before the repaint', () => {
    const { k, frames, events, shown, close } = kmsKiosk();
    frames.back.clear(RED);
    frames.damageAll();
    frames.presentNow();
    k.switchAway();
    expect(events).toEqual(['release, master false']);
    frames.back.clear(BLUE);
    frames.damageAll();
    expect(frames.presentNow()).toBe(0);
    expect(shown()).toBe(RED & 0xffffff);
    k.switchBack();
    expect(events.at(-1)).toBe('acquire, master true');
    expect(shown()).toBe(BLUE & 0xffffff);
    close();
  });

  it('our VT back while another program holds master: inactive, retried every 500 ms, repainted once master is free', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const { k, card, con, frames, events, warnings, shown, close } = kmsKiosk();
      frames.back.clear(RED);
      frames.damageAll();
      frames.presentNow();
      k.switchAway();
      card.masterElsewhere = true; // a compositor started on the other VT keeps master
      frames.back.clear(BLUE);
      frames.damageAll();
      k.switchBack();
      expect(con.active).toBe(false);
      expect(frames.presentNow()).toBe(0); // no PAGE_FLIP without master (it would fail with EACCES)
      expect(events).toEqual(['release, master false']);
      expect(warnings).toEqual([
        expect.stringMatching(
          /^our VT is back, but not the display \(trying again every 500 ms\): cannot become DRM master of \S+ \(EBUSY\)/,
        ),
      ]);
      vi.advanceTimersByTime(1000);
      expect(events).toHaveLength(1);
      expect(warnings).toHaveLength(1); // said once, not per retry

      card.masterElsewhere = false;
      vi.advanceTimersByTime(500);
      expect(events.at(-1)).toBe('acquire, master true');
      expect(con.active).toBe(true);
      expect(shown()).toBe(BLUE & 0xffffff);
      vi.advanceTimersByTime(2000);
      expect(events).toHaveLength(2); // the retries stopped
      close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('switched away again while waiting for master: stops retrying and gives up nothing it does not hold', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const { k, card, con, events, warnings, close } = kmsKiosk();
      k.switchAway();
      card.masterElsewhere = true;
      k.switchBack();
      k.switchAway();
      expect(events).toEqual(['release, master false', 'release, master false']);
      expect(card.count('dropMaster')).toBe(1);
      card.masterElsewhere = false;
      vi.advanceTimersByTime(2000);
      expect(card.master).toBe(false); // no retry took master while another VT is on screen
      expect(con.active).toBe(false);
      expect(warnings).toHaveLength(1);
      close();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('VT switching with real signals (child process)', () => {
  it('SIGUSR2 releases and reacquires; SIGTERM restores the vt_mode', async () => {
    // The fake kernel's state lives in a file the test writes before each signal.
    const state = join(dir, 'kernel-state');
    writeFileSync(state, 'shown');
    const script = `
      import { readFileSync, writeFileSync } from 'node:fs';
      import { Console } from ${JSON.stringify(sourcePath('src/console/console.ts'))};
      import { Framebuffer } from ${JSON.stringify(sourcePath('src/display/framebuffer.ts'))};
      import { Frames } from ${JSON.stringify(sourcePath('src/present/frames.ts'))};
      const kernel = () => readFileSync(${JSON.stringify(state)}, 'utf8');
      const say = (s) => process.stdout.write(s + '\\n');
      const vt = {
        getMode: () => ({ mode: 0, waitv: 0, relsig: 0, acqsig: 0, frsig: 0 }),
        setMode: (m) => say('vt_mode ' + m.mode + ' ' + m.relsig + ' ' + m.acqsig),
        releaseDisplay: (arg) => {
          if (kernel() === 'leaving' && arg === 1) writeFileSync(${JSON.stringify(state)}, 'away');
          else if (arg !== 2) throw new Error('EINVAL');
          say('reldisp ' + arg);
        },
        isForeground: () => kernel() !== 'away',
      };
      let mode = 0;
      const device = { path: '/dev/fake-tty1', getMode: () => mode, setMode: (m) => { mode = m; }, write: () => {}, close: () => {}, vt };
      const fb = Framebuffer.virtual({ xres: 8, yres: 8, bits_per_pixel: 32 });
      const con = Console.take({ device });
      const frames = Frames.attach(fb, { console: con, flip: 'copy' });
      con.on('release', () => { frames.damageAll(); say('release, present ' + frames.presentNow()); });
      con.on('acquire', () => say('acquire, active ' + con.active + ', pending ' + frames.pending.length));
      setInterval(() => {}, 1000);
      say('ready');
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const waiters = new Set<() => void>();
    child.stdout.on('data', (d) => {
      out += d;
      for (const wake of waiters) wake();
    });
    child.stderr.on('data', (d) => (err += d));
    const lineArrives = (text: string): Promise<void> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${text}" from the child; stdout: ${out}; stderr: ${err}`)), 15_000);
        const check = (): void => {
          if (!out.includes(text)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );

    await lineArrives('ready');
    writeFileSync(state, 'leaving');
    child.kill('SIGUSR2');
    // Switch back only once the switch away has been answered, as the kernel would.
    await lineArrives('reldisp 1');
    writeFileSync(state, 'shown');
    child.kill('SIGUSR2');
    // The repaint ran inside the acquire event's turn: nothing left pending.
    await lineArrives('acquire, active true, pending 0');
    child.kill('SIGTERM');
    expect(await exited).toEqual({ code: null, signal: 'SIGTERM' });
    const usr2 = constants.signals.SIGUSR2;
    expect(out.trim().split('\n')).toEqual([
      `vt_mode 1 ${usr2} ${usr2}`,
      'ready',
      'release, present 0',
      'reldisp 1',
      'reldisp 2',
      'acquire, active true, pending 0',
      'vt_mode 0 0 0',
    ]);
  });
});
