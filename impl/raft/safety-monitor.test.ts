/**
 * The monitor's fast path against its oracle: on random cluster histories
 * (appends, replication, overwritten suffixes, truncation, compaction —
 * often in the step that commits and applies —, snapshot installs, role and
 * term changes, crashes and disk loss, entries replaced by equal copies
 * whose commands list their keys in another order), with the state-machine
 * reports of each step (every entry applied, with a digest that now and
 * then disagrees, and every snapshot restored), `IncrementalRaftSafety`
 * gives exactly the failures — the same predicates, the same messages —
 * that spec/raft.ts's `raftInvariants` then `observe` give, at every step.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import { initGhost, observe, raftInvariants, type RaftEntry, type RaftGhost, type RaftNodeView, type RaftReport, type RaftRole, type RaftView } from '../../spec/raft.js';
import { IncrementalRaftSafety, type RaftInvariantName } from './safety-monitor.js';

const IDS = ['n1', 'n2', 'n3', 'n4'];
const ROLES: readonly RaftRole[] = ['follower', 'candidate', 'leader', 'learner'];
// Two of the commands are equal as JSON but print differently: which copy the ghost keeps shows in messages.
const COMMANDS: readonly (JsonValue | undefined)[] = [undefined, 'a', 'b', { k: 'x', v: 1 }, { v: 1, k: 'x' }, { k: 'y', v: 2 }];
const KINDS = ['append', 'replicate', 'overwrite', 'truncate', 'commit', 'compact', 'install', 'role', 'lead', 'crash', 'restart', 'clone', 'nothing'] as const;

/** One server as the history mutates it: its log array is changed in place, as a RaftServer's is. */
interface Server {
  live: boolean;
  role: RaftRole;
  term: number;
  log: RaftEntry[];
  snapshotIndex: number;
  snapshotTerm: number;
  commitIndex: number;
  applied: number;
}

interface Action {
  readonly node: number;
  readonly kind: (typeof KINDS)[number];
  readonly a: number;
  readonly b: number;
}

const action: fc.Arbitrary<Action> = fc.record({ node: fc.nat(IDS.length - 1), kind: fc.constantFrom(...KINDS), a: fc.nat(12), b: fc.nat(12) });

const entry = (term: number, command: JsonValue | undefined): RaftEntry => (command === undefined ? { term } : { term, command });
const last = (s: Server): number => s.snapshotIndex + s.log.length;
const termAt = (s: Server, i: number): number | undefined => (i === s.snapshotIndex ? s.snapshotTerm : i < s.snapshotIndex ? undefined : s.log[i - s.snapshotIndex - 1]?.term);
const reordered = (c: JsonValue | undefined): JsonValue | undefined =>
  c !== null && typeof c === 'object' && !Array.isArray(c) ? Object.fromEntries(Object.entries(c).reverse()) : c;

/** A state digest after index `i` of term `term`: agreed on by every server, except now and then (per action). */
const digest = (i: number, term: number, x: Action): number => i * 100 + term + ((x.a + x.b + i) % 11 === 0 ? 50 : 0);

/** `s` applies what it has committed and still holds, reporting each entry; some actions report the last one twice. */
function applyCommitted(s: Server, x: Action, out: RaftReport[]): void {
  for (let i = Math.max(s.applied, s.snapshotIndex) + 1; i <= Math.min(s.commitIndex, last(s)); i++) {
    const e = s.log[i - s.snapshotIndex - 1]!;
    out.push({ kind: 'applied', index: i, term: e.term, command: e.command, digest: digest(i, e.term, x) });
    s.applied = i;
  }
  const end = out[out.length - 1];
  if (end !== undefined && x.b % 13 === 0) out.push({ ...end, digest: end.digest + 1 });
}

