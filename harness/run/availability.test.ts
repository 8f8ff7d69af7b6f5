import { describe, expect, it } from 'vitest';
import type { NodeId } from '../../impl/actor.js';
import type { WorldView } from '../sim/types.js';
import type { OpRecord } from '../workload/driver.js';
import { AvailabilityMonitor, MAJORITY_LOST, WRITES_UNDER_MINORITY_FAULT } from './availability.js';
import { simulate } from './simulate.js';
import { raft } from '../subsystems/raft.js';
import type { RunInputs } from '../nemesis/schedule.js';
import type { WorkloadOp } from '../subsystems/descriptor.js';

const SERVERS = ['n1', 'n2', 'n3', 'n4', 'n5'];
const S = 1_000_000;

/** A scripted configuration: which servers are down / learners, and whether the network is whole, changed by hand. */
function timeline(): { view: WorldView; set(time: number, down: string[], whole?: boolean, learners?: string[]): void; learners: Set<string> } {
  const state = { time: 0, down: new Set<string>(), whole: true };
  const learners = new Set<string>();
  const view = {
    get time() { return state.time; }, steps: 0, servers: SERVERS, clients: [],
    server: () => undefined, client: () => undefined, isUp: (id: NodeId) => !state.down.has(id),
    get networkWhole() { return state.whole; }, observations: new Map(),
  } as unknown as WorldView;
  return {
    view, learners,
    set(time, down, whole = true, ls = []) {
      state.time = time;
      state.down = new Set(down);
      state.whole = whole;
      learners.clear();
      for (const l of ls) learners.add(l);
    },
  };
}

let nextIndex = 0;
function op(f: string, invoke: number, complete: number | undefined, status: OpRecord['status'] = complete === undefined ? 'open' : 'ok'): OpRecord {
  const index = nextIndex++;
  return {
    index, process: index, client: 'c1', requestId: `r${index}`, f, key: 'x', input: 'v', invokeTime: invoke, invokePos: 0,
    status, output: undefined, completeTime: complete, completePos: undefined,
  };
}

const describeOp = (r: OpRecord): string => `${r.f} #${r.index}`;

function monitor(t: ReturnType<typeof timeline>): AvailabilityMonitor {
  return new AvailabilityMonitor(
    { faultsTolerated: 2, boundUs: 2 * S, writes: ['put', 'append'], outOfQuorum: (_v, s) => t.learners.has(s) },
    SERVERS,
  );
}

