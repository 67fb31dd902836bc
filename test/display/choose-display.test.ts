import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseDisplay, drmCards } from '../../src/display/choose-display.js';
import { UnsupportedError } from '../../src/errors.js';
import { catchError } from '../support/catch-error.js';

const root = mkdtempSync(join(tmpdir(), 'fbkit-choose-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A /dev of our own: `fb0` present or not, `dri` holding the given names. */
function places(name: string, opts: { fb0: boolean; dri: string[] }) {
  const dir = join(root, name);
  mkdirSync(join(dir, 'dri'), { recursive: true });
  if (opts.fb0) writeFileSync(join(dir, 'fb0'), '');
  for (const n of opts.dri) writeFileSync(join(dir, 'dri', n), '');
  return { fb0: join(dir, 'fb0'), dri: join(dir, 'dri') };
}

describe('chooseDisplay', () => {
  it('lists card nodes in number order, not render nodes', () => {
    const p = places('list', { fb0: false, dri: ['card10', 'renderD128', 'card2', 'card0'] });
    expect(drmCards(p.dri).map((c) => c.slice(p.dri.length + 1))).toEqual(['card0', 'card2', 'card10']);
  });

  it('gives one-shot commands /dev/fb0 where it exists, saying why', () => {
    const p = places('fb0', { fb0: true, dri: [] });
    expect(chooseDisplay('one-shot', p)).toEqual({
      path: p.fb0,
      backend: 'fbdev',
      reason: `${p.fb0} exists, and what a one-shot command draws there stays after it exits`,
    });
  });

  it('falls back to /dev/fb0 for long-running programs when no card can be used, naming why each was skipped', () => {
    // A regular file is no DRM card: its ioctls fail, and that is the reason given.
    const p = places('fallback', { fb0: true, dri: ['card0'] });
    const choice = chooseDisplay('long-running', p);
    expect(choice).toMatchObject({ path: p.fb0, backend: 'fbdev' });
    expect(choice.reason).toMatch(/^no KMS card could be used \(.*card0.*\); .*fb0 exists$/);
  });

  it('says there is no display, and what to do, when there is neither', () => {
    const p = places('none', { fb0: false, dri: [] });
    const err = catchError(() => chooseDisplay('one-shot', p));
    expect(err).toBeInstanceOf(UnsupportedError);
    expect((err as UnsupportedError).code).toBe('ENODISPLAY');
    expect((err as UnsupportedError).hint).toMatch(/--device/);
  });
});
