// @machines virtio-gpu
// virtio-gpu with two heads, each opened as its own display from one process: Virtual-1
// and Virtual-2 (forced connected through sysfs) show different pictures at once, each
// head's QMP screendump equal to what was drawn on it. virtio-gpu shows nothing drawn
// into a buffer until it is told: Framebuffer.flush() (DIRTYFB) is what brings it to
// the screen. Then Frames with vsync on both heads at once: every present of each ends in
// its own flip event (the two share the card's descriptor and its events), and each head
// shows its own frame.
import { writeFileSync } from 'node:fs';
import { assert, pictureDifferences, hex, importFbkit, retry, screendump } from '../guest/harness.mjs';

const { Framebuffer, Frames } = await importFbkit();

writeFileSync('/sys/class/drm/card0-Virtual-2/status', 'on');

async function expectHead(head, fb, expected, what) {
  const { width, height } = fb.info;
  await retry(async () => {
    const shot = await screendump({ device: 'gpu', head });
    assert.deepEqual([shot.width, shot.height], [width, height], `head ${head} size`);
    assert.equal(pictureDifferences(width, height, shot.rgb, expected), undefined, `head ${head}: ${what}`);
  });
}

// The forced head offers modes up to 5120x2160 and marks none preferred: ask for a small one.
const heads = [
  Framebuffer.open('/dev/dri/card0', { output: 'Virtual-1' }),
  Framebuffer.open('/dev/dri/card0', { output: 'Virtual-2', mode: '1024x768' }),
];
for (const fb of heads)
  console.log(`${fb.output}: ${fb.info.width}x${fb.info.height} ${fb.info.format.name} on ${fb.info.id}, access ${fb.info.access}`);
for (const fb of heads) assert.equal(fb.info.id, 'virtio_gpu', 'the driver named by DRM_IOCTL_VERSION');

// Different pictures: a gradient on one head, bars on the other.
const pictures = [(x, y) => ((x & 0xff) << 16) | ((y & 0xff) << 8) | 0x80, (x, y) => ((x >> 5) & 1 ? 0x2060e0 : 0xe06020) ^ (y & 0x10)];
heads.forEach((fb, i) => {
  const s = fb.surface;
  for (let y = 0; y < s.height; y++) for (let x = 0; x < s.width; x++) s.setPixel(x, y, (0xff000000 | pictures[i](x, y)) >>> 0);
  fb.flush();
});
for (const [i, fb] of heads.entries()) await expectHead(i, fb, pictures[i], 'drawn and flushed');
console.log('both heads show their own picture after flush (DIRTYFB)');

// Frames with vsync on both heads at once. (Each used to wait for the card's events on its
// own, and one could sleep after the other had read its event: both timed out, once in
// several runs. The wait is now shared per card.)
const frames = heads.map((fb) => Frames.attach(fb, { vsync: { timeoutMs: 2000 }, initial: 'blank' }));
for (const f of frames) assert.equal(f.mode, 'flip', f.flipUnavailable);
for (let n = 0; n < 3; n++) {
  const colors = [0x101010 * (n + 1), 0xff0000 >> (8 * n)];
  const results = await Promise.all(
    frames.map((f, i) => {
      f.back.fillRect({ x: 0, y: 0, w: f.back.width, h: f.back.height }, (0xff000000 | colors[i]) >>> 0);
      f.damageAll();
      return f.present();
    }),
  );
  // This present's own flips end at the next waits, which must come back with their events.
  const waits = await Promise.all(heads.map((fb) => fb.waitForVsync({ timeoutMs: 2000 })));
  assert.ok(
    waits.every((w) => w.ok),
    `frame ${n}: each head's flip ended in its event: ${JSON.stringify(waits)}; presents ${JSON.stringify(results)}`,
  );
  for (const [i, fb] of heads.entries()) await expectHead(i, fb, () => colors[i], `frame ${n}`);
  console.log(`frame ${n}: both flips ended in their events; heads show ${colors.map((c) => hex(c, 6)).join(' and ')}`);
}
for (const f of frames) f.close();
for (const fb of heads) fb.close();
