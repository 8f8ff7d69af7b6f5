import { describe, expect, it } from 'vitest';
import { initGhost, observe, raftInvariants, type RaftEntry, type RaftGhost, type RaftNodeView, type RaftView } from './raft.js';

type Name = keyof typeof raftInvariants;

const e = (term: number, command?: string): RaftEntry => (command === undefined ? { term } : { term, command });
const node = (id: string, o: Partial<RaftNodeView> = {}): RaftNodeView => ({
  id, role: 'follower', term: 1, votedFor: null, log: [], snapshotIndex: 0, snapshotTerm: 0, commitIndex: 0, ...o,
});
const viewOf = (...ns: RaftNodeView[]): RaftView => ({ nodes: ns.map((n) => n.id), node: (id) => ns.find((n) => n.id === id) });

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
});
