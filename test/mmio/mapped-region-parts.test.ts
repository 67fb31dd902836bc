import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MappedRegion } from '../../src/mmio/mapped-region.js';
import { pageSize } from '../../src/sys/libc.js';
import { catchError } from '../support/catch-error.js';

const dir = mkdtempSync(join(tmpdir(), 'fbkit-parts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('MappedRegion.fromFdParts', () => {
  const page = pageSize();
  const file = join(dir, 'three-pages');
  // Page n is filled with the byte n + 1.
  writeFileSync(
    file,
    Uint8Array.from({ length: 3 * page }, (_, i) => Math.floor(i / page) + 1),
  );

  it('maps ranges of a descriptor side by side, in the order given, writes reaching each range', () => {
    const fd = openSync(file, 'r+');
    try {
      const region = MappedRegion.fromFdParts(fd, {
        path: file,
        parts: [
          { offset: BigInt(2 * page), length: page },
          { offset: 0n, length: page },
        ],
      });
      const bytes = region.bytes();
      expect(bytes.length).toBe(2 * page);
      expect([bytes[0], bytes[page - 1], bytes[page], bytes[2 * page - 1]]).toEqual([3, 3, 1, 1]);
      bytes[page] = 0xaa; // the second part is the file's first page
      region.sync();
      region.close();
      expect(readFileSync(file)[0]).toBe(0xaa);
      expect(region.bytes.bind(region)).toThrow(/closed/);
    } finally {
      closeSync(fd);
    }
  });

  it('refuses a part that is not whole pages', () => {
    const fd = openSync(file, 'r+');
    try {
      const err = catchError(() => MappedRegion.fromFdParts(fd, { path: file, parts: [{ offset: 0n, length: page - 1 }] }));
      expect((err as Error).message).toMatch(/whole pages/);
    } finally {
      closeSync(fd);
    }
  });
});
