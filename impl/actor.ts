/**
 * The actor contract every implementation is written against (after
 * Stateright's `Actor` and `Out`). A node is an object whose handlers react to
 * start, messages and timers by emitting effects through a context: send a
 * message, set or cancel a timer, write durable storage, note an observation.
 * Handlers do no I/O and read no global time or randomness: the context
 * supplies the node's own clocks and a seeded random stream. The simulator
 * (harness/sim) runs actors; it is the only thing that interprets effects.
 *
 * Crash semantics: on a crash the actor object is thrown away (volatile state
 * lost) and on restart a new one is built by the same factory and given the
 * same `Durable` storage (unless the disk was lost too, then an empty one).
 */
import type { JsonValue } from '../traces/schema/trace-v1.js';

/** A node's name: servers `n1..nN`, clients `c1..cK`. */
export type NodeId = string;

/** Storage that survives a crash. A `put` is durable when it returns (synchronous fsync semantics). */
export interface Durable {
  get(key: string): JsonValue | undefined;
  put(key: string, value: JsonValue): void;
  delete(key: string): void;
  keys(): readonly string[];
}

/** What a handler may do and read. */
export interface ActorContext {
  /** This node's id. */
  readonly self: NodeId;
  /** All server nodes of the cluster, in a fixed order (including `self` when it is a server). */
  readonly servers: readonly NodeId[];
  /** Durable storage of this node. */
  readonly storage: Durable;
  /** The local monotonic clock in microseconds; its rate drifts within the world's stated bound. */
  now(): number;
  /** The local wall clock in microseconds; it may jump forwards or backwards. */
  wallClock(): number;
  /** Send a JSON message; the network may delay, drop, duplicate or reorder it. */
  send(to: NodeId, msg: JsonValue): void;
  /** (Re)arm the timer `name` to fire after `afterUs` of this node's monotonic clock. */
  setTimer(name: string, afterUs: number): void;
  /** Disarm the timer `name` (no effect when not armed). */
  cancelTimer(name: string): void;
  /** A uniform float in [0, 1) from this node's seeded stream. */
  random(): number;
  /** Record an observation for coverage (`sometimes` properties), e.g. "failover". */
  observe(name: string, detail?: JsonValue): void;
}

/**
 * An observation an actor made with a detail (`ctx.observe(name, detail)`), as the checks of the
 * step that made it read it: which node, what, and the detail.
 */
export interface StepObservation {
  readonly node: NodeId;
  readonly name: string;
  readonly detail: JsonValue;
}

/** A server node. */
export interface Actor {
  /** Called when the node starts, and again after every restart. */
  onStart(ctx: ActorContext): void;
  /** Called when a message from `from` is delivered. */
  onMessage(ctx: ActorContext, from: NodeId, msg: JsonValue): void;
  /** Called when the timer `name` fires. */
  onTimer(ctx: ActorContext, name: string): void;
}

/** A logical client request: one operation in the history. */
export interface ClientRequest {
  /** Unique per logical request; retries reuse it (so servers can deduplicate). */
  readonly id: string;
  readonly f: string;
  readonly key: string | undefined;
  readonly value: JsonValue;
}

/** How a logical request ended: `ok` with its result, `fail` (surely no effect), `info` (gave up: unknown). */
export type ClientOutcome =
  | { readonly type: 'ok'; readonly value: JsonValue }
  | { readonly type: 'fail'; readonly value?: JsonValue }
  | { readonly type: 'info' };

/** The context of a client node: a server context plus completing requests. */
export interface ClientContext extends ActorContext {
  /** Complete the current logical request `id` (exactly once per request). */
  complete(id: string, outcome: ClientOutcome): void;
}

/**
 * A client node: the implementation's client library. It receives one logical
 * request at a time, retries internally under the same request id, and calls
 * `ctx.complete` once: `ok` when an attempt succeeds, `info` only when it
 * gives up (the harness then continues that client as a new process).
 */
export interface ClientActor {
  onStart(ctx: ClientContext): void;
  onRequest(ctx: ClientContext, req: ClientRequest): void;
  onMessage(ctx: ClientContext, from: NodeId, msg: JsonValue): void;
  onTimer(ctx: ClientContext, name: string): void;
}

/** Builds a fresh server actor (at start and after every restart). */
export type ActorFactory = (id: NodeId) => Actor;
/** Builds a fresh client actor. */
export type ClientFactory = (id: NodeId) => ClientActor;
