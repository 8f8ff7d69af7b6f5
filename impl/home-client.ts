/**
 * The client library shape the replicated stores without a leader share
 * (impl/causal, impl/dynamo, impl/crdt): a client sends each request to its
 * home server (client i to server i mod n), retries it there under the same
 * request id (the server recognises a retried update and does not apply it
 * twice), and gives up after a bounded time — an update then indeterminate
 * (`info`), a read `fail` (reads change nothing). A read (`get`, `read`)
 * moves to the next server after two unanswered attempts, since any server
 * may answer it; an update never moves, as another server could not know it
 * is a retry. A `final-read` goes to the server named in its input and stays
 * there. The stores supply the wire messages.
 */
import type { ClientActor, ClientContext, ClientOutcome, ClientRequest, NodeId } from './actor.js';
import type { JsonValue } from '../traces/schema/trace-v1.js';

/** Client timing, on the client's monotonic clock. */
export interface HomeClientOptions {
  /** Wait this long for an answer before retrying. */
  readonly attemptUs: number;
  /** Give up when a request is this old. */
  readonly giveUpUs: number;
}

/** A request in flight. */
export interface InFlight {
  readonly req: ClientRequest;
  readonly startUs: number;
  target: NodeId;
  attempts: number;
}

const isRead = (f: string): boolean => f === 'get' || f === 'read';

/** The shared client (see the file comment); a store says how a request looks on the wire and what a reply means. */
export abstract class HomeServerClient implements ClientActor {
  protected cur: InFlight | undefined;
  private home: NodeId | undefined;

  constructor(protected readonly opts: HomeClientOptions) {}

  /** The message that asks `cur.target` to serve `cur.req`. */
  protected abstract request(cur: InFlight): JsonValue;

  /** A message from a server about the current request (already matched by the caller's id check). */
  abstract onMessage(ctx: ClientContext, from: NodeId, msg: JsonValue): void;

  onStart(ctx: ClientContext): void {
    const i = Number(ctx.self.replace(/\D/g, '')) - 1;
    this.home = ctx.servers[(Number.isFinite(i) ? i : 0) % ctx.servers.length];
  }

  onRequest(ctx: ClientContext, req: ClientRequest): void {
    const target = req.f === 'final-read' ? String(req.value) : (this.home ?? ctx.servers[0]!);
    this.cur = { req, startUs: ctx.now(), target, attempts: 0 };
    this.attempt(ctx);
  }

  onTimer(ctx: ClientContext, name: string): void {
    if (this.cur !== undefined && name === 'attempt') this.retry(ctx);
  }

  /** Try again (at the next server, for a read's every second attempt), or give up once the request is too old. */
  protected retry(ctx: ClientContext): void {
    const cur = this.cur!;
    if (ctx.now() - cur.startUs >= this.opts.giveUpUs) return this.finish(ctx, isRead(cur.req.f) || cur.req.f === 'final-read' ? { type: 'fail' } : { type: 'info' });
    ctx.observe('retry');
    if (isRead(cur.req.f) && cur.attempts % 2 === 0) {
      cur.target = ctx.servers[(ctx.servers.indexOf(cur.target) + 1) % ctx.servers.length]!;
      ctx.observe('client-moved');
    }
    this.attempt(ctx);
  }

  /** Complete the current request. */
  protected finish(ctx: ClientContext, outcome: ClientOutcome): void {
    const id = this.cur!.req.id;
    this.cur = undefined;
    ctx.cancelTimer('attempt');
    ctx.complete(id, outcome);
  }

  private attempt(ctx: ClientContext): void {
    const cur = this.cur!;
    cur.attempts++;
    ctx.send(cur.target, this.request(cur));
    ctx.setTimer('attempt', this.opts.attemptUs);
  }
}