/** `s` restored its snapshot (at start or installed), reporting it. */
function restored(s: Server, x: Action, out: RaftReport[]): void {
  s.applied = s.snapshotIndex;
  // Now and then the report names another term than the snapshot's (a server that restored something else).
  const term = s.snapshotTerm + (x.b % 7 === 0 ? 1 : 0);
  if (s.snapshotIndex > 0) out.push({ kind: 'restored', index: s.snapshotIndex, term, digest: digest(s.snapshotIndex, term, x) });
}

/** Applies `x` to the cluster (see the file comment); returns what the node reported. */
function apply(cluster: Server[], x: Action): RaftReport[] {
  const out: RaftReport[] = [];
  act(cluster, x, out);
  return out;
}

function act(cluster: Server[], x: Action, out: RaftReport[]): void {
  const s = cluster[x.node]!;
  const src = cluster[x.a % cluster.length]!;
  switch (x.kind) {
    case 'append':
      for (let k = 0; k <= x.a % 3; k++) s.log.push(entry(x.b % 3 === 0 ? 1 + (x.b % 4) : s.term, COMMANDS[(x.a + x.b + k) % COMMANDS.length]));
      return;
    case 'replicate': {
      // AppendEntries from `src`: keep what precedes the first index both hold, then take src's entries (shared or copied).
      const from = Math.max(s.snapshotIndex, src.snapshotIndex) + 1;
      if (from - 1 > last(s)) return;
      s.log.length = from - s.snapshotIndex - 1;
      for (let i = from; i <= last(src); i++) {
        const e = src.log[i - src.snapshotIndex - 1]!;
        s.log.push(x.b % 2 === 0 ? e : entry(e.term, e.command));
      }
      s.term = Math.max(s.term, src.term);
      s.commitIndex = Math.max(s.commitIndex, Math.min(src.commitIndex, last(s)));
      applyCommitted(s, x, out);
      return;
    }
    case 'overwrite':
      // A conflicting suffix replaced within one step.
      s.log.length = x.a % (s.log.length + 1);
      for (let k = 0; k <= x.b % 2; k++) s.log.push(entry(s.term, COMMANDS[(x.a + x.b + k) % COMMANDS.length]));
      return;
    case 'truncate':
      s.log.length = x.a % (s.log.length + 1);
      return;
    case 'commit':
      s.commitIndex = x.b % 4 === 0 ? x.a : Math.min(last(s), s.commitIndex + 1 + (x.a % 3));
      if (x.a % 2 === 0) applyCommitted(s, x, out);
      return;
    case 'compact': {
      // Often in the step that commits and applies (as a RaftServer does).
      if (x.b % 2 === 0) {
        s.commitIndex = Math.max(s.commitIndex, Math.min(last(s), s.commitIndex + 1 + (x.a % 4)));
        applyCommitted(s, x, out);
      }
      const to = s.snapshotIndex + (x.a % (s.log.length + 1));
      if (to === s.snapshotIndex) return;
      s.snapshotTerm = termAt(s, to)!;
      s.log = s.log.slice(to - s.snapshotIndex);
      s.snapshotIndex = to;
      return;
    }
    case 'install':
      if (src.snapshotIndex <= s.snapshotIndex && x.b % 2 === 0) return;
      s.log = x.b % 3 === 0 && last(s) > src.snapshotIndex ? s.log.slice(Math.max(0, src.snapshotIndex - s.snapshotIndex)) : [];
      s.snapshotIndex = src.snapshotIndex;
      s.snapshotTerm = src.snapshotTerm;
      s.commitIndex = Math.max(s.commitIndex, s.snapshotIndex);
      restored(s, x, out);
      return;
    case 'role':
      s.role = ROLES[x.a % ROLES.length]!;
      s.term = 1 + (x.b % 5);
      return;
    case 'lead':
      s.role = 'leader';
      s.term += x.a % 2;
      return;
    case 'crash':
      s.live = false;
      return;
    case 'restart':
      s.live = true;
      s.role = 'follower';
      if (x.a % 3 === 0) Object.assign(s, { log: [], snapshotIndex: 0, snapshotTerm: 0, commitIndex: 0, role: 'learner' });
      s.commitIndex = Math.max(s.commitIndex, s.snapshotIndex);
      restored(s, x, out);
      return;
    case 'clone':
      for (let i = 0; i < s.log.length; i++) if ((i + x.a) % 2 === 0) s.log[i] = entry(s.log[i]!.term, reordered(s.log[i]!.command));
      return;
    case 'nothing':
      return;
  }
}

