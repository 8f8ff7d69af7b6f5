import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, statSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseHistoryText, readHistory } from '../read-history.js';
import { inputError } from './test-util.js';

// The forms Jepsen and Knossos write a history in (DESIGN.md, "Trace format").
const INV = (p: number, v: number) => `{:process ${p}, :type :invoke, :f :write, :value ${v}}`;
const OK = (p: number, v: number) => `{:process ${p}, :type :ok, :f :write, :value ${v}}`;
const READ = '{:process 2, :type :invoke, :f :read, :value nil}';
const READ_OK = '{:process 2, :type :ok, :f :read, :value 1}';
const shape = (text: string) => {
  const h = parseHistoryText(text, 'h.edn'); // format sniffed, as `--format auto` does
  expect(h.format).toBe('edn');
  return h.ops.map((o) => [o.process, o.f, o.input, o.output, o.callLine, o.retLine]);
};

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'quorate-edn-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('EDN histories in every form', () => {
  it('a whole-file vector, one map a line, keeps each map\'s line', () => {
    expect(shape(['[' + INV(0, 1), ' ' + OK(0, 1), ' ' + READ, ' ' + READ_OK + ']', ''].join('\n'))).toEqual([
      [0, 'write', 1, 1, 1, 2],
      [2, 'read', null, 1, 3, 4],
    ]);
    // `[` and `]` alone on their lines, comments and blank lines around.
    expect(shape(['; history', '[', INV(0, 1), '', OK(0, 1), ']', '; end'].join('\n'))).toEqual([[0, 'write', 1, 1, 3, 5]]);
  });

  it('a whole-file list', () => {
    expect(shape(['(' + INV(0, 1), ' ' + OK(0, 1) + ')'].join('\n'))).toEqual([[0, 'write', 1, 1, 1, 2]]);
  });

  it('a whole-file vector on a single line', () => {
    expect(shape(`[${INV(0, 1)} ${OK(0, 1)} ${READ}, ${READ_OK}]\n`)).toEqual([
      [0, 'write', 1, 1, 1, 1],
      [2, 'read', null, 1, 1, 1],
    ]);
  });

  it('maps spread over several lines, several maps on a line, brackets inside strings and comments', () => {
    const text = [
      '{:process 0,',
      ' :type :invoke, ; a comment with a ] and a {',
      ' :f :write, :value "x]}\\"("}',
      '{:process 0, :type :ok, :f :write, :value "x]}\\"("} {:process 1, :type :invoke, :f :read,',
      '   :value nil #_{:ignored "["}}',
      '{:process 1, :type :ok, :f :read, :value \\)}',
    ].join('\n');
    expect(shape(text)).toEqual([
      [0, 'write', 'x]}"(', 'x]}"(', 1, 4],
      [1, 'read', null, ')', 4, 6],
    ]);
  });

  it('bad input names the line and what was expected', () => {
    expect(inputError(() => parseHistoryText(`[${INV(0, 1)}\n${OK(0, 1)}\n`, 'h.edn'))).toBe('h.edn:1: bad EDN: the history opened here with "[" is never closed (expected "]")');
    expect(inputError(() => parseHistoryText(`[${INV(0, 1)}]\n${OK(0, 1)}\n`, 'h.edn'))).toMatch(/^h\.edn:2: bad EDN: unexpected text after the "]" that closes the history opened at line 1/);
    expect(inputError(() => parseHistoryText(`[${INV(0, 1)}\n :oops\n${OK(0, 1)}]\n`, 'h.edn'))).toBe('h.edn:2: expected an op map like {:process 0, :type :invoke, :f :read, :value nil}, got "oops"');
    expect(inputError(() => parseHistoryText(`[${INV(0, 1)}\n{:process 0, :type :ok\n]\n`, 'h.edn'))).toBe('h.edn:3: bad EDN: expected "}" to close the form opened at line 2, got "]"');
    expect(inputError(() => parseHistoryText(`(${INV(0, 1)}]\n`, 'h.edn'))).toBe('h.edn:1: bad EDN: expected ")" to close the history opened at line 1, got "]"');
  });

  it('a history.edn over 1 MiB, as a whole-file vector and one map a line, streams with its lines', async () => {
    const n = 12_000;
    for (const wrapped of [true, false]) {
      const file = path.join(dir, `big-${wrapped}.edn`);
      const out = createWriteStream(file);
      for (let i = 0; i < n; i++) {
        const sep = i === 0 ? (wrapped ? '[' : '') : wrapped ? ' ' : '';
        out.write(`${sep}{:process ${i % 7}, :type :invoke, :f :write, :value ${i}, :time ${i * 1000}, :index ${2 * i}}\n`);
        out.write(` {:process ${i % 7}, :type :ok, :f :write, :value ${i}, :time ${i * 1000 + 500}, :index ${2 * i + 1}}${wrapped && i === n - 1 ? ']' : ''}\n`);
      }
      out.end();
      await once(out, 'close');
      expect(statSync(file).size).toBeGreaterThan(1 << 20);
      const h = await readHistory(file);
      expect([h.format, h.ops.length]).toEqual(['edn', n]);
      expect(h.ops.at(-1)).toMatchObject({ input: n - 1, callLine: 2 * n - 1, retLine: 2 * n });
    }
  });

  it('a single-line vector over 1 MiB', async () => {
    const n = 12_000;
    const maps = Array.from({ length: n }, (_, i) => `${INV(i % 5, i)} ${OK(i % 5, i)}`);
    const text = `[${maps.join(' ')}]`;
    expect(text.length).toBeGreaterThan(1 << 20);
    const h = parseHistoryText(text, 'one-line.edn');
    expect([h.format, h.ops.length, h.ops.at(-1)?.input]).toEqual(['edn', n, n - 1]);
  });
});
