/**
 * The Dynamo-style store (impl/dynamo, after DeCandia et al., SOSP 2007):
 * consistent hashing with virtual nodes, N = 3 replicas per key, last-writer-
 * wins by the coordinator's wall clock (which the nemesis drifts and jumps),
 * read repair, and Merkle-tree anti-entropy. Two configurations show what the
 * quorum choice changes:
 *
 * - `dynamo-strict` (R = W = 2, R + W > N, home replicas only): claims
 *   `eventual` and `read-your-writes`. A read's R replicas meet the W that
 *   acknowledged the session's last write, last-writer-wins keeps the newest
 *   stamp on each replica, and a session's stamps rise past everything it saw
 *   (the client's floor), so a read returns the session's write or one
 *   stamped after it — never one causally before it.
 * - `dynamo-sloppy` (R = W = 1, sloppy quorums with hinted handoff): claims
 *   `eventual` only. It accepts writes while every home replica is cut off
 *   (a fallback holds them as hints), and a read may ask replicas that have
 *   not seen the session's write.
 *
 * Convergence (`eventual`, on the final reads): every acknowledged write is
 * durable on W replicas or hint holders; hints are handed off, anti-entropy
 * spreads what one home replica has to the others, and last-writer-wins picks
 * the same version everywhere — one no acknowledged write causally follows,
 * since stamps rise along sessions and reads. Neither claims anything on the
 * causal ladder: concurrent writes on skewed clocks lose to older ones.
 * Not given: disk loss — a write acknowledged by W replicas that lose their
 * disks is gone (Dynamo assumes durable replicas).
 */
import { kvModel } from '../../spec/kv.js';
import type { Model } from '../../spec/model.js';
import { DynamoServer } from '../../impl/dynamo/server.js';
import { DynamoClient } from '../../impl/dynamo/client.js';
import { dynamoOptionsFor } from '../../impl/dynamo/options.js';
import type { FaultKind } from '../nemesis/fault-kinds.js';
import { type PutGetWorkloadOptions, describePutGetWorkload, putGetWorkload } from '../workload/put-get-workload.js';
import type { MutantInfo, Property, SubsystemDescriptor } from './descriptor.js';

const WORKLOAD: PutGetWorkloadOptions = { clients: 5, keys: ['x', 'y', 'z'], minOps: 20, maxOps: 20, maxThinkUs: 800_000 };
/** Sloppy: one key per client (each key written by one session only, so a lost last write shows). */
const SLOPPY_WORKLOAD: PutGetWorkloadOptions = { ...WORKLOAD, keys: ['k1', 'k2', 'k3', 'k4', 'k5'], ownKeys: true };

const FAULTS: readonly FaultKind[] = [
  'partition-halves', 'isolate-one', 'bridge', 'majorities-ring', 'one-way', 'crash-restart', 'crash-minority', 'crash-majority', 'clock-drift', 'clock-jump', 'loss-burst', 'dup-burst',
];

const SLOPPY_WEIGHTS: Readonly<Partial<Record<FaultKind, number>>> = { 'partition-halves': 4, 'crash-restart': 3, 'crash-majority': 6, bridge: 2 };

const TIMING = { vnodes: 8, ackTimeoutUs: 50_000, deadlineUs: 300_000, suspectUs: 1_000_000, antiEntropyUs: 100_000, handoffUs: 200_000 } as const;

const NO_REPAIR: MutantInfo = {
  name: 'no-repair',
  description: 'read repair and anti-entropy are both off: a replica that missed a write never gets it',
  reach: 'a store message lost (the base 2 % loss, a loss burst) or a replica down or cut off while a write is acknowledged by the others leaves it behind for good; after the quiet period its final read disagrees with the other replicas (eventual: final-reads-disagree or a lost update)',
  caughtBy: ['eventual'],
};

const PROPERTIES: readonly Property[] = [
  { kind: 'sometimes', name: 'read-repaired', description: 'a read wrote the newest version back to a replica that answered an older one', observation: 'read-repair' },
  { kind: 'sometimes', name: 'merkle-mismatch', description: 'anti-entropy found two replicas whose Merkle trees differ', observation: 'merkle-mismatch' },
  { kind: 'sometimes', name: 'partitioned', description: 'the network was partitioned', observation: 'partition' },
  { kind: 'sometimes', name: 'server-crashed', description: 'a server crashed', observation: 'crash' },
];

