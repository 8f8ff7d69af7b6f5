/**
 * Fast checker of eventual consistency on final reads: the definition of
 * spec/consistency/eventual.ts (the oracle, where the model is stated) in
 * linear time. The one quadratic part of the definition — "is this register
 * write causally before a later acknowledged write of its key" over
 * `(so ∪ rf)⁺` — becomes a breadth-first search from the candidate write in
 * which a session's operations after a point are reached as one suffix (each
 * operation is visited once), read-from edges come from a per-key value index,
 * and candidates are tried latest first.
 */
import type { JsonValue, ProcessId } from '../../../traces/schema/trace-v1.js';
import type { Operation } from '../../../traces/history.js';
import { jsonEqual } from '../../../spec/json-value.js';
import { FINAL_READ } from '../../../spec/consistency/eventual.js';
import { sessionOf } from '../../../spec/consistency/relations.js';
import { type ModelVerdict, holds, unknown, violates } from '../../../spec/consistency/verdict.js';
import { canon } from './view.js';

type DataType = 'register' | 'append' | 'set' | 'counter';
const TYPE_OF: Readonly<Record<string, DataType>> = { write: 'register', put: 'register', append: 'append', add: 'set', incr: 'counter' };
const READS = new Set(['read', 'get']);

type Found = { readonly pattern: string; readonly ops: readonly Operation[] } | { readonly unknown: string } | undefined;

/** Whether the final reads of `ops` converge on a value reflecting every acknowledged update. */
export function checkEventualFast(ops: readonly Operation[]): ModelVerdict<'eventual'> {
  const byKey = new Map<string | undefined, { updates: Operation[]; finals: Operation[] }>();
  const group = (k: string | undefined) => {
    let g = byKey.get(k);
    if (g === undefined) byKey.set(k, (g = { updates: [], finals: [] }));
    return g;
  };
  let anyFinal = false;
  let firstUpdate: Operation | undefined;
  let kvNames = false;
  for (const op of ops) {
    if (op.f === 'put' || op.f === 'get') kvNames = true;
    if (op.f === FINAL_READ) {
      if (op.status === 'ok') {
        anyFinal = true;
        group(op.key).finals.push(op);
      }
      continue;
    }
    if (READS.has(op.f)) continue;
    if (TYPE_OF[op.f] === undefined) return unknownOrNone(ops, `"${op.f}" (line ${op.callLine}) is not an update eventual consistency covers (write, put, append, add, incr)`);
    firstUpdate ??= op;
    group(op.key).updates.push(op);
  }
  if (!anyFinal) return unknown(`no final reads: mark the reads issued after the quiet period with f "${FINAL_READ}"`);
  // Keys in the definition's order: updated keys first (by first update), then keys only read finally.
  const order = new Set<string | undefined>();
  for (const op of ops) if (TYPE_OF[op.f] !== undefined) order.add(op.key);
  for (const op of ops) if (op.f === FINAL_READ && op.status === 'ok') order.add(op.key);
  let graph: WriteGraph | undefined;
  for (const key of order) {
    const { updates, finals } = byKey.get(key) ?? { updates: [], finals: [] };
    const found = checkKey(key, updates, finals, firstUpdate, kvNames, () => (graph ??= new WriteGraph(ops)));
    if (found === undefined) continue;
    if ('unknown' in found) return unknown(found.unknown);
    return violates('eventual', found.pattern, found.ops, key);
  }
  return holds('eventual');
}

/** The definition says `unknown` for an unsupported update only once it has final reads; keep its reason either way. */
function unknownOrNone(ops: readonly Operation[], reason: string): ModelVerdict<'eventual'> {
  if (!ops.some((op) => op.f === FINAL_READ && op.status === 'ok')) return unknown(`no final reads: mark the reads issued after the quiet period with f "${FINAL_READ}"`);
  return unknown(reason);
}

