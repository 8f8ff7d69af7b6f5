/**
 * A subsystem descriptor: everything the runner needs to exercise one
 * subsystem — its sequential spec, its implementation's actor factories, its
 * mutant switches, workload, properties, fault kinds and bounds. The runner,
 * reports and CLI never branch on a subsystem's name; they read descriptors.
 */
import type * as fc from 'fast-check';
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import type { Model } from '../../spec/model.js';
import type { Actor, ClientActor, NodeId } from '../../impl/actor.js';
import type { WorldView, NetworkOptions, ClockOptions } from '../sim/types.js';
import type { ConsistencyModel } from '../../spec/consistency/index.js';
import type { OpRecord } from '../workload/driver.js';

/** A seeded bug the harness must catch. */
export interface MutantInfo {
  readonly name: string;
  readonly description: string;
  /**
   * How the default workload and faults reach the bug and what the checks see (for the README and
   * `quorate list`). Measured figures (first failing seed, rate) are not typed here: `quorate list`
   * reads them from harness/subsystems/mutant-figures.ts, which `npm run measure-mutants` writes.
   */
  readonly reach: string;
  /**
   * The properties that may catch it, by the names failures report ('refinement', 'linearizability',
   * 'eventually', 'available-within-f', an `always` property's name, ...). The mutant tests pass when
   * the first failing seed fails one of them (every failing property of the seed recorded).
   */
  readonly caughtBy: readonly string[];
}

/** One step of a client's workload: a logical request and the pause before it. */
export interface WorkloadOp {
  readonly f: string;
  readonly key: string | undefined;
  readonly value: JsonValue;
  /** Virtual time the client waits before invoking it, µs. */
  readonly thinkUs: number;
}

/** A named invariant checked incrementally after every step that changed a node. Returns a failure detail or undefined. */
export interface AlwaysProperty {
  readonly kind: 'always';
  readonly name: string;
  readonly description: string;
  check(view: WorldView, node: NodeId): string | undefined;
}

/** A coverage property: how often an observation (actor `ctx.observe` or a world fault) happened in a run. */
export interface SometimesProperty {
  readonly kind: 'sometimes';
  readonly name: string;
  readonly description: string;
  /** The observation name counted. */
  readonly observation: string;
}

/** Any property. (`eventually` is the runner's generic liveness check, bounded by `bounds.liveBoundUs`.) */
export type Property = AlwaysProperty | SometimesProperty;

/**
 * Availability within the fault budget (opt-in): the runner tracks, step by
 * step, how many servers are *out* (down, or up but not counted toward any
 * quorum, such as a learner) and whether the network is whole (no partition,
 * no loss or duplication burst), and judges the writes of the history by the
 * interval they were invoked in (harness/run/availability.ts):
 * - `available-within-f`: while at most `faultsTolerated` servers are out and
 *   the network is whole, a write invoked completes `ok` within `boundUs`
 *   (judged when the interval lasts that long);
 * - `no-commit-without-majority`: while more than `faultsTolerated` servers are
 *   out, no write invoked in that time completes `ok` before a server is back
 *   — nothing can commit without a majority, so such an ack is a lie.
 */
export interface AvailabilityOptions {
  /** f: the servers that may be out while writes keep committing. */
  readonly faultsTolerated: number;
  /** How long a write may take while at most f servers are out and the network is whole, µs. */
  readonly boundUs: number;
  /** The operation names (`f`) that are writes. */
  readonly writes: readonly string[];
  /** Whether a live server counts toward no quorum right now (e.g. a learner); down servers are always out. */
  outOfQuorum?(view: WorldView, server: NodeId): boolean;
}

/** Limits that make a seed's outcome machine-independent. */
export interface Bounds {
  /** Virtual time at which the simulation stops, µs. */
  readonly timeUs: number;
  /** Simulation steps at which it stops. */
  readonly maxSteps: number;
  /** Search steps allowed to the linearizability check. */
  readonly checkSteps: number;
  /** After the last fault heals, every operation must complete within this virtual time, µs. */
  readonly liveBoundUs: number;
}

