/**
 * A kiosk whose driver never signals a retrace must still be able to exit. Each case runs
 * a small program in a child: Frames over a framebuffer whose vsync wait blocks in the
 * kernel for ever (a read() of a FIFO no one writes, the stand-in of test/support/silent-fifo.ts),
 * one present() that times out waiting, then the end of the program.
 *   - through the helper process (sys/blocking-call.ts, what KernelDriver uses): the
 *     process exits by itself at once, and takes the blocked helper with it;
 *   - through koffi's .async on libuv's thread pool (what fbkit did before): the pending
 *     request keeps the process alive until it is killed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runChild, sourcePath } from '../support/child.js';
import { waitUntilGone } from '../support/silent-fifo.js';

const dir = mkdtempSync(join(tmpdir(), 'fbkit-vsync-exit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const src = (path: string) => JSON.stringify(sourcePath(path));

/** How the child's driver waits for vsync: JavaScript that sets driver.prepareVsync / driver.waitForVsync. */
const THROUGH_HELPER = `
  const { BlockingCallHelper } = await import(${src('src/sys/blocking-call.ts')});
  const { waitForVsync } = await import(${src('src/sys/fb-ioctl.ts')});
  const helper = new BlockingCallHelper(fifo.fd, READ_WORD, 'a retrace that never comes');
  driver.prepareVsync = () => helper.start();
  driver.waitForVsync = (crtc) => waitForVsync(helper, crtc);
  pid = () => helper.pid;
`;
const THROUGH_THREAD_POOL = `
  const { koffi, nativeLocation } = await import(${src('src/sys/libc.ts')});
  const read = koffi().load(nativeLocation().libc).func(READ_WORD.prototype);
  driver.waitForVsync = () => new Promise((resolve) => read.async(fifo.fd, new Uint8Array(4), 4, () => resolve({ ok: true })));
`;

function program(name: string, waiting: string, ending = ''): string {
  return `
    const { Framebuffer } = await import(${src('src/display/framebuffer.ts')});
    const { VirtualDriver } = await import(${src('src/display/virtual/virtual-driver.ts')});
    const { screeninfoFromGeometry } = await import(${src('src/display/geometry.ts')});
    const { Frames } = await import(${src('src/present/frames.ts')});
    const { READ_WORD, silentFifo } = await import(${src('test/support/silent-fifo.ts')});
    const fifo = silentFifo(${JSON.stringify(dir)}, ${JSON.stringify(name)});
    const driver = new VirtualDriver('virtual:no-retrace', screeninfoFromGeometry({ xres: 16, yres: 8, bits_per_pixel: 32 }));
    let pid = () => undefined;
    ${waiting}
    const frames = Frames.attach(Framebuffer.fromDriver(driver), { vsync: { timeoutMs: 50 } });
    frames.back.fillRect({ x: 0, y: 0, w: 4, h: 4 }, 0xffff0000);
    frames.damage({ x: 0, y: 0, w: 4, h: 4 });
    const result = await frames.present();
    console.log(JSON.stringify({ result, helper: pid(), ended: Date.now() }));
    ${ending}
  `;
}

describe('a vsync wait that never returns', () => {
  it('through the helper process: the program ends, the process exits at once and kills the blocked helper', async () => {
    const r = await runChild(program('helper', THROUGH_HELPER), [], 30_000);
    const exitedAt = Date.now();
    expect(r.stderr).toBe('');
    expect(r).toMatchObject({ code: 0, signal: null });
    const out = JSON.parse(r.stdout);
    expect(out.result).toEqual({ pixels: 16, synced: false }); // presented after the timed-out wait
    // Exit follows the end of the program by the time node takes to shut down, not seconds.
    expect(exitedAt - out.ended).toBeLessThan(5000);
    expect(await waitUntilGone(out.helper)).toBe(true);
  });

  it('through the helper process: a parent killed outright takes the helper with it (PR_SET_PDEATHSIG)', async () => {
    const r = await runChild(program('killed', THROUGH_HELPER, "process.kill(process.pid, 'SIGKILL');"), [], 30_000);
    expect(r.signal).toBe('SIGKILL');
    expect(await waitUntilGone(JSON.parse(r.stdout).helper)).toBe(true);
  });

  it("through libuv's thread pool (fbkit before): the process never exits, and is killed after 8 s", async () => {
    const r = await runChild(program('thread-pool', THROUGH_THREAD_POOL), [], 8000);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).result).toEqual({ pixels: 16, synced: false }); // the program did end...
    expect(r.signal).toBe('SIGTERM'); // ...but the process did not
  });
});
