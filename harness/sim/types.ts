/**
 * The contract of the deterministic discrete-event world (harness/sim): what
 * the nemesis, the workload driver and the runner may ask of it. Virtual time
 * is in microseconds. Everything random inside a run is drawn from the
 * world's seeded PRNG through named forked streams, so adding a fault does not
 * reshuffle message latencies.
 */
import type { TraceEvent } from '../../traces/schema/trace-v1.js';
import type { ActorFactory, ClientFactory, ClientRequest, ClientOutcome, NodeId, Actor, ClientActor } from '../../impl/actor.js';
import type { StepObservation } from './observations.js';

export type { StepObservation } from './observations.js';

/** Network behaviour; probabilities are per message. */
export interface NetworkOptions {
  /** Minimum one-way latency, µs. */
  readonly minLatencyUs: number;
  /** Mean extra latency above the minimum (exponential tail), µs; also what makes reordering. */
  readonly meanExtraLatencyUs: number;
  /** Base probability that a message is lost. */
  readonly loss: number;
  /** Base probability that a message is delivered twice. */
  readonly duplicate: number;
}

/** Clock behaviour of every node. */
export interface ClockOptions {
  /** Bound on the monotonic clock's rate error, e.g. 0.02 = ±2 %; the nemesis may drive drift up to it. */
  readonly maxDrift: number;
}

/** Everything that determines a world, besides the factories. */
export interface WorldOptions {
  /** Seed of the world's PRNG (drawn by fast-check as part of the run's inputs). */
  readonly seed: number;
  readonly servers: readonly NodeId[];
  readonly clients: readonly NodeId[];
  readonly network: NetworkOptions;
  readonly clock: ClockOptions;
  /** Record world events (send/deliver/...) into the trace; op events are always recorded. */
  readonly record: boolean;
}

/** A partition: the directed links that drop every message. */
export interface Partition {
  readonly shape: string;
  readonly blocked: readonly (readonly [NodeId, NodeId])[];
  readonly groups?: readonly (readonly NodeId[])[];
}

/** A read-only view of the world for properties, abstraction functions and role resolution. */
export interface WorldView {
  /** Current virtual time, µs. */
  readonly time: number;
  /** Simulation steps taken so far. */
  readonly steps: number;
  readonly servers: readonly NodeId[];
  readonly clients: readonly NodeId[];
  /** The live actor of a server, `undefined` while crashed. */
  server(id: NodeId): Actor | undefined;
  /** The live actor of a client. */
  client(id: NodeId): ClientActor | undefined;
  /** Whether a node is up. */
  isUp(id: NodeId): boolean;
  /** No link is blocked and loss/duplication are at their base rates (no partition, no burst). */
  readonly networkWhole: boolean;
  /** Counts of observations made by actors (`ctx.observe`) and of faults applied by the world. */
  readonly observations: ReadonlyMap<string, number>;
  /**
   * The observations with a detail that actors made during the step that just ran, in the order made
   * (read them in step hooks: the list is emptied when the next step starts).
   */
  readonly stepObservations: readonly StepObservation[];
}

/** Why `World.run` returned: queue empty, time limit, step limit, or `halt()` was called. */
export type RunResult = 'idle' | 'time' | 'steps' | 'halted';

/** Called by the world after each step that ran a handler on `node`. */
export type StepHook = (view: WorldView, node: NodeId) => void;

/** The world as the harness drives it. */
export interface World extends WorldView {
  /** Install the factories and start every node (calls onStart). */
  start(server: ActorFactory, client: ClientFactory): void;
  /** Run `fn` at virtual time `at` (harness events: faults, client invocations). */
  at(at: number, fn: () => void): void;
  /** How many times node `id` has crashed so far (a crash of a node already down does not count). */
  crashes(id: NodeId): number;
  /** Hand a logical request to client `c` now; `done` is called when the client completes it. */
  request(c: NodeId, req: ClientRequest, done: (outcome: ClientOutcome) => void): void;
  /**
   * Process events until the queue is empty, the next event lies after `until` (time then advances
   * to `until`), `maxSteps` more steps ran during this call, or `halt()` was called. Returns why it stopped.
   */
  run(limits: { readonly until: number; readonly maxSteps: number }): RunResult;
  /** Stop at the end of the current step (e.g. an invariant failed); sticky: later `run` calls return 'halted' at once. */
  halt(): void;
  /**
   * Crash `node`: its actor and timers are discarded, messages to it are dropped while down, open client
   * requests on it are forgotten (they end as `info`). No effect on a down node, except `diskLoss` empties its disk.
   */
  crash(node: NodeId, opts: { readonly diskLoss: boolean }): void;
  /** Restart a down node: a new actor from the factory, onStart with its durable storage. No effect when up. */
  restart(node: NodeId): void;
  /** Replace the connectivity matrix by exactly the directed links of `p` (not cumulative). */
  partition(p: Partition): void;
  /** Unblock every link. */
  heal(): void;
  /** Set a node's monotonic clock rate error (clamped to ±maxDrift). */
  setDrift(node: NodeId, drift: number): void;
  /** Jump a node's wall clock by `deltaUs`. */
  jumpWallClock(node: NodeId, deltaUs: number): void;
  /** Override loss/duplication probabilities (a burst); `undefined` restores the base values. */
  setNetFaults(f: { readonly loss: number; readonly duplicate: number } | undefined): void;
  /** Register a hook run after every handler step (incremental `always` checks). */
  onStep(hook: StepHook): void;
  /** Register a hook run after every fault the world applies (crash, restart, partition, heal, clock, net), before any step at that time. */
  onFault(hook: (view: WorldView) => void): void;
  /** Append a world event to the trace (e.g. a nemesis annotation or a property verdict). */
  note(event: TraceEvent): void;
  /** The trace so far (op events always; world events when `record`). */
  readonly trace: readonly TraceEvent[];
  /** A named stream of the world's PRNG (for harness-side choices that must not disturb others); each call starts the stream afresh. */
  fork(name: string): { nextInt(lo: number, hi: number): number; next(): number };
}

/** Counters of the world's work, for benchmarks and reports. */
export interface SimStats {
  /** Messages handed to the network, duplicate copies included. */
  readonly sent: number;
  /** Messages handed to a handler. */
  readonly delivered: number;
  /** Messages lost, blocked by a partition or addressed to a down node. */
  readonly dropped: number;
}

/** The simulator's World, with counters and its halt flag. */
export interface SimWorld extends World {
  /** Work done so far. */
  readonly stats: SimStats;
  /** Whether `halt()` was called. */
  readonly halted: boolean;
}
