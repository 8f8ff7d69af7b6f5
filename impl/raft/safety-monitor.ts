/**
 * Incremental checking of spec/raft.ts's safety predicates over a running
 * world: after each step on node `i`, evaluate every predicate against the
 * ghost history, then fold `i` into it. One monitor per world, found by the
 * world's view object, so the descriptor's static `always` properties share
 * one ghost per run and evaluate the predicates once per step.
 *
 * FAST PATH: `IncrementalRaftSafety` computes what `raftInvariants` and then
 * `observe` of spec/raft.ts compute, message for message, but keeps the ghost
 * in private tables updated in place instead of building a new ghost per
 * step (a copy of the last-seen map and of the node's state, and of the whole
 * committed list whenever it grows): committed entries, the states reached
 * and each term's leader log are set in place (a leader's log is the copy
 * kept as its last-seen state, so it costs nothing more), the latest
 * leader's term is kept so a commit looks for later leaders only when there
 * are some, holes in the committed list are counted so that without any
 * only the part past its end is scanned, and Log Matching
 * facts are indexed by log index rather than by a string built per entry. A
 * node's log is still copied only when it changed, and old entry objects are
 * kept when it did not, exactly as `observe` does, since the messages print
 * them. spec/raft.ts stays the oracle: safety-monitor.test.ts checks on
 * random histories that both give the same failures at every step.
 */
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import type { NodeId } from '../actor.js';
import { jsonEqual } from '../../spec/json-value.js';
import {
  committedEntry, raftInvariants, reportsOf, sameEntry, show,
  type CommittedEntry, type NodeName, type RaftEntry, type RaftNodeView, type RaftReport, type RaftRole, type RaftView, type ReachedState,
} from '../../spec/raft.js';
import { raftView, type ServersView } from './abstraction.js';

/** The name of one of Raft's safety predicates. */
export type RaftInvariantName = keyof typeof raftInvariants;

/** Every predicate's failure on one step (undefined: it holds). */
export type RaftStepResults = { readonly [K in RaftInvariantName]: string | undefined };

const NAMES = Object.keys(raftInvariants) as RaftInvariantName[];
const PASS: RaftStepResults = { electionSafety: undefined, leaderAppendOnly: undefined, logMatching: undefined, leaderCompleteness: undefined, stateMachineSafety: undefined };

/** GHOST: the last observed state of one node, as far as the predicates compare with it. */
interface Seen {
  role: RaftRole;
  term: number;
  commitIndex: number;
  snapshotIndex: number;
  log: readonly RaftEntry[];
}

/** GHOST: the entry of term `term` at some index follows an entry of `prevTerm` and holds `command` (Log Matching). */
interface Fact {
  readonly term: number;
  readonly prevTerm: number;
  readonly command: JsonValue | undefined;
}

/** The entry at index `i` of a log that follows a snapshot ending at `snapshotIndex` (spec/raft.ts's `entryAt`). */
const at = (snapshotIndex: number, log: readonly RaftEntry[], i: number): RaftEntry | undefined => (i <= snapshotIndex ? undefined : log[i - snapshotIndex - 1]);

/** spec/raft.ts's `firstChange`: the first index at which `n`'s log may differ from `prev`'s. */
function firstChange(prev: Seen | undefined, n: RaftNodeView): number {
  const snap = n.snapshotIndex;
  if (prev === undefined) return snap + 1;
  const log = n.log;
  const plog = prev.log;
  const psnap = prev.snapshotIndex;
  const end = Math.min(snap + log.length, psnap + plog.length);
  for (let i = Math.max(snap, psnap) + 1; i <= end; i++) {
    const a = log[i - snap - 1];
    const b = plog[i - psnap - 1];
    if (a !== b && !sameEntry(a, b)) return i;
  }
  return Math.max(end + 1, snap + 1);
}

/** GHOST: the log of a term's leader as last observed while it led that term. */
interface LeaderLog {
  readonly id: NodeName;
  snapshotIndex: number;
  log: readonly RaftEntry[];
}

const NO_COMMITS: readonly [number, RaftEntry][] = [];

/** Whether one of the first `k` commits in `out` is at index `i`. */
function has(out: readonly [number, RaftEntry][] | undefined, k: number, i: number): boolean {
  for (let q = 0; q < k; q++) if (out![q]![0] === i) return true;
  return false;
}