function checkKey(
  key: string | undefined,
  updates: readonly Operation[],
  finals: readonly Operation[],
  firstUpdate: Operation | undefined,
  kvNames: boolean,
  graph: () => WriteGraph,
): Found {
  const name = key === undefined ? 'the register' : `key ${JSON.stringify(key)}`;
  if (finals.length === 0) return { unknown: `${name} is updated but never read finally (f "${FINAL_READ}")` };
  const types = new Set(updates.map((op) => TYPE_OF[op.f]!));
  if (types.size > 1) return { unknown: `${name} mixes updates of different data types (${updates.map((op) => op.f).join(', ')})` };
  let firstFinal = Infinity;
  for (const f of finals) firstFinal = Math.min(firstFinal, f.call);
  const early = updates.find((u) => u.status === 'ok' && firstFinal < u.ret);
  if (early !== undefined) return { unknown: `final read of ${name} invoked before the update at line ${early.callLine} returned: no quiet period` };
  const type = [...types][0] ?? TYPE_OF[firstUpdate?.f ?? 'write']!;
  const norm = type === 'set' ? (v: JsonValue | undefined) => canon(asSet(v)) : canon;
  const first = norm(finals[0]!.output);
  const other = finals.find((f) => norm(f.output) !== first);
  if (other !== undefined) return { pattern: 'final-reads-disagree', ops: [finals[0]!, other] };
  const final = finals[0]!;
  const acked = updates.filter((op) => op.status === 'ok');
  switch (type) {
    case 'register': {
      const initial: JsonValue = kvNames ? '' : null;
      if (acked.length === 0 && jsonEqual(final.output, initial)) return undefined;
      const candidates = updates.filter((w) => jsonEqual(w.input, final.output));
      if (candidates.length === 0) {
        return jsonEqual(final.output, initial) ? { pattern: 'final-read-lost-update', ops: [acked[0]!, final] } : { pattern: 'final-read-thin-air', ops: [final] };
      }
      const g = graph();
      const ackedSet = new Set(acked);
      let firstOverwrite: Operation | undefined;
      for (let k = candidates.length - 1; k >= 0; k--) {
        const by = g.laterAcked(candidates[k]!, ackedSet);
        if (by === undefined) return undefined;
        if (k === 0) firstOverwrite = by;
      }
      return { pattern: 'final-read-overwritten', ops: [candidates[0]!, firstOverwrite!, final] };
    }
    case 'append': {
      const lost = acked.find((a) => !contains(final.output, a.input));
      return lost === undefined ? undefined : { pattern: 'final-read-lost-update', ops: [lost, final] };
    }
    case 'set': {
      if (!Array.isArray(final.output)) return { pattern: 'final-read-thin-air', ops: [final] };
      const lost = acked.find((a) => !contains(final.output, a.input));
      if (lost !== undefined) return { pattern: 'final-read-lost-update', ops: [lost, final] };
      const added = new Set(updates.map((a) => canon(a.input)));
      return final.output.some((x) => !added.has(canon(x))) ? { pattern: 'final-read-thin-air', ops: [final] } : undefined;
    }
    case 'counter': {
      const amount = (op: Operation): number | undefined => (op.input === null ? 1 : typeof op.input === 'number' && op.input >= 0 ? op.input : undefined);
      const bad = updates.find((op) => amount(op) === undefined);
      if (bad !== undefined) return { unknown: `incr at line ${bad.callLine} is not a non-negative number` };
      const low = acked.reduce((s, op) => s + amount(op)!, 0);
      const high = updates.reduce((s, op) => s + amount(op)!, 0);
      if (typeof final.output !== 'number' || final.output > high) return { pattern: 'final-read-thin-air', ops: [final] };
      return final.output < low ? { pattern: 'final-read-lost-update', ops: [...acked, final] } : undefined;
    }
  }
}

const asSet = (v: JsonValue | undefined): JsonValue => (Array.isArray(v) ? [...v].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) : (v ?? null));
const contains = (whole: JsonValue | undefined, part: JsonValue): boolean =>
  Array.isArray(whole) ? whole.some((x) => jsonEqual(x, part)) : typeof whole === 'string' && typeof part === 'string' && whole.includes(part);

/** `(so ∪ rf)⁺` over all operations (rf: reads of a value exactly one register write of the key wrote), searched forward. */
class WriteGraph {
  private readonly sessions: Operation[][] = [];
  private readonly sessionIdx = new Map<Operation, [number, number]>();
  /** (key, value) → the register writes of it. */
  private readonly writers = new Map<string, Operation[]>();
  /** (key, value) → the ok reads (and final reads) returning it. */
  private readonly readers = new Map<string, Operation[]>();

  constructor(ops: readonly Operation[]) {
    const ids = new Map<ProcessId, number>();
    for (const op of ops) {
      const s = sessionOf(op);
      let id = ids.get(s);
      if (id === undefined) {
        ids.set(s, (id = this.sessions.length));
        this.sessions.push([]);
      }
      this.sessions[id]!.push(op);
    }
    this.sessions.forEach((list, s) => {
      list.sort((a, b) => a.call - b.call);
      list.forEach((op, i) => this.sessionIdx.set(op, [s, i]));
    });
    const slot = (op: Operation, v: JsonValue | undefined): string => `${JSON.stringify(op.key ?? null)}\u0000${canon(v)}`;
    for (const op of ops) {
      if (TYPE_OF[op.f] === 'register') push(this.writers, slot(op, op.input), op);
      else if (op.status === 'ok' && (READS.has(op.f) || op.f === FINAL_READ)) push(this.readers, slot(op, op.output), op);
    }
    this.slot = slot;
  }

  private readonly slot: (op: Operation, v: JsonValue | undefined) => string;

  /** An acknowledged write other than `w` in `acked` that `w` is causally before, or undefined. */
  laterAcked(w: Operation, acked: ReadonlySet<Operation>): Operation | undefined {
    const reachedFrom = new Int32Array(this.sessions.length).fill(0x7fffffff);
    const visited = new Set<Operation>();
    const queue: Operation[] = [];
    const reachSuffix = (s: number, i: number): void => {
      const list = this.sessions[s]!;
      for (let k = i; k < Math.min(reachedFrom[s]!, list.length); k++) queue.push(list[k]!);
      if (i < reachedFrom[s]!) reachedFrom[s] = i;
    };
    const expand = (a: Operation): void => {
      const [s] = this.sessionIdx.get(a)!;
      const list = this.sessions[s]!;
      // Session successors: every operation of the session invoked after a returned (a suffix by call).
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid]!.call > a.ret) hi = mid;
        else lo = mid + 1;
      }
      if (lo < list.length) reachSuffix(s, lo);
      if (TYPE_OF[a.f] === 'register') {
        const k = this.slot(a, a.input);
        if (this.writers.get(k)!.length === 1) for (const r of this.readers.get(k) ?? []) queue.push(r);
      }
    };
    expand(w);
    for (let q = 0; q < queue.length; q++) {
      const b = queue[q]!;
      if (visited.has(b)) continue;
      visited.add(b);
      if (b !== w && acked.has(b)) return b;
      expand(b);
    }
    return undefined;
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l === undefined) m.set(k, [v]);
  else l.push(v);
}
