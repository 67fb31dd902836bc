// Input helpers for the scenarios of the pc-input machine: QEMU's devices by name, taps and
// keys through QMP, and waiting for fbkit's events.
import { readdirSync, readFileSync } from 'node:fs';
import { qmp } from './harness.mjs';

/** The /dev/input/eventN whose name (sysfs) matches, e.g. /Virtio Tablet/ (QEMU's virtio-tablet-pci). */
export function eventNode(pattern) {
  for (const node of readdirSync('/sys/class/input').filter((n) => /^event\d+$/.test(n))) {
    const name = readFileSync(`/sys/class/input/${node}/device/name`, 'utf8').trim();
    if (pattern.test(name)) return `/dev/input/${node}`;
  }
  throw new Error(`no input device named ${pattern}; have ${readdirSync('/sys/class/input').join(' ')}`);
}

/** Press (and release unless `down` only) QEMU's tablet at abs (x, y), 0..32767. */
export async function tap(x, y, { press = true, release = true } = {}) {
  const abs = [
    { type: 'abs', data: { axis: 'x', value: x } },
    { type: 'abs', data: { axis: 'y', value: y } },
  ];
  if (press) await qmp('input-send-event', { events: [...abs, { type: 'btn', data: { down: true, button: 'left' } }] });
  if (release) await qmp('input-send-event', { events: [...abs, { type: 'btn', data: { down: false, button: 'left' } }] });
}

/** Types QEMU key codes (qcodes: 'a', 'shift', 'ret'...), each a chord pressed together. */
export async function keys(...chords) {
  for (const chord of chords) await qmp('send-key', { keys: chord.split('+').map((k) => ({ type: 'qcode', data: k })) });
}

/** The next events of `source` matching `keep`, `n` of them, or an error naming what came. */
export function nextEvents(source, n, keep = () => true, ms = 20_000) {
  return new Promise((resolve, reject) => {
    const got = [];
    const seen = [];
    const timer = setTimeout(() => {
      source.off('event', listener);
      reject(
        new Error(`only ${got.length} of ${n} events came in ${ms} ms: ${JSON.stringify(got)}; all: ${JSON.stringify(seen.slice(-20))}`),
      );
    }, ms);
    const listener = (e) => {
      seen.push(e);
      if (!keep(e)) return;
      got.push(e);
      if (got.length === n) {
        clearTimeout(timer);
        source.off('event', listener);
        resolve(got);
      }
    };
    source.on('event', listener);
  });
}

/** The event without its device and time, for comparisons. */
export const bare = ({ device: _d, time: _t, ...rest }) => rest;
