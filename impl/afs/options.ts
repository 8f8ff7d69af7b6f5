/**
 * The tuning and the seeded bugs of the AFS file server and cache managers.
 * One implementation, three coherence variants (Howard et al., TOCS 1988;
 * Gray and Cheriton, SOSP 1989):
 * - `callbacks`: break-and-proceed — a store commits at once and the server
 *   breaks every other client's callback promise, retrying each break until
 *   it is acknowledged or the promise expires;
 * - `leases`: a store waits until every other holder has released its lease
 *   or the lease has expired (by the drift bound), then commits;
 * - `polling`: no promises; a client validates with the server on an open
 *   (every open when `pollUs` is 0, else at most every `pollUs` of its clock).
 *
 * A promise's term starts when the client *sent* the request that got it
 * (measured on the client's clock), so a slow reply never lengthens it. A
 * client trusts it for `termUs` of its own clock: at most T/(1−ρ) of real
 * time. The server keeps its record of it for T·(1+ρ)/(1−ρ) of its own clock
 * from the grant (at least T/(1−ρ) of real time, whatever the two clocks'
 * drift within ±ρ), so the server's record always outlives the client's
 * belief. A restarted server lost those records: it refuses stores for that
 * same hold (its grace period), by when every promise granted before the
 * crash has run out.
 */

/** The coherence variant. */
export type AfsVariant = 'callbacks' | 'leases' | 'polling';

/** The seeded bugs. */
export type AfsMutant = 'no-break' | 'keep-expired-promise' | 'restart-forgets-callbacks' | 'partial-close' | 'lease-ignores-drift' | 'reintegrate-no-conflict-check';

/** Tuning of one run. */
export interface AfsOptions {
  readonly variant: AfsVariant;
  /** T: the promise (callback or lease) term, µs of the client's clock. */
  readonly termUs: number;
  /** ρ: the stated bound on clock rate error. */
  readonly maxDrift: number;
  /** Polling: validate at most every `pollUs` of the client's clock (0: on every open). */
  readonly pollUs: number;
  /** Client request retry interval, µs. */
  readonly retryUs: number;
  /** A client gives a request up (`info`) after this long, µs. */
  readonly giveUpUs: number;
  /** The server resends an unacknowledged break this often, µs. */
  readonly breakRetryUs: number;
  readonly mutant: AfsMutant | undefined;
}

/** How long the server holds a promise it granted (and its grace period after a restart), µs of its clock. */
export function serverHoldUs(o: AfsOptions): number {
  if (o.mutant === 'lease-ignores-drift') return o.termUs;
  return Math.ceil((o.termUs * (1 + o.maxDrift)) / (1 - o.maxDrift));
}

/** The variants' mutants. */
export const AFS_MUTANTS: Readonly<Record<AfsMutant, string>> = {
  'no-break': 'the server skips the callback break on a store (it drops the other holders\' callbacks without telling them)',
  'keep-expired-promise': 'a client whose promise ran out asks to renew it and keeps trusting its copy until an answer comes, so a client cut off from the server (its break lost) trusts it forever',
  'restart-forgets-callbacks': 'a restarted server accepts stores at once although it forgot its callbacks, and clients do not revalidate when they see the server restarted',
  'partial-close': 'a close after several writes stores only the first write (a partial store)',
  'lease-ignores-drift': 'the server holds a lease for T of its own clock, ignoring the drift bound, and commits a waiting store when it thinks the lease expired',
  'reintegrate-no-conflict-check': 'the server replays a reintegration without checking each record\'s base version, overwriting stores made while the client was disconnected',
};
