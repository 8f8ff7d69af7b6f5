/**
 * A server of the Dynamo-style store (DeCandia et al., SOSP 2007): any
 * server coordinates the requests its clients send (coordinator.ts), stores
 * the keys it is a home replica of and the hints it holds for others
 * (store.ts), hands hints off to their home replica periodically and as
 * soon as it announces a restart (§4.6), and runs anti-entropy with a random peer by comparing Merkle trees
 * over the keys both replicate (§4.7, merkle.ts). Last-writer-wins by the
 * coordinators' stamps decides between versions everywhere.
 */
import type { Actor, ActorContext, NodeId } from '../actor.js';
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import { type DynamoMessage, type Versioned, send } from './messages.js';
import type { DynamoOptions } from './options.js';
import { Ring } from './ring.js';
import { type Hint, LocalStore } from './store.js';
import { bucketOf, differingLeaves, merkleTree } from './merkle.js';
import { type PendingOp, coordinate, onAckTimeout, onDeadline, onReply, replicasFor } from './coordinator.js';

/** The Dynamo server actor (see the file comment). */
export class DynamoServer implements Actor {
  ring!: Ring;
  store!: LocalStore;
  /** Random id of this incarnation: request ids of a previous one never match. */
  nonce = 0;
  nextOp = 0;
  readonly ops = new Map<string, PendingOp>();
  private readonly suspects = new Map<NodeId, number>();
  private readonly handoffs = new Map<string, Hint>();

  constructor(readonly opts: DynamoOptions) {}

  onStart(ctx: ActorContext): void {
    this.ring = new Ring(ctx.servers, this.opts.vnodes);
    this.store = new LocalStore(ctx.storage);
    this.nonce = Math.floor(ctx.random() * 2 ** 31);
    if (this.opts.antiEntropy) ctx.setTimer('anti-entropy', this.opts.antiEntropyUs * (0.5 + ctx.random()));
    ctx.setTimer('handoff', this.opts.handoffUs);
    for (const p of ctx.servers) if (p !== ctx.self) send(ctx, p, { type: 'hello' });
  }

  /** Whether `node` is suspected down now. */
  suspected(ctx: ActorContext, node: NodeId): boolean {
    return node !== ctx.self && (this.suspects.get(node) ?? -Infinity) > ctx.now();
  }

  /** Suspect `node` for `suspectUs`. */
  suspect(ctx: ActorContext, node: NodeId): void {
    if (node !== ctx.self) this.suspects.set(node, ctx.now() + this.opts.suspectUs);
  }

  onMessage(ctx: ActorContext, from: NodeId, raw: JsonValue): void {
    this.suspects.delete(from);
    const m = raw as unknown as DynamoMessage;
    switch (m.type) {
      case 'hello':
        // The mutant takes the restarted server for a new member and drops the hints held for its old incarnation.
        if (!this.opts.handOffHints) {
          if (this.store.dropHints(from) > 0) ctx.observe('hints-dropped');
          return;
        }
        return this.handOff(ctx, from);
      case 'put': return this.onPut(ctx, from, m.id, m.key, m.value, m.floor);
      case 'get':
        if (this.inProgress(from, m.id)) return;
        return coordinate(this, ctx, this.newOp('get', from, m.id, m.key, replicasFor(this, ctx, m.key)));
      case 'final-read': return this.onFinalRead(ctx, from, m.id, m.key);
      case 'store': {
        if (m.hint !== null && m.hint !== ctx.self) this.store.hold(m.hint, m.key, m.v);
        else this.store.merge(m.key, m.v);
        return send(ctx, from, { type: 'stored', op: m.op });
      }
      case 'stored': {
        const h = this.handoffs.get(m.op);
        if (h !== undefined) {
          this.handoffs.delete(m.op);
          this.store.handedOff(h);
          ctx.observe('hint-handed-off');
          return;
        }
        return onReply(this, ctx, from, m.op, null);
      }
      case 'fetch': return send(ctx, from, { type: 'fetched', op: m.op, v: this.store.lookup(m.key) ?? null });
      case 'fetched': return onReply(this, ctx, from, m.op, m.v);
      case 'ae-tree': return this.onTree(ctx, from, m.root, m.leaves);
      case 'ae-data': return this.onData(ctx, from, m.entries, m.want);
      default: return;
    }
  }

