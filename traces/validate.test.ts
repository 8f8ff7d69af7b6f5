import { describe, it, expect } from 'vitest';
import { InputError } from './errors.js';
import { test as fcTest, fc } from '@fast-check/vitest';
import { checkOpEvent, classifyTraceLine, isOpEvent, parseJsonLine } from './validate.js';

const pos = { file: 'h.jsonl', line: 17 };
const hist = { headerAllowed: false, worldAllowed: false };
const msg = (text: string, opts = hist): string => {
  try {
    classifyTraceLine(parseJsonLine(text, pos), pos, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('accepted');
};

describe('validate: one readable line per bad JSON line', () => {
  it('names a bad type', () => {
    expect(msg('{"type":"done","process":1,"f":"read"}')).toBe('h.jsonl:17: "type" must be invoke|ok|fail|info, got "done"');
  });
  it('names a bad process', () => {
    expect(msg('{"type":"invoke","process":-1,"f":"read"}')).toBe(
      'h.jsonl:17: "process" must be a non-negative integer or a non-empty string, got -1',
    );
    expect(msg('{"type":"invoke","process":"","f":"read"}')).toContain('"process" must be a non-negative integer or a non-empty string, got ""');
    expect(msg('{"type":"invoke","process":1.5,"f":"read"}')).toContain('got 1.5');
  });
  it('names an unexpected property', () => {
    expect(msg('{"type":"invoke","process":1,"f":"read","foo":2}')).toBe('h.jsonl:17: unexpected property "foo"');
  });
  it('names a missing property', () => {
    expect(msg('{"type":"invoke","process":1}')).toBe('h.jsonl:17: missing property "f"');
    expect(msg('{"process":1}')).toBe('h.jsonl:17: missing property "type"');
  });
  it('names other field types', () => {
    expect(msg('{"type":"ok","process":1,"f":"read","time":-3}')).toBe('h.jsonl:17: "time" must be a non-negative number, got -3');
    expect(msg('{"type":"ok","process":1,"f":"read","key":7}')).toBe('h.jsonl:17: "key" must be a string, got 7');
    expect(msg('{"type":"ok","process":1,"f":""}')).toBe('h.jsonl:17: "f" must be a non-empty string, got ""');
  });
  it('reports invalid JSON with the parser reason', () => {
    expect(msg('{"type":')).toMatch(/^h\.jsonl:17: invalid JSON: .+/);
  });
  it('rejects non-objects', () => {
    expect(msg('[1,2]')).toBe('h.jsonl:17: expected a JSON object, got [1,2]');
  });
  it('accepts world events only in a full trace, and checks them', () => {
    expect(msg('{"type":"heal","time":5}')).toContain('"type" must be invoke|ok|fail|info, got "heal"');
    const full = { headerAllowed: false, worldAllowed: true };
    expect(classifyTraceLine({ type: 'heal', time: 5 }, pos, full).kind).toBe('world');
    expect(msg('{"type":"crash","time":5,"node":"n1"}', full)).toBe('h.jsonl:17: missing property "diskLoss"');
    expect(msg('{"type":"drop","time":1,"id":0,"from":"a","to":"b","reason":"cosmic"}', full)).toBe(
      'h.jsonl:17: "reason" must be loss|partition|down, got "cosmic"',
    );
    expect(msg('{"type":"partition","time":1,"shape":"x","blocked":[["a",3]]}', full)).toBe(
      'h.jsonl:17: "blocked[0][1]" must be a non-empty string, got 3',
    );
  });
  it('checks the header and its version', () => {
    const first = { headerAllowed: true, worldAllowed: false };
    expect(classifyTraceLine({ format: 'quorate-trace', version: 1, quorate: '0.1.0' }, pos, first).kind).toBe('header');
    expect(msg('{"format":"quorate-trace","version":2,"quorate":"9"}', first)).toBe(
      'h.jsonl:17: trace format version 2 is not supported (this quorate reads version 1)',
    );
    expect(msg('{"format":"quorate-trace","version":1}', first)).toBe('h.jsonl:17: missing property "quorate"');
    expect(msg('{"format":"quorate-trace","version":1,"quorate":"x"}')).toContain('allowed only on the first line');
  });
});

describe('validate: the one-pass OpEvent test agrees with the schema', () => {
  const field = fc.oneof(
    fc.constantFrom('invoke', 'ok', 'fail', 'info', 'done', '', 'x'),
    fc.integer({ min: -3, max: 3 }),
    fc.constantFrom(0.5, -0, 1e308, Infinity, -Infinity, NaN),
    fc.boolean(),
    fc.constant(null),
    fc.constant([1]),
    fc.constant({ a: 1 }),
  );
  const keys = ['type', 'process', 'session', 'f', 'key', 'value', 'time', 'node', 'error', 'index', 'format', 'other'];
  const loose = fc.dictionary(fc.constantFrom(...keys), field, { maxKeys: 8 });
  const base = fc.record({ type: fc.constantFrom('invoke', 'ok', 'fail', 'info'), process: fc.oneof(fc.nat(5), fc.constant('n1')), f: fc.constantFrom('get', 'put') });
  // Mostly well-formed events with a few fields changed or added, so both answers occur often.
  const event = fc.oneof(loose, fc.tuple(base, fc.dictionary(fc.constantFrom(...keys), field, { maxKeys: 3 })).map(([b, e]) => ({ ...b, ...e })), base);
  fcTest.prop([event], { numRuns: 3000 })('true only where ajv says valid; ajv-valid plain events are true', (v) => {
    const fast = isOpEvent(v);
    const ajv = (() => {
      try {
        checkOpEvent(v, pos);
        return true;
      } catch {
        return false;
      }
    })();
    if (fast) expect(ajv).toBe(true);
    // Where they differ, only infinite integers (which JSON cannot spell but 1e999) are left to ajv.
    if (ajv && !fast) expect(Object.values(v).some((x) => x === Infinity)).toBe(true);
  });
  it('accepts a well-formed event and leaves the rest to ajv', () => {
    expect(isOpEvent({ type: 'invoke', process: 3, f: 'append', key: '1', value: 'x' })).toBe(true);
    expect(isOpEvent({ type: 'ok', process: 'n1', session: 2, f: 'get', value: null, time: 5, node: 'a', error: 1, index: 0 })).toBe(true);
    expect(isOpEvent({ type: 'ok', process: 3 })).toBe(false);
    expect(isOpEvent({ type: 'ok', process: 3, f: 'get', extra: 1 })).toBe(false);
    expect(isOpEvent([1])).toBe(false);
    expect(isOpEvent(JSON.parse('{"type":"ok","process":1,"f":"get","__proto__":1}'))).toBe(false);
  });
});
