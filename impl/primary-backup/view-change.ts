/**
 * The view change (VR §4.2, without an external view service): a node that
 * stops hearing from the primary moves to view v+1 — durably, so it never
 * again accepts a message of an older view — announces it, and sends its log,
 * last normal view and commit point to the primary of v+1 (servers[v mod n]).
 * That node waits for a majority of such logs (its own included) and takes
 * the one with the highest last normal view, longest among those: every
 * write committed in an earlier view was held by a majority, which meets
 * this majority in a node whose log, among the logs of the latest normal
 * view, is a prefix of the chosen one. It then installs the log at the
 * backups (StartView) before serving. A node that learns of a higher view
 * from any message joins it.
 */
import type { NodeId } from '../actor.js';
import type { DoViewChangeMsg, NeedStateMsg, StaleViewMsg, StartViewChangeMsg, StartViewMsg } from './messages.js';
import type { Replica } from './replica.js';

/** Moves durably to view `v` in view-change status, forgetting primary duties of the old view. */
export function adoptView(r: Replica, v: number): void {
  r.d.view = v;
  r.d.status = 'view-change';
  r.saveView();
  r.dvc.clear();
  r.resetPrimaryState();
  r.ctx.observe('view-change', { view: v });
}

/** Starts (or joins) the change to view `v`; `announce` tells every server. */
export function startViewChange(r: Replica, v: number, announce: boolean): void {
  adoptView(r, v);
  if (announce) for (const s of r.others()) r.send(s, { type: 'start-view-change', view: v });
  sendDoViewChange(r);
  r.armElection();
}

/** Sends this node's log for the current view change to the view's primary (itself possibly). */
export function sendDoViewChange(r: Replica): void {
  const m: DoViewChangeMsg = {
    type: 'do-view-change', view: r.d.view, log: r.d.log.slice(), lastNormal: r.d.lastNormal, commit: r.commit,
  };
  const p = r.primaryOf(r.d.view);
  if (p === r.ctx.self) onDoViewChange(r, p, m);
  else r.send(p, m);
}

/** Any server: another node announced view `m.view`. */
export function onStartViewChange(r: Replica, from: NodeId, m: StartViewChangeMsg): void {
  if (m.view > r.d.view) startViewChange(r, m.view, false);
  else if (m.view === r.d.view && r.d.status === 'view-change') sendDoViewChange(r);
  else if (m.view === r.d.view && r.activePrimary) sendStartView(r, from);
}

/** Primary of `m.view`: collects logs; with a majority, merges and starts the view. */
export function onDoViewChange(r: Replica, from: NodeId, m: DoViewChangeMsg): void {
  if (m.view < r.d.view) {
    r.send(from, { type: 'stale-view', view: r.d.view });
    return;
  }
  if (m.view > r.d.view) startViewChange(r, m.view, false);
  if (r.primaryOf(r.d.view) !== r.ctx.self) return;
  if (r.d.status === 'normal') {
    if (from !== r.ctx.self) sendStartView(r, from);
    return;
  }
  r.dvc.set(from, m);
  if (r.dvc.size >= r.majority || r.opts.mutant === 'failover-without-sync') becomePrimary(r);
}

/** The merge rule: highest last normal view, then longest log; commit = the highest known commit point. */
function becomePrimary(r: Replica): void {
  let best: DoViewChangeMsg | undefined;
  let commit = 0;
  for (const m of r.dvc.values()) {
    if (best === undefined || m.lastNormal > best.lastNormal || (m.lastNormal === best.lastNormal && m.log.length > best.log.length)) best = m;
    commit = Math.max(commit, m.commit);
  }
  if (best === undefined) return;
  r.replaceLog(best.log);
  r.d.status = 'normal';
  r.d.lastNormal = r.d.view;
  r.saveView();
  r.dvc.clear();
  r.resetPrimaryState();
  r.ctx.cancelTimer('election');
  r.ctx.observe('failover', { view: r.d.view, primary: r.ctx.self });
  r.commitTo(commit);
  for (const b of r.others()) sendStartView(r, b);
  r.ctx.setTimer('heartbeat', r.opts.heartbeatUs);
  r.armElection();
}

/** Primary: (re)installs the view's log at backup `to`. */
export function sendStartView(r: Replica, to: NodeId): void {
  if (!r.activePrimary) return;
  r.synced.set(to, false);
  r.send(to, { type: 'start-view', view: r.d.view, log: r.d.log.slice(), commit: r.commit, round: r.round });
}

/** Backup: installs the new view's log (or, for a repeat in the same view, only extends it). */
export function onStartView(r: Replica, from: NodeId, m: StartViewMsg): void {
  if (m.view < r.d.view) {
    r.send(from, { type: 'stale-view', view: r.d.view });
    return;
  }
  if (r.primaryOf(m.view) === r.ctx.self) return;
  if (m.view === r.d.view && r.d.status === 'normal') {
    if (m.log.length > r.d.log.length) r.append(m.log.slice(r.d.log.length));
  } else {
    r.d.view = m.view;
    r.d.status = 'normal';
    r.d.lastNormal = m.view;
    r.replaceLog(m.log);
    r.saveView();
    r.dvc.clear();
    r.resetPrimaryState();
  }
  r.armElection();
  r.commitTo(m.commit);
  r.send(from, { type: 'prepare-ok', view: r.d.view, length: r.d.log.length, round: m.round });
}

/** Primary: a backup of its view lacks the view's log. */
export function onNeedState(r: Replica, from: NodeId, m: NeedStateMsg): void {
  if (m.view === r.d.view && r.activePrimary) sendStartView(r, from);
  else if (m.view > r.d.view) startViewChange(r, m.view, false);
}

/** Any server: a peer is in a newer view; join it. */
export function onStaleView(r: Replica, _from: NodeId, m: StaleViewMsg): void {
  if (m.view > r.d.view) startViewChange(r, m.view, false);
}