/** Options the runner passes when building a cluster. */
export interface BuildOptions {
  readonly mutant: string | undefined;
  readonly servers: readonly NodeId[];
  /**
   * Scratch space shared by every node the runner builds for one simulation
   * (fresh per run, survives crashes). Only for components deliberately kept
   * outside the failure model, such as the ideal system's atomic object.
   */
  readonly shared?: Map<string, unknown>;
}

/** How the nemesis schedules faults for a subsystem (all optional; see harness/nemesis/schedule-arbitrary.ts for defaults). */
export interface NemesisOptions {
  /** Faults happen in [0, windowUs); the final heal is at windowUs. Default 40 % of `bounds.timeUs`. */
  readonly windowUs?: number;
  /** At most this many fault events per schedule (default 6). */
  readonly maxFaults?: number;
  /**
   * 'kill-disk-loss' wipes at most this many distinct servers per schedule; later ones are skipped
   * (default: no limit). Protocols that assume stable storage on a majority set ⌊(n−1)/2⌋.
   */
  readonly maxDiskLoss?: number;
  /** Relative frequency of each fault kind in generated schedules (default 1 each; 0 = never drawn). */
  readonly weights?: Readonly<Record<string, number>>;
  /** Draw 'clock-drift' rates only at ±clock.maxDrift (the extremes), not uniformly in between. */
  readonly extremeDrift?: boolean;
  /** Half the 'clock-drift' faults set the clock of the node holding this role (resolved when it fires) to −clock.maxDrift. */
  readonly slowRole?: string;
  /** Faults start at this virtual time (e.g. after the first election), drawn uniformly up to the window's end. */
  readonly startUs?: number;
  /**
   * Some 'isolate-role' faults cut the role holder off from the other *servers* only: clients
   * still reach it (half of them; with `roleChurn`, a third, a sixth cutting it off from every
   * node). A cut-off leader keeps answering what it may answer alone (lease reads) and keeps
   * appending client writes it cannot commit, which a full isolation never shows.
   */
  readonly isolateRoleFromServers?: boolean;
  /**
   * Such a cut (from the servers only) holds the network this long: partitions and heals that fall
   * in it are skipped (as a Jepsen nemesis finishes one fault before the next), so the cluster has
   * time to elect a leader without the cut-off one. Default: no hold.
   */
  readonly isolateRoleHoldUs?: number;
  /**
   * The worst clock skew the stated bound allows, which a lease must survive: with `slowRole`, a
   * drift fault that slows the role holder to −maxDrift also speeds every other server up to
   * +maxDrift; and an 'isolate-role' fault that cuts the holder off from the servers only
   * (`isolateRoleFromServers`) skews the clocks the same way as it fires.
   */
  readonly skewOthers?: boolean;
  /**
   * Half the 'isolate-role' faults become a *churn* of the role (role-churn.ts): the holder is cut
   * off from the servers; each time another server takes the role it is cut off in turn, 1–10 ms
   * after it took it (3–5 cuts), and the one cut off before becomes the only bridge between the two
   * halves of the remaining servers. A churn starts in the first half of the fault window and holds
   * the network until its last cut: partitions and heals meanwhile are skipped; the final heal ends it.
   */
  readonly roleChurn?: boolean;
}

/**
 * Final reads (opt-in; what `eventual` judges): once the workload has ended and the final heal has
 * passed, the runner waits `quietUs`, then issues one `final-read` of every key on every server
 * (input: the server's id; the client reads that replica alone, without any quorum or session rule).
 */
export interface FinalReadOptions {
  /** The quiet period after the last operation and the final heal, µs (anti-entropy's time to converge). */
  readonly quietUs: number;
  /** The keys read on every server. */
  readonly keys: readonly string[];
}

/** What a run's finished history gives a subsystem's own history check. */
export interface RunHistory {
  /**
   * Every logical request in invocation order, with its process, its client (the session: a
   * simulated client keeps one session across the new processes an `info` gives it), invoke and
   * completion virtual times and positions, status and output.
   */
  readonly records: readonly OpRecord[];
  /** Virtual time of the schedule's final heal, µs. */
  readonly healAt: number;
  /** Virtual time the run ended, µs. */
  readonly endTime: number;
  /** The world as it ended (nodes' final states, observations). */
  readonly view: WorldView;
  /** The scratch space the runner gave every node of this run (`BuildOptions.shared`), e.g. a ghost's record. */
  readonly shared: ReadonlyMap<string, unknown>;
}

