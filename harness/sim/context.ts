/**
 * The context object an actor's handlers receive. It holds no state of its
 * own beyond its node and incarnation: every effect goes straight to the
 * world (the host), in the order the handler emits it. A context belongs to
 * one incarnation of a node; using it after that node crashed is an error.
 */
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import type { ClientContext, ClientOutcome, Durable, NodeId } from '../../impl/actor.js';

/** What a context needs from the world that owns it. */
export interface ContextHost {
  /** Current incarnation of each node (bumped by crash and restart). */
  readonly incarnations: Int32Array;
  sendFrom(node: number, to: NodeId, msg: JsonValue): void;
  setTimerOn(node: number, name: string, afterUs: number): void;
  cancelTimerOn(node: number, name: string): void;
  localNow(node: number): number;
  wallNow(node: number): number;
  randomFor(node: number): number;
  /** Counts observation `name` of node `node`; keeps it with its detail for the current step when there is one. */
  observeOn(node: number, name: string, detail: JsonValue | undefined): void;
  completeOn(node: number, id: string, outcome: ClientOutcome): void;
}

/** The context of one incarnation of one node (servers use it as an ActorContext). */
export class NodeContext implements ClientContext {
  /** Builds the context of node index `node`, incarnation `incarnation`. */
  constructor(
    private readonly host: ContextHost,
    private readonly node: number,
    private readonly incarnation: number,
    readonly self: NodeId,
    readonly servers: readonly NodeId[],
    readonly storage: Durable,
  ) {}

  /** The local monotonic clock, µs. */
  now(): number {
    return this.host.localNow(this.node);
  }

  /** The local wall clock, µs. */
  wallClock(): number {
    return this.host.wallNow(this.node);
  }

  /** Sends `msg` to `to`; the message must not be mutated afterwards. */
  send(to: NodeId, msg: JsonValue): void {
    if (this.host.incarnations[this.node] !== this.incarnation) this.stale('send');
    this.host.sendFrom(this.node, to, msg);
  }

  /** (Re)arms timer `name` after `afterUs` of local monotonic time. */
  setTimer(name: string, afterUs: number): void {
    if (this.host.incarnations[this.node] !== this.incarnation) this.stale('setTimer');
    this.host.setTimerOn(this.node, name, afterUs);
  }

  /** Disarms timer `name`. */
  cancelTimer(name: string): void {
    if (this.host.incarnations[this.node] !== this.incarnation) this.stale('cancelTimer');
    this.host.cancelTimerOn(this.node, name);
  }

  /** A uniform float in [0, 1) from stream `node:<self>`. */
  random(): number {
    return this.host.randomFor(this.node);
  }

  /** Counts an observation (coverage); one with a `detail` is also readable by the checks of this step. */
  observe(name: string, detail?: JsonValue): void {
    this.host.observeOn(this.node, name, detail);
  }

  /** Completes logical request `id` (clients only; exactly once per request). */
  complete(id: string, outcome: ClientOutcome): void {
    if (this.host.incarnations[this.node] !== this.incarnation) this.stale('complete');
    this.host.completeOn(this.node, id, outcome);
  }

  private stale(what: string): never {
    throw new Error(`${this.self}: ${what} on a stale context (the node crashed after this context was created)`);
  }
}
