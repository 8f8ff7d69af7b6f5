/**
 * The deterministic discrete-event world (DESIGN.md, "Core abstractions:
 * World"). One queue of events ordered by (virtual time, sequence number)
 * holds message deliveries, timer firings and harness callbacks; `run` pops
 * them in order and invokes actor handlers, whose effects (sends, timers,
 * storage writes) apply immediately, in the order emitted. All randomness is
 * drawn from named forks of the seeded PRNG: `network`, `clock` (each node's
 * initial drift, uniform in ±maxDrift), `node:<id>` (ctx.random()).
 *
 * A step is one handler invocation (onStart, onMessage, onTimer, onRequest);
 * step hooks run after it, then the request completions it made are handed to
 * their `done` callbacks — never re-entrantly inside the handler. Messages
 * travel by reference (see network.ts): actors must not mutate one after
 * sending it.
 */
import type { JsonValue, TraceEvent } from '../../traces/schema/trace-v1.js';
import type { Actor, ActorFactory, ClientActor, ClientFactory, ClientOutcome, ClientRequest, NodeId } from '../../impl/actor.js';
import type { Partition, RunResult, SimStats, SimWorld, StepHook, WorldOptions, WorldView } from './types.js';
import { EventQueue } from './event-queue.js';
import { Network } from './network.js';
import { clampDrift, type NodeClock } from './clock.js';
import type { TimerTable } from './timers.js';
import { NodeContext, type ContextHost } from './context.js';
import { NodeTable } from './nodes.js';
import { RequestBook, type Done } from './requests.js';
import { type Rng, createRng } from './rng.js';
import { CALLBACK, DELIVER, SimEvent } from './sim-event.js';
import { countObservation, type StepObservation } from './observations.js';

export type { SimStats, SimWorld } from './types.js';

class WorldImpl implements SimWorld, ContextHost {
  time = 0;
  steps = 0;
  halted = false;
  readonly servers: readonly NodeId[];
  readonly clients: readonly NodeId[];
  readonly trace: TraceEvent[] = [];
  readonly observations = new Map<string, number>();
  readonly stepObservations: StepObservation[] = [];
  readonly incarnations: Int32Array;
  private readonly nodes: NodeTable;
  private readonly requests: RequestBook;
  private readonly queue = new EventQueue<SimEvent>(4096);
  private readonly network: Network;
  private readonly root: Rng;
  private readonly hooks: StepHook[] = [];
  private readonly faultHooks: ((view: WorldView) => void)[] = [];
  private readonly record: boolean;
  private readonly maxDrift: number;
  private delivered = 0;
  private factories: { readonly server: ActorFactory; readonly client: ClientFactory } | undefined;

  constructor(opts: WorldOptions) {
    this.servers = Object.freeze([...opts.servers]);
    this.clients = Object.freeze([...opts.clients]);
    this.record = opts.record;
    this.maxDrift = opts.clock.maxDrift;
    this.root = createRng(opts.seed);
    this.nodes = new NodeTable(opts, this.root);
    this.incarnations = this.nodes.incarnations;
    this.requests = new RequestBook(this.nodes.names, this.nodes.serverCount);
    this.network = new Network(this.nodes.names, opts.network, this.root.fork('network'), this.queue, this.trace, this.record);
  }

  get stats(): SimStats {
    return { sent: this.network.sent, delivered: this.delivered, dropped: this.network.dropped };
  }

  server(id: NodeId): Actor | undefined {
    const i = this.nodes.idx(id);
    return i < this.nodes.serverCount ? (this.nodes.actors[i] as Actor | undefined) : undefined;
  }

  client(id: NodeId): ClientActor | undefined {
    const i = this.nodes.idx(id);
    return i >= this.nodes.serverCount ? (this.nodes.actors[i] as ClientActor | undefined) : undefined;
  }

  isUp(id: NodeId): boolean {
    return this.nodes.up[this.nodes.idx(id)] === 1;
  }

  crashes(id: NodeId): number {
    // Every boot and every crash of a live node starts a new incarnation, and a node boots first:
    // incarnations 1, 3, 5, … are up, 2, 4, … down after a crash.
    return Math.floor((this.incarnations[this.nodes.idx(id)] as number) / 2);
  }

  get networkWhole(): boolean {
    return this.network.whole;
  }

