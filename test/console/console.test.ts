/**
 * Console takeover and restore on every exit path. Each path runs in a child process
 * with a fake VT that logs to a file, so a child killed by a signal still leaves a
 * record of what was restored before it died.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Console } from '../../src/console/console.js';
import { ConsoleUnavailableError, openConsoleDevice, type ConsoleDevice } from '../../src/console/tty.js';
import { KD_MODE } from '../../src/sys/linux-kd.js';
import { runChild, sourcePath } from '../support/child.js';
import { NOBODY, userCopy } from '../support/user-copy.js';

const dir = mkdtempSync(join(tmpdir(), 'fbkit-console-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakeDevice(log: string[], initialMode: number = KD_MODE.TEXT): ConsoleDevice & { mode: number } {
  return {
    path: '/dev/fake-tty',
    mode: initialMode,
    getMode() {
      return this.mode;
    },
    setMode(m) {
      this.mode = m;
      log.push(`mode ${m}`);
    },
    write(t) {
      log.push(`write ${JSON.stringify(t)}`);
    },
    close() {
      log.push('close');
    },
  };
}

describe('Console in-process', () => {
  it('takes graphics mode, hides the cursor, and restores in reverse order exactly once', () => {
    const log: string[] = [];
    const device = fakeDevice(log);
    const screen = {
      snapshot: () => {
        log.push('snapshot');
        return () => log.push('screen restored');
      },
    };
    const con = Console.take({ device, screen, warn: (m) => log.push(`warn ${m}`) });
    expect(con.taken).toBe(true);
    expect(device.mode).toBe(KD_MODE.GRAPHICS);
    con.close();
    con.restore();
    con[Symbol.dispose]();
    expect(log).toEqual(['snapshot', 'mode 1', 'write "\\u001b[?25l"', 'screen restored', 'mode 0', 'write "\\u001b[?25h"', 'close']);
    expect(con.restored).toBe(true);
  });

  it('puts back the mode it found, not always text', () => {
    const log: string[] = [];
    const device = fakeDevice(log, KD_MODE.GRAPHICS);
    Console.take({ device, hideCursor: false, warn: (m) => log.push(`warn ${m}`) }).close();
    expect(log).toEqual([
      expect.stringMatching(/^warn \/dev\/fake-tty is already in graphics mode .* left in graphics mode on exit$/),
      'mode 1',
      'mode 1',
      'close',
    ]);
  });

  it('keeps restoring when one step fails, and says which one', () => {
    const log: string[] = [];
    const device = fakeDevice(log);
    const screen = {
      snapshot: () => () => {
        throw new Error('FBIOPUTCMAP refused');
      },
    };
    const warnings: string[] = [];
    Console.take({ device, screen, warn: (m) => warnings.push(m) }).close();
    expect(device.mode).toBe(KD_MODE.TEXT);
    expect(warnings).toEqual([expect.stringMatching(/could not restore the screen mode and colormap: FBIOPUTCMAP refused/)]);
  });

  it('without a console: still returns, says why, and restores the screen', () => {
    const warnings: string[] = [];
    let restored = 0;
    const con = Console.take({
      device: join(dir, 'no-such-tty'),
      screen: { snapshot: () => () => restored++ },
      warn: (m) => warnings.push(m),
    });
    expect(con.taken).toBe(false);
    expect(con.reason).toMatch(/no-such-tty.*ENOENT[\s\S]*no virtual terminals here/);
    expect(warnings[0]).toMatch(/drawing without taking the console/);
    con.close();
    expect(restored).toBe(1);
  });

  it('a file that is not a tty is refused as "not a virtual terminal"', () => {
    expect(() => Console.take({ device: '/dev/null', required: true })).toThrow(ConsoleUnavailableError);
    expect(() => openConsoleDevice('/dev/null').getMode()).toThrow(/not a virtual terminal/);
  });

  it.skipIf(process.getuid?.() !== 0)(
    'as an unprivileged user the real /dev/tty0 is refused with a reason, and drawing goes on (root only: drops to nobody)',
    async () => {
      const copy = userCopy(['src/console/console.ts']);
      const r = await copy
        .run(
          `
      const { Console } = await import(${JSON.stringify(copy.path('src/console/console.ts'))});
      const warnings = [];
      const con = Console.take({ warn: (m) => warnings.push(m) });
      console.log(JSON.stringify({ taken: con.taken, reason: con.reason, warnings }));
      con.close();
    `,
          NOBODY,
        )
        .finally(() => copy.remove());
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.taken).toBe(false);
      expect(out.reason).toMatch(/\/dev\/tty0[\s\S]*(EACCES|ENOENT)[\s\S]*hint: /);
      expect(out.warnings).toEqual([expect.stringMatching(/drawing without taking the console/)]);
    },
  );

  it('leaves no process listeners behind once restored', () => {
    const count = (): number => process.listenerCount('SIGTERM') + process.listenerCount('exit');
    const before = count();
    const con = Console.take({ device: fakeDevice([]) });
    expect(count()).toBe(before + 2);
    con.close();
    expect(count()).toBe(before);
  });
});

/** A child that takes a fake console, then leaves by `exit`; returns its result and the log. */
async function exitPath(name: string, exit: string) {
  const logPath = join(dir, `${name}.log`);
  const script = `
    import { appendFileSync } from 'node:fs';
    import { Console } from ${JSON.stringify(sourcePath('src/console/console.ts'))};
    const log = (s) => appendFileSync(${JSON.stringify(logPath)}, s + '\\n');
    let mode = 0;
    const device = { path: '/dev/fake-tty', getMode: () => mode, setMode: (m) => { mode = m; log('mode ' + m); },
      write: () => {}, close: () => log('close') };
    const con = Console.take({ device, screen: { snapshot: () => () => log('screen restored') } });
    log('taken');
    ${exit}
  `;
  const result = await runChild(script);
  const lines = readFileSync(logPath, 'utf8').trim().split('\n');
  return { ...result, lines };
}

