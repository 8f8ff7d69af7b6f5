/**
 * The search's bookkeeping of linearized `info` operations, for the memo's
 * subsumption test (memo-table.ts): a 32-bit signature (one bit per `info`
 * operation, shared modulo 32) as a cheap subset pre-test, and the interned
 * set of those below the frontier (info-sets.ts), kept per stack level so
 * backtracking restores it.
 */
import type { HistoryLayout } from './history-layout.js';
import { InfoSets } from './info-sets.js';

/** Linearized `info` operations of one search. */
export class LinearizedInfo {
  readonly sets = new InfoSets();
  /** OR of the bits of the linearized `info` operations. */
  sig = 0;
  /** Interned set of the linearized `info` operations below the frontier. */
  below: number;
  /** Whether every `info` operation has a bit of its own (then `sig` is exact). */
  readonly exact: boolean;
  /**
   * Each `info` operation's bit (0 for `ok` ones). Kept even when there are no `info` operations: an
   * array that is sometimes absent leaves the search's optimized code without feedback for one of
   * the two cases, and it bails out when a later history brings the other.
   */
  private readonly bit: Int32Array;
  private readonly bitCount = new Int32Array(32);
  private readonly stackBelow: Int32Array;
  private readonly scratch: Int32Array;

  constructor(private readonly h: HistoryLayout) {
    const n = h.n;
    const bit = (this.bit = new Int32Array(n));
    if (n > h.okCount) for (let k = 0, r = 0; k < n; k++) if (h.isOk[k] === 0) bit[k] = 1 << (r++ & 31);
    this.exact = n - h.okCount <= 32;
    this.stackBelow = new Int32Array(n);
    this.scratch = new Int32Array(n - h.okCount); // what `infoBelow` writes: the info operations
    this.below = this.sets.intern(this.scratch, 0, 0x811c9dc5 | 0);
  }

  /** The signature once op `e` is linearized too. */
  sigWith(e: number): number {
    return this.sig | this.bit[e]!;
  }

  /** Id of the below-frontier set once `e` (flagged in `lin`) moved the frontier from `from` to `f`. */
  belowAfter(e: number, from: number, f: number, lin: Uint8Array): number {
    const { isOk } = this.h;
    let changed = isOk[e] === 0 && e < f;
    for (let i = from; i < f && !changed; i++) changed = isOk[i] === 0 && lin[i] === 1;
    if (!changed) return this.below;
    const len = this.h.infoBelow(f, lin, this.scratch);
    let hash = 0x811c9dc5;
    for (let k = 0; k < len; k++) hash = Math.imul(hash ^ this.scratch[k]!, 0x01000193);
    return this.sets.intern(this.scratch, len, hash | 0);
  }

  /** Op `k` is linearized at stack level `depth`, leaving `below` as the below-frontier set. */
  push(depth: number, k: number, below: number): void {
    this.stackBelow[depth] = this.below;
    this.below = below;
    const b = this.bit[k]!;
    if (b === 0) return;
    this.bitCount[31 - Math.clz32(b)]!++;
    this.sig |= b;
  }

  /** Undoes the `push` of op `k` at stack level `depth`. */
  pop(depth: number, k: number): void {
    this.below = this.stackBelow[depth]!;
    const b = this.bit[k]!;
    if (b !== 0 && --this.bitCount[31 - Math.clz32(b)]! === 0) this.sig &= ~b;
  }
}
