/**
 * Raft's safety properties (Ongaro & Ousterhout 2014, Figure 3; the
 * invariants of `ongardie/raft.tla`) as named predicates over a spec-level
 * view of a cluster, checked incrementally: after each simulated step that
 * ran on node `i`, every predicate compares `i`'s state with the ghost
 * history, then `observe` folds `i`'s state into the history. Per step the
 * cost is proportional to the part of `i`'s log that changed (plus a scan of
 * a leader's own uncompacted log), never to the whole cluster's history.
 *
 * Besides its state, a step may carry what `i` reported of its state
 * machine (`RaftView.reports`): each entry it applied, with a digest of the
 * state that entry led to (spec/state-digest.ts), and each snapshot it
 * restored (at start or installed from a leader), with the snapshot's index
 * and term and the digest of the restored state. A server may commit,
 * apply and compact entries in one step, so its log alone cannot tell the
 * ghost what it committed: the reports can.
 *
 * GHOST STATE: `RaftGhost` is a history variable, not part of any node: the
 * leader of every term and its log as last observed while it led, every
 * entry ever committed (with the term of the node that first reported it
 * committed; learned from a server's log up to its commit index and from
 * what it reports applying), the digest of the state first reached at each
 * index, the last observed state of each node, and the (index, term) →
 * (previous term, command) facts behind Log Matching. The facts table is
 * append-only and shared between successive ghosts, so a ghost must be used
 * linearly (no branching on old ghosts).
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

/** What a server reported of its state machine in a step: an entry it applied, or a snapshot it restored; `digest` is the state's after it. */
export type RaftReport =
  | { readonly kind: 'applied'; readonly index: number; readonly term: number; readonly command?: JsonValue | undefined; readonly digest: number }
  | { readonly kind: 'restored'; readonly index: number; readonly term: number; readonly digest: number };

/** The cluster as the spec sees it: its servers, lazily the live ones' states, and what a server reported in the step just run. */
export interface RaftView {
  readonly nodes: readonly NodeName[];
  node(id: NodeName): RaftNodeView | undefined;
  /** The reports server `id` made in the step just run, in order (none when absent). */
  reports?(id: NodeName): readonly RaftReport[];
}

/** An entry known committed, and the term of the server that first reported it committed (ghost). */
export interface CommittedEntry extends RaftEntry {
  readonly committedIn: number;
}

/** The digest of the state first reached at an index, and the server that reached it (ghost). */
export interface ReachedState {
  readonly digest: number;
  readonly by: NodeName;
}

/** GHOST: the history the safety properties are about (see the file comment). `committed[i - 1]` is index i's entry (holes: unknown). */
export interface RaftGhost {
  readonly leaders: ReadonlyMap<number, NodeName>;
  /** Per term, its leader as last observed while it led that term. */
  readonly leaderLogs: ReadonlyMap<number, RaftNodeView>;
  readonly committed: readonly (CommittedEntry | undefined)[];
  /** By index. */
  readonly states: ReadonlyMap<number, ReachedState>;
  readonly seen: ReadonlyMap<NodeName, RaftNodeView>;
  readonly facts: Map<string, { readonly prevTerm: number; readonly command: JsonValue | undefined }>;
}

/** The empty history. */
export function initGhost(): RaftGhost {
  return { leaders: new Map(), leaderLogs: new Map(), committed: [], states: new Map(), seen: new Map(), facts: new Map() };
}

const NO_REPORTS: readonly RaftReport[] = [];

/** What `id` reported in the step just run. */
export const reportsOf = (view: RaftView, id: NodeName): readonly RaftReport[] => view.reports?.(id) ?? NO_REPORTS;

/** A committed entry with its committing term. */
export const committedEntry = (e: RaftEntry, committedIn: number): CommittedEntry =>
  e.command === undefined ? { term: e.term, committedIn } : { term: e.term, command: e.command, committedIn };

/** The report of an applied entry as an entry. */
const reportedEntry = (r: RaftReport & { kind: 'applied' }): RaftEntry => (r.command === undefined ? { term: r.term } : { term: r.term, command: r.command });

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

/**
 * The entries the step on `id` commits that the ghost does not know yet, by index: the ones `id`
 * reported applying, then the ones its log holds up to its commit index.
 */
export function newCommits(g: RaftGhost, view: RaftView, id: NodeName): [number, RaftEntry][] {
  const n = view.node(id);
  if (n === undefined) return [];
  const found = new Map<number, RaftEntry>();
  for (const r of reportsOf(view, id)) {
    if (r.kind === 'applied' && g.committed[r.index - 1] === undefined && !found.has(r.index)) found.set(r.index, reportedEntry(r));
  }
  for (let i = n.snapshotIndex + 1; i <= Math.min(n.commitIndex, lastIndex(n)); i++) {
    if (g.committed[i - 1] === undefined && !found.has(i)) found.set(i, entryAt(n, i)!);
  }
  return [...found].sort(([a], [b]) => a - b);
}

/** Whether leader `n` holds every entry committed in a term before its own (after its snapshot). */
function missingCommitted(g: RaftGhost, n: RaftNodeView): string | undefined {
  for (let i = n.snapshotIndex + 1; i <= g.committed.length; i++) {
    const c = g.committed[i - 1];
    if (c !== undefined && c.committedIn < n.term && !sameEntry(entryAt(n, i), c)) {
      return `leader ${n.id} of term ${n.term} has ${show(entryAt(n, i))} at ${i}, but ${show(c)} was committed there in term ${c.committedIn}`;
    }
  }
  return undefined;
}

