import { describe, it, expect } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { parseHistoryText } from '../read-history.js';
import { inputError } from './test-util.js';

const parse = (lines: string[]) => parseHistoryText(lines.join('\n'), 'h.edn', { format: 'edn' });

describe('edn importer', () => {
  it('reads op maps with extra keys, comments, nemesis and multi-line maps', () => {
    const h = parse([
      '; a Jepsen history',
      '{:process 0, :type :invoke, :f :get, :key "1", :value nil, :time 123456789012345678901, :index 0}',
      '{:process :nemesis, :type :info, :f :start-partition, :value "majority"}',
      '{:process 1, :type :invoke, :f :put, :key "1",',
      '  :value "x 1 0 y"}',
      '',
      '{:process 0, :type :ok, :f :get, :key "1", :value "", :error nil}',
      '{:process 1, :type :info, :f :put, :key "1", :value "x 1 0 y", :error :timeout}',
    ]);
    expect(h.format).toBe('edn');
    expect(h.ops.map((o) => [o.process, o.f, o.key, o.input, o.output, o.status, o.callLine, o.retLine])).toEqual([
      [0, 'get', '1', null, '', 'ok', 2, 7],
      [1, 'put', '1', 'x 1 0 y', undefined, 'info', 4, 8],
    ]);
    expect(h.annotations).toEqual([{ line: 3, f: 'start-partition', value: 'majority', phase: 'info' }]);
  });
  it('detects independent-key histories and splits [k v] values', () => {
    const h = parse([
      '{:type :invoke, :f :read, :value [3 nil], :process 1}',
      '{:type :invoke, :f :cas, :value [4 [1 2]], :process 2}',
      '{:type :invoke, :f :write, :value [3 7], :process 3}',
      '{:type :ok, :f :read, :value [3 5], :process 1}',
      '{:type :fail, :f :cas, :value [4 [1 2]], :process 2}',
      '{:type :ok, :f :write, :value [3 7], :process 3}',
    ]);
    expect(h.ops.map((o) => [o.f, o.key, o.input, o.output])).toEqual([
      ['read', '3', null, 5],
      ['write', '3', 7, 7],
    ]);
  });
  it('leaves a plain cas register alone (the ambiguous case)', () => {
    const h = parse([
      '{:type :invoke, :f :cas, :value [1 2], :process 0}',
      '{:type :ok, :f :cas, :value [1 2], :process 0}',
      '{:type :invoke, :f :read, :value nil, :process 0}',
      '{:type :ok, :f :read, :value 2, :process 0}',
    ]);
    expect(h.ops.map((o) => [o.f, o.key, o.input, o.output])).toEqual([
      ['cas', undefined, [1, 2], [1, 2]],
      ['read', undefined, null, 2],
    ]);
    // Cas-only, every value a pair of scalars: still a plain register.
    const c = parse(['{:type :invoke, :f :cas, :value [1 2], :process 0}', '{:type :ok, :f :cas, :value [1 2], :process 0}']);
    expect(c.ops[0]).toMatchObject({ key: undefined, input: [1, 2] });
    // A register holding pairs: a cas from a pair is not [k [from to]].
    const p = parse(['{:type :invoke, :f :cas, :value [[1 2] [3 4]], :process 0}', '{:type :ok, :f :cas, :value [[1 2] [3 4]], :process 0}']);
    expect(p.ops[0]).toMatchObject({ key: undefined, input: [[1, 2], [3, 4]] });
    // Writes of pairs and nothing else: no evidence, plain.
    const w = parse(['{:type :invoke, :f :write, :value [1 2], :process 0}', '{:type :ok, :f :write, :value [1 2], :process 0}']);
    expect(w.ops[0]).toMatchObject({ key: undefined, input: [1, 2] });
  });
  it('rejects an independent completion for another key', () => {
    expect(inputError(() => parse(['{:type :invoke, :f :read, :value [3 nil], :process 1}', '{:type :ok, :f :read, :value [4 1], :process 1}']))).toBe(
      'h.edn:2: "ok" value must be [key value] with the key of its invoke (line 1, key 3), got [4,1]',
    );
  });
  it('rejects malformed maps with the line where they start', () => {
    expect(inputError(() => parse(['{:process 0, :type :invoke, :f :get, :key "1", :value nil}', '{:process 0, :type :ok']))).toBe(
      'h.edn:2: bad EDN: the map starting here is never closed',
    );
    expect(inputError(() => parse(['{:process 0 :type :invoke :f :get}}']))).toBe('h.edn:1: bad EDN: unexpected "}"');
    expect(inputError(() => parse(['{:process 0, :type :done, :f :get}']))).toBe('h.edn:1: "type" must be invoke|ok|fail|info, got "done"');
    expect(inputError(() => parse(['[1 2]']))).toMatch(/^h\.edn:1: expected an op map like/);
    expect(inputError(() => parse(['; only a comment']))).toBe('h.edn: no client operations (a recorder that wrote nothing is almost always a fault)');
  });
});

