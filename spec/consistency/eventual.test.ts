import { describe, expect, it } from 'vitest';
import { type HandOp, sequentialHistory } from '../../harness/check/testing/consistency-arbitraries.js';
import { history } from '../../harness/check/testing/ops.js';
import type { Operation } from '../../traces/history.js';
import { checkEventual } from './eventual.js';
import { kvModel } from '../kv.js';
import type { Model } from '../model.js';

const h = (...ops: HandOp[]): Operation[] => sequentialHistory(...ops);

/** The verdict, with the pattern and witness ids when violated. */
function judge(ops: readonly Operation[]): string | [string, number[]] {
  const r = checkEventual(ops);
  return 'witness' in r ? [r.witness.pattern, r.witness.ops.map((o) => o.id)] : r.verdict;
}

describe('eventual', () => {
  it('is unknown without final reads', () => {
    const r = checkEventual(h([0, 'write', null, 1], [1, 'read', null, 1]));
    expect(r.verdict).toBe('unknown');
    expect('reason' in r && r.reason).toMatch(/final-read/);
  });

  it('register: final reads agree on one maximal write', () => {
    // Concurrent writes: either may win, as long as every replica agrees.
    expect(judge(h([0, 'write', null, 1], [1, 'write', null, 2], [0, 'final-read', null, 1], [1, 'final-read', null, 1]))).toBe('eventual');
    expect(judge(h([0, 'write', null, 1], [1, 'write', null, 2], [0, 'final-read', null, 1], [1, 'final-read', null, 2]))).toEqual(['final-reads-disagree', [2, 3]]);
    // A write overwritten by a later one of its session, or by one whose writer had read it, cannot be final.
    expect(judge(h([0, 'write', null, 1], [0, 'write', null, 2], [1, 'final-read', null, 1]))).toEqual(['final-read-overwritten', [0, 1, 2]]);
    expect(judge(h([0, 'write', null, 1], [1, 'read', null, 1], [1, 'write', null, 2], [2, 'final-read', null, 1]))).toEqual(['final-read-overwritten', [0, 2, 3]]);
    expect(judge(h([0, 'write', null, 1], [1, 'final-read', null, null]))).toEqual(['final-read-lost-update', [0, 1]]);
    expect(judge(h([0, 'write', null, 1], [1, 'final-read', null, 7]))).toEqual(['final-read-thin-air', [1]]);
  });

  it('register: an indeterminate write may or may not be the final value', () => {
    for (const seen of [null, 1]) expect(judge(h([0, 'write', null, 1, 'info'], [1, 'final-read', null, seen]))).toBe('eventual');
  });

  it('kv: per key, unwritten keys read ""', () => {
    expect(judge(h([0, 'put', 'x', 'a'], [1, 'final-read', 'x', 'a'], [1, 'final-read', 'y', '']))).toBe('eventual');
    expect(judge(h([0, 'put', 'x', 'a'], [1, 'final-read', 'x', '']))).toEqual(['final-read-lost-update', [0, 1]]);
  });

  it('append: the final value contains every acknowledged append', () => {
    expect(judge(h([0, 'append', 'x', 'a'], [1, 'append', 'x', 'b'], [0, 'final-read', 'x', 'ba'], [1, 'final-read', 'x', 'ba']))).toBe('eventual');
    expect(judge(h([0, 'append', 'x', 'a'], [1, 'append', 'x', 'b'], [0, 'final-read', 'x', 'a']))).toEqual(['final-read-lost-update', [1, 2]]);
    expect(judge(h([0, 'append', 'l', 1], [1, 'append', 'l', 2], [0, 'final-read', 'l', [2, 1]]))).toBe('eventual');
  });

  it('set: every acknowledged add, only added elements, compared as sets', () => {
    const adds: HandOp[] = [
      [0, 'add', null, 'a'],
      [1, 'add', null, 'b'],
      [2, 'add', null, 'c', 'info'],
    ];
    expect(judge(h(...adds, [0, 'final-read', null, ['b', 'a']], [1, 'final-read', null, ['a', 'b']]))).toBe('eventual');
    expect(judge(h(...adds, [0, 'final-read', null, ['a', 'b', 'c']]))).toBe('eventual');
    expect(judge(h(...adds, [0, 'final-read', null, ['a']]))).toEqual(['final-read-lost-update', [1, 3]]);
    expect(judge(h(...adds, [0, 'final-read', null, ['a', 'b', 'z']]))).toEqual(['final-read-thin-air', [3]]);
  });

  it('counter: between the acknowledged increments and all of them', () => {
    const incrs: HandOp[] = [
      [0, 'incr', null, 1],
      [1, 'incr', null, 2],
      [2, 'incr', null, 5, 'info'],
    ];
    for (const v of [3, 8]) expect(judge(h(...incrs, [0, 'final-read', null, v]))).toBe('eventual');
    expect(judge(h(...incrs, [0, 'final-read', null, 2]))).toEqual(['final-read-lost-update', [0, 1, 3]]);
    expect(judge(h(...incrs, [0, 'final-read', null, 9]))).toEqual(['final-read-thin-air', [3]]);
  });

  it('is unknown without a quiet period, for a key never read finally, or for mixed data types', () => {
    const early = history(['invoke', 0, 'write', 1], ['invoke', 1, 'final-read', null], ['ok', 0, 'write', 1], ['ok', 1, 'final-read', 1]);
    expect(checkEventual(early).verdict).toBe('unknown');
    expect(checkEventual(h([0, 'put', 'x', 'a'], [0, 'put', 'y', 'b'], [1, 'final-read', 'x', 'a'])).verdict).toBe('unknown');
    expect(checkEventual(h([0, 'put', 'x', 'a'], [0, 'append', 'x', 'b'], [1, 'final-read', 'x', 'ab'])).verdict).toBe('unknown');
    expect(checkEventual(h([0, 'cas', null, [null, 1]], [1, 'final-read', null, 1])).verdict).toBe('unknown');
  });

  it('with the model given, a history of final reads alone reads its initial value', () => {
    const finals = h([0, 'final-read', 'k', ''], [1, 'final-read', 'k', '']);
    expect(checkEventual(finals, { model: kvModel as Model }).verdict).toBe('eventual');
    expect(checkEventual(h([0, 'final-read', 'k', 'z']), { model: kvModel as Model }).verdict).toBe('not-eventual');
  });
});
