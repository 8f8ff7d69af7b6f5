/**
 * The memo of a Wing–Gong/Lowe search: the set of (linearized set, state)
 * configurations already explored (Lowe 2017, "Testing for linearizability",
 * §3). A configuration is stored compactly, as a frontier plus exceptions:
 * `f` = the smallest id of an `ok` operation not yet linearized (every `ok`
 * operation below it is linearized), and the sorted list of the other
 * linearized ids — those above `f`, which all overlap operation `f` in time
 * and so are few, and the linearized `info` operations below `f`, kept as the
 * id of a hash-consed set (info-sets.ts; many entries share it). An entry is
 * found by a hash of (set, state), and confirmed by comparing `f`, the state
 * id and the exception list, so a hash collision can never fake a violation.
 *
 * Storage is a chained hash table on chunked typed arrays (no JS Map, whose
 * 2^24-entry cap a hard search would hit, and no multi-gigabyte copy when it
 * grows); `bytes()` is what the memory budget is charged with.
 */

import type { InfoSets } from './info-sets.js';

const ENTRY_BITS = 16; // entries per chunk = 2^16
const ENTRY_MASK = (1 << ENTRY_BITS) - 1;
const STRIDE = 6; // hash, next, state, f, pool offset, info signature
const NO_INTS = new Int32Array(0);
const POOL_BITS = 20; // ints per pool chunk = 2^20

/** A set of explored search configurations. */
export class MemoTable {
  /** With `isOk` and at most 32 info operations (one signature bit each), dominated entries are unlinked. */
  constructor(
    private readonly infoSets: InfoSets,
    private readonly isOk?: Uint8Array,
    private readonly exactSig = false,
  ) {}
  private entries: Int32Array[] = [];
  private pool: Int32Array[] = [];
  private poolUsed = 0; // ints used in the last pool chunk
  private heads = new Int32Array(1 << 6).fill(-1); // (grows with the table: most searches are small)
  private count = 0;
  private poolBytes = 0;
  private entryBytes = 0;

  /** Number of stored configurations. */
  get size(): number {
    return this.count;
  }

  /** Estimated bytes held. */
  bytes(): number {
    return this.entryBytes + this.poolBytes + this.heads.length * 4 + this.infoSets.bytes();
  }

  /**
   * Whether a stored configuration subsumes the current one (frontier `f`, `state`, `okExtra`
   * linearized `ok` ids above `f`, linearized flags `lin`, hash `h` of the `ok` set and state,
   * `sig` = OR of one bit per linearized `info` operation, a cheap subset pre-test): same state,
   * same `ok` set, and a subset of its linearized `info` operations.
   */
  has(h: number, f: number, state: number, okExtra: number, sig: number, lin: Uint8Array): boolean {
    const b = h & (this.heads.length - 1);
    let prev = -1;
    for (let i = this.heads[b]!; i >= 0; ) {
      const c = this.entries[i >>> ENTRY_BITS]!;
      const o = (i & ENTRY_MASK) * STRIDE;
      const nx = c[o + 1]!;
      if (c[o] === h && c[o + 2] === state && c[o + 3] === f) {
        const esig = c[o + 5]!;
        if ((esig & ~sig) === 0 && this.coveredBy(c[o + 4]!, okExtra, lin)) return true;
        if (this.exactSig && esig !== sig && (esig & sig) === sig && this.sameOk(c[o + 4]!, okExtra, lin)) {
          // The current configuration dominates this entry (same ok set and state, fewer info ops): unlink it.
          if (prev < 0) this.heads[b] = nx;
          else this.entries[prev >>> ENTRY_BITS]![(prev & ENTRY_MASK) * STRIDE + 1] = nx;
          i = nx;
          continue;
        }
      }
      prev = i;
      i = nx;
    }
    return false;
  }

  /** Whether the stored entry's `ok` exceptions are exactly the linearized `ok` ones above the frontier. */
  private sameOk(off: number, okExtra: number, lin: Uint8Array): boolean {
    if (off < 0) return okExtra === 0;
    const p = this.pool[off >>> POOL_BITS]!;
    const po = off & ((1 << POOL_BITS) - 1);
    const len = p[po]!;
    if (p[po + 1] !== okExtra) return false;
    const isOk = this.isOk!;
    for (let k = po + 3; k < po + 3 + len; k++) if (isOk[p[k]!] === 1 && lin[p[k]!] === 0) return false;
    return true;
  }

