/**
 * The fast checker agrees with the brute-force definition on thousands of
 * small random histories, and its witnesses are genuine.
 */
import { describe, expect } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import type { Operation } from '../../traces/history.js';
import type { Model } from '../../spec/model.js';
import { checkLinearizableReference } from '../../spec/linearizability.js';
import { checkOperationsSync } from './linearizability.js';
import { LinearizabilitySearch } from './search.js';
import { prefixAt } from './minimize.js';
import { withoutHiddenWrites } from './quotient.js';
import { historyArb, modelOf } from './testing/arbitraries.js';
import { witnessHistory } from './testing/witness-ops.js';

const isRead = (op: Operation): boolean => op.f === 'read' || op.f === 'get';

function agree(ops: readonly Operation[], model: Model): void {
  const expected = checkLinearizableReference(ops, model);
  const r = checkOperationsSync(ops, model);
  expect(r.verdict).toBe(expected ? 'linearizable' : 'not-linearizable');
  if (r.verdict !== 'not-linearizable') return;
  const w = r.witness;
  // The witness is itself not linearizable, by the definition.
  const shown = witnessHistory(w, ops);
  expect(checkLinearizableReference(shown, model)).toBe(false);
  // It keeps every write of the prefix it was cut from (but the indeterminate ones nothing can observe, which the
  // checker drops up front: quotient.ts, withoutHiddenWrites), and only the witness's key.
  const partition = model.partition!(ops).find((p) => (p.key ?? null) === w.key)!;
  const part = withoutHiddenWrites(partition).ops;
  const lastCall = Math.max(...shown.map((op) => op.call));
  for (const op of part) {
    if (!isRead(op) && op.call <= lastCall) expect(shown.some((o) => o.call === op.call)).toBe(true);
  }
  expect(w.ops.every((op) => op.key === w.key)).toBe(true);
  // The reported prefix and the culprit are the witness's own operations, shown as it shows them.
  for (const op of [...w.linearized, ...w.stuck]) expect(w.ops).toContainEqual(op);
}

describe('fast checker = reference checker', () => {
  test.prop([historyArb('linearizable')], { numRuns: 3000 })('linearizable by construction', ({ model, ops }) => {
    expect(checkLinearizableReference(ops, modelOf(model))).toBe(true);
    agree(ops, modelOf(model));
  });

  test.prop([historyArb('mutated')], { numRuns: 5000 })('mutated histories', ({ model, ops }) => {
    agree(ops, modelOf(model));
  });

  test.prop([historyArb('junk', { maxOps: 9 })], { numRuns: 4000 })('random junk', ({ model, ops }) => {
    agree(ops, modelOf(model));
  });

  const appends = { maxOps: 9, appends: true };
  test.prop([fc.oneof(historyArb('linearizable', appends), historyArb('mutated', appends), historyArb('junk', appends))], { numRuns: 4000 })(
    'one key, mostly appends (pruning by pending reads)',
    ({ model, ops }) => {
      agree(ops, modelOf(model));
    },
  );

  const unread = { maxOps: 9, unread: true };
  test.prop([fc.oneof(historyArb('linearizable', unread), historyArb('mutated', unread), historyArb('junk', unread))], { numRuns: 4000 })(
    'one key, values never read (the unobserved-value quotient)',
    ({ model, ops }) => {
      agree(ops, modelOf(model));
    },
  );

  const infoHeavy = { maxOps: 9, infoHeavy: true };
  test.prop([fc.oneof(historyArb('linearizable', infoHeavy), historyArb('mutated', infoHeavy), historyArb('junk', infoHeavy))], { numRuns: 4000 })(
    'half the operations indeterminate (memo subsumption)',
    ({ model, ops }) => {
      agree(ops, modelOf(model));
    },
  );

  test.prop([fc.oneof(historyArb('mutated', { maxOps: 9 }), historyArb('mutated', appends), historyArb('junk', infoHeavy))], { numRuns: 3000 })(
    "a failing search's cut keeps the violation",
    ({ model, ops }) => {
      for (const part of modelOf(model).partition!(ops)) {
        const search = new LinearizabilitySearch(part.ops, part.model);
        search.run(Infinity);
        if (search.status === 'violation') expect(checkLinearizableReference(prefixAt(part.ops, search.hint().cut), part.model)).toBe(false);
      }
    },
  );

  test.prop([historyArb('mutated'), fc.integer({ min: 1, max: 40 })], { numRuns: 300 })(
    'a step budget never turns a verdict around',
    ({ model, ops }, maxSteps) => {
      const r = checkOperationsSync(ops, modelOf(model), { maxSteps });
      if (r.verdict !== 'unknown') expect(r.verdict).toBe(checkLinearizableReference(ops, modelOf(model)) ? 'linearizable' : 'not-linearizable');
      else expect(r.reason).toMatch(/step budget/);
    },
  );
});
