/**
 * The four session guarantees of Terry, Demers, Petersen, Spreitzer, Theimer
 * and Welch, "Session guarantees for weakly consistent replicated data"
 * (PDIS 1994), as bad patterns over a history, for read/write registers
 * (read/write, get/put; `cas`/`append` are `unknown`) in differentiated
 * histories (else `unknown`: read-from must be unambiguous).
 *
 * Terry et al. speak of the writes in each server's database and of each
 * server's write order, which a history does not show. Following Viotti and
 * Vukolić ("Consistency in non-transactional distributed storage systems",
 * ACM CSUR 2016, §4.1: RYW `so ⊆ vis`, MR `vis;so ⊆ vis`, MW `so|W→W ⊆ ar`,
 * WFR `vis;so ⊆ ar`), a read sees what it must and returns the arbitration-
 * last write it sees; of visibility a history shows read-from and session
 * order, and of the arbitration only that it extends the causal order
 * `co = (so ∪ rf)⁺` (relations.ts) — a write causally before another is older.
 * So a read r of key x *misses* a write w of x iff r returns the initial value,
 * or the value of another write w0 with w0 co w. Then (→so: session order):
 *
 * - read-your-writes:    w →so r, and r misses w.                      Forbids: not seeing your own write.
 * - monotonic-reads:     r1 reads w1, r1 →so r2, and r2 misses w1.     Forbids: a later read seeing less.
 * - monotonic-writes:    w1 →so w2, r1 reads w2, r1 = r2 or r1 →so r2, and r2 misses w1.  Forbids: seeing a session's write without its earlier ones.
 * - writes-follow-reads: r0 reads w1, r0 →so w2, r1 reads w2, r1 = r2 or r1 →so r2, and r2 misses w1.  Forbids: seeing a write without what its session had read.
 *
 * A thin-air read returns no write, so it misses nothing here (causal-patterns.ts
 * names it). Indeterminate writes count only when something reads them;
 * indeterminate reads are dropped. Each pattern implies a cc bad pattern
 * (WriteCOInitRead or WriteCORead), so cc implies all four.
 */
import type { Operation } from '../../traces/history.js';
import type { Model } from '../model.js';
import { INIT, type Relation, accessOf, causalOrder, differentiatedView, readFrom, sessionPrecedes } from './relations.js';
import { type ModelVerdict, holds, unknown, violates } from './verdict.js';

/** The names of the four guarantees. */
export type SessionGuarantee = 'read-your-writes' | 'monotonic-reads' | 'monotonic-writes' | 'writes-follow-reads';

/** Options of the session-guarantee checks. */
export interface SessionGuaranteeOptions {
  /** The sequential specification of the register (register or kv): gives the initial value. */
  readonly model: Model;
}

/** Read-your-writes. */
export const checkReadYourWrites = (ops: readonly Operation[], options: SessionGuaranteeOptions): ModelVerdict<'read-your-writes'> => checkSessionGuarantee('read-your-writes', ops, options);

/** Monotonic reads. */
export const checkMonotonicReads = (ops: readonly Operation[], options: SessionGuaranteeOptions): ModelVerdict<'monotonic-reads'> => checkSessionGuarantee('monotonic-reads', ops, options);

/** Monotonic writes. */
export const checkMonotonicWrites = (ops: readonly Operation[], options: SessionGuaranteeOptions): ModelVerdict<'monotonic-writes'> => checkSessionGuarantee('monotonic-writes', ops, options);

/** Writes follow reads. */
export const checkWritesFollowReads = (ops: readonly Operation[], options: SessionGuaranteeOptions): ModelVerdict<'writes-follow-reads'> => checkSessionGuarantee('writes-follow-reads', ops, options);

