/**
 * A linearizability witness in plain words, for the terminal and the report.
 *
 * Where it can, it names one read and one acknowledged write the read must
 * have seen and did not, and says why nothing in between excuses it — a
 * proof a person can check against the file:
 *
 *   get "8" at line 1256 returned a value without append "x 18 7 y", which was
 *   acknowledged at line 1123, before the get began, and no put that could
 *   come between them explains it
 *
 * The reasoning is the models' own: after a KV `put v` the value starts with
 * v and later appends only extend it, so an append acknowledged before a get
 * began is in what the get returns unless some put ordered between them
 * wrote what the value starts with; a register read returns the last write,
 * so it returns what an earlier acknowledged write wrote unless some write
 * (or cas) ordered between them wrote the value read. A witness holds every
 * write up to its cut (only reads are removed), so every operation that
 * could come between the two is among its operations.
 *
 * When no such pair exists (the violation needs a longer argument), the
 * explanation says what the search found: how many operations could be
 * ordered, the state they reach, and the first operation that cannot follow.
 */
import type { Witness, WitnessOp } from '../../spec/check-result.js';
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import { shown } from './escape.js';
import { fmtTime } from '../run/format-time.js';

/** The explanation as text and as data (`--json`). */
export interface Explanation {
  readonly text: string;
  readonly key: string | null;
  readonly pattern: string;
  /** The read that returned what it could not have, when one was found. */
  readonly read?: { readonly line: number; readonly describe: string };
  /** The acknowledged write that read must have seen. */
  readonly missed?: { readonly invokeLine: number; readonly ackLine: number; readonly describe: string };
  /** The first operation no order can place after the longest linearizable prefix. */
  readonly stuck?: { readonly line: number; readonly describe: string };
  /** The cut: the line by which the history was already not linearizable. */
  readonly cutLine: number;
}

/** The time recorded at a line, µs, when the file has times. */
export type TimeAt = (line: number) => number | undefined;

const q = (v: JsonValue | undefined): string => shown(JSON.stringify(v) ?? 'null', 60);

function at(line: number, timeAt: TimeAt): string {
  const t = timeAt(line);
  return t === undefined ? `line ${line}` : `line ${line} (${fmtTime(t)})`;
}

/** Completed before `r` began (real-time order: it must be ordered before it). */
const before = (w: WitnessOp, r: WitnessOp): boolean => w.lines.complete !== null && w.lines.complete < r.lines.invoke;

/** Could be ordered after `w` and before `r`: invoked before `r` completed and not completed before `w` began. */
function between(p: WitnessOp, w: WitnessOp, r: WitnessOp): boolean {
  if (p === w || p === r) return false;
  const rEnd = r.lines.complete ?? Infinity;
  return p.lines.invoke < rEnd && (p.lines.complete === null || p.lines.complete > w.lines.invoke);
}

/** What a register write or cas writes. */
function written(op: WitnessOp): JsonValue | undefined {
  if (op.f === 'write') return op.value;
  if (op.f === 'cas' && Array.isArray(op.value) && op.value.length === 2) return op.value[1];
  return undefined;
}

const same = (a: JsonValue | undefined, b: JsonValue | undefined): boolean => JSON.stringify(a) === JSON.stringify(b);

interface Found {
  readonly read: WitnessOp;
  readonly missed: WitnessOp;
  readonly text: string;
}

function keyText(w: Witness): string {
  return w.key === null ? '' : ` ${q(w.key)}`;
}

/** A KV get that misses an acknowledged append or put. */
function kvProof(w: Witness, r: WitnessOp, timeAt: TimeAt): Found | undefined {
  const v = r.value;
  if (typeof v !== 'string') return undefined;
  const puts = w.ops.filter((p) => p.f === 'put');
  const excused = (m: WitnessOp) => puts.some((p) => between(p, m, r) && typeof p.value === 'string' && v.startsWith(p.value));
  const acked = w.ops.filter((m) => m.status === 'ok' && before(m, r)).sort((a, b) => (b.lines.complete ?? 0) - (a.lines.complete ?? 0));
  for (const m of acked) {
    if (typeof m.value !== 'string' || m.value === '') continue;
    const missing = (m.f === 'append' && !v.includes(m.value)) || (m.f === 'put' && !v.startsWith(m.value));
    if (!missing || excused(m)) continue;
    const ack = `acknowledged at ${at(m.lines.complete as number, timeAt)}, before the get began`;
    const what = m.f === 'append' ? `a value without append ${q(m.value)}, which was ${ack}` : `${q(v)}, which does not begin with put ${q(m.value)}, ${ack}`;
    const text = `get${keyText(w)} at ${at(r.lines.invoke, timeAt)} returned ${what}, and no put that could come between them explains it ` +
      `(after a put the value starts with what it wrote, and appends only extend it)`;
    return { read: r, missed: m, text };
  }
  return undefined;
}

/** A register read that returns neither an acknowledged earlier write nor anything written after it. */
function registerProof(w: Witness, r: WitnessOp, timeAt: TimeAt): Found | undefined {
  const v = r.value;
  const writers = w.ops.filter((p) => written(p) !== undefined);
  const acked = writers.filter((m) => m.status === 'ok' && before(m, r)).sort((a, b) => (b.lines.complete ?? 0) - (a.lines.complete ?? 0));
  for (const m of acked) {
    if (same(written(m), v)) continue;
    if (writers.some((p) => between(p, m, r) && same(written(p), v))) continue;
    const text = `read${keyText(w)} at ${at(r.lines.invoke, timeAt)} returned ${q(v)}, but ${m.f} ${q(m.value)} was acknowledged at ` +
      `${at(m.lines.complete as number, timeAt)}, before the read began, and no write that could come between them wrote ${q(v)}`;
    return { read: r, missed: m, text };
  }
  return undefined;
}

/** The explanation of a witness; `timeAt` adds recorded times to the lines. */
export function explainWitness(w: Witness, timeAt: TimeAt = () => undefined): Explanation {
  const cutLine = Math.max(...w.ops.map((o) => Math.max(o.lines.invoke, o.lines.complete ?? 0)));
  const reads = w.ops.filter((o) => (o.f === 'get' || o.f === 'read') && o.status === 'ok' && o.lines.complete !== null);
  // The read at the cut first: it is the one that made the prefix fail.
  reads.sort((a, b) => b.lines.invoke - a.lines.invoke);
  const stuck = w.stuck[0];
  const stuckPart = stuck === undefined ? {} : { stuck: { line: stuck.lines.invoke, describe: stuck.describe } };
  for (const r of reads) {
    const found = r.f === 'get' ? kvProof(w, r, timeAt) : registerProof(w, r, timeAt);
    if (found === undefined) continue;
    return {
      text: found.text, key: w.key, pattern: w.pattern, cutLine, ...stuckPart,
      read: { line: found.read.lines.invoke, describe: found.read.describe },
      missed: { invokeLine: found.missed.lines.invoke, ackLine: found.missed.lines.complete as number, describe: found.missed.describe },
    };
  }
  const key = w.key === null ? 'the history' : `key ${q(w.key)}`;
  const next = stuck === undefined ? '' : `; the first that cannot come next is ${shown(stuck.describe, 120)} (invoked at ${at(stuck.lines.invoke, timeAt)})`;
  const text = `on ${key}, the ${w.ops.length} operations up to ${at(cutLine, timeAt)} cannot be put in any order that respects real time and the model: ` +
    `the longest order found places ${w.linearized.length} of them, reaching state ${shown(w.state, 120)}, and none of the rest can follow${next}`;
  return { text, key: w.key, pattern: w.pattern, cutLine, ...stuckPart };
}
