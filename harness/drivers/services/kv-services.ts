/**
 * Maelstrom's key-value services, each applying spec/maelstrom-services.ts
 * to the state a request meets:
 * - `lin-kv`: one copy; every request meets the newest state (linearizable).
 * - `seq-kv`: a sequence of versions (one per write or cas that changed the
 *   store). Writes and cas act on the newest version, and the caller has then
 *   seen it. A read by node c returns the store as of a version drawn (from
 *   the seeded stream) between the newest one that c has seen (by its own
 *   writes, cas and reads) and the newest, and at most SEQ_KV_MAX_LAG versions
 *   behind the newest: reads may be that stale, never older than what the
 *   caller saw, so each node's operations keep their order in the one order
 *   of versions (sequential consistency).
 * - `lww-kv`: see lww-kv.ts.
 */
import type { JsonValue } from '../../../traces/schema/trace-v1.js';
import { applyKv, kvRequestProblem, type KvRequest, type KvStore } from '../../../spec/maelstrom-services.js';
import type { Rng } from '../../sim/rng.js';
import type { Body } from '../maelstrom-protocol.js';
import { errorBody, type Service } from './service.js';

/** How many versions behind the newest a seq-kv read may be. */
export const SEQ_KV_MAX_LAG = 5;

const asBody = (r: object): Body => r as Body;

/** The request in `body`, or an error body saying what is wrong (12 malformed, 10 for another type). */
export function kvRequest(body: Body): KvRequest | Body {
  const problem = kvRequestProblem(body as Record<string, JsonValue>);
  if (problem === undefined) return body as unknown as KvRequest;
  return errorBody(['read', 'write', 'cas'].includes(body.type) ? 12 : 10, problem);
}

/** The linearizable key-value service. */
export function linKv(): Service {
  let store: KvStore = new Map();
  return {
    name: 'lin-kv',
    handle(_from, body) {
      const req = kvRequest(body);
      if ((req as Body).type === 'error') return req as Body;
      const r = applyKv(store, req as KvRequest);
      store = r.next;
      return asBody(r.reply);
    },
  };
}

/** The sequentially consistent key-value service (reads at most SEQ_KV_MAX_LAG versions stale). */
export function seqKv(rng: Rng): Service {
  const versions: KvStore[] = [new Map()]; // the last SEQ_KV_MAX_LAG + 1 versions; versions[i] is version base + i
  let base = 0;
  const seen = new Map<string, number>();
  const newest = (): number => base + versions.length - 1;
  return {
    name: 'seq-kv',
    handle(from, body) {
      const req = kvRequest(body);
      if ((req as Body).type === 'error') return req as Body;
      const kv = req as KvRequest;
      const n = newest();
      if (kv.type === 'read') {
        const v = rng.nextInt(Math.max(seen.get(from) ?? 0, n - SEQ_KV_MAX_LAG, base), n);
        seen.set(from, v);
        return asBody(applyKv(versions[v - base] as KvStore, kv).reply);
      }
      const r = applyKv(versions[versions.length - 1] as KvStore, kv);
      if (r.next !== versions[versions.length - 1]) {
        versions.push(r.next);
        if (versions.length > SEQ_KV_MAX_LAG + 1) {
          versions.shift();
          base++;
        }
      }
      seen.set(from, newest());
      return asBody(r.reply);
    },
  };
}