/** The outcome of a history check; a check that could not decide is `unknown` with its reason, never a pass. */
export type HistoryCheckOutcome =
  | { readonly verdict: 'pass' }
  | { readonly verdict: 'unknown'; readonly reason: string }
  /** `horizon`: the virtual time by which the run had shown the violation (the witness's last event), µs; shrinking cuts there. */
  | { readonly verdict: 'fail'; readonly detail: string; readonly horizon?: number };

/** A subsystem's own check of its finished history (e.g. session semantics with a freshness bound). */
export interface CustomHistoryCheck {
  /** The property name failures report (and mutants' `caughtBy` name). */
  readonly name: string;
  readonly description: string;
  /** `maxSteps`: the search budget the run allows (`bounds.checkSteps`, smaller while shrinking). */
  check(history: RunHistory, budget: { readonly maxSteps: number }): HistoryCheckOutcome;
}

/**
 * The history check a subsystem must pass: a consistency model by name (checked against the
 * descriptor's `model` by harness/check; a failure reports the property `linearizability` for
 * `linearizable`, the model's name otherwise), or the subsystem's own check.
 */
export type HistoryClaim = ConsistencyModel | CustomHistoryCheck;

/** A descriptor's claims as a list (absent: linearizability alone, as `undefined`). */
export function claimsOf(claims: HistoryClaim | readonly HistoryClaim[] | undefined): readonly (HistoryClaim | undefined)[] {
  return claims === undefined ? [undefined] : Array.isArray(claims) ? (claims as readonly HistoryClaim[]) : [claims as HistoryClaim];
}

/** A subsystem as the lab sees it. */
export interface SubsystemDescriptor {
  readonly name: string;
  readonly description: string;
  /** The sequential spec of the client-visible object, and its name for reports. */
  readonly model: Model;
  readonly cluster: { readonly servers: number; readonly clients: number };
  readonly network: NetworkOptions;
  readonly clock: ClockOptions;
  server(id: NodeId, opts: BuildOptions): Actor;
  client(id: NodeId, opts: BuildOptions): ClientActor;
  readonly mutants: readonly MutantInfo[];
  /**
   * The history check every run must pass (default `'linearizable'`), or several, each checked and
   * reported on its own (e.g. `['cm', 'eventual']`: causal memory and convergence). Claim only what
   * the implementation can honestly promise under the faults it is given, and say why in `description`.
   */
  readonly claims?: HistoryClaim | readonly HistoryClaim[];
  /** Final reads after a quiet period, for `eventual` (absent: none, and `eventual` is unknown). */
  readonly finalReads?: FinalReadOptions;
  /** Per-client operation lists. */
  workload(): fc.Arbitrary<readonly (readonly WorkloadOp[])[]>;
  /** Nemesis fault kinds that apply (names from harness/nemesis). */
  readonly faults: readonly string[];
  readonly properties: readonly Property[];
  /**
   * Abstraction function: the implementation's global state as a state of
   * `model` (refinement check). `undefined` means "not observable right now"
   * (e.g. the node holding it is down): that step is skipped, not compared.
   */
  abstraction?(view: WorldView): unknown;
  /** Tuning of the refinement check: the longest chain of operations one server step may apply (default: the number of clients). */
  readonly refinement?: { readonly maxChain: number };
  /** Resolve a role such as "primary" or "leader" to a node, for role-targeted faults. */
  role?(view: WorldView, role: string): NodeId | undefined;
  /** The roles `role` understands, targeted by 'isolate-role' (default ["primary"]). */
  readonly roles?: readonly string[];
  /** Tuning of fault schedules. */
  readonly nemesis?: NemesisOptions;
  /** Availability within (and safety beyond) the fault budget; absent = not judged. */
  readonly availability?: AvailabilityOptions;
  /** One line on the workload, for `quorate list`. */
  readonly workloadDescription?: string;
  readonly bounds: Bounds;
}
