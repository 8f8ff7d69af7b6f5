/**
 * The causal order `co = (so ∪ rf)⁺` of a differentiated view, held as
 * vector clocks over chains instead of a dense n × n relation.
 *
 * Chains: each session's `ok` operations (a chain of session order), and one
 * chain per indeterminate write (it precedes nothing in its session). Edges:
 * chain successors, the last `ok` operation of its session before each
 * indeterminate write, and read-from. The strongly connected components of
 * that graph (iterative Tarjan) are single operations unless `co` is cyclic;
 * per component, `clock[c]` is the largest position on chain `c` of an
 * operation that reaches it (itself included), so `a co b` iff
 * `pos(a) ≤ clock(b)[chain(a)]` (and, for `a = b`, its component is a cycle).
 * Time and memory O((n + edges) · chains).
 */
import type { CausalView } from './view.js';

/** Past this many clock entries (components × chains) the graph is not built: the verdict is `unknown`. */
export const MAX_CLOCK_ENTRIES = 60_000_000;

const graphs = new WeakMap<CausalView, CausalGraph | { readonly reason: string }>();

/** Reachability of a causal view. */
export class CausalGraph {
  readonly n: number;
  /** Chain id and position on it per operation. */
  readonly chain: Int32Array;
  readonly pos: Int32Array;
  readonly chains: number;
  /** Operations of each chain, in order. */
  readonly chainOps: Int32Array[];
  /** Session-order predecessor in the graph (-1: none) and read-from predecessor (-1: none). */
  readonly soPred: Int32Array;
  readonly rfPred: Int32Array;
  /** Successors in CSR form. */
  readonly succStart: Int32Array;
  readonly succ: Int32Array;
  /** Component per operation, components in topological order (0 first). */
  readonly comp: Int32Array;
  readonly compCount: number;
  /** Whether a component is a cycle (more than one operation). */
  readonly compCyclic: Uint8Array;
  /** comps × chains clock entries. */
  readonly clock: Int32Array;

