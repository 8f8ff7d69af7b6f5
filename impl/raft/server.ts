/**
 * A Raft server (Ongaro & Ousterhout, "In Search of an Understandable
 * Consensus Algorithm", 2014) running the KV state machine, as an actor. This
 * file holds the server's state, start-up and recovery, term changes, commit
 * and apply; elections are in election.ts, log replication in
 * replication.ts, client requests and reads in service.ts.
 *
 * Membership rule for disk loss (Raft assumes stable storage): a server that
 * starts with empty storage is a non-voting *learner*: it grants no votes,
 * never campaigns and its acknowledgements count toward no quorum. It becomes
 * a voter either (a) when the leader promotes it, once its matchIndex has
 * reached the leader's commitIndex (the leader then has committed an entry of
 * its own term); on promotion it records the promoting leader as its vote in
 * that term, so it cannot vote twice in a term it may have voted in before
 * losing its disk; or (b) at cluster bootstrap: when every other server
 * answers a probe as "pristine" (term 0, empty log, no vote), no server has
 * ever voted or acknowledged anything, so there is nothing to forget. A
 * voter still at term 0 campaigns only after it learned that a majority of
 * servers are voters, so early bootstrappers cannot strand the rest. This is
 * safe as long as fewer than a majority of servers lose their disks.
 */
import type { Actor, ActorContext, NodeId } from '../actor.js';
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import { majority } from '../../spec/quorum.js';
import { HardState } from './hard-state.js';
import { RaftLog } from './log.js';
import { type RaftMessage, send } from './messages.js';
import type { RaftOptions } from './options.js';
import { KvStateMachine } from './state-machine.js';
import { onBootProbe, onBootReply, onElectionTimeout, onPreVote, onPreVoteReply, onVote, onVoteReply } from './election.js';
import { heartbeat, onAppend, onAppendReply, onPromote, onSnapshot } from './replication.js';
import { onClientRequest, replyToWriters, serveReads } from './service.js';
import { type LocalRead, serveLocalReads } from './local-reads.js';

/** A server's volatile role (`pre-candidate`: collecting pre-votes without having raised its term). */
export type Role = 'follower' | 'pre-candidate' | 'candidate' | 'leader';

/** What the leader knows about one follower's log. */
export interface Progress {
  next: number;
  match: number;
  inflight: number;
  lastAckUs: number;
  lastSendUs: number;
  learner: boolean;
  ackedRound: number;
  /** The follower's incarnation this leader trusts (`null` until its first reply in this term). */
  boot: number | null;
}

/** A read waiting for its ReadIndex round and for the state machine to catch up. */
export interface PendingRead {
  readonly from: NodeId;
  readonly id: string;
  readonly key: string;
  readonly readIndex: number;
  readonly round: number;
}

/** The Raft server actor (see the file comment). */
export class RaftServer implements Actor {
  hard!: HardState;
  log!: RaftLog;
  readonly sm: KvStateMachine;
  role: Role = 'follower';
  leader: NodeId | null = null;
  commitIndex = 0;
  lastApplied = 0;
  /** Monotonic time this server last heard from a leader (or started): it grants no vote within electionMinUs of it. */
  lastHeardUs = 0;
  servers: readonly NodeId[] = [];
  /** Votes and pre-votes collected in the current attempt. */
  votes = new Set<NodeId>();
  /** Bootstrap probe answers: peer → whether it is a voter / pristine. */
  readonly boot = new Map<NodeId, { voter: boolean; pristine: boolean }>();
  /** Whether this learner still hopes to bootstrap (no non-pristine peer seen). */
  bootstrapping = false;
  /**
   * Random id of this incarnation (drawn at every start, never persisted): it tags bootstrap probes, so
   * answers to a previous incarnation's probes are ignored, and every append-reply, so a leader never
   * counts a reply that a previous incarnation sent before a crash or disk loss (replication.ts).
   */
  bootNonce = 0;
  // Leader state.
  readonly progress = new Map<NodeId, Progress>();
  /** Index of this leader's first entry in its term; reads wait until it is committed. */
  termStart = 0;
  /** Monotonic time this server last became leader. */
  leaderSinceUs = 0;
  round = 0;
  readonly roundSentUs = new Map<number, number>();
  readonly writers = new Map<string, { from: NodeId; id: string }[]>();
  reads: PendingRead[] = [];
  /** Local reads waiting for this server to apply what their client has seen (any role; local-reads.ts). */
  localReads: LocalRead[] = [];

  constructor(readonly opts: RaftOptions) {
    this.sm = new KvStateMachine(opts.mutant !== 'no-dedup');
  }

  /** The number of acknowledgements that make a quorum (a majority; ⌊n/2⌋ under `minority-quorum`). */
  quorum(): number {
    const n = this.servers.length;
    return this.opts.mutant === 'minority-quorum' ? Math.max(1, Math.floor(n / 2)) : majority(n);
  }

  /** Whether this server has never held any protocol state: term 0, no vote, empty log. */
  pristine(): boolean {
    return this.hard.term === 0 && this.hard.votedFor === null && this.log.lastIndex === 0;
  }

  /** Whether this server saw a live leader within the election timeout (check-quorum / leader stickiness). */
  inLease(ctx: ActorContext): boolean {
    if (!this.opts.stickiness) return false;
    return this.role === 'leader' || ctx.now() - this.lastHeardUs < this.opts.electionMinUs;
  }

