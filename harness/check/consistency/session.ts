/**
 * Fast checkers of the four session guarantees (Terry et al. 1994) as the
 * bad patterns of spec/consistency/session-guarantees.ts (the oracle, where
 * the history-level definitions are stated): one sweep per session in
 * session order, with the vector clocks of causal-graph.ts answering
 * "is w0 causally before w1". A read r misses write w (same key) iff r
 * returns the initial value, or a write w0 ≠ w with w0 co w.
 *
 * What each sweep keeps, per session s (x: a key, s': another session):
 * - read-your-writes: the last write of x in s so far (any earlier one is
 *   session-before it, so w0 co earlier ⇒ w0 co last).
 * - monotonic-reads: per x, the join of the strict clocks of the writes read
 *   so far; w0 co some of them iff w0's position is within the join.
 * - monotonic-writes / writes-follow-reads: per s', how far into s' the
 *   writes read so far reach (the ones read are session-after everything
 *   they oblige); for a read of x, the last write of x in that prefix of s'
 *   (monotonic-writes) or the join of the writes the prefix's reads of x
 *   returned (writes-follow-reads, as prefix joins per (s', x)).
 * O(n · chains) time and memory. Before any sweep: each of these patterns
 * implies WriteCOInitRead or WriteCORead (the missed write is causally before
 * the read), so when causal.ts's search for those (shared with cc, once per
 * history) finds none, all four hold. A cyclic causal order breaks "later in a
 * session is causally later"; such histories go to the definition when
 * small, and are `unknown` otherwise.
 */
import type { Operation } from '../../../traces/history.js';
import type { Model } from '../../../spec/model.js';
import { type SessionGuarantee, checkSessionGuarantee } from '../../../spec/consistency/session-guarantees.js';
import { CausalGraph } from './causal-graph.js';
import { type FoundPattern, findReadPattern } from './causal.js';
import { type CausalView, INIT, buildView } from './view.js';

/** Cyclic histories up to this size are judged by the definition. */
const CYCLIC_BY_DEFINITION = 2000;

/** What the session-guarantee finder saw. */
export type SessionFinding =
  | { readonly found: FoundPattern | undefined; readonly view: CausalView }
  | { readonly reason: string }
  | { readonly byDefinition: boolean };

/** Searches `ops` for the bad pattern of guarantee `g`. */
export function findSessionViolation(g: SessionGuarantee, ops: readonly Operation[], model: Model): SessionFinding {
  const built = buildView(ops, model);
  if ('reason' in built) return built;
  const view = built.view;
  const graph = CausalGraph.of(view);
  if ('reason' in graph) return graph;
  if (graph.cyclic) {
    if (view.n > CYCLIC_BY_DEFINITION) return { reason: `the causal order is cyclic and the history has ${view.n} reads and writes: session guarantees over a cyclic causal order are judged only up to ${CYCLIC_BY_DEFINITION}` };
    return { byDefinition: checkSessionGuarantee(g, ops, { model }).verdict === g };
  }
  // Every session-guarantee pattern implies WriteCOInitRead or WriteCORead: without those, all four hold.
  if (findReadPattern(view, graph) === undefined) return { found: undefined, view };
  return { found: new Sweep(view, graph).find(g), view };
}

class Sweep {
  private readonly C: number;

  constructor(
    private readonly view: CausalView,
    private readonly g: CausalGraph,
  ) {
    this.C = g.chains;
  }

  /** The strict clock of write `w`: its causal past without itself, joined into `into`. */
  private joinStrict(into: Int32Array, at: number, w: number): void {
    const { g, C } = this;
    const base = g.comp[w]! * C;
    for (let c = 0; c < C; c++) {
      const v = c === g.chain[w] ? g.pos[w]! - 1 : g.clock[base + c]!;
      if (v > into[at + c]!) into[at + c] = v;
    }
  }

