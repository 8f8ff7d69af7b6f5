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
] as const;

/** One of {@link RAFT_MUTANTS}. */
export type RaftMutant = (typeof RAFT_MUTANTS)[number];

/** Tunables of a Raft server. */
export interface RaftOptions {
  /** The seeded bug switched on, if any. */
  readonly mutant: RaftMutant | undefined;
  /** Serve reads from a leader lease instead of a ReadIndex round. */
  readonly leases: boolean;
  /** The stated bound on clock rate error (e.g. 0.05 = ±5 %) the lease must subtract. */
  readonly maxDrift: number;
  /** Election timeouts are drawn uniformly from [min, 2·min). */
  readonly electionMinUs: number;
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
  leases: false,
  maxDrift: 0.05,
  electionMinUs: 60_000,
  heartbeatUs: 15_000,
  snapshotEvery: 24,
  maxBatch: 16,
  maxInflight: 4,
};

/** Options for a mutant name (leases are turned on for `lease-ignores-drift`); unknown names throw. */
export function raftOptionsFor(mutant: string | undefined, base: Partial<RaftOptions> = {}): RaftOptions {
  if (mutant !== undefined && !(RAFT_MUTANTS as readonly string[]).includes(mutant)) {
    throw new Error(`unknown raft mutant "${mutant}"; expected one of ${RAFT_MUTANTS.join('|')}`);
  }
  const m = mutant as RaftMutant | undefined;
  return { ...DEFAULT_RAFT_OPTIONS, ...base, mutant: m, leases: m === 'lease-ignores-drift' || (base.leases ?? false) };
}