  private constructor(view: CausalView) {
    const n = (this.n = view.n);
    const chain = (this.chain = new Int32Array(n));
    const pos = (this.pos = new Int32Array(n));
    const chainOps: Int32Array[] = view.sessionOk.map((c) => c);
    view.sessionOk.forEach((c, s) => c.forEach((op, p) => ((chain[op] = s), (pos[op] = p))));
    for (let i = 0; i < n; i++) {
      if (view.ops[i]!.status === 'ok') continue;
      chain[i] = chainOps.length;
      pos[i] = 0;
      chainOps.push(Int32Array.of(i));
    }
    this.chainOps = chainOps;
    this.chains = chainOps.length;
    const soPred = (this.soPred = new Int32Array(n).fill(-1));
    const rfPred = (this.rfPred = new Int32Array(n).fill(-1));
    for (let i = 0; i < n; i++) {
      if (view.ops[i]!.status === 'ok') {
        if (pos[i]! > 0) soPred[i] = chainOps[chain[i]!]![pos[i]! - 1]!;
      } else if (view.soCount[i]! > 0) {
        soPred[i] = view.sessionOk[view.session[i]!]![view.soCount[i]! - 1]!;
      }
      if (view.rf[i]! >= 0) rfPred[i] = view.rf[i]!;
    }
    const deg = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) {
      if (soPred[i]! >= 0) deg[soPred[i]!]!++;
      if (rfPred[i]! >= 0) deg[rfPred[i]!]!++;
    }
    const start = (this.succStart = new Int32Array(n + 1));
    for (let i = 0; i < n; i++) start[i + 1] = start[i]! + deg[i]!;
    const succ = (this.succ = new Int32Array(start[n]!));
    const fill = start.slice(0, n);
    for (let i = 0; i < n; i++) {
      if (soPred[i]! >= 0) succ[fill[soPred[i]!]!++] = i;
      if (rfPred[i]! >= 0) succ[fill[rfPred[i]!]!++] = i;
    }
    const { comp, count } = components(n, start, succ);
    this.comp = comp;
    this.compCount = count;
    const size = new Int32Array(count);
    for (let i = 0; i < n; i++) size[comp[i]!]!++;
    this.compCyclic = Uint8Array.from(size, (s) => (s > 1 ? 1 : 0));
    const C = this.chains;
    const clock = (this.clock = new Int32Array(count * C).fill(-1));
    // Members by component (counting sort), components in topological order.
    const first = new Int32Array(count + 1);
    for (let i = 0; i < n; i++) first[comp[i]! + 1]!++;
    for (let c = 0; c < count; c++) first[c + 1]! += first[c]!;
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[first[comp[i]!]!++] = i;
    for (let k = 0; k < n; k++) {
      const i = order[k]!;
      const base = comp[i]! * C;
      for (let e = 0; e < 2; e++) {
        const p = e === 0 ? soPred[i]! : rfPred[i]!;
        if (p < 0 || comp[p] === comp[i]) continue;
        const pb = comp[p]! * C;
        for (let c = 0; c < C; c++) if (clock[pb + c]! > clock[base + c]!) clock[base + c] = clock[pb + c]!;
      }
      if (pos[i]! > clock[base + chain[i]!]!) clock[base + chain[i]!] = pos[i]!;
    }
  }

  /** The graph of `view` (built once per view), or why it is too large to hold. */
  static of(view: CausalView): CausalGraph | { readonly reason: string } {
    const hit = graphs.get(view);
    if (hit !== undefined) return hit;
    const g = CausalGraph.build(view);
    graphs.set(view, g);
    return g;
  }

  private static build(view: CausalView): CausalGraph | { readonly reason: string } {
    let infos = 0;
    for (const op of view.ops) if (op.status !== 'ok') infos++;
    const entries = view.n * (view.sessionCount + infos);
    if (entries > MAX_CLOCK_ENTRIES) {
      return { reason: `${view.n} operations over ${view.sessionCount + infos} sessions and indeterminate writes: the causal order would need ${entries} clock entries (at most ${MAX_CLOCK_ENTRIES})` };
    }
    return new CausalGraph(view);
  }

  /** Whether `co` is cyclic. */
  get cyclic(): boolean {
    return this.compCount < this.n;
  }

  /** `a co b`. */
  co(a: number, b: number): boolean {
    if (a === b) return this.compCyclic[this.comp[a]!] === 1;
    return this.pos[a]! <= this.clock[this.comp[b]! * this.chains + this.chain[a]!]!;
  }

  /** The clock entry of `b` for chain `c`: the last position on `c` in b's causal past (itself included), or -1. */
  seen(b: number, c: number): number {
    return this.clock[this.comp[b]! * this.chains + c]!;
  }

  /**
   * A path `a → … → b` over session-order and read-from edges (both ends included) with the fewest
   * read-from edges (0-1 breadth-first search: session-order edges are free, since a run of them
   * shrinks to its two ends), or undefined.
   */
  path(a: number, b: number): number[] | undefined {
    const dist = new Map<number, number>([[a, 0]]);
    const from = new Map<number, number>([[a, -1]]);
    let level = [a];
    for (let cost = 0; level.length > 0; cost++) {
      const next: number[] = [];
      for (let q = 0; q < level.length; q++) {
        const x = level[q]!;
        if (dist.get(x)! < cost) continue; // reached more cheaply since it was queued
        for (let e = this.succStart[x]!; e < this.succStart[x + 1]!; e++) {
          const y = this.succ[e]!;
          // Only operations that still reach b (on a cycle, the whole component does).
          if (y === a || (y !== b && !this.co(y, b))) continue;
          const c = this.rfPred[y] === x ? cost + 1 : cost;
          if ((dist.get(y) ?? Infinity) <= c) continue;
          dist.set(y, c);
          from.set(y, x);
          if (y !== b) (c === cost ? level : next).push(y);
        }
      }
      // Every path of this cost is explored: one reaching b now cannot be beaten.
      if (dist.has(b)) break;
      level = next;
    }
    if (!dist.has(b)) return undefined;
    const out: number[] = [];
    for (let z = b; z !== -1; z = from.get(z)!) out.push(z);
    return this.compress(out.reverse());
  }

  /**
   * A path with the inner operations of each run of session-order edges dropped: session order is
   * real-time order within a session, so a run's first operation precedes its last directly.
   */
  private compress(path: readonly number[]): number[] {
    const rfEdge = (k: number): boolean => k >= 1 && k < path.length && this.rfPred[path[k]!] === path[k - 1];
    return path.filter((_, k) => k === 0 || k === path.length - 1 || rfEdge(k) || rfEdge(k + 1));
  }

  /** One cycle of `co` as operations (each related to the next, the last to the first), or undefined. */
  cycle(): number[] | undefined {
    for (let i = 0; i < this.n; i++) {
      if (this.compCyclic[this.comp[i]!] !== 1) continue;
      for (let e = this.succStart[i]!; e < this.succStart[i + 1]!; e++) {
        const y = this.succ[e]!;
        if (this.comp[y] !== this.comp[i]) continue;
        const back = this.path(y, i);
        if (back !== undefined) return back;
      }
    }
    return undefined;
  }
}

/** Strongly connected components (iterative Tarjan), numbered in topological order. */
export function components(n: number, start: Int32Array, succ: Int32Array): { comp: Int32Array; count: number } {
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  const callV = new Int32Array(n);
  const callE = new Int32Array(n);
  const compRev = new Int32Array(n).fill(-1);
  let sp = 0;
  let next = 0;
  let count = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    let depth = 0;
    callV[0] = root;
    callE[0] = start[root]!;
    index[root] = low[root] = next++;
    stack[sp++] = root;
    onStack[root] = 1;
    while (depth >= 0) {
      const v = callV[depth]!;
      const e = callE[depth]!;
      if (e < start[v + 1]!) {
        callE[depth] = e + 1;
        const w = succ[e]!;
        if (index[w] === -1) {
          index[w] = low[w] = next++;
          stack[sp++] = w;
          onStack[w] = 1;
          depth++;
          callV[depth] = w;
          callE[depth] = start[w]!;
        } else if (onStack[w] === 1 && index[w]! < low[v]!) {
          low[v] = index[w]!;
        }
        continue;
      }
      if (low[v] === index[v]) {
        let w: number;
        do {
          w = stack[--sp]!;
          onStack[w] = 0;
          compRev[w] = count;
        } while (w !== v);
        count++;
      }
      depth--;
      if (depth >= 0) {
        const u = callV[depth]!;
        if (low[v]! < low[u]!) low[u] = low[v]!;
      }
    }
  }
  // Tarjan emits a component after every component it reaches: reverse for topological order.
  const comp = Int32Array.from(compRev, (c) => count - 1 - c);
  return { comp, count };
}