/** The state first reached at index `i`, by the ghost or by an earlier report of this step (`mine`). */
const reached = (g: RaftGhost, mine: Map<number, ReachedState>, i: number): ReachedState | undefined => g.states.get(i) ?? mine.get(i);

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
  /**
   * A leader's log holds every entry committed in earlier terms: checked when it becomes leader, and
   * whenever more is committed, against the log every leader of a later term had as last observed
   * while it led (whether or not it still leads): that log must hold the entry unless its snapshot
   * covers the index. (What a leader appends later cannot replace it: Leader Append-Only.)
   */
  leaderCompleteness(g, view, id) {
    const n = view.node(id);
    if (n === undefined) return undefined;
    const prev = g.seen.get(id);
    if (n.role === 'leader' && (prev?.role !== 'leader' || prev.term !== n.term)) {
      const miss = missingCommitted(g, n);
      if (miss !== undefined) return miss;
    }
    const fresh = newCommits(g, view, id);
    if (fresh.length === 0) return undefined;
    const later = [...g.leaderLogs.keys()].filter((t) => t > n.term).sort((a, b) => a - b);
    for (const [i, e] of fresh) {
      for (const t of later) {
        const l = g.leaderLogs.get(t)!;
        if (i > l.snapshotIndex && !sameEntry(entryAt(l, i), e)) {
          return `${id} committed ${show(e)} at ${i} in term ${n.term}, but leader ${l.id} of term ${t} has ${show(entryAt(l, i))}`;
        }
      }
    }
    return undefined;
  },
  /**
   * No two servers commit (and so apply) different entries at the same index, and every server's state
   * after applying index i (or restoring a snapshot ending at i) is the one first reached at i.
   */
  stateMachineSafety(g, view, id) {
    const n = view.node(id);
    if (n === undefined) return undefined;
    const prevCommit = g.seen.get(id)?.commitIndex ?? 0;
    const from = Math.max(n.snapshotIndex + 1, Math.min(prevCommit + 1, firstChange(g, n)));
    const to = Math.min(n.commitIndex, g.committed.length);
    for (let i = from; i <= to; i++) {
      const c = g.committed[i - 1];
      if (c !== undefined && !sameEntry(entryAt(n, i), c)) return `${id} has ${show(entryAt(n, i))} committed at ${i}, but ${show(c)} was committed there before`;
    }
    const s = g.committed[n.snapshotIndex - 1];
    if (s !== undefined && n.snapshotIndex > 0 && s.term !== n.snapshotTerm) {
      return `${id}'s snapshot ends at ${n.snapshotIndex} with term ${n.snapshotTerm}, but term ${s.term} was committed there`;
    }
    const mine = new Map<number, ReachedState>();
    for (const r of reportsOf(view, id)) {
      const i = r.index;
      const c = g.committed[i - 1];
      if (r.kind === 'applied' && c !== undefined && !sameEntry(reportedEntry(r), c)) return `${id} applied ${show(reportedEntry(r))} at ${i}, but ${show(c)} was committed there`;
      if (r.kind === 'restored' && c !== undefined && c.term !== r.term) return `${id} restored a snapshot ending at ${i} with term ${r.term}, but term ${c.term} was committed there`;
      const first = reached(g, mine, i);
      if (first === undefined) mine.set(i, { digest: r.digest, by: id });
      else if (first.digest !== r.digest) {
        const how = r.kind === 'applied' ? `after applying ${show(reportedEntry(r))} at ${i}` : `restored from a snapshot ending at ${i}`;
        return `${id}'s state ${how} has digest ${r.digest}, but ${first.by} reached digest ${first.digest} there`;
      }
    }
    return undefined;
  },
};

/** GHOST action: fold node `id`'s state after a step into the history (leaders and their logs, commits, states reached, facts, last seen state). */
export function observe(g: RaftGhost, view: RaftView, id: NodeName): RaftGhost {
  const n = view.node(id);
  if (n === undefined) return g;
  let { leaders, leaderLogs, committed, states } = g;
  if (n.role === 'leader' && !leaders.has(n.term)) leaders = new Map(leaders).set(n.term, id);
  for (let i = firstChange(g, n); i <= lastIndex(n); i++) {
    const e = entryAt(n, i)!;
    const key = `${i}:${e.term}`;
    if (!g.facts.has(key)) g.facts.set(key, { prevTerm: termAt(n, i - 1) ?? 0, command: e.command });
  }
  const fresh = newCommits(g, view, id);
  if (fresh.length > 0) {
    const more = committed.slice();
    for (const [i, e] of fresh) more[i - 1] = committedEntry(e, n.term);
    committed = more;
  }
  for (const r of reportsOf(view, id)) {
    if (!states.has(r.index)) states = new Map(states).set(r.index, { digest: r.digest, by: id });
  }
  const prev = g.seen.get(id);
  const same = prev !== undefined && prev.snapshotIndex === n.snapshotIndex && lastIndex(prev) === lastIndex(n) && firstChange(g, n) > lastIndex(n);
  const now: RaftNodeView = { ...n, log: same ? prev.log : n.log.slice() };
  const seen = new Map(g.seen).set(id, now);
  if (n.role === 'leader' && leaders.get(n.term) === id) leaderLogs = new Map(leaderLogs).set(n.term, now);
  return { leaders, leaderLogs, committed, states, seen, facts: g.facts };
}
