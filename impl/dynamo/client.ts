/**
 * The Dynamo-style store's client library: it sends a request to its home
 * server (client i to server i mod n), which coordinates it, and keeps the
 * newest stamp it has seen, which every put carries as its floor (so the
 * session's later writes win over what it wrote or read before). A get that
 * gets no answer, or `unavailable`, moves to the next server after two
 * attempts. A put is retried only at its coordinator, which stamped it once:
 * another coordinator would stamp the same write again. A put given up on
 * (some replicas may hold it) is indeterminate (`info`); a get given up on
 * is `fail`.
 */
import type { ClientActor, ClientContext, ClientOutcome, ClientRequest, NodeId } from '../actor.js';
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import { type DynamoMessage, send } from './messages.js';

/** Client timing, on the client's monotonic clock. */
export interface DynamoClientOptions {
  readonly attemptUs: number;
  readonly giveUpUs: number;
}

interface InFlight {
  readonly req: ClientRequest;
  readonly startUs: number;
  target: NodeId;
  attempts: number;
}

const str = (v: JsonValue): string => (typeof v === 'string' ? v : v === null ? '' : JSON.stringify(v));

/** A Dynamo client (see the file comment). */
export class DynamoClient implements ClientActor {
  private floor = 0;
  private home: NodeId | undefined;
  private cur: InFlight | undefined;

  constructor(private readonly opts: DynamoClientOptions) {}

  onStart(ctx: ClientContext): void {
    const i = Number(ctx.self.replace(/\D/g, '')) - 1;
    this.home = ctx.servers[(Number.isFinite(i) ? i : 0) % ctx.servers.length];
  }

  onRequest(ctx: ClientContext, req: ClientRequest): void {
    const target = req.f === 'final-read' ? str(req.value) : this.home ?? ctx.servers[0]!;
    this.cur = { req, startUs: ctx.now(), target, attempts: 0 };
    this.attempt(ctx);
  }

  onMessage(ctx: ClientContext, _from: NodeId, raw: JsonValue): void {
    const m = raw as unknown as DynamoMessage;
    const cur = this.cur;
    if (cur === undefined || !('id' in m) || m.id !== cur.req.id) return;
    if (m.type === 'ok') {
      if (m.ts !== null) this.floor = Math.max(this.floor, m.ts.t);
      this.finish(ctx, { type: 'ok', value: cur.req.f === 'put' ? str(cur.req.value) : m.value });
    } else if (m.type === 'unavailable') {
      ctx.observe('unavailable');
      this.retry(ctx);
    }
  }

  onTimer(ctx: ClientContext, name: string): void {
    if (this.cur !== undefined && name === 'attempt') this.retry(ctx);
  }

  private retry(ctx: ClientContext): void {
    const cur = this.cur!;
    if (ctx.now() - cur.startUs >= this.opts.giveUpUs) return this.finish(ctx, cur.req.f === 'put' ? { type: 'info' } : { type: 'fail' });
    ctx.observe('retry');
    if (cur.req.f === 'get' && cur.attempts % 2 === 0) {
      cur.target = ctx.servers[(ctx.servers.indexOf(cur.target) + 1) % ctx.servers.length]!;
      ctx.observe('client-moved');
    }
    this.attempt(ctx);
  }

  private attempt(ctx: ClientContext): void {
    const cur = this.cur!;
    cur.attempts++;
    const { req } = cur;
    const key = req.key ?? '';
    if (req.f === 'put') send(ctx, cur.target, { type: 'put', id: req.id, key, value: str(req.value), floor: this.floor });
    else if (req.f === 'get') send(ctx, cur.target, { type: 'get', id: req.id, key });
    else send(ctx, cur.target, { type: 'final-read', id: req.id, key });
    ctx.setTimer('attempt', this.opts.attemptUs);
  }

  private finish(ctx: ClientContext, outcome: ClientOutcome): void {
    const id = this.cur!.req.id;
    this.cur = undefined;
    ctx.cancelTimer('attempt');
    ctx.complete(id, outcome);
  }
}
