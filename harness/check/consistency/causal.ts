/**
 * Fast checkers of causal consistency (`cc`), causal memory (`cm`) and causal
 * convergence (`ccv`) for differentiated histories: the bad patterns of
 * Bouajjani, Enea, Guerraoui and Hamza, "On verifying causal consistency"
 * (POPL 2017, §5), searched with the vector clocks of causal-graph.ts and
 * per-key, per-chain write indexes instead of the dense relations of
 * spec/consistency/causal-patterns.ts (the oracle; the definitions of the
 * patterns are stated there).
 *
 * - ThinAirRead: read-from says so.
 * - CyclicCO: a strongly connected component of more than one operation.
 * - WriteCOInitRead, WriteCORead: for a read r of key x, per chain c only the
 *   first (resp. last) write of x on c within r's causal past matters — all
 *   others on c are causally before it. O(chains with writes of x · log) per read.
 * - CyclicCF (ccv): per read r of w2 and chain c, one conflict edge from the
 *   last write of x on c in r's past to w2 keeps the reachability of
 *   `co ∪ cf`; a cycle is a component of more than one operation.
 * - WriteHBInitRead, CyclicHB (cm): per operation o last in its session, the
 *   fixpoint hb_o over o's causal past as bitsets of ancestors, recomputed in
 *   topological order (Kahn) after each round of added write-write edges; a
 *   round that finds no topological order is CyclicHB. O(rounds · n²/32) per o.
 *
 * Each finder returns the pattern's operations and a small sub-history
 * ("core") that still contains the pattern: the operations of the paths
 * realizing each causal edge of the pattern (a path over session order and
 * read-from stays a path in any sub-history containing it).
 */
import type { Operation } from '../../../traces/history.js';
import type { Model } from '../../../spec/model.js';
import type { CausalVariant } from '../../../spec/consistency/causal-definition.js';
import { CausalGraph, components } from './causal-graph.js';
import { type CausalView, INIT, THIN_AIR, buildView } from './view.js';

/** A bad pattern found in a view: its name, its operations, and a sub-history (view indices) that still shows it. */
export interface FoundPattern {
  readonly pattern: string;
  readonly ops: readonly number[];
  readonly core: readonly number[];
}

/** What a finder saw: the pattern, none, or why it cannot judge. */
export type Finding = { readonly found: FoundPattern | undefined; readonly view: CausalView } | { readonly reason: string };

/** Largest history `cm` judges: its ancestor bitsets take n²/8 bytes. */
export const CM_MAX_OPS = 40_000;

/** Writes of each key, per chain, in chain order. */
export class WriteIndex {
  /** keyChains[x]: chains holding writes of key x, with those writes' positions and indices. */
  readonly keyChains: { readonly chain: number; readonly writes: Int32Array; readonly pos: Int32Array }[][];

  private static readonly cache = new WeakMap<CausalView, WriteIndex>();

  /** The index of `view` (built once per view). */
  static of(view: CausalView, g: CausalGraph): WriteIndex {
    let idx = WriteIndex.cache.get(view);
    if (idx === undefined) WriteIndex.cache.set(view, (idx = new WriteIndex(view, g)));
    return idx;
  }

  private constructor(view: CausalView, g: CausalGraph) {
    const per: Map<number, number[]>[] = Array.from({ length: view.keyCount }, () => new Map());
    for (let i = 0; i < view.n; i++) {
      if (view.isWrite[i] === 0) continue;
      const m = per[view.keyId[i]!]!;
      const c = g.chain[i]!;
      let list = m.get(c);
      if (list === undefined) m.set(c, (list = []));
      list.push(i);
    }
    this.keyChains = per.map((m) =>
      [...m].map(([chain, ws]) => {
        ws.sort((a, b) => g.pos[a]! - g.pos[b]!);
        return { chain, writes: Int32Array.from(ws), pos: Int32Array.from(ws, (w) => g.pos[w]!) };
      }),
    );
  }
}

const readPatterns = new WeakMap<CausalView, FoundPattern | null>();

/**
 * WriteCOInitRead or WriteCORead in an acyclic view, or undefined (remembered per view). Every
 * session-guarantee pattern implies one of these (spec/consistency/session-guarantees.ts), so
 * without them all four guarantees hold.
 */
