/**
 * Tuning and seeded-bug switches of the primary-backup store. Timeouts are in
 * microseconds of a node's own monotonic clock; safety never depends on them
 * (no leases), only liveness does, so clock drift cannot break correctness.
 */

/** The seeded bugs ("mutants") of the primary-backup store (`local-primary-read` is exercised by hand-built tests only: random schedules rarely reach it). */
export const PB_MUTANTS = [
  'stale-backup-read',
  'failover-without-sync',
  'early-ack',
  'no-dedup',
  'local-primary-read',
  // Test-only (not in the descriptor's list): a backup catching up on several entries at once executes an
  // append twice; its log is right, only its state is wrong (impl/primary-backup/replica-state.test.ts).
  'backup-misapply',
] as const;

/** A mutant name of the primary-backup store. */
export type PbMutant = (typeof PB_MUTANTS)[number];

/** Options shared by servers and clients of one cluster. */
export interface PbOptions {
  /** The seeded bug to enable; undefined = the correct protocol. */
  readonly mutant: PbMutant | undefined;
  /** Primary → backup heartbeat / retransmission period. */
  readonly heartbeatUs: number;
  /** Base election timeout; the actual one is drawn uniformly from [base, 2·base). */
  readonly electionUs: number;
  /** Entries the primary commits per event-loop turn (bounded work per turn; keeps each step's effect small for the refinement check). */
  readonly commitPerTurn: number;
  /** Client: time to wait for an answer before retrying at another server. */
  readonly attemptUs: number;
  /** Client: pause after a redirect that named no better server. */
  readonly backoffUs: number;
  /** Client: attempts per logical request before giving up. */
  readonly maxAttempts: number;
  /** Client: total time per logical request before giving up. */
  readonly giveUpUs: number;
}

/** Default timings, tuned for ~0.5–5 ms one-way latency. */
export const DEFAULT_PB_OPTIONS: PbOptions = {
  mutant: undefined,
  heartbeatUs: 3_000,
  electionUs: 20_000,
  commitPerTurn: 1,
  attemptUs: 12_000,
  backoffUs: 2_000,
  maxAttempts: 24,
  giveUpUs: 300_000,
};

/** Whether `name` is a mutant of this store. */
export function isPbMutant(name: string): name is PbMutant {
  return (PB_MUTANTS as readonly string[]).includes(name);
}

/** Options for `mutant` (throws on an unknown name: a typo must not silently run the correct code). */
export function pbOptions(mutant: string | undefined, overrides: Partial<PbOptions> = {}): PbOptions {
  if (mutant !== undefined && !isPbMutant(mutant)) {
    throw new Error(`primary-backup: unknown mutant "${mutant}", expected one of ${PB_MUTANTS.join('|')}`);
  }
  return { ...DEFAULT_PB_OPTIONS, ...overrides, mutant };
}
