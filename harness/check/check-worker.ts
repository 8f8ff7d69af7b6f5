/**
 * Entry point of a checker worker thread: receives a share of the partitions
 * (plain data, model by name), checks them interleaved in-process, and posts
 * the outcome back. See worker-pool.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Operation } from '../../traces/history.js';
import type { Partition } from '../../spec/model.js';
import { PARTITION_MODELS } from './model-registry.js';
import { checkPartitionsSync, type CheckOptions } from './linearizability.js';

/** What the pool sends a worker. */
export interface WorkerJob {
  readonly parts: readonly { readonly key: string | undefined; readonly ops: readonly Operation[]; readonly model: string }[];
  readonly opts: CheckOptions & { deadline?: number };
}

const job = workerData as WorkerJob;
const parts: Partition[] = job.parts.map((p) => ({ key: p.key, ops: p.ops, model: PARTITION_MODELS[p.model]! }));
parentPort!.postMessage(checkPartitionsSync(parts, job.opts));
