/**
 * A key-value client workload as a fast-check arbitrary: per client slot a
 * list of get / put / append requests on a few keys, each after a think time.
 * Written values are unique per request (`<client>.<op>`), so a duplicated or
 * lost write shows in every later read — what makes violations checkable.
 */
import * as fc from 'fast-check';
import type { WorkloadOp } from '../subsystems/descriptor.js';
import { shrinkableList } from './shrinkable-list.js';

/** Shape of a kv workload. */
export interface KvWorkloadOptions {
  /** Number of client slots. */
  readonly clients: number;
  /** Keys to use (few keys = more contention per key). */
  readonly keys: readonly string[];
  /** Operations per client: between `minOps` and `maxOps`. */
  readonly minOps: number;
  readonly maxOps: number;
  /** Largest think time before an operation, µs. */
  readonly maxThinkUs: number;
}

const opKind = fc.constantFrom('get', 'put', 'append');

/** The arbitrary of per-client kv operation lists. */
export function kvWorkload(o: KvWorkloadOptions): fc.Arbitrary<readonly (readonly WorkloadOp[])[]> {
  const op = fc.record({ f: opKind, key: fc.constantFrom(...o.keys), thinkUs: fc.integer({ min: 0, max: o.maxThinkUs }) });
  // Generated with at least minOps per client; a counterexample shrinks below that.
  const slot = shrinkableList(op, { minLength: o.minOps, maxLength: o.maxOps });
  return fc.array(slot, { minLength: o.clients, maxLength: o.clients }).map((slots) =>
    slots.map((ops, c) =>
      ops.map((x, i): WorkloadOp => ({ f: x.f, key: x.key, value: x.f === 'get' ? null : `${c + 1}.${i + 1}`, thinkUs: x.thinkUs })),
    ),
  );
}

/** One-line description of a kv workload, for `quorate list`. */
export function describeKvWorkload(o: KvWorkloadOptions): string {
  return `kv get/put/append on keys ${o.keys.join(',')}; ${o.clients} clients × ${o.minOps}-${o.maxOps} ops, think ≤ ${o.maxThinkUs / 1000} ms`;
}
