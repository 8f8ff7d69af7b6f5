import { describe, expect, it } from 'vitest';
import { sequentialHistory } from '../../harness/check/testing/consistency-arbitraries.js';
import { history } from '../../harness/check/testing/ops.js';
import type { Model } from '../model.js';
import { registerModel } from '../register.js';
import { kvModel } from '../kv.js';
import { checkLinearizableReference } from '../linearizability.js';
import { checkSequential } from './sequential.js';
import { checkCausalByDefinition } from './causal-definition.js';

const reg = registerModel as Model;
const kv = kvModel as Model;

describe('checkSequential', () => {
  it('accepts the empty history', () => {
    expect(checkSequential([], { model: reg })).toEqual({ verdict: 'sequential' });
  });

  it('sequential but not linearizable: a stale read after a completed write (real time ignored)', () => {
    const ops = sequentialHistory([0, 'write', null, 1], [1, 'read', null, null]);
    expect(checkLinearizableReference(ops, reg)).toBe(false);
    expect(checkSequential(ops, { model: reg })).toEqual({ verdict: 'sequential' });
  });

  it('causal (cm and ccv) but not sequential: each session misses the other\'s write (Dekker)', () => {
    const ops = sequentialHistory([0, 'write', 'x', 1], [1, 'write', 'y', 1], [0, 'read', 'y', null], [1, 'read', 'x', null]);
    const r = checkSequential(ops, { model: reg });
    expect(r.verdict).toBe('not-sequential');
    expect('witness' in r && r.witness.pattern).toBe('no-legal-total-order');
    expect('witness' in r && r.witness.ops).toHaveLength(4);
    for (const v of ['cc', 'cm', 'ccv'] as const) expect(checkCausalByDefinition(v, ops, { model: reg }).verdict).toBe(v);
  });

  it('respects session order: a session cannot read its own write as undone', () => {
    const ops = sequentialHistory([0, 'write', null, 1], [0, 'read', null, null]);
    expect(checkSequential(ops, { model: reg }).verdict).toBe('not-sequential');
  });

  it('lets an indeterminate write take effect or not, after its session predecessors', () => {
    for (const seen of [null, 1]) {
      const ops = sequentialHistory([0, 'write', null, 1, 'info'], [1, 'read', null, seen]);
      expect(checkSequential(ops, { model: reg }).verdict).toBe('sequential');
    }
    // The info write of 1 follows p0's write of 2 in session order, so nothing writes 2 after it: p1's 1-then-2 has no order.
    const ops = sequentialHistory([0, 'write', null, 2], [0, 'read', null, 2], [0, 'write', null, 1, 'info'], [1, 'read', null, 1], [1, 'read', null, 2]);
    expect(checkSequential(ops, { model: reg }).verdict).toBe('not-sequential');
  });

  it('checks cas and kv appends through the model, on the product of keys', () => {
    const cas = sequentialHistory([0, 'write', null, 1], [1, 'cas', null, [1, 2]], [2, 'read', null, 1]);
    expect(checkSequential(cas, { model: reg }).verdict).toBe('sequential'); // read before the cas
    const appends = sequentialHistory([0, 'append', 'k', 'a'], [1, 'append', 'k', 'b'], [2, 'get', 'k', 'ba'], [2, 'get', 'k', 'b']);
    expect(checkSequential(appends, { model: kv }).verdict).toBe('not-sequential');
    // Two keys: sequential consistency is not compositional, so keys are searched together.
    const keys = sequentialHistory([0, 'put', 'x', 'a'], [1, 'put', 'y', 'b'], [0, 'get', 'y', ''], [1, 'get', 'x', '']);
    expect(checkSequential(keys.filter((op) => op.key === 'x'), { model: kv }).verdict).toBe('sequential');
    expect(checkSequential(keys, { model: kv }).verdict).toBe('not-sequential');
  });

  it('reads histories through the same edge as files', () => {
    const ops = history(['invoke', 0, 'write', 1], ['invoke', 1, 'read', null], ['ok', 0, 'write', 1], ['ok', 1, 'read', 2]);
    expect(checkSequential(ops, { model: reg }).verdict).toBe('not-sequential');
  });

  it('refuses histories beyond its size bound', () => {
    const ops = sequentialHistory([0, 'write', null, 1], [0, 'write', null, 2], [0, 'write', null, 3]);
    expect(checkSequential(ops, { model: reg, maxOps: 2 }).verdict).toBe('unknown');
  });
});
