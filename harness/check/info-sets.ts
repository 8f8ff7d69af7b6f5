/**
 * Hash-consed sets of `info` operation ids: the linearized `info`
 * operations below a configuration's frontier, which the memo would
 * otherwise copy into every entry. Once linearized, an `info` operation
 * below the frontier stays in every later configuration of the path, so
 * consecutive entries share one set; an entry stores the set's id, and the
 * members are kept once. Own chained hash table on typed arrays.
 */

/** Interned sorted sets of operation ids. */
export class InfoSets {
  private members = new Int32Array(64);
  private used = 0;
  private offset = new Int32Array(16);
  private length = new Int32Array(16);
  private hashes = new Int32Array(16);
  private chain = new Int32Array(16);
  private heads = new Int32Array(16).fill(-1);
  private count = 0;

  /** Estimated bytes held. */
  bytes(): number {
    return this.members.length * 4 + this.offset.length * 20 + this.heads.length * 4;
  }

  /** Id of the set `ids[0..len)` (sorted), whose hash is `h`, interning it if new. */
  intern(ids: Int32Array, len: number, h: number): number {
    const m = this.heads.length - 1;
    for (let i = this.heads[h & m]!; i >= 0; i = this.chain[i]!) {
      if (this.hashes[i] === h && this.length[i] === len && this.same(i, ids, len)) return i;
    }
    const id = this.count++;
    if (id === this.offset.length) this.grow();
    if (this.used + len > this.members.length) {
      const grown = new Int32Array(Math.max(this.members.length * 2, this.used + len));
      grown.set(this.members.subarray(0, this.used));
      this.members = grown;
    }
    this.members.set(ids.subarray(0, len), this.used);
    this.offset[id] = this.used;
    this.length[id] = len;
    this.used += len;
    this.hashes[id] = h;
    const b = h & (this.heads.length - 1);
    this.chain[id] = this.heads[b]!;
    this.heads[b] = id;
    return id;
  }

  /** Whether every member of set `id` is flagged in `lin`. */
  allIn(id: number, lin: Uint8Array): boolean {
    const end = this.offset[id]! + this.length[id]!;
    for (let k = this.offset[id]!; k < end; k++) if (lin[this.members[k]!] === 0) return false;
    return true;
  }

  private same(i: number, ids: Int32Array, len: number): boolean {
    const o = this.offset[i]!;
    for (let k = 0; k < len; k++) if (this.members[o + k] !== ids[k]) return false;
    return true;
  }

  private grow(): void {
    const cap = this.offset.length * 2;
    const widen = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.offset = widen(this.offset);
    this.length = widen(this.length);
    this.hashes = widen(this.hashes);
    this.chain = new Int32Array(cap);
    this.heads = new Int32Array(cap).fill(-1);
    for (let i = 0; i < this.count - 1; i++) {
      const b = this.hashes[i]! & (cap - 1);
      this.chain[i] = this.heads[b]!;
      this.heads[b] = i;
    }
  }
}
