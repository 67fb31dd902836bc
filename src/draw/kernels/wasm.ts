/**
 * The WebAssembly SIMD pixel kernels (pixels.c), compiled on first use and kept for the
 * life of the process: importing fbkit compiles nothing; the first blit big enough to
 * want them, or the first surface made in WASM memory, pays the compile once (synchronous,
 * about a millisecond for these few KiB). Null when this Node cannot run them (no WebAssembly or no SIMD), and then the JS
 * kernels do the work.
 *
 * Memory: the module imports its memory, so one compiled module runs on several. The
 * shared instance's memory holds only staging buffers (pixels.c's contract: every buffer
 * followed by 64 bytes of slack); `reserve(end)` grows it on demand, growing replaces
 * memory.buffer, so views are taken from `bytes()` after every `reserve` and never kept
 * across one. A Surface can also live in WASM memory (residentMemory): then it has a memory
 * and an instance of its own, sized once and never grown, so its view never detaches, and
 * the kernels read and write its pixels in place instead of copying them through staging.
 */
import { PIXELS_WASM } from './pixels-wasm.js';

export interface PixelKernels {
  argb_to_565(src: number, dst: number, n: number, bgr: number): void;
  rgb565_to_argb(src: number, dst: number, n: number, bgr: number, alpha: number): void;
  shuffle(
    src: number,
    srcBytes: number,
    dst: number,
    dstBytes: number,
    n: number,
    m0: number,
    m1: number,
    m2: number,
    m3: number,
    or: number,
  ): void;
  argb_to_gray8(src: number, dst: number, n: number): void;
  gray8_to_argb(src: number, dst: number, n: number): void;
  over_x888(src: number, dst: number, n: number): void;
  over_8888(src: number, dst: number, n: number): void;
  fade(px: number, n: number, opacity: number): void;
  bilinear_weights(xs: number, weights: number, n: number): void;
  bilinear_row(
    top: number,
    bottom: number,
    xs: number,
    weights: number,
    vert: number,
    out: number,
    n: number,
    srcW: number,
    fy: number,
    keep: number,
  ): void;
}

/** Bytes after every staging buffer that kernels may touch (pixels.c runs whole vectors). */
export const SLACK = 64;

export interface Wasm {
  readonly k: PixelKernels;
  /** Where free memory starts (16-byte aligned); callers lay out their buffers from here. */
  readonly base: number;
  /**
   * Grows the memory to hold [0, end) plus SLACK; false when it cannot grow (no address
   * space for it, as can happen on 32-bit ARM), and the caller uses the JS kernels.
   */
  reserve(end: number): boolean;
  /** A byte view of the whole memory, current until the next `reserve` call. */
  bytes(): Uint8Array;
}

/** The part of the WebAssembly JS API used here (tsconfig has no DOM lib, which types it). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
}
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

const PAGE = 65536;

let compiled: object | null | undefined;
let shared: Wasm | null | undefined;
let enabled = true;
/** The instances whose memory holds a Surface's pixels, by that memory's buffer (see residentMemory). */
const residents = new WeakMap<ArrayBufferLike, Wasm>();

/** Turns the WASM kernels off (or back on) for this process: bench/ and tests compare the two. */
export function setWasmKernels(on: boolean): void {
  enabled = on;
}

/**
 * The kernels with a memory of their own for staging, compiled on the first call; null when
 * disabled or not supported here.
 */
export function wasmKernels(): Wasm | null {
  if (!enabled) return null;
  if (shared === undefined) shared = instantiate(null);
  return shared;
}

/**
 * The kernels running on the memory that holds `buffer` (a Surface made by
 * residentMemory), so that they read and write its pixels in place; null for any other
 * buffer, or when the kernels are off.
 */
export function residentWasm(buffer: ArrayBufferLike): Wasm | null {
  return (enabled && residents.get(buffer)) || null;
}

/**
 * A memory of its own, which never grows (so views of it never detach), for `length` bytes
 * of a Surface after `staging` bytes the kernels stage through; returns the instance and the
 * Surface's bytes (followed by SLACK), or null when WebAssembly is unavailable or the engine
 * refuses another memory (each reserves address space: V8 on 64-bit hosts caps them), and the
 * caller keeps plain memory. Costs an instantiation: about 0.05 ms here (the first one also
 * compiles the module, about 1 ms).
 */
export function residentMemory(length: number, staging: number): { wasm: Wasm; bytes: Uint8Array } | null {
  const api = webAssembly();
  const first = wasmKernels(); // every instance of the module has the same stack and data below `base`
  if (!api || !first) return null;
  const at = (first.base + staging + 63) & ~63;
  const pages = Math.ceil((at + length + SLACK) / PAGE);
  let memory: WasmMemory;
  try {
    memory = new api.Memory({ initial: pages, maximum: pages });
  } catch {
    return null; // RangeError: no address space for another memory
  }
  const wasm = instantiate(memory);
  if (!wasm) return null;
  const bytes = wasm.bytes().subarray(at, at + length);
  residents.set(bytes.buffer, wasm);
  return { wasm, bytes };
}

const webAssembly = () => (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly ?? null;

/** The module, compiled once; null when this engine cannot (no WebAssembly or no SIMD). */
function module(api: WebAssemblyApi): object | null {
  if (compiled === undefined) {
    try {
      compiled = new api.Module(Buffer.from(PIXELS_WASM, 'base64'));
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** An instance on `fixed` (never grown), or on a memory of its own that grows on demand (null). */
function instantiate(fixed: WasmMemory | null): Wasm | null {
  const api = webAssembly();
  const mod = api && module(api);
  if (!api || !mod) return null; // the JS kernels stay in charge
  let memory: WasmMemory, exports: Record<string, unknown>;
  try {
    memory = fixed ?? new api.Memory({ initial: 1 });
    exports = new api.Instance(mod, { env: { memory } }).exports;
  } catch {
    return null; // RangeError: no memory for it
  }
  const start = ((exports.__heap_base as { value: number }).value + 15) & ~15;
  let view = new Uint8Array(memory.buffer);
  return {
    k: { ...exports } as unknown as PixelKernels, // a plain object, so tests can spy on a kernel,
    base: start,
    reserve(end) {
      const need = end + SLACK;
      if (need <= memory.buffer.byteLength) return true;
      if (fixed) return false;
      try {
        memory.grow(Math.ceil((need - memory.buffer.byteLength) / PAGE));
        return true;
      } catch {
        return false; // RangeError: past the engine's limit or out of address space
      }
    },
    bytes() {
      if (view.buffer !== memory.buffer) view = new Uint8Array(memory.buffer);
      return view;
    },
  };
}
