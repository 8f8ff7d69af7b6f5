/**
 * Log replication (Raft §5.3, §5.4.2, §7): the leader pipelines batches of
 * entries to each follower (up to `maxInflight` unacknowledged
 * AppendEntries of up to `maxBatch` entries), falls back to InstallSnapshot
 * when a follower needs entries already compacted, and commits the highest
 * index stored on a quorum *if that entry is from its own term* (Figure 8:
 * an older-term entry becomes committed only indirectly). Every
 * AppendEntries carries the leader's current ReadIndex round; the follower
 * echoes it, which confirms leadership for reads and leases. Followers
 * persist before they reply (write-through log).
 *
 * Incarnations: a reply sent before a crash (or a disk loss) may arrive
 * after the restart, and must not be counted: what it acknowledged may be
 * gone. Every reply names the replying incarnation (`boot`, random per start)
 * and echoes the incarnation the request expected. The leader trusts one
 * incarnation per follower, and switches to another only on a reply to a
 * request sent while it trusted the current one: such a request left after
 * the current incarnation had answered, so its replier started later. A
 * reply from an older incarnation therefore never replaces a newer one, and
 * on a switch the follower's progress restarts from what the new one reports.
 */
import type { ActorContext, NodeId } from '../actor.js';
import { type PeerMessage, send } from './messages.js';
import type { RaftServer } from './server.js';
import { serveReads } from './service.js';
import { serveLocalReads } from './local-reads.js';

type Msg<T extends PeerMessage['type']> = Extract<PeerMessage, { type: T }>;

/** The leader's tick: step down without a live quorum (check-quorum), else start a new round to every follower. */
export function heartbeat(s: RaftServer, ctx: ActorContext): void {
  const now = ctx.now();
  let live = 1;
  for (const p of s.progress.values()) if (!p.learner && now - p.lastAckUs < s.opts.electionMinUs) live++;
  if (live < s.quorum()) {
    ctx.observe('check-quorum-stepdown');
    s.becomeFollower(ctx, s.hard.term, null);
    return;
  }
  if (s.opts.mutant === 'figure8-commit' && s.log.lastTerm < s.hard.term && now - s.leaderSinceUs >= s.opts.heartbeatUs) {
    // This mutant appends its term's no-op only at the first tick after the election: until then it
    // commits older entries by counting alone (reads need the no-op: they wait for an entry of the term).
    s.log.append([{ term: s.hard.term, command: null }]);
  }
  for (const p of s.progress.values()) {
    // Nothing acknowledged for two ticks: assume the pipeline was lost and restart it from the match point.
    if (p.inflight > 0 && now - p.lastAckUs >= 2 * s.opts.heartbeatUs) {
      p.next = p.match + 1;
      p.inflight = 0;
    }
  }
  newRound(s, ctx);
  ctx.setTimer('heartbeat', s.opts.heartbeatUs);
}

/** Start a ReadIndex round: number it, note when it was sent, and send every follower an AppendEntries. */
export function newRound(s: RaftServer, ctx: ActorContext): void {
  s.round++;
  s.roundSentUs.set(s.round, ctx.now());
  s.roundSentUs.delete(s.round - 64);
  for (const id of s.peers(ctx)) sendAppend(s, ctx, id, true);
}

/**
 * Send new entries to every follower whose pipeline has room, as a new round: followers reset their
 * election timers on these appends too, so a lease counted from the last acknowledged round is not
 * up to a heartbeat older than what the followers last heard (which would hide a lease that outlives
 * their timeouts).
 */
export function replicate(s: RaftServer, ctx: ActorContext): void {
  s.round++;
  s.roundSentUs.set(s.round, ctx.now());
  s.roundSentUs.delete(s.round - 64);
  for (const id of s.peers(ctx)) sendAppend(s, ctx, id, false);
}