/** A reported applied entry as an entry (spec/raft.ts's `reportedEntry`). */
const reportedEntry = (r: RaftReport & { kind: 'applied' }): RaftEntry => (r.command === undefined ? { term: r.term } : { term: r.term, command: r.command });

/** The five safety predicates and `observe` of spec/raft.ts over one mutable ghost (see the file comment). */
export class IncrementalRaftSafety {
  private readonly leaders = new Map<number, NodeName>();
  private readonly leaderLogs = new Map<number, LeaderLog>();
  private latestTerm = -1;
  /** `committed[i - 1]`: index i's entry; `holes` counts the unknown ones below the end. */
  private readonly committed: (CommittedEntry | undefined)[] = [];
  private holes = 0;
  /** `states[i]`: the state first reached at index i. */
  private readonly states: (ReachedState | undefined)[] = [];
  /** Facts by log index, at most one per term. */
  private readonly facts: (Fact[] | undefined)[] = [];
  private readonly seen = new Map<NodeName, Seen>();

  /** Checks the step that just ran on `id`, then folds `id` into the ghost; undefined when `id` is not live (nothing to check). */
  step(view: RaftView, id: NodeName): RaftStepResults | undefined {
    const n = view.node(id);
    if (n === undefined) return undefined;
    const prev = this.seen.get(id);
    const k = firstChange(prev, n);
    const reports = reportsOf(view, id);
    const fresh = this.newCommits(n, reports);
    const electionSafety = this.electionSafety(n, id);
    const leaderAppendOnly = appendOnly(n, id, prev, k);
    const logMatching = this.logMatching(n, id, k);
    const leaderCompleteness = this.leaderCompleteness(n, id, prev, fresh);
    const stateMachineSafety = this.stateMachineSafety(n, id, prev, k, reports);
    this.observe(n, id, prev, k, fresh, reports);
    if (electionSafety === undefined && leaderAppendOnly === undefined && logMatching === undefined && leaderCompleteness === undefined && stateMachineSafety === undefined) {
      return PASS;
    }
    return { electionSafety, leaderAppendOnly, logMatching, leaderCompleteness, stateMachineSafety };
  }

  /** spec/raft.ts's `newCommits`: what the step commits that the ghost does not know yet, reported entries first, by index. */
  private newCommits(n: RaftNodeView, reports: readonly RaftReport[]): readonly [number, RaftEntry][] {
    const c = this.committed;
    let out: [number, RaftEntry][] | undefined;
    for (const r of reports) {
      if (r.kind === 'applied' && c[r.index - 1] === undefined && !has(out, out?.length ?? 0, r.index)) (out ??= []).push([r.index, reportedEntry(r)]);
    }
    // A step's reports are few (one per entry applied): looking them up by a scan beats building a set.
    const reported = out?.length ?? 0;
    const snap = n.snapshotIndex;
    const to = Math.min(n.commitIndex, snap + n.log.length);
    for (let i = this.holes === 0 ? Math.max(snap + 1, c.length + 1) : snap + 1; i <= to; i++) {
      if (c[i - 1] === undefined && !has(out, reported, i)) (out ??= []).push([i, n.log[i - snap - 1]!]);
    }
    if (out === undefined) return NO_COMMITS;
    for (let k = 1; k < out.length; k++) {
      if (out[k - 1]![0] > out[k]![0]) return out.sort((a, b) => a[0] - b[0]);
    }
    return out;
  }

  private electionSafety(n: RaftNodeView, id: NodeName): string | undefined {
    if (n.role !== 'leader') return undefined;
    const other = this.leaders.get(n.term);
    return other !== undefined && other !== id ? `two leaders in term ${n.term}: ${other} and ${id}` : undefined;
  }

  private logMatching(n: RaftNodeView, id: NodeName, k: number): string | undefined {
    const snap = n.snapshotIndex;
    const log = n.log;
    for (let i = k; i <= snap + log.length; i++) {
      const fs = this.facts[i];
      if (fs === undefined) continue;
      const e = log[i - snap - 1]!;
      const f = fs.find((x) => x.term === e.term);
      if (f === undefined) continue;
      const prevTerm = i - 1 === snap ? n.snapshotTerm : log[i - snap - 2]!.term;
      if (f.prevTerm !== prevTerm || !jsonEqual(f.command, e.command)) {
        return `${id} has ${show(e)} at ${i} after term ${prevTerm}, elsewhere it is ${show({ term: e.term, command: f.command })} after term ${f.prevTerm}`;
      }
    }
    return undefined;
  }

