/**
 * A set workload as a fast-check arbitrary: per client slot a list of adds,
 * removes and reads of a few elements of one set (key `s`), each after a
 * think time. Few elements make adds and removes of one element meet, where
 * an observed-remove set must resolve them (a concurrent add wins).
 */
import * as fc from 'fast-check';
import type { WorkloadOp } from '../subsystems/descriptor.js';
import { shrinkableList } from './shrinkable-list.js';

/** Shape of a set workload. */
export interface SetWorkloadOptions {
  readonly clients: number;
  readonly elements: readonly string[];
  readonly minOps: number;
  readonly maxOps: number;
  readonly maxThinkUs: number;
}

/** The key every operation names. */
export const SET_KEY = 's';

const opKind = fc.constantFrom('add', 'add', 'remove', 'read');

/** The arbitrary of per-client set operation lists. */
export function setWorkload(o: SetWorkloadOptions): fc.Arbitrary<readonly (readonly WorkloadOp[])[]> {
  const op = fc.record({ f: opKind, e: fc.constantFrom(...o.elements), thinkUs: fc.integer({ min: 0, max: o.maxThinkUs }) });
  const slot = shrinkableList(op, { minLength: o.minOps, maxLength: o.maxOps });
  return fc.array(slot, { minLength: o.clients, maxLength: o.clients }).map((slots) =>
    slots.map((ops) => ops.map((x): WorkloadOp => ({ f: x.f, key: SET_KEY, value: x.f === 'read' ? null : x.e, thinkUs: x.thinkUs }))),
  );
}

/** One-line description, for `quorate list`. */
export function describeSetWorkload(o: SetWorkloadOptions): string {
  return `set add/remove/read (2:1:1) of ${o.elements.join(',')}; ${o.clients} clients × ${o.minOps}-${o.maxOps} ops, think ≤ ${o.maxThinkUs / 1000} ms`;
}