  /** Stores a configuration whose linearized ids above `f` are `ids[0..len)` (sorted), `okLen` of them `ok`. */
  add(h: number, f: number, state: number, ids: Int32Array, len: number, okLen: number, sig: number, below: number): void {
    // No exceptions (most entries of a search that meets little concurrency): the info set's id goes in
    // the entry itself, as -1 - below, and the pool holds nothing.
    let off = -1 - below;
    if (len > 0 || okLen !== 0) {
      off = this.reserve(len + 3);
      const p = this.pool[off >>> POOL_BITS]!;
      const po = off & ((1 << POOL_BITS) - 1);
      p[po] = len;
      p[po + 1] = okLen;
      p[po + 2] = below;
      for (let k = 0; k < len; k++) p[po + 3 + k] = ids[k]!;
    }

    const i = this.count++;
    const o = (i & ENTRY_MASK) * STRIDE;
    const c = this.entryChunk(i >>> ENTRY_BITS, o + STRIDE);
    const b = h & (this.heads.length - 1);
    c[o] = h;
    c[o + 1] = this.heads[b]!;
    c[o + 2] = state;
    c[o + 3] = f;
    c[o + 4] = off;
    c[o + 5] = sig;
    this.heads[b] = i;
    if (this.count > this.heads.length * 2 && this.heads.length < 1 << 28) this.rehash();
  }

  /** Stored exceptions ⊆ linearized, with as many `ok` ones as now: the same `ok` set, fewer or equal `info`. */
  private coveredBy(off: number, okExtra: number, lin: Uint8Array): boolean {
    if (off < 0) return okExtra === 0 && this.infoSets.allIn(-1 - off, lin);
    const p = this.pool[off >>> POOL_BITS]!;
    const po = off & ((1 << POOL_BITS) - 1);
    const len = p[po]!;
    if (p[po + 1] !== okExtra) return false;
    for (let k = po + 3; k < po + 3 + len; k++) if (lin[p[k]!] === 0) return false;
    return this.infoSets.allIn(p[po + 2]!, lin);
  }

  /** Chunk `ci`, grown to hold `need` ints (small searches start small: allocation is not free). */
  private entryChunk(ci: number, need: number): Int32Array {
    let c = this.entries[ci];
    if (c !== undefined && c.length >= need) return c;
    // Every chunk starts small and doubles (a search that ends just past a chunk boundary does not hold a whole idle chunk).
    const size = Math.min(STRIDE << ENTRY_BITS, Math.max(STRIDE * 32, (c?.length ?? 0) * 2));
    const grown = new Int32Array(size);
    grown.set(c ?? NO_INTS); // (a call made every time: one made only on growth bails optimized code out)
    this.entryBytes += size * 4 - (c?.length ?? 0) * 4;
    this.entries[ci] = c = grown;
    return c;
  }

  private reserve(ints: number): number {
    const chunk = 1 << POOL_BITS;
    const last = this.pool[this.pool.length - 1];
    if (this.pool.length === 1 && last !== undefined && last.length < chunk && this.poolUsed + ints <= chunk) {
      // Grow the first chunk in place while the search is small.
      let size = last.length;
      while (size < this.poolUsed + ints) size *= 2;
      if (size !== last.length) {
        const grown = new Int32Array(Math.min(size, chunk));
        grown.set(last);
        this.poolBytes += grown.length * 4 - last.length * 4;
        this.pool[0] = grown;
      }
      const off = this.poolUsed;
      this.poolUsed += ints;
      return off;
    }
    if (this.pool.length === 0 && ints <= chunk) {
      this.pool.push(new Int32Array(64 >= ints ? 64 : Math.min(chunk, 1 << (32 - Math.clz32(ints - 1)))));
      this.poolBytes += this.pool[0]!.length * 4;
      this.poolUsed = ints;
      return 0;
    }
    if (ints > chunk) {
      // An oversized exception list gets a chunk of its own.
      this.pool.push(new Int32Array(ints));
      this.poolBytes += ints * 4;
      const idx = this.pool.length - 1;
      this.poolUsed = chunk; // force a fresh chunk next time
      return idx << POOL_BITS;
    }
    if (this.pool.length === 0 || this.poolUsed + ints > chunk) {
      this.pool.push(new Int32Array(chunk));
      this.poolBytes += chunk * 4;
      this.poolUsed = 0;
    }
    const off = ((this.pool.length - 1) << POOL_BITS) | this.poolUsed;
    this.poolUsed += ints;
    return off;
  }

  private rehash(): void {
    const heads = new Int32Array(this.heads.length * 4).fill(-1);
    const m = heads.length - 1;
    for (let i = 0; i < this.count; i++) {
      const c = this.entries[i >>> ENTRY_BITS]!;
      const o = (i & ENTRY_MASK) * STRIDE;
      const b = c[o]! & m;
      c[o + 1] = heads[b]!;
      heads[b] = i;
    }
    this.heads = heads;
  }
}
