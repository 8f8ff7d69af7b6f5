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
 * O(n · chains) time and memory. A cyclic causal order breaks "later in a
 * session is causally later"; such histories go to the definition when
 * small, and are `unknown` otherwise.
 */
import type { Operation } from '../../../traces/history.js';
import type { Model } from '../../../spec/model.js';
import { type SessionGuarantee, checkSessionGuarantee } from '../../../spec/consistency/session-guarantees.js';
import { CausalGraph } from './causal-graph.js';
import { lastAtMost, type FoundPattern } from './causal.js';
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
  return { found: new Sweep(view, graph).find(g), view };
}

class Sweep {
  private readonly C: number;
  /** Per session s' and key x: the chain positions of its writes of x. */
  private readonly writesOf = new Map<number, { pos: Int32Array; ops: Int32Array }>();
  /** Per session s' and key x: positions of its reads of x that read a write, and prefix joins of those writes' strict clocks. */
  private readonly readsOf = new Map<number, { pos: Int32Array; ops: Int32Array; join: Int32Array }>();

  constructor(
    private readonly view: CausalView,
    private readonly g: CausalGraph,
  ) {
    this.C = g.chains;
  }

  private slot = (s: number, x: number): number => s * this.view.keyCount + x;

  /** The strict clock of write `w`: its causal past without itself, joined into `into`. */
  private joinStrict(into: Int32Array, at: number, w: number): void {
    const { g, C } = this;
    const base = g.comp[w]! * C;
    for (let c = 0; c < C; c++) {
      const v = c === g.chain[w] ? g.pos[w]! - 1 : g.clock[base + c]!;
      if (v > into[at + c]!) into[at + c] = v;
    }
  }

  private buildWrites(): void {
    const { view } = this;
    const lists = new Map<number, number[]>();
    for (let s = 0; s < view.sessionCount; s++) {
      for (const i of view.sessionOk[s]!) {
        if (view.isWrite[i] !== 1) continue;
        const k = this.slot(s, view.keyId[i]!);
        const l = lists.get(k) ?? [];
        l.push(i);
        lists.set(k, l);
      }
    }
    for (const [k, l] of lists) this.writesOf.set(k, { ops: Int32Array.from(l), pos: Int32Array.from(l, (i) => this.g.pos[i]!) });
  }

  private buildReads(): void {
    const { view, C } = this;
    const lists = new Map<number, number[]>();
    for (let s = 0; s < view.sessionCount; s++) {
      for (const i of view.sessionOk[s]!) {
        if (view.isWrite[i] === 1 || view.rf[i]! < 0) continue;
        const k = this.slot(s, view.keyId[i]!);
        const l = lists.get(k) ?? [];
        l.push(i);
        lists.set(k, l);
      }
    }
    for (const [k, l] of lists) {
      const join = new Int32Array(l.length * C).fill(-1);
      l.forEach((r, j) => {
        if (j > 0) join.copyWithin(j * C, (j - 1) * C, j * C);
        this.joinStrict(join, j * C, view.rf[r]!);
      });
      this.readsOf.set(k, { ops: Int32Array.from(l), pos: Int32Array.from(l, (i) => this.g.pos[i]!), join });
    }
  }

  find(g: SessionGuarantee): FoundPattern | undefined {
    switch (g) {
      case 'read-your-writes':
        return this.readYourWrites();
      case 'monotonic-reads':
        return this.monotonicReads();
      default:
        this.buildWrites();
        if (g === 'writes-follow-reads') this.buildReads();
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
  private followers(g: 'monotonic-writes' | 'writes-follow-reads'): FoundPattern | undefined {
    const { view } = this;
    const S = view.sessionCount;
    for (const chain of view.sessionOk) {
      const reach = new Int32Array(S); // per s': how many of its ok operations the writes read so far oblige
      const touched: number[] = [];
      for (let p = 0; p < chain.length; p++) {
        const r2 = chain[p]!;
        if (view.isWrite[r2] === 1) continue;
        const w2 = view.rf[r2]!;
        if (w2 >= 0) {
          const s2 = view.session[w2]!;
          const count = view.ops[w2]!.status === 'ok' ? this.g.pos[w2]! : view.soCount[w2]!;
          if (count > reach[s2]!) {
            if (reach[s2] === 0) touched.push(s2);
            reach[s2] = count;
          }
        }
        const w0 = view.rf[r2]!;
        if (w0 < 0 && w0 !== INIT) continue;
        for (const s2 of touched) {
          const hit = g === 'monotonic-writes' ? this.writeMissed(s2, reach[s2]!, r2) : this.readMissed(s2, reach[s2]!, r2);
          if (hit !== undefined) return this.explain(g, chain, p, s2, hit);
        }
      }
    }
    return undefined;
  }

  /** The write w1 of r2's key among the first `count` operations of session s2 that r2 misses, or undefined. */
  private writeMissed(s2: number, count: number, r2: number): number | undefined {
    const { view, g } = this;
    const ws = this.writesOf.get(this.slot(s2, view.keyId[r2]!));
    if (ws === undefined) return undefined;
    let k = lastAtMost(ws.pos, count - 1);
    if (k < 0) return undefined;
    const w0 = view.rf[r2]!;
    if (w0 === INIT) return ws.ops[k]!;
    if (ws.ops[k] === w0) k--; // earlier writes of the session are not causally after w0
    return k >= 0 && g.co(w0, ws.ops[k]!) ? ws.ops[k]! : undefined;
  }

  /** A read r0 of r2's key among the first `count` operations of session s2 whose write r2 misses, or undefined. */
  private readMissed(s2: number, count: number, r2: number): number | undefined {
    const { view, g, C } = this;
    const rs = this.readsOf.get(this.slot(s2, view.keyId[r2]!));
    if (rs === undefined) return undefined;
    const k = lastAtMost(rs.pos, count - 1);
    if (k < 0) return undefined;
    const w0 = view.rf[r2]!;
    if (w0 !== INIT && g.pos[w0]! > rs.join[k * C + g.chain[w0]!]!) return undefined;
    for (let j = 0; j <= k; j++) {
      const w1 = view.rf[rs.ops[j]!]!;
      if (w0 === INIT || (w1 !== w0 && g.co(w0, w1))) return rs.ops[j]!;
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
