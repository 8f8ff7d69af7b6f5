/**
 * The AFS file server: whole files with versions, kept on its disk, and the
 * promises (callbacks or leases) it granted, kept in memory only.
 *
 * - fetch: answers the file's version (and its data when the client's copy
 *   differs); with callbacks or leases it records a promise for the client
 *   (none while a store waits for holders under leases, none when polling).
 * - store: commits the session's content as the next version, durably,
 *   before answering; a retried store (same request id) is answered from the
 *   record of the first. With callbacks it then breaks every other holder's
 *   promise, resending each break until acknowledged or until the promise
 *   has expired; with leases it first recalls them and commits once every
 *   holder released its lease or the lease expired.
 * - After a restart (a new epoch on its disk) it has forgotten every promise:
 *   for one hold (T·(1+ρ)/(1−ρ) of its clock) it refuses stores, so no
 *   promise granted before the crash is still trusted when a store commits.
 *   Breaks not yet acknowledged are kept on disk and resent after a restart.
 *
 * Every commit is reported as the observation `publish` (file, version,
 * content, request id), which the run's ghost stamps with virtual time.
 */
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import type { Actor, ActorContext, NodeId } from '../actor.js';
import type { FileServiceState, FileVersion } from '../../spec/afs/file-service.js';
import { fileOf } from '../../spec/afs/file-service.js';
import type { AckMsg, BreakMsg, FetchMsg, ReintegrateMsg, ReintegratedMsg, StoreMsg, ToServer } from './messages.js';
import { serverHoldUs, type AfsOptions } from './options.js';

/** A promise the server granted: the version it covers and when it expires (server clock). */
export interface Grant {
  readonly v: number;
  readonly expires: number;
}

/** A break the server is delivering: until acknowledged or until `expires`. */
export interface PendingBreak {
  readonly client: NodeId;
  readonly key: string;
  readonly v: number;
  readonly expires: number;
}

interface WaitingStore {
  readonly client: NodeId;
  readonly id: string;
  readonly data: string;
}

/** The file server actor. */
export class FileServer implements Actor {
  /** Latest version of each file (replaced, never mutated, on a commit). */
  files: FileServiceState = {};
  /** Promises granted: file → client → grant. */
  readonly grants = new Map<string, Map<NodeId, Grant>>();
  /** Breaks in flight, by `client\0key`. */
  readonly breaks = new Map<string, PendingBreak>();
  /** Server clock reading until which stores are refused after a restart (0: none). */
  graceUntil = 0;
  epoch = 0;
  /** Leases: stores waiting for the file's holders, per file, in arrival order. */
  readonly waiting = new Map<string, WaitingStore[]>();
  private stores: Record<string, number> = {};
  /** Clients that ever asked (kept on disk, for the restart notice). */
  private clients: NodeId[] = [];
  /** Messages this server sent, by type, and the messages it received (for the bench's server-load figures). */
  readonly sent: Record<string, number> = {};
  received = 0;

  constructor(private readonly opts: AfsOptions) {}

  onStart(ctx: ActorContext): void {
    this.files = (ctx.storage.get('files') as FileServiceState | undefined) ?? {};
    this.stores = (ctx.storage.get('stores') as Record<string, number> | undefined) ?? {};
    this.epoch = ((ctx.storage.get('epoch') as number | undefined) ?? 0) + 1;
    ctx.storage.put('epoch', this.epoch);
    this.clients = (ctx.storage.get('clients') as NodeId[] | undefined) ?? [];
    // Breaks still unacknowledged when the server crashed were on disk: they go out again, retried for a
    // whole hold from now (the promises they break may have been granted just before the crash).
    for (const b of (ctx.storage.get('breaks') as { client: NodeId; key: string; v: number }[] | undefined) ?? []) {
      this.startBreak(ctx, b.client, b.key, b.v, ctx.now() + serverHoldUs(this.opts));
    }
    if (this.epoch > 1 && this.opts.variant !== 'polling' && this.opts.mutant !== 'restart-forgets-callbacks') {
      this.graceUntil = ctx.now() + serverHoldUs(this.opts);
      ctx.setTimer('grace', serverHoldUs(this.opts));
      // Tell every client it has served that its promises are gone (the notice may be lost: the grace period covers that).
      for (const c of this.clients) this.send(ctx, c, { t: 'epoch', epoch: this.epoch });
    }
  }

