/**
 * The byte path of reading (read-lines.ts AsciiLines, import/jsonl-bytes.ts) gives exactly what the
 * text path gives: the same lines whatever the chunk size, the same event for every line it takes,
 * and the same history, or the same error message, for a whole JSONL file.
 */
import { afterAll, describe, expect } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readLineOrAsciiBatches, textLines } from './read-lines.js';
import { parseHistoryText, readHistory } from './read-history.js';
import { JsonlByteParser } from './import/jsonl-bytes.js';
import { isOpEvent } from './validate.js';

const dir = mkdtempSync(path.join(tmpdir(), 'quorate-read-bytes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let seq = 0;
function fileOf(content: string): string {
  const f = path.join(dir, `h${seq++}.jsonl`);
  writeFileSync(f, content);
  return f;
}

/** The lines of `file` as readLineOrAsciiBatches gives them, byte batches decoded. */
async function batchLines(file: string, chunk: number): Promise<string[]> {
  const out: string[] = [];
  for await (const b of readLineOrAsciiBatches(file, file, chunk)) {
    if (!('ascii' in b)) {
      out.push(...b);
      continue;
    }
    for (let a = 0; a < b.end; ) {
      const nl = b.ascii.indexOf(10, a);
      out.push(b.ascii.toString('latin1', a, nl));
      a = nl + 1;
    }
  }
  return out;
}

/** A history as read, or its error message. */
async function outcome(read: () => Promise<unknown> | unknown): Promise<string> {
  try {
    const h = (await read()) as { fs: Set<string> };
    return JSON.stringify({ ...h, fs: [...h.fs] }, (_k, v: unknown) => (v === Infinity ? 'Infinity' : v === undefined ? 'undefined' : v));
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

const piece = fc.constantFrom('a', 'b', '\n', '\r\n', '\r', 'é', '\ufeff', ' ', '{', '"', '€', 'xxxxxxxxxxxxxxxx');

const proc = fc.oneof(fc.nat(3).map(String), fc.constantFrom('"n1"', '""', '-1', '01', '00', '1.5', '1e2', 'null', '"nemesis"', '999999999999999', '12345678901234567890', 'nul', 'nullx'));
const val = fc.constantFrom('"x 1 y"', '""', '"a\\"b"', '"\\u0041"', '"a\\\\"', '"é"', '"tab\there"', '"\u007f"', 'null', '7', '0', '-3', '2.5', '7e1', 'true', '[1]', '{"a":1}', '"unterminated');
const field = fc.oneof(
  fc.tuple(fc.constantFrom('type'), fc.constantFrom('"invoke"', '"ok"', '"fail"', '"info"', '"done"', '"OK"', '1', 'null')),
  fc.tuple(fc.constantFrom('process', 'session'), proc),
  fc.tuple(fc.constantFrom('f'), fc.constantFrom('"get"', '"append"', '"put"', '""', '3', '"g\\u0065t"')),
  fc.tuple(fc.constantFrom('key', 'value', 'time', 'node', 'index', 'error', 'other', '__proto__', 'ke\\"y', 'typ'), val),
);
/** A well-formed event line with a field or two changed or added: most such lines are one detail away from one the byte path takes. */
const nearLine = fc
  .tuple(fc.constantFrom('"invoke"', '"ok"'), fc.nat(2), fc.array(field, { minLength: 0, maxLength: 2 }))
  .map(([type, p, changes]) => {
    const m = new Map<string, string>([['type', type], ['process', String(p)], ['f', '"get"'], ['key', '"1"']]);
    for (const [k, v] of changes) m.set(k, v);
    return `{${[...m].map(([k, v]) => `"${k}":${v}`).join(',')}}`;
  });
const oddLine = fc.oneof(
  nearLine,
  nearLine,
  fc.array(field, { maxLength: 6 }).map((fs) => `{${fs.map(([k, v]) => `"${k}":${v}`).join(',')}}`),
  fc.constantFrom('', '  ', '{}', '{"format":"quorate-trace","version":1,"quorate":"0.1"}', '{"type":"nemesis","phase":"start","f":"kill"}', 'not json', '{"type":"ok" }', ' {"type":"invoke","process":1,"f":"get"}', '{"type":"invoke","process":1,"f":"get"}x', '{"type":"invoke","process":1,"f":"get",}', '{"type":"invoke","process":1,"f":"get"}}', '{"type":"invoke","process":1,"f":"get"} }', '{"type":"invoke","process":1,"f":"get","type":"ok"}'),
);
/** An invoke and its completion, so that files are valid histories often enough to compare whole histories. */
const opPair = fc
  .record({ process: fc.nat(2), f: fc.constantFrom('get', 'append'), key: fc.constantFrom('1', '2'), value: fc.constantFrom('x 1 y', 'x 22 333 y', null) })
  .map((e) => [JSON.stringify({ type: 'invoke', process: e.process, f: e.f, key: e.key }), JSON.stringify({ type: 'ok', ...e })]);

describe('reading as bytes', () => {
  test.prop([fc.array(piece, { maxLength: 60 }), fc.integer({ min: 1, max: 40 })], { numRuns: 400 })(
    'lines are the text path\'s lines, whatever the chunk size',
    async (pieces, chunk) => {
      const text = pieces.join('');
      expect(await batchLines(fileOf(text), chunk)).toEqual(textLines(text));
    },
  );

  test.prop([oddLine], { numRuns: 4000 })('a line the byte parser takes is the event JSON.parse and the schema give', (line) => {
    const bytes = Buffer.from(line, 'latin1');
    const e = new JsonlByteParser().parse(bytes, 0, bytes.length);
    if (e === undefined) return;
    const v = JSON.parse(line) as Record<string, unknown>;
    expect(isOpEvent(v)).toBe(true);
    expect({ ...e }).toEqual({ session: undefined, key: undefined, value: undefined, ...v });
  });

  test.prop([fc.array(opPair, { minLength: 1, maxLength: 12 }), fc.array(fc.tuple(fc.nat(), oddLine), { maxLength: 2 }), fc.constantFrom('\n', '\r\n')], { numRuns: 500 })(
    'a JSONL file reads to the same history, or the same error, as its text',
    async (pairs, odd, eol) => {
      const lines = pairs.flat();
      for (const [at, line] of odd) lines.splice(at % (lines.length + 1), 0, line);
      const text = lines.join(eol) + eol;
      const f = fileOf(text);
      expect(await outcome(() => readHistory(f, { format: 'jsonl' }))).toBe(await outcome(() => parseHistoryText(text, f, { format: 'jsonl' })));
      expect(await outcome(() => readHistory(f))).toBe(await outcome(() => parseHistoryText(text, f)));
    },
  );
});