  /** Per (session, key) slot, its ok writes (or reads of a write) in session order, in CSR form. */
  private csr(pick: (i: number) => boolean): { start: Int32Array; ops: Int32Array; pos: Int32Array } {
    const { view } = this;
    const K = view.keyCount;
    const start = new Int32Array(view.sessionCount * K + 1);
    for (let s = 0; s < view.sessionCount; s++) for (const i of view.sessionOk[s]!) if (pick(i)) start[s * K + view.keyId[i]! + 1]!++;
    for (let k = 0; k + 1 < start.length; k++) start[k + 1]! += start[k]!;
    const fill = start.slice(0, start.length - 1);
    const ops = new Int32Array(start[start.length - 1]!);
    const pos = new Int32Array(ops.length);
    for (let s = 0; s < view.sessionCount; s++) {
      for (const i of view.sessionOk[s]!) {
        if (!pick(i)) continue;
        const k = fill[s * K + view.keyId[i]!]!++;
        ops[k] = i;
        pos[k] = this.g.pos[i]!;
      }
    }
    return { start, ops, pos };
  }

  find(g: SessionGuarantee): FoundPattern | undefined {
    switch (g) {
      case 'read-your-writes':
        return this.readYourWrites();
      case 'monotonic-reads':
        return this.monotonicReads();
      default:
        return this.followers(g);
    }
  }

  /** The pattern's operations, and as core those plus the path showing `w0 co w1` when there is one. */
  private found(pattern: string, ops: number[], w0?: number, w1?: number): FoundPattern {
    const core = w0 !== undefined && w1 !== undefined ? [...ops, ...this.g.path(w0, w1)!] : ops;
    return { pattern, ops, core };
  }

  private readYourWrites(): FoundPattern | undefined {
    const { view, g } = this;
    for (const chain of view.sessionOk) {
      const last = new Map<number, number>();
      for (const r of chain) {
        const x = view.keyId[r]!;
        if (view.isWrite[r] === 1) {
          last.set(x, r);
          continue;
        }
        const w = last.get(x);
        if (w === undefined) continue;
        const w0 = view.rf[r]!;
        if (w0 === INIT) return this.found('read-your-writes', [w, r]);
        if (w0 >= 0 && w0 !== w && g.co(w0, w)) return this.found('read-your-writes', [w0, w, r], w0, w);
      }
    }
    return undefined;
  }

  private monotonicReads(): FoundPattern | undefined {
    const { view, g, C } = this;
    for (const chain of view.sessionOk) {
      const joins = new Map<number, Int32Array>();
      for (let p = 0; p < chain.length; p++) {
        const r2 = chain[p]!;
        if (view.isWrite[r2] === 1) continue;
        const x = view.keyId[r2]!;
        const w0 = view.rf[r2]!;
        const j = joins.get(x);
        if (j !== undefined && (w0 === INIT || (w0 >= 0 && g.pos[w0]! <= j[g.chain[w0]!]!))) {
          // Find the earlier read r1 whose write r2 misses.
          for (let q = 0; q < p; q++) {
            const r1 = chain[q]!;
            const w1 = view.rf[r1]!;
            if (view.isWrite[r1] === 1 || view.keyId[r1] !== x || w1 < 0) continue;
            if (w0 === INIT) return this.found('monotonic-reads', [w1, r2, r1]);
            if (w0 !== w1 && g.co(w0, w1)) return this.found('monotonic-reads', [w0, w1, r2, r1], w0, w1);
          }
        }
        if (w0 >= 0) {
          let jj = j;
          if (jj === undefined) joins.set(x, (jj = new Int32Array(C).fill(-1)));
          this.joinStrict(jj, 0, w0);
        }
      }
    }
    return undefined;
  }

