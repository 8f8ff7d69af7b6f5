/**
 * The Raft KV client library as a client actor: it sends each logical request
 * to the server it believes leads, follows redirects, retries under the same
 * request id and session sequence number when an attempt times out (so the
 * servers' sessions make the write execute once), and gives up with `info`
 * after a bounded time.
 */
import type { ClientActor, ClientContext, ClientRequest, NodeId } from '../actor.js';
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import { type ClientReplyMessage, send } from './messages.js';
import { kvText } from '../kv-text.js';

/** Client timing, on the client's monotonic clock. */
export interface RaftClientOptions {
  /** Wait this long for an answer before retrying elsewhere. */
  readonly attemptUs: number;
  /** Pause before retrying after a redirect without a leader hint. */
  readonly backoffUs: number;
  /** Give up (`info`) when a request is this old. */
  readonly giveUpUs: number;
  /**
   * ZooKeeper-style sessions (local-reads.ts): reads go to the server the client is attached to and
   * carry the highest log index the client has seen; the client moves to the next server only when
   * its server does not answer in time.
   */
  readonly localReads?: boolean;
  /** The `client-moves-behind` mutant: the seen index is kept only while the client talks to one server. */
  readonly forgetSeenOnMove?: boolean;
}

/** Defaults: a retry after 40 ms, give up after 600 ms. */
export const DEFAULT_CLIENT_OPTIONS: RaftClientOptions = { attemptUs: 40_000, backoffUs: 5_000, giveUpUs: 600_000 };

interface InFlight {
  readonly req: ClientRequest;
  readonly seq: number;
  readonly startUs: number;
  target: NodeId;
  /** Redirects followed at once in the current attempt. */
  hops: number;
}


/** A Raft KV client (see the file comment). */
export class RaftClient implements ClientActor {
  private seq = 0;
  private leader: NodeId | undefined;
  private cur: InFlight | undefined;
  /** Local reads: the server reads go to, the highest log index seen, and the server last sent to. */
  private attached: NodeId | undefined;
  private seen = 0;
  private lastServer: NodeId | undefined;

  constructor(private readonly opts: RaftClientOptions = DEFAULT_CLIENT_OPTIONS) {}

  onStart(): void {}

  onRequest(ctx: ClientContext, req: ClientRequest): void {
    this.seq++;
    const random = (): NodeId => ctx.servers[Math.floor(ctx.random() * ctx.servers.length)]!;
    const local = this.opts.localReads === true && req.f === 'get';
    if (local && this.attached === undefined) this.attached = random();
    const target = local ? this.attached! : (this.leader ?? random());
    this.cur = { req, seq: this.seq, startUs: ctx.now(), target, hops: 0 };
    this.attempt(ctx);
  }

  onMessage(ctx: ClientContext, from: NodeId, raw: JsonValue): void {
    const m = raw as unknown as ClientReplyMessage;
    const cur = this.cur;
    if (cur === undefined || m.id !== cur.req.id) return;
    if (m.type === 'reply') {
      if (this.opts.localReads === true && cur.req.f === 'get') this.attached = from;
      else this.leader = from;
      this.seen = Math.max(this.seen, m.index ?? 0);
      this.cur = undefined;
      ctx.cancelTimer('attempt');
      ctx.cancelTimer('backoff');
      ctx.complete(cur.req.id, { type: 'ok', value: cur.req.f === 'get' ? m.value : kvText(cur.req.value) });
    } else if (m.type === 'redirect' && from === cur.target) {
      this.leader = undefined;
      if (m.leader !== null && m.leader !== from && cur.hops < 3) {
        // Follow the hint at once, but only a few times per attempt (stale hints can point in a circle).
        cur.hops++;
        cur.target = m.leader;
        this.attempt(ctx);
      } else {
        cur.target = m.leader !== null && m.leader !== from ? m.leader : this.next(ctx, from);
        ctx.cancelTimer('attempt');
        ctx.setTimer('backoff', this.opts.backoffUs);
      }
    }
  }

  onTimer(ctx: ClientContext, name: string): void {
    const cur = this.cur;
    if (cur === undefined) return;
    if (ctx.now() - cur.startUs >= this.opts.giveUpUs) {
      this.cur = undefined;
      ctx.cancelTimer('attempt');
      ctx.cancelTimer('backoff');
      ctx.complete(cur.req.id, { type: 'info' });
      return;
    }
    if (name === 'attempt') {
      // No answer in time: the target may be down or cut off; try the next server.
      cur.target = this.next(ctx, cur.target);
      if (this.opts.localReads === true && cur.req.f === 'get') this.attached = cur.target;
      else this.leader = undefined;
    }
    cur.hops = 0;
    ctx.observe('retry');
    this.attempt(ctx);
  }

  /** Send the current request to its target and arm the attempt timer. */
  private attempt(ctx: ClientContext): void {
    const cur = this.cur!;
    const { req } = cur;
    if (this.opts.forgetSeenOnMove === true && cur.target !== this.lastServer) this.seen = 0;
    this.lastServer = cur.target;
    const msg = { type: 'request', id: req.id, seq: cur.seq, f: req.f, key: req.key ?? '', value: req.f === 'get' ? '' : kvText(req.value) } as const;
    send(ctx, cur.target, this.opts.localReads === true ? { ...msg, seen: this.seen } : msg);
    ctx.setTimer('attempt', this.opts.attemptUs);
  }

  /** The server after `id` in the fixed server order. */
  private next(ctx: ClientContext, id: NodeId): NodeId {
    const i = ctx.servers.indexOf(id);
    return ctx.servers[(i + 1) % ctx.servers.length]!;
  }
}