  private leaderCompleteness(n: RaftNodeView, id: NodeName, prev: Seen | undefined, fresh: readonly [number, RaftEntry][]): string | undefined {
    const c = this.committed;
    const snap = n.snapshotIndex;
    if (n.role === 'leader' && (prev?.role !== 'leader' || prev.term !== n.term)) {
      for (let i = snap + 1; i <= c.length; i++) {
        const e = c[i - 1];
        if (e === undefined || e.committedIn >= n.term) continue;
        const mine = at(snap, n.log, i);
        if (!sameEntry(mine, e)) return `leader ${n.id} of term ${n.term} has ${show(mine)} at ${i}, but ${show(e)} was committed there in term ${e.committedIn}`;
      }
    }
    if (fresh.length === 0 || this.latestTerm <= n.term) return undefined;
    const later = [...this.leaderLogs.keys()].filter((t) => t > n.term).sort((a, b) => a - b);
    for (const [i, e] of fresh) {
      for (const t of later) {
        const l = this.leaderLogs.get(t)!;
        if (i <= l.snapshotIndex) continue;
        const theirs = at(l.snapshotIndex, l.log, i);
        if (!sameEntry(theirs, e)) return `${id} committed ${show(e)} at ${i} in term ${n.term}, but leader ${l.id} of term ${t} has ${show(theirs)}`;
      }
    }
    return undefined;
  }

  private stateMachineSafety(n: RaftNodeView, id: NodeName, prev: Seen | undefined, k: number, reports: readonly RaftReport[]): string | undefined {
    const c = this.committed;
    const snap = n.snapshotIndex;
    const from = Math.max(snap + 1, Math.min((prev?.commitIndex ?? 0) + 1, k));
    const to = Math.min(n.commitIndex, c.length);
    for (let i = from; i <= to; i++) {
      const e = c[i - 1];
      if (e === undefined) continue;
      const mine = at(snap, n.log, i);
      if (!sameEntry(mine, e)) return `${id} has ${show(mine)} committed at ${i}, but ${show(e)} was committed there before`;
    }
    const s = snap > 0 ? c[snap - 1] : undefined;
    if (s !== undefined && s.term !== n.snapshotTerm) {
      return `${id}'s snapshot ends at ${snap} with term ${n.snapshotTerm}, but term ${s.term} was committed there`;
    }
    for (let j = 0; j < reports.length; j++) {
      const r = reports[j]!;
      const i = r.index;
      const e = c[i - 1];
      if (r.kind === 'applied' && e !== undefined && (e.term !== r.term || !jsonEqual(e.command, r.command))) {
        return `${id} applied ${show(reportedEntry(r))} at ${i}, but ${show(e)} was committed there`;
      }
      if (r.kind === 'restored' && e !== undefined && e.term !== r.term) return `${id} restored a snapshot ending at ${i} with term ${r.term}, but term ${e.term} was committed there`;
      // The state first reached at i: the ghost's, else an earlier report of this step (spec/raft.ts's `reached`).
      const ghost = this.states[i];
      let digest = ghost?.digest;
      if (digest === undefined) for (let q = 0; q < j && digest === undefined; q++) if (reports[q]!.index === i) digest = reports[q]!.digest;
      if (digest !== undefined && digest !== r.digest) {
        const how = r.kind === 'applied' ? `after applying ${show(reportedEntry(r))} at ${i}` : `restored from a snapshot ending at ${i}`;
        return `${id}'s state ${how} has digest ${r.digest}, but ${ghost?.by ?? id} reached digest ${digest} there`;
      }
    }
    return undefined;
  }

