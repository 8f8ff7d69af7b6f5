/**
 * Raft's safety properties (Ongaro & Ousterhout 2014, Figure 3; the
 * invariants of `ongardie/raft.tla`) as named predicates over a spec-level
 * view of a cluster, checked incrementally: after each simulated step that
 * ran on node `i`, every predicate compares `i`'s state with the ghost
 * history, then `observe` folds `i`'s state into the history. Per step the
 * cost is proportional to the part of `i`'s log that changed (plus a scan of
 * a leader's own uncompacted log), never to the whole cluster's history.
 *
 * GHOST STATE: `RaftGhost` is a history variable, not part of any node: the
 * leader of every term, every entry ever committed (with the term of the
 * node that first reported it committed), the last observed state of each
 * node, and the (index, term) → (previous term, command) facts behind Log
 * Matching. The facts table is append-only and shared between successive
 * ghosts, so a ghost must be used linearly (no branching on old ghosts).
 *
 * Simulations run a faster equivalent with a mutable ghost
 * (impl/raft/safety-monitor.ts); this module is its oracle.
 */
import type { JsonValue } from '../traces/schema/trace-v1.js';
import { jsonEqual } from './json-value.js';

/** A server's name. */
export type NodeName = string;

/** One log entry: its term and command (a no-op has none). */
export interface RaftEntry {
  readonly term: number;
  readonly command?: JsonValue | undefined;
}

/** A server's role; a learner is a non-voting member catching up. */
export type RaftRole = 'follower' | 'candidate' | 'leader' | 'learner';

/** What the spec sees of one live server. `log[k]` is the entry at index snapshotIndex + 1 + k. */
export interface RaftNodeView {
  readonly id: NodeName;
  readonly role: RaftRole;
  readonly term: number;
  readonly votedFor: NodeName | null;
  readonly log: readonly RaftEntry[];
  readonly snapshotIndex: number;
  readonly snapshotTerm: number;
  readonly commitIndex: number;
}

/** The cluster as the spec sees it: its servers and, lazily, the live ones' states. */
export interface RaftView {
  readonly nodes: readonly NodeName[];
  node(id: NodeName): RaftNodeView | undefined;
}

/** An entry known committed, and the term of the server that first reported it committed (ghost). */
export interface CommittedEntry extends RaftEntry {
  readonly committedIn: number;
}

/** GHOST: the history the safety properties are about (see the file comment). */
export interface RaftGhost {
  readonly leaders: ReadonlyMap<number, NodeName>;
  readonly committed: readonly CommittedEntry[];
  readonly seen: ReadonlyMap<NodeName, RaftNodeView>;
  readonly facts: Map<string, { readonly prevTerm: number; readonly command: JsonValue | undefined }>;
}

/** The empty history. */
export function initGhost(): RaftGhost {
  return { leaders: new Map(), committed: [], seen: new Map(), facts: new Map() };
}

/** Index of a node's last entry. */
export const lastIndex = (n: RaftNodeView): number => n.snapshotIndex + n.log.length;

/** The entry at index `i` (undefined when compacted or absent). */
export const entryAt = (n: RaftNodeView, i: number): RaftEntry | undefined => (i <= n.snapshotIndex ? undefined : n.log[i - n.snapshotIndex - 1]);

/** The term at index `i`, the snapshot's at its own index (undefined when compacted or absent). */
export const termAt = (n: RaftNodeView, i: number): number | undefined => (i === n.snapshotIndex ? n.snapshotTerm : entryAt(n, i)?.term);

/** Whether two entries (or two absences) have the same term and command. */
export const sameEntry = (a: RaftEntry | undefined, b: RaftEntry | undefined): boolean =>
  a === b || (a !== undefined && b !== undefined && a.term === b.term && jsonEqual(a.command, b.command));

// One-entry cache: the predicates and `observe` of one step ask for the same diff.
let memo: { g: RaftGhost; n: RaftNodeView; k: number } | undefined;

