/**
 * The workloads `quorate test` runs, by Maelstrom's names. The transactional
 * workloads (txn-list-append, txn-rw-register), lin-kv-reconfig and lock are
 * not here yet.
 */
import type { Workload } from '../workload.js';
import { createBroadcastWorkload } from './broadcast.js';
import { createEchoWorkload } from './echo.js';
import { createLinKvWorkload } from './lin-kv.js';
import { createUniqueIdsWorkload } from './unique-ids.js';
import { createGSetWorkload } from './g-set.js';
import { createCounterWorkload } from './counter.js';
import { createKafkaWorkload } from './kafka.js';

/** Workload factories by name (each run gets fresh counters). */
export const WORKLOADS: Readonly<Record<string, () => Workload>> = {
  echo: createEchoWorkload,
  'unique-ids': createUniqueIdsWorkload,
  broadcast: createBroadcastWorkload,
  'lin-kv': createLinKvWorkload,
  'g-set': createGSetWorkload,
  'g-counter': () => createCounterWorkload(false),
  'pn-counter': () => createCounterWorkload(true),
  kafka: createKafkaWorkload,
};
