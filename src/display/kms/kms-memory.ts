/**
 * The pixels of a KMS framebuffer: one dumb buffer holding every page, mapped. flush()
 * tells the driver which lines changed with DIRTYFB, which drivers that copy or upload
 * the picture need (virtio-gpu, USB and SPI displays, shadowed VRAM); a driver without it
 * answers ENOSYS once and is not asked again.
 *
 * Where the driver prefers a shadow (DRM_CAP_DUMB_PREFER_SHADOW: the buffer is uncached
 * VRAM, slow to read), drawing happens in RAM and flush() copies the changed lines over.
 */
import { ClosedError } from '../../errors.js';
import { SysError } from '../../sys/sys-error.js';
import type { FbMemory } from '../memory.js';
import type { CardMapping, KmsCard } from './card.js';

/** Where each page of the buffer sits and which framebuffer object shows it. */
export interface PageLayout {
  readonly stride: number;
  readonly width: number;
  /** Lines per page. */
  readonly height: number;
  /** One framebuffer id per page, top page first. */
  readonly fbIds: readonly number[];
}

const NO_DIRTYFB = new Set(['ENOSYS', 'EOPNOTSUPP', 'ENOTTY']);

export class KmsMemory implements FbMemory {
  readonly kind: 'mmap' | 'shadow';
  readonly length: number;
  #mapping: CardMapping | undefined;
  #shadow: Uint8Array | undefined;
  #dirtyFb = true;

  constructor(
    private readonly card: KmsCard,
    mapping: CardMapping,
    private readonly pages: PageLayout,
    shadow: boolean,
  ) {
    this.#mapping = mapping;
    this.length = mapping.bytes().length;
    this.kind = shadow ? 'shadow' : 'mmap';
    // The shadow starts as what the buffer holds, so a partial flush never shows garbage.
    if (shadow) this.#shadow = mapping.bytes().slice();
  }

  bytes(): Uint8Array {
    return this.#shadow ?? this.#mapping?.bytes() ?? new Uint8Array(this.length);
  }

  flush(start: number, end: number): void {
    if (!this.#mapping) throw new ClosedError(`framebuffer ${this.card.path}`);
    const { stride, width, height, fbIds } = this.pages;
    const from = Math.max(0, Math.floor(start / stride));
    const to = Math.min(fbIds.length * height, Math.ceil(end / stride));
    if (to <= from) return;
    if (this.#shadow) this.#mapping.bytes().set(this.#shadow.subarray(from * stride, to * stride), from * stride);
    if (!this.#dirtyFb) return;
    for (let page = Math.floor(from / height); page * height < to; page++) {
      const y1 = Math.max(from, page * height) - page * height;
      const y2 = Math.min(to, (page + 1) * height) - page * height;
      try {
        this.card.dirtyFb(fbIds[page]!, [{ x1: 0, y1, x2: width, y2 }]);
      } catch (err) {
        if (err instanceof SysError && NO_DIRTYFB.has(err.code)) {
          this.#dirtyFb = false; // the driver scans the buffer out as it is
          return;
        }
        throw err;
      }
    }
  }

  close(): void {
    this.#mapping?.close();
    this.#mapping = undefined;
    this.#shadow = undefined;
  }
}
