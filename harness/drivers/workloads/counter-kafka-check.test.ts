/**
 * The counter and kafka checks on small hand-written histories: each rule
 * fires on the history that breaks it and on no other.
 */
import { describe, expect, it } from 'vitest';
import type { JsonValue, OpEvent } from '../../../traces/schema/trace-v1.js';
import { pairOps } from '../workload.js';
import { checkCounter } from './counter.js';
import { checkKafka } from './kafka-check.js';

/** One operation as two events: [process, f, invoke value, completion type, completion value, key?]. */
type Op = [number, string, JsonValue, 'ok' | 'fail' | 'info', JsonValue, string?];
const events = (ops: readonly Op[]): OpEvent[] =>
  ops.flatMap(([process, f, value, type, out, key]) => [
    { type: 'invoke', process, f, value, node: 'n0', ...(key === undefined ? {} : { key }) } as OpEvent,
    { type, process, f, value: out, node: 'n0', ...(key === undefined ? {} : { key }) } as OpEvent,
  ]);

describe('the counter check: each final read within the range the adds allow', () => {
  const adds: Op[] = [[0, 'add', 5, 'ok', 5], [1, 'add', -2, 'info', -2], [2, 'add', 3, 'info', 3], [3, 'add', 100, 'fail', 100]];
  const final = (v: number): Op[] => [...adds, [0, 'read', null, 'ok', v]];
  it.each([[3, true], [5, true], [6, true], [8, true], [2, false], [9, false], [105, false]])('final read %i: valid %s (acknowledged 5, indeterminate -2 and +3, failed +100 never)', (v, ok) => {
    const r = checkCounter(pairOps(events(final(v))), adds.length * 2 + 1);
    expect(r.valid).toBe(ok);
    if (!ok) expect(r.detail).toMatch(/^1 of 1 final reads outside 3\.\.8 \(acknowledged adds sum to 5, 2 indeterminate\)$/);
  });
  it('reads before the final phase are not judged; no final read is unknown', () => {
    expect(checkCounter(pairOps(events([[0, 'read', null, 'ok', 99], ...adds])), 100).valid).toBe('unknown');
  });
});

describe('the kafka check', () => {
  const send = (p: number, key: string, msg: number, offset: number): Op => [p, 'send', msg, 'ok', [offset, msg], key];
  const poll = (p: number, from: Record<string, number>, msgs: Record<string, [number, number][]>): Op => [p, 'poll', from, 'ok', msgs];
  const judge = (ops: Op[], finalOps = 0) => checkKafka(pairOps(events(ops)), (ops.length - finalOps) * 2 + 1);

  it('a clean history passes', () => {
    const r = judge([send(0, 'a', 1, 0), send(1, 'a', 2, 1), poll(2, { a: 0 }, { a: [[0, 1], [1, 2]] }), poll(0, { a: 0 }, { a: [[0, 1], [1, 2]] })], 1);
    expect(r).toMatchObject({ valid: true, detail: expect.stringMatching(/^2 acknowledged sends on 1 keys/) });
  });
  it('two messages at one offset are duplicate offsets', () => {
    const r = judge([send(0, 'a', 1, 0), send(1, 'a', 2, 0), poll(0, { a: 0 }, { a: [[0, 1]] })], 1);
    expect(r).toMatchObject({ valid: false, detail: expect.stringMatching(/^\d+ duplicate offsets/) });
  });
  it('a poll whose offsets fall is non-monotonic', () => {
    const r = judge([send(0, 'a', 1, 0), send(0, 'a', 2, 1), poll(1, { a: 0 }, { a: [[1, 2], [0, 1]] }), poll(1, { a: 0 }, { a: [[0, 1], [1, 2]] })], 1);
    expect(r).toMatchObject({ valid: false, detail: expect.stringMatching(/^1 non-monotonic offsets/) });
  });
  it("a process's later send at a lower offset is non-monotonic", () => {
    const r = judge([send(0, 'a', 1, 5), send(0, 'a', 2, 3), poll(1, { a: 0 }, { a: [[3, 2], [5, 1]] })], 1);
    expect(r).toMatchObject({ valid: false, detail: expect.stringMatching(/^1 non-monotonic offsets/) });
  });
  it('a later poll that reads past an acknowledged send without it is a lost write; so is a final poll without it', () => {
    const skipped = judge([send(0, 'a', 1, 0), send(0, 'a', 2, 1), poll(1, { a: 0 }, { a: [[1, 2]] }), poll(1, { a: 1 }, { a: [[1, 2]] })], 1);
    expect(skipped).toMatchObject({ valid: false, detail: expect.stringMatching(/^1 lost writes/) });
    const tail = judge([send(0, 'a', 1, 0), send(0, 'a', 2, 1), poll(1, { a: 0 }, { a: [[0, 1]] })], 1);
    expect(tail).toMatchObject({ valid: false, detail: expect.stringMatching(/^1 lost writes/) });
    expect(tail.valid === false && tail.witness[0]).toMatch(/missing from the final poll/);
  });
  it('a poll that returns a message nobody sent is unexpected', () => {
    const r = judge([send(0, 'a', 1, 0), poll(1, { a: 0 }, { a: [[0, 1], [1, 77]] })], 1);
    expect(r).toMatchObject({ valid: false, detail: expect.stringMatching(/^1 unexpected messages/) });
  });
});