  /** Whether the restart grace period is on (the server's belief: any earlier promise may still be trusted). */
  inGrace(now: number): boolean {
    return this.graceUntil > now;
  }

  onMessage(ctx: ActorContext, from: NodeId, msg: JsonValue): void {
    const m = msg as unknown as ToServer;
    this.received++;
    if (!this.clients.includes(from)) {
      this.clients = [...this.clients, from];
      ctx.storage.put('clients', this.clients);
    }
    if (m.t === 'fetch') this.fetch(ctx, from, m);
    else if (m.t === 'store') this.store(ctx, from, m);
    else if (m.t === 'ack') this.ack(ctx, from, m);
    else if (m.t === 'ping') this.send(ctx, from, { t: 'pong', epoch: this.epoch });
    else if (m.t === 'reintegrate') this.reintegrate(ctx, from, m);
  }

  /**
   * Coda reintegration of one volume, all or nothing: a record whose closes were all committed
   * before (a retried replay, or a store whose answer was lost) is skipped; every other record must
   * find its file still at the version it was based on — else someone stored it meanwhile, a
   * conflict, and nothing is committed. The outcome is kept on disk, so a retried replay gets it again.
   */
  private reintegrate(ctx: ActorContext, from: NodeId, m: ReintegrateMsg): void {
    const known = (ctx.storage.get(`reint:${m.rid}`) as ReintegratedMsg | undefined);
    if (known !== undefined) return this.send(ctx, from, { ...known, epoch: this.epoch });
    if (this.inGrace(ctx.now())) return this.send(ctx, from, { t: 'busy', id: m.rid, epoch: this.epoch });
    const todo = m.records.filter((r) => !r.ids.every((id) => this.stores[id] !== undefined));
    const conflicts = this.opts.mutant === 'reintegrate-no-conflict-check' ? [] : todo.filter((r) => fileOf(this.files, r.k).v !== r.base).map((r) => r.k);
    const versions: Record<string, number> = {};
    if (conflicts.length === 0) {
      for (const r of todo) {
        const last = r.ids[r.ids.length - 1] as string;
        this.commit(ctx, r.k, from, last, r.data, { ids: r.ids, base: r.base }, false);
        versions[r.k] = fileOf(this.files, r.k).v;
      }
    } else ctx.observe('reintegration-aborted');
    const out: ReintegratedMsg = { t: 'reintegrated', rid: m.rid, ok: conflicts.length === 0, versions, conflicts, epoch: this.epoch };
    ctx.storage.put(`reint:${m.rid}`, out as unknown as JsonValue);
    this.send(ctx, from, out);
  }

  onTimer(ctx: ActorContext, name: string): void {
    if (name === 'grace') {
      this.graceUntil = 0;
      return;
    }
    const [kind, client, key] = name.split('\u0000') as [string, NodeId, string];
    if (kind === 'exp') this.expire(ctx, client, key);
    else if (kind === 'brk') this.resendBreak(ctx, client, key);
    else if (kind === 'drain') this.tryWaiting(ctx, key);
  }

  private send(ctx: ActorContext, to: NodeId, msg: object): void {
    const t = (msg as { t: string }).t;
    this.sent[t] = (this.sent[t] ?? 0) + 1;
    ctx.send(to, msg as unknown as JsonValue);
  }

