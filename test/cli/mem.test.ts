import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';

const fixture = (name: string) => join(import.meta.dirname, '..', '..', 'fixtures', 'memmap', name);

async function fbkit(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await run(argv, { stdout: { write: (s) => (out += String(s)) }, stderr: { write: (s) => (err += String(s)) } });
  return { code, out, err };
}

interface JsonNode {
  start: string;
  end: string;
  name: string;
  pci?: { id: string; driver?: string; bar: string };
  ways: { method: string; blocked?: string }[];
  children: JsonNode[];
}

const flatten = (nodes: JsonNode[]): JsonNode[] => nodes.flatMap((n) => [n, ...flatten(n.children)]);

describe('fbkit mem ranges', () => {
  it('--json gives the tree with the edu and bochs BARs and their drivers', async () => {
    const { code, out } = await fbkit('mem', 'ranges', '--json', '--root', fixture('qemu-pc-guest'));
    expect(code).toBe(0);
    const map = JSON.parse(out) as { roots: JsonNode[]; facts: { ioStrictDevmem: boolean } };
    const nodes = flatten(map.roots);
    const edu = nodes.find((n) => n.pci?.id === '1234:11e8')!;
    const vram = nodes.find((n) => n.pci?.id === '1234:1111' && n.pci.bar === 'BAR0')!;
    expect([edu.start, edu.end, edu.pci?.driver]).toEqual(['0xfea00000', '0xfeafffff', 'uio_pci_generic']);
    expect([vram.start, vram.pci?.driver, vram.children[0].name]).toEqual(['0xfd000000', 'bochs-drm', 'bochs-drm']);
    expect(edu.ways[0]).toMatchObject({ method: 'uio' });
    expect(edu.ways[0].blocked).toBeUndefined();
    expect(map.facts.ioStrictDevmem).toBe(true);
  });

  it('prints a tree with the cache types and one way (or reason) per range', async () => {
    const { code, out } = await fbkit('mem', 'ranges', '--root', fixture('qemu-pc-guest'));
    expect(code).toBe(0);
    expect(out).toMatch(
      /^ {2}0xfea00000-0xfeafffff 0000:00:03\.0 {2}\[BAR0 1234:11e8 driver uio_pci_generic; UIO \/dev\/uio0 map0; MTRR uncached\]\n {6}map: \/dev\/uio0 at mmap offset 0x00000000/m,
    );
    expect(out).toMatch(/^ {4}0xfd000000-0xfdffffff bochs-drm .*\n {8}cannot map now: bochs-drm has claimed this BAR/m);
    expect(out).toMatch(
      /^arch \S+, (root|not root), \/dev\/mem present, STRICT_DEVMEM on, IO_STRICT_DEVMEM on, lockdown none, PAT list read$/m,
    );
  });
});

describe('fbkit mem --root', () => {
  it.each([
    ['/nonexistent', 'is no directory that exists'],
    [fixture('qemu-pc-guest/proc/iomem'), 'is a regular file'],
  ])('refuses %s with exit code 2 instead of printing an empty machine', async (root, message) => {
    for (const argv of [
      ['mem', 'ranges'],
      ['mem', 'map', '0x0'],
    ]) {
      const { code, out, err } = await fbkit(...argv, '--root', root);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toMatch(new RegExp(`^fbkit: mem: --root '${root}' ${message} \\(hint: [^\\n]+\\)\\n$`));
    }
  });
});

describe('fbkit mem map', () => {
  it('names the range holding an address and the best way to it', async () => {
    const { code, out } = await fbkit('mem', 'map', '0xfea00004', '--root', fixture('qemu-pc-guest'));
    expect(code).toBe(0);
    expect(out).toContain('PCI 0000:00:03.0 1234:11e8 BAR0, driver uio_pci_generic');
    expect(out).toContain('best: /dev/uio0 at mmap offset 0x00000000 + 0x00000004 (uncached)');
    expect(out).toContain('cache: MTRR uncached; PAT no kernel mapping');
  });

  it('--json says why every way to a claimed BAR fails', async () => {
    const { out } = await fbkit('mem', 'map', '4244635648', '--json', '--root', fixture('qemu-pc-guest')); // 0xfd000000
    const at = JSON.parse(out) as { address: string; best?: unknown; ways: { method: string; blocked: string }[] };
    expect(at.address).toBe('0xfd000000');
    expect(at.best).toBeUndefined();
    expect(at.ways.map((w) => w.method)).toEqual(['sysfs-resource', 'devmem', 'sysfs-resource-wc']);
    expect(at.ways.every((w) => w.blocked.includes('bochs-drm'))).toBe(true);
  });

  it('says in --help how busybox reads numbers: 010 is octal', async () => {
    expect((await fbkit('mem', 'map', '--help')).out).toMatch(/address +physical address: 0x hex, 0 octal or decimal/);
    const octal = JSON.parse((await fbkit('mem', 'map', '037650000000', '--json', '--root', fixture('qemu-pc-guest'))).out) as {
      address: string;
    };
    expect(octal.address).toBe('0xfea00000');
  });

  it('refuses an address that is not a number with exit code 2', async () => {
    const { code, err, out } = await fbkit('mem', 'map', '0xfeg', '--root', fixture('qemu-pc-guest'));
    expect(code).toBe(2);
    expect(err).toMatch(/address '0xfeg' is not a number/);
    expect(out).toBe('');
  });
});
