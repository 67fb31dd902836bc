import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { runChild, sourcePath } from '../support/child.js';

const dir = mkdtempSync(join(tmpdir(), 'fbkit-devmem-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
/** A 0x2000-byte file; bytes 0x100.. hold 0x00, 0x11, 0x22 ... (i * 0x11) & 0xff. */
function registerFile(): string {
  const path = join(dir, `dev-${n++}.bin`);
  const bytes = new Uint8Array(0x2000);
  for (let i = 0; i < 0x100; i++) bytes[0x100 + i] = (i * 0x11) & 0xff;
  writeFileSync(path, bytes);
  return path;
}

async function devmem(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    stdout: { write: (s: string | Uint8Array) => out.push(String(s)) },
    stderr: { write: (s: string | Uint8Array) => err.push(String(s)) },
  };
  const code = await run(['devmem', ...args], io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('fbkit devmem: reads', () => {
  it('prints 0x and zero-padded uppercase hex of each width, default 32', async () => {
    const f = registerFile();
    expect(await devmem('0x100', '8', '--device', f)).toEqual({ code: 0, stdout: '0x00\n', stderr: '' });
    expect((await devmem('0x102', '16', '--device', f)).stdout).toBe('0x3322\n');
    expect((await devmem('0x104', '32', '--device', f)).stdout).toBe('0x77665544\n');
    expect((await devmem('0x108', '64', '--device', f)).stdout).toBe('0xFFEEDDCCBBAA9988\n');
    expect((await devmem('0x104', '--device', f)).stdout).toBe('0x77665544\n');
    expect((await devmem('0x0', '--device', f)).stdout).toBe('0x00000000\n');
  });

  it('takes b/h/w/l in either case, as busybox does', async () => {
    const f = registerFile();
    expect((await devmem('0x101', 'b', '--device', f)).stdout).toBe('0x11\n');
    expect((await devmem('0x102', 'H', '--device', f)).stdout).toBe('0x3322\n');
    expect((await devmem('0x104', 'w', '--device', f)).stdout).toBe('0x77665544\n');
    expect((await devmem('0x108', 'l', '--device', f)).stdout).toBe('0xFFEEDDCCBBAA9988\n'); // a C long on x86-64/arm64
  });

  it('reads ADDRESS as hex, octal or decimal', async () => {
    const f = registerFile();
    for (const address of ['0x104', '0X104', '0404', '260']) {
      expect((await devmem(address, '32', '--device', f)).stdout, address).toBe('0x77665544\n');
    }
  });

  it('prints JSON on request', async () => {
    const f = registerFile();
    const { stdout } = await devmem('0x104', 'w', '--device', f, '--json');
    expect(JSON.parse(stdout)).toEqual({ device: f, address: '0x104', width: 32, value: '0x77665544' });
  });
});

describe('fbkit devmem: writes', () => {
  it('writes exactly the width, prints nothing, and reads back', async () => {
    const f = registerFile();
    expect(await devmem('0x200', '32', '0x12345678', '--device', f)).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await devmem('0x206', 'h', '0177777', '--device', f)).toEqual({ code: 0, stdout: '', stderr: '' }); // octal
    expect((await devmem('0x208', '8', '171', '--device', f)).code).toBe(0); // decimal 0xab
    expect((await devmem('0x210', '64', '0xFEDCBA9876543210', '--device', f)).code).toBe(0);
    const bytes = [...readFileSync(f).subarray(0x200, 0x218)];
    expect(bytes).toEqual([
      0x78, 0x56, 0x34, 0x12, 0, 0, 0xff, 0xff, 0xab, 0, 0, 0, 0, 0, 0, 0, 0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe,
    ]);
    expect((await devmem('0x210', 'l', '--device', f)).stdout).toBe('0xFEDCBA9876543210\n');
  });
});

describe('fbkit devmem: bad input is one line, exit code 2, nothing written', () => {
  const cases: [string, string[], RegExp][] = [
    ['empty hex', ['0x', '32', '1'], /ADDRESS '0x' is not a number/],
    ['8 is not octal', ['08', '32', '1'], /ADDRESS '08' is not a number/],
    ['signed', ['-4', '32', '1'], /ADDRESS '-4' is not a number/],
    ['leading space', [' 4', '32', '1'], /is not a number/],
    ['suffix', ['4k', '32', '1'], /ADDRESS '4k' is not a number/],
    ['past 64 bits', ['0x10000000000000000', '32', '1'], /does not fit in 64 bits/],
    ['width 12', ['0x200', '12', '1'], /bad WIDTH '12'/],
    ['width letter q', ['0x200', 'q', '1'], /bad WIDTH 'q'/],
    ['width w2', ['0x200', 'w2', '1'], /bad WIDTH 'w2'/],
    ['width hex', ['0x200', '0x20', '1'], /bad WIDTH '0x20'/],
    ['value too wide', ['0x200', '8', '0x100'], /VALUE 0x100 does not fit in 8 bits \(largest 0xFF\)/],
    ['value 16 bits', ['0x200', '16', '65536'], /does not fit in 16 bits/],
    ['negative value', ['0x200', '32', '-1'], /VALUE '-1' is not a number/],
    ['value 65 bits', ['0x200', '64', '0x1FFFFFFFFFFFFFFFF'], /VALUE '0x1FFFFFFFFFFFFFFFF' does not fit in 64 bits/],
    ['misaligned', ['0x202', '32', '1'], /ADDRESS 0x202 is not aligned to the 32-bit width: use a multiple of 4/],
    ['past the file', ['0x2000', '32', '1'], /ends past the end of .* \(.*grow/],
  ];
  for (const [name, args, message] of cases) {
    it(name, async () => {
      const f = registerFile();
      const before = readFileSync(f);
      const r = await devmem(...args, '--device', f);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(readFileSync(f).equals(before)).toBe(true);
    });
  }

  it('an empty --device, or one that is neither a device nor a regular file', async () => {
    const sub = join(dir, `dir-${n++}`);
    mkdirSync(sub);
    expect(await devmem('0x0', '--device', '')).toEqual({
      code: 2,
      stdout: '',
      stderr: expect.stringMatching(/^fbkit: devmem: --device is empty \(hint: [^\n]+\)\n$/),
    });
    expect(await devmem('0x0', '--device', sub)).toEqual({
      code: 2,
      stdout: '',
      stderr: expect.stringMatching(
        new RegExp(`^fbkit: devmem: ${sub} is a directory, not a device or a regular file \\(hint: [^\\n]+\\)\\n$`),
      ),
    });
  });

  it('/dev/zero, under any name: a store past its first page would kill fbkit with SIGBUS', async () => {
    const link = join(dir, `zero-${n++}`);
    symlinkSync('/dev/zero', link);
    // In a child: should the check regress, SIGBUS ends the child, not the test runner.
    const r = await runChild(`
      import { runCli } from ${JSON.stringify(sourcePath('test/support/cli-capture.ts'))};
      const results = [];
      for (const device of ['/dev/zero', ${JSON.stringify(link)}]) {
        const { code, stderr } = await runCli('devmem', '0x1000', 'w', '2', '--device', device);
        results.push([code, stderr]);
      }
      console.log(JSON.stringify(results));
    `);
    expect([r.code, r.signal], r.stderr).toEqual([0, null]);
    const refusal = (device: string) => [
      2,
      expect.stringMatching(new RegExp(`^fbkit: devmem: ${device} is /dev/zero, which holds no registers \\(hint: [^\\n]+\\)\\n$`)),
    ];
    expect(JSON.parse(r.stdout)).toEqual([refusal('/dev/zero'), refusal(link)]);
  });

  it("a missing ADDRESS is commander's usage error", async () => {
    const r = await devmem();
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/missing required argument 'address'/);
  });
});

it('explains itself in --help', async () => {
  const r = await devmem('--help');
  expect(r.stdout).toMatch(/devmem \[options\] <address> \[width\] \[value\]/);
  expect(r.stdout).toMatch(/8, 16, 32, 64 or b, h, w, l \(default 32\)/);
  expect(r.stdout).toMatch(/--device <path>/);
});