/** The first index at which `n`'s log may differ from its last observed state (ghost diff; lastIndex + 1 when unchanged). */
export function firstChange(g: RaftGhost, n: RaftNodeView): number {
  if (memo !== undefined && memo.g === g && memo.n === n) return memo.k;
  const k = diff(g, n);
  memo = { g, n, k };
  return k;
}

function diff(g: RaftGhost, n: RaftNodeView): number {
  const prev = g.seen.get(n.id);
  const from = Math.max(n.snapshotIndex, prev?.snapshotIndex ?? 0) + 1;
  if (prev === undefined) return n.snapshotIndex + 1;
  const end = Math.min(lastIndex(n), lastIndex(prev));
  for (let i = from; i <= end; i++) if (!sameEntry(entryAt(n, i), entryAt(prev, i))) return i;
  return Math.max(end + 1, n.snapshotIndex + 1);
}

type Predicate = (g: RaftGhost, view: RaftView, node: NodeName) => string | undefined;

/** An entry as the failure messages show it. */
export const show = (e: RaftEntry | undefined): string => (e === undefined ? 'nothing' : `term ${e.term} ${JSON.stringify(e.command ?? 'no-op')}`);

/** Whether leader `n` holds every entry committed in a term before its own (from index `from`). */
function missingCommitted(g: RaftGhost, n: RaftNodeView, from: number): string | undefined {
  for (let i = Math.max(from, n.snapshotIndex + 1); i <= g.committed.length; i++) {
    const c = g.committed[i - 1]!;
    if (c.committedIn < n.term && !sameEntry(entryAt(n, i), c)) {
      return `leader ${n.id} of term ${n.term} has ${show(entryAt(n, i))} at ${i}, but ${show(c)} was committed there in term ${c.committedIn}`;
    }
  }
  return undefined;
}

