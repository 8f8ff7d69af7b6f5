import { describe, it, expect } from 'vitest';
import { HistoryBuilder, type EventIn } from './build-history.js';
import { BudgetError, InputError } from './errors.js';

function build(events: EventIn[], maxOps?: number) {
  const b = new HistoryBuilder('h.jsonl', { maxOps });
  events.forEach((e, i) => b.event(e, i + 1));
  return b.finish();
}
const err = (events: EventIn[]): string => {
  try {
    build(events);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('accepted');
};

describe('HistoryBuilder', () => {
  it('pairs invocations with completions, dense ids in invocation order', () => {
    const h = build([
      { type: 'invoke', process: 1, f: 'write', value: 3 },
      { type: 'invoke', process: 2, f: 'read', value: null },
      { type: 'invoke', process: 3, f: 'cas', value: [1, 2] },
      { type: 'ok', process: 2, f: 'read', value: 3 },
      { type: 'fail', process: 3, f: 'cas', value: [1, 2] },
      { type: 'info', process: 1, f: 'write', value: 3 },
      { type: 'invoke', process: 3, f: 'read', value: null },
    ]);
    expect(h.failed).toBe(1);
    expect(h.ops).toEqual([
      { id: 0, process: 1, f: 'write', key: undefined, input: 3, output: undefined, status: 'info', call: 0, ret: Infinity, callLine: 1, retLine: 6 },
      { id: 1, process: 2, f: 'read', key: undefined, input: null, output: 3, status: 'ok', call: 1, ret: 3, callLine: 2, retLine: 4 },
      { id: 2, process: 3, f: 'read', key: undefined, input: null, output: undefined, status: 'info', call: 6, ret: Infinity, callLine: 7, retLine: undefined },
    ]);
    expect([...h.fs].sort()).toEqual(['cas', 'read', 'write']);
  });
  it('keeps nemesis events as annotations, not operations', () => {
    const h = build([
      { type: 'info', process: 'nemesis', f: 'start', value: null },
      { type: 'invoke', process: 0, f: 'read' },
      { type: 'ok', process: 0, f: 'read', value: 1 },
    ]);
    expect(h.annotations).toEqual([{ line: 1, f: 'start', value: null, phase: 'info' }]);
    expect(h.ops).toHaveLength(1);
    expect(h.ops[0]).toMatchObject({ call: 0, ret: 1 });
  });
  it('rejects a completion without an open invoke', () => {
    expect(err([{ type: 'ok', process: 3, f: 'read' }])).toBe('h.jsonl:1: "ok" for process 3 has no open "invoke"');
  });
  it('rejects a second open operation on one process, naming the open one', () => {
    expect(err([{ type: 'invoke', process: 3, f: 'read' }, { type: 'invoke', process: 3, f: 'read' }])).toBe(
      'h.jsonl:2: "invoke" for process 3 while its operation from line 1 is still open (one open operation per process)',
    );
  });
  it('rejects a completion of another operation or key', () => {
    expect(err([{ type: 'invoke', process: 'a', f: 'read' }, { type: 'ok', process: 'a', f: 'write' }])).toBe(
      'h.jsonl:2: "ok" for process "a" is "write" but its "invoke" (line 1) is "read"',
    );
    expect(err([{ type: 'invoke', process: 0, f: 'get', key: 'x' }, { type: 'ok', process: 0, f: 'get', key: 'y' }])).toContain(
      'has key "y" but its "invoke" (line 1) has key "x"',
    );
  });
  it('throws BudgetError past maxOps', () => {
    const evs: EventIn[] = [0, 1, 2].map((p) => ({ type: 'invoke', process: p, f: 'read' }));
    expect(() => build(evs, 2)).toThrow(BudgetError);
    expect(build(evs, 3).ops).toHaveLength(3);
  });
});
