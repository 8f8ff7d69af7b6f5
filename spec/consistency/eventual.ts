/**
 * Eventual consistency as convergence after a quiet period (Terry et al.,
 * "Managing update conflicts in Bayou", SOSP 1995; Vogels, "Eventually
 * consistent", CACM 2009; Burckhardt, "Principles of eventual consistency",
 * 2014): once updates stop and replicas have exchanged them, every replica's
 * read returns the same value, and that value reflects every acknowledged
 * update. Only the history's *final reads* are judged.
 *
 * Marking: a final read is an operation with `f: "final-read"` (with the key,
 * for a keyed store), issued by any client against any replica after the
 * workload's updates have stopped. Without a final read the verdict is
 * `unknown`; so is a key that is updated but never finally read, and a final
 * read invoked before an acknowledged update of its key returned (no quiet
 * period). Other reads are ignored. `info` updates may or may not be reflected.
 *
 * The data type of a key comes from its updates:
 * - register (`write`, `put`): the final value is the value of one write (`ok`
 *   or `info`) that no acknowledged write of the key follows in causal order
 *   `(so ∪ rf)⁺` (rf only for values written once): one maximal write. With no
 *   acknowledged write it may also be the initial value (`null`; `""` when the
 *   history uses put/get). A key nobody updated reads its type's initial value.
 * - append (`append`): the final value (string or list) contains every
 *   acknowledged appended value (substring / element).
 * - set (`add`): the final value (a list, read as a set) contains every
 *   acknowledged element and only elements some `add` added.
 * - counter (`incr`, value a non-negative number, default 1): the final value
 *   is at least the sum of acknowledged increments and at most that plus the
 *   indeterminate ones.
 *
 * Forbids: final reads that disagree (`final-reads-disagree`), miss an acknowledged
 * update (`final-read-lost-update`), return a value nothing wrote
 * (`final-read-thin-air`), or return a write a later acknowledged one overwrote
 * (`final-read-overwritten`).
 */
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import type { Operation } from '../../traces/history.js';
import { jsonEqual } from '../json-value.js';
import type { Model } from '../model.js';
import { closure, initialValue, sessionOrder } from './relations.js';
import { type ModelVerdict, holds, unknown, violates } from './verdict.js';

/** The `f` that marks a final read. */
export const FINAL_READ = 'final-read';

type DataType = 'register' | 'append' | 'set' | 'counter';
const TYPE_OF: Readonly<Record<string, DataType>> = { write: 'register', put: 'register', append: 'append', add: 'set', incr: 'counter' };
const READS = new Set(['read', 'get']);

type Found = { readonly pattern: string; readonly ops: readonly Operation[] } | { readonly unknown: string } | undefined;

/** Options of `checkEventual`. */
export interface EventualOptions {
  /** The sequential specification, when known: it gives a register's initial value (else `""` when the history uses put/get, `null` otherwise). */
  readonly model?: Model;
}

/** Whether the final reads of `ops` converge on a value reflecting every acknowledged update. */
export function checkEventual(ops: readonly Operation[], options: EventualOptions = {}): ModelVerdict<'eventual'> {
  const finals = ops.filter((op) => op.f === FINAL_READ && op.status === 'ok');
  if (finals.length === 0) return unknown(`no final reads: mark the reads issued after the quiet period with f "${FINAL_READ}"`);
  const keys = new Set<string | undefined>();
  for (const op of ops) {
    if (op.f === FINAL_READ || READS.has(op.f)) continue;
    if (TYPE_OF[op.f] === undefined) return unknown(`"${op.f}" (line ${op.callLine}) is not an update eventual consistency covers (write, put, append, add, incr)`);
    keys.add(op.key);
  }
  for (const op of finals) keys.add(op.key);
  for (const key of keys) {
    const found = checkKey(ops, key, options.model);
    if (found === undefined) continue;
    if ('unknown' in found) return unknown(found.unknown);
    return violates('eventual', found.pattern, found.ops, key);
  }
  return holds('eventual');
}

