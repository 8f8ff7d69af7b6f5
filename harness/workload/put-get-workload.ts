/**
 * A differentiated key-value workload: the kv workload's gets and writes,
 * every write a `put` of a value unique to its request (`<client>.<op>`), so
 * each value is written once per key — what the causal models' bad patterns
 * (spec/consistency/causal-patterns.ts) need to judge a history.
 */
import type * as fc from 'fast-check';
import type { WorkloadOp } from '../subsystems/descriptor.js';
import { describeKvWorkload, kvWorkload, type KvWorkloadOptions } from './kv-workload.js';

/**
 * The arbitrary of per-client get/put lists: the kv workload with its appends sent as puts (a third
 * gets), or with `readMostly` as gets (two thirds gets).
 */
export function putGetWorkload(o: PutGetWorkloadOptions): fc.Arbitrary<readonly (readonly WorkloadOp[])[]> {
  const as = (op: WorkloadOp): WorkloadOp => (o.readMostly === true ? { ...op, f: 'get', value: null } : { ...op, f: 'put' });
  const own = (op: WorkloadOp, c: number): WorkloadOp => (o.ownKeys === true && op.f === 'put' ? { ...op, key: o.keys[c % o.keys.length] } : op);
  return kvWorkload(o).map((slots) => slots.map((ops, c) => ops.map((op) => own(op.f === 'append' ? as(op) : op, c))));
}

/** Shape of a put/get workload. */
export interface PutGetWorkloadOptions extends KvWorkloadOptions {
  /** Appends become gets instead of puts (two thirds reads). */
  readonly readMostly?: boolean;
  /**
   * Client i writes only key i (mod the keys) and reads any: every key has one writing session, so
   * all its writes are ordered by the session and a lost last write shows in the final reads.
   */
  readonly ownKeys?: boolean;
}

/** One-line description of a put/get workload, for `quorate list`. */
export function describePutGetWorkload(o: PutGetWorkloadOptions): string {
  const own = o.ownKeys === true ? ', client i puts only key i' : '';
  return `${describeKvWorkload(o).replace('get/put/append', o.readMostly === true ? 'get/put (2:1)' : 'get/put (1:2)')}, every value written once${own}`;
}
