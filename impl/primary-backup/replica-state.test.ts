import { describe, expect, it } from 'vitest';
import { replicaStateCheck, type ReportingView } from './replica-state.js';
import { KvMachine } from './kv-machine.js';
import { kvDigest } from '../../spec/state-digest.js';
import type { Entry } from './messages.js';

/** A world view at step `steps` in which `node` reported applying up to `index` with `digest`. */
const reported = (base: object, steps: number, node: string, index: number, digest: number): ReportingView =>
  Object.assign(base, { steps, stepObservations: [{ node, name: 'applied', detail: { index, digest } }] });

describe('replica-state', () => {
  it('holds every server to the state first reached after each index', () => {
    const world = {};
    expect(replicaStateCheck(reported(world, 1, 'n1', 1, 10), 'n1')).toBeUndefined();
    expect(replicaStateCheck(reported(world, 2, 'n2', 1, 10), 'n2')).toBeUndefined();
    expect(replicaStateCheck(reported(world, 3, 'n3', 1, 11), 'n3')).toBe("n3's state after applying 1 entries has digest 11, but n1 reached digest 10 there");
    // Another node's report in the step is not this node's to answer for.
    expect(replicaStateCheck(reported(world, 4, 'n3', 1, 11), 'n2')).toBeUndefined();
  });

  it('the machine reports the digest of its data and sessions', () => {
    const m = new KvMachine(true);
    const entry = (seq: number, f: 'put' | 'append', value: string): Entry => ({ view: 1, op: { client: 'c1', seq, from: 'c1', id: `r${seq}`, f, key: 'x', value } });
    m.apply(entry(1, 'put', 'a'));
    m.apply(entry(2, 'append', 'b'));
    expect(m.digest()).toBe(kvDigest(Object.entries(m.snapshot()), m.sessionTriples()));
    expect(m.snapshot()).toEqual({ x: 'ab' });
  });
});
