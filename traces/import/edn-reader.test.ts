import { describe, it, expect } from 'vitest';
import { EdnSyntaxError, isBlankEdn, readEdn } from './edn-reader.js';

describe('readEdn', () => {
  it('reads the Jepsen subset as JSON values', () => {
    expect(readEdn('{:process 0, :type :invoke, :f :get, :key "1", :value nil}')).toEqual({
      process: 0, type: 'invoke', f: 'get', key: '1', value: null,
    });
    expect(readEdn('[3 [1 2]]')).toEqual([3, [1, 2]]);
    expect(readEdn(':timed-out')).toBe('timed-out');
    expect(readEdn('"x 3 12 y"')).toBe('x 3 12 y');
    expect(readEdn('(1 2) ')).toEqual([1, 2]);
    expect(readEdn('#{1}')).toEqual([1]);
    expect(readEdn('[true false -1 +2 1.5 1e3 3N 2.5M]')).toEqual([true, false, -1, 2, 1.5, 1000, 3, 2.5]);
  });
  it('reads tags, discards, escapes and chars', () => {
    expect(readEdn('{:time #inst "2020-01-01T00:00:00Z", :id #uuid "f81d"}')).toEqual({ time: '2020-01-01T00:00:00Z', id: 'f81d' });
    expect(readEdn('{:a #_ 1 2 :b 3}')).toEqual({ a: 2, b: 3 });
    expect(readEdn('{:a #_ 1 2}')).toEqual({ a: 2 });
    expect(readEdn('"a\\"b\\n\\u0041"')).toBe('a"b\nA');
    expect(readEdn('[\\" \\a \\newline]')).toEqual(['"', 'a', '\n']);
    expect(readEdn('{:v 1 ; trailing comment\n}')).toEqual({ v: 1 });
  });
  it('keeps big integers exact as strings', () => {
    expect(readEdn('12345678901234567890')).toBe('12345678901234567890');
  });
  it('fails on incomplete input, flagged as such', () => {
    for (const t of ['{:a 1', '"abc', '[1 2']) {
      expect(() => readEdn(t)).toThrow(EdnSyntaxError);
      try { readEdn(t); } catch (e) { expect((e as EdnSyntaxError).incomplete).toBe(true); }
    }
  });
  it('fails on malformed input', () => {
    for (const t of ['{:a}', '{:a 1}}', '1 2', ']', ':']) {
      try {
        readEdn(t);
        throw new Error(`accepted ${t}`);
      } catch (e) {
        expect(e).toBeInstanceOf(EdnSyntaxError);
        expect((e as EdnSyntaxError).incomplete).toBe(false);
      }
    }
  });
  it('knows blank text', () => {
    expect(isBlankEdn('  ; comment')).toBe(true);
    expect(isBlankEdn(',')).toBe(true);
    expect(isBlankEdn('{}')).toBe(false);
  });
});
