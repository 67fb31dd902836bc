import { execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { UnsupportedError } from '../../src/errors.js';
import { Framebuffer } from '../../src/display/framebuffer.js';
import { runCli } from '../support/cli-capture.js';
import { sourcePath } from '../support/child.js';

const dir = mkdtempSync(join(tmpdir(), 'fbkit-main-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** Every failure is one line on stderr. */
const oneLine = (stderr: string) => expect(stderr).toMatch(/^fbkit: [^\n]+\n$/);

describe('fbkit CLI frame', () => {
  it('lists every verb in --help and exits 0', async () => {
    const r = await runCli('--help');
    expect(r.code).toBe(0);
    for (const verb of ['info', 'fill', 'show', 'shot', 'demo', 'splash', 'splash-write', 'devmem', 'mem']) {
      expect(r.stdout.toString()).toMatch(new RegExp(`^\\s+${verb}\\b`, 'm'));
    }
  });

  it('gives a verb its own help', async () => {
    const r = await runCli('devmem', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toMatch(/Usage: fbkit devmem/);
  });

  it('prints the version from package.json with --version and -V, exit 0', async () => {
    const { version } = JSON.parse(readFileSync(sourcePath('package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      expect(await runCli(flag)).toMatchObject({ code: 0, stderr: '' });
      expect((await runCli(flag)).stdout.toString()).toBe(`${version}\n`);
    }
  });

  it("words commander's own errors like every other failure: one prefixed line, exit 2", async () => {
    for (const [argv, message] of [
      [['frobnicate'], "fbkit: error: unknown command 'frobnicate'"],
      [['info', '--no-such-option'], "fbkit: error: unknown option '--no-such-option'"],
      [['info', '--no-prob'], "fbkit: error: unknown option '--no-prob' (Did you mean --no-probe?)"],
      [['fill'], "fbkit: error: missing required argument 'color'"],
      [[], 'fbkit: error: fbkit needs a command (hint: fbkit --help lists them)'],
      [['mem'], 'fbkit: error: fbkit mem needs a command (hint: fbkit mem --help lists them)'],
    ] as [string[], string][]) {
      const r = await runCli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toBe(`${message}\n`);
    }
  });

  it('shows the help on stdout when the command is missing', async () => {
    expect((await runCli()).stdout.toString()).toMatch(/^Usage: fbkit \[options\] \[command\]/);
    expect((await runCli('mem')).stdout.toString()).toMatch(/^Usage: fbkit mem \[options\] \[command\]/);
  });
});

describe('hints: one line, "fbkit: CAUSE (hint: FIX)", for every verb', () => {
  it.each([
    [['info', '--device', '/dev/fb97'], 1, /^fbkit: open \/dev\/fb97 failed: ENOENT .*\(hint: .*virtual.*\)\n$/],
    [
      ['fill', 'red', '--device', 'bogus:x'],
      2,
      /^fbkit: --device 'bogus:x': unknown device kind in 'bogus:x' \(hint: use \/dev\/fbN, .*\)\n$/,
    ],
    [['shot', '-', '--device', ''], 2, /^fbkit: --device is empty \(hint: give \/dev\/fbN, .*\)\n$/],
    [
      ['show', '/nonexistent/logo.png', '--device', 'virtual:vfb'],
      2,
      /^fbkit: image '\/nonexistent\/logo.png': .*ENOENT.* \(hint: .+\)\n$/,
    ],
    [['devmem', '0x0', '--device', '/nonexistent/resource0'], 1, /^fbkit: open \/nonexistent\/resource0 failed: ENOENT .*\(hint: .+\)\n$/],
    [['mem', 'ranges', '--root', '/nonexistent'], 2, /^fbkit: mem: --root '\/nonexistent' is no directory that exists \(hint: .+\)\n$/],
  ])('%j', async (argv, code, stderr) => {
    const r = await runCli(...(argv as string[]));
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(stderr);
  });
});

describe('failures fbkit did not foresee', () => {
  const boom = () => {
    throw new TypeError("Cannot read properties of undefined (reading 'slice')");
  };

  it('are one line, "internal error", exit 1, without a stack', async () => {
    vi.spyOn(Framebuffer, 'fromDeviceSpec').mockImplementation(boom);
    const r = await runCli('fill', 'red', '--device', 'virtual:vfb');
    expect(r).toMatchObject({ code: 1, stderr: "fbkit: internal error: Cannot read properties of undefined (reading 'slice')\n" });
  });

  it('show their stack after that line with FBKIT_DEBUG=1', async () => {
    vi.spyOn(Framebuffer, 'fromDeviceSpec').mockImplementation(boom);
    vi.stubEnv('FBKIT_DEBUG', '1');
    const r = await runCli('fill', 'red', '--device', 'virtual:vfb');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^fbkit: internal error: .*\nTypeError: .*\n\s+at /);
  });
});

describe('exit codes of a mode fbkit cannot draw', () => {
  const unsupported = () => {
    throw new UnsupportedError('EFBFORMAT', 'the mode uses a FOURCC pixel format (0x32315659)', 'switch the mode');
  };

  it("are 2 when the user's geometry describes it (virtual:, file:), 1 when a real device reports it; one line each", async () => {
    vi.spyOn(Framebuffer, 'fromDeviceSpec').mockImplementation(unsupported);
    for (const [device, code] of [
      ['virtual:vfb', 2],
      [`file:${join(dir, 'x.raw')}?geometry=vfb`, 2],
      ['/dev/fb0', 1],
    ] as const) {
      const r = await runCli('info', '--device', device);
      expect(r.code, device).toBe(code);
      oneLine(r.stderr);
      expect(r.stderr).toContain('FOURCC');
    }
  });
});

describe('a reader that stops early (fbkit shot - | head -c 10)', () => {
  it('ends fbkit quietly with the status SIGPIPE gives cat (141), no stack', async () => {
    const script = `import { main } from ${JSON.stringify(sourcePath('src/cli/main.ts'))};
      await main(['node', 'fbkit', 'shot', '-', '--device', 'virtual:vfb']);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 20_000,
    });
    // Close our end of the pipe before fbkit writes: its first write meets no reader, every
    // time (a reader that took a chunk first would race with the writer).
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on('close', (c, s) => resolve([c, s])),
    );
    expect({ code, signal, stderr }).toEqual({ code: 141, signal: null, stderr: '' });
  });
});

describe('bin/fbkit.js, when the CLI cannot load', () => {
  /** Runs a copy of bin/fbkit.js beside a dist/ of our making. */
  function runBin(mainJs: string | undefined): Promise<{ code: number | null; stderr: string }> {
    const root = mkdtempSync(join(dir, 'package-'));
    mkdirSync(join(root, 'bin'));
    for (const name of ['fbkit.js', 'package.json']) copyFileSync(sourcePath(`bin/${name}`), join(root, 'bin', name));
    writeFileSync(join(root, 'package.json'), '{"type": "module"}');
    if (mainJs !== undefined) {
      mkdirSync(join(root, 'dist', 'src', 'cli'), { recursive: true });
      writeFileSync(join(root, 'dist', 'src', 'cli', 'main.js'), mainJs);
    }
    return new Promise((resolve) => {
      const child = execFile(
        process.execPath,
        [join(root, 'bin', 'fbkit.js'), 'info'],
        { encoding: 'utf8', timeout: 20_000 },
        (_err, _out, stderr) => resolve({ code: child.exitCode, stderr }),
      );
    });
  }

  it('says in one line that it is not built', async () => {
    expect(await runBin(undefined)).toEqual({
      code: 1,
      stderr: 'fbkit: the CLI is not built (hint: run `npm install` or `npm run build` in the package)\n',
    });
  });

  it('reports any other load failure as one line, exit 1', async () => {
    expect(await runBin("throw new TypeError('dist is damaged');")).toEqual({
      code: 1,
      stderr: 'fbkit: internal error: cannot load the CLI: dist is damaged\n',
    });
  });
});
