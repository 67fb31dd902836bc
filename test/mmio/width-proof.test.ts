/**
 * The width proof: a hardware watchpoint on the register's bytes counts how many memory
 * accesses each RegisterBlock call makes. One per read and per write, of every width,
 * in the first (interpreted) call and in TurboFan-optimized code; Buffer's byte-wise
 * methods on the same address count more, which shows the counter can tell.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { afterAll, describe, expect, it } from 'vitest';
import { MappedRegion } from '../../src/mmio/mapped-region.js';
import { RegisterBlock } from '../../src/mmio/register-block.js';
import { Watchpoint, watchpointsUnavailable, type Watch } from '../support/perf-breakpoint.js';

// V8's test intrinsics, to force and then confirm optimization instead of hoping a warm-up did it.
setFlagsFromString('--allow-natives-syntax');
const optimizationStatus = new Function('f', 'return %GetOptimizationStatus(f)') as (f: unknown) => number;
const prepare = new Function('f', '%PrepareFunctionForOptimization(f)') as (f: unknown) => void;
const optimizeNextCall = new Function('f', '%OptimizeFunctionOnNextCall(f)') as (f: unknown) => void;
const OPTIMIZED = 1 << 4;
const TURBOFANNED = 1 << 6;

const unavailable = watchpointsUnavailable();
const dir = mkdtempSync(join(tmpdir(), 'fbkit-width-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const REG = 0x40; // register offset inside the block: aligned for every width
const N = 5000;

function setup(width: 8 | 16 | 32 | 64, watch: Watch) {
  const path = join(dir, `w${width}-${watch}.bin`);
  writeFileSync(path, new Uint8Array(0x2000));
  const region = MappedRegion.open({ path, offset: 0x1000, length: 0x100 });
  const block = new RegisterBlock(region);
  const address = region.delta + REG;
  const wp = Watchpoint.open(region.buffer, address, (width / 8) as 1 | 2 | 4 | 8, watch);
  return { block, region, address, wp, done: () => (wp.close(), block.close()) };
}

const widths = [8, 16, 32, 64] as const;
type Method = (this: RegisterBlock, offset: number, value?: never) => unknown;
const method = (name: string) => (RegisterBlock.prototype as unknown as Record<string, Method>)[name];
const valueFor = (width: number, i: number) => (width === 64 ? BigInt(i) * 0x0101010101n : i & ((1 << Math.min(width, 31)) - 1));

// Cold calls come first in the file: each method's first call in this process runs in the interpreter.
describe('one access per call, in the first call', () => {
  for (const width of widths) {
    it(`read${width} and write${width}`, (ctx) => {
      ctx.skip(unavailable !== undefined, unavailable);
      const read = method(`read${width}`);
      const write = method(`write${width}`);
      expect(optimizationStatus(read) & OPTIMIZED).toBe(0);
      expect(optimizationStatus(write) & OPTIMIZED).toBe(0);
      const rw = setup(width, 'access');
      try {
        expect(rw.wp.count(() => rw.block[`read${width}`](REG))).toBe(1);
        // Counted with loads and stores watched: a write that also read would count 2.
        expect(rw.wp.count(() => (rw.block[`write${width}`] as (o: number, v: unknown) => void)(REG, valueFor(width, 0x5a)))).toBe(1);
      } finally {
        rw.done();
      }
    });
  }
});

describe('one access per call, in optimized code', () => {
  for (const width of widths) {
    it(`read${width} and write${width}: N calls in a TurboFan loop make exactly N accesses`, (ctx) => {
      ctx.skip(unavailable !== undefined, unavailable);
      const { block, wp, done } = setup(width, 'access');
      try {
        const readLoop = new Function('b', 'n', `let s; for (let i = 0; i < n; i++) s = b.read${width}(${REG}); return s;`) as (
          b: RegisterBlock,
          n: number,
        ) => unknown;
        const writeLoop = new Function('b', 'n', 'v', `for (let i = 0; i < n; i++) b.write${width}(${REG}, v(i));`) as (
          b: RegisterBlock,
          n: number,
          v: (i: number) => unknown,
        ) => void;
        const value = (i: number) => valueFor(width, i);
        for (const [loop, run] of [
          [readLoop, (n: number) => readLoop(block, n)],
          [writeLoop, (n: number) => writeLoop(block, n, value)],
        ] as const) {
          prepare(loop);
          run(10);
          run(10);
          optimizeNextCall(loop);
          run(1);
          expect(optimizationStatus(loop) & TURBOFANNED).toBe(TURBOFANNED);
          expect(wp.count(() => run(N))).toBe(N);
          expect(optimizationStatus(loop) & TURBOFANNED).toBe(TURBOFANNED); // still optimized: no deopt mid-count
        }
      } finally {
        done();
      }
    });
  }
});

describe('the counter tells byte-wise access apart', () => {
  it('Buffer.writeUInt32LE and readUInt32LE on the same register make more than one access', (ctx) => {
    ctx.skip(unavailable !== undefined, unavailable);
    const { region, address, wp, done } = setup(32, 'access');
    try {
      const buf = Buffer.from(region.buffer);
      const writes = wp.count(() => buf.writeUInt32LE(0x12345678, address));
      const reads = wp.count(() => buf.readUInt32LE(address));
      expect(writes).toBeGreaterThan(1);
      expect(reads).toBeGreaterThan(1);
    } finally {
      done();
    }
  });

  it('sees a byte store anywhere inside the watched register', (ctx) => {
    ctx.skip(unavailable !== undefined, unavailable);
    const { region, address, wp, done } = setup(32, 'write');
    try {
      const bytes = new Uint8Array(region.buffer);
      expect(wp.count(() => (bytes[address + 3] = 1))).toBe(1);
      expect(wp.count(() => (bytes[address + 4] = 1))).toBe(0); // the next register is not watched
    } finally {
      done();
    }
  });

  it('modify32 is one read and one write', (ctx) => {
    ctx.skip(unavailable !== undefined, unavailable);
    const rw = setup(32, 'access');
    const w = Watchpoint.open(rw.region.buffer, rw.address, 4, 'write');
    try {
      expect(rw.wp.count(() => rw.block.modify32(REG, { set: 1 }))).toBe(2);
      expect(w.count(() => rw.block.modify32(REG, { set: 2 }))).toBe(1);
    } finally {
      w.close();
      rw.done();
    }
  });
});
