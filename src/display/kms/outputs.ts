/**
 * A card's outputs (connectors) as a person names them, and the choices made when one is
 * opened: which output (--output NAME, else the first connected one), which mode
 * (--mode WxH[@Hz], else the preferred one) and which CRTC drives it.
 */
import { readFileSync } from 'node:fs';
import { ArgumentError, UnsupportedError } from '../../errors.js';
import { connectorName, DRM_MODE_CONNECTION, DRM_MODE_TYPE_PREFERRED, type ModeInfo } from '../../sys/linux-drm.js';
import type { KmsCard } from './card.js';
import { edidMonitorName } from './edid.js';

export interface KmsOutput {
  /** The connector's name as sysfs shows it: 'Virtual-1', 'HDMI-A-1'. */
  readonly name: string;
  readonly connectorId: number;
  readonly status: 'connected' | 'disconnected' | 'unknown';
  readonly modes: readonly ModeInfo[];
  /** Physical size in millimetres (0: unknown). */
  readonly mmWidth: number;
  readonly mmHeight: number;
  /** The monitor's name from its EDID, where it has one. */
  readonly monitor?: string;
  /** The CRTC showing something on it now (0: none). */
  readonly crtcId: number;
  /** The CRTCs its encoders can use, in the card's order. */
  readonly possibleCrtcs: readonly number[];
}

const STATUS = new Map<number, KmsOutput['status']>([
  [DRM_MODE_CONNECTION.CONNECTED, 'connected'],
  [DRM_MODE_CONNECTION.DISCONNECTED, 'disconnected'],
]);

/** Every connector of the card, in the kernel's order. `sysfs`: where the connectors' edid files are. */
export function listOutputs(card: KmsCard, sysfs = '/sys/class/drm'): KmsOutput[] {
  const res = card.resources();
  return res.connectors.map((id) => {
    const c = card.connector(id);
    const name = connectorName(c.connector_type, c.connector_type_id);
    const encoders = c.encoders.map((e) => card.encoder(e));
    const current = encoders.find((e) => e.encoder_id === c.encoder_id);
    const possible = new Set<number>();
    for (const e of encoders) res.crtcs.forEach((crtc, i) => (e.possible_crtcs & (1 << i) ? possible.add(crtc) : undefined));
    return {
      name,
      connectorId: id,
      status: STATUS.get(c.connection) ?? 'unknown',
      modes: c.modes,
      mmWidth: c.mm_width,
      mmHeight: c.mm_height,
      monitor: monitorName(`${sysfs}/${card.name}-${name}/edid`),
      crtcId: current?.crtc_id ?? 0,
      possibleCrtcs: res.crtcs.filter((crtc) => possible.has(crtc)),
    };
  });
}

function monitorName(file: string): string | undefined {
  try {
    return edidMonitorName(readFileSync(file));
  } catch {
    return undefined; // no sysfs, or a connector without EDID
  }
}

/** '1280x800@60'. */
export function modeLabel(m: ModeInfo): string {
  return `${m.hdisplay}x${m.vdisplay}@${m.vrefresh}`;
}

export interface ModeSpec {
  width: number;
  height: number;
  refresh?: number;
}

/** `WxH` or `WxH@Hz`. */
export function parseModeSpec(text: string): ModeSpec {
  const m = /^(\d+)x(\d+)(?:@(\d+(?:\.\d+)?))?$/.exec(text.trim());
  if (!m) throw new ArgumentError('EMODE', `mode '${text}' is not WxH or WxH@Hz`, 'write e.g. 1280x800 or 1920x1080@60');
  return { width: Number(m[1]), height: Number(m[2]), refresh: m[3] === undefined ? undefined : Number(m[3]) };
}

/** The output named `name`, or the first connected one. */
export function chooseOutput(outputs: readonly KmsOutput[], path: string, name?: string): KmsOutput {
  const list = outputs.map((o) => `${o.name} (${o.status})`).join(', ') || 'none';
  if (name !== undefined) {
    const found = outputs.find((o) => o.name.toLowerCase() === name.toLowerCase());
    if (!found) throw new ArgumentError('EOUTPUT', `${path} has no output '${name}'`, `its outputs: ${list}`);
    if (found.status === 'disconnected')
      throw new UnsupportedError(
        'ENOOUTPUT',
        `output ${found.name} of ${path} is disconnected`,
        `plug a display in, or force it on: echo on > /sys/class/drm/<card>-${found.name}/status`,
      );
    return found;
  }
  const connected = outputs.find((o) => o.status === 'connected' && o.modes.length > 0);
  if (!connected)
    throw new UnsupportedError(
      'ENOOUTPUT',
      `${path} has no connected output`,
      `plug a display in (outputs: ${list}), or pick one with --output NAME`,
    );
  return connected;
}

/** The mode `spec` asks for (the first of that size, or of that size and refresh), or the preferred mode. */
export function chooseMode(output: KmsOutput, spec?: ModeSpec): ModeInfo {
  if (output.modes.length === 0)
    throw new UnsupportedError(
      'EMODE',
      `output ${output.name} reports no modes`,
      'check the cable, or force a mode with video= on the kernel command line',
    );
  if (spec === undefined) return output.modes.find((m) => (m.type & DRM_MODE_TYPE_PREFERRED) !== 0) ?? output.modes[0]!;
  const found = output.modes.find(
    (m) =>
      m.hdisplay === spec.width && m.vdisplay === spec.height && (spec.refresh === undefined || Math.abs(m.vrefresh - spec.refresh) < 1),
  );
  if (!found) {
    const asked = `${spec.width}x${spec.height}${spec.refresh === undefined ? '' : `@${spec.refresh}`}`;
    const have = [...new Set(output.modes.map(modeLabel))].join(', ');
    throw new ArgumentError('EMODE', `output ${output.name} has no mode ${asked}`, `its modes: ${have}`);
  }
  return found;
}

/**
 * The CRTC to drive `output`: the one already showing it, else one it can use that no
 * other output is using now.
 */
export function chooseCrtc(outputs: readonly KmsOutput[], output: KmsOutput, path: string): number {
  if (output.crtcId !== 0) return output.crtcId;
  const busy = new Set(outputs.filter((o) => o !== output && o.crtcId !== 0).map((o) => o.crtcId));
  const free = output.possibleCrtcs.find((c) => !busy.has(c));
  if (free === undefined)
    throw new UnsupportedError(
      'EBUSY',
      `no display controller (CRTC) of ${path} is free for ${output.name}: each one it can use shows another output`,
      'turn another output off, or draw on the output that CRTC shows',
    );
  return free;
}
