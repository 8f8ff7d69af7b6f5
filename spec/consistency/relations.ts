/**
 * The relations every consistency definition here is built from, over the
 * operations of one history (indices into `ops`):
 *
 * - session: `op.session` when the operation carries one, else its process
 *   (DESIGN.md, trace format). Read defensively: the `Operation` type may not
 *   declare the field.
 * - session order `so`: `a` precedes `b` iff same session and `a` completed
 *   before `b` was invoked (`a.ret < b.call`). An indeterminate (`info`)
 *   operation never completed, so it precedes nothing in its session: it may
 *   take effect at any time after its invocation.
 * - read-from `rf` (registers, differentiated histories): a read reads from
 *   the one write of its key whose value it returns, or from the initial
 *   value; a value no write wrote is a thin-air read. `fail` writes are not
 *   operations of the history, so reading one's value is a thin-air read.
 * - causal order `co = (so ∪ rf)⁺` (Bouajjani et al. POPL 2017, §5), as a
 *   reachability matrix; it may be cyclic, which is itself a bad pattern.
 */
import type { JsonValue, ProcessId } from '../../traces/schema/trace-v1.js';
import type { Operation } from '../../traces/history.js';
import type { Model } from '../model.js';
import { jsonEqual } from '../json-value.js';

/** The session of an operation: its `session` field if present, else its process. */
export function sessionOf(op: Operation): ProcessId {
  return op.session ?? op.process;
}

/** Whether `a` precedes `b` in session order. */
export const sessionPrecedes = (a: Operation, b: Operation): boolean => a.ret < b.call && sessionOf(a) === sessionOf(b);

/** What a register-like operation does: `read`/`get` read, `write`/`put` overwrite; anything else (cas, append, ...) is `other`. */
export type AccessKind = 'read' | 'write' | 'other';

/** The access kind of an operation (a `final-read`, marked for eventual consistency, is a read). */
export function accessOf(op: Operation): AccessKind {
  if (op.f === 'read' || op.f === 'get' || op.f === 'final-read') return 'read';
  if (op.f === 'write' || op.f === 'put') return 'write';
  return 'other';
}

/** The value an operation reads (its output) or writes (its input). */
export const valueOf = (op: Operation): JsonValue | undefined => (accessOf(op) === 'read' ? op.output : op.input);

/** The operations no register definition here speaks of, as an `unknown` reason; undefined when there are none. */
export function unsupportedReason(ops: readonly Operation[]): string | undefined {
  const other = ops.find((op) => accessOf(op) === 'other');
  if (other === undefined) return undefined;
  return `"${other.f}" (line ${other.callLine}) is not a read or an overwrite: this definition covers read/write registers (read/write, get/put) only`;
}

/** The initial value of `key` under `model` (register `null`, kv `""`). */
export function initialValue(model: Model, key: string | undefined, ops: readonly Operation[]): JsonValue {
  const mine = ops.filter((op) => op.key === key);
  const part = model.partition?.(mine).find((p) => p.key === key);
  const init = (part?.model ?? model).init();
  return (typeof init === 'object' && init !== null && !Array.isArray(init) && key !== undefined ? ((init as Record<string, JsonValue>)[key] ?? '') : init) as JsonValue;
}

/**
 * The causal view of a history: ok reads and writes, plus the indeterminate
 * writes something reads (an `info` write counts only once something reads
 * it); indeterminate reads return nothing and constrain nothing.
 */
export function causalView(ops: readonly Operation[]): Operation[] {
  const readValues = ops.filter((op) => op.status === 'ok' && accessOf(op) === 'read');
  return ops.filter((op) => {
    if (op.status === 'ok') return true;
    if (accessOf(op) !== 'write') return false;
    return readValues.some((r) => r.key === op.key && jsonEqual(r.output, op.input));
  });
}

/** Why `ops` (reads and writes only) is not differentiated — a value written twice to a key, or the initial value written — or undefined. */
export function notDifferentiated(ops: readonly Operation[], model: Model): string | undefined {
  const writes = ops.filter((op) => accessOf(op) === 'write');
  for (let i = 0; i < writes.length; i++) {
    const w = writes[i]!;
    if (jsonEqual(w.input, initialValue(model, w.key, ops))) return `line ${w.callLine} writes the initial value ${JSON.stringify(w.input)}: the history is not differentiated`;
    for (let j = 0; j < i; j++) {
      const v = writes[j]!;
      if (v.key === w.key && jsonEqual(v.input, w.input)) return `lines ${v.callLine} and ${w.callLine} write the same value ${JSON.stringify(w.input)}: the history is not differentiated`;
    }
  }
  return undefined;
}

/**
 * The causal view of `ops` when the pattern definitions can judge it (reads and
 * writes only, differentiated), or why they cannot, as an `unknown` reason.
 */
export function differentiatedView(ops: readonly Operation[], model: Model): { readonly view: Operation[] } | { readonly reason: string } {
  const reason = unsupportedReason(ops);
  if (reason !== undefined) return { reason };
  const view = causalView(ops);
  const mixed = notDifferentiated(view, model);
  return mixed === undefined ? { view } : { reason: mixed };
}

/** Read-from of a differentiated history: for each read, the index of its write, `INIT`, or `THIN_AIR`; `NOT_A_READ` for writes. */
export function readFrom(ops: readonly Operation[], model: Model): number[] {
  return ops.map((r) => {
    if (accessOf(r) !== 'read') return NOT_A_READ;
    const w = ops.findIndex((o) => accessOf(o) === 'write' && o.key === r.key && jsonEqual(o.input, r.output));
    if (w >= 0) return w;
    return jsonEqual(r.output, initialValue(model, r.key, ops)) ? INIT : THIN_AIR;
  });
}

/** `readFrom` markers. */
export const INIT = -1;
export const THIN_AIR = -2;
export const NOT_A_READ = -3;

/** A relation over `n` operations as an adjacency matrix: `m[a][b]` iff `a` relates to `b`. */
export type Relation = boolean[][];

/** The empty relation over `n` operations. */
export const emptyRelation = (n: number): Relation => Array.from({ length: n }, () => new Array<boolean>(n).fill(false));

/** Session order over `ops`. */
export function sessionOrder(ops: readonly Operation[]): Relation {
  return ops.map((a) => ops.map((b) => sessionPrecedes(a, b)));
}

/** The transitive closure of `r` (Floyd–Warshall), as a new relation. */
export function closure(r: Relation): Relation {
  const m = r.map((row) => row.slice());
  const n = m.length;
  for (let k = 0; k < n; k++) {
    const mk = m[k]!;
    for (let i = 0; i < n; i++) {
      const mi = m[i]!;
      if (!mi[k]) continue;
      for (let j = 0; j < n; j++) if (mk[j]) mi[j] = true;
    }
  }
  return m;
}

/** Whether a closed relation is cyclic (relates some operation to itself). */
export const cyclic = (closed: Relation): boolean => closed.some((row, i) => row[i] === true);

/** The operations on one cycle of a closed relation through its first cyclic operation: those `b` with `a r b r a`. */
export function cycleOf(closed: Relation): number[] {
  const a = closed.findIndex((row, i) => row[i] === true);
  if (a < 0) return [];
  return closed.map((_, b) => b).filter((b) => closed[a]![b] && closed[b]![a]);
}

/** `co = (so ∪ rf)⁺` of a differentiated history, given its read-from. */
export function causalOrder(ops: readonly Operation[], rf: readonly number[]): Relation {
  const base = sessionOrder(ops);
  rf.forEach((w, r) => {
    if (w >= 0) base[w]![r] = true;
  });
  return closure(base);
}