  /** GHOST action (spec/raft.ts's `observe`): fold `n` into the history. */
  private observe(n: RaftNodeView, id: NodeName, prev: Seen | undefined, k: number, fresh: readonly [number, RaftEntry][], reports: readonly RaftReport[]): void {
    if (n.role === 'leader' && !this.leaders.has(n.term)) {
      this.leaders.set(n.term, id);
      this.latestTerm = Math.max(this.latestTerm, n.term);
    }
    const snap = n.snapshotIndex;
    const log = n.log;
    const last = snap + log.length;
    for (let i = k; i <= last; i++) {
      const e = log[i - snap - 1]!;
      const fs = this.facts[i];
      if (fs?.some((f) => f.term === e.term) === true) continue;
      const f: Fact = { term: e.term, prevTerm: i - 1 === snap ? n.snapshotTerm : log[i - snap - 2]!.term, command: e.command };
      if (fs === undefined) this.facts[i] = [f];
      else fs.push(f);
    }
    const c = this.committed;
    for (const [i, e] of fresh) {
      if (i <= c.length) this.holes--;
      else if (i > c.length + 1) this.holes += i - c.length - 1;
      c[i - 1] = committedEntry(e, n.term);
    }
    for (const r of reports) if (this.states[r.index] === undefined) this.states[r.index] = { digest: r.digest, by: id };
    let seen = prev;
    if (seen === undefined) this.seen.set(id, (seen = { role: n.role, term: n.term, commitIndex: n.commitIndex, snapshotIndex: snap, log: log.slice() }));
    else {
      const same = seen.snapshotIndex === snap && seen.snapshotIndex + seen.log.length === last && k > last;
      seen.role = n.role;
      seen.term = n.term;
      seen.commitIndex = n.commitIndex;
      seen.snapshotIndex = snap;
      if (!same) seen.log = log.slice();
    }
    if (n.role === 'leader' && this.leaders.get(n.term) === id) {
      const l = this.leaderLogs.get(n.term);
      if (l === undefined) this.leaderLogs.set(n.term, { id, snapshotIndex: snap, log: seen.log });
      else {
        l.snapshotIndex = snap;
        l.log = seen.log;
      }
    }
  }
}

/** Leader Append-Only over the diff `k` of `n`'s log against `prev` (spec/raft.ts's `leaderAppendOnly`). */
function appendOnly(n: RaftNodeView, id: NodeName, prev: Seen | undefined, k: number): string | undefined {
  if (n.role !== 'leader' || prev?.role !== 'leader' || prev.term !== n.term) return undefined;
  const last = n.snapshotIndex + n.log.length;
  const prevLast = prev.snapshotIndex + prev.log.length;
  if (last < prevLast) return `leader ${id} of term ${n.term} shrank its log from ${prevLast} to ${last} entries`;
  return k <= prevLast ? `leader ${id} of term ${n.term} replaced ${show(at(prev.snapshotIndex, prev.log, k))} at ${k} by ${show(at(n.snapshotIndex, n.log, k))}` : undefined;
}

/** What the monitor needs of a world view besides its servers: its step counter. */
export interface SteppedView extends ServersView {
  readonly steps: number;
}

/** The incremental safety monitor of one run. */
export class RaftSafetyMonitor {
  private safety = new IncrementalRaftSafety();
  private at = -1;
  private node: NodeId | undefined;
  private results: RaftStepResults = PASS;

  /** Check step `view.steps` on `node` (memoized per step) and return the failure of `name`, if any. */
  check(view: SteppedView, node: NodeId, name: RaftInvariantName): string | undefined {
    if (view.steps < this.at) this.safety = new IncrementalRaftSafety();
    if (view.steps !== this.at || node !== this.node) {
      this.at = view.steps;
      this.node = node;
      this.results = this.safety.step(raftView(view), node) ?? PASS;
    }
    const r = this.results;
    return r === PASS ? undefined : r[name];
  }

  /** Every failure of the last checked step. */
  failures(): Partial<Record<RaftInvariantName, string>> {
    const out: Partial<Record<RaftInvariantName, string>> = {};
    for (const k of NAMES) {
      const r = this.results[k];
      if (r !== undefined) out[k] = r;
    }
    return out;
  }
}

const monitors = new WeakMap<object, RaftSafetyMonitor>();

/** The monitor of the run whose world is `view`. */
export function monitorOf(view: object): RaftSafetyMonitor {
  let m = monitors.get(view);
  if (m === undefined) monitors.set(view, (m = new RaftSafetyMonitor()));
  return m;
}
