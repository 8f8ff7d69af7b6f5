import { describe, it, expect } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { EdnSyntaxError, isBlankEdn, readEdn, readSimpleMap, readSimpleVector } from './edn-reader.js';

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

describe('readSimpleMap (the one-pass reading of a flat op map)', () => {
  // Lines built from the pieces history lines are made of, plus the ones that must send it the long way.
  const piece = fc.constantFrom(
    '{', '}', ' ', ',', ':process', ':type', ':f', ':key', ':value', ':', ':invoke', ':ok', ':nemesis', '"8"', '"x 0 0 y"', '""',
    '"a\\"b"', '"x\\ty"', 'nil', 'true', 'false', '0', '-1', '12', '007', '-0', '+2', '-', '1.5', '3N', '1234567890123456', '9999999999999999', '-9999999999999999', '99999999999999999999',
    '[1 2]', '#inst', '#_', ';c', '\\a', 'sym', '"', '{:a 1}', '\t',
  );
  const line = fc.oneof(
    fc.array(piece, { maxLength: 14 }).map((ps) => ps.join(' ')),
    fc.array(piece, { maxLength: 14 }).map((ps) => ps.join('')),
    fc.array(fc.tuple(fc.constantFrom(':process', ':type', ':f', ':key', ':value', ':time'), fc.constantFrom('0', '17', '-3', '-0', '9999999999999999', '-999999999999999', '1.5', '3N', '+2', ':get', ':append', '"1"', '"x 1 2 y"', '"x\\ty"', '"a\\"b"', 'nil', 'true', 'sym', '[1 2]')), { maxLength: 6 })
      .map((kv) => `{${kv.map(([k, v]) => `${k} ${v}`).join(', ')}}`),
  );

  test.prop([line], { numRuns: 3000 })('answers only what readEdn reads, and reads the same value', (t) => {
    const fast = readSimpleMap(t);
    if (fast === undefined) return;
    expect(fast).toStrictEqual(readEdn(t));
    expect(Object.is((fast as Record<string, unknown>)['process'], -0)).toBe(Object.is((readEdn(t) as Record<string, unknown>)['process'], -0));
  });

  it('reads the common lines, and leaves the rest to readEdn', () => {
    expect(readSimpleMap('{:process 0, :type :invoke, :f :append, :key "8", :value "x 0 0 y"}')).toEqual({ process: 0, type: 'invoke', f: 'append', key: '8', value: 'x 0 0 y' });
    expect(readSimpleMap(' {:process 12, :type :ok, :f :get, :key "1", :value nil} ')).toEqual({ process: 12, type: 'ok', f: 'get', key: '1', value: null });
    expect(readSimpleMap('{}')).toEqual({});
    for (const t of ['{:value [1 2]}', '{:value "a\\"b"}', '{:time #inst "x"}', '{:value 1.5}', '{:value 99999999999999999999}', '{:a #_ 1 2}', '{:a 1} x', '{:a', '{:a 1', '{a 1}', '{: 1}', '{:a :}']) {
      expect(readSimpleMap(t)).toBeUndefined();
    }
  });
});

describe('readSimpleVector (the one-pass reading of a cas value)', () => {
  const piece = fc.constantFrom('[', ']', ' ', '  ', ',', '0', '1', '-3', '-0', '+2', '007', 'nil', 'nill', 'ni', '1.5', '3N', '9999999999999999', '999999999999999', 'x', '"1"', ':a', '\t', '#_', ';');
  const text = fc.oneof(
    fc.array(piece, { maxLength: 10 }).map((ps) => ps.join('')),
    fc.array(fc.constantFrom('0', '1', '-3', '-0', 'nil', '12', '1.5', '9999999999999999', '[1]', 'x'), { maxLength: 5 }).map((vs) => `[${vs.join(' ')}]`),
    fc.tuple(fc.array(fc.constantFrom('0', '1', 'nil', '2'), { maxLength: 4 }), fc.constantFrom(' ', '  ', ', ', ',')).map(([vs, sep]) => `[${vs.join(sep)}]`),
  );

  test.prop([text], { numRuns: 3000 })('answers only what readEdn reads, and reads the same value', (t) => {
    const fast = readSimpleVector(t);
    if (fast === undefined) return;
    const slow = readEdn(t);
    expect(fast).toStrictEqual(slow);
    expect((fast as unknown[]).map((v) => Object.is(v, -0))).toEqual((slow as unknown[]).map((v) => Object.is(v, -0)));
  });

  it('reads the common values, and leaves the rest to readEdn', () => {
    expect(readSimpleVector('[3 1]')).toEqual([3, 1]);
    expect(readSimpleVector('[nil -2]')).toEqual([null, -2]);
    expect(readSimpleVector('[]')).toEqual([]);
    for (const t of ['[1  2]', '[1, 2]', '[ 1]', '[1 ]', '[1.5 2]', '[9999999999999999 1]', '[[1] 2]', '[1 2', '1 2]', '[', '(1 2)', '[nill]']) {
      expect(readSimpleVector(t)).toBeUndefined();
    }
  });
});
