import { describe, it, expect } from 'vitest';
import { parseHistoryText } from '../read-history.js';
import { inputError } from './test-util.js';

const parse = (lines: string[]) => parseHistoryText(lines.join('\n'), 'h.jsonl', { format: 'jsonl' });

describe('jsonl importer', () => {
  it('reads a plain history', () => {
    const h = parse([
      '{"type":"invoke","process":3,"f":"cas","key":"x","value":[1,2],"time":1200}',
      '',
      '{"type":"ok","process":3,"f":"cas","key":"x","value":[1,2],"time":1650}',
    ]);
    expect(h.format).toBe('jsonl');
    expect(h.ops).toMatchObject([{ f: 'cas', key: 'x', input: [1, 2], output: [1, 2], callLine: 1, retLine: 3 }]);
  });
  it('reads a full trace: header, world events validated and kept as annotations where they are faults', () => {
    const h = parse([
      '{"format":"quorate-trace","version":1,"quorate":"0.1.0","seed":7}',
      '{"type":"partition","time":1,"shape":"halves","blocked":[["n1","n2"]]}',
      '{"type":"send","time":2,"id":0,"from":"n1","to":"n2","msg":null}',
      '{"type":"invoke","process":0,"f":"read"}',
      '{"type":"nemesis","phase":"info","f":"kill","value":["n3"]}',
      '{"type":"ok","process":0,"f":"read","value":null}',
      '{"type":"heal","time":9}',
    ]);
    expect(h.ops).toHaveLength(1);
    expect(h.annotations).toEqual([
      { line: 2, f: 'partition', value: { shape: 'halves', blocked: [['n1', 'n2']] }, phase: 'world' },
      { line: 5, f: 'kill', value: ['n3'], phase: 'info' },
      { line: 7, f: 'heal', value: {}, phase: 'world' },
    ]);
  });
  it('rejects another trace format version', () => {
    expect(inputError(() => parse(['{"format":"quorate-trace","version":2,"quorate":"9.0.0"}', '{"type":"invoke","process":0,"f":"read"}']))).toBe(
      'h.jsonl:1: trace format version 2 is not supported (this quorate reads version 1)',
    );
  });
  it('rejects world events in a plain history and schema errors, with the line', () => {
    expect(inputError(() => parse(['{"type":"invoke","process":0,"f":"read"}', '{"type":"heal","time":1}']))).toBe(
      'h.jsonl:2: "type" must be invoke|ok|fail|info, got "heal"',
    );
    expect(inputError(() => parse(['{"type":"invoke","process":0,"f":"read"}', '', '{"type":"ok","process":0,"f":"read",}']))).toMatch(
      /^h\.jsonl:3: invalid JSON: /,
    );
  });
  it('rejects a trace with no operation events', () => {
    expect(inputError(() => parse(['{"format":"quorate-trace","version":1,"quorate":"0.1.0"}']))).toBe(
      'h.jsonl: no operation events (a recorder that wrote nothing is almost always a fault)',
    );
  });
});
