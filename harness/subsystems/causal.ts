/**
 * The causal+ store (impl/causal, after COPS: Lloyd et al., "Don't settle
 * for eventual", SOSP 2011): five full replicas; a put is acknowledged by the
 * client's home server at once and replicated with its nearest dependencies;
 * a replica applies a write only after the exact versions it depends on;
 * conflicting writes of a key converge by last-writer-wins on Lamport
 * versions; anti-entropy repairs lost replication messages.
 *
 * Claims, and why:
 * - `ccv` (causal convergence, Bouajjani et al. POPL 2017 — COPS's causal+):
 *   every replica's applied set is closed under causal order (a write is
 *   applied only after its dependencies; a client's context makes any server
 *   it moves to wait until it has applied what the client saw), and a read
 *   returns the applied write of its key that is last in one total
 *   arbitration order extending causal order (Lamport versions: a put's
 *   version exceeds its dependencies').
 * - `eventual` (convergence, judged on the final reads): every write reaches
 *   every replica by push or anti-entropy and is persisted before it is
 *   acknowledged, and last-writer-wins picks the same version everywhere.
 * Not claimed: `cm` (causal memory). Last-writer-wins can make a session read
 * its own older write of a key after it has seen, through another key, a
 * concurrent write of that key: `quorate replay --subsystem causal --seed 375`
 * (the README shows the shrunk history, bad pattern WriteHBInitRead). Nor
 * `sequential` or `linearizable`: a put is acknowledged before any other
 * replica has it, so two sides of a partition both accept writes.
 * Not given: disk loss (`kill-disk-loss`): a write acknowledged by one server
 * and lost with its disk before it was replicated is gone, which COPS also
 * accepts (it assumes durable storage in each data centre).
 */
import { kvModel } from '../../spec/kv.js';
import type { Model } from '../../spec/model.js';
import { CausalServer } from '../../impl/causal/server.js';
import { CausalClient } from '../../impl/causal/client.js';
import type { FaultKind } from '../nemesis/fault-kinds.js';
import { type PutGetWorkloadOptions, describePutGetWorkload, putGetWorkload } from '../workload/put-get-workload.js';
import type { MutantInfo, SubsystemDescriptor } from './descriptor.js';

const WORKLOAD: PutGetWorkloadOptions = { clients: 5, keys: ['x', 'y', 'z'], minOps: 30, maxOps: 30, maxThinkUs: 300_000, readMostly: true };

const FAULTS: readonly FaultKind[] = [
  'partition-halves', 'isolate-one', 'bridge', 'majorities-ring', 'one-way', 'crash-restart', 'crash-minority', 'crash-majority', 'clock-drift', 'clock-jump', 'loss-burst', 'dup-burst',
];

const MUTANTS: readonly MutantInfo[] = [
  {
    name: 'applies-before-deps',
    description: 'a replica applies a replicated write on arrival, without waiting for the versions it depends on',
    reach: "a write pushed from one server overtakes, at a third server, the write it depends on (another origin's, read by the writer; or the same origin's earlier one): the network's 15 ms latency tail reorders them, and a partition or a lost push holds the older one back until anti-entropy (every 300 ms, one random peer) repairs it. A client at the third server reads the newer write, then the older key's previous value: the older write is in its causal past (ccv: WriteCOInitRead or WriteCORead)",
    caughtBy: ['ccv'],
  },
];

/** The causal+ store's descriptor. */
export const causal: SubsystemDescriptor = {
  name: 'causal',
  description: 'COPS-style causal+ store: local puts acknowledged at once, replicated with dependencies, applied after them, last-writer-wins; claims ccv (causal convergence) and eventual',
  model: kvModel as Model,
  claims: ['ccv', 'eventual'],
  cluster: { servers: 5, clients: WORKLOAD.clients },
  network: { minLatencyUs: 2_000, meanExtraLatencyUs: 15_000, loss: 0.02, duplicate: 0.01 },
  clock: { maxDrift: 0.05 },
  server: (_id, opts) => new CausalServer({ appliesBeforeDeps: opts.mutant === 'applies-before-deps', gossipUs: 300_000, batch: 64 }),
  client: () => new CausalClient({ attemptUs: 150_000, giveUpUs: 3_000_000 }),
  mutants: MUTANTS,
  workload: () => putGetWorkload(WORKLOAD),
  workloadDescription: describePutGetWorkload(WORKLOAD),
  finalReads: { quietUs: 2_000_000, keys: WORKLOAD.keys },
  faults: FAULTS,
  properties: [
    { kind: 'sometimes', name: 'write-waited-for-deps', description: 'a replicated write arrived before a version it depends on and waited', observation: 'write-waits-for-deps' },
    { kind: 'sometimes', name: 'client-moved', description: 'a client moved to another server after its own did not answer', observation: 'client-moved' },
    { kind: 'sometimes', name: 'partitioned', description: 'the network was partitioned', observation: 'partition' },
    { kind: 'sometimes', name: 'server-crashed', description: 'a server crashed', observation: 'crash' },
  ],
  nemesis: { windowUs: 10_000_000, maxFaults: 8 },
  bounds: { timeUs: 20_000_000, maxSteps: 200_000, checkSteps: 2_000_000, liveBoundUs: 4_000_000 },
};
