/**
 * The observed-remove set, a state-based CRDT (impl/crdt): five replicas,
 * updates applied and acknowledged locally, whole states gossiped and merged
 * by union. Its sequential spec is spec/set.ts.
 *
 * Claim: strong eventual consistency (strong-eventual.ts) — replicas that
 * received the same updates hold the same state (the `always` property
 * `same-updates-same-state`, checked after every step: merge is a union, so
 * the state is a function of the updates held), and after the quiet period
 * every replica's final read agrees and keeps every acknowledged add no later
 * remove may have cancelled. Not claimed: any model that speaks of reads
 * before the end (a replica answers from whatever it has merged so far). Not
 * given: disk loss (an update acknowledged by one replica and lost with its
 * disk before it was gossiped is gone).
 */
import { setModel } from '../../spec/set.js';
import type { Model } from '../../spec/model.js';
import { OrSetServer } from '../../impl/crdt/server.js';
import { OrSetClient } from '../../impl/crdt/client.js';
import { sameUpdates, sameVersion } from '../../impl/crdt/or-set.js';
import type { FaultKind } from '../nemesis/fault-kinds.js';
import { SET_KEY, type SetWorkloadOptions, describeSetWorkload, setWorkload } from '../workload/set-workload.js';
import type { AlwaysProperty, SubsystemDescriptor } from './descriptor.js';
import { strongEventualSet } from './strong-eventual.js';

const WORKLOAD: SetWorkloadOptions = { clients: 5, elements: ['a', 'b', 'c', 'd'], minOps: 20, maxOps: 20, maxThinkUs: 400_000 };

const FAULTS: readonly FaultKind[] = [
  'partition-halves', 'isolate-one', 'bridge', 'majorities-ring', 'one-way', 'crash-restart', 'crash-minority', 'crash-majority', 'clock-drift', 'clock-jump', 'loss-burst', 'dup-burst',
];

const SAME_STATE: AlwaysProperty = {
  kind: 'always',
  name: 'same-updates-same-state',
  description: 'two live replicas whose version vectors are equal hold the same adds and removes',
  check(view, node) {
    const me = view.server(node) as OrSetServer | undefined;
    if (me === undefined) return undefined;
    for (const other of view.servers) {
      const them = other === node ? undefined : (view.server(other) as OrSetServer | undefined);
      if (them === undefined || !sameVersion(me.state, them.state) || sameUpdates(me.state, them.state)) continue;
      const tags = (s: typeof me.state): string => Object.keys(s.adds).sort().join(',');
      return `${node} and ${other} have the same version vector ${JSON.stringify(me.state.vv)} but different adds: ${node} {${tags(me.state)}}, ${other} {${tags(them.state)}}`;
    }
    return undefined;
  },
};

/** The OR-set's descriptor. */
export const orSet: SubsystemDescriptor = {
  name: 'or-set',
  description: 'observed-remove set (state-based CRDT): local updates, gossiped state merged by union; claims strong eventual consistency',
  model: setModel as Model,
  claims: strongEventualSet,
  cluster: { servers: 5, clients: WORKLOAD.clients },
  network: { minLatencyUs: 1_000, meanExtraLatencyUs: 3_000, loss: 0.02, duplicate: 0.01 },
  clock: { maxDrift: 0.05 },
  server: (_id, opts) => new OrSetServer({ gossipUs: 200_000, dropConcurrentAdds: opts.mutant === 'merge-drops-concurrent-add' }),
  client: () => new OrSetClient({ attemptUs: 100_000, giveUpUs: 3_000_000 }),
  mutants: [
    {
      name: 'merge-drops-concurrent-add',
      description: 'merge skips an incoming add of an element the local state already has a tag for, though its version vector takes the update in',
      reach: 'no fault needed: two clients add the same element at different replicas; the first gossip between them drops one tag, so two replicas with equal version vectors hold different adds (same-updates-same-state); a later remove at one of them cancels only the tag it holds, and the final reads disagree (strong-eventual)',
      caughtBy: ['same-updates-same-state', 'strong-eventual'],
    },
  ],
  workload: () => setWorkload(WORKLOAD),
  workloadDescription: describeSetWorkload(WORKLOAD),
  finalReads: { quietUs: 3_000_000, keys: [SET_KEY] },
  faults: FAULTS,
  properties: [
    SAME_STATE,
    { kind: 'sometimes', name: 'partitioned', description: 'the network was partitioned', observation: 'partition' },
    { kind: 'sometimes', name: 'server-crashed', description: 'a server crashed', observation: 'crash' },
    { kind: 'sometimes', name: 'retried', description: 'a client retried a request', observation: 'retry' },
  ],
  nemesis: { windowUs: 8_000_000, maxFaults: 8 },
  bounds: { timeUs: 20_000_000, maxSteps: 300_000, checkSteps: 2_000_000, liveBoundUs: 4_000_000 },
};
