/**
 * The AFS cache manager (client): whole-file caching with session semantics.
 *
 * Cached files live on the client's disk (`cache`) and survive its restart;
 * promises live in memory only, so a restarted client revalidates before it
 * trusts any copy. A session is open → reads / writes on a private copy →
 * close, which stores the session's content when it wrote.
 *
 * - open: served from the cache while a promise on the cached version is
 *   live (callbacks, leases) or, when polling every P, within P of the last
 *   validation; otherwise the client fetches (validates) and the answer may
 *   carry a promise. A promise's term starts when the fetch was first sent
 *   and lasts `termUs` of the client's clock; a timer ends it.
 * - a break (or lease recall) ends the promise on the file and is always
 *   acknowledged; a grant for a version older than a break announced is not
 *   trusted (a reordered answer).
 * - any server message with a new epoch (the server restarted) ends every
 *   promise: the client revalidates before trusting a copy again.
 */
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import type { ClientActor, ClientContext, ClientRequest, NodeId } from '../actor.js';
import { closeTokens, sessionContent, type FileVersion } from '../../spec/afs/file-service.js';
import type { FetchMsg, StoreMsg, ToClient } from './messages.js';
import type { AfsOptions } from './options.js';

/** A promise the client trusts: the version it covers, and when it ends on the client's clock. */
export interface Promise_ {
  readonly v: number;
  readonly until: number;
}

export interface Session {
  readonly key: string;
  /** The version opened; undefined when the open did not succeed (the session then fails its operations). */
  readonly opened: FileVersion | undefined;
  readonly writes: string[];
}

export interface Pending {
  readonly req: ClientRequest;
  /** Client clock when the request was first sent (a promise's term starts there). */
  readonly sentAt: number;
  /** Fetch nonce (answers to older fetches are ignored). */
  readonly n: number;
  /** The store's content (close). */
  readonly data?: string;
  /** The version the closing session opened (close). */
  readonly base?: number;
}

/** The cache manager actor. */
export class CacheManager implements ClientActor {
  cache: Record<string, FileVersion> = {};
  /** Live promises by file. */
  readonly promises = new Map<string, Promise_>();
  /** Highest version a break announced per file: older grants are not trusted. */
  protected readonly broken = new Map<string, number>();
  /** Polling: client clock of the last successful validation's send, per file. */
  protected readonly validated = new Map<string, number>();
  epoch: number | undefined;
  session: Session | undefined;
  protected pending: Pending | undefined;
  protected nonce = 0;

  constructor(private readonly server: NodeId, private readonly opts: AfsOptions) {}

  onStart(ctx: ClientContext): void {
    this.cache = (ctx.storage.get('cache') as Record<string, FileVersion> | undefined) ?? {};
  }

  /** Whether the client trusts its cached copy of `key` now (a promise it has not seen end). */
  trusts(key: string): Promise_ | undefined {
    const p = this.promises.get(key);
    return p !== undefined && this.cache[key]?.v === p.v ? p : undefined;
  }

  onRequest(ctx: ClientContext, req: ClientRequest): void {
    const key = req.key ?? '';
    switch (req.f) {
      case 'open':
        return this.open(ctx, req, key);
      case 'read':
      case 'write': {
        const s = this.session;
        if (s === undefined || s.key !== key || s.opened === undefined) return ctx.complete(req.id, { type: 'fail' });
        if (req.f === 'write') {
          s.writes.push(String(req.value));
          return ctx.complete(req.id, { type: 'ok', value: req.value });
        }
        return ctx.complete(req.id, { type: 'ok', value: s.writes.length > 0 ? sessionContent(s.writes) : s.opened.data });
      }
      case 'close':
        return this.close(ctx, req, key);
      default:
        return ctx.complete(req.id, { type: 'fail' });
    }
  }

  protected open(ctx: ClientContext, req: ClientRequest, key: string): void {
    const cached = this.cache[key];
    const now = ctx.now();
    const fresh =
      this.opts.variant === 'polling'
        ? this.opts.pollUs > 0 && cached !== undefined && (this.validated.get(key) ?? -Infinity) > now - this.opts.pollUs
        : this.trusts(key) !== undefined;
    if (fresh && cached !== undefined) {
      ctx.observe('open-cached');
      ctx.observe('served', { key, v: cached.v, waitedUs: 0 });
      this.session = { key, opened: cached, writes: [] };
      return ctx.complete(req.id, { type: 'ok', value: { v: cached.v, data: cached.data } });
    }
    this.pending = { req, sentAt: now, n: ++this.nonce };
    this.sendPending(ctx);
  }

  protected close(ctx: ClientContext, req: ClientRequest, key: string): void {
    const s = this.session;
    this.session = undefined;
    if (s === undefined || s.key !== key || s.opened === undefined) return ctx.complete(req.id, { type: 'fail' });
    // The close names the tokens the caller wrote in this session (an end-to-end check of the session):
    // a close that names others is refused, with no effect.
    if (sessionContent(closeTokens(req.value)) !== sessionContent(s.writes)) return ctx.complete(req.id, { type: 'fail' });
    if (s.writes.length === 0) return ctx.complete(req.id, { type: 'ok', value: { v: null } });
    // The copy is about to change: the client stops trusting its promise on the version it opened.
    this.dropPromise(ctx, key);
    const written = this.opts.mutant === 'partial-close' ? s.writes.slice(0, 1) : s.writes;
    this.pending = { req, sentAt: ctx.now(), n: ++this.nonce, data: sessionContent(written), base: s.opened.v };
    this.sendPending(ctx);
  }

