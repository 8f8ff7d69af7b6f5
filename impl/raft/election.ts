/**
 * Leader election (Raft §5.2 and §5.4.1) with pre-vote and leader stickiness
 * (Ongaro's thesis §9.6): a server whose election timer fires first asks for
 * pre-votes for term + 1 without raising its term; only with a quorum of
 * pre-votes does it become a candidate. A server that heard from a leader
 * within the minimum election timeout refuses both kinds of vote, which is
 * also what makes leader leases sound. Also the bootstrap probe (see the
 * membership rule in server.ts).
 */
import type { ActorContext, NodeId } from '../actor.js';
import { type PeerMessage, send } from './messages.js';
import type { RaftServer } from './server.js';
import { heartbeat } from './replication.js';

type Msg<T extends PeerMessage['type']> = Extract<PeerMessage, { type: T }>;

/** Whether a candidate's log (last index/term) is at least as up to date as ours (skipped by `vote-without-log-check`). */
function logUpToDate(s: RaftServer, lastIndex: number, lastTerm: number): boolean {
  if (s.opts.mutant === 'vote-without-log-check') return true;
  return lastTerm > s.log.lastTerm || (lastTerm === s.log.lastTerm && lastIndex >= s.log.lastIndex);
}

/** Voters this server knows of (itself included), from bootstrap probe answers. */
function votersKnown(s: RaftServer, self: NodeId): number {
  let n = s.hard.member === 'voter' ? 1 : 0;
  for (const [id, b] of s.boot) if (id !== self && b.voter) n++;
  return n;
}

/** Ask every peer whether it is a voter and pristine (bootstrap). */
function probe(s: RaftServer, ctx: ActorContext): void {
  for (const p of s.peers(ctx)) send(ctx, p, { type: 'boot-probe', nonce: s.bootNonce });
}

/** The election timer fired: probe while bootstrapping, else start a pre-vote for term + 1. */
export function onElectionTimeout(s: RaftServer, ctx: ActorContext): void {
  s.resetElectionTimer(ctx);
  if (s.role === 'leader') return;
  if (s.hard.member === 'learner') {
    if (s.bootstrapping) probe(s, ctx);
    return;
  }
  if (s.hard.term === 0 && s.opts.mutant !== 'disk-loss-voter' && votersKnown(s, ctx.self) < s.quorum()) {
    probe(s, ctx);
    return;
  }
  if (!s.opts.preVote) return startElection(s, ctx);
  s.role = 'pre-candidate';
  s.leader = null;
  s.votes = new Set([ctx.self]);
  for (const p of s.peers(ctx)) send(ctx, p, { type: 'pre-vote', term: s.hard.term + 1, lastIndex: s.log.lastIndex, lastTerm: s.log.lastTerm });
  if (s.votes.size >= s.quorum()) startElection(s, ctx);
}

/** Grant a pre-vote iff we are a voter, the proposed term is newer, we have no live leader, and the candidate's log is up to date. */
export function onPreVote(s: RaftServer, ctx: ActorContext, from: NodeId, m: Msg<'pre-vote'>): void {
  const granted = s.hard.member === 'voter' && m.term > s.hard.term && !s.inLease(ctx) && logUpToDate(s, m.lastIndex, m.lastTerm);
  send(ctx, from, { type: 'pre-vote-reply', term: granted ? m.term : s.hard.term, granted });
}

/** Count a pre-vote; with a quorum, become a candidate. */
export function onPreVoteReply(s: RaftServer, ctx: ActorContext, from: NodeId, m: Msg<'pre-vote-reply'>): void {
  if (!m.granted && m.term > s.hard.term) return s.becomeFollower(ctx, m.term, null);
  if (s.role !== 'pre-candidate' || !m.granted || m.term !== s.hard.term + 1) return;
  s.votes.add(from);
  if (s.votes.size >= s.quorum()) startElection(s, ctx);
}

