/**
 * The mode and device information as `fbset -i` presents it, both as data (one field per
 * line of fbset's output, with fbset's spelling of the values) and as text laid out like
 * fbset's, so fbkit's answer can be compared with fbset's field by field.
 */
import { accelLabel, FB_SYNC, FB_TYPE, FB_VISUAL, FB_VMODE, nameOf, type FixScreeninfo, type VarScreeninfo } from '../sys/linux-fb.js';

export interface FbsetInfo {
  /** "1280x800", or "640x480-60" when the driver gives timings (refresh rounded). */
  mode: string;
  /** D/H/V rates when pixclock is known: `# D: 50.000 MHz, H: 97.656 kHz, V: 367.129 Hz`. */
  rates: string | null;
  /** xres yres vxres vyres depth. */
  geometry: [number, number, number, number, number];
  /** pixclock left right upper lower hslen vslen. */
  timings: [number, number, number, number, number, number, number];
  /** Flags fbset prints only when set: 'hsync high', 'laced true', 'accel true', 'nonstd 2'... */
  flags: string[];
  /** "8/16,8/8,8/0,0/0": length/offset of red, green, blue, transp. */
  rgba: string;
  name: string;
  /** fbset prints 0 as "0" and anything else as 0x-hex. */
  address: string;
  size: number;
  type: string;
  visual: string;
  xpanstep: number;
  ypanstep: number;
  ywrapstep: number;
  linelength: number;
  /** Only when the driver reports MMIO (mmio_len != 0). */
  mmio: { address: string; size: number } | null;
  accelerator: string;
}

const hex = (n: bigint): string => (n === 0n ? '0' : `0x${n.toString(16)}`);

function typeLabel(fix: FixScreeninfo): string {
  switch (fix.type) {
    case FB_TYPE.PACKED_PIXELS:
      return 'PACKED PIXELS';
    case FB_TYPE.PLANES:
      return 'PLANES';
    case FB_TYPE.INTERLEAVED_PLANES:
      return `INTERLEAVED PLANES (${fix.type_aux} bytes interleave)`;
    case FB_TYPE.TEXT:
      return `TEXT (aux ${fix.type_aux})`;
    case FB_TYPE.VGA_PLANES:
      return `VGA PLANES (aux ${fix.type_aux})`;
    default:
      return `${fix.type} (UNKNOWN)`;
  }
}

function visualLabel(visual: number): string {
  const name = nameOf(FB_VISUAL, visual);
  if (name === String(visual) || visual === FB_VISUAL.FOURCC) return `${visual} (UNKNOWN)`;
  return name.replace('_', ' ');
}

/** fbset's scan rates: dot clock from pixclock, line and frame rates from the totals. */
function rates(v: VarScreeninfo): { drate: number; hrate: number; vrate: number } | null {
  if (!v.pixclock) return null;
  const htotal = v.left_margin + v.xres + v.right_margin + v.hsync_len;
  let vtotal = v.upper_margin + v.yres + v.lower_margin + v.vsync_len;
  if (v.vmode & FB_VMODE.DOUBLE) vtotal *= 4;
  else if (!(v.vmode & FB_VMODE.INTERLACED)) vtotal *= 2;
  if (!htotal || !vtotal) return null;
  const drate = 1e12 / v.pixclock;
  const hrate = drate / htotal;
  return { drate, hrate, vrate: (hrate / vtotal) * 2 };
}

export function fbsetInfo(v: VarScreeninfo, fix: FixScreeninfo): FbsetInfo {
  const r = rates(v);
  const flags: string[] = [];
  if (v.sync & FB_SYNC.HOR_HIGH_ACT) flags.push('hsync high');
  if (v.sync & FB_SYNC.VERT_HIGH_ACT) flags.push('vsync high');
  if (v.sync & FB_SYNC.COMP_HIGH_ACT) flags.push('csync high');
  if (v.sync & FB_SYNC.ON_GREEN) flags.push('gsync true');
  if (v.sync & FB_SYNC.EXT) flags.push('extsync true');
  if (v.sync & FB_SYNC.BROADCAST) flags.push('bcast true');
  if (v.vmode & FB_VMODE.INTERLACED) flags.push('laced true');
  if (v.vmode & FB_VMODE.DOUBLE) flags.push('double true');
  if (v.nonstd) flags.push(`nonstd ${v.nonstd}`);
  if (v.accel_flags) flags.push('accel true');
  if (v.grayscale) flags.push('grayscale true');
  const f = (b: { length: number; offset: number }) => `${b.length}/${b.offset}`;
  return {
    mode: `${v.xres}x${v.yres}${r ? `-${Math.round(r.vrate)}` : ''}`,
    rates: r ? `D: ${(r.drate / 1e6).toFixed(3)} MHz, H: ${(r.hrate / 1e3).toFixed(3)} kHz, V: ${r.vrate.toFixed(3)} Hz` : null,
    geometry: [v.xres, v.yres, v.xres_virtual, v.yres_virtual, v.bits_per_pixel],
    timings: [v.pixclock, v.left_margin, v.right_margin, v.upper_margin, v.lower_margin, v.hsync_len, v.vsync_len],
    flags,
    rgba: [v.red, v.green, v.blue, v.transp].map(f).join(','),
    name: fix.id,
    address: hex(fix.smem_start),
    size: fix.smem_len,
    type: typeLabel(fix),
    visual: visualLabel(fix.visual),
    xpanstep: fix.xpanstep,
    ypanstep: fix.ypanstep,
    ywrapstep: fix.ywrapstep,
    linelength: fix.line_length,
    mmio: fix.mmio_len ? { address: hex(fix.mmio_start), size: fix.mmio_len } : null,
    accelerator: accelLabel(fix.accel),
  };
}

/** The same information in fbset -i's layout. */
export function fbsetText(i: FbsetInfo): string {
  const lines = [
    `mode "${i.mode}"`,
    ...(i.rates ? [`    # ${i.rates}`] : []),
    `    geometry ${i.geometry.join(' ')}`,
    `    timings ${i.timings.join(' ')}`,
    ...i.flags.map((flag) => `    ${flag}`),
    `    rgba ${i.rgba}`,
    'endmode',
    '',
    'Frame buffer device information:',
    `    Name        : ${i.name}`,
    `    Address     : ${i.address}`,
    `    Size        : ${i.size}`,
    `    Type        : ${i.type}`,
    `    Visual      : ${i.visual}`,
    `    XPanStep    : ${i.xpanstep}`,
    `    YPanStep    : ${i.ypanstep}`,
    `    YWrapStep   : ${i.ywrapstep}`,
    `    LineLength  : ${i.linelength}`,
    ...(i.mmio ? [`    MMIO Address: ${i.mmio.address}`, `    MMIO Size   : ${i.mmio.size}`] : []),
    `    Accelerator : ${i.accelerator}`,
  ];
  return `${lines.join('\n')}\n`;
}