const restoredOnce = ['mode 1', 'taken', 'screen restored', 'mode 0', 'close'];
const keepAlive = 'setInterval(() => {}, 1000);';

describe('restore on every exit path (child processes)', () => {
  it.each([
    ['normal end', '', { code: 0, signal: null }],
    ['process.exit()', 'setTimeout(() => process.exit(3), 5);', { code: 3, signal: null }],
    ['close() twice then exit', 'con.close(); con.close();', { code: 0, signal: null }],
    ['uncaught exception', 'setTimeout(() => { throw new Error("boom"); }, 5);', { code: 1, signal: null }],
    ['unhandled rejection', 'Promise.reject(new Error("nope"));', { code: 1, signal: null }],
    ...(['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const).map(
      (sig) => [sig, `${keepAlive} setTimeout(() => process.kill(process.pid, '${sig}'), 5);`, { code: null, signal: sig }] as const,
    ),
  ] as const)('%s', async (name, exit, status) => {
    const r = await exitPath(name.replace(/\W+/g, '-'), exit);
    expect({ code: r.code, signal: r.signal }, r.stderr).toEqual(status);
    expect(r.lines).toEqual(restoredOnce);
  });

  it('a program with its own SIGTERM handler keeps it, and the console is restored before it runs', async () => {
    const r = await exitPath(
      'own-handler',
      `
      ${keepAlive}
      process.on('SIGTERM', () => { log('app handler, mode ' + mode); process.exit(0); });
      setTimeout(() => process.kill(process.pid, 'SIGTERM'), 5);`,
    );
    expect({ code: r.code, signal: r.signal }).toEqual({ code: 0, signal: null });
    expect(r.lines).toEqual([...restoredOnce, 'app handler, mode 0']);
  });

  it('an exception the program handles does not give the console back early', async () => {
    const r = await exitPath(
      'handled-exception',
      `
      process.on('uncaughtException', () => log('handled, mode ' + mode));
      setTimeout(() => { throw new Error('caught'); }, 5);`,
    );
    expect(r.code).toBe(0);
    expect(r.lines).toEqual(['mode 1', 'taken', 'handled, mode 1', 'screen restored', 'mode 0', 'close']);
  });
});