/** Raise the term, vote for ourselves (persisted) and request votes. */
function startElection(s: RaftServer, ctx: ActorContext): void {
  s.hard.save(s.hard.term + 1, ctx.self);
  s.role = 'candidate';
  s.leader = null;
  s.votes = new Set([ctx.self]);
  s.resetElectionTimer(ctx);
  for (const p of s.peers(ctx)) send(ctx, p, { type: 'vote', term: s.hard.term, lastIndex: s.log.lastIndex, lastTerm: s.log.lastTerm });
  if (s.votes.size >= s.quorum()) becomeLeader(s, ctx);
}

/** Grant a vote at most once per term (persisted before replying), never while a leader is live, only to an up-to-date log. */
export function onVote(s: RaftServer, ctx: ActorContext, from: NodeId, m: Msg<'vote'>): void {
  if (m.term > s.hard.term && s.inLease(ctx)) {
    send(ctx, from, { type: 'vote-reply', term: s.hard.term, granted: false });
    return;
  }
  if (m.term > s.hard.term) s.becomeFollower(ctx, m.term, null);
  const free = s.hard.votedFor === null || s.hard.votedFor === from;
  const granted = s.hard.member === 'voter' && m.term === s.hard.term && free && logUpToDate(s, m.lastIndex, m.lastTerm);
  if (granted) {
    s.hard.save(s.hard.term, from);
    s.resetElectionTimer(ctx);
  }
  send(ctx, from, { type: 'vote-reply', term: s.hard.term, granted });
}

/** Count a vote; with a quorum, become leader. */
export function onVoteReply(s: RaftServer, ctx: ActorContext, from: NodeId, m: Msg<'vote-reply'>): void {
  if (m.term > s.hard.term) return s.becomeFollower(ctx, m.term, null);
  if (s.role !== 'candidate' || m.term !== s.hard.term || !m.granted) return;
  s.votes.add(from);
  if (s.votes.size >= s.quorum()) becomeLeader(s, ctx);
}

/** Take over: fresh progress per follower, a no-op entry of the new term (one heartbeat later under `figure8-commit`), heartbeats. */
function becomeLeader(s: RaftServer, ctx: ActorContext): void {
  s.role = 'leader';
  s.leader = ctx.self;
  ctx.cancelTimer('election');
  const now = ctx.now();
  s.progress.clear();
  for (const p of s.peers(ctx)) {
    s.progress.set(p, { next: s.log.lastIndex + 1, match: 0, inflight: 0, lastAckUs: now, lastSendUs: now, learner: false, ackedRound: 0, boot: null });
  }
  s.round = 0;
  s.roundSentUs.clear();
  s.leaderSinceUs = now;
  if (s.opts.mutant === 'figure8-commit') s.termStart = s.log.lastIndex + 1; // the no-op comes late (replication.ts)
  else {
    s.log.append([{ term: s.hard.term, command: null }]);
    s.termStart = s.log.lastIndex;
  }
  ctx.observe('leader-elected', { term: s.hard.term });
  heartbeat(s, ctx);
}

/** Answer a bootstrap probe. */
export function onBootProbe(s: RaftServer, ctx: ActorContext, from: NodeId, m: Msg<'boot-probe'>): void {
  send(ctx, from, { type: 'boot-reply', nonce: m.nonce, voter: s.hard.member === 'voter', pristine: s.pristine() });
}

/** Record a probe answer; a pristine learner whose every peer is pristine becomes a voter. */
export function onBootReply(s: RaftServer, ctx: ActorContext, from: NodeId, m: Msg<'boot-reply'>): void {
  if (m.nonce !== s.bootNonce) return;
  s.boot.set(from, { voter: m.voter, pristine: m.pristine });
  if (s.hard.member !== 'learner' || !s.bootstrapping) return;
  if (!m.pristine) {
    s.bootstrapping = false;
    return;
  }
  const peers = s.peers(ctx);
  if (s.pristine() && peers.every((p) => s.boot.get(p)?.pristine === true)) {
    s.hard.save(0, null, 'voter');
    s.bootstrapping = false;
    ctx.observe('bootstrap');
  }
}