export function findReadPattern(view: CausalView, g: CausalGraph): FoundPattern | undefined {
  const hit = readPatterns.get(view);
  if (hit !== undefined) return hit ?? undefined;
  const found = searchReadPattern(view, g);
  readPatterns.set(view, found ?? null);
  return found;
}

function searchReadPattern(view: CausalView, g: CausalGraph): FoundPattern | undefined {
  const n = view.n;
  const idx = WriteIndex.of(view, g);
  for (let r = 0; r < n; r++) {
    if (view.rf[r] !== INIT) continue;
    for (const kc of idx.keyChains[view.keyId[r]!]!) {
      if (kc.pos[0]! <= g.seen(r, kc.chain)) {
        const w = kc.writes[0]!;
        return { pattern: 'WriteCOInitRead', ops: [w, r], core: g.path(w, r)! };
      }
    }
  }
  for (let r = 0; r < n; r++) {
    const w1 = view.rf[r]!;
    if (w1 < 0) continue;
    for (const kc of idx.keyChains[view.keyId[r]!]!) {
      const k = lastAtMost(kc.pos, g.seen(r, kc.chain));
      if (k < 0) continue;
      const w2 = kc.writes[k]!;
      if (w2 !== w1 && g.co(w1, w2)) return { pattern: 'WriteCORead', ops: [w1, w2, r], core: [...g.path(w1, w2)!, ...g.path(w2, r)!] };
    }
  }
  return undefined;
}

/** Index of the last entry of sorted `pos` that is ≤ `limit`, or -1. */
export function lastAtMost(pos: Int32Array, limit: number): number {
  let lo = 0;
  let hi = pos.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (pos[mid]! <= limit) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

/** Searches `ops` for a bad pattern of `variant`. */
export function findCausal(variant: CausalVariant, ops: readonly Operation[], model: Model): Finding {
  const built = buildView(ops, model);
  if ('reason' in built) return built;
  const view = built.view;
  if (variant === 'cm' && view.n > CM_MAX_OPS) return { reason: `${view.n} reads and writes: more than the ${CM_MAX_OPS} the cm check holds (its ancestor bitsets take n²/8 bytes)` };
  const g = CausalGraph.of(view);
  if ('reason' in g) return g;
  return { found: findInView(variant, view, g), view };
}

function findInView(variant: CausalVariant, view: CausalView, g: CausalGraph): FoundPattern | undefined {
  const n = view.n;
  for (let r = 0; r < n; r++) if (view.rf[r] === THIN_AIR) return { pattern: 'ThinAirRead', ops: [r], core: [r] };
  if (g.cyclic) {
    const cycle = g.cycle()!;
    return { pattern: 'CyclicCO', ops: cycle, core: cycle };
  }
  const idx = WriteIndex.of(view, g);
  const read = findReadPattern(view, g);
  if (read !== undefined) return read;
  if (variant === 'ccv') return cyclicConflict(view, g, idx);
  if (variant === 'cm') return happenedBefore(view, g);
  return undefined;
}

/** CyclicCF: a cycle in `co ∪ cf`. */
function cyclicConflict(view: CausalView, g: CausalGraph, idx: WriteIndex): FoundPattern | undefined {
  const n = view.n;
  const extraFrom: number[] = [];
  const extraTo: number[] = [];
  const extraWhy: number[] = [];
  for (let r = 0; r < n; r++) {
    const w2 = view.rf[r]!;
    if (w2 < 0) continue;
    for (const kc of idx.keyChains[view.keyId[r]!]!) {
      let k = lastAtMost(kc.pos, g.seen(r, kc.chain));
      if (k >= 0 && kc.writes[k] === w2) k--;
      if (k < 0) continue;
      extraFrom.push(kc.writes[k]!);
      extraTo.push(w2);
      extraWhy.push(r);
    }
  }
  if (extraFrom.length === 0) return undefined;
  const m = extraFrom.length;
  const deg = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) deg[i] = g.succStart[i + 1]! - g.succStart[i]!;
  for (let e = 0; e < m; e++) deg[extraFrom[e]!]!++;
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i]! + deg[i]!;
  const succ = new Int32Array(start[n]!);
  const why = new Int32Array(start[n]!).fill(-1);
  const fill = start.slice(0, n);
  for (let i = 0; i < n; i++) for (let e = g.succStart[i]!; e < g.succStart[i + 1]!; e++) succ[fill[i]!++] = g.succ[e]!;
  for (let e = 0; e < m; e++) {
    why[fill[extraFrom[e]!]!] = extraWhy[e]!;
    succ[fill[extraFrom[e]!]!++] = extraTo[e]!;
  }
  const { comp, count } = components(n, start, succ);
  if (count === n) return undefined;
  // One cycle inside a component of several operations: BFS back to the start.
  const size = new Int32Array(count);
  for (let i = 0; i < n; i++) size[comp[i]!]!++;
  const a = comp.findIndex((c) => size[c]! > 1);
  const from = new Map<number, number>([[a, -1]]);
  const edgeWhy = new Map<number, number>();
  const queue = [a];
  let last = -1;
  let closingWhy = -1;
  for (let q = 0; q < queue.length && last < 0; q++) {
    const x = queue[q]!;
    for (let e = start[x]!; e < start[x + 1]!; e++) {
      const y = succ[e]!;
      if (comp[y] !== comp[a]) continue;
      if (y === a) {
        last = x;
        closingWhy = why[e]!;
        break;
      }
      if (from.has(y)) continue;
      from.set(y, x);
      if (why[e]! >= 0) edgeWhy.set(y, why[e]!);
      queue.push(y);
    }
  }
  const cycle: number[] = [];
  for (let z = last; z !== -1; z = from.get(z)!) cycle.push(z);
  cycle.reverse();
  // cf edges on the cycle: x cf y justified by a read r of y with x co r.
  const reads: number[] = [];
  const core: number[] = [];
  for (let k = 0; k < cycle.length; k++) {
    const x = cycle[k]!;
    const y = k + 1 < cycle.length ? cycle[k + 1]! : a;
    const r = k + 1 < cycle.length ? (edgeWhy.get(y) ?? -1) : closingWhy;
    if (r >= 0) {
      reads.push(r);
      core.push(...g.path(x, r)!, y);
    } else core.push(x, y);
  }
  return { pattern: 'CyclicCF', ops: [...cycle, ...reads], core };
}

