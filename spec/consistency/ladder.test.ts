/**
 * The ladder of spec/consistency/index.ts, checked on random small
 * histories: whenever a model holds, every model it implies holds too —
 * linearizable ⇒ sequential ⇒ cm, ccv ⇒ cc ⇒ each session guarantee.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { differentiatedHistoryArb } from '../../harness/check/testing/consistency-arbitraries.js';
import { checkLinearizableReference } from '../linearizability.js';
import { checkSequential } from './sequential.js';
import { checkCausalByDefinition } from './causal-definition.js';
import { type SessionGuarantee, checkSessionGuarantee } from './session-guarantees.js';
import { IMPLIES } from './index.js';

const GUARANTEES: readonly SessionGuarantee[] = ['read-your-writes', 'monotonic-reads', 'monotonic-writes', 'writes-follow-reads'];

describe('the consistency ladder', () => {
  it('is the documented one', () => {
    expect(IMPLIES.linearizable).toEqual(['sequential']);
    expect(IMPLIES.sequential).toEqual(['cm', 'ccv']);
    expect(IMPLIES.cm).toEqual(['cc']);
    expect(IMPLIES.ccv).toEqual(['cc']);
  });

  it('linearizable ⇒ sequential ⇒ cm, ccv ⇒ cc ⇒ session guarantees on 2500 random histories (≤ 6 ops)', () => {
    const holds = new Map<string, number>();
    fc.assert(
      fc.property(differentiatedHistoryArb({ maxOps: 6 }), ({ model, ops }) => {
        const v: Record<string, boolean> = {
          linearizable: checkLinearizableReference(ops, model),
          sequential: checkSequential(ops, { model }).verdict === 'sequential',
          cm: checkCausalByDefinition('cm', ops, { model }).verdict === 'cm',
          ccv: checkCausalByDefinition('ccv', ops, { model }).verdict === 'ccv',
          cc: checkCausalByDefinition('cc', ops, { model }).verdict === 'cc',
        };
        for (const g of GUARANTEES) v[g] = checkSessionGuarantee(g, ops, { model }).verdict === g;
        for (const [name, ok] of Object.entries(v)) if (ok) holds.set(name, (holds.get(name) ?? 0) + 1);
        const implied: [string, string][] = [
          ['linearizable', 'sequential'],
          ['sequential', 'cm'],
          ['sequential', 'ccv'],
          ['cm', 'cc'],
          ['ccv', 'cc'],
          ...GUARANTEES.map((g): [string, string] => ['cc', g]),
        ];
        for (const [left, right] of implied) if (v[left]) expect(v[right], `${left} ⇒ ${right}`).toBe(true);
      }),
      { numRuns: 2500 },
    );
    // Every rung holds on some histories and fails on others, so each implication was exercised.
    for (const name of ['linearizable', 'sequential', 'cm', 'ccv', 'cc', ...GUARANTEES]) {
      expect(holds.get(name) ?? 0, name).toBeGreaterThan(100);
      expect(holds.get(name) ?? 0, name).toBeLessThan(2500);
    }
    // And the rungs differ: each is strictly weaker than the one above on these histories.
    expect(holds.get('sequential')!).toBeGreaterThan(holds.get('linearizable')!);
    expect(holds.get('cc')!).toBeGreaterThan(Math.max(holds.get('cm')!, holds.get('ccv')!));
  });
});
