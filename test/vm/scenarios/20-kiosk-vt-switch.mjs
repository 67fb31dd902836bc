// A kiosk holding the console survives the user switching VTs. The program takes the
// VT on screen (Console.takeFor on /dev/fb0, VT_PROCESS switching), fills the screen
// with a known color, then presents its top-left corner ten times a second. `chvt` to
// another VT: the program reports it was released, and the screendump shows that VT's
// text console (fbcon clears it; no getty runs there) instead of our color, although
// the program keeps presenting. `chvt` back: the program repaints everything and the
// screendump shows our color all over again. After SIGTERM the VT is KD_TEXT and
// VT_AUTO again. VT_GETMODE/KDGETMODE come from guest/kd.mjs's own koffi binding, the
// screen from QEMU. All of it twice: on /dev/fb0 and through KMS on /dev/dri/card0 (there
// the program drops DRM master on release and takes it back and sets its mode again on
// acquire; fbcon shows the other VT either way, as it sets its own mode on a switch even
// while another program is master: that master is given up is proven by 28).
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { assert, hex, project, retry, screendump, skip } from '../guest/harness.mjs';
import { activeVt, KD_GRAPHICS, KD_TEXT, kdMode, VT_AUTO, VT_PROCESS, vtMode } from '../guest/kd.mjs';

if (!existsSync('/dev/tty0')) skip('no /dev/tty0 in the guest (kernel without VT?)');

const color = 0x2a9d8f;
const home = activeVt();
const other = home === 2 ? 3 : 2;
assert.equal(kdMode(), KD_TEXT, 'the VT starts in text mode');
assert.equal(vtMode(home).mode, VT_AUTO, 'the VT starts in VT_AUTO');

for (const device of ['/dev/fb0', '/dev/dri/card0']) {
  console.log(`--- ${device}`);
  const program = `
  const { Console } = await import(${JSON.stringify(`${project}/dist/src/console/console.js`)});
  const { Frames } = await import(${JSON.stringify(`${project}/dist/src/present/frames.js`)});
  const { Framebuffer } = await import(${JSON.stringify(`${project}/dist/src/display/framebuffer.js`)});
  const fb = Framebuffer.open(${JSON.stringify(device)});
  const con = Console.takeFor(fb, { required: true });
  const frames = Frames.attach(fb, { console: con, initial: 'blank' });
  con.on('release', () => console.log('released'));
  con.on('acquire', () => console.log('acquired'));
  frames.back.clear((0xff000000 | ${color}) >>> 0);
  frames.damageAll();
  frames.presentNow();
  // Presents a corner all the time, so a release that did not stop presents would show on
  // tty${other}; only the corner, so the rest comes back only if acquire repaints it all.
  const corner = { x: 0, y: 0, w: 48, h: 48 };
  setInterval(() => { frames.back.fillRect(corner, (0xff000000 | ${color}) >>> 0); frames.damage(corner); frames.presentNow(); }, 100);
  console.log('ready');
`;
  const p = spawn(process.execPath, ['--input-type=module', '-e', program], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  p.stdout.on('data', (d) => (stdout += d));
  p.stderr.on('data', (d) => (stderr += d));
  const exited = once(p, 'exit');
  const said = (line) =>
    retry(
      () => {
        assert.equal(p.exitCode ?? p.signalCode, null, `the program ended early: ${stderr}`);
        assert.ok(
          stdout.split('\n').includes(line),
          `the program has not said "${line}" (stdout: ${JSON.stringify(stdout)}, stderr: ${stderr})`,
        );
      },
      { timeoutMs: 30_000 },
    );

  /** Share of a grid of screen points that show our color. */
  async function ourShare() {
    const img = await screendump();
    let ours = 0;
    let all = 0;
    for (let y = 5; y < img.height; y += 40) for (let x = 5; x < img.width; x += 40, all++) if (img.rgb(x, y) === color) ours++;
    return { share: ours / all, sample: hex(img.rgb(640, 400), 6) };
  }

  // chvt waits (VT_WAITACTIVE) until the switch is done, i.e. until the program answered.
  const chvt = (n) => execFileSync('busybox', ['chvt', String(n)], { timeout: 20_000, stdio: ['ignore', 'pipe', 'pipe'] });

  try {
    await said('ready');
    assert.equal(kdMode(), KD_GRAPHICS, 'the program holds the VT in graphics mode');
    const held = vtMode(home);
    assert.deepEqual(
      [held.mode, held.relsig, held.acqsig],
      [VT_PROCESS, constants.signals.SIGUSR2, constants.signals.SIGUSR2],
      'VT_PROCESS with SIGUSR2 while it runs',
    );
    await retry(async () => assert.equal((await ourShare()).share, 1, 'our color fills the screen'));

    chvt(other);
    assert.equal(activeVt(), other, `tty${other} is on screen`);
    await said('released');
    // Half a second of the program's presents had their chance to show up.
    await new Promise((r) => setTimeout(r, 500));
    await retry(async () => {
      const { share, sample } = await ourShare();
      assert.equal(share, 0, `tty${other}'s console, not our color, is on screen (center ${sample})`);
    });
    console.log(`chvt ${other}: released, the screen shows tty${other}`);

    chvt(home);
    await said('acquired');
    await retry(async () => assert.equal((await ourShare()).share, 1, 'our color is back everywhere'));
    assert.equal(kdMode(), KD_GRAPHICS, 'graphics mode again on our VT');
    console.log(`chvt ${home}: acquired and repainted`);

    p.kill('SIGTERM');
    const [, signal] = await exited;
    assert.equal(signal, 'SIGTERM', `dies of SIGTERM (${stderr})`);
    assert.equal(kdMode(), KD_TEXT, 'KD_TEXT after SIGTERM');
    assert.equal(vtMode(home).mode, VT_AUTO, 'VT_AUTO after SIGTERM');
    console.log('SIGTERM: KD_TEXT and VT_AUTO again');
  } finally {
    if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    if (activeVt() !== home) chvt(home);
  }
}
