import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { abiFor } from '../../src/sys/linux-fb.js';
import { code, codeName, decodeEvents, EV_KEY, encodeEvents, eventLayout, setBits } from '../../src/sys/linux-input.js';

describe('struct input_event', () => {
  it('is 24 bytes for 64-bit processes and 16 for 32-bit ones', () => {
    expect(eventLayout(abiFor('x64', 'LE')).size).toBe(24);
    expect(eventLayout(abiFor('arm', 'LE')).size).toBe(16);
    expect(eventLayout(abiFor('ia32', 'LE')).offsets).toEqual({ sec: 0, usec: 4, type: 8, code: 10, value: 12 });
  });

  it('decodes what it encodes, on every ABI and byte order', () => {
    const event = fc.record({
      sec: fc.nat({ max: 0xffffffff }),
      usec: fc.nat({ max: 999999 }),
      type: fc.nat({ max: 0xffff }),
      code: fc.nat({ max: 0xffff }),
      value: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    });
    const abi = fc.constantFrom(abiFor('x64', 'LE'), abiFor('arm', 'LE'), abiFor('ppc64', 'BE'), abiFor('mips', 'BE'));
    fc.assert(
      fc.property(fc.array(event, { maxLength: 20 }), abi, (events, a) => {
        expect(decodeEvents(encodeEvents(events, a), a)).toEqual(events);
      }),
    );
  });

  it('reads the kernel layout: KEY_A press on x86-64', () => {
    const bytes = new Uint8Array(24);
    const dv = new DataView(bytes.buffer);
    dv.setBigUint64(0, 5n, true);
    dv.setBigUint64(8, 250n, true);
    dv.setUint16(16, 1, true);
    dv.setUint16(18, 30, true);
    dv.setInt32(20, 1, true);
    expect(decodeEvents(bytes, abiFor('x64', 'LE'))).toEqual([{ sec: 5, usec: 250, type: 1, code: 30, value: 1 }]);
    // A trailing partial event is left for the next read.
    expect(decodeEvents(bytes.subarray(0, 23), abiFor('x64', 'LE'))).toEqual([]);
  });
});

describe('names', () => {
  it('names codes the way the header does, preferring the specific name over a range start', () => {
    expect(codeName(EV_KEY, 30)).toBe('KEY_A');
    expect(codeName(EV_KEY, 0x110)).toBe('BTN_LEFT');
    expect(codeName(EV_KEY, 0x100)).toBe('BTN_0');
    expect(codeName(EV_KEY, 0x130)).toBe('BTN_SOUTH');
    expect(codeName(EV_KEY, 0x2fe)).toBe('KEY_0x2fe');
    expect(code('BTN_A')).toBe(0x130);
  });
});

describe('bitmasks', () => {
  it('reads bits of unsigned long arrays in either byte order', () => {
    // Bits 0 and 9 set, in one 32-bit word.
    expect(setBits(Uint8Array.of(0x01, 0x02, 0, 0), 31, abiFor('arm', 'LE'))).toEqual([0, 9]);
    expect(setBits(Uint8Array.of(0, 0, 0x02, 0x01), 31, abiFor('mips', 'BE'))).toEqual([0, 9]);
    // 64-bit longs: bit 40 is in byte 5 (LE) or byte 2 (BE) of the first word.
    expect(setBits(Uint8Array.of(0, 0, 0, 0, 0, 0x01, 0, 0), 63, abiFor('x64', 'LE'))).toEqual([40]);
    expect(setBits(Uint8Array.of(0, 0, 0x01, 0, 0, 0, 0, 0), 63, abiFor('ppc64', 'BE'))).toEqual([40]);
  });
});
