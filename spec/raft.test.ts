import { describe, expect, it } from 'vitest';
import { initGhost, observe, raftInvariants, type RaftEntry, type RaftGhost, type RaftNodeView, type RaftReport, type RaftView } from './raft.js';

type Name = keyof typeof raftInvariants;

const e = (term: number, command?: string): RaftEntry => (command === undefined ? { term } : { term, command });
const node = (id: string, o: Partial<RaftNodeView> = {}): RaftNodeView => ({
  id, role: 'follower', term: 1, votedFor: null, log: [], snapshotIndex: 0, snapshotTerm: 0, commitIndex: 0, ...o,
});
const viewOf = (...ns: RaftNodeView[]): RaftView => ({ nodes: ns.map((n) => n.id), node: (id) => ns.find((n) => n.id === id) });
/** `view` in a step in which the stepping node reported `rs`. */
const reporting = (view: RaftView, rs: RaftReport[]): RaftView => ({ ...view, reports: () => rs });
/** Reports of applying `entries` from index `from` on, each state's digest being `digest(index)`. */
const applied = (from: number, entries: RaftEntry[], digest = (i: number): number => 100 + i): RaftReport[] =>
  entries.map((x, k) => ({ kind: 'applied', index: from + k, term: x.term, command: x.command, digest: digest(from + k) }));

/** Check every predicate on `id` against `g`, then observe; returns the failures and the next ghost. */
function step(g: RaftGhost, view: RaftView, id: string): { fails: Partial<Record<Name, string>>; g: RaftGhost } {
  const fails: Partial<Record<Name, string>> = {};
  for (const k of Object.keys(raftInvariants) as Name[]) {
    const r = raftInvariants[k](g, view, id);
    if (r !== undefined) fails[k] = r;
  }
  return { fails, g: observe(g, view, id) };
}

/** Run a sequence of (view, node) steps; return the failures of the last one (earlier ones must pass). */
function run(steps: readonly [RaftView, string][]): Partial<Record<Name, string>> {
  let g = initGhost();
  let last: Partial<Record<Name, string>> = {};
  steps.forEach(([v, id], i) => {
    const r = step(g, v, id);
    if (i < steps.length - 1) expect(r.fails).toEqual({});
    last = r.fails;
    g = r.g;
  });
  return last;
}

const LOG = [e(1), e(1, 'a'), e(1, 'b')];

