/** Which device paths name a DRM card, told apart before anything is opened. */
import { realpathSync } from 'node:fs';

/** /dev/dri/cardN, directly or through a link (/dev/dri/by-path/...-card). */
export function isDrmCard(path: string): boolean {
  return /^\/dev\/dri\/card\d+$/.test(resolved(path));
}

/** /dev/dri/renderDN: a render node, which has no display. */
export function isDrmRenderNode(path: string): boolean {
  return /^\/dev\/dri\/renderD\d+$/.test(resolved(path));
}

function resolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
