/**
 * What Frames.presentNow() costs (the copy from `back` to the screen and the driver calls
 * around it; the wait for vsync is not timed), for a full-screen frame and a 10% damage
 * frame, on three paths, each against Buffer.copy of the same number of bytes:
 *   fbdev copy   bochs-drm's fbdev emulation as found (one page): copy into the visible page
 *   fbdev flip   the same with two pages (bochs-drm-doublebuffer): copy into the hidden page, pan
 *   kms flip     fbkit's KMS backend (display/kms/kms-driver.ts) over a model of a card in
 *                RAM (test/support/fake-kms-card.ts): copy into the hidden dumb buffer,
 *                PAGE_FLIP, DIRTYFB
 * All three write to RAM here: this machine has no display, so what is measured is fbkit's
 * own work per present, not the kernel's ioctls nor writes to video memory. A flip present
 * copies this frame's damage and the previous frame's (the hidden page is two frames old):
 * its bytes are what the reference copies.
 *
 *   node --import tsx bench/kms-present.mjs
 */
import { Framebuffer } from '../src/display/framebuffer.ts';
import { KmsDriver } from '../src/display/kms/kms-driver.ts';
import { Frames } from '../src/present/frames.ts';
import { FakeKmsCard } from '../test/support/fake-kms-card.ts';
import { compare, sampler } from './measure.mjs';

function paths() {
  const card = new FakeKmsCard();
  return {
    'fbdev copy': { fb: Framebuffer.virtual('bochs-drm') },
    'fbdev flip': { fb: Framebuffer.virtual('bochs-drm-doublebuffer') },
    'kms flip': { fb: Framebuffer.fromDriver(KmsDriver.onCard(card)), card },
  };
}

const rows = [];
for (const [name, { fb, card }] of Object.entries(paths())) {
  const frames = Frames.attach(fb, { initial: 'blank' });
  const { width, height } = frames.back;
  const bpp = frames.back.format.bpp / 8;
  const box = { x: width >> 2, y: height >> 2, w: Math.round(width * 0.316), h: Math.round(height * 0.316) };
  for (const [damage, rect] of [
    ['full screen', { x: 0, y: 0, w: width, h: height }],
    ['10% box', box],
  ]) {
    const present = () => {
      frames.damage(rect);
      return frames.presentNow();
    };
    present(); // the previous frame's damage is now `rect` too: every present copies the same
    if (card) card.calls.length = 0;
    const pixels = present();
    const bytes = pixels * bpp;
    const src = Buffer.alloc(bytes, 0x5a);
    const dst = Buffer.alloc(bytes);
    const path = sampler({
      run: () => {
        present();
        if (card) card.calls.length = 0; // the model records every call
      },
      pixels,
    });
    const reference = sampler({ run: () => src.copy(dst), pixels });
    const r = compare(path, reference);
    rows.push({ name, mode: frames.mode, damage, pixels, mpix: r.mpix, refMpix: r.refMpix, ratio: r.ratio });
  }
  frames.close();
  fb.close();
}

console.log(`Frames.presentNow(), node ${process.version} ${process.arch}; MPix/s (this process's CPU time), median of 11 pairs`);
console.log('path         mode  damage       pixels/present    MPix/s  Buffer.copy  ratio');
for (const r of rows) {
  console.log(
    `${r.name.padEnd(12)} ${r.mode.padEnd(5)} ${r.damage.padEnd(12)} ${String(r.pixels).padStart(14)} ${r.mpix.toFixed(0).padStart(9)} ${r.refMpix.toFixed(0).padStart(12)} ${r.ratio.toFixed(2).padStart(6)}`,
  );
}
