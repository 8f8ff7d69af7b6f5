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
 * committed list whenever it grows): committed entries are appended, the
 * latest leader's term is kept rather than searched for, and Log Matching
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
  raftInvariants, sameEntry, show,
  type CommittedEntry, type NodeName, type RaftEntry, type RaftNodeView, type RaftRole, type RaftView,
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

/** The five safety predicates and `observe` of spec/raft.ts over one mutable ghost (see the file comment). */
export class IncrementalRaftSafety {
  private readonly leaders = new Map<number, NodeName>();
  private latestTerm = -1;
  private readonly committed: CommittedEntry[] = [];
  /** Facts by log index, at most one per term. */
  private readonly facts: (Fact[] | undefined)[] = [];
  private readonly seen = new Map<NodeName, Seen>();

  /** Checks the step that just ran on `id`, then folds `id` into the ghost; undefined when `id` is not live (nothing to check). */
  step(view: RaftView, id: NodeName): RaftStepResults | undefined {
    const n = view.node(id);
    if (n === undefined) return undefined;
    const prev = this.seen.get(id);
    const k = firstChange(prev, n);
    const electionSafety = this.electionSafety(n, id);
    const leaderAppendOnly = appendOnly(n, id, prev, k);
    const logMatching = this.logMatching(n, id, k);
    const leaderCompleteness = this.leaderCompleteness(view, n, id, prev);
    const stateMachineSafety = this.stateMachineSafety(n, id, prev, k);
    this.observe(n, id, prev, k);
    if (electionSafety === undefined && leaderAppendOnly === undefined && logMatching === undefined && leaderCompleteness === undefined && stateMachineSafety === undefined) {
      return PASS;
    }
    return { electionSafety, leaderAppendOnly, logMatching, leaderCompleteness, stateMachineSafety };
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

  private leaderCompleteness(view: RaftView, n: RaftNodeView, id: NodeName, prev: Seen | undefined): string | undefined {
    const c = this.committed;
    const snap = n.snapshotIndex;
    if (n.role === 'leader' && (prev?.role !== 'leader' || prev.term !== n.term)) {
      for (let i = Math.max(1, snap + 1); i <= c.length; i++) {
        const e = c[i - 1]!;
        const mine = at(snap, n.log, i);
        if (e.committedIn < n.term && !sameEntry(mine, e)) {
          return `leader ${n.id} of term ${n.term} has ${show(mine)} at ${i}, but ${show(e)} was committed there in term ${e.committedIn}`;
        }
      }
    }
    if (n.commitIndex <= c.length) return undefined;
    const latest = this.latestTerm;
    const l = latest > n.term ? view.node(this.leaders.get(latest)!) : undefined;
    if (l === undefined || l.role !== 'leader' || l.term !== latest) return undefined;
    const to = Math.min(n.commitIndex, snap + n.log.length);
    for (let i = Math.max(c.length + 1, l.snapshotIndex + 1, snap + 1); i <= to; i++) {
      const mine = at(snap, n.log, i);
      const theirs = at(l.snapshotIndex, l.log, i);
      if (!sameEntry(theirs, mine)) return `${id} committed ${show(mine)} at ${i} in term ${n.term}, but leader ${l.id} of term ${l.term} has ${show(theirs)}`;
    }
    return undefined;
  }

  private stateMachineSafety(n: RaftNodeView, id: NodeName, prev: Seen | undefined, k: number): string | undefined {
    const c = this.committed;
    const snap = n.snapshotIndex;
    const from = Math.max(snap + 1, Math.min((prev?.commitIndex ?? 0) + 1, k));
    const to = Math.min(n.commitIndex, c.length);
    for (let i = from; i <= to; i++) {
      const e = c[i - 1]!;
      const mine = at(snap, n.log, i);
      if (!sameEntry(mine, e)) return `${id} has ${show(mine)} committed at ${i}, but ${show(e)} was committed there before`;
    }
    const s = snap > 0 ? c[snap - 1] : undefined;
    if (s !== undefined && s.term !== n.snapshotTerm) {
      return `${id}'s snapshot ends at ${snap} with term ${n.snapshotTerm}, but term ${s.term} was committed there`;
    }
    return undefined;
  }

  /** GHOST action (spec/raft.ts's `observe`): fold `n` into the history. */
  private observe(n: RaftNodeView, id: NodeName, prev: Seen | undefined, k: number): void {
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
    const upTo = Math.min(n.commitIndex, last);
    if (upTo > c.length && c.length >= snap) {
      for (let i = c.length + 1; i <= upTo; i++) {
        const e = log[i - snap - 1]!;
        c.push(e.command === undefined ? { term: e.term, committedIn: n.term } : { term: e.term, command: e.command, committedIn: n.term });
      }
    }
    if (prev === undefined) {
      this.seen.set(id, { role: n.role, term: n.term, commitIndex: n.commitIndex, snapshotIndex: snap, log: log.slice() });
      return;
    }
    const same = prev.snapshotIndex === snap && prev.snapshotIndex + prev.log.length === last && k > last;
    prev.role = n.role;
    prev.term = n.term;
    prev.commitIndex = n.commitIndex;
    prev.snapshotIndex = snap;
    if (!same) prev.log = log.slice();
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
