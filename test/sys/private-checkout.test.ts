/**
 * The tests whose child drops to nobody pass wherever the checkout lives, root's 0700 home
 * included (`git clone … ~/fbkit && npm test` as root): a copy of this checkout inside a
 * 0700 directory runs them with vitest. Root only: only root drops privileges.
 */
import { cpSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runNode, sourcePath } from '../support/child.js';

const PRIVILEGE_DROPPING = ['test/sys/libc.test.ts', 'test/console/console.test.ts'];

const privateDir = mkdtempSync(join(tmpdir(), 'fbkit-private-home-'));
afterAll(() => rmSync(privateDir, { recursive: true, force: true }));

it.skipIf(process.getuid?.() !== 0)(
  'the privilege-dropping tests pass in a checkout inside a 0700 directory',
  async () => {
    expect(statSync(privateDir).mode & 0o777).toBe(0o700); // like /root
    const checkout = join(privateDir, 'fbkit');
    for (const name of ['src', 'test', 'fixtures', 'package.json', 'tsconfig.json', 'vitest.config.ts']) {
      cpSync(sourcePath(name), join(checkout, name), { recursive: true });
    }
    symlinkSync(sourcePath('node_modules'), join(checkout, 'node_modules'));
    // A vitest of its own: none of this worker's VITEST_* settings, and no colors in what is matched.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')));
    const r = await runNode([join(checkout, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=verbose', ...PRIVILEGE_DROPPING], {
      cwd: checkout,
      env: { ...env, NO_COLOR: '1', FORCE_COLOR: '0' },
      timeout: 180_000,
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/✓ .*reports a real EACCES from the kernel for a user who may not open the file/);
    expect(r.stdout).toMatch(/✓ .*as an unprivileged user the real \/dev\/tty0 is refused/);
  },
  200_000,
);