  private fetch(ctx: ActorContext, from: NodeId, m: FetchMsg): void {
    const f = fileOf(this.files, m.k);
    const promise = this.opts.variant !== 'polling' && !this.waiting.has(m.k);
    if (promise) {
      let g = this.grants.get(m.k);
      if (g === undefined) this.grants.set(m.k, (g = new Map()));
      g.set(from, { v: f.v, expires: ctx.now() + serverHoldUs(this.opts) });
      ctx.setTimer(`exp\u0000${from}\u0000${m.k}`, serverHoldUs(this.opts));
    }
    this.send(ctx, from, { t: 'fetched', k: m.k, n: m.n, v: f.v, data: m.have === f.v ? null : f.data, promise, epoch: this.epoch });
  }

  private store(ctx: ActorContext, from: NodeId, m: StoreMsg): void {
    const done = this.stores[m.id];
    if (done !== undefined) {
      // A retried store gets no new promise: the first answer's promise (if it arrived) stands.
      this.send(ctx, from, { t: 'stored', id: m.id, v: done, promise: false, epoch: this.epoch });
      return;
    }
    if (this.inGrace(ctx.now())) {
      ctx.observe('store-in-grace');
      this.send(ctx, from, { t: 'busy', id: m.id, epoch: this.epoch });
      return;
    }
    if (this.opts.variant === 'leases') {
      const queue = this.waiting.get(m.k);
      if (queue !== undefined) {
        if (!queue.some((w) => w.id === m.id)) queue.push({ client: from, id: m.id, data: m.data });
        return;
      }
      const holders = this.holders(ctx, m.k, from);
      if (holders.length > 0) {
        this.waiting.set(m.k, [{ client: from, id: m.id, data: m.data }]);
        ctx.observe('store-waits-for-leases');
        const next = fileOf(this.files, m.k).v + 1;
        for (const [c, g] of holders) this.startBreak(ctx, c, m.k, next, g.expires);
        return;
      }
    }
    this.commit(ctx, m.k, from, m.id, m.data);
  }

  /** Other clients holding an unexpired promise on `key`. */
  private holders(ctx: ActorContext, key: string, except: NodeId): [NodeId, Grant][] {
    const now = ctx.now();
    return [...(this.grants.get(key) ?? new Map<NodeId, Grant>())].filter(([c, g]) => c !== except && g.expires > now);
  }

  /** Commits `data` as the next version of `key`, stored by `client`'s request `id`. */
  private commit(ctx: ActorContext, key: string, client: NodeId, id: string, data: string, replay?: { readonly ids: readonly string[]; readonly base: number }, reply = true): void {
    const next: FileVersion = { v: fileOf(this.files, key).v + 1, data };
    this.files = { ...this.files, [key]: next };
    this.stores = { ...this.stores, [id]: next.v };
    for (const x of replay?.ids ?? []) this.stores[x] = next.v;
    ctx.storage.put('files', this.files as unknown as JsonValue);
    ctx.storage.put('stores', this.stores);
    ctx.observe('publish', replay === undefined ? { key, v: next.v, data, req: id } : { key, v: next.v, data, req: id, ids: [...replay.ids], base: replay.base });
    const g = this.grants.get(key);
    if (g !== undefined && this.opts.variant !== 'polling') {
      for (const [c, grant] of [...g]) {
        if (c === client) continue;
        g.delete(c);
        ctx.cancelTimer(`exp\u0000${c}\u0000${key}`);
        // Under leases the others released theirs or they expired (the store waited); with callbacks they are broken now.
        if (this.opts.variant === 'leases' || this.opts.mutant === 'no-break') continue;
        this.startBreak(ctx, c, key, next.v, grant.expires);
      }
    }
    const promise = this.opts.variant === 'callbacks';
    if (promise) {
      let mine = this.grants.get(key);
      if (mine === undefined) this.grants.set(key, (mine = new Map()));
      mine.set(client, { v: next.v, expires: ctx.now() + serverHoldUs(this.opts) });
      ctx.setTimer(`exp\u0000${client}\u0000${key}`, serverHoldUs(this.opts));
    }
    if (reply) this.send(ctx, client, { t: 'stored', id, v: next.v, promise, epoch: this.epoch });
  }

