/**
 * The bad-pattern characterizations (causal-patterns.ts) agree with the
 * brute-force definitions (causal-definition.ts) on every small random
 * differentiated history: Bouajjani et al.'s Theorems 5–7, checked by execution.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { type ConsistencyShape, differentiatedHistoryArb } from '../../harness/check/testing/consistency-arbitraries.js';
import { type CausalVariant, checkCausalByDefinition } from './causal-definition.js';
import { checkCausalByPatterns } from './causal-patterns.js';

/** Shapes and how many histories of each: most small, some concentrated on one key, a few larger. */
const RUNS: readonly { shape: ConsistencyShape; numRuns: number }[] = [
  { shape: { maxOps: 6 }, numRuns: 1400 },
  { shape: { maxOps: 6, maxKeys: 1, maxSessions: 2 }, numRuns: 1000 },
  { shape: { maxOps: 7 }, numRuns: 100 },
];

/** The patterns only this variant adds: each must occur, so the agreement covers them. */
const OWN: Readonly<Record<CausalVariant, readonly string[]>> = {
  cc: ['ThinAirRead', 'CyclicCO', 'WriteCOInitRead', 'WriteCORead'],
  cm: ['CyclicHB'],
  ccv: ['CyclicCF'],
};

describe('causal bad patterns agree with the definitions', () => {
  for (const variant of ['cc', 'cm', 'ccv'] as const) {
    it(`${variant}: same verdict on 2500 random differentiated histories (≤ 6–7 ops, 2–3 sessions, 1–2 keys)`, () => {
      const tally = new Map<string, number>();
      for (const { shape, numRuns } of RUNS) {
        fc.assert(
          fc.property(differentiatedHistoryArb(shape), ({ model, ops }) => {
            const byDefinition = checkCausalByDefinition(variant, ops, { model });
            const byPatterns = checkCausalByPatterns(variant, ops, { model });
            expect(byDefinition.verdict).not.toBe('unknown');
            expect(byPatterns.verdict).toBe(byDefinition.verdict);
            const name = 'witness' in byPatterns ? byPatterns.witness.pattern : byPatterns.verdict;
            tally.set(name, (tally.get(name) ?? 0) + 1);
          }),
          { numRuns },
        );
      }
      // Both verdicts occur often, and every pattern of the variant occurs: the agreement is not vacuous.
      expect(tally.get(variant) ?? 0).toBeGreaterThan(500);
      expect(2500 - (tally.get(variant) ?? 0)).toBeGreaterThan(300);
      for (const pattern of OWN[variant]) expect(tally.get(pattern) ?? 0, pattern).toBeGreaterThan(0);
    });
  }
});