function checkKey(all: readonly Operation[], key: string | undefined, model: Model | undefined): Found {
  const updates = all.filter((op) => op.key === key && TYPE_OF[op.f] !== undefined);
  const finals = all.filter((op) => op.key === key && op.f === FINAL_READ && op.status === 'ok');
  const name = key === undefined ? 'the register' : `key ${JSON.stringify(key)}`;
  if (finals.length === 0) return { unknown: `${name} is updated but never read finally (f "${FINAL_READ}")` };
  const types = new Set(updates.map((op) => TYPE_OF[op.f]!));
  if (types.size > 1) return { unknown: `${name} mixes updates of different data types (${[...updates.map((op) => op.f)].join(', ')})` };
  const early = updates.find((u) => u.status === 'ok' && finals.some((f) => f.call < u.ret));
  if (early !== undefined) return { unknown: `final read of ${name} invoked before the update at line ${early.callLine} returned: no quiet period` };
  // A key nobody updated has the initial value of the history's data type.
  const type = [...types][0] ?? TYPE_OF[all.find((op) => TYPE_OF[op.f] !== undefined)?.f ?? 'write']!;
  const same = type === 'set' ? (a: JsonValue | undefined, b: JsonValue | undefined) => jsonEqual(asSet(a), asSet(b)) : jsonEqual;
  const other = finals.find((f) => !same(f.output, finals[0]!.output));
  if (other !== undefined) return { pattern: 'final-reads-disagree', ops: [finals[0]!, other] };
  return CHECKS[type](all, updates, finals[0]!, model);
}

const ok = (ops: readonly Operation[]): Operation[] => ops.filter((op) => op.status === 'ok');
const asSet = (v: JsonValue | undefined): JsonValue => (Array.isArray(v) ? [...v].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) : (v ?? null));
const contains = (whole: JsonValue | undefined, part: JsonValue): boolean =>
  Array.isArray(whole) ? whole.some((x) => jsonEqual(x, part)) : typeof whole === 'string' && typeof part === 'string' && whole.includes(part);

const CHECKS: Readonly<Record<DataType, (all: readonly Operation[], updates: readonly Operation[], final: Operation, model: Model | undefined) => Found>> = {
  register(all, writes, final, model) {
    const acked = ok(writes);
    const initial: JsonValue = model !== undefined ? initialValue(model, final.key, all) : all.some((op) => op.f === 'put' || op.f === 'get') ? '' : null;
    if (acked.length === 0 && jsonEqual(final.output, initial)) return undefined;
    const candidates = writes.filter((w) => jsonEqual(w.input, final.output));
    if (candidates.length === 0) {
      return jsonEqual(final.output, initial) ? { pattern: 'final-read-lost-update', ops: [acked[0]!, final] } : { pattern: 'final-read-thin-air', ops: [final] };
    }
    const co = writeOrder(all);
    const index = (op: Operation): number => all.indexOf(op);
    const overwrittenBy = (w: Operation): Operation | undefined => acked.find((w2) => w2 !== w && co[index(w)]![index(w2)]);
    if (candidates.some((w) => overwrittenBy(w) === undefined)) return undefined;
    return { pattern: 'final-read-overwritten', ops: [candidates[0]!, overwrittenBy(candidates[0]!)!, final] };
  },
  append(_all, appends, final) {
    const lost = ok(appends).find((a) => !contains(final.output, a.input));
    return lost === undefined ? undefined : { pattern: 'final-read-lost-update', ops: [lost, final] };
  },
  set(_all, adds, final) {
    if (!Array.isArray(final.output)) return { pattern: 'final-read-thin-air', ops: [final] };
    const lost = ok(adds).find((a) => !contains(final.output, a.input));
    if (lost !== undefined) return { pattern: 'final-read-lost-update', ops: [lost, final] };
    const stray = final.output.some((x) => !adds.some((a) => jsonEqual(a.input, x)));
    return stray ? { pattern: 'final-read-thin-air', ops: [final] } : undefined;
  },
  counter(_all, incrs, final) {
    const amount = (op: Operation): number | undefined => (op.input === null ? 1 : typeof op.input === 'number' && op.input >= 0 ? op.input : undefined);
    const bad = incrs.find((op) => amount(op) === undefined);
    if (bad !== undefined) return { unknown: `incr at line ${bad.callLine} is not a non-negative number` };
    const low = ok(incrs).reduce((s, op) => s + amount(op)!, 0);
    const high = incrs.reduce((s, op) => s + amount(op)!, 0);
    if (typeof final.output !== 'number' || final.output > high) return { pattern: 'final-read-thin-air', ops: [final] };
    return final.output < low ? { pattern: 'final-read-lost-update', ops: [...ok(incrs), final] } : undefined;
  },
};

/** `(so ∪ rf)⁺` over all operations, rf from reads (final or not) of values exactly one write wrote. */
function writeOrder(all: readonly Operation[]): boolean[][] {
  const base = sessionOrder(all);
  all.forEach((r, i) => {
    if (r.status !== 'ok' || !(READS.has(r.f) || r.f === FINAL_READ)) return;
    const writers = all.map((w, j) => j).filter((j) => TYPE_OF[all[j]!.f] === 'register' && all[j]!.key === r.key && jsonEqual(all[j]!.input, r.output));
    if (writers.length === 1) base[writers[0]!]![i] = true;
  });
  return closure(base);
}