  protected sendPending(ctx: ClientContext): void {
    const p = this.pending as Pending;
    const key = p.req.key ?? '';
    const msg: FetchMsg | StoreMsg =
      p.req.f === 'open' ? { t: 'fetch', k: key, have: this.cache[key]?.v ?? null, n: p.n } : { t: 'store', k: key, id: p.req.id, data: p.data ?? '' };
    ctx.send(this.server, msg as unknown as JsonValue);
    ctx.setTimer('retry', this.opts.retryUs);
  }

  onTimer(ctx: ClientContext, name: string): void {
    if (name === 'retry') {
      const p = this.pending;
      if (p === undefined) return;
      if (ctx.now() - p.sentAt >= this.opts.giveUpUs) {
        this.pending = undefined;
        ctx.observe('gave-up');
        if (p.req.f === 'open') this.session = { key: p.req.key ?? '', opened: undefined, writes: [] };
        return ctx.complete(p.req.id, { type: 'info' });
      }
      ctx.observe('retry');
      return this.sendPending(ctx);
    }
    if (name.startsWith('exp:')) this.expire(ctx, name.slice(4));
  }

  protected expire(ctx: ClientContext, key: string): void {
    // The timer is re-armed with every grant, so its firing is the promise's end (no clock comparison:
    // the reading at the deadline may differ from it by a rounding error).
    const p = this.promises.get(key);
    if (p === undefined) return;
    if (this.opts.mutant === 'keep-expired-promise') {
      // The bug: renew in the background and keep trusting the copy until an answer comes.
      ctx.observe('promise-kept-past-term');
      this.promises.set(key, { v: p.v, until: Infinity });
      if (this.pending === undefined) ctx.send(this.server, { t: 'fetch', k: key, have: p.v, n: -1 });
      return;
    }
    this.promises.delete(key);
    ctx.observe('promise-expired');
  }

  onMessage(ctx: ClientContext, _from: NodeId, msg: JsonValue): void {
    const m = msg as unknown as ToClient;
    this.noteEpoch(ctx, m.epoch);
    if (m.t === 'epoch') return;
    if (m.t === 'break') return this.onBreak(ctx, m.k, m.v);
    const p = this.pending;
    if (m.t === 'fetched' && m.n === -1) return this.renewed(ctx, m.k, m.v, m.promise);
    if (p === undefined) return;
    if (m.t === 'fetched' && p.req.f === 'open' && m.n === p.n) {
      const key = m.k;
      if (m.data !== null) this.putCache(ctx, key, { v: m.v, data: m.data });
      const file = this.cache[key] ?? { v: m.v, data: m.data ?? '' };
      // A grant from an earlier incarnation of the server is not trusted: that server's records are gone.
      if (m.promise && m.epoch === this.epoch) this.grant(ctx, key, m.v, p.sentAt);
      if (this.opts.variant === 'polling') this.validated.set(key, p.sentAt);
      this.pending = undefined;
      ctx.cancelTimer('retry');
      ctx.observe('served', { key, v: file.v, waitedUs: ctx.now() - p.sentAt });
      this.session = { key, opened: file, writes: [] };
      return ctx.complete(p.req.id, { type: 'ok', value: { v: file.v, data: file.data } });
    }
    if ((m.t === 'stored' || m.t === 'busy') && p.req.f === 'close' && m.id === p.req.id) {
      if (m.t === 'busy') return; // the retry timer resends
      const key = p.req.key ?? '';
      this.putCache(ctx, key, { v: m.v, data: p.data ?? '' });
      if (m.promise && m.epoch === this.epoch) this.grant(ctx, key, m.v, p.sentAt);
      else this.dropPromise(ctx, key);
      this.pending = undefined;
      ctx.cancelTimer('retry');
      return ctx.complete(p.req.id, { type: 'ok', value: { v: m.v } });
    }
  }

  /** The mutant's background renewal answered. */
  protected renewed(ctx: ClientContext, key: string, v: number, promise: boolean): void {
    const p = this.promises.get(key);
    if (p === undefined || p.until !== Infinity) return;
    this.promises.delete(key);
    if (promise && v === p.v) this.grant(ctx, key, v, ctx.now() - this.opts.retryUs);
  }

  protected grant(ctx: ClientContext, key: string, v: number, sentAt: number): void {
    if (v < (this.broken.get(key) ?? 0)) return;
    const until = sentAt + this.opts.termUs;
    const left = until - ctx.now();
    if (left <= 0) return;
    this.promises.set(key, { v, until });
    ctx.setTimer(`exp:${key}`, left);
  }

  protected dropPromise(ctx: ClientContext, key: string): void {
    this.promises.delete(key);
    ctx.cancelTimer(`exp:${key}`);
  }

  protected onBreak(ctx: ClientContext, key: string, v: number): void {
    this.broken.set(key, Math.max(this.broken.get(key) ?? 0, v));
    const p = this.promises.get(key);
    if (p !== undefined && p.v < v) {
      this.dropPromise(ctx, key);
      ctx.observe('break-received');
    }
    ctx.send(this.server, { t: 'ack', k: key, v });
  }

  protected noteEpoch(ctx: ClientContext, epoch: number): void {
    if (this.epoch === epoch) return;
    const restarted = this.epoch !== undefined && epoch > this.epoch;
    if (this.epoch === undefined || epoch > this.epoch) this.epoch = epoch;
    if (!restarted || this.opts.mutant === 'restart-forgets-callbacks') return;
    if (this.promises.size > 0) ctx.observe('restart-with-promises');
    for (const key of [...this.promises.keys()]) this.dropPromise(ctx, key);
  }

  protected putCache(ctx: ClientContext, key: string, f: FileVersion): void {
    this.cache = { ...this.cache, [key]: f };
    ctx.storage.put('cache', this.cache as unknown as JsonValue);
  }
}
