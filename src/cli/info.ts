/**
 * `fbkit info [--device SPEC] [--json] [--no-probe]`: the mode, geometry, memory, format
 * and driver details of a framebuffer, plus what the driver supports, in the spirit of
 * `fbset -i` (whose block is printed too, and mirrored under "fbset" in the JSON).
 */
import type { Command } from 'commander';
import { FbkitError } from '../errors.js';
import type { Bitfield } from '../raster/format.js';
import type { DriverResult, Framebuffer, FramebufferInfo } from '../display/framebuffer.js';
import { fbsetInfo, fbsetText } from '../display/fbset.js';
import { chooseDisplay, drmCards, type DisplayChoice, type DisplayPurpose } from '../display/choose-display.js';
import { readCardInfo, type CardInfo } from '../display/kms/card-info.js';
import { isDrmCard } from '../display/kms/card-path.js';
import { modeLabel } from '../display/kms/outputs.js';
import { DEVICE_HELP } from './args.js';
import { openDevice } from './display-options.js';
import { causeOf, type CliIo } from './io.js';

interface InfoOptions {
  device?: string;
  json?: boolean;
  probe: boolean;
}

type Support = 'yes' | 'no' | 'timeout' | 'not probed';
interface SupportEntry {
  status: Support;
  detail?: string;
}

/** Harmless probes: read the colormap, pan to where the display already is, test the current mode, wait one vsync. */
async function probe(fb: Framebuffer, enabled: boolean): Promise<Record<string, SupportEntry>> {
  const skipped = { status: 'not probed' as const };
  const entry = (r: DriverResult<unknown>): SupportEntry =>
    r.ok ? { status: 'yes' } : { status: r.reason === 'timeout' ? 'timeout' : 'no', detail: `${r.code}: ${r.message}` };
  const { var: v, fix } = fb.info;
  const pan = !enabled
    ? skipped
    : fix.xpanstep === 0 && fix.ypanstep === 0 && fix.ywrapstep === 0
      ? { status: 'no' as const, detail: 'the driver reports no pan steps' }
      : entry(fb.pan(v.xoffset, v.yoffset));
  let modeChange: SupportEntry = skipped;
  if (enabled) {
    try {
      fb.testMode({});
      modeChange = { status: 'yes' };
    } catch (err) {
      if (!(err instanceof FbkitError)) throw err;
      modeChange = { status: 'no', detail: causeOf(err) };
    }
  }
  return {
    colormap: enabled ? entry(fb.getColormap()) : skipped,
    pan,
    vsync: enabled ? entry(await fb.waitForVsync({ timeoutMs: 100 })) : skipped,
    modeChange,
    // Blanking cannot be tried without blanking the screen.
    blank: { status: 'not probed', detail: 'trying it would blank the screen' },
  };
}

const field = (b: Bitfield) => ({ offset: b.offset, length: b.length, msbRight: b.msbRight });

function report(info: FramebufferInfo, supports: Record<string, SupportEntry>) {
  const { format, var: v, fix } = info;
  const { reserved: _vr, ...vars } = v;
  const { reserved: _fr, ...fixes } = fix;
  return {
    device: info.path,
    id: info.id,
    mode: `${info.width}x${info.height}`,
    width: info.width,
    height: info.height,
    virtualWidth: info.virtualWidth,
    virtualHeight: info.virtualHeight,
    xoffset: info.xoffset,
    yoffset: info.yoffset,
    bitsPerPixel: info.bitsPerPixel,
    stride: info.stride,
    memoryLength: info.memoryLength,
    access: info.access,
    format: {
      name: format.name,
      bpp: format.bpp,
      visual: format.visual,
      grayscale: format.grayscale,
      bitOrder: format.bitOrder,
      red: field(format.red),
      green: field(format.green),
      blue: field(format.blue),
      transp: field(format.transp),
      paletteEntries: format.palette?.length ?? 0,
    },
    var: { ...vars, reserved: [...v.reserved] },
    fix: {
      ...fixes,
      smem_start: `0x${fix.smem_start.toString(16)}`,
      mmio_start: `0x${fix.mmio_start.toString(16)}`,
      reserved: [...fix.reserved],
    },
    fbset: fbsetInfo(v, fix),
    supports,
  };
}

/** Drivers say "unknown" with 0 or with -1 stored in the u32. */
function physicalSize(width: number, height: number): string {
  const unknown = (n: number) => n === 0 || n === 0xffffffff;
  return unknown(width) || unknown(height) ? 'unknown (the driver does not report it)' : `${width}x${height} mm`;
}

