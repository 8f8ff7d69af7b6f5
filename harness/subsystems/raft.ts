/**
 * The quorum-replicated KV (impl/raft): Raft with pre-vote, check-quorum,
 * pipelined and batched replication, a no-op per term, snapshots with
 * InstallSnapshot, client sessions, ReadIndex reads (leases as an option),
 * and disk-loss recovery as a non-voting learner. Checked by the five Raft
 * safety predicates of spec/raft.ts after every step (one ghost history per
 * run, kept by the world's view object), refinement of spec/kv.ts,
 * linearizability, and liveness after the last heal. `raftDescriptor` builds
 * the same subsystem for other cluster sizes (`raft3`, `raft7`).
 */
import * as fc from 'fast-check';
import { kvModel } from '../../spec/kv.js';
import { faultsTolerated } from '../../spec/quorum.js';
import type { Model } from '../../spec/model.js';
import { RaftServer } from '../../impl/raft/server.js';
import { RaftClient } from '../../impl/raft/client.js';
import { raftOptionsFor } from '../../impl/raft/options.js';
import { abstractKv, raftOutOfQuorum, raftRole } from '../../impl/raft/abstraction.js';
import { MAJORITY_LOST, WRITES_UNDER_MINORITY_FAULT } from '../run/availability.js';
import { monitorOf, type RaftInvariantName } from '../../impl/raft/safety-monitor.js';
import type { FaultKind } from '../nemesis/fault-kinds.js';
import { describeKvWorkload, kvWorkload, type KvWorkloadOptions } from '../workload/kv-workload.js';
import type { AlwaysProperty, MutantInfo, NemesisOptions, Property, SubsystemDescriptor, WorkloadOp } from './descriptor.js';

/** The stated bound on clock rate error (±5 %): the correct lease subtracts it, the nemesis drives clocks to it. */
const MAX_DRIFT = 0.05;

const WORKLOAD: KvWorkloadOptions = { clients: 5, keys: ['x', 'y', 'z'], minOps: 40, maxOps: 40, maxThinkUs: 400_000 };

/**
 * Besides the writers, one client only reads, and often: 150 gets, think ≤ 120 ms. A read-mostly
 * client keeps asking the leader it knows while the writers are stuck behind a cut-off one (as a
 * monitoring client would), so it meets a stale lease in the window a lease that ignores drift
 * leaves open.
 */
const READER: KvWorkloadOptions = { clients: 1, keys: WORKLOAD.keys, minOps: 150, maxOps: 150, maxThinkUs: 120_000 };

/** The writers' kv workload followed by the reader's gets. */
function raftWorkload(): fc.Arbitrary<readonly (readonly WorkloadOp[])[]> {
  return fc.tuple(kvWorkload(WORKLOAD), kvWorkload(READER)).map(([writers, [reader]]) => [
    ...writers,
    (reader ?? []).map((op): WorkloadOp => ({ f: 'get', key: op.key, value: null, thinkUs: op.thinkUs })),
  ]);
}

/**
 * Clients retry after 40 ms (a round trip is ~3 ms) and give up only after 10 s: an outage under a
 * churn of leaders lasts seconds, and every give-up leaves an indeterminate write that refinement
 * must keep as a candidate for the rest of the run.
 */
export const RAFT_CLIENT = { attemptUs: 40_000, backoffUs: 5_000, giveUpUs: 10_000_000 } as const;

const FAULTS: readonly FaultKind[] = [
  'partition-halves', 'isolate-one', 'isolate-role', 'bridge', 'majorities-ring', 'one-way',
  'crash-restart', 'kill-disk-loss', 'crash-minority', 'crash-majority', 'clock-drift', 'clock-jump', 'loss-burst', 'dup-burst',
];

