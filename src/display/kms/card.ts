/**
 * What the KMS backend asks of a DRM card, one method per ioctl (plus the event wait and
 * the mapping of a dumb buffer): the kernel (KernelCard, on /dev/dri/cardN) or a model of
 * a card in tests. Calls fail the way the kernel's do, with a SysError naming the errno.
 */
import { basename } from 'node:path';
import { realpathSync } from 'node:fs';
import type { BlockingCallHelper } from '../../sys/blocking-call.js';
import {
  addFb2,
  createDumb,
  destroyDumb,
  dirtyFb,
  driverName,
  dropMaster,
  eventHelper,
  gemClose,
  getCap,
  getConnector,
  getCrtc,
  getEncoder,
  getFb,
  getFb2,
  getResources,
  mapDumb,
  pageFlip,
  readEvents,
  rmFb,
  setCrtc,
  setMaster,
  type ClipRect,
  type Connector,
  type Resources,
} from '../../sys/drm-ioctl.js';
import { closeFd, O_RDWR, openFd } from '../../sys/libc.js';
import type { CreateDumb, Crtc, EventVblank, FbCmd, FbCmd2, GetEncoder, ModeInfo } from '../../sys/linux-drm.js';
import { errnoName } from '../../sys/sys-error.js';
import { MappedRegion } from '../../mmio/mapped-region.js';

export type { ClipRect, Connector, CreateDumb, Crtc, EventVblank, FbCmd, FbCmd2, GetEncoder, ModeInfo, Resources };

/** Bytes of a mapped buffer, closed by the caller. */
export interface CardMapping {
  bytes(): Uint8Array;
  close(): void;
}

export interface SetCrtcRequest {
  crtcId: number;
  fbId: number;
  x?: number;
  y?: number;
  connectors: readonly number[];
  mode?: ModeInfo;
}

export interface KmsCard {
  /** '/dev/dri/card0'. */
  readonly path: string;
  /** 'card0': the name sysfs and debugfs know it by. */
  readonly name: string;
  /** The kernel driver's name: 'bochs-drm', 'virtio_gpu'. */
  driverName(): string;
  getCap(capability: number): bigint;
  setMaster(): void;
  dropMaster(): void;
  resources(): Resources;
  connector(id: number): Connector;
  encoder(id: number): GetEncoder;
  crtc(id: number): Crtc;
  setCrtc(request: SetCrtcRequest): void;
  createDumb(width: number, height: number, bpp: number): CreateDumb;
  /** MAP_DUMB and mmap of `length` bytes of the buffer. */
  mapDumb(handle: number, length: number): CardMapping;
  /** The first `length` bytes (whole pages) of each buffer, one after the other in memory. */
  mapDumbs(buffers: readonly { handle: number; length: number }[]): CardMapping;
  destroyDumb(handle: number): void;
  addFb2(fb: Omit<FbCmd2, 'fb_id' | 'modifier'>): number;
  rmFb(fbId: number): void;
  getFb2(fbId: number): FbCmd2;
  getFb(fbId: number): FbCmd;
  gemClose(handle: number): void;
  /** PAGE_FLIP with DRM_MODE_PAGE_FLIP_EVENT: the flip's end arrives as an event carrying `userData`. */
  pageFlip(crtcId: number, fbId: number, userData: bigint): void;
  dirtyFb(fbId: number, clips: readonly ClipRect[]): void;
  /** The events waiting now, or within `timeoutMs` (default 0: never blocks). */
  readEvents(timeoutMs?: number): EventVblank[];
  /** Resolves once events are waiting (without blocking the event loop or keeping the process alive); rejects with a SysError-like code. */
  eventsReady(): Promise<void>;
  /** Optional: gets the event wait ready (starts its helper process). */
  prepareEvents?(): Promise<void>;
  close(): void;
}

/** Open cards by device path: one descriptor per card in a process (see KernelCard.open). */
const openCards = new Map<string, KernelCard>();

