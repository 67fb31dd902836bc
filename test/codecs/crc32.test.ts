import * as zlib from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../src/codecs/crc32.js';

describe('crc32', () => {
  it("matches the check value of the standard ('123456789' -> 0xcbf43926) and of an empty input", () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  // zlib.crc32 came in Node 20.15; package.json allows any 20 (the armv7l build on npm is 20.11).
  it.skipIf(typeof zlib.crc32 !== 'function')("equals zlib's on random data (Node 20.15 or newer)", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => crc32(bytes) === zlib.crc32(bytes) >>> 0));
  });
});
