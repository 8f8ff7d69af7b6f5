/**
 * The leader's client service: writes go through the log under the client's
 * session (client id + sequence number, so a retry of an executed write gets
 * the cached result and a retry of a pending one waits for it); reads are
 * linearizable without a log entry, by ReadIndex (Ongaro's thesis §6.4: note
 * the commit index, confirm leadership with a quorum round, wait until it is
 * applied) or, as an option, by a leader lease (§6.4.1) whose length
 * subtracts the stated clock-drift bound.
 */
import type { ActorContext, NodeId } from '../actor.js';
import { type ClientRequestMessage, type Command, send } from './messages.js';
import type { RaftOptions } from './options.js';
import { advanceCommit, newRound, replicate } from './replication.js';
import type { RaftServer } from './server.js';
import { onLocalRead } from './local-reads.js';

/**
 * How long a quorum round confirms leadership, on the leader's clock. Voters
 * refuse votes for electionMinUs of *their* clocks after hearing from the
 * leader, which is at least electionMin/(1+d) of real time, while the lease's
 * length L on the leader's clock lasts at most L/(1−d): so L ≤ electionMin·(1−d)/(1+d),
 * minus a 1 % margin. The `lease-ignores-drift` mutant uses electionMin itself.
 */
export function leaseDurationUs(o: RaftOptions): number {
  if (o.mutant === 'lease-ignores-drift') return o.electionMinUs;
  return (o.electionMinUs * (1 - o.maxDrift)) / (1 + o.maxDrift) * 0.99;
}

/** The highest ReadIndex round a quorum of voters (the leader included) has acknowledged. */
export function confirmedRound(s: RaftServer, self: NodeId): number {
  const acked = s.servers.map((id) => {
    if (id === self) return s.round;
    const p = s.progress.get(id);
    return p === undefined || p.learner ? 0 : p.ackedRound;
  });
  acked.sort((a, b) => b - a);
  return acked[s.quorum() - 1] ?? 0;
}

/** Whether the leader holds a lease now: a quorum acknowledged a round sent less than the lease duration ago. */
export function leaseValid(s: RaftServer, ctx: ActorContext): boolean {
  const sent = s.roundSentUs.get(confirmedRound(s, ctx.self));
  return sent !== undefined && ctx.now() < sent + leaseDurationUs(s.opts);
}

/** Handle a client request: redirect unless leader; serve a read by lease or ReadIndex; append a write once per session seq. */
export function onClientRequest(s: RaftServer, ctx: ActorContext, from: NodeId, m: ClientRequestMessage): void {
  if (m.f === 'get' && s.opts.localReads) return onLocalRead(s, ctx, from, m);
  if (s.role !== 'leader') {
    send(ctx, from, { type: 'redirect', id: m.id, leader: s.leader });
    return;
  }
  if (m.f === 'get') {
    if (s.opts.leases && s.commitIndex >= s.termStart && leaseValid(s, ctx)) {
      ctx.observe('lease-read');
      send(ctx, from, { type: 'reply', id: m.id, value: s.sm.get(m.key) });
      return;
    }
    s.reads.push({ from, id: m.id, key: m.key, readIndex: Math.max(s.commitIndex, s.termStart), round: s.round + 1 });
    newRound(s, ctx);
    return;
  }
  const cached = s.sm.cached(from, m.seq);
  if (cached !== undefined) {
    // The write's own index is no longer known; the applied index is at least it (what a client may have seen).
    send(ctx, from, { type: 'reply', id: m.id, value: cached, index: s.lastApplied });
    return;
  }
  const key = `${from}:${m.seq}`;
  const waiting = s.writers.get(key);
  if (waiting !== undefined) {
    waiting.push({ from, id: m.id });
    if (s.opts.mutant !== 'no-dedup') return;
  } else s.writers.set(key, [{ from, id: m.id }]);
  const command: Command = { client: from, seq: m.seq, f: m.f, key: m.key, value: m.value };
  s.log.append([{ term: s.hard.term, command }]);
  replicate(s, ctx);
  advanceCommit(s, ctx);
}

/** Answer the clients waiting for an applied write. */
export function replyToWriters(s: RaftServer, ctx: ActorContext, cmd: Command, value: string): void {
  const key = `${cmd.client}:${cmd.seq}`;
  const ws = s.writers.get(key);
  if (ws === undefined) return;
  s.writers.delete(key);
  for (const w of ws) send(ctx, w.from, { type: 'reply', id: w.id, value, index: s.lastApplied });
}

/** Answer the reads whose round is confirmed and whose read index is applied. */
export function serveReads(s: RaftServer, ctx: ActorContext): void {
  if (s.reads.length === 0) return;
  const confirmed = confirmedRound(s, ctx.self);
  const waiting = [];
  for (const r of s.reads) {
    if (r.round <= confirmed && r.readIndex <= s.lastApplied) {
      send(ctx, r.from, { type: 'reply', id: r.id, value: s.sm.get(r.key) });
    } else waiting.push(r);
  }
  s.reads = waiting;
}