/** WriteHBInitRead and CyclicHB, for each operation last in its session. */
function happenedBefore(view: CausalView, g: CausalGraph): FoundPattern | undefined {
  const n = view.n;
  const W = (n + 31) >>> 5;
  // Per key: bitset of its writes.
  const keyBits = new Uint32Array(view.keyCount * W);
  for (let i = 0; i < n; i++) if (view.isWrite[i] === 1) keyBits[view.keyId[i]! * W + (i >>> 5)]! |= 1 << (i & 31);
  const lastCall = new Float64Array(view.sessionCount).fill(-Infinity);
  for (let i = 0; i < n; i++) lastCall[view.session[i]!] = Math.max(lastCall[view.session[i]!]!, view.ops[i]!.call);
  const anc = new Uint32Array(n * W);
  const inPast = new Uint8Array(n);
  const extraPreds: number[][] = Array.from({ length: n }, () => []);
  const indeg = new Int32Array(n);
  const order = new Int32Array(n);
  const outs: number[][] = Array.from({ length: n }, () => []);
  for (let o = 0; o < n; o++) {
    const op = view.ops[o]!;
    if (op.status === 'ok' && lastCall[view.session[o]!]! > op.ret) continue; // not last in its session
    const past: number[] = [];
    for (let v = 0; v < n; v++) {
      inPast[v] = v === o || g.co(v, o) ? 1 : 0;
      if (inPast[v] === 1) past.push(v);
    }
    // o's session past: o and the ok operations of its session before it.
    const chain = view.sessionOk[view.session[o]!]!;
    const sessionPast = [o, ...Array.from(chain.subarray(0, op.status === 'ok' ? g.pos[o]! : view.soCount[o]!))];
    for (const v of past) extraPreds[v]!.length = 0;
    for (;;) {
      const topo = topoOrder(past, g, extraPreds, inPast, indeg, order, outs);
      if (topo < 0) return cyclicHb(past, g, extraPreds, inPast, o);
      for (let k = 0; k < topo; k++) {
        const v = order[k]!;
        const row = v * W;
        anc.fill(0, row, row + W);
        const preds = [g.soPred[v]!, g.rfPred[v]!, ...extraPreds[v]!];
        for (const p of preds) {
          if (p < 0) continue;
          const pr = p * W;
          for (let j = 0; j < W; j++) anc[row + j]! |= anc[pr + j]!;
          anc[row + (p >>> 5)]! |= 1 << (p & 31);
        }
      }
      let added = false;
      for (const r2 of sessionPast) {
        const w2 = view.rf[r2]!;
        if (w2 < 0) continue;
        const kb = view.keyId[r2]! * W;
        const ra = r2 * W;
        const wa = w2 * W;
        for (let j = 0; j < W; j++) {
          let bits = anc[ra + j]! & keyBits[kb + j]! & ~anc[wa + j]!;
          while (bits !== 0) {
            const b = 31 - Math.clz32(bits & -bits);
            bits &= bits - 1;
            const w1 = (j << 5) | b;
            if (w1 === w2 || extraPreds[w2]!.includes(w1)) continue;
            extraPreds[w2]!.push(w1);
            added = true;
          }
        }
      }
      if (!added) break;
    }
    for (const r of sessionPast) {
      if (view.rf[r] !== INIT) continue;
      const kb = view.keyId[r]! * W;
      for (let j = 0; j < W; j++) {
        const bits = anc[r * W + j]! & keyBits[kb + j]!;
        if (bits === 0) continue;
        const w = (j << 5) | (31 - Math.clz32(bits & -bits));
        return { pattern: 'WriteHBInitRead', ops: [w, r, o], core: past };
      }
    }
  }
  return undefined;
}