/** Raft's five safety properties, each over the ghost before the step and the view after it. */
export const raftInvariants: Readonly<Record<'electionSafety' | 'leaderAppendOnly' | 'logMatching' | 'leaderCompleteness' | 'stateMachineSafety', Predicate>> = {
  /** At most one leader per term. */
  electionSafety(g, view, id) {
    const n = view.node(id);
    if (n?.role !== 'leader') return undefined;
    const other = g.leaders.get(n.term);
    return other !== undefined && other !== id ? `two leaders in term ${n.term}: ${other} and ${id}` : undefined;
  },
  /** A leader never overwrites or deletes entries in its log; it only appends. */
  leaderAppendOnly(g, view, id) {
    const n = view.node(id);
    const prev = g.seen.get(id);
    if (n?.role !== 'leader' || prev?.role !== 'leader' || prev.term !== n.term) return undefined;
    if (lastIndex(n) < lastIndex(prev)) return `leader ${id} of term ${n.term} shrank its log from ${lastIndex(prev)} to ${lastIndex(n)} entries`;
    const k = firstChange(g, n);
    return k <= lastIndex(prev) ? `leader ${id} of term ${n.term} replaced ${show(entryAt(prev, k))} at ${k} by ${show(entryAt(n, k))}` : undefined;
  },
  /** Two entries with the same index and term have the same command and the same predecessors (checked as: the same previous term). */
  logMatching(g, view, id) {
    const n = view.node(id);
    if (n === undefined) return undefined;
    for (let i = firstChange(g, n); i <= lastIndex(n); i++) {
      const e = entryAt(n, i)!;
      const f = g.facts.get(`${i}:${e.term}`);
      const prevTerm = termAt(n, i - 1);
      if (f !== undefined && (f.prevTerm !== prevTerm || !jsonEqual(f.command, e.command))) {
        return `${id} has ${show(e)} at ${i} after term ${prevTerm}, elsewhere it is ${show({ term: e.term, command: f.command })} after term ${f.prevTerm}`;
      }
    }
    return undefined;
  },
  /** A leader's log holds every entry committed in earlier terms (checked when it becomes leader and whenever more is committed). */
  leaderCompleteness(g, view, id) {
    const n = view.node(id);
    if (n === undefined) return undefined;
    const prev = g.seen.get(id);
    if (n.role === 'leader' && (prev?.role !== 'leader' || prev.term !== n.term)) {
      const miss = missingCommitted(g, n, 1);
      if (miss !== undefined) return miss;
    }
    if (n.commitIndex <= g.committed.length) return undefined;
    // New commits, made in term n.term: the leader of any later term must already hold them.
    let latest = -1;
    for (const t of g.leaders.keys()) latest = Math.max(latest, t);
    const l = latest > n.term ? view.node(g.leaders.get(latest)!) : undefined;
    if (l === undefined || l.role !== 'leader' || l.term !== latest) return undefined;
    for (let i = Math.max(g.committed.length + 1, l.snapshotIndex + 1, n.snapshotIndex + 1); i <= Math.min(n.commitIndex, lastIndex(n)); i++) {
      if (!sameEntry(entryAt(l, i), entryAt(n, i))) return `${id} committed ${show(entryAt(n, i))} at ${i} in term ${n.term}, but leader ${l.id} of term ${l.term} has ${show(entryAt(l, i))}`;
    }
    return undefined;
  },
  /** No two servers commit (and so apply) different entries at the same index. */
  stateMachineSafety(g, view, id) {
    const n = view.node(id);
    if (n === undefined) return undefined;
    const prevCommit = g.seen.get(id)?.commitIndex ?? 0;
    const from = Math.max(n.snapshotIndex + 1, Math.min(prevCommit + 1, firstChange(g, n)));
    const to = Math.min(n.commitIndex, g.committed.length);
    for (let i = from; i <= to; i++) {
      const c = g.committed[i - 1]!;
      if (!sameEntry(entryAt(n, i), c)) return `${id} has ${show(entryAt(n, i))} committed at ${i}, but ${show(c)} was committed there before`;
    }
    const s = g.committed[n.snapshotIndex - 1];
    if (s !== undefined && n.snapshotIndex > 0 && s.term !== n.snapshotTerm) {
      return `${id}'s snapshot ends at ${n.snapshotIndex} with term ${n.snapshotTerm}, but term ${s.term} was committed there`;
    }
    return undefined;
  },
};

/** GHOST action: fold node `id`'s state after a step into the history (leaders, commits, facts, last seen state). */
export function observe(g: RaftGhost, view: RaftView, id: NodeName): RaftGhost {
  const n = view.node(id);
  if (n === undefined) return g;
  let { leaders, committed } = g;
  if (n.role === 'leader' && !leaders.has(n.term)) leaders = new Map(leaders).set(n.term, id);
  for (let i = firstChange(g, n); i <= lastIndex(n); i++) {
    const e = entryAt(n, i)!;
    const key = `${i}:${e.term}`;
    if (!g.facts.has(key)) g.facts.set(key, { prevTerm: termAt(n, i - 1) ?? 0, command: e.command });
  }
  const upTo = Math.min(n.commitIndex, lastIndex(n));
  if (upTo > committed.length && committed.length >= n.snapshotIndex) {
    const more: CommittedEntry[] = [];
    for (let i = committed.length + 1; i <= upTo; i++) {
      const e = entryAt(n, i)!;
      more.push(e.command === undefined ? { term: e.term, committedIn: n.term } : { term: e.term, command: e.command, committedIn: n.term });
    }
    committed = committed.concat(more);
  }
  const prev = g.seen.get(id);
  const same = prev !== undefined && prev.snapshotIndex === n.snapshotIndex && lastIndex(prev) === lastIndex(n) && firstChange(g, n) > lastIndex(n);
  const seen = new Map(g.seen).set(id, { ...n, log: same ? prev.log : n.log.slice() });
  return { leaders, committed, seen, facts: g.facts };
}
