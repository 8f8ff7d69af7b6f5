/**
 * The state of one primary-backup replica and the helpers both protocol
 * halves (normal case, view change) share. Durable fields live in `d` and are
 * written through `durable-state.ts` before any message that depends on
 * them is sent; everything else is rebuilt after a restart.
 */
import type { ActorContext, NodeId } from '../actor.js';
import { KvMachine } from './kv-machine.js';
import { type DurableState, loadState, saveLog, saveView, commonPrefix } from './durable-state.js';
import { type DoViewChangeMsg, type Entry, type PbMsg, sameEntry, toJson } from './messages.js';
import type { PbOptions } from './options.js';

/** A read waiting for its confirmation round and for the commit point to reach `readIndex`. */
export interface PendingRead {
  readonly from: NodeId;
  readonly id: string;
  readonly key: string;
  readonly readIndex: number;
  readonly round: number;
}

/** One replica's state (durable part in `d`). */
export class Replica {
  readonly d: DurableState;
  /** Length of the log prefix known to be held by a majority in the current view (volatile). */
  commit = 0;
  readonly machine: KvMachine;
  /** Highest sequence number per client session present in the log (avoids re-appending a retry). */
  readonly inLog = new Map<string, number>();
  /** Primary only: how much of the log each backup holds, whether it installed the view, last round it echoed. */
  readonly match = new Map<NodeId, number>();
  readonly synced = new Map<NodeId, boolean>();
  readonly acked = new Map<NodeId, number>();
  /** Primary only: confirmation round counter and reads waiting on it. */
  round = 0;
  reads: PendingRead[] = [];
  /** Primary of a view being formed: DoViewChange messages received, by sender. */
  readonly dvc = new Map<NodeId, DoViewChangeMsg>();

  /** Loads the replica of `ctx.self` from its durable storage. */
  constructor(
    readonly ctx: ActorContext,
    readonly opts: PbOptions,
  ) {
    this.d = loadState(ctx.storage);
    this.machine = new KvMachine(opts.mutant !== 'no-dedup');
    this.rebuildInLog();
  }

  /** Size of a majority of the servers. */
  get majority(): number {
    return Math.floor(this.ctx.servers.length / 2) + 1;
  }

  /** The primary of view `v`: servers[v mod n]. */
  primaryOf(v: number): NodeId {
    return this.ctx.servers[v % this.ctx.servers.length] as NodeId;
  }

  /** Whether this node is the primary of its view and has installed it. */
  get activePrimary(): boolean {
    return this.d.status === 'normal' && this.primaryOf(this.d.view) === this.ctx.self;
  }

  /** The other servers. */
  others(): NodeId[] {
    return this.ctx.servers.filter((s) => s !== this.ctx.self);
  }

  /** Sends a protocol message. */
  send(to: NodeId, m: PbMsg): void {
    this.ctx.send(to, toJson(m));
  }

  /** (Re)arms the randomized election timeout. */
  armElection(): void {
    this.ctx.setTimer('election', this.opts.electionUs * (1 + this.ctx.random()));
  }

  /** Persists view, status and last normal view. */
  saveView(): void {
    saveView(this.ctx.storage, this.d);
  }

  /** Appends entries to the log and persists them. */
  append(entries: readonly Entry[]): void {
    if (entries.length === 0) return;
    const from = this.d.log.length;
    for (const e of entries) {
      this.d.log.push(e);
      this.inLog.set(e.op.client, Math.max(this.inLog.get(e.op.client) ?? -1, e.op.seq));
    }
    saveLog(this.ctx.storage, this.d, from);
  }

  /** Replaces the log by `log` (a view's installed log) and persists what changed. */
  replaceLog(log: readonly Entry[]): void {
    const keep = commonPrefix(this.d.log, log, sameEntry);
    this.d.log = log.slice();
    saveLog(this.ctx.storage, this.d, keep);
    this.rebuildInLog();
  }

  private rebuildInLog(): void {
    this.inLog.clear();
    for (const e of this.d.log) this.inLog.set(e.op.client, Math.max(this.inLog.get(e.op.client) ?? -1, e.op.seq));
  }

  /**
   * Raises the commit point to `c` (capped at the log) and applies newly committed entries; an active
   * primary answers their clients. Each entry applied is reported with its op number (its position in
   * the log) and the digest of the state it leads to: every replica must reach the same state there.
   */
  commitTo(c: number): void {
    this.commit = Math.max(this.commit, Math.min(c, this.d.log.length));
    while (this.machine.applied < this.commit) {
      const e = this.d.log[this.machine.applied] as Entry;
      const result = this.machine.apply(e);
      if (this.opts.mutant === 'backup-misapply' && !this.activePrimary && e.op.f === 'append' && this.machine.applied < this.commit) {
        // The mutant: a backup catching up on several entries at once executes an append twice.
        this.machine.apply({ ...e, op: { ...e.op, client: `${e.op.client}'` } });
        this.machine.applied--;
      }
      this.ctx.observe('applied', { index: this.machine.applied, digest: this.machine.digest() });
      if (this.activePrimary) this.send(e.op.from, { type: 'reply', id: e.op.id, value: result });
    }
  }

  /** Forgets primary-only volatile state (on entering a view). */
  resetPrimaryState(): void {
    this.match.clear();
    this.synced.clear();
    this.acked.clear();
    this.reads = [];
    this.ctx.cancelTimer('heartbeat');
  }
}
