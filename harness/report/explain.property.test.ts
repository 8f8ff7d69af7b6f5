/**
 * The plain-words proof checked against the definition: whenever it names a
 * read and an acknowledged write the read missed, the read, the write and
 * every operation that could be ordered between them (by its own reading of
 * real time: invoked before the read completed, not completed before the
 * write began) already form a history that the brute-force oracle in
 * spec/linearizability.ts finds not linearizable. The argument needs nothing
 * else, so a wrong "between" or a wrong notion of "missed" shows up here.
 */
import { describe, expect } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import type { Operation } from '../../traces/history.js';
import { checkLinearizableReference } from '../../spec/linearizability.js';
import { checkOperationsSync } from '../check/linearizability.js';
import { historyArb, modelOf } from '../check/testing/arbitraries.js';
import { explainWitness } from './explain.js';

const writes = (o: Operation) => o.f === 'put' || o.f === 'write' || o.f === 'cas';

describe('the plain-words proof', () => {
  let proofs = 0;
  test.prop([fc.oneof(historyArb('mutated'), historyArb('junk', { maxOps: 9 }), historyArb('mutated', { appends: true }))], { numRuns: 3000 })(
    'names a read and a missed write that, with what could come between them, are not linearizable',
    ({ model, ops }) => {
      const m = modelOf(model);
      const r = checkOperationsSync(ops, m, { maxSteps: 1_000_000 });
      if (!('witness' in r)) return;
      const e = explainWitness(r.witness);
      expect(e.text.length).toBeGreaterThan(0);
      if (e.read === undefined || e.missed === undefined) return;
      proofs++;
      const read = ops.find((o) => o.callLine === e.read?.line) as Operation;
      const missed = ops.find((o) => o.callLine === e.missed?.invokeLine) as Operation;
      expect(missed.retLine).toBe(e.missed.ackLine);
      expect(missed.retLine as number).toBeLessThan(read.callLine);
      const between = ops.filter((p) => p !== read && p !== missed && p.key === read.key && writes(p) &&
        p.callLine < (read.retLine ?? Infinity) && (p.retLine === undefined || p.retLine > missed.callLine));
      const sub = [missed, read, ...between].sort((a, b) => a.call - b.call).map((o, id) => ({ ...o, id }));
      expect(checkLinearizableReference(sub, m)).toBe(false);
    },
  );
  test('found proofs to check', () => {
    expect(proofs).toBeGreaterThan(50);
  });
});
