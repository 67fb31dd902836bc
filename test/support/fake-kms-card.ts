/**
 * A model of a DRM card for the KMS backend's logic: two CRTCs, two connectors, dumb
 * buffers in RAM, framebuffer objects over them, SETCRTC, page flips whose events arrive
 * at the next "vblank" (the next macrotask, or at once for a blocking read), DIRTYFB.
 * Failures are injected per call with `failNext`; every call is recorded.
 */
import { constants } from 'node:os';
import type {
  CardMapping,
  ClipRect,
  Connector,
  Crtc,
  EventVblank,
  FbCmd,
  FbCmd2,
  KmsCard,
  ModeInfo,
  SetCrtcRequest,
} from '../../src/display/kms/card.js';
import { DRM_FORMAT, DRM_MODE_TYPE_PREFERRED } from '../../src/sys/linux-drm.js';
import { SysError } from '../../src/sys/sys-error.js';

function mode(w: number, h: number, preferred = false): ModeInfo {
  return {
    clock: 65000,
    hdisplay: w,
    hsync_start: w + 24,
    hsync_end: w + 160,
    htotal: w + 320,
    hskew: 0,
    vdisplay: h,
    vsync_start: h + 3,
    vsync_end: h + 9,
    vtotal: h + 38,
    vscan: 0,
    vrefresh: 60,
    flags: 0,
    type: preferred ? DRM_MODE_TYPE_PREFERRED : 0,
    name: `${w}x${h}`,
  };
}

interface FakeFb {
  handle: number;
  offset: number;
  pitch: number;
  width: number;
  height: number;
}

type Method = keyof KmsCard;

export class FakeKmsCard implements KmsCard {
  readonly path = '/dev/dri/card0';
  readonly name = 'card0';
  readonly calls: { method: Method; args: unknown[] }[] = [];
  readonly crtcs = new Map<number, Crtc>();
  readonly connectors: Connector[];
  /** Dumb buffers, allocated one after the other from one arena, so that consecutive ones can be mapped as one. */
  readonly buffers = new Map<number, Uint8Array>();
  #arena = new Uint8Array(32 << 20);
  #arenaUsed = 0;
  readonly fbs = new Map<number, FakeFb>();
  readonly dirty: { fbId: number; clips: ClipRect[] }[] = [];
  closed = false;
  master = false;
  /** Another open file (a compositor on another VT) holds master: SET_MASTER fails with EBUSY. */
  masterElsewhere = false;
  dirtyErrno: number | undefined;
  /** Not root nor master: GETFB2/GETFB answer handle 0. */
  hideHandles = false;
  /** A kernel before 5.7: no GETFB2. */
  noGetFb2 = false;
  #failures = new Map<Method, { errno: number; skip: number }>();
  #nextId = 100;
  /** Flips waiting for their vblank, by CRTC. */
  #inFlight = new Map<number, { fbId: number; userData: bigint }>();
  #ready: EventVblank[] = [];
  /** eventsReady() calls run one after another, as the kernel card's helper process runs its poll()s. */
  #polls: Promise<void> = Promise.resolve();
  /** Polls waiting for a flip to be asked for (poll() with nothing in flight sleeps). */
  #sleeping: (() => void)[] = [];
  #users = 1;

