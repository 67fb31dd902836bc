// @machines pc,arm64,armhf
// `fbkit info --json` tells the same story as `fbset -i` on both real drivers:
// bochs-drm (/dev/fb0, XRGB8888) and vfb (/dev/fb1, 8 bpp pseudocolor at boot).
// Every line fbset prints is compared with fbkit's "fbset" block, and fbkit's own
// decoded fields (size, stride, memory, bitfields, name) with fbset's numbers.
// An ARM guest has no fbset (the host's is x86) and no vfb: there fbkit's view of
// bochs-drm's /dev/fb0 is compared with what the kernel shows in sysfs (name,
// mode, virtual size, stride, depth), and its bitfields with XRGB8888, the
// format whose pixels scenarios 05 and 11 see on the screen.
import { readFileSync } from 'node:fs';
import { assert, fbkit, fbkitInProcessOk, onArm } from '../guest/harness.mjs';
import { fbsetInfo } from '../guest/fbset.mjs';

/** Every "key value" line of `fbset -i`, as fbset spells it. */
function fbsetLines(text) {
  const lines = {};
  const flags = [];
  let inMode = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const mode = /^mode "(.*)"$/.exec(line);
    if (mode) {
      lines.mode = mode[1];
      inMode = true;
    } else if (line === 'endmode') {
      inMode = false;
    } else if (inMode && line.startsWith('#')) {
      lines.rates = line.slice(1).trim();
    } else if (inMode) {
      const [key, ...rest] = line.split(/\s+/);
      if (key === 'geometry' || key === 'timings' || key === 'rgba') lines[key] = rest.join(' ');
      else flags.push(line); // hsync high, laced true, accel true...
    } else if (line !== 'Frame buffer device information:') {
      const m = /^([A-Za-z ]+?)\s*:\s*(.*)$/.exec(line);
      if (m) lines[m[1]] = m[2];
    }
  }
  lines.flags = flags;
  return lines;
}

/** fbkit's "fbset" block laid out as the same keys. */
function fbkitLines(f) {
  return {
    mode: f.mode,
    ...(f.rates ? { rates: f.rates } : {}),
    geometry: f.geometry.join(' '),
    timings: f.timings.join(' '),
    rgba: f.rgba,
    flags: f.flags,
    Name: f.name,
    Address: f.address,
    Size: String(f.size),
    Type: f.type,
    Visual: f.visual,
    XPanStep: String(f.xpanstep),
    YPanStep: String(f.ypanstep),
    YWrapStep: String(f.ywrapstep),
    LineLength: String(f.linelength),
    ...(f.mmio ? { 'MMIO Address': f.mmio.address, 'MMIO Size': String(f.mmio.size) } : {}),
    Accelerator: f.accelerator,
  };
}

/** `fbkit info --json`: the real binary once, then the same CLI in this process (no second node start-up). */
async function fbkitInfo(device, viaBinary) {
  const args = ['info', '--device', device, '--json'];
  return JSON.parse(viaBinary ? fbkit(...args) : await fbkitInProcessOk(...args));
}

if (onArm) {
  const sysfs = (file) => readFileSync(`/sys/class/graphics/fb0/${file}`, 'utf8').trim();
  const info = await fbkitInfo('/dev/fb0', true);
  const [virtualWidth, virtualHeight] = sysfs('virtual_size').split(',').map(Number);
  const mode = /^U:(\d+)x(\d+)p/.exec(sysfs('modes'));
  console.log(
    `/dev/fb0: sysfs says ${sysfs('name')} ${sysfs('modes')} stride ${sysfs('stride')}; fbkit says ${info.id} ${info.mode} ${info.format.name}`,
  );
  assert.equal(info.id, sysfs('name'));
  assert.equal(info.id, 'bochs-drmdrmfb');
  assert.deepEqual(
    [info.width, info.height, info.virtualWidth, info.virtualHeight, info.bitsPerPixel, info.stride],
    [Number(mode[1]), Number(mode[2]), virtualWidth, virtualHeight, Number(sysfs('bits_per_pixel')), Number(sysfs('stride'))],
    'geometry, depth and stride',
  );
  assert.ok(info.fix.smem_len >= info.stride * virtualHeight, `smem_len ${info.fix.smem_len} holds the virtual screen`);
  assert.equal(info.fix.line_length, info.stride);
  assert.equal(info.format.name, 'XRGB8888');
  for (const [channel, offset, length] of [
    ['red', 16, 8],
    ['green', 8, 8],
    ['blue', 0, 8],
    ['transp', 0, 0],
  ]) {
    assert.deepEqual([info.format[channel].offset, info.format[channel].length], [offset, length], `${channel} bitfield`);
  }
  process.exit(0);
}

const expectedDriver = { '/dev/fb0': 'bochs-drmdrmfb', '/dev/fb1': 'Virtual FB' };

for (const [device, name] of Object.entries(expectedDriver)) {
  const kernel = fbsetInfo(device);
  const info = await fbkitInfo(device, device === '/dev/fb0');
  console.log(
    `${device}: fbset says ${kernel.id} ${kernel.xres}x${kernel.yres}-${kernel.bitsPerPixel} ${kernel.visual}; fbkit says ${info.id} ${info.mode} ${info.format.name}`,
  );
  assert.equal(kernel.id, name, `${device} is ${name}`);

  // Line by line: everything fbset prints, nothing more, nothing less.
  assert.deepEqual(fbkitLines(info.fbset), fbsetLines(kernel.text), `${device}: fbkit's fbset block vs fbset -i`);

  // fbkit's own decoded view agrees with fbset's numbers.
  assert.equal(info.id, kernel.id);
  assert.deepEqual(
    [info.width, info.height, info.virtualWidth, info.virtualHeight, info.bitsPerPixel],
    [kernel.xres, kernel.yres, kernel.xresVirtual, kernel.yresVirtual, kernel.bitsPerPixel],
    `${device}: geometry`,
  );
  assert.equal(info.stride, kernel.lineLength, `${device}: stride`);
  assert.equal(info.fix.smem_len, kernel.smemLen, `${device}: smem_len`);
  assert.ok(
    info.memoryLength <= kernel.smemLen && info.memoryLength >= kernel.lineLength * kernel.yresVirtual,
    `${device}: mapped length ${info.memoryLength}`,
  );
  assert.equal(info.format.visual.toUpperCase(), kernel.visual, `${device}: visual`);
  assert.equal(info.format.bpp, kernel.bitsPerPixel, `${device}: format bpp`);
  if (kernel.visual === 'TRUECOLOR') {
    for (const channel of ['red', 'green', 'blue', 'transp']) {
      const { offset, length } = info.format[channel];
      assert.deepEqual({ length, offset }, kernel[channel], `${device}: ${channel} bitfield of the decoded format`);
    }
  } else {
    assert.equal(info.format.paletteEntries, 2 ** kernel.bitsPerPixel, `${device}: one palette entry per pixel value`);
  }
}
