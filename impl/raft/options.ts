/**
 * Configuration of the Raft KV and its seeded bugs ("mutants"). Durations are
 * on each node's own monotonic clock, in microseconds.
 */

/** The seeded bugs the harness must catch (see harness/subsystems/raft.ts for how each is reached). */
export const RAFT_MUTANTS = [
  'figure8-commit',
  'vote-without-log-check',
  'lease-ignores-drift',
  'no-dedup',
  'minority-quorum',
  'disk-loss-voter',
  'commit-waits-for-all',
  // With local reads (the ZooKeeper-style option): a client keeps its seen index only while it talks
  // to one server, so a read after moving (e.g. after a write at the leader) may hit a replica behind it.
  'client-moves-behind',
  // Test-only (not in the descriptor's list): a follower catching up on several entries at once
  // executes an append twice; its log is right, only its state is wrong (harness/conformance/raft-ghost.test.ts).
  'lagging-misapply',
] as const;

/** One of {@link RAFT_MUTANTS}. */
export type RaftMutant = (typeof RAFT_MUTANTS)[number];

/** Tunables of a Raft server. */
export interface RaftOptions {
  /** The seeded bug switched on, if any. */
  readonly mutant: RaftMutant | undefined;
  /** ZooKeeper-style: every server answers reads from its applied state once it has applied what the client saw (local-reads.ts). */
  readonly localReads: boolean;
  /** Serve reads from a leader lease instead of a ReadIndex round. */
  readonly leases: boolean;
  /** The stated bound on clock rate error (e.g. 0.05 = ±5 %) the lease must subtract. */
  readonly maxDrift: number;
  /** Election timeouts are drawn uniformly from [min, (1 + electionJitter)·min). */
  readonly electionMinUs: number;
  /** Spread of election timeouts above the minimum, as a fraction of it (1 = Raft's usual [min, 2·min)). */
  readonly electionJitter: number;
  /** Campaign only after a quorum of pre-votes (thesis §9.6). */
  readonly preVote: boolean;
  /** Refuse votes and pre-votes while a leader was heard within electionMinUs (leader stickiness; leases rely on it). */
  readonly stickiness: boolean;
  /** Leader heartbeat / replication tick. */
  readonly heartbeatUs: number;
  /** Compact the log when this many applied entries follow the snapshot. */
  readonly snapshotEvery: number;
  /** Most entries in one AppendEntries. */
  readonly maxBatch: number;
  /** Most unacknowledged AppendEntries per follower (pipelining window). */
  readonly maxInflight: number;
}

/** Defaults tuned for the simulated network (≈1 ms latency). */
export const DEFAULT_RAFT_OPTIONS: RaftOptions = {
  mutant: undefined,
  localReads: false,
  leases: false,
  maxDrift: 0.05,
  electionMinUs: 60_000,
  electionJitter: 1,
  preVote: true,
  stickiness: true,
  heartbeatUs: 15_000,
  snapshotEvery: 24,
  maxBatch: 16,
  maxInflight: 4,
};

/**
 * Options for a mutant name; unknown names throw. Leases are turned on for `lease-ignores-drift`.
 * `vote-without-log-check`, `figure8-commit` and `disk-loss-voter` also turn off pre-vote and leader stickiness: both
 * stop a server that rejoins after a partition from disrupting a live leader, which masks these bugs
 * (the broken vote, or the next leader change, would need a second, well-timed leader failure).
 */
export function raftOptionsFor(mutant: string | undefined, base: Partial<RaftOptions> = {}): RaftOptions {
  if (mutant !== undefined && !(RAFT_MUTANTS as readonly string[]).includes(mutant)) {
    throw new Error(`unknown raft mutant "${mutant}"; expected one of ${RAFT_MUTANTS.join('|')}`);
  }
  const m = mutant as RaftMutant | undefined;
  const o: RaftOptions = { ...DEFAULT_RAFT_OPTIONS, ...base, mutant: m, leases: m === 'lease-ignores-drift' || (base.leases ?? false) };
  return m === 'vote-without-log-check' || m === 'figure8-commit' || m === 'disk-loss-voter' ? { ...o, preVote: false, stickiness: false } : o;
}
