/**
 * The importers' in-place path (`LineImporter.lineAt`, taken for lines of an ASCII chunk read from a
 * file) must read a line exactly as `line` reads it: the same events, the same error, or a refusal
 * that hands the line to `line`. Generated lines near every edge of the patterns are read both ways.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { HistoryBuilder } from '../build-history.js';
import { QuorateError } from '../errors.js';
import { ednImporter } from './edn.js';
import type { ImporterFactory } from './importer.js';
import { jepsenLogImporter } from './jepsen-log.js';

/** What `factory` makes of `lines`: the history as JSON, or the error; each line in place first when `inPlace`. */
function read(factory: ImporterFactory, lines: readonly string[], inPlace: boolean): string {
  const builder = new HistoryBuilder('h');
  const importer = factory({ file: 'h', builder });
  try {
    // As HistoryReader.asciiLines hands them over: one string holding the chunk, every line ending in LF.
    const chunk = lines.map((l) => `${l}\n`).join('');
    let start = 0;
    lines.forEach((l, i) => {
      const end = start + l.length;
      if (!(inPlace && importer.lineAt?.(chunk, start, end, i + 1))) importer.line(l, i + 1);
      start = end + 1;
    });
    importer.end(lines.length);
    const h = builder.finish();
    return JSON.stringify(importer.postProcess?.(h) ?? h);
  } catch (e) {
    if (e instanceof QuorateError) return `error: ${e.message}`;
    throw e;
  }
}

const int = fc.oneof(fc.integer({ min: -2e15, max: 2e15 }).map(String), fc.constantFrom('007', '-0', '9999999999999999', '1.5', '-'));

describe('Jepsen log lines in place', () => {
  const value = fc.oneof(
    fc.constant('nil'),
    int,
    fc.tuple(int, int).map(([a, b]) => `[${a} ${b}]`),
    fc.constantFrom(':timed-out', '[nil 1]', '[1 2 3]', '[1  2]', '"x"', 'nil ', ''),
  );
  const op = fc.record({
    prefix: fc.constantFrom('INFO  jepsen.util - ', '2017-01-01 INFO jepsen.util - ', 'jepsen.util - ', 'x jepsen.util - y jepsen.util - ', ''),
    process: fc.oneof({ weight: 5, arbitrary: fc.constant('') }, fc.constantFrom('01', '1234567890123456', ':nemesis')),
    sep: fc.oneof({ weight: 5, arbitrary: fc.constant('\t') }, fc.constantFrom(' ', '\t\t', '  ')),
    end: fc.constantFrom('ok', 'ok', 'fail', 'info', 'done'),
    f: fc.constantFrom('read', 'write', 'cas', 'x.y', 'Cas-2'),
    input: value,
    output: value,
  });
  test.prop([fc.array(op, { minLength: 1, maxLength: 6 })], { numRuns: 2000 })('same history or error as line by line', (ops) => {
    const lines = ops.flatMap((o, i) => {
      const p = o.process === '' ? String(i) : o.process;
      const at = (type: string, v: string) => `${o.prefix}${p}${o.sep}:${type}${o.sep}:${o.f}${o.sep}${v}`;
      return [at('invoke', o.input), 'INFO  jepsen.core - some other log line', at(o.end, o.output)];
    });
    expect(read(jepsenLogImporter, lines, true)).toBe(read(jepsenLogImporter, lines, false));
  });
});

describe('Porcupine kv lines in place', () => {
  const text = fc.string({ unit: fc.constantFrom('a', '0', ' ', '"', '\\', '-', ','), maxLength: 5 });
  const value = fc.oneof(fc.constant('nil'), text.map((s) => JSON.stringify(s)), int, fc.constantFrom(':kw', '[1 2]'));
  const op = fc.record({
    process: fc.oneof({ weight: 5, arbitrary: fc.constant('') }, fc.constantFrom('-1', '01', '1234567890123456')),
    end: fc.constantFrom('ok', 'ok', 'fail', 'info', 'done'),
    f: fc.constantFrom('get', 'put', 'append', 'x.y'),
    key: text.map((s) => JSON.stringify(s)),
    input: value,
    output: value,
    // A map over several lines: a line inside it must not be taken in place, even one that is a whole
    // kv line of its own (here the invocation's value, a map).
    split: fc.constantFrom('no', 'no', 'two lines', 'value on its own line'),
  });
  test.prop([fc.array(op, { minLength: 1, maxLength: 6 })], { numRuns: 2000 })('same history or error as line by line', (ops) => {
    const lines = ops.flatMap((o, i) => {
      const p = o.process === '' ? String(i) : o.process;
      const at = (type: string, v: string) => `{:process ${p}, :type :${type}, :f :${o.f}, :key ${o.key}, :value ${v}}`;
      const invoke = at('invoke', o.input);
      const head = `{:process ${p}, :type :invoke, :f :${o.f}, :key ${o.key}, :value`;
      const opening =
        o.split === 'two lines' ? [`{:process ${p}, :type :invoke,`, invoke.slice(invoke.indexOf(':f'))]
        : o.split === 'value on its own line' ? [head, at('ok', o.input), '}']
        : [invoke];
      return [...opening, at(o.end, o.output)];
    });
    expect(read(ednImporter, lines, true)).toBe(read(ednImporter, lines, false));
  });
});
