/**
 * The ideal system's server: a stateless front for the atomic object. It
 * answers each request message by applying it to the object (which
 * deduplicates by request id) and replying to the sender.
 */
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import type { Actor, ActorContext, ClientRequest, NodeId } from '../actor.js';
import type { AtomicObject } from './atomic-object.js';

/** The request message a client sends. */
export interface IdealRequestMsg {
  readonly type: 'req';
  readonly id: string;
  readonly f: string;
  readonly key: string | null;
  readonly value: JsonValue;
}

/** The server node in front of the atomic object. */
export class IdealServer<S> implements Actor {
  constructor(readonly object: AtomicObject<S>) {}

  onStart(_ctx: ActorContext): void {}

  onMessage(ctx: ActorContext, from: NodeId, msg: JsonValue): void {
    const m = msg as unknown as IdealRequestMsg;
    if (m === null || typeof m !== 'object' || m.type !== 'req') return;
    const req: ClientRequest = { id: m.id, f: m.f, key: m.key ?? undefined, value: m.value };
    const answer = this.object.apply(req);
    ctx.send(from, answer.ok ? { type: 'res', id: m.id, ok: true, value: answer.value } : { type: 'res', id: m.id, ok: false });
  }

  onTimer(_ctx: ActorContext, _name: string): void {}
}