describe('Raft safety predicates', () => {
  it('hold on a good history: election, replication, commit, snapshot, new leader', () => {
    const l1 = node('n1', { role: 'leader', log: LOG, commitIndex: 3 });
    const f2 = node('n2', { log: LOG, commitIndex: 3 });
    const f3 = node('n3', { log: [], snapshotIndex: 3, snapshotTerm: 1, commitIndex: 3 });
    const l2 = node('n2', { role: 'leader', term: 2, log: [...LOG, e(2)], commitIndex: 3 });
    expect(run([[viewOf(l1), 'n1'], [viewOf(l1, f2), 'n2'], [viewOf(l1, f2, f3), 'n3'], [viewOf(l1, l2, f3), 'n2']])).toEqual({});
  });

  it('electionSafety fails on two leaders in one term', () => {
    const a = node('n1', { role: 'leader' });
    const b = node('n2', { role: 'leader' });
    expect(run([[viewOf(a, b), 'n1'], [viewOf(a, b), 'n2']]).electionSafety).toMatch(/two leaders in term 1/);
  });

  it('leaderAppendOnly fails when a leader overwrites an entry', () => {
    const before = node('n1', { role: 'leader', log: LOG });
    const after = node('n1', { role: 'leader', log: [e(1), e(1, 'a'), e(1, 'X')] });
    expect(run([[viewOf(before), 'n1'], [viewOf(after), 'n1']]).leaderAppendOnly).toMatch(/replaced/);
  });

  it('leaderAppendOnly fails when a leader drops entries', () => {
    const before = node('n1', { role: 'leader', log: LOG });
    const after = node('n1', { role: 'leader', log: LOG.slice(0, 2) });
    expect(run([[viewOf(before), 'n1'], [viewOf(after), 'n1']]).leaderAppendOnly).toMatch(/shrank/);
  });

  it('logMatching fails on the same index and term with another command or predecessor', () => {
    const a = node('n1', { log: LOG });
    const b = node('n2', { log: [e(1), e(1, 'a'), e(1, 'other')] });
    expect(run([[viewOf(a, b), 'n1'], [viewOf(a, b), 'n2']]).logMatching).toMatch(/at 3/);
    const c = node('n3', { log: [e(1), e(2, 'z'), e(1, 'b')] });
    expect(run([[viewOf(a, c), 'n1'], [viewOf(a, c), 'n3']]).logMatching).toMatch(/after term 2/);
  });

  it('leaderCompleteness fails when a later leader lacks a committed entry (Figure 8)', () => {
    const committer = node('n1', { role: 'leader', term: 4, log: [e(1), e(2, 'x')], commitIndex: 2 });
    const usurper = node('n5', { role: 'leader', term: 5, log: [e(1), e(3, 'y')] });
    expect(run([[viewOf(committer), 'n1'], [viewOf(committer, usurper), 'n5']]).leaderCompleteness).toMatch(/committed there in term 4/);
  });

  it('leaderCompleteness fails when an old leader commits what a newer leader lacks', () => {
    const newer = node('n2', { role: 'leader', term: 3, log: [e(1)] });
    const old = node('n1', { role: 'leader', term: 2, log: [e(1), e(2, 'x')], commitIndex: 2 });
    expect(run([[viewOf(newer, old), 'n2'], [viewOf(newer, old), 'n1']]).leaderCompleteness).toMatch(/leader n2 of term 3/);
  });

  it('leaderCompleteness allows a stale lower-term leader to lack entries committed later', () => {
    const committer = node('n1', { role: 'leader', term: 3, log: [e(1), e(3, 'x')], commitIndex: 2 });
    const stale = node('n2', { role: 'leader', term: 2, log: [e(1)] });
    expect(run([[viewOf(committer), 'n1'], [viewOf(committer, stale), 'n2']]).leaderCompleteness).toBeUndefined();
  });

  it('stateMachineSafety fails when two servers commit different entries at one index', () => {
    const a = node('n1', { log: LOG, commitIndex: 3 });
    const b = node('n2', { term: 2, log: [e(1), e(1, 'a'), e(2, 'c')], commitIndex: 3 });
    expect(run([[viewOf(a), 'n1'], [viewOf(a, b), 'n2']]).stateMachineSafety).toMatch(/committed at 3/);
  });

  it('stateMachineSafety fails when a committed entry is later overwritten on the same server', () => {
    const a = node('n1', { log: LOG, commitIndex: 3 });
    const a2 = node('n1', { term: 2, log: [e(1), e(1, 'a'), e(2, 'c')], commitIndex: 3 });
    expect(run([[viewOf(a), 'n1'], [viewOf(a2), 'n1']]).stateMachineSafety).toMatch(/committed at 3/);
  });

  it('stateMachineSafety fails on a snapshot whose last term disagrees with the committed entry', () => {
    const a = node('n1', { log: LOG, commitIndex: 3 });
    const b = node('n2', { snapshotIndex: 3, snapshotTerm: 2, commitIndex: 3 });
    expect(run([[viewOf(a), 'n1'], [viewOf(a, b), 'n2']]).stateMachineSafety).toMatch(/snapshot/);
  });

  it('stateMachineSafety still sees entries a server committed and compacted in one step', () => {
    // n1 commits 1..3 and snapshots them in the same step: its log no longer shows them, its reports do.
    const before = node('n1', { role: 'leader', log: LOG });
    const compacted = node('n1', { role: 'leader', log: [], snapshotIndex: 3, snapshotTerm: 1, commitIndex: 3 });
    const other = node('n2', { term: 2, log: [e(1), e(1, 'a'), e(2, 'c')], commitIndex: 3 });
    const steps: [RaftView, string][] = [[viewOf(before), 'n1'], [reporting(viewOf(compacted), applied(1, LOG)), 'n1'], [viewOf(compacted, other), 'n2']];
    expect(run(steps).stateMachineSafety).toMatch(/n2 has term 2 "c" committed at 3, but term 1 "b" was committed there before/);
  });

  it('stateMachineSafety fails when a server applies an entry other than the one committed', () => {
    const a = node('n1', { log: LOG, commitIndex: 3 });
    // n2 applied z at 3 and compacted it in the same step: only its report shows what it applied.
    const b = node('n2', { log: [], snapshotIndex: 3, snapshotTerm: 1, commitIndex: 3 });
    const steps: [RaftView, string][] = [[reporting(viewOf(a), applied(1, LOG)), 'n1'], [reporting(viewOf(a, b), applied(3, [e(1, 'z')])), 'n2']];
    expect(run(steps).stateMachineSafety).toMatch(/n2 applied term 1 "z" at 3, but term 1 "b" was committed there/);
  });

  it("stateMachineSafety fails when a server's state after an index differs from the state first reached there", () => {
    const a = node('n1', { log: LOG, commitIndex: 3 });
    const b = node('n2', { log: LOG, commitIndex: 3 });
    const wrong = (i: number): number => (i === 2 ? 999 : 100 + i);
    const good: [RaftView, string][] = [[reporting(viewOf(a), applied(1, LOG)), 'n1'], [reporting(viewOf(a, b), applied(1, LOG)), 'n2']];
    expect(run(good)).toEqual({});
    const bad: [RaftView, string][] = [good[0]!, [reporting(viewOf(a, b), applied(1, LOG, wrong)), 'n2']];
    expect(run(bad).stateMachineSafety).toMatch(/n2's state after applying term 1 "a" at 2 has digest 999, but n1 reached digest 102 there/);
  });

  it('stateMachineSafety checks a restored snapshot: its term and the digest of the restored state', () => {
    const a = node('n1', { log: LOG, commitIndex: 3 });
    const b = node('n2', { snapshotIndex: 3, snapshotTerm: 1, commitIndex: 3 });
    const first: [RaftView, string] = [reporting(viewOf(a), applied(1, LOG)), 'n1'];
    const restore = (term: number, digest: number): [RaftView, string] => [reporting(viewOf(a, b), [{ kind: 'restored', index: 3, term, digest }]), 'n2'];
    expect(run([first, restore(1, 103)])).toEqual({});
    expect(run([first, restore(1, 7)]).stateMachineSafety).toMatch(/n2's state restored from a snapshot ending at 3 has digest 7, but n1 reached digest 103 there/);
    expect(run([first, restore(2, 103)]).stateMachineSafety).toMatch(/n2 restored a snapshot ending at 3 with term 2, but term 1 was committed there/);
  });

  it('leaderCompleteness compares a commit with the leader of a later term that no longer leads', () => {
    // n2 led term 3 holding y at 2, then stepped down; n1, a stale leader of term 2, commits x at 2.
    const lead3 = node('n2', { role: 'leader', term: 3, log: [e(1), e(3, 'y')] });
    const down3 = node('n2', { term: 3, log: [e(1), e(3, 'y')] });
    const old = node('n1', { role: 'leader', term: 2, log: [e(1), e(2, 'x')], commitIndex: 2 });
    const steps: [RaftView, string][] = [[viewOf(lead3), 'n2'], [viewOf(down3), 'n2'], [viewOf(down3, old), 'n1']];
    expect(run(steps).leaderCompleteness).toMatch(/n1 committed term 2 "x" at 2 in term 2, but leader n2 of term 3 has term 3 "y"/);
  });

  it('leaderCompleteness compares a commit with every later leader, not only the newest', () => {
    const lead3 = node('n2', { role: 'leader', term: 3, log: [e(1), e(3, 'y')] });
    const lead4 = node('n3', { role: 'leader', term: 4, log: [e(1), e(2, 'x')] });
    const old = node('n1', { role: 'leader', term: 2, log: [e(1), e(2, 'x')], commitIndex: 2 });
    const steps: [RaftView, string][] = [[viewOf(lead3), 'n2'], [viewOf(lead3, lead4), 'n3'], [viewOf(lead3, lead4, old), 'n1']];
    expect(run(steps).leaderCompleteness).toMatch(/leader n2 of term 3 has term 3 "y"/);
  });

  it('leaderCompleteness compares a commit made and compacted in one step with the later leader', () => {
    const lead3 = node('n2', { role: 'leader', term: 3, log: [e(1), e(3, 'y')] });
    const old = node('n1', { role: 'leader', term: 2, log: [], snapshotIndex: 2, snapshotTerm: 2, commitIndex: 2 });
    const steps: [RaftView, string][] = [[viewOf(lead3), 'n2'], [reporting(viewOf(lead3, old), applied(1, [e(1), e(2, 'x')])), 'n1']];
    expect(run(steps).leaderCompleteness).toMatch(/n1 committed term 2 "x" at 2 in term 2, but leader n2 of term 3 has term 3 "y"/);
  });
});
