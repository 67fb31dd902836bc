/**
 * Command lines for every verb, built from values a user (or an attacker) might type:
 * good ones, near misses and nonsense, and paths of every kind from the sandbox.
 */
import fc from 'fast-check';
import type { Sandbox } from './sandbox.js';

const junk = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('', ' ', '-', '--', '__proto__', 'constructor', 'toString', '%00', '\u0000', '\u001b[2J', 'é', '🙂', 'x'.repeat(5000)),
);

const color = fc.oneof(
  fc.constantFrom('red', 'navy', 'transparent', 'GREY', '#f80', '#ff8000', '0xff8000', '0x80ff8000', '0XFFFFFFFF'),
  fc.constantFrom('__proto__', 'constructor', '#ff000080', '#f008', '0x123', 'rgb(1,2,3)', '-1', '4294967296', 'NaN'),
  fc.integer({ min: 0, max: 0xffffffff }).map((n) => `0x${n.toString(16).padStart(8, '0')}`),
  junk,
);

const int = fc.oneof(fc.integer({ min: -3, max: 300 }), fc.integer(), fc.constantFrom(2 ** 53, -(2 ** 53), 1e308)).map(String);
const rect = fc.oneof(
  fc.tuple(int, int, int, int).map((parts) => parts.join(',')),
  fc.constantFrom('0,0,10,10', '-5,-5,20,20', '1,2,3', '1,2,3,4,5', '1,2,3.5,4', 'a,b,c,d', '0x10,0,1,1', '', '1,,3,4'),
  junk,
);

const rotation = fc.oneof(fc.constantFrom('0', '90', '180', '270', ' 90', '45', '-90', '360', '90.0', '0x5a', '1e2'), junk);

const number = fc.oneof(
  fc.constantFrom('0', '0x0', '0x4', '4', '010', '0x10', '08', '0x', '-1', '0x1ffffffffffffffff', '99999999999999999999999', '1e3', ' 4'),
  fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map((n) => `0x${n.toString(16)}`),
  junk,
);

export function argvArbitrary(sb: Sandbox): fc.Arbitrary<string[]> {
  const p = sb.paths;
  const anyPath = fc.constantFrom(...Object.values(p), '', '.', '/', '/proc/self/mem', `${p.dir}/`, `${p.raw}?x`);
  const device = fc.oneof(
    fc.constantFrom(
      'virtual:vfb',
      'virtual:spi-tft-ili9341',
      'virtual:gray8-epd',
      'virtual:nosuch',
      'virtual:',
      'virtual:../etc/passwd',
      `file:${p.raw}`,
      `file:${p.short}?geometry=vfb`,
      `file:${p.missingDir}?geometry=vfb`,
      `file:${p.raw}?geometry=${p.fourcc}`,
      `file:${p.raw}?geometry=${p.stringJson}`,
      `file:${p.raw}?geometry=${p.badJson}`,
      `file:${p.raw}?geometry=${p.fifo}`,
      `file:${p.raw}?geometry=${p.geometry}`,
      `file:${p.raw}?foo=1`,
      `file:${p.fifo}?geometry=vfb`,
      `file:${p.dir}?geometry=vfb`,
      `file:/dev/null?geometry=vfb`,
      'file:',
      'http://example',
      '',
    ),
    anyPath,
    junk,
  );
  const withDevice = (args: fc.Arbitrary<string[]>) =>
    fc.tuple(args, fc.option(device, { nil: undefined })).map(([a, d]) => (d === undefined ? a : [...a, '--device', d]));
  const withRotate = (args: fc.Arbitrary<string[]>) =>
    fc.tuple(args, fc.option(rotation, { nil: undefined })).map(([a, r]) => (r === undefined ? a : [...a, '--rotate', r]));
  const fit = fc.oneof(fc.constantFrom('none', 'contain', 'cover', 'stretch', 'CONTAIN', 'fill'), junk);
  const verbs: fc.Arbitrary<string[]>[] = [
    withDevice(fc.constantFrom<string[]>([], ['--json'], ['--no-probe'], ['--json', '--no-probe']).map((a) => ['info', ...a])),
    withDevice(
      withRotate(
        fc.tuple(color, fc.option(rect, { nil: undefined })).map(([c, r]) => ['fill', c, ...(r === undefined ? [] : ['--rect', r])]),
      ),
    ),
    withDevice(
      withRotate(
        fc
          .tuple(anyPath, fc.option(fit, { nil: undefined }), fc.option(color, { nil: undefined }))
          .map(([img, f, bg]) => [
            'show',
            img,
            ...(f === undefined ? [] : ['--fit', f]),
            ...(bg === undefined ? [] : ['--background', bg]),
          ]),
      ),
    ),
    withDevice(
      withRotate(
        fc
          .tuple(fc.oneof(anyPath, fc.constant(p.out)), fc.option(rect, { nil: undefined }))
          .map(([out, r]) => ['shot', out, ...(r === undefined ? [] : ['--rect', r])]),
      ),
    ),
    withRotate(fc.oneof(anyPath, fc.constant(p.out)).map((out) => ['demo', '--out', out])),
    fc
      .tuple(
        number,
        fc.option(fc.oneof(fc.constantFrom('b', 'h', 'w', 'g', '8', '16', '32', '64', '7', 'x', 'W'), junk), { nil: undefined }),
        fc.option(number, { nil: undefined }),
        fc.constantFrom(p.raw, p.short, p.empty, p.fifo, p.dir, p.missing, p.devNull, p.zeroLink, ''),
      )
      .map(([addr, width, value, dev]) => [
        'devmem',
        addr,
        ...(width === undefined ? [] : [width]),
        ...(width !== undefined && value !== undefined ? [value] : []),
        '--device',
        dev,
      ]),
    fc
      .tuple(fc.constantFrom(sb.dir, p.missing, p.raw, p.fifo, '/nonexistent'), fc.boolean())
      .map(([root, json]) => ['mem', 'ranges', '--root', root, ...(json ? ['--json'] : [])]),
    fc.tuple(number, fc.constantFrom(sb.dir, p.missing, '/nonexistent')).map(([addr, root]) => ['mem', 'map', addr, '--root', root]),
    fc
      .tuple(
        fc.oneof(fc.constantFrom('PROGRESS 50', 'MSG hello', 'QUIT', 'PROGRESS x', 'MSG', 'x'.repeat(100_000)), junk),
        fc.constantFrom(p.missing, p.raw, p.dir, p.fifo),
      )
      .map(([cmd, fifo]) => ['splash-write', cmd, '--fifo', fifo]),
    fc.constantFrom(['--version'], ['--help'], ['help', 'fill'], ['nosuchverb'], [], ['fill'], ['fill', '--rect'], ['info', '--bogus']),
  ];
  // Sometimes a stray token lands anywhere in the line.
  const stray = fc.oneof({ arbitrary: fc.constant(undefined), weight: 5 }, { arbitrary: fc.tuple(junk, fc.nat()), weight: 1 });
  return fc.tuple(fc.oneof(...verbs), stray).map(([argv, stray]) => {
    if (!stray) return argv;
    const out = [...argv];
    out.splice(stray[1] % (out.length + 1), 0, stray[0]);
    return out;
  });
}
