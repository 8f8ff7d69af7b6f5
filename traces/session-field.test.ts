/**
 * The optional `session` of operation events (trace format v1): carried from
 * every format that can state it into Operation.session, absent when it is
 * the process, and one session per operation (its completion may not name
 * another).
 */
import { describe, expect, it } from 'vitest';
import { parseHistoryText } from './read-history.js';
import { HistoryBuilder } from './build-history.js';
import { InputError } from './errors.js';

describe('the session field', () => {
  it('jsonl: an invocation names its session; absent means the process', () => {
    const h = parseHistoryText(
      [
        '{"type":"invoke","process":0,"session":"c1","f":"write","value":1}',
        '{"type":"info","process":0,"session":"c1","f":"write","value":1}',
        '{"type":"invoke","process":5,"session":"c1","f":"read","value":null}',
        '{"type":"ok","process":5,"f":"read","value":1}',
        '{"type":"invoke","process":7,"session":7,"f":"read","value":null}',
        '{"type":"ok","process":7,"f":"read","value":1}',
      ].join('\n'),
      'h.jsonl',
    );
    expect(h.ops.map((o) => o.session)).toEqual(['c1', 'c1', undefined]);
  });

  it('edn: a :session key is carried', () => {
    const h = parseHistoryText(
      ['{:process 0, :session 9, :type :invoke, :f :write, :value 1}', '{:process 0, :type :ok, :f :write, :value 1}', '{:process 1, :type :invoke, :f :read, :value nil}', '{:process 1, :type :ok, :f :read, :value 1}'].join('\n'),
      'h.edn',
    );
    expect(h.format).toBe('edn');
    expect(h.ops.map((o) => o.session)).toEqual([9, undefined]);
  });

  it('a completion naming another session than its invocation is rejected at its line', () => {
    const b = new HistoryBuilder('h.jsonl');
    b.event({ type: 'invoke', process: 0, session: 'a', f: 'read', value: null }, 1);
    expect(() => b.event({ type: 'ok', process: 0, session: 'b', f: 'read', value: null }, 2)).toThrow(InputError);
    expect(() => b.event({ type: 'ok', process: 0, session: 'b', f: 'read', value: null }, 2)).toThrow('h.jsonl:2: "ok" for process 0 has session "b" but its "invoke" (line 1) has session "a"');
  });

  it('a session that is not a process id is a schema error', () => {
    expect(() => parseHistoryText('{"type":"invoke","process":0,"session":-1,"f":"read"}', 'h.jsonl')).toThrow(InputError);
  });
});
