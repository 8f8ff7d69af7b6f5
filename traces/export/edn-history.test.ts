/**
 * history.edn as Jepsen writes it: every line reads back (quorate's own EDN
 * reader, which accepts what Knossos and Elle read) to the same operation.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { JsonValue, OpEvent } from '../schema/trace-v1.js';
import { readEdn } from '../import/edn-reader.js';
import { parseHistoryText } from '../read-history.js';
import { ednHistory, ednHistoryLine, ednOf } from './edn-history.js';

describe('history.edn', () => {
  it('writes one Jepsen map a line: keywords, nil, ns times, the key inside the value, the index', () => {
    const e: OpEvent = { type: 'invoke', process: 0, f: 'read', key: '3', value: null, time: 1500 };
    expect(ednHistoryLine(e, 7)).toBe('{:type :invoke, :f :read, :value [3 nil], :process 0, :time 1500000, :index 7}');
    expect(ednHistoryLine({ type: 'ok', process: 2, f: 'poll', value: { '0': [[0, 5]] } }, 0)).toBe('{:type :ok, :f :poll, :value {"0" [[0 5]]}, :process 2, :index 0}');
    expect(ednHistoryLine({ type: 'fail', process: 1, f: 'cas', value: [1, 2], error: ['precondition-failed', 22, 'no'] } as OpEvent, 1))
      .toBe('{:type :fail, :f :cas, :value [1 2], :process 1, :error ["precondition-failed" 22 "no"], :index 1}');
  });

  /** JSON values whose integers are safe (the reader keeps a larger one as its digits, a string, on purpose). */
  const values = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.parse(JSON.stringify(v)) as JsonValue)
    .filter((v) => !/\d{16,}/.test(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && Number.isInteger(x) && !Number.isSafeInteger(x) ? '9'.repeat(16) : x))));
  test.prop([values], { numRuns: 300 })('any JSON value reads back equal', (v) => {
    expect(readEdn(ednOf(v))).toEqual(v);
  });

  it('a keyed register history reads back as the same operations, split per key', () => {
    const events: OpEvent[] = [
      { type: 'invoke', process: 0, f: 'write', key: '1', value: 3, time: 10 },
      { type: 'invoke', process: 1, f: 'read', key: '1', value: null, time: 11 },
      { type: 'ok', process: 0, f: 'write', key: '1', value: 3, time: 12 },
      { type: 'ok', process: 1, f: 'read', key: '1', value: 3, time: 13 },
      { type: 'invoke', process: 0, f: 'cas', key: '2', value: [0, 1], time: 14 },
      { type: 'info', process: 0, f: 'cas', key: '2', value: [0, 1], time: 15 },
    ];
    const back = parseHistoryText(ednHistory(events), 'history.edn', { format: 'edn' });
    const fromJsonl = parseHistoryText(events.map((e) => JSON.stringify(e)).join('\n'), 'h.jsonl', { format: 'jsonl' });
    const shape = (ops: typeof back.ops) => ops.map((o) => ({ process: o.process, f: o.f, key: String(o.key), input: o.input, output: o.output, status: o.status }));
    expect(shape(back.ops)).toEqual(shape(fromJsonl.ops));
  });
});
