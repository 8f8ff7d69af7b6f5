/**
 * Maelstrom's `broadcast` workload (workload/broadcast.clj): each node first
 * gets a `topology`; clients then mix `broadcast` of fresh integers
 * (`broadcast_ok`) with `read` (`read_ok` with `messages`), and after the
 * faults heal and a recovery pause every client reads once more. The
 * checker (Jepsen's set-full, reduced to what the final reads show): every
 * acknowledged message is in every final read, and no read returns a
 * message nobody broadcast.
 */
import type { JsonValue } from '../../../traces/schema/trace-v1.js';
import { type OpPair, type Workload, describePair, expectType, pairOps } from '../workload.js';
import { isTopology, topology } from './broadcast-topology.js';

/** A fresh broadcast workload (its message counter starts at 0). */
export function createBroadcastWorkload(): Workload {
  let nextMessage = 0;
  return {
    name: 'broadcast',
    description: 'broadcast: every acknowledged message is in every final read; no read invents one',
    next: (rng) => (rng.nextInt(0, 1) === 0 ? { f: 'broadcast', value: nextMessage++ } : { f: 'read', value: null }),
    request: (op) => (op.f === 'broadcast' ? { type: 'broadcast', message: op.value } : { type: 'read' }),
    complete(op, reply) {
      if (op.f === 'broadcast') return expectType(reply, 'broadcast_ok', '') ?? { type: 'ok', value: op.value };
      const bad = expectType(reply, 'read_ok', ',"messages":[...]');
      if (bad !== undefined) return bad;
      const m = reply['messages'];
      if (!Array.isArray(m)) return { type: 'malformed', expected: '{"type":"read_ok","in_reply_to":<msg_id>,"messages":[<every message seen>]}' };
      return { type: 'ok', value: m };
    },
    idempotent: new Set(['read']),
    setup(node, nodes, opts) {
      const name = isTopology(opts.topology) ? opts.topology : 'grid';
      return { type: 'topology', topology: topology(name, nodes) as Record<string, JsonValue> };
    },
    setupReply: 'topology_ok',
    final: { f: 'read', value: null },
    timeoutMs: () => 5000,
    check: async ({ events, finalStart }) => checkBroadcast(pairOps(events), finalStart + 1),
  };
}

/** A set key for a message: numbers as themselves (fast), anything else as canonical JSON (strings keep their quotes, so 1 ≠ "1"). */
const keyOf = (v: JsonValue): number | string => (typeof v === 'number' ? v : JSON.stringify(v));

function checkBroadcast(pairs: readonly OpPair[], finalLine: number) {
  const acked = new Map<number | string, OpPair>();
  const attempted = new Set<number | string>();
  for (const p of pairs) {
    if (p.invoke.f !== 'broadcast') continue;
    const k = keyOf(p.invoke.value ?? null);
    attempted.add(k);
    if (p.complete?.type === 'ok') acked.set(k, p);
  }
  const reads = pairs.filter((p) => p.invoke.f === 'read' && p.complete?.type === 'ok');
  const finals = reads.filter((p) => p.invokeLine >= finalLine).map((r) => ({ r, has: new Set((r.complete?.value as JsonValue[]).map(keyOf)) }));
  const witness: string[] = [];
  let unexpected = 0;
  for (const r of reads) {
    for (const v of r.complete?.value as JsonValue[]) {
      if (attempted.has(keyOf(v))) continue;
      unexpected++;
      if (witness.length < 10) witness.push(`${describePair(r)}: returned ${JSON.stringify(v)}, which no client broadcast`);
    }
  }
  let lost = 0;
  for (const [k, b] of acked) {
    const missing = finals.filter((f) => !f.has.has(k)).map((f) => f.r);
    if (missing.length === 0) continue;
    lost++;
    if (witness.length < 10) {
      const where = missing.map((r) => `${r.invoke.node} (process ${r.invoke.process}, lines ${r.invokeLine}..${r.completeLine})`).join(', ');
      witness.push(`message ${JSON.stringify(b.invoke.value)}, acknowledged to process ${b.invoke.process} by ${b.invoke.node} (lines ${b.invokeLine}..${b.completeLine}), is missing from the final reads of ${where}`);
    }
  }
  if (lost > 0 || unexpected > 0) {
    const parts = [lost > 0 ? `${lost} of ${acked.size} acknowledged messages lost from final reads` : '', unexpected > 0 ? `${unexpected} unexpected values read` : ''];
    return { valid: false as const, detail: parts.filter((x) => x !== '').join('; '), witness };
  }
  if (finals.length === 0) return { valid: 'unknown' as const, detail: 'no final read succeeded, so nothing shows whether acknowledged messages survived' };
  return { valid: true as const, detail: `${acked.size} acknowledged messages, all in each of ${finals.length} final reads` };
}
