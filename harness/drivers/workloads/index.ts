/**
 * The workloads `quorate test` runs, by Maelstrom's names. g-set, g-counter,
 * pn-counter, kafka and the transactional workloads are not here yet.
 */
import type { Workload } from '../workload.js';
import { createBroadcastWorkload } from './broadcast.js';
import { createEchoWorkload } from './echo.js';
import { createLinKvWorkload } from './lin-kv.js';
import { createUniqueIdsWorkload } from './unique-ids.js';

/** Workload factories by name (each run gets fresh counters). */
export const WORKLOADS: Readonly<Record<string, () => Workload>> = {
  echo: createEchoWorkload,
  'unique-ids': createUniqueIdsWorkload,
  broadcast: createBroadcastWorkload,
  'lin-kv': createLinKvWorkload,
};
