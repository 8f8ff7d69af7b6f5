/**
 * The services a node may call by name, as Maelstrom offers them: `lin-kv`,
 * `seq-kv`, `lww-kv` (kv-services.ts, lww-kv.ts) and `lin-tso`. Each test gets
 * fresh ones, seeded from the test's `services` stream.
 */
import { nextTimestamp } from '../../../spec/maelstrom-services.js';
import type { Rng } from '../../sim/rng.js';
import { linKv, seqKv } from './kv-services.js';
import { lwwKv } from './lww-kv.js';
import { errorBody, type Service } from './service.js';

/** The timestamp oracle: `ts` answers `ts_ok` with a strictly increasing integer `ts`. */
export function linTso(): Service {
  let last = 0;
  return {
    name: 'lin-tso',
    handle(_from, body) {
      if (body.type !== 'ts') return errorBody(10, `lin-tso answers ts, got ${JSON.stringify(body.type)}`);
      last = nextTimestamp(last);
      return { type: 'ts_ok', ts: last };
    },
  };
}

/** The names of the services. */
export const SERVICE_NAMES: readonly string[] = ['lin-kv', 'seq-kv', 'lww-kv', 'lin-tso'];

/** Fresh services by name, seeded from `rng`. */
export function createServices(rng: Rng): ReadonlyMap<string, Service> {
  return new Map<string, Service>([
    ['lin-kv', linKv()],
    ['seq-kv', seqKv(rng.fork('seq-kv'))],
    ['lww-kv', lwwKv(rng.fork('lww-kv'))],
    ['lin-tso', linTso()],
  ]);
}
