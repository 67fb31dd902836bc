/**
 * Which display to open when none is named. Programs that keep running (Frames, splash,
 * kiosks) prefer KMS, for its real page flips: the first /dev/dri/cardN with a connected
 * output whose DRM master is free; else /dev/fb0. One-shot drawing (fill, show, shot)
 * prefers /dev/fb0 where it exists, because what it draws there stays after it exits (a
 * KMS picture goes with its program), and uses KMS where there is no /dev/fb0.
 */
import { existsSync, readdirSync } from 'node:fs';
import { FbkitError, UnsupportedError } from '../errors.js';
import { KernelCard } from './kms/card.js';
import { becomeMaster } from './kms/master.js';
import { listOutputs } from './kms/outputs.js';

export type DisplayPurpose = 'one-shot' | 'long-running';

export interface DisplayChoice {
  path: string;
  backend: 'fbdev' | 'kms';
  /** Why this one, in a sentence. */
  reason: string;
}

export interface DisplayPlaces {
  fb0: string;
  /** The folder of the DRM nodes. */
  dri: string;
}

const PLACES: DisplayPlaces = { fb0: '/dev/fb0', dri: '/dev/dri' };

/** The card nodes in number order: card0, card1... */
export function drmCards(dri = PLACES.dri): string[] {
  let names: string[];
  try {
    names = readdirSync(dri);
  } catch {
    return [];
  }
  return names
    .filter((n) => /^card\d+$/.test(n))
    .sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)))
    .map((n) => `${dri}/${n}`);
}

/** Why `path` cannot drive a display now, or its first connected output's name when it can. */
function probeCard(path: string, needMaster: boolean): { output?: string; problem?: string } {
  let card: KernelCard;
  try {
    card = KernelCard.open(path);
  } catch (err) {
    return { problem: err instanceof FbkitError ? err.message.split('\n')[0] : String(err) };
  }
  try {
    const output = listOutputs(card).find((o) => o.status === 'connected' && o.modes.length > 0);
    if (!output) return { problem: `${path} has no connected output` };
    if (needMaster) becomeMaster(card); // closing the card gives it back
    return { output: output.name };
  } catch (err) {
    return { problem: err instanceof FbkitError ? err.message.split('\n')[0] : String(err) };
  } finally {
    card.close();
  }
}

export function chooseDisplay(purpose: DisplayPurpose, places: DisplayPlaces = PLACES): DisplayChoice {
  const haveFb0 = existsSync(places.fb0);
  if (purpose === 'one-shot' && haveFb0)
    return {
      path: places.fb0,
      backend: 'fbdev',
      reason: `${places.fb0} exists, and what a one-shot command draws there stays after it exits`,
    };
  const skipped: string[] = [];
  for (const path of drmCards(places.dri)) {
    const probe = probeCard(path, purpose === 'long-running');
    if (probe.output) {
      const why =
        purpose === 'long-running'
          ? `${path} has a connected output (${probe.output}) and its DRM master is free: KMS gives real page flips`
          : `there is no ${places.fb0}; ${path} has a connected output (${probe.output})`;
      return { path, backend: 'kms', reason: why };
    }
    skipped.push(probe.problem!);
  }
  if (haveFb0)
    return {
      path: places.fb0,
      backend: 'fbdev',
      reason: `no KMS card could be used${skipped.length ? ` (${skipped.join('; ')})` : ''}; ${places.fb0} exists`,
    };
  throw new UnsupportedError(
    'ENODISPLAY',
    `no display found: no ${places.fb0}${skipped.length ? `, and ${skipped.join('; ')}` : ` and no ${places.dri}/card*`}`,
    'load the display driver (ls /dev/dri /dev/fb*), join the video group, or name one with --device',
  );
}
