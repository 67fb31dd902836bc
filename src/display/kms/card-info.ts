/** A card described without taking it over (no master, no mode set): for `fbkit info`. */
import { DRM_CAP } from '../../sys/linux-drm.js';
import { KernelCard } from './card.js';
import { listOutputs, type KmsOutput } from './outputs.js';

export interface CardInfo {
  path: string;
  /** The kernel driver: 'bochs-drm', 'virtio_gpu'. */
  driver: string;
  dumbBuffers: boolean;
  preferShadow: boolean;
  preferredDepth: number;
  outputs: KmsOutput[];
}

export function readCardInfo(path: string): CardInfo {
  const card = KernelCard.open(path);
  try {
    return {
      path,
      driver: card.driverName(),
      dumbBuffers: card.getCap(DRM_CAP.DUMB_BUFFER) !== 0n,
      preferShadow: card.getCap(DRM_CAP.DUMB_PREFER_SHADOW) !== 0n,
      preferredDepth: Number(card.getCap(DRM_CAP.DUMB_PREFERRED_DEPTH)),
      outputs: listOutputs(card),
    };
  } finally {
    card.close();
  }
}