  constructor(opts: { secondConnected?: boolean; noneConnected?: boolean } = {}) {
    const connector = (id: number, typeId: number, connected: boolean, encoderId: number, modes: ModeInfo[]): Connector => ({
      encoders_ptr: 0n,
      modes_ptr: 0n,
      props_ptr: 0n,
      prop_values_ptr: 0n,
      count_modes: modes.length,
      count_props: 0,
      count_encoders: 1,
      encoder_id: encoderId,
      connector_id: id,
      connector_type: 15, // Virtual
      connector_type_id: typeId,
      connection: connected ? 1 : 2,
      mm_width: 300,
      mm_height: 200,
      subpixel: 0,
      pad: 0,
      modes,
      encoders: [50 + typeId],
    });
    this.connectors = [
      connector(41, 1, !opts.noneConnected, 51, [mode(1024, 768, true), mode(800, 600)]),
      connector(42, 2, opts.secondConnected ?? false, 0, [mode(640, 480, true)]),
    ];
    // The console's framebuffer (id 99) shows on CRTC 31, as fbdev emulation leaves it.
    this.crtcs.set(31, this.#crtc(31, 99, mode(1024, 768, true)));
    this.crtcs.set(32, this.#crtc(32, 0, undefined));
  }

  /** Makes the next call of `method` (after `skip` more) fail with `errno` (a constants.errno name). */
  failNext(method: Method, errno: keyof typeof constants.errno, skip = 0): void {
    this.#failures.set(method, { errno: constants.errno[errno], skip });
  }

  /** The bytes CRTC `crtcId` shows now, `height` lines of `rowBytes`. */
  scanout(crtcId: number): Uint8Array {
    const fb = this.fbs.get(this.crtcs.get(crtcId)!.fb_id)!;
    const buf = this.buffers.get(fb.handle)!;
    const out = new Uint8Array(fb.height * fb.width * 4);
    for (let y = 0; y < fb.height; y++)
      out.set(buf.subarray(fb.offset + y * fb.pitch, fb.offset + y * fb.pitch + fb.width * 4), y * fb.width * 4);
    return out;
  }

  get flipInFlight(): boolean {
    return this.#inFlight.size > 0;
  }

  count(method: Method): number {
    return this.calls.filter((c) => c.method === method).length;
  }

  #record(method: Method, ...args: unknown[]): void {
    if (this.closed) throw new SysError(String(method), constants.errno.EBADF, this.path);
    this.calls.push({ method, args });
    const failure = this.#failures.get(method);
    if (failure && failure.skip-- === 0) {
      this.#failures.delete(method);
      throw new SysError(`ioctl(${String(method)})`, failure.errno, this.path);
    }
  }

  #crtc(id: number, fbId: number, m: ModeInfo | undefined): Crtc {
    return {
      set_connectors_ptr: 0n,
      count_connectors: 0,
      crtc_id: id,
      fb_id: fbId,
      x: 0,
      y: 0,
      gamma_size: 256,
      mode_valid: m ? 1 : 0,
      mode: m ?? mode(0, 0),
    };
  }

