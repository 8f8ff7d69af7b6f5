/**
 * The world's one source of randomness: a seeded xoroshiro128+ generator
 * (pure-rand) with named, forked streams. `fork(name)` derives a generator
 * whose state is a hash of (seed, name) only, so drawing more from one stream,
 * or adding a new stream, never changes the values of another. This is what
 * lets a nemesis add a fault without reshuffling message latencies.
 */
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/** Names the algorithm and the fork derivation, for the trace header; bump on any change. */
export const RNG_ALGORITHM = 'xoroshiro128plus/v1';

const TWO_POW_32 = 4294967296;
const SCALE_53 = 1 / 9007199254740992;

/** One step of the 32-bit murmur3 finalizer: a bijective avalanche mix. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** Hashes (seed, name, lane) to 32 bits: FNV-1a over the UTF-16 code units, then mixed. */
function hashLane(seed: number, name: string, lane: number): number {
  let h = (0x811c9dc5 ^ fmix32((seed | 0) + Math.imul(lane, 0x9e3779b9))) | 0;
  // Seeds above 2^32 (fast-check may draw any safe integer) keep their high bits.
  h = fmix32(h ^ Math.floor(seed / TWO_POW_32));
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h ^ name.length);
}

/** The initial xoroshiro128+ state of stream `name` under `seed` (never all zero). */
export function streamState(seed: number, name: string): [number, number, number, number] {
  const s: [number, number, number, number] = [
    hashLane(seed, name, 1),
    hashLane(seed, name, 2),
    hashLane(seed, name, 3),
    hashLane(seed, name, 4),
  ];
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[3] = 1;
  return s;
}

/** A seeded stream of random numbers; every draw mutates it. */
export class Rng {
  private readonly gen: RandomGenerator;

  /** Builds the stream `name` of the world seeded with `seed`. */
  constructor(readonly seed: number, readonly name: string) {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`rng seed must be a safe integer, got ${seed}`);
    this.gen = xoroshiro128plusFromState(streamState(seed, name));
  }

  /** A stream independent of this one, derived from (seed, `name`) alone. */
  fork(name: string): Rng {
    return new Rng(this.seed, name);
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    return this.gen.next() >>> 0;
  }

  /** A uniform float in [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.gen.next() >>> 6; // 26 bits
    const lo = this.gen.next() >>> 5; // 27 bits
    return (hi * 134217728 + lo) * SCALE_53;
  }

  /** A uniform integer in [lo, hi] (both inclusive), without modulo bias. */
  nextInt(lo: number, hi: number): number {
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || hi < lo) {
      throw new RangeError(`nextInt needs integers lo <= hi, got [${lo}, ${hi}]`);
    }
    const size = hi - lo + 1;
    if (size <= TWO_POW_32) {
      const limit = size > 1 ? Math.floor(TWO_POW_32 / size) * size : TWO_POW_32;
      let v = this.nextUint32();
      while (v >= limit) v = this.nextUint32();
      return lo + (v % size);
    }
    // Wide ranges: rejection-sample 53 bits.
    const limit = Math.floor(9007199254740992 / size) * size;
    let v = this.next() * 9007199254740992;
    while (v >= limit) v = this.next() * 9007199254740992;
    return lo + (v % size);
  }

  /** An exponentially distributed float with the given mean (0 when mean <= 0). */
  exponential(mean: number): number {
    if (mean <= 0) return 0;
    // 1 - u lies in (0, 1], so the log is finite.
    return -mean * Math.log(1 - this.next());
  }

  /** True with probability `p`, from one 32-bit draw (always exactly one draw, whatever `p`). */
  chance(p: number): boolean {
    return this.nextUint32() < p * TWO_POW_32;
  }
}

/** The root stream of a world seeded with `seed`; fork it for every use. */
export function createRng(seed: number): Rng {
  return new Rng(seed, 'root');
}
