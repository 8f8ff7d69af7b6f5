/**
 * The differentiated causal view of a history, built in near-linear time with
 * per-key value indexes (spec/consistency/relations.ts builds the same view
 * with quadratic scans: it is the oracle): reads and writes only; `ok`
 * operations plus the indeterminate writes some `ok` read reads; each value
 * written at most once per key, never the initial value; read-from as an
 * index per read (`INIT`, `THIN_AIR`, or the view index of its write).
 *
 * Sessions (relations.ts: `session`, else the process) must each be one
 * client's sequence: their `ok` operations may not overlap in real time (an
 * indeterminate one precedes nothing, so it may overlap). A history that
 * breaks this is `unknown` with that reason.
 */
import type { JsonValue, ProcessId } from '../../../traces/schema/trace-v1.js';
import type { Operation } from '../../../traces/history.js';
import type { Model } from '../../../spec/model.js';
import { jsonEqual } from '../../../spec/json-value.js';
import { INIT, NOT_A_READ, THIN_AIR, accessOf, initialValue, sessionOf, unsupportedReason } from '../../../spec/consistency/relations.js';

export { INIT, NOT_A_READ, THIN_AIR };

/** A canonical string for a JSON value (object keys sorted): equal strings iff `jsonEqual`. */
export function canon(v: JsonValue | undefined): string {
  if (v === undefined) return '?';
  if (typeof v !== 'object' || v === null) return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canon).join(',')}]`;
  return `{${Object.keys(v)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canon(v[k])}`)
    .join(',')}}`;
}

/** The view the fast checkers judge. */
export interface CausalView {
  /** Reads and writes in invocation order. */
  readonly ops: readonly Operation[];
  readonly n: number;
  /** 1 for writes, 0 for reads. */
  readonly isWrite: Uint8Array;
  /** Dense key id per operation. */
  readonly keyId: Int32Array;
  readonly keyCount: number;
  /** Read-from per read (write index, INIT or THIN_AIR); NOT_A_READ for writes. */
  readonly rf: Int32Array;
  /** Dense session id per operation. */
  readonly session: Int32Array;
  readonly sessionCount: number;
  /** Per session: its `ok` operations in order (they form a chain in session order). */
  readonly sessionOk: readonly Int32Array[];
  /** For each operation: how many `ok` operations of its session precede it in session order. */
  readonly soCount: Int32Array;
}

/**
 * Values by identity for one key: primitives as themselves (a Map keeps `1` and `"1"` apart),
 * arrays and objects by their canonical string.
 */
class ValueIndex<T> {
  private readonly prim = new Map<JsonValue, T>();
  private readonly comp = new Map<string, T>();
  get(v: JsonValue | undefined): T | undefined {
    if (v === undefined) return undefined;
    return typeof v === 'object' && v !== null ? this.comp.get(canon(v)) : this.prim.get(v);
  }
  set(v: JsonValue, t: T): void {
    if (typeof v === 'object' && v !== null) this.comp.set(canon(v), t);
    else this.prim.set(v, t);
  }
}

const cache = new WeakMap<readonly Operation[], { readonly model: Model; readonly result: { readonly view: CausalView } | { readonly reason: string } }>();

/**
 * Builds the differentiated view of `ops`, or says why the history cannot be judged by patterns.
 * The result is remembered per (operations array, model), so checking several models of one
 * history builds it once.
 */
export function buildView(ops: readonly Operation[], model: Model): { readonly view: CausalView } | { readonly reason: string } {
  const hit = cache.get(ops);
  if (hit !== undefined && hit.model === model) return hit.result;
  const result = buildViewNow(ops, model);
  cache.set(ops, { model, result });
  return result;
}

