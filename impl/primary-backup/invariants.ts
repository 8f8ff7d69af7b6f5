/**
 * Safety invariants of the primary-backup store over the live servers'
 * snapshots, as one record of named predicates (each returns a failure
 * detail or undefined). Crashed nodes are invisible to a WorldView, so each
 * predicate speaks about live nodes only. They run after every step, so
 * prefix comparisons are incremental: a replica's log array is append-only
 * until it is replaced by a new array, so an agreement verified between two
 * arrays stays verified.
 */
import { sameEntry, type Entry } from './messages.js';
import type { PbSnapshot } from './server.js';

/** Verified common-prefix lengths between pairs of log arrays. */
const verified = new WeakMap<readonly Entry[], WeakMap<readonly Entry[], number>>();

/** The first index below `n` where `a` and `b` differ (or one ends), undefined when they agree up to `n`. */
function agreeUpTo(a: readonly Entry[], b: readonly Entry[], n: number): number | undefined {
  if (a === b) return n <= a.length ? undefined : a.length;
  let byB = verified.get(a);
  const start = Math.min(byB?.get(b) ?? 0, n);
  for (let i = start; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined || !sameEntry(x, y)) return i;
  }
  if (n > start) {
    if (byB === undefined) verified.set(a, (byB = new WeakMap()));
    byB.set(b, n);
  }
  return undefined;
}

function highestPrimary(nodes: readonly PbSnapshot[]): PbSnapshot | undefined {
  let p: PbSnapshot | undefined;
  for (const s of nodes) if (s.activePrimary && (p === undefined || s.view > p.view)) p = s;
  return p;
}

/** The invariants, by name. */
export const pbInvariants = {
  /** No two live nodes act as installed primary of the same view. */
  singlePrimaryPerView(nodes: readonly PbSnapshot[]): string | undefined {
    const seen = new Map<number, string>();
    for (const s of nodes) {
      if (!s.activePrimary) continue;
      const other = seen.get(s.view);
      if (other !== undefined) return `${other} and ${s.id} are both primary of view ${s.view}`;
      seen.set(s.view, s.id);
    }
    return undefined;
  },

  /** Any two nodes' logs agree on the prefix both know to be committed. */
  committedPrefixAgreement(nodes: readonly PbSnapshot[]): string | undefined {
    for (const a of nodes) {
      if (a.commit > a.log.length) return `${a.id} commit ${a.commit} exceeds its log length ${a.log.length}`;
      for (const b of nodes) {
        if (a.id >= b.id) continue;
        const i = agreeUpTo(a.log, b.log, Math.min(a.commit, b.commit));
        if (i !== undefined) return `${a.id} and ${b.id} disagree on committed entry ${i}`;
      }
    }
    return undefined;
  },

  /** The primary of the highest installed view holds every entry a node committed in that view or earlier (nothing acknowledged is lost in a failover). */
  primaryHoldsCommitted(nodes: readonly PbSnapshot[]): string | undefined {
    const p = highestPrimary(nodes);
    if (p === undefined) return undefined;
    for (const x of nodes) {
      if (x === p || x.lastNormal > p.view) continue;
      const i = agreeUpTo(p.log, x.log, x.commit);
      if (i !== undefined) return `primary ${p.id} of view ${p.view} lacks entry ${i} committed at ${x.id}`;
    }
    return undefined;
  },

  /** A backup installed in the primary's view holds a prefix of the primary's log. */
  backupLogIsPrefix(nodes: readonly PbSnapshot[]): string | undefined {
    for (const p of nodes) {
      if (!p.activePrimary) continue;
      for (const x of nodes) {
        if (x === p || x.view !== p.view || x.status !== 'normal') continue;
        if (x.log.length > p.log.length) return `backup ${x.id} has ${x.log.length} entries, primary ${p.id} of view ${p.view} only ${p.log.length}`;
        const i = agreeUpTo(p.log, x.log, x.log.length);
        if (i !== undefined) return `backup ${x.id} differs from primary ${p.id} at entry ${i} in view ${p.view}`;
      }
    }
    return undefined;
  },
} as const;
