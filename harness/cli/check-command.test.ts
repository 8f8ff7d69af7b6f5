import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli, REPO_ROOT } from './run-cli.js';
import { generateHistory, writeHistoryJsonl } from '../workload/gen-history.js';
import { readHistory } from '../../traces/read-history.js';
import { corpusDir } from '../../traces/corpus-dir.js';
import { inferModel } from '../../spec/models.js';
import { checkOperations } from '../check/linearizability.js';

const corpus = path.join(REPO_ROOT, 'traces/corpus');
const rows = readFileSync(path.join(corpus, 'MANIFEST.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split('\t'));

let tmp = '';
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'quorate-check-'));
});
const file = (name: string, text: string | Buffer): string => {
  const p = path.join(tmp, name);
  writeFileSync(p, text);
  return p;
};
const oneLine = (s: string) => s.trim().split('\n');

describe('quorate check', () => {
  it('gives every built-in corpus history its recorded verdict (JSON lines + summary)', () => {
    const files = rows.map((r) => path.join('traces/corpus', r[0] ?? ''));
    const r = runCli(['check', '--json', ...files]);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(files.length + 1);
    rows.forEach((row, i) => {
      expect(lines[i]).toMatchObject({ file: files[i], verdict: row[2], model: row[1] });
      expect(typeof lines[i]?.['ms']).toBe('number');
      expect(typeof lines[i]?.['ops']).toBe('number');
    });
    expect(lines.at(-1)).toMatchObject({ summary: true, files: files.length });
    expect(r.code).toBe(1);
  });

  it('exits 0 on a linearizable history and names the verdict', () => {
    const r = runCli(['check', 'traces/corpus/register-ok.jsonl']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/register-ok\.jsonl: linearizable \(register, 5 ops/);
  });

  it('explains a violation with the operations involved, not just "false"', () => {
    const r = runCli(['check', 'traces/corpus/register-stale-read.jsonl']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('not-linearizable');
    expect(r.stdout).toMatch(/write 2/);
    expect(r.stdout).toMatch(/read -> 1/);
    expect(r.stdout).toMatch(/line 5 \.\. line 6/);
  });

  it('--witness none: the verdict and exit code only, in text and in JSON', () => {
    const text = runCli(['check', '--witness', 'none', 'traces/corpus/register-stale-read.jsonl']);
    expect(text.code).toBe(1);
    expect(oneLine(text.stdout)).toHaveLength(1);
    expect(text.stdout).toMatch(/register-stale-read\.jsonl: not-linearizable \(register, \d+ ops/);
    const json = runCli(['check', '--json', '--witness', 'none', 'traces/corpus/register-stale-read.jsonl']);
    expect(json.code).toBe(1);
    const line = JSON.parse(oneLine(json.stdout)[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ verdict: 'not-linearizable' });
    expect(line).not.toHaveProperty('witness');
  });

  it('one clear line and exit 2 for malformed input, never a stack trace', () => {
    const cases: [string, string, RegExp][] = [
      ['bad-json.jsonl', '{"type":"invoke","process":0,"f":"read","value":null}\n{"type":\n', /bad-json\.jsonl:2: /],
      ['bad-type.jsonl', '{"type":"done","process":0,"f":"read","value":null}\n', /bad-type\.jsonl:1: "type" must be invoke\|ok\|fail\|info, got "done"/],
      ['orphan.jsonl', '{"type":"ok","process":0,"f":"read","value":null}\n', /orphan\.jsonl:1: .*no open "invoke"/],
      ['empty.jsonl', '', /empty\.jsonl: empty file/],
      ['binary.jsonl', Buffer.from([0, 1, 2, 3, 255, 0, 10]).toString('latin1'), /binary\.jsonl: binary file/],
    ];
    for (const [name, text, expected] of cases) {
      const r = runCli(['check', file(name, text)]);
      expect(r.code, name).toBe(2);
      expect(oneLine(r.stderr), name).toHaveLength(1);
      expect(r.stderr, name).toMatch(expected);
      expect(r.stderr, name).not.toMatch(/\n\s+at /);
    }
  });

  it('rejects an unknown model, format or option with exit 2', () => {
    for (const args of [
      ['check', '--model', 'queue', 'traces/corpus/kv-ok.jsonl'],
      ['check', '--format', 'csv', 'traces/corpus/kv-ok.jsonl'],
      ['check', '--timeout', '-1', 'traces/corpus/kv-ok.jsonl'],
      ['check', '--witness', 'short', 'traces/corpus/kv-ok.jsonl'],
      ['check', '--bogus', 'traces/corpus/kv-ok.jsonl'],
      ['check'],
      ['check', path.join(tmp, 'does-not-exist.jsonl')],
    ]) {
      const r = runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(oneLine(r.stderr).length, args.join(' ')).toBe(1);
    }
  });

  it('cannot infer a model from unknown operation names', () => {
    const r = runCli(['check', file('enq.jsonl', '{"type":"invoke","process":0,"f":"enqueue","value":1}\n{"type":"ok","process":0,"f":"enqueue","value":1}\n')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot infer the model/);
  });

  it('with several files the worst exit code wins: 2 over 1 over 0', () => {
    const ok = 'traces/corpus/kv-ok.jsonl';
    const bad = 'traces/corpus/kv-lost-append.jsonl';
    expect(runCli(['check', ok, bad]).code).toBe(1);
    const withError = runCli(['check', '--json', ok, bad, file('e.jsonl', '')]);
    expect(withError.code).toBe(2);
    const verdicts = withError.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { verdict?: string }).verdict);
    expect(verdicts.slice(0, 3)).toEqual(['linearizable', 'not-linearizable', 'error']);
  });

  it('budgets end in unknown (exit 3), never a hang or a crash', async () => {
    const big = path.join(tmp, 'big.jsonl');
    await writeHistoryJsonl(generateHistory({ model: 'kv', ops: 200_000, keys: 2, clients: 20, seed: 9 }).ops, big);
    const slow = runCli(['check', '--json', '--timeout', '0.05', big]);
    expect(slow.code).toBe(3);
    expect(JSON.parse(slow.stdout.split('\n')[0] ?? '')).toMatchObject({ verdict: 'unknown', ops: 200_000 });
    const many = runCli(['check', '--max-ops', '1000', big]);
    expect(many.code).toBe(3);
    expect(many.stdout).toMatch(/unknown .*more than 1000 operations/);
  });
});

const c50bad = corpusDir() === undefined ? undefined : path.join(corpusDir()!, 'porcupine/kv/c50-bad.txt');

describe('quorate check speaks the library\'s language', () => {
  const sameAnswer = async (file: string): Promise<void> => {
    const h = await readHistory(path.resolve(REPO_ROOT, file));
    const inferred = inferModel(h.fs);
    if ('error' in inferred) throw new Error(inferred.error);
    const lib = await checkOperations(h.ops, inferred.model, { timeoutMs: 60_000 });
    const line = JSON.parse(runCli(['check', '--json', file]).stdout.split('\n')[0]!) as Record<string, unknown>;
    expect(line['verdict']).toBe(lib.verdict);
    expect(line['witness']).toEqual(lib.verdict === 'not-linearizable' ? lib.witness : undefined);
  };
  it.each(['traces/corpus/register-stale-read.jsonl', 'traces/corpus/kv-lost-append.jsonl', 'traces/corpus/register-ok.jsonl'])(
    '%s: the library result and the --json line have the same verdict and witness',
    sameAnswer,
  );
  it.skipIf(c50bad === undefined)('porcupine/kv/c50-bad.txt (a cut witness): the library result and the --json line agree', () => sameAnswer(c50bad!));

  it.skipIf(c50bad === undefined)('a witness shows each operation the same way in every table, and lists only its own operations', () => {
    const r = runCli(['check', c50bad!]);
    expect(r.code).toBe(1);
    const tables = r.stdout.split(/\n(?=  \S)/).filter((t) => t.includes('invoked .. completed'));
    expect(tables.length).toBeGreaterThanOrEqual(2);
    const rows = (t: string) => [...t.matchAll(/^ {4}\S+ +.+? {2,}(ok|info) +line (\d+) \.\. (.+)$/gm)].map((m) => ({ line: m[2]!, shown: `${m[1]} ${m[3]}` }));
    const witness = new Map(rows(tables[0]!).map((x) => [x.line, x.shown]));
    expect(witness.size).toBeGreaterThan(0);
    for (const t of tables.slice(1)) for (const x of rows(t)) expect([x.line, x.shown]).toEqual([x.line, witness.get(x.line)]);
    expect(r.stdout).toMatch(/open at the cut; completes at line \d+/);
    const prefix = /longest linearizable prefix found: (\d+) operation/.exec(r.stdout);
    expect(Number(prefix?.[1])).toBeLessThanOrEqual(witness.size);
  });
});

describe('quorate check reads standard input', () => {
  const stale = readFileSync(path.join(corpus, 'register-stale-read.jsonl'), 'utf8');
  const edn = ['', '; a Jepsen history, sniffed from its first lines', '[{:process 0, :type :invoke, :f :write, :value 1}', ' {:process 0, :type :ok, :f :write, :value 1}', ' {:process 1, :type :invoke, :f :read, :value nil}', ' {:process 1, :type :ok, :f :read, :value 2}]', ''].join('\n');

  it('`-` is standard input, in every format (sniffed from the buffered first lines)', () => {
    const j = runCli(['check', '--json', '-'], { input: stale });
    expect(j.code).toBe(1);
    expect(JSON.parse(j.stdout.split('\n')[0]!)).toMatchObject({ file: '-', verdict: 'not-linearizable', format: 'jsonl', ops: 3 });
    const e = runCli(['check', '-'], { input: edn });
    expect([e.code, e.stderr]).toEqual([1, '']);
    expect(e.stdout).toMatch(/^<stdin>: not-linearizable \(register, 2 ops/);
    expect(e.stdout).toMatch(/read -> 2 +ok +line 5 \.\. line 6/);
  });

  it('/dev/stdin works from a pipe (no seek), and from a socket as Node gives a child', () => {
    const main = path.join(REPO_ROOT, 'harness/cli/main.cts');
    const okFile = path.join(corpus, 'register-ok.jsonl');
    const shell = spawnSync('sh', ['-c', `cat "$1" | "$2" --import tsx "$3" check --json /dev/stdin`, 'sh', okFile, process.execPath, main], { cwd: REPO_ROOT, encoding: 'utf8' });
    const socket = runCli(['check', '--json', '/dev/stdin'], { input: readFileSync(okFile, 'utf8') });
    for (const r of [{ code: shell.status, stdout: shell.stdout, stderr: shell.stderr }, socket]) {
      expect([r.code, r.stderr]).toEqual([0, '']);
      expect(JSON.parse(r.stdout.split('\n')[0]!)).toMatchObject({ file: '/dev/stdin', verdict: 'linearizable', ops: 5 });
    }
  });

  it('bad input on standard input is one line naming <stdin> and exit 2', () => {
    for (const [input, expected] of [
      ['{"type":"invoke","process":0,"f":"read"}\n{"type":"done","process":0,"f":"read"}\n', /^quorate: <stdin>:2: "type" must be invoke\|ok\|fail\|info, got "done"\n$/],
      ['\u0000\u0001binary', /^quorate: <stdin>: binary file/],
      ['', /^quorate: <stdin>: empty file/],
    ] as const) {
      const r = runCli(['check', '-'], { input });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(expected);
      expect(oneLine(r.stderr)).toHaveLength(1);
    }
  });
});