function buildViewNow(ops: readonly Operation[], model: Model): { readonly view: CausalView } | { readonly reason: string } {
  const reason = unsupportedReason(ops);
  if (reason !== undefined) return { reason };
  const keyIds = new Map<string | undefined, number>();
  const keyOf = (op: Operation): number => {
    let k = keyIds.get(op.key);
    if (k === undefined) keyIds.set(op.key, (k = keyIds.size));
    return k;
  };
  // Values some ok read returns, per key: an indeterminate write counts only when one of them is its value.
  const readValues: ValueIndex<true>[] = [];
  const at = <T>(list: ValueIndex<T>[], k: number): ValueIndex<T> => (list[k] ??= new ValueIndex<T>());
  for (const op of ops) if (op.status === 'ok' && accessOf(op) === 'read') at(readValues, keyOf(op)).set(op.output!, true);
  const kept: Operation[] = [];
  let sorted = true;
  for (const op of ops) {
    if (op.status === 'ok' || (accessOf(op) === 'write' && readValues[keyOf(op)]?.get(op.input) === true)) {
      if (kept.length > 0 && kept[kept.length - 1]!.call > op.call) sorted = false;
      kept.push(op);
    }
  }
  if (!sorted) kept.sort((a, b) => a.call - b.call);
  const n = kept.length;
  const isWrite = new Uint8Array(n);
  const keyId = new Int32Array(n);
  const firstOfKey = new Map<number, Operation>();
  for (let i = 0; i < n; i++) {
    const op = kept[i]!;
    isWrite[i] = accessOf(op) === 'write' ? 1 : 0;
    keyId[i] = keyOf(op);
    if (!firstOfKey.has(keyId[i]!)) firstOfKey.set(keyId[i]!, op);
  }
  const initOf: JsonValue[] = [];
  for (const [k, op] of firstOfKey) initOf[k] = initialValue(model, op.key, [op]);
  const writers: ValueIndex<number>[] = [];
  for (let i = 0; i < n; i++) {
    if (isWrite[i] === 0) continue;
    const w = kept[i]!;
    if (jsonEqual(w.input, initOf[keyId[i]!]!)) return { reason: `line ${w.callLine} writes the initial value ${JSON.stringify(w.input)}: the history is not differentiated` };
    const index = at(writers, keyId[i]!);
    const first = index.get(w.input);
    if (first !== undefined) return { reason: `lines ${kept[first]!.callLine} and ${w.callLine} write the same value ${JSON.stringify(w.input)}: the history is not differentiated` };
    index.set(w.input, i);
  }
  const rf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (isWrite[i] === 1) {
      rf[i] = NOT_A_READ;
      continue;
    }
    const out = kept[i]!.output;
    const w = writers[keyId[i]!]?.get(out);
    rf[i] = w !== undefined ? w : jsonEqual(out, initOf[keyId[i]!]!) ? INIT : THIN_AIR;
  }
  const sessions = sessionsOf(kept);
  if ('reason' in sessions) return sessions;
  return { view: { ops: kept, n, isWrite, keyId, keyCount: keyIds.size, rf, ...sessions } };
}

/** Session ids, each session's `ok` chain, and each operation's count of session predecessors. */
export function sessionsOf(
  ops: readonly Operation[],
): { session: Int32Array; sessionCount: number; sessionOk: Int32Array[]; soCount: Int32Array } | { reason: string } {
  const n = ops.length;
  const ids = new Map<ProcessId, number>();
  const session = new Int32Array(n);
  const lists: number[][] = [];
  for (let i = 0; i < n; i++) {
    const s = sessionOf(ops[i]!);
    let id = ids.get(s);
    if (id === undefined) {
      ids.set(s, (id = ids.size));
      lists.push([]);
    }
    session[i] = id;
    if (ops[i]!.status === 'ok') lists[id]!.push(i);
  }
  const sessionOk = lists.map((l) => Int32Array.from(l));
  // ops are in call order, so each chain is too; its members must not overlap.
  for (const chain of sessionOk) {
    for (let j = 1; j < chain.length; j++) {
      const a = ops[chain[j - 1]!]!;
      const b = ops[chain[j]!]!;
      if (!(a.ret < b.call)) {
        return {
          reason: `session ${JSON.stringify(sessionOf(a))} has overlapping operations (lines ${a.callLine} and ${b.callLine}): a session must be one client's sequence of operations`,
        };
      }
    }
  }
  // soCount[i]: the ok operations of i's session that returned before i was invoked (a prefix of the chain).
  const soCount = new Int32Array(n);
  const seen = new Int32Array(sessionOk.length);
  for (let i = 0; i < n; i++) {
    const chain = sessionOk[session[i]!]!;
    let c = seen[session[i]!]!;
    while (c < chain.length && ops[chain[c]!]!.ret < ops[i]!.call) c++;
    seen[session[i]!] = c;
    soCount[i] = c;
  }
  return { session, sessionCount: sessionOk.length, sessionOk, soCount };
}
