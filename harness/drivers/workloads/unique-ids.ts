/**
 * Maelstrom's `unique-ids` workload (workload/unique_ids.clj): `generate`
 * asks a node for an id (`generate_ok` with `id`, any JSON value); no two
 * acknowledged ids may be equal (Jepsen's unique-ids checker). Ids are
 * compared as canonical JSON, so `1` and `"1"` differ.
 */
import { type Workload, type OpPair, describePair, expectType, pairOps } from '../workload.js';

/** A fresh unique-ids workload. */
export const createUniqueIdsWorkload = (): Workload => ({
  name: 'unique-ids',
  description: 'unique-ids: no two acknowledged generate_ok ids are equal',
  next: () => ({ f: 'generate', value: null }),
  request: () => ({ type: 'generate' }),
  complete(_op, reply) {
    const bad = expectType(reply, 'generate_ok', ',"id":<a globally unique value>');
    if (bad !== undefined) return bad;
    if (!('id' in reply)) return { type: 'malformed', expected: '{"type":"generate_ok","in_reply_to":<msg_id>,"id":<a globally unique value>}' };
    return { type: 'ok', value: reply['id'] ?? null };
  },
  idempotent: new Set(),
  timeoutMs: () => 5000,
  async check({ events }) {
    const seen = new Map<string, OpPair>();
    const dups: [OpPair, OpPair][] = [];
    let ok = 0;
    for (const p of pairOps(events)) {
      if (p.complete?.type !== 'ok') continue;
      ok++;
      const k = JSON.stringify(p.complete.value);
      const first = seen.get(k);
      if (first === undefined) seen.set(k, p);
      else dups.push([first, p]);
    }
    if (dups.length === 0) return { valid: true, detail: `${ok} acknowledged ids, all distinct` };
    return {
      valid: false,
      detail: `${dups.length} duplicate ids among ${ok} acknowledged`,
      witness: dups.slice(0, 5).flatMap(([a, b]) => [`id ${JSON.stringify(a.complete?.value)} given twice:`, `  ${describePair(a)}`, `  ${describePair(b)}`]),
    };
  },
});
