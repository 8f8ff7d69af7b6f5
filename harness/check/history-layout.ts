/**
 * A history laid out for the Wing–Gong search: operations in call order
 * (internal id = rank), the doubly-linked list of call and return entries in
 * real-time order with lift/unlift (dancing links), and the per-operation
 * tables the memo's frontier representation needs. `info` operations get no
 * return entry (they may take effect at any time after their call, or never);
 * `info` operations that cannot change the state (reads with unknown result)
 * are dropped, since placing them or not never matters.
 */
import type { Operation } from '../../traces/history.js';
import type { Input, Model } from '../../spec/model.js';

const TAIL = -1;
const OK = 1, READ = 2; // kinds of kept operations: ok (with a return), and read-only too

/** Entries and per-operation tables of one history. */
export class HistoryLayout {
  /** Operations in call order; internal id = index. */
  readonly ops: readonly Operation[];
  readonly n: number;
  readonly okCount: number;
  /** Sentinel entry before the first; entries are `k` (call of op k) and `n + k` (its return). */
  readonly head: number;
  readonly next: Int32Array;
  readonly prev: Int32Array;
  readonly isOk: Uint8Array;
  /** 1 for `ok` operations that never change the state (reads). */
  readonly readOnly: Uint8Array;
  /**
   * Random word per `ok` operation (0 for `info`): the memo hashes the linearized `ok` set as the
   * XOR over its members, so configurations that differ only in `info` operations share a bucket.
   */
  readonly zobrist: Int32Array;
  /** `okBelow[i]` = number of `ok` operations with id < i. */
  readonly okBelow: Int32Array;
  /** The most ids `above` can write (the widest overlap of an `ok` operation with later calls). */
  readonly maxAbove: number;
  /**
   * Each operation's return position (Infinity for `info`). The search reads positions here, not from
   * the operation objects: a field that holds Infinity in some objects and integers in others makes
   * optimized code that read integers bail out.
   */
  readonly retAt: Float64Array;
  /** For an `ok` op `i`: the largest id called before `i` returned. */
  private readonly hi: Int32Array;
  private readonly infoIds: Int32Array;

  /**
   * Lays out `all`. The input made for each operation to ask `isReadOnly` is not kept: the search's
   * set-up makes its own in one more pass (search.ts), and inputs held from here to there were promoted
   * out of the young generation, garbage that only a full collection reclaims.
   */
  constructor(all: readonly Operation[], model: Model) {
    // One pass over the operation objects: in a partition of a large history they lie scattered in
    // memory, so every pass over them costs a cache miss per operation. It keeps (an `info` read
    // never matters), records positions and kinds, and checks the call order.
    const m = all.length;
    let kept: Operation[] = [];
    let call = new Float64Array(m);
    let ret = new Float64Array(m);
    let kinds = new Uint8Array(m); // OK | READ
    let sorted = true;
    for (const op of all) {
      const statusOk = op.status === 'ok';
      const input: Input = { f: op.f, key: op.key, value: op.input };
      const read = model.isReadOnly?.(input) === true;
      if (!statusOk && read) continue;
      const k = kept.length;
      if (k > 0 && !(call[k - 1]! <= op.call)) sorted = false;
      kept.push(op);
      call[k] = op.call;
      ret[k] = op.ret;
      const isOk = statusOk && op.ret !== Infinity;
      kinds[k] = isOk ? (read ? OK | READ : OK) : 0;
    }
    if (!sorted) {
      // Not in call order (built by hand): a stable sort by call, records and all.
      const order = [...kept.keys()].sort((a, b) => call[a]! - call[b]!);
      kept = order.map((i) => kept[i]!);
      call = Float64Array.from(order, (i) => call[i]!);
      ret = Float64Array.from(order, (i) => ret[i]!);
      kinds = Uint8Array.from(order, (i) => kinds[i]!);
    }
    const ops = (this.ops = kept);
    const n = (this.n = ops.length);
    this.retAt = ret.length === n ? ret : ret.slice(0, n);
    this.head = 2 * n;
    this.isOk = new Uint8Array(n);
    this.readOnly = new Uint8Array(n);
    this.zobrist = new Int32Array(n);
    this.okBelow = new Int32Array(n + 1);
    this.hi = new Int32Array(n);
    const info: number[] = [];
    let ok = 0;
    for (let k = 0; k < n; k++) {
      const isOk = (kinds[k]! & OK) !== 0;
      this.isOk[k] = isOk ? 1 : 0;
      this.readOnly[k] = (kinds[k]! & READ) !== 0 ? 1 : 0;
      if (!isOk) info.push(k);
      this.okBelow[k] = ok;
      if (isOk) ok++;
      this.zobrist[k] = isOk ? splitmix32(k) : 0;
    }
    this.okBelow[n] = ok;
    this.okCount = ok;
    this.infoIds = Int32Array.from(info);

    // Entries in real-time order; on a (malformed) tie a call sorts first. Calls are in order already
    // (ids are call ranks): merge them with the returns in (ret, id) order.
    const byRet = returnOrder(ret.subarray(0, n), this.isOk);
    const next = (this.next = new Int32Array(2 * n + 1).fill(TAIL));
    const prev = (this.prev = new Int32Array(2 * n + 1).fill(TAIL));
    let last = this.head;
    for (let k = 0, r = 0; k < n || r < byRet.length; ) {
      let e: number;
      if (r === byRet.length || (k < n && call[k]! <= ret[byRet[r]!]!)) e = k++;
      else e = n + byRet[r++]!;
      next[last] = e;
      prev[e] = last;
      last = e;
    }

    // hi[k]: ops are sorted by call, so the ids called before ret_k form a prefix.
    let j = 0;
    let maxAbove = 0;
    for (const k of byRet) {
      while (j < n && call[j]! < ret[k]!) j++;
      this.hi[k] = j - 1;
      if (j - 1 - k > maxAbove) maxAbove = j - 1 - k;
    }
    this.maxAbove = maxAbove;
  }

