/**
 * Hand-built histories for the causal variants (Bouajjani et al., POPL 2017):
 * each bad pattern, named with its operations, and histories that sit
 * between the models, checked by both the definition and the patterns.
 */
import { describe, expect, it } from 'vitest';
import { type HandOp, sequentialHistory } from '../../harness/check/testing/consistency-arbitraries.js';
import { history } from '../../harness/check/testing/ops.js';
import type { Operation } from '../../traces/history.js';
import type { Model } from '../model.js';
import { registerModel } from '../register.js';
import { kvModel } from '../kv.js';
import { type CausalVariant, checkCausalByDefinition } from './causal-definition.js';
import { checkCausalByPatterns } from './causal-patterns.js';

const reg = registerModel as Model;
const kv = kvModel as Model;

/** Verdicts of both versions of every variant, as `variant: verdict` (they must agree). */
function verdicts(ops: readonly Operation[], model: Model = reg): Record<CausalVariant, string> {
  const out = {} as Record<CausalVariant, string>;
  for (const v of ['cc', 'cm', 'ccv'] as const) {
    const byDefinition = checkCausalByDefinition(v, ops, { model }).verdict;
    expect(checkCausalByPatterns(v, ops, { model }).verdict, v).toBe(byDefinition);
    out[v] = byDefinition;
  }
  return out;
}

/** The pattern the bad-pattern check names for `variant`, and the ids of its operations. */
function pattern(variant: CausalVariant, ops: readonly Operation[], model: Model = reg): [string, number[]] | undefined {
  const r = checkCausalByPatterns(variant, ops, { model });
  return 'witness' in r ? [r.witness.pattern, r.witness.ops.map((o) => o.id)] : undefined;
}

const h = (...ops: HandOp[]): Operation[] => sequentialHistory(...ops);

describe('causal bad patterns, by hand', () => {
  it('ThinAirRead: a value nobody wrote', () => {
    const ops = h([0, 'write', 'x', 1], [1, 'read', 'x', 2]);
    expect(pattern('cc', ops)).toEqual(['ThinAirRead', [1]]);
    expect(verdicts(ops)).toEqual({ cc: 'not-cc', cm: 'not-cm', ccv: 'not-ccv' });
  });

  it('ThinAirRead: reading the value of a write that failed', () => {
    const ops = history(['invoke', 0, 'write', 1], ['fail', 0, 'write', 1], ['invoke', 1, 'read', null], ['ok', 1, 'read', 1]);
    expect(ops).toHaveLength(1); // the failed write is no operation of the history
    expect(pattern('cc', ops)).toEqual(['ThinAirRead', [0]]);
  });

  it('CyclicCO: each session reads the write the other makes after its read', () => {
    const ops = h([0, 'read', 'x', 2], [1, 'read', 'y', 1], [0, 'write', 'y', 1], [1, 'write', 'x', 2]);
    expect(pattern('cc', ops)).toEqual(['CyclicCO', [0, 1, 2, 3]]);
    expect(verdicts(ops)).toEqual({ cc: 'not-cc', cm: 'not-cm', ccv: 'not-ccv' });
  });

  it('WriteCOInitRead: y=1 seen, then x read as initial though x=1 was written before y=1', () => {
    const ops = h([0, 'write', 'x', 1], [0, 'write', 'y', 1], [1, 'read', 'y', 1], [1, 'read', 'x', null]);
    expect(pattern('cc', ops)).toEqual(['WriteCOInitRead', [0, 3]]);
    expect(verdicts(ops)).toEqual({ cc: 'not-cc', cm: 'not-cm', ccv: 'not-ccv' });
  });

  it('WriteCORead: x=2 seen, then x=1 though x=1 was overwritten by x=2', () => {
    const ops = h([0, 'write', 'x', 1], [0, 'write', 'x', 2], [1, 'read', 'x', 2], [1, 'read', 'x', 1]);
    expect(pattern('cc', ops)).toEqual(['WriteCORead', [0, 1, 3]]);
    expect(verdicts(ops)).toEqual({ cc: 'not-cc', cm: 'not-cm', ccv: 'not-ccv' });
  });

  it('CyclicCF: cc and cm but not ccv (two sessions never agree on the order of x=1 and x=2)', () => {
    const ops = h([0, 'write', 'x', 1], [1, 'write', 'x', 2], [0, 'read', 'x', 2], [1, 'read', 'x', 1]);
    expect(pattern('ccv', ops)).toEqual(['CyclicCF', [0, 1, 2, 3]]);
    expect(verdicts(ops)).toEqual({ cc: 'cc', cm: 'cm', ccv: 'not-ccv' });
  });

  it('CyclicHB: cc but neither cm nor ccv (a session sees x=1 after its own x=2, then x=2 again)', () => {
    const ops = h([0, 'write', 'x', 1], [1, 'write', 'x', 2], [1, 'read', 'x', 1], [1, 'read', 'x', 2]);
    expect(pattern('cm', ops)?.[0]).toBe('CyclicHB');
    expect(verdicts(ops)).toEqual({ cc: 'cc', cm: 'not-cm', ccv: 'not-ccv' });
  });

  it('WriteHBInitRead: ccv but not cm (POPL 2017, Fig. 2)', () => {
    const ops = h(
      [0, 'write', 'z', 1],
      [0, 'write', 'x', 1],
      [0, 'write', 'y', 1],
      [1, 'write', 'x', 2],
      [1, 'read', 'z', null],
      [1, 'read', 'y', 1],
      [1, 'read', 'x', 2],
    );
    expect(pattern('cm', ops)).toEqual(['WriteHBInitRead', [0, 4, 6]]);
    expect(verdicts(ops)).toEqual({ cc: 'cc', cm: 'not-cm', ccv: 'ccv' });
  });

  it('kv get/put per key, with "" as the initial value', () => {
    const ops = h([0, 'put', 'x', 'a'], [0, 'put', 'y', 'b'], [1, 'get', 'y', 'b'], [1, 'get', 'x', '']);
    expect(pattern('cc', ops, kv)).toEqual(['WriteCOInitRead', [0, 3]]);
    expect(verdicts(ops, kv)).toEqual({ cc: 'not-cc', cm: 'not-cm', ccv: 'not-ccv' });
  });
});