/**
 * Server tuning shared by the correct run and every mutant, etcd-like: heartbeats every 100 ms,
 * election timeouts 1000–1100 ms, leases on (ReadIndex when the lease has lapsed). A lease that
 * ignores the 5 % drift bound lasts 1000 ms of a slow leader clock (1053 ms real) while fast
 * followers time out after 952–1048 ms real: an unsafe window of up to ≈ 2·maxDrift·lease = 100 ms,
 * long against a ~3 ms client round trip. The narrow spread (etcd draws from [1000, 2000) ms) keeps
 * the first follower's timeout early in that window.
 */
export const RAFT_TUNING = { maxDrift: MAX_DRIFT, leases: true, electionMinUs: 1_000_000, electionJitter: 0.1, heartbeatUs: 100_000 } as const;

/** While at most f servers are out and the network is whole, a write commits within this (see the README's Raft section). */
const AVAILABILITY_BOUND_US = 5_000_000;

const WEIGHTS: Readonly<Partial<Record<FaultKind, number>>> = {
  'isolate-role': 8, bridge: 1, 'partition-halves': 5, 'crash-restart': 2, 'kill-disk-loss': 8, 'clock-drift': 4, 'isolate-one': 2, 'crash-minority': 2, 'crash-majority': 2,
};

/** What can show a lost committed entry: the safety predicates, the spec state (refinement) and the reads (linearizability). */
const LOST_COMMIT = ['leader-completeness', 'state-machine-safety', 'log-matching', 'refinement', 'linearizability'] as const;

const MUTANTS: readonly MutantInfo[] = [
  {
    name: 'figure8-commit',
    description: "a leader commits an earlier term's entry once a majority stores it (Raft Figure 8), and appends its term's no-op only at its first heartbeat tick, 100 ms after the election",
    reach: "pre-vote and leader stickiness are off too. Figure 8 takes three leader changes: X, cut off from the servers, appends a client write alone; Y, elected next, is cut off before anything of its term commits and appends another write at that index; X is elected again and (mutant) commits its old entry by counting, before its own term's no-op or writes spread; then Y, whose last term is higher, is elected and overwrites it: leader-completeness fails as Y takes office, then state-machine-safety and refinement as it commits over the entry. A churn of the leader does this (descriptor.ts, NemesisOptions): each new leader is cut off 1-10 ms after its election and the one cut off before bridges the rest, so only it can win next. impl/raft/mutants.test.ts plays the same scenario by hand; the correct code survives both. Not listed for raft3: with three servers the churn rarely builds the scenario (see the measured figures)",
    caughtBy: LOST_COMMIT,
  },
  {
    name: 'vote-without-log-check',
    description: 'servers grant votes and pre-votes without the up-to-date-log check',
    reach: 'pre-vote and leader stickiness are off too: a server whose log lacks committed entries (cut off by partition-halves, isolate-one or one-way, timing out and raising its term meanwhile) asks for votes when it can reach the others; the voters adopt its term and vote for it without comparing logs, and it wins with a short log: leader-completeness fails as it takes office, state-machine-safety as it commits over the missing entries, and reads miss them (linearizability)',
    caughtBy: LOST_COMMIT,
  },
  {
    name: 'lease-ignores-drift',
    description: 'leader leases are on and last the whole minimum election timeout, ignoring the clock-drift bound',
    reach: 'a third of the isolate-role faults cut the leader off from the servers only (clients still reach it), skew the clocks as they fire (the leader to -maxDrift = -5 %, the others to +5 %) and hold the network for 1.5 s. Followers time out after 1000-1100 ms of their fast clocks (952-1048 ms real) and elect a leader that commits the stuck writes, while the old leader serves lease reads for 1000 ms of its slow clock (1053 ms real); the reader client, which keeps asking the old leader, reads a stale value in that window. Only linearizability can see it: a stale read changes no state, and every log stays safe',
    caughtBy: ['linearizability'],
  },
  {
    name: 'no-dedup',
    description: 'the state machine ignores client sessions, so a retried write executes again',
    reach: "the network's base 1 % loss and duplication suffice (loss and dup bursts, partitions and failovers add retries): a client retries an append that already committed, or a request arrives twice, and it applies twice: refinement sees the second application, a change no operation in flight explains, usually before a read shows the value twice (linearizability)",
    caughtBy: ['refinement', 'linearizability'],
  },
  {
    name: 'minority-quorum',
    description: 'quorums of ⌊n/2⌋ servers instead of ⌊n/2⌋+1 for votes, commits and reads',
    reach: 'any partition (partition-halves, bridge, majorities-ring) lets both sides elect leaders, even in the same term (election-safety), and a leader elected without the servers that hold committed entries lacks them (leader-completeness, then state-machine-safety); a crash-majority leaves f servers that still commit (no-commit-without-majority). Which of these fails first depends on the schedule',
    caughtBy: ['election-safety', 'no-commit-without-majority', ...LOST_COMMIT],
  },
  {
    name: 'disk-loss-voter',
    description: 'a server that lost its disk rejoins as a voter at once (no learner phase)',
    reach: 'pre-vote and leader stickiness are off too: kill-disk-loss on a server that helped commit on a bare majority, restarted while partition-halves or isolate-role separates the holders: it votes with lagging servers for a leader without those entries (leader-completeness as that leader takes office, then state-machine-safety, refinement, linearizability); having forgotten its vote it may also vote twice in a term (election-safety). Often two wiped servers, restarted by the final heal, vote for a server that was cut off',
    caughtBy: ['election-safety', ...LOST_COMMIT],
  },
  {
    name: 'commit-waits-for-all',
    description: 'a leader commits an entry only once every voter stores it: never unsafe, but one crashed voter stops all writes',
    reach: 'a crash-minority (1..f servers crashed, the configuration held until the final heal) or a long enough crash-restart or kill-disk-loss leaves servers out with the network whole; writes invoked then stall until the server is back, so none commits within the 5 s bound (available-within-f). Safety checks and the after-heal liveness check cannot see it: every server is back after the final heal',
    caughtBy: ['available-within-f'],
  },
];