function dynamoDescriptor(o: { readonly sloppy: boolean }): SubsystemDescriptor {
  const workload = o.sloppy ? SLOPPY_WORKLOAD : WORKLOAD;
  const quorum = o.sloppy ? { n: 3, r: 1, w: 1, sloppy: true } : { n: 3, r: 2, w: 2, sloppy: false };
  const mutants: readonly MutantInfo[] = o.sloppy
    ? [
        {
          name: 'hints-dropped-on-restart',
          description: 'a fallback takes a restarted home replica for a new member and drops the hints it holds for it instead of handing them off',
          reach: "a crash-majority takes down the three home replicas of a key (one in ten per key); the coordinators still up store the puts on fallbacks as hints and acknowledge them (W = 1). When the home replicas restart and announce it, the hints are dropped, so none of them ever gets those writes; when the same session wrote the key before, the final reads return that older write, which the lost one follows in session order (eventual: final-read-overwritten)",
          caughtBy: ['eventual'],
        },
        NO_REPAIR,
      ]
    : [
        NO_REPAIR,
        {
          name: 'first-reply-read',
          description: 'a read answers with the first replica reply although the configuration says R = 2',
          reach: 'no fault needed: a client puts a key (acknowledged by two of its three replicas), then gets it; the first reply may come from the third replica, which has not stored the put yet, and returns the value before it (read-your-writes)',
          caughtBy: ['read-your-writes'],
        },
      ];
  return {
    name: o.sloppy ? 'dynamo-sloppy' : 'dynamo-strict',
    description: o.sloppy
      ? 'Dynamo-style store, N=3 R=1 W=1, sloppy quorums with hinted handoff, LWW by wall clock, read repair, Merkle anti-entropy; claims eventual'
      : 'Dynamo-style store, N=3 R=2 W=2 (R+W>N), strict quorums, LWW by wall clock, read repair, Merkle anti-entropy; claims eventual and read-your-writes',
    model: kvModel as Model,
    claims: o.sloppy ? ['eventual'] : ['eventual', 'read-your-writes'],
    cluster: { servers: 5, clients: WORKLOAD.clients },
    network: { minLatencyUs: 1_000, meanExtraLatencyUs: 2_000, loss: 0.02, duplicate: 0.01 },
    clock: { maxDrift: 0.05 },
    server: (_id, opts) => new DynamoServer(dynamoOptionsFor(opts.mutant, { ...quorum, ...TIMING })),
    client: () => new DynamoClient({ attemptUs: 400_000, giveUpUs: 3_000_000 }),
    mutants,
    workload: () => putGetWorkload(workload),
    workloadDescription: describePutGetWorkload(workload),
    finalReads: { quietUs: 2_000_000, keys: workload.keys },
    faults: FAULTS,
    properties: o.sloppy
      ? [
          ...PROPERTIES,
          { kind: 'sometimes', name: 'sloppy-fallback', description: 'a put was stored on a fallback holding a hint for a silent home replica', observation: 'sloppy-fallback' },
          { kind: 'sometimes', name: 'hint-handed-off', description: 'a fallback handed a hint off to its home replica', observation: 'hint-handed-off' },
        ]
      : PROPERTIES,
    // Sloppy: partitions and crashes drawn more often, so fallbacks hold hints and crash while they do.
    nemesis: o.sloppy ? { windowUs: 8_000_000, maxFaults: 10, weights: SLOPPY_WEIGHTS } : { windowUs: 8_000_000, maxFaults: 8 },
    bounds: { timeUs: 20_000_000, maxSteps: 300_000, checkSteps: 2_000_000, liveBoundUs: 4_000_000 },
  };
}

/** Strict quorums, R + W > N. */
export const dynamoStrict: SubsystemDescriptor = dynamoDescriptor({ sloppy: false });
/** Sloppy quorums with hinted handoff, R = W = 1. */
export const dynamoSloppy: SubsystemDescriptor = dynamoDescriptor({ sloppy: true });
