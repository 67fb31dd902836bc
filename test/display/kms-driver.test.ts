import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Framebuffer } from '../../src/display/framebuffer.js';
import { KmsDriver } from '../../src/display/kms/kms-driver.js';
import { MasterError, masterHolder } from '../../src/display/kms/master.js';
import { edidMonitorName } from '../../src/display/kms/edid.js';
import { captureCard } from '../../src/display/kms/capture.js';
import { Frames } from '../../src/present/frames.js';
import { ArgumentError, UnsupportedError } from '../../src/errors.js';
import { SysError } from '../../src/sys/sys-error.js';
import { catchError } from '../support/catch-error.js';
import { FakeKmsCard } from '../support/fake-kms-card.js';

const open = (card: FakeKmsCard, opts = {}) => Framebuffer.fromDriver(KmsDriver.onCard(card, opts));

/** Nothing of ours is left on the card, and the CRTC is as it was. */
function expectUntouched(card: FakeKmsCard): void {
  expect(card.fbs.size).toBe(0);
  expect(card.buffers.size).toBe(0);
  expect(card.crtcs.get(31)).toMatchObject({ fb_id: 99, mode_valid: 1 });
  expect(card.closed).toBe(true);
}

describe('KMS through Framebuffer', () => {
  it('shows a two-page buffer on the first connected output in its preferred mode', () => {
    const card = new FakeKmsCard();
    const fb = open(card);
    expect(fb.backend).toBe('kms');
    expect(fb.info.id).toBe('fake-kms');
    expect(fb.info).toMatchObject({ width: 1024, height: 768, virtualHeight: 1536, stride: 4096, bitsPerPixel: 32, access: 'mmap' });
    expect(fb.info.format.name).toMatch(/XRGB8888|BGRA|B8G8R8X8|x8r8g8b8/i);
    const set = card.calls.find((c) => c.method === 'setCrtc')!.args[0] as { crtcId: number; connectors: number[]; mode: { name: string } };
    expect(set).toMatchObject({ crtcId: 31, connectors: [41], mode: { name: '1024x768' } });
    const [page0, page1] = [...card.fbs.values()];
    expect(page0!.handle).not.toBe(page1!.handle); // a buffer each: some drivers ignore ADDFB2 offsets
    expect(card.calls.find((c) => c.method === 'mapDumbs')!.args[0]).toEqual([
      { handle: page0!.handle, length: 768 * 4096 },
      { handle: page1!.handle, length: 768 * 4096 },
    ]);
    fb.close();
  });

  it('draws pixels where the CRTC scans them out', () => {
    const card = new FakeKmsCard();
    const fb = open(card);
    fb.surface.fillRect({ x: 0, y: 0, w: 1024, h: 768 }, 0xff336699);
    const shown = new Uint32Array(card.scanout(31).buffer);
    expect(shown[0]).toBe(0x00336699 | (shown[0]! & 0xff000000));
    expect(shown[1024 * 768 - 1]! & 0xffffff).toBe(0x336699);
    fb.close();
  });

  it('picks the output and mode asked for, and a free CRTC for it', () => {
    const card = new FakeKmsCard({ secondConnected: true });
    const fb = open(card, { output: 'Virtual-2', mode: '640x480@60' });
    expect(fb.info).toMatchObject({ width: 640, height: 480 });
    expect(card.calls.find((c) => c.method === 'setCrtc')!.args[0]).toMatchObject({ crtcId: 32, connectors: [42] });
    fb.close();
    // CRTC 32 was off at open: it is off again.
    expect(card.crtcs.get(32)).toMatchObject({ fb_id: 0, mode_valid: 0 });
  });

  it('puts back the CRTC found at open and frees everything on close', () => {
    const card = new FakeKmsCard();
    const fb = open(card);
    fb.close();
    expectUntouched(card);
    const restore = card.calls.filter((c) => c.method === 'setCrtc').at(-1)!.args[0];
    expect(restore).toMatchObject({ crtcId: 31, fbId: 99, connectors: [41], mode: { name: '1024x768' } });
  });

  it.each([
    [{ output: 'HDMI-A-9' }, ArgumentError, /has no output 'HDMI-A-9'.*Virtual-1 \(connected\), Virtual-2 \(disconnected\)/s],
    [{ output: 'Virtual-2' }, UnsupportedError, /Virtual-2 of \/dev\/dri\/card0 is disconnected/],
    [{ mode: '1920x1080' }, ArgumentError, /no mode 1920x1080.*1024x768@60, 800x600@60/s],
    [{ mode: 'big' }, ArgumentError, /mode 'big' is not WxH/],
    [{ format: 'yuv' }, ArgumentError, /unknown KMS pixel format 'yuv'/],
  ])('refuses %o with a typed error and leaves the card as it was', (opts, type, message) => {
    const card = new FakeKmsCard();
    const err = catchError(() => open(card, opts));
    expect(err).toBeInstanceOf(type);
    expect((err as Error).message).toMatch(message);
    expect(card.count('setCrtc')).toBe(0);
    expectUntouched(card);
  });

  it('says so when no output is connected', () => {
    const card = new FakeKmsCard({ noneConnected: true });
    const err = catchError(() => open(card));
    expect(err).toBeInstanceOf(UnsupportedError);
    expect((err as UnsupportedError).code).toBe('ENOOUTPUT');
    expectUntouched(card);
  });

  it('explains a refused DRM master, before anything is allocated', () => {
    const card = new FakeKmsCard();
    card.failNext('setMaster', 'EBUSY');
    const err = catchError(() => open(card));
    expect(err).toBeInstanceOf(MasterError);
    expect((err as MasterError).message).toMatch(/cannot become DRM master of \/dev\/dri\/card0 \(EBUSY\)/);
    expect((err as MasterError).hint).toMatch(/dri\/0\/clients/);
    expect(card.count('createDumb')).toBe(0);
    expectUntouched(card);
  });

  it.each(['EINVAL', 'EBUSY'] as const)('turns SETCRTC %s into a hinted error and frees the buffers', (errno) => {
    const card = new FakeKmsCard();
    card.failNext('setCrtc', errno);
    const err = catchError(() => open(card));
    expect(err).toBeInstanceOf(SysError);
    expect((err as SysError).code).toBe(errno);
    expect((err as SysError).hint).toMatch(errno === 'EINVAL' ? /--mode/ : /in use/);
    expectUntouched(card);
  });

  it('falls back to one page when two do not fit', () => {
    const card = new FakeKmsCard();
    card.failNext('createDumb', 'ENOMEM', 1); // the second page's buffer
    const fb = open(card);
    expect(fb.info).toMatchObject({ virtualHeight: 768 });
    expect(fb.info.fix.ypanstep).toBe(0);
    const frames = Frames.attach(fb);
    expect(frames.mode).toBe('copy');
    fb.close();
  });

  it('refuses a mode change through setMode, pointing at the open option', () => {
    const card = new FakeKmsCard();
    const fb = open(card);
    const err = catchError(() => fb.setMode({ xres: 800, yres: 600 }));
    expect((err as SysError).code).toBe('EINVAL');
    expect((err as SysError).hint).toMatch(/mode 'WxH\[@Hz\]'/);
    fb.close();
  });

  it('marks flushed lines dirty on the page shown, and stops asking a driver without DIRTYFB', () => {
    const card = new FakeKmsCard();
    const fb = open(card);
    fb.flush({ x: 10, y: 20, w: 5, h: 30 });
    expect(card.dirty).toEqual([{ fbId: [...card.fbs.keys()][0], clips: [{ x1: 0, y1: 20, x2: 1024, y2: 50 }] }]);
    card.dirtyErrno = 38; // ENOSYS
    fb.flush();
    fb.flush();
    expect(card.count('dirtyFb')).toBe(2);
    fb.close();
  });

  it('copies flushed lines from a RAM shadow when asked for one', () => {
    const card = new FakeKmsCard();
    const fb = open(card, { access: 'shadow' });
    expect(fb.info.access).toBe('shadow');
    fb.surface.fillRect({ x: 0, y: 0, w: 1024, h: 768 }, 0xffffffff);
    expect(card.scanout(31)[0]).toBe(0);
    fb.flush({ x: 0, y: 0, w: 1024, h: 1 });
    expect(card.scanout(31)[0]).toBe(0xff);
    expect(card.scanout(31)[4096]).toBe(0);
    fb.close();
  });
});

