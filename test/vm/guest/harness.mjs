// What scenarios import: the project paths, shell helpers, PCI lookup, and the
// request channel to the host (screendumps). A scenario passes by finishing,
// fails by throwing or exiting non-zero, and skips through skip().
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, writeFileSync, writeSync } from 'node:fs';

export { assert };

export const SKIP_EXIT_CODE = 77;
export const project = process.env.FBKIT_PROJECT;
/** The machines.mjs machine this guest is. */
export const machine = process.env.FBKIT_VM_MACHINE;
const exchange = process.env.FBKIT_EXCHANGE;

/** Runs a program (no shell) and returns its stdout; throws with stderr on failure. */
export function run(cmd, ...args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${err.status ?? err.signal}): ${err.stderr || err.message}`);
  }
}

/**
 * Whether the guest's CPU is ARM. Where x86 ignores a device's refusal of an access (edu
 * reads 0xff or drops the write), ARM takes an external abort and the process dies with
 * SIGBUS; and an ARM guest runs busybox but none of the host's x86 tools (fbset, fbcat).
 */
export const onArm = process.arch === 'arm' || process.arch === 'arm64';

/**
 * Runs `source` (an ES module, absolute imports) in a new node process, for an access that
 * may kill it: `{ status, signal, stdout, stderr }`. Costs a node start-up (armhf: 30-45 s).
 */
export function nodeChild(source) {
  const { status, signal, stdout, stderr } = spawnSync(process.execPath, ['--input-type=module', '-e', source], {
    encoding: 'utf8',
  });
  return { status, signal, stdout, stderr };
}

export function skip(reason) {
  console.log(`SKIP: ${reason}`);
  process.exit(SKIP_EXIT_CODE);
}

export function hex(n, digits = 8) {
  return `0x${n.toString(16).padStart(digits, '0')}`;
}

/** Retries fn until it returns without throwing, then returns its value. */
/**
 * Where a picture differs from the expected one: undefined when every pixel is equal, else
 * how many differ and the first ('12 pixels differ, first at 3,4: 0x000000, expected
 * 0xffffff'). `got` and `expected` are (x, y) -> 0xRRGGBB.
 */
export function pictureDifferences(width, height, got, expected) {
  let wrong = 0;
  let first;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (got(x, y) !== expected(x, y)) {
        wrong++;
        first ??= `${x},${y}: ${hex(got(x, y), 6)}, expected ${hex(expected(x, y), 6)}`;
      }
    }
  }
  return wrong === 0 ? undefined : `${wrong} pixels differ, first at ${first}`;
}

export async function retry(fn, { timeoutMs = 10_000, intervalMs = 200 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(intervalMs);
    }
  }
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * The PCI device with this vendor/device id: its sysfs dir and its BARs
 * (from `resource`: start, end, flags per line, in hex).
 */
export function findPciDevice(vendor, device) {
  const root = '/sys/bus/pci/devices';
  for (const slot of readdirSync(root)) {
    const dir = `${root}/${slot}`;
    if (Number(readFileSync(`${dir}/vendor`, 'utf8')) !== vendor) continue;
    if (Number(readFileSync(`${dir}/device`, 'utf8')) !== device) continue;
    const bars = readFileSync(`${dir}/resource`, 'utf8')
      .trim()
      .split('\n')
      .map((line) => {
        const [start, end, flags] = line.split(/\s+/).map((f) => BigInt(f));
        return { start, size: start || end ? end - start + 1n : 0n, flags };
      });
    return { slot, dir, bars };
  }
  throw new Error(`no PCI device ${hex(vendor, 4)}:${hex(device, 4)}`);
}

/** QEMU's edu device: id 0x010000ed at BAR0 offset 0, liveness check at 0x04. */
export const findEdu = () => findPciDevice(0x1234, 0x11e8);

/**
 * Asks the host to do something only it can (see README, "Host requests"):
 * writes requests/<id>.json, waits for replies/<id>.json.
 */
async function requestHost(op, args = {}, { timeoutMs = 30_000 } = {}) {
  const id = `${process.pid}-${nextRequest++}`;
  mkdirSync(`${exchange}/requests`, { recursive: true });
  const path = `${exchange}/requests/${id}.json`;
  writeFileSync(`${path}.tmp`, JSON.stringify({ op, ...args }));
  renameSync(`${path}.tmp`, path); // the host never sees a half-written request
  const replyPath = `${exchange}/replies/${id}.json`;
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(replyPath)) {
    if (Date.now() > deadline) throw new Error(`host did not answer request ${op} ${id}`);
    await sleep(50);
  }
  const reply = JSON.parse(readFileSync(replyPath, 'utf8'));
  if (!reply.ok) throw new Error(`host request ${op} failed: ${reply.error}`);
  return reply;
}
let nextRequest = 1;

/**
 * What an emulated display shows now, via QEMU's screendump: the first display, or
 * `device` (a QEMU device id) and its `head`.
 */
export async function screendump({ device, head } = {}) {
  const { file } = await requestHost('screendump', { device, head });
  return parsePpm(readFileSync(file));
}

/** Runs a QMP command on the host's monitor of this machine (input-send-event, device_del...); its return value. */
export async function qmp(command, args) {
  return (await requestHost('qmp', { command, arguments: args })).result;
}

/**
 * Writes a whole width x height XRGB8888 frame, pixel (x, y) = color(x, y), to `device`
 * with one plain write(): the picture the scenarios' readers are compared against.
 */
export function writeFrame(device, width, height, color) {
  const frame = new Uint32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) frame[y * width + x] = color(x, y);
  const fd = openSync(device, 'w');
  writeSync(fd, new Uint8Array(frame.buffer));
  closeSync(fd);
}

/** fbcat's PPM of `device` (the independent screenshot tool), parsed. */
export function fbcatPpm(device) {
  return parsePpm(execFileSync('fbcat', [device], { maxBuffer: 16 << 20 }));
}

/** A binary PPM (P6, maxval 255) as { width, height, rgb(x, y) -> 0xRRGGBB }. */
function parsePpm(buf) {
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(buf.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('not a P6 PPM with maxval 255');
  const width = Number(header[1]);
  const height = Number(header[2]);
  const data = buf.subarray(header[0].length);
  const rgb = (x, y) => {
    const i = (y * width + x) * 3;
    return (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
  };
  return { width, height, data, rgb };
}

/**
 * The /proc/iomem entries that contain addr, outermost first (nesting is by
 * indentation): the last one is the resource's most specific owner.
 */
export function iomemOwners(addr) {
  const chain = [];
  for (const line of readFileSync('/proc/iomem', 'utf8').split('\n')) {
    const m = /^( *)([0-9a-f]+)-([0-9a-f]+) : (.*)$/.exec(line);
    if (!m) continue;
    // Only a child of the innermost match so far can refine it.
    const depth = m[1].length / 2;
    if (depth !== chain.length) continue;
    if (BigInt(`0x${m[2]}`) <= addr && addr <= BigInt(`0x${m[3]}`)) chain.push(m[4]);
  }
  return chain;
}

/** fbkit's library as built by `npm run build` (test:vm builds first). */
export async function importFbkit() {
  const entry = `${project}/dist/src/index.js`;
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` on the host`);
  return import(entry);
}

/**
 * A RAM framebuffer with a device's own geometry and bitfields (from its `fb.info`): the
 * same drawing on it gives the pixels the device must show.
 */
export async function virtualTwinOf({ var: v, fix }) {
  const { Framebuffer } = await importFbkit();
  return Framebuffer.virtual({
    id: fix.id,
    xres: v.xres,
    yres: v.yres,
    xres_virtual: v.xres_virtual,
    yres_virtual: v.yres_virtual,
    bits_per_pixel: v.bits_per_pixel,
    red: v.red,
    green: v.green,
    blue: v.blue,
    transp: v.transp,
    line_length: fix.line_length,
    visual: fix.visual,
  });
}

/** Runs the fbkit CLI of this checkout and returns its stdout. */
export function fbkit(...args) {
  return run(process.execPath, `${project}/bin/fbkit.js`, ...args);
}

/**
 * The same CLI run inside this process (main.js's run(), what bin/fbkit.js calls):
 * `{ code, stdout, stderr }`. Use it for all but one call per scenario: each new node
 * process costs seconds in the guest (node loading the CLI under TCG over 9p).
 */
export async function fbkitInProcess(...args) {
  const { run: runCli } = await import(`${project}/dist/src/cli/main.js`);
  const collect = (chunks) => ({ write: (chunk) => chunks.push(Buffer.from(chunk)) });
  const out = [];
  const err = [];
  const code = await runCli(args, { stdout: collect(out), stderr: collect(err) });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/** fbkitInProcess that must exit 0 (else the assertion shows the command and its stderr); its stdout. */
export async function fbkitInProcessOk(...args) {
  const { code, stdout, stderr } = await fbkitInProcess(...args);
  assert.equal(code, 0, `fbkit ${args.join(' ')}: ${stderr}`);
  return stdout;
}