/** The cluster as a spec view with `id`'s reports; like `raftView`, each node's view is built once, with the server's own log array. */
function viewOf(cluster: readonly Server[], id: string, reports: readonly RaftReport[]): RaftView {
  const built = new Map<string, RaftNodeView | undefined>();
  return {
    nodes: IDS,
    reports: (n) => (n === id ? reports : []),
    node(id) {
      if (!built.has(id)) {
        const s = cluster[IDS.indexOf(id)];
        built.set(id, s === undefined || !s.live ? undefined : { id, role: s.role, term: s.term, votedFor: null, log: s.log, snapshotIndex: s.snapshotIndex, snapshotTerm: s.snapshotTerm, commitIndex: s.commitIndex });
      }
      return built.get(id);
    },
  };
}

type Failures = [RaftInvariantName, string][];

/** Plays `actions`, each followed by a step on its node; returns the failures of every step by the oracle and by the fast path. */
function play(actions: readonly Action[]): { oracle: Failures[]; fast: Failures[] } {
  const cluster: Server[] = IDS.map(() => ({ live: true, role: 'follower', term: 1, log: [], snapshotIndex: 0, snapshotTerm: 0, commitIndex: 0, applied: 0 }));
  let g: RaftGhost = initGhost();
  const inc = new IncrementalRaftSafety();
  const oracle: Failures[] = [];
  const fast: Failures[] = [];
  for (const x of actions) {
    const reports = apply(cluster, x);
    const id = IDS[x.node]!;
    const view = viewOf(cluster, id, reports);
    const o: Failures = [];
    if (view.node(id) !== undefined) {
      for (const k of Object.keys(raftInvariants) as RaftInvariantName[]) {
        const r = raftInvariants[k](g, view, id);
        if (r !== undefined) o.push([k, r]);
      }
      g = observe(g, view, id);
    }
    oracle.push(o);
    const f = inc.step(viewOf(cluster, id, reports), id);
    fast.push(f === undefined ? [] : (Object.entries(f).filter(([, v]) => v !== undefined) as Failures));
  }
  return { oracle, fast };
}

const histories = fc.array(action, { minLength: 1, maxLength: 80, size: 'max' });

describe('IncrementalRaftSafety', () => {
  test.prop([histories], { numRuns: 400 })('gives the failures of spec/raft.ts at every step', (actions) => {
    const { oracle, fast } = play(actions);
    expect(fast).toEqual(oracle);
  });

  it('the random histories reach every predicate (the comparison is not vacuous)', () => {
    const failed = new Set<string>();
    for (const actions of fc.sample(histories, { numRuns: 300, seed: 7 })) for (const step of play(actions).oracle) for (const [k] of step) failed.add(k);
    expect([...failed].sort()).toEqual(Object.keys(raftInvariants).sort());
  });

  it("the random histories reach every kind of failure of the ghost's commits, states and leaders' logs", () => {
    const kinds = [/committed .* at \d+ in term \d+, but leader/, /applied .* but .* was committed there/, /state after applying .* has digest/, /restored from a snapshot .* has digest/, /restored a snapshot ending/];
    const seen = new Set<number>();
    for (const actions of fc.sample(histories, { numRuns: 300, seed: 7 })) {
      for (const step of play(actions).oracle) for (const [, m] of step) kinds.forEach((k, i) => k.test(m) && seen.add(i));
    }
    expect([...seen].sort()).toEqual(kinds.map((_, i) => i));
  });
});
