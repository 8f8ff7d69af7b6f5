/**
 * Maelstrom's `kafka` workload (workload/kafka.clj): append-only logs by key.
 * `send` with `key` and `msg` (`send_ok` with the `offset` given), `poll`
 * with `offsets` (`poll_ok` with `msgs`: per key `[[offset, msg], ...]` from
 * that offset on), `commit_offsets` with `offsets` (`commit_offsets_ok`) and
 * `list_committed_offsets` with `keys` (`list_committed_offsets_ok` with
 * `offsets`) — the call's name in Maelstrom's code, followed where its docs
 * differ. After the faults heal every client polls every key from 0.
 * Checked (kafka-check.ts): no lost writes, no duplicate offsets, no
 * non-monotonic offsets.
 */
import type { JsonValue } from '../../../traces/schema/trace-v1.js';
import type { Body } from '../maelstrom-protocol.js';
import { type Completion, type DriverOp, type Workload, expectType, pairOps } from '../workload.js';
import { checkKafka } from './kafka-check.js';

/** The keys (logs) the workload writes: Maelstrom's keys are strings. */
export const KAFKA_KEYS: readonly string[] = ['0', '1', '2', '3'];

const isRecord = (v: unknown): v is Record<string, JsonValue> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether `msgs` is `{ key: [[offset, msg], ...] }` with integer offsets. */
function isPollMsgs(msgs: unknown): msgs is Record<string, [number, JsonValue][]> {
  return isRecord(msgs) && Object.values(msgs).every((l) => Array.isArray(l) && l.every((e) => Array.isArray(e) && e.length === 2 && Number.isInteger(e[0])));
}

/** A fresh kafka workload (its message counter starts at 0). */
export function createKafkaWorkload(): Workload {
  let nextMsg = 0;
  const highest = new Map<string, number>(); // key -> the highest offset a send_ok gave
  const offsetsFor = (keys: readonly string[], pick: (hi: number) => number): Record<string, number> =>
    Object.fromEntries(keys.map((k) => [k, pick(highest.get(k) ?? 0)]));
  const someKeys = (roll: number): string[] => KAFKA_KEYS.filter((_, i) => (roll >> i) & 1 || i === roll % KAFKA_KEYS.length);
  return {
    name: 'kafka',
    description: 'kafka: no lost writes, no duplicate or non-monotonic offsets',
    next(rng) {
      const roll = rng.nextInt(0, 9);
      if (roll < 5) return { f: 'send', key: KAFKA_KEYS[rng.nextInt(0, KAFKA_KEYS.length - 1)] as string, value: nextMsg++ };
      const keys = someKeys(rng.nextInt(0, 15));
      if (roll < 8) return { f: 'poll', value: offsetsFor(keys, (hi) => rng.nextInt(0, hi)) };
      if (roll < 9) return { f: 'commit_offsets', value: offsetsFor(keys, (hi) => rng.nextInt(0, hi)) };
      return { f: 'list_committed_offsets', value: keys };
    },
    request(op: DriverOp): Body {
      switch (op.f) {
        case 'send': return { type: 'send', key: op.key ?? '', msg: op.value };
        case 'poll': return { type: 'poll', offsets: op.value };
        case 'commit_offsets': return { type: 'commit_offsets', offsets: op.value };
        default: return { type: 'list_committed_offsets', keys: op.value };
      }
    },
    complete(op, reply): Completion {
      if (op.f === 'send') {
        const bad = expectType(reply, 'send_ok', ',"offset":<integer>');
        if (bad !== undefined) return bad;
        const offset = reply['offset'];
        if (!Number.isInteger(offset)) return { type: 'malformed', expected: '{"type":"send_ok","in_reply_to":<msg_id>,"offset":<the integer offset of the message>}' };
        highest.set(op.key ?? '', Math.max(highest.get(op.key ?? '') ?? 0, offset as number));
        return { type: 'ok', value: [offset as number, op.value] };
      }
      if (op.f === 'poll') {
        const bad = expectType(reply, 'poll_ok', ',"msgs":{...}');
        if (bad !== undefined) return bad;
        const msgs = reply['msgs'];
        if (!isPollMsgs(msgs)) return { type: 'malformed', expected: '{"type":"poll_ok","in_reply_to":<msg_id>,"msgs":{"<key>":[[<offset>,<msg>],...]}}' };
        return { type: 'ok', value: msgs as JsonValue };
      }
      if (op.f === 'commit_offsets') return expectType(reply, 'commit_offsets_ok', '') ?? { type: 'ok', value: op.value };
      const bad = expectType(reply, 'list_committed_offsets_ok', ',"offsets":{...}');
      if (bad !== undefined) return bad;
      const offsets = reply['offsets'];
      if (!isRecord(offsets) || !Object.values(offsets).every((o) => Number.isInteger(o))) {
        return { type: 'malformed', expected: '{"type":"list_committed_offsets_ok","in_reply_to":<msg_id>,"offsets":{"<key>":<offset>,...}}' };
      }
      return { type: 'ok', value: offsets };
    },
    idempotent: new Set(['poll', 'list_committed_offsets']),
    final: { f: 'poll', value: Object.fromEntries(KAFKA_KEYS.map((k) => [k, 0])) },
    timeoutMs: () => 5000,
    check: async ({ events, finalStart }) => checkKafka(pairOps(events), finalStart + 1),
  };
}
