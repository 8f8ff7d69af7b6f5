/**
 * The generated consistency corpus (traces/corpus/consistency/, written by
 * harness/check/testing/consistency-corpus.ts): the committed files are what
 * the generator writes, and `quorate check --consistency all` gives every
 * model on every history the verdict MANIFEST.tsv records, with a witness
 * naming the planted pattern.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../cli/run-cli.js';
import { CONSISTENCY_CORPUS, generate } from '../testing/consistency-corpus.js';

const manifest = readFileSync(path.join(CONSISTENCY_CORPUS, 'MANIFEST.tsv'), 'utf8').trimEnd().split('\n').map((l) => l.split('\t'));
const head = manifest[0]!;
const rows = manifest.slice(1);
const rel = (f: string): string => path.join('traces/corpus/consistency', f);

describe('generated consistency corpus', () => {
  it('the committed files are the generator’s output (run consistency-corpus.ts after changing it)', () => {
    for (const [name, text] of generate()) expect(readFileSync(path.join(CONSISTENCY_CORPUS, name), 'utf8'), name).toBe(text);
  });

  it('check --consistency all gives every model its recorded verdict, pattern witnesses with lines', () => {
    // Besides the generated corpus: a Jepsen log, a Jepsen EDN history and a Maelstrom one (every importer).
    const others = ['traces/corpus/register-jepsen.log', 'traces/corpus/kv-double-append.edn', 'traces/corpus/maelstrom-lin-kv-ok.edn'];
    const r = runCli(['check', '--consistency', 'all', '--json', ...rows.map((row) => rel(row[0]!)), ...others]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const all = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; format: string; model: string; results: Record<string, { verdict: string; reason?: string; witness?: { pattern: string; ops: { lines: { invoke: number } }[] } }>; strongest: string[] });
    expect(all).toHaveLength(rows.length + others.length);
    const imported = all.slice(rows.length);
    expect(imported.map((l) => [l.format, l.results['linearizable']!.verdict, l.results['sequential']!.verdict])).toEqual([
      ['jepsen-log', 'not-linearizable', 'sequential'],
      ['edn', 'not-linearizable', 'not-sequential'],
      ['edn', 'linearizable', 'sequential'],
    ]);
    // cas and append are not read/write registers: the causal models say so instead of guessing.
    expect(imported[0]!.results['cc']).toMatchObject({ verdict: 'unknown', reason: expect.stringContaining('"cas"') });
    expect(imported[1]!.results['cm']).toMatchObject({ verdict: 'unknown', reason: expect.stringContaining('"append"') });
    expect(imported[2]!.strongest).toEqual(['linearizable']);
    const lines = all.slice(0, rows.length);
    rows.forEach((row, i) => {
      const got = lines[i]!;
      expect(got.file).toBe(rel(row[0]!));
      expect(got.model).toBe(row[1]);
      for (let c = 2; c < head.length - 1; c++) {
        const res = got.results[head[c]!]!;
        expect(res.verdict, `${row[0]} ${head[c]}`).toBe(row[c]);
        if (res.verdict.startsWith('not-')) {
          expect(res.witness!.ops.length).toBeGreaterThan(0);
          for (const op of res.witness!.ops) expect(op.lines.invoke).toBeGreaterThan(0);
        }
      }
    });
    // The planted patterns are named as the definitions name them.
    const pattern = (file: string, m: string) => lines.find((l) => l.file.endsWith(file))!.results[m]!.witness!.pattern;
    expect(pattern('01-thin-air-read.jsonl', 'cc')).toBe('ThinAirRead');
    expect(pattern('02-cyclic-co.jsonl', 'cc')).toBe('CyclicCO');
    expect(pattern('03-write-co-init-read.jsonl', 'cc')).toBe('WriteCOInitRead');
    expect(pattern('04-write-co-read.jsonl', 'cc')).toBe('WriteCORead');
    expect(pattern('07-cyclic-cf.jsonl', 'ccv')).toBe('CyclicCF');
    expect(['WriteHBInitRead', 'CyclicHB']).toContain(pattern('08-write-hb-init-read.edn', 'cm'));
    expect(lines.find((l) => l.file.endsWith('07-cyclic-cf.jsonl'))!.strongest).toEqual(expect.arrayContaining(['cm']));
    expect(lines.find((l) => l.file.endsWith('08-write-hb-init-read.edn'))!.strongest).toEqual(expect.arrayContaining(['ccv']));
    expect(lines.find((l) => l.file.endsWith('00-clean.jsonl'))!.strongest).toEqual(['linearizable', 'eventual']);
  });

  it('text output names the pattern and its lines; --expect and one model set the exit code', () => {
    const text = runCli(['check', '--consistency', 'all', '--expect', 'ccv', rel('07-cyclic-cf.jsonl')]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('strongest satisfied: cm');
    expect(text.stdout).toMatch(/not-ccv:\n {2}bad pattern CyclicCF on key "cyclic-cf.x"/);
    expect(text.stdout).toMatch(/line \d+ \.\. line \d+ +process 200 +put "cyclic-cf.x" "p1"/);
    expect(runCli(['check', '--consistency', 'causal', rel('07-cyclic-cf.jsonl'), rel('14-not-differentiated.jsonl')]).code).toBe(3);
    const bad = runCli(['check', '--consistency', 'strong', rel('00-clean.jsonl')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('--consistency must be linearizable|sequential|cm|ccv|cc|read-your-writes|monotonic-reads|monotonic-writes|writes-follow-reads|eventual|causal|all, got "strong"');
  });
});
