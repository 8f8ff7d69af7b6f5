/**
 * Maelstrom's `g-set` workload (workload/g_set.clj): `add` with `element`
 * (`add_ok`) and `read`, answered `read_ok` with `value` (the field
 * Maelstrom's code reads, followed where its docs differ); after the faults heal every
 * client reads once more. Checked as a grow-only set (set-full.ts): every
 * acknowledged element in every final read, none invented.
 */
import { type Workload, expectType, pairOps } from '../workload.js';
import { checkSetFull } from './set-full.js';

/** A fresh g-set workload (its element counter starts at 0). */
export function createGSetWorkload(): Workload {
  let nextElement = 0;
  return {
    name: 'g-set',
    description: 'g-set: every acknowledged element is in every final read; no read invents one',
    next: (rng) => (rng.nextInt(0, 1) === 0 ? { f: 'add', value: nextElement++ } : { f: 'read', value: null }),
    request: (op) => (op.f === 'add' ? { type: 'add', element: op.value } : { type: 'read' }),
    complete(op, reply) {
      if (op.f === 'add') return expectType(reply, 'add_ok', '') ?? { type: 'ok', value: op.value };
      const bad = expectType(reply, 'read_ok', ',"value":[...]');
      if (bad !== undefined) return bad;
      const v = reply['value'];
      if (!Array.isArray(v)) return { type: 'malformed', expected: '{"type":"read_ok","in_reply_to":<msg_id>,"value":[<every element added>]}' };
      return { type: 'ok', value: v };
    },
    idempotent: new Set(['read']),
    final: { f: 'read', value: null },
    timeoutMs: () => 5000,
    check: async ({ events, finalStart }) => checkSetFull(pairOps(events), finalStart + 1, { add: 'add', noun: 'element', added: 'added' }),
  };
}
