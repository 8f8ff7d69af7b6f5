/**
 * Maelstrom's `g-counter` and `pn-counter` workloads (workload/g_counter.clj,
 * pn_counter.clj): `add` with `delta` (`add_ok`) — non-negative for the
 * g-counter, either sign for the pn-counter — and `read`, answered `read_ok`
 * with `value`; after the faults heal every client reads once more. The check
 * (after Maelstrom's counter checker): each final read is an integer within
 * the range the adds allow — every acknowledged add counted, each
 * indeterminate (`info`) add counted or not, failed adds never — so from the
 * acknowledged sum plus every negative indeterminate delta up to it plus
 * every positive one.
 */
import type { JsonValue } from '../../../traces/schema/trace-v1.js';
import { type OpPair, type Workload, type WorkloadVerdict, describePair, expectType, pairOps } from '../workload.js';

/** A fresh counter workload: `pn` allows negative deltas. */
export function createCounterWorkload(pn: boolean): Workload {
  const name = pn ? 'pn-counter' : 'g-counter';
  return {
    name,
    description: `${name}: each final read lies within the range the acknowledged and indeterminate adds allow`,
    next: (rng) => (rng.nextInt(0, 1) === 0 ? { f: 'add', value: pn ? rng.nextInt(-5, 5) : rng.nextInt(0, 5) } : { f: 'read', value: null }),
    request: (op) => (op.f === 'add' ? { type: 'add', delta: op.value } : { type: 'read' }),
    complete(op, reply) {
      if (op.f === 'add') return expectType(reply, 'add_ok', '') ?? { type: 'ok', value: op.value };
      const bad = expectType(reply, 'read_ok', ',"value":<the counter>');
      if (bad !== undefined) return bad;
      const v = reply['value'];
      if (typeof v !== 'number' || !Number.isInteger(v)) return { type: 'malformed', expected: '{"type":"read_ok","in_reply_to":<msg_id>,"value":<the counter, an integer>}' };
      return { type: 'ok', value: v };
    },
    idempotent: new Set(['read']),
    final: { f: 'read', value: null },
    timeoutMs: () => 5000,
    check: async ({ events, finalStart }) => checkCounter(pairOps(events), finalStart + 1),
  };
}

/** Judges a counter history whose final reads start at line `finalLine`. */
export function checkCounter(pairs: readonly OpPair[], finalLine: number): WorkloadVerdict {
  let acked = 0;
  let lo = 0;
  let hi = 0;
  let indeterminate = 0;
  for (const p of pairs) {
    if (p.invoke.f !== 'add') continue;
    const d = Number(p.invoke.value);
    const t = p.complete?.type;
    if (t === 'ok') {
      acked += d;
    } else if (t !== 'fail') {
      indeterminate++;
      if (d < 0) lo += d;
      else hi += d;
    }
  }
  const range = { lo: acked + lo, hi: acked + hi };
  const finals = pairs.filter((p) => p.invoke.f === 'read' && p.invokeLine >= finalLine && p.complete?.type === 'ok');
  const bad = finals.filter((r) => {
    const v = r.complete?.value as JsonValue;
    return typeof v !== 'number' || v < range.lo || v > range.hi;
  });
  const allowed = range.lo === range.hi ? `exactly ${range.lo}` : `${range.lo}..${range.hi}`;
  const basis = `acknowledged adds sum to ${acked}, ${indeterminate} indeterminate`;
  if (bad.length > 0) {
    return {
      valid: false,
      detail: `${bad.length} of ${finals.length} final reads outside ${allowed} (${basis})`,
      witness: bad.slice(0, 10).map((r) => `${describePair(r)}: read ${JSON.stringify(r.complete?.value)}, allowed ${allowed}`),
    };
  }
  if (finals.length === 0) return { valid: 'unknown', detail: 'no final read succeeded, so nothing shows what the counter converged to' };
  return { valid: true, detail: `${finals.length} final reads, each within ${allowed} (${basis})` };
}