  start(server: ActorFactory, client: ClientFactory): void {
    if (this.factories !== undefined) throw new Error('World.start called twice');
    this.factories = { server, client };
    const names = this.nodes.names;
    if (this.record) {
      // The initial drifts come from the `clock` stream; writing them makes the trace self-explanatory.
      names.forEach((node, i) => {
        const drift = (this.nodes.clocks[i] as NodeClock).drift;
        if (drift !== 0) this.trace.push({ type: 'clock', time: this.time, node, drift });
      });
    }
    for (let i = 0; i < names.length; i++) this.boot(i);
  }

  at(at: number, fn: () => void): void {
    if (!(at >= this.time)) throw new RangeError(`World.at(${at}): time is before now (${this.time})`);
    this.queue.push(at, new SimEvent(CALLBACK, -1, -1, -1, 0, fn));
  }

  request(c: NodeId, req: ClientRequest, done: Done): void {
    const i = this.nodes.idx(c);
    const actor = this.nodes.actors[i] as ClientActor | undefined;
    if (i >= this.nodes.serverCount && actor === undefined) throw new Error(`World.request: client "${c}" is down`);
    this.requests.add(i, req.id, done);
    (actor as ClientActor).onRequest(this.nodes.ctxs[i] as NodeContext, req);
    this.afterStep(i);
  }

  run(limits: { readonly until: number; readonly maxSteps: number }): RunResult {
    if (this.factories === undefined) throw new Error('World.run called before World.start');
    const { until } = limits;
    const stepLimit = this.steps + limits.maxSteps;
    const { queue, network } = this;
    const { up, actors, ctxs, names, timers } = this.nodes;
    for (;;) {
      if (this.halted) return 'halted';
      if (this.steps >= stepLimit) return 'steps';
      const t = queue.peekTime();
      if (t === Infinity) return 'idle';
      if (t > until) {
        if (until > this.time) this.time = until;
        return 'time';
      }
      const ev = queue.pop() as SimEvent;
      this.time = t;
      const node = ev.node;
      if (ev.kind === DELIVER) {
        if (network.arrive(t, ev, up[node] === 1)) {
          this.delivered++;
          (actors[node] as Actor).onMessage(ctxs[node] as NodeContext, names[ev.from] as NodeId, ev.data as JsonValue);
          this.afterStep(node);
        }
      } else if (ev.kind === CALLBACK) {
        (ev.data as () => void)();
      } else {
        const name = ev.data as string;
        if (up[node] === 1 && (timers[node] as TimerTable).take(name, ev.gen)) {
          if (this.record) this.trace.push({ type: 'timer', time: t, node: names[node] as string, name });
          (actors[node] as Actor).onTimer(ctxs[node] as NodeContext, name);
          this.afterStep(node);
        }
      }
    }
  }

  halt(): void {
    this.halted = true;
  }

  onStep(hook: StepHook): void {
    this.hooks.push(hook);
  }

  onFault(hook: (view: WorldView) => void): void {
    this.faultHooks.push(hook);
  }

  private faulted(): void {
    for (const h of this.faultHooks) h(this);
  }

  note(event: TraceEvent): void {
    this.trace.push(event);
  }

  fork(name: string): Rng {
    return this.root.fork(name);
  }

  crash(node: NodeId, opts: { readonly diskLoss: boolean }): void {
    const i = this.nodes.idx(node);
    const wasUp = this.nodes.up[i] === 1;
    if (!wasUp && !opts.diskLoss) return;
    if (wasUp) {
      this.nodes.takeDown(i);
      // A crashed client cannot answer its open request: it ends indeterminate (Jepsen's `info`), so the
      // workload goes on; a server's requests are only ever open at clients.
      if (i >= this.nodes.serverCount) this.requests.abandon(i);
      else this.requests.forget(i);
    }
    if (opts.diskLoss) this.nodes.loseDisk(i);
    if (this.record) this.trace.push({ type: 'crash', time: this.time, node, diskLoss: opts.diskLoss });
    if (wasUp) countObservation(this.observations, 'crash');
    if (opts.diskLoss) countObservation(this.observations, 'disk-loss');
    this.faulted();
    if (this.requests.waiting) this.requests.flush();
  }

  restart(node: NodeId): void {
    const i = this.nodes.idx(node);
    if (this.nodes.up[i] === 1) return;
    if (this.record) this.trace.push({ type: 'restart', time: this.time, node });
    countObservation(this.observations, 'restart');
    this.boot(i);
    this.faulted();
  }

  partition(p: Partition): void {
    this.network.setPartition(p, (id) => this.nodes.idx(id));
    if (this.record) {
      const ev: TraceEvent = { type: 'partition', time: this.time, shape: p.shape, blocked: p.blocked.map(([a, b]) => [a, b]) };
      if (p.groups !== undefined) ev.groups = p.groups.map((g) => [...g]);
      this.trace.push(ev);
    }
    countObservation(this.observations, 'partition');
    this.faulted();
  }

