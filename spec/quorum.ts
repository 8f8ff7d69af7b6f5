/**
 * Quorum arithmetic for crash-fault-tolerant replication (Lamport, "The
 * Part-Time Parliament"; Howard, Malkhi & Spiegelman, "Flexible Paxos", 2016).
 * With n replicas and majority quorums, any two quorums share a replica, so a
 * decision made by one quorum is seen by every later one; n = 2f + 1 replicas
 * tolerate f crashed replicas. Flexible quorums relax this to: every phase-1
 * (election) quorum meets every phase-2 (replication) quorum, |Q1| + |Q2| > n.
 */

/** Replicas needed to tolerate `f` crash faults with majority quorums: 2f + 1. */
export function replicasFor(f: number): number {
  if (!Number.isInteger(f) || f < 0) throw new RangeError(`f must be a non-negative integer, got ${f}`);
  return 2 * f + 1;
}

/** Crash faults tolerated by `n` replicas with majority quorums: ⌊(n − 1) / 2⌋. */
export function faultsTolerated(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
  return Math.floor((n - 1) / 2);
}

/** Size of the smallest majority of `n` replicas: ⌊n / 2⌋ + 1. */
export function majority(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
  return Math.floor(n / 2) + 1;
}

/** Whether `members` (a subset of 0..n−1 or of node names) is a majority of `n`. */
export function isMajority(members: Iterable<unknown>, n: number): boolean {
  return new Set(members).size >= majority(n);
}

/** Whether two sets share a member (quorum intersection). */
export function intersects<T>(a: Iterable<T>, b: Iterable<T>): boolean {
  const sa = new Set(a);
  for (const x of b) if (sa.has(x)) return true;
  return false;
}

/** Flexible quorums: phase-1 quorums of size `q1` and phase-2 quorums of size `q2` over `n` replicas always intersect iff q1 + q2 > n. */
export function flexibleQuorumsIntersect(n: number, q1: number, q2: number): boolean {
  return q1 + q2 > n;
}

/** The value at the `majority(k)`-th highest rank of `values` (k = values.length): the largest x that a majority has reached. */
export function majorityValue(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => b - a);
  return sorted[majority(values.length) - 1] ?? 0;
}