/** Whether `ops` keeps session guarantee `g`; a violation's witness is the pattern's operations. */
export function checkSessionGuarantee<G extends SessionGuarantee>(g: G, ops: readonly Operation[], options: SessionGuaranteeOptions): ModelVerdict<G> {
  const d = differentiatedView(ops, options.model);
  if ('reason' in d) return unknown(d.reason);
  const view = d.view;
  const found = PATTERNS[g](new Facts(view, options.model));
  return found === undefined ? holds(g) : violates(g, g, found.map((i) => view[i]!));
}

/** What the patterns read off a differentiated causal view. */
class Facts {
  readonly rf: readonly number[];
  readonly co: Relation;
  readonly n: number;
  constructor(
    readonly view: readonly Operation[],
    model: Model,
  ) {
    this.rf = readFrom(view, model);
    this.co = causalOrder(view, this.rf);
    this.n = view.length;
  }
  is = (i: number, kind: 'read' | 'write'): boolean => accessOf(this.view[i]!) === kind;
  so = (a: number, b: number): boolean => sessionPrecedes(this.view[a]!, this.view[b]!);
  /** Reads `r2` with `r2 = r1` or `r1 →so r2`. */
  fromOn = (r1: number): number[] => this.indices().filter((r2) => this.is(r2, 'read') && (r2 === r1 || this.so(r1, r2)));
  indices = (): number[] => this.view.map((_, i) => i);
  /** The operations showing that read `r` misses write `w` (`[w, r]`, plus the older write `r` returned), or undefined. */
  misses(r: number, w: number): number[] | undefined {
    if (this.view[r]!.key !== this.view[w]!.key) return undefined;
    const w0 = this.rf[r]!;
    if (w0 === INIT) return [w, r];
    return w0 >= 0 && w0 !== w && this.co[w0]![w] ? [w0, w, r] : undefined;
  }
}

/** Each guarantee's bad pattern: the operations of the first instance found, or undefined. */
const PATTERNS: Readonly<Record<SessionGuarantee, (h: Facts) => number[] | undefined>> = {
  'read-your-writes': (h) => {
    for (const w of h.indices()) {
      if (!h.is(w, 'write')) continue;
      for (const r of h.indices()) {
        const m = h.is(r, 'read') && h.so(w, r) ? h.misses(r, w) : undefined;
        if (m !== undefined) return m;
      }
    }
    return undefined;
  },
  'monotonic-reads': (h) => {
    for (const r1 of h.indices()) {
      const w1 = h.rf[r1]!;
      if (!h.is(r1, 'read') || w1 < 0) continue;
      for (const r2 of h.fromOn(r1)) {
        const m = r2 !== r1 ? h.misses(r2, w1) : undefined;
        if (m !== undefined) return [...m, r1];
      }
    }
    return undefined;
  },
  'monotonic-writes': (h) => {
    for (const w1 of h.indices()) {
      if (!h.is(w1, 'write')) continue;
      for (const w2 of h.indices()) {
        if (!h.is(w2, 'write') || !h.so(w1, w2)) continue;
        const found = seenWithout(h, w2, w1);
        if (found !== undefined) return [w2, ...found];
      }
    }
    return undefined;
  },
  'writes-follow-reads': (h) => {
    for (const r0 of h.indices()) {
      const w1 = h.rf[r0]!;
      if (!h.is(r0, 'read') || w1 < 0) continue;
      for (const w2 of h.indices()) {
        if (!h.is(w2, 'write') || !h.so(r0, w2)) continue;
        const found = seenWithout(h, w2, w1);
        if (found !== undefined) return [r0, w2, ...found];
      }
    }
    return undefined;
  },
};

/** A read r1 of `later` followed (or itself) by a read r2 that misses `earlier`: `[...miss, r1]`, or undefined. */
function seenWithout(h: Facts, later: number, earlier: number): number[] | undefined {
  for (const r1 of h.indices()) {
    if (!h.is(r1, 'read') || h.rf[r1] !== later) continue;
    for (const r2 of h.fromOn(r1)) {
      const m = h.misses(r2, earlier);
      if (m !== undefined) return [...m, r1];
    }
  }
  return undefined;
}