describe('indeterminate operations', () => {
  it('an info write counts once something reads it, and may be seen by its own session later', () => {
    const ops = h([0, 'write', 'x', 1, 'info'], [0, 'read', 'x', 1], [1, 'read', 'x', 1]);
    expect(verdicts(ops)).toEqual({ cc: 'cc', cm: 'cm', ccv: 'ccv' });
  });

  it('an info write nobody reads constrains nothing', () => {
    const ops = h([0, 'write', 'x', 1, 'info'], [1, 'write', 'y', 1], [1, 'read', 'x', null]);
    expect(verdicts(ops)).toEqual({ cc: 'cc', cm: 'cm', ccv: 'ccv' });
  });

  it('an info read is dropped', () => {
    const ops = h([0, 'write', 'x', 1], [0, 'read', 'x', 7, 'info']);
    expect(verdicts(ops)).toEqual({ cc: 'cc', cm: 'cm', ccv: 'ccv' });
  });
});

describe('what the causal definitions do not judge', () => {
  it('a history with cas or append is unknown, with the reason', () => {
    for (const ops of [h([0, 'cas', 'x', [null, 1]]), h([0, 'append', 'x', 'a'])]) {
      for (const v of ['cc', 'cm', 'ccv'] as const) {
        const r = checkCausalByDefinition(v, ops, { model: reg });
        expect(r.verdict).toBe('unknown');
        expect('reason' in r && r.reason).toMatch(/not a read or an overwrite/);
        expect(checkCausalByPatterns(v, ops, { model: reg }).verdict).toBe('unknown');
      }
    }
  });

  it('the bad patterns need a differentiated history; the definition judges any', () => {
    // x=1 written twice: p1's reads 1, 2, 1 are causal (it sees the second x=1 last).
    const ops = h([0, 'write', 'x', 1], [2, 'write', 'x', 2], [0, 'write', 'x', 1], [1, 'read', 'x', 1], [1, 'read', 'x', 2], [1, 'read', 'x', 1]);
    const r = checkCausalByPatterns('cc', ops, { model: reg });
    expect(r.verdict).toBe('unknown');
    expect('reason' in r && r.reason).toMatch(/not differentiated/);
    expect(checkCausalByDefinition('cc', ops, { model: reg }).verdict).toBe('cc');
    expect(checkCausalByDefinition('cm', ops, { model: reg }).verdict).toBe('cm');
    // Writing the initial value also makes a history not differentiated.
    expect(checkCausalByPatterns('cc', h([0, 'write', 'x', null]), { model: reg }).verdict).toBe('unknown');
  });

  it('the brute-force definition refuses histories beyond its size bound', () => {
    const ops = h(...Array.from({ length: 10 }, (_, i): HandOp => [i % 2, 'write', 'x', i + 1]));
    const r = checkCausalByDefinition('cc', ops, { model: reg });
    expect(r.verdict).toBe('unknown');
    expect(checkCausalByDefinition('cc', ops, { model: reg, maxOps: 10 }).verdict).toBe('cc');
  });
});
