/**
 * The memo of a Wing–Gong/Lowe search: the set of (linearized set, state)
 * configurations already explored (Lowe 2017, "Testing for linearizability",
 * §3). A configuration is stored compactly, as a frontier plus exceptions:
 * `f` = the smallest id of an `ok` operation not yet linearized (every `ok`
 * operation below it is linearized), and the sorted list of the other
 * linearized ids — those above `f`, which all overlap operation `f` in time
 * and so are few, and the linearized `info` operations below `f`. An entry is
 * found by a hash of (set, state), and confirmed by comparing `f`, the state
 * id and the exception list, so a hash collision can never fake a violation.
 *
 * Storage is a chained hash table on chunked typed arrays (no JS Map, whose
 * 2^24-entry cap a hard search would hit, and no multi-gigabyte copy when it
 * grows); `bytes()` is what the memory budget is charged with.
 */

const ENTRY_BITS = 16; // entries per chunk = 2^16
const ENTRY_MASK = (1 << ENTRY_BITS) - 1;
const STRIDE = 5; // hash, next, state, f, pool offset
const POOL_BITS = 20; // ints per pool chunk = 2^20

/** A set of explored search configurations. */
export class MemoTable {
  private entries: Int32Array[] = [];
  private pool: Int32Array[] = [];
  private poolUsed = 0; // ints used in the last pool chunk
  private heads = new Int32Array(1 << 12).fill(-1);
  private count = 0;
  private poolBytes = 0;
  private entryBytes = 0;

  /** Number of stored configurations. */
  get size(): number {
    return this.count;
  }

  /** Estimated bytes held. */
  bytes(): number {
    return this.entryBytes + this.poolBytes + this.heads.length * 4;
  }

  /**
   * Whether the configuration (frontier `f`, `state`, exception count
   * `extra`, current linearized flags `lin`) with hash `h` is stored.
   */
  has(h: number, f: number, state: number, extra: number, lin: Uint8Array): boolean {
    for (let i = this.heads[h & (this.heads.length - 1)]!; i >= 0; ) {
      const c = this.entries[i >>> ENTRY_BITS]!;
      const o = (i & ENTRY_MASK) * STRIDE;
      if (c[o] === h && c[o + 2] === state && c[o + 3] === f && this.sameExtras(c[o + 4]!, extra, lin)) return true;
      i = c[o + 1]!;
    }
    return false;
  }

  /** Stores a configuration whose exception list is `ids[0..len)` (sorted). */
  add(h: number, f: number, state: number, ids: Int32Array, len: number): void {
    const off = this.reserve(len + 1);
    const p = this.pool[off >>> POOL_BITS]!;
    const po = off & ((1 << POOL_BITS) - 1);
    p[po] = len;
    for (let k = 0; k < len; k++) p[po + 1 + k] = ids[k]!;

    const i = this.count++;
    const o = (i & ENTRY_MASK) * STRIDE;
    const c = this.entryChunk(i >>> ENTRY_BITS, o + STRIDE);
    const b = h & (this.heads.length - 1);
    c[o] = h;
    c[o + 1] = this.heads[b]!;
    c[o + 2] = state;
    c[o + 3] = f;
    c[o + 4] = off;
    this.heads[b] = i;
    if (this.count > this.heads.length * 2 && this.heads.length < 1 << 28) this.rehash();
  }

  private sameExtras(off: number, extra: number, lin: Uint8Array): boolean {
    const p = this.pool[off >>> POOL_BITS]!;
    let po = off & ((1 << POOL_BITS) - 1);
    const len = p[po++]!;
    if (len !== extra) return false;
    for (let k = 0; k < len; k++) if (lin[p[po + k]!] === 0) return false;
    return true;
  }

  /** Chunk `ci`, grown to hold `need` ints (small searches start small: allocation is not free). */
  private entryChunk(ci: number, need: number): Int32Array {
    let c = this.entries[ci];
    if (c !== undefined && c.length >= need) return c;
    const size = ci === 0 ? Math.min(STRIDE << ENTRY_BITS, Math.max(STRIDE * 256, (c?.length ?? 0) * 2)) : STRIDE << ENTRY_BITS;
    const grown = new Int32Array(size);
    if (c !== undefined) grown.set(c);
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
      this.pool.push(new Int32Array(1024 >= ints ? 1024 : chunk));
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