  onTimer(ctx: ActorContext, name: string): void {
    if (name.startsWith('ack:')) return onAckTimeout(this, ctx, name.slice(4));
    if (name.startsWith('end:')) return onDeadline(this, ctx, name.slice(4));
    if (name === 'anti-entropy') {
      const peers = ctx.servers.filter((x) => x !== ctx.self);
      const peer = peers[Math.floor(ctx.random() * peers.length)];
      if (peer !== undefined) {
        const t = merkleTree(this.store.entries(this.shared(ctx, peer)));
        send(ctx, peer, { type: 'ae-tree', root: t.root, leaves: t.leaves });
      }
      ctx.setTimer('anti-entropy', this.opts.antiEntropyUs);
    } else if (name === 'handoff') {
      this.handoffs.clear();
      this.handOff(ctx, undefined);
      ctx.setTimer('handoff', this.opts.handoffUs);
    }
  }

  /** Send the hints held (for `home` only, if given) to their home replicas; each is dropped once stored there. */
  private handOff(ctx: ActorContext, home: NodeId | undefined): void {
    for (const h of this.store.pendingHints()) {
      if (home !== undefined && h.home !== home) continue;
      const op = `hh.${this.nonce}.${this.nextOp++}`;
      this.handoffs.set(op, h);
      send(ctx, h.home, { type: 'store', op, key: h.key, v: h.v, hint: null });
    }
  }

  /** Whether a request (a duplicate or a retry of it) is being coordinated already: it is not started twice. */
  private inProgress(client: NodeId, id: string): boolean {
    for (const op of this.ops.values()) if (op.id === id && op.client === client) return true;
    return false;
  }

  private newOp(kind: PendingOp['kind'], client: NodeId, id: string, key: string, targets: Map<NodeId, NodeId | null>, v?: Versioned): PendingOp {
    const base = { kind, client, id, key, targets, replies: new Map<NodeId, Versioned | null>(), answered: false, repaired: false };
    return v === undefined ? base : { ...base, v };
  }

  /** A put: stamped once per request id (a retry reuses the stamp, so it stores the same version again). */
  private onPut(ctx: ActorContext, client: NodeId, id: string, key: string, value: string, floor: number): void {
    if (this.inProgress(client, id)) return;
    let v = ctx.storage.get(`r:${id}`) as unknown as Versioned | undefined;
    if (v === undefined) {
      v = { value, ts: { t: Math.max(Math.floor(ctx.wallClock()), floor + 1), n: ctx.self } };
      ctx.storage.put(`r:${id}`, v as unknown as JsonValue);
    }
    coordinate(this, ctx, this.newOp('put', client, id, key, replicasFor(this, ctx, key), v));
  }

  /** A final read: a home replica answers from its own data; another server asks one home replica (its index mod n). */
  private onFinalRead(ctx: ActorContext, client: NodeId, id: string, key: string): void {
    const home = this.ring.home(key, this.opts.n);
    if (home.includes(ctx.self)) {
      const v = this.store.value(key);
      return send(ctx, client, { type: 'ok', id, value: v?.value ?? '', ts: v?.ts ?? null });
    }
    const to = home[ctx.servers.indexOf(ctx.self) % home.length]!;
    coordinate(this, ctx, this.newOp('final', client, id, key, new Map([[to, null]])));
  }

  /** Keys this server and `peer` both replicate. */
  private shared(ctx: ActorContext, peer: NodeId): (key: string) => boolean {
    return (key) => {
      const home = this.ring.home(key, this.opts.n);
      return home.includes(ctx.self) && home.includes(peer);
    };
  }

  private onTree(ctx: ActorContext, from: NodeId, root: number, leaves: readonly number[]): void {
    const mine = merkleTree(this.store.entries(this.shared(ctx, from)));
    if (mine.root === root) return;
    const diff = differingLeaves(mine.leaves, leaves);
    const entries = this.store.entries(this.shared(ctx, from)).filter(([k]) => diff.includes(bucketOf(k)));
    ctx.observe('merkle-mismatch');
    send(ctx, from, { type: 'ae-data', entries, want: diff });
  }

  private onData(ctx: ActorContext, from: NodeId, entries: readonly [string, Versioned][], want: readonly number[]): void {
    const shared = this.shared(ctx, from);
    for (const [k, v] of entries) if (shared(k)) this.store.merge(k, v);
    if (want.length === 0) return;
    const back = this.store.entries(shared).filter(([k]) => want.includes(bucketOf(k)));
    send(ctx, from, { type: 'ae-data', entries: back, want: [] });
  }
}
