/**
 * The per-node state the world keeps, indexed by node position (servers
 * first, then clients): liveness, incarnation, the live actor and its
 * context, the disk (which outlives the actor), clocks, timers, and the
 * node's random stream `node:<id>`. Initial clock drifts are drawn from the
 * `clock` stream, uniform in ±maxDrift.
 */
import type { Actor, ClientActor, NodeId } from '../../impl/actor.js';
import type { WorldOptions } from './types.js';
import { NodeClock, clampDrift } from './clock.js';
import { TimerTable } from './timers.js';
import { MemoryDurable } from './durable.js';
import type { NodeContext } from './context.js';
import type { Rng } from './rng.js';

/** Parallel arrays of per-node state. */
export class NodeTable {
  readonly names: readonly NodeId[];
  readonly serverCount: number;
  readonly up: Uint8Array;
  readonly incarnations: Int32Array;
  readonly actors: (Actor | ClientActor | undefined)[];
  readonly ctxs: (NodeContext | undefined)[];
  readonly disks: MemoryDurable[];
  readonly clocks: NodeClock[];
  readonly timers: TimerTable[];
  readonly rngs: Rng[];
  private readonly index = new Map<NodeId, number>();

  /** Builds the table for the nodes of `opts` (all down until booted). */
  constructor(opts: WorldOptions, root: Rng) {
    this.names = [...opts.servers, ...opts.clients];
    this.serverCount = opts.servers.length;
    this.names.forEach((id, i) => {
      if (this.index.has(id)) throw new Error(`createWorld: node id "${id}" appears twice`);
      this.index.set(id, i);
    });
    const n = this.names.length;
    this.up = new Uint8Array(n);
    this.incarnations = new Int32Array(n);
    this.actors = new Array<Actor | ClientActor | undefined>(n).fill(undefined);
    this.ctxs = new Array<NodeContext | undefined>(n).fill(undefined);
    this.disks = this.names.map(() => new MemoryDurable());
    const clockRng = root.fork('clock');
    const d = Math.abs(opts.clock.maxDrift);
    this.clocks = this.names.map(() => new NodeClock(d === 0 ? 0 : clampDrift(-d + 2 * d * clockRng.next(), d)));
    this.timers = this.names.map((_, i) => new TimerTable(i));
    this.rngs = this.names.map((id) => root.fork(`node:${id}`));
  }

  /** The index of node `id`; throws for an unknown node. */
  idx(id: NodeId): number {
    const i = this.index.get(id);
    if (i === undefined) throw new Error(`unknown node "${id}"`);
    return i;
  }

  /** The index of node `id`, or undefined. */
  find(id: NodeId): number | undefined {
    return this.index.get(id);
  }

  /** Starts a new incarnation of node `i`; returns it. */
  bringUp(i: number): number {
    this.up[i] = 1;
    const inc = (this.incarnations[i] as number) + 1;
    this.incarnations[i] = inc;
    return inc;
  }

  /** Takes node `i` down: actor, context and timers are discarded. */
  takeDown(i: number): void {
    this.up[i] = 0;
    this.incarnations[i] = (this.incarnations[i] as number) + 1;
    this.actors[i] = undefined;
    this.ctxs[i] = undefined;
    (this.timers[i] as TimerTable).clear();
  }

  /** Replaces node `i`'s disk with an empty one. */
  loseDisk(i: number): void {
    this.disks[i] = new MemoryDurable();
  }
}