/** What reading `lines` gives: the history as JSON, or the one-line error. */
function outcome(lines: readonly string[]): string {
  try {
    return JSON.stringify(parseHistoryText(lines.join('\n'), 'h.edn', { format: 'edn' }));
  } catch (e) {
    return `error: ${inputErrorOf(e)}`;
  }
}
const inputErrorOf = (e: unknown): string => inputError(() => {
  throw e;
});

describe('edn importer: Porcupine kv lines read by one pattern', () => {
  // A line in Porcupine's layout is read by the pattern (edn.ts, KV_LINE); the same line with one more
  // space after `{` misses it and is read by the EDN reader and checked by the schema. Both must
  // give the same history, or the same error, for values near every edge of the pattern.
  const text = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', '"', '\\', '-', '_', '.', 'é', ',', ':') , maxLength: 6 });
  const edn = (s: string) => JSON.stringify(s); // EDN strings escape `"` and `\` as JSON does
  const value = fc.oneof(
    fc.constant('nil'),
    text.map(edn),
    fc.integer({ min: -2e15, max: 2e15 }).map(String),
    fc.constantFrom('007', '-0', '1234567890123456', '9999999999999999', '-123456789012345', '1.5', 'true', ':kw', '[1 2]', '""'),
  );
  // Operations one after another (an invocation, then its completion), so most histories are valid
  // and the values, not an early pairing error, decide what is read; a few odd processes and types
  // bring the errors too.
  const op = fc.record({
    process: fc.oneof({ weight: 6, arbitrary: fc.constant('') }, fc.constantFrom('-1', '01', '123456789012345', '1234567890123456', ':nemesis')),
    end: fc.constantFrom('ok', 'ok', 'fail', 'info', 'done'),
    f: fc.constantFrom('get', 'put', 'append', 'read-all', 'a_b', 'x.y', '9x', 'get?'),
    key: text.map(edn),
    input: value,
    output: value,
  });
  const lines = (ops: readonly { process: string; end: string; f: string; key: string; input: string; output: string }[]) =>
    ops.flatMap((o, i) => {
      const p = o.process === '' ? String(i) : o.process;
      const at = (type: string, v: string) => `{:process ${p}, :type :${type}, :f :${o.f}, :key ${o.key}, :value ${v}}`;
      return [at('invoke', o.input), at(o.end, o.output)];
    });

  fcTest.prop([fc.array(op, { minLength: 1, maxLength: 6 })], { numRuns: 2000 })('same history or error as the general reader', (ops) => {
    const fast = lines(ops);
    const general = fast.map((t) => t.replace('{', '{ '));
    expect(outcome(fast)).toBe(outcome(general));
  });

  it('takes the lines of the corpus layout (and only those) the short way', () => {
    // An invocation and its completion, as Porcupine writes them: the pattern must match these.
    const ok = ['{:process 2, :type :invoke, :f :get, :key "0", :value nil}', '{:process 2, :type :ok, :f :get, :key "0", :value "x 0 0 y"}'];
    expect(outcome(ok)).toBe(outcome(ok.map((t) => t.replace('{', '{ '))));
    expect(JSON.parse(outcome(ok)).ops[0]).toMatchObject({ process: 2, f: 'get', key: '0', input: null, output: 'x 0 0 y', status: 'ok' });
  });
});
