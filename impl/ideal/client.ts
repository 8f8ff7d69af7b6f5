/**
 * The ideal system's client library: sends the current request to the single
 * server and resends it under the same id every `retryUs` of its monotonic
 * clock until an answer arrives, or gives up (`info`) after `giveUpUs`.
 */
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import type { ClientActor, ClientContext, ClientRequest, NodeId } from '../actor.js';

/** Retry timing of the ideal client, µs of its own monotonic clock. */
export interface IdealClientOptions {
  readonly retryUs: number;
  readonly giveUpUs: number;
}

interface Current {
  readonly req: ClientRequest;
  readonly since: number;
}

/** A client of the ideal system. */
export class IdealClient implements ClientActor {
  private current: Current | undefined;

  constructor(private readonly server: NodeId, private readonly opts: IdealClientOptions) {}

  onStart(_ctx: ClientContext): void {}

  onRequest(ctx: ClientContext, req: ClientRequest): void {
    this.current = { req, since: ctx.now() };
    this.sendCurrent(ctx);
  }

  onMessage(ctx: ClientContext, _from: NodeId, msg: JsonValue): void {
    const m = msg as { type?: string; id?: string; ok?: boolean; value?: JsonValue } | null;
    const cur = this.current;
    if (cur === undefined || m === null || m.type !== 'res' || m.id !== cur.req.id) return;
    this.current = undefined;
    ctx.cancelTimer('retry');
    ctx.complete(cur.req.id, m.ok === true ? { type: 'ok', value: m.value ?? null } : { type: 'fail' });
  }

  onTimer(ctx: ClientContext, name: string): void {
    const cur = this.current;
    if (name !== 'retry' || cur === undefined) return;
    if (ctx.now() - cur.since >= this.opts.giveUpUs) {
      this.current = undefined;
      ctx.observe('gave-up');
      ctx.complete(cur.req.id, { type: 'info' });
      return;
    }
    ctx.observe('retry');
    this.sendCurrent(ctx);
  }

  private sendCurrent(ctx: ClientContext): void {
    const { req } = this.current as Current;
    ctx.send(this.server, { type: 'req', id: req.id, f: req.f, key: req.key ?? null, value: req.value });
    ctx.setTimer('retry', this.opts.retryUs);
  }
}