describe('KMS page flips through Frames', () => {
  it('flips to the drawn page on every present, each ending in its event, the screen equal to back', async () => {
    const card = new FakeKmsCard();
    const fb = open(card);
    const frames = Frames.attach(fb, { vsync: { timeoutMs: 1000 }, initial: 'blank' });
    expect(frames.mode).toBe('flip');
    for (let i = 0; i < 6; i++) {
      const color = [0xffff0000, 0xff00ff00, 0xff0000ff][i % 3]!;
      frames.back.fillRect({ x: 0, y: 0, w: 1024, h: 768 }, color);
      frames.damageAll();
      const r = await frames.present();
      expect(r.synced).toBe(true);
      await fb.waitForVsync({ timeoutMs: 1000 });
      expect(card.flipInFlight).toBe(false);
      // Buffer.equals: toEqual walks 3 MB element by element.
      expect(Buffer.from(card.scanout(31)).equals(frames.back.bytes.subarray(0, 1024 * 768 * 4))).toBe(true);
    }
    // The trial flip at attach and one per present, each to the page not shown; and from the
    // second present on, its vsync wait found no flip pending (the test's own wait ended
    // it) and waited for the next vblank with a flip to the page already shown.
    const flips = card.calls.filter((c) => c.method === 'pageFlip').map((c) => c.args[1] as number);
    const [first, second] = [...card.fbs.keys()];
    expect(flips).toEqual([second, first, first, second, second, first, first, second, second, first, first, second]);
    frames.close();
    fb.close();
    expectUntouched(card);
  });

  it('waits for the flip in flight before the next one, instead of failing with EBUSY', () => {
    const card = new FakeKmsCard();
    const fb = open(card);
    expect(fb.pan(0, 768).ok).toBe(true);
    expect(card.flipInFlight).toBe(true);
    expect(fb.pan(0, 0).ok).toBe(true);
    expect(card.calls.filter((c) => c.method === 'readEvents').some((c) => (c.args[0] as number) > 0)).toBe(true);
    fb.close();
  });

  it('waits for a vblank with no flip pending by flipping to the page already shown', async () => {
    const card = new FakeKmsCard();
    const fb = open(card);
    const r = await fb.waitForVsync({ timeoutMs: 1000 });
    expect(r.ok).toBe(true);
    const flip = card.calls.find((c) => c.method === 'pageFlip')!;
    expect(flip.args[1]).toBe([...card.fbs.keys()][0]);
    fb.close();
  });
});

