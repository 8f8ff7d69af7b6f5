/**
 * Normal-case operation of a view (VR §4.1, with read confirmation as in
 * Raft's ReadIndex, §6.4): the primary sequences each client write into its
 * log, sends it to the backups, and answers the client when the entry is
 * committed, i.e. held by a majority (itself included) in the current view.
 * A read records the log length at arrival, starts a confirmation round, and
 * is answered once a majority echoed a round at least that recent (so no
 * newer view can have formed before) and the commit point reached the
 * recorded length (so every acknowledged write is visible). Backups accept
 * entries of their own view only, in order, and echo what they hold.
 */
import type { NodeId } from '../actor.js';
import type { Entry, PrepareMsg, PrepareOkMsg, RequestMsg } from './messages.js';
import type { Replica } from './replica.js';
import { adoptView, sendStartView } from './view-change.js';

/** Handles a client request at any server. */
export function onRequest(r: Replica, from: NodeId, m: RequestMsg): void {
  const mutant = r.opts.mutant;
  if (m.f === 'get' && mutant === 'stale-backup-read' && !r.activePrimary) {
    r.send(from, { type: 'reply', id: m.id, value: r.machine.get(m.key) });
    return;
  }
  if (!r.activePrimary) {
    const hint = r.primaryOf(r.d.view);
    r.send(from, { type: 'redirect', id: m.id, view: r.d.view, primary: hint === r.ctx.self ? null : hint });
    return;
  }
  if (m.f === 'get') {
    if (mutant === 'local-primary-read') {
      r.send(from, { type: 'reply', id: m.id, value: r.machine.get(m.key) });
      return;
    }
    r.round++;
    r.reads.push({ from, id: m.id, key: m.key, readIndex: r.d.log.length, round: r.round });
    for (const b of r.others()) sendPrepare(r, b, r.match.get(b) ?? 0);
    serveReads(r);
    return;
  }
  const done = r.machine.executed(m.client, m.seq);
  if (done === 'superseded') return;
  if (done !== undefined) {
    r.send(from, { type: 'reply', id: m.id, value: done.result });
    return;
  }
  // Already sequenced (a retry of an uncommitted write): it is answered when it commits.
  if (mutant !== 'no-dedup' && (r.inLog.get(m.client) ?? -1) >= m.seq) return;
  const e: Entry = { view: r.d.view, op: { client: m.client, seq: m.seq, from, id: m.id, f: m.f, key: m.key, value: m.value } };
  r.append([e]);
  if (mutant === 'early-ack') r.send(from, { type: 'reply', id: m.id, value: m.value });
  for (const b of r.others()) if (r.synced.get(b) === true) sendPrepare(r, b, r.d.log.length - 1);
  advanceCommit(r);
}

/** Sends backup `to` the log from `start`, the commit point and the current round. */
export function sendPrepare(r: Replica, to: NodeId, start: number): void {
  if (r.synced.get(to) !== true) {
    sendStartView(r, to);
    return;
  }
  const s = Math.min(start, r.d.log.length);
  const msg: PrepareMsg = { type: 'prepare', view: r.d.view, start: s, entries: r.d.log.slice(s), commit: r.commit, round: r.round };
  r.send(to, msg);
}

/** Primary heartbeat: retransmits to every backup what it has not acknowledged. */
export function heartbeat(r: Replica): void {
  if (!r.activePrimary) return;
  for (const b of r.others()) sendPrepare(r, b, r.match.get(b) ?? 0);
  r.ctx.setTimer('heartbeat', r.opts.heartbeatUs);
}

/** Backup: accepts entries of its view in order and echoes its log length. */
export function onPrepare(r: Replica, from: NodeId, m: PrepareMsg): void {
  if (m.view < r.d.view) {
    r.send(from, { type: 'stale-view', view: r.d.view });
    return;
  }
  if (m.view > r.d.view || r.d.status !== 'normal') {
    if (m.view > r.d.view) adoptView(r, m.view);
    r.send(from, { type: 'need-state', view: r.d.view });
    r.armElection();
    return;
  }
  if (r.activePrimary) return;
  r.armElection();
  const have = r.d.log.length;
  if (m.start <= have) r.append(m.entries.slice(have - m.start));
  r.commitTo(m.commit);
  r.send(from, { type: 'prepare-ok', view: r.d.view, length: r.d.log.length, round: m.round });
}

/** Primary: records what a backup holds, then advances the commit point and answers reads. */
export function onPrepareOk(r: Replica, from: NodeId, m: PrepareOkMsg): void {
  if (m.view !== r.d.view || !r.activePrimary) return;
  r.match.set(from, Math.max(r.match.get(from) ?? 0, Math.min(m.length, r.d.log.length)));
  r.synced.set(from, true);
  r.acked.set(from, Math.max(r.acked.get(from) ?? 0, m.round));
  advanceCommit(r);
}

/** Primary: commit point = the largest length held by a majority (itself included), advanced `commitPerTurn` entries per turn. */
export function advanceCommit(r: Replica): void {
  if (!r.activePrimary) return;
  const lengths = [r.d.log.length, ...r.others().map((b) => r.match.get(b) ?? 0)].sort((a, b) => b - a);
  const c = lengths[r.majority - 1] ?? 0;
  if (c > r.commit) r.commitTo(Math.min(c, r.commit + r.opts.commitPerTurn));
  if (c > r.commit) r.ctx.setTimer('commit', 0);
  serveReads(r);
}

/** Primary: answers every read whose round a majority confirmed and whose read index is committed. */
export function serveReads(r: Replica): void {
  if (r.reads.length === 0) return;
  const rest = [];
  for (const rd of r.reads) {
    let confirmed = 1;
    for (const b of r.others()) if ((r.acked.get(b) ?? 0) >= rd.round) confirmed++;
    if (confirmed >= r.majority && r.commit >= rd.readIndex) {
      r.send(rd.from, { type: 'reply', id: rd.id, value: r.machine.get(rd.key) });
    } else rest.push(rd);
  }
  r.reads = rest;
}