/**
 * Mutants a size's default run does not reach within the mutant tests' budget (200 seeds), so that
 * descriptor does not list them (measured with `npm run measure-mutants` on every size listing all
 * seven): on raft3 `figure8-commit` is first caught at seed 233, in 3 of 400 seeds.
 */
const UNREACHED: Readonly<Record<number, readonly string[]>> = { 3: ['figure8-commit'] };

const INVARIANTS: readonly [RaftInvariantName, string, string][] = [
  ['electionSafety', 'election-safety', 'at most one leader per term'],
  ['leaderAppendOnly', 'leader-append-only', 'a leader never overwrites or deletes entries in its log'],
  ['logMatching', 'log-matching', 'entries with the same index and term have the same command and predecessors'],
  ['leaderCompleteness', 'leader-completeness', 'a leader holds every entry committed in earlier terms: checked at its election, and at every later commit against the log each leader of a later term had while it led'],
  ['stateMachineSafety', 'state-machine-safety', 'no two servers commit or apply different entries at one index, and every server that applied index i (or restored a snapshot ending there) holds the state, as a digest, first reached at i'],
];

const always = ([key, name, description]: (typeof INVARIANTS)[number]): AlwaysProperty => ({
  kind: 'always', name, description, check: (view, node) => (view.servers.includes(node) ? monitorOf(view).check(view, node, key) : undefined),
});

export const RAFT_PROPERTIES: readonly Property[] = [
  ...INVARIANTS.map(always),
  { kind: 'sometimes', name: 'leader-elected', description: 'a server became leader', observation: 'leader-elected' },
  { kind: 'sometimes', name: 'leader-cut-off', description: 'a leader lost its quorum and stepped down (check-quorum)', observation: 'check-quorum-stepdown' },
  { kind: 'sometimes', name: 'partitioned', description: 'the network was partitioned', observation: 'partition' },
  { kind: 'sometimes', name: 'snapshot-installed', description: 'a follower installed a snapshot', observation: 'snapshot-install' },
  { kind: 'sometimes', name: 'retried', description: 'a client retried a request', observation: 'retry' },
  { kind: 'sometimes', name: 'lease-read', description: 'a leader served a read from its lease', observation: 'lease-read' },
  { kind: 'sometimes', name: 'writes-under-minority-fault', description: 'writes committed within the bound while 1..f servers were out and the network whole', observation: WRITES_UNDER_MINORITY_FAULT },
  { kind: 'sometimes', name: 'majority-lost', description: 'more than f servers were out at once (after bootstrap)', observation: MAJORITY_LOST },
  { kind: 'sometimes', name: 'learner-promoted', description: 'a server that lost its disk was promoted back to voter', observation: 'learner-promoted' },
];

