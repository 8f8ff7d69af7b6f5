import { describe, it, expect } from 'vitest';
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
