/**
 * The client library of the primary-backup store: one logical request at a
 * time, sent to the server it believes is primary, retried under the same
 * request id and session sequence number (so servers execute a write once)
 * after a timeout (at the next server) or a redirect (at the hinted
 * primary), until an answer arrives or the attempt/time budget is spent.
 * Giving up completes a write as `info` (it may still take effect) and a
 * read as `fail` (a read has no effect).
 */
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import type { ClientActor, ClientContext, ClientRequest, NodeId } from '../actor.js';
import { asPbMsg, type RequestMsg, toJson } from './messages.js';
import type { PbOptions } from './options.js';
import { kvText } from '../kv-text.js';

interface Current {
  readonly msg: RequestMsg;
  readonly startedAt: number;
  attempts: number;
}


/** A client of the primary-backup store. */
export class PbClient implements ClientActor {
  private session = '';
  private seq = 0;
  private guess = 0;
  private cur: Current | undefined;

  /** Builds a client with the cluster's options. */
  constructor(private readonly opts: PbOptions) {}

  /** Picks a fresh session id, so a restarted client is never mistaken for its earlier self. */
  onStart(ctx: ClientContext): void {
    this.session = `${ctx.self}.${Math.floor(ctx.random() * 2 ** 31)}`;
    this.guess = Math.floor(ctx.random() * ctx.servers.length);
  }

  /** Starts a logical request. */
  onRequest(ctx: ClientContext, req: ClientRequest): void {
    const f = req.f === 'put' || req.f === 'append' ? req.f : 'get';
    this.seq++;
    this.cur = {
      msg: { type: 'request', id: req.id, client: this.session, seq: this.seq, f, key: req.key ?? '', value: kvText(req.value) },
      startedAt: ctx.now(),
      attempts: 0,
    };
    this.attempt(ctx);
  }

  /** Completes on a reply; follows a redirect. */
  onMessage(ctx: ClientContext, from: NodeId, raw: JsonValue): void {
    const m = asPbMsg(raw);
    const cur = this.cur;
    if (m === undefined || cur === undefined) return;
    if (m.type === 'reply' && m.id === cur.msg.id) {
      this.cur = undefined;
      ctx.cancelTimer('attempt');
      ctx.complete(m.id, { type: 'ok', value: m.value });
    } else if (m.type === 'redirect' && m.id === cur.msg.id) {
      ctx.observe('redirect');
      const hint = m.primary === null ? -1 : ctx.servers.indexOf(m.primary);
      const fromIdx = ctx.servers.indexOf(from);
      if (hint >= 0 && hint !== fromIdx) {
        this.guess = hint;
        this.retry(ctx);
      } else {
        // No better server named: after a pause, the timer moves on to the next one.
        this.guess = fromIdx;
        ctx.setTimer('attempt', this.opts.backoffUs);
      }
    }
  }

  /** Attempt timeout: retry at the next server. */
  onTimer(ctx: ClientContext, name: string): void {
    if (name !== 'attempt' || this.cur === undefined) return;
    this.guess = (this.guess + 1) % ctx.servers.length;
    this.retry(ctx);
  }

  private retry(ctx: ClientContext): void {
    const cur = this.cur;
    if (cur === undefined) return;
    if (cur.attempts >= this.opts.maxAttempts || ctx.now() - cur.startedAt >= this.opts.giveUpUs) {
      this.cur = undefined;
      ctx.cancelTimer('attempt');
      ctx.complete(cur.msg.id, cur.msg.f === 'get' ? { type: 'fail' } : { type: 'info' });
      return;
    }
    ctx.observe('retry');
    this.attempt(ctx);
  }

  private attempt(ctx: ClientContext): void {
    const cur = this.cur;
    if (cur === undefined) return;
    cur.attempts++;
    // The stale-backup-read mutant spreads reads over all servers ("read scaling").
    const spread = this.opts.mutant === 'stale-backup-read' && cur.msg.f === 'get';
    const i = spread ? Math.floor(ctx.random() * ctx.servers.length) : this.guess;
    ctx.send(ctx.servers[i] as NodeId, toJson(cur.msg));
    ctx.setTimer('attempt', this.opts.attemptUs);
  }
}

/** Builds the client factory of a cluster. */
export function pbClient(opts: PbOptions): (id: NodeId) => PbClient {
  return () => new PbClient(opts);
}
