import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../traces/errors.js';
import { ideal } from '../subsystems/ideal.js';
import type { SummaryLine } from '../run/summary-line.js';
import { mergeCommand } from './merge-command.js';
import { runCommand } from './run-command.js';

const dir = mkdtempSync(join(tmpdir(), 'quorate-merge-'));

function sink(): { stdout: PassThrough; stderr: PassThrough; text: () => string } {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (b: Buffer) => { out += b.toString(); });
  return { stdout, stderr: new PassThrough(), text: () => out };
}

async function runJson(extra: Record<string, string>): Promise<string> {
  const io = sink();
  await runCommand({ subsystem: 'ideal', seeds: '20', workers: '0', json: true, ...extra }, [ideal], io);
  return io.text();
}

function write(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** A synthetic summary line of shard `index`/`count` of a run of `seeds` seeds of ideal. */
function shard(index: number, count: number, over: { plan?: Partial<SummaryLine['plan']>; gaveUp?: number } = {}): string {
  const n = 250;
  const line: SummaryLine = {
    type: 'summary',
    plan: { quorate: '0.1.0', subsystems: ['ideal'], mutant: null, baseSeed: 1, seeds: 1000, shard: { index, count }, ...over.plan },
    seeds: n, failures: 0, unknown: 0, ms: 100 * index,
    subsystems: [{ subsystem: 'ideal', mutant: null, seeds: n, passed: n, failed: 0, unknown: 0, coverage: { retried: 5, 'gave-up': over.gaveUp ?? 0 }, eventuallyExercised: 9, faults: { heal: 1 } }],
    coverageGaps: over.gaveUp === 0 || over.gaveUp === undefined ? ['ideal/gave-up'] : [], coverageFails: false, exit: 0,
  };
  return `${JSON.stringify(line)}\n`;
}

describe('quorate merge', () => {
  it('the merged shards of a run have the counts and coverage of the unsharded run', async () => {
    const whole = JSON.parse((await runJson({})).trim().split('\n').at(-1) ?? '') as SummaryLine;
    const files = await Promise.all([1, 2, 3].map(async (i) => write(`real-${i}.jsonl`, await runJson({ shard: `${i}/3` }))));
    const io = sink();
    const code = mergeCommand(files, { json: true }, io);
    const merged = JSON.parse(io.text()) as SummaryLine;
    expect(merged.subsystems).toEqual(whole.subsystems);
    expect(merged.plan).toEqual(whole.plan);
    expect({ code, gaps: merged.coverageGaps }).toEqual({ code: whole.exit, gaps: whole.coverageGaps });
  }, 60_000);

  it('judges coverage on the union: gaps of single shards covered by another are no gap', () => {
    const files = [write('u1.jsonl', shard(1, 2, { gaveUp: 0 })), write('u2.jsonl', shard(2, 2, { gaveUp: 3 }))];
    const io = sink();
    expect(mergeCommand(files, {}, io)).toBe(0);
    expect(io.text()).toMatch(/gave-up 3\/500/);
    expect(io.text()).not.toMatch(/COVERAGE GAP/);
  });

  it('a gap in the union of a 1000-seed run fails it (exit 1), as an unsharded run; --coverage warn overrides', () => {
    const files = [write('g1.jsonl', shard(1, 2)), write('g2.jsonl', shard(2, 2))];
    const io = sink();
    expect(mergeCommand(files, {}, io)).toBe(1);
    expect(io.text()).toMatch(/COVERAGE GAP ideal\/gave-up: never happened in 500 seeds of ideal\n/);
    expect(io.text()).toMatch(/FAILED \(coverage\): 500 seeds/);
    expect(mergeCommand(files, { coverage: 'warn' }, sink())).toBe(0);
  });

  it.each([
    ['another base seed', () => [shard(1, 2), shard(2, 2, { plan: { baseSeed: 7 } })], /b\.jsonl: base seed \(--seed\) 7 differs from .*a\.jsonl's 1/],
    ['another seed count', () => [shard(1, 2), shard(2, 2, { plan: { seeds: 999 } })], /b\.jsonl: seed count \(--seeds\) 999 differs/],
    ['another mutant', () => [shard(1, 2), shard(2, 2, { plan: { mutant: 'no-dedup' } })], /b\.jsonl: mutant no-dedup differs from .*'s none/],
    ['other subsystems', () => [shard(1, 2), shard(2, 2, { plan: { subsystems: ['ideal', 'raft'] } })], /b\.jsonl: subsystems ideal,raft differs/],
    ['another quorate version', () => [shard(1, 2), shard(2, 2, { plan: { quorate: '0.0.9' } })], /b\.jsonl: quorate version 0\.0\.9 differs/],
    ['another shard count', () => [shard(1, 2), shard(2, 3)], /b\.jsonl: shard count 3 differs/],
    ['a missing shard', () => [shard(1, 3), shard(3, 3)], /a\.jsonl: shard 2\/3 of this run missing \(given: 1, 3\)/],
    ['a duplicate shard', () => [shard(1, 2), shard(1, 2)], /b\.jsonl: shard 1\/2 again \(also .*a\.jsonl\)/],
    ['a run cut short', () => [shard(1, 2), '{"type":"seed","subsystem":"ideal","mutant":null,"seed":2,"verdict":"pass","failures":[]}\n'], /b\.jsonl: no summary line/],
    ['a summary of an older quorate', () => [shard(1, 2), '{"type":"summary","seeds":1}\n'], /b\.jsonl:1: missing property "plan".* older quorate/],
    ['not JSON', () => [shard(1, 2), 'hello\n'], /b\.jsonl:1: invalid JSON/],
    ['not run output', () => [shard(1, 2), '{"type":"invoke","process":1,"f":"get"}\n'], /b\.jsonl:1: expected a line of `quorate run --json`/],
  ])('%s is refused: exit 2, one line naming the file', (what, texts, msg) => {
    const [a, b] = texts();
    const files = [write(`${what}-a.jsonl`, a ?? ''), write(`${what}-b.jsonl`, b ?? '')];
    expect(() => mergeCommand(files, {}, sink())).toThrow(InputError);
    expect(() => mergeCommand(files, {}, sink())).toThrow(msg);
  });
});