  /** The vblank: the flips in flight take effect and their events become readable. */
  #vblank(): void {
    for (const [crtcId, f] of this.#inFlight) {
      this.crtcs.get(crtcId)!.fb_id = f.fbId;
      this.#ready.push({ base: { type: 2, length: 32 }, user_data: f.userData, tv_sec: 0, tv_usec: 0, sequence: 0, crtc_id: crtcId });
    }
    this.#inFlight.clear();
  }

  /** Another user of the same card (two outputs opened in one process share it): close() once each. */
  share(): this {
    this.#users++;
    return this;
  }

  driverName(): string {
    this.#record('driverName');
    return 'fake-kms';
  }
  getCap(capability: number): bigint {
    this.#record('getCap', capability);
    return capability === 1 ? 1n : 0n;
  }
  setMaster(): void {
    this.#record('setMaster');
    if (this.masterElsewhere && !this.master) throw new SysError('ioctl(SET_MASTER)', constants.errno.EBUSY, this.path);
    this.master = true;
  }
  dropMaster(): void {
    this.#record('dropMaster');
    this.master = false;
  }
  resources() {
    this.#record('resources');
    return {
      fbs: [],
      crtcs: [31, 32],
      connectors: [41, 42],
      encoders: [51, 52],
      minWidth: 0,
      maxWidth: 8192,
      minHeight: 0,
      maxHeight: 8192,
    };
  }
  connector(id: number): Connector {
    this.#record('connector', id);
    return structuredClone(this.connectors.find((c) => c.connector_id === id)!);
  }
  encoder(id: number) {
    this.#record('encoder', id);
    const crtc = id === 51 && this.connectors[0]!.encoder_id === 51 ? 31 : 0;
    return { encoder_id: id, encoder_type: 5, crtc_id: crtc, possible_crtcs: id === 51 ? 1 : 2, possible_clones: 0 };
  }
  crtc(id: number): Crtc {
    this.#record('crtc', id);
    return structuredClone(this.crtcs.get(id)!);
  }
  setCrtc(r: SetCrtcRequest): void {
    this.#record('setCrtc', structuredClone(r));
    if (!this.master) throw new SysError('ioctl(SETCRTC)', constants.errno.EACCES, this.path);
    if (r.fbId !== 0 && !this.fbs.has(r.fbId) && r.fbId !== 99) throw new SysError('ioctl(SETCRTC)', constants.errno.ENOENT, this.path);
    this.#inFlight.delete(r.crtcId);
    this.crtcs.set(r.crtcId, { ...this.#crtc(r.crtcId, r.fbId, r.mode), x: r.x ?? 0, y: r.y ?? 0 });
  }
  createDumb(width: number, height: number, bpp: number) {
    this.#record('createDumb', width, height, bpp);
    const pitch = Math.ceil((width * bpp) / 8 / 64) * 64;
    const size = Math.ceil((pitch * height) / 4096) * 4096;
    const handle = this.#nextId++;
    this.buffers.set(handle, this.#arena.subarray(this.#arenaUsed, this.#arenaUsed + size));
    this.#arenaUsed += size;
    return { width, height, bpp, flags: 0, handle, pitch, size: BigInt(size) };
  }
  mapDumb(handle: number, length: number): CardMapping {
    this.#record('mapDumb', handle, length);
    const buf = this.buffers.get(handle)!;
    let open = true;
    return { bytes: () => (open ? buf.subarray(0, length) : new Uint8Array(length)), close: () => void (open = false) };
  }
  mapDumbs(list: readonly { handle: number; length: number }[]): CardMapping {
    this.#record('mapDumbs', structuredClone(list));
    const bufs = list.map(({ handle }) => this.buffers.get(handle)!);
    const start = bufs[0]!.byteOffset;
    let at = start;
    for (const [i, b] of bufs.entries()) {
      if (b.byteOffset !== at || list[i]!.length % 4096 !== 0) throw new Error('the fake maps only consecutive buffers of whole pages');
      at += list[i]!.length;
    }
    let open = true;
    const total = at - start;
    return { bytes: () => (open ? this.#arena.subarray(start, start + total) : new Uint8Array(total)), close: () => void (open = false) };
  }
  destroyDumb(handle: number): void {
    this.#record('destroyDumb', handle);
    this.buffers.delete(handle);
  }
  addFb2(fb: Omit<FbCmd2, 'fb_id' | 'modifier'>): number {
    this.#record('addFb2', structuredClone(fb));
    const id = this.#nextId++;
    this.fbs.set(id, { handle: fb.handles[0]!, offset: fb.offsets[0]!, pitch: fb.pitches[0]!, width: fb.width, height: fb.height });
    return id;
  }
  rmFb(fbId: number): void {
    this.#record('rmFb', fbId);
    this.fbs.delete(fbId);
    for (const [id, c] of this.crtcs) if (c.fb_id === fbId) this.crtcs.set(id, this.#crtc(id, 0, undefined));
  }
  getFb2(fbId: number): FbCmd2 {
    this.#record('getFb2', fbId);
    if (this.noGetFb2) throw new SysError('ioctl(GETFB2)', constants.errno.ENOTTY, this.path);
    const fb = this.fbs.get(fbId)!;
    const handle = this.hideHandles ? 0 : fb.handle;
    return {
      fb_id: fbId,
      width: fb.width,
      height: fb.height,
      pixel_format: DRM_FORMAT.XRGB8888,
      flags: 0,
      handles: [handle, 0, 0, 0],
      pitches: [fb.pitch, 0, 0, 0],
      offsets: [fb.offset, 0, 0, 0],
      modifier: [0n, 0n, 0n, 0n],
    };
  }
  getFb(fbId: number): FbCmd {
    this.#record('getFb', fbId);
    const fb = this.fbs.get(fbId)!;
    // GETFB has no offset: the fake's buffer must start the page for this to be right.
    return {
      fb_id: fbId,
      width: fb.width,
      height: fb.height,
      pitch: fb.pitch,
      bpp: 32,
      depth: 24,
      handle: this.hideHandles ? 0 : fb.handle,
    };
  }
  gemClose(handle: number): void {
    this.#record('gemClose', handle);
  }
  pageFlip(crtcId: number, fbId: number, userData: bigint): void {
    this.#record('pageFlip', crtcId, fbId, userData);
    if (!this.master) throw new SysError('ioctl(PAGE_FLIP)', constants.errno.EACCES, this.path);
    if (this.#inFlight.has(crtcId)) throw new SysError('ioctl(PAGE_FLIP)', constants.errno.EBUSY, this.path);
    this.#inFlight.set(crtcId, { fbId, userData });
    for (const wake of this.#sleeping.splice(0)) setImmediate(wake);
  }
  dirtyFb(fbId: number, clips: readonly ClipRect[]): void {
    this.#record('dirtyFb', fbId, clips);
    if (this.dirtyErrno !== undefined) throw new SysError('ioctl(DIRTYFB)', this.dirtyErrno, this.path);
    this.dirty.push({ fbId, clips: [...clips] });
  }
  readEvents(timeoutMs = 0): EventVblank[] {
    this.#record('readEvents', timeoutMs);
    if (timeoutMs > 0) this.#vblank(); // a blocking read waits for the vblank
    return this.#ready.splice(0);
  }
  /** Like poll(): resolves once an event is unread, at the next vblank; sleeps while nothing is in flight. */
  eventsReady(): Promise<void> {
    this.#record('eventsReady');
    const poll = this.#polls.then(
      () =>
        new Promise<void>((resolve) => {
          const check = (): void => {
            this.#vblank();
            if (this.#ready.length > 0) resolve();
            else this.#sleeping.push(check);
          };
          setImmediate(check);
        }),
    );
    this.#polls = poll;
    return poll;
  }
  close(): void {
    this.#record('close');
    if (--this.#users === 0) this.closed = true;
  }
}
