/**
 * Configuration of the Dynamo-style store and its seeded bugs. Durations are
 * on each server's monotonic clock, µs.
 */

/** The seeded bugs the harness must catch (see harness/subsystems/dynamo.ts for how each is reached). */
export const DYNAMO_MUTANTS = ['no-repair', 'hints-dropped-on-restart', 'first-reply-read'] as const;

/** Tunables of a Dynamo server. */
export interface DynamoOptions {
  /** Replicas per key. */
  readonly n: number;
  /** Replies a read waits for. */
  readonly r: number;
  /** Acknowledgements a write waits for. */
  readonly w: number;
  /** Sloppy quorums: a home replica that does not answer is replaced by the next healthy server, which holds a hint. */
  readonly sloppy: boolean;
  /** Virtual nodes per server on the ring. */
  readonly vnodes: number;
  /** A replica that has not answered within this is suspected (and, sloppy, replaced). */
  readonly ackTimeoutUs: number;
  /** A coordinator answers `unavailable` when its quorum is not complete by then. */
  readonly deadlineUs: number;
  /** How long a suspected server is skipped by sloppy quorums, unless it is heard from first. */
  readonly suspectUs: number;
  /** Merkle anti-entropy with one random peer this often. */
  readonly antiEntropyUs: number;
  /** Hinted handoff attempts this often. */
  readonly handoffUs: number;
  /** Reads write the newest version back to replicas that answered an older one. */
  readonly readRepair: boolean;
  /** Anti-entropy runs at all. */
  readonly antiEntropy: boolean;
  /** Hints are handed off when their home replica restarts (the `hints-dropped-on-restart` mutant drops them then). */
  readonly handOffHints: boolean;
  /** A read answers once this many replicas replied (r; 1 under `first-reply-read`). */
  readonly readAnswersAfter: number;
}

/** The options for a quorum configuration and a mutant (unknown names throw). */
export function dynamoOptionsFor(mutant: string | undefined, base: Omit<DynamoOptions, 'readRepair' | 'antiEntropy' | 'handOffHints' | 'readAnswersAfter'>): DynamoOptions {
  if (mutant !== undefined && !(DYNAMO_MUTANTS as readonly string[]).includes(mutant)) {
    throw new Error(`unknown dynamo mutant "${mutant}"; expected one of ${DYNAMO_MUTANTS.join('|')}`);
  }
  return {
    ...base,
    readRepair: mutant !== 'no-repair',
    antiEntropy: mutant !== 'no-repair',
    handOffHints: mutant !== 'hints-dropped-on-restart',
    readAnswersAfter: mutant === 'first-reply-read' ? 1 : base.r,
  };
}
