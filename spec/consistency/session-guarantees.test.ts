import { describe, expect, it } from 'vitest';
import { type HandOp, sequentialHistory } from '../../harness/check/testing/consistency-arbitraries.js';
import type { Operation } from '../../traces/history.js';
import type { Model } from '../model.js';
import { registerModel } from '../register.js';
import { type SessionGuarantee, checkSessionGuarantee } from './session-guarantees.js';

const reg = registerModel as Model;
const ALL: readonly SessionGuarantee[] = ['read-your-writes', 'monotonic-reads', 'monotonic-writes', 'writes-follow-reads'];
const h = (...ops: HandOp[]): Operation[] => sequentialHistory(...ops);

/** The guarantees `ops` violates, each with its witness's operation ids. */
function violated(ops: readonly Operation[]): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const g of ALL) {
    const r = checkSessionGuarantee(g, ops, { model: reg });
    expect(r.verdict).not.toBe('unknown');
    if ('witness' in r) {
      expect(r.witness.pattern).toBe(g);
      out[g] = r.witness.ops.map((o) => o.id);
    }
  }
  return out;
}

describe('session guarantees', () => {
  it('hold on a history where every session sees what it should', () => {
    const ops = h([0, 'write', 'x', 1], [0, 'read', 'x', 1], [1, 'read', 'x', 1], [1, 'write', 'y', 2], [2, 'read', 'y', 2], [2, 'read', 'x', 1]);
    expect(violated(ops)).toEqual({});
  });

  it('read-your-writes: a session does not see its own write', () => {
    expect(violated(h([0, 'write', 'x', 1], [0, 'read', 'x', null]))).toEqual({ 'read-your-writes': [0, 1] });
  });

  it('read-your-writes: a session sees its own older write after a newer one', () => {
    expect(violated(h([0, 'write', 'x', 1], [0, 'write', 'x', 2], [0, 'read', 'x', 1]))).toEqual({ 'read-your-writes': [0, 1, 2] });
  });

  it('monotonic-reads: a later read sees less than an earlier one', () => {
    expect(violated(h([0, 'write', 'x', 1], [1, 'read', 'x', 1], [1, 'read', 'x', null]))).toEqual({ 'monotonic-reads': [0, 1, 2] });
  });

  it("monotonic-writes: a session's second write is seen without its first", () => {
    expect(violated(h([0, 'write', 'x', 1], [0, 'write', 'y', 1], [1, 'read', 'y', 1], [1, 'read', 'x', null]))).toEqual({ 'monotonic-writes': [0, 1, 2, 3] });
  });

  it('writes-follow-reads: a write is seen without the write its session had read', () => {
    expect(violated(h([0, 'write', 'x', 1], [1, 'read', 'x', 1], [1, 'write', 'y', 1], [2, 'read', 'y', 1], [2, 'read', 'x', null]))).toEqual({
      'writes-follow-reads': [0, 1, 2, 3, 4],
    });
  });

  it('a session may span processes through the session field', () => {
    const ops = h([0, 'write', 'x', 1], [5, 'read', 'x', null]);
    expect(violated(ops)).toEqual({});
    const same = ops.map((op) => ({ ...op, session: 'alice' }));
    expect(violated(same)).toEqual({ 'read-your-writes': [0, 1] });
  });

  it('an indeterminate write precedes nothing in its session', () => {
    expect(violated(h([0, 'write', 'x', 1, 'info'], [0, 'read', 'x', null]))).toEqual({});
  });

  it('cas, append and non-differentiated histories are unknown', () => {
    for (const ops of [h([0, 'cas', 'x', [null, 1]]), h([0, 'write', 'x', 1], [1, 'write', 'x', 1])]) {
      for (const g of ALL) expect(checkSessionGuarantee(g, ops, { model: reg }).verdict).toBe('unknown');
    }
  });
});