  /** monotonic-writes and writes-follow-reads. */
  private followers(which: 'monotonic-writes' | 'writes-follow-reads'): FoundPattern | undefined {
    const { view, C } = this;
    const { pos, chain: chainOf, clock, comp } = this.g;
    const mw = which === 'monotonic-writes';
    const S = view.sessionCount;
    const K = view.keyCount;
    const rf = view.rf;
    // Per (session, key): its writes of the key (monotonic-writes) or its reads of a write of the key
    // with prefix joins of those writes' strict clocks (writes-follow-reads).
    const idx = this.csr(mw ? (i) => view.isWrite[i] === 1 : (i) => view.isWrite[i] === 0 && rf[i]! >= 0);
    let join = new Int32Array(0);
    if (!mw) {
      join = new Int32Array(idx.ops.length * C).fill(-1);
      for (let sl = 0; sl + 1 < idx.start.length; sl++) {
        for (let k = idx.start[sl]!; k < idx.start[sl + 1]!; k++) {
          if (k > idx.start[sl]!) join.copyWithin(k * C, (k - 1) * C, k * C);
          this.joinStrict(join, k * C, rf[idx.ops[k]!]!);
        }
      }
    }
    const reach = new Int32Array(S); // per s': how many of its ok operations the writes read so far oblige
    const touched = new Int32Array(S);
    for (const chain of view.sessionOk) {
      reach.fill(0);
      let nt = 0;
      for (let p = 0; p < chain.length; p++) {
        const r2 = chain[p]!;
        if (view.isWrite[r2] === 1) continue;
        const w2 = rf[r2]!;
        if (w2 >= 0) {
          const s2 = view.session[w2]!;
          const count = view.ops[w2]!.status === 'ok' ? pos[w2]! : view.soCount[w2]!;
          if (count > reach[s2]!) {
            if (reach[s2] === 0) touched[nt++] = s2;
            reach[s2] = count;
          }
        }
        const w0 = rf[r2]!;
        if (w0 < 0 && w0 !== INIT) continue;
        const x = view.keyId[r2]!;
        const c0 = w0 >= 0 ? chainOf[w0]! : 0;
        const p0 = w0 >= 0 ? pos[w0]! : 0;
        for (let t = 0; t < nt; t++) {
          const s2 = touched[t]!;
          const lo = idx.start[s2 * K + x]!;
          const hi = idx.start[s2 * K + x + 1]!;
          if (lo === hi) continue;
          // The last entry of the slot within the first reach[s2] operations of s2.
          const limit = reach[s2]! - 1;
          let a = lo;
          let b = hi - 1;
          let k = lo - 1;
          while (a <= b) {
            const m = (a + b) >> 1;
            if (idx.pos[m]! <= limit) {
              k = m;
              a = m + 1;
            } else b = m - 1;
          }
          if (k < lo) continue;
          let hit = -1;
          if (mw) {
            if (w0 === INIT) hit = idx.ops[k]!;
            else {
              if (idx.ops[k] === w0) k--; // earlier writes of its session are not causally after w0
              if (k >= lo && p0 <= clock[comp[idx.ops[k]!]! * C + c0]!) hit = idx.ops[k]!;
            }
          } else if (w0 === INIT) hit = idx.ops[lo]!;
          else if (p0 <= join[k * C + c0]!) {
            for (let j = lo; j <= k && hit < 0; j++) {
              const w1 = rf[idx.ops[j]!]!;
              if (w1 !== w0 && this.g.co(w0, w1)) hit = idx.ops[j]!;
            }
          }
          if (hit >= 0) return this.explain(which, chain, p, s2, hit);
        }
      }
    }
    return undefined;
  }

  /** The pattern's operations once r2 (at `p` in `chain`) misses what session s2 obliged through `hit`. */
  private explain(g: 'monotonic-writes' | 'writes-follow-reads', chain: Int32Array, p: number, s2: number, hit: number): FoundPattern {
    const { view } = this;
    const r2 = chain[p]!;
    const w1 = g === 'monotonic-writes' ? hit : view.rf[hit]!;
    // r1: the first read up to r2 of a write w2 of s2 that is session-after `hit`.
    let r1 = r2;
    for (let q = 0; q <= p; q++) {
      const w2 = view.rf[chain[q]!]!;
      if (view.isWrite[chain[q]!] === 1 || w2 < 0 || view.session[w2] !== s2) continue;
      const count = view.ops[w2]!.status === 'ok' ? this.g.pos[w2]! : view.soCount[w2]!;
      if (count > this.g.pos[hit]!) {
        r1 = chain[q]!;
        break;
      }
    }
    const w2 = view.rf[r1]!;
    const w0 = view.rf[r2]!;
    const miss = w0 === INIT ? [w1, r2] : [w0, w1, r2];
    const ops = g === 'monotonic-writes' ? [w2, ...miss, r1] : [hit, w2, ...miss, r1];
    return this.found(g, ops, w0 === INIT ? undefined : w0, w0 === INIT ? undefined : w1);
  }
}