  private startBreak(ctx: ActorContext, client: NodeId, key: string, v: number, expires: number): void {
    const b: PendingBreak = { client, key, v, expires };
    this.breaks.set(`${client}\u0000${key}`, b);
    this.persistBreaks(ctx);
    this.sendBreak(ctx, b);
  }

  /** Keeps the unacknowledged breaks on disk, so a crash does not silence them. */
  private persistBreaks(ctx: ActorContext): void {
    ctx.storage.put('breaks', [...this.breaks.values()].map((b) => ({ client: b.client, key: b.key, v: b.v })));
  }

  private endBreak(ctx: ActorContext, client: NodeId, key: string): void {
    this.breaks.delete(`${client}\u0000${key}`);
    ctx.cancelTimer(`brk\u0000${client}\u0000${key}`);
    this.persistBreaks(ctx);
  }

  private sendBreak(ctx: ActorContext, b: PendingBreak): void {
    const msg: BreakMsg = { t: 'break', k: b.key, v: b.v, epoch: this.epoch };
    this.send(ctx, b.client, msg);
    const left = b.expires - ctx.now();
    ctx.setTimer(`brk\u0000${b.client}\u0000${b.key}`, Math.min(this.opts.breakRetryUs, Math.max(0, left)));
  }

  private resendBreak(ctx: ActorContext, client: NodeId, key: string): void {
    const b = this.breaks.get(`${client}\u0000${key}`);
    if (b === undefined) return;
    if (b.expires <= ctx.now() + 1) {
      // The promise ran out before the client acknowledged: it no longer trusts its copy.
      this.endBreak(ctx, client, key);
      ctx.observe('break-expired');
      this.tryWaiting(ctx, key);
      return;
    }
    ctx.observe('break-retried');
    this.sendBreak(ctx, b);
  }

  private ack(ctx: ActorContext, from: NodeId, m: AckMsg): void {
    const b = this.breaks.get(`${from}\u0000${m.k}`);
    if (b !== undefined && b.v <= m.v) this.endBreak(ctx, from, m.k);
    // Under leases an acknowledged recall releases the lease.
    if (this.opts.variant === 'leases' && this.waiting.has(m.k)) {
      this.grants.get(m.k)?.delete(from);
      this.tryWaiting(ctx, m.k);
    }
  }

  private expire(ctx: ActorContext, client: NodeId, key: string): void {
    const g = this.grants.get(key);
    const grant = g?.get(client);
    // The timer is re-armed with every grant (and cancelled by a break): its firing is the grant's end.
    if (g === undefined || grant === undefined) return;
    g.delete(client);
    this.tryWaiting(ctx, key);
  }

  /** Leases: commits the stores waiting on `key` once no other holder's lease is live or being recalled. */
  private tryWaiting(ctx: ActorContext, key: string): void {
    const queue = this.waiting.get(key);
    if (queue === undefined) return;
    const first = queue[0] as WaitingStore;
    const now = ctx.now();
    const live = this.holders(ctx, key, first.client).length > 0 || [...this.breaks.values()].some((b) => b.key === key && b.client !== first.client && b.expires > now);
    if (live) return;
    for (const b of [...this.breaks.values()]) if (b.key === key) this.endBreak(ctx, b.client, key);
    // One commit per step; the stores queued behind it follow at once, one by one (nobody holds a lease meanwhile).
    const [, ...rest] = queue;
    if (rest.length === 0) this.waiting.delete(key);
    else {
      this.waiting.set(key, rest);
      ctx.setTimer(`drain\u0000\u0000${key}`, 0);
    }
    this.commit(ctx, key, first.client, first.id, first.data);
  }
}
