/**
 * The AFS file service (impl/afs): one file server, 4 clients caching whole
 * files, under partitions that cut clients from the server, server crashes
 * and restarts, clock drift and jumps, loss and duplication. Three coherence
 * variants, one descriptor each:
 * - `afs-callbacks`: break-and-proceed callbacks with promise term T;
 *   Δ = T·(1+ρ)/(1−ρ) + D, D a stated maximal message delay (the protocol
 *   itself needs no delay bound: a promise's term starts when the client sent
 *   its request, so T/(1−ρ) already bounds how long a copy is trusted);
 * - `afs-leases`: a store waits for every other holder's release or expiry, Δ = 0;
 * - `afs-polling`: validate on every open, Δ = 0; `afs-polling-p`: at most
 *   every P of the client's clock, Δ = P/(1−ρ) (P of a drifting clock).
 * Each claims the Δ-bounded session semantics of spec/afs, checked on the
 * run's history with the server's commit times (the publication log).
 */
import { fileServiceModel } from '../../spec/afs/file-service.js';
import { checkSessionSemantics, type FileOp } from '../../spec/afs/session-check.js';
import type { Model } from '../../spec/model.js';
import { FileServer } from '../../impl/afs/server.js';
import { CacheManager } from '../../impl/afs/client.js';
import { AFS_MUTANTS, type AfsMutant, type AfsOptions, type AfsVariant } from '../../impl/afs/options.js';
import { promiseKnown, publicationsOf, recordPublications, serverOf, servedWithinBound } from '../../impl/afs/coherence.js';
import type { FaultKind } from '../nemesis/fault-kinds.js';
import { describeFileWorkload, fileWorkload, type FileWorkloadOptions } from '../workload/file-workload.js';
import type { CustomHistoryCheck, MutantInfo, Property, SubsystemDescriptor } from './descriptor.js';

/** The stated drift bound ρ. */
export const AFS_DRIFT = 0.02;
/** The promise term T, µs. */
export const AFS_TERM_US = 600_000;
/** The stated maximal message delay D in Δ for callbacks, µs. */
export const AFS_MAX_DELAY_US = 30_000;
export const AFS_NETWORK = { minLatencyUs: 500, meanExtraLatencyUs: 1_500, loss: 0.01, duplicate: 0.01 };

/** The workload of the AFS descriptors (the bench varies `writePercent`). */
export const AFS_WORKLOAD: FileWorkloadOptions = { clients: 4, files: ['a', 'b', 'c'], minSessions: 5, maxSessions: 12, writePercent: 30, maxThinkUs: 400_000, maxGapUs: 2_000 };

export const AFS_FAULTS: readonly FaultKind[] = ['partition-halves', 'isolate-one', 'isolate-role', 'crash-restart', 'crash-client', 'clock-drift', 'clock-jump', 'loss-burst', 'dup-burst'];

/** The implementation's options for a variant. */
export function afsOptions(variant: AfsVariant, mutant: string | undefined, pollUs = 0): AfsOptions {
  return {
    variant, termUs: AFS_TERM_US, maxDrift: AFS_DRIFT, pollUs, retryUs: 20_000, giveUpUs: 1_500_000, breakRetryUs: 20_000,
    mutant: mutant as AfsMutant | undefined,
  };
}

/** The freshness bound Δ of a variant, µs. */
export function afsDelta(variant: AfsVariant, pollUs = 0): number {
  if (variant === 'callbacks') return Math.ceil((AFS_TERM_US * (1 + AFS_DRIFT)) / (1 - AFS_DRIFT)) + AFS_MAX_DELAY_US;
  if (variant === 'polling') return Math.ceil(pollUs / (1 - AFS_DRIFT));
  return 0;
}

/** The Δ-bounded session-semantics history check. */
export function sessionClaim(deltaUs: number): CustomHistoryCheck {
  return {
    name: 'session-semantics',
    description: `AFS session semantics: an open returns a version that was the latest committed at some instant in [invocation − Δ, completion] (Δ = ${deltaUs / 1000} ms), reads see it or the session's own writes, a close publishes exactly the session's content at the server's commit`,
    check(h) {
      const ops: FileOp[] = h.records.map((r) => ({
        id: r.requestId, session: r.client, process: r.process, f: r.f, key: r.key, input: r.input, output: r.output, status: r.status,
        invokeTime: r.invokeTime, ...(r.completeTime === undefined ? {} : { completeTime: r.completeTime }),
      }));
      return checkSessionSemantics(ops, publicationsOf(h.view), deltaUs);
    },
  };
}

export function mutant(name: AfsMutant, reach: string, caughtBy: readonly string[]): MutantInfo {
  return { name, description: AFS_MUTANTS[name], reach, caughtBy };
}

const CALLBACK_MUTANTS: readonly MutantInfo[] = [
  mutant('no-break', 'any store to a file another client holds a callback promise on (two clients caching one of three files is common): the holder still trusts its copy while the server dropped its callback and sends no break (promise-known at that step); the holder\'s staleness stays within Δ (its promise still runs out), so only the invariant sees it', ['promise-known']),
  mutant('keep-expired-promise', 'a partition (isolate-one, halves, or isolate-role on a holder) that outlasts a promise: the cut-off client keeps trusting its copy, and once the server\'s record of the promise runs out (or its break gives up) promise-known fails; a store meanwhile makes its later opens stale beyond Δ', ['promise-known', 'bounded-staleness', 'session-semantics']),
  mutant('restart-forgets-callbacks', 'a server crash and restart while clients hold promises (a crash shorter than T = 600 ms, or the restart at the final heal while clients still cache): the restarted server commits a store at once with no record of the promises, and the holders keep trusting their copies (promise-known)', ['promise-known']),
  mutant('partial-close', 'any session that writes two or more tokens: its store holds only the first; refinement sees a commit the close does not explain, and the history check a version that is not the session\'s content', ['refinement', 'session-semantics']),
];

