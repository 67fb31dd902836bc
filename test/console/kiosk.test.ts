/** examples/kiosk-clock: Ctrl-C (SIGINT) ends it cleanly after it has drawn the board. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { Framebuffer } from '../../src/display/framebuffer.js';
import { sourcePath } from '../support/child.js';

const dir = mkdtempSync(join(tmpdir(), 'fbkit-kiosk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('kiosk-clock draws the board and exits 0 on SIGINT', async () => {
  const raw = join(dir, 'fb.raw');
  const p = spawn(
    process.execPath,
    ['--import', 'tsx', sourcePath('examples/kiosk-clock/main.ts'), '--device', `file:${raw}?geometry=bochs-drm`, '--no-console'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  p.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<[number | null, string | null]>((r) => p.on('exit', (code, signal) => r([code, signal])));
  const drawn = (): boolean => {
    if (!existsSync(`${raw}.json`)) return false;
    const fb = Framebuffer.fromDeviceSpec(`file:${raw}`);
    try {
      // The board's background color fills the corner once the first frame is presented.
      return (fb.surface.getPixel(0, 0) & 0xffffff) === 0x101820;
    } finally {
      fb.close();
    }
  };
  const deadline = Date.now() + 20_000;
  while (!drawn()) {
    if (Date.now() > deadline) throw new Error(`no board drawn: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  p.kill('SIGINT');
  expect(await exited, stderr).toEqual([0, null]);
});
