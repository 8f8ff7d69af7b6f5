/**
 * The OR-set's client library: every request goes to the client's home
 * replica (client i to server i mod n), retried there under the same request
 * id (the replica acknowledges a retry without applying it twice); a read
 * moves to the next replica after two unanswered attempts (any replica may
 * answer it). An update given up on is indeterminate (`info`), a read `fail`.
 */
import type { ClientActor, ClientContext, ClientOutcome, ClientRequest, NodeId } from '../actor.js';
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import type { OrSetMessage } from './server.js';

/** Client timing, on the client's monotonic clock. */
export interface OrSetClientOptions {
  readonly attemptUs: number;
  readonly giveUpUs: number;
}

interface InFlight {
  readonly req: ClientRequest;
  readonly startUs: number;
  target: NodeId;
  attempts: number;
}

/** An OR-set client (see the file comment). */
export class OrSetClient implements ClientActor {
  private home: NodeId | undefined;
  private cur: InFlight | undefined;

  constructor(private readonly opts: OrSetClientOptions) {}

  onStart(ctx: ClientContext): void {
    const i = Number(ctx.self.replace(/\D/g, '')) - 1;
    this.home = ctx.servers[(Number.isFinite(i) ? i : 0) % ctx.servers.length];
  }

  onRequest(ctx: ClientContext, req: ClientRequest): void {
    const target = req.f === 'final-read' ? String(req.value) : this.home ?? ctx.servers[0]!;
    this.cur = { req, startUs: ctx.now(), target, attempts: 0 };
    this.attempt(ctx);
  }

  onMessage(ctx: ClientContext, _from: NodeId, raw: JsonValue): void {
    const m = raw as unknown as OrSetMessage;
    if (m.type === 'done' && this.cur !== undefined && m.id === this.cur.req.id) this.finish(ctx, { type: 'ok', value: m.value });
  }

  onTimer(ctx: ClientContext, name: string): void {
    const cur = this.cur;
    if (cur === undefined || name !== 'attempt') return;
    const update = cur.req.f === 'add' || cur.req.f === 'remove';
    if (ctx.now() - cur.startUs >= this.opts.giveUpUs) return this.finish(ctx, update ? { type: 'info' } : { type: 'fail' });
    ctx.observe('retry');
    if (cur.req.f === 'read' && cur.attempts % 2 === 0) cur.target = ctx.servers[(ctx.servers.indexOf(cur.target) + 1) % ctx.servers.length]!;
    this.attempt(ctx);
  }

  private attempt(ctx: ClientContext): void {
    const cur = this.cur!;
    cur.attempts++;
    const m: OrSetMessage = { type: 'op', id: cur.req.id, f: cur.req.f, value: typeof cur.req.value === 'string' ? cur.req.value : '' };
    ctx.send(cur.target, m as unknown as JsonValue);
    ctx.setTimer('attempt', this.opts.attemptUs);
  }

  private finish(ctx: ClientContext, outcome: ClientOutcome): void {
    const id = this.cur!.req.id;
    this.cur = undefined;
    ctx.cancelTimer('attempt');
    ctx.complete(id, outcome);
  }
}
