/**
 * The Coda cache manager (Venus; Kistler and Satyanarayanan, ACM TOCS 1992):
 * an AFS callback client that keeps working when it loses the server.
 *
 * - Hoarding (connected): as the AFS client. A request the server has not
 *   answered within `disconnectUs` moves it to emulation.
 * - Emulation (disconnected): an open of a cached (hoarded) file is served
 *   from the cache, whatever its age; one of a file not cached fails (no
 *   effect). A close after writes updates the cached copy and appends a
 *   store record to the client modification log (CML), kept on disk; a later
 *   store of the same file cancels the earlier record (the new record stands
 *   for both closes and keeps the earlier base version). The close completes
 *   `{ v: null, logged: true }`: its publication waits for reintegration.
 *   The client probes the server every `probeUs`.
 * - Reintegration: when the server answers a probe, the client replays its
 *   whole log (one volume) in one request, all or nothing. Committed: the log
 *   is cleared and the cache holds the new versions. Conflict (some file was
 *   stored by someone else since the record's base): nothing committed; the
 *   log is kept on disk as a closure and reported (observation `closure`),
 *   the conflicting files' copies are dropped, and the client is connected
 *   again with an empty log. Nothing is overwritten or dropped silently.
 */
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import type { ClientContext, ClientRequest, NodeId } from '../actor.js';
import { closeTokens, sessionContent, type FileVersion } from '../../spec/afs/file-service.js';
import { CacheManager } from '../afs/client.js';
import type { CmlRecord, ReintegratedMsg, ToClient } from '../afs/messages.js';
import type { AfsOptions } from '../afs/options.js';

/** Coda's timing on top of the AFS client's. */
export interface CodaOptions extends AfsOptions {
  /** An unanswered request this long moves the client to emulation, µs. */
  readonly disconnectUs: number;
  /** A disconnected client probes the server this often, µs. */
  readonly probeUs: number;
}

/** A cached copy, possibly modified while disconnected (`local`: not yet on the server). */
interface CodaCopy extends FileVersion {
  readonly local?: boolean;
}

/** The Coda client. */
export class CodaClient extends CacheManager {
  mode: 'connected' | 'disconnected' = 'connected';
  /** The client modification log: records not yet sent for reintegration (on disk). */
  cml: CmlRecord[] = [];
  /** The records of the reintegration in flight and its id (on disk): closes logged meanwhile go to `cml`. */
  replaying: { readonly rid: string; readonly records: readonly CmlRecord[] } | undefined;
  /** Logs that failed to reintegrate, kept for the user (on disk). */
  closures: CmlRecord[][] = [];
  private rounds = 0;
  private readonly srv: NodeId;

  constructor(server: NodeId, private readonly coda: CodaOptions) {
    super(server, coda);
    this.srv = server;
  }

  override onStart(ctx: ClientContext): void {
    super.onStart(ctx);
    this.cml = (ctx.storage.get('cml') as CmlRecord[] | undefined) ?? [];
    this.replaying = (ctx.storage.get('replaying') as CodaClient['replaying'] | null | undefined) ?? undefined;
    this.closures = (ctx.storage.get('closures') as CmlRecord[][] | undefined) ?? [];
    this.rounds = (ctx.storage.get('rounds') as number | undefined) ?? 0;
    // A restarted client with a log left is disconnected until it has reintegrated it.
    if (this.cml.length > 0 || this.replaying !== undefined) this.disconnect(ctx);
  }

  /** Close ids still logged (not reintegrated, not in a closure). */
  loggedIds(): string[] {
    return [...(this.replaying?.records ?? []), ...this.cml].flatMap((r) => [...r.ids]);
  }

  override onRequest(ctx: ClientContext, req: ClientRequest): void {
    if (this.mode === 'connected') return super.onRequest(ctx, req);
    const key = req.key ?? '';
    if (req.f === 'open') {
      const c = this.cache[key] as CodaCopy | undefined;
      if (c === undefined) return ctx.complete(req.id, { type: 'fail' });
      ctx.observe('disconnected-open');
      this.session = { key, opened: c, writes: [] };
      return ctx.complete(req.id, { type: 'ok', value: c.local === true ? { v: c.v, data: c.data, emulated: true, local: true } : { v: c.v, data: c.data, emulated: true } });
    }
    if (req.f === 'close') {
      const s = this.session;
      this.session = undefined;
      if (s === undefined || s.key !== key || s.opened === undefined) return ctx.complete(req.id, { type: 'fail' });
      if (sessionContent(closeTokens(req.value)) !== sessionContent(s.writes)) return ctx.complete(req.id, { type: 'fail' });
      if (s.writes.length === 0) return ctx.complete(req.id, { type: 'ok', value: { v: null } });
      this.log(ctx, key, req.id, sessionContent(s.writes), s.opened.v);
      return ctx.complete(req.id, { type: 'ok', value: { v: null, logged: true } });
    }
    return super.onRequest(ctx, req);
  }

