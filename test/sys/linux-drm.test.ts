import { describe, expect, it } from 'vitest';
import { abiFor } from '../../src/sys/linux-fb.js';
import * as drm from '../../src/sys/linux-drm.js';

const abis = [abiFor('x64', 'LE'), abiFor('ia32', 'LE'), abiFor('arm', 'LE'), abiFor('ppc64', 'BE')];
const label = (a: (typeof abis)[number]) => `u64 align ${a.u64Align}, ${a.littleEndian ? 'LE' : 'BE'}`;

/** A value for every field, different per field and per seed, in the field's type. */
function sample(def: drm.StructDef, seed: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  def.fields.forEach(([name, type, count], i) => {
    const one = (k: number): unknown => {
      const n = seed * 131 + i * 17 + k;
      if (type === 'u16') return n & 0xffff;
      if (type === 'u32') return (n * 2654435761) >>> 0;
      if (type === 'u64') return (BigInt(n) << 40n) | 0xdeadbeefn;
      if (type === 'ulong') return BigInt((n * 2654435761) >>> 0); // fits a 32-bit unsigned long too
      if ('chars' in type) return `mode-${n}`;
      return sample(type.struct, n);
    };
    out[name] = count === undefined ? one(0) : Array.from({ length: count }, (_, k) => one(k));
  });
  return out;
}

describe('DRM struct codecs', () => {
  for (const abi of abis) {
    it.each(drm.DRM_STRUCTS.map((d) => [d.name, d] as const))(`%s round-trips every field (${label(abi)})`, (_, def) => {
      const value = sample(def, 7);
      const bytes = drm.encodeStruct(def, value, abi);
      expect(bytes.length).toBe(drm.drmLayout(def, abi).size);
      expect(drm.decodeStruct(def, bytes, abi)).toEqual(value);
    });
  }

  it('places fb_cmd2.modifier at 68 on i386 and 72 elsewhere', () => {
    expect(drm.drmLayout(drm.FB_CMD2, abiFor('ia32', 'LE')).offsets.modifier).toBe(68);
    expect(drm.drmLayout(drm.FB_CMD2, abiFor('arm', 'LE')).offsets.modifier).toBe(72);
  });

  it('writes little-endian u32s where the ABI says so', () => {
    const bytes = drm.encodeStruct(drm.GET_ENCODER, { encoder_id: 0x01020304 }, abiFor('x64', 'LE'));
    expect([...bytes.subarray(0, 4)]).toEqual([4, 3, 2, 1]);
  });

  it('refuses a buffer shorter than the struct', () => {
    expect(() => drm.decodeStruct(drm.CRTC, new Uint8Array(10))).toThrow(/drm_mode_crtc needs 104 bytes/);
  });
});

describe('DRM names', () => {
  it('names connectors as sysfs does', () => {
    expect(drm.connectorName(11, 1)).toBe('HDMI-A-1');
    expect(drm.connectorName(15, 2)).toBe('Virtual-2');
    expect(drm.connectorName(99, 1)).toBe('Unknown-1');
  });

  it('builds fourccs with the first character in the low byte', () => {
    expect(drm.DRM_FORMAT.XRGB8888).toBe(0x34325258);
  });
});