/** Fill `id`'s pipeline; with `beat`, send at least an empty AppendEntries (a heartbeat). */
function sendAppend(s: RaftServer, ctx: ActorContext, id: NodeId, beat: boolean): void {
  const p = s.progress.get(id);
  if (p === undefined) return;
  const { term } = s.hard;
  const snap = s.log.snapshot;
  let sent = false;
  if (p.next <= snap.index) {
    if (p.inflight > 0 && !beat) return;
    send(ctx, id, { type: 'snapshot', term, index: snap.index, snapTerm: snap.term, data: snap.data, round: s.round, boot: p.boot });
    p.next = snap.index + 1;
    p.inflight = s.opts.maxInflight;
    p.lastSendUs = ctx.now();
    return;
  }
  while (p.inflight < s.opts.maxInflight && p.next <= s.log.lastIndex) {
    const entries = s.log.slice(p.next, Math.min(s.log.lastIndex, p.next + s.opts.maxBatch - 1));
    const prevIndex = p.next - 1;
    send(ctx, id, { type: 'append', term, prevIndex, prevTerm: s.log.termAt(prevIndex) ?? 0, entries, commit: s.commitIndex, round: s.round, boot: p.boot });
    p.next += entries.length;
    p.inflight++;
    p.lastSendUs = ctx.now();
    sent = true;
  }
  if (beat && !sent) {
    // A heartbeat anchored at the last index known to match, so it never disturbs the pipeline.
    const prevIndex = p.inflight > 0 ? p.match : p.next - 1;
    const prevTerm = s.log.termAt(prevIndex);
    if (prevTerm !== undefined) send(ctx, id, { type: 'append', term, prevIndex, prevTerm, entries: [], commit: s.commitIndex, round: s.round, boot: p.boot });
  }
}

/** Commit the highest index a quorum stores, if its entry is of the current term (any term under `figure8-commit`; every voter under `commit-waits-for-all`). */
export function advanceCommit(s: RaftServer, ctx: ActorContext): void {
  const matches = s.servers.map((id) => {
    if (id === ctx.self) return s.log.lastIndex;
    const p = s.progress.get(id);
    return p === undefined || p.learner ? 0 : p.match;
  });
  matches.sort((a, b) => b - a);
  // The mutant waits for every server not known to be a learner: safe, but one crashed voter stops all commits.
  const needed = s.opts.mutant === 'commit-waits-for-all' ? s.servers.filter((id) => id === ctx.self || s.progress.get(id)?.learner !== true).length : s.quorum();
  const n = matches[needed - 1] ?? 0;
  if (n <= s.commitIndex) return;
  if (s.opts.mutant === 'figure8-commit' || s.log.termAt(n) === s.hard.term) s.commitTo(ctx, n);
}

/** The leader hears back: update the follower's progress, promote a caught-up learner, commit, serve reads, refill. */
export function onAppendReply(s: RaftServer, ctx: ActorContext, from: NodeId, m: Msg<'append-reply'>): void {
  if (m.term > s.hard.term) return s.becomeFollower(ctx, m.term, null);
  const p = s.progress.get(from);
  if (s.role !== 'leader' || m.term !== s.hard.term || p === undefined) return;
  if (m.boot !== p.boot) {
    // Another incarnation: adopt it only if it answers a request sent while we trusted the current one,
    // i.e. it started after the current one; anything else is a stale reply from before a crash.
    if (m.expected !== p.boot) return;
    p.boot = m.boot;
    p.match = m.ok ? m.match : 0;
    p.next = p.match + 1;
    p.inflight = 0;
  }
  p.lastAckUs = ctx.now();
  p.learner = m.learner;
  p.ackedRound = Math.max(p.ackedRound, m.round);
  if (m.learner) {
    // A learner may have lost its disk: what it reports replaces what this leader believed it stored.
    p.match = m.ok ? m.match : Math.min(p.match, m.hint - 1);
  }
  if (m.ok) {
    p.match = Math.max(p.match, m.match);
    p.next = Math.max(p.next, p.match + 1);
    p.inflight = Math.max(0, p.inflight - 1);
  } else {
    p.next = Math.min(s.log.lastIndex + 1, Math.max(p.match + 1, m.hint));
    p.inflight = 0;
  }
  if (p.learner && p.match >= s.commitIndex && s.commitIndex >= s.termStart) send(ctx, from, { type: 'promote', term: s.hard.term });
  advanceCommit(s, ctx);
  serveReads(s, ctx);
  sendAppend(s, ctx, from, false);
}

