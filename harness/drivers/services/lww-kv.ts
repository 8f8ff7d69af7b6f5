/**
 * Maelstrom's `lww-kv` service: LWW_REPLICAS replicas that really merge by
 * timestamp. Each request meets one replica (drawn from the seeded stream).
 * A write (or a cas, or a created key) stamps its value with the replica's
 * clock — the test's clock plus a seeded skew of up to LWW_MAX_SKEW_US — and
 * the replica's index to break ties; a replica keeps, per key, the value with
 * the larger stamp, so a write stamped behind the one it meets is lost at
 * once, as in any last-write-wins store. Every LWW_GOSSIP_US each replica
 * pulls one other replica's entries and keeps the larger stamp per key, so
 * replicas converge when writes stop. Reads and cas read the replica met.
 */
import { applyKv, kvKey, type KvRequest, type KvStore } from '../../../spec/maelstrom-services.js';
import type { JsonValue } from '../../../traces/schema/trace-v1.js';
import type { Rng } from '../../sim/rng.js';
import type { Body } from '../maelstrom-protocol.js';
import { kvRequest } from './kv-services.js';
import type { Service } from './service.js';

/** Replicas of the lww-kv service. */
export const LWW_REPLICAS = 3;
/** The largest clock skew of a replica, µs. */
export const LWW_MAX_SKEW_US = 5_000;
/** Anti-entropy period, µs. */
export const LWW_GOSSIP_US = 50_000;

interface Stamped {
  readonly value: JsonValue;
  readonly ts: number;
  readonly replica: number;
}

const newer = (a: Stamped, b: Stamped | undefined): boolean => b === undefined || a.ts > b.ts || (a.ts === b.ts && a.replica > b.replica);

/** The last-write-wins key-value service. */
export function lwwKv(rng: Rng): Service {
  const replicas = Array.from({ length: LWW_REPLICAS }, () => new Map<string, Stamped>());
  const skew = replicas.map(() => rng.nextInt(-LWW_MAX_SKEW_US, LWW_MAX_SKEW_US));
  let gossipedUntil = 0;
  const merge = (into: Map<string, Stamped>, from: ReadonlyMap<string, Stamped>): void => {
    for (const [k, e] of from) if (newer(e, into.get(k))) into.set(k, e);
  };
  const antiEntropy = (nowUs: number): void => {
    for (; gossipedUntil + LWW_GOSSIP_US <= nowUs; gossipedUntil += LWW_GOSSIP_US) {
      replicas.forEach((r, i) => {
        const other = (i + rng.nextInt(1, LWW_REPLICAS - 1)) % LWW_REPLICAS;
        merge(r, replicas[other] as Map<string, Stamped>);
      });
    }
  };
  return {
    name: 'lww-kv',
    handle(_from, body, nowUs) {
      const req = kvRequest(body);
      if ((req as Body).type === 'error') return req as Body;
      antiEntropy(nowUs);
      const i = rng.nextInt(0, LWW_REPLICAS - 1);
      const replica = replicas[i] as Map<string, Stamped>;
      const view: KvStore = new Map([...replica].map(([k, e]) => [k, e.value]));
      const kv = req as KvRequest;
      const r = applyKv(view, kv);
      const k = kvKey(kv.key);
      if (r.next !== view && r.next.has(k)) {
        const stamped = { value: r.next.get(k) ?? null, ts: nowUs + (skew[i] ?? 0), replica: i };
        if (newer(stamped, replica.get(k))) replica.set(k, stamped);
      }
      return r.reply as unknown as Body;
    },
  };
}
