/**
 * Writing a history as Jepsen writes `history.edn`: one EDN map per line,
 * `{:type :invoke, :f :read, :value nil, :process 0, :time 1000, :index 0}`,
 * which Knossos, Elle and quorate's own EDN importer read. `type` and `f`
 * become keywords, `time` nanoseconds (Jepsen's unit; the trace's is µs),
 * `index` the line's position. An operation on a key carries it the way
 * Jepsen's independent checker expects: `:value [key value]`. An error
 * (`fail` / `info` events of the process driver) is kept as `:error`.
 */
import type { JsonValue, OpEvent } from '../schema/trace-v1.js';

/** A keyword for a name: `:read`; a name a keyword cannot hold becomes a string. */
const keyword = (s: string): string => (/^[A-Za-z*+!_?<>=-][\w*+!?<>=.\-/]*$/.test(s) ? `:${s}` : ednOf(s));

/** The EDN text of a JSON value: null → nil, arrays → vectors, objects → maps with string keys. */
export function ednOf(v: JsonValue): string {
  if (v === null) return 'nil';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'nil';
  if (typeof v === 'string') return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
  if (Array.isArray(v)) return `[${v.map(ednOf).join(' ')}]`;
  return `{${Object.entries(v).map(([k, x]) => `${ednOf(k)} ${ednOf(x)}`).join(', ')}}`;
}

/** A key as Jepsen's histories hold it: an integer when it reads as one, else a string. */
const keyOf = (k: string): JsonValue => (/^-?\d{1,15}$/.test(k) ? Number(k) : k);

/** One operation event as a line of history.edn. */
export function ednHistoryLine(e: OpEvent, index: number): string {
  const value: JsonValue = e.key === undefined ? (e.value ?? null) : [keyOf(e.key), e.value ?? null];
  const fields = [`:type :${e.type}`, `:f ${keyword(e.f)}`, `:value ${ednOf(value)}`, `:process ${typeof e.process === 'number' ? e.process : ednOf(e.process)}`];
  if (e.time !== undefined) fields.push(`:time ${Math.round(e.time * 1000)}`);
  const error = (e as { error?: JsonValue }).error;
  if (error !== undefined) fields.push(`:error ${ednOf(error)}`);
  fields.push(`:index ${index}`);
  return `{${fields.join(', ')}}`;
}

/** The whole history.edn text of `events`. */
export function ednHistory(events: readonly OpEvent[]): string {
  return events.map((e, i) => ednHistoryLine(e, i)).join('\n') + (events.length > 0 ? '\n' : '');
}
