// A program that took the console (Console.take with fb.screenState() on vfb) and then
// changed fb1's depth gives everything back however it ends: SIGTERM, SIGINT, SIGHUP,
// an uncaught exception, an unhandled rejection. Afterwards KDGETMODE (through
// guest/kd.mjs's tiny koffi binding, not fbkit's) reads KD_TEXT again and `fbset -i`
// shows fb1 exactly as before. While the program runs both are checked to be changed,
// so this can fail.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { assert, project, skip } from '../guest/harness.mjs';
import { fbsetInfo } from '../guest/fbset.mjs';
import { KD_GRAPHICS, KD_TEXT, kdMode } from '../guest/kd.mjs';

if (!existsSync('/dev/tty0')) skip('no /dev/tty0 in the guest (kernel without VT?)');

const child = (how) => `
  const { Console } = await import(${JSON.stringify(`${project}/dist/src/console/console.js`)});
  const { Framebuffer } = await import(${JSON.stringify(`${project}/dist/src/display/framebuffer.js`)});
  const fb = Framebuffer.open('/dev/fb1');
  const con = Console.take({ screen: fb.screenState() });
  if (!con.taken) { console.error('could not take the console: ' + con.reason); process.exit(3); }
  fb.setMode({ bits_per_pixel: 16 });
  setInterval(() => {}, 1000);
  process.stdin.once('data', () => {
    ${how === 'throw' ? "throw new Error('boom');" : how === 'reject' ? "Promise.reject(new Error('nope'));" : ''}
  });
  console.log('ready');
`;

assert.equal(kdMode(), KD_TEXT, 'the VT starts in text mode');
const original = fbsetInfo('/dev/fb1');

for (const how of ['SIGTERM', 'SIGINT', 'SIGHUP', 'throw', 'reject']) {
  const p = spawn(process.execPath, ['--input-type=module', '-e', child(how)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  p.stderr.on('data', (d) => (stderr += d));
  const [line] = await Promise.race([
    once(p.stdout, 'data'),
    once(p, 'exit').then(() => {
      throw new Error(`${how}: child exited early: ${stderr}`);
    }),
  ]);
  assert.equal(String(line).trim(), 'ready', `${how}: ${stderr}`);
  assert.equal(kdMode(), KD_GRAPHICS, `${how}: the program holds the VT in graphics mode`);
  assert.equal(fbsetInfo('/dev/fb1').bitsPerPixel, 16, `${how}: the program changed fb1's depth`);

  if (how.startsWith('SIG')) p.kill(how);
  else p.stdin.write('go\n');
  const [code, signal] = await once(p, 'exit');
  if (how.startsWith('SIG')) assert.equal(signal, how, `${how}: dies of the signal (${stderr})`);
  else assert.equal(code, 1, `${how}: exits 1 (${stderr})`);

  assert.equal(kdMode(), KD_TEXT, `${how}: KD_TEXT again`);
  assert.equal(fbsetInfo('/dev/fb1').text, original.text, `${how}: fb1's var info is the original`);
  console.log(`${how}: restored (KD_TEXT, fb1 ${original.xres}x${original.yres} ${original.bitsPerPixel} bpp)`);
}
