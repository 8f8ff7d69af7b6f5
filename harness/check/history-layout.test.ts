/**
 * HistoryLayout's entry list is the real-time order of calls and returns (a call first on a tie,
 * then by id), whatever order the operations come in and whatever numbers their positions are.
 */
import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import type { Operation } from '../../traces/history.js';
import { registerModel } from '../../spec/register.js';
import { HistoryLayout } from './history-layout.js';

const opArb = fc.record({
  call: fc.oneof(fc.nat(40), fc.constantFrom(0.5, 2.25, 7.75)),
  len: fc.oneof(fc.nat(10), fc.constant(0.5)),
  status: fc.constantFrom('ok', 'ok', 'ok', 'info'),
  f: fc.constantFrom('read', 'write'),
});

function ops(raw: readonly { call: number; len: number; status: string; f: string }[]): Operation[] {
  return raw.map((r, id) => ({
    id, process: id, f: r.f, key: undefined, input: r.f === 'read' ? null : id, output: r.f === 'read' ? null : undefined,
    status: r.status as 'ok' | 'info', call: r.call, ret: r.status === 'ok' ? r.call + r.len : Infinity, callLine: id + 1, retLine: undefined,
  }));
}

/** The order a comparator sort of all entries gives (the definition). */
function expected(h: HistoryLayout): number[] {
  const n = h.n;
  const entries: number[] = [];
  for (let k = 0; k < n; k++) {
    entries.push(k);
    if (h.isOk[k] === 1) entries.push(n + k);
  }
  const pos = (e: number): number => (e < n ? h.ops[e]!.call : h.ops[e - n]!.ret);
  return entries.sort((a, b) => pos(a) - pos(b) || a - b);
}

function listed(h: HistoryLayout): number[] {
  const out: number[] = [];
  for (let e = h.next[h.head]!; e >= 0; e = h.next[e]!) out.push(e);
  return out;
}

describe('HistoryLayout', () => {
  test.prop([fc.array(opArb, { maxLength: 30 })], { numRuns: 1000 })('entries in real-time order, calls first on ties', (raw) => {
    const h = new HistoryLayout(ops(raw), registerModel);
    expect(h.ops.map((op) => op.call)).toEqual([...h.ops.map((op) => op.call)].sort((a, b) => a - b));
    // What the layout records per operation follows its own order (also when it had to sort), as do the return positions.
    expect([...h.readOnly]).toEqual(h.ops.map((op) => (op.f === 'read' ? 1 : 0)));
    expect([...h.retAt]).toEqual(h.ops.map((op) => op.ret));
    expect(listed(h)).toEqual(expected(h));
    for (let e = h.next[h.head]!, p = h.head; e >= 0; p = e, e = h.next[e]!) expect(h.prev[e]).toBe(p);
  });

  it('lays out a long history given out of call order', () => {
    // 200,000 operations in reverse call order: the sort path, with more operations than one call may take as arguments.
    const n = 200_000;
    const long = ops(Array.from({ length: n }, (_, i) => ({ call: 2 * (n - i), len: 1, status: 'ok', f: i % 2 === 0 ? 'read' : 'write' })));
    const h = new HistoryLayout(long, registerModel);
    expect(h.n).toBe(n);
    expect(h.ops[0]!.call).toBe(2);
    expect(h.retAt[n - 1]).toBe(2 * n + 1);
    expect(h.readOnly[0]).toBe(h.ops[0]!.f === 'read' ? 1 : 0);
    expect(h.readOnly[n - 1]).toBe(h.ops[n - 1]!.f === 'read' ? 1 : 0);
  });
});
