import { describe, expect, it } from 'vitest';
import type { Model } from '../../spec/model.js';
import { kvModel } from '../../spec/kv.js';
import { partitionByKey } from '../../spec/model.js';
import { hashString } from '../../spec/json-value.js';
import type { Operation } from '../../traces/history.js';
import { checkOperationsSync } from './linearizability.js';
import { soloSteps } from './interleave.js';
import { history, type Ev } from './testing/ops.js';
import { generateHistory } from '../workload/gen-history.js';

const kv = kvModel as Model;

/**
 * A string with append and get, per key, without the kv model's pruning hooks (no `legalOnlyIn`,
 * no `monotone`) and without its quotient: each order of concurrent appends is a state of its own,
 * so a get that no order explains is found out only after all of them are tried.
 */
const plainAppend: Model<string> = {
  name: 'plain-append',
  operations: ['append', 'get'],
  init: () => '',
  step: (s, input, output) =>
    input.f === 'append' ? { legal: true, next: s + String(input.value) } : { legal: output === undefined || output === s, next: s },
  hash: (s) => hashString(s),
  equal: (a, b) => a === b,
  isReadOnly: (input) => input.f === 'get',
  partition: (ops) => partitionByKey(ops, () => plainAppend as Model),
  describe: (op) => `${op.f} ${JSON.stringify(op.input)}`,
  showState: (s) => JSON.stringify(s),
};

/** Key "a": `writers` concurrent appends, then a get of a value no order of them makes: every ordered subset of the appends is a configuration. */
function hardKey(writers: number): Ev[] {
  const evs: Ev[] = [];
  for (let p = 0; p < writers; p++) evs.push(['invoke', p, 'append', `v${p}`, 'a']);
  for (let p = 0; p < writers; p++) evs.push(['ok', p, 'append', `v${p}`, 'a']);
  evs.push(['invoke', 0, 'get', null, 'a'], ['ok', 0, 'get', 'never', 'a']);
  return evs;
}

/** Key "b": an append of "1" then a get of "2": a violation found at once. */
const easyViolation: Ev[] = [
  ['invoke', 100, 'append', '1', 'b'],
  ['ok', 100, 'append', '1', 'b'],
  ['invoke', 100, 'get', null, 'b'],
  ['ok', 100, 'get', '2', 'b'],
];

describe('Interleaver: schedule', () => {
  it('a hard partition does not starve a violation in a later one: it is stepped past only after its own run', () => {
    const ops = history(...hardKey(10), ...easyViolation);
    // Far fewer steps than the hard key needs to be decided, a few more than its own run.
    const maxSteps = soloSteps(11) + 1000; // (key "a": 11 operations)
    const r = checkOperationsSync(ops, plainAppend as Model, { maxSteps, minimize: false });
    expect(r.verdict).toBe('not-linearizable');
    if (r.verdict !== 'not-linearizable') return;
    expect(r.witness.ops.every((op) => op.key === 'b')).toBe(true);
    expect(r.stats.steps).toBeLessThanOrEqual(maxSteps);
    expect(r.stats.steps).toBeGreaterThanOrEqual(soloSteps(11));
    // The hard key alone is still undecided with a hundred times that budget: the run of its own is what bounds the wait.
    expect(checkOperationsSync(history(...hardKey(10)), plainAppend as Model, { maxSteps: 100 * maxSteps, minimize: false }).verdict).toBe('unknown');
  });

  it('a budget too small for the hard partition leaves the history unknown, naming the partitions not decided', () => {
    const ops = history(...hardKey(10), ...easyViolation);
    const r = checkOperationsSync(ops, plainAppend as Model, { maxSteps: soloSteps(11) - 1, minimize: false });
    expect(r.verdict).toBe('unknown');
    if (r.verdict === 'unknown') expect(r.reason).toMatch(/"a", "b"/);
  });

  it('partitions decided in their own run free their memory: the peak is about one search, not all of them', () => {
    const gen = (seed: number): readonly Operation[] => generateHistory({ model: 'kv', ops: 4000, keys: 8, clients: 6, infoRate: 0, seed }).ops;
    const ops = gen(7);
    const one = checkOperationsSync(
      ops.filter((op) => op.key === ops[0]!.key),
      kv,
      {},
    );
    expect(one.verdict).toBe('linearizable');
    const all = checkOperationsSync(ops, kv, {});
    expect(all.verdict).toBe('linearizable');
    expect(all.stats.partitions).toBe(8);
    // Eight searches alive at once (the round-robin schedule from the start) would hold about eight times one key's.
    expect(all.stats.peakMemoBytes).toBeLessThan(3 * one.stats.peakMemoBytes);
    // And a memory budget one search fits in decides the whole history.
    const tight = checkOperationsSync(ops, kv, { maxMemoryBytes: 2 * one.stats.peakMemoBytes });
    expect(tight.verdict).toBe('linearizable');
  });
});
