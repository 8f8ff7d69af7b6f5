/**
 * A replica of the OR-set (or-set.ts): it applies a client's add or remove
 * at once (persisted, then acknowledged) and answers reads from its own
 * state; every 200 ms it sends its whole state to one random peer, which
 * merges it. Nothing waits for another replica, so every replica keeps
 * accepting updates under any partition.
 */
import type { Actor, ActorContext, NodeId } from '../actor.js';
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import { type OrSetState, add, elements, emptyOrSet, merge, remove } from './or-set.js';

/** Messages of the OR-set store. */
export type OrSetMessage =
  | { type: 'op'; id: string; f: string; value: string }
  | { type: 'done'; id: string; value: JsonValue }
  | { type: 'state'; s: OrSetState };

/** Options of a replica. */
export interface OrSetServerOptions {
  readonly gossipUs: number;
  /** The `merge-drops-concurrent-add` mutant. */
  readonly dropConcurrentAdds: boolean;
}

const send = (ctx: ActorContext, to: NodeId, m: OrSetMessage): void => ctx.send(to, m as unknown as JsonValue);

/** The OR-set replica actor (see the file comment). */
export class OrSetServer implements Actor {
  state: OrSetState = emptyOrSet();

  constructor(private readonly opts: OrSetServerOptions) {}

  onStart(ctx: ActorContext): void {
    this.state = (ctx.storage.get('state') as unknown as OrSetState | undefined) ?? emptyOrSet();
    ctx.setTimer('gossip', this.opts.gossipUs * (0.5 + ctx.random()));
  }

  onMessage(ctx: ActorContext, from: NodeId, raw: JsonValue): void {
    const m = raw as unknown as OrSetMessage;
    if (m.type === 'state') {
      this.save(ctx, merge(this.state, m.s, this.opts.dropConcurrentAdds));
      return;
    }
    if (m.type !== 'op') return;
    if (m.f === 'add' || m.f === 'remove') {
      // A retry of an update already applied here is acknowledged, not applied again.
      if (ctx.storage.get(`r:${m.id}`) === undefined) {
        this.save(ctx, m.f === 'add' ? add(this.state, ctx.self, m.value) : remove(this.state, ctx.self, m.value));
        ctx.storage.put(`r:${m.id}`, true);
      }
      send(ctx, from, { type: 'done', id: m.id, value: m.value });
    } else {
      send(ctx, from, { type: 'done', id: m.id, value: elements(this.state) });
    }
  }

  onTimer(ctx: ActorContext, name: string): void {
    if (name !== 'gossip') return;
    const peers = ctx.servers.filter((x) => x !== ctx.self);
    const peer = peers[Math.floor(ctx.random() * peers.length)];
    if (peer !== undefined) send(ctx, peer, { type: 'state', s: this.state });
    ctx.setTimer('gossip', this.opts.gossipUs);
  }

  private save(ctx: ActorContext, s: OrSetState): void {
    this.state = s;
    ctx.storage.put('state', s as unknown as JsonValue);
  }
}