/** Accept `from` as the leader of term `term` if it is current; false when the message is stale. */
function acceptLeader(s: RaftServer, ctx: ActorContext, from: NodeId, term: number): boolean {
  if (term < s.hard.term) return false;
  s.becomeFollower(ctx, term, from);
  s.lastHeardUs = ctx.now();
  s.bootstrapping = false;
  s.resetElectionTimer(ctx);
  return true;
}

/** A follower handles AppendEntries: check the previous entry, drop a conflicting suffix, append, advance commit. */
export function onAppend(s: RaftServer, ctx: ActorContext, from: NodeId, m: Msg<'append'>): void {
  const reply = (ok: boolean, match: number, hint: number): void =>
    send(ctx, from, { type: 'append-reply', term: s.hard.term, ok, match, hint, round: m.round, learner: s.hard.member === 'learner', boot: s.bootNonce, expected: m.boot });
  if (!acceptLeader(s, ctx, from, m.term)) return reply(false, 0, 0);
  const snap = s.log.snapshot;
  const end = m.prevIndex + m.entries.length;
  let prev = m.prevIndex;
  let entries = m.entries;
  if (prev < snap.index) {
    // Entries up to the snapshot are committed and so already ours.
    if (end <= snap.index) return reply(true, end, 0);
    entries = entries.slice(snap.index - prev);
    prev = snap.index;
  } else if (prev > s.log.lastIndex) {
    return reply(false, 0, s.log.lastIndex + 1);
  } else if (s.log.termAt(prev) !== m.prevTerm) {
    const t = s.log.termAt(prev);
    let i = prev;
    while (i - 1 > snap.index && s.log.termAt(i - 1) === t) i--;
    return reply(false, 0, i);
  }
  let k = 0;
  while (k < entries.length && prev + 1 + k <= s.log.lastIndex && s.log.termAt(prev + 1 + k) === entries[k]!.term) k++;
  if (k < entries.length) {
    s.log.truncateFrom(prev + 1 + k);
    s.log.append(entries.slice(k));
  }
  s.commitTo(ctx, Math.min(m.commit, end));
  reply(true, end, 0);
}

/** A follower installs a snapshot it lacks, keeping a matching log suffix. */
export function onSnapshot(s: RaftServer, ctx: ActorContext, from: NodeId, m: Msg<'snapshot'>): void {
  const reply = (ok: boolean, match: number): void =>
    send(ctx, from, { type: 'append-reply', term: s.hard.term, ok, match, hint: 0, round: m.round, learner: s.hard.member === 'learner', boot: s.bootNonce, expected: m.boot });
  if (!acceptLeader(s, ctx, from, m.term)) return reply(false, 0);
  if (m.index > s.commitIndex) {
    const keep = s.log.termAt(m.index) === m.snapTerm;
    s.log.installSnapshot({ index: m.index, term: m.snapTerm, data: m.data }, keep);
    s.sm.restore(m.data);
    s.commitIndex = s.lastApplied = m.index;
    ctx.observe('snapshot-install');
    s.reportRestored(ctx);
    serveLocalReads(s, ctx);
  }
  reply(true, m.index);
}

/** A caught-up learner becomes a voter, recording the promoting leader as its vote in this term. */
export function onPromote(s: RaftServer, ctx: ActorContext, from: NodeId, m: Msg<'promote'>): void {
  if (m.term !== s.hard.term || s.leader !== from || s.hard.member !== 'learner') return;
  s.hard.save(s.hard.term, s.hard.votedFor ?? from, 'voter');
  s.bootstrapping = false;
  ctx.observe('learner-promoted');
}
