import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runChild, sourcePath } from '../support/child.js';

const dir = mkdtempSync(join(tmpdir(), 'fbkit-fifo-device-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("FIFOs as --device, as a geometry and as shot's output are refused, never opened", () => {
  it('for devmem, info and shot: exit code 2, one line each', async () => {
    const fifos = join(dir, 'fifos');
    mkdirSync(fifos);
    // In a child with a timeout: should the checks regress, the child blocks, not the suite.
    const r = await runChild(
      `
      import { mkfifo } from ${JSON.stringify(sourcePath('src/sys/libc.ts'))};
      import { runCli } from ${JSON.stringify(sourcePath('test/support/cli-capture.ts'))};
      const dir = ${JSON.stringify(fifos)};
      for (const name of ['dev', 'geometry.json']) mkfifo(dir + '/' + name);
      const results = [];
      for (const argv of [
        ['devmem', '0x0', '--device', dir + '/dev'],
        ['info', '--device', dir + '/dev'],
        ['shot', '-', '--device', dir + '/dev'],
        ['shot', '-', '--device', 'file:' + dir + '/dev?geometry=vfb'],
        ['info', '--device', 'file:' + dir + '/x.raw?geometry=' + dir + '/geometry.json'],
        ['shot', dir + '/dev', '--device', 'virtual:vfb'],
      ]) {
        const { code, stderr } = await runCli(...argv);
        results.push([code, stderr]);
      }
      console.log(JSON.stringify(results));
    `,
      [],
      15_000,
    );
    expect([r.code, r.signal], r.stderr).toEqual([0, null]);
    const device = `${fifos}/dev`;
    expect(JSON.parse(r.stdout)).toEqual([
      [2, expect.stringMatching(new RegExp(`^fbkit: devmem: ${device} is a FIFO, not a device or a regular file \\(hint: [^\\n]+\\)\\n$`))],
      [
        2,
        expect.stringMatching(
          new RegExp(`^fbkit: --device '${device}': ${device} is a FIFO, not a framebuffer device \\(hint: [^\\n]+\\)\\n$`),
        ),
      ],
      [2, expect.stringContaining(`${device} is a FIFO, not a framebuffer device`)],
      [2, expect.stringContaining(`${device} is a FIFO, not a regular file`)],
      [2, expect.stringContaining(`geometry ${fifos}/geometry.json is a FIFO, not a regular file`)],
      [2, `fbkit: cannot write ${device}: it is a FIFO (hint: name a file to create or replace)\n`],
    ]);
  });
});
