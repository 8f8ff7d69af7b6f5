/**
 * Maelstrom's `lin-kv` workload (workload/lin_kv.clj over Jepsen's
 * linearizable-register test): `read` (`read_ok` with `value`), `write`
 * (`write_ok`) and `cas` with `from`/`to` (`cas_ok`) on integer keys, values
 * 0..4, at most 100 operations per key. Error 20 (key-does-not-exist) and 22
 * (precondition-failed) are definite, so a cas that gets them is `fail`.
 * One deliberate difference from Maelstrom: a `read` answered with error 20
 * is recorded as `ok` with value `null` (the register model's "never
 * written"), not dropped as `fail`, so a node that forgets a key it
 * acknowledged is caught. The history is checked per key by the same
 * linearizability checker as `quorate check`, on the file written.
 */
import { registerModel } from '../../../spec/register.js';
import { readHistory } from '../../../traces/read-history.js';
import { checkOperations } from '../../check/linearizability.js';
import { type Workload, expectType } from '../workload.js';

/** Operations per key before the workload moves on (Jepsen's per-key limit). */
const PER_KEY = 100;

/** A fresh lin-kv workload. */
export function createLinKvWorkload(): Workload {
  let invoked = 0;
  return {
    name: 'lin-kv',
    description: 'lin-kv: read/write/cas registers, linearizable per key',
    next(rng) {
      const key = String(Math.floor(invoked++ / PER_KEY) + rng.nextInt(0, 1));
      const roll = rng.nextInt(0, 5);
      if (roll < 3) return { f: 'read', key, value: null };
      if (roll < 4) return { f: 'write', key, value: rng.nextInt(0, 4) };
      return { f: 'cas', key, value: [rng.nextInt(0, 4), rng.nextInt(0, 4)] };
    },
    request(op) {
      const key = Number(op.key);
      if (op.f === 'read') return { type: 'read', key };
      if (op.f === 'write') return { type: 'write', key, value: op.value };
      const [from, to] = op.value as [number, number];
      return { type: 'cas', key, from, to };
    },
    complete(op, reply) {
      if (op.f === 'read') {
        const bad = expectType(reply, 'read_ok', ',"value":<the current value>');
        if (bad !== undefined) return bad;
        if (!('value' in reply)) return { type: 'malformed', expected: '{"type":"read_ok","in_reply_to":<msg_id>,"value":<the current value>}' };
        return { type: 'ok', value: reply['value'] ?? null };
      }
      return expectType(reply, `${op.f}_ok`, '') ?? { type: 'ok', value: op.value };
    },
    error: (op, reply) => (op.f === 'read' && reply['code'] === 20 ? { type: 'ok', value: null } : undefined),
    idempotent: new Set(['read']),
    timeoutMs: (latencyMs) => Math.max(10 * latencyMs, 1000),
    async check({ historyFile, timeoutMs }) {
      if (historyFile === undefined) return { valid: 'unknown', detail: 'no history file was written' };
      const h = await readHistory(historyFile);
      const r = await checkOperations(h.ops, registerModel, { timeoutMs });
      if (r.verdict === 'linearizable') return { valid: true, detail: `linearizable (${h.ops.length} operations, ${r.stats.partitions} keys)` };
      if (r.verdict === 'unknown') return { valid: 'unknown', detail: `linearizability unknown: ${r.reason}` };
      return {
        valid: false,
        detail: `not linearizable on key ${JSON.stringify(r.witness.key)}`,
        witness: r.witness.ops.map((o) => `process ${o.process}: ${o.describe} ${o.status}, lines ${o.lines.invoke}..${o.lines.complete ?? '(open)'}`),
        linearizability: r.witness,
      };
    },
  };
}