describe('two outputs of one card, in one process', () => {
  it('flip at once, each present ending in its own event, though either may read both events', async () => {
    const card = new FakeKmsCard({ secondConnected: true }).share();
    const heads = [open(card, { output: 'Virtual-1' }), open(card, { output: 'Virtual-2' })];
    const frames = heads.map((fb) => Frames.attach(fb, { vsync: { timeoutMs: 500 }, initial: 'blank' }));
    for (let n = 0; n < 3; n++) {
      for (const f of frames) {
        f.back.fillRect({ x: 0, y: 0, w: f.back.width, h: f.back.height }, 0xff000000 + n);
        f.damageAll();
      }
      await Promise.all(frames.map((f) => f.present()));
      // Both flips are in flight; the first wait to poll reads both events.
      const waits = await Promise.all(heads.map((fb) => fb.waitForVsync({ timeoutMs: 500 })));
      expect(waits.map((w) => w.ok)).toEqual([true, true]);
      expect(card.flipInFlight).toBe(false);
    }
    for (const f of frames) f.close();
    for (const fb of heads) fb.close();
    expect(card.closed).toBe(true);
  });
});

describe('KMS and VT switching', () => {
  it('drops master on release and takes it back, showing its page again, on acquire', () => {
    const card = new FakeKmsCard();
    const fb = open(card);
    fb.releaseDisplay();
    expect(card.master).toBe(false);
    card.crtcs.set(31, { ...card.crtcs.get(31)!, fb_id: 99 }); // the other VT's owner showed something else
    card.setMaster(); // (the fake needs master to let the test change the CRTC)
    card.dropMaster();
    fb.acquireDisplay();
    expect(card.master).toBe(true);
    expect(card.crtcs.get(31)!.fb_id).toBe([...card.fbs.keys()][0]);
    fb.close();
  });
});

