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
import { type Workload, expectType, pairOps } from '../workload.js';
import { isTopology, topology } from './broadcast-topology.js';
import { checkSetFull } from './set-full.js';

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
    check: async ({ events, finalStart }) => checkSetFull(pairOps(events), finalStart + 1, { add: 'broadcast', noun: 'message', added: 'broadcast' }),
  };
}
