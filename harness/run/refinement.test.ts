import { describe, expect, it } from 'vitest';
import { kvModel, type KvState } from '../../spec/kv.js';
import type { Model } from '../../spec/model.js';
import type { WorldView } from '../sim/types.js';
import type { OpRecord } from '../workload/driver.js';
import { RefinementMonitor } from './refinement.js';

/** Open appends of "a", "b", "c" on key x by three processes. */
function appends(): OpRecord[] {
  return ['a', 'b', 'c'].map((v, i) => ({
    index: i, process: i, client: `c${i + 1}`, requestId: `c${i + 1}:1`, f: 'append', key: 'x', input: v,
    invokeTime: i, invokePos: i, status: 'open', output: undefined, completeTime: undefined, completePos: undefined,
  }));
}

/** A monitor over an abstraction that returns whatever `state.s` holds, and the view a step passes it. */
function setup(opts: { maxChain: number; searchLimit?: number }) {
  const state: { s: KvState } = { s: {} };
  let steps = 0;
  const view = { get steps() { return steps; }, time: 1000 } as unknown as WorldView;
  const m = new RefinementMonitor(kvModel as Model, () => state.s, appends(), (r) => `${r.f} ${String(r.input)}`, opts);
  m.start(view);
  const step = (s: KvState) => {
    state.s = s;
    steps++;
    return m.step(view, 'n1');
  };
  return { step };
}

describe('refinement monitor', () => {
  it('explains a change by a chain of operations in flight', () => {
    const { step } = setup({ maxChain: 3 });
    expect(step({ x: 'ab' })).toBeUndefined();
    expect(step({ x: 'abc' })).toBeUndefined();
  });

  it('fails a change that no chain of at most maxChain operations explains, after trying them all', () => {
    const { step } = setup({ maxChain: 1 });
    const r = step({ x: 'ab' });
    expect(r?.verdict).toBe('fail');
    expect(r?.verdict === 'fail' && r.failure.detail).toContain('no chain of at most 1 operations in flight explains it');
  });

  it('is unknown, naming the step, when the search limit is hit before a chain is found, and checks nothing after it', () => {
    const { step } = setup({ maxChain: 3, searchLimit: 2 });
    // "cba" needs three appends, found at depth 3; the limit of 2 nodes runs out at depth 1.
    const r = step({ x: 'cba' });
    expect(r?.verdict).toBe('unknown');
    expect(r?.verdict === 'unknown' && r.reason).toContain('refinement undecided at step 1 at 1.000 ms on n1');
    expect(r?.verdict === 'unknown' && r.reason).toContain('limit of 2 nodes');
    // The abstract state it should continue from is unknown: later steps are not judged, even impossible ones.
    expect(step({ y: 'zzz' })).toBeUndefined();
  });

  it('with the same limit still decides a change the search settles within it', () => {
    const { step } = setup({ maxChain: 3, searchLimit: 2 });
    expect(step({ x: 'a' })).toBeUndefined();
  });
});
