/**
 * fbkit input: what can be checked without input devices (this machine has no
 * /dev/input; the VM suite's pc-input machine runs list, watch and the rest on real ones).
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-capture.js';

describe('fbkit input', () => {
  it.skipIf(existsSync('/dev/input'))('list says there are no devices, and --json is an empty array', async () => {
    expect(await runCli('input', 'list')).toMatchObject({ code: 0, stderr: '' });
    expect(String((await runCli('input', 'list')).stdout)).toBe('no input devices in /dev/input\n');
    expect(String((await runCli('input', 'list', '--json')).stdout)).toBe('[]\n');
  });

  it('refuses a rotation that is not a quarter turn, and a singular matrix, as usage errors', async () => {
    const rotate = await runCli('input', 'watch', '--rotate', '45');
    expect(rotate.code).toBe(2);
    expect(rotate.stderr).toBe("fbkit: --rotate '45' is not a rotation (hint: use 0, 90, 180, 270 (degrees clockwise))\n");
    const matrix = await runCli('input', 'watch', '--matrix', '1 2 0 2 4 0');
    expect(matrix.code).toBe(2);
    expect(matrix.stderr).toMatch(/^fbkit: --matrix \[1 2 0 2 4 0\] is singular .*\(hint: run `fbkit input calibrate` again/);
    expect((await runCli('input', 'watch', '--matrix', '1 0 0')).stderr).toMatch(/6 finite numbers/);
    expect((await runCli('input', 'watch', '--count', '0')).code).toBe(2);
  });

  it('a device that does not exist is a system failure with a hint', async () => {
    const r = await runCli('input', 'watch', '--device', '/nonexistent/event0', '--display', 'virtual:bochs-drm');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'fbkit: open /nonexistent/event0 failed: ENOENT (no such file or directory) (hint: /nonexistent/event0 does not exist)\n',
    );
  });
});
