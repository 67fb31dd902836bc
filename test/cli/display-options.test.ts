/** The KMS options of the drawing verbs: mistakes are one line, exit 2, nothing drawn. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-capture.js';
import { sourcePath } from '../support/child.js';

describe('--output, --mode and --hold', () => {
  it.each([
    ['fill', 'red', '--device', 'virtual:vfb', '--output', 'HDMI-A-1'],
    ['show', sourcePath('fixtures/images/tiny-4x4.png'), '--device', 'virtual:vfb', '--mode', '640x480'],
    ['shot', '-', '--device', 'virtual:vfb', '--output', 'Virtual-1'],
  ])('%s with a KMS option on a device that is no KMS card is a usage error', async (...argv) => {
    const r = await runCli(...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^fbkit: --output (and --mode )?chooses? among a KMS card's outputs, and virtual:vfb is not one \(hint: give --device \/dev\/dri\/cardN/,
    );
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each(['-1', 'soon', ''])('refuses --hold %j', async (hold) => {
    const r = await runCli('fill', 'red', '--device', 'virtual:vfb', '--hold', hold);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--hold '.*' is not a number of seconds >= 0/);
  });

  it('holds nothing on fbdev or a virtual framebuffer: --hold is ignored there', async () => {
    const r = await runCli('fill', 'red', '--device', 'virtual:vfb', '--hold', '30');
    expect(r).toMatchObject({ code: 0, stderr: '' });
  });

  it('refuses a DRM render node, which has no display', async () => {
    const r = await runCli('fill', 'red', '--device', '/dev/dri/renderD128');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/renderD128 is a DRM render node, which has no display \(hint: give the card node/);
  });
});