function text(r: ReturnType<typeof report>): string {
  const f = r.format;
  const bits = (name: string, b: { offset: number; length: number; msbRight: boolean }) =>
    `${name} ${b.length}@${b.offset}${b.msbRight ? ' (msb right)' : ''}`;
  const rowBytes = Math.ceil((r.width * r.bitsPerPixel) / 8);
  const lines = [
    `${r.device}: ${r.id}`,
    `  mode        ${r.mode}, ${r.bitsPerPixel} bpp, ${f.name}`,
    `  virtual     ${r.virtualWidth}x${r.virtualHeight}, visible page at ${r.xoffset},${r.yoffset}`,
    `  stride      ${r.stride} bytes per line (${rowBytes} of pixels, ${r.stride - rowBytes} padding)`,
    `  memory      ${r.memoryLength} bytes (smem_len ${r.fix.smem_len}) at ${r.fix.smem_start}, access ${r.access}`,
    `  format      ${f.name}: ${[bits('red', f.red), bits('green', f.green), bits('blue', f.blue), bits('transp', f.transp)].join(', ')}` +
      `${f.grayscale ? ', grayscale' : ''}${f.paletteEntries ? `, ${f.paletteEntries}-entry palette` : ''}${f.bpp < 8 ? `, ${f.bitOrder}` : ''}`,
    `  visual      ${r.fbset.visual}, type ${r.fbset.type}`,
    `  panning     xpanstep ${r.fbset.xpanstep}, ypanstep ${r.fbset.ypanstep}, ywrapstep ${r.fbset.ywrapstep}`,
    `  accel       ${r.fbset.accelerator} (${r.fix.accel})`,
    `  size        ${physicalSize(r.var.width, r.var.height)}`,
    `  supports    ${Object.entries(r.supports)
      .map(([k, s]) => `${k}: ${s.status}`)
      .join(', ')}`,
    ...Object.entries(r.supports)
      .filter(([, s]) => s.detail && s.status !== 'yes')
      .map(([k, s]) => `              ${k}: ${s.detail}`),
    '',
  ];
  return `${lines.join('\n')}\n${fbsetText(r.fbset)}`;
}

/** A card's outputs as JSON: modes as 'WxH@Hz' labels, the preferred one first. */
function cardReport(card: CardInfo) {
  return {
    device: card.path,
    backend: 'kms',
    driver: card.driver,
    dumbBuffers: card.dumbBuffers,
    preferShadow: card.preferShadow,
    preferredDepth: card.preferredDepth,
    outputs: card.outputs.map((o) => ({
      name: o.name,
      status: o.status,
      monitor: o.monitor ?? null,
      mm: `${o.mmWidth}x${o.mmHeight}`,
      crtc: o.crtcId || null,
      modes: o.modes.map((m) => `${modeLabel(m)}${m.type & 8 ? ' (preferred)' : ''}`),
    })),
  };
}

function cardText(r: ReturnType<typeof cardReport>): string {
  const lines = [
    `${r.device}: KMS, driver ${r.driver}`,
    `  dumb buffers ${r.dumbBuffers ? 'yes' : 'no'}, prefers a shadow ${r.preferShadow ? 'yes' : 'no'}, preferred depth ${r.preferredDepth}`,
    ...r.outputs.flatMap((o) => [
      `  ${o.name.padEnd(12)}${o.status}${o.monitor ? `, monitor ${o.monitor}` : ''}${o.crtc ? `, shown by CRTC ${o.crtc}` : ''}, ${o.mm} mm`,
      ...(o.modes.length ? [`    modes ${o.modes.join(', ')}`] : []),
    ]),
  ];
  return `${lines.join('\n')}\n`;
}

/** Which device each kind of program would open, and why (or why none). */
function choices(): Record<DisplayPurpose, DisplayChoice | { error: string }> {
  const one = (purpose: DisplayPurpose) => {
    try {
      return chooseDisplay(purpose);
    } catch (err) {
      if (err instanceof FbkitError) return { error: causeOf(err) };
      throw err;
    }
  };
  return { 'one-shot': one('one-shot'), 'long-running': one('long-running') };
}

function choicesText(c: ReturnType<typeof choices>): string {
  const line = (label: string, x: DisplayChoice | { error: string }) =>
    'error' in x ? `  ${label}: none (${x.error})` : `  ${label}: ${x.path} (${x.backend}): ${x.reason}`;
  return `backend chosen without --device\n${line('one-shot (fill, show, shot)', c['one-shot'])}\n${line('long-running (splash, Frames)', c['long-running'])}\n\n`;
}

export function register(program: Command, io: CliIo): void {
  program
    .command('info')
    .description("show the framebuffer's mode, geometry, memory, pixel format and driver details (like fbset -i)")
    .option('--device <spec>', DEVICE_HELP)
    .option('--json', "print one JSON object (kernel field names under var/fix, fbset's fields under fbset)")
    .option('--no-probe', 'do not try the optional ioctls (colormap read, pan in place, mode test, one vsync wait)')
    .action(async (opts: InfoOptions) => {
      const chosen = opts.device === undefined ? choices() : undefined;
      const oneShot = chosen?.['one-shot'];
      if (oneShot && 'error' in oneShot) chooseDisplay('one-shot'); // throws the error, with its hint
      const path = opts.device ?? (oneShot as DisplayChoice).path;
      // Every card's outputs when none was named: a second screen shows here too.
      const cards = opts.device === undefined ? drmCards() : isDrmCard(path) ? [path] : [];
      const cardReports = cards.map((card) => cardReport(readCardInfo(card)));
      let device: ReturnType<typeof report> | undefined;
      if (!isDrmCard(path)) {
        const fb = openDevice(path, { writable: false });
        try {
          device = report(fb.info, await probe(fb, opts.probe));
        } finally {
          fb.close();
        }
      }
      if (opts.json) {
        // One device named: its report alone. None named: the chosen device's report (as
        // before KMS), with the choices and every card's outputs beside it.
        const json = chosen ? { ...(device ?? cardReports[0]), chosen, cards: cardReports } : (device ?? cardReports[0]);
        io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
        return;
      }
      io.stdout.write(
        `${chosen ? choicesText(chosen) : ''}${device ? text(device) : ''}${device && cardReports.length ? '\n' : ''}${cardReports.map(cardText).join('\n')}`,
      );
    });
}
