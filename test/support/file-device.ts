/**
 * File-backed framebuffers for CLI tests: each call makes a fresh one from a device
 * fixture in `dir` and returns its --device spec and file.
 */
import { join } from 'node:path';
import { Framebuffer } from '../../src/display/framebuffer.js';

export function fileDevices(dir: string): (fixture?: string) => { spec: string; file: string } {
  let n = 0;
  return (fixture = 'bochs-drm') => {
    const file = join(dir, `fb-${n++}.raw`);
    Framebuffer.virtual(fixture, { file }).close();
    return { spec: `file:${file}`, file };
  };
}