  onStart(ctx: ActorContext): void {
    this.servers = ctx.servers;
    this.hard = new HardState(ctx.storage);
    this.log = new RaftLog(ctx.storage);
    this.sm.restore(this.log.snapshot.data);
    this.commitIndex = this.lastApplied = this.log.snapshot.index;
    this.reportRestored(ctx);
    this.lastHeardUs = ctx.now();
    this.bootNonce = Math.floor(ctx.random() * 2 ** 31);
    if (this.hard.wasEmpty) {
      const member = this.opts.mutant === 'disk-loss-voter' ? 'voter' : 'learner';
      this.hard.save(0, null, member);
      this.bootstrapping = member === 'learner';
    }
    this.resetElectionTimer(ctx);
    if (this.bootstrapping || this.hard.term === 0) {
      for (const p of this.peers(ctx)) send(ctx, p, { type: 'boot-probe', nonce: this.bootNonce });
    }
  }

  onMessage(ctx: ActorContext, from: NodeId, raw: JsonValue): void {
    const msg = raw as unknown as RaftMessage;
    switch (msg.type) {
      case 'pre-vote': return onPreVote(this, ctx, from, msg);
      case 'pre-vote-reply': return onPreVoteReply(this, ctx, from, msg);
      case 'vote': return onVote(this, ctx, from, msg);
      case 'vote-reply': return onVoteReply(this, ctx, from, msg);
      case 'append': return onAppend(this, ctx, from, msg);
      case 'append-reply': return onAppendReply(this, ctx, from, msg);
      case 'snapshot': return onSnapshot(this, ctx, from, msg);
      case 'promote': return onPromote(this, ctx, from, msg);
      case 'boot-probe': return onBootProbe(this, ctx, from, msg);
      case 'boot-reply': return onBootReply(this, ctx, from, msg);
      case 'request': return onClientRequest(this, ctx, from, msg);
      default: return;
    }
  }

  onTimer(ctx: ActorContext, name: string): void {
    if (name === 'election') onElectionTimeout(this, ctx);
    else if (name === 'heartbeat' && this.role === 'leader') heartbeat(this, ctx);
  }

  /** Every server but this one. */
  peers(ctx: ActorContext): NodeId[] {
    return this.servers.filter((s) => s !== ctx.self);
  }

  /** Arm the election timer with a fresh random timeout in [min, (1 + jitter)·min). */
  resetElectionTimer(ctx: ActorContext): void {
    ctx.setTimer('election', this.opts.electionMinUs * (1 + this.opts.electionJitter * ctx.random()));
  }

  /** Adopt `term` if it is newer (persisting it with no vote) and fall back to follower. */
  becomeFollower(ctx: ActorContext, term: number, leader: NodeId | null): void {
    if (term > this.hard.term) this.hard.save(term, null);
    if (this.role === 'leader') {
      ctx.cancelTimer('heartbeat');
      this.progress.clear();
      this.writers.clear();
      this.reads = [];
      this.roundSentUs.clear();
    }
    if (this.role !== 'follower') this.resetElectionTimer(ctx);
    this.role = 'follower';
    this.leader = leader;
  }

  /** Raise the commit index (never lowers it) and apply newly committed entries. */
  commitTo(ctx: ActorContext, index: number): void {
    if (index <= this.commitIndex) return;
    this.commitIndex = Math.min(index, this.log.lastIndex);
    this.applyCommitted(ctx);
  }

  /**
   * Apply entries up to the commit index, answer waiting clients, and compact the log when it is long.
   * Every entry applied is reported with the digest of the state it leads to: the checks hold every
   * server to the entry and state first reached at that index, whatever happens to the log afterwards.
   */
  applyCommitted(ctx: ActorContext): void {
    while (this.lastApplied < this.commitIndex) {
      const e = this.log.at(this.lastApplied + 1);
      if (e === undefined) break;
      this.lastApplied++;
      if (e.command !== null) {
        const r = this.sm.apply(e.command);
        if (this.opts.mutant === 'lagging-misapply' && this.role !== 'leader' && this.lastApplied < this.commitIndex && e.command.f === 'append') {
          // The mutant: a follower catching up on several entries at once executes an append twice.
          this.sm.apply({ ...e.command, client: `${e.command.client}'` });
        }
        if (this.role === 'leader' && r.kind === 'done') replyToWriters(this, ctx, e.command, r.value);
      }
      ctx.observe('applied', { index: this.lastApplied, term: e.term, command: e.command, digest: this.sm.digest() });
    }
    if (this.lastApplied - this.log.snapshot.index >= this.opts.snapshotEvery) {
      const term = this.log.termAt(this.lastApplied) ?? 0;
      this.log.installSnapshot({ index: this.lastApplied, term, data: this.sm.snapshot() }, true);
    }
    if (this.role === 'leader') serveReads(this, ctx);
    serveLocalReads(this, ctx);
  }

  /** Report the state just restored from a snapshot (at start, or installed from a leader); nothing to report at index 0. */
  reportRestored(ctx: ActorContext): void {
    const snap = this.log.snapshot;
    if (snap.index > 0) ctx.observe('restored', { index: snap.index, term: snap.term, digest: this.sm.digest() });
  }
}