describe('capturing what a CRTC shows', () => {
  it("copies the buffer another program shows, through GETFB2 and MAP_DUMB, at the page's offset", () => {
    const card = new FakeKmsCard();
    const fb = open(card);
    const frames = Frames.attach(fb, { initial: 'blank' });
    frames.back.fillRect({ x: 0, y: 0, w: 1024, h: 768 }, 0xff123456);
    frames.damageAll();
    frames.presentNow(); // on the first page
    card.readEvents(1); // the flip's vblank
    frames.back.fillRect({ x: 5, y: 700, w: 1, h: 1 }, 0xffabcdef);
    frames.damage({ x: 5, y: 700, w: 1, h: 1 });
    frames.presentNow(); // on the second page, at offset pitch * 768
    card.readEvents(1);
    expect(card.crtcs.get(31)!.fb_id).toBe([...card.fbs.keys()][1]);
    const shot = captureCard(card);
    expect(shot.output.name).toBe('Virtual-1');
    expect(shot.surface.getPixel(0, 0)).toBe(0xff123456);
    expect(shot.surface.getPixel(5, 700)).toBe(0xffabcdef);
    expect(card.count('gemClose')).toBe(1);
    fb.close();
  });

  it('falls back to GETFB on kernels without GETFB2', () => {
    const card = new FakeKmsCard();
    const fb = open(card);
    fb.surface.fillRect({ x: 0, y: 0, w: 1024, h: 768 }, 0xff00ff00);
    card.noGetFb2 = true;
    expect(captureCard(card).surface.getPixel(1023, 767)).toBe(0xff00ff00);
    fb.close();
  });

  it('says why when the kernel hands out no buffer handle (not root)', () => {
    const card = new FakeKmsCard();
    const fb = open(card);
    card.hideHandles = true;
    const err = catchError(() => captureCard(card));
    expect((err as Error).message).toMatch(/only root or the DRM master may map another program's framebuffer/);
    fb.close();
  });
});

describe('DRM master holder from debugfs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fbkit-dri-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the client marked master', () => {
    mkdirSync(join(dir, '0'));
    writeFileSync(
      join(dir, '0', 'clients'),
      '             command   tgid dev master a   uid      magic\n' +
        '             systemd-logind    401   0   n    y     0          0\n' +
        '                Xorg    812   0   y    y     0          0\n',
    );
    expect(masterHolder('0', dir)).toBe('Xorg (pid 812)');
  });

  it("reads Linux 6.1's table, whose column is 'pid'", () => {
    mkdirSync(join(dir, '1'));
    writeFileSync(
      join(dir, '1', 'clients'),
      '             command   pid dev master a   uid      magic\n                node   128   0   y    y     0          0\n',
    );
    expect(masterHolder('1', dir)).toBe('node (pid 128)');
  });

  it('knows nothing where debugfs cannot be read', () => {
    expect(masterHolder('7', dir)).toBeUndefined();
  });
});

describe('EDID monitor name', () => {
  it('reads the 0xFC descriptor', () => {
    const edid = new Uint8Array(128);
    edid.set([0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00]);
    edid.set([0, 0, 0, 0xfc, 0, ...new TextEncoder().encode('QEMU Monitor\n')], 72);
    expect(edidMonitorName(edid)).toBe('QEMU Monitor');
  });

  it('has none without the EDID header', () => {
    expect(edidMonitorName(new Uint8Array(128))).toBeUndefined();
  });
});
