/**
 * The write-visibility causal orders (causal-orders.ts) lose nothing: on
 * small random histories the definitions give the same verdict whether they
 * range over them or over every strict partial order containing session order.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { differentiatedHistoryArb } from '../../harness/check/testing/consistency-arbitraries.js';
import { sequentialHistory } from '../../harness/check/testing/consistency-arbitraries.js';
import { allCausalOrders, writeVisibilityOrders } from './causal-orders.js';
import { type CausalVariant, checkCausalByDefinition } from './causal-definition.js';
import { registerModel } from '../register.js';
import type { Model } from '../model.js';

describe('causal orders', () => {
  it('allCausalOrders enumerates every strict partial order containing session order, once', () => {
    // Three operations in three sessions: all 19 labelled posets on 3 elements.
    const three = sequentialHistory([0, 'read', null, null], [1, 'read', null, null], [2, 'read', null, null]);
    const seen = new Set([...allCausalOrders(three)].map((r) => JSON.stringify(r)));
    expect(seen.size).toBe(19);
    expect([...allCausalOrders(three)].length).toBe(19);
    // Two sessions of two: a poset must contain both chains.
    const chains = sequentialHistory([0, 'read', null, null], [0, 'read', null, null], [1, 'read', null, null], [1, 'read', null, null]);
    for (const r of allCausalOrders(chains)) {
      expect(r[0]![1]).toBe(true);
      expect(r[2]![3]).toBe(true);
      for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) for (let c = 0; c < 4; c++) if (r[a]![b] && r[b]![c]) expect(r[a]![c]).toBe(true);
    }
  });

  it('every write-visibility order is a strict partial order containing session order', () => {
    const h = sequentialHistory([0, 'write', null, 1], [1, 'read', null, 1], [0, 'read', null, null], [1, 'write', null, 2]);
    for (const r of writeVisibilityOrders(h)) {
      expect(r[0]![2]).toBe(true);
      expect(r[1]![3]).toBe(true);
      r.forEach((row, a) => expect(row[a]).toBe(false));
    }
  });

  for (const variant of ['cc', 'cm', 'ccv'] as const satisfies readonly CausalVariant[]) {
    it(`${variant}: same verdict over all causal orders and over write-visibility orders (600 histories, ≤ 6 ops)`, () => {
      fc.assert(
        fc.property(differentiatedHistoryArb({ maxOps: 6 }), ({ model, ops }) => {
          const all = checkCausalByDefinition(variant, ops, { model, orders: 'all' });
          const some = checkCausalByDefinition(variant, ops, { model });
          expect(some.verdict).toBe(all.verdict);
        }),
        { numRuns: 600 },
      );
    });
  }

  it('also on histories that are not differentiated (a value written twice)', () => {
    const reg = registerModel as Model;
    // p0 writes 1 twice; p1 reads 1, 2, 1: the two writes of 1 let p1 go back.
    const h = sequentialHistory([0, 'write', null, 1], [2, 'write', null, 2], [0, 'write', null, 1], [1, 'read', null, 1], [1, 'read', null, 2], [1, 'read', null, 1]);
    for (const variant of ['cc', 'cm', 'ccv'] as const) {
      expect(checkCausalByDefinition(variant, h, { model: reg }).verdict).toBe(checkCausalByDefinition(variant, h, { model: reg, orders: 'all' }).verdict);
    }
  });
});