  /** Removes op `k`'s entries from the list. */
  lift(k: number): void {
    const { next, prev } = this;
    let nx = next[k]!;
    next[prev[k]!] = nx;
    if (nx !== TAIL) prev[nx] = prev[k]!;
    if (this.isOk[k] === 1) {
      const r = this.n + k;
      nx = next[r]!;
      next[prev[r]!] = nx;
      if (nx !== TAIL) prev[nx] = prev[r]!;
    }
  }

  /** Puts op `k`'s entries back (inverse of the matching `lift`). */
  unlift(k: number): void {
    const { next, prev } = this;
    if (this.isOk[k] === 1) {
      const r = this.n + k;
      next[prev[r]!] = r;
      if (next[r] !== TAIL) prev[next[r]!] = r;
    }
    next[prev[k]!] = k;
    if (next[k] !== TAIL) prev[next[k]!] = k;
  }

  /** The smallest id ≥ `from` of an `ok` op not in `lin` (`n` if none). */
  advanceFrontier(from: number, lin: Uint8Array): number {
    let f = from;
    while (f < this.n && (lin[f] === 1 || this.isOk[f] === 0)) f++;
    return f;
  }

  /** Writes the linearized `info` ids below `f` into `out`, sorted; returns how many. */
  infoBelow(f: number, lin: Uint8Array, out: Int32Array): number {
    let len = 0;
    const info = this.infoIds;
    for (let i = 0; i < info.length && info[i]! < f; i++) if (lin[info[i]!] === 1) out[len++] = info[i]!;
    return len;
  }

  /** Writes the linearized ids above `f` into `out`, sorted; returns how many. */
  above(f: number, lin: Uint8Array, out: Int32Array): number {
    let len = 0;
    const top = f < this.n ? this.hi[f]! : this.n - 1;
    for (let i = f + 1; i <= top; i++) if (lin[i] === 1) out[len++] = i;
    return len;
  }

  /** The op whose return entry `e` blocks the search first, then the other candidates before it. */
  stuckCandidates(e: number): number[] {
    const out: number[] = e >= this.n ? [e - this.n] : [];
    for (let x = this.next[this.head]!; x !== TAIL && x !== e && out.length < 16; x = this.next[x]!) {
      if (x < this.n && x !== out[0]) out.push(x);
    }
    return out;
  }
}

/** The id part of a packed (ret, id) sort key: ids below 2^22. */
const ID_SPAN = 2 ** 22;

/**
 * The ids of the `ok` operations in (ret, id) order. Integer positions below 2^31 with fewer than
 * 2^22 operations (every history as read) are packed into one float each and sorted natively,
 * several times faster than sorting ids with a comparator, which remains the fallback.
 */
function returnOrder(ret: Float64Array, isOk: Uint8Array): Int32Array {
  const n = ret.length;
  let m = 0;
  let packable = n < ID_SPAN;
  for (let k = 0; k < n; k++) {
    if (isOk[k] !== 1) continue;
    m++;
    const r = ret[k]!;
    if (!(Number.isInteger(r) && r >= 0 && r < 2 ** 31)) packable = false;
  }
  const out = new Int32Array(m);
  if (packable) {
    const keys = new Float64Array(m);
    for (let k = 0, i = 0; k < n; k++) if (isOk[k] === 1) keys[i++] = ret[k]! * ID_SPAN + k;
    keys.sort();
    for (let i = 0; i < m; i++) out[i] = keys[i]! - Math.floor(keys[i]! / ID_SPAN) * ID_SPAN;
    return out;
  }
  const ids: number[] = [];
  for (let k = 0; k < n; k++) if (isOk[k] === 1) ids.push(k);
  ids.sort((a, b) => ret[a]! - ret[b]! || a - b);
  out.set(ids);
  return out;
}

/** A well-mixed 32-bit word for `i` (splitmix32 finalizer). */
function splitmix32(i: number): number {
  let z = (Math.imul(i + 1, 0x9e3779b9) ^ 0x85ebca6b) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) | 0;
}