/**
 * Faults from 2.3 s (after the first election, ~2.1 s: bootstrap probes take one timeout) until the
 * final heal at 10 s, about eight election timeouts, while the writers' 40 operations (think ≤
 * 400 ms) and the reader's 150 run. Of the isolate-role faults (descriptor.ts, NemesisOptions) a sixth cut
 * the leader off from every node, a third from the servers only with the worst clock skew, holding
 * the network for 1.5 s, and half churn the leader (3–5 cuts, each 1–10 ms after an election).
 */
function nemesisOptions(servers: number): NemesisOptions {
  return {
    windowUs: 10_000_000, maxFaults: 12, maxDiskLoss: faultsTolerated(servers), weights: WEIGHTS,
    extremeDrift: true, slowRole: 'leader', startUs: 2_300_000, isolateRoleFromServers: true, isolateRoleHoldUs: 1_500_000, skewOthers: true, roleChurn: true,
  };
}

/** The Raft KV subsystem with `servers` servers. */
export function raftDescriptor(o: { readonly servers: number }): SubsystemDescriptor {
  return {
    name: o.servers === 5 ? 'raft' : `raft${o.servers}`,
    description: `Raft KV, ${o.servers} servers: pre-vote, check-quorum, pipelined batches, snapshots, sessions, ReadIndex reads, learner after disk loss`,
    model: kvModel as Model,
    cluster: { servers: o.servers, clients: WORKLOAD.clients + READER.clients },
    network: { minLatencyUs: 500, meanExtraLatencyUs: 700, loss: 0.01, duplicate: 0.01 },
    clock: { maxDrift: MAX_DRIFT },
    server: (_id, opts) => new RaftServer(raftOptionsFor(opts.mutant, RAFT_TUNING)),
    client: () => new RaftClient(RAFT_CLIENT),
    mutants: MUTANTS.filter((m) => !(UNREACHED[o.servers] ?? []).includes(m.name)),
    workload: raftWorkload,
    workloadDescription: `${describeKvWorkload(WORKLOAD)}; and a reader: ${READER.maxOps} gets, think ≤ ${READER.maxThinkUs / 1000} ms`,
    faults: FAULTS,
    properties: RAFT_PROPERTIES,
    abstraction: (view) => abstractKv(view),
    role: (view, role) => raftRole(view, role),
    roles: ['leader'],
    refinement: { maxChain: 2 * WORKLOAD.clients },
    nemesis: nemesisOptions(o.servers),
    availability: { faultsTolerated: faultsTolerated(o.servers), boundUs: AVAILABILITY_BOUND_US, writes: ['put', 'append'], outOfQuorum: raftOutOfQuorum },
    // Correct seeds 1..1000 take 9k steps on average, at most 26k (raft), 24k (raft3), 21k (raft7); the cap
    // stops a message storm (a mutant's livelock), which then ends unknown unless a property failed first.
    bounds: { timeUs: 16_000_000, maxSteps: 60_000, checkSteps: 2_000_000, liveBoundUs: 5_000_000 },
  };
}

/** The default Raft KV: five servers (tolerates two faults). */
export const raft: SubsystemDescriptor = raftDescriptor({ servers: 5 });
/** Three servers (tolerates one fault). */
export const raft3: SubsystemDescriptor = raftDescriptor({ servers: 3 });
/** Seven servers (tolerates three faults). */
export const raft7: SubsystemDescriptor = raftDescriptor({ servers: 7 });
