import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { test as fcTest, fc } from '@fast-check/vitest';
import { mkdtempSync, writeFileSync, rmSync, chmodSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BudgetError, InputError } from './errors.js';
import { parseHistoryText, readHistory, validateForModel, type HistoryFormat } from './read-history.js';
import type { JsonValue, OpEvent } from './schema/trace-v1.js';
import type { ValidatingModel } from './read-history.js';

// Stand-ins with the shape of spec/ models (traces/ must not import spec/, the layer above).
const registerModel: ValidatingModel = {
  validate: (f, v) =>
    f === 'cas' && !(Array.isArray(v) && v.length === 2) ? `cas value must be [from, to], got ${JSON.stringify(v)}`
    : ['read', 'write', 'cas'].includes(f) ? undefined : `register operation must be read|write|cas, got "${f}"`,
};
const kvModel: ValidatingModel = {
  validate: (f) => (['get', 'put', 'append'].includes(f) ? undefined : `kv operation must be get|put|append, got "${f}"`),
};

const here = path.dirname(fileURLToPath(import.meta.url));
let dir = '';
const file = (name: string, content: string | Uint8Array): string => {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
};
async function readError(p: string, opts: { format?: HistoryFormat; maxOps?: number } = {}): Promise<string> {
  try {
    await readHistory(p, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message.replace(dir + path.sep, '');
  }
  throw new Error('accepted');
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'quorate-read-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readHistory: one clear InputError per bad input', () => {
  it('missing file, directory', async () => {
    expect(await readError(path.join(dir, 'h.jsonl'))).toBe('h.jsonl: cannot read: no such file');
    expect(await readError(dir + path.sep + '.')).toMatch(/: cannot read: is a directory$/);
  });
  it('unreadable file: permission denied (as root, read by a child process running as nobody)', async () => {
    const p = file('locked.jsonl', '{}');
    chmodSync(p, 0o000);
    if (process.getuid?.() !== 0) {
      expect(await readError(p)).toBe('locked.jsonl: cannot read: permission denied');
      return;
    }
    // Root reads any file: only an unprivileged process meets EACCES, so drop to nobody for this one read.
    chmodSync(dir, 0o755);
    const script = `import { readHistory } from ${JSON.stringify(pathToFileURL(path.join(here, 'read-history.ts')).href)};
      readHistory(process.argv[1]).then(() => console.log('accepted'), (e) => console.log(e.name + ': ' + e.message));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, p], { uid: 65534, gid: 65534, encoding: 'utf8', cwd: path.dirname(here) });
    expect([r.error?.message, r.stderr]).toEqual([undefined, '']);
    expect(r.stdout).toBe(`InputError: ${p}: cannot read: permission denied\n`);
  });
  it('a socket is not a file that can be read', async () => {
    const sock = path.join(dir, 'h.sock');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(sock, resolve));
    try {
      expect(await readError(sock)).toBe('h.sock: cannot read: not a file or a pipe (a socket?)');
    } finally {
      server.close();
    }
  });
  it('empty and whitespace-only files', async () => {
    const empty = 'empty file: no operations (a recorder that wrote nothing is almost always a fault)';
    expect(await readError(file('h.jsonl', ''))).toBe(`h.jsonl: ${empty}`);
    expect(await readError(file('w.jsonl', '\n  \n'))).toBe(`w.jsonl: ${empty}`);
    expect(() => parseHistoryText('', 'x.edn', { format: 'edn' })).toThrow(`x.edn: ${empty}`);
  });
  it('binary files: NUL bytes or invalid UTF-8', async () => {
    const msg = 'binary file, expected a text history (jsonl, jepsen-log or edn)';
    expect(await readError(file('h.bin', new Uint8Array([0x7b, 0x00, 0x01, 0x02])))).toBe(`h.bin: ${msg}`);
    expect(await readError(file('u.bin', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d, 0x0a])))).toBe(`u.bin: ${msg}`);
    expect(() => parseHistoryText('a\u0000b', 's.bin')).toThrow(`s.bin: ${msg}`);
    // Valid UTF-8 beyond ASCII is text (ASCII is taken as text without decoding; the rest is decoded to tell).
    const h = await readHistory(file('u.edn', '{:process 0, :type :invoke, :f :write, :value "\u00e9\u2192"}\n{:process 0, :type :ok, :f :write, :value "\u00e9\u2192"}\n'));
    expect(h.ops[0]!.input).toBe('\u00e9\u2192');
  });
  it('malformed content names the line', async () => {
    const p = file('bad.jsonl', '{"type":"invoke","process":0,"f":"read"}\r\n{"type":"done","process":0,"f":"read"}\r\n');
    expect(await readError(p)).toBe('bad.jsonl:2: "type" must be invoke|ok|fail|info, got "done"');
    const q = file('two.jsonl', '{"type":"invoke","process":0,"f":"read"}\n\n{"type":"invoke","process":0,"f":"read"}\n');
    expect(await readError(q)).toBe('two.jsonl:3: "invoke" for process 0 while its operation from line 1 is still open (one open operation per process)');
  });
  it('unknown format name and undetectable format', async () => {
    const p = file('ok.jsonl', '{"type":"invoke","process":0,"f":"read"}\n');
    expect(await readError(p, { format: 'csv' as HistoryFormat })).toBe('ok.jsonl: unknown format "csv": expected auto|jsonl|jepsen-log|edn');
    expect(await readError(file('t.txt', 'hello\n'))).toMatch(/^t\.txt: cannot tell the history format/);
  });
  it('auto-detects formats, keeping source lines', async () => {
    const h = await readHistory(file('a.edn', '\n; x\n{:process 0, :type :invoke, :f :read, :value nil}\n{:process 0, :type :ok, :f :read, :value 1}\n'));
    expect(h.format).toBe('edn');
    expect(h.ops[0]).toMatchObject({ callLine: 3, retLine: 4, output: 1 });
    expect([...h.fs]).toEqual(['read']);
  });
  it('a history over the operation budget is a BudgetError', async () => {
    const p = file('big.jsonl', [0, 1, 2].map((i) => `{"type":"invoke","process":${i},"f":"read"}`).join('\n'));
    await expect(readHistory(p, { maxOps: 2 })).rejects.toBeInstanceOf(BudgetError);
  });
});

describe('validateForModel', () => {
  it('reports the first op the model rejects, at its line', () => {
    const h = parseHistoryText('{"type":"invoke","process":0,"f":"read"}\n{"type":"invoke","process":1,"f":"cas","value":3}', 'h.jsonl');
    expect(() => validateForModel(h, registerModel)).toThrow('h.jsonl:2: cas value must be [from, to], got 3');
    expect(() => validateForModel(h, kvModel)).toThrow('h.jsonl:1: kv operation must be get|put|append, got "read"');
    const ok = parseHistoryText('{"type":"invoke","process":0,"f":"write","value":1}', 'h.jsonl');
    expect(() => validateForModel(ok, registerModel)).not.toThrow();
    const badOk = parseHistoryText('{"type":"invoke","process":0,"f":"cas","value":[1,2]}\n{"type":"ok","process":0,"f":"cas","value":7}', 'h.jsonl');
    expect(() => validateForModel(badOk, registerModel)).toThrow('h.jsonl:2: cas value must be [from, to], got 7');
  });
});

/** A random valid history: per process, invoke then optionally a completion. */
const historyArb = fc
  .array(
    fc.record({
      process: fc.oneof(fc.nat(5), fc.constantFrom('a', 'b')),
      f: fc.constantFrom('read', 'write', 'cas'),
      key: fc.option(fc.constantFrom('x', 'y'), { nil: undefined }),
      // Normalized through JSON: fc.jsonValue can produce -0, which JSON writes as 0.
      value: fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.parse(JSON.stringify(v)) as JsonValue),
      end: fc.constantFrom('ok', 'fail', 'info', 'open') as fc.Arbitrary<'ok' | 'fail' | 'info' | 'open'>,
      time: fc.option(fc.nat(), { nil: undefined }),
    }),
    { maxLength: 30 },
  )
  .map((specs) => {
    const events: OpEvent[] = [];
    const open = new Set<string | number>();
    for (const s of specs) {
      if (open.has(s.process)) continue;
      const base = { process: s.process, f: s.f, ...(s.key !== undefined ? { key: s.key } : {}) };
      const v = s.value as NonNullable<OpEvent['value']> | null;
      events.push({ type: 'invoke', ...base, value: v, ...(s.time !== undefined ? { time: s.time } : {}) });
      if (s.end === 'open') open.add(s.process);
      else events.push({ type: s.end, ...base, value: v });
    }
    return { specs, events, opens: open };
  });

describe('JSONL round trip', () => {
  fcTest.prop([historyArb])('written events read back as the same operations', ({ events }) => {
    const invokes = events.filter((e) => e.type === 'invoke');
    if (invokes.length === 0) return;
    const text = events.map((e) => JSON.stringify(e)).join('\n');
    const h = parseHistoryText(text, 'rt.jsonl');
    const fails = events.filter((e) => e.type === 'fail').length;
    expect(h.failed).toBe(fails);
    expect(h.ops.length).toBe(invokes.length - fails);
    for (const op of h.ops) {
      const inv = events[op.callLine - 1]!;
      expect(inv.type).toBe('invoke');
      expect([op.process, op.f, op.key, op.input]).toEqual([inv.process, inv.f, inv.key, inv.value]);
      if (op.status === 'ok') expect(op.output).toEqual(events[op.retLine! - 1]!.value);
      else expect(op.ret).toBe(Infinity);
    }
    expect(h.ops.map((o) => o.id)).toEqual(h.ops.map((_, i) => i));
  });
});