const LEASE_MUTANTS: readonly MutantInfo[] = [
  mutant('lease-ignores-drift', 'a drift fault that slows a lease holder\'s clock (half the drift faults target a holder at −ρ): its lease outlives the server\'s T-long record of it, so while it still trusts its copy the server has no record (promise-known), and a store that waited for the lease may commit while it still trusts it. The nodes\' initial clock rates already differ within ±ρ, so no fault is needed', ['promise-known']),
];

export function properties(variant: AfsVariant, deltaUs: number): Property[] {
  const always: Property[] = [
    { kind: 'always', name: 'commit-log', description: 'the server commits each file\'s versions 1, 2, … (and the run records each commit with its virtual time)', check: (view) => recordPublications(view) },
    { kind: 'always', name: 'bounded-staleness', description: `a client never serves a copy older than the bound allows: version v+1 was not committed Δ (${deltaUs / 1000} ms) or more before the open`, check: (view) => servedWithinBound(view, deltaUs, AFS_DRIFT) },
  ];
  if (variant !== 'polling') {
    always.push({
      kind: 'always', name: 'promise-known',
      description: 'if a client believes its cached copy valid, the server believes so too, or a break for it is on its way (retried until acknowledged or the promise expires), or the restarted server is in its grace period',
      check: (view) => promiseKnown(view),
    });
  }
  const sometimes: Property[] = [
    { kind: 'sometimes', name: 'partitioned', description: 'the network was partitioned', observation: 'partition' },
    { kind: 'sometimes', name: 'server-crashed', description: 'the server crashed', observation: 'crash' },
    { kind: 'sometimes', name: 'gave-up', description: 'a client gave a request up (indeterminate)', observation: 'gave-up' },
  ];
  if (variant === 'callbacks') {
    sometimes.push(
      { kind: 'sometimes', name: 'open-from-cache', description: 'an open was served from the cache under a promise', observation: 'open-cached' },
      { kind: 'sometimes', name: 'break-lost', description: 'a break went unacknowledged until the promise expired (lost in a partition)', observation: 'break-expired' },
      { kind: 'sometimes', name: 'promise-expired', description: "a client's promise ran out", observation: 'promise-expired' },
      { kind: 'sometimes', name: 'restart-with-promises', description: 'the server restarted while a client held promises (the client revalidated)', observation: 'restart-with-promises' },
    );
  }
  if (variant === 'leases') sometimes.push({ kind: 'sometimes', name: 'store-waited', description: 'a store waited for lease holders', observation: 'store-waits-for-leases' });
  return [...always, ...sometimes];
}

/** A descriptor of one variant. */
function afsDescriptor(name: string, variant: AfsVariant, pollUs: number, mutants: readonly MutantInfo[], description: string): SubsystemDescriptor {
  const delta = afsDelta(variant, pollUs);
  return {
    name, description,
    model: fileServiceModel as Model,
    cluster: { servers: 1, clients: AFS_WORKLOAD.clients },
    network: AFS_NETWORK,
    clock: { maxDrift: AFS_DRIFT },
    server: (_id, opts) => new FileServer(afsOptions(variant, opts.mutant, pollUs)),
    client: (_id, opts) => new CacheManager(opts.servers[0] ?? 'n1', afsOptions(variant, opts.mutant, pollUs)),
    mutants,
    claims: sessionClaim(delta),
    workload: () => fileWorkload(AFS_WORKLOAD),
    workloadDescription: describeFileWorkload(AFS_WORKLOAD),
    faults: AFS_FAULTS,
    properties: properties(variant, delta),
    abstraction: (view) => serverOf(view)?.files,
    role: (view, role) => {
      if (role === 'server') return view.isUp(view.servers[0] ?? 'n1') ? view.servers[0] : undefined;
      // A client that trusts a cached copy right now.
      return view.clients.find((c) => {
        const cm = view.client(c);
        return cm instanceof CacheManager && [...cm.promises.keys()].some((k) => cm.trusts(k) !== undefined);
      });
    },
    roles: ['server', 'holder'],
    nemesis: { windowUs: 2_000_000, maxFaults: 6, ...(variant === 'leases' ? { slowRole: 'holder' } : {}) },
    bounds: { timeUs: 12_000_000, maxSteps: 300_000, checkSteps: 1_000_000, liveBoundUs: 4_000_000 },
  };
}

export const afsCallbacks = afsDescriptor('afs-callbacks', 'callbacks', 0, CALLBACK_MUTANTS,
  `AFS whole-file caching with callbacks (break-and-proceed, promise term ${AFS_TERM_US / 1000} ms, restart grace period), session semantics within Δ = ${afsDelta('callbacks') / 1000} ms`);
export const afsLeases = afsDescriptor('afs-leases', 'leases', 0, LEASE_MUTANTS,
  `AFS whole-file caching with leases (Gray & Cheriton: a store waits for holders' release or expiry by the drift bound, term ${AFS_TERM_US / 1000} ms), session semantics with Δ = 0`);
export const afsPolling = afsDescriptor('afs-polling', 'polling', 0, [],
  'AFS whole-file caching validated with the server on every open, session semantics with Δ = 0');
export const AFS_POLL_US = 200_000;
export const afsPollingPeriod = afsDescriptor('afs-polling-p', 'polling', AFS_POLL_US, [],
  `AFS whole-file caching validated at most every P = ${AFS_POLL_US / 1000} ms of the client's clock, session semantics within Δ = ${afsDelta('polling', AFS_POLL_US) / 1000} ms`);
