/**
 * The WebAssembly SIMD pixel kernels (pixels.c), compiled on first use and kept for the
 * life of the process: importing fbkit compiles nothing; the first blit big enough to
 * want them pays the compile once (synchronous, well under a millisecond for these few
 * KiB). Null when this Node cannot run them (no WebAssembly or no SIMD), and then the JS
 * kernels do the work.
 *
 * Memory: the module's linear memory holds only staging buffers (pixels.c's contract:
 * every buffer followed by 64 bytes of slack). `reserve(end)` grows it on demand; growing
 * replaces memory.buffer, so views are taken from `bytes()` after every `reserve` and never
 * kept across one.
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
  Instance: new (module: object) => { exports: Record<string, unknown> };
}
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

let loaded: Wasm | null | undefined;
let enabled = true;

/** Turns the WASM kernels off (or back on) for this process: bench/ and tests compare the two. */
export function setWasmKernels(on: boolean): void {
  enabled = on;
}

/** The kernels, compiled on the first call; null when disabled or not supported here. */
export function wasmKernels(): Wasm | null {
  if (!enabled) return null;
  if (loaded === undefined) loaded = instantiate();
  return loaded;
}

function instantiate(): Wasm | null {
  const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  let exports: Record<string, unknown>;
  try {
    exports = new api!.Instance(new api!.Module(Buffer.from(PIXELS_WASM, 'base64'))).exports;
  } catch {
    return null; // no WebAssembly, or no SIMD in this engine: the JS kernels stay in charge
  }
  const memory = exports.memory as WasmMemory;
  const base = ((exports.__heap_base as { value: number }).value + 15) & ~15;
  let view = new Uint8Array(memory.buffer);
  return {
    k: { ...exports } as unknown as PixelKernels, // a plain object, so tests can spy on a kernel,
    base,
    reserve(end) {
      const need = end + SLACK;
      if (need <= memory.buffer.byteLength) return true;
      try {
        memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
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
