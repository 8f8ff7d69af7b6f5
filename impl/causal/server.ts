/**
 * A server of the causal+ store (COPS, Lloyd et al., SOSP 2011, §4): every
 * server is a full replica (one server stands for one of COPS's data
 * centres). A put is versioned with the server's Lamport clock above its
 * dependencies, persisted, applied and acknowledged at once — no other
 * server is waited for (only, for a client that moved here, this server's
 * own copy of what the client saw) — then pushed to every peer with its nearest
 * dependencies; a peer applies it only once those exact versions are applied
 * there (replica.ts). A get answers the newest applied version of the key.
 * Both wait until the client's context is applied here: a client that moved
 * to this server must not see, or write after, less than it has seen. Lost pushes
 * are repaired by anti-entropy: every 300 ms a server tells one random peer
 * how many writes of each origin it holds, and the peer sends what is missing.
 */
import type { Actor, ActorContext, NodeId } from '../actor.js';
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import { type CausalMessage, type Dep, type Version, send } from './messages.js';
import { CausalReplica } from './replica.js';

/** Options of a causal server. */
export interface CausalServerOptions {
  /** The `applies-before-deps` mutant: replicated writes are applied on arrival, dependencies or not. */
  readonly appliesBeforeDeps: boolean;
  /** Anti-entropy period, µs. */
  readonly gossipUs: number;
  /** Most writes per anti-entropy reply. */
  readonly batch: number;
}

/** A client request waiting until its context is applied here (`put`: the value a put writes). */
interface Waiting {
  readonly from: NodeId;
  readonly id: string;
  readonly key: string;
  readonly deps: readonly Dep[];
  readonly put?: string;
}

/** The causal+ server actor (see the file comment). */
export class CausalServer implements Actor {
  replica!: CausalReplica;
  private waiting: Waiting[] = [];

  constructor(readonly opts: CausalServerOptions) {}

  onStart(ctx: ActorContext): void {
    this.replica = new CausalReplica(ctx.storage, ctx.self, !this.opts.appliesBeforeDeps);
    ctx.setTimer('gossip', this.opts.gossipUs * (0.5 + ctx.random()));
  }

  onMessage(ctx: ActorContext, from: NodeId, raw: JsonValue): void {
    const m = raw as unknown as CausalMessage;
    switch (m.type) {
      case 'put': {
        const done = ctx.storage.get(`r:${m.id}`) as unknown as Version | undefined;
        if (done !== undefined) return send(ctx, from, { type: 'put-ok', id: m.id, v: done });
        if (this.waiting.some((r) => r.id === m.id)) return;
        this.waiting.push({ from, id: m.id, key: m.key, deps: m.deps, put: m.value });
        return this.serveWaiting(ctx);
      }
      case 'get':
        this.waiting.push({ from, id: m.id, key: m.key, deps: m.deps });
        return this.serveWaiting(ctx);
      case 'final-read':
        return this.answer(ctx, from, m.id, m.key);
      case 'replicate': {
        let fresh = false;
        for (const w of m.writes) fresh = this.replica.receive(w, true) || fresh;
        if (fresh && this.replica.waiting > 0) ctx.observe('write-waits-for-deps');
        return this.serveWaiting(ctx);
      }
      case 'have': {
        const missing = this.replica.missing(m.counts, this.opts.batch);
        if (missing.length > 0) send(ctx, from, { type: 'replicate', writes: missing });
        return;
      }
      default:
        return;
    }
  }

  onTimer(ctx: ActorContext, name: string): void {
    if (name !== 'gossip') return;
    const peers = ctx.servers.filter((s) => s !== ctx.self);
    const peer = peers[Math.floor(ctx.random() * peers.length)];
    if (peer !== undefined) send(ctx, peer, { type: 'have', counts: this.replica.counts(ctx.servers) });
    ctx.setTimer('gossip', this.opts.gossipUs);
  }

  /** Serve the requests whose client context is applied here: answer gets, apply and acknowledge puts. */
  private serveWaiting(ctx: ActorContext): void {
    const still: Waiting[] = [];
    const ready: Waiting[] = [];
    for (const r of this.waiting) (this.replica.satisfied(r.deps) ? ready : still).push(r);
    this.waiting = still;
    for (const r of ready) {
      if (r.put === undefined) {
        this.answer(ctx, r.from, r.id, r.key);
        continue;
      }
      const w = this.replica.put(r.key, r.put, r.deps);
      ctx.storage.put(`r:${r.id}`, w.v as unknown as JsonValue);
      send(ctx, r.from, { type: 'put-ok', id: r.id, v: w.v });
      for (const p of ctx.servers) if (p !== ctx.self) send(ctx, p, { type: 'replicate', writes: [w] });
    }
    if (ready.some((r) => r.put !== undefined)) this.serveWaiting(ctx);
  }

  private answer(ctx: ActorContext, to: NodeId, id: string, key: string): void {
    const w = this.replica.read(key);
    send(ctx, to, { type: 'get-ok', id, value: w?.value ?? '', v: w?.v ?? null });
  }
}