describe('availability within f, safety beyond it', () => {
  it('passes writes that commit within the bound while at most f servers are out', () => {
    const t = timeline();
    const m = monitor(t);
    t.set(0, []);
    m.sample(t.view);
    t.set(1 * S, ['n1', 'n2']);
    m.sample(t.view);
    const r = m.judge([op('put', 0.5 * S, 0.6 * S), op('append', 1.5 * S, 3.4 * S), op('get', 2 * S, undefined)], 10 * S, describeOp);
    expect(r.failure).toBeUndefined();
    expect(r.observations.get(WRITES_UNDER_MINORITY_FAULT)).toBe(1);
  });

  it('fails a write that stalls while at most f servers are out and the network is whole', () => {
    const t = timeline();
    const m = monitor(t);
    t.set(0, ['n3']);
    m.sample(t.view);
    const r = m.judge([op('put', 1 * S, 3.5 * S)], 10 * S, describeOp);
    expect(r.failure?.property).toBe('available-within-f');
    expect(r.failure?.time).toBe(3 * S);
    expect(r.failure?.detail).toContain('n3 was out (1 of 5 servers, f = 2)');
    expect(m.judge([op('put', 1 * S, undefined)], 10 * S, describeOp).failure?.detail).toContain('still pending');
    expect(m.judge([op('put', 1 * S, 2 * S, 'info')], 10 * S, describeOp).failure?.detail).toContain('ended info');
  });

  it('does not judge a write whose deadline lies past the end of its configuration or of the run', () => {
    const t = timeline();
    const m = monitor(t);
    t.set(0, ['n3']);
    m.sample(t.view);
    t.set(2 * S, ['n3', 'n4']); // another crash: a new configuration, the old write is no longer judged
    m.sample(t.view);
    t.set(3 * S, ['n3'], false); // a partition
    m.sample(t.view);
    expect(m.judge([op('put', 1 * S, undefined), op('put', 2.5 * S, undefined), op('put', 3.5 * S, undefined)], 10 * S, describeOp).failure).toBeUndefined();
    const late = monitor(t);
    t.set(0, []);
    late.sample(t.view);
    expect(late.judge([op('put', 9 * S, undefined)], 10 * S, describeOp).failure).toBeUndefined();
  });

  it('counts a learner as out, and requires writes open when a stable configuration begins to end within the bound', () => {
    const t = timeline();
    const m = monitor(t);
    t.set(0, [], false);
    m.sample(t.view);
    t.set(4 * S, [], true, ['n1']);
    m.sample(t.view);
    const r = m.judge([op('append', 1 * S, 6.5 * S)], 10 * S, describeOp);
    expect(r.failure?.property).toBe('available-within-f');
    expect(r.failure?.detail).toContain('was still open');
    expect(r.failure?.detail).toContain('n1 was out');
    expect(m.judge([op('append', 1 * S, 5.5 * S, 'info')], 10 * S, describeOp).failure).toBeUndefined();
  });

  it('fails a write acknowledged while more than f servers are out', () => {
    const t = timeline();
    const m = monitor(t);
    t.set(0, []);
    m.sample(t.view);
    t.set(1 * S, ['n1', 'n2'], true, ['n3']);
    m.sample(t.view);
    t.set(5 * S, ['n1', 'n2']);
    m.sample(t.view);
    const ok = m.judge([op('put', 0.9 * S, 1.5 * S), op('put', 2 * S, 5.2 * S)], 10 * S, describeOp);
    expect(ok.failure).toBeUndefined();
    expect(ok.observations.get(MAJORITY_LOST)).toBe(1);
    const bad = m.judge([op('put', 2 * S, 4 * S)], 10 * S, describeOp);
    expect(bad.failure?.property).toBe('no-commit-without-majority');
    expect(bad.failure?.detail).toContain('n1, n2, n3 were out (3 of 5 servers, f = 2)');
    // A failed or indeterminate write claims nothing.
    expect(m.judge([op('put', 2 * S, 4 * S, 'info')], 10 * S, describeOp).failure).toBeUndefined();
  });

  it('lists the earliest failure of each property, in time order, for runs that record every failure', () => {
    const t = timeline();
    const m = monitor(t);
    t.set(0, []);
    m.sample(t.view);
    t.set(3 * S, ['n1', 'n2', 'n3']);
    m.sample(t.view);
    t.set(6 * S, []);
    m.sample(t.view);
    // A slow write at 0.5 s (deadline 2.5 s), an ack with three servers out at 4 s, another slow write at 6.5 s.
    const r = m.judge([op('put', 0.5 * S, 2.8 * S), op('put', 3.5 * S, 4 * S), op('put', 6.5 * S, 9 * S)], 10 * S, describeOp);
    expect(r.failures.map((f) => [f.property, f.time])).toEqual([['available-within-f', 2.5 * S], ['no-commit-without-majority', 4 * S]]);
    expect(r.failure).toEqual(r.failures[0]);
  });

  it('does not count bootstrap (every server out of quorum at first) as a lost majority, and merges a change undone at one instant', () => {
    const t = timeline();
    const m = monitor(t);
    t.set(0, [], true, SERVERS);
    m.sample(t.view);
    t.set(1 * S, []);
    m.sample(t.view);
    t.set(2 * S, ['n1']);
    m.sample(t.view);
    t.set(2 * S, []);
    m.sample(t.view);
    expect(m.timeline(10 * S).map((i) => [i.start, i.end, i.out.length])).toEqual([[0, 1 * S, 5], [1 * S, 10 * S, 0]]);
    expect(m.judge([], 10 * S, describeOp).observations.get(MAJORITY_LOST)).toBe(0);
  });
});

describe('availability in a Raft run', () => {
  const writes = (n: number, thinkUs: number): WorkloadOp[] => Array.from({ length: n }, (_, i) => ({ f: 'append', key: 'x', value: `1.${i + 1}`, thinkUs }));
  const run = (crash: readonly string[], mutant?: string) => {
    const inputs: RunInputs = {
      worldSeed: 7,
      workload: [writes(50, 200_000), [], [], [], [], []],
      schedule: { healAt: 10 * S, events: crash.map((node) => ({ at: 3 * S, kind: 'crash-restart' as const, node })) },
    };
    return simulate(raft, inputs, { mutant, record: false });
  };

  it('a correct 5-server cluster keeps committing with two servers down', () => {
    const r = run(['n1', 'n2']);
    expect(r.failures).toEqual([]);
    expect(r.coverage['writes-under-minority-fault']).toBeGreaterThanOrEqual(3);
  });

  it('a correct cluster acknowledges no write with three servers down, and is caught doing so with quorums of two', () => {
    const ok = run(['n1', 'n2', 'n3']);
    expect(ok.failures).toEqual([]);
    expect(ok.coverage['majority-lost']).toBe(1);
    const bad = run(['n1', 'n2', 'n3'], 'minority-quorum');
    expect(bad.failures.map((f) => f.property)).toContain('no-commit-without-majority');
  });

  it('catches a cluster that stops committing when one server is down', () => {
    const r = run(['n4'], 'commit-waits-for-all');
    expect(r.failures.map((f) => f.property)).toEqual(['available-within-f']);
  });
});
