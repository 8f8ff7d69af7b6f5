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
