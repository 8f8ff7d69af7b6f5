/**
 * A server of the causal+ store (COPS, Lloyd et al., SOSP 2011, §4): every
 * server is a full replica (one server stands for one of COPS's data
 * centres). A put is versioned with the server's Lamport clock above its
 * dependencies, persisted, applied and acknowledged at once — no other
 * server is waited for — then pushed to every peer with its nearest
 * dependencies; a peer applies it only once those exact versions are applied
 * there (replica.ts). A get answers the newest applied version of the key,
 * after waiting until the client's own context is applied here (a client
 * that moved to this server must not see less than it has seen). Lost pushes
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

interface WaitingRead {
  readonly from: NodeId;
  readonly id: string;
  readonly key: string;
  readonly deps: readonly Dep[];
}

/** The causal+ server actor (see the file comment). */
export class CausalServer implements Actor {
  replica!: CausalReplica;
  private reads: WaitingRead[] = [];

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
        const w = this.replica.put(m.key, m.value, m.deps);
        ctx.storage.put(`r:${m.id}`, w.v as unknown as JsonValue);
        send(ctx, from, { type: 'put-ok', id: m.id, v: w.v });
        for (const p of ctx.servers) if (p !== ctx.self) send(ctx, p, { type: 'replicate', writes: [w] });
        return this.serveReads(ctx);
      }
      case 'get':
        this.reads.push({ from, id: m.id, key: m.key, deps: m.deps });
        return this.serveReads(ctx);
      case 'final-read':
        return this.answer(ctx, from, m.id, m.key);
      case 'replicate': {
        let fresh = false;
        for (const w of m.writes) fresh = this.replica.receive(w, true) || fresh;
        if (fresh && this.replica.waiting > 0) ctx.observe('write-waits-for-deps');
        return this.serveReads(ctx);
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

  /** Answer the gets whose client context is applied here. */
  private serveReads(ctx: ActorContext): void {
    const still: WaitingRead[] = [];
    for (const r of this.reads) {
      if (this.replica.satisfied(r.deps)) this.answer(ctx, r.from, r.id, r.key);
      else still.push(r);
    }
    this.reads = still;
  }

  private answer(ctx: ActorContext, to: NodeId, id: string, key: string): void {
    const w = this.replica.read(key);
    send(ctx, to, { type: 'get-ok', id, value: w?.value ?? '', v: w?.v ?? null });
  }
}
