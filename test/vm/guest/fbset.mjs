// Parses `fbset -i -fb <dev>`: the independent view of a framebuffer that
// fbkit's own answers are checked against.
import { run } from './harness.mjs';

export function fbsetInfo(device) {
  const text = run('fbset', '-i', '-fb', device);
  const field = (label) => {
    const m = new RegExp(`^\\s*${label}\\s*:\\s*(.*)$`, 'm').exec(text);
    if (!m) throw new Error(`fbset ${device}: no "${label}" in:\n${text}`);
    return m[1].trim();
  };
  const geometry = /^\s*geometry (\d+) (\d+) (\d+) (\d+) (\d+)$/m.exec(text);
  const rgba = /^\s*rgba (\d+)\/(\d+),(\d+)\/(\d+),(\d+)\/(\d+),(\d+)\/(\d+)$/m.exec(text);
  if (!geometry || !rgba) throw new Error(`fbset ${device}: unexpected output:\n${text}`);
  const [xres, yres, xresVirtual, yresVirtual, bitsPerPixel] = geometry.slice(1).map(Number);
  const [r, rOff, g, gOff, b, bOff, a, aOff] = rgba.slice(1).map(Number);
  return {
    text,
    xres,
    yres,
    xresVirtual,
    yresVirtual,
    bitsPerPixel,
    red: { length: r, offset: rOff },
    green: { length: g, offset: gOff },
    blue: { length: b, offset: bOff },
    transp: { length: a, offset: aOff },
    id: field('Name'),
    smemLen: Number(field('Size')),
    type: field('Type'),
    visual: field('Visual'),
    lineLength: Number(field('LineLength')),
  };
}
