import { describe, it, expect } from 'vitest';
import { parseHistoryText } from '../read-history.js';
import { inputError } from './test-util.js';

const parse = (lines: string[]) => parseHistoryText(lines.join('\n'), 'h.log', { format: 'jepsen-log' });

describe('jepsen-log importer', () => {
  it('reads ok, fail and info lines with tabs or spaces', () => {
    const h = parse([
      'INFO  jepsen.core - Running test',
      'INFO  jepsen.util - 0\t:invoke\t:read\tnil',
      'INFO  jepsen.util - 1    :invoke   :cas   [3 1]',
      'INFO  jepsen.util - 2\t:invoke\t:write\t4',
      'INFO  jepsen.util - 0\t:ok\t:read\t3',
      'INFO  jepsen.util - 1\t:fail\t:cas\t[3 1]',
      'INFO  jepsen.util - 2\t:info\t:write\t:timed-out',
      'INFO  jepsen.util - :nemesis\t:info\t:start\tnil',
      'INFO  jepsen.util - 1\t:invoke\t:read\tnil',
      'INFO  jepsen.util - 1\t:fail\t:read\t:timed-out',
      'INFO  jepsen.util - 1\t:invoke\t:read\tnil',
      'INFO  jepsen.util - 1\t:ok\t:read\tnil',
    ]);
    expect(h.format).toBe('jepsen-log');
    expect(h.failed).toBe(2);
    expect(h.ops.map((o) => [o.process, o.f, o.input, o.output, o.status, o.callLine])).toEqual([
      [0, 'read', null, 3, 'ok', 2],
      [2, 'write', 4, undefined, 'info', 4],
      [1, 'read', null, null, 'ok', 11],
    ]);
    expect(h.annotations).toEqual([{ line: 8, f: 'start', value: null, phase: 'info' }]);
  });
  it('reads lines without the logger prefix', () => {
    const h = parse(['3 :invoke :write 1', '3 :ok :write 1']);
    expect(h.ops).toMatchObject([{ process: 3, f: 'write', input: 1, output: 1 }]);
  });
  it('rejects a file without any operation line', () => {
    expect(inputError(() => parse(['INFO  jepsen.core - nothing here']))).toBe(
      'h.log: no Jepsen operation lines (expected lines like "INFO  jepsen.util - 17\t:invoke\t:cas\t[3 1]")',
    );
  });
  it('rejects a bad value and pairing errors with the line', () => {
    expect(inputError(() => parse(['INFO  jepsen.util - 1\t:invoke\t:cas\t[3 1']))).toMatch(/^h\.log:1: bad EDN value "\[3 1": /);
    expect(inputError(() => parse(['INFO  jepsen.util - 1\t:ok\t:cas\t[3 1]']))).toBe('h.log:1: "ok" for process 1 has no open "invoke"');
  });
  it('reads integers, nil and other values as the EDN reader does', () => {
    const values = ['nil', '0', '-0', '007', '-12', '123456789012345', '-123456789012345', '9999999999999999', '1234567890123456789', '1.5', '[1 2]', ':x', '"s"',
      ':timed-out', ':a.b-c_1', ':a/b', '[nil -3]', '[1, 2]', '{:a 1}'];
    // The same, with and without the logger prefix (two ways of finding the fields).
    for (const prefix of ['', 'INFO  jepsen.util - ']) {
      const h = parse(values.flatMap((v, i) => [`${prefix}${i} :invoke :write ${v}`, `${prefix}${i} :ok :write ${v}`]));
      expect(h.ops.map((o) => o.input)).toEqual([null, 0, -0, 7, -12, 123456789012345, -123456789012345, '9999999999999999', '1234567890123456789', 1.5, [1, 2], 'x', 's',
        'timed-out', 'a.b-c_1', 'a/b', [null, -3], [1, 2], { a: 1 }]);
      expect(Object.is(h.ops[2]!.input, -0)).toBe(true);
    }
  });
});