/** The kernel's card behind /dev/dri/cardN: every method is the ioctl of the same name. */
export class KernelCard implements KmsCard {
  readonly name: string;
  #events: BlockingCallHelper | undefined;
  #users = 1;

  private constructor(
    readonly path: string,
    private readonly fd: number,
    private readonly key: string,
  ) {
    this.name = basename(key);
  }

  /**
   * The card at `path`, shared by everything in this process that opens it until each has
   * closed it: DRM master belongs to one descriptor, so two outputs of one card (a second
   * screen) can only both be driven through the same one.
   */
  static open(path: string): KernelCard {
    const key = safeRealpath(path);
    const open = openCards.get(key);
    if (open) {
      open.#users++;
      return open;
    }
    const card = new KernelCard(path, openFd(path, O_RDWR), key);
    openCards.set(key, card);
    return card;
  }

  driverName(): string {
    return driverName(this.fd, this.path);
  }
  getCap(capability: number): bigint {
    return getCap(this.fd, capability, this.path);
  }
  setMaster(): void {
    setMaster(this.fd, this.path);
  }
  dropMaster(): void {
    dropMaster(this.fd, this.path);
  }
  resources(): Resources {
    return getResources(this.fd, this.path);
  }
  connector(id: number): Connector {
    return getConnector(this.fd, id, this.path);
  }
  encoder(id: number): GetEncoder {
    return getEncoder(this.fd, id, this.path);
  }
  crtc(id: number): Crtc {
    return getCrtc(this.fd, id, this.path);
  }
  setCrtc(request: SetCrtcRequest): void {
    setCrtc(this.fd, request, this.path);
  }
  createDumb(width: number, height: number, bpp: number): CreateDumb {
    return createDumb(this.fd, width, height, bpp, this.path);
  }
  mapDumb(handle: number, length: number): CardMapping {
    const offset = mapDumb(this.fd, handle, this.path);
    return MappedRegion.fromFd(this.fd, { path: this.path, offset, length, writable: true });
  }
  mapDumbs(buffers: readonly { handle: number; length: number }[]): CardMapping {
    const parts = buffers.map(({ handle, length }) => ({ offset: mapDumb(this.fd, handle, this.path), length }));
    return MappedRegion.fromFdParts(this.fd, { path: this.path, parts, writable: true });
  }
  destroyDumb(handle: number): void {
    destroyDumb(this.fd, handle, this.path);
  }
  addFb2(fb: Omit<FbCmd2, 'fb_id' | 'modifier'>): number {
    return addFb2(this.fd, fb, this.path);
  }
  rmFb(fbId: number): void {
    rmFb(this.fd, fbId, this.path);
  }
  getFb2(fbId: number): FbCmd2 {
    return getFb2(this.fd, fbId, this.path);
  }
  getFb(fbId: number): FbCmd {
    return getFb(this.fd, fbId, this.path);
  }
  gemClose(handle: number): void {
    gemClose(this.fd, handle, this.path);
  }
  pageFlip(crtcId: number, fbId: number, userData: bigint): void {
    pageFlip(this.fd, crtcId, fbId, 1, userData, this.path);
  }
  dirtyFb(fbId: number, clips: readonly ClipRect[]): void {
    dirtyFb(this.fd, fbId, clips, this.path);
  }
  readEvents(timeoutMs = 0): EventVblank[] {
    return readEvents(this.fd, this.path, timeoutMs);
  }
  async eventsReady(): Promise<void> {
    const errno = await this.#helper().call(0);
    if (errno !== 0) throw Object.assign(new Error(`poll on ${this.path} failed: ${errnoName(errno)}`), { code: errnoName(errno) });
  }
  prepareEvents(): Promise<void> {
    return this.#helper().start();
  }
  close(): void {
    if (--this.#users > 0) return;
    openCards.delete(this.key);
    this.#events?.close(); // it holds a duplicate of the descriptor
    closeFd(this.fd);
  }
  #helper(): BlockingCallHelper {
    return (this.#events ??= eventHelper(this.fd, this.path));
  }
}

function safeRealpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