  heal(): void {
    this.network.heal();
    if (this.record) this.trace.push({ type: 'heal', time: this.time });
    countObservation(this.observations, 'heal');
    this.faulted();
  }

  setDrift(node: NodeId, drift: number): void {
    const i = this.nodes.idx(node);
    const d = clampDrift(drift, this.maxDrift);
    const clock = this.nodes.clocks[i] as NodeClock;
    clock.setDrift(this.time, d);
    (this.nodes.timers[i] as TimerTable).reschedule(this.queue, clock, this.time);
    if (this.record) this.trace.push({ type: 'clock', time: this.time, node, drift: d });
    countObservation(this.observations, 'clock-drift');
    this.faulted();
  }

  jumpWallClock(node: NodeId, deltaUs: number): void {
    if (!Number.isFinite(deltaUs)) throw new RangeError(`jumpWallClock: delta must be finite, got ${deltaUs}`);
    (this.nodes.clocks[this.nodes.idx(node)] as NodeClock).jump(deltaUs);
    if (this.record) this.trace.push({ type: 'clock', time: this.time, node, jump: deltaUs });
    countObservation(this.observations, 'clock-jump');
    this.faulted();
  }

  setNetFaults(f: { readonly loss: number; readonly duplicate: number } | undefined): void {
    const now = this.network.setFaults(f);
    if (this.record) this.trace.push({ type: 'net', time: this.time, loss: now.loss, duplicate: now.duplicate });
    if (f !== undefined) countObservation(this.observations, 'net-fault');
    this.faulted();
  }

  // ContextHost: what contexts call back into.

  sendFrom(node: number, to: NodeId, msg: JsonValue): void {
    const j = this.nodes.find(to);
    if (j === undefined) throw new Error(`${this.nodes.names[node]}: send to unknown node "${to}"`);
    this.network.send(this.time, node, j, msg);
  }

  setTimerOn(node: number, name: string, afterUs: number): void {
    (this.nodes.timers[node] as TimerTable).arm(this.queue, this.nodes.clocks[node] as NodeClock, this.time, name, afterUs);
  }

  cancelTimerOn(node: number, name: string): void {
    (this.nodes.timers[node] as TimerTable).cancel(name);
  }

  localNow(node: number): number {
    return (this.nodes.clocks[node] as NodeClock).local(this.time);
  }

  wallNow(node: number): number {
    return (this.nodes.clocks[node] as NodeClock).wall(this.time);
  }

  randomFor(node: number): number {
    return (this.nodes.rngs[node] as Rng).next();
  }

  observeOn(node: number, name: string, detail: JsonValue | undefined): void {
    countObservation(this.observations, name);
    if (detail !== undefined) this.stepObservations.push({ node: this.nodes.names[node] as NodeId, name, detail });
  }

  completeOn(node: number, id: string, outcome: ClientOutcome): void {
    this.requests.complete(node, id, outcome);
  }

  /** Builds a fresh actor for node `i` and runs its onStart step. */
  private boot(i: number): void {
    const nodes = this.nodes;
    const id = nodes.names[i] as NodeId;
    const inc = nodes.bringUp(i);
    const ctx = new NodeContext(this, i, inc, id, this.servers, nodes.disks[i] as NodeContext['storage']);
    nodes.ctxs[i] = ctx;
    const f = this.factories as { readonly server: ActorFactory; readonly client: ClientFactory };
    if (i < nodes.serverCount) {
      const actor = f.server(id);
      nodes.actors[i] = actor;
      actor.onStart(ctx);
    } else {
      const actor = f.client(id);
      nodes.actors[i] = actor;
      actor.onStart(ctx);
    }
    this.afterStep(i);
  }

  /** Counts a step, runs the step hooks, then hands out request completions. */
  private afterStep(node: number): void {
    this.steps++;
    const hooks = this.hooks;
    if (hooks.length !== 0) {
      const id = this.nodes.names[node] as NodeId;
      for (let k = 0; k < hooks.length; k++) (hooks[k] as StepHook)(this, id);
    }
    // The step's detailed observations are for its hooks only.
    if (this.stepObservations.length !== 0) this.stepObservations.length = 0;
    if (this.requests.waiting) this.requests.flush();
  }
}

/** Builds a world from its options; call `start` with the actor factories, then `run`. */
export function createWorld(opts: WorldOptions): SimWorld {
  return new WorldImpl(opts);
}