/** Kahn's order of `past` under so, rf and the added edges into `order`; its length, or -1 when cyclic. */
function topoOrder(past: readonly number[], g: CausalGraph, extraPreds: readonly number[][], inPast: Uint8Array, indeg: Int32Array, order: Int32Array, outs: number[][]): number {
  for (const v of past) {
    indeg[v] = 0;
    outs[v]!.length = 0;
  }
  for (const v of past) {
    for (const p of [g.soPred[v]!, g.rfPred[v]!, ...extraPreds[v]!]) {
      if (p < 0 || inPast[p] !== 1) continue;
      indeg[v]!++;
      outs[p]!.push(v);
    }
  }
  let len = 0;
  for (const v of past) if (indeg[v] === 0) order[len++] = v;
  for (let k = 0; k < len; k++) {
    for (const y of outs[order[k]!]!) if (--indeg[y]! === 0) order[len++] = y;
  }
  return len === past.length ? len : -1;
}

/** CyclicHB: the operations on one cycle of hb_o (so, rf and added edges over o's past), with o. */
function cyclicHb(past: readonly number[], g: CausalGraph, extraPreds: readonly number[][], inPast: Uint8Array, o: number): FoundPattern {
  // Peel off everything that is not on or before a cycle, then walk predecessors until one repeats.
  const preds = (v: number): number[] => [g.soPred[v]!, g.rfPred[v]!, ...extraPreds[v]!].filter((p) => p >= 0 && inPast[p] === 1);
  const outdeg = new Map<number, number>();
  const succs = new Map<number, number[]>();
  for (const v of past) for (const p of preds(v)) succs.set(p, [...(succs.get(p) ?? []), v]);
  for (const v of past) outdeg.set(v, (succs.get(v) ?? []).length);
  const alive = new Set(past);
  const queue = past.filter((v) => outdeg.get(v) === 0);
  while (queue.length > 0) {
    const v = queue.pop()!;
    alive.delete(v);
    for (const p of preds(v)) {
      const d = outdeg.get(p)! - 1;
      outdeg.set(p, d);
      if (d === 0) queue.push(p);
    }
  }
  // Every live operation has a live successor: follow them until one repeats.
  let v = [...alive][0]!;
  const seenAt = new Map<number, number>();
  const walk: number[] = [];
  while (!seenAt.has(v)) {
    seenAt.set(v, walk.length);
    walk.push(v);
    v = succs.get(v)!.find((s) => alive.has(s))!;
  }
  const cycle = walk.slice(seenAt.get(v)!);
  return { pattern: 'CyclicHB', ops: [...cycle, o], core: past };
}