  /** Appends a store record, cancelling an earlier one of the same file that is not being replayed. */
  private log(ctx: ClientContext, key: string, id: string, data: string, base: number): void {
    const i = this.cml.findIndex((r) => r.k === key);
    const prev = this.cml[i];
    if (prev !== undefined) {
      ctx.observe('cml-cancelled');
      this.cml = [...this.cml.slice(0, i), ...this.cml.slice(i + 1), { k: key, ids: [...prev.ids, id], data, base: prev.base }];
    } else this.cml = [...this.cml, { k: key, ids: [id], data, base }];
    ctx.storage.put('cml', this.cml as unknown as JsonValue);
    this.putCache(ctx, key, { v: base, data, local: true } as FileVersion);
  }

  override onTimer(ctx: ClientContext, name: string): void {
    if (name === 'probe') {
      if (this.mode !== 'disconnected') return;
      if (this.replaying !== undefined) this.sendReintegrate(ctx);
      else ctx.send(this.srv, { t: 'ping' });
      ctx.setTimer('probe', this.coda.probeUs);
      return;
    }
    const p = this.pending;
    if (name === 'retry' && p !== undefined && this.mode === 'connected' && ctx.now() - p.sentAt >= this.coda.disconnectUs) {
      // The server does not answer: emulate. The pending request completes from the cache or the log.
      this.pending = undefined;
      ctx.cancelTimer('retry');
      this.disconnect(ctx);
      if (p.req.f === 'open') return this.onRequest(ctx, p.req);
      // The store may have committed (its answer lost): replaying it is harmless, the server knows its id.
      this.log(ctx, p.req.key ?? '', p.req.id, p.data ?? '', p.base ?? 0);
      return ctx.complete(p.req.id, { type: 'ok', value: { v: null, logged: true } });
    }
    super.onTimer(ctx, name);
  }

  private disconnect(ctx: ClientContext): void {
    if (this.mode === 'disconnected') return;
    this.mode = 'disconnected';
    ctx.observe('disconnected');
    for (const key of [...this.promises.keys()]) this.dropPromise(ctx, key);
    ctx.setTimer('probe', this.coda.probeUs);
  }

  override onMessage(ctx: ClientContext, from: NodeId, msg: JsonValue): void {
    const m = msg as unknown as ToClient;
    if (this.mode === 'connected' || m.t === 'break') return super.onMessage(ctx, from, msg);
    if (m.t === 'pong' && this.replaying === undefined) return this.startRound(ctx);
    if (m.t === 'reintegrated' && m.rid === this.replaying?.rid) this.reintegrated(ctx, m);
  }

  /** Replays the log, or reconnects when it is empty. */
  private startRound(ctx: ClientContext): void {
    if (this.cml.length === 0) return this.reconnect(ctx);
    this.rounds++;
    ctx.storage.put('rounds', this.rounds);
    this.replaying = { rid: `${ctx.self}/r${this.rounds}`, records: this.cml };
    this.cml = [];
    ctx.storage.put('replaying', this.replaying as unknown as JsonValue);
    ctx.storage.put('cml', []);
    this.sendReintegrate(ctx);
  }

  private sendReintegrate(ctx: ClientContext): void {
    const r = this.replaying as NonNullable<CodaClient['replaying']>;
    ctx.send(this.srv, { t: 'reintegrate', rid: r.rid, records: r.records as unknown as JsonValue });
  }

  private reintegrated(ctx: ClientContext, m: ReintegratedMsg): void {
    const replayed = (this.replaying as NonNullable<CodaClient['replaying']>).records;
    const files = new Set(replayed.map((r) => r.k));
    if (m.ok) {
      ctx.observe('reintegrated');
      for (const r of replayed) {
        const v = m.versions[r.k];
        if (v === undefined) continue;
        // Closes logged during the replay built on this content: they are based on the version it became.
        const later = this.cml.find((x) => x.k === r.k);
        if (later !== undefined) this.cml = this.cml.map((x) => (x === later ? { ...x, base: v } : x));
        else this.putCache(ctx, r.k, { v, data: r.data });
      }
    } else {
      // Nothing committed: the log (and what was logged on top of it for the same files) is kept as a closure and reported.
      const closure = [...replayed, ...this.cml.filter((r) => files.has(r.k))];
      this.cml = this.cml.filter((r) => !files.has(r.k));
      ctx.observe('reintegration-conflict');
      ctx.observe('closure', { ids: closure.flatMap((r) => [...r.ids]), conflicts: [...m.conflicts] });
      this.closures = [...this.closures, closure];
      ctx.storage.put('closures', this.closures as unknown as JsonValue);
      // The local copies are the closure's now: the client revalidates those files.
      const cache = { ...this.cache };
      for (const k of files) delete cache[k];
      this.cache = cache;
      ctx.storage.put('cache', cache as unknown as JsonValue);
    }
    this.replaying = undefined;
    ctx.storage.put('replaying', null);
    ctx.storage.put('cml', this.cml as unknown as JsonValue);
    this.startRound(ctx);
  }

  private reconnect(ctx: ClientContext): void {
    this.mode = 'connected';
    ctx.cancelTimer('probe');
    ctx.observe('reconnected');
  }
}
