/**
 * Histories built to sit exactly between two models — the ladder's rungs
 * are distinct, and the fast checkers tell them apart as the definitions do:
 * sequential but not linearizable; cm and ccv but not sequential; cm but not
 * ccv and ccv but not cm (Bouajjani et al., POPL 2017, Fig. 2); each session
 * guarantee broken while the other three hold.
 */
import { describe, expect, it } from 'vitest';
import type { Operation } from '../../../traces/history.js';
import type { JsonValue } from '../../../traces/schema/trace-v1.js';
import type { Model } from '../../../spec/model.js';
import { registerModel } from '../../../spec/register.js';
import { kvModel } from '../../../spec/kv.js';
import { CONSISTENCY_MODELS, type ConsistencyModel, checkByDefinition } from '../../../spec/consistency/index.js';
import { sequentialHistory } from '../testing/consistency-arbitraries.js';
import { checkConsistency } from './index.js';

/** Operations with explicit event positions: [session, f, key, value, call, ret]. */
function timed(...rows: readonly [number, string, string | null, JsonValue, number, number][]): Operation[] {
  return rows.map(([session, f, key, value, call, ret], id) => {
    const read = f === 'read' || f === 'get';
    return { id, process: session, f, key: key ?? undefined, input: read ? null : value, output: value, status: 'ok', call, ret, callLine: call + 1, retLine: ret + 1 };
  });
}

const reg = registerModel as Model;
const kv = kvModel as Model;

const CASES: readonly { name: string; model: Model; ops: Operation[]; holds: readonly ConsistencyModel[]; fails: readonly ConsistencyModel[] }[] = [
  {
    name: 'sequential, not linearizable: a read after a write completed misses it',
    model: reg,
    ops: sequentialHistory([0, 'write', null, 1], [1, 'read', null, null]),
    holds: ['sequential', 'cm', 'ccv', 'cc'],
    fails: ['linearizable'],
  },
  {
    name: 'cm and ccv, not sequential: each session misses the other’s write (store buffering)',
    model: reg,
    ops: sequentialHistory([0, 'write', 'x', 1], [1, 'write', 'y', 1], [0, 'read', 'y', null], [1, 'read', 'x', null]),
    holds: ['cm', 'ccv', 'cc'],
    fails: ['sequential', 'linearizable'],
  },
  {
    name: 'cm, not ccv: two sessions see each other’s writes in opposite orders',
    model: kv,
    ops: sequentialHistory([0, 'put', 'x', 'a'], [1, 'put', 'x', 'b'], [0, 'get', 'x', 'b'], [1, 'get', 'x', 'a']),
    holds: ['cm', 'cc'],
    fails: ['ccv', 'sequential'],
  },
  {
    name: 'ccv, not cm: a session reads z initial, then sees y and x from one write order that contradicts it',
    model: reg,
    ops: sequentialHistory(
      [0, 'write', 'z', 1],
      [0, 'write', 'x', 1],
      [0, 'write', 'y', 1],
      [1, 'write', 'x', 2],
      [1, 'read', 'z', null],
      [1, 'read', 'y', 1],
      [1, 'read', 'x', 2],
    ),
    holds: ['ccv', 'cc'],
    fails: ['cm', 'sequential'],
  },
  {
    name: 'read-your-writes alone broken',
    model: kv,
    ops: timed([2, 'put', 'k1', 'v0', 0, 2], [1, 'put', 'k1', 'v1', 1, 3], [2, 'put', 'k0', 'v2', 4, 5], [2, 'put', 'k0', 'v3', 6, 7], [2, 'get', 'k0', '', 8, 9], [1, 'put', 'k0', 'v5', 10, 11]),
    holds: ['monotonic-reads', 'monotonic-writes', 'writes-follow-reads'],
    fails: ['read-your-writes', 'cc'],
  },
  {
    name: 'monotonic-reads alone broken',
    model: kv,
    ops: timed([1, 'get', 'k0', 'v2', 0, 1], [1, 'get', 'k0', '', 2, 3], [2, 'put', 'k0', 'v2', 4, 5], [1, 'get', 'k0', 'v2', 6, 7], [2, 'get', 'k1', '', 8, 9], [0, 'put', 'k0', 'v5', 10, 11]),
    holds: ['read-your-writes', 'monotonic-writes', 'writes-follow-reads'],
    fails: ['monotonic-reads', 'cc'],
  },
  {
    name: 'monotonic-writes alone broken',
    model: reg,
    ops: timed([1, 'read', null, 5, 0, 1], [1, 'write', null, 2, 2, 3], [1, 'write', null, 3, 4, 5], [0, 'write', null, 4, 6, 7], [1, 'write', null, 5, 8, 9]),
    holds: ['read-your-writes', 'monotonic-reads', 'writes-follow-reads'],
    fails: ['monotonic-writes', 'cc'],
  },
  {
    name: 'writes-follow-reads alone broken',
    model: kv,
    ops: timed([0, 'get', 'k0', 'v5', 0, 2], [2, 'get', 'k0', 'v3', 1, 3], [1, 'put', 'k0', 'v2', 4, 5], [0, 'put', 'k0', 'v3', 6, 8], [1, 'get', 'k0', 'v3', 7, 9], [2, 'put', 'k0', 'v5', 10, 11]),
    holds: ['read-your-writes', 'monotonic-reads', 'monotonic-writes'],
    fails: ['writes-follow-reads', 'cc'],
  },
];

describe('histories between two models', () => {
  for (const c of CASES) {
    it(c.name, () => {
      for (const m of CONSISTENCY_MODELS) {
        if (m === 'eventual') continue;
        const fast = checkConsistency(m, c.ops, { model: c.model, maxSteps: 100_000 }).verdict;
        expect(fast, m).toBe(checkByDefinition(m, c.ops, { model: c.model }).verdict);
        if (c.holds.includes(m)) expect(fast, m).toBe(m);
        if (c.fails.includes(m)) expect(fast, m).toBe(`not-${m}`);
      }
    });
  }
});
