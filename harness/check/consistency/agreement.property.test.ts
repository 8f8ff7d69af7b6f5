/**
 * Every fast consistency checker agrees with its definition in
 * spec/consistency (the oracle) on thousands of random small histories, and
 * every witness it prints is a sub-history that violates the model by the
 * definition too.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { type ConsistencyShape, differentiatedHistoryArb } from '../testing/consistency-arbitraries.js';
import { CONSISTENCY_MODELS, type ConsistencyModel, checkByDefinition } from '../../../spec/consistency/index.js';
import { checkConsistency } from './index.js';

const MODELS = CONSISTENCY_MODELS.filter((m) => m !== 'linearizable' && m !== 'eventual');

const RUNS: readonly { shape: ConsistencyShape; numRuns: number }[] = [
  { shape: { maxOps: 6 }, numRuns: 1200 },
  { shape: { maxOps: 6, maxKeys: 1, maxSessions: 2 }, numRuns: 800 },
  { shape: { maxOps: 8, maxSessions: 3 }, numRuns: 200 },
];

/** Models whose definition runs a brute-force search that grows fast with size. */
const BRUTE: ReadonlySet<ConsistencyModel> = new Set(['sequential']);

describe('fast consistency checkers agree with their definitions', () => {
  for (const name of MODELS) {
    it(`${name}: same verdict on 2200 random histories, witnesses violate by the definition`, () => {
      const tally = { holds: 0, violated: 0 };
      for (const { shape, numRuns } of RUNS) {
        fc.assert(
          fc.property(differentiatedHistoryArb(shape), ({ model, ops }) => {
            const fast = checkConsistency(name, ops, { model, maxSteps: 1_000_000 });
            const oracle = checkByDefinition(name, ops, { model });
            expect(fast.verdict, JSON.stringify(ops)).not.toBe('unknown');
            expect(fast.verdict, JSON.stringify(ops)).toBe(oracle.verdict);
            if (fast.verdict === name) tally.holds++;
            if ('witness' in fast) {
              tally.violated++;
              const sub = fast.witness.subHistory ?? fast.witness.ops;
              for (const op of fast.witness.ops) expect(sub).toContain(op);
              if (!BRUTE.has(name) || sub.length <= 12) expect(checkByDefinition(name, sub, { model }).verdict, JSON.stringify(sub)).toBe(`not-${name}`);
            }
          }),
          { numRuns },
        );
      }
      expect(tally.holds).toBeGreaterThan(100);
      expect(tally.violated).toBeGreaterThan(30);
    });
  }
});

/** A generated history with final reads appended: per key, one or two, each returning a value written to it, the initial value, or one never written. */
const withFinalReads = differentiatedHistoryArb({ maxOps: 6 }).chain(({ model, ops }) => {
  const keys = ops.length > 0 ? [...new Set(ops.map((o) => o.key))] : [model.name === "kv" ? "k0" : undefined];
  const init = model.name === 'kv' ? '' : null;
  const end = Math.max(0, ...ops.map((o) => (o.ret === Infinity ? o.call : o.ret))) + 1;
  const finals = fc.array(fc.tuple(fc.nat({ max: keys.length - 1 }), fc.nat({ max: 9 }), fc.nat({ max: 3 })), { minLength: 0, maxLength: 4 });
  return finals.map((picks) => {
    const extra = picks.map(([k, v, s], j) => {
      const key = keys[k]!;
      const values = [init, ...ops.filter((o) => o.key === key && o.input !== null).map((o) => o.input), model.name === 'kv' ? 'never' : 99];
      const value = values[v % values.length]!;
      return { id: ops.length + j, process: 100 + s, f: 'final-read', key, input: null, output: value, status: 'ok' as const, call: end + 2 * j, ret: end + 2 * j + 1, callLine: end + 2 * j + 1, retLine: end + 2 * j + 2 };
    });
    return { model, ops: [...ops, ...extra] };
  });
});

describe('fast eventual consistency agrees with its definition', () => {
  it('same verdict on 3000 random histories with final reads', () => {
    const tally = new Map<string, number>();
    fc.assert(
      fc.property(withFinalReads, ({ model, ops }) => {
        const fast = checkConsistency('eventual', ops, { model, maxSteps: 1000 });
        const oracle = checkByDefinition('eventual', ops, { model });
        expect(fast.verdict).toBe(oracle.verdict);
        const name = 'witness' in fast ? fast.witness.pattern : fast.verdict;
        tally.set(name, (tally.get(name) ?? 0) + 1);
      }),
      { numRuns: 3000 },
    );
    for (const v of ['eventual', 'unknown', 'final-reads-disagree', 'final-read-overwritten', 'final-read-thin-air', 'final-read-lost-update']) expect(tally.get(v) ?? 0, v).toBeGreaterThan(10);
  });
});
